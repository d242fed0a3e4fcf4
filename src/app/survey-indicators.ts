/**
 * A public survey's dimension scores as indicators of the composite index: a framework may name
 * `survey:<questionnaire>:<dimension>` beside the store's indicators. Its value for a city and a year is the
 * dimension's score on 0–100 (the scale's minimum → 0, its maximum → 100) from the responses received in that
 * year (UTC), and only when the city has at least the questionnaire's minimum sample: below it the cell is a gap,
 * which the framework's lookback and missing-data policy handle like any other.
 * @module
 */
import type { ExtraIndicators, Framework } from '../evaluation/index.js'
import { surveyResults } from '../evaluation/survey/survey-results.js'
import type { Context } from './context.js'
import { defaultQuestionnaires, type QuestionnaireCatalog } from './surveys.js'

export const SURVEY_INDICATOR_PREFIX = 'survey:'

/** `survey:<questionnaire>:<dimension>` → its parts; undefined for any other id. */
export function parseSurveyIndicator(id: string): { questionnaire: string; dimension: string } | undefined {
  const m = /^survey:([a-z0-9][a-z0-9_-]*):([a-z][a-z0-9_]*)$/.exec(id)
  return m?.[1] && m[2] ? { questionnaire: m[1], dimension: m[2] } : undefined
}

/** The survey indicators a framework names, read from the store; undefined when it names none. */
export async function surveyIndicators(
  ctx: Pick<Context, 'surveyResponses'>,
  framework: Framework,
  catalog: QuestionnaireCatalog = defaultQuestionnaires(),
): Promise<ExtraIndicators | undefined> {
  const ids = framework.dimensions.flatMap((d) => d.indicators.map((i) => i.indicator)).filter((id) => id.startsWith(SURVEY_INDICATOR_PREFIX))
  if (ids.length === 0) return undefined
  // id → `${region}|${year}` → score
  const scores = new Map<string, Map<string, number>>()
  const described = new Map<string, { name: string; nameEn: string; unit: string; direction: 'higher' }>()
  for (const id of ids) {
    const parts = parseSurveyIndicator(id)
    const q = parts ? catalog.get(parts.questionnaire) : undefined
    const dim = q?.dimensions.find((d) => d.id === parts?.dimension)
    if (!parts || !q || !dim) continue
    described.set(id, { name: `${q.name}：${dim.name}`, nameEn: `${q.nameEn}: ${dim.nameEn}`, unit: '分（0–100）', direction: 'higher' })
    const rows = await ctx.surveyResponses.list({ questionnaire: q.id })
    const byYear = new Map<number, typeof rows>()
    for (const r of rows) {
      const y = Number(r.receivedAt.slice(0, 4))
      byYear.set(y, [...(byYear.get(y) ?? []), r])
    }
    const values = new Map<string, number>()
    for (const [year, list] of byYear) for (const res of surveyResults(q, list)) if (res.dimension === dim.id && res.score !== null) values.set(`${res.region}|${year}`, res.score)
    scores.set(id, values)
  }
  return {
    describe: (id) => described.get(id),
    value: (id, region, year) => {
      const v = scores.get(id)?.get(`${region}|${year}`)
      return v === undefined ? undefined : { value: v, source: id, origin: 'survey' }
    },
  }
}
