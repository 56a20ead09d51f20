import {openDB, type DBSchema, type IDBPDatabase} from 'idb';
import {nextLease, type Lease, type LeaseStore} from './lease-store.ts';

interface LeaseDB extends DBSchema {
  lease: {key: string; value: Lease};
}

const KEY = 'leader';

/**
 * The lease in its own small IndexedDB database. A readwrite transaction on
 * one store is exclusive across tabs of the origin, so read-check-write inside
 * it is an atomic compare-and-set.
 */
export class IdbLeaseStore implements LeaseStore {
  readonly #db: IDBPDatabase<LeaseDB>;

  private constructor(db: IDBPDatabase<LeaseDB>) {
    this.#db = db;
  }

  static async open(name: string): Promise<IdbLeaseStore> {
    const db = await openDB<LeaseDB>(name, 1, {
      upgrade(database) {
        database.createObjectStore('lease');
      },
      blocking() {
        db.close();
      },
    });
    return new IdbLeaseStore(db);
  }

  async tryAcquire(holder: string, now: number, ttlMs: number): Promise<boolean> {
    const tx = this.#db.transaction('lease', 'readwrite');
    const next = nextLease(await tx.store.get(KEY), holder, now, ttlMs);
    if (next !== undefined) await tx.store.put(next, KEY);
    await tx.done;
    return next !== undefined;
  }

  async release(holder: string): Promise<void> {
    const tx = this.#db.transaction('lease', 'readwrite');
    const current = await tx.store.get(KEY);
    if (current?.holder === holder) await tx.store.delete(KEY);
    await tx.done;
  }

  close(): void {
    this.#db.close();
  }
}
