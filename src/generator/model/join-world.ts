import type {Inflector} from '../naming/inflector.ts';
import * as P from '@ruby/prism/src/nodes.js';
import {callArguments, nameOf, statementsOf} from '../ruby/ruby-value.ts';
import {aasmScopes} from './aasm-scopes.ts';
import type {ModelIR} from './model-ir.ts';
import type {ScopeConditionTree} from '../../contract/model-config.ts';
import {JoinUntranslatable, type JoinAssociation, type JoinModel, type JoinWorld} from './scope-joins.ts';
import type {AssociationIR, ExistsOnly} from './translate-associations.ts';
import {translateAssociationScope} from './translate-scopes.ts';
import type {EnumIR} from './translate-enums.ts';

/**
 * The app's models as scope joins see them: each model's associations (with
 * whether an EXISTS over them exists in Zero), columns, enums, STI type and
 * default scope. Built once, after associations and enums are translated.
 */
export function joinWorld(
  models: readonly ModelIR[],
  associations: ReadonlyMap<ModelIR, readonly AssociationIR[]>,
  enums: ReadonlyMap<ModelIR, readonly EnumIR[]>,
  inflector: Inflector,
): JoinWorld {
  const byClass = new Map(models.map((m) => [m.className, m] as const));
  // An STI subclass that others inherit from: Rails' join tests `type IN (it and its subclasses)`.
  const parents = new Set<string>();
  for (const m of models) {
    const superclass = m.definition.superclass?.replace(/^::/, '');
    if (superclass !== undefined && superclass !== null) {
      for (const other of models) if (other !== m && (other.className === superclass || other.className.endsWith(`::${superclass}`))) parents.add(other.className);
    }
  }
  const cache = new Map<string, JoinModel>();
  /** An EXISTS-only association's ON conditions: `<as>_type = 'Owner'` and its scope's, translated once. */
  const impliedConditions = (existsOnly: ExistsOnly, targetClass: string | undefined, self: JoinWorld): NonNullable<JoinAssociation['implied']> => {
    let memo: ReturnType<NonNullable<JoinAssociation['implied']>> | JoinUntranslatable | undefined;
    return () => {
      if (memo === undefined) {
        try {
          const where: ScopeConditionTree[] = existsOnly.type === undefined ? [] : [{column: existsOnly.type.column, operator: '=', value: existsOnly.type.value}];
          const target = targetClass === undefined ? undefined : byClass.get(targetClass);
          if (existsOnly.scope === undefined) memo = {where, scopes: []};
          else if (target === undefined) throw new JoinUntranslatable('its target is not a model with a table');
          else {
            const scoped = translateAssociationScope(target, enums.get(target) ?? [], self, existsOnly.scope);
            memo = {where: [...where, ...scoped.where], scopes: scoped.scopes};
          }
        } catch (error) {
          if (!(error instanceof JoinUntranslatable)) throw error;
          memo = error;
        }
      }
      if (memo instanceof JoinUntranslatable) throw new JoinUntranslatable(memo.message);
      return memo;
    };
  };
  const world: JoinWorld = {
    singularize: (w) => inflector.singularize(w),
    model(className) {
      const cached = cache.get(className);
      if (cached !== undefined) return cached;
      const m = byClass.get(className);
      if (m === undefined) return undefined;
      const assocs = new Map<string, JoinAssociation>();
      const belongsTo = new Map<string, {foreignKey: string; primaryKey: string; polymorphic: boolean}>();
      for (const a of associations.get(m) ?? []) {
        const c = a.config;
        if (c.kind === 'belongs_to') belongsTo.set(c.name, {foreignKey: c.foreignKey, primaryKey: c.primaryKey, polymorphic: c.polymorphic === true});
        const unavailable =
          'skip' in a.zero
            ? `no Zero relationship (${a.zero.skip})`
            : c.kind === 'has_and_belongs_to_many'
              ? 'has_and_belongs_to_many joins are not translated'
              : null;
        const existsOnly = 'skip' in a.zero ? undefined : a.zero.existsOnly;
        const many = 'skip' in a.zero ? c.kind === 'has_many' : a.zero.cardinality === 'many' || existsOnly?.picksAmongMany === true;
        const direct =
          c.through === undefined && c.polymorphic !== true && c.as === undefined && existsOnly === undefined && (c.kind === 'belongs_to' || c.kind === 'has_many' || c.kind === 'has_one');
        const keys = !direct ? null : c.kind === 'belongs_to' ? {own: c.foreignKey, other: c.primaryKey} : {own: c.primaryKey, other: c.foreignKey};
        const implied = existsOnly === undefined ? null : impliedConditions(existsOnly, c.model, world);
        assocs.set(c.name, {name: c.name, many, unavailable, targetClass: c.model, keys, implied});
      }
      const stiChild = m.sti !== null && m.baseClassName !== m.className;
      const model: JoinModel = {
        className: m.className,
        table: m.table.name,
        primaryKey: m.primaryKey,
        columns: new Set(m.table.columns.map((c) => c.name)),
        enumByColumn: new Map((enums.get(m) ?? []).map((e) => [e.config.column, e] as const)),
        associations: assocs,
        belongsTo,
        stiCondition: stiChild ? m.sti : null,
        unjoinable: stiChild && parents.has(m.className) ? `${m.className} is an STI class with subclasses (Rails tests type IN all of them)` : null,
        hasDefaultScope: m.macros.some((macro) => macro.name === 'default_scope' && !orderOnly(macro.call)),
        builtinScopes: aasmScopes(m),
        scopeNames: new Set(m.macros.filter((macro) => macro.name === 'scope').map((macro) => nameOf(callArguments(macro.call).positional[0]) ?? '')),
      };
      cache.set(className, model);
      return model;
    },
  };
  return world;
}

/**
 * `default_scope { order(name: :asc) }`: Rails adds a target's default_scope to a join of it,
 * but an order there sorts nothing an EXISTS (or an IN subquery) returns, so only a default
 * scope with anything but `order` calls keeps a join of the model refused.
 */
function orderOnly(call: P.CallNode): boolean {
  const args = callArguments(call);
  const body = args.positional[0]?.kind === 'lambda' ? args.positional[0].node : args.block === null ? null : call;
  const block = body instanceof P.LambdaNode ? body.body : body instanceof P.CallNode && body.block instanceof P.BlockNode ? body.block.body : null;
  const statements = statementsOf(block);
  if (statements.length !== 1) return false;
  let node: P.Node | null = statements[0]!;
  let calls = 0;
  while (node instanceof P.CallNode) {
    if (node.name !== 'order' || node.block !== null) return false;
    calls++;
    node = node.receiver;
  }
  return calls > 0 && node === null;
}
