/**
 * A time zone Intl knows ("Asia/Jakarta"), or undefined for anything else a backend or a page
 * might give (an unknown name, an empty string, not text at all): formatting with it would throw.
 * A module of its own, so only the code that checks a zone carries it.
 */
export function knownTimeZone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return undefined;
  }
}
