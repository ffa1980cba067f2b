import { expect } from '@open-wc/testing';
import { adapterFactory } from '@careline/core';
import { connectTestFhirServer } from '@careline/fhir-test-server/browser.js';
import { smartScopeAttribute } from './define.js';

describe('@careline/adapter-fhir/define.js', () => {
  it('registers a "fhir" factory that builds a SMART-signed-in adapter from string attributes', async () => {
    const fhir = await connectTestFhirServer();
    const factory = adapterFactory('fhir');
    expect(factory, 'registered').to.be.a('function');
    const adapter = factory!({ 'base-url': fhir.baseUrl, 'client-id': fhir.smartClient.clientId, 'redirect-uri': fhir.smartClient.redirectUri, organisation: 'St Careline' });
    expect(adapter.name).to.equal('fhir');
    expect(adapter.records).to.be.an('object');
    expect(adapter.session?.signIn, 'SMART sign-in').to.be.a('function');
    // Nobody signed in yet: a guest, without a request to the FHIR server.
    expect((await adapter.session!.getSession({ signal: new AbortController().signal })).status).to.equal('guest');
    adapter.dispose?.();
  });

  it('explains missing attributes', () => {
    expect(() => adapterFactory('fhir')!({})).to.throw(/base-url=/);
    expect(() => adapterFactory('fhir')!({ 'base-url': 'https://fhir.example.org/r4' })).to.throw(/client-id/);
  });

  it('reads the SMART scopes from smart-scope (the provider keeps scope for itself)', () => {
    expect(smartScopeAttribute({ 'smart-scope': '  launch/patient   patient/*.rs\n openid ' })).to.equal('launch/patient patient/*.rs openid');
    expect(smartScopeAttribute({}), 'the default').to.equal(undefined);
    expect(smartScopeAttribute({ 'smart-scope': '  ' }), 'empty: the default').to.equal(undefined);
  });
});
