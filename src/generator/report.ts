/**
 * What the generator did, for the human running it: per category, how many
 * items were translated and which were skipped, each skip with its reason and
 * source position. Skips are never silent: each also becomes a TODO line in
 * the output where there is a natural place for it.
 */
export type ReportCategory = 'tables' | 'models' | 'associations' | 'scopes' | 'enums' | 'validations';

export const REPORT_CATEGORIES: readonly ReportCategory[] = ['tables', 'models', 'associations', 'scopes', 'enums', 'validations'];

export interface ReportSkip {
  readonly category: ReportCategory;
  readonly subject: string;
  readonly reason: string;
  readonly file: string;
  readonly line: number;
}

export interface ReportWarning {
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

export class Report {
  readonly translated = new Map<ReportCategory, number>(REPORT_CATEGORIES.map((c) => [c, 0]));
  readonly skipped: ReportSkip[] = [];
  readonly warnings: ReportWarning[] = [];

  ok(category: ReportCategory, count = 1): void {
    this.translated.set(category, (this.translated.get(category) ?? 0) + count);
  }

  skip(category: ReportCategory, subject: string, reason: string, at: {file: string; line: number}): void {
    this.skipped.push({category, subject, reason, file: at.file, line: at.line});
  }

  warn(message: string, at: {file: string; line: number}): void {
    this.warnings.push({message, file: at.file, line: at.line});
  }

  counts(): Record<ReportCategory, {translated: number; skipped: number}> {
    const out = {} as Record<ReportCategory, {translated: number; skipped: number}>;
    for (const c of REPORT_CATEGORIES) {
      out[c] = {translated: this.translated.get(c) ?? 0, skipped: this.skipped.filter((s) => s.category === c).length};
    }
    return out;
  }

  /** The text the CLI prints. Skips are grouped by category and sorted by position. */
  format(options: {verbose?: boolean} = {}): string {
    const lines: string[] = [];
    const counts = this.counts();
    const width = Math.max(...REPORT_CATEGORIES.map((c) => c.length));
    for (const c of REPORT_CATEGORIES) {
      lines.push(`  ${c.padEnd(width)}  ${String(counts[c].translated).padStart(4)} translated  ${String(counts[c].skipped).padStart(4)} skipped`);
    }
    const byPosition = (a: {file: string; line: number}, b: {file: string; line: number}): number =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
    const limit = options.verbose === true ? Infinity : 40;
    const skips = [...this.skipped].sort(byPosition);
    if (skips.length > 0) {
      lines.push('', 'Skipped (each is a TODO(generator) line in the output):');
      for (const s of skips.slice(0, limit)) lines.push(`  ${s.file}:${s.line}  ${s.category}: ${s.subject} — ${s.reason}`);
      if (skips.length > limit) lines.push(`  … and ${skips.length - limit} more (use --verbose)`);
    }
    const warnings = [...this.warnings].sort(byPosition);
    if (warnings.length > 0) {
      lines.push('', 'Warnings:');
      for (const w of warnings.slice(0, limit)) lines.push(`  ${w.file}:${w.line}  ${w.message}`);
      if (warnings.length > limit) lines.push(`  … and ${warnings.length - limit} more (use --verbose)`);
    }
    return lines.join('\n');
  }
}
