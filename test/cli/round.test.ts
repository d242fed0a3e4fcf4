/** `urbmon round`: a round from the command line — open, phases, self-evaluation, review, rating as the evaluator, progress, consolidated. */
import { describe, expect, it } from 'vitest'

import { cli } from '../helpers/cli.js'
import { freshStore } from '../helpers/templates.js'

interface Item {
  region: string
  kind: string
  itemId: string
  flagged: boolean
  self: { state: string; version: number } | null
  rating: { score: number; by: string } | null
}

describe('urbmon round', () => {
  it('walks a round and refuses what the server refuses, with the code and exit 1', async () => {
    const db = await freshStore()
    const u = (...args: string[]) => cli(['--db', db, ...args])
    expect((await u('user', 'add', 'eval1', '--role', 'evaluator')).code).toBe(0)
    const opened = await u('round', 'open', '--kind', 'midterm', '--year', '2023', '--title', '中期评估', '--regions', '320100', '--evaluator', 'eval1=320100', '--json')
    expect(opened.code, opened.err).toBe(0)
    const id = String((JSON.parse(opened.out) as { id: number }).id)
    expect(JSON.parse((await u('round', 'list', '--json')).out)).toEqual([
      expect.objectContaining({ id: Number(id), phase: 'draft', evaluators: [{ username: 'eval1', regions: ['320100'] }] }),
    ])
    // Skipping a phase: refused with its code.
    const skip = await u('round', 'phase', id, 'closed')
    expect(skip.code).toBe(1)
    expect(skip.err).toContain('round.phase_refused')
    expect((await u('round', 'phase', id, 'self_evaluation')).code).toBe(0)
    const items = (JSON.parse((await u('round', 'show', id, '--region', '320100', '--json')).out) as { items: Item[] }).items
    expect(items.length).toBeGreaterThan(0)
    const first = items[0]!
    for (const i of items) expect((await u('round', 'self', id, '320100', i.kind, i.itemId, '--status', 'achieved', '--narrative', '南京自评')).code).toBe(0)
    expect((await u('round', 'self', id, '320100', '--submit', '--json')).out).toContain(`"submitted": ${items.length}`)
    expect((await u('round', 'review', id, '320100', first.kind, first.itemId, 'accept')).code).toBe(0)
    const progress = JSON.parse((await u('round', 'progress', id, '--json')).out) as Array<{ items: number; submitted: number; accepted: number }>
    expect(progress).toEqual([expect.objectContaining({ items: items.length, submitted: items.length - 1, accepted: 1 })])
    // The rating needs the evaluator and the third-party phase.
    expect((await u('round', 'rate', id, '320100', first.kind, first.itemId, '--as', 'eval1', '--rating', 'on_track', '--score', '70')).err).toContain('round.wrong_phase')
    expect((await u('round', 'phase', id, 'third_party_review')).code).toBe(0)
    expect((await u('round', 'rate', id, '320100', first.kind, first.itemId, '--as', 'admin', '--rating', 'on_track', '--score', '70')).err).toContain('auth.forbidden')
    const rated = await u('round', 'rate', id, '320100', first.kind, first.itemId, '--as', 'eval1', '--rating', 'on_track', '--score', '70', '--json')
    expect(rated.code, rated.err).toBe(0)
    expect((JSON.parse(rated.out) as Item).rating).toMatchObject({ score: 70, by: 'eval1' })
    expect((await u('round', 'phase', id, 'consolidation')).code).toBe(0)
    const c = JSON.parse((await u('round', 'consolidated', id, '--json')).out) as { cities: Array<{ region: string; items: number; selfSummary: unknown }> }
    expect(c.cities).toEqual([expect.objectContaining({ region: '320100', items: items.length, selfSummary: [{ status: 'achieved', count: items.length }] })])
    expect((await u('round', 'phase', id, 'closed')).code).toBe(0)
    const reopen = await u('round', 'phase', id, 'consolidation')
    expect(reopen.code).toBe(1)
    expect(reopen.err).toContain('reason')
    expect((await u('round', 'phase', id, 'consolidation', '--reason', '补充材料')).code).toBe(0)
  }, 60_000)
})
