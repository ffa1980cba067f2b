/**
 * Names of a namespace's shared services, and the lookup of its outbox once loaded. Apart from
 * services.ts so that a widget's first chunk, which only looks, carries none of the stores.
 */
import type { CareConfig } from '../config/config.js';
import { registry } from '../registry.js';
import { DATABASE_PREFIX } from '../storage/database-prefix.js';
import type { Outbox } from './outbox.js';

export const DEFAULT_NAMESPACE = 'default';

export function namespaceOf(config: Pick<CareConfig, 'namespace'>): string {
  return config.namespace ?? DEFAULT_NAMESPACE;
}

/** Where the page's outbox for a namespace is kept, once some widget has needed it. */
export function outboxKey(config: Pick<CareConfig, 'namespace'>): string {
  return `outbox:${namespaceOf(config)}`;
}

/** The page's outbox for this namespace if its code is loaded and it exists; never loads it. */
export function existingOutbox(config: Pick<CareConfig, 'namespace'>): Outbox | undefined {
  return registry().services.get(outboxKey(config)) as Outbox | undefined;
}

/** The outbox's database, Web Lock and BroadcastChannel name for a namespace (outbox.ts uses the same). */
export function outboxDatabaseName(config: Pick<CareConfig, 'namespace'>): string {
  return `${DATABASE_PREFIX}${namespaceOf(config)}-outbox`;
}
