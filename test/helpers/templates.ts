/**
 * Initialised SQLite stores, made once per run and copied per test instead of running `urbmon init` in each one.
 * The global set-up (test/global-setup.ts) builds the templates and provides their paths; `freshStore()` and
 * `bundledStore()` copy one into a new temporary directory. A copy is byte for byte what `init` (run through the
 * test CLI, with its fixed clock and user) would have written. Tests about `init` itself still run it.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import Database from 'better-sqlite3'
import { inject } from 'vitest'

import { cli, tempDb } from './cli.js'

export interface StoreTemplates {
  /** The Jiangsu plan and regions, no observations (`init --no-data`). */
  readonly empty: string
  /** The plan, regions and the bundled data (`init`). */
  readonly bundled: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    storeTemplates: StoreTemplates
  }
}

/** Runs `init` into `dir` for each template; called by the global set-up. */
export async function makeTemplates(dir: string): Promise<StoreTemplates> {
  const empty = join(dir, 'empty', 'urbmon.db')
  const bundled = join(dir, 'bundled', 'urbmon.db')
  await initTemplate(empty, ['--no-data'])
  await initTemplate(bundled, [])
  return { empty, bundled }
}

async function initTemplate(file: string, extra: string[]): Promise<void> {
  mkdirSync(dirname(file), { recursive: true })
  const r = await cli(['--db', file, 'init', ...extra])
  if (r.code !== 0) throw new Error(`urbmon init for the test template ${file} failed:\n${r.err}`)
  // Fold the write-ahead log into the main file, so that copying that one file copies the whole store.
  const db = new Database(file)
  // Each store has its own id (a columnar copy is trusted only by its own store); copies make their own.
  db.prepare("delete from meta where key = 'store_id'").run()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  if (existsSync(`${file}-wal`)) throw new Error(`the test template ${file} still has a write-ahead log after a checkpoint`)
}

let local: Promise<StoreTemplates> | undefined

/** The run's templates; when a run has no global set-up (another config), this worker makes its own once. */
function templates(): Promise<StoreTemplates> {
  const provided = inject('storeTemplates') as StoreTemplates | undefined
  if (provided) return Promise.resolve(provided)
  local ??= (async () => {
    return makeTemplates(mkdtempSync(join(tmpdir(), 'urbmon-templates-')))
  })()
  return local
}

/** Copies a template store to `file`, which must not exist. */
export async function copyTemplate(which: keyof StoreTemplates, file: string): Promise<void> {
  const source = (await templates())[which]
  if (existsSync(file)) throw new Error(`${file} exists; a template is copied only to a new file`)
  copyFileSync(source, file)
}

/** A new store with the Jiangsu plan and regions and no observations, as `init --no-data` leaves it. */
export async function freshStore(): Promise<string> {
  const file = tempDb()
  await copyTemplate('empty', file)
  return file
}

/** A new store with the plan, regions and the bundled data, as `init` leaves it. */
export async function bundledStore(): Promise<string> {
  const file = tempDb()
  await copyTemplate('bundled', file)
  return file
}
