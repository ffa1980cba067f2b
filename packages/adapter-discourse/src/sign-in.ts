/**
 * Discourse's User API key flow, the sign-in meant for third-party clients: the member
 * approves the hospital's site on the forum, and the page receives a key for them alone.
 * Careline never sees a password.
 *
 * This module is what every page load needs: the key and client id kept from a sign-in.
 * The flow itself (sign-in-flow.ts: key pairs, IndexedDB, decryption) is fetched only by the
 * page that starts or finishes a sign-in, so a feed's first view does without it.
 */

/** @internal The forum's origin, which names what is kept for it. */
export const forumOf = (baseUrl: string) => new URL(baseUrl, globalThis.location?.href).origin;
const keyName = (baseUrl: string) => `careline-discourse-key:${forumOf(baseUrl)}`;
/** @internal Where the client id of `discourseClientId` is kept. */
export const clientIdName = (baseUrl: string) => `careline-discourse-client:${forumOf(baseUrl)}`;

/** The client id this browser signed in to the forum with, if it has one; never makes one. */
export function storedDiscourseClientId(baseUrl: string): string | null {
  try {
    return localStorage.getItem(clientIdName(baseUrl));
  } catch {
    return null;
  }
}

/** @internal Keeps the key for this tab; where storage is blocked the key is not kept. */
export function storeDiscourseKey(baseUrl: string, key: string): void {
  try {
    sessionStorage.setItem(keyName(baseUrl), key);
  } catch {
    // Storage blocked: nothing is kept.
  }
}

/** The member's key for this forum in this tab, if they signed in. */
export function storedDiscourseKey(baseUrl: string): string | null {
  try {
    return sessionStorage.getItem(keyName(baseUrl));
  } catch {
    return null;
  }
}

export function forgetDiscourseKey(baseUrl: string): void {
  try {
    sessionStorage.removeItem(keyName(baseUrl));
  } catch {
    // Nothing stored.
  }
}

/** The address without the forum's answer or our "start signing in" marker. */
export function withoutSignInParams(href: string): string {
  const url = new URL(href);
  for (const name of [PAYLOAD_PARAM, 'oneTimePassword', SIGN_IN_PARAM]) url.searchParams.delete(name);
  return url.href;
}

/** @internal The forum's answer in the address it sends the member back to: their key, encrypted to our public key. */
export const PAYLOAD_PARAM = 'payload';

/** Added to the page address by the markup form's "Sign in" link; the page then starts the flow. */
export const SIGN_IN_PARAM = 'careline-discourse-sign-in';
