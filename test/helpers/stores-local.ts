import { tempDb } from './cli.js'
import type { StoreTarget } from '../../src/store/open-store.js'

export const STORES: Array<{ name: 'sqlite' | 'postgres'; fresh(): Promise<StoreTarget> }> = [{ name: 'sqlite', fresh: async () => ({ kind: 'sqlite', file: tempDb() }) }]
