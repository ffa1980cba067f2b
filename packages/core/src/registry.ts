/**
 * Page-wide state shared by every copy of @careline/core on the page.
 *
 * Legacy pages sometimes load two bundles (a CMS plugin and a theme both
 * including Careline). Keeping the page default configuration, adapter
 * factories, message tables and logged problems on one global object means
 * both copies see the same configuration and neither logs the same error twice.
 */
import type { CareAdapter } from './adapter.js';
import type { MessageTables } from './i18n/i18n.js';
import type { CareConfig, ConfigProblem } from './config/config.js';

export type AdapterFactory = (options: Record<string, string>) => CareAdapter;

export interface CarelineRegistry {
  version: 1;
  pageConfig: CareConfig | undefined;
  pageProblem: ConfigProblem | undefined;
  adapterFactories: Map<string, AdapterFactory>;
  messages: MessageTables;
  loggedProblems: Set<string>;
  /** Called whenever page configuration, adapter factories or messages change. */
  listeners: Set<() => void>;
  /** Shared per-page services (outboxes, drafts), keyed by namespace. */
  services: Map<string, unknown>;
  contextRootAttached: boolean;
}

const KEY = Symbol.for('careline.registry');

export function registry(): CarelineRegistry {
  const holder = globalThis as unknown as Record<symbol, CarelineRegistry | undefined>;
  let value = holder[KEY];
  if (!value) {
    value = {
      version: 1,
      pageConfig: undefined,
      pageProblem: undefined,
      adapterFactories: new Map(),
      messages: new Map(),
      loggedProblems: new Set(),
      listeners: new Set(),
      services: new Map(),
      contextRootAttached: false,
    };
    Object.defineProperty(holder, KEY, { value, configurable: true });
  }
  return value;
}

export function notifyRegistryChange(): void {
  for (const listener of [...registry().listeners]) {
    try {
      listener();
    } catch (error) {
      // A broken listener must not stop the others (or the host page).
      console.error('[careline]', error);
    }
  }
}

/** Logs a configuration problem once per page, however many widgets hit it. */
export function logProblemOnce(key: string, message: string): void {
  const logged = registry().loggedProblems;
  if (logged.has(key)) return;
  logged.add(key);
  console.error(`[careline] ${message}`);
}
