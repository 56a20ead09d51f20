import type {JSONValue, ModelConfig} from '../contract/model-config.ts';
import {humanizeAttribute} from '../contract/validate-record.ts';
import {modelsByTable, type ModelSet} from '../contract/validate-query-spec.ts';

/** The columns of an activity-log row `describeActivity` reads (the generated `ActivityLogRow` has them). */
export interface ActivityLogLike {
  readonly action: string;
  readonly loggable_type?: string | null | undefined;
  readonly loggable_id?: string | null | undefined;
  /** Any JSON (a generated `ActivityLog` record's read-only JSON too); read defensively. */
  readonly metadata?: unknown;
}

/** One piece of a sentence, so a timeline can style the names. */
export interface SentencePart {
  readonly kind: 'text' | 'actor' | 'subject' | 'value';
  readonly text: string;
}

/** One changed field, with its values as a person reads them. */
export interface ActivityChange {
  readonly column: string;
  readonly label: string;
  readonly before: string | null;
  readonly after: string | null;
}

/** An activity log put into words for a timeline: the sentence, its parts, the actor and the subject. */
export interface ActivityDescription {
  /** "Dana changed Fix boiler from Open to Scheduled". */
  readonly sentence: string;
  readonly parts: readonly SentencePart[];
  readonly actor: string;
  /** What the log is about: the model (humanized, lower case) and the record's name at the time. */
  readonly subject: {readonly type: string | null; readonly id: string | null; readonly label: string; readonly name: string | null};
  /** Every changed field (the whole diff, whatever the action), values humanized; a delete's snapshot as `before`. */
  readonly changes: readonly ActivityChange[];
  readonly note: string | null;
}

/** Options of `describeActivity`: the models (humanized names, enum labels) and a fallback actor name. */
export interface DescribeActivityOptions {
  /** The app's models (`MODELS`): humanized model and enum names, association labels, date formats. */
  readonly models?: ModelSet | undefined;
  /** The actor's name when the log does not carry it (`metadata.actor`). */
  readonly actorName?: string | undefined;
}

type Json = Readonly<Record<string, JSONValue>>;

const asObject = (value: JSONValue | undefined): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const text = (value: JSONValue | undefined): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A log as a sentence and a structured diff, for timelines: from the log
 * alone (the server writes display names, associated names and the actor's
 * name into it), so it reads the same offline and after the record is gone.
 *
 * @example
 * describeActivity(log, {models: MODELS}).sentence
 * // "Dana changed Fix boiler from Open to Scheduled"
 * // "Tom assigned Fix boiler to Dana"
 * // "Dana completed Fix boiler — “signed by customer”"
 */
export function describeActivity(log: ActivityLogLike, options: DescribeActivityOptions = {}): ActivityDescription {
  const models = modelsByTable(options.models ?? []);
  const model = [...models.values()].find((m) => m.className === log.loggable_type);
  const metadata = asObject(log.metadata as JSONValue | undefined);
  const actor = text(asObject(metadata['actor'])['name']) ?? options.actorName ?? 'Someone';
  const typeName = model?.name ?? log.loggable_type ?? null;
  const label = typeName === null ? 'record' : humanizeAttribute(typeName.replace(/::/g, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2')).toLowerCase();
  const name = text(metadata['name']);
  const subject = {type: log.loggable_type ?? null, id: log.loggable_id ?? null, label, name};
  const changes = describeChanges(metadata, model, models);
  const note = text(metadata['note']);

  const parts: SentencePart[] = [{kind: 'actor', text: actor}];
  const say = (kind: SentencePart['kind'], value: string) => parts.push({kind, text: value});
  const the = () => (name !== null ? say('subject', name) : say('text', `the ${label}`));
  const change = (column: string | undefined) => changes.find((c) => c.column === column);
  const reference = (role: 'user' | 'parent') => {
    const column = Object.entries(model?.loggable?.belongsTo ?? {}).find(([c, r]) => r.role === role && change(c) !== undefined)?.[0];
    return change(column);
  };

  switch (log.action) {
    case 'created':
      say('text', ' created ');
      if (name !== null) say('text', `${label} `);
      else say('text', `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`);
      if (name !== null) say('subject', name);
      break;
    case 'renamed': {
      const renamed = change(model?.display ?? undefined) ?? changes[0];
      say('text', ' renamed ');
      say('subject', renamed?.before ?? name ?? `the ${label}`);
      say('text', ' to ');
      say('subject', renamed?.after ?? name ?? '');
      break;
    }
    case 'status_changed': {
      const status = changes.find((c) => model?.loggable?.actions[c.column] === 'status_changed') ?? change('status');
      say('text', ' changed ');
      the();
      say('text', ' from ');
      say('value', status?.before ?? 'none');
      say('text', ' to ');
      say('value', status?.after ?? 'none');
      break;
    }
    case 'assigned': {
      const assignee = reference('user');
      say('text', ' assigned ');
      the();
      say('text', ' to ');
      say('value', assignee?.after ?? 'someone');
      break;
    }
    case 'unassigned': {
      const assignee = reference('user');
      say('text', ' unassigned ');
      say('value', assignee?.before ?? 'someone');
      say('text', ' from ');
      the();
      break;
    }
    case 'moved': {
      const parent = reference('parent');
      say('text', ' moved ');
      the();
      say('text', ' from ');
      say('value', parent?.before ?? 'nowhere');
      say('text', ' to ');
      say('value', parent?.after ?? 'nowhere');
      break;
    }
    case 'updated':
      say('text', ' updated ');
      the();
      if (changes.length > 0) say('text', ` (${changes.map((c) => c.label.toLowerCase()).join(', ')})`);
      break;
    case 'deleted':
      say('text', ' deleted ');
      if (name !== null) say('text', `${label} `);
      the();
      break;
    case 'discarded':
      say('text', ' archived ');
      the();
      break;
    case 'undiscarded':
      say('text', ' restored ');
      the();
      break;
    case 'reordered': {
      const association = text(metadata['association']);
      say('text', ` reordered the ${association !== null ? humanizeAttribute(association).toLowerCase() : 'items'} of `);
      the();
      break;
    }
    // Server events (trackActivity): what the API server itself logged.
    case 'batch_rejected': {
      const details = asObject(metadata['details']);
      parts[0] = {kind: 'actor', text: `${actor}’s`};
      say('text', details['offline'] === true ? ' offline edit' : ' edit');
      if (log.loggable_type) {
        say('text', ' of ');
        the();
      }
      say('text', ' was rejected: ');
      say('value', humanizeAttribute(text(details['code']) ?? 'rejected').toLowerCase().replace(/ object$/, ''));
      break;
    }
    case 'offline_replay_finished': {
      const details = asObject(metadata['details']);
      const batches = Number(details['batches'] ?? 0);
      say('text', '’s device synced ');
      say('value', `${batches} offline ${batches === 1 ? 'write' : 'writes'}`);
      const away = duration(Number(details['offline_ms'] ?? 0));
      if (away !== null) say('text', ` after ${away} offline`);
      break;
    }
    case 'signed_in':
      say('text', ' signed in');
      break;
    case 'exported': {
      const details = asObject(metadata['details']);
      say('text', ' exported ');
      say('value', `${Number(details['rows'] ?? 0)} activity log rows`);
      break;
    }
    default:
      // A custom action or a server event: its name, humanized, as the verb.
      say('text', ` ${humanizeAttribute(log.action).toLowerCase()}`);
      if (log.loggable_type) {
        say('text', ' ');
        the();
      }
  }
  if (note !== null) {
    say('text', ' — ');
    say('value', `“${note}”`);
  }
  return {sentence: parts.map((p) => p.text).join(''), parts, actor, subject, changes, note};
}

/** "2 h", "5 min", "40 s" — or null for less than a second. */
function duration(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 1_000) return null;
  if (ms >= 86_400_000) return `${Math.round(ms / 86_400_000)} d`;
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1_000)} s`;
}

/** The log's changes (or a delete's snapshot), each with a label and values as a person reads them. */
function describeChanges(metadata: Json, model: ModelConfig | undefined, models: ReadonlyMap<string, ModelConfig>): ActivityChange[] {
  const references = asObject(metadata['references']);
  const out: ActivityChange[] = [];
  const changes = asObject(metadata['changes']);
  for (const [column, pair] of Object.entries(changes)) {
    const [before, after] = Array.isArray(pair) ? pair : [null, pair];
    const reference = asObject(references[column]);
    const association = text(reference['association']);
    const label = humanizeAttribute(association ?? column);
    const side = (key: 'before' | 'after', raw: JSONValue | undefined) => {
      const named = asObject(reference[key]);
      return Object.keys(named).length > 0 ? (text(named['name']) ?? text(named['id'])) : humanizeValue(model, column, raw, models);
    };
    out.push({column, label, before: side('before', before), after: side('after', after)});
  }
  for (const [column, value] of Object.entries(asObject(metadata['snapshot']))) {
    out.push({column, label: humanizeAttribute(column), before: humanizeValue(model, column, value, models), after: null});
  }
  return out;
}

/** A stored value as a person reads it: enum values humanized, dates as dates, booleans as Yes/No. */
function humanizeValue(model: ModelConfig | undefined, column: string, value: JSONValue | undefined, _models: ReadonlyMap<string, ModelConfig>): string | null {
  if (value === null || value === undefined) return null;
  const config = model?.columns[column];
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number' && (config?.railsType === 'date' || config?.railsType === 'datetime' || config?.railsType === 'timestamp')) {
    const iso = new Date(value).toISOString();
    return config.railsType === 'date' ? iso.slice(0, 10) : iso.replace('T', ' ').slice(0, 16);
  }
  const isEnum = config?.enumValues !== undefined || Object.values(model?.enums ?? {}).some((e) => e.column === column);
  if (isEnum && typeof value === 'string') return humanizeAttribute(value);
  return text(value);
}
