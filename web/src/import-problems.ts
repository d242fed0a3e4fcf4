/**
 * An import report's findings as a person reads them: blank cells of a template (one "not available" warning per
 * row) are gathered into one line per file, sheet and column with their rows as ranges, so that the one error
 * among them is not lost in a screenful of notes. Everything else is shown as the server words it.
 */

/** What this needs of an import finding (the contract's importProblem). */
export interface Problem {
  readonly severity: 'error' | 'warning'
  readonly code: string
  readonly file?: string
  readonly sheet?: string
  readonly row?: number
  readonly column?: string
  readonly message: string
  readonly messageEn: string
}

export interface ProblemLine {
  readonly severity: Problem['severity']
  readonly rows: string
  readonly column: string
  /** The server's sentence, or for gathered blanks: null (the page words it, with `count` and `rows`). */
  readonly problem: Problem | null
  readonly count: number
  readonly file?: string
  readonly sheet?: string
}

/** Blank-cell notes gathered once there are more than this many in one column. */
const GATHER_ABOVE = 3
const BLANK = 'ingest.not_available'

/** "4, 6–14" from [4, 6, 7, …, 14]. Pure. */
export function rowRanges(rows: number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b)
  const out: string[] = []
  let start = sorted[0]
  let end = start
  const close = () => {
    if (start !== undefined && end !== undefined) out.push(start === end ? String(start) : `${start}–${end}`)
  }
  for (const n of sorted.slice(1)) {
    if (end !== undefined && n === end + 1) end = n
    else {
      close()
      start = end = n
    }
  }
  close()
  return out.join(', ')
}

/** Errors first, then warnings; blank-cell warnings gathered per file, sheet and column. Pure. */
export function problemLines<P extends Problem>(problems: ReadonlyArray<P>): ProblemLine[] {
  const blanks = new Map<string, P[]>()
  for (const p of problems) {
    if (p.code !== BLANK || p.row === undefined) continue
    const k = `${p.file ?? ''}\u0000${p.sheet ?? ''}\u0000${p.column ?? ''}`
    blanks.set(k, [...(blanks.get(k) ?? []), p])
  }
  const gathered = new Set([...blanks.values()].filter((g) => g.length > GATHER_ABOVE).flat())
  const single = (p: P): ProblemLine => ({ severity: p.severity, rows: p.row === undefined ? '—' : String(p.row), column: p.column ?? '—', problem: p, count: 1 })
  const lines = problems.filter((p) => !gathered.has(p)).map(single)
  for (const g of blanks.values()) {
    if (g.length <= GATHER_ABOVE) continue
    const first = g[0]
    if (!first) continue
    lines.push({
      severity: first.severity,
      rows: rowRanges(g.flatMap((p) => (p.row === undefined ? [] : [p.row]))),
      column: first.column ?? '—',
      problem: null,
      count: g.length,
      ...(first.file !== undefined ? { file: first.file } : {}),
      ...(first.sheet !== undefined ? { sheet: first.sheet } : {}),
    })
  }
  const rank = (l: ProblemLine) => (l.severity === 'error' ? 0 : 1)
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank(a.l) - rank(b.l) || a.i - b.i)
    .map(({ l }) => l)
}
