/**
 * Which cities (and, folded away, which of their counties) a form covers: a data request's or an evaluation
 * round's scope. Every city is ticked to begin with; the form keeps the two sets.
 */
import { useMemo } from 'react'

import type { Region } from '../api'
import { useI18n } from '../i18n'
import { homeCities } from '../regions'

export const box = { border: '1px solid var(--line)', borderRadius: 6, margin: '8px 0', padding: '6px 10px' } as const
export const checkGrid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 210px), 1fr))', gap: '2px 12px' } as const

/** `set` with `keys` added (on) or taken out. */
export function toggle(set: ReadonlySet<string>, keys: ReadonlyArray<string>, on: boolean): Set<string> {
  const next = new Set(set)
  for (const k of keys) {
    if (on) next.add(k)
    else next.delete(k)
  }
  return next
}

/** The province's cities, and each city's counties in code order. */
export function useCitiesAndCounties(regions: ReadonlyArray<Region>) {
  const cities = useMemo(() => homeCities(regions), [regions])
  const counties = useMemo(
    () => cities.map((c) => ({ city: c, items: regions.filter((r) => r.level === 'county' && r.parent === c.code).sort((a, b) => a.code.localeCompare(b.code)) })),
    [cities, regions],
  )
  return { cities, counties }
}

export interface RegionScopeLabels {
  readonly legend: string
  readonly hint: string
  readonly allCities: string
  readonly noCities: string
  readonly counties: string
}

export function RegionScopePicker({
  regions,
  places,
  setPlaces,
  towns,
  setTowns,
  labels,
}: {
  regions: ReadonlyArray<Region>
  places: ReadonlySet<string>
  setPlaces: (next: ReadonlySet<string>) => void
  towns: ReadonlySet<string>
  setTowns: (next: ReadonlySet<string>) => void
  labels: RegionScopeLabels
}) {
  const { pick } = useI18n()
  const { cities, counties } = useCitiesAndCounties(regions)
  return (
    <fieldset style={box}>
      <legend>
        {labels.legend} <span className="muted small">({labels.hint})</span>
      </legend>
      <button type="button" className="secondary" onClick={() => setPlaces(new Set(cities.map((c) => c.code)))}>
        {labels.allCities}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setPlaces(new Set())}>
        {labels.noCities}
      </button>
      <div style={checkGrid}>
        {cities.map((c) => (
          <label key={c.code} className="inline">
            <input type="checkbox" name="region" value={c.code} checked={places.has(c.code)} onChange={(e) => setPlaces(toggle(places, [c.code], e.target.checked))} />{' '}
            {pick(c.name, c.nameEn)}
          </label>
        ))}
      </div>
      <details>
        <summary>{labels.counties}</summary>
        {counties
          .filter((g) => g.items.length > 0)
          .map((g) => (
            <fieldset key={g.city.code} style={box}>
              <legend>{pick(g.city.name, g.city.nameEn)}</legend>
              <div style={checkGrid}>
                {g.items.map((r) => (
                  <label key={r.code} className="inline">
                    <input type="checkbox" name="county" value={r.code} checked={towns.has(r.code)} onChange={(e) => setTowns(toggle(towns, [r.code], e.target.checked))} />{' '}
                    {pick(r.name, r.nameEn)}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
      </details>
    </fieldset>
  )
}
