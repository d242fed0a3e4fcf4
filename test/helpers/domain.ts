import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import type { ObservationPoint } from '../../src/monitoring/index.js'
import { IndicatorCatalog } from '../../src/plan/indicator-catalog.js'
import { parsePlan } from '../../src/plan/load-plan.js'
import type { Plan } from '../../src/plan/plan-schema.js'
import { parseRegions } from '../../src/regions/load-regions.js'
import { RegionCatalog } from '../../src/regions/region-catalog.js'

const ROOT = resolve(__dirname, '../..')

export function jiangsuPlan(): Plan {
  const r = parsePlan(readFileSync(resolve(ROOT, 'plans/jiangsu-2021-2025.yaml'), 'utf8'), 'jiangsu-2021-2025.yaml')
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

export function jiangsuRegions(): RegionCatalog {
  const r = parseRegions(readFileSync(resolve(ROOT, 'data/regions/jiangsu.yaml'), 'utf8'), 'jiangsu.yaml')
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return RegionCatalog.fromFile(r.value)
}

export const jiangsuIndicators = (): IndicatorCatalog => IndicatorCatalog.fromPlan(jiangsuPlan())

/** Observations from compact rows [indicator, region, year, value, source?]. */
export function points(rows: ReadonlyArray<readonly [string, string, number, number, string?]>): ObservationPoint[] {
  return rows.map(([indicator, region, year, value, source], i) => ({
    id: i + 1,
    indicator,
    region,
    year,
    value,
    source: source ?? 'test',
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
  }))
}
