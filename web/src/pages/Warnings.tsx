import { useState } from 'react'

import { useApi, warningsReply } from '../api'
import { useI18n } from '../i18n'
import { Async } from '../ui'

export function Warnings() {
  const { t, code, pick } = useI18n()
  const state = useApi('/api/warnings', warningsReply)
  const [severity, setSeverity] = useState('')
  return (
    <section aria-labelledby="h-warn">
      <h2 id="h-warn">{t('navWarnings')}</h2>
      <Async state={state} isEmpty={(d) => d.length === 0} empty={t('noWarnings')}>
        {(d) => (
          <>
            <div className="filters">
              <label>
                {t('severity')}
                <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {[...new Set(d.map((w) => w.severity))].map((s) => (
                    <option key={s} value={s}>
                      {code('sev_', s)}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted" aria-live="polite">
                {t('warningsCount', d.filter((w) => !severity || w.severity === severity).length)}
              </span>
            </div>
            <ul className="warnings">
              {d
                .filter((w) => !severity || w.severity === severity)
                .map((w, i) => (
                  <li key={i} className={`warning sev-${w.severity}`}>
                    <span className={`sev sev-${w.severity}`}>
                      {t('severity')}
                      {t('colon')}
                      {code('sev_', w.severity)}
                    </span>
                    <span className="muted small"> {code('wk_', w.kind)}</span>
                    <p>{pick(w.message, w.messageEn)}</p>
                  </li>
                ))}
            </ul>
          </>
        )}
      </Async>
    </section>
  )
}
