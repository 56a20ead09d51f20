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

/** A column left out of everything synced (Zero schema, configs, publication), and why. */
export interface ReportWithheld {
  readonly subject: string;
  readonly reason: string;
  readonly file: string;
  readonly line: number;
}

/**
 * A declaration that cannot apply to any write a client makes, so it is neither
 * translated nor a skip: a validation of a column withheld from sync (no
 * client write can set or change it; Rails enforces it where the value is
 * assigned). Listed and counted on its own, never hidden in either number.
 */
export interface ReportNotApplicable {
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

/**
 * Counts are per source declaration: a scope inherited by three STI subclasses
 * is one scope in the report (it is still emitted in each subclass's config).
 */
export class Report {
  readonly translated = new Map<ReportCategory, number>(REPORT_CATEGORIES.map((c) => [c, 0]));
  readonly skipped: ReportSkip[] = [];
  readonly warnings: ReportWarning[] = [];
  readonly withheld: ReportWithheld[] = [];
  readonly notApplicable: ReportNotApplicable[] = [];
  readonly #seen = new Set<string>();

  /** `key` identifies the declaration (`file:line:name`); repeats of a key are counted once. */
  ok(category: ReportCategory, key?: string): void {
    if (key !== undefined) {
      if (this.#seen.has(`ok\0${category}\0${key}`)) return;
      this.#seen.add(`ok\0${category}\0${key}`);
    }
    this.translated.set(category, (this.translated.get(category) ?? 0) + 1);
  }

  /**
   * `owner` groups repeats: pass the model's STI base class, so a declaration
   * inherited by STI subclasses counts once while a concern included by two
   * unrelated models counts twice (they are two associations/scopes).
   */
  skip(category: ReportCategory, subject: string, reason: string, at: {file: string; line: number}, owner?: string): void {
    const key = `skip\0${category}\0${owner ?? subject}\0${at.file}:${at.line}\0${subject.replace(/^[\w:]+\./, '')}\0${reason.replaceAll(subject.split('.')[0]!, '')}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.skipped.push({category, subject, reason, file: at.file, line: at.line});
  }

  /** Counted once per declaration (as `skip`); not in `translated` nor `skipped`. */
  notApply(category: ReportCategory, subject: string, reason: string, at: {file: string; line: number}, owner?: string): void {
    const key = `na\0${category}\0${owner ?? subject}\0${at.file}:${at.line}\0${subject.replace(/^[\w:]+\./, '')}\0${reason}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.notApplicable.push({category, subject, reason, file: at.file, line: at.line});
  }

  /** `subject` is `table.column`; listed once, in the report's "Withheld from sync" section. */
  withhold(subject: string, reason: string, at: {file: string; line: number}): void {
    if (this.#seen.has(`withhold\0${subject}`)) return;
    this.#seen.add(`withhold\0${subject}`);
    this.withheld.push({subject, reason, file: at.file, line: at.line});
  }

  warn(message: string, at: {file: string; line: number}): void {
    const key = `warn\0${at.file}:${at.line}\0${message.replace(/^[\w:]+: /, '')}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.warnings.push({message, file: at.file, line: at.line});
  }

  counts(): Record<ReportCategory, {translated: number; skipped: number; notApplicable: number}> {
    const out = {} as Record<ReportCategory, {translated: number; skipped: number; notApplicable: number}>;
    for (const c of REPORT_CATEGORIES) {
      out[c] = {
        translated: this.translated.get(c) ?? 0,
        skipped: this.skipped.filter((s) => s.category === c).length,
        notApplicable: this.notApplicable.filter((s) => s.category === c).length,
      };
    }
    return out;
  }

  /** The text the CLI prints. Skips are grouped by category and sorted by position. */
  format(options: {verbose?: boolean} = {}): string {
    const lines: string[] = [];
    const counts = this.counts();
    const width = Math.max(...REPORT_CATEGORIES.map((c) => c.length));
    for (const c of REPORT_CATEGORIES) {
      const na = counts[c].notApplicable > 0 ? `  ${String(counts[c].notApplicable).padStart(4)} not applicable` : '';
      lines.push(`  ${c.padEnd(width)}  ${String(counts[c].translated).padStart(4)} translated  ${String(counts[c].skipped).padStart(4)} skipped${na}`);
    }
    const byPosition = (a: {file: string; line: number}, b: {file: string; line: number}): number =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
    const limit = options.verbose === true ? Infinity : 40;
    const skips = [...this.skipped].sort(byPosition);
    if (skips.length > limit) {
      // Big apps: the most common reasons first, with identifiers and literals blurred.
      const reasons = new Map<string, number>();
      for (const s of skips) {
        const key = `${s.category}: ${s.reason.replace(/`[^`]*`/g, '`…`').replace(/"[^"]*"/g, '"…"').replace(/\b(of|on|class|constant|column|table) [\w:.]+/g, '$1 …')}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      lines.push('', 'Most common skip reasons:');
      for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10)) {
        lines.push(`  ${String(count).padStart(4)} × ${reason}`);
      }
    }
    if (skips.length > 0) {
      lines.push('', 'Skipped (each is a TODO(generator) line in the output):');
      for (const s of skips.slice(0, limit)) lines.push(`  ${s.file}:${s.line}  ${s.category}: ${s.subject} — ${s.reason}`);
      if (skips.length > limit) lines.push(`  … and ${skips.length - limit} more (use --verbose)`);
    }
    if (this.notApplicable.length > 0) {
      lines.push('', 'Not applicable (cannot apply to any write a client makes; counted apart from translated and skipped):');
      for (const s of [...this.notApplicable].sort(byPosition)) lines.push(`  ${s.file}:${s.line}  ${s.category}: ${s.subject} — ${s.reason}`);
    }
    if (this.withheld.length > 0) {
      lines.push('', 'Withheld from sync (not in the Zero schema, the configs or the publication; zero-cache never has them):');
      for (const w of [...this.withheld].sort((a, b) => (a.subject < b.subject ? -1 : 1))) lines.push(`  ${w.subject} — ${w.reason} (${w.file}:${w.line})`);
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
