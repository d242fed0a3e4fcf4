/**
 * What `urbmon explain --json` and `/api/explain` print about a cell, and the source-quality fields of status rows:
 * every figure's source with its grade and vintage and the figure's confidence, and a reviewer's series choice.
 * @module
 */
import type { DenseDataset, TargetStatus } from '../monitoring/index.js'
import type { Context } from './context.js'
import { seriesChoice, sourceFields } from './sources.js'

export async function explainCell(ctx: Context, data: DenseDataset, indicator: string, region: string, year: number) {
  const ranking = data.ranking
  const aggregated = data.aggregate(indicator, region, year)
  const shown = data.resolve(indicator, region, year)
  const quality = (source: string | undefined, confidence: ReturnType<DenseDataset['preferredConfidence']>) =>
    source === undefined ? { sourceGrade: null, sourceVintage: null, confidence: null } : sourceFields(ranking, source, confidence)
  return {
    indicator,
    region,
    year,
    shown: shown ? { ...shown, ...quality(shown.source, shown.origin === 'published' ? data.preferredConfidence(indicator, region, year) : null) } : null,
    seriesChoice: await seriesChoice(ctx, indicator, region),
    published: data.publishedAll(indicator, region, year).map((p) => ({ ...p, ...sourceFields(ranking, p.source, p.confidence) })),
    derived: data.derived(indicator, region, year) ?? null,
    aggregated: 'value' in aggregated ? aggregated : { unavailable: aggregated },
  }
}

/** A status row with its latest value's source grade and vintage and the figure's confidence. */
export function withSourceQuality<T extends Pick<TargetStatus, 'indicator' | 'region' | 'latestYear' | 'latestSource' | 'latestOrigin'>>(
  rows: ReadonlyArray<T>,
  data: DenseDataset,
): Array<T & { sourceGrade: ReturnType<typeof sourceFields>['sourceGrade'] | null; sourceVintage: string | null; confidence: ReturnType<typeof sourceFields>['confidence'] }> {
  return rows.map((r) => {
    if (r.latestSource === null) return { ...r, sourceGrade: null, sourceVintage: null, confidence: null }
    const confidence =
      r.latestOrigin === 'published' && r.indicator !== null && r.region !== null && r.latestYear !== null ? data.preferredConfidence(r.indicator, r.region, r.latestYear) : null
    return { ...r, ...sourceFields(data.ranking, r.latestSource, confidence) }
  })
}
