/**
 * Data requests (数据征集, issue 15): a provincial reviewer or an admin asks regions for figures; reporters of those
 * regions see them with their progress. Field checks are the service's, whose messages name the field.
 * @module
 */
import { z } from 'zod'

import { DataRequestService } from '../../app/data-requests.js'
import { dataRequestDetailReply, dataRequestStatus, dataRequestsReply, errorReplies, requestText } from '../../contract/index.js'
import { origin, requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const id = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) })
const codes = z.array(z.string().max(100)).max(1000)
const fields = {
  title: requestText(2000),
  message: requestText(20_000),
  indicators: codes,
  regions: codes,
  year: z.number(),
  due: z.string().max(40),
}

export function registerDataRequestRoutes(app: App, deps: Deps): void {
  const { ctx, now } = deps
  const requests = new DataRequestService(ctx)
  const actor = (req: Parameters<typeof origin>[0]) => ({ user: requireUser(req), at: now().toISOString(), origin: origin(req) })

  app.get(
    '/api/requests',
    {
      schema: {
        tags: ['data'],
        summary:
          'Data requests with their progress (reviewers and admins: all; reporters: those naming one of their regions, with only their regions’ progress; viewers: 403). Progress counts each requested region × indicator at the year in its furthest state.',
        querystring: z.object({ status: dataRequestStatus.optional() }),
        response: { 200: dataRequestsReply, ...errorReplies },
      },
    },
    async (req) => requests.list(req.user, req.query.status ? { status: req.query.status } : {}, now()),
  )

  app.get(
    '/api/requests/:id',
    {
      schema: {
        tags: ['data'],
        summary: 'One data request with a progress row per requested region × indicator (a reporter: their regions only; 403 when none of theirs)',
        params: id,
        response: { 200: dataRequestDetailReply, ...errorReplies },
      },
    },
    async (req) => requests.get(req.user, req.params.id, now()),
  )

  app.post(
    '/api/requests',
    {
      schema: {
        tags: ['data'],
        summary:
          'Send a data request (admins, and reviewers with no regions of their own): title (1–200 characters), message, indicators of the plan, regions (a grouping stands for its members), year, due date (YYYY-MM-DD). A bad field: 422 naming it. Audited (data_request.create).',
        body: z.object(fields).partial().strict(),
        response: { 201: dataRequestDetailReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const r = await requests.create(actor(req), req.body, now())
      reply.status(201)
      return r
    },
  )

  app.patch(
    '/api/requests/:id',
    {
      schema: {
        tags: ['data'],
        summary:
          'Change a data request, or close or reopen it (status), sending the version you saw (409 when it changed since). A closed request is changed only by reopening it. Audited (data_request.update, .close, .reopen).',
        params: id,
        body: z
          .object({ version: z.number().int().min(1), status: dataRequestStatus.optional(), ...fields })
          .partial({ title: true, message: true, indicators: true, regions: true, year: true, due: true })
          .strict(),
        response: { 200: dataRequestDetailReply, ...errorReplies },
      },
    },
    async (req) => {
      const { version, ...patch } = req.body
      return requests.update(actor(req), req.params.id, patch, version, now())
    },
  )
}
