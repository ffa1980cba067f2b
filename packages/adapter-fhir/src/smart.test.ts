/**
 * SMART App Launch end to end against the test server's authorization server:
 * discovery, the authorization URL with PKCE S256, following it (the server approves at
 * once and redirects to a callback on this origin), completing the sign-in, reading the
 * record; wrong state, wrong verifier, refresh, sign-out, and where tokens are (not) kept.
 */
import { connectTestFhirServer } from '@careline/fhir-test-server/browser.js';
import { isCareError, type CareError } from '@careline/core';
import { expect } from '@open-wc/testing';
import { createFhirAdapter, createSmartAuth, SMART_PENDING_KEY, type SmartAuth } from './index.js';

const fhir = await connectTestFhirServer();
const synthea = fhir.patients.find((p) => p.kind === 'synthea')!;
const live = () => new AbortController().signal;

function smartFor(navigated: string[], extra: { redirectUri?: string } = {}): SmartAuth {
  return createSmartAuth({
    fhirBaseUrl: fhir.baseUrl,
    clientId: fhir.smartClient.clientId,
    redirectUri: extra.redirectUri ?? fhir.smartClient.redirectUri,
    navigate: (url) => navigated.push(url),
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject, but it resolved.');
}

function expectCareError(error: unknown, kind: string): asserts error is CareError {
  expect(isCareError(error), `a CareError (got ${String(error)})`).to.equal(true);
  expect((error as CareError).kind).to.equal(kind);
}

async function sha256base64url(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Every string value stored in this origin's IndexedDB databases. */
async function indexedDbText(): Promise<string> {
  const parts: string[] = [];
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(info.name!);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      parts.push(JSON.stringify(values));
    }
    db.close();
  }
  return parts.join('\n');
}

function storageText(storage: Storage): string {
  const parts: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)!;
    parts.push(`${key}=${storage.getItem(key)}`);
  }
  return parts.join('\n');
}

describe('SMART App Launch against the test authorization server', function () {
  this.timeout(30_000);
  let navigated: string[];
  let smart: SmartAuth;

  /** authorize() + following the authorization URL with fetch (the server approves at once). */
  async function signInFlow(patient = synthea.id): Promise<{ authorizeUrl: URL; landedOn: URL }> {
    await smart.authorize({ signal: live(), params: { login_hint: patient } });
    const url = navigated.at(-1);
    if (!url) throw new Error('authorize() did not navigate.');
    const response = await fetch(url);
    return { authorizeUrl: new URL(url), landedOn: new URL(response.url) };
  }

  beforeEach(() => {
    navigated = [];
    smart = smartFor(navigated);
    sessionStorage.removeItem(SMART_PENDING_KEY);
  });
  afterEach(() => smart.signOut());

  it('discovers the endpoints and capabilities', async () => {
    const config = await smart.discover({ signal: live() });
    expect(config.authorization_endpoint).to.equal(`${fhir.origin}/auth/authorize`);
    expect(config.token_endpoint).to.equal(`${fhir.origin}/auth/token`);
    expect(config.code_challenge_methods_supported).to.deep.equal(['S256']);
    expect(config.capabilities).to.include.members(['launch-standalone', 'client-public', 'context-standalone-patient', 'permission-patient']);
  });

  it('builds the authorization URL with PKCE S256, state and aud, keeping the verifier in sessionStorage only', async () => {
    await smart.authorize({ signal: live() });
    const url = new URL(navigated[0]!);
    const p = url.searchParams;
    expect(`${url.origin}${url.pathname}`).to.equal(`${fhir.origin}/auth/authorize`);
    expect(p.get('response_type')).to.equal('code');
    expect(p.get('client_id')).to.equal(fhir.smartClient.clientId);
    expect(p.get('redirect_uri')).to.equal(fhir.smartClient.redirectUri);
    expect(p.get('aud')).to.equal(fhir.baseUrl);
    expect(p.get('scope')).to.equal('launch/patient openid fhirUser patient/*.read patient/Observation.write patient/Task.write');
    expect(p.get('code_challenge_method')).to.equal('S256');
    expect(p.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).to.match(/^[A-Za-z0-9_-]{20,}$/);
    const pending = JSON.parse(sessionStorage.getItem(SMART_PENDING_KEY)!) as { verifier: string; state: string };
    expect(pending.state).to.equal(p.get('state'));
    expect(pending.verifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);
    expect(await sha256base64url(pending.verifier)).to.equal(p.get('code_challenge'));
  });

  it('signs in end to end: authorize, follow the redirect, complete, read the record; tokens never stored', async () => {
    const { landedOn } = await signInFlow();
    expect(`${landedOn.origin}${landedOn.pathname}`).to.equal(fhir.smartClient.redirectUri);
    expect(landedOn.searchParams.get('code')).to.be.a('string');
    expect(smart.isAuthorizationResponse(landedOn.href)).to.equal(true);

    // Land "on the page": the code and state in the address bar, as after the real redirect.
    const before = location.href;
    const here = new URL(location.href);
    here.searchParams.set('code', landedOn.searchParams.get('code')!);
    here.searchParams.set('state', landedOn.searchParams.get('state')!);
    history.replaceState(history.state, '', here.href);
    try {
      const grant = await smart.completeAuthorization();
      expect(grant.patientId).to.equal(synthea.id);
      expect(grant.scope).to.include('launch/patient');
      expect(new URL(location.href).searchParams.has('code'), 'code stripped from the address bar').to.equal(false);
      expect(new URL(location.href).searchParams.has('state'), 'state stripped from the address bar').to.equal(false);
    } finally {
      history.replaceState(history.state, '', before);
    }
    expect(sessionStorage.getItem(SMART_PENDING_KEY), 'verifier deleted after the exchange').to.equal(null);

    const adapter = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: smart });
    const session = await adapter.session.getSession({ signal: live() });
    expect(session.status === 'signed-in' && session.patient).to.deep.equal({ id: synthea.id, displayName: synthea.name });
    const vitals = await adapter.records.listSection('vitals', { limit: 3 }, { signal: live() });
    expect(vitals.items).to.have.length(3);
    expect(vitals.total).to.be.greaterThan(50);

    const token = (await smart.accessToken({ signal: live() }))!.accessToken;
    expect(storageText(localStorage)).not.to.include(token);
    expect(storageText(sessionStorage)).not.to.include(token);
    expect(await indexedDbText()).not.to.include(token);
    adapter.dispose();
  });

  it('rejects a response whose state differs, and forgets the verifier', async () => {
    const { landedOn } = await signInFlow();
    landedOn.searchParams.set('state', 'forged-state');
    expect(smart.isAuthorizationResponse(landedOn.href)).to.equal(false);
    expectCareError(await rejection(smart.completeAuthorization(landedOn.href)), 'invalid');
    expect(sessionStorage.getItem(SMART_PENDING_KEY)).to.equal(null);
    expect(await smart.accessToken({ signal: live() })).to.equal(null);
  });

  it('the token endpoint refuses a wrong PKCE verifier', async () => {
    const { landedOn } = await signInFlow();
    const pending = JSON.parse(sessionStorage.getItem(SMART_PENDING_KEY)!) as Record<string, unknown>;
    sessionStorage.setItem(SMART_PENDING_KEY, JSON.stringify({ ...pending, verifier: 'x'.repeat(43) }));
    expectCareError(await rejection(smart.completeAuthorization(landedOn.href)), 'unauthorized');
    expect(sessionStorage.getItem(SMART_PENDING_KEY)).to.equal(null);
  });

  it('an authorization error comes back typed (unknown patient: access_denied)', async () => {
    const { landedOn } = await signInFlow('no-such-patient');
    expect(landedOn.searchParams.get('error')).to.equal('access_denied');
    expectCareError(await rejection(smart.completeAuthorization(landedOn.href)), 'forbidden');
  });

  it('a refused access token is replaced through the refresh token, in memory', async () => {
    const { landedOn } = await signInFlow();
    await smart.completeAuthorization(landedOn.href);
    const first = (await smart.accessToken({ signal: live() }))!.accessToken;
    await fhir.setSession(first, 'guest'); // the server no longer accepts this access token
    const adapter = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: smart });
    const page = await adapter.records.listSection('labs', { limit: 1 }, { signal: live() });
    expect(page.items).to.have.length(1);
    const second = (await smart.accessToken({ signal: live() }))!.accessToken;
    expect(second).not.to.equal(first);
    adapter.dispose();
  });

  it('the session port: guest before, signIn() navigates, subscribers hear the sign-in and the sign-out', async () => {
    const adapter = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: smart, sessionCheckIntervalMs: 0 });
    expect((await adapter.session.getSession({ signal: live() })).status).to.equal('guest');
    const heard: string[] = [];
    const states: string[] = [];
    const unsubscribe = adapter.session.subscribe((s) => heard.push(s.status), { onConnectionChange: (s) => states.push(s) });
    await waitFor(() => states.includes('open'));
    await adapter.session.signIn!({ signal: live() });
    expect(navigated).to.have.length(1);
    const landedOn = new URL((await fetch(navigated[0]!)).url);
    await smart.completeAuthorization(landedOn.href);
    await waitFor(() => heard.includes('signed-in'));
    await adapter.session.signOut({ signal: live() });
    await waitFor(() => heard.at(-1) === 'guest');
    expect(await smart.accessToken({ signal: live() })).to.equal(null);
    unsubscribe();
    adapter.dispose();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
