import {sliceOffset} from '../contract/slice-offset.ts';
import type {PlainRow} from '../contract/evaluate-query-spec.ts';
import type {ModelConfig} from '../contract/model-config.ts';
import type {ResultType} from '../record/model-data-source.ts';
import type {QuerySpec} from '../contract/query-spec.ts';
import {keepAfterUse} from '../record/preloads-of.ts';
import {Relation} from '../record/relation.ts';
import {LiveQuery} from './live-query.svelte.ts';

/**
 * The ReactiveRecord flavour of Relation: every builder, scope and terminal
 * is inherited unchanged; it only adds runes delivery. Reading `records` in
 * markup or an effect materialises the query and keeps it live while read.
 *
 * Keep the relation itself in a variable (`const jobs = $derived(ReactiveJob.open())`)
 * and read `jobs.records` where needed. Destructuring (`const {records} = jobs`)
 * reads once and loses reactivity.
 *
 * @example
 * <script>const jobs = $derived(ReactiveJob.open().order('created_at', 'desc'))</script>
 * {#if jobs.isLoading}…{:else if jobs.resultType === 'local'}(offline: what this device has){/if}
 * {#each jobs.records as job (job.id)}<li>{job.title}</li>{/each}
 *
 * A list whose query changes with the component's state (a filter) is best
 * held by `liveRelation(() => …)`: it keeps the previous rows while the new
 * query loads instead of flashing to empty.
 */
export class ReactiveRelation<TRow extends object, C = ModelConfig, TRecord = TRow> extends Relation<TRow, C, TRecord> {
  #live: LiveQuery | undefined;
  #spec: QuerySpec | undefined;
  /** Records by row identity: unchanged rows keep their record object across updates. */
  #cache: WeakMap<PlainRow, TRecord> | undefined;
  #lastRows: readonly PlainRow[] | undefined;
  #lastRecords: TRecord[] = [];

  #query(): LiveQuery {
    if (!this.#live) {
      const spec = (this.#spec = this.toSpec());
      const options = this.readOptions();
      this.#live = new LiveQuery(() => {
        const view = this.core.deps.source.materialize(spec, options);
        return {
          get data() {
            return view.data;
          },
          addListener: listener => view.addListener(listener),
          destroy: () => {
            view.destroy();
            keepAfterUse(this.core.deps, spec, this.state.ttl, this.core.config);
          },
        };
      });
    }
    return this.#live;
  }

  /** The current records (plain records, same as ActiveRecord's). Reactive. */
  get records(): TRecord[] {
    const rows = this.#query().rows;
    if (rows === this.#lastRows) return this.#lastRecords;
    const visible = this.#spec ? sliceOffset(this.#spec, rows) : rows;
    this.#lastRows = rows;
    // Allocated on first read only: relations that are built but never read stay small.
    const cache = (this.#cache ??= new WeakMap());
    this.#lastRecords = visible.map(row => {
      let rec = cache.get(row);
      if (!rec) {
        rec = this.core.wrap(row);
        cache.set(row, rec);
      }
      return rec;
    });
    return this.#lastRecords;
  }

  /**
   * `unknown` until the server answered (local data may already show), then
   * `complete`; `local` while offline: the device's rows are the answer. Reactive.
   */
  get resultType(): ResultType {
    return this.#query().resultType;
  }

  /**
   * True until the server has answered the query — never while offline (then
   * `resultType` is `local`), so an empty list offline reads as empty. Reactive.
   */
  get isLoading(): boolean {
    return this.#query().resultType === 'unknown';
  }

  /** The query error (e.g. rejected by the server), or undefined. Reactive. */
  get error(): unknown {
    return this.#query().error;
  }
}
