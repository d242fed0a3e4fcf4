/**
 * The composite index's method names in words, as the CLI, the reports and the web page show them (never the
 * framework's codes such as `minmax` or `equal`).
 * @module
 */

type Name = { readonly zh: string; readonly en: string }

export const NORMALISATION_NAMES: Readonly<Record<string, Name>> = {
  minmax: { zh: '极差（最小–最大）标准化', en: 'min–max normalisation' },
  zscore: { zh: 'Z 分数标准化', en: 'z-score standardisation' },
  rank: { zh: '排序标准化', en: 'rank normalisation' },
  target: { zh: '距目标距离标准化', en: 'distance-to-target normalisation' },
  vector: { zh: '向量标准化', en: 'vector normalisation' },
}

export const WEIGHTING_NAMES: Readonly<Record<string, Name>> = {
  equal: { zh: '等权重', en: 'equal weights' },
  expert: { zh: '专家权重', en: 'expert weights' },
  ahp: { zh: '层次分析法（AHP）权重', en: 'AHP weights' },
  entropy: { zh: '熵权法权重', en: 'entropy weights' },
  critic: { zh: 'CRITIC 法权重', en: 'CRITIC weights' },
}

export const AGGREGATION_NAMES: Readonly<Record<string, Name>> = {
  arithmetic: { zh: '加权算术平均合成', en: 'weighted arithmetic aggregation' },
  geometric: { zh: '加权几何平均合成', en: 'weighted geometric aggregation' },
  topsis: { zh: 'TOPSIS（逼近理想解）合成', en: 'TOPSIS aggregation' },
}

export const MISSING_POLICY_NAMES: Readonly<Record<string, Name>> = {
  impute: { zh: '以参评地区均值插补缺失值', en: 'gaps filled with the mean of the ranked regions' },
  exclude: { zh: '有缺失值的地区不参评', en: 'regions with any gap are not ranked' },
  fail: { zh: '不允许缺失值', en: 'no gaps allowed' },
}

const pick = (table: Readonly<Record<string, Name>>, code: string, lang: 'zh' | 'en'): string => table[code]?.[lang] ?? code

/** "极差（最小–最大）标准化、等权重、加权算术平均合成" / "min–max normalisation, equal weights, weighted arithmetic aggregation". */
export function methodSentence(method: { readonly normalisation: string; readonly weighting: string; readonly aggregation: string }, lang: 'zh' | 'en'): string {
  const parts = [pick(NORMALISATION_NAMES, method.normalisation, lang), pick(WEIGHTING_NAMES, method.weighting, lang), pick(AGGREGATION_NAMES, method.aggregation, lang)]
  return parts.join(lang === 'zh' ? '、' : ', ')
}

export const normalisationName = (code: string, lang: 'zh' | 'en'): string => pick(NORMALISATION_NAMES, code, lang)
export const weightingName = (code: string, lang: 'zh' | 'en'): string => pick(WEIGHTING_NAMES, code, lang)
export const aggregationName = (code: string, lang: 'zh' | 'en'): string => pick(AGGREGATION_NAMES, code, lang)
