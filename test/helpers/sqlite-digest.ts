/**
 * A digest of a whole SQLite store: every table's row count and a SHA-256 of its rows in rowid order, and of the
 * schema. Two stores with equal digests hold the same data, row for row.
 * @module
 */
import { createHash } from 'node:crypto'

import Database from 'better-sqlite3'

/** Every table's rows (and the schema), hashed: equal digests, equal stores. */
export function sqliteDigest(file: string): Record<string, { rows: number; sha256: string }> {
  const db = new Database(file, { readonly: true })
  try {
    const out: Record<string, { rows: number; sha256: string }> = {}
    const schema = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name").all()
    out['(schema)'] = { rows: schema.length, sha256: createHash('sha256').update(JSON.stringify(schema)).digest('hex') }
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string; sql: string }>
    for (const { name, sql } of tables) {
      const order = /WITHOUT ROWID/i.test(sql) ? '1' : 'rowid'
      const hash = createHash('sha256')
      let rows = 0
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).raw().iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)))
        hash.update('\n')
        rows++
      }
      out[name] = { rows, sha256: hash.digest('hex') }
    }
    return out
  } finally {
    db.close()
  }
}
