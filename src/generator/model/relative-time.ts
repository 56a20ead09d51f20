import * as P from '@ruby/prism/src/nodes.js';
import type {RelativeTime} from '../../contract/model-config.ts';

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000, fortnight: 1_209_600_000,
};
const UNIT_MONTHS: Readonly<Record<string, number>> = {month: 1, year: 12};

type Offset = {ms: number; months: number};

/** `3.days`, `1.5.hours`, `2.months` → an offset; null for anything else. */
function duration(node: P.Node | null): Offset | null {
  if (!(node instanceof P.CallNode) || node.arguments_ !== null || node.block !== null) return null;
  const unit = node.name.replace(/s$/, '');
  const n = node.receiver instanceof P.IntegerNode ? Number(node.receiver.value) : node.receiver instanceof P.FloatNode ? node.receiver.value : null;
  if (n === null) return null;
  if (UNIT_MS[unit] !== undefined) return {ms: n * UNIT_MS[unit], months: 0};
  if (UNIT_MONTHS[unit] !== undefined && Number.isInteger(n)) return {ms: 0, months: n * UNIT_MONTHS[unit]};
  return null;
}

function constant(node: P.Node | null): string | null {
  if (node instanceof P.ConstantReadNode) return node.name;
  if (node instanceof P.ConstantPathNode && node.parent === null) return node.name;
  return null;
}

/** `Time.current`, `Time.zone.now`, `Date.today`, … → the instant they stand for. */
function base(node: P.Node): {date: boolean; offset: Offset} | null {
  if (!(node instanceof P.CallNode) || node.arguments_ !== null || node.block !== null) return null;
  const receiver = constant(node.receiver);
  if ((receiver === 'Time' || receiver === 'DateTime') && (node.name === 'current' || node.name === 'now')) return {date: false, offset: {ms: 0, months: 0}};
  if (node.name === 'now' && node.receiver instanceof P.CallNode && node.receiver.name === 'zone' && constant(node.receiver.receiver) === 'Time') {
    return {date: false, offset: {ms: 0, months: 0}};
  }
  if (receiver === 'Date') {
    if (node.name === 'today' || node.name === 'current') return {date: true, offset: {ms: 0, months: 0}};
    if (node.name === 'yesterday') return {date: true, offset: {ms: -UNIT_MS['day']!, months: 0}};
    if (node.name === 'tomorrow') return {date: true, offset: {ms: UNIT_MS['day']!, months: 0}};
  }
  return null;
}

/**
 * A Ruby time expression Rails evaluates when the scope runs — `1.week.ago`,
 * `30.days.from_now`, `Time.current`, `Time.zone.now`, `Date.today`,
 * `Time.current - 1.day`, `Date.today + 7` — as a value the client computes
 * when the query is built (days are 24 h, months calendar months, in UTC).
 * Null for anything else (`1.day.ago.beginning_of_day`, a parameter count).
 */
export function relativeTime(node: P.Node): RelativeTime | null {
  if (!(node instanceof P.CallNode) || node.block !== null) return null;
  const make = (date: boolean, o: Offset): RelativeTime => ({relativeTime: {ms: o.ms, months: o.months, date}});
  if (node.arguments_ === null && (node.name === 'ago' || node.name === 'from_now' || node.name === 'since' || node.name === 'after')) {
    const d = duration(node.receiver);
    if (d === null) return null;
    const sign = node.name === 'ago' ? -1 : 1;
    return make(false, {ms: sign * d.ms, months: sign * d.months});
  }
  const b = base(node);
  if (b !== null) return make(b.date, b.offset);
  if ((node.name === '-' || node.name === '+') && node.arguments_?.arguments_.length === 1 && node.receiver !== null) {
    const left = relativeTime(node.receiver);
    if (left === null) return null;
    const arg = node.arguments_.arguments_[0]!;
    // `Date.today - 7` counts days; on a time an Integer is seconds.
    const d = arg instanceof P.IntegerNode ? {ms: Number(arg.value) * (left.relativeTime.date ? UNIT_MS['day']! : 1000), months: 0} : duration(arg);
    if (d === null) return null;
    const sign = node.name === '-' ? -1 : 1;
    // Months apply before milliseconds at run time, so adding months after an ms offset would reorder them.
    if (d.months !== 0 && left.relativeTime.ms !== 0) return null;
    return make(left.relativeTime.date, {ms: left.relativeTime.ms + sign * d.ms, months: left.relativeTime.months + sign * d.months});
  }
  return null;
}
