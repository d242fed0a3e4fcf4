/**
 * Renders chart options server-side: ECharts SSR to an SVG string, and resvg to PNG (for DOCX and previews).
 *
 * PNG text needs a CJK font on the machine. `svgToPng` looks for Noto Sans CJK (Debian/Ubuntu package
 * `fonts-noto-cjk`) and other common CJK fonts (see `CJK_FONT_CANDIDATES`, or set URBMON_CHART_FONTS to font file
 * paths separated by the platform's path delimiter). If none is found it still returns a PNG, rendered with the
 * system fonts, in which Chinese text may be missing or show as boxes; it then emits a process warning once
 * (code URBMON_NO_CJK_FONT), and `rasterize` reports `cjkFont: false`.
 * @module
 */
import { existsSync } from 'node:fs'
import { delimiter } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import * as echarts from 'echarts'
import type { EChartsOption } from 'echarts'

export interface RenderSize {
  readonly width: number
  readonly height: number
}

/** Renders an option to a standalone SVG document of the given size (pixels). */
export function renderSvg(option: EChartsOption, size: RenderSize): string {
  checkSize(size.width, 'width')
  checkSize(size.height, 'height')
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    chart.setOption({ animation: false, ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/** A CJK font file and the family name it provides. */
export interface FontCandidate {
  readonly path: string
  readonly family: string
}

/** Where common CJK fonts live (Debian/Ubuntu, Fedora, Arch, Alpine, macOS, Windows), in order of preference. */
export const CJK_FONT_CANDIDATES: ReadonlyArray<FontCandidate> = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYi Zen Hei' },
  { path: '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', family: 'Droid Sans Fallback' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFang SC' },
  { path: '/System/Library/Fonts/Hiragino Sans GB.ttc', family: 'Hiragino Sans GB' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'Microsoft YaHei' },
  { path: 'C:\\Windows\\Fonts\\msyhbd.ttc', family: 'Microsoft YaHei' },
  { path: 'C:\\Windows\\Fonts\\simhei.ttf', family: 'SimHei' },
]

/**
 * CJK font files found on this machine: URBMON_CHART_FONTS if set (all its existing files), else every existing
 * candidate of the first family found (regular and bold).
 */
export function findCjkFonts(env: NodeJS.ProcessEnv = process.env): { files: string[]; family: string | null } {
  const fromEnv = env.URBMON_CHART_FONTS?.split(delimiter).filter((p) => p !== '' && existsSync(p)) ?? []
  if (fromEnv.length > 0) return { files: fromEnv, family: null }
  const first = CJK_FONT_CANDIDATES.find((c) => existsSync(c.path))
  if (!first) return { files: [], family: null }
  const files = CJK_FONT_CANDIDATES.filter((c) => c.family === first.family && existsSync(c.path)).map((c) => c.path)
  return { files: [...new Set(files)], family: first.family }
}

export interface RasterizeOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. */
  readonly width: number
  /** Font files to load instead of the detected CJK fonts. */
  readonly fontFiles?: ReadonlyArray<string>
  /** Also load the system fonts (slower). Default: only when no CJK font file is found or given. */
  readonly loadSystemFonts?: boolean
  /** Background colour; default white. */
  readonly background?: string
}

export interface RasterizeResult {
  /** PNG bytes. */
  readonly png: Uint8Array
  readonly width: number
  readonly height: number
  /** The font files loaded (besides system fonts). */
  readonly fontFiles: ReadonlyArray<string>
  /** Whether a CJK font file was loaded; false means Chinese text may be missing from the PNG. */
  readonly cjkFont: boolean
}

let warnedNoCjkFont = false

/** SVG → PNG with resvg, loading CJK fonts so Chinese text renders. */
export function rasterize(svg: string, options: RasterizeOptions): RasterizeResult {
  checkSize(options.width, 'width')
  // Given font files come without a family name; detected ones name theirs when it is known.
  const fonts = options.fontFiles ? { files: options.fontFiles.filter((p) => existsSync(p)), family: null } : findCjkFonts()
  const fontFiles = fonts.files
  const cjkFont = fontFiles.length > 0
  if (!cjkFont && !warnedNoCjkFont) {
    warnedNoCjkFont = true
    process.emitWarning(
      'no CJK font file loaded: chart PNGs are rendered with system fonts and Chinese text may be missing. ' +
        'Install fonts-noto-cjk (Debian/Ubuntu) or set URBMON_CHART_FONTS to a CJK font file.',
      { code: 'URBMON_NO_CJK_FONT' },
    )
  }
  const family = fonts.family ?? undefined
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(options.width) },
    background: options.background ?? '#ffffff',
    font: {
      fontFiles: [...fontFiles],
      loadSystemFonts: options.loadSystemFonts ?? !cjkFont,
      ...(family ? { defaultFontFamily: family, sansSerifFamily: family } : {}),
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  })
  const image = resvg.render()
  const png = image.asPng()
  return {
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width: image.width,
    height: image.height,
    fontFiles,
    cjkFont,
  }
}

/** SVG → PNG bytes of the given width (see `rasterize` for the font behaviour). */
export function svgToPng(svg: string, options: RasterizeOptions): Uint8Array {
  return rasterize(svg, options).png
}

function checkSize(v: number, what: string): void {
  if (!Number.isFinite(v) || v <= 0 || v > 10_000) throw new RangeError(`chart ${what} must be 1–10000 px, got ${v}`)
}
