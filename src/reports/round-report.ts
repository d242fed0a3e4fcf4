/**
 * The consolidated report of an evaluation round (issue 16): the mid-term, final or annual evaluation as the
 * round recorded it — per target the computed status and trend beside each city's self-rating and the third-party
 * evaluator's rating and findings, with the disagreements listed; per city its self-evaluation summary, the public
 * survey (mean, 95 % interval, sample size; nothing below the questionnaire's minimum sample) and its index rank
 * with the rank interval; an annex of every evidence file (name, size, SHA-256, item) and of every cited figure
 * with its source and grade. Pure: the round comes in as data (`GET /api/rounds/{id}/consolidated`), names from the
 * plan through `RoundReportNames`; the spec goes to the same DOCX and HTML renderers as the other reports.
 * @module
 */
import type { Status } from '../monitoring/index.js'
import { STATUS_NAMES } from '../i18n/status-names.js'
import type { Block, Inline, ReportSpec } from './report-spec.js'

type Tone = 'good' | 'warn' | 'bad' | 'none'

/** The round as `GET /api/rounds/{id}` shows it (the fields the report uses). */
export interface RoundReportRound {
  readonly id: number
  readonly kind: 'annual' | 'midterm' | 'final'
  readonly year: number
  readonly title: string
  readonly titleEn: string
  readonly regions: ReadonlyArray<string>
  readonly phase: string
  readonly deadlines: { readonly selfEvaluation: string | null; readonly thirdPartyReview: string | null; readonly consolidation: string | null }
  readonly scale: { readonly min: number; readonly max: number }
  readonly evaluators: ReadonlyArray<{ readonly username: string; readonly regions: ReadonlyArray<string> }>
  readonly survey: string | null
  readonly createdBy: string
  readonly createdAt: string
  readonly closedAt: string | null
}

/** The consolidated round (the shared design's `ConsolidatedRound`), read-only. */
export interface ConsolidatedRoundData {
  readonly round: RoundReportRound
  readonly targets: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly nameEn: string
    readonly computed: {
      readonly status: Status | null
      readonly trend: string | null
      readonly forecast: number | null
      readonly probability: number | null
      readonly value: number | null
      readonly year: number | null
      readonly warnings: ReadonlyArray<{ readonly kind: string; readonly severity: string }>
    }
    readonly cities: ReadonlyArray<{
      readonly region: string
      readonly self: Status | null
      readonly rating: Status | null
      readonly score: number | null
      readonly findings: string | null
      readonly flagged: boolean
    }>
    readonly disagreements: ReadonlyArray<{ readonly region: string; readonly self: Status; readonly rating: Status | null; readonly computed: Status | null }>
  }>
  readonly cities: ReadonlyArray<{
    readonly region: string
    readonly name: string
    readonly nameEn: string
    readonly submitted: number
    readonly accepted: number
    readonly items: number
    readonly selfSummary: ReadonlyArray<{ readonly status: Status; readonly count: number }>
    readonly survey: ReadonlyArray<{
      readonly dimension: string
      readonly name: string
      readonly nameEn: string
      readonly n: number
      readonly shown: boolean
      readonly mean: number | null
      readonly ciLow: number | null
      readonly ciHigh: number | null
    }>
    readonly index: { readonly rank: number | null; readonly rankLow: number | null; readonly rankHigh: number | null; readonly score: number | null }
  }>
  readonly evidence: ReadonlyArray<{
    readonly round: number
    readonly region: string
    readonly kind: string
    readonly itemId: string
    readonly id: number
    readonly fileName: string
    readonly size: number
    readonly sha256: string
  }>
  readonly sources: ReadonlyArray<{
    readonly observation: number
    readonly indicator: string
    readonly region: string
    readonly year: number
    readonly value: number
    readonly source: string
    readonly sourceGrade: string
  }>
}

interface Named {
  readonly name: string
  readonly nameEn: string
}

/** Names from the plan and the regions catalogue; an unknown id is shown as itself. */
export interface RoundReportNames {
  readonly planTitle: string
  readonly planTitleEn: string
  readonly region: (code: string) => Named | undefined
  readonly indicator: (id: string) => (Named & { readonly unit: string }) | undefined
  /** A target or task of the plan (evidence names the item it belongs to). */
  readonly item: (kind: string, id: string) => Named | undefined
  /** A target's indicator and region, so its computed figure is footnoted with the cited source of that cell. */
  readonly targetCell?: (id: string) => { readonly indicator: string; readonly region: string } | undefined
}

export interface RoundReportInput {
  readonly lang: 'zh' | 'en'
  readonly consolidated: ConsolidatedRoundData
  readonly names: RoundReportNames
  readonly generatedAt: string
}

const KIND_NAME: Record<RoundReportRound['kind'], { zh: string; en: string }> = {
  annual: { zh: '年度评估', en: 'Annual evaluation' },
  midterm: { zh: '中期评估', en: 'Mid-term evaluation' },
  final: { zh: '总结评估', en: 'Final evaluation' },
}

const PHASE_NAME: Readonly<Record<string, { zh: string; en: string }>> = {
  draft: { zh: '草拟', en: 'draft' },
  self_evaluation: { zh: '城市自评', en: 'self-evaluation' },
  third_party_review: { zh: '第三方评估', en: 'third-party review' },
  consolidation: { zh: '汇总', en: 'consolidation' },
  closed: { zh: '已结束', en: 'closed' },
}

/** The monitoring engine's trend words, when the server sends one of them; anything else is shown as sent. */
const TREND_NAME: Readonly<Record<string, { zh: string; en: string }>> = {
  improving: { zh: '向好', en: 'improving' },
  worsening: { zh: '走弱', en: 'worsening' },
  stable: { zh: '平稳', en: 'stable' },
  rising: { zh: '上升', en: 'rising' },
  falling: { zh: '下降', en: 'falling' },
  flat: { zh: '持平', en: 'flat' },
  up: { zh: '上升', en: 'up' },
  down: { zh: '下降', en: 'down' },
}

/** The source grades in words (as the other reports' footnotes name them). */
const GRADE_NAME: Readonly<Record<string, { zh: string; en: string }>> = {
  yearbook: { zh: '统计年鉴', en: 'Statistical yearbook' },
  bulletin: { zh: '统计公报', en: 'Statistical bulletin' },
  government: { zh: '政府发布', en: 'Government publication' },
  news: { zh: '新闻报道', en: 'News report' },
  secondary: { zh: '二手来源', en: 'Secondary source' },
  unrated: { zh: '未评级', en: 'Not graded' },
}

/** Status order for "better than": achieved > on_track > at_risk > off_track > regressing; no data is unranked. */
const STATUS_ORDER: ReadonlyArray<Status> = ['achieved', 'on_track', 'at_risk', 'off_track', 'regressing', 'no_data']

const DIGITS_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 13 → 十三, 21 → 二十一 (chapter and section numbers; above 99 the digits). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS_ZH[tens]}十`}${DIGITS_ZH[ones]}`
}

/** A number for a table: grouped, at most `d` decimals, a dash when there is none. */
export function formatNumber(x: number | null | undefined, d = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  return (Math.round(x * 10 ** d) / 10 ** d).toLocaleString('en-US', { maximumFractionDigits: d })
}

/** A survey mean with its 95 % interval, fixed to two decimals: "4.20（3.95–4.45）". */
export function formatMeanCi(mean: number | null, low: number | null, high: number | null, zh: boolean): string {
  if (mean === null || !Number.isFinite(mean)) return '—'
  const m = mean.toFixed(2)
  if (low === null || high === null) return m
  return zh ? `${m}（${low.toFixed(2)}–${high.toFixed(2)}）` : `${m} (${low.toFixed(2)}–${high.toFixed(2)})`
}

/** A rank with its interval: "3（2–5）"; the interval is left out when it is the rank itself. */
export function formatRank(rank: number | null, low: number | null, high: number | null, zh: boolean): string {
  if (rank === null) return '—'
  if (low === null || high === null || (low === rank && high === rank)) return String(rank)
  return zh ? `${rank}（${low}–${high}）` : `${rank} (${low}–${high})`
}

export function buildRoundReport(input: RoundReportInput): ReportSpec {
  const zh = input.lang === 'zh'
  const L = (a: string, b: string) => (zh ? a : b)
  const sep = zh ? '，' : ', '
  const { consolidated: c, names } = input
  const round = c.round
  const kind = KIND_NAME[round.kind]
  const nameOf = (n: Named | undefined, fallback: string) => (n === undefined ? fallback : zh ? n.name : n.nameEn || n.name)
  const cityByCode = new Map(c.cities.map((x) => [x.region, x]))
  const regionName = (code: string) => {
    const city = cityByCode.get(code)
    return city ? nameOf(city, code) : nameOf(names.region(code), code)
  }
  const status = (s: Status | null | undefined, none = L('未评定', 'Not rated')) => {
    if (s === null || s === undefined) return none
    const n = STATUS_NAMES[s]
    return zh ? n.zh : n.en.charAt(0).toUpperCase() + n.en.slice(1)
  }
  const tone = (s: Status | null): Tone => (s === null ? 'none' : STATUS_NAMES[s].tone)
  const trend = (t: string | null) => (t === null ? '—' : ((zh ? TREND_NAME[t]?.zh : TREND_NAME[t]?.en) ?? t))
  const grade = (g: string) => (zh ? GRADE_NAME[g]?.zh : GRADE_NAME[g]?.en) ?? g
  const indicatorName = (id: string) => nameOf(names.indicator(id), id)
  const unitOf = (id: string) => names.indicator(id)?.unit ?? ''
  const withUnit = (value: string, unit: string) => (unit === '' || value === '—' ? value : unit === '%' ? `${value}%` : `${value} ${unit}`)
  const day = (iso: string | null) => (iso === null ? '—' : iso.slice(0, 10))

  // A computed figure whose cell a self-evaluation cites is footnoted with that figure's source; annex B lists all.
  const sourceNotes: string[] = []
  const noteOf = (s: ConsolidatedRoundData['sources'][number]): string => {
    const text = zh
      ? `${indicatorName(s.indicator)}，${regionName(s.region)}，${s.year} 年：${formatNumber(s.value, 6)}。来源：${s.source}（来源等级：${grade(s.sourceGrade)}；观测值 #${s.observation}）`
      : `${indicatorName(s.indicator)}, ${regionName(s.region)}, ${s.year}: ${formatNumber(s.value, 6)}. Source: ${s.source} (source grade: ${grade(s.sourceGrade)}; observation #${s.observation})`
    if (!sourceNotes.includes(text)) sourceNotes.push(text)
    return text
  }
  const cellSource = (indicator: string, region: string, year: number | null) =>
    year === null ? undefined : c.sources.find((s) => s.indicator === indicator && s.region === region && s.year === year)

  const blocks: Block[] = [{ kind: 'toc' }, { kind: 'pageBreak' }]
  let chapter = 0
  const chapterTitle = (zhText: string, enText: string) => {
    chapter++
    return zh ? `${chineseNumber(chapter)}、${zhText}` : `${chapter}. ${enText}`
  }

  // 一、评估概况与总体结论
  const pairs = c.targets.flatMap((t) => t.cities.map((x) => ({ target: t, city: x })))
  const rated = pairs.filter((p) => p.city.self !== null && p.city.rating !== null)
  const agree = rated.filter((p) => p.city.self === p.city.rating).length
  const flagged = pairs.filter((p) => p.city.flagged).length
  const disagreements = c.targets.flatMap((t) => t.disagreements.map((d) => ({ target: t, d })))
  const statusCounts = new Map<Status | null, number>()
  for (const t of c.targets) statusCounts.set(t.computed.status, (statusCounts.get(t.computed.status) ?? 0) + 1)
  const percent = (a: number, b: number) => (b === 0 ? '—' : `${formatNumber((100 * a) / b, 1)}%`)

  blocks.push({ kind: 'heading', level: 1, text: chapterTitle('评估概况与总体结论', 'Overview and summary') })
  blocks.push({
    kind: 'paragraph',
    style: 'lead',
    content: [
      zh
        ? `本报告汇总《${names.planTitle}》${round.year} 年${kind.zh}的结果：${round.regions.length} 个地区的政府自评估、第三方评估和社会满意度调查，涉及 ${c.targets.length} 项规划目标。各目标的计算状态由监测模块根据入库数据按“基期—目标”直线路径得出；自评等级由各市填报并经省级审核，评估等级与评分（${formatNumber(round.scale.min)}–${formatNumber(round.scale.max)} 分）由第三方评估人给出。`
        : `This report consolidates the ${kind.en.toLowerCase()} of the ${names.planTitleEn} for ${round.year}: the self-evaluation of ${round.regions.length} regions, the third-party evaluation and the public satisfaction survey, over ${c.targets.length} targets of the plan. Computed statuses come from the monitoring engine on the stored figures (straight path from baseline to target); self-ratings are the cities', accepted by the province; ratings and scores (${formatNumber(round.scale.min)}–${formatNumber(round.scale.max)}) are the third-party evaluators'.`,
    ],
  })
  blocks.push({
    kind: 'table',
    caption: L('规划目标计算状态汇总', 'Targets by computed status'),
    columns: [{ title: L('计算状态', 'Computed status') }, { title: L('目标数', 'Targets'), align: 'right' }, { title: L('占比', 'Share'), align: 'right' }],
    rows: [...STATUS_ORDER, null]
      .filter((s) => statusCounts.has(s))
      .map((s) => [status(s, L('未计算', 'Not computed')), String(statusCounts.get(s) ?? 0), percent(statusCounts.get(s) ?? 0, c.targets.length)])
      .concat([[L('合计', 'Total'), String(c.targets.length), c.targets.length === 0 ? '—' : '100%']]),
  })
  blocks.push({
    kind: 'bullets',
    items: [
      [
        { text: L('自评与第三方评估一致性：', 'Self-rating and evaluator agreement: '), bold: true },
        zh
          ? `目标 × 城市共 ${pairs.length} 项，自评与评估等级均已给出的 ${rated.length} 项中，一致 ${agree} 项（${percent(agree, rated.length)}），不一致 ${rated.length - agree} 项。`
          : `${pairs.length} target × city items; of the ${rated.length} with both a self-rating and a rating, ${agree} agree (${percent(agree, rated.length)}) and ${rated.length - agree} differ.`,
      ],
      [
        { text: L('自评优于数据：', 'Self-rated better than the data: '), bold: true },
        zh ? `${flagged} 项自评等级高于计算状态，已自动提示评估人。` : `${flagged} items were self-rated better than their computed status and flagged for the evaluator.`,
      ],
      [
        { text: L('分歧事项：', 'Disagreements: '), bold: true },
        zh ? `共 ${disagreements.length} 项，逐项列于下表及各目标评估中。` : `${disagreements.length}, listed below and under each target.`,
      ],
    ],
  })
  blocks.push(disagreementTable(disagreements, L('自评、评估与计算状态分歧一览', 'Disagreements between self-rating, rating and computed status')))

  // 二、分目标评估
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: chapterTitle('分目标评估', 'Targets') })
  c.targets.forEach((t, i) => {
    const name = zh ? t.name : t.nameEn || t.name
    blocks.push({ kind: 'heading', level: 2, text: zh ? `（${chineseNumber(i + 1)}）${name}` : `${chapter}.${i + 1} ${name}` })
    const cell = names.targetCell?.(t.id)
    const src = cell ? cellSource(cell.indicator, cell.region, t.computed.year) : undefined
    const value = withUnit(formatNumber(t.computed.value), cell ? unitOf(cell.indicator) : '')
    const valueInline: Inline =
      t.computed.value === null
        ? L('暂无数据', 'no data')
        : { text: zh ? `${value}（${t.computed.year ?? '—'} 年）` : `${value} (${t.computed.year ?? '—'})`, ...(src ? { footnote: noteOf(src) } : {}) }
    blocks.push({
      kind: 'paragraph',
      content: [
        { text: L('计算状态：', 'Computed status: '), bold: true },
        status(t.computed.status, L('未计算', 'not computed')),
        sep,
        L('趋势：', 'trend: '),
        trend(t.computed.trend),
        sep,
        L('最新值：', 'latest: '),
        valueInline,
        sep,
        L('预测值：', 'forecast: '),
        withUnit(formatNumber(t.computed.forecast), cell ? unitOf(cell.indicator) : ''),
        sep,
        L('达标概率：', 'probability of meeting it: '),
        t.computed.probability === null ? '—' : `${formatNumber(t.computed.probability * 100, 0)}%`,
        t.computed.warnings.length > 0 ? (zh ? `，预警 ${t.computed.warnings.length} 条` : `, ${t.computed.warnings.length} warnings`) : '',
        L('。', '.'),
      ],
    })
    blocks.push({
      kind: 'table',
      caption: zh ? `${t.name}：各市自评与第三方评估` : `${name}: self-ratings and ratings by city`,
      columns: [
        { title: L('城市', 'City'), width: 1.2 },
        { title: L('自评等级', 'Self-rating') },
        { title: L('评估等级', 'Rating') },
        { title: L('评分', 'Score'), align: 'right', width: 0.8 },
        { title: L('评估发现', 'Findings'), width: 3 },
        { title: L('提示', 'Flag') },
      ],
      rows: t.cities.map((x) => [
        regionName(x.region),
        status(x.self, L('未自评', 'None')),
        status(x.rating, L('未评级', 'Not rated')),
        formatNumber(x.score, 1),
        x.findings === null || x.findings.trim() === '' ? '—' : x.findings,
        x.flagged ? L('自评优于数据', 'Self-rated better than data') : '—',
      ]),
      highlight: t.cities.map((x, row) => ({ row, tone: x.flagged ? 'warn' : tone(x.rating ?? x.self) })),
    })
    if (t.disagreements.length > 0) {
      blocks.push({
        kind: 'bullets',
        items: t.disagreements.map((d) => [
          { text: `${regionName(d.region)}${L('：', ': ')}`, bold: true },
          zh
            ? `自评“${status(d.self)}”，评估“${status(d.rating, '未评级')}”，计算状态“${status(d.computed, '未计算')}”。`
            : `self-rated ${status(d.self)}, rated ${status(d.rating, 'not rated')}, computed ${status(d.computed, 'not computed')}.`,
        ]),
      })
    } else {
      blocks.push({ kind: 'paragraph', style: 'note', content: [L('本目标自评、评估与计算状态无分歧。', 'No disagreement on this target.')] })
    }
  })

  // 三、分城市评估
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: chapterTitle('分城市评估', 'Cities') })
  blocks.push({
    kind: 'table',
    caption: L('各市自评进度与综合指数排名', 'Self-evaluation progress and index rank by city'),
    columns: [
      { title: L('城市', 'City') },
      { title: L('事项', 'Items'), align: 'right' },
      { title: L('已提交', 'Submitted'), align: 'right' },
      { title: L('已受理', 'Accepted'), align: 'right' },
      { title: L('指数得分', 'Index score'), align: 'right' },
      { title: L('排名（区间）', 'Rank (interval)'), align: 'right' },
    ],
    rows: c.cities.map((x) => [
      nameOf(x, x.region),
      String(x.items),
      String(x.submitted),
      String(x.accepted),
      formatNumber(x.index.score, 3),
      formatRank(x.index.rank, x.index.rankLow, x.index.rankHigh, zh),
    ]),
    note: L(
      '排名区间为综合指数不确定性分析（权重与标准化方法随机扰动）给出的 90% 排名区间。',
      'The rank interval is the 90 % interval of the composite index’s uncertainty analysis (weights and normalisation perturbed).',
    ),
  })
  c.cities.forEach((x, i) => {
    blocks.push({ kind: 'heading', level: 2, text: zh ? `（${chineseNumber(i + 1)}）${x.name}` : `${chapter}.${i + 1} ${x.nameEn || x.name}` })
    const summary = [...x.selfSummary]
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status))
      .filter((s) => s.count > 0)
      .map((s) => `${status(s.status)} ${s.count}`)
      .join(sep)
    blocks.push({
      kind: 'paragraph',
      content: [
        { text: L('自评估：', 'Self-evaluation: '), bold: true },
        zh
          ? `评估事项 ${x.items} 项，已提交 ${x.submitted} 项，经省级审核受理 ${x.accepted} 项；自评等级：${summary === '' ? '无' : summary}。`
          : `${x.items} items, ${x.submitted} submitted, ${x.accepted} accepted by the province; self-ratings: ${summary === '' ? 'none' : summary}.`,
      ],
    })
    blocks.push({
      kind: 'paragraph',
      content: [
        { text: L('综合指数：', 'Composite index: '), bold: true },
        x.index.rank === null
          ? L('未参与排名。', 'not ranked.')
          : zh
            ? `得分 ${formatNumber(x.index.score, 3)}，排名第 ${x.index.rank} 位（90% 区间 ${x.index.rankLow ?? '—'}–${x.index.rankHigh ?? '—'} 位）。`
            : `score ${formatNumber(x.index.score, 3)}, rank ${x.index.rank} (90 % interval ${x.index.rankLow ?? '—'}–${x.index.rankHigh ?? '—'}).`,
      ],
    })
    if (x.survey.length === 0) {
      blocks.push({
        kind: 'paragraph',
        style: 'note',
        content: [round.survey === null ? L('本轮评估未开展社会满意度调查。', 'The round ran no satisfaction survey.') : L('暂无社会满意度调查结果。', 'No survey results yet.')],
      })
    } else {
      blocks.push({
        kind: 'table',
        caption: zh ? `${x.name}：社会满意度调查结果` : `${x.nameEn || x.name}: satisfaction survey`,
        columns: [
          { title: L('维度', 'Dimension'), width: 2 },
          { title: L('样本量', 'n'), align: 'right' },
          { title: L('均值（1–5）', 'Mean (1–5)'), align: 'right' },
          { title: L('95% 置信区间', '95 % interval'), align: 'right' },
        ],
        rows: x.survey.map((s) => [
          zh ? s.name : s.nameEn || s.name,
          String(s.n),
          s.shown ? formatMeanCi(s.mean, null, null, zh) : L('样本不足', 'Sample too small'),
          s.shown && s.ciLow !== null && s.ciHigh !== null ? `${s.ciLow.toFixed(2)}–${s.ciHigh.toFixed(2)}` : '—',
        ]),
        highlight: x.survey.flatMap((s, row) => (s.shown ? [] : [{ row, tone: 'none' as const }])),
        note: L(
          '均值为受访者维度得分（该维度李克特题答案的平均）的平均；置信区间按 t 分布计算；样本量低于问卷规定的最低样本量时不显示结果（“样本不足”）。',
          'The mean of respondents’ dimension scores (the mean of their Likert answers in the dimension); the interval from Student’s t; below the questionnaire’s minimum sample no figure is shown.',
        ),
      })
    }
  })

  // 四、附件
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: chapterTitle('附件', 'Annex') })
  blocks.push({ kind: 'heading', level: 2, text: L('附件一　佐证材料清单', 'A. Evidence files') })
  if (c.evidence.length === 0) {
    blocks.push({ kind: 'paragraph', style: 'note', content: [L('本轮评估未上传佐证材料。', 'No evidence files were uploaded in this round.')] })
  } else {
    blocks.push({
      kind: 'table',
      caption: L('佐证材料（文件名、大小、SHA-256 校验值与所属事项）', 'Evidence files (name, size, SHA-256 and item)'),
      columns: [
        { title: L('编号', 'No.'), align: 'right', width: 0.6 },
        { title: L('文件名', 'File'), width: 2 },
        { title: L('大小（字节）', 'Size (bytes)'), align: 'right' },
        { title: 'SHA-256', width: 3.2 },
        { title: L('地区', 'Region') },
        { title: L('事项', 'Item'), width: 2 },
      ],
      rows: c.evidence.map((e) => {
        const item = names.item(e.kind, e.itemId)
        return [
          String(e.id),
          e.fileName,
          formatNumber(e.size, 0),
          e.sha256,
          regionName(e.region),
          `${e.kind === 'task' ? L('任务', 'Task') : L('目标', 'Target')} ${e.itemId}${item ? ` ${nameOf(item, e.itemId)}` : ''}`,
        ]
      }),
      note: L(
        '佐证材料可凭编号从系统下载（GET /api/rounds/{轮次}/evidence/{编号}），SHA-256 可用于核对文件未被改动。',
        'Each file downloads by its number (GET /api/rounds/{round}/evidence/{id}); the SHA-256 shows the file is unchanged.',
      ),
    })
  }
  blocks.push({ kind: 'heading', level: 2, text: L('附件二　引用数据及来源', 'B. Cited figures and their sources') })
  if (c.sources.length === 0) {
    blocks.push({ kind: 'paragraph', style: 'note', content: [L('自评中未引用入库数据。', 'The self-evaluations cite no stored figures.')] })
  } else {
    blocks.push({
      kind: 'table',
      caption: L('自评引用的数据（指标、地区、年份、数值、来源及来源等级）', 'Figures cited (indicator, region, year, value, source and grade)'),
      columns: [
        { title: L('观测值', 'Obs.'), align: 'right', width: 0.7 },
        { title: L('指标', 'Indicator'), width: 2 },
        { title: L('地区', 'Region') },
        { title: L('年份', 'Year'), align: 'center', width: 0.7 },
        { title: L('数值', 'Value'), align: 'right' },
        { title: L('来源', 'Source'), width: 3 },
        { title: L('来源等级', 'Grade') },
      ],
      rows: c.sources.map((s) => [
        `#${s.observation}`,
        indicatorName(s.indicator),
        regionName(s.region),
        String(s.year),
        withUnit(formatNumber(s.value, 6), unitOf(s.indicator)),
        s.source,
        grade(s.sourceGrade),
      ]),
    })
  }

  const evaluators = round.evaluators.map((e) => `${e.username}（${e.regions.map(regionName).join('、')}）`)
  const evaluatorsEn = round.evaluators.map((e) => `${e.username} (${e.regions.map(regionName).join(', ')})`)
  const phase = PHASE_NAME[round.phase]
  return {
    lang: input.lang,
    title: zh ? round.title : round.titleEn || round.title,
    subtitle: zh ? `《${names.planTitle}》${round.year} 年${kind.zh}汇总报告` : `${kind.en} of the ${names.planTitleEn}, ${round.year}: consolidated report`,
    meta: zh
      ? [
          `评估类型：${kind.zh}　评估年度：${round.year} 年　轮次编号：${round.id}`,
          `评估范围：${round.regions.map(regionName).join('、')}`,
          `自评截止：${day(round.deadlines.selfEvaluation)}　第三方评估截止：${day(round.deadlines.thirdPartyReview)}　汇总截止：${day(round.deadlines.consolidation)}`,
          `发起：${round.createdBy}（${day(round.createdAt)}）　当前阶段：${phase?.zh ?? round.phase}${round.closedAt ? `（${day(round.closedAt)} 结束）` : ''}`,
          `第三方评估人：${evaluators.length ? evaluators.join('；') : '未指派'}`,
          `生成时间：${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
        ]
      : [
          `${kind.en}, ${round.year} (round ${round.id})`,
          `Regions: ${round.regions.map(regionName).join(', ')}`,
          `Deadlines: self-evaluation ${day(round.deadlines.selfEvaluation)}, third-party review ${day(round.deadlines.thirdPartyReview)}, consolidation ${day(round.deadlines.consolidation)}`,
          `Opened by ${round.createdBy} on ${day(round.createdAt)}; phase: ${phase?.en ?? round.phase}${round.closedAt ? ` (closed ${day(round.closedAt)})` : ''}`,
          `Third-party evaluators: ${evaluatorsEn.length ? evaluatorsEn.join('; ') : 'none assigned'}`,
          `Generated ${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
        ],
    blocks,
    ...(sourceNotes.length > 0 ? { sources: sourceNotes } : {}),
  }

  function disagreementTable(
    rows: ReadonlyArray<{ target: ConsolidatedRoundData['targets'][number]; d: ConsolidatedRoundData['targets'][number]['disagreements'][number] }>,
    caption: string,
  ): Block {
    if (rows.length === 0) return { kind: 'paragraph', style: 'note', content: [L('各目标自评、评估与计算状态无分歧。', 'No disagreements.')] }
    return {
      kind: 'table',
      caption,
      columns: [
        { title: L('目标', 'Target'), width: 2.2 },
        { title: L('城市', 'City') },
        { title: L('自评等级', 'Self-rating') },
        { title: L('评估等级', 'Rating') },
        { title: L('计算状态', 'Computed') },
      ],
      rows: rows.map(({ target, d }) => [
        zh ? target.name : target.nameEn || target.name,
        regionName(d.region),
        status(d.self),
        status(d.rating, L('未评级', 'Not rated')),
        status(d.computed, L('未计算', 'Not computed')),
      ]),
      highlight: rows.map((_r, row) => ({ row, tone: 'warn' as const })),
    }
  }
}
