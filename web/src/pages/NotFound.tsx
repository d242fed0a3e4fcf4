import { useI18n, type Key } from '../i18n'

/** What an address names that does not exist: an unknown page, region or indicator. */
export type Missing = { readonly kind: 'page'; readonly path: string } | { readonly kind: 'region' | 'indicator'; readonly code: string }

const BACK: Record<Missing['kind'], { readonly href: string; readonly key: Key }> = {
  page: { href: '#/', key: 'notFoundBackHome' },
  region: { href: '#/region', key: 'notFoundBackRegions' },
  indicator: { href: '#/indicator', key: 'notFoundBackIndicators' },
}

export function NotFound({ missing }: { missing: Missing }) {
  const { t } = useI18n()
  const back = BACK[missing.kind]
  const what = missing.kind === 'page' ? t('notFoundPage', missing.path) : missing.kind === 'region' ? t('notFoundRegion', missing.code) : t('notFoundIndicator', missing.code)
  return (
    <section aria-labelledby="h-not-found" className="state state-empty not-found" data-testid="not-found">
      <h2 id="h-not-found">{t('notFoundTitle')}</h2>
      <p className="break">{what}</p>
      <p>
        <a href={back.href}>{t(back.key)}</a>
        {missing.kind !== 'page' && (
          <>
            {' · '}
            <a href="#/">{t('notFoundBackHome')}</a>
          </>
        )}
      </p>
    </section>
  )
}
