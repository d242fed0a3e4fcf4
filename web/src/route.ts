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
