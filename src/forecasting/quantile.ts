// The quantile lives in core/stats.ts, shared with the evaluation module.
export { quantileSorted } from '../core/stats.js'
