/** The closing rules of a special inspection (专项督查) over HTTP, on both stores (issue 15). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { UserService } from '../../src/app/users.js'
import { FIXED_NOW } from '../helpers/cli.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { PASSWORD, testServer, type Session, type TestServer } from '../helpers/server.js'

interface ErrorBody {
  error: { code: string; message: string; messageEn: string }
}

describe.each(STORES)('closing an inspection on $name', (store) => {
  let s: TestServer
  let reviewer: Session
  let police: Session
  let education: Session

  beforeAll(async () => {
    s = await testServer(await store.fresh())
    const users = new UserService(s.ctx, s.ctx.regions)
    for (const [username, department] of [
      ['police', '省公安厅'],
      ['education', '省教育厅'],
    ] as const)
      await users.create({ username, password: PASSWORD, role: 'reporter', department }, 'test', FIXED_NOW.toISOString(), 'test')
    reviewer = await s.login('reviewer1')
    police = await s.login('police')
    education = await s.login('education')
  }, 60_000)
  afterAll(async () => {
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  it('closes only with a conclusion and every finding corrected, and takes no correction afterwards', async () => {
    const [a, b] = s.ctx.plan.tasks.filter((t) => t.lead === '省公安厅')
    expect(a && b).toBeTruthy()
    const opened = await reviewer.req('POST', '/api/inspections', {
      title: '落户政策专项督查',
      items: [
        { task: a!.id, finding: '细则未公开', requiredCorrection: '在官网公开细则' },
        { task: b!.id, finding: '台账缺失', requiredCorrection: '建立台账' },
      ],
    })
    expect(opened.statusCode, opened.body).toBe(201)
    const id = opened.json<{ id: number }>().id
    const items = (await reviewer.req('GET', '/api/inspections')).json<Array<{ id: number; items: Array<{ id: number }> }>>().find((i) => i.id === id)!.items
    const close = (summary: string, lang = 'zh') => reviewer.req('POST', `/api/inspections/${id}/close`, { summary }, { 'accept-language': lang })

    // Two findings open: refused, saying how many, in both languages.
    const refused = await close('整改完成')
    expect(refused.statusCode).toBe(409)
    const body = refused.json<ErrorBody>()
    expect(body.error.code).toBe('inspection.open_items')
    expect(body.error.message).toBe('督查仍有 2 项问题未整改，不能关闭')
    expect(body.error.messageEn).toBe('The inspection still has 2 finding(s) not corrected; it cannot be closed')

    // Another department may not record the correction; the responsible one may.
    expect((await education.req('POST', `/api/inspection-items/${items[0]!.id}/correct`, { note: '已公开' })).statusCode).toBe(403)
    expect((await police.req('POST', `/api/inspection-items/${items[0]!.id}/correct`, { note: '已在官网公开' })).statusCode).toBe(200)
    expect((await close('整改完成')).json<ErrorBody>().error.message).toBe('督查仍有 1 项问题未整改，不能关闭')
    expect((await police.req('POST', `/api/inspection-items/${items[1]!.id}/correct`, { note: '台账已建立' })).statusCode).toBe(200)

    // A blank conclusion is refused, naming the field.
    const blank = await close('   ', 'en')
    expect(blank.statusCode).toBe(422)
    expect(blank.json<ErrorBody>().error.message).toContain('summary')

    expect((await close('两项问题均已整改')).statusCode).toBe(200)
    const closed = (await reviewer.req('GET', '/api/inspections')).json<Array<{ id: number; status: string; summary: string }>>().find((i) => i.id === id)!
    expect(closed).toMatchObject({ status: 'closed', summary: '两项问题均已整改' })

    // Settled: no correction after closing, no second close.
    const late = await police.req('POST', `/api/inspection-items/${items[0]!.id}/correct`, { note: '补充说明' }, { 'accept-language': 'en' })
    expect(late.statusCode).toBe(409)
    expect(late.json<ErrorBody>().error).toMatchObject({ code: 'inspection.closed', message: `Inspection ${id} is closed: no more corrections can be recorded on it` })
    expect((await close('再次关闭')).statusCode).toBe(409)
    const after = (await reviewer.req('GET', '/api/inspections')).json<Array<{ id: number; items: Array<{ correctionNote: string }> }>>().find((i) => i.id === id)!
    expect(after.items[0]!.correctionNote).toBe('已在官网公开')
  })
})
