/** A list of API tokens (name, created, last used, revoked) with a confirmed revoke; never the secret. */
import { useState } from 'react'

import { z } from 'zod'

import { api, okReply, useApi } from '../api'
import { apiTokensReply } from '../../../src/contract/index.js'
import { defineMessages, useI18n } from '../i18n'
import { Async, errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    name: '名称',
    created: '创建于',
    lastUsed: '最近使用',
    state: '状态',
    active: '✓ 有效',
    revoked: '✗ 已吊销 {0}',
    never: '从未',
    revoke: '吊销',
    confirm: '确定吊销令牌“{0}”吗？使用它的程序将无法再访问。',
    done: '令牌“{0}”已吊销',
    none: '没有 API 令牌',
  },
  {
    name: 'Name',
    created: 'Created',
    lastUsed: 'Last used',
    state: 'State',
    active: '✓ Active',
    revoked: '✗ Revoked {0}',
    never: 'Never',
    revoke: 'Revoke',
    confirm: 'Revoke the token “{0}”? Programs using it will lose access.',
    done: 'Token “{0}” revoked',
    none: 'No API tokens',
  },
)

const day = (s: string | null): string => (s ? s.slice(0, 16).replace('T', ' ') : '')

/** `base`: `/api/tokens` (mine) or `/api/users/<name>/tokens` (an admin's view); `tick` reloads after a create. */
export function TokenList({ base, tick = 0 }: { base: string; tick?: number }) {
  const w = useWords()
  const { pick } = useI18n()
  const state = useApi(`${base}?t=${tick}`, apiTokensReply)
  const [msg, setMsg] = useState<Msg>(null)
  const revoke = async (id: number, name: string) => {
    if (!window.confirm(w('confirm', name))) return
    try {
      await api(`${base}/${id}`, okReply, { method: 'DELETE' })
      setMsg({ ok: true, text: w('done', name) })
      state.reload()
    } catch (e) {
      setMsg({ ok: false, text: errText(e, pick) })
    }
  }
  return (
    <>
      <Notice msg={msg} />
      <Async state={state} isEmpty={(d: z.output<typeof apiTokensReply>) => d.length === 0} empty={w('none')}>
        {(d) => (
          <div className="table-wrap">
            <table data-testid="token-list">
              <thead>
                <tr>
                  <th scope="col">{w('name')}</th>
                  <th scope="col">{w('created')}</th>
                  <th scope="col">{w('lastUsed')}</th>
                  <th scope="col">{w('state')}</th>
                  <th scope="col">
                    <span className="sr-only">{w('revoke')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.map((tk) => (
                  <tr key={tk.id}>
                    <td>{tk.name}</td>
                    <td>{day(tk.createdAt)}</td>
                    <td>{tk.lastUsedAt ? day(tk.lastUsedAt) : w('never')}</td>
                    <td>{tk.revokedAt ? w('revoked', day(tk.revokedAt)) : w('active')}</td>
                    <td>
                      {!tk.revokedAt && (
                        <button type="button" onClick={() => void revoke(tk.id, tk.name)} aria-label={`${w('revoke')} ${tk.name}`}>
                          {w('revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </>
  )
}
