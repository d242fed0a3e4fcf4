import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import type { Context } from './context.js'
import type { AuditEntry } from './ports/audit-entry.js'
import type { User } from './ports/user-repository.js'
import { ReportLibrary, type ReportEntry } from './report-library.js'

const reviewer: User = { id: 2, username: 'reviewer1', displayName: '审核员', role: 'reviewer', regions: [], department: null, disabled: false }
const draft: ReportEntry = {
  id: 'final-2025-zh-0a1b2c3d',
  kind: 'final',
  year: 2025,
  indexYear: 2024,
  lang: 'zh',
  status: 'draft',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'reviewer1',
  publishedAt: null,
  publishedBy: null,
  bytes: { docx: 1, html: 1 },
}

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function libraryWithDraft(): ReportLibrary {
  dir = mkdtempSync(join(tmpdir(), 'urbmon-reports-'))
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schema: 'urbmon/report-library@1', reports: [draft] }))
  return new ReportLibrary(dir)
}
const statusOnDisk = () => (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { reports: ReportEntry[] }).reports[0]!.status
const ctxWith = (record: (e: AuditEntry) => Promise<void>) => ({ audit: { record, list: () => Promise.resolve([]) } }) as unknown as Context

describe('publishing a kept report', () => {
  it('records who published it, and from where', async () => {
    const recorded: AuditEntry[] = []
    const lib = libraryWithDraft()
    await lib.setStatus(
      ctxWith((e) => Promise.resolve(void recorded.push(e))),
      reviewer,
      draft.id,
      'published',
      new Date('2026-02-01T00:00:00Z'),
      '127.0.0.1',
    )
    expect(statusOnDisk()).toBe('published')
    expect(recorded).toMatchObject([{ action: 'report.publish', actor: 'reviewer1', entityId: draft.id, oldStatus: 'draft', newStatus: 'published', origin: '127.0.0.1' }])
  })

  it('changes nothing when the audit entry cannot be written', async () => {
    const lib = libraryWithDraft()
    const failing = ctxWith(() => Promise.reject(new Error('disk full')))
    await expect(lib.setStatus(failing, reviewer, draft.id, 'published', new Date('2026-02-01T00:00:00Z'), null)).rejects.toThrow('disk full')
    expect(statusOnDisk()).toBe('draft')
    expect(lib.list(undefined)).toEqual([])
  })
})
