import { expect } from '@open-wc/testing';
import { CareError, isAbortError } from './errors.js';
import { retryTransient } from './retry.js';

describe('retryTransient', () => {
  it('retries passing failures and returns the first success', async () => {
    let calls = 0;
    const value = await retryTransient(
      async () => {
        calls++;
        if (calls < 3) throw new CareError(calls === 1 ? 'offline' : 'server', 'flaky');
        return 'ok';
      },
      { signal: new AbortController().signal, baseDelayMs: 5 },
    );
    expect([value, calls]).to.deep.equal(['ok', 3]);
  });

  it('does not retry final failures, and gives up after the last attempt', async () => {
    let calls = 0;
    const invalid = await retryTransient(() => (calls++, Promise.reject(new CareError('not-found', 'gone'))), { signal: new AbortController().signal }).catch((e) => e);
    expect([(invalid as CareError).kind, calls]).to.deep.equal(['not-found', 1]);
    calls = 0;
    const server = await retryTransient(() => (calls++, Promise.reject(new CareError('server', 'down'))), { signal: new AbortController().signal, attempts: 2, baseDelayMs: 1 }).catch((e) => e);
    expect([(server as CareError).kind, calls]).to.deep.equal(['server', 2]);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = retryTransient(() => Promise.reject(new CareError('server', 'down')), { signal: controller.signal, baseDelayMs: 10_000 });
    setTimeout(() => controller.abort(), 10);
    expect(isAbortError(await pending.catch((e) => e))).to.equal(true);
  });
});
