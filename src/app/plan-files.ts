/**
 * Reads a plan file and the regions file it names from disk, and validates both together.
 * @module
 */
import { readFileSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

import { AppError } from '../core/errors.js'
import type { Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { parsePlan } from '../plan/load-plan.js'
import type { Plan } from '../plan/plan-schema.js'
import { checkPlanRegions, parseRegions } from '../regions/load-regions.js'
import { RegionCatalog } from '../regions/region-catalog.js'
import type { RegionsFile } from '../regions/region-schema.js'

export interface LoadedPlan {
  readonly plan: Plan
  readonly planText: string
  readonly planFile: string
  readonly regions: RegionsFile
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    throw new AppError('file.not_found', { file }, { cause: e })
  }
}

export function loadPlanFiles(planFile: string): Result<LoadedPlan, Problem[]> {
  const planText = readText(planFile)
  const name = basename(planFile)
  const plan = parsePlan(planText, name)
  if (!plan.ok) return plan
  const regionsFile = resolve(dirname(planFile), plan.value.regions)
  const regions = parseRegions(readText(regionsFile), basename(regionsFile))
  if (!regions.ok) return regions
  const problems = checkPlanRegions(plan.value, RegionCatalog.fromFile(regions.value), name)
  if (problems.length) return err(problems)
  return ok({ plan: plan.value, planText, planFile, regions: regions.value })
}
