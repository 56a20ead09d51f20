import {Inflections, Inflector} from '../naming/inflector.ts';
import type {InflectionCallIR} from '../parse/parse-inflections.ts';
import type {Report} from '../report.ts';
import type {RubyValue} from '../ruby/ruby-value.ts';
import {rubyRegexpToJs} from './ruby-regexp.ts';

/** Ruby replacement text (`'\1en'`) → JS (`'$1en'`). */
function jsReplacement(ruby: string): string {
  return ruby.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
}

function words(values: readonly RubyValue[]): string[] | null {
  const out: string[] = [];
  for (const v of values) {
    if (v.kind === 'string' || v.kind === 'symbol') out.push(v.value);
    else if (v.kind === 'array') {
      const inner = words(v.items);
      if (inner === null) return null;
      out.push(...inner);
    } else return null;
  }
  return out;
}

/**
 * ActiveSupport's English inflections plus the app's own rules, in file order.
 * A rule the generator cannot apply faithfully (a computed argument, a Ruby
 * regexp with no JS equivalent) is reported, never guessed.
 */
export function appInflector(calls: readonly InflectionCallIR[], report: Report): Inflector {
  const inflections = Inflections.english();
  for (const call of calls) {
    const at = {file: call.file, line: call.line};
    const unsupported = (why: string): void => report.warn(`inflections: inflect.${call.method} ${why}; the rule is not applied`, at);
    switch (call.method) {
      case 'acronym':
      case 'uncountable': {
        const list = words(call.args);
        if (list === null) unsupported('with a computed argument');
        else if (call.method === 'acronym') for (const w of list) inflections.acronym(w);
        else inflections.uncountable(...list);
        break;
      }
      case 'irregular': {
        const list = words(call.args);
        if (list?.length !== 2) unsupported('without two literal words');
        else inflections.irregular(list[0]!, list[1]!);
        break;
      }
      case 'plural':
      case 'singular': {
        const [rule, replacement] = call.args;
        if (replacement === undefined || (replacement.kind !== 'string' && replacement.kind !== 'symbol')) {
          unsupported('with a computed replacement');
          break;
        }
        let pattern: RegExp | string;
        if (rule?.kind === 'string' || rule?.kind === 'symbol') pattern = rule.value;
        else if (rule?.kind === 'regexp') {
          const js = rubyRegexpToJs(rule.source, rule.flags);
          if ('reason' in js) {
            unsupported(`with /${rule.source}/: ${js.reason}`);
            break;
          }
          pattern = new RegExp(js.source, js.flags);
        } else {
          unsupported('with a computed rule');
          break;
        }
        if (call.method === 'plural') inflections.plural(pattern, jsReplacement(replacement.value));
        else inflections.singular(pattern, jsReplacement(replacement.value));
        break;
      }
      case 'human':
        break; // display names only
      default:
        unsupported('is not understood');
    }
  }
  return new Inflector(inflections);
}
