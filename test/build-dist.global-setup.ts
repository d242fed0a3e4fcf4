/**
 * vitest global set-up: the tests that run `bin/urbmon.js` as a child process run the compiled CLI, so dist/ is
 * rebuilt first when it is missing or older than a source file (on a fresh clone `npm install` has built it already).
 */
import { ensureBuilt } from '../scripts/build.js'

export default async function setup(): Promise<void> {
  await ensureBuilt()
}
