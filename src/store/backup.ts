/**
 * Backup and restore as JSON lines, the same on SQLite and PostgreSQL, so a province can move its data from the
 * embedded file to a server (or back). A header line names the format and the schema; then one line per row,
 * `{"t":table,"r":row}`, table by table in an order that satisfies the foreign keys.
 * @module
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'

import { AppError, type ErrorParams } from '../core/errors.js'
import type { Database } from './db-types.js'
import { migrations, type DialectName } from './migrations/index.js'
import type { Store } from './open-store.js'

export const BACKUP_FORMAT = 'urbmon-backup'
export const BACKUP_VERSION = 1

/** Parents before children. Sessions are left out: a restored store starts with everyone logged out. */
export const BACKUP_TABLES = [
  'meta',
  'plans',
  'regions',
  'imports',
  'observations',
  'observation_revisions',
  'users',
  'api_tokens',
  'audit_log',
  'tasks',
  'task_reports',
  'task_attachments',
  'inspections',
  'inspection_items',
  'sources',
  'source_hosts',
  'series_sources',
  'data_requests',
  'observation_comments',
  'evaluation_rounds',
  'round_evidence',
  'round_self_evaluations',
  'round_reviews',
  'round_ratings',
  'survey_responses',
  'survey_tokens',
] as const satisfies ReadonlyArray<keyof Database>

export type BackupTable = (typeof BACKUP_TABLES)[number]

/** Every table restore requires to be empty: what a backup holds, and the sessions it leaves out. */
const ALL_TABLES = [...BACKUP_TABLES, 'sessions'] as const satisfies ReadonlyArray<keyof Database>

const PRIMARY_KEY: Readonly<Record<BackupTable, ReadonlyArray<string>>> = {
  meta: ['key'],
  plans: ['id', 'version'],
  regions: ['code'],
  imports: ['id'],
  observations: ['id'],
  observation_revisions: ['id'],
  users: ['id'],
  api_tokens: ['id'],
  audit_log: ['id'],
  // A sub-task's id extends its parent's (3.1.1 < 3.1.1/320100), so id order puts parents first.
  tasks: ['id'],
  task_reports: ['id'],
  task_attachments: ['id'],
  inspections: ['id'],
  inspection_items: ['id'],
  sources: ['source'],
  source_hosts: ['host'],
  series_sources: ['indicator', 'region'],
  data_requests: ['id'],
  observation_comments: ['id'],
  evaluation_rounds: ['id'],
  round_evidence: ['id'],
  round_self_evaluations: ['id'],
  round_reviews: ['id'],
  round_ratings: ['id'],
  survey_responses: ['id'],
  survey_tokens: ['nonce'],
}

/** Tables whose `id` comes from a sequence on PostgreSQL (`serial`). */
const SERIAL_TABLES: ReadonlyArray<BackupTable> = [
  'imports',
  'observations',
  'observation_revisions',
  'users',
  'api_tokens',
  'audit_log',
  'task_reports',
  'task_attachments',
  'inspections',
  'inspection_items',
  'data_requests',
  'observation_comments',
  'evaluation_rounds',
  'round_evidence',
  'round_self_evaluations',
  'round_reviews',
  'round_ratings',
  'survey_responses',
]

const PAGE = 1000
const INSERT_BATCH = 100

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT
  readonly version: typeof BACKUP_VERSION
  /** The latest migration the store had: a backup restores only into the same schema. */
  readonly schema: string
  readonly dialect: DialectName
  readonly tables: ReadonlyArray<BackupTable>
  /** Rows per table, so a truncated file is noticed instead of restored in part. */
  readonly rows: Readonly<Record<BackupTable, number>>
}

export interface BackupSummary {
  readonly rows: Readonly<Record<BackupTable, number>>
  readonly total: number
}

type Row = Record<string, string | number | null>

/** Schemas whose tables are the same as a later one's (the later migration changed only indexes). */
const DATA_COMPATIBLE: Readonly<Record<string, ReadonlyArray<string>>> = {
  '004_lean_indexes': ['003_tasks'],
  // 005 made (observation, version) unique in revisions: an older backup restores unless it holds duplicates.
  '005_one_revision_per_version': ['004_lean_indexes', '003_tasks'],
  // 006 adds login_attempts (throttle state, like sessions not backed up) and a case-insensitive index on users.
  '006_login_attempts_usernames': ['005_one_revision_per_version', '004_lean_indexes', '003_tasks'],
  // 007 adds the source grades, host rules and series choices (an older backup has none: every source unrated)
  // and a nullable confidence on observations and revisions.
  '007_source_grades': ['006_login_attempts_usernames', '005_one_revision_per_version', '004_lean_indexes', '003_tasks'],
  // 008 adds a nullable review_comment on revisions (an older backup's revisions have none).
  '008_observation_comments': ['007_source_grades', '006_login_attempts_usernames', '005_one_revision_per_version', '004_lean_indexes', '003_tasks'],
  // 009 adds the data requests (an older backup has none).
  '009_data_requests': ['008_observation_comments', '007_source_grades', '006_login_attempts_usernames', '005_one_revision_per_version', '004_lean_indexes', '003_tasks'],
  // 010 adds the comment threads (an older backup has none).
  '010_observation_comments': [
    '009_data_requests',
    '008_observation_comments',
    '007_source_grades',
    '006_login_attempts_usernames',
    '005_one_revision_per_version',
    '004_lean_indexes',
    '003_tasks',
  ],
  // 011 adds the evaluation rounds (an older backup has none).
  '011_evaluation_rounds': [
    '010_observation_comments',
    '009_data_requests',
    '008_observation_comments',
    '007_source_grades',
    '006_login_attempts_usernames',
    '005_one_revision_per_version',
    '004_lean_indexes',
    '003_tasks',
  ],
  // 012 adds the survey responses and used form tokens (an older backup has none).
  '012_survey_responses': [
    '011_evaluation_rounds',
    '010_observation_comments',
    '009_data_requests',
    '008_observation_comments',
    '007_source_grades',
    '006_login_attempts_usernames',
    '005_one_revision_per_version',
    '004_lean_indexes',
    '003_tasks',
  ],
}

/** The name of the newest migration, which every opened store has run. */
export function latestMigration(dialect: DialectName): string {
  const names = Object.keys(migrations(dialect)).sort()
  const last = names[names.length - 1]
  if (last === undefined) throw new Error('no migrations') // impossible: the migrations ship with the code
  return last
}

/**
 * Writes a consistent snapshot of the store: one transaction (on PostgreSQL `REPEATABLE READ, READ ONLY`), so an
 * import running meanwhile is either wholly in the backup or not at all.
 */
export async function backupStore(store: Store, write: (line: string) => void): Promise<BackupSummary> {
  const snapshot = async (trx: Transaction<Database>): Promise<BackupSummary> => {
    const rows = await countRows(trx, BACKUP_TABLES)
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      schema: latestMigration(store.dialect),
      dialect: store.dialect,
      tables: BACKUP_TABLES,
      rows,
    }
    write(JSON.stringify(header))
    for (const table of BACKUP_TABLES) {
      const order = sql.join(PRIMARY_KEY[table].map((c) => sql.ref(c)))
      for (let offset = 0; offset < rows[table]; offset += PAGE) {
        const page = await sql<Row>`select * from ${sql.table(table)} order by ${order} limit ${PAGE} offset ${offset}`.execute(trx)
        for (const r of page.rows) write(JSON.stringify({ t: table, r: encodeBytes(r) }))
      }
    }
    return { rows, total: BACKUP_TABLES.reduce((n, t) => n + rows[t], 0) }
  }
  if (store.dialect === 'postgres') return store.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(snapshot)
  return store.db.transaction().execute(snapshot)
}

/**
 * Restores a backup into an empty store, in one transaction, keeping every id; on PostgreSQL the sequences are
 * then moved past the restored ids. Refuses a store that holds anything, and a file that is not a complete
 * backup of the same schema; either way nothing is written.
 */
export async function restoreStore(store: Store, lines: Iterable<string> | AsyncIterable<string>): Promise<BackupSummary> {
  const columns = await tableColumns(store)
  return store.db.transaction().execute(async (trx) => {
    if (store.dialect === 'postgres') {
      // No other writer may slip in between the emptiness check and the last insert.
      await sql`lock table ${sql.join(ALL_TABLES.map((t) => sql.table(t)))} in exclusive mode`.execute(trx)
    }
    const present = await countRows(trx, ALL_TABLES)
    const nonEmpty = ALL_TABLES.filter((t) => present[t] > 0)
    if (nonEmpty.length > 0) throw notEmpty(store, nonEmpty.map((t) => `${t} ${present[t]}`).join(', '))

    const expectedSchema = latestMigration(store.dialect)
    const restored = Object.fromEntries(BACKUP_TABLES.map((t) => [t, 0])) as Record<BackupTable, number>
    let header: BackupHeader | undefined
    let lineNo = 0
    let batch: { table: BackupTable; keys: string; rows: Row[] } | undefined
    const flush = async () => {
      if (batch && batch.rows.length > 0) await insertRows(trx, batch.table, batch.rows)
      batch = undefined
    }
    for await (const line of lines) {
      lineNo++
      if (line.trim() === '') continue
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch {
        throw invalid({ line: lineNo, reason: 'not_json' })
      }
      if (header === undefined) {
        header = parseHeader(parsed, lineNo, expectedSchema)
        continue
      }
      const { table, row } = parseRow(parsed, lineNo, header, columns, store.dialect === 'postgres')
      const keys = Object.keys(row).join('\u0000')
      if (batch && (batch.table !== table || batch.keys !== keys || batch.rows.length >= INSERT_BATCH)) await flush()
      batch ??= { table, keys, rows: [] }
      batch.rows.push(row)
      restored[table]++
    }
    await flush()
    if (header === undefined) throw invalid({ line: lineNo, reason: 'no_header' })
    for (const t of BACKUP_TABLES) {
      const expected = header.rows[t]
      if (restored[t] !== expected) throw invalid({ line: lineNo, reason: 'truncated', table: t, rows: restored[t], expected })
    }
    if (store.dialect === 'postgres') {
      for (const t of SERIAL_TABLES) {
        // is_called = false: the next id handed out is exactly max(id) + 1.
        await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(trx)
      }
    }
    return { rows: restored, total: BACKUP_TABLES.reduce((n, t) => n + restored[t], 0) }
  })
}

async function countRows<T extends keyof Database>(db: Kysely<Database>, tables: ReadonlyArray<T>): Promise<Record<T, number>> {
  const out = {} as Record<T, number>
  for (const t of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db)
    out[t] = Number(rows[0]?.n ?? 0)
  }
  return out
}

async function insertRows(trx: Transaction<Database>, table: BackupTable, rows: ReadonlyArray<Row>): Promise<void> {
  const first = rows[0]
  if (!first) return
  const keys = Object.keys(first)
  const values: RawBuilder<unknown>[] = rows.map((r) => sql`(${sql.join(keys.map((k) => r[k] ?? null))})`)
  await sql`insert into ${sql.table(table)} (${sql.join(keys.map((k) => sql.ref(k)))}) values ${sql.join(values)}`.execute(trx)
}

type ColumnKind = 'integer' | 'number' | 'string' | 'bytes'

/** Binary columns (attachments) travel as base64 text. */
function encodeBytes(r: Row): Row {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(r) as Array<[string, unknown]>) out[k] = v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v
  return out as Row
}
interface ColumnInfo {
  readonly kind: ColumnKind
  readonly nullable: boolean
}
type Columns = ReadonlyMap<string, ReadonlyMap<string, ColumnInfo>>

/** The destination's own columns: a row is checked against them before it is inserted. */
async function tableColumns(store: Store): Promise<Columns> {
  const out = new Map<string, Map<string, ColumnInfo>>()
  for (const table of BACKUP_TABLES) {
    const cols = new Map<string, ColumnInfo>()
    if (store.dialect === 'postgres') {
      const { rows } = await sql<{ name: string; type: string; nullable: string }>`
        select column_name as name, data_type as type, is_nullable as nullable
        from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(store.db)
      for (const c of rows) cols.set(c.name, { kind: columnKind(c.type), nullable: c.nullable === 'YES' })
    } else {
      const { rows } = await sql<{ name: string; type: string; not_null: number; pk: number }>`
        select name, type, "notnull" as not_null, pk from pragma_table_info(${table})`.execute(store.db)
      for (const c of rows) cols.set(c.name, { kind: columnKind(c.type), nullable: c.not_null === 0 && c.pk === 0 })
    }
    out.set(table, cols)
  }
  return out
}

function columnKind(type: string): ColumnKind {
  const t = type.toLowerCase()
  if (/blob|bytea/.test(t)) return 'bytes'
  if (/int|serial/.test(t)) return 'integer'
  if (/real|double|float|numeric|decimal/.test(t)) return 'number'
  return 'string'
}

function parseHeader(value: unknown, lineNo: number, expectedSchema: string): BackupHeader {
  if (!isObject(value) || value.format !== BACKUP_FORMAT) throw invalid({ line: lineNo, reason: 'not_header' })
  if (value.version !== BACKUP_VERSION) throw invalid({ line: lineNo, reason: 'version', version: String(value.version), expected: BACKUP_VERSION })
  if (value.schema !== expectedSchema && !DATA_COMPATIBLE[expectedSchema]?.includes(String(value.schema))) {
    throw invalid({ line: lineNo, reason: 'schema', schema: String(value.schema), expected: expectedSchema })
  }
  if (value.dialect !== 'sqlite' && value.dialect !== 'postgres') throw invalid({ line: lineNo, reason: 'dialect', dialect: String(value.dialect) })
  const tables = value.tables
  if (!Array.isArray(tables) || !tables.every((t): t is BackupTable => (BACKUP_TABLES as ReadonlyArray<unknown>).includes(t))) {
    throw invalid({ line: lineNo, reason: 'unknown_tables' })
  }
  const rows = value.rows
  if (!isObject(rows) || !tables.every((t) => Number.isInteger(rows[t]) && (rows[t] as number) >= 0)) throw invalid({ line: lineNo, reason: 'no_counts' })
  const counts = Object.fromEntries(BACKUP_TABLES.map((t) => [t, tables.includes(t) ? (rows[t] as number) : 0])) as Record<BackupTable, number>
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, schema: expectedSchema, dialect: value.dialect, tables, rows: counts }
}

/**
 * A row of the backup, checked against the destination's columns. PostgreSQL keeps no NUL (U+0000) in text, which
 * SQLite accepts (old revisions may hold one): such a row is refused by name — table, id, column — before any
 * insert, rather than altered (a backup restores history as it was) or left to fail as a driver error.
 */
function parseRow(value: unknown, lineNo: number, header: BackupHeader, columns: Columns, refuseNul: boolean): { table: BackupTable; row: Row } {
  if (!isObject(value) || typeof value.t !== 'string' || !isObject(value.r)) throw invalid({ line: lineNo, reason: 'not_row' })
  const table = value.t
  if (!header.tables.some((t) => t === table)) throw invalid({ line: lineNo, reason: 'table_not_in_header', table })
  const cols = columns.get(table)
  if (!cols) throw invalid({ line: lineNo, reason: 'unknown_table', table })
  const row: Row = {}
  const given = value.r
  for (const [name, v] of Object.entries(given)) {
    const col = cols.get(name)
    if (!col) throw invalid({ line: lineNo, reason: 'unknown_column', table, column: name })
    if (v === null) {
      if (!col.nullable) throw invalid({ line: lineNo, reason: 'null', table, column: name })
    } else if (col.kind === 'bytes') {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw invalid({ line: lineNo, reason: 'base64', table, column: name })
      row[name] = Buffer.from(v, 'base64') as unknown as string
      continue
    } else if (col.kind === 'string' ? typeof v !== 'string' : typeof v !== 'number' || !Number.isFinite(v) || (col.kind === 'integer' && !Number.isInteger(v))) {
      throw invalid({
        line: lineNo,
        reason: 'type',
        table,
        column: name,
        kind: col.kind === 'string' ? 'text' : col.kind === 'integer' ? 'integer' : 'number',
        value: JSON.stringify(v),
      })
    } else if (refuseNul && typeof v === 'string' && v.includes('\u0000')) {
      const id = PRIMARY_KEY[table as BackupTable].map((k) => String(given[k] as string | number)).join('/')
      throw invalid({ line: lineNo, reason: 'nul', table, column: name, id })
    }
    row[name] = v as string | number | null
  }
  return { table: table as BackupTable, row }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// Both refusals are input the user can fix (exit code 1), with bilingual messages from the catalogs.
function invalid(params: ErrorParams<'backup.invalid'>): AppError {
  return new AppError('backup.invalid', params)
}

function notEmpty(store: Store, tables: string): AppError {
  return new AppError('backup.not_empty', { db: store.location, tables })
}
