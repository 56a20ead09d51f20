import type {ResultType} from '../record/model-data-source.ts';
import type {ReactiveRelation} from './reactive-relation.svelte.ts';

type AnyReactiveRelation<TRecord> = ReactiveRelation<object, unknown, TRecord>;

/**
 * A list whose query follows component state (a filter, a search, the
 * selected client), read like a ReactiveRelation. When the query changes it
 * keeps showing the previous records (`isPlaceholder` true) until the new
 * query has rows on the device or an answer — no flash to an empty list
 * while it loads. Offline the device's answer is final at once (`local`), so
 * the new records (even none) show immediately.
 *
 * @example
 * <script>
 *   let {clientId} = $props();
 *   const jobs = liveRelation(() => ReactiveJob.where({client_id: clientId}).order('created_at', 'desc'));
 * </script>
 * <ul class:dimmed={jobs.isPlaceholder}>{#each jobs.records as job (job.id)}<li>{job.title}</li>{/each}</ul>
 */
export class LiveRelation<TRecord> {
  readonly #get: () => AnyReactiveRelation<TRecord>;
  readonly #current: AnyReactiveRelation<TRecord> = $derived.by(() => this.#get());
  /** The records last shown and the relation they came from (plain state: it follows the reads). */
  #shown: {relation: AnyReactiveRelation<TRecord>; records: TRecord[]} | undefined;

  constructor(relation: () => AnyReactiveRelation<TRecord>) {
    this.#get = relation;
  }

  #resolve(): {records: TRecord[]; placeholder: boolean} {
    const relation = this.#current;
    const records = relation.records;
    const shown = this.#shown;
    if (records.length === 0 && relation.resultType === 'unknown' && shown && shown.relation !== relation && shown.records.length > 0) {
      return {records: shown.records, placeholder: true};
    }
    this.#shown = {relation, records};
    return {records, placeholder: false};
  }

  /** The relation the function gives now. Reactive. */
  get relation(): AnyReactiveRelation<TRecord> {
    return this.#current;
  }

  /** The current query's records, or the previous query's while this one has neither rows nor an answer. Reactive. */
  get records(): TRecord[] {
    return this.#resolve().records;
  }

  /** True while `records` are the previous query's. Reactive. */
  get isPlaceholder(): boolean {
    return this.#resolve().placeholder;
  }

  /** The current query's result type (`unknown`, `complete`, `local`, `error`). Reactive. */
  get resultType(): ResultType {
    return this.#current.resultType;
  }

  /** True until the current query has the server's answer (never offline). Reactive. */
  get isLoading(): boolean {
    return this.#current.isLoading;
  }

  /** The current query's error, or undefined. Reactive. */
  get error(): unknown {
    return this.#current.error;
  }
}

/**
 * `new LiveRelation(fn)`: a reactive list over `fn()`'s relation that keeps
 * its previous records while a changed query loads. See LiveRelation.
 *
 * @example const jobs = liveRelation(() => ReactiveJob.open().where({client_id: clientId}));
 */
export function liveRelation<TRecord>(relation: () => AnyReactiveRelation<TRecord>): LiveRelation<TRecord> {
  return new LiveRelation(relation);
}
