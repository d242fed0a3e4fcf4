/** The parameter of a hash route: `#/indicator/urbanization_rate` → `urbanization_rate` (null on the picker). */
export function routeParam(prefix: string): string | null {
  const h = location.hash.replace(/^#/, '')
  if (!h.startsWith(`${prefix}/`)) return null
  const rest = h.slice(prefix.length + 1).split(/[/?]/)[0] ?? ''
  try {
    return rest ? decodeURIComponent(rest) : null
  } catch {
    return null
  }
}

/** The query of a hash route: `#/data?year=2024&indicator=gdp` → its parameters (empty when there is none). */
export function hashQuery(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '')
}

/** A year from a hash query, if it is four digits. */
export function hashYear(): string | null {
  const y = hashQuery().get('year')
  return y && /^\d{4}$/.test(y) ? y : null
}
