import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadJiangsuCityBoundaries } from './boundaries.js'
import { choroplethMap, type ChoroplethInput } from './choropleth-map.js'
import { rankingChart, type RankingChartInput } from './ranking-chart.js'
import { findCjkFonts, rasterize, renderSvg, svgToPng } from './render.js'
import { seriesChart, type SeriesChartInput } from './series-chart.js'

const examples = JSON.parse(readFileSync(new URL('../../../test/fixtures/charts/examples.json', import.meta.url), 'utf8')) as {
  series: SeriesChartInput
  ranking: RankingChartInput
  choropleth: Omit<ChoroplethInput, 'geojson'>
}

/** Previews for a person to look at: $TMPDIR/urbmon-charts/{series,ranking,map}.png (and .svg). */
const PREVIEW_DIR = join(tmpdir(), 'urbmon-charts')

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

describe('renderSvg', () => {
  it('renders a series chart to SVG with the Chinese title and labels as text', () => {
    const svg = renderSvg(seriesChart(examples.series), { width: 640, height: 360 })
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('width="640"')
    expect(svg).toContain('height="360"')
    expect(svg).toContain('江苏省常住人口城镇化率')
    expect(svg).toContain('2025年目标 ≥75%')
    expect(svg).toContain('90% 预测区间')
    expect(svg).toContain('Noto Sans CJK SC')
    expect(svg).toMatch(/stroke-dasharray/)
  })

  it('renders the ranking chart with every city and its rank label', () => {
    const svg = renderSvg(rankingChart(examples.ranking), { width: 640, height: 400 })
    for (const item of examples.ranking.items) expect(svg).toContain(item.name)
    expect(svg).toContain('第2名（1–3）')
  })

  it('renders the map in SSR mode with the 13 city shapes and names', () => {
    const svg = renderSvg(choroplethMap({ ...examples.choropleth, geojson: loadJiangsuCityBoundaries() }), {
      width: 640,
      height: 560,
    })
    expect(svg.startsWith('<svg')).toBe(true)
    for (const v of examples.choropleth.values) expect(svg).toContain(v.name)
    expect(svg).toContain('无数据')
    // 13 city paths (Nanjing, Nantong and Lianyungang are multi-part but drawn as one compound path each) plus the
    // visualMap bar, its handles and the missing-data key.
    const cityPaths = svg.match(/<path d="M[^"]{400,}"/g) ?? []
    expect(cityPaths.length).toBe(13)
  })

  it('rejects a silly size', () => {
    expect(() => renderSvg(rankingChart(examples.ranking), { width: 0, height: 100 })).toThrow(RangeError)
  })
})

describe('svgToPng', () => {
  it('returns a PNG of the requested width', () => {
    const svg = renderSvg(seriesChart(examples.series), { width: 640, height: 360 })
    const png = svgToPng(svg, { width: 960 })
    expect(png).toBeInstanceOf(Uint8Array)
    expect([...png.subarray(0, 8)]).toEqual(PNG_MAGIC)
    expect(pngSize(png)).toEqual({ width: 960, height: 540 })
  })

  it('reports whether a CJK font was loaded', () => {
    const r = rasterize('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text y="9">中</text></svg>', {
      width: 20,
    })
    expect(r.cjkFont).toBe(findCjkFonts().files.length > 0)
    expect(r.width).toBe(20)
  })

  it('still returns a PNG when no CJK font file is loaded, and says so', () => {
    const r = rasterize(renderSvg(rankingChart(examples.ranking), { width: 320, height: 200 }), { width: 320, fontFiles: [] })
    expect(r.cjkFont).toBe(false)
    expect(r.fontFiles).toEqual([])
    expect([...r.png.subarray(0, 8)]).toEqual(PNG_MAGIC)
    expect(pngSize(r.png).width).toBe(320)
  })

  // CI installs fonts-noto-cjk (.ci/run); without it report PNGs would show Chinese as blanks or boxes.
  it.runIf(process.env.CI)('finds a CJK font on CI', () => {
    expect(findCjkFonts().files.length).toBeGreaterThan(0)
  })

  it('writes the three example charts as PNG previews', () => {
    mkdirSync(PREVIEW_DIR, { recursive: true })
    const jobs = [
      ['series', seriesChart(examples.series), 640, 360],
      ['ranking', rankingChart(examples.ranking), 640, 400],
      ['map', choroplethMap({ ...examples.choropleth, geojson: loadJiangsuCityBoundaries() }), 640, 560],
    ] as const
    for (const [name, option, width, height] of jobs) {
      const svg = renderSvg(option, { width, height })
      const png = svgToPng(svg, { width })
      expect(pngSize(png)).toEqual({ width, height })
      writeFileSync(join(PREVIEW_DIR, `${name}.svg`), svg)
      writeFileSync(join(PREVIEW_DIR, `${name}.png`), png)
    }
  })
})
