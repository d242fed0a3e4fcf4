import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { boundingBox, featureRings, loadJiangsuCityBoundaries, parseCityBoundaries } from './boundaries.js'
import { labelPoint } from './label-point.js'

const regions = (
  parseYaml(readFileSync(new URL('../../../data/regions/jiangsu.yaml', import.meta.url), 'utf8')) as {
    regions: Array<{ code: string; name: string; level: string; parent: string | null }>
  }
).regions
const prefectures = new Map(regions.filter((r) => r.level === 'prefecture' && r.parent === '320000').map((r) => [r.code, r.name]))

function inside(x: number, y: number, ring: ReadonlyArray<readonly [number, number]>): boolean {
  let c = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i]!
    const [bx, by] = ring[j]!
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) c = !c
  }
  return c
}

describe('data/boundaries/jiangsu-cities.geojson', () => {
  const b = loadJiangsuCityBoundaries()

  it('has the 13 Jiangsu prefectures, each once, with the codes and names of data/regions/jiangsu.yaml', () => {
    expect(prefectures.size).toBe(13)
    expect(b.features).toHaveLength(13)
    const codes = b.features.map((f) => f.properties.code)
    expect(new Set(codes).size).toBe(13)
    for (const f of b.features) {
      expect(prefectures.get(f.properties.code), f.properties.code).toBe(f.properties.name)
    }
    expect(b.features.find((f) => f.properties.code === '320100')?.properties.name).toBe('南京市')
  })

  it('has closed rings of at least 4 positions with coordinates rounded to 5 decimals', () => {
    for (const f of b.features) {
      for (const ring of featureRings(f)) {
        expect(ring.length).toBeGreaterThanOrEqual(4)
        expect(ring[0]).toEqual(ring[ring.length - 1])
        for (const [x, y] of ring) {
          expect(Math.abs(x * 1e5 - Math.round(x * 1e5))).toBeLessThan(1e-6)
          expect(Math.abs(y * 1e5 - Math.round(y * 1e5))).toBeLessThan(1e-6)
        }
      }
    }
  })

  it('lies within Jiangsu (lon 116–122.5, lat 30.7–35.2) and spans most of it', () => {
    const [minX, minY, maxX, maxY] = boundingBox(b)
    expect(minX).toBeGreaterThanOrEqual(116)
    expect(maxX).toBeLessThanOrEqual(122.5)
    expect(minY).toBeGreaterThanOrEqual(30.7)
    expect(maxY).toBeLessThanOrEqual(35.2)
    // Not collapsed: Jiangsu spans about 116.4–121.9 E and 30.8–35.1 N.
    expect(maxX - minX).toBeGreaterThan(5)
    expect(maxY - minY).toBeGreaterThan(4)
  })

  it('places cities where they are (Nanjing south-west, Xuzhou north-west, Nantong east)', () => {
    const centre = (code: string): [number, number] => {
      const f = b.features.find((x) => x.properties.code === code)!
      return labelPoint(f.geometry)
    }
    const [njX, njY] = centre('320100')
    const [xzX, xzY] = centre('320300')
    const [ntX] = centre('320600')
    expect(njX).toBeCloseTo(118.8, 0)
    expect(njY).toBeCloseTo(32, 0)
    expect(xzX).toBeLessThan(njX)
    expect(xzY).toBeGreaterThan(34)
    expect(ntX).toBeGreaterThan(120.5)
  })

  it('gives every city a label point inside its largest polygon', () => {
    for (const f of b.features) {
      const [x, y] = labelPoint(f.geometry)
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
      expect(
        polys.some((p) => inside(x, y, p[0]!)),
        f.properties.name,
      ).toBe(true)
    }
  })

  it('rejects GeoJSON without code/name properties', () => {
    expect(() =>
      parseCityBoundaries({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [] } }],
      }),
    ).toThrow()
  })
})
