/** The JSON API client. The session cookie is HttpOnly; the CSRF token lives only in memory. */
import { useCallback, useEffect, useState } from 'react'

import type { z } from 'zod'

import { errorReply, type AggregatesReply, type ImportProblem, type PlanReply, type PublicUser, type TargetStatusName } from '../../src/contract/index.js'
import type { Lang } from './i18n'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly body: unknown,
  ) {
    super(message)
  }
}

let csrfToken: string | null = null
let currentLang: Lang = 'zh'
export const setCsrf = (t: string | null): void => {
  csrfToken = t
}
export const setApiLang = (l: Lang): void => {
  currentLang = l
}

export interface RequestOptions {
  method?: string
  json?: unknown
  form?: FormData
  /** Statuses whose body is returned instead of thrown (e.g. 422 import reports). */
  accept?: number[]
}

/** Fetches a path and parses the reply with its contract schema: what the page gets is what the server promised. */
export async function api<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang === 'en' ? 'en' : 'zh-CN' }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let body: BodyInit | undefined
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.form) body = options.form
  let res: Response
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body } : {}) })
  } catch (e) {
    throw new ApiError(0, 'network', '无法连接服务器', 'Cannot reach the server', e)
  }
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  if (res.ok || options.accept?.includes(res.status)) {
    const reply = schema.safeParse(parsed)
    if (reply.success) return reply.data
    // Not an error envelope, and not what the contract promised: a server and dashboard of different versions.
    if (!errorReply.safeParse(parsed).success)
      throw new ApiError(res.status, 'contract', `服务器的回复与约定不符（${path}）`, `The server's reply does not match the contract (${path})`, reply.error)
  }
  const err = errorReply.safeParse(parsed)
  if (err.success) throw new ApiError(res.status, err.data.error.code, err.data.error.message, err.data.error.messageEn, parsed)
  throw new ApiError(res.status, `http_${res.status}`, `请求失败（HTTP ${res.status}）`, `Request failed (HTTP ${res.status})`, parsed)
}

export interface Loadable<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload: () => void
}

/** GET a path (null: nothing to load yet); reloads when the path changes. */
export function useApi<S extends z.ZodType>(path: string | null, schema: S): Loadable<z.output<S>> {
  type T = z.output<S>
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (path === null) return
    let live = true
    setState((s) => ({ ...s, loading: true, error: undefined }))
    api(path, schema).then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ error: e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), String(e), null), loading: false }),
    )
    return () => {
      live = false
    }
  }, [path, tick, schema])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}

// ---- API shapes: the server's contract ----
export {
  aggregatesReply,
  boundariesReply,
  commentMarksReply,
  commentThreadReply,
  coverageReply,
  importJobReply,
  evaluationReply,
  forecastReply,
  historyReply,
  importReply,
  indicatorsReply,
  observationsReply,
  okReply,
  openDataCatalogueReply,
  openDataIndicatorReply,
  reportingStatusReply,
  searchReply,
  planReply,
  regionsReply,
  reportEntry,
  reportLibraryReply,
  reviewQueueReply,
  savedObservationReply,
  sessionReply,
  signInReply,
  sourcesReply,
  statusReply,
  transitionReply,
  warningGroupsReply,
  warningsReply,
} from '../../src/contract/index.js'
export type {
  AggregatesReply,
  Boundaries,
  CommentThreadReply,
  EvaluationReply,
  ForecastReply,
  ReportEntryReply,
  HistoryReply,
  ImportJobReply,
  IndicatorMetadataReply,
  OpenDataIndicatorReply,
  ImportReply,
  Indicator,
  Observation,
  QueueItem,
  Region,
  Revision,
  SourceEntry,
  SourceGradeId,
  StatusReply,
  TargetRow,
  Warning,
  WarningGroupsReply,
} from '../../src/contract/index.js'
export type { PlanReply, SessionReply } from '../../src/contract/index.js'
export type TargetStatus = TargetStatusName
export type Aggregate = AggregatesReply['aggregates'][number]
export type PlanTarget = PlanReply['targets'][number]
export type SessionUser = PublicUser
export type Problem = ImportProblem
/** The source name of values typed in on the dashboard (the server's DATA_ENTRY_SOURCE). */
export const DATA_ENTRY_SOURCE = 'data-entry'

export const fmt = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits })
