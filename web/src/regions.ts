/** Helpers over the regions list (/api/regions). */
import type { Region } from './api'

/**
 * The plan's own province: the one with the most cities in the list. Cities of neighbouring provinces are listed
 * too, as members of cross-provincial metropolitan areas.
 */
export function homeProvince(all: ReadonlyArray<Region>): Region | undefined {
  const count = new Map<string, number>()
  for (const r of all) if (r.level === 'prefecture' && r.parent) count.set(r.parent, (count.get(r.parent) ?? 0) + 1)
  return all.filter((r) => r.level === 'province').sort((a, b) => (count.get(b.code) ?? 0) - (count.get(a.code) ?? 0))[0]
}

/** The cities of the plan's province, in code order. */
export function homeCities(all: ReadonlyArray<Region>): Region[] {
  const home = homeProvince(all)?.code
  return all.filter((r) => r.level === 'prefecture' && r.parent === home).sort((a, b) => a.code.localeCompare(b.code))
}
