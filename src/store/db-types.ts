import type { Generated } from 'kysely'

import type { Role } from '../core/roles.js'
import type { Confidence, GradeBasis, SourceGrade } from '../core/source-grade.js'
import type { InspectionStatus, TaskReportStatus, TaskStatus } from '../core/task-status.js'
import type { WorkflowStatus } from '../core/workflow.js'

export interface MetaTable {
  key: string
  value: string
}

export interface PlanTable {
  id: string
  version: string
  file_name: string
  content: string
  loaded_at: string
}

export interface RegionTable {
  code: string
  name: string
  name_en: string
  level: string
  parent: string | null
  aliases: string
  members: string
  partial_members: string
  grouping_kind: string | null
  summary_order: number | null
}

export interface ObservationTable {
  id: Generated<number>
  indicator: string
  region: string
  period: string
  year: number
  source: string
  value: number
  value_text: string
  unit: string
  raw_value: string
  note: string | null
  status: WorkflowStatus
  version: number
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
  import_id: number | null
  /** The last published value, kept visible while a revision goes through review. */
  published_value: number | null
  published_value_text: string | null
  published_at: string | null
  review_comment: string | null
  /** The confidence the figure's evidence states (migration 007). */
  confidence: Confidence | null
}

export interface RevisionTable {
  id: Generated<number>
  observation_id: number
  version: number
  action: 'create' | 'update' | 'status'
  indicator: string
  region: string
  period: string
  source: string
  value: number
  value_text: string
  unit: string
  raw_value: string
  note: string | null
  status: WorkflowStatus
  previous_value: number | null
  changed_at: string
  changed_by: string
  import_id: number | null
  /** file, sheet, row, column the value came from (JSON). */
  origin: string | null
  confidence: Confidence | null
  /** The reviewer's comment when this revision is a return (migration 008). */
  review_comment: Generated<string | null>
}

/** A source's grade (migration 007); a source without a row takes a host rule's grade, else `unrated`. */
export interface SourceTable {
  source: string
  grade: SourceGrade
  vintage: string | null
  publisher: string | null
  publisher_en: string | null
  title: string | null
  title_en: string | null
  basis: Exclude<GradeBasis, 'host' | 'none'>
  graded_by: string
  graded_at: string
}

/** The registry's default grade by URL host (suffix match, longest wins). */
export interface SourceHostTable {
  host: string
  grade: SourceGrade
  graded_by: string
  graded_at: string
}

/** A reviewer's choice of one series' source (indicator × region), with the reason. */
export interface SeriesSourceTable {
  indicator: string
  region: string
  source: string
  reason: string
  chosen_by: string
  chosen_at: string
}

export interface ImportTable {
  id: Generated<number>
  file_name: string
  file_sha256: string
  format: string
  layout: string
  source: string | null
  imported_at: string
  imported_by: string
  created: number
  updated: number
  unchanged: number
  warnings: number
}

export interface UserTable {
  id: Generated<number>
  username: string
  display_name: string
  password_hash: string
  role: Role
  /** JSON array of region codes a reporter may write (with their children). */
  regions: string
  department: string | null
  disabled: number
  created_at: string
  updated_at: string
}

export interface SessionTable {
  /** sha256 of the session cookie's token: a stolen database does not yield live sessions. */
  id: string
  user_id: number
  csrf_token: string
  created_at: string
  expires_at: string
  ip: string | null
}

export interface ApiTokenTable {
  id: Generated<number>
  user_id: number
  name: string
  token_hash: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

/** One row per throttle key per sign-in attempt, written before the password is checked. */
export interface LoginAttemptTable {
  id: Generated<number>
  /** `user:<ip>|<name>`, `addr:<ip>` or `account:<name>`. */
  key: string
  at: string
}

export interface AuditTable {
  id: Generated<number>
  at: string
  actor: string
  action: string
  entity: string
  entity_id: string | null
  indicator: string | null
  region: string | null
  period: string | null
  source: string | null
  old_value: number | null
  new_value: number | null
  old_status: string | null
  new_status: string | null
  detail: string | null
  origin: string | null
}

export interface TaskTable {
  /** The plan's task id (3.1.2), or a sub-task's: parent id + "/" + region code or department. */
  id: string
  parent_id: string | null
  section: string
  title: string
  title_en: string
  description: string
  lead: string
  cooperating: string
  regions: string
  /** YYYY-MM-DD (a plan deadline year Y is stored as Y-12-31). */
  deadline: string
  indicators: string
  targets: string
  status: TaskStatus
  drop_reason: string | null
  percent: number
  last_report_at: string | null
  version: number
  created_at: string
  updated_at: string
}

export interface TaskReportTable {
  id: Generated<number>
  task_id: string
  period: string
  text: string
  percent: number
  proposed_status: TaskStatus
  status: TaskReportStatus
  review_comment: string | null
  submitted_by: string
  submitted_at: string
  reviewed_by: string | null
  reviewed_at: string | null
}

export interface TaskAttachmentTable {
  id: Generated<number>
  report_id: number
  file_name: string
  media_type: string
  size: number
  sha256: string
  content: Uint8Array
}

export interface InspectionTable {
  id: Generated<number>
  title: string
  status: InspectionStatus
  opened_by: string
  opened_at: string
  closed_by: string | null
  closed_at: string | null
  summary: string | null
}

export interface InspectionItemTable {
  id: Generated<number>
  inspection_id: number
  task_id: string
  finding: string
  required_correction: string
  corrected: number
  corrected_at: string | null
  correction_note: string | null
}

/** A data request (migration 009): indicators and regions are JSON arrays of codes. */
export interface DataRequestTable {
  id: Generated<number>
  title: string
  message: string
  indicators: string
  regions: string
  year: number
  /** YYYY-MM-DD */
  due: string
  status: 'open' | 'closed'
  created_by: string
  created_at: string
  closed_by: string | null
  closed_at: string | null
  updated_at: string
  version: number
}

export type CommentKind = 'comment' | 'return' | 'follow_up_on' | 'follow_up_off'

/** One row of a cell's comment thread (migration 010); append-only. */
export interface ObservationCommentTable {
  id: Generated<number>
  indicator: string
  region: string
  period: string
  year: number
  source: string
  observation_version: number
  kind: CommentKind
  author: string
  author_name: string
  body: string
  created_at: string
}

/** An evaluation round (migration 011): regions, targets, tasks and evaluators are JSON text. */
export interface EvaluationRoundTable {
  id: Generated<number>
  kind: 'annual' | 'midterm' | 'final'
  year: number
  title: string
  title_en: string
  regions: string
  targets: string | null
  tasks: string | null
  phase: 'draft' | 'self_evaluation' | 'third_party_review' | 'consolidation' | 'closed'
  self_deadline: string | null
  review_deadline: string | null
  consolidation_deadline: string | null
  /** 0 or 1 */
  allow_late: number
  scale_min: number
  scale_max: number
  evaluators: string
  survey: string | null
  created_by: string
  created_at: string
  closed_at: string | null
  updated_at: string
  version: number
}

/** One saved version of a region's self-evaluation of an item (append-only; citations and evidence: JSON ids). */
export interface RoundSelfEvaluationTable {
  id: Generated<number>
  round_id: number
  region: string
  kind: 'target' | 'task'
  item_id: string
  version: number
  status: string
  narrative: string
  citations: string
  evidence: string
  state: 'draft' | 'submitted' | 'accepted' | 'returned'
  review_comment: string | null
  /** 0 or 1 */
  late: number
  updated_by: string
  updated_at: string
}

export interface RoundReviewTable {
  id: Generated<number>
  round_id: number
  region: string
  kind: 'target' | 'task'
  item_id: string
  self_version: number
  decision: 'accept' | 'return'
  comment: string
  reviewed_by: string
  reviewed_at: string
}

/** One saved version of the evaluator's rating of an item (append-only). */
export interface RoundRatingTable {
  id: Generated<number>
  round_id: number
  region: string
  kind: 'target' | 'task'
  item_id: string
  version: number
  rating: string
  score: number
  findings: string
  recommendations: string
  rated_by: string
  rated_at: string
}

export interface RoundEvidenceTable {
  id: Generated<number>
  round_id: number
  file_name: string
  media_type: string
  size: number
  sha256: string
  content: Uint8Array
  uploaded_by: string
  uploaded_at: string
}

/** A survey response (migration 012): the answers only, never who or where from (no address, no user agent). */
export interface SurveyResponseTable {
  id: Generated<number>
  questionnaire: string
  region: string
  /** The evaluation round open for the questionnaire when the response came in, if any. */
  round: number | null
  /** JSON object: question id → scale point, option id or text. */
  answers: string
  received_at: string
  /** SHA-256 of questionnaire, region and the answers in a canonical order: identical answers, not a person. */
  fingerprint: string
  /** form: the public form; import: a file of a survey run elsewhere. */
  channel: 'form' | 'import'
}

/** A used form token's nonce (migration 012), kept until it would have expired anyway. */
export interface SurveyTokenTable {
  nonce: string
  questionnaire: string
  used_at: string
  expires_at: string
}

export interface Database {
  evaluation_rounds: EvaluationRoundTable
  round_self_evaluations: RoundSelfEvaluationTable
  round_reviews: RoundReviewTable
  round_ratings: RoundRatingTable
  round_evidence: RoundEvidenceTable
  survey_responses: SurveyResponseTable
  survey_tokens: SurveyTokenTable
  data_requests: DataRequestTable
  tasks: TaskTable
  task_reports: TaskReportTable
  task_attachments: TaskAttachmentTable
  inspections: InspectionTable
  inspection_items: InspectionItemTable
  users: UserTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  login_attempts: LoginAttemptTable
  audit_log: AuditTable
  meta: MetaTable
  plans: PlanTable
  regions: RegionTable
  observations: ObservationTable
  observation_revisions: RevisionTable
  imports: ImportTable
  sources: SourceTable
  source_hosts: SourceHostTable
  series_sources: SeriesSourceTable
  observation_comments: ObservationCommentTable
}
