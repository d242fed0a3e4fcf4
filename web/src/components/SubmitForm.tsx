/** Submitting a region's drafts of a year for review: first a preview of what goes (a dry run), then a confirm. */
import { useState, type FormEvent } from 'react'

import { api, fmt, transitionReply, type Region, type SessionUser } from '../api'
import { defineMessages, useI18n } from '../i18n'
import { errText, Notice, type Msg } from '../ui'

const useWords = defineMessages(
  {
    preview: '预览将提交的数值',
    goes: '将提交 {0} 项：',
    nothing: '该地区该年度没有可提交的草稿或退回数值。',
    confirm: '确认提交',
    cancel: '取消',
    indicator: '指标',
    value: '数值',
    note: '说明',
    status: '状态',
  },
  {
    preview: 'Preview what goes',
    goes: '{0} value(s) will be submitted:',
    nothing: 'Nothing to submit for this region and year (no drafts or returned values).',
    confirm: 'Confirm and submit',
    cancel: 'Cancel',
    indicator: 'Indicator',
    value: 'Value',
    note: 'Note',
    status: 'Status',
  },
)

type Preview = NonNullable<ReturnType<typeof transitionReply.parse>['preview']>

export function SubmitForm({ user, regions }: { user: SessionUser; regions: Region[] }) {
  const { t, pick, code } = useI18n()
  const w = useWords()
  const [region, setRegion] = useState(user.regions[0] ?? regions[0]?.code ?? '')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [msg, setMsg] = useState<Msg>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  async function showPreview(e: FormEvent) {
    e.preventDefault()
    setMsg(null)
    try {
      const r = await api('/api/review/submit', transitionReply, { method: 'POST', json: { region, year: Number(year), dryRun: true } })
      setPreview(r.preview ?? [])
    } catch (err) {
      setPreview(null)
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  async function confirm() {
    if (!preview?.length) return
    setMsg(null)
    try {
      // Exactly the values previewed: anything saved since is not sent unseen.
      const r = await api('/api/review/submit', transitionReply, { method: 'POST', json: { ids: preview.map((p) => p.id) } })
      setPreview(null)
      setMsg({ ok: true, text: t('submitted', r.changed) })
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form className="panel form" onSubmit={(e) => void showPreview(e)} aria-labelledby="h-submit">
      <h3 id="h-submit">{t('submitTitle')}</h3>
      <label>
        {t('region')}
        <select
          value={region}
          onChange={(e) => {
            setRegion(e.target.value)
            setPreview(null)
          }}
        >
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {pick(r.name, r.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('year')}
        <input
          type="number"
          min={1900}
          max={2100}
          required
          value={year}
          onChange={(e) => {
            setYear(e.target.value)
            setPreview(null)
          }}
        />
      </label>
      <button type="submit">{w('preview')}</button>
      {preview && (
        <div className="submit-preview" data-testid="submit-preview" role="region" aria-label={w('preview')}>
          {preview.length === 0 ? (
            <p className="state state-empty">{w('nothing')}</p>
          ) : (
            <>
              <p>{w('goes', preview.length)}</p>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{w('indicator')}</th>
                      <th scope="col">{w('value')}</th>
                      <th scope="col">{w('note')}</th>
                      <th scope="col">{w('status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.map((p) => (
                      <tr key={p.id}>
                        <td>{p.indicatorName}</td>
                        <td className="nowrap">
                          {fmt(p.value)} {p.unit}
                        </td>
                        <td className="small">{p.note ?? '—'}</td>
                        <td>{code('ws_', p.status)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button type="button" onClick={() => void confirm()}>
                {w('confirm')}
              </button>
            </>
          )}
          <button type="button" className="secondary" onClick={() => setPreview(null)}>
            {w('cancel')}
          </button>
        </div>
      )}
      <Notice msg={msg} />
    </form>
  )
}
