/**
 * How good a source is (its grade), how sure the evidence is of one figure (its confidence), and when the source
 * published its figures (its vintage): what the preferred-source rule (src/monitoring/preferred-source.ts) orders by.
 * @module
 */

/** Best first; `unrated` (a source nobody graded) is always last. */
export const SOURCE_GRADES = ['yearbook', 'bulletin', 'government', 'news', 'secondary', 'unrated'] as const
export type SourceGrade = (typeof SOURCE_GRADES)[number]

/** Best first. A figure may have none (absent sorts after `low`). */
export const CONFIDENCES = ['high', 'medium', 'low'] as const
export type Confidence = (typeof CONFIDENCES)[number]

/** Where a source's grade came from, strongest first: a reviewer's regrade, the registry file, an importer's word, a host rule. */
export const GRADE_BASES = ['reviewer', 'registry', 'stated', 'host', 'none'] as const
export type GradeBasis = (typeof GRADE_BASES)[number]

/** 0 for the best grade, 5 for `unrated`. */
export function gradeRank(grade: SourceGrade): number {
  return SOURCE_GRADES.indexOf(grade)
}

/** 0 for high, 1 medium, 2 low, 3 for a figure without a stated confidence. */
export function confidenceRank(confidence: Confidence | null | undefined): number {
  return confidence ? CONFIDENCES.indexOf(confidence) : CONFIDENCES.length
}

export function isSourceGrade(s: string): s is SourceGrade {
  return (SOURCE_GRADES as ReadonlyArray<string>).includes(s)
}

const CONFIDENCE_WORDS: Readonly<Record<string, Confidence>> = {
  high: 'high',
  medium: 'medium',
  low: 'low',
  高: 'high',
  中: 'medium',
  低: 'low',
}

/** A confidence as a file writes it (high/medium/low, 高/中/低, any case); undefined when it is none of them. */
export function parseConfidence(raw: string): Confidence | undefined {
  return CONFIDENCE_WORDS[raw.normalize('NFKC').trim().toLowerCase()]
}

/** The accepted spellings, for messages. */
export const CONFIDENCE_SPELLINGS = 'high, medium, low, 高, 中, 低'

/** `2019` or an ISO date `2019-05-01`: these compare correctly as strings. */
export const VINTAGE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/

/** The host of a source address (`http://tj.jiangsu.gov.cn/…` → `tj.jiangsu.gov.cn`), lower case; undefined for text that is not a URL. */
export function sourceHost(source: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/:?#]+)/i.exec(source.trim())
  return m?.[1]?.toLowerCase()
}

/** Whether `host` is `rule` or a sub-domain of it (`tj.jiangsu.gov.cn` matches `jiangsu.gov.cn`, not `ngsu.gov.cn`). */
export function hostMatches(host: string, rule: string): boolean {
  const r = rule.toLowerCase().replace(/^\.+/, '')
  return host === r || host.endsWith(`.${r}`)
}
