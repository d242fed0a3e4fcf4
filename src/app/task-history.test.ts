import { describe, expect, it } from 'vitest'

import type { AuditRecord } from './ports/audit.js'
import { describeEntry, type HistoryLookups } from './task-history.js'

const LOOK: HistoryLookups = { reports: new Map(), inspections: new Map(), displayNames: new Map([['rev', '审核员 李明']]) }

function record(action: string, detail: unknown, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 7,
    at: '2026-03-01T08:00:00.000Z',
    actor: 'rev',
    action,
    entity: 'task',
    entityId: '3.1.2',
    indicator: null,
    region: null,
    period: null,
    source: null,
    oldValue: null,
    newValue: null,
    oldStatus: null,
    newStatus: null,
    detail,
    origin: null,
    ...extra,
  }
}

describe('a task history entry in words', () => {
  it('reads an edit recorded before the service kept co-operating departments: the change without a before', () => {
    const e = describeEntry(
      record('task.update', { patch: { cooperating: ['省财政厅', '省住房城乡建设厅'] }, before: { deadline: '2025-12-31', lead: '省公安厅' } }),
      '3.1.2',
      LOOK,
    )
    expect(e.changes).toEqual([{ field: 'cooperating', from: null, to: '省财政厅、省住房城乡建设厅' }])
    expect(e.summary).toBe('修改任务：配合部门 → 省财政厅、省住房城乡建设厅')
    expect(e.actorName).toBe('审核员 李明')
  })

  it('leaves out a field set to the value it had', () => {
    const e = describeEntry(
      record(
        'task.update',
        { patch: { deadline: '2025-12-31', status: 'in_progress' }, before: { deadline: '2025-12-31' } },
        { oldStatus: 'in_progress', newStatus: 'in_progress' },
      ),
      '3.1.2',
      LOOK,
    )
    expect(e.changes).toEqual([])
    expect(e.summaryEn).toBe('Edited the task: no field changed')
  })

  it('names an action it does not know by its code, and an account that is gone by its user name', () => {
    const e = describeEntry(record('task.archive', 'not an object', { actor: 'gone' }), '3.1.2', LOOK)
    expect([e.summary, e.summaryEn, e.actorName, e.changes, e.report]).toEqual(['task.archive', 'task.archive', 'gone', [], null])
  })

  it('keeps an evidence file that is no longer with its report, without a link', () => {
    const e = describeEntry(
      record('task.report', { report: 3, period: '2026Q1', percent: 40, attachments: [{ name: 'a.pdf', sha256: 'ab' }] }, { newStatus: 'in_progress' }),
      '3.1.2',
      LOOK,
    )
    expect(e.attachments).toEqual([{ id: null, reportId: 3, fileName: 'a.pdf' }])
    expect(e.report).toEqual({ id: 3, period: '2026Q1' })
  })
})
