import { useMemo, useState } from 'react'

import { indicatorsReply, regionsReply, useApi, type Warning, warningGroupsReply, type WarningGroupsReply } from '../api'
import { useI18n } from '../i18n'
import { Async } from '../ui'

type Group = WarningGroupsReply['groups'][number]
type Link = Warning['link']
type Names = ReadonlyMap<string, { name: string; nameEn: string }>

/** Links to the pages a warning is about: its region and its indicator (a task is named; it has no page here). */
function Links({ link, regions, indicators }: { link: Link; regions: Names; indicators: Names }) {
  const { t, pick } = useI18n()
  const region = link.region ? regions.get(link.region) : undefined
  const indicator = link.indicator ? indicators.get(link.indicator) : undefined
  if (!link.task && !link.region && !link.indicator) return null
  return (
    <span className="warning-links">
      {link.task && <span data-testid="link-task">{t('linkTask', link.task)}</span>}
      {link.region && (
        <a href={`#/region/${encodeURIComponent(link.region)}`} data-testid="link-region">
          {region ? pick(region.name, region.nameEn) : link.region}
        </a>
      )}
      {link.indicator && (
        <a href={`#/indicator/${encodeURIComponent(link.indicator)}`} data-testid="link-indicator">
          {indicator ? pick(indicator.name, indicator.nameEn) : link.indicator}
        </a>
      )}
    </span>
  )
}

function GroupRow({ g, regions, indicators }: { g: Group; regions: Names; indicators: Names }) {
  const { t, code, pick } = useI18n()
  const single = g.count === 1 ? g.warnings[0] : undefined
  return (
    <li className={`warning warning-group sev-${g.severity}`} data-testid="warning-group" data-kind={g.kind} data-count={g.count}>
      <span className={`sev sev-${g.severity}`}>
        {t('severity')}
        {t('colon')}
        {code('sev_', g.severity)}
      </span>
      <span className="muted small">
        {' '}
        {code('wk_', g.kind)}
        {g.count > 1 ? ` × ${g.count}` : ''}
      </span>
      <p>{pick(g.message, g.messageEn)}</p>
      <Links link={single ? single.link : g.link} regions={regions} indicators={indicators} />
      {g.count > 1 && (
        <details>
          <summary>{t('groupShow', g.count)}</summary>
          <ul className="members">
            {g.warnings.map((w, i) => (
              <li key={i}>
                {pick(w.message, w.messageEn)} <Links link={w.link} regions={regions} indicators={indicators} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  )
}

export function Warnings() {
  const { t, code, pick } = useI18n()
  const [severity, setSeverity] = useState('')
  const [kind, setKind] = useState('')
  const [region, setRegion] = useState('')
  const [indicator, setIndicator] = useState('')
  const query = new URLSearchParams({ ...(kind ? { kind } : {}), ...(region ? { region } : {}), ...(indicator ? { indicator } : {}) }).toString()
  // The unfiltered groups give the filters their choices; the filtered ones are shown.
  const everything = useApi('/api/warnings/groups', warningGroupsReply)
  const state = useApi(`/api/warnings/groups${query ? `?${query}` : ''}`, warningGroupsReply)
  const regionsState = useApi('/api/regions', regionsReply)
  const indicatorsState = useApi('/api/indicators', indicatorsReply)
  const regions = useMemo<Names>(() => new Map((regionsState.data ?? []).map((r) => [r.code, r])), [regionsState.data])
  const indicators = useMemo<Names>(() => new Map((indicatorsState.data ?? []).map((i) => [i.id, i])), [indicatorsState.data])
  const choices = useMemo(() => {
    const all = everything.data?.groups.flatMap((g) => g.warnings) ?? []
    const inds = [...new Set(all.flatMap((w) => [w.indicator, w.link.indicator]).filter((x): x is string => x !== null))]
    const regionLevels = new Set(['province', 'prefecture'])
    return { inds, regs: (regionsState.data ?? []).filter((r) => regionLevels.has(r.level)) }
  }, [everything.data, regionsState.data])
  const name = (n: Names, id: string) => {
    const x = n.get(id)
    return x ? pick(x.name, x.nameEn) : id
  }
  return (
    <section aria-labelledby="h-warn">
      <h2 id="h-warn">{t('navWarnings')}</h2>
      <div className="filters">
        <label>
          {t('filterKind')}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="filter-kind">
            <option value="">{t('all')}</option>
            {Object.entries(everything.data?.kinds ?? {})
              .filter(([, n]) => n > 0)
              .map(([k, n]) => (
                <option key={k} value={k}>
                  {code('wk_', k)} ({n})
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('filterRegion')}
          <select value={region} onChange={(e) => setRegion(e.target.value)} data-testid="filter-region">
            <option value="">{t('all')}</option>
            {choices.regs.map((r) => (
              <option key={r.code} value={r.code}>
                {pick(r.name, r.nameEn)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterIndicator')}
          <select value={indicator} onChange={(e) => setIndicator(e.target.value)} data-testid="filter-indicator">
            <option value="">{t('all')}</option>
            {choices.inds.map((id) => (
              <option key={id} value={id}>
                {name(indicators, id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('severity')}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">{t('all')}</option>
            {['high', 'medium', 'low'].map((s) => (
              <option key={s} value={s}>
                {code('sev_', s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {everything.data && everything.data.total > 0 && (
        <ul className="kind-chips" aria-label={t('filterKind')} data-testid="kind-chips">
          {Object.entries(everything.data.kinds)
            .filter(([, n]) => n > 0)
            .sort(([, a], [, b]) => a - b)
            .map(([k, n]) => (
              <li key={k}>
                <button type="button" aria-pressed={kind === k} onClick={() => setKind(kind === k ? '' : k)} data-kind={k}>
                  {code('wk_', k)} <strong>{n}</strong>
                </button>
              </li>
            ))}
        </ul>
      )}
      <Async state={state} isEmpty={(d) => d.groups.length === 0} empty={t('noWarnings')}>
        {(d) => {
          const groups = d.groups.filter((g) => !severity || g.severity === severity)
          return (
            <>
              <p className="muted" aria-live="polite" data-testid="warnings-count">
                {t(
                  'groupsCount',
                  groups.length,
                  groups.reduce((n, g) => n + g.count, 0),
                )}
              </p>
              <ul className="warnings">
                {groups.map((g) => (
                  <GroupRow key={`${g.kind}|${g.subject.type}|${g.subject.id}`} g={g} regions={regions} indicators={indicators} />
                ))}
              </ul>
            </>
          )
        }}
      </Async>
    </section>
  )
}
