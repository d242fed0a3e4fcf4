/**
 * What the application needs to know about the store itself: its kind, where it is, whether it answers, and
 * the version of the data it holds (the key of every cache of computed results).
 * @module
 */

/**
 * Whether the store takes writes now: `busy` (another writer holds the lock; writes wait, then 503),
 * `read_only`, `full` (the last write met a full disk), `unreachable` (no connection to the server).
 */
export type StoreState = 'ok' | 'busy' | 'read_only' | 'full' | 'unreachable'

export interface StoreMeta {
  readonly kind: 'sqlite' | 'postgres'
  /** The file, or the database URL without its password. */
  readonly location: string
  /** The embedded store's file, beside which a columnar copy may be kept; undefined for a server or in memory. */
  readonly file: string | undefined
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>
  /** The store's state, probed without writing anything (never throws). */
  state(): Promise<StoreState>
  /**
   * The data's state as a string that changes with every change to a value and stays valid across processes
   * (the largest revision and audit ids: both tables only grow).
   */
  dataVersion(): Promise<string>
  /**
   * A cheaper stamp for a cache inside this process, where the store has one (the embedded store's change
   * counters); undefined elsewhere. Not for anything kept across processes.
   */
  changeStamp(): string | undefined
  /** A random id kept in the store, made on first use: tells a re-created store from the old one. */
  storeId(): Promise<string>
}
