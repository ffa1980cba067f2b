import { expect } from '@open-wc/testing';
import { adapterFactory } from '@careline/core';
import './define.js';
import { chatwootSpec } from './harness.js';
import { MockChatwoot } from './mock-chatwoot.js';

describe('@careline/adapter-chatwoot/define.js', () => {
  it('builds the adapter from attributes, with the identity the server rendered into the page', async () => {
    const spec = await chatwootSpec();
    const mock = new MockChatwoot({ baseUrl: 'https://chat.hospital.test', spec, expectedHash: (identifier) => `hash-of-${identifier}` });
    const original = globalThis.fetch;
    globalThis.fetch = mock.fetch;
    try {
      const adapter = adapterFactory('chatwoot')!({ endpoint: mock.baseUrl, inbox: mock.inbox.identifier, identifier: 'patient-42', 'identifier-hash': 'hash-of-patient-42', name: 'Ana' });
      await adapter.chat!.startConversation({}, { signal: new AbortController().signal, idempotencyKey: crypto.randomUUID() });
      const contact = [...mock.contacts.values()][0]!;
      expect(contact).to.include({ identifier: 'patient-42', name: 'Ana' });
      expect(mock.violations).to.deep.equal([]);
      adapter.dispose?.();
    } finally {
      globalThis.fetch = original;
    }
  });

  it('explains missing or inconsistent attributes', () => {
    expect(() => adapterFactory('chatwoot')!({ endpoint: 'https://chat.hospital.test' })).to.throw(/inbox=/);
    expect(() => adapterFactory('chatwoot')!({ endpoint: 'https://chat.hospital.test', inbox: 'x', 'identifier-hash': 'abc' })).to.throw(/identifier attribute/);
  });
});
