/** One printed line of a benchmark. */
export interface BenchRow {
  readonly name: string;
  readonly value: string;
}

/** Nearest-rank percentile of `samples` (0–100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function printRows(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n## ${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) console.log(`  ${row.name.padEnd(width)}  ${row.value}`);
}
