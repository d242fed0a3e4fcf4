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
import { groupingAsRegion, RegionCatalog, type Region } from '../regions/region-catalog.js'
import type { RegionsFile } from '../regions/region-schema.js'
import { describeTarget, openStoreTarget, type Store, type StoreTarget } from '../store/open-store.js'
import { repositoriesOf } from '../store/repositories.js'
import type { LoadedPlan } from './plan-files.js'
import type {
  AuditLog,
  ImportHistory,
  ObservationCommentRepository,
  ImportRepository,
  ObservationColumns,
  ObservationPages,
  ObservationRepository,
  PlanRepository,
  SourceRepository,
  StoreMeta,
} from './ports/index.js'
import { taskAndAccountRepos, type TaskAndAccountRepos } from '../store/task-and-account-repos.js'
import { KyselyDataRequestRepository } from '../store/data-request-repo.js'
import type { DataRequestRepository } from './ports/data-request-repository.js'
import { KyselyRoundRepository } from '../store/round-repo.js'
import type { RoundRepository } from './ports/round-repository.js'
import { KyselySurveyResponseRepository } from '../store/survey-response-repo.js'
import type { SurveyResponseRepository } from './ports/survey-response-repository.js'

/** Tasks, users, sessions and API tokens come from `TaskAndAccountRepos`. */
export interface Context extends TaskAndAccountRepos {
  readonly observations: ObservationRepository
  readonly columns: ObservationColumns
  readonly pages: ObservationPages
  readonly imports: ImportRepository
  readonly audit: AuditLog
  readonly plans: PlanRepository
  readonly storeMeta: StoreMeta
  readonly sources: SourceRepository
  readonly importHistory: ImportHistory
  readonly dataRequests: DataRequestRepository
  readonly rounds: RoundRepository
  readonly surveyResponses: SurveyResponseRepository
  readonly comments: ObservationCommentRepository
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
    return (await repositoriesOf(store).plans.activePlan()) !== undefined
  } finally {
    await store.close()
  }
}

/** Saves the plan and its regions into the store (a new plan version is added, never overwritten). */
export async function savePlan(store: Store, loaded: LoadedPlan, at: string): Promise<void> {
  await repositoriesOf(store).plans.savePlan(
    { id: loaded.plan.id, version: loaded.plan.version, fileName: loaded.planFile, content: loaded.planText },
    regionsOf(loaded.regions),
    at,
    loaded.plan.tasks,
  )
}

function regionsOf(file: RegionsFile): Region[] {
  return [
    ...file.regions.map((r): Region => ({
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      level: r.level,
      parent: r.parent,
      aliases: r.aliases,
      members: [],
      partial: [],
      summaryOrder: null,
    })),
    ...file.groupings.map(groupingAsRegion),
  ]
}

export async function openContext(target: StoreTarget): Promise<Context> {
  const store = await openStore(target, false)
  try {
    const repositories = repositoriesOf(store)
    const active = await repositories.plans.activePlan()
    if (!active) throw new AppError('store.not_initialised', { db: describeTarget(target) })
    const file = await repositories.plans.planFile(active)
    if (!file) throw new AppError('store.not_initialised', { db: describeTarget(target) })
    const plan = planSchema.parse(parseYaml(file.content))
    const regions = new RegionCatalog(await repositories.plans.regions())
    return {
      ...repositories,
      ...taskAndAccountRepos(store),
      dataRequests: new KyselyDataRequestRepository(store.db),
      rounds: new KyselyRoundRepository(store.db),
      surveyResponses: new KyselySurveyResponseRepository(store.db),
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
