/**
 * The OpenAPI document describes every reply: each operation names the schema of its success reply and of its
 * error envelope, so a client (the dashboard among them) can be typed from it. A reply that does not match its
 * schema fails instead of being trimmed to fit.
 */
import { ResponseSerializationError } from 'fastify-type-provider-zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'

import { contractJson, contractSerializerCompiler } from '../../src/http/safe-json.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'
import { testServer, type TestServer } from '../helpers/server.js'

interface Operation {
  readonly responses?: Record<string, { readonly content?: Record<string, { readonly schema?: unknown }> }>
}
type Document = { readonly paths: Record<string, Record<string, Operation>> }

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete'])

/** Operations without a schema for a success reply or for the error envelope, as "METHOD /path: what". */
function undocumentedReplies(doc: Document): string[] {
  const gaps: string[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      const hasSchema = (status: (s: string) => boolean) =>
        Object.entries(op.responses ?? {}).some(([s, r]) => status(s) && Object.values(r.content ?? {}).some((c) => c.schema !== undefined))
      if (!hasSchema((s) => /^2\d\d$/.test(s))) gaps.push(`${method.toUpperCase()} ${path}: success reply`)
      if (!hasSchema((s) => /^4(\d\d|XX)$/i.test(s))) gaps.push(`${method.toUpperCase()} ${path}: error reply`)
    }
  }
  return gaps
}

let s: TestServer
let doc: Document

beforeAll(async () => {
  s = await testServer(await STORES[0]!.fresh())
  doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Document>()
}, 60_000)
afterAll(async () => {
  // Drop the stores even when the server never started.
  try {
    await s.close()
  } finally {
    await dropFreshStores()
  }
})

describe('the OpenAPI document', () => {
  it('names a reply schema for every operation', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30)
    expect(undocumentedReplies(doc)).toEqual([])
  })

  it('the check finds an operation whose reply schema is gone', () => {
    const copy = structuredClone(doc) as { paths: Record<string, Record<string, Operation>> }
    const status = copy.paths['/api/status']!.get!
    delete (status.responses!['200'] as { content?: unknown }).content
    expect(undocumentedReplies(copy)).toEqual(['GET /api/status: success reply'])
  })

  it('documents downloads by content type, and the error envelope', () => {
    const exported = doc.paths['/api/export']!.get!.responses!
    expect(Object.keys(exported['200']!.content ?? {})).toEqual([
      'text/csv',
      'application/json',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/x-ndjson',
    ])
    const error = exported['4XX']!.content!['application/json']!.schema as { properties: { error: { required: string[] } } }
    expect(error.properties.error.required).toEqual(['code', 'message', 'messageEn', 'details'])
  })
})

describe('a reply checked against its schema', () => {
  const schema = z.strictObject({ name: z.string() })
  const serialize = contractSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' })

  it('is escaped like every reply', () => {
    expect(serialize({ name: '<b>&' })).toBe('{"name":"\\u003cb\\u003e\\u0026"}')
    expect(contractJson(schema, { name: '<b>' })).toBe('{"name":"\\u003cb\\u003e"}')
  })

  it('fails on a field the contract does not name, instead of dropping it', () => {
    expect(() => serialize({ name: 'a', secret: 'b' })).toThrow(ResponseSerializationError)
    expect(() => contractJson(schema, { name: 'a', secret: 'b' } as { name: string })).toThrow(ResponseSerializationError)
  })
})
