/** Cached JSON bodies go out gzipped to clients that accept it, and decompress to exactly the plain body. */
import { gunzipSync } from 'node:zlib'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type TestServer } from '../helpers/server.js'

let s: TestServer

beforeAll(async () => {
  s = await testServer(await STORES[0]!.fresh(), { data: true })
}, 60_000)
afterAll(async () => {
  // Drop the stores even when the server never started.
  try {
    await s.close()
  } finally {
    await dropFreshStores()
  }
})

it.each(['/api/status', '/api/warnings', '/api/observations?indicator=urbanization_rate'])('%s: gzip when asked, the same JSON either way', async (url) => {
  const plain = await s.app.inject({ method: 'GET', url })
  expect(plain.statusCode).toBe(200)
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.body.length).toBeGreaterThan(1024)
  const gz = await s.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
  expect(gz.statusCode).toBe(200)
  expect(gz.headers['content-encoding']).toBe('gzip')
  expect(gz.headers.vary).toMatch(/Accept-Encoding/i)
  expect(gz.rawPayload.length).toBeLessThan(plain.body.length / 2)
  expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body)
})
