import type {DBSchema, IDBPDatabase, IDBPTransaction, StoreNames} from 'idb';
import type {DeadLetterRecord, OutboxRecord} from './outbox-record.ts';

/**
 * The IndexedDB schema of the outbox database and its migrations.
 *
 * `OUTBOX_DB_VERSION` is the database schema version (stores and indexes), not
 * the record format (`OUTBOX_RECORD_VERSION`). Each migration takes the
 * database from version i to i+1 and they run in order, so a device that last
 * ran any older release upgrades step by step. Never edit a shipped migration:
 * add the next one.
 */
export interface OutboxDB extends DBSchema {
  outbox: {
    key: number;
    value: OutboxRecord;
    /**
     * Finds a pending batch by id. NOT unique (since version 3): a unique index
     * costs a lookup on every append; the store catches a duplicate id from the
     * pending ids it holds in memory instead (see `IdbOutboxStore`).
     */
    indexes: {by_batch: string};
  };
  dead_letters: {
    key: string;
    value: DeadLetterRecord;
    /** Lists dead letters in creation order. */
    indexes: {by_seq: number};
  };
}

type UpgradeTx = IDBPTransaction<OutboxDB, StoreNames<OutboxDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<OutboxDB>, tx: UpgradeTx) => void;

export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  // 0 → 1: the outbox. keyPath seq + autoIncrement: the key generator is the
  // device sequence, which survives deletes (never reused) and orders replay.
  (db) => {
    const outbox = db.createObjectStore('outbox', {keyPath: 'seq', autoIncrement: true});
    outbox.createIndex('by_batch', 'batchId', {unique: true});
  },
  // 1 → 2: dead letters, keyed by batch id.
  (db) => {
    const deadLetters = db.createObjectStore('dead_letters', {keyPath: 'batchId'});
    deadLetters.createIndex('by_seq', 'seq', {unique: false});
  },
  // 2 → 3: `by_batch` no longer unique. The records, their seqs and the key
  // generator stay as they were, so pending batches replay in the same order.
  (_db, tx) => {
    const outbox = tx.objectStore('outbox');
    outbox.deleteIndex('by_batch');
    outbox.createIndex('by_batch', 'batchId', {unique: false});
  },
];

export const OUTBOX_DB_VERSION = OUTBOX_MIGRATIONS.length;

/** Runs the migrations from `oldVersion` up to `newVersion` inside the versionchange transaction. */
export function upgradeOutboxDB(
  db: IDBPDatabase<OutboxDB>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTx,
): void {
  for (let version = oldVersion; version < newVersion; version++) {
    const migration = OUTBOX_MIGRATIONS[version];
    if (migration === undefined) throw new Error(`No outbox migration from version ${version}`);
    migration(db, tx);
  }
}
