import { describe, expect, it } from 'vitest'

import type { ConsolidatedRound } from '../contract/rounds.js'
import { consolidatedRound } from '../../test/fixtures/reports/consolidated-round.js'
import type { Context } from './context.js'
import type { User } from './ports/user-repository.js'
import { consolidatedForReport } from './round-report.js'

const NOW = new Date('2026-01-01T00:00:00Z')
const nanjing: User = { id: 4, username: 'nanjing', displayName: '南京', role: 'reporter', regions: ['320100'], department: null, disabled: false }

/** A store holding one round in the given phase, and a rounds service that records whom it was asked for. */
function setup(phase: string | undefined) {
  const asked: Array<User | undefined> = []
  const ctx = { rounds: { get: (id: number) => Promise.resolve(phase === undefined || id !== 7 ? undefined : { ...consolidatedRound().round, phase }) } } as unknown as Pick<
    Context,
    'rounds'
  >
  const reader = {
    consolidated: (who: User | undefined): Promise<ConsolidatedRound> => {
      asked.push(who)
      return Promise.resolve(consolidatedRound())
    },
  }
  return { ctx, reader, asked }
}

describe('the consolidated round a report is built from', () => {
  it('while open, is read with the caller’s own rights (the rounds service refuses whom it refuses)', async () => {
    const { ctx, reader, asked } = setup('consolidation')
    const r = await consolidatedForReport(ctx, reader, nanjing, 7, NOW)
    expect(r.published).toBe(false)
    expect(asked).toEqual([nanjing])
    await consolidatedForReport(ctx, reader, undefined, 7, NOW)
    expect(asked[1]).toBeUndefined()
  })

  it('once closed, is published: read as a read-only viewer for anyone, a reporter included', async () => {
    const { ctx, reader, asked } = setup('closed')
    const r = await consolidatedForReport(ctx, reader, undefined, 7, NOW)
    expect(r.published).toBe(true)
    expect(asked[0]).toMatchObject({ role: 'viewer', regions: [] })
    await consolidatedForReport(ctx, reader, nanjing, 7, NOW)
    expect(asked[1]).toMatchObject({ role: 'viewer', username: '(public)' })
  })

  it('an unknown round is round.not_found, and the service is not asked', async () => {
    const { ctx, reader, asked } = setup('closed')
    await expect(consolidatedForReport(ctx, reader, undefined, 9999, NOW)).rejects.toMatchObject({ code: 'round.not_found', params: { id: '9999' } })
    expect(asked).toEqual([])
  })
})
