import * as P from '@ruby/prism/src/nodes.js';
import type {CalendarUnit, RelativeTime, RelativeTimeStep} from '../../contract/model-config.ts';
import type {RubyValue} from '../ruby/ruby-value.ts';

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000, fortnight: 1_209_600_000,
};
const UNIT_MONTHS: Readonly<Record<string, number>> = {month: 1, year: 12};
const DAY = UNIT_MS['day']!;

type Offset = {ms: number; months: number};

/** Literal constants of the model (`CONNECTION_TTL = 1.minute`, `TRANSITION_AGE = 14`), by name. */
export type ConstantLookup = (name: string) => RubyValue | undefined;

const noConstants: ConstantLookup = () => undefined;

function constantName(node: P.Node | null): string | null {
  if (node instanceof P.ConstantReadNode) return node.name;
  if (node instanceof P.ConstantPathNode && node.parent === null) return node.name;
  return null;
}

/** `14` or `TRANSITION_AGE` (a literal Integer/Float constant of the class). */
function count(node: P.Node | null, constants: ConstantLookup): number | null {
  if (node instanceof P.IntegerNode) return Number(node.value);
  if (node instanceof P.FloatNode) return node.value;
  const name = constantName(node);
  if (name === null) return null;
  const value = constants(name);
  if (value?.kind === 'integer') return Number(value.value);
  if (value?.kind === 'float') return value.value;
  return null;
}

/** `3.days`, `1.5.hours`, `2.months`, `TTL.minutes`, or a constant holding one (`CONNECTION_TTL = 1.minute`) → an offset. */
function duration(node: P.Node | null, constants: ConstantLookup, seen = new Set<string>()): Offset | null {
  const name = constantName(node);
  if (name !== null) {
    const value = constants(name);
    if (value?.kind !== 'other' || seen.has(name)) return null;
    seen.add(name);
    return duration(value.node, constants, seen);
  }
  if (node instanceof P.ParenthesesNode && node.body instanceof P.StatementsNode && node.body.body.length === 1) return duration(node.body.body[0]!, constants, seen);
  if (!(node instanceof P.CallNode) || node.arguments_ !== null || node.block !== null) return null;
  const unit = node.name.replace(/s$/, '');
  const n = count(node.receiver, constants);
  if (n === null) return null;
  if (UNIT_MS[unit] !== undefined) return {ms: n * UNIT_MS[unit], months: 0};
  if (UNIT_MONTHS[unit] !== undefined && Number.isInteger(n)) return {ms: 0, months: n * UNIT_MONTHS[unit]};
  return null;
}

/** A time being built: the base instant (now, or today's midnight), then offsets and calendar steps in order. */
interface Time {
  readonly date: boolean;
  /** Whether the value is a Date (integer arithmetic counts days), not a Time. */
  readonly isDate: boolean;
  readonly steps: readonly RelativeTimeStep[];
}

function withStep(t: Time, step: RelativeTimeStep, isDate = t.isDate): Time {
  const last = t.steps.at(-1);
  // Offsets in a row merge while that keeps their order (months apply before milliseconds within one step).
  if ('months' in step && last !== undefined && 'months' in last && (step.months === 0 || last.ms === 0)) {
    return {...t, isDate, steps: [...t.steps.slice(0, -1), {months: last.months + step.months, ms: last.ms + step.ms}]};
  }
  return {...t, isDate, steps: [...t.steps, step]};
}

/** `Time.current`, `Time.zone.now`, `Date.today`, … → the instant they stand for. */
function base(node: P.CallNode): Time | null {
  if (node.arguments_ !== null) return null;
  const receiver = constantName(node.receiver);
  const now: Time = {date: false, isDate: false, steps: []};
  if ((receiver === 'Time' || receiver === 'DateTime') && (node.name === 'current' || node.name === 'now')) return now;
  if (node.name === 'now' && node.receiver instanceof P.CallNode && node.receiver.name === 'zone' && constantName(node.receiver.receiver) === 'Time') return now;
  if (receiver === 'Date') {
    const today: Time = {date: true, isDate: true, steps: []};
    if (node.name === 'today' || node.name === 'current') return today;
    if (node.name === 'yesterday') return withStep(today, {months: 0, ms: -DAY});
    if (node.name === 'tomorrow') return withStep(today, {months: 0, ms: DAY});
  }
  return null;
}

/** ActiveSupport's calendar methods on a Time or Date (weeks start on Monday, its default). */
const STARTS: Readonly<Record<string, CalendarUnit>> = {
  beginning_of_minute: 'minute', beginning_of_hour: 'hour', midnight: 'day', at_midnight: 'day', beginning_of_day: 'day', at_beginning_of_day: 'day',
  beginning_of_week: 'week', at_beginning_of_week: 'week', monday: 'week', beginning_of_month: 'month', at_beginning_of_month: 'month',
  beginning_of_quarter: 'quarter', at_beginning_of_quarter: 'quarter', beginning_of_year: 'year', at_beginning_of_year: 'year',
};
const ENDS: Readonly<Record<string, CalendarUnit>> = {
  end_of_minute: 'minute', end_of_hour: 'hour', end_of_day: 'day', at_end_of_day: 'day', end_of_week: 'week', at_end_of_week: 'week', sunday: 'week',
  end_of_month: 'month', at_end_of_month: 'month', end_of_quarter: 'quarter', at_end_of_quarter: 'quarter', end_of_year: 'year', at_end_of_year: 'year',
};
/** A Date's end of a week, month, quarter, year: its last day (start, then the unit, less a day). */
const DATE_ENDS: Readonly<Partial<Record<CalendarUnit, Offset>>> = {
  week: {months: 0, ms: 6 * DAY}, month: {months: 1, ms: -DAY}, quarter: {months: 3, ms: -DAY}, year: {months: 12, ms: -DAY},
};
/** Methods that move by a calendar amount and keep the time of day (`tomorrow`, `next_month`). */
const MOVES: Readonly<Record<string, Offset>> = {
  yesterday: {months: 0, ms: -DAY}, tomorrow: {months: 0, ms: DAY}, prev_day: {months: 0, ms: -DAY}, next_day: {months: 0, ms: DAY},
  prev_month: {months: -1, ms: 0}, last_month: {months: -1, ms: 0}, next_month: {months: 1, ms: 0},
  prev_year: {months: -12, ms: 0}, last_year: {months: -12, ms: 0}, next_year: {months: 12, ms: 0},
};
/** Conversions that keep the instant: Rails compares a TimeWithZone and its `.utc` the same way. */
const SAME_INSTANT = new Set(['utc', 'getutc', 'in_time_zone', 'to_time']);

/** Whether a local variable is an argument of the scope (a duration may count it: `hours.hours`). */
export type ParamLookup = (name: string) => boolean;

const noParams: ParamLookup = () => false;

/** `hours.hours`, `n.days` over a scope argument: milliseconds per unit (calendar months and years depend on the date: not these). */
function paramDuration(node: P.Node | null, isParam: ParamLookup): {param: string; ms: number} | null {
  if (node instanceof P.ParenthesesNode && node.body instanceof P.StatementsNode && node.body.body.length === 1) return paramDuration(node.body.body[0]!, isParam);
  if (!(node instanceof P.CallNode) || node.arguments_ !== null || node.block !== null || !(node.receiver instanceof P.LocalVariableReadNode)) return null;
  const ms = UNIT_MS[node.name.replace(/s$/, '')];
  return ms !== undefined && isParam(node.receiver.name) ? {param: node.receiver.name, ms} : null;
}

function time(node: P.Node, constants: ConstantLookup, isParam: ParamLookup): Time | null {
  if (node instanceof P.ParenthesesNode) {
    return node.body instanceof P.StatementsNode && node.body.body.length === 1 ? time(node.body.body[0]!, constants, isParam) : null;
  }
  if (!(node instanceof P.CallNode) || node.block !== null || node.isSafeNavigation()) return null;
  const args = node.arguments_?.arguments_ ?? [];
  if (args.length === 0 && (node.name === 'ago' || node.name === 'from_now' || node.name === 'since' || node.name === 'after' || node.name === 'until' || node.name === 'before')) {
    const sign = node.name === 'ago' || node.name === 'until' || node.name === 'before' ? -1 : 1;
    const p = paramDuration(node.receiver, isParam);
    if (p !== null) return withStep({date: false, isDate: false, steps: []}, {param: p.param, ms: sign * p.ms});
    const d = duration(node.receiver, constants);
    if (d === null) return null;
    return withStep({date: false, isDate: false, steps: []}, {months: sign * d.months, ms: sign * d.ms});
  }
  const b = base(node);
  if (b !== null) return b;
  if (node.receiver === null) return null;
  if ((node.name === '-' || node.name === '+') && args.length === 1) {
    const left = time(node.receiver, constants, isParam);
    if (left === null) return null;
    const arg = args[0]!;
    const p = paramDuration(arg, isParam);
    if (p !== null) return withStep(left, {param: p.param, ms: (node.name === '-' ? -1 : 1) * p.ms});
    // `Date.today - 7` counts days; on a time an Integer is seconds.
    const n = arg instanceof P.IntegerNode ? Number(arg.value) : null;
    const d = n !== null ? {ms: n * (left.isDate ? DAY : 1000), months: 0} : duration(arg, constants);
    if (d === null) return null;
    const sign = node.name === '-' ? -1 : 1;
    return withStep(left, {months: sign * d.months, ms: sign * d.ms});
  }
  if (args.length > 0) return null;
  const inner = () => time(node.receiver!, constants, isParam);
  if (SAME_INSTANT.has(node.name)) return inner();
  if (node.name === 'to_date') {
    const t = inner();
    return t === null ? null : withStep(t, {start: 'day'}, true);
  }
  const start = STARTS[node.name];
  if (start !== undefined) {
    const t = inner();
    // On a Date, beginning_of_day/midnight is a Time; beginning_of_week/month/… stays a Date.
    return t === null ? null : withStep(t, {start}, t.isDate && start !== 'day' && start !== 'hour' && start !== 'minute');
  }
  const end = ENDS[node.name];
  if (end !== undefined) {
    const t = inner();
    if (t === null) return null;
    // A Date's end_of_week/month/… is still a Date (its last day); end_of_day on a Date is a Time.
    const dateEnd = t.isDate ? DATE_ENDS[end] : undefined;
    return dateEnd === undefined ? withStep(t, {end}, false) : withStep(withStep(t, {start: end}), dateEnd);
  }
  const move = MOVES[node.name];
  if (move !== undefined) {
    const t = inner();
    return t === null ? null : withStep(t, move);
  }
  // `next_week` / `prev_week`: the start of that week (Rails' default day, Monday, at 00:00).
  if (node.name === 'next_week' || node.name === 'prev_week' || node.name === 'last_week') {
    const t = inner();
    return t === null ? null : withStep(withStep(t, {start: 'week'}), {months: 0, ms: (node.name === 'next_week' ? 7 : -7) * DAY});
  }
  return null;
}

/**
 * A Ruby time expression Rails evaluates when the scope runs — `1.week.ago`,
 * `30.days.from_now`, `Time.current`, `Time.zone.now.midnight.tomorrow.utc`,
 * `Date.today.beginning_of_month`, `TTL.ago` with `TTL = 5.minutes`,
 * `Time.current - 1.day`, `Date.today + 7` — as a value the client computes when
 * the query is built, never at generation. Calendar steps are in UTC (Rails'
 * default `Time.zone`), weeks start on Monday, days are 24 h, months calendar months.
 * With `isParam`, a scope argument may count a fixed unit (`Time.now - hours.hours`,
 * `days.days.ago`: a `{param, ms}` step); not months or years (calendar lengths).
 * Null for anything else (`Time.zone.parse(…)`, `.month`, `param.months.ago`).
 */
export function relativeTime(node: P.Node, constants: ConstantLookup = noConstants, isParam: ParamLookup = noParams): RelativeTime | null {
  const t = time(node, constants, isParam);
  if (t === null) return null;
  // The first offset before any calendar step is the flat form (`{ms, months}`), as older configs have it.
  const [first, ...rest] = t.steps;
  const flat = first !== undefined && 'months' in first ? first : {ms: 0, months: 0};
  const steps = first !== undefined && 'months' in first ? rest : t.steps;
  return steps.length === 0
    ? {relativeTime: {ms: flat.ms, months: flat.months, date: t.date}}
    : {relativeTime: {ms: flat.ms, months: flat.months, date: t.date, steps}};
}
