/**
 * Plan versions, the active plan (a meta entry) and the regions loaded with it.
 * @module
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'

import type { PlanFile, PlanRepository, PlanVersion } from '../app/ports/plans.js'
import { AppError } from '../core/errors.js'
import type { Plan } from '../plan/plan-schema.js'
import type { Region } from '../regions/region-catalog.js'
import { groupingSchema, regionLevelSchema } from '../regions/region-schema.js'
import type { Database, RegionTable } from './db-types.js'
import { parsePlanVersion, parseStringList } from './json-columns.js'
import { syncPlanTasks } from './task-repo.js'

const levelSchema = z.union([regionLevelSchema, z.literal('grouping')])
const groupingKindSchema = groupingSchema.shape.kind

function toRegion(r: RegionTable): Region {
  const level = levelSchema.safeParse(r.level)
  const kind = r.grouping_kind === null ? undefined : groupingKindSchema.safeParse(r.grouping_kind)
  if (!level.success || (kind && !kind.success)) throw new AppError('store.bad_stored_value', { column: 'regions.level', key: r.code })
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    level: level.data,
    parent: r.parent,
    aliases: parseStringList(r.aliases, 'regions.aliases'),
    members: parseStringList(r.members, 'regions.members'),
    partial: parseStringList(r.partial_members, 'regions.partial_members'),
    ...(kind?.success ? { groupingKind: kind.data } : {}),
    summaryOrder: r.summary_order,
  }
}

function toRow(r: Region): RegionTable {
  return {
    code: r.code,
    name: r.name,
    name_en: r.nameEn,
    level: r.level,
    parent: r.parent,
    aliases: JSON.stringify(r.aliases),
    members: JSON.stringify(r.members),
    partial_members: JSON.stringify(r.partial),
    grouping_kind: r.groupingKind ?? null,
    summary_order: r.summaryOrder,
  }
}

export class KyselyPlanRepository implements PlanRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async activePlan(): Promise<PlanVersion | undefined> {
    const row = await this.#db.selectFrom('meta').select('value').where('key', '=', 'active_plan').executeTakeFirst()
    return row ? parsePlanVersion(row.value) : undefined
  }

  async planFile(v: PlanVersion): Promise<PlanFile | undefined> {
    const row = await this.#db.selectFrom('plans').select(['id', 'version', 'file_name', 'content']).where('id', '=', v.id).where('version', '=', v.version).executeTakeFirst()
    return row ? { id: row.id, version: row.version, fileName: row.file_name, content: row.content } : undefined
  }

  async savePlan(file: PlanFile, regions: ReadonlyArray<Region>, at: string, tasks: Plan['tasks'] = []): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('plans').select('content').where('id', '=', file.id).where('version', '=', file.version).executeTakeFirst()
      if (!existing) {
        await trx.insertInto('plans').values({ id: file.id, version: file.version, file_name: file.fileName, content: file.content, loaded_at: at }).execute()
      } else if (existing.content !== file.content) {
        await trx.updateTable('plans').set({ content: file.content, loaded_at: at }).where('id', '=', file.id).where('version', '=', file.version).execute()
      }
      await trx.deleteFrom('regions').execute()
      const rows = regions.map(toRow)
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('regions')
          .values(rows.slice(i, i + 200))
          .execute()
      await syncPlanTasks(trx, { tasks }, at)
      const active = JSON.stringify({ id: file.id, version: file.version })
      await trx
        .insertInto('meta')
        .values({ key: 'active_plan', value: active })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: active }))
        .execute()
    })
  }

  async regions(): Promise<Region[]> {
    return (await this.#db.selectFrom('regions').selectAll().execute()).map(toRegion)
  }
}
