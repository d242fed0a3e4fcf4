import { describe, expect, it } from 'vitest'

import { followUp, rollUp, sniffAttachment } from './follow-up.js'

describe('rollUp', () => {
  it('averages the live sub-tasks and derives the status', () => {
    expect(rollUp([])).toBeUndefined()
    // (100 + 40 + 0) / 3 = 46.67 → 47; one done, one in progress → in progress
    expect(
      rollUp([
        { status: 'done', percent: 100 },
        { status: 'in_progress', percent: 40 },
        { status: 'not_started', percent: 0 },
      ]),
    ).toEqual({ status: 'in_progress', percent: 47 })
    expect(
      rollUp([
        { status: 'done', percent: 100 },
        { status: 'dropped', percent: 0 },
      ]),
    ).toEqual({ status: 'done', percent: 100 })
    expect(
      rollUp([
        { status: 'delayed', percent: 30 },
        { status: 'done', percent: 100 },
      ]),
    ).toEqual({ status: 'delayed', percent: 65 })
    expect(
      rollUp([
        { status: 'not_started', percent: 0 },
        { status: 'not_started', percent: 0 },
      ]),
    ).toEqual({ status: 'not_started', percent: 0 })
    expect(rollUp([{ status: 'dropped', percent: 10 }])).toEqual({ status: 'dropped', percent: 0 })
  })
})

describe('followUp', () => {
  const base = { parentId: null, percent: 0 }
  it('finds overdue tasks and tasks with no report for six months, and nothing else', () => {
    const r = followUp(
      [
        { ...base, id: 'a', status: 'in_progress', deadline: '2025-12-31', lastReportAt: '2025-11-01T00:00:00Z' }, // 15 days overdue
        { ...base, id: 'b', status: 'done', deadline: '2025-12-31', lastReportAt: null }, // done: never overdue
        { ...base, id: 'c', status: 'in_progress', deadline: '2027-12-31', lastReportAt: '2025-06-01T00:00:00Z' }, // 229 days without a report
        { ...base, id: 'd', status: 'in_progress', deadline: '2027-12-31', lastReportAt: '2025-12-01T00:00:00Z' }, // reported 46 days ago
        { ...base, id: 'e', status: 'not_started', deadline: '2027-12-31', lastReportAt: null }, // never reported since the plan began (2021)
        { ...base, id: 'f', status: 'dropped', deadline: '2023-12-31', lastReportAt: null },
      ],
      '2026-01-16T00:00:00Z',
      '2021-01-01',
    )
    expect(r.map((x) => [x.task, x.kind, x.days])).toEqual([
      ['a', 'overdue', 15],
      ['e', 'stalled', 1841],
      ['c', 'stalled', 229],
    ])
  })
})

describe('sniffAttachment', () => {
  it('recognises evidence files by their bytes and refuses the rest', () => {
    expect(sniffAttachment(Buffer.from('%PDF-1.7\n'))?.mediaType).toBe('application/pdf')
    expect(sniffAttachment(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))?.mediaType).toBe('image/png')
    expect(sniffAttachment(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.mediaType).toBe('image/jpeg')
    expect(sniffAttachment(Buffer.from('MZ\x90\x00'))).toBeUndefined() // a Windows executable
    expect(sniffAttachment(Buffer.from('<html><script>'))).toBeUndefined()
  })
})
