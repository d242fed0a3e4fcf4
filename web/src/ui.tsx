import type { ReactNode } from 'react'

import { ApiError, type Loadable } from './api'
import { useI18n } from './i18n'

export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, pick } = useI18n()
  // Retrying cannot find what does not exist, and the network is not to blame.
  const missing = error.status === 404
  return (
    <div className="state state-error" role="alert">
      <strong>{pick(error.message, error.messageEn)}</strong>
      <span className="muted"> ({error.code})</span>
      <p>{t(missing ? 'notFoundHint' : 'errorHint')}</p>
      {missing && (
        <p>
          <a href="#/">{t('notFoundBackHome')}</a>
        </p>
      )}
      {onRetry && !missing && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  )
}

/** Loading, error and empty states around a fetch. */
export function Async<T>({ state, isEmpty, empty, children }: { state: Loadable<T>; isEmpty?: (d: T) => boolean; empty?: ReactNode; children: (d: T) => ReactNode }) {
  const { t } = useI18n()
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />
  if (state.loading || state.data === undefined)
    return (
      <div className="state" role="status" aria-live="polite">
        {t('loading')}
      </div>
    )
  if (isEmpty?.(state.data)) return <div className="state state-empty">{empty ?? t('empty')}</div>
  return <>{children(state.data)}</>
}

/** A form's outcome: a green status line or a red alert. */
export type Msg = { ok: boolean; text: string } | null

export function Notice({ msg }: { msg: Msg }) {
  if (!msg) return null
  return (
    <div className={msg.ok ? 'state state-ok' : 'state state-error'} role={msg.ok ? 'status' : 'alert'}>
      {msg.text}
    </div>
  )
}

/** An error's message in the page's language. */
export function errText(e: unknown, pick: (a: string, b: string) => string): string {
  return e instanceof ApiError ? pick(e.message, e.messageEn) : String(e)
}
