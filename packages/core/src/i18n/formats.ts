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

/**
 * The formatter writes nothing for a time it cannot read, where Intl throws: one message or post
 * with a time a backend got wrong would otherwise break the render of the whole conversation or group.
 */
export function dateTimeFormat(locale: string | undefined, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', locale, options, () => {
    const formatter = new Intl.DateTimeFormat(locale, options);
    const format = formatter.format;
    Object.defineProperty(formatter, 'format', { value: (date?: Date | number) => (date === undefined || Number.isFinite(+date) ? format(date) : '') });
    return formatter;
  });
}

export function numberFormat(locale: string | undefined, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

/** A formatter a widget's first content uses: the options exactly as the widget passes them. */
export type FormatterSpec = { date: Intl.DateTimeFormatOptions } | { number: Intl.NumberFormatOptions };

/**
 * Builds, in the next task, the formatters a widget's first content will use: call it as the
 * widget's first data request goes out. The first Intl object in a page loads locale and time-zone
 * data (15–40 ms on a desktop, several times that on an old phone); built while the request is on
 * the network, that cost is no longer added to the patient's wait once the answer arrives. When
 * the answer is already there (the in-memory adapter of the bench, a cache), the render builds
 * them first and this finds them built.
 */
export function prepareFormatters(locale: string, specs: readonly FormatterSpec[]): void {
  setTimeout(() => {
    try {
      for (const spec of specs) {
        if ('date' in spec) dateTimeFormat(locale, spec.date);
        else numberFormat(locale, spec.number);
      }
    } catch {
      // A locale Intl refuses: the render says so in its own way (it falls back to English).
    }
  });
}

/**
 * Group separators of the locales whose whole numbers we can write exactly as Intl does (Latin
 * digits, groups of three; values ≥ 0 need no sign). Exact tags only: en-IN groups
 * by lakh, ms-BN uses dots, a `-u-nu-` extension changes the digits. formats.test.ts compares each
 * with Intl.NumberFormat in the browser, so a change in the browser's data shows up there.
 */
const INTEGER_GROUP_SEPARATORS: Readonly<Record<string, string>> = { en: ',', 'en-us': ',', 'en-gb': ',', id: '.', 'id-id': '.', ms: ',', 'ms-my': ',' };

/**
 * A whole number ≥ 0 as `numberFormat(locale).format(value)` writes it, without building an
 * Intl.NumberFormat where the locale allows: the first one in a page loads the browser's number
 * data (about 25 ms, and 65 ms at 4× CPU, in the bench), which would otherwise stand between a
 * widget's data and its first content just to write "12 replies" or "1,200 members".
 */
export function formatCount(locale: string | undefined, value: number): string {
  const separator = locale === undefined ? undefined : INTEGER_GROUP_SEPARATORS[locale.toLowerCase()];
  if (separator === undefined || !Number.isSafeInteger(value) || value < 0) return numberFormat(locale).format(value);
  const digits = String(value);
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += separator + digits.slice(i, i + 3);
  return grouped;
}

export function pluralRules(locale: string | undefined, options?: Intl.PluralRulesOptions): Intl.PluralRules {
  return cached('plural', locale, options, () => new Intl.PluralRules(locale, options));
}

export function listFormat(locale: string | undefined, options?: Intl.ListFormatOptions): Intl.ListFormat {
  return cached('list', locale, options, () => new Intl.ListFormat(locale, options));
}
