import { searchReply, useApi } from '../api'
import { useI18n, type Key } from '../i18n'
import { Async } from '../ui'

/** The text after `?q=` in `#/search?q=…`. */
export function searchText(): string {
  const h = location.hash.replace(/^#/, '')
  const at = h.indexOf('?')
  return at < 0 ? '' : (new URLSearchParams(h.slice(at + 1)).get('q') ?? '')
}

export function Search() {
  const { t, pick } = useI18n()
  const q = searchText().trim()
  const state = useApi(q ? `/api/search?q=${encodeURIComponent(q)}` : null, searchReply)
  return (
    <section aria-labelledby="h-search">
      <h2 id="h-search">{t('searchTitle')}</h2>
      {q === '' ? (
        <p>{t('searchEmpty')}</p>
      ) : (
        <Async state={state}>
          {(d) =>
            d.results.length === 0 ? (
              <p>{t('searchNone', d.q)}</p>
            ) : (
              <>
                <p role="status">{t('searchFor', d.q, d.results.length)}</p>
                <ul className="search-results">
                  {d.results.map((r) => (
                    <li key={`${r.type}:${r.id}`}>
                      <span className="badge badge-no_data">{t(`searchType_${r.type}` as Key)}</span> <a href={r.link}>{pick(r.name, r.nameEn)}</a>{' '}
                      <code className="small muted">{r.id}</code>
                    </li>
                  ))}
                </ul>
              </>
            )
          }
        </Async>
      )}
    </section>
  )
}
