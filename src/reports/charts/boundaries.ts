/**
 * City boundaries for choropleth maps: the GeoJSON shape urbmon uses and the bundled Jiangsu file
 * `data/boundaries/jiangsu-cities.geojson` (simplified, for illustration only, not a legal map: see
 * data/boundaries/SOURCE.md).
 * @module
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'

export type Position = readonly [number, number]
export type Ring = ReadonlyArray<Position>

export type CityGeometry =
  { readonly type: 'Polygon'; readonly coordinates: ReadonlyArray<Ring> } | { readonly type: 'MultiPolygon'; readonly coordinates: ReadonlyArray<ReadonlyArray<Ring>> }

export interface CityFeature {
  readonly type: 'Feature'
  /** GB/T 2260 code and name, e.g. `{ code: "320100", name: "南京市" }`. */
  readonly properties: { readonly code: string; readonly name: string }
  readonly geometry: CityGeometry
}

export interface CityBoundaries {
  readonly type: 'FeatureCollection'
  readonly features: ReadonlyArray<CityFeature>
}

/** Path of the bundled Jiangsu file (13 设区市). */
export const JIANGSU_CITIES_GEOJSON = new URL('../../../data/boundaries/jiangsu-cities.geojson', import.meta.url)

const position = z.tuple([z.number(), z.number()])
const ring = z.array(position).min(4)
const cityBoundaries = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) }),
      geometry: z.discriminatedUnion('type', [
        z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
        z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
      ]),
    }),
  ),
})

/** Validates GeoJSON text or a parsed object into CityBoundaries (properties `code` and `name` required). */
export function parseCityBoundaries(input: unknown): CityBoundaries {
  const data: unknown = typeof input === 'string' ? JSON.parse(input) : input
  return cityBoundaries.parse(data)
}

let jiangsuCache: CityBoundaries | undefined

/** The bundled Jiangsu city boundaries (read once, then cached). */
export function loadJiangsuCityBoundaries(): CityBoundaries {
  jiangsuCache ??= parseCityBoundaries(readFileSync(JIANGSU_CITIES_GEOJSON, 'utf8'))
  return jiangsuCache
}

/** Every ring of a feature, exteriors and holes. */
export function featureRings(feature: CityFeature): Ring[] {
  const g = feature.geometry
  return g.type === 'Polygon' ? [...g.coordinates] : g.coordinates.flatMap((p) => [...p])
}

/** [minLon, minLat, maxLon, maxLat] of a collection. */
export function boundingBox(boundaries: CityBoundaries): [number, number, number, number] {
  let box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const f of boundaries.features) {
    for (const r of featureRings(f)) {
      for (const [x, y] of r) box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]
    }
  }
  return box
}
