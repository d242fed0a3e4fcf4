/**
 * `node --import tsx test/helpers/source-cli.ts <urbmon argv…>`: the CLI run from the sources in a process of its
 * own, for tests that kill it (the in-process `cli` helper cannot be killed apart from the test).
 * @module
 */
import { main } from '../../src/cli/main.js'

process.exitCode = await main(process.argv.slice(2))
