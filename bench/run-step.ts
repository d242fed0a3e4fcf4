/**
 * urbmon commands in this process, measured: `node --import tsx bench/run-step.ts <urbmon argv…> [++ <argv…>]…` runs
 * `main(argv)` for each command in turn (stopping at the first that fails) and prints, as its last line,
 * {"code", "ms", "maxRssMB", "cpuMs", "result", "steps"} for the last command run — result being the command's JSON
 * output when it printed JSON (summarised for import reports, which can be large); steps has code and ms of each.
 * Several commands share one process because loading urbmon's modules costs seconds of CPU per process (init, then
 * import: the import's peak memory dwarfs init's). Standard input is read once and given to every command.
 * @module
 */
import { main } from '../src/cli/main.js'
import { processIO } from '../src/cli/io.js'

const commands: string[][] = []
let command: string[] = []
commands.push(command)
for (const a of process.argv.slice(2)) {
  if (a === '++') commands.push((command = []))
  else command.push(a)
}
let out: string[] = []
const base = processIO()
let stdin: Promise<string> | undefined
const io = {
  ...base,
  out: (t: string) => void out.push(t),
  err: (t: string) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  readStdin: () => (stdin ??= base.readStdin ? base.readStdin() : Promise.resolve('')),
}

function summarise(text: string): unknown {
  if (!text.trimStart().startsWith('{') && !text.trimStart().startsWith('[')) return text.length > 2000 ? `${text.slice(0, 2000)}…` : text
  try {
    const v = JSON.parse(text) as unknown
    if (v && typeof v === 'object' && 'files' in v && Array.isArray(v.files)) {
      const r = v as { ok: boolean; files: Array<{ observations: number; errors: unknown[]; warnings: unknown[]; written?: unknown }> }
      return {
        ok: r.ok,
        files: r.files.map((f) => ({ observations: f.observations, errors: f.errors.length, firstErrors: f.errors.slice(0, 3), warnings: f.warnings.length, written: f.written })),
      }
    }
    if (Array.isArray(v)) return { items: v.length }
    return v
  } catch {
    return text.slice(0, 2000)
  }
}

const steps: Array<{ argv: string[]; code: number; ms: number }> = []
let code = 0
let ms = 0
let cpuMs = 0
for (const argv of commands) {
  out = []
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  try {
    code = await main(argv, io)
  } catch (e) {
    process.stderr.write(`run-step: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    code = 99
  }
  ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  cpuMs = (cpu.user + cpu.system) / 1000
  steps.push({ argv: argv.filter((a) => !a.includes('://')), code, ms: Math.round(ms) })
  if (code !== 0) break
}
const result = summarise(out.join('\n'))
// maxRSS is in kilobytes on Linux.
process.stdout.write(`\n${JSON.stringify({ code, ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), cpuMs: Math.round(cpuMs), result, steps })}\n`)
// Some commands leave handles (pools, timers); the measurement is done.
process.exit(0)
