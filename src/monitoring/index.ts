export type { AggregateFailure } from './aggregation.js'
export {
  evaluateTargets,
  evaluateTarget,
  probabilityFromDraws,
  type EvaluateOptions,
  type Forecaster,
  type ForecastSummary,
  type MethodRunner,
  type MethodSeriesInput,
  type MethodOutcome,
} from './evaluate-targets.js'
export { meets, describeGoal, type Goal } from './goal.js'
export type { ObservationPoint, Provenance, ResolvedValue, ValueOrigin } from './observation-point.js'
export { pickPreferred } from './preferred-source.js'
export { recentAnnualChange, straightPath, type Status } from './straight-path.js'
export type { GapCode, GapMembers, GapNeeds, GapRegion, MethodSeriesOutcome, ProgressMethod, RegionOutcome, StatusGap, TargetStatus } from './target-status.js'
export {
  compareWarnings,
  computeWarnings,
  jumpWarnings,
  sortWarnings,
  taskWarnings,
  type MonitoringWarning,
  type WarningKind,
  type WarningOptions,
  type WarningSeverity,
  WARNING_KINDS,
} from './warnings.js'
export { censusStep, type CensusStep } from './census-step.js'
export { DenseDataset, type DenseCounts, type DensePhaseTimes } from './dense-dataset.js'
export { PublishedColumnsBuilder, type PublishedColumns } from './published-columns.js'
export type { MonitoringData, PublishedSeriesArrays, PublishedSeriesScan } from './monitoring-data.js'
export { statusGap } from './status-gap.js'
export { atRiskTargets, figuresYear, statusCounts, type AtRiskTarget, type FiguresYear, type StatusCounts } from './status-summary.js'
export { groupWarnings, matchesFilter, warningLink, type GroupSubject, type TaskRefs, type WarningFilter, type WarningGroup, type WarningLink } from './warning-groups.js'
