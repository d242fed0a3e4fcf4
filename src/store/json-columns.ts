/**
 * The JSON kept in text columns, parsed with a schema where it leaves the store: a row written by another
 * version (or by hand) fails here, by name, instead of somewhere downstream.
 * @module
 */
import { z } from 'zod'

import { AppError } from '../core/errors.js'
import type { RevisionOrigin } from '../app/ports/observations.js'
import type { PlanVersion } from '../app/ports/plans.js'

/** A file's sheet, row and column, or the client a value was entered `via`; unknown keys are kept. */
const revisionOriginSchema = z
  .object({
    file: z.string().optional(),
    sheet: z.string().optional(),
    row: z.number().optional(),
    column: z.string().optional(),
    path: z.string().optional(),
    line: z.number().optional(),
    via: z.string().optional(),
  })
  .loose()

const stringListSchema = z.array(z.string())

const planVersionSchema = z.object({ id: z.string(), version: z.string() })

/** Any JSON value (audit details are free-form). */
const jsonValueSchema = z.json()

/** Parses one stored JSON value; one that is not what the column holds makes the store unusable, naming the column. */
function parseColumn<T>(schema: z.ZodType<T>, text: string, column: string): T {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new AppError('store.bad_stored_value', { column, key: '' }, { cause: e })
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new AppError('store.bad_stored_value', { column, key: parsed.error.issues.map((i) => i.path.join('.')).join(', ') }, { cause: parsed.error })
  return parsed.data
}

// The parsed object lists the known keys in the schema's order, which is the order the writers use
// (file, sheet, row, column; or via), so history shows the origin as it was stored.
export const parseRevisionOrigin = (text: string): RevisionOrigin => parseColumn(revisionOriginSchema, text, 'observation_revisions.origin')

export const parseStringList = (text: string, column: string): string[] => parseColumn(stringListSchema, text, column)

export const parsePlanVersion = (text: string): PlanVersion => parseColumn(planVersionSchema, text, 'meta.active_plan')

export const parseJsonValue = (text: string, column: string): unknown => parseColumn(jsonValueSchema, text, column)

const idListSchema = z.array(z.number().int())
const evaluatorListSchema = z.array(z.object({ username: z.string(), regions: z.array(z.string()) }))

/** Observation or evidence ids (round self-evaluations, migration 011). */
export const parseIdList = (text: string, column: string): number[] => parseColumn(idListSchema, text, column)
/** A round's evaluators with their regions (migration 011). */
export const parseEvaluators = (text: string, column: string): Array<{ username: string; regions: string[] }> => parseColumn(evaluatorListSchema, text, column)
