import { expect } from '@open-wc/testing';
import { CareError, isCareError, isAbortError, raceAbort, toCareError, throwIfAborted } from './errors.js';

describe('CareError', () => {
  it('carries kind, field messages and retry-after', () => {
    const error = new CareError('invalid', 'Check the form', { fieldErrors: { text: 'Too long' }, status: 422 });
    expect(error.kind).to.equal('invalid');
    expect(error.fieldErrors).to.deep.equal({ text: 'Too long' });
    expect(error.retryable).to.equal(false);
    expect(new CareError('rate-limited', 'Slow down', { retryAfterMs: 2000 }).retryAfterMs).to.equal(2000);
  });

  it('marks only transient kinds as retryable', () => {
    const retryable = (['offline', 'timeout', 'server', 'rate-limited'] as const).map((k) => new CareError(k, k).retryable);
    const final = (['unauthorized', 'forbidden', 'not-found', 'invalid', 'conflict'] as const).map((k) => new CareError(k, k).retryable);
    expect(retryable).to.deep.equal([true, true, true, true]);
    expect(final).to.deep.equal([false, false, false, false, false]);
  });

  it('is recognised across copies of core (no instanceof)', () => {
    const foreign = Object.assign(Object.create(null), { kind: 'server' });
    expect(isCareError(foreign)).to.equal(false);
    expect(isCareError(new CareError('server', 'x'))).to.equal(true);
  });

  it('keeps aborts as aborts and turns network failures into offline', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => throwIfAborted(controller.signal)).to.throw().that.satisfies(isAbortError);
    expect(isAbortError(toCareError(new DOMException('x', 'AbortError')))).to.equal(true);
    const network = toCareError(new TypeError('Failed to fetch'));
    expect(isCareError(network) && network.kind).to.equal('offline');
  });
});

describe('raceAbort', () => {
  it('releases the caller when the signal aborts, even if the work never settles', async () => {
    const controller = new AbortController();
    const never = new Promise<string>(() => undefined);
    const raced = raceAbort(never, controller.signal);
    controller.abort();
    let rejection: unknown;
    await raced.catch((error) => (rejection = error));
    expect(isAbortError(rejection)).to.equal(true);
  });

  it('passes results and failures through when not aborted', async () => {
    const signal = new AbortController().signal;
    expect(await raceAbort(Promise.resolve('ok'), signal)).to.equal('ok');
    let rejection: unknown;
    await raceAbort(Promise.reject(new CareError('server', 'x')), signal).catch((error) => (rejection = error));
    expect(isCareError(rejection)).to.equal(true);
  });
});
