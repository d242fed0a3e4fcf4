/**
 * What the route modules are given: the typed Fastify instance and the services they share. Its own module, so
 * that routes/* and server.ts (which registers them) do not import each other.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify'
import type { ContractTypeProvider } from './type-provider.js'

import type { Context } from '../app/context.js'
import type { ImportJobs } from '../app/import-jobs.js'
import type { ComputeCache } from '../app/monitoring-cache.js'
import type { OpenDataPublisher } from '../app/open-data.js'
import type { ImportReply } from '../contract/index.js'
import type { ParseWorkerPool } from '../app/parse-worker-pool.js'
import type { ReportLibrary } from '../app/report-library.js'
import type { SurveyService } from '../app/surveys.js'
import type { UserService } from '../app/users.js'
import type { ConcurrencyLimits } from './concurrency-limits.js'
import type { ExportCache } from './export-cache.js'
import type { LoginThrottle } from './login-throttle.js'

export interface Deps {
  readonly ctx: Context
  readonly users: UserService
  readonly now: () => Date
  readonly cache: ComputeCache
  readonly throttle: LoginThrottle
  readonly secureCookies?: boolean
  readonly maxUploadBytes: number
  /** Concurrent imports and exports per user (per address for anonymous exports). */
  readonly limits: ConcurrencyLimits
  readonly exports: { readonly cache: ExportCache; readonly xlsxMaxRows: number }
  /** Imports running in the background; files from `asyncFromBytes` on (or asked with async=true) become jobs. */
  readonly jobs: ImportJobs<ImportReply>
  readonly asyncImportBytes: number
  /** Reads uploaded files in worker threads within the input limits. */
  readonly parser: ParseWorkerPool
  /** Who publishes the open data and how to reach them (the operator's settings). */
  readonly openData: OpenDataPublisher
  /** Generated reports, drafts and published (files under the data directory). */
  readonly reports: ReportLibrary
  /** The public satisfaction survey: questionnaires, form tokens, the flood and duplicate guard. */
  readonly surveys: SurveyService
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ContractTypeProvider>
