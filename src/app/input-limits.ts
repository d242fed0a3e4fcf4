/**
 * The input limits as configured: the defaults (src/ingest/limits.ts), then the environment (URBMON_MAX_*), then
 * `--limit name=value` on the command line. A value that is not a positive integer is a usage error naming it.
 * @module
 */
import { AppError } from '../core/errors.js'
import { DEFAULT_INPUT_LIMITS, inputLimitsFrom, type InputLimits, type LimitName } from '../ingest/limits.js'

export function configuredLimits(env: Readonly<Record<string, string | undefined>>, flags: ReadonlyArray<string> = []): InputLimits {
  const overrides: Partial<Record<LimitName, number>> = {}
  for (const flag of flags) {
    const [name = '', raw = ''] = flag.split('=', 2)
    const n = Number(raw)
    if (!(name in DEFAULT_INPUT_LIMITS) || !Number.isSafeInteger(n) || n <= 0) throw new AppError('cli.usage', { option: '--limit', value: flag })
    overrides[name as LimitName] = n
  }
  const limits = inputLimitsFrom(env, overrides)
  if ('bad' in limits) throw new AppError('cli.usage', { option: limits.bad, value: limits.value })
  return limits
}
