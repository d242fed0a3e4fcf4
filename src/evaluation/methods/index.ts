/**
 * Methods of a composite city development index, as the OECD/JRC Handbook on Constructing Composite Indicators
 * (2008) and JRC's COINr lay them out: normalisation, weighting (equal, expert, entropy, CRITIC, AHP),
 * aggregation (weighted arithmetic, weighted geometric, TOPSIS), the coupling coordination degree of Chinese
 * urbanization studies, and ranking under uncertainty (Saisana, Saltelli & Tarantola 2005). Pure functions:
 * expected failures are `Result` values with a `code`; randomness comes in as an `rng` parameter.
 *
 * Data shape: a matrix of m regions × n indicators (rows = regions) and one direction per indicator.
 *
 * @example
 * const directions = ['higher', 'higher', 'higher', 'lower'] as const
 * const norm = minMax(values, directions)
 * const w = norm.ok ? entropyWeights(norm.value) : norm
 * if (norm.ok && w.ok) weightedArithmetic(norm.value, w.value.weights)
 * const u = rankUncertainty({ matrix: values, directions, base, alternatives, weightNoise: 0.2, draws: 1000,
 *   rng: mulberry32(2025) })
 * @module
 */
export { scaleWeights, topsis, weightedArithmetic, weightedGeometric, type AggregateError, type TopsisOptions, type TopsisResult } from './aggregate.js'
export { ahpWeights, SAATY_RANDOM_INDEX, type AhpError, type AhpOptions, type AhpResult } from './ahp.js'
export {
  aggregateWith,
  compositeIndex,
  rescaleColumns,
  DEFAULT_RESCALE,
  weightsFor,
  type AggregationSpec,
  type RescaleRange,
  type CompositeConfig,
  type CompositeError,
  type CompositeResult,
  type WeightingSpec,
} from './composite.js'
export {
  adjustedCouplingDegree,
  COORDINATION_BANDS,
  coordinationBand,
  couplingCoordination,
  couplingDegree,
  couplingDegreeTwo,
  type BandOptions,
  type CoordinationBand,
  type CouplingError,
  type CouplingOptions,
  type CouplingResult,
} from './coupling.js'
export { checkMatrix, type Direction, type Matrix, type MatrixIssue, type Shape } from './matrix.js'
export {
  distanceToTarget,
  minMax,
  normalise,
  rankNormalise,
  vectorNormalise,
  zScore,
  type DistanceToTargetOptions,
  type MinMaxOptions,
  type NormalisationSpec,
  type NormaliseError,
  type RankOptions,
  type ZScoreOptions,
} from './normalise.js'
export { averageRanks, ranksFromBest, type SdKind } from './stats.js'
export {
  rankUncertainty,
  UNCERTAINTY_FACTORS,
  type FactorSensitivity,
  type RegionUncertainty,
  type UncertaintyError,
  type UncertaintyFactor,
  type UncertaintyInput,
  type UncertaintyResult,
} from './uncertainty.js'
export {
  criticWeights,
  entropyWeights,
  equalWeights,
  expertWeights,
  type CriticOptions,
  type CriticResult,
  type EntropyOptions,
  type EntropyResult,
  type WeightError,
} from './weights.js'
