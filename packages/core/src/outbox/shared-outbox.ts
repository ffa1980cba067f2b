/**
 * The page's one outbox per namespace. Kept apart from services.ts so that the
 * outbox's code is only fetched by pages that write (see OutboxController).
 */
import type { CareConfig } from '../config/config.js';
import { registry } from '../registry.js';
import { Outbox } from './outbox.js';
import { namespaceOf, outboxKey, sharedDrafts } from './services.js';

/**
 * The page's outbox for this configuration's namespace. One adapter per
 * namespace: a second adapter for the same namespace takes over sending.
 */
export function sharedOutbox(config: Pick<CareConfig, 'namespace' | 'adapter' | 'outbox'>): Outbox {
  const key = outboxKey(config);
  const services = registry().services;
  let outbox = services.get(key) as Outbox | undefined;
  if (!outbox) {
    outbox = new Outbox({ namespace: namespaceOf(config), adapter: config.adapter, drafts: sharedDrafts(config), retry: config.outbox?.retry ?? {} });
    services.set(key, outbox);
  } else {
    outbox.setAdapter(config.adapter);
  }
  return outbox;
}

