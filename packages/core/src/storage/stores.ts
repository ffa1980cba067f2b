/**
 * Key-value stores behind the outbox and drafts: IndexedDB through idb-keyval
 * (idb-store.ts, fetched when first used), a memory store, and a resilient store that
 * switches from the first to the second when IndexedDB is unavailable (private mode,
 * blocked) or full.
 */
export type StorageMode = 'indexeddb' | 'memory';
export type FallbackReason = 'unavailable' | 'quota';

export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  list(): Promise<T[]>;
  clear(): Promise<void>;
}

export { DATABASE_PREFIX } from './database-prefix.js';

/** A store that can count its entries without reading them (they may hold files). */
export interface CountableStore<T> extends KeyValueStore<T> {
  count(): Promise<number>;
}

/** The IndexedDB code could not be fetched (offline at its first use): not a reason to give up on IndexedDB. */
export class StoreCodeUnavailable extends Error {
  override readonly name = 'StoreCodeUnavailable';
}

/**
 * An IndexedDB store (idb-store.ts) whose code, with idb-keyval, is fetched on first use:
 * widgets read drafts and look for unsent writes only after their first render, so their
 * first chunk need not carry it. If the code cannot be fetched, calls reject with
 * StoreCodeUnavailable: ResilientStore answers that call from memory and tries IndexedDB again
 * on the next.
 */
export class LazyIdbStore<T> implements CountableStore<T> {
  private store: Promise<CountableStore<T>> | undefined;
  constructor(private readonly databaseName: string) {}
  private open(): Promise<CountableStore<T>> {
    this.store ??= import('./idb-store.js').then(
      ({ IdbStore }) => new IdbStore<T>(this.databaseName),
      (error: unknown) => {
        this.store = undefined; // Offline for a moment: the next call tries again.
        throw new StoreCodeUnavailable('The IndexedDB code could not be loaded.', { cause: error });
      },
    );
    return this.store;
  }
  async get(key: string): Promise<T | undefined> {
    return (await this.open()).get(key);
  }
  async set(key: string, value: T): Promise<void> {
    return (await this.open()).set(key, value);
  }
  async delete(key: string): Promise<void> {
    return (await this.open()).delete(key);
  }
  async list(): Promise<T[]> {
    return (await this.open()).list();
  }
  async clear(): Promise<void> {
    return (await this.open()).clear();
  }
  async count(): Promise<number> {
    return (await this.open()).count();
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
    // Only this call is answered from memory: the code may load on the next one.
    if (error instanceof StoreCodeUnavailable) return Promise.resolve();
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
