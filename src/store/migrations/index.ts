/**
 * Schema migrations, one schema for SQLite and PostgreSQL: the only difference is how an auto-increment
 * key is spelled, decided by `dialect`.
 * @module
 */
import { sql, type Kysely, type Migration } from 'kysely'

export type DialectName = 'sqlite' | 'postgres'

function migration001(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  const real = dialect === 'postgres' ? 'double precision' : 'real'
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('plans_pk', ['id', 'version'])
        .execute()
      await db.schema
        .createTable('regions')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('parent', 'text')
        .addColumn('aliases', 'text', (c) => c.notNull())
        .addColumn('members', 'text', (c) => c.notNull())
        .addColumn('partial_members', 'text', (c) => c.notNull())
        .addColumn('grouping_kind', 'text')
        .addColumn('summary_order', 'integer')
        .execute()
      await db.schema
        .createTable('imports')
        .addColumn('id', idType, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_sha256', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('layout', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('created', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .addColumn('warnings', 'integer', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('observations')
        .addColumn('id', idType, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('value', sql.raw(real), (c) => c.notNull())
        .addColumn('value_text', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('raw_value', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
        .addUniqueConstraint('observations_cell', ['indicator', 'region', 'period', 'source'])
        .execute()
      await db.schema.createIndex('observations_by_region').on('observations').columns(['region', 'indicator', 'year']).execute()
      await db.schema.createIndex('observations_by_year').on('observations').columns(['indicator', 'year']).execute()
      await db.schema
        .createTable('observation_revisions')
        .addColumn('id', idType, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('observation_id', 'integer', (c) => c.notNull().references('observations.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('value', sql.raw(real), (c) => c.notNull())
        .addColumn('value_text', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('raw_value', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('previous_value', sql.raw(real))
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
        .addColumn('origin', 'text')
        .execute()
      await db.schema.createIndex('revisions_by_cell').on('observation_revisions').columns(['indicator', 'region', 'period']).execute()
      await db.schema.createIndex('revisions_by_observation').on('observation_revisions').columns(['observation_id', 'version']).execute()
    },
  }
}

/** Accounts, sessions, API tokens, the append-only audit log, and what the review workflow keeps on a cell. */
function migration002(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  const real = dialect === 'postgres' ? 'double precision' : 'real'
  const id = (c: import('kysely').ColumnDefinitionBuilder) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey())
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', idType, id)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('regions', 'text', (c) => c.notNull())
        .addColumn('department', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .execute()
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', idType, id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute()
      await db.schema
        .createTable('audit_log')
        .addColumn('id', idType, id)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('indicator', 'text')
        .addColumn('region', 'text')
        .addColumn('period', 'text')
        .addColumn('source', 'text')
        .addColumn('old_value', sql.raw(real))
        .addColumn('new_value', sql.raw(real))
        .addColumn('old_status', 'text')
        .addColumn('new_status', 'text')
        .addColumn('detail', 'text')
        .addColumn('origin', 'text')
        .execute()
      await db.schema.createIndex('audit_by_time').on('audit_log').columns(['at']).execute()
      await db.schema.createIndex('audit_by_cell').on('audit_log').columns(['indicator', 'region', 'period']).execute()
      // Append-only, enforced by the database itself and not only by the code that writes it.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
      } else {
        await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql`.execute(db)
        await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db)
      }
      // The published value stays visible while a revision of it is reviewed.
      await db.schema.alterTable('observations').addColumn('published_value', sql.raw(real)).execute()
      await db.schema.alterTable('observations').addColumn('published_value_text', 'text').execute()
      await db.schema.alterTable('observations').addColumn('published_at', 'text').execute()
      await db.schema.alterTable('observations').addColumn('review_comment', 'text').execute()
      await sql`UPDATE observations SET published_value = value, published_value_text = value_text, published_at = updated_at WHERE status = 'published'`.execute(db)
    },
  }
}

/** The plan's tasks as tracked work: sub-tasks, progress reports with attachments, special inspections. */
function migration003(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  const blob = dialect === 'postgres' ? 'bytea' : 'blob'
  const id = (c: import('kysely').ColumnDefinitionBuilder) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey())
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('parent_id', 'text', (c) => c.references('tasks.id'))
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('cooperating', 'text', (c) => c.notNull())
        .addColumn('regions', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('indicators', 'text', (c) => c.notNull())
        .addColumn('targets', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('drop_reason', 'text')
        .addColumn('percent', 'integer', (c) => c.notNull())
        .addColumn('last_report_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('task_reports')
        .addColumn('id', idType, id)
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('percent', 'integer', (c) => c.notNull())
        .addColumn('proposed_status', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('review_comment', 'text')
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewed_at', 'text')
        .execute()
      await db.schema
        .createTable('task_attachments')
        .addColumn('id', idType, id)
        .addColumn('report_id', 'integer', (c) => c.notNull().references('task_reports.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', sql.raw(blob), (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('inspections')
        .addColumn('id', idType, id)
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_by', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('summary', 'text')
        .execute()
      await db.schema
        .createTable('inspection_items')
        .addColumn('id', idType, id)
        .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('finding', 'text', (c) => c.notNull())
        .addColumn('required_correction', 'text', (c) => c.notNull())
        .addColumn('corrected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('corrected_at', 'text')
        .addColumn('correction_note', 'text')
        .execute()
      await db.schema.createIndex('task_reports_by_task').on('task_reports').columns(['task_id', 'submitted_at']).execute()
    },
  }
}

/**
 * Two indexes that every imported row paid for and no query needed: observations by (indicator, year) — the
 * cell index starts with the indicator — and revisions by cell, which history now reaches through the
 * observation's id. Tables are unchanged, so backups of 003 restore here (see DATA_COMPATIBLE in backup.ts).
 */
function migration004(): Migration {
  return {
    async up(db) {
      await db.schema.dropIndex('observations_by_year').execute()
      await db.schema.dropIndex('revisions_by_cell').execute()
    },
  }
}

/**
 * One revision per version of a cell: a unique (observation_id, version) replaces the plain index on the same
 * columns, so a writer that lost a race fails instead of writing a second revision of a version. A store the
 * unchecked PostgreSQL import writer wrote before this may already hold duplicates: each such cell's revisions
 * are renumbered 1…n in the order they were written (their ids), every revision kept, and the cell's version
 * set to n, its latest revision's, so the index can be built and the next write gets a fresh version.
 */
function migration005(): Migration {
  return {
    async up(db) {
      const duplicated = sql`SELECT observation_id FROM observation_revisions GROUP BY observation_id, version HAVING count(*) > 1`
      await sql`UPDATE observations SET version = (SELECT count(*) FROM observation_revisions r WHERE r.observation_id = observations.id)
        WHERE id IN (${duplicated})`.execute(db)
      await sql`UPDATE observation_revisions SET version = (
          SELECT n.rn FROM (SELECT id, row_number() OVER (PARTITION BY observation_id ORDER BY id) AS rn FROM observation_revisions) n
          WHERE n.id = observation_revisions.id)
        WHERE observation_id IN (${duplicated})`.execute(db)
      await db.schema.dropIndex('revisions_by_observation').execute()
      await db.schema.createIndex('revisions_one_per_version').unique().on('observation_revisions').columns(['observation_id', 'version']).execute()
    },
  }
}

/**
 * Sign-in attempts kept in the store, so the throttle survives a restart and is shared by every server on the
 * store; and user names unique regardless of case. A store that already holds names differing only in case
 * keeps them (the migration must not fail on data urbmon once accepted): the index is then not created, and
 * `urbmon user list` names the clashing accounts until an admin renames or disables one and runs it again.
 */
function migration006(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', idType, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('login_attempts_by_key').on('login_attempts').columns(['key', 'at']).execute()
      const clashes = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1) AS d`.execute(db)
      if (Number(clashes.rows[0]?.n ?? 0) === 0) await sql`CREATE UNIQUE INDEX users_username_ci ON users (lower(username))`.execute(db)
    },
  }
}

/**
 * Source quality: every source's grade (registry file, reviewer, an importer's word; host rules for the rest),
 * the registry's host rules, reviewers' per-series source choices, and the confidence of each figure (on the
 * observation and its revisions). Only new tables and a nullable column: backups of 003–006 restore here.
 */
function migration007(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sources')
        .addColumn('source', 'text', (c) => c.primaryKey())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('vintage', 'text')
        .addColumn('publisher', 'text')
        .addColumn('publisher_en', 'text')
        .addColumn('title', 'text')
        .addColumn('title_en', 'text')
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('graded_by', 'text', (c) => c.notNull())
        .addColumn('graded_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('source_hosts')
        .addColumn('host', 'text', (c) => c.primaryKey())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('graded_by', 'text', (c) => c.notNull())
        .addColumn('graded_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('series_sources')
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('chosen_by', 'text', (c) => c.notNull())
        .addColumn('chosen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('series_sources_pk', ['indicator', 'region'])
        .execute()
      await db.schema.alterTable('observations').addColumn('confidence', 'text').execute()
      await db.schema.alterTable('observation_revisions').addColumn('confidence', 'text').execute()
    },
  }
}

/** The reviewer's return comment kept on each revision too, so a cell's history shows why it came back. */
function migration008(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('observation_revisions').addColumn('review_comment', 'text').execute()
    },
  }
}

/**
 * Data requests (数据征集, issue 15): a provincial reviewer asks regions for indicators of one year by a due date.
 * Indicators and regions are JSON arrays of codes. Only a new table: backups of 003–008 restore here.
 */
function migration009(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('data_requests')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('indicators', 'text', (c) => c.notNull())
        .addColumn('regions', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('due', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('closed_by', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('data_requests_status').on('data_requests').columns(['status', 'due']).execute()
    },
  }
}

/**
 * A comment thread per cell (issue 15): append-only rows keyed by the cell (indicator, region, period, source), so
 * they outlive new versions of the value; `observation_version` is the version a row was written against. The
 * follow-up flag is kept here too, as rows of kind follow_up_on / follow_up_off, so its history is the thread and
 * nothing is ever updated in place; the flag of a cell is the kind of its newest flag row.
 */
function migration010(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('observation_comments')
        .addColumn('id', idType, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('observation_version', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('comments_by_cell').on('observation_comments').columns(['indicator', 'region', 'period', 'id']).execute()
    },
  }
}

/**
 * Evaluation rounds (评估轮次, issue 16): a round with its phase, deadlines and evaluators (a JSON list of
 * username and regions); self-evaluations and ratings append-only, one row per saved version (the highest is
 * current); reviews of self-evaluations; evidence files stored like task attachments. Only new tables: backups of
 * 003–010 restore here.
 */
function migration011(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  const blob = dialect === 'postgres' ? 'bytea' : 'blob'
  const real = dialect === 'postgres' ? 'double precision' : 'real'
  const id = (c: import('kysely').ColumnDefinitionBuilder) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey())
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('evaluation_rounds')
        .addColumn('id', idType, id)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('regions', 'text', (c) => c.notNull())
        .addColumn('targets', 'text')
        .addColumn('tasks', 'text')
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('self_deadline', 'text')
        .addColumn('review_deadline', 'text')
        .addColumn('consolidation_deadline', 'text')
        .addColumn('allow_late', 'integer', (c) => c.notNull())
        .addColumn('scale_min', real, (c) => c.notNull())
        .addColumn('scale_max', real, (c) => c.notNull())
        .addColumn('evaluators', 'text', (c) => c.notNull())
        .addColumn('survey', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('round_evidence')
        .addColumn('id', idType, id)
        .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', sql.raw(blob), (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('round_self_evaluations')
        .addColumn('id', idType, id)
        .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('narrative', 'text', (c) => c.notNull())
        .addColumn('citations', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('review_comment', 'text')
        .addColumn('late', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('round_self_version', ['round_id', 'region', 'kind', 'item_id', 'version'])
        .execute()
      await db.schema
        .createTable('round_reviews')
        .addColumn('id', idType, id)
        .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('self_version', 'integer', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text', (c) => c.notNull())
        .addColumn('reviewed_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('round_ratings')
        .addColumn('id', idType, id)
        .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('rating', 'text', (c) => c.notNull())
        .addColumn('score', real, (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('recommendations', 'text', (c) => c.notNull())
        .addColumn('rated_by', 'text', (c) => c.notNull())
        .addColumn('rated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('round_rating_version', ['round_id', 'region', 'kind', 'item_id', 'version'])
        .execute()
      await db.schema.createIndex('round_reviews_by_item').on('round_reviews').columns(['round_id', 'region', 'kind', 'item_id']).execute()
      await db.schema.createIndex('round_evidence_by_round').on('round_evidence').columns(['round_id']).execute()
    },
  }
}

/**
 * The public satisfaction survey (issue 16): responses (answers as JSON, the round they belong to, when they came
 * in, a fingerprint of identical answers) and the nonces of used form tokens. Nothing personal: no address, no
 * user agent. Only new tables: backups of 003–010 restore here.
 */
function migration012(dialect: DialectName): Migration {
  const idType = dialect === 'postgres' ? 'serial' : 'integer'
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('survey_responses')
        .addColumn('id', idType, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('questionnaire', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('round', 'integer')
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('survey_responses_by_region').on('survey_responses').columns(['questionnaire', 'region', 'round']).execute()
      await db.schema.createIndex('survey_responses_by_round').on('survey_responses').columns(['round']).execute()
      await db.schema
        .createTable('survey_tokens')
        .addColumn('nonce', 'text', (c) => c.primaryKey())
        .addColumn('questionnaire', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('survey_tokens_expiry').on('survey_tokens').columns(['expires_at']).execute()
    },
  }
}

export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '001_initial': migration001(dialect),
    '002_accounts_audit_workflow': migration002(dialect),
    '003_tasks': migration003(dialect),
    '004_lean_indexes': migration004(),
    '005_one_revision_per_version': migration005(),
    '006_login_attempts_usernames': migration006(dialect),
    '007_source_grades': migration007(),
    '008_observation_comments': migration008(),
    '009_data_requests': migration009(dialect),
    '010_observation_comments': migration010(dialect),
    '011_evaluation_rounds': migration011(dialect),
    '012_survey_responses': migration012(dialect),
  }
}
