/**
 * The sign-in itself (see sign-in.ts), fetched only by the page that starts or finishes one:
 *
 * 1. `startDiscourseSignIn` makes an RSA key pair in the browser (the private half cannot
 *    be exported and is kept in IndexedDB only until the member returns), and sends the
 *    member to `/user-api-key/new` on the forum.
 * 2. The forum sends them back with `?payload=` (the key, encrypted to our public key);
 *    `completeDiscourseSignIn` decrypts it, checks the nonce, removes the payload from the
 *    address, and keeps the key in session storage for this tab.
 */
import { createId } from '@careline/core';
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { clientIdName, forumOf, PAYLOAD_PARAM, storeDiscourseKey, withoutSignInParams } from './sign-in.js';

export interface DiscourseSignInOptions {
  /** The forum's origin, e.g. "https://community.example-hospital.org". */
  baseUrl: string;
  /** Shown to the member on the forum's approval page, e.g. "St. Elsewhere patient portal". */
  applicationName: string;
  /** Where the forum sends the member back (listed in the forum's `allowed user api auth redirects`). Default: this page. */
  authRedirect?: string | undefined;
  /** Default: read, write, session_info. */
  scopes?: readonly string[] | undefined;
  /** Default: `location.assign`. */
  navigate?: ((url: string) => void) | undefined;
}

interface PendingSignIn {
  privateKey: CryptoKey;
  nonce: string;
  clientId: string;
  startedAt: number;
}

/** A sign-in not finished within this time is forgotten (the member gave up). */
const PENDING_FOR_MS = 15 * 60_000;
const DEFAULT_SCOPES = ['read', 'write', 'session_info'] as const;

let store: UseStore | undefined;
const pendingStore = () => (store ??= createStore('careline-discourse-sign-in', 'pending'));

/** One id per browser and forum, so signing in again replaces the earlier key instead of adding one. */
export function discourseClientId(baseUrl: string): string {
  const name = clientIdName(baseUrl);
  try {
    const existing = localStorage.getItem(name);
    if (existing) return existing;
    const id = createId();
    localStorage.setItem(name, id);
    return id;
  } catch {
    return createId(); // storage blocked: a new client each time still works
  }
}

/** Sends the member to the forum to approve this site. */
export async function startDiscourseSignIn(options: DiscourseSignInOptions): Promise<void> {
  const pair = (await crypto.subtle.generateKey(
    // Discourse encrypts with RSA-OAEP, SHA-1 (Ruby OpenSSL's OAEP padding) when asked for padding=oaep.
    { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' },
    false,
    ['decrypt'],
  )) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const pem = `-----BEGIN PUBLIC KEY-----\n${(base64(spki).match(/.{1,64}/g) ?? []).join('\n')}\n-----END PUBLIC KEY-----`;
  const nonce = createId();
  const clientId = discourseClientId(options.baseUrl);
  await set(forumOf(options.baseUrl), { privateKey: pair.privateKey, nonce, clientId, startedAt: Date.now() } satisfies PendingSignIn, pendingStore());
  const url = new URL('/user-api-key/new', options.baseUrl);
  url.search = new URLSearchParams({
    application_name: options.applicationName,
    client_id: clientId,
    scopes: (options.scopes ?? DEFAULT_SCOPES).join(','),
    public_key: pem,
    nonce,
    auth_redirect: options.authRedirect ?? withoutSignInParams(location.href),
    padding: 'oaep',
  }).toString();
  (options.navigate ?? ((target: string) => location.assign(target)))(url.toString());
}

export class DiscourseSignInError extends Error {
  override readonly name = 'DiscourseSignInError';
}

/**
 * Finishes a sign-in when the address carries the forum's `payload`; otherwise resolves
 * undefined. The key is kept for this tab (`storedDiscourseKey`).
 */
export async function completeDiscourseSignIn(options: { baseUrl: string; address?: string | undefined; replaceAddress?: ((url: string) => void) | undefined }): Promise<{ key: string; clientId: string } | undefined> {
  const address = new URL(options.address ?? location.href);
  const payload = address.searchParams.get(PAYLOAD_PARAM);
  if (!payload) return undefined;
  // The encrypted key leaves the address (and the history) whatever happens next.
  (options.replaceAddress ?? ((url: string) => history.replaceState(history.state, '', url)))(withoutSignInParams(address.href));
  const forum = forumOf(options.baseUrl);
  const pending = await get<PendingSignIn>(forum, pendingStore());
  await del(forum, pendingStore());
  if (!pending || Date.now() - pending.startedAt > PENDING_FOR_MS) throw new DiscourseSignInError('This sign-in was not started on this page, or took too long. Please sign in again.');
  let data: { key?: unknown; nonce?: unknown };
  try {
    const plain = await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, pending.privateKey, unbase64(payload));
    data = JSON.parse(new TextDecoder().decode(plain)) as typeof data;
  } catch (error) {
    throw new DiscourseSignInError('The forum\'s answer could not be read. Please sign in again.', { cause: error });
  }
  if (data.nonce !== pending.nonce || typeof data.key !== 'string' || !data.key) throw new DiscourseSignInError('The forum\'s answer does not belong to this sign-in. Please sign in again.');
  // Storage blocked: the key is still returned, for a page that keeps it itself.
  storeDiscourseKey(options.baseUrl, data.key);
  return { key: data.key, clientId: pending.clientId };
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
function unbase64(text: string): Uint8Array<ArrayBuffer> {
  // Ruby's Base64.encode64 wraps lines; a form-encoded "+" may arrive as a space.
  const binary = atob(text.replace(/\s/g, (c) => (c === ' ' ? '+' : '')));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
