/**
 * DuckDB baselines, in a process of their own: `node --import tsx bench/duck-step.ts MANIFEST.json`.
 *  1. read_csv of the observations files (the parts, one call) into a table (typed columns, header skipped) — the import baseline;
 *  2. the recompute baseline: one SQL statement that aggregates every cell urbmon aggregates, as urbmon's Dataset
 *     does (src/monitoring/dataset.ts): each administrative region from its next level down and each grouping from
 *     its members, using the members' published values — sums for `sum`, averages for `mean`, population-weighted
 *     means for `weighted_mean`, and no aggregate when a member is missing (never from a subset) — then every
 *     derived (`ratio`) indicator recomputed from components: published components in every region that has them,
 *     aggregated components in every aggregated region (so rates come from summed stocks, never averaged rates).
 *     Target status and warnings are not part of the baseline.
 * Prints one JSON line: {version, rows, readMs, readPeakMB, cells, aggMs, maxRssMB}.
 * @module
 */
import { readFileSync } from 'node:fs'

import { DuckDBInstance, version } from '@duckdb/node-api'

import { at, must } from '../src/core/checked.js'
import type { Manifest } from './generate.js'
import { buildStructure } from './synthetic.js'

const manifest = JSON.parse(readFileSync(must(process.argv[2], 'the manifest path (argument 1)'), 'utf8')) as Manifest
const s = buildStructure(manifest.size, manifest.seed)
const q = (x: string) => `'${x.replace(/'/g, "''")}'`

/** The SQL of the recompute baseline (exported for the tests' eyes; built from the plan's indicators). */
export function aggregationSql(): string {
  const derived = s.indicators.filter((i) => i.kind === 'derived').map((d) => ({ id: d.id, formula: must(d.formula, `the formula of ${d.id}`) }))
  const components = [...new Set(derived.flatMap((d) => d.formula.match(/[a-z][a-z0-9_]*/g) ?? []))]
  const pivotCols = components.map((c) => `max(value) FILTER (WHERE indicator = ${q(c)}) AS "${c}"`).join(',\n      ')
  const derivedSelects = derived
    .map((d) => `SELECT region, year, ${q(d.id)} AS indicator, aggregated, (${d.formula.replace(/[a-z][a-z0-9_]*/g, (v) => `"${v}"`)})::DOUBLE AS value FROM comps`)
    .join('\n    UNION ALL ')
  return `
CREATE OR REPLACE TABLE recomputed AS
WITH
  agg_sum AS (
    SELECT m.region, o.indicator, o.year, sum(o.value) AS v, count(*) AS c, any_value(m.n) AS n
    FROM obs o JOIN ind i ON i.id = o.indicator AND i.agg = 'sum' JOIN members m ON m.member = o.region
    GROUP BY m.region, o.indicator, o.year),
  agg_mean AS (
    SELECT m.region, o.indicator, o.year, avg(o.value) AS v, count(*) AS c, any_value(m.n) AS n
    FROM obs o JOIN ind i ON i.id = o.indicator AND i.agg = 'mean' JOIN members m ON m.member = o.region
    GROUP BY m.region, o.indicator, o.year),
  agg_wm AS (
    SELECT m.region, o.indicator, o.year, sum(o.value * w.value) / nullif(sum(w.value), 0) AS v, count(*) AS c, any_value(m.n) AS n
    FROM obs o JOIN ind i ON i.id = o.indicator AND i.agg = 'weighted_mean'
      JOIN obs w ON w.indicator = i.weight AND w.region = o.region AND w.year = o.year
      JOIN members m ON m.member = o.region
    GROUP BY m.region, o.indicator, o.year),
  agg AS (
    SELECT region, indicator, year, v AS value FROM (SELECT * FROM agg_sum UNION ALL SELECT * FROM agg_mean UNION ALL SELECT * FROM agg_wm)
    WHERE c = n),
  comp AS (
    SELECT region, year, indicator, value, false AS aggregated FROM obs WHERE indicator IN (${components.map(q).join(', ')})
    UNION ALL SELECT region, year, indicator, value, true FROM agg WHERE indicator IN (${components.map(q).join(', ')})),
  comps AS (
    SELECT region, year, aggregated,
      ${pivotCols}
    FROM comp GROUP BY region, year, aggregated),
  derived AS (
    ${derivedSelects})
SELECT region, indicator, year, value, 'aggregated' AS origin FROM agg
UNION ALL
SELECT region, indicator, year, value, CASE WHEN aggregated THEN 'aggregated' ELSE 'derived' END FROM derived WHERE value IS NOT NULL`
}

const instance = await DuckDBInstance.create(':memory:')
const con = await instance.connect()

const t0 = performance.now()
await con.run(
  `CREATE TABLE obs AS SELECT * FROM read_csv([${manifest.files.csv.map(q).join(', ')}], header = true, delim = ',', quote = '"',
     columns = {'indicator': 'VARCHAR', 'region': 'VARCHAR', 'year': 'INTEGER', 'value': 'DOUBLE', 'unit': 'VARCHAR'})`,
)
const readMs = performance.now() - t0
const rows = Number(at(at((await con.runAndReadAll('SELECT count(*) FROM obs')).getRows(), 0), 0))
const readPeakMB = Math.round(process.resourceUsage().maxRSS / 1024)

// Plan metadata (regions, groupings, indicators): small tables, as urbmon holds them in memory; not timed.
const members: string[] = []
const kids = new Map<string, string[]>()
for (const r of s.regions) if (r.parent) kids.set(r.parent, [...(kids.get(r.parent) ?? []), r.code])
const levelOf = new Map(s.regions.map((r) => [r.code, r.level]))
for (const [parent, list] of kids) {
  const first = at(list, 0)
  const level = must(levelOf.get(first), `the level of ${first}`)
  const next = list.filter((c) => levelOf.get(c) === level)
  for (const c of next) members.push(`(${q(parent)}, ${q(c)}, ${next.length})`)
}
for (const g of s.groupings) for (const c of g.members) members.push(`(${q(g.id)}, ${q(c)}, ${g.members.length})`)
await con.run(`CREATE TABLE members(region VARCHAR, member VARCHAR, n BIGINT)`)
await con.run(`INSERT INTO members VALUES ${members.join(',')}`)
await con.run(`CREATE TABLE ind(id VARCHAR, agg VARCHAR, weight VARCHAR)`)
await con.run(`INSERT INTO ind VALUES ${s.indicators.map((i) => `(${q(i.id)}, ${q(i.aggregation)}, ${i.weight ? q(i.weight) : 'NULL'})`).join(',')}`)

const t1 = performance.now()
await con.run(aggregationSql())
const aggMs = performance.now() - t1
const cells = Number(at(at((await con.runAndReadAll('SELECT count(*) FROM recomputed')).getRows(), 0), 0))
con.closeSync()
instance.closeSync()
process.stdout.write(
  `${JSON.stringify({ version: version(), rows, readMs: Math.round(readMs), readPeakMB, cells, aggMs: Math.round(aggMs), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
)
