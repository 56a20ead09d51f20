import type {JSONValue, ModelConfig, ScopeValue} from '../contract/model-config.ts';
import type {SpecCondition, SpecScalar, SpecValue} from '../contract/query-spec.ts';
import {conditionForEntry, negate, simple} from './spec-conditions.ts';
import {InvalidScopeError} from '../errors/invalid-scope-error.ts';

/** The builder calls a scope needs; `Relation` implements them. */
export interface ScopeTarget<R> {
  whereConditions(conditions: readonly SpecCondition[]): R;
  order(column: string, direction: 'asc' | 'desc'): R;
  limit(n: number): R;
  kept(): R;
  discarded(): R;
  withDiscarded(): R;
}

const MAX_SCOPE_DEPTH = 16;

/** Resolves `{param: 'client_id'}` against the scope's call arguments. */
function resolve(value: ScopeValue, params: ReadonlyMap<string, JSONValue>, model: string, scope: string): JSONValue {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'param' in value && typeof value.param === 'string') {
    if (!params.has(value.param)) throw new InvalidScopeError(model, scope, 'missing_argument', `missing argument "${value.param}"`);
    return params.get(value.param) ?? null;
  }
  return value as JSONValue;
}

/**
 * Applies a scope by name to a relation: a generated `scope` (its steps:
 * where / order / limit / other scopes, with parameters), an enum scope
 * (`open` → `where(status: 'open')`), or the discard scopes. Scopes are
 * expanded here on the client, so specs only ever hold plain conditions.
 */
export function applyScope<R extends ScopeTarget<R>>(
  rel: R,
  config: ModelConfig,
  name: string,
  args: readonly JSONValue[],
  depth = 0,
): R {
  if (depth > MAX_SCOPE_DEPTH) throw new InvalidScopeError(config.name, name, 'too_deep', `scopes call each other more than ${MAX_SCOPE_DEPTH} deep`);
  const scope = Object.hasOwn(config.scopes, name) ? config.scopes[name] : undefined;
  if (scope) {
    const params = new Map(scope.params.map((p, i) => [p, args[i] ?? null] as const));
    let out = rel;
    for (const step of scope.steps) {
      switch (step.op) {
        case 'where': {
          const conditions = step.conditions.map(c => {
            const value = resolve(c.value, params, config.name, name) as SpecValue;
            if (c.operator === '=') return conditionForEntry(c.column, value);
            if (c.operator === '!=') return negate(conditionForEntry(c.column, value));
            return simple(c.column, c.operator, value as SpecScalar);
          });
          out = out.whereConditions(conditions);
          break;
        }
        case 'order':
          out = out.order(step.column, step.direction);
          break;
        case 'limit':
          out = out.limit(Number(resolve(step.value, params, config.name, name)));
          break;
        case 'scope':
          out = applyScope(out, config, step.name, step.args.map(a => resolve(a, params, config.name, name)), depth + 1);
          break;
      }
    }
    return out;
  }
  for (const e of Object.values(config.enums)) {
    for (const [railsName, methods] of Object.entries(e.methods)) {
      if (methods.scope === name) return rel.whereConditions([simple(e.column, '=', e.values[railsName] ?? null)]);
    }
  }
  if (name === 'kept') return rel.kept();
  if (name === 'discarded') return rel.discarded();
  if (name === 'with_discarded' || name === 'withDiscarded') return rel.withDiscarded();
  throw new InvalidScopeError(config.name, name, 'unknown_scope', 'no such scope; run `npm run generate` if it was added in Rails');
}

/** Every scope-like method name of a model: generated scopes and enum scopes. */
export function scopeMethodNames(config: ModelConfig): string[] {
  const names = Object.keys(config.scopes);
  for (const e of Object.values(config.enums)) for (const m of Object.values(e.methods)) names.push(m.scope);
  return names;
}
