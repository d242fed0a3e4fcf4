/**
 * Runs one step in a child process of its own, so that its peak memory is its own and a hung or runaway step can be
 * stopped: a timeout kills the child's process group and the row is reported as failed, never the suite.
 * @module
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url))
export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface ChildResult {
  readonly code: number | null
  readonly timedOut: boolean
  readonly ms: number
  /** Peak resident memory: the child's own report when it gives one, else VmHWM polled from /proc. */
  readonly peakMB: number | undefined
  /** The last line of standard output that parses as a JSON object (steps print their result so). */
  readonly json: Record<string, unknown> | undefined
  /** The last 20,000 characters of standard error. */
  readonly stderrTail: string
}

function vmHwmMB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

export interface ChildOptions {
  readonly timeoutMs: number
  readonly env?: NodeJS.ProcessEnv
  readonly stdin?: string
  readonly cwd?: string
  /** Echo the child's standard error (progress) to ours, prefixed. */
  readonly echo?: string
}

export function runChild(cmd: string, args: ReadonlyArray<string>, opts: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    const started = performance.now()
    // detached: its own process group, so a timeout can kill whatever it started as well.
    const child = spawn(cmd, [...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    let stdout = ''
    let stderr = ''
    let peak: number | undefined
    let timedOut = false
    const poll = setInterval(() => {
      const v = child.pid ? vmHwmMB(child.pid) : undefined
      if (v !== undefined) peak = Math.max(peak ?? 0, v)
    }, 50)
    const timer = setTimeout(() => {
      timedOut = true
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, opts.timeoutMs)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8')
      // Only the tail matters (the result line); keep memory bounded for chatty steps.
      if (stdout.length > 4_000_000) stdout = stdout.slice(-1_000_000)
    })
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString('utf8')
      stderr = (stderr + text).slice(-20_000)
      if (opts.echo) process.stderr.write(text.replace(/^(?=.)/gm, opts.echo))
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(opts.stdin ?? '')
    child.on('close', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      let json: Record<string, unknown> | undefined
      for (const line of stdout.trim().split('\n').reverse()) {
        if (!line.startsWith('{')) continue
        try {
          json = JSON.parse(line) as Record<string, unknown>
          break
        } catch {
          // not the result line
        }
      }
      const reported = typeof json?.maxRssMB === 'number' ? json.maxRssMB : undefined
      resolve({ code, timedOut, ms: performance.now() - started, peakMB: reported ?? peak, json, stderrTail: stderr })
    })
  })
}

/** `node --import tsx bench/<script>`: a TypeScript step in a fresh Node process. */
export function runTsStep(script: string, args: ReadonlyArray<string>, opts: ChildOptions): Promise<ChildResult> {
  return runChild(process.execPath, ['--import', 'tsx', `${BENCH_DIR}${script}`, ...args], opts)
}
