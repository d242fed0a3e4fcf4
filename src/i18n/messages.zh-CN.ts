import type { Messages } from './messages.js'

export const zhCN = {
  'validation.failed': (p) => `输入校验未通过：${p.issues ?? ''}`,
  'plan.yaml_syntax': (p) => `规划文件 YAML 语法错误：${p.detail}`,
  'plan.invalid': (p) => `规划文件字段 ${p.path} 无效：${p.detail}`,
  'plan.reference': (p) => `规划文件 ${p.path} 引用了不存在的${p.kind}“${p.ref}”`,
  'regions.invalid': (p) => `地区文件字段 ${p.path} 无效：${p.detail}`,
  'region.unknown': (p) => `无法识别的地区“${p.name}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'region.ambiguous': (p) => `地区“${p.name}”有歧义，可能是：${p.candidates}；请使用行政区划代码`,
  'indicator.unknown': (p) => `无法识别的指标“${p.name}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'file.not_found': (p) => `找不到文件 ${p.file}`,
  'file.unreadable': (p) => `无法读取文件 ${p.file}：${p.detail}`,
  'ingest.unsupported_format': (p) => `不支持的文件格式“${p.ext}”；支持 CSV、XLSX、JSON、HTML`,
  'ingest.legacy_xls': () =>
    '这是旧版 Excel（.xls）文件，无法直接读取。请在 Excel 或 WPS 中“另存为” .xlsx，或执行 libreoffice --headless --convert-to xlsx 文件名.xls 后再导入',
  'ingest.empty': () => '文件中没有数据',
  'ingest.no_table': () => '文件中没有找到表格',
  'ingest.layout_unknown': () => '无法判断表格格式（长表、宽表或年鉴表）；请用 --layout 指定',
  'ingest.missing_column': (p) => `缺少必需的列“${p.column}”（可写作：${p.accepted}）`,
  'ingest.bad_json': (p) => `JSON 格式错误：${p.detail}`,
  'ingest.not_numeric': (p) => `“${p.value}”不是数字`,
  'ingest.not_available': (p) => `“${p.value}”表示数据暂缺，已跳过（不作为 0 处理）`,
  'ingest.unknown_region': (p) => `无法识别的地区“${p.value}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'ingest.ambiguous_region': (p) => `地区“${p.value}”有歧义，可能是：${p.candidates}；请使用行政区划代码`,
  'ingest.unknown_indicator': (p) => `无法识别的指标“${p.value}”${p.candidates ? `，是否是：${p.candidates}` : ''}`,
  'ingest.unknown_unit': (p) => `单位“${p.unit}”无法换算为指标 ${p.indicator} 的单位“${p.expected}”`,
  'ingest.bad_year': (p) => `“${p.value}”不是有效年份`,
  'ingest.no_year': (p) => `无法确定列“${p.header}”的年份；请在表头写明年份或用 --year 指定`,
  'ingest.no_indicator': (p) => `无法确定列“${p.header}”对应的指标；请用 --indicator 指定或在规划文件中为该指标添加别名`,
  'ingest.duplicate_conflict': (p) =>
    `同一单元格（${p.indicator}，${p.region}，${p.year}，来源相同）出现两个不同的值：${p.value} 与第 ${p.otherRow} 行的 ${p.otherValue}`,
  'ingest.duplicate_same': (p) => `与第 ${p.otherRow} 行重复（值相同），只导入一次`,
  'ingest.out_of_range': (p) => `值 ${p.value} 超出指标 ${p.indicator} 的有效范围 [${p.min}, ${p.max}]`,
  'ingest.rule_failed': (p) => `校验规则“${p.rule}”未通过：${p.detail}`,
  'ingest.summary_mismatch': (p) =>
    `${p.region} 的 ${p.indicator} 为 ${p.value}，与其成员合计 ${p.sum} 不符（允许误差 ${p.tolerance}）`,
  'ingest.unlabeled_row_identified': (p) => `第 ${p.row} 行没有地区名称，按${p.how}识别为“${p.region}”`,
  'ingest.unlabeled_row_unknown': (p) => `第 ${p.row} 行没有地区名称，且无法识别它是哪个汇总地区${p.detail ? `（${p.detail}）` : ''}`,
  'ingest.value_revised': (p) => `${p.indicator} ${p.region} ${p.year}（来源 ${p.source}）将由 ${p.old} 修订为 ${p.value}，旧值保留在历史中`,
  'ingest.unit_converted': (p) => `单位由“${p.from}”换算为“${p.to}”`,
  'ingest.column_ignored': (p) => `列“${p.header}”未使用`,
  'ingest.sheet_skipped': (p) => `工作表“${p.sheet}”中没有数据表格，已跳过`,
  'ingest.more_problems': (p) => `……同类问题（${p.code}）另有 ${p.count} 处；只列出前 ${p.shown} 处`,
  'ingest.stream_failed': (p) => `文件未能读完：${p.detail}`,
  'ingest.rejected': (p) => `导入被拒绝：发现 ${p.errors} 个错误，未写入任何数据`,
  'auth.required': () => '请先登录',
  'auth.invalid_credentials': () => '用户名或密码不正确',
  'auth.throttled': (p) => `登录失败次数过多，请 ${p.retryAfter} 秒后再试`,
  'auth.forbidden': (p) => `当前角色（${p.role}）无权执行此操作`,
  'auth.region_forbidden': (p) => `无权修改地区 ${p.region} 的数据（只能填报分配给您的地区）`,
  'auth.csrf': () => '请求缺少有效的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试',
  'auth.disabled': () => '该账号已停用',
  'user.exists': (p) => `用户 ${p.username} 已存在`,
  'user.not_found': (p) => `找不到用户 ${p.username}`,
  'user.invalid': (p) => `用户信息无效：${p.detail}`,
  'observation.not_found': (p) => `找不到数据 ${p.indicator} ${p.region} ${p.year}`,
  'observation.version_conflict': (p) => `该数据已被他人修改（当前版本 ${p.current}，您提交的版本 ${p.given}）；请刷新后重新填报，您的修改未被保存`,
  'workflow.bad_transition': (p) => `状态为“${p.status}”的数据不能执行“${p.action}”`,
  'http.not_found': () => '找不到该地址',
  'http.bad_request': (p) => `请求无效：${p.detail}`,
  'http.payload_too_large': (p) => `上传内容过大（上限 ${p.limit}）`,
  'http.unsupported_media_type': () => '不支持的请求格式',
  'ingest.region_forbidden': (p) => `无权导入地区“${p.region}”的数据（只能导入分配给您的地区）`,
  'backup.not_empty': (p) => `数据库 ${p.db} 不是空的（${p.tables}），只能恢复到新的空数据库；未恢复任何数据`,
  'backup.invalid': (p) => `备份文件第 ${p.line} 行有误：${p.detail}`,
  'task.not_found': (p) => `找不到任务 ${p.id}`,
  'task.forbidden': (p) => `只有牵头或配合单位可以填报任务 ${p.id} 的进展（您的单位：${p.department || '未设置'}）`,
  'task.invalid': (p) => `任务信息无效：${p.detail}`,
  'task.attachment_rejected': (p) => `附件“${p.file}”未接收：${p.detail}`,
  'task.sheet_invalid': (p) => {
    const v = `“${p.value ?? ''}”`
    switch (p.kind) {
      case 'status': return `${v}不是有效的任务状态（可填：未开始、推进中、已完成、滞后、已取消）`
      case 'deadline': return `${v}不是有效的完成时限（填日期，如 2025-12-31，或年份，如 2025）`
      case 'version': return `版本${v}无效：应保留导出时的版本号（正整数），不要修改或删除`
      case 'lead': return `牵头单位${v}无效：不能为空，且不超过 100 个字`
      case 'department': return `配合单位${v}无效：每个单位不超过 100 个字，多个单位用“、”分隔`
      case 'duplicate': return `任务 ${p.value} 在表中出现了多次（第 ${p.first} 行已有）`
      case 'drop_reason': return `任务 ${p.id} 改为“已取消”时，须在“取消原因”列写明原因`
      case 'rolled_up': return `任务 ${p.id} 有子任务，状态由子任务汇总得出（现为“${p.current}”），表中的${v}未导入；如需修改，请修改子任务的状态`
      case 'subtask_deadline': return `子任务 ${p.id} 的完成时限 ${p.value} 晚于上级任务 ${p.parent} 的完成时限 ${p.parentDeadline}`
      case 'no_id': return '该行有内容但没有编号，已忽略'
      default: return `${v}无效`
    }
  },
  'task.version_conflict': (p) => `任务 ${p.id} 已被他人修改（当前版本 ${p.current}，表中为版本 ${p.given}）；请重新导出任务清单，在新表上修改后再导入`,
  'inspection.not_found': (p) => `找不到督查 ${p.id}`,
  'inspection.open_items': (p) => `督查仍有 ${p.open} 项问题未整改，不能关闭`,
  'framework.invalid': (p) => `评价框架文件字段 ${p.path} 无效：${p.detail}`,
  'evaluation.failed': (p) => `综合评价无法计算：${p.detail}`,
  'evaluation.no_data': (p) => `${p.year ?? ''} 年没有足够的数据进行综合评价（可参评地区 ${p.regions ?? 0} 个）${p.detail ? `：${p.detail}` : ''}`,
  'evaluation.ahp_inconsistent': (p) => `AHP 判断矩阵一致性比率 CR = ${p.cr}，超过 0.1，判断不一致，请调整两两比较`,
  'store.unavailable': (p) => `无法打开数据库 ${p.db}：${p.detail}`,
  'store.not_initialised': (p) => `数据库 ${p.db} 尚未初始化；请先运行 urbmon init`,
  'cli.usage': (p) => `命令行参数错误：${p.detail}`,
  'warning.target_behind': (p) => `目标“${p.name}”${p.status === 'regressing' ? '出现倒退' : p.status === 'off_track' ? '明显滞后' : '存在风险'}：进度 ${p.progress}%，按直线路径应达 ${p.expected}%（最新值 ${p.latest}，目标 ${p.goal}，${p.targetYear} 年）`,
  'warning.missing_data': (p) => `${p.regionName} 没有“${p.indicatorName}”的任何数据（${p.due} 年数据应已发布）`,
  'warning.stale_data': (p) => `${p.regionName} 的“${p.indicatorName}”最新数据为 ${p.latestYear} 年，${p.due} 年数据应已发布`,
  'warning.suspicious_jump': (p) => `${p.regionName}“${p.indicatorName}”${p.year} 年变动 ${p.change}，远超该序列通常的年变动 ${p.usual}（修正 z 值 ${p.z}），请核实`,
  'warning.census_break': (p) => `${p.regionName}“${p.indicatorName}”由 ${p.fromYear} 年的 ${p.from} 到 ${p.toYear} 年的 ${p.to} 跨越 ${p.census} 年人口普查，部分变化是普查修订造成的统计口径断点，不应全部视为增长`,
  'warning.vintage_conflict': (p) => `${p.regionName}“${p.indicatorName}”${p.year} 年有多个来源的不同数值：${p.values}`,
  'warning.derived_mismatch': (p) => `${p.regionName} ${p.year} 年公布的“${p.indicatorName}”为 ${p.published}，按同一来源的 ${p.formula} 计算为 ${p.derived}，两者不符（来源 ${p.source}）`,
  'warning.task_overdue': (p) => `任务 ${p.task}“${p.title}”已超过完成时限 ${p.deadline}（${p.days} 天），牵头单位：${p.lead}`,
  'warning.task_stalled': (p) => `任务 ${p.task}“${p.title}”已 ${p.days} 天没有进展填报（牵头单位：${p.lead}）`,
  'forecast.failed': (p) => `无法预测：${p.detail}`,
  internal: (p) => `内部错误${p.requestId ? `（请求编号 ${p.requestId}）` : ''}`,
} satisfies Messages
