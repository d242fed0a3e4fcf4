import { sessionReply, useApi } from '../api'
import { useI18n } from '../i18n'
import { ErrorBox } from '../ui'

const KINDS = ['annual', 'midterm', 'final'] as const
const FORMATS = ['docx', 'html'] as const
const LANGS = ['zh', 'en'] as const

export function Reports() {
  const { t, code } = useI18n()
  const session = useApi('/api/session', sessionReply)
  const needsSignIn = session.data?.user === null || session.error?.status === 401
  return (
    <section aria-labelledby="h-reports">
      <h2 id="h-reports">{t('reportsTitle')}</h2>
      <p>{t('reportsIntro')}</p>
      {session.loading && (
        <div className="state" role="status" aria-live="polite">
          {t('loading')}
        </div>
      )}
      {needsSignIn && (
        <div className="state state-empty" role="note" data-testid="reports-signin">
          {t('reportsSignIn')} <a href="#/data">{t('reportsSignInLink')}</a> {t('reportsSignInTail')}
        </div>
      )}
      {session.error && !needsSignIn && <ErrorBox error={session.error} onRetry={session.reload} />}
      {session.data?.user && (
        <div className="state state-ok" role="status">
          {t('signedInOk')}
        </div>
      )}
      <div className="table-wrap">
        <table data-testid="reports">
          <thead>
            <tr>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('reportLang')}</th>
              <th scope="col">{t('download')}</th>
            </tr>
          </thead>
          <tbody>
            {KINDS.flatMap((k) =>
              LANGS.map((l) => (
                <tr key={`${k}-${l}`}>
                  <th scope="row">{code('kind_', k)}</th>
                  <td>{l === 'zh' ? t('langZh') : t('langEn')}</td>
                  <td className="nowrap">
                    {FORMATS.map((f) => (
                      <a
                        key={f}
                        className="dl"
                        href={`/api/reports?kind=${k}&format=${f}&lang=${l}`}
                        download
                        aria-label={`${code('kind_', k)} ${l === 'zh' ? t('langZh') : t('langEn')} ${f.toUpperCase()}`}
                        aria-disabled={needsSignIn || undefined}
                      >
                        {f.toUpperCase()}
                      </a>
                    ))}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
