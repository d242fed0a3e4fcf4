/**
 * Choropleth map of the cities: each city coloured by its value on a continuous visualMap scale, cities without a
 * value grey and labelled "无数据", every city labelled with its name and value.
 *
 * ECharts draws maps only from a map registered by name (`echarts.registerMap`), so `choroplethMap` registers the
 * given boundaries under `mapName` (default: a name derived from the boundaries' content) in this process before it
 * returns. That is its only side effect; the option itself is plain data. To render the option in another process
 * (e.g. a browser), register the same GeoJSON under `option.series[0].map` there first.
 * @module
 */
import * as echarts from 'echarts'
import type { EChartsOption, MapSeriesOption } from 'echarts'
import type { CityBoundaries } from './boundaries.js'
import { labelPoint } from './label-point.js'
import { COLORS, FONT_FAMILY, TEXT, baseOption, decimalsFor, formatFixed, titleOption } from './theme.js'

export interface ChoroplethValue {
  /** GB/T 2260 code of the city, matched to the boundaries' `properties.code`. */
  readonly code: string
  readonly name: string
  /** `null` = no data (grey, "无数据"). */
  readonly value: number | null
}

export interface ChoroplethInput {
  readonly title: string
  readonly subtitle?: string
  readonly unit: string
  readonly values: ReadonlyArray<ChoroplethValue>
  readonly geojson: CityBoundaries
  /** Name to register the map under; default derived from the boundaries' content. */
  readonly mapName?: string
  /** Scale ends; default the smallest and largest value. */
  readonly min?: number
  readonly max?: number
  /** Decimals in labels and on the scale; default 1, or 0 when all values are whole numbers. */
  readonly decimals?: number
}

export const NO_DATA_LABEL = '无数据'

const registered = new Map<string, CityBoundaries>()
const derivedNames = new WeakMap<CityBoundaries, string>()

/** Registers `boundaries` with ECharts under `mapName` (again only if a different object was registered there). */
export function registerCityMap(mapName: string, boundaries: CityBoundaries): void {
  if (registered.get(mapName) === boundaries) return
  // ECharts reads the GeoJSON (nameProperty "name"); it does not modify plain (non-compressed) GeoJSON.
  // Label anchors: ECharts places a region's label at `properties.cp` when given, else at the centroid of its
  // polygon with the most points, which can sit on a border; the pole of inaccessibility stays well inside.
  const withAnchors = {
    type: 'FeatureCollection',
    features: boundaries.features.map((f) => ({
      type: 'Feature',
      properties: { ...f.properties, cp: labelPoint(f.geometry) },
      geometry: f.geometry,
    })),
  }
  // The cast is the only way in: ECharts' GeoJSON type is not exported and this is a valid instance of it.
  echarts.registerMap(mapName, withAnchors as unknown as Parameters<typeof echarts.registerMap>[1])
  registered.set(mapName, boundaries)
}

/** A stable map name for a boundary set: "urbmon-cities-" + FNV-1a hash of its JSON. */
export function defaultMapName(boundaries: CityBoundaries): string {
  const cached = derivedNames.get(boundaries)
  if (cached) return cached
  const text = JSON.stringify(boundaries)
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  const name = `urbmon-cities-${(h >>> 0).toString(16).padStart(8, '0')}`
  derivedNames.set(boundaries, name)
  return name
}

export function choroplethMap(input: ChoroplethInput): EChartsOption {
  const features = input.geojson.features
  if (features.length === 0) throw new Error('choroplethMap: the boundaries have no features') // programmer error: the bundled boundaries
  const featureCodes = new Set(features.map((f) => f.properties.code))
  const byCode = new Map<string, number | null>()
  for (const v of input.values) {
    if (!featureCodes.has(v.code)) throw new Error(`choroplethMap: ${v.code} ${v.name} is not a region of the map`)
    if (byCode.has(v.code)) throw new Error(`choroplethMap: ${v.code} ${v.name} given twice`)
    byCode.set(v.code, v.value !== null && Number.isFinite(v.value) ? v.value : null)
  }

  const present = [...byCode.values()].filter((v): v is number => v !== null)
  const decimals = input.decimals ?? Math.min(1, decimalsFor(present))
  let min = input.min ?? (present.length > 0 ? Math.min(...present) : 0)
  let max = input.max ?? (present.length > 0 ? Math.max(...present) : 1)
  if (max <= min) max = min + 1
  if (!Number.isFinite(min)) min = 0

  const mapName = input.mapName ?? defaultMapName(input.geojson)
  registerCityMap(mapName, input.geojson)

  let missing = 0
  const data: NonNullable<MapSeriesOption['data']> = features.map((f) => {
    const name = f.properties.name
    const value = byCode.get(f.properties.code) ?? null
    if (value === null) {
      missing++
      return {
        name,
        value: '-',
        itemStyle: { areaColor: COLORS.missing },
        label: { formatter: `${name}\n${NO_DATA_LABEL}`, color: TEXT.muted },
      }
    }
    // White text on the darker half of the ramp, dark text (with a light halo) on the lighter half.
    const dark = (value - min) / (max - min) > 0.55
    return {
      name,
      value,
      label: {
        formatter: `${name}\n${formatFixed(value, decimals)}`,
        ...(dark ? { color: '#ffffff', textBorderColor: 'rgba(0, 0, 0, 0.25)', textBorderWidth: 1 } : {}),
      },
    }
  })

  const [minLat, maxLat] = latitudeRange(input.geojson)
  const series: MapSeriesOption = {
    type: 'map',
    name: input.title,
    map: mapName,
    // Longitude degrees are shorter than latitude degrees by cos(latitude).
    aspectScale: Math.round(Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180) * 1000) / 1000,
    roam: false,
    selectedMode: false,
    left: 'center',
    top: input.subtitle || input.unit ? 58 : 44,
    bottom: 16,
    itemStyle: { borderColor: COLORS.border, borderWidth: 1, areaColor: COLORS.missing },
    label: {
      show: true,
      fontFamily: FONT_FAMILY,
      fontSize: TEXT.labelSize,
      lineHeight: 13,
      color: '#1a1a1a',
      textBorderColor: 'rgba(255, 255, 255, 0.85)',
      textBorderWidth: 2,
    },
    emphasis: { disabled: true },
    data,
  }

  const graphic =
    missing > 0
      ? [
          {
            type: 'group' as const,
            left: 16,
            bottom: 16,
            children: [
              {
                type: 'rect' as const,
                shape: { x: 0, y: 0, width: 14, height: 10 },
                style: { fill: COLORS.missing, stroke: '#bbbbbb' },
              },
              {
                type: 'text' as const,
                x: 20,
                y: -1,
                style: { text: NO_DATA_LABEL, fill: TEXT.color, font: `${TEXT.labelSize}px ${FONT_FAMILY}` },
              },
            ],
          },
        ]
      : []

  const unitText = `单位：${input.unit}`
  return {
    ...baseOption(),
    title: titleOption(input.title, input.subtitle ? `${input.subtitle}　${unitText}` : unitText),
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min,
      max,
      calculable: false,
      orient: 'vertical',
      left: 16,
      bottom: missing > 0 ? 40 : 16,
      itemWidth: 12,
      itemHeight: 100,
      text: [formatFixed(max, decimals), formatFixed(min, decimals)],
      textGap: 6,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: TEXT.labelSize, color: TEXT.color },
      inRange: { color: [...COLORS.ramp] },
      outOfRange: { color: [COLORS.missing] },
    },
    graphic,
    series: [series],
  }
}

function latitudeRange(b: CityBoundaries): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const f of b.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    for (const p of polys)
      for (const r of p)
        for (const [, y] of r) {
          lo = Math.min(lo, y)
          hi = Math.max(hi, y)
        }
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 0]
}
