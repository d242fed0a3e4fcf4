import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'

import Fastify from 'fastify'
import { validatorCompiler } from 'fastify-type-provider-zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { App } from '../../src/http/route-deps.js'
import { contractSerializerCompiler } from '../../src/http/safe-json.js'
import type { ContractTypeProvider } from '../../src/http/type-provider.js'
import { HASHED_ASSET, registerWebApp } from '../../src/http/static.js'

// A built app in miniature: index.html, one hashed bundle with its brotli and gzip copies (as web/vite.config.ts
// writes them), one small unhashed file without copies.
const bundle = Buffer.from(`export const rows = [${Array.from({ length: 400 }, (_, i) => `{ code: '32${String(i).padStart(4, '0')}', name: '城市${i}' }`).join(',')}]\n`)
let dir: string
let app: App

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'urbmon-static-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>urbmon</title><script type="module" src="./assets/index-BzKJSIUr.js"></script>')
  writeFileSync(join(dir, 'assets', 'index-BzKJSIUr.js'), bundle)
  writeFileSync(join(dir, 'assets', 'index-BzKJSIUr.js.br'), brotliCompressSync(bundle))
  writeFileSync(join(dir, 'assets', 'index-BzKJSIUr.js.gz'), gzipSync(bundle))
  writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\n')
  app = Fastify().withTypeProvider<ContractTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(contractSerializerCompiler)
  expect(await registerWebApp(app, dir)).toBe(true)
  await app.ready()
})

afterAll(async () => {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } })

describe('static assets of the dashboard', () => {
  it('sends the brotli copy to a browser that accepts br, and it decodes to the bundle', async () => {
    const r = await get('/app/assets/index-BzKJSIUr.js', 'gzip, deflate, br')
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    expect(String(r.headers.vary)).toMatch(/accept-encoding/i)
    expect(r.headers['content-type']).toMatch(/javascript/)
    expect(brotliDecompressSync(r.rawPayload).equals(bundle)).toBe(true)
    expect(r.rawPayload.length).toBeLessThan(bundle.length / 3)
  })

  it('sends the gzip copy when br is not accepted, and the plain file when nothing is', async () => {
    const gz = await get('/app/assets/index-BzKJSIUr.js', 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).equals(bundle)).toBe(true)
    const plain = await get('/app/assets/index-BzKJSIUr.js', 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.rawPayload.equals(bundle)).toBe(true)
    // A shared cache must not hand the plain file's clients a compressed copy, or the reverse.
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i)
  })

  it('caches hashed assets for a year as immutable, in every encoding, and revalidates index.html', async () => {
    for (const enc of ['br', 'gzip', 'identity']) {
      expect((await get('/app/assets/index-BzKJSIUr.js', enc)).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
    const index = await get('/app/', 'br')
    expect(index.statusCode).toBe(200)
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers['content-type']).toMatch(/text\/html/)
    expect((await get('/app/robots.txt')).headers['cache-control']).toBe('no-cache')
  })

  it('recognises hashed names and their copies, and nothing else, as immutable', () => {
    expect(
      ['/x/assets/index-BzKJSIUr.js', '/x/assets/index-BzKJSIUr.js.br', '/x/assets/MapPage-WSpcfbzJ.js.gz', '/x/assets/favicon-D6nxRGgD.svg'].every((p) => HASHED_ASSET.test(p)),
    ).toBe(true)
    expect(['/x/index.html', '/x/index.html.gz', '/x/assets/app.js', '/x/robots.txt'].some((p) => HASHED_ASSET.test(p))).toBe(false)
  })
})
