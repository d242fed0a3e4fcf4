/** The plan as loaded (issue 15): its file's name (never the server's path to it), version and checksum, and the file itself (signed in). */
import { createHash } from 'node:crypto'
import { basename } from 'node:path'

import { AppError } from '../../core/errors.js'
import { errorReplies, fileReply, planLoadedReply } from '../../contract/index.js'
import { requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

export function registerPlanAdminRoutes(app: App, deps: Deps): void {
  const loaded = async () => {
    const plans = deps.ctx.plans
    const active = await plans.activePlan()
    const file = active ? await plans.planFile(active) : undefined
    if (!file) throw new AppError('http.not_found', {})
    return file
  }

  app.get(
    '/api/plan/loaded',
    {
      schema: {
        tags: ['meta'],
        summary: 'The active plan as loaded into the store: id, version, file name, its SHA-256 and size (signed in)',
        response: { 200: planLoadedReply, ...errorReplies },
      },
    },
    async (req) => {
      requireUser(req)
      const f = await loaded()
      return { id: f.id, version: f.version, fileName: basename(f.fileName), sha256: createHash('sha256').update(f.content).digest('hex'), bytes: Buffer.byteLength(f.content) }
    },
  )

  app.get(
    '/api/plan/file',
    {
      schema: {
        tags: ['meta'],
        summary: 'The active plan file (YAML) exactly as loaded, as a download (signed in)',
        response: { 200: fileReply('The plan file (Content-Disposition: attachment)', ['application/yaml']), ...errorReplies },
      },
    },
    async (req, reply) => {
      requireUser(req)
      const f = await loaded()
      const name = basename(f.fileName).replace(/[^\w.-]/g, '_') || 'plan.yaml'
      return reply.header('content-type', 'application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(f.content)
    },
  )
}
