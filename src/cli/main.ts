/**
 * The `urbmon` command line. `main(argv)` returns the exit code: 0 done, 1 rejected input, 2 wrong command line.
 * @module
 */
import { Command, CommanderError } from 'commander'

import { registerBackup } from './commands/backup.js'
import { registerData } from './commands/data.js'
import { registerEvaluate } from './commands/evaluate.js'
import { registerImport } from './commands/import.js'
import { registerReport } from './commands/report.js'
import { registerExplain, registerForecast, registerMonitor, registerRecompute } from './commands/monitor.js'
import { registerSetup } from './commands/setup.js'
import { registerSources } from './commands/sources.js'
import { registerStart } from './commands/start.js'
import { registerSurvey } from './commands/survey.js'
import { registerTasks } from './commands/tasks.js'
import { registerRound } from './commands/round.js'
import { registerRoundReport } from './commands/round-report.js'
import { registerTemplate } from './commands/template.js'
import { registerUsers } from './commands/users.js'
import { processIO, type CliIO } from './io.js'

export async function main(argv: ReadonlyArray<string>, io: CliIO = processIO()): Promise<number> {
  const exit = { code: 0 }
  const program = new Command('urbmon')
    .description('新型城镇化规划监测评估系统 · Urbanization Plan Monitor')
    .option('--db <file>', 'database file (default: $URBMON_DB or ./data/urbmon.db)')
    .option('--database-url <url>', 'PostgreSQL instead of the embedded file (default: $URBMON_DATABASE_URL)')
    .option('--lang <lang>', 'zh | en', 'zh')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError()
  registerSetup(program, io, exit)
  registerImport(program, io, exit)
  registerData(program, io, exit)
  registerSources(program, io, exit)
  registerBackup(program, io, exit)
  registerMonitor(program, io, exit)
  registerForecast(program, io, exit)
  registerExplain(program, io, exit)
  registerRecompute(program, io, exit)
  registerEvaluate(program, io, exit)
  registerReport(program, io, exit)
  registerUsers(program, io, exit)
  registerTasks(program, io, exit)
  registerRound(program, io, exit)
  registerRoundReport(program, io, exit, async (ctx) => new (await import('../app/rounds.js')).RoundService(ctx))
  registerTemplate(program, io, exit)
  registerSurvey(program, io, exit)
  registerStart(program, io, exit)
  for (const cmd of program.commands) {
    cmd.exitOverride()
    for (const sub of cmd.commands) sub.exitOverride()
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
      return 2
    }
    throw e
  }
  return exit.code
}
