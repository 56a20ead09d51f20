import {BATCH_GROUP_MUTATOR_NAME} from '../contract/batch-group.ts';
import {BATCH_MUTATOR_NAME} from '../contract/batch-mutator-name.ts';
import type {ActingUser} from './policy/define-policies.ts';

/** One push as the push handler saw it: who sent it, what, Zero's answer, and how long it took. */
export interface PushObservation<U extends ActingUser = ActingUser> {
  readonly user: U;
  readonly request: Request;
  /** The push body (Zero's push protocol), parsed but not validated. */
  readonly body: unknown;
  /** What the handler answered (Zero's MutateResponse). */
  readonly response: unknown;
  readonly durationMs: number;
}

/** One mutation of a push, joined with its result. */
export interface ObservedMutation {
  readonly clientID: string;
  readonly id: number;
  /** `zam.batch`, `zam.batches`, or another registry's name. */
  readonly name: string;
  readonly args: unknown;
  /** `ok`, Zero's app error (`details` is the BatchRejection), or another error kind (out of order, already processed). */
  readonly result: {readonly kind: 'ok'} | {readonly kind: 'app'; readonly details: Readonly<Record<string, unknown>>; readonly message: string} | {readonly kind: 'other'; readonly error: string};
}

export const SINGLE_BATCH = BATCH_MUTATOR_NAME.join('.');
export const BATCH_GROUP = BATCH_GROUP_MUTATOR_NAME.join('.');

const record = (value: unknown): Readonly<Record<string, unknown>> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The push's mutations with their results (only those the response answered). Malformed pieces are skipped. */
export function observedMutations(body: unknown, response: unknown): ObservedMutation[] {
  const sent = new Map<string, {name: string; args: unknown}>();
  const mutations = record(body)['mutations'];
  for (const m of Array.isArray(mutations) ? mutations : []) {
    const mutation = record(m);
    if (typeof mutation['clientID'] !== 'string' || typeof mutation['id'] !== 'number' || typeof mutation['name'] !== 'string') continue;
    const args = mutation['args'];
    sent.set(`${mutation['clientID']}\0${mutation['id']}`, {name: mutation['name'], args: Array.isArray(args) ? args[0] : undefined});
  }
  const out: ObservedMutation[] = [];
  const answered = record(response)['mutations'];
  for (const r of Array.isArray(answered) ? answered : []) {
    const id = record(record(r)['id']);
    const clientID = id['clientID'];
    const n = id['id'];
    if (typeof clientID !== 'string' || typeof n !== 'number') continue;
    const mutation = sent.get(`${clientID}\0${n}`);
    if (mutation === undefined) continue;
    const result = record(record(r)['result']);
    const error = result['error'];
    out.push({
      clientID,
      id: n,
      ...mutation,
      result:
        error === undefined
          ? {kind: 'ok'}
          : error === 'app'
            ? {kind: 'app', details: record(result['details']), message: typeof result['message'] === 'string' ? result['message'] : ''}
            : {kind: 'other', error: String(error)},
    });
  }
  return out;
}

/** The batches a `zam.batch` / `zam.batches` mutation's args carry (none for anything else or a malformed one). */
export function batchesOf(name: string, args: unknown): readonly Readonly<Record<string, unknown>>[] {
  if (name === SINGLE_BATCH) return [record(args)];
  if (name === BATCH_GROUP) {
    const batches = record(args)['batches'];
    return Array.isArray(batches) ? batches.map(record) : [];
  }
  return [];
}

/** Batch ids in a mutation's args (a batch, or a group of batches). */
export function batchIdsOf(args: unknown): string[] {
  const single = record(args);
  if (typeof single['id'] === 'string') return [single['id']];
  const batches = single['batches'];
  return Array.isArray(batches) ? batches.map((b) => record(b)['id']).filter((id): id is string => typeof id === 'string') : [];
}

/** Ids of the batches whose mutation committed (its result is ok). */
export function committedBatchIds(body: unknown, response: unknown): string[] {
  return observedMutations(body, response)
    .filter((m) => m.result.kind === 'ok')
    .flatMap((m) => batchIdsOf(m.args));
}
