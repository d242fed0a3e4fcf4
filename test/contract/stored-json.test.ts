/**
 * JSON kept in text columns is parsed with a schema where it leaves the store: a value that is not what the
 * column holds is refused by name, on both stores, instead of travelling on as something it is not.
 */
import { afterAll, describe, expect, it } from 'vitest'

import { isAppError } from '../../src/core/errors.js'
import { openStoreTarget } from '../../src/store/open-store.js'
import { repositoriesOf } from '../../src/store/repositories.js'
import { dropFreshStores, STORES } from '../helpers/stores.js'

afterAll(dropFreshStores)

const region = {
  code: '320100',
  name: '南京市',
  name_en: 'Nanjing',
  level: 'prefecture',
  parent: null,
  members: '[]',
  partial_members: '[]',
  grouping_kind: null,
  summary_order: null,
}

describe.each(STORES)('stored JSON on $name', (s) => {
  it('refuses a region whose aliases are not a list of strings, and an active plan without a version', async () => {
    const store = await openStoreTarget(await s.fresh(), { create: true })
    try {
      const { plans } = repositoriesOf(store)
      await store.db
        .insertInto('regions')
        .values({ ...region, aliases: '{"not":"a list"}' })
        .execute()
      const e = await plans.regions().catch((x: unknown) => x)
      expect(isAppError(e) && e.code).toBe('store.bad_stored_value')
      expect(isAppError(e) && 'column' in e.params && e.params.column).toBe('regions.aliases')
      await store.db.insertInto('meta').values({ key: 'active_plan', value: '{"id":"p"}' }).execute()
      await expect(plans.activePlan()).rejects.toMatchObject({ code: 'store.bad_stored_value', params: { column: 'meta.active_plan' } })
    } finally {
      await store.close()
    }
  })
})
