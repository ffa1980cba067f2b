/**
 * A server-chosen value (an item's or a post's id, "Observation/123") as part of an id attribute in
 * our shadow root, one to one: every character but letters, digits and "-" is written as its code
 * point between underscores, so "a/b" and "a_b" never share an id (and an aria-labelledby never
 * names another item's heading).
 */
export function idPart(value: unknown): string {
  return String(value).replace(/[^A-Za-z0-9-]/gu, (character) => `_${character.codePointAt(0)!.toString(16)}_`);
}
