/**
 * The public satisfaction survey (issue 16). The questionnaire, the form, submission, results and counts are
 * public (no sign-in: the survey is for residents); the import is for reviewers and admins. A refused answer set
 * or import lists every problem (question, or file, sheet, row and column) in both languages in error.details.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'

import { SurveyAnswerError, SurveyImportError } from '../../app/surveys.js'
import { requireRole } from '../../app/workflow.js'
import { AppError } from '../../core/errors.js'
import type { Problem } from '../../core/problem.js'
import {
  errorReplies,
  questionnaireReply,
  surveyCountsReply,
  surveyFormReply,
  surveyImportReply,
  surveyResponseBody,
  surveyResponseReply,
  surveyResultsReply,
  surveysReply,
  type SurveyProblem,
} from '../../contract/index.js'
import { formatProblem, t } from '../../i18n/t.js'
import { origin } from '../auth.js'
import { sendError } from '../error-handler.js'
import type { App, Deps } from '../route-deps.js'

const idParam = z.object({ id: z.string().min(1).max(100) })
const regionCode = z.string().min(1).max(50)
const roundParam = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)

function rendered(p: Problem): SurveyProblem {
  const { file, sheet, row, column } = p.location
  return {
    code: p.code,
    ...(p.code === 'survey.bad_answer' ? { question: p.params.question } : {}),
    ...(file !== undefined ? { file } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
    ...(row !== undefined ? { row } : {}),
    ...(column !== undefined ? { column } : {}),
    // An answer's problem names its question already; a file's names its place (file, sheet, row, column).
    message: p.code === 'survey.bad_answer' && row === undefined ? t('zh', p.code, p.params) : formatProblem('zh', p),
    messageEn: p.code === 'survey.bad_answer' && row === undefined ? t('en', p.code, p.params) : formatProblem('en', p),
  }
}

/** The answer and import errors carry their problems into error.details; everything else goes to the usual handler. */
function sendSurveyError(e: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (e instanceof SurveyAnswerError || e instanceof SurveyImportError) return sendError(reply, req, e, { ...e.params, problems: e.problems.map(rendered) })
  throw e
}

async function readUpload(req: FastifyRequest): Promise<{ upload: { bytes: Uint8Array; name: string }; fields: Record<string, string> }> {
  const fields: Record<string, string> = {}
  let upload: { bytes: Uint8Array; name: string } | undefined
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') upload = { bytes: await part.toBuffer(), name: ((part.filename || 'upload').split(/[\\/]/).pop() ?? 'upload').slice(0, 200) }
      else if (typeof part.value === 'string') fields[part.fieldname] = part.value
    }
  } catch (e) {
    const code = (e as { code?: string; statusCode?: number }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE' || (e as { statusCode?: number }).statusCode === 413) throw e
    throw new AppError('http.bad_multipart', {}, { cause: e })
  }
  if (!upload) throw new AppError('http.file_missing', { field: 'file' })
  return { upload, fields }
}

export function registerSurveyRoutes(app: App, deps: Deps): void {
  const { now, surveys } = deps

  app.get(
    '/api/surveys',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'The public satisfaction surveys (questionnaires of data/surveys/*.yaml). Public.',
        response: { 200: surveysReply, ...errorReplies },
      },
    },
    () => Promise.resolve(surveys.list()),
  )

  app.get(
    '/api/surveys/:id',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'A questionnaire: intro, scale with its labels, dimensions, questions (Likert, single choice, short text; required ones marked). Public.',
        params: idParam,
        response: { 200: questionnaireReply, ...errorReplies },
      },
    },
    (req) => Promise.resolve(surveys.get(req.params.id)),
  )

  app.get(
    '/api/surveys/:id/form',
    {
      schema: {
        tags: ['evaluation'],
        summary:
          'The public form for a city or county (region=code): the questionnaire and a signed single-use token (HMAC over questionnaire, region, issue time and a random nonce; valid 2 hours). Public, no sign-in; never cached.',
        params: idParam,
        querystring: z.object({ region: regionCode }),
        response: { 200: surveyFormReply, ...errorReplies },
      },
    },
    (req, reply) => {
      void reply.header('cache-control', 'no-store')
      return Promise.resolve(surveys.form(req.params.id, req.query.region, now()))
    },
  )

  app.post(
    '/api/surveys/:id/responses',
    {
      schema: {
        tags: ['evaluation'],
        summary:
          'Submit a response (public): region, the form token, answers (question id → scale point, option id or text), optionally the round. Every answer is checked (422 naming each question, in zh and en); a token is used once (409 survey.token_used) and expires (410); the same answers from the same address within an hour: 409 survey.duplicate; more than the limit per address (default 5 per 10 minutes): 429 with Retry-After, not counted. Nothing personal is stored: no address, no user agent.',
        params: idParam,
        body: surveyResponseBody,
        response: { 201: surveyResponseReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      try {
        const r = await surveys.submit(req.params.id, req.body, req.ip, now())
        return await reply.status(201).send(r)
      } catch (e) {
        return sendSurveyError(e, req, reply)
      }
    },
  )

  app.get(
    '/api/surveys/:id/results',
    {
      schema: {
        tags: ['evaluation'],
        summary:
          'Results per city and dimension: n, mean with its 95 % interval (Student t), and the same on 0–100. Below the questionnaire\u2019s minimum sample only n (shown false). Filters: region, round. Public.',
        params: idParam,
        querystring: z.object({ region: regionCode.optional(), round: roundParam.optional() }),
        response: { 200: surveyResultsReply, ...errorReplies },
      },
    },
    (req) => surveys.results(req.params.id, { region: req.query.region, round: req.query.round }),
  )

  app.get(
    '/api/surveys/:id/counts',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Responses per region (all channels and rounds), and whether the minimum sample is reached. Public.',
        params: idParam,
        response: { 200: surveyCountsReply, ...errorReplies },
      },
    },
    (req) => surveys.counts(req.params.id),
  )

  app.post(
    '/api/surveys/:id/import',
    {
      schema: {
        tags: ['evaluation'],
        summary:
          'Import the responses of a survey run elsewhere (reviewers — their regions when limited — and admins): multipart field "file", CSV or XLSX, one row per response, a region column (region or 地区: code or name) and one column per question id (Likert: point or label; choice: option id or text). Optional fields round, dryRun. Every cell checked like a submission; any problem refuses the whole file (422, each naming file, sheet, row and column in zh and en). One audit entry (survey.import).',
        params: idParam,
        consumes: ['multipart/form-data'],
        response: { 201: surveyImportReply, 200: surveyImportReply, ...errorReplies },
      },
    },
    async (req, reply) => {
      const user = requireRole(req.user, ['admin', 'reviewer'])
      surveys.get(req.params.id)
      if (!req.isMultipart()) throw new AppError('http.unsupported_media_type')
      const { upload, fields } = await readUpload(req)
      const round = fields.round ? roundParam.safeParse(fields.round) : undefined
      if (round && !round.success) throw new AppError('http.bad_value', { field: 'round', value: (fields.round ?? '').slice(0, 100) })
      try {
        const r = await surveys.import({ user, at: now().toISOString(), origin: origin(req) }, req.params.id, upload, deps.parser.read, {
          ...(round?.success ? { round: round.data } : {}),
          dryRun: fields.dryRun === 'true',
        })
        return await reply.status(r.dryRun ? 200 : 201).send(r)
      } catch (e) {
        return sendSurveyError(e, req, reply)
      }
    },
  )
}
