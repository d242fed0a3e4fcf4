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
  importParsing: '文件较大，正在后台读取和校验…', importWriting: '正在写入：{0} / {1} 条（全部写完才生效）',
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
  setCities: '{0}各设区市', setCounties: '{0}各县（市）', goalAll: '全部',
  skipToContent: '跳到正文', mainNav: '主导航', colon: '：', listSep: '、', close: '关闭', reload: '重新读取',
  // entry grid
  gridTitle: '批量录入表', gridIntro: '行是您负责的地区，列是所选章节的指标；已预填当前值。输入时即检查格式与取值范围；保存时只提交改动过的单元格，有任何错误则一个也不保存。',
  gridChapter: '指标章节', gridOtherIndicators: '其他指标（未列入章节）', gridChoose: '选择指标（已选 {0} 项）', gridYear: '请输入四位数年份。',
  gridNoColumns: '未选择指标，请在上方选择章节或勾选指标。', gridCaption: '{0} 年数据录入表', gridKeys: '方向键、Tab、回车在单元格间移动；Esc 撤销本格修改。',
  gridActive: '当前单元格：{0}', gridSave: '保存改动（{0} 格）', gridNothing: '没有改动，无需保存。',
  gridBlocked: '有 {0} 个单元格不符合要求，未保存任何数据。请按提示修改后再保存。', gridErrors: '{0} 个单元格需要修改：',
  gridSummary: '保存结果：成功 {0} 格，失败 {1} 格，冲突 {2} 格。',
  cellNotNumber: '{0}：“{1}” 不是数字，请输入阿拉伯数字（如 76.5）。', cellOutOfRange: '{0}：{1} 超出允许范围 {2}–{3} {4}。',
  cellNotInteger: '{0}：{1} 不是整数，该指标按个数计。', cellNotBoolean: '{0}：该指标只能填 1（是）或 0（否），不能填 {1}。',
  cellCleared: '{0}：已有数值不能清空；如需更正请填写新数值，按 Esc 可恢复原值。',
  cellChanged: '已修改（原值 {0}）', cellNew: '新填（原无数值）', cellSaved: '已保存为草稿（版本 {0}）', cellConflict: '与他人修改冲突，见下方',
  conflictTitle: '以下单元格已被他人修改，您的值未保存。请选择保留哪一个：',
  conflictText: '{0}：他人（{2}）已改为 {1}（版本 {3}），您填写的是 {4}。', keepMine: '保留我的值', takeTheirs: '采用对方的值',
  // history
  showHistory: '查看修订历史', historyShort: '历史', historyOf: '查看修订历史：{0}', historyTitle: '修订历史：{0}', historyIntro: '该单元格各来源的全部修订，最新的在前。',
  historyEmpty: '该单元格还没有任何修订记录。', historyHint: '点击数值可查看修订历史',
  version: '版本', changeKind: '操作', changedBy: '操作人', changedAt: '时间', origin: '出处', wasValue: '原为 {0}',
  rowCol: '第 {0} 行 {1} 列', viaWeb: '网页填报', viaCli: '命令行导入', dataEntrySource: '网页填报',
  act_create: '新建', act_update: '修改', act_status: '状态变更',
  // review
  queueIntro: '每条提交的数值与现发布值并列，并给出差额与变化率；变化超过 20% 的标为“变幅大”，请重点核对。',
  cell: '单元格（地区 · 指标 · 年份）', submittedValue: '提交值', difference: '差额（变化率）', submittedBy: '最后操作人',
  diffNew: '新增（无发布值）', diffSame: '无变化', diffUp: '增加', diffDown: '减少', diffBig: '变幅大',
  lastComment: '上次退回意见：{0}', bulkApprove: '批量通过所选（{0} 条）', bulkHint: '勾选“已提交”的行后可一次通过。', bulkDone: '{0} 条数值 → {1}',
  selectAll: '全选已提交的数值', selectRow: '选择 {0}',
  // map
  overlay: '区域板块', overlayNone: '不叠加', members: '成员', member: '板块成员', memberYes: '成员', memberNo: '非成员', legendMember: '黑色粗边框：板块成员',
  groupValue: '{0} 年板块数值', groupNoValue: '{0} 年无法给出板块数值。', groupMissing: '缺少成员 {0} 的数据（不以部分成员计算）。',
  groupNotAggregable: '该指标不能由成员汇总（如比例类指标缺少分子分母）。', weightedFallback: '按人口加权平均（缺少分子分母时的替代）',
  origin_published: '公布值', origin_derived: '由成员分子分母汇总后计算', origin_aggregated: '由成员汇总',
  'gk_city-cluster': '一群（城市群）', gk_axis: '两轴（城镇轴）', 'gk_metropolitan-area': '三圈（都市圈）', 'gk_statistical-region': '统计分区',
  prefecture: '设区市', county: '县（市、区）', countyTable: '{0} 年县级数值（按设区市分组）',
  countyNote: '未附带县级行政区边界，县级数值仅以表格列出。', countyNone: '该指标在所选年份没有县级数据；系统未附带县级行政区边界。',
  // codes shown as text
  dim_citizenization: '市民化', dim_spatial: '空间格局', dim_modern_city: '现代城市', dim_governance: '城市治理', dim_urban_rural: '城乡融合',
  m_arithmetic: '算术加权', m_geometric: '几何加权', m_topsis: 'TOPSIS', m_equal: '等权', m_entropy: '熵权', m_critic: 'CRITIC 权重', m_configured: '预设权重',
  m_minmax: '极差标准化', m_zscore: 'Z 分数标准化', m_rank: '排序标准化', m_target: '目标值标准化',
  wk_task_overdue: '任务逾期', wk_suspicious_jump: '数值异常跳变', wk_missing_data: '数据缺报', wk_stale_data: '数据陈旧', wk_vintage_conflict: '来源数值不一致', wk_census_break: '普查口径断点',
  wk_target_behind: '目标进度滞后', wk_derived_mismatch: '计算值与公布值不符', wk_task_stalled: '任务停滞',
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
  importParsing: 'A large file: reading and checking it in the background…', importWriting: 'Writing: {0} of {1} values (nothing counts until all are written)',
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
  setCities: 'cities of {0}', setCounties: 'counties of {0}', goalAll: 'all',
  skipToContent: 'Skip to content', mainNav: 'Main', colon: ': ', listSep: ', ', close: 'Close', reload: 'Reload',
  gridTitle: 'Entry grid', gridIntro: 'Rows are your regions, columns the indicators of the chosen chapter, prefilled with the current values. Each cell is checked as you type; saving sends only the changed cells, and nothing at all while any cell is wrong.',
  gridChapter: 'Chapter', gridOtherIndicators: 'Other indicators (no chapter)', gridChoose: 'Choose indicators ({0} chosen)', gridYear: 'Enter a four-digit year.',
  gridNoColumns: 'No indicator chosen: pick a chapter or tick indicators above.', gridCaption: 'Data entry grid, {0}', gridKeys: 'Arrow keys, Tab and Enter move between cells; Esc undoes the change in a cell.',
  gridActive: 'Current cell: {0}', gridSave: 'Save changes ({0} cells)', gridNothing: 'Nothing changed; nothing to save.',
  gridBlocked: '{0} cells are not valid; nothing was saved. Fix them as shown, then save again.', gridErrors: '{0} cells need fixing:',
  gridSummary: 'Saved {0} cells, {1} failed, {2} in conflict.',
  cellNotNumber: '{0}: “{1}” is not a number; type digits (e.g. 76.5).', cellOutOfRange: '{0}: {1} is outside the allowed range {2}–{3} {4}.',
  cellNotInteger: '{0}: {1} is not a whole number; this indicator is a count.', cellNotBoolean: '{0}: this indicator takes 1 (yes) or 0 (no), not {1}.',
  cellCleared: '{0}: a value that exists cannot be emptied; type the corrected value, or press Esc to restore it.',
  cellChanged: 'Changed (was {0})', cellNew: 'New (no value before)', cellSaved: 'Saved as a draft (version {0})', cellConflict: 'Conflicts with another change; see below',
  conflictTitle: 'Someone else changed these cells; your values were not saved. Choose which to keep:',
  conflictText: '{0}: {2} changed it to {1} (version {3}); you typed {4}.', keepMine: 'Keep my value', takeTheirs: 'Use their value',
  showHistory: 'Revision history', historyShort: 'History', historyOf: 'Revision history: {0}', historyTitle: 'Revision history: {0}', historyIntro: 'Every revision of this cell, from every source, newest first.',
  historyEmpty: 'This cell has no revisions yet.', historyHint: 'select a value to see its revision history',
  version: 'Version', changeKind: 'Change', changedBy: 'By', changedAt: 'When', origin: 'Origin', wasValue: 'was {0}',
  rowCol: 'row {0}, column {1}', viaWeb: 'Web entry', viaCli: 'Command-line import', dataEntrySource: 'Web entry',
  act_create: 'Created', act_update: 'Changed', act_status: 'Status change',
  queueIntro: 'Each submitted value beside the published one, with the difference and the relative change; changes over 20 % are flagged “large change”.',
  cell: 'Cell (region · indicator · year)', submittedValue: 'Submitted', difference: 'Difference (change)', submittedBy: 'Last changed by',
  diffNew: 'New (nothing published)', diffSame: 'No change', diffUp: 'up', diffDown: 'down', diffBig: 'large change',
  lastComment: 'Last return comment: {0}', bulkApprove: 'Approve selected ({0})', bulkHint: 'Tick submitted rows to approve them at once.', bulkDone: '{0} values → {1}',
  selectAll: 'Select all submitted values', selectRow: 'Select {0}',
  overlay: 'Grouping', overlayNone: 'None', members: 'Members', member: 'Member', memberYes: 'Member', memberNo: 'Not a member', legendMember: 'Thick dark outline: member',
  groupValue: 'Grouping value, {0}', groupNoValue: 'No grouping value for {0}.', groupMissing: 'Data missing for {0} (never computed from part of the members).',
  groupNotAggregable: 'This indicator cannot be aggregated from its members.', weightedFallback: 'population-weighted mean (components missing)',
  origin_published: 'published figure', origin_derived: 'computed from the members’ summed components', origin_aggregated: 'aggregated from the members',
  'gk_city-cluster': 'City cluster', gk_axis: 'Urban axes', 'gk_metropolitan-area': 'Metropolitan areas', 'gk_statistical-region': 'Statistical regions',
  prefecture: 'City', county: 'County / district', countyTable: 'County-level values, {0} (by city)',
  countyNote: 'County boundaries are not bundled, so county values are listed in a table only.', countyNone: 'No county-level data for this indicator and year; county boundaries are not bundled.',
  dim_citizenization: 'Citizenization', dim_spatial: 'Spatial pattern', dim_modern_city: 'Modern cities', dim_governance: 'Urban governance', dim_urban_rural: 'Urban-rural integration',
  m_arithmetic: 'arithmetic', m_geometric: 'geometric', m_topsis: 'TOPSIS', m_equal: 'equal weights', m_entropy: 'entropy weights', m_critic: 'CRITIC weights', m_configured: 'configured weights',
  m_minmax: 'min–max', m_zscore: 'z-score', m_rank: 'rank', m_target: 'distance to target',
  wk_task_overdue: 'task overdue', wk_suspicious_jump: 'suspicious jump', wk_missing_data: 'missing data', wk_stale_data: 'stale data', wk_vintage_conflict: 'sources disagree', wk_census_break: 'census break',
  wk_target_behind: 'target behind', wk_derived_mismatch: 'computed and published differ', wk_task_stalled: 'task stalled',
}

export const dictionaries: Record<Lang, Record<Key, string>> = { zh, en }

/** English for the units plans write in Chinese; a unit not listed is shown as written. */
const UNITS_EN: Readonly<Record<string, string>> = {
  亿元: '100 million yuan', 万人: '10,000 persons', 万张: '10,000 permits', 个: 'count', 元: 'yuan', '元/人/年': 'yuan per person per year', 百分点: 'percentage points',
}

const NUMERALS = '一二三四五六七八九十'
/** A plan section or chapter number for English readers: 二(三) → 2(3); Chinese text keeps the plan's numerals. */
export const sectionNumber = (lang: Lang, section: string): string =>
  lang === 'en' ? section.replace(/[一二三四五六七八九十]/g, (c) => String(NUMERALS.indexOf(c) + 1)) : section

export const unitText = (lang: Lang, unit: string): string => (lang === 'en' ? (UNITS_EN[unit] ?? unit) : unit)

export function translate(lang: Lang, key: Key, ...args: Array<string | number>): string {
  return dictionaries[lang][key].replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''))
}

/** Look up a key that is built at run time (e.g. a status code); falls back to the raw code. */
export function translateCode(lang: Lang, prefix: string, code: string): string {
  const k = `${prefix}${code}` as Key
  return k in zh ? dictionaries[lang][k] : code
}

/** Function properties rather than methods: pages destructure them (`const { t } = useI18n()`), and none uses `this`. */
export interface I18n {
  lang: Lang
  setLang: (l: Lang) => void
  t: (key: Key, ...args: Array<string | number>) => string
  code: (prefix: string, code: string) => string
  /** Pick the Chinese or English member of a pair. */
  pick: (zhText: string | null | undefined, enText: string | null | undefined) => string
  /** A unit in the current language. */
  unit: (u: string) => string
}

export const I18nContext = createContext<I18n>({
  lang: 'zh',
  setLang: () => {},
  t: (k, ...a) => translate('zh', k, ...a),
  code: (p, c) => translateCode('zh', p, c),
  pick: (z, e) => z ?? e ?? '',
  unit: (u) => u,
})

export const useI18n = (): I18n => useContext(I18nContext)
