/**
 * The store's implementations of the application's ports (src/app/ports), over one opened store.
 * @module
 */
import type { Repositories } from '../app/ports/index.js'
import { KyselyAuditLog } from './audit-log.js'
import { StoreObservationColumns } from './observation-columns.js'
import { KyselyImportHistory } from './import-history.js'
import { KyselyObservationComments } from './observation-comments.js'
import { KyselyObservationPages } from './observation-pages.js'
import { ObservationRepo } from './observation-repo.js'
import type { Store } from './open-store.js'
import { KyselyPlanRepository } from './plan-repo.js'
import { KyselySourceRepository } from './source-repo.js'
import { KyselyStoreMeta } from './store-meta.js'

export function repositoriesOf(store: Store): Repositories {
  const observations = new ObservationRepo(store)
  return {
    observations,
    imports: observations,
    columns: new StoreObservationColumns(store),
    pages: new KyselyObservationPages(store.db),
    audit: new KyselyAuditLog(store.db),
    plans: new KyselyPlanRepository(store.db),
    storeMeta: new KyselyStoreMeta(store),
    sources: new KyselySourceRepository(store.db),
    importHistory: new KyselyImportHistory(store.db),
    comments: new KyselyObservationComments(store.db),
  }
}
