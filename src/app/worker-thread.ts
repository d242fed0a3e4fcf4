/**
 * Starts one of this folder's worker modules. From the sources (tests, tsx) the worker is TypeScript and needs
 * tsx's loader; from dist/ it is plain JavaScript.
 * @module
 */
import { Worker, type WorkerOptions } from 'node:worker_threads'

/** `name`: the module's file name without extension, e.g. `parse-worker`. */
export function startAppWorker(name: string, options: WorkerOptions): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const url = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, import.meta.url)
  if (!fromSource) return new Worker(url, options)
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(boot, { ...options, eval: true })
}
