/**
 * Shared Intl formatters. Building one costs far more than using it (the first in a page also
 * loads locale data), and a widget formats a date or number per item: one formatter per locale
 * and options, reused by every widget on the page. Formatters are immutable, so sharing is safe.
 */

const MAX_CACHED = 200;
const cache = new Map<string, object>();

function cached<T extends object>(kind: string, locale: string | undefined, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale ?? ''}|${options ? JSON.stringify(options) : ''}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    // Bounded: a page cycling through many time zones or options must not grow without end.
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(locale: string | undefined, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string | undefined, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

export function pluralRules(locale: string | undefined, options?: Intl.PluralRulesOptions): Intl.PluralRules {
  return cached('plural', locale, options, () => new Intl.PluralRules(locale, options));
}

export function listFormat(locale: string | undefined, options?: Intl.ListFormatOptions): Intl.ListFormat {
  return cached('list', locale, options, () => new Intl.ListFormat(locale, options));
}
