/**
 * Periods: a year now ("2021"); quarters ("2021Q1") and months ("2021-03") have their own spelling so
 * they can be stored beside years later without a schema change.
 * @module
 */
export type Period = string

const YEAR = /^(1[89]\d{2}|20\d{2}|2100)(?:\s*年(?:末|底|度)?)?$/

/** "2021", "2021年", "2021.0" (Excel) → 2021. */
export function parseYear(raw: string): number | undefined {
  const s = raw.normalize('NFKC').trim().replace(/\.0+$/, '')
  const m = YEAR.exec(s)
  return m ? Number(m[1]) : undefined
}

/** A year found anywhere in a heading or title: "2021年", "2021年末". */
export function yearInText(text: string): number | undefined {
  const m = /(?<!\d)(19[5-9]\d|20\d{2})(?!\d)\s*(年|$|\s|[^\d])/.exec(text.normalize('NFKC'))
  return m ? Number(m[1]) : undefined
}

export const periodOfYear = (year: number): Period => String(year)

export function yearOfPeriod(period: Period): number {
  return Number(period.slice(0, 4))
}
