import type {ColumnIR, Located, SchemaIR, TableIR} from '../ir.ts';
import type {Report} from '../report.ts';
import {callArguments, nameOf} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import type {ResolvedModels} from './resolve-models.ts';
import type {ValidationIR} from './translate-validations.ts';

/** The model constant listing more columns that must never reach a browser: `ZERO_PRIVATE = %w[email]`. */
export const PRIVATE_COLUMNS_CONSTANT = 'ZERO_PRIVATE';

/**
 * Column names that hold credentials or secrets in Rails apps: Devise
 * (`encrypted_password`, `reset_password_*`, `*_token`, and the bookkeeping of
 * its rememberable / confirmable / lockable / trackable modules),
 * `has_secure_password` (`*_digest`), devise-two-factor / ROTP (`otp_*`),
 * attr_encrypted (`encrypted_*`), Lockbox (`*_ciphertext`), API keys and
 * secrets. Matched on the whole name, case-insensitively.
 */
const SECRET_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^encrypted_password$/i, 'Devise password hash'],
  [/^reset_password_/i, 'Devise recoverable'],
  [/_digest$/i, 'has_secure_password / digest'],
  [/(^|_)token$/i, 'token (Devise, has_secure_token, API)'],
  [/^otp_/i, 'one-time-password secret'],
  [/^consumed_timestep$/i, 'devise-two-factor'],
  [/^encrypted_/i, 'attr_encrypted ciphertext'],
  [/_ciphertext$/i, 'Lockbox ciphertext'],
  [/(^|_)secret$/i, 'secret'],
  [/(^|_)api_key$/i, 'API key'],
  [/^(password|password_hash|password_salt|salt)$/i, 'password material'],
  [/^remember_(created_at|token)$/i, 'Devise rememberable'],
  [/^(confirmation_sent_at|unconfirmed_email)$/i, 'Devise confirmable'],
  [/^(failed_attempts|unlock_token|locked_at)$/i, 'Devise lockable'],
  [/^(sign_in_count|(current|last)_sign_in_(at|ip))$/i, 'Devise trackable'],
];

/** Why a column is withheld from sync, with where that was decided. */
export interface WithheldReason extends Located {
  readonly reason: string;
}

/**
 * Marks every column that must never be synced — so it is left out of the
 * Zero schema, the model configs and row types, and the PostgreSQL
 * publication zero-cache replicates (zero-cache never holds it):
 * - secret-looking names (SECRET_NAMES), on every table;
 * - `encrypts :a, :b` (Rails 7 encrypted attributes: the client would get ciphertext);
 * - `has_secure_password :x` → `x_digest`, `has_secure_token :t` → `t` (default `token`);
 * - the model's `ZERO_PRIVATE` constant (`%w[email phone]`), for anything else
 *   the app keeps off devices.
 * Returns the schema and models with those columns marked `withheld`, and
 * lists each in the report.
 */
export function withholdColumns(schema: SchemaIR, resolved: ResolvedModels, report: Report): {schema: SchemaIR; resolved: ResolvedModels} {
  const withheld = new Map<string, Map<string, WithheldReason>>();
  const mark = (table: TableIR, column: string, reason: string, at: Located): void => {
    let columns = withheld.get(table.name);
    if (columns === undefined) withheld.set(table.name, (columns = new Map()));
    if (!columns.has(column)) columns.set(column, {reason, file: at.file, line: at.line});
  };
  for (const table of schema.tables) {
    for (const column of table.columns) {
      const match = SECRET_NAMES.find(([pattern]) => pattern.test(column.name));
      if (match !== undefined) mark(table, column.name, `credential or secret by its name (${match[1]})`, column);
    }
  }
  for (const model of resolved.models) {
    for (const [column, reason, at] of modelDeclaredColumns(model, report)) {
      if (model.table.columns.some((c) => c.name === column)) mark(model.table, column, reason, at);
      else report.warn(`${model.className}: ${reason} names ${column}, which ${model.table.name} has no column for`, at);
    }
  }
  if (withheld.size === 0) return {schema, resolved};

  const tables = new Map<TableIR, TableIR>();
  for (const table of schema.tables) {
    const columns = withheld.get(table.name);
    if (columns === undefined) continue;
    tables.set(table, {
      ...table,
      columns: table.columns.map((c): ColumnIR => {
        const why = columns.get(c.name);
        return why === undefined ? c : {...c, withheld: why.reason};
      }),
    });
    for (const [column, why] of [...columns].sort(([a], [b]) => (a < b ? -1 : 1))) {
      report.withhold(`${table.name}.${column}`, why.reason, why);
    }
  }
  const models = new Map<ModelIR, ModelIR>();
  const remap = (model: ModelIR): ModelIR => {
    let out = models.get(model);
    if (out === undefined) {
      const table = tables.get(model.table);
      out = table === undefined ? model : {...model, table};
      models.set(model, out);
    }
    return out;
  };
  return {
    schema: {...schema, tables: schema.tables.map((t) => tables.get(t) ?? t)},
    resolved: {
      ...resolved,
      models: resolved.models.map(remap),
      byClass: new Map([...resolved.byClass].map(([name, model]) => [name, remap(model)])),
    },
  };
}

/** Columns a model itself declares private: encrypts, has_secure_password/token, ZERO_PRIVATE. */
function modelDeclaredColumns(model: ModelIR, report: Report): [column: string, reason: string, at: Located][] {
  const out: [string, string, Located][] = [];
  for (const macro of model.macros) {
    const at = {file: macro.source.file, line: macro.line};
    const names = callArguments(macro.call)
      .positional.map(nameOf)
      .filter((n): n is string => n !== null);
    if (macro.name === 'encrypts') {
      // Rails stores the ciphertext in the attribute's own column, Lockbox in `<name>_ciphertext`.
      const columns = new Set(model.table.columns.map((c) => c.name));
      for (const name of names) {
        const lockbox = `${name}_ciphertext`;
        out.push(!columns.has(name) && columns.has(lockbox) ? [lockbox, 'Lockbox `encrypts` attribute', at] : [name, 'Rails `encrypts` attribute', at]);
      }
    }
    if (macro.name === 'has_secure_password') out.push([`${names[0] ?? 'password'}_digest`, 'has_secure_password digest', at]);
    if (macro.name === 'has_secure_token') out.push([names[0] ?? 'token', 'has_secure_token', at]);
  }
  const listed = model.constants.get(PRIVATE_COLUMNS_CONSTANT);
  if (listed !== undefined) {
    const at = {file: model.definition.file, line: model.definition.line};
    const names = listed.kind === 'array' ? listed.items.map(nameOf) : [];
    if (listed.kind !== 'array' || names.some((n) => n === null)) {
      report.warn(`${model.className}::${PRIVATE_COLUMNS_CONSTANT} must be a literal list of column names (%w[...] or %i[...])`, at);
    }
    for (const name of names) if (name !== null) out.push([name, PRIVATE_COLUMNS_CONSTANT, at]);
  }
  return out;
}

/**
 * Validations of withheld columns cannot run on a device that never sees the
 * column, and no client write can set or change such a column: they are
 * dropped from the config (Rails enforces them where the value is assigned)
 * and reported in their own "not applicable" bucket — neither translated nor
 * skipped — and not named in the output (the column is never named to clients).
 */
export function dropWithheldValidations(model: ModelIR, validations: readonly ValidationIR[], report: Report): ValidationIR[] {
  const withheld = new Set(model.table.columns.filter((c) => c.withheld !== undefined).map((c) => c.name));
  if (withheld.size === 0) return [...validations];
  return validations.map((v) => {
    if (!('config' in v.result) || !withheld.has(v.result.config.attribute)) return v;
    const subject = `${model.className}.${v.result.config.attribute} ${v.result.config.kind}`;
    const reason = 'column withheld from sync: no client write sets or changes it (Rails enforces it where the value is assigned)';
    const before = report.notApplicable.length;
    report.notApply('validations', subject, reason, v, model.baseClassName);
    // It was counted as translated when it was read; it is not (once per declaration, as notApply dedups).
    if (report.notApplicable.length > before) report.translated.set('validations', Math.max(0, (report.translated.get('validations') ?? 0) - 1));
    return {...v, result: {notApplicable: reason, subject}};
  });
}
