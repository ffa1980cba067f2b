/**
 * Drafts of what a patient is typing. Saved as they type, kept while the text
 * waits in the outbox, and deleted only once the server has confirmed it.
 */
import { DATABASE_PREFIX } from '../storage/database-prefix.js';
import type { FallbackReason, KeyValueStore, ResilientStore, StorageMode } from '../storage/stores.js';
import type { CombineDrafts } from './draft-storage.js';
import { listenForWipes } from '../storage/wipe-notices.js';

export interface Draft {
  key: string;
  text: string;
  updatedAt: number;
  /** Outbox entry holding this text; while set, the text is "sending", not a draft to restore. */
  queuedAs?: string | undefined;
}

export interface DraftStoreOptions {
  namespace: string;
  store?: KeyValueStore<Draft>;
  onFallback?: (reason: FallbackReason) => void;
}

/** @internal Where the stores' code comes from: a test can make the download fail. */
export const storesSource = { fetch: () => import('./draft-storage.js') };

export class DraftStore {
  private opened: ResilientStore<Draft> | undefined;
  private opening: Promise<KeyValueStore<Draft>> | undefined;
  /** Drafts saved while the stores' code could not be fetched, with how each joins a stored one. */
  private readonly memory = new Map<string, Draft>();
  private readonly combiners = new Map<string, CombineDrafts>();
  private keepingInMemory = false;

  constructor(private readonly options: DraftStoreOptions) {}

  get storageMode(): StorageMode {
    return this.opened?.storageMode ?? 'indexeddb';
  }

  /**
   * Drafts are read and written only after a widget's first render, so the stores' code (and
   * IndexedDB's, which it fetches in turn) comes then, not in the widget's first chunk. While that
   * code cannot be fetched (offline at its first use), drafts are kept in memory, as a store that
   * lost IndexedDB keeps them; the next call, or the connection's return, tries again, and what
   * memory kept is then stored, so a reload does not lose it.
   */
  private open(): Promise<KeyValueStore<Draft>> {
    this.opening ??= storesSource.fetch().then(
      async ({ LazyIdbStore, ResilientStore, storeDraftsKeptInMemory }) => {
        const { options } = this;
        const store = new ResilientStore(options.store ?? new LazyIdbStore<Draft>(`${DATABASE_PREFIX}${options.namespace}-drafts`), (reason) => options.onFallback?.(reason));
        await storeDraftsKeptInMemory(store, this.memory, this.combiners);
        this.opened = store;
        return store;
      },
      () => {
        this.opening = undefined;
        if (!this.keepingInMemory) {
          this.keepingInMemory = true;
          // A sign-out here or in another tab takes what memory kept with it: never stored after it.
          listenForWipes(() => (this.memory.clear(), this.combiners.clear()));
          // Once open, open() only returns the store: no need to stop listening.
          addEventListener('online', () => void this.open());
        }
        const { memory } = this;
        return { get: async (key) => memory.get(key), set: async (key, value) => void memory.set(key, value), delete: async (key) => void memory.delete(key), list: async () => [...memory.values()], clear: async () => memory.clear() };
      },
    );
    return this.opening;
  }

  async load(key: string): Promise<Draft | undefined> {
    return (await this.open()).get(key);
  }

  /**
   * Saves typed text; an empty text removes the draft. `combine`: how this text joins a stored
   * draft it was typed without (see DraftControllerOptions.combine), if it has to be kept in memory.
   */
  async save(key: string, text: string, combine?: CombineDrafts): Promise<void> {
    const store = await this.open();
    if (combine && !this.opened) this.combiners.set(key, combine);
    if (text.trim() === '') {
      const current = await store.get(key);
      if (!current?.queuedAs) await store.delete(key);
      return;
    }
    await store.set(key, { key, text, updatedAt: Date.now() });
  }

  /**
   * Marks the draft as waiting in the outbox. With `text`, only if the draft still
   * holds that text: what the patient typed since is a new draft, not this send.
   */
  async markQueued(key: string, entryId: string, text?: string): Promise<void> {
    const store = await this.open();
    const current = await store.get(key);
    if (current && (text === undefined || current.text.trim() === text.trim())) await store.set(key, { ...current, queuedAs: entryId });
  }

  /** After a rejection the text is a draft again, so the patient can fix and resend it. */
  async unmarkQueued(key: string, entryId: string): Promise<void> {
    const store = await this.open();
    const current = await store.get(key);
    if (current?.queuedAs === entryId) await store.set(key, { ...current, queuedAs: undefined });
  }

  /** Deletes the draft only if it still holds the text the server just confirmed. */
  async clearIfQueuedAs(key: string, entryId: string): Promise<void> {
    const store = await this.open();
    const current = await store.get(key);
    if (current?.queuedAs === entryId) await store.delete(key);
  }

  async clear(key: string): Promise<void> {
    return (await this.open()).delete(key);
  }

  async clearAll(): Promise<void> {
    return (await this.open()).clear();
  }
}

