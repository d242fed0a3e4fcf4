/** backup and restore: the whole store as JSON lines, to move it between SQLite and PostgreSQL or keep a copy. */
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { createInterface } from 'node:readline'

import type { Command } from 'commander'

import { AppError, causeCode } from '../../core/errors.js'
import type { BackupSummary } from '../../store/backup.js'
import type { CliIO } from '../io.js'
import { run } from '../run.js'

function describeRows(summary: BackupSummary, zh: boolean): string {
  const { observations, observation_revisions: revisions, imports } = summary.rows
  return zh
    ? `${summary.total} 行（观测值 ${observations}，修订 ${revisions}，导入 ${imports}）`
    : `${summary.total} rows (${observations} observations, ${revisions} revisions, ${imports} imports)`
}

async function* fileLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' })
  try {
    yield* createInterface({ input, crlfDelay: Infinity })
  } catch (e) {
    throw new AppError('file.unreadable', { file, reason: causeCode(e, 'corrupt') }, { cause: e })
  } finally {
    input.destroy()
  }
}

export function registerBackup(program: Command, io: CliIO, exit: { code: number }): void {
  program
    .command('backup')
    .description('备份整个数据库（一致快照，JSON Lines）· write a consistent snapshot of the store as JSON lines')
    .requiredOption('--out <file>', 'backup file to write')
    .action((opts: { out: string }, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        const [{ openStore }, { backupStore }] = await Promise.all([import('../../app/context.js'), import('../../store/backup.js')])
        const store = await openStore(g.target, false)
        // Written beside the target and renamed at the end: a failed backup never leaves a file that looks whole.
        const partial = `${opts.out}.partial-${process.pid}`
        let summary: BackupSummary
        try {
          const fd = openSync(partial, 'w')
          try {
            summary = await backupStore(store, (line) => void writeSync(fd, `${line}\n`))
            fsyncSync(fd)
          } finally {
            closeSync(fd)
          }
          renameSync(partial, opts.out)
        } catch (e) {
          rmSync(partial, { force: true })
          throw e
        } finally {
          await store.close()
        }
        io.out(
          g.lang === 'zh'
            ? `已备份 ${store.location} 到 ${opts.out}：${describeRows(summary, true)}`
            : `Backed up ${store.location} to ${opts.out}: ${describeRows(summary, false)}`,
        )
        return 0
      }),
    )

  program
    .command('restore')
    .description('把备份恢复到一个空数据库 · restore a backup into an empty store (SQLite or PostgreSQL)')
    .argument('<file>', 'backup file written by urbmon backup')
    .action((file: string, _opts: unknown, cmd: Command) =>
      run(io, exit, cmd, async (g) => {
        if (!existsSync(file)) throw new AppError('file.not_found', { file })
        const newFile = g.target.kind === 'sqlite' && !existsSync(g.target.file) ? g.target.file : undefined
        const [{ openStore }, { restoreStore }] = await Promise.all([import('../../app/context.js'), import('../../store/backup.js')])
        // A copy beside the file belongs to the data that were there; the restored ones may share its store id.
        if (g.target.kind === 'sqlite') for (const view of ['current', 'published']) rmSync(`${g.target.file}.columns-${view}`, { force: true })
        const store = await openStore(g.target, true)
        let summary: BackupSummary
        try {
          summary = await restoreStore(store, fileLines(file))
        } catch (e) {
          await store.close()
          // A refused restore leaves no empty store file of its own making behind.
          if (newFile) for (const f of [newFile, `${newFile}-wal`, `${newFile}-shm`]) rmSync(f, { force: true })
          throw e
        }
        await store.close()
        // The analytical copy is written from the restored rows (a copy left beside the file was dropped first).
        if (g.target.kind === 'sqlite') {
          const [{ openContext }, { refreshColumnCopies }] = await Promise.all([import('../../app/context.js'), import('../../app/column-snapshot.js')])
          const ctx = await openContext(g.target).catch(() => undefined)
          if (ctx)
            await refreshColumnCopies(ctx)
              .catch(() => undefined)
              .finally(() => ctx.close())
        }
        io.out(
          g.lang === 'zh' ? `已从 ${file} 恢复到 ${store.location}：${describeRows(summary, true)}` : `Restored ${file} into ${store.location}: ${describeRows(summary, false)}`,
        )
        return 0
      }),
    )
}
