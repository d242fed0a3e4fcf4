/**
 * Wide and yearbook layouts: regions as rows; columns identified by their headings, which may give a year
 * (wide), an indicator with its unit (a single-year cross-section), or both over two header rows (yearbook:
 * 2017 spanning 总人口(万人) | 城镇人口(万人) | 城镇人口比重(%)). Whatever the headings do not say comes from the
 * title, the sheet name or the command line. Unlabeled summary rows are identified by the sum of their members.
 * @module
 */
import { at, got } from '../core/checked.js'
import { decimalsOf, parseNumberText } from '../core/decimal.js'
import type { ErrorParams } from '../core/errors.js'
import { parseYear, yearInText } from '../core/period.js'
import { problem, type Problem } from '../core/problem.js'
import { unitInText } from '../core/units.js'
import type { IndicatorCatalog } from '../plan/indicator-catalog.js'
import type { Indicator } from '../plan/plan-schema.js'
import type { Region, RegionCatalog } from '../regions/region-catalog.js'
import { isNotAvailable } from './not-available.js'
import type { RawObservation } from './raw-observation.js'
import { columnLetter, isBlankRow, type Table } from './table.js'

export interface GridOptions {
  readonly indicator?: string
  readonly year?: string
  readonly summaryTolerance: number
}

interface ColumnMeaning {
  readonly index: number
  readonly header: string
  readonly indicator: Indicator
  readonly unit?: string
  readonly year?: number
}

const LABEL_HEADINGS = /^(地区|地区名称|城市|区域|市别|县市|县\(市、区\)|region|area|city|name|项目|指标)$/i
const NOTE_ROW = /^(注|注释|说明|资料来源|数据来源|备注)[:：]?/

const compact = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]+/g, '')

const isNumberish = (s: string) => parseNumberText(s) !== undefined

/** A title row: one distinct non-empty text (a spanning cell), which is neither a year nor a number. */
function isTitleRow(row: ReadonlyArray<string>): boolean {
  const texts = [...new Set(row.filter((c) => c.trim() !== ''))]
  const [only] = texts
  return texts.length === 1 && only !== undefined && !isNumberish(only) && parseYear(only) === undefined
}

/** A heading row of bare years (2020 2021 2022, increasing), which looks numeric but is not data. */
function isYearHeadingRow(cells: ReadonlyArray<string>): boolean {
  const filled = cells.filter((c) => c.trim() !== '')
  if (filled.length === 0) return false
  const years = filled.map((c) => parseYear(c))
  return years.every((y, i) => {
    const previous = years[i - 1]
    return y !== undefined && (i === 0 || (previous !== undefined && y > previous))
  })
}

function stripTableNumber(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/^\s*(表\s*)?\d+\s*[-—–.]\s*\d+(\s*[-—–.]\s*\d+)?\s*/, '')
    .trim()
}

/** Columns that restate others (growth rates, ranks, shares of the total) rather than hold an indicator. */
const AUXILIARY_HEADING = /增长|增速|比上年|同比|环比|位次|排名|排序|位序|占全省|占比重变化|growth|rank|change/i

interface Heading {
  readonly texts: string[]
  readonly year?: number
  readonly indicator?: { indicator: Indicator; unit?: string }
  /** A unit written in a heading that names no indicator (2021年（万元）). */
  readonly unit?: string
  readonly unresolved: string[]
}

/** What a column's heading cells say: a year, an indicator (with its unit), a unit alone, or something unknown. */
function readHeading(cells: ReadonlyArray<string>, resolve: (text: string) => { indicator: Indicator; unit?: string } | undefined): Heading {
  const texts = [...new Set(cells.filter((t) => t !== ''))]
  let year: number | undefined
  let indicator: { indicator: Indicator; unit?: string } | undefined
  let unit: string | undefined
  const unresolved: string[] = []
  for (const raw of texts) {
    const u = unitInText(raw)
    const text = u ? u.rest : raw
    const y = parseYear(text)
    if (y !== undefined) {
      year ??= y
      if (u) unit ??= u.unit
      continue
    }
    const direct = resolve(raw)
    if (direct) {
      indicator ??= direct
      continue
    }
    // "2021年常住人口(万人)": a year and an indicator in one heading.
    const yt = yearInText(text)
    const withoutYear = yt !== undefined ? text.replace(new RegExp(`${yt}\\s*年?(末|底|度)?`), '').trim() : text
    const ind = withoutYear && withoutYear !== text ? resolve(u ? `${withoutYear}(${u.unit})` : withoutYear) : undefined
    if (yt !== undefined) year ??= yt
    if (ind) indicator ??= ind
    else if (withoutYear) unresolved.push(raw)
    else if (u) unit ??= u.unit
  }
  return { texts, ...(year !== undefined ? { year } : {}), ...(indicator ? { indicator } : {}), ...(unit ? { unit } : {}), unresolved }
}

export function readGridTable(table: Table, indicators: IndicatorCatalog, regions: RegionCatalog, options: GridOptions): { raws: RawObservation[]; problems: Problem[] } {
  const problems: Problem[] = []
  const raws: RawObservation[] = []
  const base = { file: table.file, ...(table.sheet ? { sheet: table.sheet } : {}) }
  const rows = table.rows
  const rowNo = (r: number) => table.rowNumbers[r] ?? r + 1

  // 1. Titles (and "单位：万人" lines) at the top.
  let r = 0
  const titles: string[] = []
  let titleUnit: string | undefined
  for (; r < rows.length; r++) {
    const row = at(rows, r, 'table rows')
    if (!isBlankRow(row) && !isTitleRow(row)) break
    const text = row.find((c) => c.trim() !== '')
    if (text) {
      const unitLine = /^单位[:：]\s*(.+)$/.exec(compact(text))
      if (unitLine?.[1]) titleUnit = unitLine[1]
      else titles.push(text)
    }
  }
  const headerStart = r

  // 2. The first data row: a region label (or an empty label) followed by numbers or "not available" marks.
  const labelCol = 0
  let dataStart = -1
  for (let i = headerStart; i < rows.length; i++) {
    const row = at(rows, i, 'table rows')
    if (isBlankRow(row)) continue
    const label = row[labelCol] ?? ''
    const cells = row.filter((_, c) => c !== labelCol)
    const numeric = cells.filter(isNumberish).length
    const labelIsYear = parseYear(label) !== undefined
    const looksLikeData = numeric > 0 && cells.every((c) => isNumberish(c) || isNotAvailable(c)) && !labelIsYear && !isYearHeadingRow(cells)
    if (looksLikeData && (label === '' || regions.resolve(label).ok || i > headerStart)) {
      dataStart = i
      break
    }
  }
  if (dataStart < 0) return { raws, problems: [problem('error', 'ingest.no_table', base)] }
  const headerRows = rows.slice(headerStart, dataStart).filter((row) => !isBlankRow(row))

  // 3. What each column means.
  const title = titles.map(stripTableNumber).join(' ')
  const titleUnitInParens = titles.map((t) => unitInText(t)).find((u) => u !== undefined)
  const unitFromTitle = titleUnit ?? titleUnitInParens?.unit
  const qualifier = /户籍/.test(title) ? '户籍' : /常住/.test(title) ? '常住' : ''
  const fallbackIndicatorName = options.indicator ?? (titleUnitInParens ? stripTableNumber(titleUnitInParens.rest) : title)
  const resolveIndicator = (text: string): { indicator: Indicator; unit?: string } | undefined => {
    if (qualifier) {
      const q = indicators.resolve(qualifier + text)
      if (q.ok) return q.value
    }
    const res = indicators.resolve(text)
    return res.ok ? res.value : undefined
  }
  const fallbackIndicator =
    (fallbackIndicatorName ? resolveIndicator(fallbackIndicatorName) : undefined) ?? (table.sheet && !options.indicator ? resolveIndicator(table.sheet) : undefined)
  const fallbackYear = options.year !== undefined ? parseYear(options.year) : yearInText(title)

  const width = Math.max(...rows.map((row) => row.length))
  const meanings = Array.from({ length: width }, (_, c) =>
    c === labelCol
      ? undefined
      : readHeading(
          headerRows.map((row) => (row[c] ?? '').trim()),
          resolveIndicator,
        ),
  )
  // A heading that names something the plan does not know is an error, unless the table names its indicators
  // in other headings (then it is a column such as 比上年增长(%) or 位次 to leave aside) or it is a derived figure.
  const someColumnNamesItsIndicator = meanings.some((m) => m?.indicator !== undefined)
  const columns: ColumnMeaning[] = []
  for (let c = 0; c < width; c++) {
    const m = meanings[c]
    if (!m) continue
    const header = m.texts.join(' / ') || columnLetter(c)
    const hasData = rows.slice(dataStart).some((row) => isNumberish(row[c] ?? ''))
    const loc = { ...base, row: rowNo(Math.max(headerStart, dataStart - 1)), column: columnLetter(c) }
    const auxiliary = m.unresolved.some((t) => AUXILIARY_HEADING.test(compact(t)))
    if (!hasData || (auxiliary && !m.indicator)) {
      if (m.texts.length > 0 && !LABEL_HEADINGS.test(compact(m.texts[0] ?? ''))) problems.push(problem('warning', 'ingest.column_ignored', loc, { header }))
      continue
    }
    if (!m.indicator && m.unresolved.length > 0 && someColumnNamesItsIndicator) {
      problems.push(problem('warning', 'ingest.column_ignored', loc, { header }))
      continue
    }
    const chosen = m.indicator ?? fallbackIndicator
    // The unit nearest the number wins: the indicator's heading, then a year heading (2021年（万元）), then the title.
    const unit = m.indicator?.unit ?? m.unit ?? (m.indicator ? undefined : fallbackIndicator?.unit) ?? unitFromTitle
    const y = m.year ?? fallbackYear
    if (!chosen) {
      problems.push(problem('error', 'ingest.no_indicator', loc, { header }))
      continue
    }
    if (y === undefined) {
      problems.push(problem('error', 'ingest.no_year', loc, { header }))
      continue
    }
    columns.push({ index: c, header, indicator: chosen.indicator, ...(unit ? { unit } : {}), year: y })
  }

  // 4. Data rows, stopping at footnotes.
  interface DataRow {
    readonly index: number
    readonly label: string
    readonly region?: Region
  }
  const dataRows: DataRow[] = []
  for (let i = dataStart; i < rows.length; i++) {
    const row = at(rows, i, 'table rows')
    if (isBlankRow(row)) continue
    const label = (row[labelCol] ?? '').trim()
    // A footnote ends the table; in XLSX a merged note repeats its text across the row.
    if (NOTE_ROW.test(compact(label)) && row.every((c, j) => j === labelCol || c.trim() === '' || c.trim() === label)) break
    const res = label ? regions.resolve(label.replace(/^其中[:：]/, '')) : undefined
    dataRows.push({ index: i, label, ...(res?.ok ? { region: res.value } : {}) })
  }

  // 5. Unlabeled summary rows.
  const identified = identifyUnlabeledRows(dataRows, columns, rows, regions, options.summaryTolerance)
  for (const p of identified.problems) {
    problems.push(problem(p.severity, p.code, { ...base, row: rowNo(p.rowIndex), column: 'A' }, { ...p.params, row: rowNo(p.rowIndex) }))
  }

  // 6. One raw observation per non-empty cell.
  for (const dr of dataRows) {
    const region: string | Region | undefined = dr.label ? dr.label : identified.byRow.get(dr.index)
    if (region === undefined) continue
    const row = at(rows, dr.index, 'table rows')
    for (const col of columns) {
      const cell = (row[col.index] ?? '').trim()
      raws.push({
        indicator: col.indicator.id,
        region,
        year: String(col.year),
        value: cell,
        ...(col.unit ? { unit: col.unit } : {}),
        location: { ...base, row: rowNo(dr.index), column: columnLetter(col.index) },
        columns: { region: columnLetter(labelCol), value: columnLetter(col.index), indicator: columnLetter(col.index), year: columnLetter(col.index) },
      })
    }
  }
  return { raws, problems }
}

interface RowProblem {
  readonly severity: 'error' | 'warning'
  readonly code: 'ingest.unlabeled_row_identified' | 'ingest.unlabeled_row_unknown'
  readonly rowIndex: number
  readonly params: ErrorParams<'ingest.unlabeled_row_identified'> | ErrorParams<'ingest.unlabeled_row_unknown'>
}

/**
 * Names unlabeled rows (yearbooks print 全省, 苏南, 苏中, 苏北 without a label in some copies) by the sum of
 * their members in every `sum` column; position (leading = parent, trailing = statistical regions in order)
 * breaks ties and is the fallback when the table has no additive column.
 */
export function identifyUnlabeledRows(
  dataRows: ReadonlyArray<{ index: number; label: string; region?: Region }>,
  columns: ReadonlyArray<ColumnMeaning>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  regions: RegionCatalog,
  tolerance: number,
): { byRow: Map<number, Region>; problems: RowProblem[] } {
  const byRow = new Map<number, Region>()
  const problems: RowProblem[] = []
  const unlabeled = dataRows.filter((d) => d.label === '')
  if (unlabeled.length === 0) return { byRow, problems }
  const labeled = dataRows.filter((d): d is { index: number; label: string; region: Region } => d.region !== undefined)
  const present = new Map(labeled.map((d) => [d.region.code, d]))
  const firstLabeled = dataRows.findIndex((d) => d.label !== '')
  const lastLabeled = dataRows.length - 1 - [...dataRows].reverse().findIndex((d) => d.label !== '')

  // Candidates: a parent all of whose listed children are present, and groupings whose members are all present.
  const candidates: Region[] = []
  const parents = new Set(labeled.map((d) => d.region.parent).filter((p): p is string => p !== null))
  for (const p of parents) {
    const parent = regions.get(p)
    const kids = regions.children(p).filter((k) => k.level === regions.children(p)[0]?.level)
    if (parent && kids.length > 0 && kids.every((k) => present.has(k.code))) candidates.push(parent)
  }
  for (const g of regions.groupings()) {
    if (g.members.length > 0 && g.members.every((m) => present.has(m)) && !present.has(g.code)) candidates.push(g)
  }
  const sumColumns = columns.filter((c) => c.indicator.aggregation === 'sum')
  const cellValue = (rowIndex: number, col: number) => parseNumberText(rows[rowIndex]?.[col] ?? '')
  const matches = (rowIndex: number, cand: Region): boolean | undefined => {
    const members = regions.components(cand.code).filter((m) => present.has(m.code))
    let compared = 0
    for (const col of sumColumns) {
      const own = cellValue(rowIndex, col.index)
      if (!own) continue
      let sum = 0
      let decimals = 0
      for (const m of members) {
        // `members` holds only regions in `present`.
        const v = cellValue(got(present, m.code, 'present regions').index, col.index)
        if (!v) {
          sum = NaN
          break
        }
        sum += v.value
        decimals = Math.max(decimals, decimalsOf(v.text))
      }
      // A member without a value in this column (—) leaves the column out of the comparison.
      if (Number.isNaN(sum)) continue
      const allowed = Math.max(tolerance * Math.abs(sum), 0.5 * 10 ** -decimals * (members.length + 1))
      if (Math.abs(own.value - sum) > allowed) return false
      compared++
    }
    return compared > 0 ? true : undefined
  }
  const statistical = candidates.filter((c) => c.summaryOrder !== null).sort((a, b) => (a.summaryOrder ?? 0) - (b.summaryOrder ?? 0))
  const positional = (pos: number, d: { index: number }): Region | undefined => {
    if (pos < firstLabeled) {
      const leading = dataRows.slice(0, firstLabeled)
      const parent = candidates.find((c) => c.level !== 'grouping')
      return leading.length === 1 ? parent : undefined
    }
    if (pos > lastLabeled) {
      const trailing = dataRows.slice(lastLabeled + 1).filter((t) => t.label === '')
      const k = trailing.findIndex((t) => t.index === d.index)
      return trailing.length === statistical.length ? statistical[k] : undefined
    }
    return undefined
  }
  const used = new Set<string>()
  for (const d of unlabeled) {
    const pos = dataRows.indexOf(d)
    const results = candidates.map((c) => ({ c, m: matches(d.index, c) }))
    const bySum = results.filter((x) => x.m === true).map((x) => x.c)
    const byPos = positional(pos, d)
    let chosen: Region | undefined
    let how: [string, string] = ['成员合计', 'equalling the sum of its members']
    if (bySum.length === 1) chosen = bySum[0]
    else if (bySum.length > 1 && byPos && bySum.includes(byPos)) {
      chosen = byPos
      how = ['成员合计和所在位置', 'the sum of its members and its position']
    } else if (bySum.length === 0 && results.every((x) => x.m === undefined) && byPos) {
      chosen = byPos
      how = ['所在位置（表中没有可加总的列，请核对）', 'its position only (the table has no additive column; please check)']
    }
    if (chosen && !used.has(chosen.code)) {
      used.add(chosen.code)
      byRow.set(d.index, chosen)
      problems.push({
        severity: 'warning',
        code: 'ingest.unlabeled_row_identified',
        rowIndex: d.index,
        params: { row: 0, region: chosen.name, how: how[0], howEn: how[1] },
      })
    } else {
      const tried = candidates.map((c) => c.name).join('、')
      problems.push({
        severity: 'error',
        code: 'ingest.unlabeled_row_unknown',
        rowIndex: d.index,
        params: {
          row: 0,
          reason: bySum.length > 1 ? 'several' : tried ? 'none' : 'no_summary',
          candidates: (bySum.length > 1 ? bySum : candidates).map((c) => c.name).join('、'),
          candidatesEn: (bySum.length > 1 ? bySum : candidates).map((c) => c.nameEn).join(', '),
        },
      })
    }
  }
  return { byRow, problems }
}
