import { expect, fixture, html } from '@open-wc/testing';
import { collectEvents, nextFrame, rejectionOf, trackUnhandledRejections, waitFor } from './fixtures.js';

describe('fixtures', () => {
  it('nextFrame resolves after an animation frame', async () => {
    let framed = false;
    requestAnimationFrame(() => (framed = true));
    await nextFrame();
    expect(framed).to.equal(true);
  });

  it('waitFor resolves with the first truthy value', async () => {
    let ticks = 0;
    const value = await waitFor(() => (++ticks >= 3 ? `after ${ticks}` : null), { interval: 5 });
    expect(value).to.equal('after 3');
  });

  it('waitFor fails with the message and the last error', async () => {
    const error = await rejectionOf(
      waitFor(
        () => {
          throw new Error('still loading');
        },
        { timeout: 50, message: 'the feed to load' },
      ),
    );
    expect((error as Error).message).to.contain('Timed out after 50 ms waiting for the feed to load');
    expect((error as Error).message).to.contain('still loading');
  });

  it('collectEvents records events until stopped', async () => {
    const target = await fixture(html`<div></div>`);
    const collector = collectEvents<CustomEvent<number>>(target, 'care-change');
    target.dispatchEvent(new CustomEvent('care-change', { detail: 1 }));
    target.dispatchEvent(new CustomEvent('care-change', { detail: 2 }));
    target.dispatchEvent(new CustomEvent('other'));
    collector.stop();
    target.dispatchEvent(new CustomEvent('care-change', { detail: 3 }));
    expect(collector.count).to.equal(2);
    expect(collector.events.map((e) => e.detail)).to.deep.equal([1, 2]);
    expect(collector.last?.detail).to.equal(2);
  });

  it('trackUnhandledRejections counts rejections nobody handled, until stopped', async () => {
    const tracker = trackUnhandledRejections();
    const handled = Promise.reject(new Error('handled'));
    handled.catch(() => undefined);
    // A real unhandled rejection: the test runner also logs it, and the message says so.
    void Promise.reject(new Error('deliberate unhandled rejection from fixtures.test.ts (expected in the log)'));
    await waitFor(() => tracker.count > 0, { message: 'the unhandled rejection' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tracker.count).to.equal(1);
    expect((tracker.reasons[0] as Error).message).to.contain('deliberate unhandled rejection');
    tracker.stop();

    // After stop() nothing more is counted. A synthetic event with a promise that never
    // settles, so the runner's logger (which waits on the promise) stays quiet.
    const stillTracking = trackUnhandledRejections();
    const never = new Promise<never>(() => undefined);
    window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: never, reason: 'after stop' }));
    stillTracking.stop();
    expect(stillTracking.reasons).to.deep.equal(['after stop']);
    expect(tracker.count).to.equal(1);
  });

  it('rejectionOf fails when the promise resolves', async () => {
    const error = await rejectionOf(rejectionOf(Promise.resolve('fine')));
    expect((error as Error).message).to.contain('Expected the promise to reject');
  });
});
