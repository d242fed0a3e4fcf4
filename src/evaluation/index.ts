export { adequacyOf, bestYear, buildMatrix, latestAdequateYear, type Adequacy, type EvaluationMatrix, type ExtraIndicators, type MatrixFailure } from './build-matrix.js'
export { evaluate, type EvaluateOverrides, type EvaluationResult, type RegionScore } from './evaluate.js'
export { frameworkSchema, type Framework } from './framework-schema.js'
export { parseFramework } from './load-framework.js'
