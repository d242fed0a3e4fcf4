#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx urbmon` works from a clone with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
