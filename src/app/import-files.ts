/**
 * Imports files: parse and validate every file first; write only if none has an error, all in one transaction
 * per file, so a rejected batch changes nothing.
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'

import { AppError } from '../core/errors.js'
import { must } from '../core/checked.js'
import { hasErrors, problem } from '../core/problem.js'
import { cellKey, parseFile, revisionWarnings, type ParsedFile } from '../ingest/index.js'
import { holderOf, lockedStatuses } from '../core/workflow.js'
import type { CurrentValue } from './ports/imports.js'
import type { Context } from './context.js'
import type { FileReport, ImportOptions, ImportReport } from './import-report.js'
import { stateImportGrades } from './sources.js'
import { storeRuleProblems } from './cell-checks.js'
import { isStreamable, streamImportFiles, validateStreamedFile } from './stream-import.js'
import { afterDataChange } from './column-snapshot.js'

export type { FileReport, ImportOptions, ImportReport } from './import-report.js'

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024

/**
 * One uploaded file: validated like the CLI's, plus a permission check on every value's region; written in one
 * transaction only if nothing is wrong.
 */
export async function importUpload(
  ctx: Context,
  upload: { readonly bytes: Uint8Array; readonly name: string },
  options: ImportOptions,
  mayWrite: (region: string) => boolean,
): Promise<ImportReport & { forbidden: boolean }> {
  const result = await parseBytes(ctx, upload.bytes, upload.name, options)
  const denied = new Set<string>()
  const problems = [...result.problems]
  for (const o of result.observations) {
    if (!mayWrite(o.region) && !denied.has(o.region)) {
      denied.add(o.region)
      problems.push(problem('error', 'ingest.region_forbidden', o.location, { region: ctx.regions.get(o.region)?.name ?? o.region }))
    }
  }
  const base = summarise({ ...result, problems })
  const ok = !hasErrors(problems)
  if (!ok || options.dryRun) return { ok, dryRun: options.dryRun ?? false, files: [base], forbidden: denied.size > 0 }
  const written = await write(ctx, result, upload.bytes, base, options)
  await afterDataChange(ctx)
  return { ok, dryRun: false, files: [{ ...base, written }], forbidden: false }
}

export async function importFiles(ctx: Context, paths: ReadonlyArray<string>, options: ImportOptions): Promise<ImportReport> {
  const parsed: Array<{ path: string; bytes: Uint8Array; result: ParsedFile }> = []
  // Large long-layout CSV files are streamed (src/app/stream-import.ts); the rest are read whole.
  const streamed: Array<{ path: string; report?: FileReport }> = []
  for (const path of paths) {
    const name = basename(path)
    if (!existsSync(path)) throw new AppError('file.not_found', { file: path })
    if (isStreamable(path, options, options.streamMinBytes)) {
      streamed.push({ path })
      continue
    }
    let bytes: Uint8Array
    try {
      if (statSync(path).size > MAX_IMPORT_BYTES) {
        parsed.push({
          path,
          bytes: new Uint8Array(),
          result: {
            file: name,
            layouts: [],
            observations: [],
            problems: [problem('error', 'file.too_large', { file: name }, { file: name, limitMiB: MAX_IMPORT_BYTES / 1024 / 1024 })],
          },
        })
        continue
      }
      bytes = readFileSync(path)
    } catch (e) {
      throw new AppError('file.not_found', { file: path }, { cause: e })
    }
    parsed.push({ path, bytes, result: await parseBytes(ctx, bytes, name, options) })
  }
  // Streamed files alone are validated while they are written (in one transaction, rolled back on error);
  // beside files read whole they are validated first, so that nothing is written unless every file is clean.
  const alone = streamed.length > 0 && parsed.length === 0
  if (!alone) for (const s of streamed) s.report = await validateStreamedFile(ctx, s.path, options)
  const anyErrors = parsed.some((p) => hasErrors(p.result.problems)) || streamed.some((s) => s.report && s.report.errors.length > 0)
  const files: FileReport[] = []
  for (const { bytes, result } of parsed) {
    const base = summarise(result)
    if (anyErrors || options.dryRun) {
      files.push(base)
      continue
    }
    files.push({ ...base, written: await write(ctx, result, bytes, base, options) })
  }
  if (streamed.length > 0) {
    const write = alone || (!anyErrors && !options.dryRun)
    files.push(
      ...(write
        ? await streamImportFiles(
            ctx,
            streamed.map((s) => s.path),
            options,
          )
        : streamed.map((s) => must(s.report, `validation report of ${s.path}`))),
    )
    // A streamed file's rows are not kept: its stated grade applies to the source every row was given (--source).
    if (write && options.sourceGrade && options.source && files.every((f) => f.errors.length === 0)) {
      await stateImportGrades(ctx, [options.source], options.sourceGrade, options.by, options.at, options.origin ?? 'cli')
    }
  }
  const ok = files.every((f) => f.errors.length === 0)
  // After the commit, the analytical copy is brought up to date, so the next recompute need not read the store.
  if (files.some((f) => f.written)) await afterDataChange(ctx)
  return { ok, dryRun: options.dryRun ?? false, files }
}

/** Writes one validated file in one transaction, recording where it came from; then the grade it states, if any. */
async function write(ctx: Context, result: ParsedFile, bytes: Uint8Array, base: FileReport, options: ImportOptions) {
  const written = await writeRows(ctx, result, bytes, base, options)
  if (options.sourceGrade) {
    await stateImportGrades(ctx, [...new Set(result.observations.map((o) => o.source))], options.sourceGrade, options.by, options.at, options.origin ?? 'cli')
  }
  return written
}

function writeRows(ctx: Context, result: ParsedFile, bytes: Uint8Array, base: FileReport, options: ImportOptions) {
  return ctx.imports.applyImport(result.observations, {
    fileName: result.file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format: result.format ?? 'unknown',
    layout: result.layouts.map((l) => l.layout).join(','),
    source: options.source ?? null,
    by: options.by,
    at: options.at,
    status: options.status ?? 'draft',
    warnings: base.warnings.length,
    origin: options.origin ?? 'cli',
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  })
}

export async function parseBytes(ctx: Context, bytes: Uint8Array, name: string, options: Omit<ImportOptions, 'by' | 'at' | 'origin'>): Promise<ParsedFile> {
  const result = await parseFile(bytes, name, validationContext(ctx, name, options), {
    ...(options.layout ? { layout: options.layout } : {}),
    ...(options.indicator ? { indicator: options.indicator } : {}),
    ...(options.year ? { year: options.year } : {}),
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.read ? { read: options.read } : {}),
  })
  if (result.observations.length === 0) return result
  const existing = await ctx.imports.currentValues(result.observations)
  return {
    ...result,
    problems: [
      ...result.problems,
      ...(await storeRuleProblems(ctx, result.observations, result.problems)),
      ...revisionWarnings(result.observations, (key) => existing.get(key)),
      ...lockedCellErrors(ctx, result, existing),
    ],
  }
}

/** Two-level approval: a file may not change a value a reviewer holds (the same rule as the entry grid's). */
function lockedCellErrors(ctx: Context, result: ParsedFile, existing: Map<string, CurrentValue>) {
  const locked = lockedStatuses(ctx.plan.workflow.approvalLevels)
  if (locked.length === 0) return []
  return result.observations.flatMap((o) => {
    const prev = existing.get(cellKey(o))
    const holder = prev && prev.value !== o.value && locked.includes(prev.status) ? holderOf(prev.status) : null
    if (!holder) return []
    const names = { indicator: ctx.indicators.get(o.indicator)?.name ?? o.indicator, region: ctx.regions.get(o.region)?.name ?? o.region, year: o.year }
    return [problem('error', 'workflow.locked', o.location, { ...names, holder, action: 'edit' })]
  })
}

function validationContext(ctx: Context, name: string, options: Omit<ImportOptions, 'by' | 'at' | 'origin'>) {
  return {
    plan: ctx.plan,
    indicators: ctx.indicators,
    regions: ctx.regions,
    defaultSource: name,
    ...(options.source ? { sourceOverride: options.source } : {}),
    ...(options.summaryMismatch ? { summaryMismatch: options.summaryMismatch } : {}),
  }
}

function summarise(result: ParsedFile): FileReport {
  return {
    file: result.file,
    ...(result.format ? { format: result.format } : {}),
    ...(result.encoding ? { encoding: result.encoding } : {}),
    layouts: result.layouts,
    observations: result.observations.length,
    errors: result.problems.filter((p) => p.severity === 'error'),
    warnings: result.problems.filter((p) => p.severity === 'warning'),
  }
}
