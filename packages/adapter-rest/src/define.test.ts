import { expect } from '@open-wc/testing';
import { adapterFactory } from '@careline/core';
import { createMockBackend, createMockFetch } from '@careline/mock';
import './define.js';

describe('@careline/adapter-rest/define.js', () => {
  it('registers a "rest" factory that builds an adapter from string attributes', async () => {
    const factory = adapterFactory('rest');
    expect(factory, 'registered').to.be.a('function');
    const adapter = factory!({ endpoint: '/api/careline/v1', 'timeout-ms': '5000', credentials: 'include' });
    expect(adapter.name).to.equal('rest');
    expect(Object.keys(adapter).filter((key) => ['session', 'chat', 'records', 'community', 'feedback'].includes(key))).to.have.length(5);
    adapter.dispose?.();
  });

  it('brings <care-provider> with it: markup configuration needs both, and widgets do not include the element', () => {
    expect(customElements.get('care-provider') !== undefined).to.equal(true);
  });

  it('explains a missing endpoint attribute', () => {
    expect(() => adapterFactory('rest')!({})).to.throw(/endpoint="\/api\/careline\/v1"/);
  });

  it('builds adapters that talk to the configured endpoint', async () => {
    const backend = createMockBackend({ baseUrl: '/api/define-test/v1' });
    const original = globalThis.fetch;
    globalThis.fetch = createMockFetch(backend.handlers);
    try {
      const adapter = adapterFactory('rest')!({ endpoint: '/api/define-test/v1' });
      const session = await adapter.session!.getSession({ signal: new AbortController().signal });
      expect(session.status).to.equal('signed-in');
    } finally {
      globalThis.fetch = original;
      backend.dispose();
    }
  });
});
