import type {AssociationConfig, ModelConfig} from './model-config.ts';
import type {OrderTerm} from './query-spec.ts';

/**
 * The order an association's rows are read in: its own scope's order
 * (`has_many :tasks, -> { order(:position) }`), else the target's list order
 * when the target is an ordered list of this parent (`acts_as_list scope:
 * :job`), else none (the primary key, as ZQL always ends with it).
 */
export function associationOrder(association: AssociationConfig, target: ModelConfig | undefined): readonly OrderTerm[] {
  if (association.order !== undefined && association.order.length > 0) return association.order;
  const list = target?.list;
  if (list !== undefined && association.kind !== 'belongs_to' && list.scope.includes(association.foreignKey)) return [[list.column, 'asc']];
  return [];
}
