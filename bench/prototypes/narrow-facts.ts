/**
 * Prototype for issue 17's storage redesign, measured before any of it is built: how fast SQLite takes the same
 * cells (1) in today's layout — a wide row with text keys under a unique (indicator, region, period, source)
 * key, a region index and a full revision row per created cell — and (2) in the narrow layout the issue proposes —
 * small integer ids for the dimensions, who/when/file once per import, no revision row on a first load (history
 * as superseded versions). Same rows, same process, same pragmas, one after the other; only SQLite's own work is
 * timed (the rows are generated up front), so the difference is the layout's.
 *
 *   npx tsx bench/prototypes/narrow-facts.ts [rows=2000000]
 * @module
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// eslint-disable-next-line no-restricted-imports -- a prototype of the store's next layout, measured apart from the store itself
import Database from 'better-sqlite3'

const rows = Number(process.argv[2] ?? 2_000_000)
const indicators = 200
const years = 15
const regions = Math.ceil(rows / (indicators * years))

interface Cell {
  indicator: number
  region: number
  year: number
  value: number
}

function* cells(): Generator<Cell> {
  let n = 0
  for (let region = 0; region < regions; region++)
    for (let indicator = 0; indicator < indicators; indicator++)
      for (let year = 2010; year < 2010 + years; year++) {
        if (n++ >= rows) return
        yield { indicator, region, year, value: Math.round((region * 7.31 + indicator * 1.7 + year) * 100) / 100 }
      }
}

function open(dir: string, name: string): Database.Database {
  const db = new Database(join(dir, name))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('cache_size = -262144')
  return db
}

function wide(dir: string): number {
  const db = open(dir, 'wide.db')
  db.exec(`CREATE TABLE observations (id INTEGER PRIMARY KEY AUTOINCREMENT, indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
    year INTEGER NOT NULL, source TEXT NOT NULL, value REAL NOT NULL, value_text TEXT NOT NULL, unit TEXT NOT NULL, raw_value TEXT NOT NULL,
    note TEXT, status TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL, import_id INTEGER, confidence TEXT, UNIQUE (indicator, region, period, source));
    CREATE TABLE observation_revisions (id INTEGER PRIMARY KEY AUTOINCREMENT, observation_id INTEGER NOT NULL, version INTEGER NOT NULL,
    action TEXT NOT NULL, indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL, source TEXT NOT NULL, value REAL NOT NULL,
    value_text TEXT NOT NULL, unit TEXT NOT NULL, raw_value TEXT NOT NULL, note TEXT, status TEXT NOT NULL, previous_value REAL,
    changed_at TEXT NOT NULL, changed_by TEXT NOT NULL, import_id INTEGER, origin TEXT)`)
  const insert = db.prepare(`INSERT INTO observations (indicator, region, period, year, source, value, value_text, unit, raw_value, note, status,
    version, created_at, created_by, updated_at, updated_by, import_id, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'published', 1, ?, ?, ?, ?, 1, 'official')`)
  const origins: string[] = []
  const at = new Date().toISOString()
  const t0 = performance.now()
  db.exec('BEGIN IMMEDIATE')
  let row = 2
  for (const c of cells()) {
    const text = String(c.value)
    insert.run(`ind_${c.indicator}`, `R${100000 + c.region}`, String(c.year), c.year, 'bench.csv', c.value, text, '%', text, at, 'bench', at, 'bench')
    origins.push(JSON.stringify({ file: 'bench.csv', row: row++, column: 'E' }))
  }
  // As the import writer does: the revisions of created cells in one set-based statement.
  db.exec(`INSERT INTO observation_revisions (observation_id, version, action, indicator, region, period, source, value, value_text, unit,
    raw_value, note, status, previous_value, changed_at, changed_by, import_id, origin)
    SELECT id, 1, 'created', indicator, region, period, source, value, value_text, unit, raw_value, note, status, NULL, updated_at, updated_by, import_id, NULL FROM observations`)
  db.exec('CREATE INDEX observations_by_region ON observations (region, indicator, year)')
  db.exec('COMMIT')
  const seconds = (performance.now() - t0) / 1000
  db.close()
  report('today: wide row, text keys, revision per cell', seconds, join(dir, 'wide.db'))
  return seconds
}

/** The narrow layout, keyed in the order given (the file's order makes B-tree inserts appends). */
function narrow(dir: string, name: string, key: string, secondary: string | undefined): number {
  const db = open(dir, `${name}.db`)
  db.exec(`CREATE TABLE facts (indicator INTEGER NOT NULL, region INTEGER NOT NULL, period INTEGER NOT NULL, source INTEGER NOT NULL,
    value REAL NOT NULL, exact TEXT, status INTEGER NOT NULL, version INTEGER NOT NULL, import_id INTEGER NOT NULL, origin_row INTEGER,
    PRIMARY KEY (${key})) WITHOUT ROWID;
    CREATE TABLE fact_versions (indicator INTEGER NOT NULL, region INTEGER NOT NULL, period INTEGER NOT NULL, source INTEGER NOT NULL,
    version INTEGER NOT NULL, value REAL NOT NULL, exact TEXT, status INTEGER NOT NULL, import_id INTEGER, superseded_by INTEGER NOT NULL,
    PRIMARY KEY (indicator, region, period, source, version)) WITHOUT ROWID`)
  const insert = db.prepare('INSERT INTO facts VALUES (?, ?, ?, 1, ?, NULL, 3, 1, 1, ?)')
  const t0 = performance.now()
  db.exec('BEGIN IMMEDIATE')
  let row = 2
  for (const c of cells()) insert.run(c.indicator, c.region, c.year - 2010, c.value, row++)
  if (secondary) db.exec(`CREATE INDEX facts_secondary ON facts (${secondary})`)
  db.exec('COMMIT')
  const seconds = (performance.now() - t0) / 1000
  db.close()
  report(`narrow: key (${key})${secondary ? ` + index (${secondary})` : ''}`, seconds, join(dir, `${name}.db`))
  return seconds
}

function report(name: string, seconds: number, file: string): void {
  const mb = statSync(file).size / 1e6
  console.log(
    `${name.padEnd(72)} ${Math.round(rows / seconds)
      .toLocaleString('en')
      .padStart(10)} rows/s  ${seconds.toFixed(1).padStart(6)} s  ${mb.toFixed(0).padStart(5)} MB`,
  )
}

const dir = mkdtempSync(join(tmpdir(), 'urbmon-narrow-'))
try {
  console.log(`${rows.toLocaleString('en')} cells (${regions} regions × ${indicators} indicators × ${years} years), SQLite WAL, synchronous NORMAL`)
  const a = wide(dir)
  const b = narrow(dir, 'narrow-indicator', 'indicator, region, period, source', 'region, indicator, period')
  const c = narrow(dir, 'narrow-region', 'region, indicator, period, source', 'indicator, period')
  const d = narrow(dir, 'narrow-region-only', 'region, indicator, period, source', undefined)
  for (const [name, s] of [
    ['indicator-major + index', b],
    ['region-major + index', c],
    ['region-major, no second index', d],
  ] as const)
    console.log(`narrow (${name}) / today: ${(a / s).toFixed(1)}× the rows per second`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
