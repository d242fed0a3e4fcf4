/**
 * The report's figures drawn with ECharts on the server (SVG for HTML, PNG through resvg for DOCX).
 * @module
 */
import { choroplethMap, loadJiangsuCityBoundaries, rankingChart, rasterize, renderSvg, seriesChart } from '../reports/charts/index.js'
import type { Figure, FigureMaker } from '../reports/build-report.js'

function draw(option: Parameters<typeof renderSvg>[0], width: number, height: number, png: boolean): Figure {
  const svg = renderSvg(option, { width, height })
  return { svg, width, height, ...(png ? { png: rasterize(svg, { width: width * 2 }).png } : {}) }
}

/** `png: false` skips rasterising (the HTML report needs SVG only). */
export function echartsFigures(options: { png: boolean }): FigureMaker {
  return {
    series: (i) =>
      draw(
        seriesChart({
          title: i.title,
          unit: i.unit,
          series: [{ name: '实际值', points: i.points }],
          ...(i.target ? { target: i.target } : {}),
          ...(i.forecast ? { forecast: { points: i.forecast } } : {}),
        }),
        640,
        360,
        options.png,
      ),
    ranking: (i) => draw(rankingChart({ title: i.title, items: i.items, decimals: 3 }), 640, Math.max(240, 60 + 28 * i.items.length), options.png),
    map: (i) => draw(choroplethMap({ title: i.title, unit: i.unit, values: i.values, geojson: loadJiangsuCityBoundaries() }), 640, 560, options.png),
  }
}
