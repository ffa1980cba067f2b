/**
 * SMART App Launch (standalone patient launch) for a public browser app:
 * discovery, authorization code with PKCE S256 and `state`, token exchange, refresh.
 *
 * Where things are kept:
 * - access and refresh tokens: in memory only (this object), never in any storage;
 *   a reload means signing in again (usually silent while the server's login lasts);
 * - the PKCE verifier and `state`: in sessionStorage under one key, only between
 *   `authorize()` leaving the page and `completeAuthorization()` on return; deleted as
 *   soon as the exchange completes or fails.
 */
import { CareError, abortReasonOf, withTimeLimit, type CallOptions, type Unsubscribe } from '@careline/core';
import { type FhirHttpOptions } from './http.js';

/** The one sessionStorage key used during the redirect. */
export const SMART_PENDING_KEY = 'careline:smart-authorization';
export const DEFAULT_SMART_SCOPE = 'launch/patient openid fhirUser patient/*.read patient/Observation.write patient/Task.write';

export interface SmartAuthOptions {
  /** The FHIR base URL; discovery is `<fhirBaseUrl>/.well-known/smart-configuration`, and it is the `aud`. */
  fhirBaseUrl: string;
  /** The client id the hospital registered for this app (a public client: no secret). */
  clientId: string;
  /** Registered redirect URI: the page that calls `completeAuthorization()`. */
  redirectUri: string;
  scope?: string | undefined;
  /** Leaves the page for the authorization server. Default `location.assign`. */
  navigate?: ((url: string) => void) | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  /** Where the verifier waits during the redirect. Default `sessionStorage`. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
}

/** The parts of `.well-known/smart-configuration` this client uses. */
export interface SmartConfiguration {
  authorization_endpoint: string;
  token_endpoint: string;
  capabilities?: string[] | undefined;
  code_challenge_methods_supported?: string[] | undefined;
  scopes_supported?: string[] | undefined;
  [key: string]: unknown;
}

/** What a completed sign-in gives the app (the tokens themselves stay inside). */
export interface SmartGrant {
  patientId: string;
  scope: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface SmartAuth {
  readonly kind: 'smart';
  readonly fhirBaseUrl: string;
  /** The patient in context while signed in. */
  readonly patientId: string | undefined;
  /** Fetches (once) and returns the server's SMART configuration. */
  discover(options: CallOptions): Promise<SmartConfiguration>;
  /**
   * Starts the authorization: stores verifier and state for the return, builds the
   * authorization URL and navigates to it. `params` adds parameters (e.g. `login_hint`).
   */
  authorize(options: CallOptions & { params?: Record<string, string> | undefined }): Promise<void>;
  /** Whether `url` (default the current address) is a return from the authorization server for this app. */
  isAuthorizationResponse(url?: string): boolean;
  /**
   * Finishes the authorization on return: checks `state`, exchanges the code with the PKCE
   * verifier, and removes `code`/`state` from the address bar when `url` is the current address.
   */
  completeAuthorization(url?: string, options?: Partial<CallOptions>): Promise<SmartGrant>;
  /** A usable access token (refreshed when expired and a refresh token is held), or null when signed out. */
  accessToken(options: CallOptions): Promise<{ accessToken: string; patientId: string } | null>;
  /** The server refused the token: refresh it if possible. Resolves whether a new token is held. */
  recover(options: CallOptions): Promise<boolean>;
  /** Forgets the tokens. */
  signOut(): void;
  /** Told when tokens are obtained, refreshed, expire or are cleared. */
  subscribe(listener: () => void): Unsubscribe;
}

interface Pending {
  state: string;
  verifier: string;
  redirectUri: string;
  clientId: string;
  tokenEndpoint: string;
  createdAt: number;
}

interface Tokens {
  accessToken: string;
  refreshToken: string | undefined;
  patientId: string;
  scope: string;
  expiresAt: number;
  tokenEndpoint: string;
}

/** Refresh this long before the server's expiry, so a request never carries a token that just lapsed. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Creates a SMART App Launch client (standalone patient launch, public client, PKCE S256).
 * Tokens live in memory only; see the module comment for what is stored where.
 */
export function createSmartAuth(options: SmartAuthOptions): SmartAuth {
  const fhirBaseUrl = options.fhirBaseUrl.replace(/\/+$/, '');
  const scope = options.scope ?? DEFAULT_SMART_SCOPE;
  const http: FhirHttpOptions = { fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)), timeoutMs: options.timeoutMs ?? 20_000 };
  const storage = () => options.storage ?? globalThis.sessionStorage;
  const navigate = options.navigate ?? ((url: string) => location.assign(url));
  const listeners = new Set<() => void>();
  let configuration: Promise<SmartConfiguration> | undefined;
  let tokens: Tokens | undefined;
  let refreshing: Promise<boolean> | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const notify = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        console.error('[careline] A SMART auth listener threw.', error);
      }
    }
  };

  const setTokens = (next: Tokens | undefined) => {
    tokens = next;
    clearTimeout(expiryTimer);
    expiryTimer = undefined;
    // Listeners hear the expiry when it happens, not only at the next request.
    if (next) expiryTimer = setTimeout(notify, Math.max(0, next.expiresAt - EXPIRY_MARGIN_MS - Date.now()));
    notify();
  };

  async function discover(callOptions: CallOptions): Promise<SmartConfiguration> {
    configuration ??= withTimeLimit(callOptions.signal, http.timeoutMs, async (signal) => {
      const response = await http.fetch(`${fhirBaseUrl}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' }, signal, credentials: 'omit' });
      if (!response.ok) throw new CareError(response.status === 404 ? 'not-found' : 'server', `SMART discovery failed: HTTP ${response.status}.`, { status: response.status });
      const value = (await response.json()) as Partial<SmartConfiguration>;
      if (typeof value.authorization_endpoint !== 'string' || typeof value.token_endpoint !== 'string') {
        throw new CareError('server', 'The SMART configuration lacks authorization_endpoint or token_endpoint.');
      }
      return value as SmartConfiguration;
    });
    // A failed discovery is not cached: the next sign-in tries again.
    configuration.catch(() => {
      configuration = undefined;
    });
    return configuration;
  }

  async function authorize(callOptions: CallOptions & { params?: Record<string, string> | undefined }): Promise<void> {
    const config = await discover(callOptions);
    if (callOptions.signal.aborted) throw abortReasonOf(callOptions.signal);
    const methods = config.code_challenge_methods_supported;
    if (methods && !methods.includes('S256')) throw new CareError('server', 'The authorization server does not support PKCE S256.');
    const verifier = randomString(32);
    const state = randomString(16);
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const pending: Pending = { state, verifier, redirectUri: options.redirectUri, clientId: options.clientId, tokenEndpoint: config.token_endpoint, createdAt: Date.now() };
    storage().setItem(SMART_PENDING_KEY, JSON.stringify(pending));
    const url = new URL(config.authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      scope,
      state,
      aud: fhirBaseUrl,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...(callOptions.params ?? {}),
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    navigate(url.href);
  }

  function readPending(): Pending | undefined {
    try {
      const raw = storage().getItem(SMART_PENDING_KEY);
      return raw ? (JSON.parse(raw) as Pending) : undefined;
    } catch {
      return undefined;
    }
  }

  function isAuthorizationResponse(url: string = location.href): boolean {
    const params = new URL(url, location.href).searchParams;
    const pending = readPending();
    return pending !== undefined && params.get('state') === pending.state && (params.has('code') || params.has('error'));
  }

  async function completeAuthorization(url: string = location.href, callOptions: Partial<CallOptions> = {}): Promise<SmartGrant> {
    const signal = callOptions.signal ?? new AbortController().signal;
    const parsed = new URL(url, location.href);
    const pending = readPending();
    // The verifier is single-use whatever happens next.
    storage().removeItem(SMART_PENDING_KEY);
    stripFromAddressBar(parsed);
    if (!pending) throw new CareError('invalid', 'No sign-in is in progress (or it was already completed).');
    const state = parsed.searchParams.get('state');
    if (!state || state !== pending.state) throw new CareError('invalid', 'The sign-in response does not match the request (state differs).');
    const error = parsed.searchParams.get('error');
    if (error) {
      const description = parsed.searchParams.get('error_description') ?? error;
      throw new CareError(error === 'access_denied' ? 'forbidden' : 'unauthorized', `Sign-in failed: ${description}`);
    }
    const code = parsed.searchParams.get('code');
    if (!code) throw new CareError('invalid', 'The sign-in response has no code.');
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier });
    const next = await exchange(pending.tokenEndpoint, form, undefined, signal);
    setTokens(next);
    return { patientId: next.patientId, scope: next.scope, expiresAt: next.expiresAt };
  }

  /** POSTs a token request; a refused grant is `unauthorized`. */
  async function exchange(tokenEndpoint: string, form: URLSearchParams, previous: Tokens | undefined, signal: AbortSignal): Promise<Tokens> {
    let body: unknown;
    try {
      // The token endpoint is OAuth, not FHIR: no bearer token, a form body.
      body = (await fhirRequestNoAuth(tokenEndpoint, form, signal)).body;
    } catch (error) {
      if (error instanceof CareError && error.kind === 'invalid') throw new CareError('unauthorized', `The authorization server refused the grant: ${error.message}`, { status: error.status ?? 400, cause: error });
      throw error;
    }
    const value = (body ?? {}) as Record<string, unknown>;
    const accessToken = value['access_token'];
    const tokenType = value['token_type'];
    const patientId = typeof value['patient'] === 'string' ? value['patient'] : previous?.patientId;
    if (typeof accessToken !== 'string' || typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
      throw new CareError('server', 'The token response has no bearer access_token.');
    }
    if (!patientId) throw new CareError('server', 'The token response names no patient (was launch/patient granted?).');
    const expiresIn = typeof value['expires_in'] === 'number' ? value['expires_in'] : 3600;
    return {
      accessToken,
      refreshToken: typeof value['refresh_token'] === 'string' ? value['refresh_token'] : previous?.refreshToken,
      patientId,
      scope: typeof value['scope'] === 'string' ? value['scope'] : (previous?.scope ?? ''),
      expiresAt: Date.now() + expiresIn * 1000,
      tokenEndpoint,
    };
  }

  function fhirRequestNoAuth(url: string, form: URLSearchParams, signal: AbortSignal) {
    return withTimeLimit(signal, http.timeoutMs, async (inner) => {
      const response = await http.fetch(url, { method: 'POST', body: form, headers: { Accept: 'application/json' }, signal: inner, credentials: 'omit', cache: 'no-store' });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        const error = (json as { error?: string; error_description?: string } | undefined) ?? {};
        const kind = response.status === 400 || response.status === 401 ? 'invalid' : response.status === 429 ? 'rate-limited' : 'server';
        throw new CareError(kind, error.error_description ?? error.error ?? `HTTP ${response.status}`, { status: response.status });
      }
      return { body: json };
    });
  }

  /** Refreshes once for all concurrent callers; without a refresh token (or when refused) signs out. */
  function refresh(signal: AbortSignal): Promise<boolean> {
    const current = tokens;
    if (!current) return Promise.resolve(false);
    if (!current.refreshToken) {
      setTokens(undefined);
      return Promise.resolve(false);
    }
    refreshing ??= (async () => {
      try {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current.refreshToken ?? '', client_id: options.clientId });
        setTokens(await exchange(current.tokenEndpoint, form, current, signal));
        return true;
      } catch (error) {
        // A refused refresh ends the session; a network problem keeps the tokens for a later try.
        if (error instanceof CareError && error.kind === 'unauthorized') {
          setTokens(undefined);
          return false;
        }
        throw error;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  return {
    kind: 'smart',
    fhirBaseUrl,
    get patientId() {
      return tokens?.patientId;
    },
    discover,
    authorize,
    isAuthorizationResponse,
    completeAuthorization,
    async accessToken(callOptions) {
      if (callOptions.signal.aborted) throw abortReasonOf(callOptions.signal);
      if (tokens && tokens.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) await refresh(callOptions.signal);
      return tokens ? { accessToken: tokens.accessToken, patientId: tokens.patientId } : null;
    },
    recover: (callOptions) => refresh(callOptions.signal),
    signOut() {
      storage().removeItem(SMART_PENDING_KEY);
      setTokens(undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Removes `code`, `state` (and OAuth error parameters) from the address bar when `url` is the current address. */
function stripFromAddressBar(url: URL): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const current = new URL(location.href);
  if (current.origin !== url.origin || current.pathname !== url.pathname || current.searchParams.get('state') !== url.searchParams.get('state') || !current.searchParams.has('state')) return;
  for (const name of ['code', 'state', 'error', 'error_description', 'error_uri', 'iss']) current.searchParams.delete(name);
  history.replaceState(history.state, '', current.href);
}

function randomString(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Narrows an auth option to SMART. */
export function isSmartAuth(value: unknown): value is SmartAuth {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'smart';
}
