import { expect } from '@open-wc/testing';
import { adapterFactory } from '@careline/core';
import './define.js';

describe('@careline/adapter-discourse/define.js', () => {
  it('registers a "discourse" factory that builds a guest adapter from string attributes', async () => {
    const adapter = adapterFactory('discourse')!({ endpoint: 'https://forum.example-hospital.test', 'sign-in-url': '/sign-in', 'educator-groups': 'educators, nurses' });
    expect(adapter.name).to.equal('discourse');
    expect(Object.keys(adapter).filter((key) => ['session', 'chat', 'records', 'community', 'feedback'].includes(key)).sort()).to.deep.equal(['community', 'session']);
    expect(await adapter.session!.getSession({ signal: new AbortController().signal })).to.deep.equal({ status: 'guest', signInUrl: '/sign-in' });
    adapter.dispose?.();
  });

  it('explains a missing endpoint attribute', () => {
    expect(() => adapterFactory('discourse')!({})).to.throw(/endpoint="https:/);
  });
});
