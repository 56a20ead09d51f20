import {openDB, type DBSchema, type IDBPDatabase} from 'idb';
import type {PreloadRegistration, PreloadStore} from '../../contract/preload-registration.ts';

interface PreloadDB extends DBSchema {
  preloads: {key: string; value: PreloadRegistration};
}

/**
 * Preload registrations in their own small IndexedDB database (default name
 * `zam-preloads:<userID>`, so two users of one device never restore each
 * other's queries). Values are stored as given and decoded by the reader
 * (`PreloadSet` re-validates every spec against the current models).
 */
export class IdbPreloadStore implements PreloadStore {
  readonly #db: IDBPDatabase<PreloadDB>;

  private constructor(db: IDBPDatabase<PreloadDB>) {
    this.#db = db;
  }

  static async open(name: string): Promise<IdbPreloadStore> {
    const db = await openDB<PreloadDB>(name, 1, {
      upgrade(database) {
        database.createObjectStore('preloads', {keyPath: 'key'});
      },
      blocking() {
        db.close();
      },
    });
    return new IdbPreloadStore(db);
  }

  load(): Promise<readonly unknown[]> {
    return this.#db.getAll('preloads');
  }

  async put(registration: PreloadRegistration): Promise<void> {
    await this.#db.put('preloads', registration);
  }

  async delete(key: string): Promise<void> {
    await this.#db.delete('preloads', key);
  }

  close(): void {
    this.#db.close();
  }
}
