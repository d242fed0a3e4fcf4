/** Submitting a region's drafts of a year for review. */
import { useState, type FormEvent } from 'react'

import { api, transitionReply, type Region, type SessionUser } from '../api'
import { useI18n } from '../i18n'
import { errText, Notice, type Msg } from '../ui'

export function SubmitForm({ user, regions }: { user: SessionUser; regions: Region[] }) {
  const { t, pick } = useI18n()
  const [region, setRegion] = useState(user.regions[0] ?? regions[0]?.code ?? '')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [msg, setMsg] = useState<Msg>(null)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setMsg(null)
    try {
      const r = await api('/api/review/submit', transitionReply, { method: 'POST', json: { region, year: Number(year) } })
      setMsg({ ok: true, text: t('submitted', r.changed) })
    } catch (err) {
      setMsg({ ok: false, text: errText(err, pick) })
    }
  }
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="h-submit">
      <h3 id="h-submit">{t('submitTitle')}</h3>
      <label>
        {t('region')}
        <select value={region} onChange={(e) => setRegion(e.target.value)}>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {pick(r.name, r.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('year')}
        <input type="number" min={1900} max={2100} required value={year} onChange={(e) => setYear(e.target.value)} />
      </label>
      <button type="submit">{t('submit')}</button>
      <Notice msg={msg} />
    </form>
  )
}
