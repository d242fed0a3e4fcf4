/**
 * Evaluation rounds (评估轮次, issue 16): rounds and phases, a region's items with self-evaluation, review and the
 * evaluator's rating, evidence files, progress, history and the consolidated view. Role, region, phase and
 * version checks are the service's (src/app/rounds.ts), whose messages name the field.
 * @module
 */
import { z } from 'zod'

import { RoundService } from '../../app/rounds.js'
import {
  consolidatedRound,
  errorReplies,
  fileReply,
  roundCreateBody,
  roundEvidenceReply,
  roundItemHistoryReply,
  roundItemKind,
  roundItemView,
  roundItemsReply,
  roundPatchBody,
  roundPhaseBody,
  roundProgressReply,
  roundRatingBody,
  roundReviewBody,
  roundSelfBody,
  roundSubmitReply,
  roundView,
  roundsReply,
} from '../../contract/index.js'
import { AppError } from '../../core/errors.js'
import { origin, requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const int = z.coerce.number().int().min(1).max(2_147_483_647)
const id = z.object({ id: int })
const itemParams = z.object({ id: int, region: z.string().min(1).max(100), kind: roundItemKind, itemId: z.string().min(1).max(200) })
const tags = ['rounds']

export function registerRoundRoutes(app: App, deps: Deps): void {
  const { ctx, now, cache } = deps
  const rounds = new RoundService(ctx, cache)
  const actor = (req: Parameters<typeof origin>[0]) => ({ user: requireUser(req), at: now().toISOString(), origin: origin(req) })

  app.get(
    '/api/rounds',
    {
      schema: {
        tags,
        summary: 'Evaluation rounds (admins, reviewers, viewers: all; reporters: rounds naming one of their regions; evaluators: rounds they are assigned to)',
        response: { 200: roundsReply, ...errorReplies },
      },
    },
    async (req) => rounds.list(requireUser(req)),
  )

  app.post(
    '/api/rounds',
    {
      schema: {
        tags,
        summary:
          'Open an evaluation round in draft (admins and provincial reviewers): kind, year, title, regions, targets/tasks (null: all that apply), deadlines per phase (YYYY-MM-DD), allowLate, score scale, evaluators with their regions, survey. A bad field: 422 naming it. Audited (round.create).',
        body: roundCreateBody,
        response: { 201: roundView, ...errorReplies },
      },
    },
    async (req, reply) => {
      const r = await rounds.create(actor(req), req.body)
      reply.status(201)
      return r
    },
  )

  app.get('/api/rounds/:id', { schema: { tags, summary: 'One evaluation round', params: id, response: { 200: roundView, ...errorReplies } } }, async (req) =>
    rounds.get(requireUser(req), req.params.id),
  )

  app.patch(
    '/api/rounds/:id',
    {
      schema: {
        tags,
        summary:
          'Change a round’s fields, sending the version you saw (409 when it changed since; 409 round.closed when closed). Admins and provincial reviewers. Audited (round.update).',
        params: id,
        body: roundPatchBody,
        response: { 200: roundView, ...errorReplies },
      },
    },
    async (req) => {
      const { version, ...patch } = req.body
      return rounds.update(actor(req), req.params.id, patch, version)
    },
  )

  app.post(
    '/api/rounds/:id/phase',
    {
      schema: {
        tags,
        summary:
          'Move a round one phase on (draft → self_evaluation → third_party_review → consolidation → closed), or reopen a closed round into consolidation (admins only, with a reason). Audited (round.phase, round.reopen).',
        params: id,
        body: roundPhaseBody,
        response: { 200: roundView, ...errorReplies },
      },
    },
    async (req) => rounds.phase(actor(req), req.params.id, req.body.to, req.body.reason, req.body.version),
  )

  app.get(
    '/api/rounds/:id/items',
    {
      schema: {
        tags,
        summary:
          'The round’s items per region (targets that apply, tasks assigned) with the computed status, forecast, probability, warnings and index rank, the self-evaluation, the rating and the better-than flag',
        params: id,
        querystring: z.object({ region: z.string().min(1).max(100).optional() }),
        response: { 200: roundItemsReply, ...errorReplies },
      },
    },
    async (req) => rounds.items(requireUser(req), req.params.id, req.query.region, now()),
  )

  app.put(
    '/api/rounds/:id/items/:region/:kind/:itemId/self',
    {
      schema: {
        tags,
        summary:
          'Save a new version of an item’s self-evaluation as a draft (reporters of the region; phase self_evaluation): status, narrative, cited observation ids, evidence ids, the version you saw (0 or none for the first). After the deadline 409 round.deadline_passed, unless the round allows late ones (then late). Audited (round_item.self_save).',
        params: itemParams,
        body: roundSelfBody,
        response: { 200: roundItemView, ...errorReplies },
      },
    },
    async (req) => {
      const p = req.params
      return rounds.saveSelf(actor(req), p.id, p.region, p.kind, p.itemId, req.body, now())
    },
  )

  app.post(
    '/api/rounds/:id/self/:region/submit',
    {
      schema: {
        tags,
        summary: 'Submit every drafted (or returned) item of the region’s self-evaluation; refused naming the items lacking a narrative. Audited (round_item.submit).',
        params: z.object({ id: int, region: z.string().min(1).max(100) }),
        response: { 200: roundSubmitReply, ...errorReplies },
      },
    },
    async (req) => rounds.submit(actor(req), req.params.id, req.params.region, now()),
  )

  app.post(
    '/api/rounds/:id/items/:region/:kind/:itemId/review',
    {
      schema: {
        tags,
        summary: 'Accept a submitted item or return it with a comment (admins and provincial reviewers). Audited (round_item.accept, round_item.return).',
        params: itemParams,
        body: roundReviewBody,
        response: { 200: roundItemView, ...errorReplies },
      },
    },
    async (req) => {
      const p = req.params
      return rounds.review(actor(req), p.id, p.region, p.kind, p.itemId, req.body.decision, req.body.comment, now())
    },
  )

  app.put(
    '/api/rounds/:id/items/:region/:kind/:itemId/rating',
    {
      schema: {
        tags,
        summary:
          'Save a new version of the evaluator’s rating of an item (evaluators assigned to the round and region only; phase third_party_review): rating, score within the round’s scale, findings, recommendations, the version you saw. Audited (round_rating.save).',
        params: itemParams,
        body: roundRatingBody,
        response: { 200: roundItemView, ...errorReplies },
      },
    },
    async (req) => {
      const p = req.params
      return rounds.rate(actor(req), p.id, p.region, p.kind, p.itemId, req.body, now())
    },
  )

  app.get(
    '/api/rounds/:id/items/:region/:kind/:itemId/history',
    {
      schema: {
        tags,
        summary: 'Every saved version of an item’s self-evaluation and rating, and its reviews, oldest first',
        params: itemParams,
        response: { 200: roundItemHistoryReply, ...errorReplies },
      },
    },
    async (req) => {
      const p = req.params
      return rounds.history(requireUser(req), p.id, p.region, p.kind, p.itemId)
    },
  )

  app.post(
    '/api/rounds/:id/evidence',
    {
      schema: {
        tags,
        summary:
          'Upload one evidence file (multipart, ≤ 10 MiB: PDF, images, Office documents; the same content checks as task evidence). Reporters of a region in the round, admins. Audited (round.evidence_upload).',
        params: id,
        consumes: ['multipart/form-data'],
        response: { 201: roundEvidenceReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const a = actor(req)
      if (!req.isMultipart()) throw new AppError('http.unsupported_media_type')
      const files: Array<{ name: string; bytes: Uint8Array }> = []
      try {
        for await (const part of req.parts({ limits: { fileSize: 10 * 1024 * 1024, files: 2 } })) {
          if (part.type === 'file') files.push({ name: part.filename || 'file', bytes: await part.toBuffer() })
        }
      } catch (e) {
        const code = (e as { code?: string }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
          throw new AppError(
            'task.attachment_rejected',
            code === 'FST_FILES_LIMIT' ? { file: files.at(-1)?.name ?? '', reason: 'too_many', max: 1 } : { file: files.at(-1)?.name ?? '', reason: 'too_large', limitMiB: 10 },
          )
        throw new AppError('http.bad_multipart', {}, { cause: e })
      }
      const [file, ...more] = files
      if (!file) throw new AppError('round.invalid', { field: 'evidence', reason: 'required', value: '' })
      if (more.length > 0) throw new AppError('task.attachment_rejected', { file: more[0]?.name ?? '', reason: 'too_many', max: 1 })
      const r = await rounds.uploadEvidence(a, req.params.id, file)
      reply.status(201)
      return r
    },
  )

  app.get(
    '/api/rounds/:id/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download an evidence file of the round (users who may read the round)',
        params: z.object({ id: int, evidenceId: int }),
        response: { 200: fileReply('The evidence file as uploaded, with its media type (Content-Disposition: attachment)', ['application/octet-stream']), ...errorReplies },
      },
    },
    async (req, reply) => {
      const e = await rounds.evidenceFile(requireUser(req), req.params.id, req.params.evidenceId)
      // Always a download, never rendered in our origin.
      reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(e.fileName)}`)
      return reply.type(e.mediaType).send(Buffer.from(e.content))
    },
  )

  app.get(
    '/api/rounds/:id/progress',
    {
      schema: {
        tags,
        summary:
          'The progress board: per region, items and how many are drafted, submitted, accepted, returned (current state), rated and late; overdue when past the self-evaluation deadline with items not submitted',
        params: id,
        response: { 200: roundProgressReply, ...errorReplies },
      },
    },
    async (req) => rounds.progress(requireUser(req), req.params.id, now()),
  )

  app.get(
    '/api/rounds/:id/consolidated',
    {
      schema: {
        tags,
        summary:
          'The consolidated round (admins, reviewers, viewers, its evaluators): per target the computed status and trend, each city’s self-rating, rating and findings, disagreements; per city the summary, survey results and index rank; the evidence annex; the cited sources',
        params: id,
        response: { 200: consolidatedRound, ...errorReplies },
      },
    },
    async (req) => rounds.consolidated(requireUser(req), req.params.id, now()),
  )
}
