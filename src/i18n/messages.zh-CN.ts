import type { ErrorParams, SchemaIssueParams, SchemaRule } from '../core/errors.js'
import type { Messages } from './messages.js'

const REFERENCE_KIND = { indicator: '指标', section: '章节', milestone: '里程碑', target: '目标', region: '地区' } as const
/** Review steps as a locked or refused action names them. */
const ACTION_ZH: Partial<Record<string, string>> = { edit: '修改', submit: '报送', return: '退回', approve: '审核通过', publish: '发布' }

/** System and driver error codes a user can act on; others are shown as the code. */
function systemReason(code: string): string {
  switch (code) {
    case 'ENOENT':
      return '文件或目录不存在'
    case 'EACCES':
    case 'EPERM':
      return '没有访问权限'
    case 'EISDIR':
      return '这是一个目录'
    case 'corrupt':
      return '文件已损坏或格式不符'
    case 'SQLITE_CANTOPEN':
      return '无法打开数据库文件（目录不存在或没有权限）'
    case 'SQLITE_NOTADB':
      return '这不是 SQLite 数据库文件'
    case 'SQLITE_BUSY':
      return '数据库正被其他进程占用'
    case 'ERR_ENCODING_INVALID_ENCODED_DATA':
      return '文本编码有误（不是所声明的编码）'
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'CSV 引号不配对'
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'CSV 某行的列数与表头不一致'
    default:
      return `错误代码 ${code}`
  }
}

function yamlReason(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return '键重复'
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return '缩进或符号有误'
    case 'TAB_AS_INDENT':
      return '不能用 Tab 缩进'
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return '键的写法有误（是否缺少冒号后的空格？）'
    default:
      return `解析错误（${code}）`
  }
}

/** zod's type names as a planner reads them; the name itself stays in brackets, as the YAML needs it. */
const TYPE_NAME: Partial<Record<string, string>> = { number: '数值', string: '文本', boolean: '布尔值（true/false）', array: '列表', object: '对象' }

const SCHEMA_RULE_ZH: Readonly<Record<SchemaRule, string>> = {
  rescale_range: '应为 [下限, 上限]，且 0 < 下限 < 上限',
  topsis_normalisation: 'TOPSIS 自行对原始数据标准化（topsisNormalisation：vector 或 minmax），normalisation 请保持 minmax',
  duplicate_question: '题目编号重复',
  duplicate_questionnaire: '另一个问卷文件已使用同一编号',
  unknown_dimension: '维度未在问卷的 dimensions 中列出',
  duplicate_option: '选项编号重复',
  scale_order: '量表的 max 应大于 min',
  scale_labels: '量表每一分值需要一个中文标签和一个英文标签',
}

function schemaIssue(p: Readonly<SchemaIssueParams>): string {
  switch (p.issue) {
    case 'invalid_type':
      return p.expected === 'nonoptional' || p.expected === undefined
        ? '缺少该字段或类型不符'
        : `应为${TYPE_NAME[p.expected] ? `${TYPE_NAME[p.expected]}（${p.expected}）` : ` ${p.expected}`}`
    case 'too_small':
      return p.limit !== undefined ? `不能小于 ${p.limit}` : '太小或太短'
    case 'too_big':
      return p.limit !== undefined ? `不能大于 ${p.limit}` : '太大或太长'
    case 'invalid_value':
      return p.expected ? `应为 ${p.expected} 之一` : '取值无效'
    case 'unrecognized_keys':
      return `有未知的字段 ${p.expected ?? ''}`
    case 'invalid_format':
      return '格式不符'
    case 'custom':
      return p.rule ? SCHEMA_RULE_ZH[p.rule] : '取值无效'
    default:
      return '取值无效'
  }
}

/** 各项读取上限计的是什么（src/ingest/limits.ts）。 */
const LIMIT_ZH: Readonly<Record<ErrorParams<'ingest.limit_exceeded'>['limit'], string>> = {
  fileBytes: '文件大小（字节）',
  cells: '表格单元格数（已用区域的行数 × 列数）',
  columns: '列数',
  fieldChars: '单元格长度（字符）',
  jsonDepth: 'JSON 嵌套层数',
  unzippedBytes: '工作簿解压后大小（字节）',
  zipRatio: '工作簿部件的压缩比',
  merges: '工作表合并单元格区域数',
  zipEntries: '工作簿部件数',
}

const USAGE_EXPECTED = {
  date: '应为日期，如 2025-12-31',
  xlsx: '应为 .xlsx 文件',
  docx_html: '请使用 .docx 或 .html 文件名',
  months: '应为 1 到 120 的整数月数',
  task_status: '可填：未开始、推进中、已完成、滞后、已取消',
  proxy_addresses: '应为以逗号分隔的代理地址或网段（或 loopback、linklocal、uniquelocal），如 10.0.0.5,10.1.0.0/16',
} as const

const EVALUATION_REASON: Partial<Record<string, (p: ErrorParams<'evaluation.failed'>) => string>> = {
  ahp_size: (p) => `AHP 判断矩阵应为 ${p.n}×${p.n}，每个维度一行`,
  distance_target: () => '“距目标距离”标准化需要每个指标都有目标值',
  weight_count: () => '权重个数与指标个数不符',
  negative_weight: () => '权重不能为负',
  not_finite_weight: () => '权重不是有限数',
  zero_total: () => '权重合计为 0',
  non_positive: () => '几何加权要求所有值大于 0',
  zero_norm: () => '某一指标各地区取值全为 0',
  all_equal: () => '各地区得分相同，无法排序',
  empty: () => 'AHP 判断矩阵为空',
  not_square: () => 'AHP 判断矩阵不是方阵',
  too_large: () => 'AHP 判断矩阵阶数过大',
  not_positive: () => 'AHP 判断矩阵的元素须为正数',
  not_reciprocal: () => 'AHP 判断矩阵不满足互反性（a_ij × a_ji 应为 1）',
  not_converged: () => 'AHP 特征向量迭代未收敛',
  too_few_subsystems: () => '耦合协调度至少需要 2 个子系统',
  too_few_regions: () => '参评地区太少',
  no_information: () => '所用指标在各地区之间没有差异，无法据此计算权重或排序',
  empty_matrix: () => '没有可用的指标数据',
  constant_column: () => '某一指标各地区取值相同，无法标准化',
  zero_column: () => '某一指标各地区取值全为 0',
  negative_value: () => '该方法要求数值不为负',
  not_finite: () => '数据中有非有限数值',
  ragged_matrix: () => '各地区的指标个数不一致',
  non_positive_target: () => '“距目标距离”标准化要求目标值为正',
  target_not_beyond_worst: () => '目标值不能比最差地区的取值更差',
  out_of_range: () => '参数超出允许范围',
}

/** Warning kinds as the group line names them. */
const WARNING_KIND_ZH: Partial<Record<string, string>> = {
  target_behind: '目标滞后',
  missing_data: '数据缺失',
  stale_data: '数据过期',
  suspicious_jump: '异常跳变',
  census_break: '普查口径断点',
  vintage_conflict: '来源数值不一致',
  derived_mismatch: '公布值与计算值不符',
  task_overdue: '任务逾期',
  task_stalled: '任务停滞',
}

const FORECAST_REASON: Partial<Record<string, (p: ErrorParams<'forecast.failed'>) => string>> = {
  too_few_points: (p) => `数据点太少（有 ${p.n} 个，至少需要 ${p.required} 个）`,
  non_positive: (p) => `方法 ${p.method} 要求数值为正（${p.year} 年为 ${p.value}）`,
  fit_failed: (p) => `方法 ${p.method} 拟合失败`,
  invalid_input: (p) => `输入数据无效（${p.issue}${p.year !== undefined ? `，${p.year} 年` : ''}）`,
}

export const zhCN = {
  'validation.failed': (p) => `输入校验未通过：字段 ${p.fields} 无效`,
  'plan.yaml_syntax': (p) => `规划文件 YAML 语法错误：${yamlReason(p.reason)}`,
  'plan.invalid': (p) => {
    switch (p.reason) {
      case 'schema':
        return `规划文件字段 ${p.path} 无效：${schemaIssue(p)}`
      case 'duplicate_id':
        return `规划文件字段 ${p.path} 无效：编号 ${p.id} 重复`
      case 'formula':
        return `规划文件字段 ${p.path} 无效：公式“${p.formula}”只能使用数字、指标编号和 + - * / ( )`
      case 'no_direction':
        return `规划文件字段 ${p.path} 无效：指标 ${p.indicator} 的方向为 none，不能用来衡量进展（请设为 higher 或 lower）`
    }
  },
  'plan.reference': (p) => `规划文件 ${p.path} 引用了不存在的${REFERENCE_KIND[p.kind]}“${p.ref}”`,
  'regions.invalid': (p) => {
    switch (p.reason) {
      case 'schema':
        return `地区文件字段 ${p.path} 无效：${schemaIssue(p)}`
      case 'yaml_syntax':
        return `地区文件 YAML 语法错误：${yamlReason(p.yaml)}`
      case 'unknown_parent':
        return `地区文件字段 ${p.path} 无效：上级地区 ${p.parent} 不存在`
      case 'unknown_member':
        return `地区文件字段 ${p.path} 无效：地区 ${p.region} 不存在`
      case 'duplicate_code':
        return `地区文件字段 ${p.path} 无效：行政区划代码 ${p.code} 重复`
    }
  },
  'region.unknown': (p) => `无法识别的地区“${p.name}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'region.ambiguous': (p) => `地区“${p.name}”有歧义，可能是：${p.candidates}；请使用行政区划代码`,
  'indicator.unknown': (p) => `无法识别的指标“${p.name}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'file.not_found': (p) => `找不到文件 ${p.file}`,
  'file.unreadable': (p) => `无法读取文件 ${p.file}：${systemReason(p.reason)}`,
  'file.too_large': (p) => `文件 ${p.file} 过大（上限 ${p.limitMiB} MiB）`,
  'ingest.unsupported_format': (p) => `不支持的文件格式“${p.ext}”；支持 CSV、XLSX、JSON、HTML`,
  'ingest.legacy_xls': () => '这是旧版 Excel（.xls）文件，无法直接读取。请在 Excel 或 WPS 中“另存为” .xlsx，或执行 libreoffice --headless --convert-to xlsx 文件名.xls 后再导入',
  'ingest.empty': () => '文件中没有数据',
  'ingest.no_table': () => '文件中没有找到表格',
  'ingest.layout_unknown': () => '无法判断表格格式（长表、宽表或年鉴表）；请用 --layout 指定',
  'ingest.missing_column': (p) => `缺少必需的列“${p.column}”（可写作：${p.accepted}）`,
  'ingest.bad_json': (p) => `JSON 格式错误${p.position !== undefined ? `（第 ${p.position} 个字符处）` : ''}`,
  'ingest.json_shape': (p) => `JSON 结构不符：应为对象数组（或 {"observations": [...]}），字段为 ${p.fields}`,
  'ingest.not_numeric': (p) => `“${p.value}”不是数字`,
  'ingest.not_available': (p) => `“${p.value}”表示数据暂缺，已跳过（不作为 0 处理）`,
  'ingest.unknown_region': (p) => `无法识别的地区“${p.value}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'ingest.ambiguous_region': (p) => `地区“${p.value}”有歧义，可能是：${p.candidates}；请使用行政区划代码`,
  'ingest.unknown_indicator': (p) => `无法识别的指标“${p.value}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'ingest.unknown_unit': (p) => `单位“${p.unit}”无法换算为指标 ${p.indicator} 的单位“${p.expected}”`,
  'ingest.bad_year': (p) => `“${p.value}”不是有效年份`,
  'ingest.bad_confidence': (p) => `“${p.value}”不是可信度：应为 ${p.accepted} 之一`,
  'ingest.no_year': (p) => `无法确定列“${p.header}”的年份；请在表头写明年份或用 --year 指定`,
  'ingest.no_indicator': (p) => `无法确定列“${p.header}”对应的指标；请用 --indicator 指定或在规划文件中为该指标添加别名`,
  'ingest.duplicate_conflict': (p) => `同一单元格（${p.indicator}，${p.region}，${p.year}，来源相同）出现两个不同的值：${p.value} 与第 ${p.otherRow} 行的 ${p.otherValue}`,
  'ingest.duplicate_same': (p) => `与第 ${p.otherRow} 行重复（值相同），只导入一次`,
  'ingest.out_of_range': (p) => `值 ${p.value} 超出指标 ${p.indicator} 的有效范围 [${p.min}, ${p.max}]`,
  'ingest.rule_failed': (p) => `校验规则“${p.rule}”未通过：${p.left} = ${p.leftValue}，${p.right} = ${p.rightValue}（${p.operator}${p.tolerance ? ` ±${p.tolerance}` : ''}）`,
  'ingest.summary_mismatch': (p) => `${p.region} 的 ${p.indicator} 为 ${p.value}，与其成员合计 ${p.sum} 不符（允许误差 ${p.tolerance}）`,
  'ingest.unlabeled_row_identified': (p) => `第 ${p.row} 行没有地区名称，按${p.how}识别为“${p.region}”`,
  'ingest.unlabeled_row_unknown': (p) =>
    `第 ${p.row} 行没有地区名称，且无法识别它是哪个汇总地区（${p.reason === 'several' ? `同时等于 ${p.candidates} 的成员合计` : p.reason === 'none' ? `不等于 ${p.candidates} 中任何一个的成员合计` : '表中没有可比较的汇总地区'}）`,
  'ingest.value_revised': (p) => `${p.indicator} ${p.region} ${p.year}（来源 ${p.source}）将由 ${p.old} 修订为 ${p.value}，旧值保留在历史中`,
  'ingest.unit_converted': (p) => `单位由“${p.from}”换算为“${p.to}”`,
  'ingest.column_ignored': (p) => `列“${p.header}”未使用`,
  'ingest.sheet_skipped': (p) => `工作表“${p.sheet}”中没有数据表格，已跳过`,
  'ingest.more_problems': (p) => `……同类问题（${p.code}）另有 ${p.count} 处；只列出前 ${p.shown} 处`,
  'ingest.stream_failed': (p) => `文件未能读完：${systemReason(p.reason)}`,
  'ingest.limit_exceeded': (p) =>
    `${LIMIT_ZH[p.limit]}${p.actual !== undefined ? ` ${p.actual.toLocaleString('en')}` : ''} 超过上限 ${p.max.toLocaleString('en')}（设置项 ${p.setting}），未导入任何数据`,
  'ingest.parse_aborted': (p) => {
    const at = `文件 ${p.file} 过大或过于复杂，无法读取`
    switch (p.reason) {
      case 'memory':
        return `${at}：读取所需内存超过 ${p.limit ?? '?'} MiB（设置项 ${p.setting ?? ''}）；请拆分为较小的文件`
      case 'timeout':
        return `${at}：读取时间超过 ${p.limit ?? '?'} 秒（设置项 ${p.setting ?? ''}）；请拆分为较小的文件`
      case 'crashed':
        return `${at}：读取中止；请确认是有效的 CSV、XLSX、JSON 或 HTML 文件`
    }
  },
  'ingest.control_char': (p) => `单元格含控制字符（${p.char}）；请删除（文本中只允许制表符和换行）`,
  'ingest.bad_encoding': () => '无法识别文本编码（不是 UTF-8、GB18030/GBK 或 Windows-1252/Latin-1）；请另存为 UTF-8 后重新导入',
  'ingest.rejected': (p) => `导入被拒绝：发现 ${p.errors} 个错误，未写入任何数据`,
  'auth.required': () => '请先登录',
  'auth.invalid_credentials': () => '用户名或密码不正确',
  'auth.throttled': (p) => `登录失败次数过多，请 ${p.retryAfter} 秒后再试`,
  'auth.forbidden': (p) => `当前角色（${p.role}）无权执行此操作`,
  'auth.region_forbidden': (p) => `无权修改地区 ${p.region} 的数据（只能填报分配给您的地区）`,
  'auth.csrf': () => '请求缺少有效的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试',
  'auth.disabled': () => '该账号已停用',
  'user.exists': (p) => (p.existing && p.existing !== p.username ? `用户 ${p.username} 已存在（已有用户 ${p.existing}；用户名不区分大小写）` : `用户 ${p.username} 已存在`),
  'user.not_found': (p) => `找不到用户 ${p.username}`,
  'user.last_admin': (p) => `${p.username} 是最后一个启用的管理员：在启用另一个管理员之前，不能停用它，也不能改变它的角色`,
  'token.not_found': (p) => `找不到您的 API 令牌 ${p.id}`,
  'user.invalid': (p) => {
    switch (p.reason) {
      case 'fields':
        return `用户信息无效：字段 ${p.fields} 有误`
      case 'unknown_region':
        return `用户信息无效：地区 ${p.region} 不存在`
      case 'reporter_scope':
        return '用户信息无效：填报员至少需要分配一个地区或一个单位'
      case 'password_short':
        return `用户信息无效：字段 password：密码至少 ${p.min} 个字符`
      case 'password_common':
        return '用户信息无效：字段 password：该密码（或去掉前后数字和符号后的单词）属于最常见的 5000 个密码'
      case 'password_username':
        return '用户信息无效：字段 password：密码不能是用户名，也不能包含用户名'
      case 'password_repetitive':
        return '用户信息无效：字段 password：密码至少要有 4 个不同的字符（不能是 aaaaaaaaaa、ababababab 之类）'
    }
  },
  'observation.not_found': (p) => `找不到数据 ${p.indicator} ${p.region} ${p.year}`,
  'observation.version_conflict': (p) => `该数据已被他人修改（当前版本 ${p.current}，您提交的版本 ${p.given}）；请刷新后重新填报，您的修改未被保存`,
  'workflow.bad_transition': (p) => `状态为“${p.status}”的数据不能执行“${p.action}”`,
  'review.comment_required': () => '退回时须填写意见，说明需要修改什么',
  'http.not_found': () => '找不到该地址',
  'http.bad_request': () => '请求无效',
  'http.bad_value': (p) => `请求无效：参数 ${p.field} 的值“${p.value}”无效`,
  'http.file_missing': (p) => `请求无效：字段“${p.field}”中没有文件`,
  'http.selection_required': () => '请求无效：请按编号或按指标、地区、年份选择数据',
  'http.bad_json': () => '请求内容不是有效的 JSON',
  'http.bad_multipart': () => '上传内容格式有误（multipart 无法解析）',
  'http.too_many_files': (p) => `一次最多上传 ${p.max} 个文件`,
  'http.payload_too_large': (p) => `上传内容过大（上限 ${formatBytes(p.limit)}）`,
  'http.unsupported_media_type': (p) => `不支持的请求格式${p.contentType ? `“${p.contentType}”` : ''}`,
  'export.too_many_rows': (p) => `所选数据共 ${p.rows} 行，超过 XLSX 导出上限 ${p.limit} 行；请改用 CSV 或 JSON 格式（无行数上限），或缩小指标、地区、年份范围`,
  'limit.busy': (p) => `您已有 ${p.limit} 个${p.kind === 'import' ? '导入' : '导出'}正在进行，请 ${p.retryAfter} 秒后再试`,
  'report.not_found': (p) => `报告库中没有报告 ${p.id}`,
  'job.not_found': (p) => `找不到导入任务 ${p.id}（任务只保留在启动它的服务进程中，服务重启后不再可查）`,
  'search.query_too_long': (p) => `搜索词（${p.field}）过长：${p.length} 个字符，最多 ${p.max} 个`,
  'opendata.no_data': (p) => `指标 ${p.indicator}（地区 ${p.region}，年份 ${p.years}）暂无已发布数据，没有可下载的文件`,
  'server.shutting_down': () => '服务正在停止：未完成的导入已整体回滚，数据未作任何更改，请稍后重新导入',
  'http.control_char': (p) => `字段 ${p.field} 含控制字符（如 NUL）；文本中只允许制表符和换行`,
  'ingest.region_forbidden': (p) => `无权导入地区“${p.region}”的数据（只能导入分配给您的地区）`,
  'backup.not_empty': (p) => `数据库 ${p.db} 不是空的（${p.tables}），只能恢复到新的空数据库；未恢复任何数据`,
  'backup.invalid': (p) => {
    const at = `备份文件第 ${p.line} 行有误：`
    switch (p.reason) {
      case 'not_json':
        return `${at}不是 JSON`
      case 'no_header':
        return `${at}没有头部行，这不是 urbmon 备份文件`
      case 'not_header':
        return `${at}第一行不是备份文件头部`
      case 'unknown_tables':
        return `${at}头部列出了未知的表`
      case 'no_counts':
        return `${at}头部缺少各表行数`
      case 'not_row':
        return `${at}应为 {"t": 表名, "r": 行}`
      case 'truncated':
        return `${at}表 ${p.table} 有 ${p.rows} 行，头部声明 ${p.expected} 行（文件不完整？）`
      case 'version':
        return `${at}备份格式版本 ${p.version}，本程序读取版本 ${p.expected}`
      case 'schema':
        return `${at}备份的数据库结构版本为 ${p.schema}，本数据库为 ${p.expected}`
      case 'dialect':
        return `${at}未知的数据库类型 ${p.dialect}`
      case 'table_not_in_header':
        return `${at}表 ${p.table} 不在头部列出的表中`
      case 'unknown_table':
        return `${at}未知的表 ${p.table}`
      case 'unknown_column':
        return `${at}表 ${p.table} 没有列 ${p.column}`
      case 'null':
        return `${at}${p.table}.${p.column} 不能为空`
      case 'base64':
        return `${at}${p.table}.${p.column} 应为 base64 文本`
      case 'type':
        return `${at}${p.table}.${p.column} 应为${p.kind === 'text' ? '文本' : p.kind === 'integer' ? '整数' : '数字'}，而不是 ${p.value}`
      case 'nul':
        return `${at}${p.table} 表第 ${p.id} 行的 ${p.column} 列含有 NUL 字符（U+0000），PostgreSQL 无法保存；请恢复到 SQLite，或在原库中删除该字符后重新备份`
    }
  },
  'task.not_found': (p) => `找不到任务 ${p.id}`,
  'task.forbidden': (p) => `只有牵头或配合单位可以填报任务 ${p.id} 的进展（您的单位：${p.department || '未设置'}）`,
  'task.invalid': (p) => {
    switch (p.reason) {
      case 'fields':
        return `任务信息无效：字段 ${p.fields} 有误`
      case 'nested_split':
        return '任务信息无效：子任务不能再拆分'
      case 'split_parts':
        return '任务信息无效：请写明拆分到哪些地区或单位'
      case 'drop_reason':
        return '任务信息无效：取消任务须写明原因'
      case 'deadline_format':
        return '任务信息无效：完成时限应为日期（YYYY-MM-DD）'
      case 'percent':
        return '任务信息无效：完成百分比应为 0 到 100 的整数'
      case 'period':
        return '任务信息无效：填报期间无效（如 2024H1、2024Q3 或 2024年上半年）'
      case 'inspection_empty':
        return '任务信息无效：督查须有标题和至少一项问题'
      case 'subtask_deadline':
        return `任务信息无效：子任务的完成时限应为日期，且不晚于上级任务的完成时限（${p.parentDeadline}）`
      case 'subtask_exists':
        return `任务信息无效：子任务 ${p.id} 已存在`
      case 'status':
        return `任务信息无效：状态 ${p.status} 无效`
      case 'report_text':
        return `任务信息无效：进展报告须有文字（不超过 ${p.max} 字）`
    }
  },
  'task.attachment_rejected': (p) => {
    const at = `附件“${p.file}”未接收：`
    switch (p.reason) {
      case 'empty':
        return `${at}文件为空`
      case 'type':
        return `${at}只接收 PDF、图片（PNG、JPEG、GIF、WebP）和 Office 文档`
      case 'zip':
        return `${at}不接收 zip 压缩包；Office 文件须为 .docx、.xlsx 或 .pptx`
      case 'structure':
        return `${at}文件结构损坏或不完整（${p.part}）；请用原软件重新保存`
      case 'executable':
        return `${at}文件中含有可执行程序（${p.part}）`
      case 'too_many':
        return `${at}每次填报最多 ${p.max} 个附件`
      case 'too_large':
        return `${at}超过 ${p.limitMiB} MiB`
    }
  },
  'task.sheet_invalid': (p) => {
    const v = `“${p.value ?? ''}”`
    switch (p.kind) {
      case 'status':
        return `${v}不是有效的任务状态（可填：未开始、推进中、已完成、滞后、已取消）`
      case 'deadline':
        return `${v}不是有效的完成时限（填日期，如 2025-12-31，或年份，如 2025）`
      case 'version':
        return `版本${v}无效：应保留导出时的版本号（正整数），不要修改或删除`
      case 'lead':
        return `牵头单位${v}无效：不能为空，且不超过 100 个字`
      case 'department':
        return `配合单位${v}无效：每个单位不超过 100 个字，多个单位用“、”分隔`
      case 'duplicate':
        return `任务 ${p.value} 在表中出现了多次（第 ${p.first} 行已有）`
      case 'drop_reason':
        return `任务 ${p.id} 改为“已取消”时，须在“取消原因”列写明原因`
      case 'rolled_up':
        return `任务 ${p.id} 有子任务，状态由子任务汇总得出（现为“${p.current}”），表中的${v}未导入；如需修改，请修改子任务的状态`
      case 'subtask_deadline':
        return `子任务 ${p.id} 的完成时限 ${p.value} 晚于上级任务 ${p.parent} 的完成时限 ${p.parentDeadline}`
      case 'no_id':
        return '该行有内容但没有编号，已忽略'
      default:
        return `${v}无效`
    }
  },
  'task.version_conflict': (p) => `任务 ${p.id} 已被他人修改（当前版本 ${p.current}，表中为版本 ${p.given}）；请重新导出任务清单，在新表上修改后再导入`,
  'inspection.not_found': (p) => `找不到督查 ${p.id}`,
  'inspection.open_items': (p) => `督查仍有 ${p.open} 项问题未整改，不能关闭`,
  'framework.invalid': (p) => {
    const at = p.line !== undefined ? `第 ${p.line} 行，` : ''
    return p.reason === 'schema' ? `评价框架文件${at}字段 ${p.path} 无效：${schemaIssue(p)}` : `评价框架文件${at}YAML 语法错误：${yamlReason(p.yaml)}`
  },
  'questionnaire.invalid': (p) => {
    const at = `${p.file !== undefined ? ` ${p.file} ` : ''}${p.line !== undefined ? `第 ${p.line} 行，` : ''}`
    return p.reason === 'schema' ? `问卷文件${at}字段 ${p.path} 无效：${schemaIssue(p)}` : `问卷文件${at}YAML 语法错误：${yamlReason(p.yaml)}`
  },
  'sources.invalid': (p) => {
    const at = `来源登记文件 ${p.file}${p.line !== undefined ? ` 第 ${p.line} 行` : ''}`
    if (p.reason === 'schema') return `${at}：字段 ${p.path} 无效：${schemaIssue(p)}`
    if (p.reason === 'duplicate') return `${at}：字段 ${p.path}：来源“${p.source}”重复登记`
    return `${at}：YAML 语法错误：${yamlReason(p.yaml)}`
  },
  'source.unknown': (p) => `没有数据来自来源“${p.source}”，来源登记中也没有它`,
  'source.bad_grade': (p) => `“${p.grade}”不是来源等级：应为 ${p.accepted} 之一`,
  'series.no_such_source': (p) => `序列 ${p.indicator} / ${p.region} 没有来自来源“${p.source}”的数据`,
  'series.reason_required': () => `请说明为该序列选定此来源的理由（理由必填）`,
  'evaluation.failed': (p) => `综合评价无法计算：${EVALUATION_REASON[p.reason]?.(p) ?? `计算方法无法用于这些数据（代码 ${p.reason}）`}`,
  'evaluation.no_data': (p) =>
    `${p.year} 年没有足够的数据进行综合评价（${p.indicators === 0 ? `没有一个指标有至少 ${p.needed ?? ''} 个地区的数据` : `可参评地区 ${p.regions} 个`}）${p.gaps ? `：缺少 ${p.gaps}` : ''}；${p.latest !== undefined ? `数据足够的最近年份为 ${p.latest} 年，请选择该年份` : '此前也没有数据足够的年份'}`,
  'evaluation.topsis_normalisation': (p) =>
    `TOPSIS 不能使用 ${p.normalisation} 标准化：它自行对原始数据做向量或极差标准化；请用 --normalisation minmax，或不指定（按评价框架的 topsisNormalisation）`,
  'evaluation.ahp_inconsistent': (p) => `AHP 判断矩阵一致性比率 CR = ${p.cr}，超过 0.1，判断不一致，请调整两两比较`,
  'store.unavailable': (p) => `无法打开数据库 ${p.db}：${systemReason(p.reason)}`,
  'store.bad_url': (p) => `数据库地址“${p.url}”无效：应为 postgres://用户名:密码@主机:端口/数据库名`,
  'store.connection_failed': (p) =>
    `无法连接数据库 ${p.db}：主机 ${p.host} ${p.reason === 'ENOTFOUND' ? '不存在（无法解析主机名）' : p.reason === 'ETIMEDOUT' || p.reason === 'timeout' ? '连接超时' : '拒绝连接（PostgreSQL 是否已启动、端口是否正确？）'}`,
  'store.auth_failed': (p) => `无法登录数据库 ${p.db}：用户 ${p.user} 的密码不正确或无权登录`,
  'store.database_missing': (p) => `数据库 ${p.database} 不存在（${p.db}）`,
  'store.bad_schema_name': (p) => `模式名“${p.schema}”无效：只能使用小写字母、数字和下划线，且以字母或下划线开头`,
  'store.no_schema': () => '数据库的 search_path 中没有可用的模式；请用 URBMON_DATABASE_SCHEMA 指定',
  'store.bad_stored_value': (p) => `数据库中有一个不是由本系统写入的值（${p.column}${p.key ? `，${p.key}` : ''}），请从备份恢复或联系管理员`,
  'store.busy': (p) => `数据库正忙于另一项写入（例如导入），本次未做任何修改，请 ${p.retryAfter} 秒后重试`,
  'store.full': () => '数据库所在磁盘已满，本次修改未保存；请联系管理员释放空间',
  'store.read_only': () => '数据库当前为只读，本次未做任何修改；请联系管理员',
  'store.unreachable': (p) => `与数据库服务器的连接已断开（${p.reason}），本次未做任何修改，请稍后重试`,
  'store.nul_in_text': () => '文本含有 NUL 字符（U+0000），数据库无法保存；请删除后重试',
  'store.migration_failed': (p) => `数据库结构升级失败（迁移 ${p.migration}）`,
  'store.not_initialised': (p) => `数据库 ${p.db} 尚未初始化；请先运行 urbmon init`,
  'cli.usage': (p) => {
    if ('option' in p && 'value' in p) return `命令行参数错误：${p.option} ${p.value}${p.expected ? `（${USAGE_EXPECTED[p.expected]}）` : ''}`
    switch (p.reason) {
      case 'password_short':
        return `命令行参数错误：标准输入中的密码至少需要 ${p.min} 个字符`
      case 'regions_or_departments':
        return '命令行参数错误：请给出 --regions 或 --departments 之一'
      case 'empty_list':
        return `命令行参数错误：${p.option} 为空`
    }
  },
  'warning.target_behind': (p) =>
    `目标“${p.name}”${p.status === 'regressing' ? '出现倒退' : p.status === 'off_track' ? '明显滞后' : '存在风险'}：` +
    // A target with a direction and no number has no progress share: compare the latest value with the baseline.
    (p.progress === '—'
      ? `最新值 ${p.latest}，基期 ${p.baseline}（目标 ${p.goal}，${p.targetYear} 年）`
      : `进度 ${p.progress}%，按直线路径应达 ${p.expected}%（最新值 ${p.latest}，目标 ${p.goal}，${p.targetYear} 年）`),
  'warning.missing_data': (p) => `${p.regionName} 没有“${p.indicatorName}”的任何数据（${p.due} 年数据应已发布）`,
  'warning.stale_data': (p) => `${p.regionName} 的“${p.indicatorName}”最新数据为 ${p.latestYear} 年，${p.due} 年数据应已发布`,
  'warning.suspicious_jump': (p) => `${p.regionName}“${p.indicatorName}”${p.year} 年变动 ${p.change}，远超该序列通常的年变动 ${p.usual}（修正 z 值 ${p.z}），请核实`,
  'warning.census_break': (p) =>
    `${p.regionName}“${p.indicatorName}”由 ${p.fromYear} 年的 ${p.from} 到 ${p.toYear} 年的 ${p.to} 跨越 ${p.census} 年人口普查，部分变化是普查修订造成的统计口径断点，不应全部视为增长`,
  'warning.vintage_conflict': (p) => `${p.regionName}“${p.indicatorName}”${p.year} 年有多个来源的不同数值：${p.values}`,
  'warning.derived_mismatch': (p) =>
    `${p.regionName} ${p.year} 年公布的“${p.indicatorName}”为 ${p.published}，按同一来源的 ${p.formula} 计算为 ${p.derived}，两者不符（来源 ${p.source}）`,
  'warning.task_overdue': (p) => `任务 ${p.task}“${p.title}”已超过完成时限 ${p.deadline}（${p.days} 天），牵头单位：${p.lead}`,
  'warning.task_stalled': (p) => `任务 ${p.task}“${p.title}”已 ${p.days} 天没有进展填报（牵头单位：${p.lead}）`,
  'warning.tasks_overdue': (p) => `${p.lead}牵头的 ${p.count} 项任务已超过完成时限（最长 ${p.days} 天）：${p.tasks}`,
  'warning.tasks_stalled': (p) => `${p.lead}牵头的 ${p.count} 项任务长期没有进展填报（最长 ${p.days} 天）：${p.tasks}`,
  'warning.grouped': (p) => `“${p.subject}”有 ${p.count} 条${WARNING_KIND_ZH[p.kind] ?? p.kind}预警`,
  'forecast.failed': (p) => `无法预测：${FORECAST_REASON[p.reason]?.(p) ?? p.reason}`,
  internal: (p) => `内部错误${p.requestId ? `（请求编号 ${p.requestId}）` : ''}`,
  'workflow.locked': (p) =>
    `${p.region} ${p.year} 年“${p.indicator}”已由${p.holder === 'city' ? '城市' : '省级'}审核通过并锁定，不能${ACTION_ZH[p.action] ?? p.action}：须由${p.holder === 'city' ? '城市' : '省级'}审核员先退回`,
  'workflow.awaits_city': (p) => `${p.region} ${p.year} 年“${p.indicator}”尚待所属城市审核，省级不能直接通过`,
  'workflow.province_only': (p) => `${p.region} ${p.year} 年“${p.indicator}”的“${ACTION_ZH[p.action] ?? p.action}”由省级审核员办理`,
  'workflow.region_forbidden': (p) => `${p.region} ${p.year} 年“${p.indicator}”不在您负责审核的地区内`,
  'ingest.unusual_change': (p) =>
    `${p.region} ${p.year} 年“${p.indicator}”为 ${p.value}，比上年变动 ${p.change}，而该序列通常变动 ${p.usual}（修正 z 值 ${p.z}）；请核实，并在备注中说明后再提交`,
  'workflow.needs_comment': (p) => `${p.region} ${p.year} 年“${p.indicator}”比上年变动异常：请先在备注中说明原因再提交`,
  'completeness.region_forbidden': (p) => `不能查看地区 ${p.region} 的完整性（参数 region）：只能查看分配给您的地区`,
  'inspection.closed': (p) => `督查 ${p.id} 已关闭，不能再记录整改`,
  'request.invalid': (p) => `数据征集填写有误：“${REQUEST_FIELD_ZH[p.field]}”（${p.field}）${REQUEST_REASON_ZH[p.reason]}${p.value ? `：“${p.value}”` : ''}`,
  'request.not_found': (p) => `没有编号为 ${p.id} 的数据征集`,
  'request.version_conflict': (p) => `这项数据征集已被他人修改（现为第 ${p.current} 版，您提交的是第 ${p.given} 版）；请刷新后重新修改——您的修改未保存`,
  'request.closed': (p) => `数据征集 ${p.id} 已关闭：请先重新开启再修改`,
  'survey.not_found': (p) => `没有问卷 ${p.id}`,
  'survey.bad_region': (p) => `地区 ${p.region} 不是本问卷面向的市或县（字段 region）`,
  'survey.token_invalid': () => '问卷凭证（字段 token）无效：请重新打开问卷页面',
  'survey.token_expired': (p) => `问卷凭证（字段 token）已过期（有效期 ${p.hours} 小时）：请重新打开问卷页面`,
  'survey.token_used': () => '该问卷凭证（字段 token）已使用过：每次打开问卷只能提交一次',
  'survey.bad_answer': (p) => {
    const q = `问题“${p.text}”（${p.question}）`
    switch (p.reason) {
      case 'required':
        return `${q}为必答题，请作答`
      case 'scale':
        return `${q}的回答 ${p.value ?? ''} 不在量表 ${p.min ?? ''}–${p.max ?? ''} 之内`
      case 'option':
        return `${q}的回答“${p.value ?? ''}”不是可选项之一`
      case 'too_long':
        return `${q}的回答过长：最多 ${p.max ?? ''} 个字符`
      case 'type':
        return `${q}的回答“${p.value ?? ''}”格式不对`
      case 'unknown_question':
        return `问卷中没有问题 ${p.question}`
    }
  },
  'survey.duplicate': (p) => `相同的回答在 ${p.minutes} 分钟内已从同一地址提交过，本次视为重复，未计入`,
  'survey.rate_limited': (p) => `提交过于频繁（每个地址 ${p.minutes} 分钟内最多 ${p.limit} 份）：请 ${p.retryAfter} 秒后再试，本次未计入`,
  'survey.bad_round': (p) => `评估轮次 ${p.round} 不是本问卷当前开放的轮次（字段 round）`,
  'survey.import_cell': (p) => {
    switch (p.reason) {
      case 'region':
        return `列 ${p.column}：“${p.value ?? ''}”不是本问卷面向的市或县`
      case 'no_region_column':
        return '缺少地区列（region 或 地区）'
      case 'unknown_column':
        return `列 ${p.column}：标题“${p.value ?? ''}”不是问卷中的问题编号`
      case 'empty_file':
        return '文件中没有回答'
      case 'unreadable':
        return '文件无法读取（应为 CSV 或 XLSX）'
      case 'too_many_rows':
        return `行数过多：一次最多导入 ${p.max ?? ''} 份回答`
    }
  },
  'survey.import_rejected': (p) => `文件 ${p.file} 有 ${p.errors} 处错误，未导入任何回答`,
  'comment.cell_not_found': (p) => `没有编号为 ${p.id} 的数值`,
  'comment.body_required': () => '字段 body：请填写讨论内容（1 至 2000 字）',
  'round.invalid': (p) => `评估轮次填写有误：“${ROUND_FIELD_ZH[p.field]}”（${p.field}）${ROUND_REASON_ZH[p.reason]}${p.value ? `：“${p.value}”` : ''}`,
  'round.not_found': (p) => `没有编号为 ${p.id} 的评估轮次`,
  'round.item_not_found': (p) => `评估轮次 ${p.round} 中没有地区 ${p.region} 的${p.kind === 'task' ? '任务' : '目标'} ${p.item}`,
  'round.version_conflict': (p) => `该内容已被他人修改（现为第 ${p.current} 版，您提交的是第 ${p.given} 版）；请刷新后重新修改——您的修改未保存`,
  'round.closed': (p) => `评估轮次 ${p.id} 已关闭：其中任何内容都不能再修改（管理员可说明理由后重新开启）`,
  'round.deadline_passed': (p) => `评估轮次 ${p.id} 的自评估截止日期（${p.deadline}）已过，且本轮不接受逾期提交`,
  'round.wrong_phase': (p) => `评估轮次 ${p.id} 当前处于“${phaseZh(p.phase)}”阶段：此操作只能在“${phaseZh(p.needed)}”阶段进行`,
  'round.phase_refused': (p) => `评估轮次 ${p.id} 不能从“${phaseZh(p.from)}”转到“${phaseZh(p.to)}”：阶段只能逐一前进（管理员可将已关闭的轮次重新开启到“汇总”阶段）`,
  'round.incomplete': (p) => `${p.region} 的自评估无法提交：有 ${p.count} 项缺少自评状态或说明（字段 status / narrative）：${p.items}`,
  'round.nothing_to_submit': (p) => `${p.region} 没有待提交的自评估（请先保存草稿）`,
  'round.not_assigned': (p) => `您不是评估轮次 ${p.round} 中地区 ${p.region} 的第三方评估员`,
  'round.item_state': (p) => `事项 ${p.item} 当前为“${STATE_ZH[p.state] ?? p.state}”：此操作要求其为“${STATE_ZH[p.needed] ?? p.needed}”`,
} satisfies Messages

const PHASE_ZH: Readonly<Record<string, string>> = { draft: '草稿', self_evaluation: '自评估', third_party_review: '第三方评估', consolidation: '汇总', closed: '已关闭' }
const STATE_ZH: Readonly<Record<string, string>> = { none: '尚未自评', draft: '草稿', submitted: '已提交', accepted: '已通过', returned: '已退回' }
const phaseZh = (p: string) => PHASE_ZH[p] ?? p

const ROUND_FIELD_ZH: Readonly<Record<ErrorParams<'round.invalid'>['field'], string>> = {
  kind: '类型',
  year: '年份',
  title: '标题',
  titleEn: '英文标题',
  regions: '地区',
  targets: '目标',
  tasks: '任务',
  deadlines: '截止日期',
  scale: '评分区间',
  evaluators: '评估员',
  survey: '满意度调查',
  reason: '理由',
  region: '地区',
  status: '自评状态',
  narrative: '说明',
  citations: '引用数据',
  evidence: '佐证材料',
  comment: '意见',
  rating: '评定',
  score: '评分',
  findings: '评估发现',
  recommendations: '建议',
}
const ROUND_REASON_ZH: Readonly<Record<ErrorParams<'round.invalid'>['reason'], string>> = {
  length: '长度不符（过长或为空）',
  empty: '至少要选一项',
  unknown: '包含规划、地区名录、数据库或本轮次中没有的项',
  range: '超出允许范围',
  date: '应为有效日期，格式 YYYY-MM-DD',
  too_many: '所选过多',
  required: '为必填项',
  not_evaluator: '应为“第三方评估员”角色的账号',
  order: '顺序不符（最小值应小于最大值；截止日期应按阶段先后）',
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} 字节`
}

const REQUEST_FIELD_ZH: Readonly<Record<ErrorParams<'request.invalid'>['field'], string>> = {
  title: '标题',
  message: '说明',
  indicators: '指标',
  regions: '地区',
  year: '年份',
  due: '截止日期',
}
const REQUEST_REASON_ZH: Readonly<Record<ErrorParams<'request.invalid'>['reason'], string>> = {
  length: '长度不符（标题 1 至 200 个字符，说明不超过 4000 个字符）',
  empty: '至少要选一项',
  unknown: '包含规划或地区名录中没有的项',
  range: '应为 2000 至 2100 之间的年份',
  date: '应为有效日期，格式 YYYY-MM-DD',
  too_many: '所选过多（最多 200 项）',
}
