/**
 * Report charts: option builders (data in, ECharts option out) and the server-side renderers (SVG, PNG).
 * @module
 */
export { seriesChart, SERIES_CHART_NAMES } from './series-chart.js'
export type { SeriesChartInput, SeriesChartTarget, SeriesChartForecast, SeriesPoint, ForecastPoint } from './series-chart.js'
export { rankingChart, rankLabel, RANKING_DEFAULT_SUBTITLE } from './ranking-chart.js'
export type { RankingChartInput, RankingItem } from './ranking-chart.js'
export { choroplethMap, registerCityMap, defaultMapName, NO_DATA_LABEL } from './choropleth-map.js'
export type { ChoroplethInput, ChoroplethValue } from './choropleth-map.js'
export { loadJiangsuCityBoundaries, parseCityBoundaries, featureRings, boundingBox, JIANGSU_CITIES_GEOJSON } from './boundaries.js'
export type { CityBoundaries, CityFeature, CityGeometry, Position, Ring } from './boundaries.js'
export { renderSvg, svgToPng, rasterize, findCjkFonts, CJK_FONT_CANDIDATES } from './render.js'
export type { RenderSize, RasterizeOptions, RasterizeResult, FontCandidate } from './render.js'
export { FONT_FAMILY, formatNumber } from './theme.js'
