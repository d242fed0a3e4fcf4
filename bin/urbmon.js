#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; `npm install` builds it through the `prepare` script).
import { existsSync } from 'node:fs'

const main = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(new URL('../dist/.build-stamp', import.meta.url)) || !existsSync(main)) {
  process.stderr.write('urbmon: the compiled CLI (dist/) is missing; run `npm run build` in the urbmon folder first.\n')
  process.exit(1)
}
// `urbmon query | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})
const cli = await import(main.href)
process.exitCode = await cli.main(process.argv.slice(2))
