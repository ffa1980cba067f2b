/**
 * Key-value stores behind the outbox and drafts: IndexedDB through idb-keyval,
 * a memory store, and a resilient store that switches from the first to the
 * second when IndexedDB is unavailable (private mode, blocked) or full.
 */
import { clear, del, entries, get, promisifyRequest, set, type UseStore } from 'idb-keyval';

export type StorageMode = 'indexeddb' | 'memory';
export type FallbackReason = 'unavailable' | 'quota';

export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  list(): Promise<T[]>;
  clear(): Promise<void>;
}

/** Every Careline database name starts with this, so sign-out can find and delete them all. */
export const DATABASE_PREFIX = 'careline-';

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
export class IdbStore<T> implements KeyValueStore<T> {
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

export class MemoryStore<T> implements KeyValueStore<T> {
  private readonly map = new Map<string, T>();
  async get(key: string): Promise<T | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: T): Promise<void> {
    this.map.set(key, structuredClone(value));
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  async list(): Promise<T[]> {
    return [...this.map.values()].map((value) => structuredClone(value));
  }
  async clear(): Promise<void> {
    this.map.clear();
  }
}

export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/**
 * Uses the primary store until it fails once, then keeps working from memory
 * (copying what it can still read) and reports why, so the widget can tell the
 * user that unsent text will not survive a reload. Never rejects for storage reasons.
 */
export class ResilientStore<T> implements KeyValueStore<T> {
  private mode: StorageMode;
  private readonly memory = new MemoryStore<T>();
  private switching: Promise<void> | undefined;

  constructor(
    private readonly primary: KeyValueStore<T> | undefined,
    private readonly onFallback: (reason: FallbackReason, error: unknown) => void,
  ) {
    this.mode = primary ? 'indexeddb' : 'memory';
  }

  get storageMode(): StorageMode {
    return this.mode;
  }

  async get(key: string): Promise<T | undefined> {
    if (this.mode === 'indexeddb') {
      try {
        return await this.primary!.get(key);
      } catch (error) {
        await this.fallBack(error);
      }
    }
    return this.memory.get(key);
  }

  async set(key: string, value: T): Promise<void> {
    if (this.mode === 'indexeddb') {
      try {
        await this.primary!.set(key, value);
        return;
      } catch (error) {
        await this.fallBack(error);
      }
    }
    await this.memory.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.memory.delete(key);
    if (this.primary) {
      // Deleting needs no quota; also clean up what IndexedDB kept from before a fallback.
      await this.primary.delete(key).catch(() => undefined);
    }
  }

  async list(): Promise<T[]> {
    if (this.mode === 'indexeddb') {
      try {
        return await this.primary!.list();
      } catch (error) {
        await this.fallBack(error);
      }
    }
    return this.memory.list();
  }

  async clear(): Promise<void> {
    await this.memory.clear();
    if (this.primary) await this.primary.clear().catch(() => undefined);
  }

  private fallBack(error: unknown): Promise<void> {
    if (this.mode === 'memory') return this.switching ?? Promise.resolve();
    this.mode = 'memory';
    this.switching = (async () => {
      // After a quota error IndexedDB is still readable: keep what it holds.
      try {
        const kept = await this.primary!.list();
        for (const value of kept) {
          const key = (value as { id?: string; key?: string }).id ?? (value as { key?: string }).key;
          if (key) await this.memory.set(key, value);
        }
      } catch {
        // Unavailable: nothing to copy.
      }
      this.onFallback(isQuotaError(error) ? 'quota' : 'unavailable', error);
    })();
    return this.switching;
  }
}
