/**
 * The repositories the application works through; src/store implements them for SQLite and PostgreSQL.
 * @module
 */
import type { AuditLog } from './audit.js'
import type { ImportHistory } from './import-history.js'
import type { ImportRepository } from './imports.js'
import type { ObservationColumns } from './observation-columns.js'
import type { ObservationCommentRepository } from './observation-comments.js'
import type { ObservationPages } from './observation-pages.js'
import type { ObservationRepository } from './observations.js'
import type { PlanRepository } from './plans.js'
import type { SourceRepository } from './sources.js'
import type { StoreMeta } from './store-meta.js'

export type * from './audit.js'
export type * from './imports.js'
export type * from './import-history.js'
export type * from './observation-columns.js'
export type * from './observation-pages.js'
export type * from './observation-comments.js'
export type * from './observations.js'
export type * from './plans.js'
export type * from './sources.js'
export type * from './store-meta.js'

export interface Repositories {
  readonly observations: ObservationRepository
  readonly columns: ObservationColumns
  readonly pages: ObservationPages
  readonly imports: ImportRepository
  readonly audit: AuditLog
  readonly plans: PlanRepository
  readonly storeMeta: StoreMeta
  readonly sources: SourceRepository
  readonly importHistory: ImportHistory
  readonly comments: ObservationCommentRepository
}
