/** 填报指南 / Reporting guide (issue 15): public; what files the importer accepts, and the data template. */
import { useState } from 'react'

import { planReply, useApi } from '../api'
import { defineMessages } from '../i18n'
import { useSession } from '../session'
import { Async } from '../ui'

const useWords = defineMessages(
  {
    title: '填报指南',
    intro: '数据可以逐项在“数据填报”页录入，也可以上传文件批量导入。文件在写入前整体校验：有任何错误，整个文件都不写入，并逐条指出文件、工作表、行、列和原因。',
    templateTitle: '填报模板',
    templateText: '最省事的办法是下载填报模板：每个地区、每个指标一行，已填好指标、地区、年份和单位，并附上年已发布数值供核对（该列不导入），只需填写“数值”列。',
    templateSignIn: '登录后可在“数据填报”页下载本单位地区的模板。',
    chapter: '规划章节',
    year: '年份',
    format: '格式',
    download: '下载填报模板',
    longTitle: '长表（每行一个数值）',
    longText: '表头在第一行，可用中文或英文。必需列：指标、地区、数值，以及年份；单位、来源、备注、可信度可选。其他列（如“上年数值”）不读取。',
    heading: '列',
    aliases: '可用的表头',
    wideTitle: '宽表（年份或指标作列）',
    wideText: '地区作行，列标题写年份（宽表），或写指标及单位（一年的横截面，年份取自标题，如“2022年各市主要指标”）。',
    yearbookTitle: '年鉴表（两行表头）',
    yearbookText: '第一行表头写年份，第二行写指标和单位，例如 2017 下分“总人口(万人)”“城镇人口(万人)”。合并单元格按其跨度重复。',
    namesTitle: '地区和指标名称',
    namesText:
      '地区可写 南京、南京市、“南 京 市”、320100、3201 或 Nanjing；指标可写代码、名称或规划给出的别名（总人口、城镇化率等）。名称不明确或不存在时报错，并列出最接近的候选。',
    unitsTitle: '单位',
    unitsText: '单位可写在单位列、表头括号（数值(万元)）或标题（单位：万人）中，自动换算为指标单位（人→万人、万元→亿元等）；无法换算的单位报错。',
    rejectTitle: '文件为什么被拒收',
    rejectText: '以下情况为错误，整个文件不写入：',
    r1: '地区或指标不认识，例如：地区“南景”不存在，是否指：南京市 320100',
    r2: '数值不是数字，或超出指标的有效范围，例如：数值 200 超出 urbanization_rate 的有效范围 0–100',
    r3: '同一单元格出现两个不同数值；违反规划一致性规则（城镇人口 ≤ 常住人口、城镇化率与人口数一致等）',
    r4: '导入他人负责地区的数据（只能导入分配给您的地区）',
    r5: '空单元格、—、… 表示暂缺，跳过并提示，不作为 0。',
    sourceTitle: '来源与等级',
    sourceText:
      '导入时须填写来源：公众看到的出处（公报、年鉴及表号，或网址），表单中的来源适用于文件的每一行。可选填来源等级（年鉴、公报、政府报告、新闻、二手转载）。导入后为草稿，核对后提交审核。',
  },
  {
    title: 'Reporting guide',
    intro:
      'Values can be entered one by one on the data entry page, or imported from a file. A file is checked as a whole before anything is written: any error and nothing of it is written, each problem named by file, sheet, row, column and reason.',
    templateTitle: 'The data template',
    templateText:
      "The easiest way is the data template: one row per region and indicator, with the indicator, region, year and unit filled in and last year's published value for checking (that column is not imported); fill in the value column only.",
    templateSignIn: 'Signed in, download the template for your regions on the data entry page.',
    chapter: 'Plan chapter',
    year: 'Year',
    format: 'Format',
    download: 'Download a template',
    longTitle: 'Long table (one value per row)',
    longText:
      'Headings in the first row, in Chinese or English. Required: indicator, region, value and year; unit, source, note and confidence are optional. Other columns (such as the previous year) are not read.',
    heading: 'Column',
    aliases: 'Accepted headings',
    wideTitle: 'Wide table (years or indicators as columns)',
    wideText:
      'Regions as rows; column headings give a year (wide), or an indicator with its unit (a one-year cross-section, the year from the title such as "2022年各市主要指标").',
    yearbookTitle: 'Yearbook table (two heading rows)',
    yearbookText: 'The first heading row gives the year, the second the indicator and unit, e.g. 2017 over 总人口(万人) and 城镇人口(万人). Merged cells repeat across their span.',
    namesTitle: 'Region and indicator names',
    namesText:
      'Regions as 南京, 南京市, "南 京 市", 320100, 3201 or Nanjing; indicators by id, name or an alias the plan gives (总人口, 城镇化率 …). An unknown or ambiguous name is an error listing the nearest candidates.',
    unitsTitle: 'Units',
    unitsText:
      "A unit in a unit column, a heading (数值(万元)) or the title (单位：万人) is converted to the indicator's unit (人 → 万人, 万元 → 亿元 …); a unit that does not convert is an error.",
    rejectTitle: 'Why a file is rejected',
    rejectText: 'These are errors, and nothing of the file is written:',
    r1: 'an unknown region or indicator, e.g.: region "南景" is unknown; did you mean 南京市 320100',
    r2: "a value that is not a number, or outside the indicator's valid range, e.g.: 200 is outside the valid range 0–100 of urbanization_rate",
    r3: 'two different values for one cell; a broken consistency rule of the plan (urban ≤ resident population, the urbanization rate agreeing with the populations …)',
    r4: 'data of a region not assigned to you',
    r5: 'Empty cells, — and … mean not available: skipped with a warning, never read as 0.',
    sourceTitle: 'Source and grade',
    sourceText:
      'An import needs its source: where the public can read the figures (bulletin, yearbook and table, or an address); the source given on the form applies to every row of the file. Optionally its grade (yearbook, bulletin, government, news, secondary). Imported values are drafts: submit them for review when checked.',
  },
)

const LONG: ReadonlyArray<[string, string]> = [
  ['indicator', 'indicator, 指标, 指标名称, 指标代码'],
  ['region', 'region, area, 地区, 地区名称, 地区代码, 区划代码, 城市, 地市'],
  ['year', 'year, period, 年份, 年度, 年, 时间'],
  ['value', 'value, 数值, 值, 数据, 指标值'],
  ['unit', 'unit, 单位, 计量单位'],
  ['source', 'source, url, 来源, 数据来源, 出处'],
  ['note', 'note, remark, 备注, 说明, 注释'],
  ['confidence', 'confidence, 可信度, 置信度'],
]

function Example({ rows, label }: { rows: ReadonlyArray<ReadonlyArray<string>>; label: string }) {
  const [head, ...body] = rows
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {head?.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The template download: chapter, year and format; a reporter gets its own regions (the server checks). */
export function TemplateDownload() {
  const w = useWords()
  const plan = useApi('/api/plan', planReply)
  const [section, setSection] = useState('')
  const [year, setYear] = useState(String(new Date().getFullYear() - 1))
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx')
  return (
    <Async state={plan}>
      {(p) => {
        const chosen = section || p.chapters[0]?.id || ''
        const href = `/api/templates?format=${format}&year=${encodeURIComponent(year)}&section=${encodeURIComponent(chosen)}`
        return (
          <div className="form" data-testid="template-download">
            <label>
              {w('chapter')}
              <select value={chosen} onChange={(e) => setSection(e.target.value)}>
                {p.chapters.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.id} {c.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {w('year')}
              <input type="number" min={1990} max={2100} value={year} onChange={(e) => setYear(e.target.value)} />
            </label>
            <label>
              {w('format')}
              <select value={format} onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : 'xlsx')}>
                <option value="xlsx">Excel (XLSX)</option>
                <option value="csv">CSV</option>
              </select>
            </label>
            <a className="button" href={href} download>
              {w('download')}
            </a>
          </div>
        )
      }}
    </Async>
  )
}

export function GuidePage() {
  const w = useWords()
  const { user } = useSession()
  return (
    <section aria-labelledby="h-guide" className="panel guide">
      <h2 id="h-guide">{w('title')}</h2>
      <p>{w('intro')}</p>
      <h3>{w('templateTitle')}</h3>
      <p>{w('templateText')}</p>
      {user ? <TemplateDownload /> : <p>{w('templateSignIn')}</p>}
      <h3>{w('longTitle')}</h3>
      <p>{w('longText')}</p>
      <Example
        label={w('longTitle')}
        rows={[
          ['指标', '地区', '年份', '数值', '单位', '来源'],
          ['常住人口', '南京市', '2022', '949.11', '万人', '2022年南京市国民经济和社会发展统计公报'],
          ['urbanization_rate', '320100', '2022', '87.01', '%', ''],
        ]}
      />
      <Example label={w('aliases')} rows={[[w('heading'), w('aliases')], ...LONG]} />
      <h3>{w('wideTitle')}</h3>
      <p>{w('wideText')}</p>
      <Example
        label={w('wideTitle')}
        rows={[
          ['地区', '2021年 常住人口城镇化率(%)', '2022年 常住人口城镇化率(%)'],
          ['南京市', '86.9', '87.01'],
        ]}
      />
      <h3>{w('yearbookTitle')}</h3>
      <p>{w('yearbookText')}</p>
      <Example
        label={w('yearbookTitle')}
        rows={[
          ['地区', '2017 总人口(万人)', '2017 城镇人口(万人)', '2017 城镇人口比重(%)'],
          ['南京市', '833.50', '685.89', '82.29'],
        ]}
      />
      <h3>{w('namesTitle')}</h3>
      <p>{w('namesText')}</p>
      <h3>{w('unitsTitle')}</h3>
      <p>{w('unitsText')}</p>
      <h3>{w('rejectTitle')}</h3>
      <p>{w('rejectText')}</p>
      <ul>
        <li>{w('r1')}</li>
        <li>{w('r2')}</li>
        <li>{w('r3')}</li>
        <li>{w('r4')}</li>
      </ul>
      <p>{w('r5')}</p>
      <h3>{w('sourceTitle')}</h3>
      <p>{w('sourceText')}</p>
    </section>
  )
}
