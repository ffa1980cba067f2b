/** Discourse's User API key flow, with this test playing the forum's part (encrypting to our public key). */
import { expect } from '@open-wc/testing';
import { adapterFactory, createId } from '@careline/core';
import { createDiscourseAdapter } from './discourse-adapter.js';
import { DiscourseMock } from './mock.js';
import { completeDiscourseSignIn, DiscourseSignInError, startDiscourseSignIn } from './sign-in-flow.js';
import { forgetDiscourseKey, storedDiscourseClientId, storedDiscourseKey } from './sign-in.js';
import './define.js';

const FORUM = 'https://forum.example-hospital.test';
const RETURN = 'https://portal.example-hospital.test/community?group=5';
const live = () => new AbortController().signal;

/** What Discourse does on approval: RSA-OAEP (SHA-1) to the public key, Base64 with Ruby's line breaks. */
async function forumAnswer(newKeyUrl: string, content: { key: string; nonce?: string }): Promise<string> {
  const params = new URL(newKeyUrl).searchParams;
  const pem = params.get('public_key')!;
  const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
  const publicKey = await crypto.subtle.importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-1' }, false, ['encrypt']);
  const json = JSON.stringify({ key: content.key, nonce: content.nonce ?? params.get('nonce'), push: false, api: 4 });
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, new TextEncoder().encode(json)));
  const base64 = btoa(String.fromCharCode(...cipher)).replace(/.{60}/g, '$&\n') + '\n';
  const back = new URL(params.get('auth_redirect')!);
  back.searchParams.set('payload', base64);
  return back.href;
}

async function startedSignIn(): Promise<string> {
  let target = '';
  await startDiscourseSignIn({ baseUrl: FORUM, applicationName: 'St. Elsewhere patient portal', authRedirect: RETURN, navigate: (url) => (target = url) });
  return target;
}

describe('Discourse sign-in (User API keys)', () => {
  afterEach(() => forgetDiscourseKey(FORUM));

  it('sends the member to the forum with a public key, a nonce, the scopes and the way back', async () => {
    const target = new URL(await startedSignIn());
    expect(target.origin + target.pathname).to.equal(`${FORUM}/user-api-key/new`);
    const params = target.searchParams;
    expect(params.get('application_name')).to.equal('St. Elsewhere patient portal');
    expect(params.get('scopes')).to.equal('read,write,session_info');
    expect(params.get('auth_redirect')).to.equal(RETURN);
    expect(params.get('padding')).to.equal('oaep');
    expect(params.get('public_key')).to.match(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----$/);
    expect(params.get('nonce')).to.be.a('string').and.not.equal('');
    expect(params.get('client_id'), 'the same client id each time, so a new key replaces the old').to.equal(new URL(await startedSignIn()).searchParams.get('client_id'));
  });

  it('decrypts the key the forum sends back, checks the nonce, clears the address, and signs the member in', async () => {
    const answer = await forumAnswer(await startedSignIn(), { key: 'test-user-api-key' });
    let address = '';
    const result = await completeDiscourseSignIn({ baseUrl: FORUM, address: answer, replaceAddress: (url) => (address = url) });
    expect(result?.key).to.equal('test-user-api-key');
    expect(address, 'the encrypted key leaves the address').to.equal(RETURN);
    expect(storedDiscourseKey(FORUM)).to.equal('test-user-api-key');

    const mock = new DiscourseMock({ baseUrl: FORUM });
    let forgotten = false;
    const adapter = createDiscourseAdapter({ baseUrl: FORUM, userApiKey: () => storedDiscourseKey(FORUM), fetch: mock.fetch, onSignOut: () => (forgetDiscourseKey(FORUM), (forgotten = true)) });
    expect(await adapter.session.getSession({ signal: live() })).to.deep.include({ status: 'signed-in' });
    await adapter.session.signOut({ signal: live() });
    expect(forgotten).to.equal(true);
    expect(storedDiscourseKey(FORUM)).to.equal(null);
    adapter.dispose();
  });

  it('refuses an answer with another nonce, a replayed answer, and one it never asked for', async () => {
    const wrongNonce = await forumAnswer(await startedSignIn(), { key: 'k', nonce: createId() });
    const failure = await completeDiscourseSignIn({ baseUrl: FORUM, address: wrongNonce, replaceAddress: () => undefined }).then(() => undefined, (error: unknown) => error);
    expect(failure).to.be.instanceOf(DiscourseSignInError);
    expect(storedDiscourseKey(FORUM)).to.equal(null);

    const good = await forumAnswer(await startedSignIn(), { key: 'k2' });
    expect((await completeDiscourseSignIn({ baseUrl: FORUM, address: good, replaceAddress: () => undefined }))?.key).to.equal('k2');
    const replay = await completeDiscourseSignIn({ baseUrl: FORUM, address: good, replaceAddress: () => undefined }).then(() => undefined, (error: unknown) => error);
    expect(replay, 'the private key is gone after one use').to.be.instanceOf(DiscourseSignInError);

    expect(await completeDiscourseSignIn({ baseUrl: FORUM, address: RETURN, replaceAddress: () => undefined }), 'no payload: nothing to do').to.equal(undefined);
  });

  it('the markup form finishes a sign-in the forum answered on this page load, and sends the key with its client id', async () => {
    const before = location.href;
    const here = new URL(location.href);
    here.searchParams.set('group', '5');
    let target = '';
    await startDiscourseSignIn({ baseUrl: FORUM, applicationName: 'St. Elsewhere patient portal', authRedirect: here.href, navigate: (url) => (target = url) });
    const clientId = new URL(target).searchParams.get('client_id');
    expect(storedDiscourseClientId(FORUM)).to.equal(clientId);
    history.replaceState(history.state, '', await forumAnswer(target, { key: 'key-from-this-load' }));
    const mock = new DiscourseMock({ baseUrl: FORUM, userApiKey: 'key-from-this-load' });
    const sent: Headers[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => (sent.push(new Headers(init?.headers)), mock.fetch(input, init));
    try {
      const adapter = adapterFactory('discourse')!({ endpoint: FORUM, 'application-name': 'St. Elsewhere patient portal' });
      expect(await adapter.session!.getSession({ signal: live() })).to.deep.include({ status: 'signed-in' });
      expect(location.href, 'the encrypted key leaves the address').to.equal(here.href);
      expect(sent.length).to.be.greaterThan(0);
      for (const headers of sent) expect([headers.get('User-Api-Key'), headers.get('User-Api-Client-Id')]).to.deep.equal(['key-from-this-load', clientId]);
      adapter.dispose?.();
    } finally {
      globalThis.fetch = realFetch;
      history.replaceState(history.state, '', before);
    }
  });

  it('the markup form offers the built-in sign-in when given an application name', async () => {
    const adapter = adapterFactory('discourse')!({ endpoint: FORUM, 'application-name': 'St. Elsewhere patient portal' });
    const session = await adapter.session!.getSession({ signal: live() });
    expect(session.status).to.equal('guest');
    const signIn = new URL((session as { signInUrl: string }).signInUrl);
    expect(signIn.pathname, 'back to this page, which then goes to the forum').to.equal(location.pathname);
    expect(signIn.searchParams.get('careline-discourse-sign-in')).to.equal('1');
    adapter.dispose?.();
  });
});
