/** 我的账号 / My account (issue 15): my details, change password, my API tokens. */
import { useState, type FormEvent } from 'react'

import { api, okReply } from '../api'
import { tokenReply } from '../../../src/contract/index.js'
import { TokenList } from '../components/TokenList'
import { defineMessages, useI18n } from '../i18n'
import { useSession, Workplace } from '../session'
import { errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    title: '我的账号',
    details: '我的信息',
    username: '用户名',
    displayName: '姓名',
    role: '角色',
    regions: '可填报地区',
    department: '部门',
    allRegions: '（不限）',
    pwTitle: '修改密码',
    pwPolicy: '新密码至少 10 个字符、至少 4 种不同字符，不能是常见密码，不能包含用户名。修改后您的所有会话和 API 令牌都会失效，需要重新登录。',
    current: '当前密码',
    newPw: '新密码',
    again: '再次输入新密码',
    mismatch: '两次输入的新密码不一致',
    change: '修改密码',
    changed: '密码已修改，请用新密码重新登录',
    tokTitle: '我的 API 令牌',
    tokIntro: '程序可以用 API 令牌代替密码访问接口（请求头 Authorization: Bearer <令牌>）。',
    tokName: '令牌名称',
    create: '创建令牌',
    secret: '新令牌（只显示这一次）',
    warning: '⚠ 请立即复制并妥善保存：关闭或刷新页面后无法再次查看。',
    copy: '复制',
    copied: '已复制',
    dismiss: '我已保存',
  },
  {
    title: 'My account',
    details: 'My details',
    username: 'User name',
    displayName: 'Name',
    role: 'Role',
    regions: 'Regions I may report',
    department: 'Department',
    allRegions: '(any)',
    pwTitle: 'Change password',
    pwPolicy:
      'The new password needs at least 10 characters with at least 4 different ones, must not be a common password, and must not contain your user name. All your sessions and API tokens end: sign in again afterwards.',
    current: 'Current password',
    newPw: 'New password',
    again: 'New password again',
    mismatch: 'The two new passwords differ',
    change: 'Change password',
    changed: 'Password changed: sign in again with the new one',
    tokTitle: 'My API tokens',
    tokIntro: 'Programs can use an API token instead of a password (header Authorization: Bearer <token>).',
    tokName: 'Token name',
    create: 'Create token',
    secret: 'New token (shown only this once)',
    warning: '⚠ Copy and keep it now: it cannot be shown again after you leave or reload the page.',
    copy: 'Copy',
    copied: 'Copied',
    dismiss: 'I have saved it',
  },
)

function PasswordForm() {
  const w = useWords()
  const { pick } = useI18n()
  const { setUser } = useSession()
  const [current, setCurrent] = useState('')
  const [pw, setPw] = useState('')
  const [again, setAgain] = useState('')
  const [msg, setMsg] = useState<Msg>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (pw !== again) return setMsg({ ok: false, text: w('mismatch') })
    try {
      await api('/api/account/password', okReply, { method: 'POST', json: { currentPassword: current, password: pw } })
      setMsg({ ok: true, text: w('changed') })
      window.setTimeout(() => setUser(null), 1500)
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="password-form">
      <p className="muted">{w('pwPolicy')}</p>
      <label>
        {w('current')} <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <label>
        {w('newPw')} <input type="password" autoComplete="new-password" value={pw} onChange={(e) => setPw(e.target.value)} required />
      </label>
      <label>
        {w('again')} <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
      </label>
      <button type="submit">{w('change')}</button>
      <Notice msg={msg} />
    </form>
  )
}

/** A secret shown once, with a copy button and a warning. */
export function SecretOnce({ label, secret, onDismiss }: { label: string; secret: string; onDismiss: () => void }) {
  const w = useWords()
  const [copied, setCopied] = useState(false)
  return (
    <div className="state state-ok" role="status" data-testid="secret-once">
      <p>
        <strong>{label}</strong>
      </p>
      <p>
        <code data-testid="secret" style={{ wordBreak: 'break-all' }}>
          {secret}
        </code>
      </p>
      <p>{w('warning')}</p>
      <button type="button" onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true))}>
        {copied ? w('copied') : w('copy')}
      </button>{' '}
      <button type="button" onClick={onDismiss}>
        {w('dismiss')}
      </button>
    </div>
  )
}

function MyTokens() {
  const w = useWords()
  const { pick } = useI18n()
  const [name, setName] = useState('')
  const [secret, setSecret] = useState<string | null>(null)
  const [msg, setMsg] = useState<Msg>(null)
  const [tick, setTick] = useState(0)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setMsg(null)
    try {
      const r = await api('/api/tokens', tokenReply, { method: 'POST', json: { name: name.trim() } })
      setSecret(r.token)
      setName('')
      setTick((n) => n + 1)
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <>
      <p>{w('tokIntro')}</p>
      <form onSubmit={(e) => void submit(e)} data-testid="token-form">
        <label>
          {w('tokName')} <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit">{w('create')}</button>
      </form>
      <Notice msg={msg} />
      {secret && <SecretOnce label={w('secret')} secret={secret} onDismiss={() => setSecret(null)} />}
      <TokenList base="/api/tokens" tick={tick} />
    </>
  )
}

export function AccountPage() {
  const w = useWords()
  const { code } = useI18n()
  return (
    <Workplace title={w('title')}>
      {(user) => (
        <>
          <h3>{w('details')}</h3>
          <dl data-testid="my-details">
            <dt>{w('username')}</dt>
            <dd>{user.username}</dd>
            <dt>{w('displayName')}</dt>
            <dd>{user.displayName || '—'}</dd>
            <dt>{w('role')}</dt>
            <dd>{code('role_', user.role)}</dd>
            <dt>{w('regions')}</dt>
            <dd>{user.regions.length ? user.regions.join('、') : w('allRegions')}</dd>
            <dt>{w('department')}</dt>
            <dd>{user.department ?? '—'}</dd>
          </dl>
          <h3>{w('pwTitle')}</h3>
          <PasswordForm />
          <h3>{w('tokTitle')}</h3>
          <MyTokens />
        </>
      )}
    </Workplace>
  )
}
