/**
 * Labels a plan writes in Chinese that English text must not print as they are: chapter numerals (一 … 十九,
 * "三(二)") and the provincial departments that lead tasks.
 * @module
 */

const DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; undefined when the text is not a Chinese numeral below 100. */
export function chineseNumeral(text: string): number | undefined {
  if (text === '') return undefined
  const ten = text.indexOf('十')
  if (ten < 0) return text.length === 1 ? DIGITS[text] : undefined
  const tens = ten === 0 ? 1 : DIGITS[text.slice(0, ten)]
  const rest = text.slice(ten + 1)
  const ones = rest === '' ? 0 : rest.length === 1 ? DIGITS[rest] : undefined
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones
}

/** A chapter or section id in English: "三" → "3", "三(二)" → "3.2", "3.1.1" unchanged; others unchanged. */
export function sectionNumber(id: string): string {
  const m = /^([一二三四五六七八九十]+)(?:[（(]([一二三四五六七八九十]+)[)）])?$/.exec(id)
  if (!m) return id
  const chapter = chineseNumeral(m[1] ?? '')
  const section = m[2] === undefined ? undefined : chineseNumeral(m[2])
  if (chapter === undefined || (m[2] !== undefined && section === undefined)) return id
  return section === undefined ? String(chapter) : `${chapter}.${section}`
}

/** The departments of the Jiangsu plan's task table, in English (their official English names where they have one). */
export const DEPARTMENT_NAMES_EN: Readonly<Record<string, string>> = {
  人民银行南京分行: 'Nanjing Branch of the People’s Bank of China',
  各设区市人民政府: 'City governments',
  省交通运输厅: 'Provincial Department of Transport',
  省人力资源社会保障厅: 'Provincial Department of Human Resources and Social Security',
  省住房城乡建设厅: 'Provincial Department of Housing and Urban-Rural Development',
  省体育局: 'Provincial Sports Bureau',
  省公安厅: 'Provincial Department of Public Security',
  省农业农村厅: 'Provincial Department of Agriculture and Rural Affairs',
  省医保局: 'Provincial Healthcare Security Administration',
  省卫生健康委: 'Provincial Health Commission',
  省发展改革委: 'Provincial Development and Reform Commission',
  省司法厅: 'Provincial Department of Justice',
  省商务厅: 'Provincial Department of Commerce',
  省地方金融监管局: 'Provincial Local Financial Supervision Bureau',
  省委宣传部: 'Publicity Department of the Provincial Party Committee',
  省委网信办: 'Cyberspace Affairs Office of the Provincial Party Committee',
  省工业和信息化厅: 'Provincial Department of Industry and Information Technology',
  省市场监管局: 'Provincial Administration for Market Regulation',
  省应急管理厅: 'Provincial Department of Emergency Management',
  省政务服务管理办公室: 'Provincial Government Services Management Office',
  省教育厅: 'Provincial Department of Education',
  省文化和旅游厅: 'Provincial Department of Culture and Tourism',
  省民政厅: 'Provincial Department of Civil Affairs',
  省水利厅: 'Provincial Department of Water Resources',
  省生态环境厅: 'Provincial Department of Ecology and Environment',
  省科技厅: 'Provincial Department of Science and Technology',
  省统计局: 'Provincial Bureau of Statistics',
  省自然资源厅: 'Provincial Department of Natural Resources',
  省财政厅: 'Provincial Department of Finance',
  省通信管理局: 'Provincial Communications Administration',
  江苏省人民政府办公厅: 'General Office of the Jiangsu Provincial People’s Government',
}

/** A document number in English: 苏政办发〔2021〕48号 → "Su Zheng Ban Fa [2021] No. 48" (other forms unchanged). */
export function documentNumber(text: string, lang: 'zh' | 'en'): string {
  if (lang === 'zh') return text
  const m = /^苏政办发〔(\d{4})〕(\d+)号$/.exec(text)
  return m ? `Su Zheng Ban Fa [${m[1] ?? ''}] No. ${m[2] ?? ''}` : text
}

/** A department in the report's language (the Chinese name when no English one is known). */
export const departmentName = (name: string, lang: 'zh' | 'en'): string => (lang === 'zh' ? name : (DEPARTMENT_NAMES_EN[name] ?? name))

/** Units as English text writes them. */
const UNITS_EN: Readonly<Record<string, string>> = {
  万人: '10,000 persons',
  人: 'persons',
  亿元: '100 million yuan',
  万元: '10,000 yuan',
  元: 'yuan',
  天: 'days',
  个: 'count',
  公里: 'km',
  平方米: 'm²',
}

/** A unit in the report's language (unchanged when it has no English form here, e.g. "%"). */
export const unitName = (unit: string, lang: 'zh' | 'en'): string => (lang === 'zh' ? unit : (UNITS_EN[unit] ?? unit))

/** A target's goal as English text writes it ("全部(all) ≥1" → "all ≥1"). */
export const goalText = (goal: string, lang: 'zh' | 'en'): string => (lang === 'zh' ? goal : goal.replace(/^全部\(all\)\s*/, 'all '))
