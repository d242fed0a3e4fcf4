import { createContext, useContext } from 'react'

export type Lang = 'zh' | 'en'

const zh = {
  appTitle: '新型城镇化规划监测评估系统',
  appSubtitle: '江苏省“十四五”新型城镇化规划',
  navOverview: '总览', navMap: '地图', navWarnings: '预警', navEvaluation: '评估', navData: '数据填报', navOpenData: '开放数据',
  switchLang: 'English', switchLangLabel: 'Switch to English',
  loading: '正在加载…', retry: '重试',
  errorHint: '请检查网络或稍后重试；如问题持续，请联系系统管理员。',
  empty: '暂无数据。',
  st_achieved: '已实现', st_on_track: '符合预期', st_at_risk: '存在风险', st_off_track: '明显滞后', st_regressing: '倒退', st_no_data: '暂无数据',
  baseline: '基期', latest: '最新', target: '目标', progress: '进度', expected: '应达', forecast: '预测', probability: '实现概率', region: '地区',
  filterChapter: '按章节筛选', filterStatus: '按状态筛选', all: '全部', chapter: '第{0}章',
  noTargetsMatch: '没有符合筛选条件的目标，请调整筛选。',
  headline: '核心指标', asOf: '数据截至 {0} 年（公众视图：仅已发布数据）',
  indicator: '指标', year: '年份', value: '数值', rank: '排名', noData: '无数据', legendNoData: '灰色：无数据',
  mapCaption: '{0}，{1} 年，13 个设区市', mapTable: '各市数值与排名（按数值从高到低）',
  noObservations: '该指标暂无设区市数据，请选择其他指标。',
  severity: '严重程度', sev_high: '高', sev_medium: '中', sev_low: '低', message: '内容', kind: '类型', warningsCount: '共 {0} 条预警',
  noWarnings: '当前没有预警。',
  evalTitle: '城市发展综合评价', evalYear: '评价年份 {0}；方法：{1}', score: '综合得分', rankInterval: '排名区间（90%）', dimensions: '维度得分',
  signIn: '登录', signOut: '退出登录', username: '用户名', password: '密码', signedInAs: '当前用户：{0}（{1}）',
  signInHint: '数据填报与审核需要登录。账号由管理员创建。',
  entryTitle: '录入单个数值', note: '备注（来源说明）', save: '保存为草稿', saved: '已保存为草稿（版本 {0}）。提交后进入审核。',
  conflict: '该数值已被他人修改，请刷新后重试。',
  importTitle: '导入文件', file: '文件（CSV / XLSX）', upload: '上传并校验', importOk: '导入成功：{0} 条数值已保存为草稿。',
  importFailed: '导入未通过校验，未写入任何数据。请按下列提示修改文件后重新上传。',
  row: '行', column: '列', problem: '问题', errors: '错误', warnings: '提示',
  submitTitle: '提交审核', submit: '提交', submitted: '已提交 {0} 条数值，等待审核。',
  queueTitle: '待审核', queueEmpty: '目前没有待审核的数值。', status: '状态', publishedValue: '现发布值',
  approve: '通过', publish: '发布', return: '退回', comment: '退回意见', commentRequired: '退回时请填写意见。', done: '已完成：{0}。',
  ws_submitted: '已提交', ws_approved: '已通过', ws_draft: '草稿', ws_returned: '已退回', ws_published: '已发布',
  actions: '操作',
  openTitle: '开放数据目录', openIntro: '以下指标的已发布数据可自由下载（CSV 含 BOM，可直接用 Excel 打开）。',
  unit: '单位', definition: '说明', download: '下载', apiExamples: 'API 示例',
  navIndicator: '指标', navRegion: '地区', navReports: '报告',
  indicatorTitle: '指标：{0}', pickIndicator: '选择一个指标查看其历年数据、目标与预测。', chartCaption: '{0}：江苏省与 13 个设区市历年数值',
  province: '江苏省', targetLine: '目标值（{0} 年）', forecastBand: '预测区间（90%）', forecastMid: '预测（江苏省）',
  seriesTable: '各地区历年数值（鼠标悬停查看来源）', formula: '计算公式', source: '来源', downloads: '下载数据',
  regionTitle: '地区：{0}', pickRegion: '选择一个地区查看其最新数据、目标、综合评价排名与预警。', prefectures: '设区市', groupings: '区域板块',
  latestValues: '最新数值', targets: '目标与状态', evalRank: '综合评价排名', rankOf: '第 {0} 名（共 {1} 个；90% 区间 {2}–{3}）', notRanked: '该地区未参与综合评价。',
  noTargets: '该地区没有规划目标。', unknownRegion: '找不到该地区。', unknownIndicator: '找不到该指标。',
  reportsTitle: '报告下载', reportsIntro: '年度报告、中期评估报告与总结评估报告，可下载 Word（DOCX）或网页（HTML）版本。',
  reportsSignIn: '下载报告需要登录。请先到', reportsSignInLink: '数据填报', reportsSignInTail: '页面登录，再回到此页。',
  kind_annual: '年度报告', kind_midterm: '中期评估报告', kind_final: '总结评估报告', reportLang: '报告语言', langZh: '中文', langEn: '英文',
  signedInOk: '已登录，可以下载。', back: '返回列表',
  role_admin: '管理员', role_reviewer: '审核员', role_reporter: '填报员', role_viewer: '查看员',
}

export type Key = keyof typeof zh

const en: Record<Key, string> = {
  appTitle: 'Urbanization Plan Monitor', appSubtitle: 'Jiangsu 14th Five-Year New Urbanization Plan',
  navOverview: 'Overview', navMap: 'Map', navWarnings: 'Warnings', navEvaluation: 'Evaluation', navData: 'Data entry', navOpenData: 'Open data',
  switchLang: '中文', switchLangLabel: '切换到中文',
  loading: 'Loading…', retry: 'Retry',
  errorHint: 'Check your connection or try again later; if it persists, contact the administrator.',
  empty: 'No data yet.',
  st_achieved: 'Achieved', st_on_track: 'On track', st_at_risk: 'At risk', st_off_track: 'Off track', st_regressing: 'Regressing', st_no_data: 'No data',
  baseline: 'Baseline', latest: 'Latest', target: 'Target', progress: 'Progress', expected: 'expected', forecast: 'Forecast', probability: 'Probability', region: 'Region',
  filterChapter: 'Chapter', filterStatus: 'Status', all: 'All', chapter: 'Chapter {0}',
  noTargetsMatch: 'No target matches these filters; change the filters.',
  headline: 'Headline figures', asOf: 'Data as of {0} (public view: published data only)',
  indicator: 'Indicator', year: 'Year', value: 'Value', rank: 'Rank', noData: 'No data', legendNoData: 'Grey: no data',
  mapCaption: '{0}, {1}, 13 cities', mapTable: 'Values and ranks by city (highest first)',
  noObservations: 'No city data for this indicator; choose another one.',
  severity: 'Severity', sev_high: 'High', sev_medium: 'Medium', sev_low: 'Low', message: 'Message', kind: 'Kind', warningsCount: '{0} warnings',
  noWarnings: 'No warnings right now.',
  evalTitle: 'City development index', evalYear: 'Year {0}; method: {1}', score: 'Score', rankInterval: 'Rank interval (90 %)', dimensions: 'Dimension scores',
  signIn: 'Sign in', signOut: 'Sign out', username: 'User name', password: 'Password', signedInAs: 'Signed in as {0} ({1})',
  signInHint: 'Entering and reviewing data needs an account, created by the administrator.',
  entryTitle: 'Enter one value', note: 'Note (source)', save: 'Save as draft', saved: 'Saved as a draft (version {0}). Submit it for review.',
  conflict: 'Someone else changed this value; reload and try again.',
  importTitle: 'Import a file', file: 'File (CSV / XLSX)', upload: 'Upload and check', importOk: 'Imported: {0} values saved as drafts.',
  importFailed: 'The file did not pass validation; nothing was written. Fix the problems below and upload again.',
  row: 'Row', column: 'Column', problem: 'Problem', errors: 'Errors', warnings: 'Warnings',
  submitTitle: 'Submit for review', submit: 'Submit', submitted: '{0} values submitted for review.',
  queueTitle: 'Review queue', queueEmpty: 'Nothing waits for review.', status: 'Status', publishedValue: 'Published',
  approve: 'Approve', publish: 'Publish', return: 'Return', comment: 'Comment', commentRequired: 'A comment is required to return a value.', done: 'Done: {0}.',
  ws_submitted: 'Submitted', ws_approved: 'Approved', ws_draft: 'Draft', ws_returned: 'Returned', ws_published: 'Published',
  actions: 'Actions',
  openTitle: 'Open data catalogue', openIntro: 'Published values of these indicators are free to download (CSV with BOM opens in Excel).',
  unit: 'Unit', definition: 'Definition', download: 'Download', apiExamples: 'API examples',
  navIndicator: 'Indicator', navRegion: 'Region', navReports: 'Reports',
  indicatorTitle: 'Indicator: {0}', pickIndicator: 'Choose an indicator to see its series, target and forecast.', chartCaption: '{0}: Jiangsu and its 13 cities over the years',
  province: 'Jiangsu', targetLine: 'Target ({0})', forecastBand: 'Forecast interval (90 %)', forecastMid: 'Forecast (Jiangsu)',
  seriesTable: 'Values by region and year (hover for the source)', formula: 'Formula', source: 'Source', downloads: 'Download data',
  regionTitle: 'Region: {0}', pickRegion: 'Choose a region to see its latest values, targets, index rank and warnings.', prefectures: 'Cities', groupings: 'Groupings',
  latestValues: 'Latest values', targets: 'Targets and status', evalRank: 'Composite index rank', rankOf: 'Rank {0} of {1} (90 % interval {2}–{3})', notRanked: 'This region is not in the composite index.',
  noTargets: 'No plan target for this region.', unknownRegion: 'No such region.', unknownIndicator: 'No such indicator.',
  reportsTitle: 'Reports', reportsIntro: 'Annual, mid-term and final reports, as Word (DOCX) or web page (HTML).',
  reportsSignIn: 'Downloading reports needs an account. Sign in on', reportsSignInLink: 'Data entry', reportsSignInTail: ', then come back.',
  kind_annual: 'Annual report', kind_midterm: 'Mid-term review', kind_final: 'Final review', reportLang: 'Report language', langZh: 'Chinese', langEn: 'English',
  signedInOk: 'Signed in: downloads are available.', back: 'Back to the list',
  role_admin: 'administrator', role_reviewer: 'reviewer', role_reporter: 'reporter', role_viewer: 'viewer',
}

export const dictionaries: Record<Lang, Record<Key, string>> = { zh, en }

export function translate(lang: Lang, key: Key, ...args: Array<string | number>): string {
  return dictionaries[lang][key].replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''))
}

/** Look up a key that is built at run time (e.g. a status code); falls back to the raw code. */
export function translateCode(lang: Lang, prefix: string, code: string): string {
  const k = `${prefix}${code}` as Key
  return k in zh ? dictionaries[lang][k] : code
}

export const LANG_KEY = 'urbmon.lang'

export function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

export interface I18n {
  lang: Lang
  setLang(l: Lang): void
  t(key: Key, ...args: Array<string | number>): string
  code(prefix: string, code: string): string
  /** Pick the Chinese or English member of a pair. */
  pick(zhText: string | null | undefined, enText: string | null | undefined): string
}

export const I18nContext = createContext<I18n>({
  lang: 'zh',
  setLang: () => {},
  t: (k, ...a) => translate('zh', k, ...a),
  code: (p, c) => translateCode('zh', p, c),
  pick: (z, e) => z ?? e ?? '',
})

export const useI18n = (): I18n => useContext(I18nContext)
