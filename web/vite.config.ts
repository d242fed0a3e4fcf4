import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const outDir = join(root, 'dist')

/** Text files worth compressing; images other than SVG are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt)$/
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every text asset of the build, so the server sends them as they are
 * (@fastify/static `preCompressed`) instead of compressing on every request. A copy is kept only when smaller.
 */
function precompress(): Plugin {
  return {
    name: 'urbmon-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue
        const raw = readFileSync(file)
        if (raw.length < MIN_BYTES) continue
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        const gz = gzipSync(raw, { level: 9 })
        if (br.length < raw.length) writeFileSync(`${file}.br`, br)
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz)
      }
    },
  }
}

// base './': the built app works wherever it is mounted (/app/ today, / later); routing is by hash.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
})
