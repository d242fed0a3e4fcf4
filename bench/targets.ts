/**
 * Pass/fail targets of the benchmark suite, in one place. They are the project's proposed service levels on a
 * 2-core machine, not measurements: change them here (with the reason) when the project decides otherwise.
 * Rates rather than durations where possible, so one target holds at every data size.
 * @module
 */
export const TARGETS = {
  /** Import with full validation: ≥ 300,000 rows/s (the bar), and within 3× of DuckDB's read_csv. */
  importRowsPerSec: 300_000,
  importMaxTimesDuckDB: 3,
  /** Import into PostgreSQL with full validation (the COPY path): ≥ 150,000 rows/s at national size (issue 17). */
  pgImportRowsPerSec: 150_000,
  /** Full recompute in < 10 s (the bar for the national data, ~10 M cells) and within 5× of DuckDB's SQL. */
  recomputeMs: 10_000,
  recomputeMaxTimesDuckDB: 5,
  /** 1,000 Monte Carlo draws over 330 × 30 in ≤ 10 s: an evaluation a user waits for, not a batch job. */
  mcMs: 10_000,
  /** Cached status reads under load: p99 ≤ 50 ms at 200 concurrent clients (the bar; 50 clients likewise). */
  apiP99Ms: { 50: 50, 200: 50 } as Record<number, number>,
  /** The endpoint the p99 bar applies to; observation queries are measured and reported beside it. */
  apiP99Endpoint: '/api/status',
  /** The dashboard: JS + CSS, gzip, all chunks; and first load until the overview's cards are visible. */
  webGzipKB: 800,
  webFirstLoadMs: 2_500,
  /** `urbmon --help` answers in ≤ 300 ms (Node itself takes ~50-100 ms of it): each command loads its modules when it runs. */
  cliHelpMs: 300,
  /** Peak resident memory of any one step (process), national size included. */
  peakMB: 2_048,
} as const
