/**
 * Sends a cached JSON body, gzipped once per body for clients that accept it. Status and evaluation bodies
 * are computed once per data version (ComputeCache) and can be large — a target over every county of a country
 * lists each one — so compressing them on every request would cost more than computing them did.
 * @module
 */
import { gzipSync } from 'node:zlib'

import type { FastifyReply, FastifyRequest } from 'fastify'

const MIN_BYTES = 1024
const MAX_ENTRIES = 64
/** Keyed by the cached body itself: the cache hands out the same string each time, whose hash V8 keeps. */
const gzipped = new Map<string, Buffer>()

export function sendCachedJson(req: FastifyRequest, reply: FastifyReply, body: string): FastifyReply {
  reply.type('application/json; charset=utf-8').header('vary', 'Accept-Encoding')
  if (body.length < MIN_BYTES || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.send(body)
  let gz = gzipped.get(body)
  if (!gz) {
    gz = gzipSync(body, { level: 6 })
    gzipped.set(body, gz)
    if (gzipped.size > MAX_ENTRIES) gzipped.delete(gzipped.keys().next().value as string)
  }
  return reply.header('content-encoding', 'gzip').send(gz)
}
