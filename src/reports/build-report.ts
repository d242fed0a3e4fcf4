/**
 * The annual monitoring report and the mid-term and final evaluation reports, as a ReportSpec: every target with
 * its status and forecast, a section per plan chapter with its targets and tasks, regions compared, the composite
 * index with rank intervals, a map, charts, warnings and data gaps, a methods annex and a data annex. Every
 * published figure carries a footnote naming its source. Pure: figures come through the FigureMaker port.
 * @module
 */
import type { EvaluationResult } from '../evaluation/index.js'
import type { MonitoringWarning, Status, TargetStatus } from '../monitoring/index.js'
import type { Plan } from '../plan/plan-schema.js'
import type { TaskStatus } from '../core/task-status.js'
import { STATUS_NAMES, TASK_STATUS_NAMES } from '../i18n/status-names.js'
import { MISSING_POLICY_NAMES, methodSentence } from '../i18n/method-names.js'
import { departmentName, documentNumber, goalText, sectionNumber, unitName } from '../i18n/plan-labels.js'
import type { SourceGrade } from '../core/source-grade.js'
import type { Block, Inline, ReportSpec } from './report-spec.js'

export type ReportKind = 'annual' | 'midterm' | 'final'

export interface Figure {
  readonly svg: string
  readonly png?: Uint8Array
  readonly width: number
  readonly height: number
}

/** Port: how charts and maps are drawn (ECharts server-side in the app; anything in tests). */
export interface FigureMaker {
  series(input: {
    title: string
    unit: string
    points: ReadonlyArray<{ year: number; value: number }>
    target?: { year: number; value: number; label: string; baselineYear: number; baselineValue: number }
    forecast?: ReadonlyArray<{ year: number; value: number; low: number; high: number }>
  }): Figure
  ranking(input: { title: string; items: ReadonlyArray<{ name: string; score: number; rank: number; rankLow: number; rankHigh: number }> }): Figure
  map(input: { title: string; unit: string; values: ReadonlyArray<{ code: string; name: string; value: number | null }> }): Figure
}

export interface ReportInput {
  readonly kind: ReportKind
  readonly lang: 'zh' | 'en'
  readonly year: number
  readonly plan: Plan
  readonly statuses: ReadonlyArray<TargetStatus>
  readonly warnings: ReadonlyArray<MonitoringWarning & { message: string; messageEn: string }>
  readonly evaluation?: EvaluationResult
  /** Region comparison: the latest value per city of a few headline indicators. */
  readonly cities: ReadonlyArray<{ code: string; name: string; nameEn: string; values: Readonly<Record<string, { value: number; year: number; source: string } | undefined>> }>
  readonly cityIndicators: ReadonlyArray<{ id: string; name: string; nameEn: string; unit: string }>
  /** Series for charts, by target id, with the forecast path where there is one. */
  readonly series: Readonly<Record<string, ReadonlyArray<{ year: number; value: number }>>>
  readonly forecasts?: Readonly<Record<string, ReadonlyArray<{ year: number; value: number; low: number; high: number }>>>
  /** The task board (top-level tasks with rolled-up status) and the tasks overdue or stalled at the report date. */
  readonly tasks?: ReadonlyArray<{
    id: string
    section: string
    title: string
    titleEn: string
    lead: string
    cooperating: ReadonlyArray<string>
    deadline: string
    status: TaskStatus
    percent: number
    subtasks: number
  }>
  readonly followUps?: ReadonlyArray<{ task: string; kind: 'overdue' | 'stalled'; days: number; title: string; lead: string; deadline: string }>
  readonly generatedAt: string
  readonly figures: FigureMaker
  /** A cited source's quality grade (src/core/source-grade.ts), named in its footnote; unrated sources get none. */
  readonly gradeOf?: (source: string) => SourceGrade
}

/** The source grades in words, as footnotes name them. */
const GRADE_TEXT: Record<SourceGrade, { zh: string; en: string }> = {
  yearbook: { zh: '统计年鉴', en: 'statistical yearbook' },
  bulletin: { zh: '统计公报', en: 'statistical bulletin' },
  government: { zh: '政府发布', en: 'government publication' },
  news: { zh: '新闻报道', en: 'news report' },
  secondary: { zh: '二手来源', en: 'secondary source' },
  unrated: { zh: '未评级', en: 'not graded' },
}

const TASK_STATUS_TEXT = Object.fromEntries(Object.entries(TASK_STATUS_NAMES).map(([k, v]) => [k, { ...v, en: v.en.charAt(0).toUpperCase() + v.en.slice(1) }])) as Record<
  TaskStatus,
  { zh: string; en: string; tone: 'good' | 'warn' | 'bad' | 'none' }
>

/** Report tables capitalise the English status names. */
const STATUS_TEXT: Record<Status, { zh: string; en: string; tone: 'good' | 'warn' | 'bad' | 'none' }> = Object.fromEntries(
  Object.entries(STATUS_NAMES).map(([k, v]) => [k, { ...v, en: v.en.charAt(0).toUpperCase() + v.en.slice(1) }]),
) as Record<Status, { zh: string; en: string; tone: 'good' | 'warn' | 'bad' | 'none' }>

const KIND_TITLE: Record<ReportKind, { zh: string; en: string }> = {
  annual: { zh: '年度监测报告', en: 'Annual monitoring report' },
  midterm: { zh: '中期评估报告', en: 'Mid-term evaluation report' },
  final: { zh: '总结评估报告', en: 'Final evaluation report' },
}

function fmt(x: number | null | undefined, d = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  return (Math.round(x * 10 ** d) / 10 ** d).toLocaleString('en-US', { maximumFractionDigits: d })
}

/** A figure with its year: "73.44（2020）" in Chinese, "73.44 (2020)" in English. */
const inYear = (text: string, year: number | string | null | undefined, zh: boolean): string =>
  year === null || year === undefined ? text : zh ? `${text}（${year}）` : `${text} (${year})`

const pct = (x: number | null) => (x === null ? '—' : `${fmt(x * 100, 0)}%`)

export function buildReport(input: ReportInput): ReportSpec {
  const zh = input.lang === 'zh'
  const L = (a: string, b: string) => (zh ? a : b)
  const sources: string[] = []
  /** A footnote number for a source, reusing numbers for repeated sources. */
  const cite = (source: string | null | undefined): string | undefined => {
    if (!source) return undefined
    const grade = input.gradeOf?.(source)
    if (grade === undefined || grade === 'unrated') return source
    return zh ? `${source}（来源等级：${GRADE_TEXT[grade].zh}）` : `${source} (source grade: ${GRADE_TEXT[grade].en})`
  }
  const withSource = (text: string, source: string | null | undefined): Inline => {
    const s = cite(source)
    if (s && !sources.includes(s)) sources.push(s)
    return s ? { text, footnote: s } : text
  }
  const { plan, statuses } = input
  const indicatorName = (id: string) => {
    const ind = plan.indicators.find((i) => i.id === id)
    return ind ? (zh ? ind.name : ind.nameEn) : id
  }
  const blocks: Block[] = [{ kind: 'toc' }, { kind: 'pageBreak' }]

  // 一、总体情况
  const counts = new Map<Status, number>()
  for (const s of statuses) counts.set(s.status, (counts.get(s.status) ?? 0) + 1)
  const countText = (Object.keys(STATUS_TEXT) as Status[])
    .filter((k) => counts.get(k))
    .map((k) => `${zh ? STATUS_TEXT[k].zh : STATUS_TEXT[k].en} ${counts.get(k)}`)
    .join(zh ? '，' : ', ')
  blocks.push({ kind: 'heading', level: 1, text: L('一、总体情况', '1. Overview') })
  blocks.push({
    kind: 'paragraph',
    style: 'lead',
    content: [
      zh
        ? `本报告依据《${plan.title}》（${plan.documentNumber ?? ''}）对规划 ${statuses.length} 项目标进行监测评估，评估年份为 ${input.year} 年。目标状态：${countText}。进度按“基期—目标”直线路径衡量，预测区间为 90%，达标概率由残差自助法模拟得到。`
        : `This report monitors the ${statuses.length} targets of the ${plan.titleEn} as of ${input.year}. Status: ${countText}. Progress is measured against a straight path from baseline to target; forecast intervals are 90 %; probabilities come from a residual bootstrap.`,
    ],
  })
  const headline = statuses.filter((s) => s.kind === 'level' && s.latestValue !== null).slice(0, 3)
  if (headline.length) {
    blocks.push({
      kind: 'bullets',
      items: headline.map((s) => [
        { text: zh ? `${s.name}：` : `${s.nameEn}: `, bold: true },
        withSource(
          zh ? `${s.latestYear} 年为 ${fmt(s.latestValue)}${s.unit === '%' ? '%' : ''}` : `${fmt(s.latestValue)}${s.unit === '%' ? ' %' : ''} in ${s.latestYear}`,
          s.latestSource,
        ),
        zh
          ? `，目标 ${s.goal}（${s.targetYear} 年），${STATUS_TEXT[s.status].zh}。`
          : `; target ${goalText(s.goal, 'en')} by ${s.targetYear}: ${STATUS_TEXT[s.status].en.toLowerCase()}.`,
      ]),
    })
  }
  blocks.push(targetTable(statuses, zh, withSource, L('规划目标进展总表', 'All targets')))

  // Charts of the province's headline series.
  const urban = statuses.find((s) => s.target === 'urbanization-2025')
  for (const s of [urban, statuses.find((x) => x.target === 'income-ratio-2025')].filter((x): x is TargetStatus => x !== undefined)) {
    const points = input.series[s.target] ?? []
    if (points.length < 2) continue
    const forecast = input.forecasts?.[s.target]
    const fig = input.figures.series({
      title: zh ? `${s.indicatorName ?? s.name}（${s.regionName ?? ''}）` : `${s.nameEn}`,
      unit: s.unit ?? '',
      points,
      ...(forecast ? { forecast } : {}),
      ...(s.baselineYear !== null && s.baselineValue !== null && s.targetValue !== null
        ? { target: { year: s.targetYear, value: s.targetValue, label: `${L('目标', 'Target')} ${s.goal}`, baselineYear: s.baselineYear, baselineValue: s.baselineValue } }
        : {}),
    })
    blocks.push({
      kind: 'figure',
      caption: zh ? `${s.indicatorName}：实际值、规划路径、目标与预测（90% 区间）` : `${s.nameEn}: observed, planned path, target and forecast (90 %)`,
      alt: zh ? `${s.indicatorName}折线图` : `Line chart of ${s.nameEn}`,
      ...fig,
    })
  }

  // 二、分章节进展
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: L('二、分章节目标与任务', '2. Targets and tasks by chapter') })
  plan.chapters.forEach((chapter) => {
    const sections = new Set([chapter.id, ...chapter.sections.map((s) => s.id)])
    const targets = statuses.filter((s) => sections.has(s.section))
    const tracked = new Map((input.tasks ?? []).map((t) => [t.id, t]))
    const tasks = plan.tasks.filter((t) => sections.has(t.section))
    if (targets.length === 0 && tasks.length === 0) return
    blocks.push({ kind: 'heading', level: 2, text: zh ? `${chapter.id}、${chapter.title}` : `${sectionNumber(chapter.id)}. ${chapter.titleEn ?? chapter.title}` })
    if (targets.length) blocks.push(targetTable(targets, zh, withSource, zh ? `${chapter.title}：相关目标` : `Targets of chapter ${sectionNumber(chapter.id)}`))
    if (tasks.length) {
      blocks.push({
        kind: 'paragraph',
        content: [zh ? `本章共 ${tasks.length} 项任务举措，牵头单位与完成时限如下（任务进展填报见任务模块）。` : `${tasks.length} measures; lead departments and deadlines below.`],
      })
      blocks.push({
        kind: 'table',
        caption: zh ? `${chapter.title}：任务分解` : `Tasks of chapter ${sectionNumber(chapter.id)}`,
        columns: [
          { title: L('编号', 'No.') },
          { title: L('任务', 'Task') },
          { title: L('牵头单位', 'Lead') },
          { title: L('配合单位', 'Co-operating') },
          { title: L('时限', 'Deadline'), align: 'center' },
          { title: L('状态', 'Status'), align: 'center' },
          { title: L('进度', 'Progress'), align: 'right' },
        ],
        rows: tasks.map((t) => {
          const tr = tracked.get(t.id)
          return [
            t.id,
            zh ? t.title : t.titleEn,
            departmentName(tr?.lead ?? t.lead, input.lang),
            (tr?.cooperating ?? t.cooperating).map((d) => departmentName(d, input.lang)).join(zh ? '、' : '; '),
            tr?.deadline ?? String(t.deadline),
            tr ? (zh ? TASK_STATUS_TEXT[tr.status].zh : TASK_STATUS_TEXT[tr.status].en) : '—',
            tr ? `${tr.percent}%` : '—',
          ]
        }),
        highlight: tasks.map((t, row) => ({ row, tone: TASK_STATUS_TEXT[tracked.get(t.id)?.status ?? 'not_started'].tone })),
      })
    }
  })

  // 三、地区比较
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: L('三、设区市比较', '3. Cities compared') })
  if (input.cities.length) {
    blocks.push({
      kind: 'table',
      caption: L('设区市主要指标（最新年份）', 'Headline indicators by city (latest year)'),
      columns: [
        { title: L('城市', 'City') },
        ...input.cityIndicators.map((i) => ({ title: zh ? `${i.name}（${i.unit}）` : `${i.nameEn} (${unitName(i.unit, 'en')})`, align: 'right' as const })),
      ],
      rows: input.cities.map((c) => [
        zh ? c.name : c.nameEn,
        ...input.cityIndicators.map((i) => {
          const v = c.values[i.id]
          return v ? withSource(inYear(fmt(v.value), v.year, zh), v.source) : '—'
        }),
      ]),
      note: L('注：“—”表示暂无数据；括号内为数据年份。', 'Note: "—" means no data; the year of each figure is in brackets.'),
    })
    const mapIndicator = input.cityIndicators[0]
    if (mapIndicator) {
      const fig = input.figures.map({
        title: zh ? `${mapIndicator.name}（各设区市最新值）` : `${mapIndicator.nameEn} by city (latest)`,
        unit: mapIndicator.unit,
        values: input.cities.map((c) => ({ code: c.code, name: c.name, value: c.values[mapIndicator.id]?.value ?? null })),
      })
      blocks.push({
        kind: 'figure',
        caption: zh ? `江苏省各设区市${mapIndicator.name}分布图` : `Map: ${mapIndicator.nameEn} by city`,
        alt: zh ? `江苏省地图，按${mapIndicator.name}着色` : `Map of Jiangsu coloured by ${mapIndicator.nameEn}`,
        ...fig,
      })
    }
  }

  // 四、综合评价
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: L('四、城市发展综合评价', '4. City development index') })
  const ev = input.evaluation
  if (!ev) blocks.push({ kind: 'paragraph', content: [L('数据不足，本期未计算综合评价指数。', 'Not enough data to compute the composite index for this period.')] })
  else {
    const dimName = (id: string) => {
      const d = ev.dimensions.find((x) => x.id === id)
      return d ? (zh ? d.name : d.nameEn) : id
    }
    const cityName = (code: string) => {
      const c = input.cities.find((x) => x.code === code)
      return c ? (zh ? c.name : c.nameEn) : code
    }
    if (ev.year !== input.year)
      blocks.push({
        kind: 'paragraph',
        style: 'lead',
        content: [
          L(
            `${input.year} 年的数据尚不足以计算覆盖至少 ${ev.adequacy.minDimensions} 个维度的综合指数，本章采用数据足够的最近年份 ${ev.year} 年的数据。`,
            `The ${input.year} figures are not yet enough for an index covering at least ${ev.adequacy.minDimensions} dimensions; this chapter uses ${ev.year}, the latest year with enough data.`,
          ),
        ],
      })
    else
      blocks.push({
        kind: 'paragraph',
        style: 'lead',
        content: [L(`本章综合指数采用 ${ev.year} 年数据。`, `This chapter's index uses the ${ev.year} figures.`)],
      })
    const uncovered = ev.dimensions.filter((d) => !d.covered)
    blocks.push({
      kind: 'paragraph',
      content: [
        L(
          `综合指数衡量各设区市在所用指标上的相对位置（0 为参评城市中最低、1 为最高），不是绝对发展水平；本期指数覆盖 ${ev.adequacy.total} 个维度中的 ${ev.adequacy.covered} 个${uncovered.length ? `，未覆盖${uncovered.map((d) => d.name).join('、')}（这些维度的指标数据不足）` : ''}，解读排名时应注意这一局限。`,
          `The index places each city relative to the others on the indicators used (0 the lowest of the cities ranked, 1 the highest); it is not an absolute level of development. It covers ${ev.adequacy.covered} of ${ev.adequacy.total} dimensions${uncovered.length ? `; ${uncovered.map((d) => d.nameEn).join(', ')} ${uncovered.length === 1 ? 'is' : 'are'} not covered (too few data)` : ''}, which limits what the ranking says.`,
        ),
      ],
    })
    blocks.push({
      kind: 'paragraph',
      content: [
        zh
          ? `方法：${methodSentence(ev.method, 'zh')}；${MISSING_POLICY_NAMES[ev.method.missing.policy]?.zh ?? ''}（缺失超过 ${Math.round((ev.method.missing.maxMissingShare ?? 0) * 100)}% 的城市不参评），城市数据可沿用至多 ${ev.method.lookback} 年前的数值；数据覆盖不足 ${Math.round(ev.method.minCoverage * 100)}% 城市的指标不纳入。排名区间为改变标准化、权重和合成方法并对权重加入扰动的 ${ev.uncertainty.draws} 次蒙特卡洛模拟中排名的 90% 区间（随机种子 ${ev.uncertainty.seed}）。`
          : `Method: ${methodSentence(ev.method, 'en')}; ${MISSING_POLICY_NAMES[ev.method.missing.policy]?.en ?? ''} (cities missing more than ${Math.round((ev.method.missing.maxMissingShare ?? 0) * 100)} % are not ranked); a city's figure from up to ${ev.method.lookback} years earlier may stand in; indicators reported by fewer than ${Math.round(ev.method.minCoverage * 100)} % of the cities are left out. Rank intervals are the 90 % range over ${ev.uncertainty.draws} Monte Carlo draws varying these choices and the weights (seed ${ev.uncertainty.seed}).`,
      ],
    })
    blocks.push({
      kind: 'table',
      caption: L('综合指数与排名区间', 'Composite index and rank intervals'),
      columns: [
        { title: L('排名', 'Rank'), align: 'center' },
        { title: L('城市', 'City') },
        { title: L('得分', 'Score'), align: 'right' },
        { title: L('排名区间', 'Rank interval'), align: 'center' },
        { title: L('中位排名', 'Median rank'), align: 'center' },
        { title: L('说明', 'Notes') },
      ],
      rows: ev.results.map((r) => [
        String(r.rank),
        cityName(r.region),
        fmt(r.score, 3),
        `${r.rankLow}–${r.rankHigh}`,
        String(r.medianRank),
        [
          ...ev.imputedCells.filter((c) => c.region === r.region).map((c) => L(`${indicatorName(c.indicator)}为插补值`, `${indicatorName(c.indicator)} imputed`)),
          ...ev.olderCells.filter((c) => c.region === r.region).map((c) => L(`${indicatorName(c.indicator)}用 ${c.year} 年值`, `${indicatorName(c.indicator)} from ${c.year}`)),
        ].join(L('；', '; ')),
      ]),
      ...(ev.excluded.length
        ? {
            note: L(
              `未参评：${ev.excluded.map((e) => `${e.name}（缺少${e.missing.map(indicatorName).join('、')}）`).join('；')}，缺失指标超过允许比例。`,
              `Not ranked, more indicators missing than allowed: ${ev.excluded.map((e) => `${e.nameEn} (no ${e.missing.map(indicatorName).join(', ')})`).join('; ')}.`,
            ),
          }
        : {}),
    })
    const fig = input.figures.ranking({
      title: L(`${ev.year} 年城市发展综合指数`, `City development index ${ev.year}`),
      items: ev.results.map((r) => ({ name: cityName(r.region), score: r.score, rank: r.rank, rankLow: r.rankLow, rankHigh: r.rankHigh })),
    })
    blocks.push({ kind: 'figure', caption: L('综合指数得分与排名区间', 'Composite scores and rank intervals'), alt: L('综合指数条形图', 'Bar chart of composite scores'), ...fig })
    blocks.push({
      kind: 'table',
      caption: L('所用指标及权重', 'Indicators used and their weights'),
      columns: [
        { title: L('维度', 'Dimension') },
        { title: L('指标', 'Indicator'), width: 2 },
        { title: L('有数据的城市', 'Cities with data'), align: 'right' },
        { title: L('权重', 'Weight'), align: 'right' },
      ],
      rows: ev.indicators.map((i) => [dimName(i.dimension), indicatorName(i.id), String(i.regions), fmt(i.weight, 3)]),
      ...(ev.leftOutIndicators.length
        ? {
            note: L(
              `未纳入的指标（有数据的城市少于 ${ev.leftOutIndicators[0]?.needed ?? ''} 个）：${ev.leftOutIndicators.map((i) => `${indicatorName(i.id)}（${i.regions} 个）`).join('、')}`,
              `Left out (fewer than ${ev.leftOutIndicators[0]?.needed ?? ''} cities with data): ${ev.leftOutIndicators.map((i) => `${indicatorName(i.id)} (${i.regions})`).join(', ')}`,
            ),
          }
        : {}),
    })
  }

  // 任务推进与督查
  if (input.tasks?.length) {
    blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: L('五、任务推进与督查', '5. Tasks and follow-up') })
    const byStatus = new Map<TaskStatus, number>()
    for (const t of input.tasks) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1)
    blocks.push({
      kind: 'paragraph',
      content: [
        zh
          ? `规划第三至八章共分解 ${input.tasks.length} 项任务：${(Object.keys(TASK_STATUS_TEXT) as TaskStatus[])
              .filter((k) => byStatus.get(k))
              .map((k) => `${TASK_STATUS_TEXT[k].zh} ${byStatus.get(k)}`)
              .join('，')}。`
          : `${input.tasks.length} tasks: ${(Object.keys(TASK_STATUS_TEXT) as TaskStatus[])
              .filter((k) => byStatus.get(k))
              .map((k) => `${TASK_STATUS_TEXT[k].en.toLowerCase()} ${byStatus.get(k)}`)
              .join(', ')}.`,
      ],
    })
    const leads = new Map<string, { total: number; done: number; late: number }>()
    for (const t of input.tasks) {
      const e = leads.get(t.lead) ?? { total: 0, done: 0, late: 0 }
      e.total++
      if (t.status === 'done') e.done++
      if (t.status === 'delayed') e.late++
      leads.set(t.lead, e)
    }
    blocks.push({
      kind: 'table',
      caption: L('各牵头单位任务情况', 'Tasks by lead department'),
      columns: [
        { title: L('牵头单位', 'Lead') },
        { title: L('任务数', 'Tasks'), align: 'right' },
        { title: L('已完成', 'Done'), align: 'right' },
        { title: L('滞后', 'Delayed'), align: 'right' },
      ],
      rows: [...leads.entries()].sort((a, b) => b[1].total - a[1].total).map(([lead, e]) => [departmentName(lead, input.lang), String(e.total), String(e.done), String(e.late)]),
    })
    const fu = input.followUps ?? []
    if (fu.length) {
      blocks.push({
        kind: 'table',
        caption: L('逾期与停滞任务', 'Overdue and stalled tasks'),
        columns: [{ title: L('编号', 'No.') }, { title: L('任务', 'Task') }, { title: L('牵头单位', 'Lead') }, { title: L('情况', 'Finding') }],
        rows: fu
          .slice(0, 60)
          .map((f) => [
            f.task,
            zh ? f.title : (plan.tasks.find((t) => t.id === f.task)?.titleEn ?? f.title),
            departmentName(f.lead, input.lang),
            f.kind === 'overdue' ? L(`超过时限 ${f.deadline} ${f.days} 天`, `${f.days} days past ${f.deadline}`) : L(`${f.days} 天无进展填报`, `no report for ${f.days} days`),
          ]),
        highlight: fu.slice(0, 60).map((f, row) => ({ row, tone: f.kind === 'overdue' ? 'bad' : 'warn' })),
        ...(fu.length > 60 ? { note: L(`另有 ${fu.length - 60} 项见系统。`, `${fu.length - 60} more in the system.`) } : {}),
      })
    }
  }

  // 预警与数据缺口
  blocks.push(
    { kind: 'pageBreak' },
    { kind: 'heading', level: 1, text: input.tasks?.length ? L('六、预警与数据缺口', '6. Warnings and data gaps') : L('五、预警与数据缺口', '5. Warnings and data gaps') },
  )
  const shown = input.warnings.slice(0, 40)
  if (shown.length === 0) blocks.push({ kind: 'paragraph', content: [L('本期无预警。', 'No warnings.')] })
  else {
    blocks.push({
      kind: 'table',
      caption: L('预警清单（按严重程度排序）', 'Warnings, most serious first'),
      columns: [{ title: L('级别', 'Severity'), align: 'center' }, { title: L('类型', 'Kind') }, { title: L('内容', 'Finding') }],
      rows: shown.map((w) => [zh ? { high: '高', medium: '中', low: '低' }[w.severity] : w.severity, w.kind, zh ? w.message : w.messageEn]),
      highlight: shown.map((w, row) => ({ row, tone: w.severity === 'high' ? 'bad' : w.severity === 'medium' ? 'warn' : 'none' })),
      ...(input.warnings.length > shown.length
        ? { note: L(`另有 ${input.warnings.length - shown.length} 条预警见系统。`, `${input.warnings.length - shown.length} more in the system.`) }
        : {}),
    })
  }

  // 附录
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: L('附录一　方法说明', 'Annex 1. Methods') })
  for (const [title, text] of methodsAnnex(zh)) {
    blocks.push({ kind: 'heading', level: 3, text: title }, { kind: 'paragraph', content: [text] })
  }
  blocks.push({ kind: 'heading', level: 1, text: L('附录二　数据来源', 'Annex 2. Sources') })
  blocks.push({
    kind: 'paragraph',
    content: [
      L(
        '文中数字的来源见脚注；完整数据（含每个数值的来源与修订记录）见随报告导出的数据附表（XLSX）及系统查询。',
        'Footnotes name the source of each figure; the full data with sources and revisions is in the data annex (XLSX) exported with this report.',
      ),
    ],
  })

  return {
    lang: input.lang,
    title: zh ? `《${plan.title}》${KIND_TITLE[input.kind].zh}` : `${plan.titleEn}: ${KIND_TITLE[input.kind].en}`,
    subtitle: zh ? `评估年份：${input.year} 年` : `Evaluation year ${input.year}`,
    meta: [
      plan.issuer
        ? zh
          ? `规划编制：${plan.issuer}（${plan.documentNumber ?? ''}）`
          : `Plan: ${departmentName(plan.issuer, 'en')} (${documentNumber(plan.documentNumber ?? '', 'en')})`
        : '',
      zh ? `生成时间：${input.generatedAt.slice(0, 10)}　生成系统：urbmon 新型城镇化规划监测评估系统` : `Generated ${input.generatedAt.slice(0, 10)} by urbmon`,
      zh ? '本报告为可编辑初稿，供评估人员修改完善。' : 'An editable draft for evaluators to revise.',
    ].filter(Boolean),
    blocks,
    sources,
  }
}

function targetTable(rows: ReadonlyArray<TargetStatus>, zh: boolean, withSource: (t: string, s: string | null | undefined) => Inline, caption: string): Block {
  return {
    kind: 'table',
    caption,
    columns: [
      { title: zh ? '目标' : 'Target' },
      { title: zh ? '基期' : 'Baseline', align: 'right' },
      { title: zh ? '最新' : 'Latest', align: 'right' },
      { title: zh ? '目标值' : 'Goal', align: 'center' },
      { title: zh ? '进度/应达' : 'Progress/expected', align: 'center' },
      { title: zh ? '状态' : 'Status', align: 'center' },
      { title: zh ? '预测（90%区间）' : 'Forecast (90 %)', align: 'right' },
      { title: zh ? '达标概率' : 'P(meet)', align: 'right' },
    ],
    rows: rows.map((s) => [
      zh ? s.name : s.nameEn,
      s.baselineValue === null ? '—' : inYear(fmt(s.baselineValue), s.baselineYear, zh),
      s.latestValue === null ? '—' : withSource(inYear(fmt(s.latestValue), s.latestYear, zh), s.latestSource),
      inYear(goalText(s.goal, zh ? 'zh' : 'en'), s.targetYear, zh),
      s.progress === null ? '—' : `${pct(s.progress)} / ${pct(s.expectedProgress)}`,
      zh ? STATUS_TEXT[s.status].zh : STATUS_TEXT[s.status].en,
      s.forecastValue === null ? '—' : `${fmt(s.forecastValue)} [${fmt(s.forecastLow)}, ${fmt(s.forecastHigh)}]`,
      s.probability === null ? '—' : pct(s.probability),
    ]),
    highlight: rows.map((s, row) => ({ row, tone: STATUS_TEXT[s.status].tone })),
  }
}

function methodsAnnex(zh: boolean): Array<[string, string]> {
  return zh
    ? [
        [
          '进度与状态',
          '进度 =（最新值 − 基期值）/（目标值 − 基期值）；应达进度 =（最新年份 − 基期年份）/（目标年份 − 基期年份）。进度不低于应达进度为“符合预期”，不低于其 0.8 倍为“存在风险”，否则为“明显滞后”；劣于基期为“倒退”；当前已满足目标为“已实现”。',
        ],
        [
          '预测与达标概率',
          '城镇化率等比重指标采用联合国《世界城镇化展望》城乡增长差法（URGD），其他指标采用线性趋势；跨越人口普查年份的序列先做口径衔接。区间为残差自助法的 90% 区间，达标概率为模拟值中达到目标的比例。',
        ],
        ['汇总', '总量指标求和；比率指标由汇总后的分子分母重新计算，不对比率求平均；成员数据不全时不计算汇总值。'],
        [
          '综合评价',
          '依照 OECD/JRC《构建综合指标手册》（2008）：标准化（极差、Z 分数、排序）、权重（等权、专家、熵权、CRITIC、AHP）、合成（加权算术、加权几何、TOPSIS），并以蒙特卡洛模拟给出排名区间和各方法选择的敏感度；耦合协调度 D = √(C·T)。',
        ],
        [
          '数据质量',
          '导入时校验地区、指标、数值、单位、取值范围、同一单元格的冲突值、规划中声明的一致性规则（如城镇人口不超过常住人口、公布的城镇化率与分子分母相差不超过 0.1）及汇总行与成员之和；每个数值保留来源和完整修订记录。',
        ],
      ]
    : [
        [
          'Progress and status',
          'progress = (latest − baseline)/(target − baseline); expected = (latest year − baseline year)/(target year − baseline year). On track when progress ≥ expected; at risk when ≥ 0.8 × expected; off track below; regressing when worse than the baseline; achieved when the target already holds.',
        ],
        [
          'Forecasts',
          'Shares use the UN World Urbanization Prospects urban–rural growth difference; other indicators a linear trend; census breaks are spliced first. Intervals: 90 % residual bootstrap; probability: the share of draws meeting the target.',
        ],
        ['Aggregation', 'Stocks are summed; rates are recomputed from aggregated numerators and denominators, never averaged; incomplete members give no aggregate.'],
        [
          'Composite index',
          'OECD/JRC Handbook (2008): normalisation, weighting (equal, expert, entropy, CRITIC, AHP), aggregation (arithmetic, geometric, TOPSIS), with Monte Carlo rank intervals and sensitivity; coupling coordination D = √(C·T).',
        ],
        [
          'Data quality',
          'Imports validate regions, indicators, numbers, units, ranges, conflicting values, the plan’s consistency rules and summary rows; every value keeps its source and full revision history.',
        ],
      ]
}
