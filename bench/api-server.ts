/**
 * The urbmon HTTP server alone in its process, for the load test: the old bench ran autocannon and the server in
 * one event loop, so at 200 clients the load generator's own work showed up in the server's p99.
 * `node --import tsx bench/api-server.ts --db FILE | --database-url URL` (schema from URBMON_DATABASE_SCHEMA);
 * forked with an IPC channel: sends {address} when listening; answers 'usage' with its CPU time and peak memory;
 * closes on 'stop'.
 * @module
 */
import { openContext } from '../src/app/context.js'
import { storeTarget } from '../src/app/paths.js'
import { buildServer } from '../src/http/server.js'

const argv = process.argv.slice(2)
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const db = flag('--db')
const databaseUrl = flag('--database-url')
const target = storeTarget({ ...(db ? { db } : {}), ...(databaseUrl ? { databaseUrl } : {}) }, process.env)

const ctx = await openContext(target)
const app = await buildServer({ ctx })
const address = await app.listen({ port: 0, host: '127.0.0.1' })

const usage = () => {
  const c = process.cpuUsage()
  return { cpuMs: (c.user + c.system) / 1000, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }
}
process.on('message', (m: unknown) => {
  if (m === 'usage') process.send?.({ usage: usage() })
  if (m === 'stop') {
    app.server.closeAllConnections()
    void app
      .close()
      .then(() => ctx.close())
      .then(() => process.exit(0))
  }
})
process.send?.({ address })
