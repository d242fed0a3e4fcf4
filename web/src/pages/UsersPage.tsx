/** 用户管理 / Users (issue 15): the accounts, create, role, disable/enable, reset password, API tokens. */
import { useMemo, useState, type FormEvent } from 'react'

import type { z } from 'zod'

import { accountsReply, publicUser } from '../../../src/contract/index.js'
import { api, ApiError, okReply, regionsReply, useApi, type Region } from '../api'
import { TokenList } from '../components/TokenList'
import { defineMessages, useI18n } from '../i18n'
import type { Role } from '../session'
import { Workplace } from '../session'
import { Async, errText, Notice, type Msg } from '../ui'
import { SecretOnce } from './AccountPage'

const ROLES: Role[] = ['reporter', 'reviewer', 'viewer', 'evaluator', 'admin']

const useWords = defineMessages(
  {
    title: '用户管理',
    accounts: '账号',
    username: '用户名',
    displayName: '姓名',
    role: '角色',
    regions: '地区',
    department: '部门',
    state: '状态',
    enabled: '✓ 启用',
    disabled: '✗ 已停用',
    actions: '操作',
    disable: '停用',
    enable: '启用',
    reset: '重置密码',
    tokens: 'API 令牌',
    hideTokens: '收起令牌',
    anyRegion: '（不限）',
    create: '新建账号',
    password: '密码',
    generate: '生成密码',
    generated: '密码（只显示这一次，请转告用户）',
    regionSearch: '搜索地区',
    regionHint: '填报员只能填报所选地区（含下级）。',
    chosen: '已选：{0}',
    submit: '创建',
    created: '账号 {0} 已创建',
    confirmDisable: '确定停用账号 {0} 吗？其会话和令牌将不能再使用。',
    confirmReset: '确定重置 {0} 的密码吗？其所有会话结束、所有 API 令牌被吊销。',
    confirmRole: '确定把 {0} 的角色改为“{1}”吗？',
    doneDisable: '账号 {0} 已停用',
    doneEnable: '账号 {0} 已启用',
    doneReset: '{0} 的新密码（只显示这一次）',
    doneRole: '{0} 的角色已改为“{1}”',
    lastAdmin: '无法完成：{0}',
    tokensOf: '{0} 的 API 令牌',
    none: '无',
    edit: '编辑',
    editOf: '编辑 {0}',
    save: '保存',
    cancel: '取消',
    saved: '{0} 的信息已保存',
  },
  {
    title: 'Users',
    accounts: 'Accounts',
    username: 'User name',
    displayName: 'Name',
    role: 'Role',
    regions: 'Regions',
    department: 'Department',
    state: 'State',
    enabled: '✓ Enabled',
    disabled: '✗ Disabled',
    actions: 'Actions',
    disable: 'Disable',
    enable: 'Enable',
    reset: 'Reset password',
    tokens: 'API tokens',
    hideTokens: 'Hide tokens',
    anyRegion: '(any)',
    create: 'New account',
    password: 'Password',
    generate: 'Generate a password',
    generated: 'Password (shown only this once: tell the user)',
    regionSearch: 'Search regions',
    regionHint: 'A reporter may report only the chosen regions (and their counties).',
    chosen: 'Chosen: {0}',
    submit: 'Create',
    created: 'Account {0} created',
    confirmDisable: 'Disable the account {0}? Its sessions and tokens stop working.',
    confirmReset: 'Reset the password of {0}? All its sessions end and all its API tokens are revoked.',
    confirmRole: 'Change the role of {0} to “{1}”?',
    doneDisable: 'Account {0} disabled',
    doneEnable: 'Account {0} enabled',
    doneReset: 'New password of {0} (shown only this once)',
    doneRole: 'Role of {0} changed to “{1}”',
    lastAdmin: 'Not done: {0}',
    tokensOf: 'API tokens of {0}',
    none: 'None',
    edit: 'Edit',
    editOf: 'Edit {0}',
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Details of {0} saved',
  },
)

/** A password the policy accepts: 16 characters from an alphabet without look-alikes, from the browser's CSPRNG. */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_'
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

function RegionPicker({ regions, value, onChange }: { regions: Region[]; value: string[]; onChange: (v: string[]) => void }) {
  const w = useWords()
  const { pick } = useI18n()
  const [q, setQ] = useState('')
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase()
    return regions.filter(
      (r) => (r.level === 'prefecture' || r.level === 'county') && (!needle || r.name.includes(needle) || r.nameEn.toLowerCase().includes(needle) || r.code.includes(needle)),
    )
  }, [regions, q])
  const byCode = new Map(regions.map((r) => [r.code, r]))
  return (
    <fieldset>
      <legend>{w('regions')}</legend>
      <p className="muted">{w('regionHint')}</p>
      <label>
        {w('regionSearch')} <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <div style={{ maxHeight: '12rem', overflowY: 'auto' }} data-testid="region-picker">
        {shown.map((r) => (
          <label key={r.code} style={{ display: 'block' }}>
            <input type="checkbox" checked={value.includes(r.code)} onChange={(e) => onChange(e.target.checked ? [...value, r.code] : value.filter((c) => c !== r.code))} />{' '}
            {r.level === 'county' ? '　' : ''}
            {pick(r.name, r.nameEn)}
          </label>
        ))}
      </div>
      <p>
        {w(
          'chosen',
          value
            .map((c) => {
              const r = byCode.get(c)
              return r ? pick(r.name, r.nameEn) : c
            })
            .join('、') || w('none'),
        )}
      </p>
    </fieldset>
  )
}

function CreateForm({ regions, onCreated }: { regions: Region[]; onCreated: () => void }) {
  const w = useWords()
  const { pick, code } = useI18n()
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<Role>('reporter')
  const [chosen, setChosen] = useState<string[]>([])
  const [department, setDepartment] = useState('')
  const [password, setPassword] = useState('')
  const [shown, setShown] = useState<string | null>(null)
  const [msg, setMsg] = useState<Msg>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setMsg(null)
    try {
      const u = await api('/api/users', publicUser, {
        method: 'POST',
        json: {
          username: username.trim(),
          ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
          role,
          regions: chosen,
          department: department.trim() || null,
          password,
        },
      })
      setMsg({ ok: true, text: w('created', u.username) })
      setUsername('')
      setDisplayName('')
      setChosen([])
      setDepartment('')
      setPassword('')
      onCreated()
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="create-user">
      <label>
        {w('username')} <input value={username} onChange={(e) => setUsername(e.target.value)} required maxLength={64} autoComplete="off" />
      </label>
      <label>
        {w('displayName')} <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={100} />
      </label>
      <label>
        {w('role')}{' '}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {code('role_', r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {w('department')} <input value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={100} />
      </label>
      <RegionPicker regions={regions} value={chosen} onChange={setChosen} />
      <label>
        {w('password')} <input type="text" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" maxLength={200} />
      </label>{' '}
      <button
        type="button"
        onClick={() => {
          const p = generatePassword()
          setPassword(p)
          setShown(p)
        }}
      >
        {w('generate')}
      </button>
      {shown && <SecretOnce label={w('generated')} secret={shown} onDismiss={() => setShown(null)} />}
      <div>
        <button type="submit">{w('submit')}</button>
      </div>
      <Notice msg={msg} />
    </form>
  )
}

type Account = z.output<typeof accountsReply>[number]

function EditForm({ account, regions, onSave, onCancel }: { account: Account; regions: Region[]; onSave: (body: Record<string, unknown>) => void; onCancel: () => void }) {
  const w = useWords()
  const [displayName, setDisplayName] = useState(account.displayName)
  const [department, setDepartment] = useState(account.department ?? '')
  const [chosen, setChosen] = useState<string[]>(account.regions)
  return (
    <form
      data-testid="edit-user"
      onSubmit={(e) => {
        e.preventDefault()
        onSave({ ...(displayName.trim() ? { displayName: displayName.trim() } : {}), department: department.trim() || null, regions: chosen })
      }}
    >
      <h3>{w('editOf', account.username)}</h3>
      <label>
        {w('displayName')} <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={100} />
      </label>
      <label>
        {w('department')} <input value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={100} />
      </label>
      <RegionPicker regions={regions} value={chosen} onChange={setChosen} />
      <button type="submit">{w('save')}</button>{' '}
      <button type="button" onClick={onCancel}>
        {w('cancel')}
      </button>
    </form>
  )
}

export function UsersPage() {
  const w = useWords()
  const { pick, code } = useI18n()
  const [tick, setTick] = useState(0)
  const accounts = useApi(`/api/users?t=${tick}`, accountsReply)
  const regions = useApi('/api/regions', regionsReply)
  const [msg, setMsg] = useState<Msg>(null)
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null)
  const [tokensOf, setTokensOf] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const names = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, pick(r.name, r.nameEn)])), [regions.data, pick])
  const patch = async (username: string, body: Record<string, unknown>, done: string) => {
    setMsg(null)
    try {
      await api(`/api/users/${encodeURIComponent(username)}`, okReply, { method: 'PATCH', json: body })
      setMsg({ ok: true, text: done })
      setTick((n) => n + 1)
      return true
    } catch (err) {
      setMsg({ ok: false, text: err instanceof ApiError && err.status === 409 ? w('lastAdmin', errText(err, pick)) : errText(err, pick) })
      return false
    }
  }
  return (
    <Workplace title={w('title')} roles={['admin']}>
      {() => (
        <>
          <Notice msg={msg} />
          {secret && <SecretOnce label={secret.label} secret={secret.value} onDismiss={() => setSecret(null)} />}
          <h3>{w('accounts')}</h3>
          <Async state={accounts}>
            {(list) => (
              <div className="table-wrap">
                <table data-testid="accounts">
                  <thead>
                    <tr>
                      <th scope="col">{w('username')}</th>
                      <th scope="col">{w('displayName')}</th>
                      <th scope="col">{w('role')}</th>
                      <th scope="col">{w('regions')}</th>
                      <th scope="col">{w('department')}</th>
                      <th scope="col">{w('state')}</th>
                      <th scope="col">{w('actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((u) => (
                      <tr key={u.username} data-user={u.username}>
                        <td>{u.username}</td>
                        <td>{u.displayName || '—'}</td>
                        <td>
                          <select
                            aria-label={`${w('role')} ${u.username}`}
                            value={u.role}
                            onChange={(e) => {
                              const r = e.target.value as Role
                              if (window.confirm(w('confirmRole', u.username, code('role_', r)))) void patch(u.username, { role: r }, w('doneRole', u.username, code('role_', r)))
                              else e.target.value = u.role
                            }}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {code('role_', r)}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>{u.regions.length ? u.regions.map((c) => names.get(c) ?? c).join('、') : w('anyRegion')}</td>
                        <td>{u.department ?? '—'}</td>
                        <td>{u.disabled ? w('disabled') : w('enabled')}</td>
                        <td>
                          {u.disabled ? (
                            <button type="button" onClick={() => void patch(u.username, { disabled: false }, w('doneEnable', u.username))}>
                              {w('enable')}
                            </button>
                          ) : (
                            <button
                              type="button"
                              onClick={() => window.confirm(w('confirmDisable', u.username)) && void patch(u.username, { disabled: true }, w('doneDisable', u.username))}
                            >
                              {w('disable')}
                            </button>
                          )}{' '}
                          <button
                            type="button"
                            onClick={() => {
                              if (!window.confirm(w('confirmReset', u.username))) return
                              const p = generatePassword()
                              void patch(u.username, { password: p }, w('doneReset', u.username)).then((ok) => ok && setSecret({ label: w('doneReset', u.username), value: p }))
                            }}
                          >
                            {w('reset')}
                          </button>{' '}
                          <button type="button" onClick={() => setEditing(u.username)}>
                            {w('edit')}
                          </button>{' '}
                          <button type="button" aria-expanded={tokensOf === u.username} onClick={() => setTokensOf(tokensOf === u.username ? null : u.username)}>
                            {tokensOf === u.username ? w('hideTokens') : w('tokens')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Async>
          {editing && regions.data && accounts.data?.find((a) => a.username === editing) && (
            <EditForm
              key={editing}
              account={accounts.data.find((a) => a.username === editing) as Account}
              regions={regions.data}
              onCancel={() => setEditing(null)}
              onSave={(body) => void patch(editing, body, w('saved', editing)).then((ok) => ok && setEditing(null))}
            />
          )}
          {tokensOf && (
            <>
              <h3>{w('tokensOf', tokensOf)}</h3>
              <TokenList base={`/api/users/${encodeURIComponent(tokensOf)}/tokens`} />
            </>
          )}
          <h3>{w('create')}</h3>
          <Async state={regions}>{(rs) => <CreateForm regions={rs} onCreated={() => setTick((n) => n + 1)} />}</Async>
        </>
      )}
    </Workplace>
  )
}
