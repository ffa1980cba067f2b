/**
 * Typed, overridable translation tables with plural rules.
 *
 * Each package adds its keys to `MessageCatalog` by declaration merging and
 * registers tables per locale. Hosts override any string per locale through
 * configuration. Lookup falls back from "fa-IR" to "fa" to English.
 */
import { registry, notifyRegistryChange } from '../registry.js';

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
  'core.draft.restored': Message;
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
  tables.set(key, { ...(tables.get(key) ?? {}), ...table });
  notifyRegistryChange();
}

/**
 * A widget's "register my tables" function: registers every locale's table the first
 * time it is called (from the widget's constructor), and does nothing after that.
 */
export function messageRegistration(tables: Readonly<Record<string, object>>): () => void {
  let registered = false;
  return () => {
    if (registered) return;
    registered = true;
    for (const [locale, table] of Object.entries(tables)) registerMessages(locale, table as MessageTable);
  };
}

export function normalizeLocale(locale: string): string {
  const trimmed = locale.trim().replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(trimmed)[0] ?? 'en';
  } catch {
    return 'en';
  }
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

/** The locales that have at least one registered table. */
export function availableLocales(): string[] {
  return [...registry().messages.keys()];
}

export class Translator {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  private readonly chain: string[];
  private readonly overrides: TranslationOverrides;
  private plurals: Intl.PluralRules | undefined;
  private numbers: Intl.NumberFormat | undefined;

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
    this.numbers ??= new Intl.NumberFormat(this.locale);
    return this.numbers.format(value);
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
    this.plurals ??= new Intl.PluralRules(this.locale);
    const category = this.plurals.select(count) as keyof PluralMessage;
    return message[category] ?? message.other;
  }
}
