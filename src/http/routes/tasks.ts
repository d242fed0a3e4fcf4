import { z } from 'zod'

import { CONTROL_CHAR_ISSUE, requestText } from '../../contract/text.js'

import { inspectionView, taskDetailView } from '../../app/task-replies.js'
import { TASK_STATUSES, TaskService } from '../../app/tasks.js'
import { createdReply, errorReplies, fileReply, followUpReply, inspectionsReply, okReply, task as taskReply, taskDetailReply, tasksReply } from '../../contract/index.js'
import { AppError } from '../../core/errors.js'
import { origin, requireUser } from '../auth.js'
import type { App, Deps } from '../route-deps.js'

const status = z.enum(TASK_STATUSES)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date: YYYY-MM-DD')

export function registerTaskRoutes(app: App, deps: Deps): void {
  const { ctx, now } = deps
  const tasks = new TaskService(ctx.tasks, ctx.plan, ctx.regions)
  const actor = (req: Parameters<typeof origin>[0]) => ({ user: requireUser(req), at: now().toISOString(), origin: origin(req) })

  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'The task board (the plan’s measures with their status and progress)',
        querystring: z.object({
          department: z.string().max(100).optional(),
          status: status.optional(),
          section: z.string().max(20).optional(),
          all: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: tasksReply, ...errorReplies },
      },
    },
    async (req) => {
      const q = req.query
      return tasks.list({
        ...(q.department ? { department: q.department } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.section ? { section: q.section } : {}),
        withSubtasks: q.all === 'true',
      })
    },
  )

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task, its sub-tasks and (signed in) its progress reports',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: taskDetailReply, ...errorReplies },
      },
    },
    async (req) => {
      const t = taskDetailView(await tasks.get(req.params.id))
      return req.user ? t : { ...t, reports: [] }
    },
  )

  app.post(
    '/api/tasks/:id/split',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Split a task per city or per department (reviewer, admin)',
        params: z.object({ id: z.string().min(1).max(200) }),
        body: z
          .object({
            regions: z.array(z.string().min(1).max(64)).max(200).optional(),
            departments: z.array(z.string().min(1).max(100)).max(100).optional(),
            deadline: date.optional(),
          })
          .strict(),
        response: { 201: tasksReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const b = req.body
      for (const r of b.regions ?? []) if (!ctx.regions.get(r)) throw new AppError('region.unknown', { name: r, candidates: '' })
      const subs = await tasks.split(
        req.params.id,
        { ...(b.regions ? { regions: b.regions } : {}), ...(b.departments ? { departments: b.departments } : {}), ...(b.deadline ? { deadline: b.deadline } : {}) },
        actor(req),
      )
      reply.status(201)
      return subs
    },
  )

  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change status, deadline, lead or co-operating departments (reviewer, admin); send the version you saw',
        params: z.object({ id: z.string().min(1).max(200) }),
        body: z
          .object({
            version: z.number().int().min(1),
            status: status.optional(),
            dropReason: requestText(2000).optional(),
            deadline: date.optional(),
            lead: z.string().min(1).max(100).optional(),
            cooperating: z.array(z.string().min(1).max(100)).max(20).optional(),
          })
          .strict(),
        response: { 200: taskReply, ...errorReplies },
      },
    },
    async (req) => {
      const { version, ...patch } = req.body
      return tasks.update(req.params.id, patch as Parameters<TaskService['update']>[1], version, actor(req))
    },
  )

  app.post(
    '/api/tasks/:id/reports',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'File a progress report (multipart: period, text, percent, status, up to 5 evidence files ≤ 10 MiB: PDF, images, Office documents). Lead or co-operating department only.',
        params: z.object({ id: z.string().min(1).max(200) }),
        consumes: ['multipart/form-data'],
        response: { 201: createdReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const a = actor(req)
      if (!req.isMultipart()) throw new AppError('http.unsupported_media_type')
      const fields: Record<string, string> = {}
      const files: Array<{ name: string; bytes: Uint8Array }> = []
      try {
        for await (const part of req.parts({ limits: { fileSize: 10 * 1024 * 1024, files: 6 } })) {
          if (part.type === 'file') files.push({ name: part.filename || 'file', bytes: await part.toBuffer() })
          else if (typeof part.value === 'string') fields[part.fieldname] = part.value
        }
      } catch (e) {
        const code = (e as { code?: string }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
          throw new AppError(
            'task.attachment_rejected',
            code === 'FST_FILES_LIMIT' ? { file: files.at(-1)?.name ?? '', reason: 'too_many', max: 5 } : { file: files.at(-1)?.name ?? '', reason: 'too_large', limitMiB: 10 },
          )
        throw new AppError('http.bad_multipart', {}, { cause: e })
      }
      const parsed = z.object({ period: requestText(40, 1), text: requestText(20_000, 1), percent: z.coerce.number().int().min(0).max(100), status }).safeParse(fields)
      const control = parsed.error?.issues.find((i) => i.message === CONTROL_CHAR_ISSUE)
      if (control) throw new AppError('http.control_char', { field: control.path.join('.') })
      if (!parsed.success) throw new AppError('task.invalid', { reason: 'fields', fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ') })
      const id = await tasks.submitReport(req.params.id, { ...parsed.data, attachments: files }, a)
      reply.status(201)
      return { id }
    },
  )

  app.post(
    '/api/task-reports/:id/:decision',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Accept a progress report (its progress becomes the task’s) or return it with a comment (reviewer, admin)',
        params: z.object({ id: z.coerce.number().int().positive(), decision: z.enum(['accept', 'return']) }),
        body: z.object({ comment: requestText(2000).optional() }).strict(),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req) => {
      await tasks.reviewReport(req.params.id, req.params.decision, req.body.comment, actor(req))
      return { ok: true as const }
    },
  )

  app.get(
    '/api/task-reports/:id/attachments/:attachment',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Download an evidence file (signed-in users)',
        params: z.object({ id: z.coerce.number().int().positive(), attachment: z.coerce.number().int().positive() }),
        response: { 200: fileReply('The evidence file as uploaded, with its media type (Content-Disposition: attachment)', ['application/octet-stream']), ...errorReplies },
      },
    },
    async (req, reply) => {
      requireUser(req)
      const a = await tasks.attachment(req.params.id, req.params.attachment)
      // Always a download, never rendered in our origin.
      reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      return reply.type(a.mediaType).send(Buffer.from(a.content))
    },
  )

  app.get(
    '/api/tasks-followup',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Overdue and stalled tasks',
        querystring: z.object({ asOf: date.optional(), months: z.coerce.number().int().min(1).max(36).default(6) }),
        response: { 200: followUpReply, ...errorReplies },
      },
    },
    async (req) => tasks.followUp(req.query.asOf ?? now().toISOString().slice(0, 10), req.query.months),
  )

  app.get(
    '/api/inspections',
    { schema: { tags: ['tasks'], summary: 'Special inspections (专项督查) with their findings', response: { 200: inspectionsReply, ...errorReplies } } },
    async (req) => {
      requireUser(req)
      return (await tasks.inspections()).map(inspectionView)
    },
  )

  app.post(
    '/api/inspections',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Open a special inspection on a set of tasks with findings and required corrections (reviewer, admin)',
        body: z
          .object({
            title: requestText(200, 1),
            items: z
              .array(z.object({ task: z.string().min(1).max(200), finding: requestText(4000, 1), requiredCorrection: requestText(4000, 1) }).strict())
              .min(1)
              .max(500),
          })
          .strict(),
        response: { 201: createdReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const id = await tasks.openInspection(req.body.title, req.body.items, actor(req))
      reply.status(201)
      return { id }
    },
  )

  app.post(
    '/api/inspection-items/:id/correct',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Record the correction of a finding (the responsible department, reviewer, admin)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ note: requestText(4000, 1) }).strict(),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req) => {
      await tasks.correct(req.params.id, req.body.note, actor(req))
      return { ok: true as const }
    },
  )

  app.post(
    '/api/inspections/:id/close',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Close an inspection once every finding is corrected (reviewer, admin)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ summary: z.string().min(1).max(4000) }).strict(),
        response: { 200: okReply, ...errorReplies },
      },
    },
    async (req) => {
      await tasks.closeInspection(req.params.id, req.body.summary, actor(req))
      return { ok: true as const }
    },
  )
}
