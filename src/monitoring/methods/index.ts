export {
  aggregateCagrScores,
  CAGR_DEFAULTS,
  CagrError,
  cagrProgress,
  LIMIT_EXPONENT,
  NO_TARGET_THRESHOLDS,
  progressStatusFromScore,
  TARGET_THRESHOLDS,
  ZERO_SUBSTITUTE,
  type CagrConfig,
  type CagrErrorReason,
  type CagrInput,
  type CagrNote,
  type CagrResult,
  type CagrStatus,
  type CagrThresholds,
} from './cagr-progress.js'
export {
  LADDER_MIN_POINTS,
  LADDER_WINDOW_YEARS,
  ON_TRACK_SHARE,
  SLIGHTLY_OFF_SHARE,
  trendLadder,
  type LadderStatus,
  type TrendLadderInput,
  type TrendLadderResult,
} from './trend-ladder.js'
export type { YearValue } from './year-value.js'
