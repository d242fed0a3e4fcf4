/**
 * Keyset paging over observations on either store: `(indicator, region, period, source) > (…)` in the order of
 * the `observations_cell` unique index, so each page is an index range read (no sort, no OFFSET scan) and holds
 * no cursor or transaction open between pages — other queries of this process can run in between.
 * @module
 */
import type { Kysely, SelectQueryBuilder } from 'kysely'

import type { ObservationPages, PageRequest } from '../app/ports/observation-pages.js'
import type { Observation, ObservationFilter } from '../app/ports/observations.js'
import type { Database } from './db-types.js'
import { publishedRowsQuery, toObservation, toPublishedObservation } from './observation-repo.js'

export class KyselyObservationPages implements ObservationPages {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async page(request: PageRequest): Promise<Observation[]> {
    if (request.publishedOnly) return this.#publishedPage(request)
    let q = filtered(this.#db.selectFrom('observations').selectAll(), request.filter, request.publishedOnly ?? false)
    const after = request.after
    if (after) q = q.where((eb) => eb(eb.refTuple('indicator', 'region', 'period', 'source'), '>', eb.tuple(after.indicator, after.region, after.period, after.source)))
    const rows = await q.orderBy('indicator').orderBy('region').orderBy('period').orderBy('source').limit(request.limit).execute()
    return rows.map(toObservation)
  }

  /** A page of the public view: each row as it was published (value, note, version…), never a later draft's fields. */
  async #publishedPage(request: PageRequest): Promise<Observation[]> {
    const { filter, after } = request
    let q = publishedRowsQuery(this.#db, filter)
    if (after) q = q.where((eb) => eb(eb.refTuple('o.indicator', 'o.region', 'o.period', 'o.source'), '>', eb.tuple(after.indicator, after.region, after.period, after.source)))
    const rows = await q.orderBy('o.indicator').orderBy('o.region').orderBy('o.period').orderBy('o.source').limit(request.limit).execute()
    return rows.map(toPublishedObservation)
  }

  async countMatching(filter: ObservationFilter, publishedOnly: boolean): Promise<number> {
    const q = filtered(
      this.#db.selectFrom('observations').select((eb) => eb.fn.countAll().as('n')),
      filter,
      publishedOnly,
    )
    return Number((await q.executeTakeFirstOrThrow()).n)
  }
}

function filtered<O>(q: SelectQueryBuilder<Database, 'observations', O>, filter: ObservationFilter, publishedOnly: boolean): SelectQueryBuilder<Database, 'observations', O> {
  if (filter.indicators?.length) q = q.where('indicator', 'in', [...filter.indicators])
  if (filter.regions?.length) q = q.where('region', 'in', [...filter.regions])
  if (filter.years?.length) q = q.where('year', 'in', [...filter.years])
  if (filter.fromYear !== undefined) q = q.where('year', '>=', filter.fromYear)
  if (filter.toYear !== undefined) q = q.where('year', '<=', filter.toYear)
  if (filter.statuses?.length) q = q.where('status', 'in', [...filter.statuses])
  if (publishedOnly) q = q.where('published_value', 'is not', null)
  return q
}
