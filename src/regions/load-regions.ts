import { problem, type Problem } from '../core/problem.js'
import { err, ok, type Result } from '../core/result.js'
import { parseYamlFile, zodProblems } from '../plan/load-plan.js'
import type { Plan, RegionSet } from '../plan/plan-schema.js'
import { RegionCatalog, type Region } from './region-catalog.js'
import { regionsFileSchema, type RegionsFile } from './region-schema.js'

export function parseRegions(text: string, file: string): Result<RegionsFile, Problem[]> {
  const parsed = parseYamlFile(text, file)
  if (!parsed.ok)
    return err(
      parsed.error.map((p) =>
        problem(p.severity, 'regions.invalid', p.location, { path: '(yaml)', reason: 'yaml_syntax', yaml: p.code === 'plan.yaml_syntax' ? p.params.reason : p.code }),
      ),
    )
  const result = regionsFileSchema.safeParse(parsed.value.data)
  if (!result.success) return err(zodProblems(result.error, file, parsed.value.doc, parsed.value.counter, 'regions.invalid'))
  const codes = new Set(result.data.regions.map((r) => r.code))
  const problems: Problem[] = []
  result.data.regions.forEach((r, i) => {
    if (r.parent !== null && !codes.has(r.parent)) {
      problems.push(problem('error', 'regions.invalid', { file, path: `regions[${i}].parent` }, { path: `regions[${i}].parent`, reason: 'unknown_parent', parent: r.parent }))
    }
  })
  result.data.groupings.forEach((g, i) => {
    g.members.forEach((m, j) => {
      if (!codes.has(m)) {
        problems.push(
          problem('error', 'regions.invalid', { file, path: `groupings[${i}].members[${j}]` }, { path: `groupings[${i}].members[${j}]`, reason: 'unknown_member', region: m }),
        )
      }
    })
  })
  return problems.length ? err(problems) : ok(result.data)
}

/** Regions of a target's set (a grouping's members, or the children at a level, optionally by name suffix). */
export function expandRegionSet(catalog: RegionCatalog, set: RegionSet): Region[] {
  if ('grouping' in set) return [...catalog.components(set.grouping)]
  if ('regions' in set) return set.regions.map((c) => catalog.get(c)).filter((r): r is Region => r !== undefined)
  const out: Region[] = []
  const walk = (code: string) => {
    for (const child of catalog.children(code)) {
      if (child.level === set.level) {
        if (!set.nameSuffixes || set.nameSuffixes.some((s) => child.name.endsWith(s))) out.push(child)
      } else walk(child.code)
    }
  }
  walk(set.parent)
  return out
}

/** Every region the plan names must exist in its regions file. */
export function checkPlanRegions(plan: Plan, catalog: RegionCatalog, file: string): Problem[] {
  const problems: Problem[] = []
  const check = (ref: string, path: string) => {
    if (ref === 'province') return
    if (!catalog.get(ref)) problems.push(problem('error', 'plan.reference', { file, path }, { path, kind: 'region', ref }))
  }
  check(plan.scope, 'scope')
  plan.targets.forEach((t, i) => {
    if ('region' in t) check(t.region, `targets[${i}].region`)
    if ('alsoMeasuredBy' in t) t.alsoMeasuredBy?.forEach((m, j) => m.region !== undefined && check(m.region, `targets[${i}].alsoMeasuredBy[${j}].region`))
    if ('over' in t) {
      const set = t.over
      if ('grouping' in set) check(set.grouping, `targets[${i}].over.grouping`)
      else if ('parent' in set) check(set.parent, `targets[${i}].over.parent`)
      else set.regions.forEach((r, j) => check(r, `targets[${i}].over.regions[${j}]`))
    }
  })
  plan.tasks.forEach((t, i) => t.regions.forEach((r, j) => check(r, `tasks[${i}].regions[${j}]`)))
  return problems
}
