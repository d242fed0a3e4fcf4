/**
 * `npm run build`: compiles src/ (tests aside) to dist/, one JavaScript file per TypeScript file, with source maps.
 * esbuild only strips the types (the sources are written for isolatedModules and verbatimModuleSyntax), so the
 * build takes well under a second; `npm run typecheck` is the type check. dist/ mirrors src/, so the paths a
 * module reads relative to itself (plans/, data/, frameworks/, web/dist) resolve the same from either.
 */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SRC = join(ROOT, 'src')
export const DIST = join(ROOT, 'dist')
/** Written last: its presence says the build finished (bin/urbmon.js and the tests' set-up look for it). */
export const BUILD_STAMP = join(DIST, '.build-stamp')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

export async function buildDist(): Promise<number> {
  const entryPoints = sources(SRC)
  rmSync(DIST, { recursive: true, force: true })
  await build({ entryPoints, outdir: DIST, outbase: SRC, format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' })
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`)
  return entryPoints.length
}

/** Builds when dist/ is missing or older than a source file; says whether it did. */
export async function ensureBuilt(): Promise<boolean> {
  let built = 0
  try {
    built = statSync(BUILD_STAMP).mtimeMs
  } catch {
    // not built yet
  }
  if (built >= Math.max(...sources(SRC).map((f) => statSync(f).mtimeMs))) return false
  await buildDist()
  return true
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const n = await buildDist()
  console.log(`built ${n} files into ${relative(process.cwd(), DIST) || DIST} in ${Math.round(performance.now() - started)} ms`)
}
