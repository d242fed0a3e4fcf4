/**
 * Where to put a region's label: the pole of inaccessibility of its largest polygon (the interior point farthest
 * from any edge), which stays inside odd shapes where a centroid can fall on or near a border. A compact version
 * of the "polylabel" algorithm (Mapbox, ISC licence): best-first search over square cells.
 * @module
 */
import { must } from '../../core/checked.js'
import type { CityGeometry, Ring } from './boundaries.js'

type Pt = [number, number]

interface Cell {
  readonly x: number
  readonly y: number
  /** Half the cell's side. */
  readonly h: number
  /** Signed distance from the centre to the polygon (positive inside). */
  readonly d: number
  /** Best distance any point in the cell could have. */
  readonly max: number
}

/**
 * Label point of a geometry in lon/lat. Longitudes are scaled by cos(latitude) while searching so "farthest from
 * the edge" holds on the map; `precisionDeg` is the search tolerance in degrees of latitude.
 */
export function labelPoint(geometry: CityGeometry, precisionDeg = 0.005): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let lat = 0
  let n = 0
  for (const p of polygons) {
    for (const [, y] of p[0] ?? []) {
      lat += y
      n++
    }
  }
  const k = Math.cos(((n > 0 ? lat / n : 0) * Math.PI) / 180)
  const scaled = polygons.map((p) => p.map((r) => r.map(([x, y]): Pt => [x * k, y])))
  let best: Pt[][] | undefined
  let bestArea = -Infinity
  for (const p of scaled) {
    const a = Math.abs(ringArea(p[0] ?? []))
    if (a > bestArea) {
      best = p
      bestArea = a
    }
  }
  const outer = best?.[0]
  if (!best || !outer || outer.length === 0) throw new Error('labelPoint: empty geometry') // programmer error: the bundled boundaries
  const [x, y] = polylabel(outer, best, precisionDeg)
  return [x / k, y]
}

/** `rings` are all the polygon's rings, `outer` (its first) among them. */
function polylabel(outer: ReadonlyArray<Pt>, rings: ReadonlyArray<ReadonlyArray<Pt>>, precision: number): Pt {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of outer) {
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x)
    maxY = Math.max(maxY, y)
  }
  const size = Math.min(maxX - minX, maxY - minY)
  if (size === 0) return [minX, minY]
  const cell = (x: number, y: number, h: number): Cell => {
    const d = signedDistance(x, y, rings)
    return { x, y, h, d, max: d + h * Math.SQRT2 }
  }
  const queue: Cell[] = []
  const push = (c: Cell): void => {
    // Kept sorted ascending by `max`; pop() takes the most promising.
    let lo = 0
    let hi = queue.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (must(queue[mid], 'queue cell inside the searched range').max < c.max) lo = mid + 1
      else hi = mid
    }
    queue.splice(lo, 0, c)
  }
  const h0 = size / 2
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) push(cell(x + h0, y + h0, h0))
  const [cx, cy] = centroid(outer)
  let best = cell(cx, cy, 0)
  const boxCentre = cell(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0)
  if (boxCentre.d > best.d) best = boxCentre
  for (let guard = 0; guard < 100_000; guard++) {
    const c = queue.pop()
    if (c === undefined) break
    if (c.d > best.d) best = c
    if (c.max - best.d <= precision) continue
    const h = c.h / 2
    push(cell(c.x - h, c.y - h, h))
    push(cell(c.x + h, c.y - h, h))
    push(cell(c.x - h, c.y + h, h))
    push(cell(c.x + h, c.y + h, h))
  }
  return [best.x, best.y]
}

function signedDistance(x: number, y: number, rings: ReadonlyArray<ReadonlyArray<Pt>>): number {
  let inside = false
  let minSq = Infinity
  for (const ring of rings) {
    // Each edge joins a vertex to the one before it, the first to the last.
    let [bx, by] = ring.at(-1) ?? [0, 0]
    for (const [ax, ay] of ring) {
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
      minSq = Math.min(minSq, segmentDistSq(x, y, ax, ay, bx, by))
      bx = ax
      by = ay
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq)
}

function segmentDistSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax
  let y = ay
  let dx = bx - x
  let dy = by - y
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy)
    if (t > 1) {
      x = bx
      y = by
    } else if (t > 0) {
      x += dx * t
      y += dy * t
    }
  }
  dx = px - x
  dy = py - y
  return dx * dx + dy * dy
}

function ringArea(ring: ReadonlyArray<Pt> | Ring): number {
  let s = 0
  let [bx, by] = ring.at(-1) ?? [0, 0]
  for (const [ax, ay] of ring) {
    s += (bx - ax) * (ay + by)
    bx = ax
    by = ay
  }
  return s / 2
}

function centroid(ring: ReadonlyArray<Pt>): Pt {
  let area = 0
  let x = 0
  let y = 0
  let [bx, by] = ring.at(-1) ?? [0, 0]
  for (const [ax, ay] of ring) {
    const f = ax * by - bx * ay
    x += (ax + bx) * f
    y += (ay + by) * f
    area += f * 3
    bx = ax
    by = ay
  }
  return area === 0 ? (ring[0] ?? [0, 0]) : [x / area, y / area]
}
