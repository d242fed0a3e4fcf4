/**
 * The HTTP contract: zod schemas of every reply, shared by the server (route response schemas, the OpenAPI
 * document) and the web app (which parses each reply with them). Imports nothing but zod, so the browser bundle
 * can take it.
 * @module
 */
export * from './common.js'
export * from './data.js'
export * from './meta.js'
export * from './monitoring.js'
export * from './tasks.js'
export * from './users.js'
export * from './text.js'
export * from './open-data.js'
export * from './review.js'
export * from './inbox.js'
export * from './imports.js'
export * from './plan-admin.js'
export * from './completeness.js'
export * from './task-history.js'
export * from './data-requests.js'
export * from './observation-comments.js'
export * from './rounds.js'
export * from './surveys.js'
