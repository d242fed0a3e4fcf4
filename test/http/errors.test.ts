import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type Session, type TestServer } from '../helpers/server.js'

// Fastify's own refusals reach the client as our codes, in the client's language, never as FST_… or its English.
describe('errors Fastify raises, as our codes', () => {
  let s: TestServer
  let reporter: Session

  beforeAll(async () => {
    s = await testServer(await STORES[0]!.fresh(), { data: false })
    reporter = await s.login('nanjing')
  }, 60_000)
  afterAll(async () => {
    // Drop the stores even when the server never started.
    try {
      await s.close()
    } finally {
      await dropFreshStores()
    }
  })

  type Reply = { error: { code: string; message: string; messageEn: string; details: unknown } }
  const put = (body: string, lang: string) => reporter.req('PUT', '/api/observations/gdp/320100/2005', body, { 'content-type': 'application/json', 'accept-language': lang })

  it('answers a malformed JSON body with http.bad_json in Chinese and in English', async () => {
    const zh = await put('{"value": 1', 'zh-CN')
    expect(zh.statusCode).toBe(400)
    expect(zh.json<Reply>().error).toMatchObject({ code: 'http.bad_json', message: '请求内容不是有效的 JSON', messageEn: 'The request body is not valid JSON' })
    const en = await put('{"value": 1', 'en')
    expect(en.json<Reply>().error.message).toBe('The request body is not valid JSON')
    for (const r of [zh, en]) expect(r.body).not.toMatch(/FST_|Unexpected|SyntaxError/)
  })

  it('answers an oversized body with http.payload_too_large naming the limit', async () => {
    const r = await put(JSON.stringify({ value: 1, comment: 'x'.repeat(1024 * 1024 + 10) }), 'zh-CN')
    expect(r.statusCode).toBe(413)
    const e = r.json<Reply>().error
    expect(e).toMatchObject({ code: 'http.payload_too_large', message: '上传内容过大（上限 1 MiB）', messageEn: 'Upload too large (limit 1 MiB)', details: { limit: 1024 * 1024 } })
    expect(r.body).not.toMatch(/FST_/)
  })

  it('answers an unsupported content type with http.unsupported_media_type', async () => {
    const r = await reporter.req('PUT', '/api/observations/gdp/320100/2005', 'value=1', { 'content-type': 'text/x-unknown', 'accept-language': 'en' })
    expect(r.statusCode).toBe(415)
    expect(r.json<Reply>().error).toMatchObject({ code: 'http.unsupported_media_type', message: 'Unsupported request format "text/x-unknown"' })
    expect(r.body).not.toMatch(/FST_/)
  })
})
