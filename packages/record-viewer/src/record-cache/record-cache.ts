/**
 * The opt-in offline copy of the record: each section's first page, encrypted
 * with AES-GCM under a key the browser generates as non-extractable (script can
 * use it but never read it out). The key and the ciphertext live in one
 * IndexedDB database named with Careline's prefix, so sign-out deletes both.
 * Without the opt-in nothing of the record is ever written.
 */
import { sharedIdbStore, type CountableStore, type RecordItem } from '@careline/core';

export interface CachedSection {
  items: RecordItem[];
  total: number | undefined;
  /** When the copy was saved (ms since epoch). */
  savedAt: number;
}

type Stored = { kind: 'key'; key: CryptoKey } | { kind: 'section'; iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer; savedAt: number };

const KEY_ENTRY = 'key';

export class EncryptedRecordCache {
  private readonly store: CountableStore<Stored>;
  private key: Promise<CryptoKey> | undefined;

  /** `databaseName`: recordCopyDatabaseName(namespace) (name.ts), passed in so this module, fetched on demand, shares no module with the viewer's first chunk. */
  constructor(databaseName: string) {
    // Shared per page: one connection however many viewers come and go.
    this.store = sharedIdbStore<Stored>(databaseName);
  }

  private cryptoKey(): Promise<CryptoKey> {
    this.key ??= (async () => {
      const stored = await this.store.get(KEY_ENTRY);
      if (stored?.kind === 'key') return stored.key;
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await this.store.set(KEY_ENTRY, { kind: 'key', key });
      return key;
    })();
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  async save(name: string, section: Omit<CachedSection, 'savedAt'>): Promise<void> {
    const key = await this.cryptoKey();
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(section)));
    await this.store.set(`section:${name}`, { kind: 'section', iv, data, savedAt: Date.now() });
  }

  /** The saved copy, or undefined (none, or it cannot be decrypted any more: then it is dropped). */
  async load(name: string): Promise<CachedSection | undefined> {
    const stored = await this.store.get(`section:${name}`);
    if (stored?.kind !== 'section') return undefined;
    try {
      const key = await this.cryptoKey();
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: stored.iv }, key, stored.data);
      return { ...(JSON.parse(new TextDecoder().decode(plain)) as Omit<CachedSection, 'savedAt'>), savedAt: stored.savedAt };
    } catch {
      await this.store.delete(`section:${name}`).catch(() => undefined);
      return undefined;
    }
  }

  /** Forget the copy and the key (the viewer's opt-in was turned off). */
  async clear(): Promise<void> {
    this.key = undefined;
    await this.store.clear();
  }
}
