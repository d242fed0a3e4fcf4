/** The JSON API client. The session cookie is HttpOnly; the CSRF token lives only in memory. */
import { useCallback, useEffect, useState } from 'react'

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

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
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
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  if (res.ok || options.accept?.includes(res.status)) return parsed as T
  const err = (parsed as { error?: { code?: string; message?: string; messageEn?: string } } | null)?.error
  throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `请求失败（HTTP ${res.status}）`, err?.messageEn ?? `Request failed (HTTP ${res.status})`, parsed)
}

export interface Loadable<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload(): void
}

/** GET a path (null: nothing to load yet); reloads when the path changes. */
export function useApi<T>(path: string | null): Loadable<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (path === null) return
    let live = true
    setState((s) => ({ ...s, loading: true, error: undefined }))
    api<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ error: e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), String(e), null), loading: false }),
    )
    return () => {
      live = false
    }
  }, [path, tick])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}

// ---- API shapes (only the fields the dashboard uses) ----
export type TargetStatus = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'regressing' | 'no_data'
export interface TargetRow {
  target: string; name: string; nameEn: string; kind: string; section: string; indicator: string; indicatorName: string; unit: string
  region: string; regionName: string; baselineYear: number | null; baselineValue: number | null; targetYear: number; targetValue: number | null
  goal: string; latestYear: number | null; latestValue: number | null; progress: number | null; expectedProgress: number | null
  status: TargetStatus; forecastValue: number | null; forecastLow: number | null; forecastHigh: number | null; probability: number | null
}
export interface StatusReply { asOf: number; method: string; published: boolean; targets: TargetRow[] }
export interface Indicator {
  id: string; name: string; nameEn: string; unit: string; definition?: string; definitionEn?: string; direction?: string; section?: string; formula?: string
  /** Allowed values [min, max]; the server refuses anything outside. */
  range?: [number, number]; kind?: 'quantity' | 'boolean' | 'count'; decimals?: number
}
export interface Region { code: string; name: string; nameEn: string; level: string; parent?: string | null; members?: string[]; groupingKind?: string }
export interface Observation { indicator: string; indicatorName: string; region: string; regionName: string; year: number; value: number; unit: string; status: string; version: number; preferred: boolean; source: string; note?: string | null; updatedAt?: string }
export interface Warning { kind: string; severity: string; indicator: string | null; region: string | null; year: number | null; message: string; messageEn: string; params?: Record<string, string | number> }
export interface EvaluationReply {
  year: number; method: { normalisation: string; weighting: string; aggregation: string }; dimensionWeights: Record<string, number>
  results: Array<{ region: string; regionName: string; score: number; rank: number; rankLow: number; rankHigh: number; dimensions: Record<string, number> }>
}
export interface PlanTarget { id: string; kind: string; indicator: string; region?: string; comparator: string; value?: number; min?: number; max?: number; year: number; name?: string }
export interface PlanReply { targets: PlanTarget[] }
export interface ForecastReply { indicator: string; region: string; unit: string; method: string; forecast: Array<{ year: number; value: number; low: number; high: number }> }
export interface SessionUser { username: string; displayName: string; role: string; regions: string[] }
export interface SessionReply { user: SessionUser | null; csrfToken?: string }
export interface Problem { severity: string; code: string; file?: string; row?: number; column?: string; message: string; messageEn: string }
export interface ImportReply { ok: boolean; dryRun: boolean; files: Array<{ file: string; observations: number; errors: Problem[]; warnings: Problem[] }> }
export interface QueueItem {
  id: number; indicator: string; indicatorName: string; region: string; regionName: string; year: number; source: string; value: number; unit: string
  publishedValue: number | null; change: number | null; status: string; version: number; note: string | null; reviewComment: string | null; updatedBy: string; updatedAt: string
}
/** One revision of a cell, as /api/history returns it. */
export interface Revision {
  id: number; observation_id: number; version: number; action: string; source: string; value: number; unit: string; note: string | null; status: string
  previous_value: number | null; changed_at: string; changed_by: string; origin: { file?: string; row?: number; column?: string; via?: string } | null; file_name: string | null
}
export interface HistoryReply { indicator: string; region: string; year: number; revisions: Revision[] }
export interface Aggregate { region: string; value: number | null; origin: 'published' | 'derived' | 'aggregated' | null; method: string | null; weightedFallback: boolean; missing: string[]; reason: string | null }
export interface AggregatesReply { indicator: string; year: number; published: boolean; aggregates: Aggregate[] }
/** The source name of values typed in on the dashboard (the server's DATA_ENTRY_SOURCE). */
export const DATA_ENTRY_SOURCE = 'data-entry'

export const fmt = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits })
