#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx urbmon` works from a clone with no build step.
import { register } from 'tsx/esm/api'

register()
// `urbmon query | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
