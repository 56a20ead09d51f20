import {vi} from 'vitest';

/**
 * What a full disk looks like to IndexedDB code: the `add` succeeds, then the
 * browser aborts the transaction with a QuotaExceededError (fake-indexeddb's
 * internal abort). Undo with `vi.restoreAllMocks()`.
 */
export function failWritesWithQuota(): void {
  const add = IDBObjectStore.prototype.add;
  vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
    const request = add.apply(this, args);
    const tx = this.transaction as unknown as {_abort(name: string): void};
    request.addEventListener('success', () => tx._abort('QuotaExceededError'));
    return request;
  });
}
