/**
 * Client-generated ids (outbox entries, idempotency keys, guest ids).
 * `crypto.randomUUID` exists only in secure contexts; many hospital pages are
 * still served over plain http, so fall back to `getRandomValues`.
 */
export function createId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // Insecure context in some browsers: fall through.
    }
  }
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A server-chosen value (an item's or a post's id, "Observation/123") as part of an id attribute in
 * our shadow root, one to one: every character but letters, digits and "-" is written as its code
 * point between underscores, so "a/b" and "a_b" never share an id (and an aria-labelledby never
 * names another item's heading).
 */
export function idPart(value: unknown): string {
  return String(value).replace(/[^A-Za-z0-9-]/gu, (character) => `_${character.codePointAt(0)!.toString(16)}_`);
}
