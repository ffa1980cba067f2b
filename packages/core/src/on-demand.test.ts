import { expect } from '@open-wc/testing';
import { onDemand } from './on-demand.js';

describe('onDemand', () => {
  it('fetches once, however many ask at the same time, and keeps the value', async () => {
    let fetches = 0;
    const code = onDemand(async () => (fetches++, { answer: 42 }));
    expect(code.value).to.equal(undefined);
    const [a, b] = await Promise.all([code.load(), code.load()]);
    expect(a).to.equal(b);
    expect(code.value).to.equal(a);
    await code.load();
    expect(fetches).to.equal(1);
  });

  it('tries again after a failed fetch (offline), instead of remembering the failure', async () => {
    let fetches = 0;
    const code = onDemand(async () => {
      fetches++;
      if (fetches === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'loaded';
    });
    let failure: unknown;
    await code.load().catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(TypeError);
    expect(code.value).to.equal(undefined);
    expect(await code.load()).to.equal('loaded');
    expect(fetches).to.equal(2);
  });
});
