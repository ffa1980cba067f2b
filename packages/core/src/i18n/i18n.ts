/**
 * Typed, overridable translation tables with plural rules.
 *
 * Each package adds its keys to `MessageCatalog` by declaration merging and
 * registers tables per locale. Hosts override any string per locale through
 * configuration. Lookup falls back from "fa-IR" to "fa" to English.
 */
import { registry, notifyRegistryChange } from '../registry.js';
import { formatCount, pluralRules } from './formats.js';

/** Plural forms as `Intl.PluralRules` names them; `other` is always required. */
export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | PluralMessage;

/**
 * Every message key of every loaded package. Packages extend it:
 * `declare module '@careline/core' { interface MessageCatalog { 'chat.send': Message } }`
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MessageCatalog {
  'core.loading': Message;
  'core.retry': Message;
  'core.dismiss': Message;
  'core.cancel': Message;
  'core.empty': Message;
  'core.error.title': Message;
  'core.error.detail': Message;
  'core.offline': Message;
  'core.config.missing.title': Message;
  'core.config.missing.fix': Message;
  'core.config.invalid.title': Message;
  'core.storage.memoryOnly': Message;
  'core.outbox.pending': Message;
  'core.outbox.sending': Message;
  'core.outbox.failed': Message;
  'core.outbox.rejected': Message;
  'core.outbox.unauthorized': Message;
  'core.outbox.unavailable': Message;
  'core.draft.restored': Message;
  /** Read before a field's error by screen readers (visually hidden), as GOV.UK does. */
  'core.error.prefix': Message;
}

export type MessageKey = keyof MessageCatalog;
export type MessageTable = { [K in MessageKey]?: Message };
/** locale → key → message */
export type MessageTables = Map<string, MessageTable>;
/** What hosts pass in configuration: `{ en: { 'core.loading': 'Please wait…' } }` */
export type TranslationOverrides = Readonly<Record<string, MessageTable>>;

export type MessageParams = Readonly<Record<string, string | number>>;

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** Adds (or replaces) messages for a locale. Later registrations win, key by key. */
export function registerMessages(locale: string, table: MessageTable): void {
  const tables = registry().messages;
  const key = normalizeLocale(locale);
  const existing = tables.get(key);
  // Copied only to merge: a widget's first registration keeps its own (never mutated) table.
  tables.set(key, existing ? { ...existing, ...table } : table);
  notifyRegistryChange();
}

/**
 * Adds messages a widget's code brought with it when it loaded on demand (the English of its
 * rarer views): keys already registered, such as a host's own wording, are kept.
 */
export function registerDefaultMessages(locale: string, table: MessageTable): void {
  const tables = registry().messages;
  const key = normalizeLocale(locale);
  tables.set(key, { ...table, ...(tables.get(key) ?? {}) });
  notifyRegistryChange();
}

/** Loads one locale's table on demand: `() => import('./fa.js').then((m) => m.fa)`. */
export type MessageLoader = () => Promise<object>;

function messageLoaders(): Map<string, MessageLoader[]> {
  // `??=`: a registry made by an older copy of core on the same page has no loaders yet.
  const reg = registry() as ReturnType<typeof registry> & { messageLoaders?: Map<string, MessageLoader[]> };
  return (reg.messageLoaders ??= new Map());
}

/**
 * Adds a table that is loaded only when an element on the page needs `locale`, so a page
 * in one language never downloads the others.
 */
export function registerMessageLoader(locale: string, loader: MessageLoader): void {
  const key = normalizeLocale(locale);
  const loaders = messageLoaders();
  loaders.set(key, [...(loaders.get(key) ?? []), loader]);
}

/** Whether some table for `locale` (or a fallback on its chain) is registered but not loaded yet. */
export function hasPendingMessages(locale: string): boolean {
  const loaders = messageLoaders();
  return localeChain(locale).some((candidate) => (loaders.get(candidate)?.length ?? 0) > 0);
}

const loading = new Map<string, Promise<void>>();

/**
 * The load that `locale`'s chain still needs — started now, or already under way for another
 * widget — or undefined when every table it needs is in memory.
 */
export function whenMessagesLoaded(locale: string): Promise<void> | undefined {
  const loaders = messageLoaders();
  const needed = localeChain(locale).some((candidate) => (loaders.get(candidate)?.length ?? 0) > 0 || loading.has(candidate));
  return needed ? loadMessages(locale) : undefined;
}

/**
 * Loads every pending table on `locale`'s chain ("fa-IR" → "fa-IR", "fa", "en") and registers
 * it. Concurrent callers share one load. A table that fails to load (offline, a blocked chunk)
 * is logged and skipped, so the text falls back to English rather than never rendering.
 */
export function loadMessages(locale: string): Promise<void> {
  const loaders = messageLoaders();
  const jobs = localeChain(locale).flatMap((candidate) => {
    const pending = loaders.get(candidate);
    if (!pending?.length) return loading.has(candidate) ? [loading.get(candidate)!] : [];
    loaders.delete(candidate);
    const job = Promise.all(
      pending.map((loader) =>
        loader().then(
          (table) => table as MessageTable,
          (error: unknown) => {
            console.warn(`[careline] could not load the "${candidate}" messages; English is shown instead.`, error);
            return undefined;
          },
        ),
      ),
    ).then((tables) => {
      const merged = Object.assign({}, ...tables.filter(Boolean)) as MessageTable;
      if (Object.keys(merged).length) registerMessages(candidate, merged);
      loading.delete(candidate);
    });
    loading.set(candidate, job);
    return [job];
  });
  return Promise.all(jobs).then(() => undefined);
}

/**
 * A widget's "register my tables" function: the first time it is called (from the widget's
 * constructor) it registers every locale's table — in memory for a table given as an object,
 * on demand for one given as a {@link MessageLoader} — and does nothing after that.
 */
export function messageRegistration(tables: Readonly<Record<string, object | MessageLoader>>): () => void {
  let registered = false;
  return () => {
    if (registered) return;
    registered = true;
    for (const [locale, table] of Object.entries(tables)) {
      if (typeof table === 'function') registerMessageLoader(locale, table as MessageLoader);
      else registerMessages(locale, table as MessageTable);
    }
  };
}

/** Tags seen on this page and their canonical form: every translation and re-render asks again. */
// Seeded with the tags we ship: the first Intl.getCanonicalLocales calls of a page are slow, and
// every widget's constructor registers these.
const SHIPPED_LOCALES = ['en', 'id', 'ms', 'fa'];
const canonicalLocales = new Map<string, string>(SHIPPED_LOCALES.map((tag) => [tag, tag]));

export function normalizeLocale(locale: string): string {
  let canonical = canonicalLocales.get(locale);
  if (canonical === undefined) {
    const trimmed = locale.trim().replace(/_/g, '-');
    try {
      canonical = Intl.getCanonicalLocales(trimmed)[0] ?? 'en';
    } catch {
      canonical = 'en';
    }
    // Bounded: a page that sets many odd lang values must not grow it without end.
    if (canonicalLocales.size >= 100) canonicalLocales.clear();
    canonicalLocales.set(locale, canonical);
  }
  return canonical;
}

/** "fa-IR" → ["fa-IR", "fa", "en"] */
export function localeChain(locale: string): string[] {
  const chain: string[] = [];
  const parts = normalizeLocale(locale).split('-');
  for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join('-'));
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

export function directionOf(locale: string): 'ltr' | 'rtl' {
  const language = normalizeLocale(locale).split('-')[0] ?? 'en';
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}

/** The locales that have at least one registered table, loaded or not. */
export function availableLocales(): string[] {
  return [...new Set([...registry().messages.keys(), ...messageLoaders().keys()])];
}

export class Translator {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  private readonly chain: string[];
  private readonly overrides: TranslationOverrides;

  constructor(locale: string, overrides: TranslationOverrides = {}) {
    this.chain = localeChain(locale);
    // The first locale in the chain we actually have text for decides plurals and digits.
    const tables = registry().messages;
    this.locale = this.chain.find((candidate) => tables.has(candidate) || overrides[candidate]) ?? 'en';
    this.dir = directionOf(this.locale);
    this.overrides = overrides;
  }

  /** Translates `key`; `{name}` placeholders are filled from params; `count` selects the plural form. */
  t(key: MessageKey, params: MessageParams = {}): string {
    const message = this.lookup(key);
    if (message === undefined) return key;
    const text = typeof message === 'string' ? message : this.pluralForm(message, params['count']);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.formatNumber(value) : value;
    });
  }

  formatNumber(value: number): string {
    return formatCount(this.locale, value);
  }

  private lookup(key: MessageKey): Message | undefined {
    const tables = registry().messages;
    for (const locale of this.chain) {
      const overridden = this.overrides[locale]?.[key];
      if (overridden !== undefined) return overridden;
      const message = tables.get(locale)?.[key];
      if (message !== undefined) return message;
    }
    return undefined;
  }

  private pluralForm(message: PluralMessage, count: string | number | undefined): string {
    if (typeof count !== 'number') return message.other;
    if (count === 0 && message.zero !== undefined) return message.zero;
    const category = pluralRules(this.locale).select(count) as keyof PluralMessage;
    return message[category] ?? message.other;
  }
}
