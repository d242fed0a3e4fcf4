/**
 * The web dashboard (web/dist, built by `npm run build:web`) and the map boundaries it draws.
 *
 * - `GET /api/boundaries/jiangsu-cities`: the 13 设区市 as GeoJSON (data/boundaries/jiangsu-cities.geojson);
 * - `GET /app/…`: the built single-page app, when `web/dist/index.html` exists: hashed assets cached for a year
 *   (immutable), index.html revalidated on every visit (no-cache). The build writes brotli and gzip copies beside
 *   each text asset (web/vite.config.ts), sent as they are to clients that accept them, with `Vary: Accept-Encoding`.
 *   Routing in the app is by hash, so no fallback route is needed.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import fastifyStatic from '@fastify/static'

import { errorReplies, fileReply } from '../contract/index.js'
import type { App } from './route-deps.js'

/** Where `npm run build:web` writes the app. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))
const BOUNDARIES = fileURLToPath(new URL('../../data/boundaries/jiangsu-cities.geojson', import.meta.url))

export const WEB_PREFIX = '/app/'

/** A file Vite named after its content hash (`assets/index-BzKJSIUr.js`, or its `.br`/`.gz` copy): it never changes. */
export const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{6,}\.[a-z0-9]+(?:\.br|\.gz)?$/

/** Register the boundaries route and, if the app has been built, the app under /app/. Returns whether the app is served. */
export async function registerWebApp(app: App, webDist: string = DEFAULT_WEB_DIST, boundariesFile: string = BOUNDARIES): Promise<boolean> {
  let geojson: Buffer | null = null
  app.get(
    '/api/boundaries/jiangsu-cities',
    {
      schema: {
        tags: ['meta'],
        summary: 'City boundaries of Jiangsu (GeoJSON, simplified, for illustration only)',
        response: { 200: fileReply('GeoJSON FeatureCollection; each feature has properties code and name', ['application/geo+json']), ...errorReplies },
      },
    },
    async (_req, reply) => {
      geojson ??= readFileSync(boundariesFile)
      return reply.type('application/geo+json; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(geojson)
    },
  )
  if (!existsSync(join(webDist, 'index.html'))) return false
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: webDist,
      prefix: WEB_PREFIX,
      decorateReply: false,
      redirect: true,
      index: ['index.html'],
      cacheControl: false,
      etag: true,
      schemaHide: true,
      lastModified: true,
      preCompressed: true,
      setHeaders(reply, path) {
        // `path` is the file sent, so a precompressed copy ends in .br or .gz.
        const hashed = HASHED_ASSET.test(path)
        reply.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  })
  return true
}
