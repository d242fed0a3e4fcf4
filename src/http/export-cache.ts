/**
 * Anonymous exports kept per data version: the public downloads the same files over and over, and between two
 * changes of the data each is the same bytes. A body is kept while it is being streamed to its first reader, up
 * to `maxEntryBytes` (larger ones are streamed every time, never held); the whole cache holds at most
 * `maxTotalBytes`, the oldest entry going first. An entry is kept only if the data version did not move while it
 * was read, so a write during an export never leaves a mixed body behind.
 * @module
 */
import { createHash } from 'node:crypto'

export interface ExportCacheOptions {
  readonly maxEntryBytes: number
  readonly maxTotalBytes: number
}

export const DEFAULT_EXPORT_CACHE: ExportCacheOptions = { maxEntryBytes: 16 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 }

interface Entry {
  readonly version: string
  readonly body: Buffer
}

export class ExportCache {
  readonly #entries = new Map<string, Entry>()
  readonly #options: ExportCacheOptions
  #total = 0

  constructor(options: ExportCacheOptions = DEFAULT_EXPORT_CACHE) {
    this.#options = options
  }

  /** A strong validator of a body: the same key at the same data version is the same bytes. */
  static etag(key: string, version: string): string {
    return `"${createHash('sha256').update(`${version}\u0000${key}`).digest('base64url').slice(0, 27)}"`
  }

  get(key: string, version: string): Buffer | undefined {
    const e = this.#entries.get(key)
    return e && e.version === version ? e.body : undefined
  }

  /** Collects a body as it streams; `keep` stores it (only if it stayed under the entry limit). */
  collector(key: string, version: string): { add(chunk: Buffer | string): void; keep(): void } {
    let parts: Buffer[] | undefined = []
    let size = 0
    return {
      add: (chunk) => {
        if (!parts) return
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        size += b.length
        if (size > this.#options.maxEntryBytes) parts = undefined
        else parts.push(b)
      },
      keep: () => {
        if (parts) this.#put(key, { version, body: Buffer.concat(parts) })
      },
    }
  }

  #put(key: string, entry: Entry): void {
    const old = this.#entries.get(key)
    if (old) {
      this.#total -= old.body.length
      this.#entries.delete(key)
    }
    this.#entries.set(key, entry)
    this.#total += entry.body.length
    while (this.#total > this.#options.maxTotalBytes && this.#entries.size > 0) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, Entry]
      this.#entries.delete(oldestKey)
      this.#total -= oldest.body.length
    }
  }
}
