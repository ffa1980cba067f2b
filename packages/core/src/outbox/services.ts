/**
 * One draft store per namespace per page, shared by every widget (and every
 * copy of core), and sign-out that wipes what Careline stored. The outbox itself
 * is in shared-outbox.ts, loaded when a page first needs it (outbox-controller.ts).
 */
import type { CareAdapter } from '../adapter.js';
import type { CareConfig } from '../config/config.js';
import { registry } from '../registry.js';
import { DATABASE_PREFIX } from '../storage/database-prefix.js';
import { DraftStore } from './drafts.js';
import { announceWipe } from '../storage/wipe-notices.js';
import type { Outbox } from './outbox.js';
import { namespaceOf } from './names.js';

export { DEFAULT_NAMESPACE, namespaceOf, outboxKey, existingOutbox, outboxDatabaseName } from './names.js';

export function sharedDrafts(config: Pick<CareConfig, 'namespace'>): DraftStore {
  return sharedService(`drafts:${namespaceOf(config)}`, () => new DraftStore({ namespace: namespaceOf(config) }));
}

/** @internal The page's one instance under `key` (shared by every copy of core), made on first use. */
export function sharedService<T>(key: string, create: () => T): T {
  const services = registry().services;
  if (!services.has(key)) services.set(key, create());
  return services.get(key) as T;
}

/**
 * Deletes everything Careline stored in this browser for this origin: unsent
 * writes, drafts, every `careline-*` IndexedDB database and storage key. Every widget, in
 * this tab (before this resolves) and in the others, forgets what it holds in memory: told
 * before the deletion, so nothing in flight writes back, and again after it.
 */
export async function wipeCarelineData(): Promise<void> {
  // First: widgets forget, and stop what could write (a draft about to be saved, a send under way).
  announceWipe();
  const services = registry().services;
  for (const [key, service] of services) {
    if (key.startsWith('outbox:')) await (service as Outbox).wipe().catch(() => undefined);
    if (key.startsWith('drafts:')) await (service as DraftStore).clearAll().catch(() => undefined);
  }
  const names = new Set<string>();
  try {
    for (const database of (await indexedDB.databases?.()) ?? []) {
      if (database.name?.startsWith(DATABASE_PREFIX)) names.add(database.name);
    }
  } catch {
    // indexedDB.databases() is missing in older browsers; the stores were cleared above.
  }
  await Promise.all(
    [...names].map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = () => resolve();
          // Blocked: open connections (this tab's stores, other tabs) are told to close and
          // the deletion completes when they do. Wait for that, but never hang a sign-out on it.
          request.onblocked = () => setTimeout(resolve, 3000);
        }),
    ),
  );
  for (const storage of [globalThis.localStorage, globalThis.sessionStorage]) {
    try {
      for (const key of Object.keys(storage)) if (key.startsWith(DATABASE_PREFIX) || key.startsWith('careline:')) storage.removeItem(key);
    } catch {
      // Storage access can throw in sandboxed frames.
    }
  }
  announceWipe();
}

/**
 * Signs out: ends the backend session (if the adapter has one), then wipes
 * Careline's stored data even when the backend call fails — on a shared
 * computer the next person must not find the last patient's text.
 */
export async function signOut(adapter: CareAdapter, signal: AbortSignal = new AbortController().signal): Promise<void> {
  try {
    await adapter.session?.signOut({ signal });
  } finally {
    await wipeCarelineData();
  }
}

export { listenForWipes } from '../storage/wipe-notices.js';
