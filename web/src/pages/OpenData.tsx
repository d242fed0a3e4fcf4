import { indicatorsReply, useApi } from '../api'
import { useI18n } from '../i18n'
import { Async } from '../ui'

export function OpenData() {
  const { t, pick, unit } = useI18n()
  const state = useApi('/api/indicators', indicatorsReply)
  const origin = typeof location !== 'undefined' ? location.origin : 'http://127.0.0.1:8080'
  return (
    <section aria-labelledby="h-open">
      <h2 id="h-open">{t('openTitle')}</h2>
      <p>{t('openIntro')}</p>
      <Async state={state} isEmpty={(d) => d.length === 0}>
        {(d) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('indicator')}</th>
                  <th scope="col">{t('unit')}</th>
                  <th scope="col">{t('definition')}</th>
                  <th scope="col">{t('download')}</th>
                </tr>
              </thead>
              <tbody>
                {d.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {pick(i.name, i.nameEn)}
                      <div className="muted small">
                        <code>{i.id}</code>
                      </div>
                    </th>
                    <td>{unit(i.unit)}</td>
                    <td className="small">{pick(i.definition, i.definitionEn) || '—'}</td>
                    <td className="nowrap">
                      {(['csv', 'xlsx', 'json'] as const).map((f) => (
                        <a
                          key={f}
                          className="dl"
                          href={`/api/export?format=${f}&indicator=${encodeURIComponent(i.id)}`}
                          download
                          aria-label={`${pick(i.name, i.nameEn)} ${f.toUpperCase()}`}
                        >
                          {f.toUpperCase()}
                        </a>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      <h3>{t('apiExamples')}</h3>
      <pre className="code" tabIndex={0}>
        {[
          `curl '${origin}/api/indicators'`,
          `curl '${origin}/api/observations?indicator=urbanization_rate&region=320100'`,
          `curl '${origin}/api/status'`,
          `curl -o urbanization.csv '${origin}/api/export?format=csv&indicator=urbanization_rate'`,
          `# OpenAPI: ${origin}/api/openapi.json · ${origin}/api/docs`,
        ].join('\n')}
      </pre>
    </section>
  )
}
