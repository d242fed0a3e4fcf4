/**
 * Forecasting: projects a yearly indicator series to a target year by a linear trend, compound growth, a fitted
 * logistic S-curve, or the UN's urban–rural growth difference (URGD), with bootstrap intervals and the simulated
 * values a probability of meeting a goal is read from. Pure: randomness comes in as options.rng.
 *
 * @example
 * const f = forecast(jiangsuRate, { method: 'auto', toYear: 2025, bounds: [0, 100], rng: mulberry32(2025) })
 * if (f.ok) probabilityOfMeeting(f.value, { comparator: '>=', value: 75 })
 * @module
 */
export { forecast } from './forecast.js'
export { forecastErrorParams } from './model.js'
export { mulberry32 } from './mulberry32.js'
export { probabilityOfMeeting } from './probability-of-meeting.js'
export type { Forecast, ForecastError, ForecastMethod, ForecastNote, ForecastOptions, ForecastPoint, Goal, InvalidInputIssue, Point } from './model.js'
