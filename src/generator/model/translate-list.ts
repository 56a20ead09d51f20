import type {ListConfig} from '../../contract/model-config.ts';
import type {Report} from '../report.ts';
import {callArguments, type RubyValue} from '../ruby/ruby-value.ts';
import type {ModelIR} from './model-ir.ts';
import type {AssociationIR} from './translate-associations.ts';

/**
 * Whether a model is an ordered list within a parent, and how:
 * - `acts_as_list column: :position, scope: :job, top_of_list: 1` (the
 *   acts_as_list gem: a scope symbol without `_id` names the association);
 * - `positioned on: :job, column: :position` (the positioned gem);
 * - by convention, an integer `position` column on a model that belongs to
 *   exactly one parent.
 * Anything it cannot read literally is left unordered, with a warning.
 */
export function translateList(model: ModelIR, associations: readonly AssociationIR[], report: Report): ListConfig | undefined {
  const columns = new Map(model.table.columns.map((c) => [c.name, c]));
  const belongsTo = associations.filter((a) => a.config.kind === 'belongs_to' && a.config.polymorphic !== true);
  const foreignKeyOf = (name: string): string | null => {
    if (columns.has(name)) return name;
    const association = belongsTo.find((a) => a.config.name === name);
    if (association !== undefined) return association.config.foreignKey;
    return columns.has(`${name}_id`) ? `${name}_id` : null;
  };
  const names = (value: RubyValue | undefined): string[] | null => {
    if (value === undefined) return [];
    if (value.kind === 'symbol' || value.kind === 'string') return [value.value];
    if (value.kind === 'array' && value.items.every((i) => i.kind === 'symbol' || i.kind === 'string')) {
      return value.items.map((i) => (i as {value: string}).value);
    }
    return null;
  };
  for (const macro of model.macros) {
    if (macro.name !== 'acts_as_list' && macro.name !== 'positioned') continue;
    const at = {file: macro.source.file, line: macro.line};
    const options = callArguments(macro.call).options;
    const columnOption = options.get('column');
    const column = columnOption?.kind === 'symbol' || columnOption?.kind === 'string' ? columnOption.value : 'position';
    const scopeNames = names(options.get(macro.name === 'positioned' ? 'on' : 'scope'));
    const scope = scopeNames?.map(foreignKeyOf);
    const topOption = options.get('top_of_list');
    const top = topOption?.kind === 'integer' ? topOption.value : 1;
    if (!columns.has(column) || scope === undefined || scope.some((s) => s === null)) {
      report.warn(`${model.className}: ${macro.name} with options this generator cannot read; the list is not ordered on the client`, at);
      return undefined;
    }
    return {column, scope: scope as string[], top};
  }
  const position = columns.get('position');
  if (position !== undefined && position.type === 'integer' && belongsTo.length === 1) {
    return {column: 'position', scope: [belongsTo[0]!.config.foreignKey], top: 1};
  }
  return undefined;
}
