import type { TaskStatus } from '../core/task-status.js'
import type { Status } from '../monitoring/index.js'

/** A target's status in words (never by colour alone), with the tone a table or terminal may add. */
export const STATUS_NAMES: Record<Status, { readonly zh: string; readonly en: string; readonly tone: 'good' | 'warn' | 'bad' | 'none' }> = {
  achieved: { zh: '已实现', en: 'achieved', tone: 'good' },
  on_track: { zh: '符合预期', en: 'on track', tone: 'good' },
  at_risk: { zh: '存在风险', en: 'at risk', tone: 'warn' },
  off_track: { zh: '明显滞后', en: 'off track', tone: 'bad' },
  regressing: { zh: '倒退', en: 'regressing', tone: 'bad' },
  no_data: { zh: '暂无数据', en: 'no data', tone: 'none' },
}

/** A task's status in words, as task boards, sheets and reports show it. */
export const TASK_STATUS_NAMES: Record<TaskStatus, { readonly zh: string; readonly en: string; readonly tone: 'good' | 'warn' | 'bad' | 'none' }> = {
  not_started: { zh: '未开始', en: 'not started', tone: 'none' },
  in_progress: { zh: '推进中', en: 'in progress', tone: 'none' },
  done: { zh: '已完成', en: 'done', tone: 'good' },
  delayed: { zh: '滞后', en: 'delayed', tone: 'bad' },
  dropped: { zh: '已取消', en: 'dropped', tone: 'none' },
}
