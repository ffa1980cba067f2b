/**
 * Drafts of what a patient is typing. Saved as they type, kept while the text
 * waits in the outbox, and deleted only once the server has confirmed it.
 */
import { DATABASE_PREFIX, LazyIdbStore, ResilientStore, type FallbackReason, type KeyValueStore, type StorageMode } from '../storage/stores.js';

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

export class DraftStore {
  private readonly store: ResilientStore<Draft>;

  constructor(options: DraftStoreOptions) {
    const primary = options.store ?? new LazyIdbStore<Draft>(`${DATABASE_PREFIX}${options.namespace}-drafts`);
    this.store = new ResilientStore(primary, (reason) => options.onFallback?.(reason));
  }

  get storageMode(): StorageMode {
    return this.store.storageMode;
  }

  load(key: string): Promise<Draft | undefined> {
    return this.store.get(key);
  }

  /** Saves typed text; an empty text removes the draft. */
  async save(key: string, text: string): Promise<void> {
    if (text.trim() === '') {
      const current = await this.store.get(key);
      if (!current?.queuedAs) await this.store.delete(key);
      return;
    }
    await this.store.set(key, { key, text, updatedAt: Date.now() });
  }

  /**
   * Marks the draft as waiting in the outbox. With `text`, only if the draft still
   * holds that text: what the patient typed since is a new draft, not this send.
   */
  async markQueued(key: string, entryId: string, text?: string): Promise<void> {
    const current = await this.store.get(key);
    if (current && (text === undefined || current.text.trim() === text.trim())) await this.store.set(key, { ...current, queuedAs: entryId });
  }

  /** After a rejection the text is a draft again, so the patient can fix and resend it. */
  async unmarkQueued(key: string, entryId: string): Promise<void> {
    const current = await this.store.get(key);
    if (current?.queuedAs === entryId) await this.store.set(key, { ...current, queuedAs: undefined });
  }

  /** Deletes the draft only if it still holds the text the server just confirmed. */
  async clearIfQueuedAs(key: string, entryId: string): Promise<void> {
    const current = await this.store.get(key);
    if (current?.queuedAs === entryId) await this.store.delete(key);
  }

  clear(key: string): Promise<void> {
    return this.store.delete(key);
  }

  clearAll(): Promise<void> {
    return this.store.clear();
  }
}
