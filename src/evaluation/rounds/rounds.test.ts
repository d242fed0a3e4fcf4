import { describe, expect, it } from 'vitest'

import { covered, deadlineVerdict, isBetterThan, isOverdue, nextPhase, phaseChange, targetApplies, taskApplies, type RegionRelations } from './index.js'

// A tiny province: 32 with cities 3201 (counties 320111, 320115) and 3203; grouping "metro" = [3201].
const parent: Record<string, string | null> = { '32': null, '3201': '32', '3203': '32', '320111': '3201', '320115': '3201' }
const rel: RegionRelations = {
  isWithin(code, ancestor) {
    for (let c: string | null | undefined = code; c; c = parent[c]) if (c === ancestor) return true
    return false
  },
  expand: (code) => (code === 'metro' ? ['3201'] : code in parent ? [code] : []),
  names: (code) => (code === '3201' ? ['3201', '南京市'] : [code]),
}

describe('round phases', () => {
  it('go forward one at a time', () => {
    expect(nextPhase('draft')).toBe('self_evaluation')
    expect(nextPhase('consolidation')).toBe('closed')
    expect(nextPhase('closed')).toBeUndefined()
    expect(phaseChange('draft', 'self_evaluation', { admin: false, reason: '' })).toEqual({ ok: true, value: { reopen: false } })
    expect(phaseChange('draft', 'third_party_review', { admin: true, reason: 'x' })).toEqual({ ok: false, error: 'not_next' })
    expect(phaseChange('consolidation', 'self_evaluation', { admin: true, reason: 'x' })).toEqual({ ok: false, error: 'not_next' })
  })
  it('reopen a closed round only for an admin with a reason', () => {
    expect(phaseChange('closed', 'consolidation', { admin: false, reason: '补充材料' })).toEqual({ ok: false, error: 'reopen_admin_only' })
    expect(phaseChange('closed', 'consolidation', { admin: true, reason: '  ' })).toEqual({ ok: false, error: 'reason_required' })
    expect(phaseChange('closed', 'consolidation', { admin: true, reason: '补充材料' })).toEqual({ ok: true, value: { reopen: true } })
    expect(phaseChange('closed', 'draft', { admin: true, reason: 'x' })).toEqual({ ok: false, error: 'not_next' })
  })
})

describe('better than', () => {
  it('flags a self-rating strictly better than the computed status', () => {
    expect(isBetterThan('achieved', 'at_risk')).toBe(true)
    expect(isBetterThan('on_track', 'regressing')).toBe(true)
    expect(isBetterThan('at_risk', 'at_risk')).toBe(false)
    expect(isBetterThan('off_track', 'on_track')).toBe(false)
  })
  it('never flags no_data or a missing side', () => {
    expect(isBetterThan('achieved', 'no_data')).toBe(false)
    expect(isBetterThan('no_data', 'regressing')).toBe(false)
    expect(isBetterThan('achieved', null)).toBe(false)
    expect(isBetterThan(null, 'off_track')).toBe(false)
  })
})

describe('deadlines', () => {
  it('is on time through the deadline day, then refused or late', () => {
    expect(deadlineVerdict('2026-03-31', '2026-03-31', false)).toBe('on_time')
    expect(deadlineVerdict('2026-04-01', '2026-03-31', false)).toBe('refused')
    expect(deadlineVerdict('2026-04-01', '2026-03-31', true)).toBe('late')
    expect(deadlineVerdict('2030-01-01', null, false)).toBe('on_time')
  })
  it('calls a region overdue past the deadline with items not submitted', () => {
    expect(isOverdue('2026-04-01', '2026-03-31', 3, 2)).toBe(true)
    expect(isOverdue('2026-04-01', '2026-03-31', 3, 3)).toBe(false)
    expect(isOverdue('2026-03-31', '2026-03-31', 3, 0)).toBe(false)
    expect(isOverdue('2026-04-01', null, 3, 0)).toBe(false)
  })
})

describe('items of a region', () => {
  it('takes the province’s and the city’s own level targets, not another city’s', () => {
    expect(targetApplies({ id: 'a', kind: 'level', region: '32' }, '3201', rel)).toBe(true)
    expect(targetApplies({ id: 'b', kind: 'direction', region: '3201' }, '3201', rel)).toBe(true)
    expect(targetApplies({ id: 'c', kind: 'level', region: '3203' }, '3201', rel)).toBe(false)
  })
  it('takes set targets whose set holds the region or one of its counties', () => {
    expect(targetApplies({ id: 'd', kind: 'count', setRegions: ['3201', '3203'] }, '3203', rel)).toBe(true)
    expect(targetApplies({ id: 'e', kind: 'share', setRegions: ['320111', '320115'] }, '3201', rel)).toBe(true)
    expect(targetApplies({ id: 'e', kind: 'share', setRegions: ['320111', '320115'] }, '3203', rel)).toBe(false)
    expect(targetApplies({ id: 'f', kind: 'qualitative' }, '3203', rel)).toBe(true)
  })
  it('takes tasks naming the region, a grouping holding it, or it as a party; province-wide tasks are no city’s', () => {
    const task = (regions: string[], lead = '省发展改革委', cooperating: string[] = []) => ({ id: 't', lead, cooperating, regions })
    expect(taskApplies(task(['province']), '3201', rel)).toBe(false)
    expect(taskApplies(task(['metro']), '3201', rel)).toBe(true)
    expect(taskApplies(task(['metro']), '3203', rel)).toBe(false)
    expect(taskApplies(task(['3203', '3201']), '3201', rel)).toBe(true)
    expect(taskApplies(task(['3201']), '320111', rel)).toBe(true)
    expect(taskApplies(task(['province'], '省住建厅', ['南京市']), '3201', rel)).toBe(true)
  })
  it('keeps the round’s own list when it names one', () => {
    const all = [{ id: 'a' }, { id: 'b' }]
    expect(covered(all, null)).toEqual(all)
    expect(covered(all, ['b'])).toEqual([{ id: 'b' }])
  })
})
