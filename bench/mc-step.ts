/**
 * The composite index with its Monte Carlo uncertainty analysis, through the project's own `evaluate`
 * (src/evaluation/evaluate.ts) on a seeded synthetic matrix — no store: the evaluation is pure.
 * `node --import tsx bench/mc-step.ts --regions 330 --indicators 30 --draws 1000 --seed S` prints one JSON line:
 *   mcMs        evaluate() with `draws` Monte Carlo runs (plus the pick-freeze sensitivity samples: N·(2+4)
 *               composite evaluations in all, see uncertainty.ts);
 *   singleMs    one deterministic evaluation (compositeIndex with the framework's base choices: min–max, equal
 *               weights, arithmetic) of the same matrix — the median of `repeat` runs, as one run takes ~1 ms;
 *   maxRssMB.
 * @module
 */
import { at } from '../src/core/checked.js'
import { compositeIndex } from '../src/evaluation/methods/index.js'
import { evaluate, frameworkSchema, type EvaluationMatrix } from '../src/evaluation/index.js'
import { mulberry32 } from '../src/forecasting/mulberry32.js'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`)
  return v
}

const regions = arg('regions', 330)
const indicators = arg('indicators', 30)
const draws = arg('draws', 1000)
const seed = arg('seed', 20260101)
const repeat = arg('repeat', 31)

/** A matrix with structure: a latent development level per region, loaded onto every indicator, plus noise. */
export function syntheticMatrix(m: number, n: number, s: number): EvaluationMatrix {
  const rng = mulberry32(s)
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(rng(), 1e-12))) * Math.cos(2 * Math.PI * rng())
  const dims = 5
  const inds = Array.from({ length: n }, (_, j): EvaluationMatrix['indicators'][number] => ({
    id: `ind_${String(j + 1).padStart(2, '0')}`,
    name: `指标${j + 1}`,
    nameEn: `Indicator ${j + 1}`,
    unit: '分',
    direction: j % 4 === 3 ? 'lower' : 'higher',
    dimension: `dim_${(j % dims) + 1}`,
  }))
  const loaded = inds.map((ind) => ({ ind, loading: 0.3 + 0.6 * rng() }))
  const values = Array.from({ length: m }, () => {
    const level = normal()
    return loaded.map(({ ind, loading }) => {
      const z = loading * level + (1 - loading) * normal()
      return Math.round(Math.exp(3 + 0.5 * (ind.direction === 'lower' ? -z : z)) * 100) / 100
    })
  })
  return {
    year: 2024,
    regions: Array.from({ length: m }, (_, i) => ({ code: String(110100 + i * 100), name: `市${i + 1}`, nameEn: `City ${i + 1}` })),
    indicators: inds,
    values,
    notes: [],
    excludedRegions: [],
    droppedIndicators: [],
    // Every synthetic indicator is reported by every city.
    coverage: inds.map((ind) => ({ indicator: ind.id, name: ind.name, nameEn: ind.nameEn, dimension: ind.dimension, regions: m, needed: m, used: true })),
    sources: [],
  }
}

const matrix = syntheticMatrix(regions, indicators, seed)
const framework = frameworkSchema.parse({
  schema: 'urbmon/framework@1',
  id: 'bench-mc',
  name: '基准综合指数',
  nameEn: 'Benchmark composite index',
  regions: { parent: '100000', level: 'prefecture' },
  uncertainty: { draws, seed },
  dimensions: Array.from({ length: 5 }, (_, d) => ({
    id: `dim_${d + 1}`,
    name: `维度${d + 1}`,
    nameEn: `Dimension ${d + 1}`,
    indicators: matrix.indicators.filter((i) => i.dimension === `dim_${d + 1}`).map((i) => ({ indicator: i.id, direction: i.direction })),
  })),
})

// Warm-up (JIT) on a deterministic evaluation, then the single-draw baseline: median of `repeat` runs.
const directions = matrix.indicators.map((i) => i.direction)
const config = { normalisation: { method: 'minmax' as const }, weighting: { method: 'equal' as const }, aggregation: { method: 'arithmetic' as const } }
const singles: number[] = []
for (let k = 0; k < repeat; k++) {
  const t = performance.now()
  const r = compositeIndex(matrix.values, directions, config)
  singles.push(performance.now() - t)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
}
singles.sort((a, b) => a - b)
const singleMs = at(singles, Math.floor(singles.length / 2))

const t0 = performance.now()
const result = evaluate(framework, matrix, { draws })
const mcMs = performance.now() - t0
process.stdout.write(
  `${JSON.stringify({
    regions,
    indicators,
    draws: result.uncertainty.draws,
    mcMs: Math.round(mcMs),
    singleMs: Math.round(singleMs * 1000) / 1000,
    perDrawMs: Math.round((mcMs / draws) * 1000) / 1000,
    topRegion: result.results[0]?.region,
    sensitivity: result.uncertainty.sensitivity,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
)
