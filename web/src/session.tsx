/**
 * Who is signed in, for every page: the session is probed once when the app starts, and the workplace pages
 * (data entry, inbox, review, tasks, administration) read it from here instead of probing again.
 * @module
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react'

import { api, ApiError, okReply, sessionReply, setCsrf, signInReply, type SessionUser } from './api'
import { WorkNav } from './components/WorkNav'
import { useI18n } from './i18n'
import { ErrorBox } from './ui'

export type Role = SessionUser['role']

interface SessionState {
  /** undefined while the probe runs; null for a visitor who is not signed in. */
  readonly user: SessionUser | null | undefined
  readonly error: ApiError | null
  readonly setUser: (u: SessionUser | null) => void
  readonly signOut: () => Promise<void>
}

const SessionContext = createContext<SessionState>({ user: null, error: null, setUser: () => {}, signOut: async () => {} })

export const useSession = (): SessionState => useContext(SessionContext)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    api('/api/session', sessionReply).then(
      (r) => {
        setCsrf(r.csrfToken ?? null)
        setUser(r.user)
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setUser(null)
        else {
          setUser(null)
          setError(e instanceof ApiError ? e : null)
        }
      },
    )
  }, [])
  const signOut = useCallback(async () => {
    try {
      await api('/api/session', okReply, { method: 'DELETE' })
    } finally {
      setCsrf(null)
      setUser(null)
    }
  }, [])
  const value = useMemo(() => ({ user, error, setUser, signOut }), [user, error, signOut])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function SignIn({ onSignedIn }: { onSignedIn: (u: SessionUser) => void }) {
  const { t, pick } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const r = await api('/api/session', signInReply, { method: 'POST', json: { username, password } })
      setCsrf(r.csrfToken)
      onSignedIn(r.user)
    } catch (err) {
      setError(err instanceof ApiError ? err : null)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="h-signin">
      <h3 id="h-signin">{t('signIn')}</h3>
      <p className="muted small">{t('signInHint')}</p>
      <label>
        {t('username')}
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
      {error && (
        <div className="state state-error" role="alert">
          {pick(error.message, error.messageEn)}
        </div>
      )}
    </form>
  )
}

/**
 * A workplace page's frame: its heading, the workplace navigation, and the page itself only for a signed-in
 * user of one of `roles` (the sign-in form for a visitor; a sentence saying why not for another role).
 * The server checks every request again: this only spares people a page they cannot use.
 */
export function Workplace({ title, roles, children }: { title: string; roles?: ReadonlyArray<Role>; children: (user: SessionUser) => ReactNode }) {
  const { t, code } = useI18n()
  const { user, error, setUser, signOut } = useSession()
  return (
    <section aria-labelledby="h-work">
      <h2 id="h-work">{title}</h2>
      {error && <ErrorBox error={error} />}
      {user === undefined && !error && (
        <div className="state" role="status">
          {t('loading')}
        </div>
      )}
      {user === null && <SignIn onSignedIn={setUser} />}
      {user && (
        <>
          <div className="userbar">
            <span data-testid="signed-in">{t('signedInAs', user.displayName || user.username, code('role_', user.role))}</span>
            <button type="button" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          </div>
          <WorkNav user={user} />
          {roles && !roles.includes(user.role) ? (
            <div className="state state-error" role="alert">
              {t('workNotForRole', code('role_', user.role))}
            </div>
          ) : (
            children(user)
          )}
        </>
      )}
    </section>
  )
}
