/**
 * vitest global set-up: the tests that run `bin/urbmon.js` as a child process run the compiled CLI, so dist/ is
 * rebuilt first when it is missing or older than a source file (on a fresh clone `npm install` has built it already).
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { BUILD_STAMP, buildDist } from '../scripts/build.js'

const SRC = join(import.meta.dirname, '..', 'src')

function newestSource(dir: string): number {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name)
    if (e.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

export default async function setup(): Promise<void> {
  let built = 0
  try {
    built = statSync(BUILD_STAMP).mtimeMs
  } catch {
    // no build yet
  }
  if (built < newestSource(SRC)) await buildDist()
}
