import type { FastifySerializerCompiler } from 'fastify/types/schema.js'
import { ResponseSerializationError } from 'fastify-type-provider-zod'
import { z } from 'zod'

import type { Immutable } from './type-provider.js'

/**
 * JSON with <, >, & and the JavaScript line separators escaped: a value echoed back (a note, a name in an error
 * message) can never become markup, even if some client renders a response as HTML.
 */
export function safeJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * A reply checked against its contract schema, as safe JSON. The contract's objects are strict, so a field the
 * schema does not name fails here (a 500, and a failing test) instead of being stripped on the way out.
 */
export function contractJson<S extends z.ZodType>(schema: S, value: Immutable<z.output<S>>, route = 'reply'): string {
  const encoded = z.safeEncode(schema, value as z.output<S>)
  if (!encoded.success) throw new ResponseSerializationError('GET', route, { cause: encoded.error })
  return safeJson(encoded.data)
}

/** Fastify's serializer for routes with a zod response schema: contractJson, per status code. */
export const contractSerializerCompiler: FastifySerializerCompiler<z.ZodType | { properties: z.ZodType }> = ({ schema, method, url }) => {
  const zod = schema instanceof z.ZodType ? schema : schema.properties
  return (data) => {
    const encoded = z.safeEncode(zod, data)
    if (!encoded.success) throw new ResponseSerializationError(method, url, { cause: encoded.error })
    return safeJson(encoded.data)
  }
}
