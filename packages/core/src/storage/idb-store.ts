/**
 * IndexedDB stores through idb-keyval. Imported by the outbox (itself loaded on demand) and,
 * through LazyIdbStore (stores.ts), by drafts and the checks for unsent writes.
 */
import { clear, del, entries, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { CountableStore } from './stores.js';

/** A connection to one database: `use` opens (creating it) for writes; `openExisting` only opens one that is there. */
export interface IdbConnection {
  use: UseStore;
  /** Opens the database if it exists, without creating it; false when it does not. */
  openExisting(): Promise<boolean>;
}

/**
 * Like idb-keyval's createStore, but closes the connection on `versionchange`
 * so that deleting the database (sign-out, from any tab) is never blocked, and
 * can open a database only if it exists (reads never create one).
 */
export function openIdbStore(databaseName: string, storeName = 'entries', onClosed?: () => void): UseStore {
  return idbConnection(databaseName, storeName, onClosed).use;
}

export function idbConnection(databaseName: string, storeName = 'entries', onClosed?: () => void): IdbConnection {
  let database: Promise<IDBDatabase> | undefined;
  let mayCreate = false;
  const open = (create: boolean): Promise<IDBDatabase> => {
    // A write while a read's "only if it exists" open is under way: that open may find
    // nothing, so the write opens again, creating the database.
    if (database && create && !mayCreate) return database.catch(() => open(true));
    if (database) return database;
    if (typeof indexedDB === 'undefined' || indexedDB === null) return Promise.reject(new DOMException('IndexedDB is not available', 'NotSupportedError'));
    const request = indexedDB.open(databaseName);
    request.onupgradeneeded = (event) => {
      // A database that is not there yet: aborting its first upgrade leaves nothing behind
      // (one round trip, where indexedDB.databases() and then open() took two).
      if (!create && event.oldVersion === 0) request.transaction?.abort();
      else request.result.createObjectStore(storeName);
    };
    const opening = promisifyRequest(request).then((db) => {
      db.onversionchange = () => {
        db.close();
        database = undefined;
        onClosed?.();
      };
      db.onclose = () => {
        database = undefined;
        onClosed?.();
      };
      return db;
    });
    opening.catch(() => {
      if (database === opening) database = undefined;
    });
    database = opening;
    mayCreate = create;
    return opening;
  };
  return {
    use: (mode, callback) => open(true).then((db) => callback(db.transaction(storeName, mode).objectStore(storeName))),
    openExisting: () =>
      open(false).then(
        () => true,
        (error: unknown) => {
          if ((error as { name?: string } | null)?.name === 'AbortError') return false;
          throw error;
        },
      ),
  };
}

/**
 * Reads never create the database: nothing is stored on the device until the
 * first write (privacy: a visit that never typed anything leaves no trace).
 */
export class IdbStore<T> implements CountableStore<T> {
  private readonly connection: IdbConnection;
  private readonly store: UseStore;
  private created = false;
  constructor(databaseName: string) {
    // Deleted (sign-out, from any tab): check again before the next read, so a read
    // never re-creates a database that was just wiped.
    this.connection = idbConnection(databaseName, 'entries', () => (this.created = false));
    this.store = this.connection.use;
  }
  private async exists(): Promise<boolean> {
    if (this.created) return true;
    this.created = await this.connection.openExisting();
    return this.created;
  }
  async get(key: string): Promise<T | undefined> {
    if (!(await this.exists())) return undefined;
    return get<T>(key, this.store);
  }
  async set(key: string, value: T): Promise<void> {
    await set(key, value, this.store);
    this.created = true;
  }
  async delete(key: string): Promise<void> {
    if (await this.exists()) await del(key, this.store);
  }
  async list(): Promise<T[]> {
    if (!(await this.exists())) return [];
    return (await entries<string, T>(this.store)).map(([, value]) => value);
  }
  async clear(): Promise<void> {
    if (await this.exists()) await clear(this.store);
  }
  /** How many entries there are, without reading them (they may hold files). */
  async count(): Promise<number> {
    if (!(await this.exists())) return 0;
    return this.store('readonly', (store) => promisifyRequest(store.count()));
  }
}

