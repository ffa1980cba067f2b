/**
 * Whether unsent writes wait in storage, asked after a widget's first render: its own module,
 * fetched then, so the first chunk of a widget that only reads carries no store code.
 */
import type { CareConfig } from '../config/config.js';
import { outboxDatabaseName } from './names.js';
import { sharedIdbStore } from './shared-idb-store.js';

/**
 * Whether an earlier visit (or another tab) left writes unsent in this namespace, without
 * loading the outbox: a page that finds some loads it, so they are sent. Unknown counts as yes.
 */
export async function hasStoredWrites(config: Pick<CareConfig, 'namespace'>): Promise<boolean> {
  try {
    return (await sharedIdbStore<unknown>(outboxDatabaseName(config)).count()) > 0;
  } catch {
    return true;
  }
}
