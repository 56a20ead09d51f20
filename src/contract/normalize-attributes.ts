import type {ModelConfig, NormalizationConfig} from './model-config.ts';

/** ActiveSupport's `squish`: whitespace runs (Unicode included) become one space, ends trimmed. */
function squish(s: string): string {
  return s.replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ').replace(/^ | $/g, '');
}

/** Ruby's `strip`: ASCII whitespace and NUL at both ends (not Unicode spaces, unlike JS's `trim`). */
const strip = (s: string): string => s.replace(/^[\t\n\v\f\r \0]+|[\t\n\v\f\r \0]+$/g, '');

function step(value: unknown, name: NormalizationConfig['steps'][number]): unknown {
  if (name === 'to_s') return value === null || value === undefined ? '' : String(value);
  if (name === 'presence') return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
  // Ruby would raise on nil (NoMethodError) in a step that is not `&.`: the generator only
  // emits steps for `&.` chains or with `apply_to_nil` off, where nil never gets here.
  if (typeof value !== 'string') return value;
  switch (name) {
    case 'strip':
      return strip(value);
    case 'lstrip':
      return value.replace(/^[\t\n\v\f\r \0]+/, '');
    case 'rstrip':
      return value.replace(/[\t\n\v\f\r \0]+$/, '');
    case 'downcase':
      return value.toLowerCase();
    case 'upcase':
      return value.toUpperCase();
    case 'squish':
      return squish(value);
  }
}

/**
 * Rails `normalizes`: the model's normalizations applied to the attributes
 * being assigned (a new object; others untouched), before validation — on the
 * device when a record is created or changed, and on the server for every
 * write it applies, so both validate and store the same value.
 *
 * @example
 * // Rails: normalizes :email, with: ->(e) { e.strip.downcase }
 * normalizeAttributes(userConfig, {email: ' A@B.C '}) // {email: 'a@b.c'}
 */
export function normalizeAttributes<T extends Readonly<Record<string, unknown>>>(config: ModelConfig, attrs: T): T {
  const rules = config.normalizes;
  if (rules === undefined) return attrs;
  let out: Record<string, unknown> | undefined;
  for (const [attribute, rule] of Object.entries(rules)) {
    if (!Object.hasOwn(attrs, attribute)) continue;
    let value: unknown = attrs[attribute];
    if ((value === null || value === undefined) && rule.applyToNil !== true) continue;
    for (const s of rule.steps) value = step(value, s);
    (out ??= {...attrs})[attribute] = value;
  }
  return (out ?? attrs) as T;
}
