import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'

import { indicatorsReply, regionsReply, setApiLang, useApi } from './api'
import { I18nContext, translate, translateCode, unitText, useI18n, type I18n, type Key, type Lang } from './i18n'
import { NotFound } from './pages/NotFound'
import { Overview } from './pages/Overview'
import { quantity } from './quantity'
import { routeParam } from './route'
import { SessionProvider } from './session'

// The map (ECharts) loads on demand: the other pages do not pay for it.
const MapPage = lazy(() => import('./pages/MapPage').then((m) => ({ default: m.MapPage })))
// The indicator page draws a line chart (ECharts): loaded on demand too.
const IndicatorPage = lazy(() => import('./pages/IndicatorPage').then((m) => ({ default: m.IndicatorPage })))
// The other pages are small, but nobody needs all of them at once: each loads when first visited.
const DataPage = lazy(() => import('./pages/DataPage').then((m) => ({ default: m.DataPage })))
const Evaluation = lazy(() => import('./pages/Evaluation').then((m) => ({ default: m.Evaluation })))
const OpenData = lazy(() => import('./pages/OpenData').then((m) => ({ default: m.OpenData })))
const RegionPage = lazy(() => import('./pages/RegionPage').then((m) => ({ default: m.RegionPage })))
const Reports = lazy(() => import('./pages/Reports').then((m) => ({ default: m.Reports })))
const SourcesPage = lazy(() => import('./pages/SourcesPage').then((m) => ({ default: m.SourcesPage })))
const Warnings = lazy(() => import('./pages/Warnings').then((m) => ({ default: m.Warnings })))
const Search = lazy(() => import('./pages/Search').then((m) => ({ default: m.Search })))
// The workplace (signed in): each page its own chunk.
const ReviewPage = lazy(() => import('./pages/ReviewPage').then((m) => ({ default: m.ReviewPage })))
const InboxPage = lazy(() => import('./pages/InboxPage').then((m) => ({ default: m.InboxPage })))
const RequestsPage = lazy(() => import('./pages/RequestsPage').then((m) => ({ default: m.RequestsPage })))
const CompletenessPage = lazy(() => import('./pages/CompletenessPage').then((m) => ({ default: m.CompletenessPage })))
const RoundsPage = lazy(() => import('./pages/RoundsPage').then((m) => ({ default: m.RoundsPage })))
const TasksPage = lazy(() => import('./pages/TasksPage').then((m) => ({ default: m.TasksPage })))
const InspectionsPage = lazy(() => import('./pages/InspectionsPage').then((m) => ({ default: m.InspectionsPage })))
const ImportHistoryPage = lazy(() => import('./pages/ImportHistoryPage').then((m) => ({ default: m.ImportHistoryPage })))
const GuidePage = lazy(() => import('./pages/GuidePage').then((m) => ({ default: m.GuidePage })))
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })))
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })))
const PlanAdminPage = lazy(() => import('./pages/PlanAdminPage').then((m) => ({ default: m.PlanAdminPage })))
// The public satisfaction survey: the form and its results (no sign-in).
const SurveyPage = lazy(() => import('./pages/SurveyPage').then((m) => ({ default: m.SurveyPage })))
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })))

interface Route {
  path: string
  key: Key
  page: React.ComponentType
  /** Not in the navigation (reached from elsewhere, e.g. the search box). */
  hidden?: boolean
  /** Takes a parameter after its path (`#/tasks/3.1.2`); any other page matches its path alone. */
  param?: boolean
}

/** Every page; an address matching none of them gets the not-found page. */
const ROUTES: readonly Route[] = [
  { path: '/', key: 'navOverview', page: Overview },
  { path: '/map', key: 'navMap', page: MapPage },
  { path: '/indicator', key: 'navIndicator', page: IndicatorPage, param: true },
  { path: '/region', key: 'navRegion', page: RegionPage, param: true },
  { path: '/warnings', key: 'navWarnings', page: Warnings },
  { path: '/evaluation', key: 'navEvaluation', page: Evaluation },
  { path: '/data', key: 'navData', page: DataPage },
  { path: '/opendata', key: 'navOpenData', page: OpenData, param: true },
  { path: '/reports', key: 'navReports', page: Reports },
  { path: '/sources', key: 'navSources', page: SourcesPage, param: true },
  { path: '/search', key: 'searchTitle', page: Search, hidden: true },
  // Reached from the evaluation page (its results) and from the addresses handed out per city (its forms).
  { path: '/survey', key: 'navEvaluation', page: SurveyPage, hidden: true, param: true },
  // The workplace: reached from 数据填报 and its own navigation (web/src/components/WorkNav.tsx).
  { path: '/review', key: 'queueTitle', page: ReviewPage, hidden: true },
  { path: '/inbox', key: 'navData', page: InboxPage, hidden: true },
  { path: '/requests', key: 'navData', page: RequestsPage, hidden: true, param: true },
  { path: '/completeness', key: 'navData', page: CompletenessPage, hidden: true },
  { path: '/tasks', key: 'navData', page: TasksPage, hidden: true, param: true },
  { path: '/rounds', key: 'navData', page: RoundsPage, hidden: true, param: true },
  { path: '/inspections', key: 'navData', page: InspectionsPage, hidden: true },
  { path: '/imports', key: 'navData', page: ImportHistoryPage, hidden: true },
  { path: '/guide', key: 'navData', page: GuidePage, hidden: true },
  { path: '/audit', key: 'navData', page: AuditPage, hidden: true },
  { path: '/users', key: 'navData', page: UsersPage, hidden: true },
  { path: '/plan-admin', key: 'navData', page: PlanAdminPage, hidden: true },
  { path: '/account', key: 'navData', page: AccountPage, hidden: true },
]

const LANG_KEY = 'urbmon.lang'

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

const fullPath = (): string => location.hash.replace(/^#/, '') || '/'
/** The route a hash belongs to (`/indicator/urbanization_rate` is the `/indicator` page with a parameter), null for none. */
const routeOf = (p: string): Route | null => {
  const bare = p.split('?')[0] ?? p
  // A hash without a leading slash (#main, the skip link's target) is an in-page anchor, not an address: the overview.
  if (bare === '/' || !bare.startsWith('/')) return ROUTES.find((r) => r.path === '/') ?? null
  return ROUTES.find((r) => r.path !== '/' && (bare === r.path || (r.param === true && bare.startsWith(`${r.path}/`)))) ?? null
}

const currentPath = fullPath

/**
 * A region or indicator page whose code is not in the catalogue gets the not-found page before the page asks the
 * API about it (which would answer 404, and the page would show a network error with Retry).
 */
function KnownCode({ kind, children }: { kind: 'region' | 'indicator'; children: React.ReactNode }) {
  const code = routeParam(`/${kind}`)
  const regions = useApi(kind === 'region' && code !== null ? '/api/regions' : null, regionsReply)
  const indicators = useApi(kind === 'indicator' && code !== null ? '/api/indicators' : null, indicatorsReply)
  if (code === null) return <>{children}</>
  const list = kind === 'region' ? regions : indicators
  const known = kind === 'region' ? regions.data?.map((r) => r.code) : indicators.data?.map((i) => i.id)
  if (known === undefined && !list.error) return <Loading />
  if (known && !known.includes(code)) return <NotFound missing={{ kind, code }} />
  // A list that failed to load: the page shows the error.
  return <>{children}</>
}

function Loading() {
  const { t } = useI18n()
  return (
    <div className="state" role="status">
      {t('loading')}
    </div>
  )
}

/** The header's search box: goes to `#/search?q=…`. */
function SearchBox() {
  const { t } = useI18n()
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault()
        const q = new FormData(e.currentTarget).get('q')
        location.hash = `#/search?q=${encodeURIComponent(typeof q === 'string' ? q.trim() : '')}`
      }}
    >
      <input type="search" name="q" maxLength={100} placeholder={t('searchPlaceholder')} aria-label={t('searchLabel')} />
      <button type="submit">{t('searchButton')}</button>
    </form>
  )
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang)
  const [path, setPath] = useState(currentPath)
  useEffect(() => {
    const onHash = () => setPath(currentPath())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  setApiLang(lang)
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
    document.title = translate(lang, 'appTitle')
  }, [lang])
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(LANG_KEY, l)
    } catch {
      /* private mode: keep it for this page only */
    }
    setLangState(l)
  }, [])
  const i18n = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (k, ...a) => translate(lang, k, ...a),
      code: (p, c) => translateCode(lang, p, c),
      pick: (z, e) => (lang === 'en' ? (e ?? z ?? '') : (z ?? e ?? '')),
      unit: (u) => unitText(lang, u),
      quantity: (v, u, d) => quantity(lang, v, u, d),
    }),
    [lang, setLang],
  )
  const route = routeOf(path)
  const base = route?.path ?? null
  const Page = route?.page ?? null
  return (
    <I18nContext.Provider value={i18n}>
      <SessionProvider>
        <a
          className="skip"
          href="#main"
          onClick={(e) => {
            e.preventDefault()
            document.getElementById('main')?.focus()
          }}
        >
          {i18n.t('skipToContent')}
        </a>
        <header className="top">
          <div className="brand">
            <h1>{i18n.t('appTitle')}</h1>
            <div className="small">{i18n.t('appSubtitle')}</div>
          </div>
          <nav aria-label={i18n.t('mainNav')}>
            <ul>
              {ROUTES.filter((r) => !r.hidden).map((r) => (
                <li key={r.path}>
                  <a href={`#${r.path}`} aria-current={r.path === base || (r.path === '/data' && route?.hidden === true && route.key === 'navData') ? 'page' : undefined}>
                    {i18n.t(r.key)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="top-tools">
            <SearchBox />
            <button
              type="button"
              className="lang"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              aria-label={i18n.t('switchLangLabel')}
              lang={lang === 'zh' ? 'en' : 'zh-CN'}
            >
              {i18n.t('switchLang')}
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Suspense
            fallback={
              <div className="state" role="status">
                {i18n.t('loading')}
              </div>
            }
          >
            {Page === null ? (
              <NotFound missing={{ kind: 'page', path }} />
            ) : base === '/region' || base === '/indicator' ? (
              <KnownCode key={path} kind={base === '/region' ? 'region' : 'indicator'}>
                <Page />
              </KnownCode>
            ) : (
              <Page key={path} />
            )}
          </Suspense>
        </main>
        <footer className="site-footer">
          <span>{i18n.t('footerNote')}</span>
          <a href="#/sources">{i18n.t('sourcesTitle')}</a>
          <a href="/api/docs">{i18n.t('footerApiDocs')}</a>
        </footer>
      </SessionProvider>
    </I18nContext.Provider>
  )
}
