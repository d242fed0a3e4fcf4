/**
 * The composition root: opens the store, loads the plan and regions it holds, and hands the domain modules
 * what they need. Commands and (later) HTTP routes work through a Context.
 * @module
 */
import { existsSync } from 'node:fs'

import { parse as parseYaml } from 'yaml'

import { AppError } from '../core/errors.js'
import { IndicatorCatalog } from '../plan/indicator-catalog.js'
import { planSchema, type Plan } from '../plan/plan-schema.js'
import { RegionCatalog, type Region } from '../regions/region-catalog.js'
import type { RegionsFile } from '../regions/region-schema.js'
import { ObservationRepo } from '../store/observation-repo.js'
import { describeTarget, openStoreTarget, type Store, type StoreTarget } from '../store/open-store.js'
import { taskAndAccountRepos, type TaskAndAccountRepos } from '../store/task-and-account-repos.js'
import { syncPlanTasks } from '../store/task-repo.js'
import type { LoadedPlan } from './plan-files.js'

/** Tasks, users, sessions and API tokens come from `TaskAndAccountRepos`. */
export interface Context extends TaskAndAccountRepos {
  readonly store: Store
  readonly repo: ObservationRepo
  readonly plan: Plan
  readonly regions: RegionCatalog
  readonly indicators: IndicatorCatalog
  close(): Promise<void>
}

export async function openStore(target: StoreTarget, create: boolean): Promise<Store> {
  if (target.kind === 'sqlite' && !create && target.file !== ':memory:' && !existsSync(target.file)) {
    throw new AppError('store.not_initialised', { db: target.file })
  }
  return openStoreTarget(target, { create })
}

/** Whether the store exists and holds a plan (what `urbmon init` leaves). */
export async function isInitialised(target: StoreTarget): Promise<boolean> {
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file)) return false
  const store = await openStore(target, true)
  try {
    return (await store.db.selectFrom('meta').select('value').where('key', '=', 'active_plan').executeTakeFirst()) !== undefined
  } finally {
    await store.close()
  }
}

/** Saves the plan and its regions into the store (a new plan version is added, never overwritten). */
export async function savePlan(store: Store, loaded: LoadedPlan, at: string): Promise<void> {
  const { db } = store
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('plans')
      .select('content')
      .where('id', '=', loaded.plan.id)
      .where('version', '=', loaded.plan.version)
      .executeTakeFirst()
    if (!existing) {
      await trx
        .insertInto('plans')
        .values({ id: loaded.plan.id, version: loaded.plan.version, file_name: loaded.planFile, content: loaded.planText, loaded_at: at })
        .execute()
    } else if (existing.content !== loaded.planText) {
      await trx
        .updateTable('plans')
        .set({ content: loaded.planText, loaded_at: at })
        .where('id', '=', loaded.plan.id)
        .where('version', '=', loaded.plan.version)
        .execute()
    }
    await trx.deleteFrom('regions').execute()
    const rows = regionRows(loaded.regions)
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('regions').values(rows.slice(i, i + 200)).execute()
    await syncPlanTasks(trx, loaded.plan, at)
    await trx
      .insertInto('meta')
      .values({ key: 'active_plan', value: JSON.stringify({ id: loaded.plan.id, version: loaded.plan.version }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ id: loaded.plan.id, version: loaded.plan.version }) }))
      .execute()
  })
}

function regionRows(file: RegionsFile) {
  return [
    ...file.regions.map((r) => ({
      code: r.code,
      name: r.name,
      name_en: r.nameEn,
      level: r.level,
      parent: r.parent,
      aliases: JSON.stringify(r.aliases),
      members: '[]',
      partial_members: '[]',
      grouping_kind: null,
      summary_order: null,
    })),
    ...file.groupings.map((g) => ({
      code: g.id,
      name: g.name,
      name_en: g.nameEn,
      level: 'grouping',
      parent: null,
      aliases: JSON.stringify(g.aliases),
      members: JSON.stringify(g.members),
      partial_members: JSON.stringify(g.partial),
      grouping_kind: g.kind,
      summary_order: g.summaryOrder,
    })),
  ]
}

export async function openContext(target: StoreTarget): Promise<Context> {
  const store = await openStore(target, false)
  try {
    const active = await store.db.selectFrom('meta').select('value').where('key', '=', 'active_plan').executeTakeFirst()
    if (!active) throw new AppError('store.not_initialised', { db: describeTarget(target) })
    const { id, version } = JSON.parse(active.value) as { id: string; version: string }
    const row = await store.db.selectFrom('plans').select('content').where('id', '=', id).where('version', '=', version).executeTakeFirstOrThrow()
    const plan = planSchema.parse(parseYaml(row.content))
    const regionRowsFromDb = await store.db.selectFrom('regions').selectAll().execute()
    const regions = new RegionCatalog(
      regionRowsFromDb.map(
        (r): Region => ({
          code: r.code,
          name: r.name,
          nameEn: r.name_en,
          level: r.level as Region['level'],
          parent: r.parent,
          aliases: JSON.parse(r.aliases) as string[],
          members: JSON.parse(r.members) as string[],
          partial: JSON.parse(r.partial_members) as string[],
          ...(r.grouping_kind ? { groupingKind: r.grouping_kind as NonNullable<Region['groupingKind']> } : {}),
          summaryOrder: r.summary_order,
        }),
      ),
    )
    return {
      store,
      repo: new ObservationRepo(store),
      ...taskAndAccountRepos(store),
      plan,
      regions,
      indicators: IndicatorCatalog.fromPlan(plan),
      close: () => store.close(),
    }
  } catch (e) {
    await store.close()
    throw e
  }
}
