import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onDemand } from '../on-demand.js';
import { Translator } from '../i18n/i18n.js';
import { OnDemandViewsController, updateCompleteWithViews, viewFetchTiming } from './on-demand-views-controller.js';

/** A host that counts update requests; views fetched through `fetch`, which the test controls. */
function setUp() {
  let updates = 0;
  const controllers: ReactiveController[] = [];
  const host = Object.assign(new EventTarget(), {
    renderRoot: document.createElement('div') as ParentNode,
    addController: (controller: ReactiveController) => void controllers.push(controller),
    removeController: () => undefined,
    requestUpdate: () => void updates++,
    updateComplete: Promise.resolve(true),
  }) satisfies ReactiveControllerHost;
  const fetches: Array<{ resolve: (value: { view: string }) => void; reject: (error: Error) => void }> = [];
  const code = onDemand(() => new Promise<{ view: string }>((resolve, reject) => fetches.push({ resolve, reject })));
  const views = new OnDemandViewsController(host, code);
  for (const controller of controllers) controller.hostConnected?.();
  return { views, fetches, updates: () => updates, disconnect: () => controllers.forEach((controller) => controller.hostDisconnected?.()) };
}
const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('OnDemandViewsController', () => {
  it('a failed preload says nothing and is not waited for; a need that joins it shows its failure', async () => {
    const { views, fetches, disconnect } = setUp();
    void views.load(true);
    expect(await Promise.race([views.settled(), settle().then(() => 'not waited')])).to.equal(false);
    fetches[0]!.reject(new Error('offline'));
    await settle();
    expect(views.failed, 'quiet').to.equal(false);

    void views.load(true);
    views.need(true);
    fetches[1]!.reject(new Error('offline'));
    await settle();
    expect(views.failed, 'needed').to.equal(true);
    disconnect();
  });

  it('views needed anew, or the connection back, try again after a failure; then render what loaded', async () => {
    const { views, fetches, disconnect } = setUp();
    views.need(true);
    fetches[0]!.reject(new Error('offline'));
    await settle();
    expect(views.failed).to.equal(true);
    views.need(true);
    expect(fetches.length, 'still failed while still needed').to.equal(1);
    views.need(false);
    views.need(true);
    expect(fetches.length, 'needed anew').to.equal(2);
    fetches[1]!.reject(new Error('offline'));
    await settle();
    expect(views.failed).to.equal(true);
    window.dispatchEvent(new Event('online'));
    expect(views.failed, 'the connection is back').to.equal(false);
    views.need(true);
    let complete = false;
    const done = updateCompleteWithViews([views as OnDemandViewsController<unknown>], async () => true).then(() => (complete = true));
    await settle();
    expect(complete, 'updateComplete waits for the needed fetch').to.equal(false);
    fetches[2]!.resolve({ view: 'the form' });
    await done;
    expect(views.value?.view).to.equal('the form');
    expect(views.render(new Translator('en'), 'could not load', (code) => code.view as never)).to.equal('the form');
    disconnect();
  });

  it('a needed fetch that stalls is shown as failed instead of "Loading…" for ever, and the views replace it if they arrive', async () => {
    const stallMs = viewFetchTiming.stallMs;
    viewFetchTiming.stallMs = 30;
    const { views, fetches, disconnect } = setUp();
    try {
      const t = new Translator('en');
      views.need(true);
      const stillLoading = views.render(t, 'could not load', () => 'views' as never);
      expect(views.failed, 'loading at first').to.equal(false);
      expect(stillLoading).to.not.equal('views');
      // updateComplete does not hang on a stalled download: it settles when the patient is told.
      await updateCompleteWithViews([views as OnDemandViewsController<unknown>], async () => true);
      expect(views.failed, 'told after the stall').to.equal(true);
      expect(fetches.length, 'one fetch, still under way').to.equal(1);
      fetches[0]!.resolve({ view: 'the form, late' });
      await settle();
      expect(views.failed).to.equal(false);
      expect(views.render(t, 'could not load', (code) => code.view as never)).to.equal('the form, late');
    } finally {
      viewFetchTiming.stallMs = stallMs;
      disconnect();
    }
  });

  it('a download that stalls again after the connection returns is said again', async () => {
    const stallMs = viewFetchTiming.stallMs;
    viewFetchTiming.stallMs = 20;
    const { views, fetches, disconnect } = setUp();
    try {
      views.need(true);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(views.failed, 'stalled').to.equal(true);
      window.dispatchEvent(new Event('online'));
      expect(views.failed, '"Loading…" again as the connection returns').to.equal(false);
      views.need(true); // the host's next update, as willUpdate calls it
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(views.failed, 'said again after another stall').to.equal(true);
      expect(fetches.length, 'the same download, still under way').to.equal(1);
    } finally {
      viewFetchTiming.stallMs = stallMs;
      fetches[0]?.reject(new Error('offline'));
      disconnect();
    }
  });

  it('updateComplete settles when the host leaves the page during a needed fetch, or after a stall the patient cancelled', async () => {
    const { views, fetches, disconnect } = setUp();
    views.need(true);
    disconnect();
    const settledOnce = await Promise.race([updateCompleteWithViews([views as OnDemandViewsController<unknown>], async () => true).then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('hung'), 500))]);
    expect(settledOnce).to.equal('settled');
    fetches[0]!.reject(new Error('offline'));
    await settle();

    const stallMs = viewFetchTiming.stallMs;
    viewFetchTiming.stallMs = 20;
    const second = setUp();
    try {
      second.views.need(true);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(second.views.failed, 'stalled').to.equal(true);
      second.views.need(false); // Cancel
      window.dispatchEvent(new Event('online')); // clears the problem; the download is still pending
      const result = await Promise.race([updateCompleteWithViews([second.views as OnDemandViewsController<unknown>], async () => true).then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('hung'), 500))]);
      expect(result).to.equal('settled');
    } finally {
      viewFetchTiming.stallMs = stallMs;
      second.fetches[0]?.reject(new Error('offline'));
      second.disconnect();
    }
  });

  it('reaching for a control that leads to the views preloads them, once, through one listener for the page', async () => {
    /** An element in the page with a shadow root holding `.opens-form` and `.other`, as a widget's host. */
    const widget = () => {
      const controllers: ReactiveController[] = [];
      const element = document.createElement('div');
      const root = element.attachShadow({ mode: 'open' });
      root.innerHTML = '<button class="opens-form">Correct</button><button class="other">Print</button>';
      document.body.append(element);
      const host = Object.assign(element, {
        renderRoot: root as ParentNode,
        addController: (controller: ReactiveController) => void controllers.push(controller),
        removeController: () => undefined,
        requestUpdate: () => undefined,
        updateComplete: Promise.resolve(true),
      }) satisfies ReactiveControllerHost;
      let fetched = 0;
      const views = new OnDemandViewsController(host, onDemand(() => (fetched++, Promise.resolve({ view: 'form' }))), '.opens-form');
      for (const controller of controllers) controller.hostConnected?.();
      const reach = (selector: string, type = 'pointerover') => root.querySelector(selector)!.dispatchEvent(type === 'focusin' ? new FocusEvent('focusin', { bubbles: true, composed: true }) : new PointerEvent(type, { bubbles: true, composed: true }));
      return { element, views, reach, fetched: () => fetched, disconnect: () => controllers.forEach((controller) => controller.hostDisconnected?.()) };
    };
    const first = widget();
    const second = widget();
    // The page's listener comes in the task after the first render (nothing can be reached for before it):
    // the render's updateComplete, then that task.
    await Promise.resolve();
    await settle();
    // A legacy page that stops pointer events on their way up does not stop the preload.
    const stop = (event: Event) => event.stopPropagation();
    document.body.addEventListener('pointerover', stop);
    try {
      first.reach('.other');
      second.reach('.opens-form');
      await settle();
      expect(first.fetched(), 'another control, or another widget\'s, is not reaching for these views').to.equal(0);
      expect(second.fetched()).to.equal(1);
      first.reach('.opens-form');
      await settle();
      expect(first.fetched(), 'the pointer over the control').to.equal(1);
      expect(first.views.value?.view).to.equal('form');
      first.reach('.opens-form', 'focusin');
      await settle();
      expect(first.fetched(), 'fetched once').to.equal(1);

      // A widget whose controllers were disconnected (it left the page) preloads nothing, even while its element is still in the document.
      const third = widget();
      third.disconnect();
      third.reach('.opens-form', 'focusin');
      await settle();
      expect(third.fetched()).to.equal(0);
      third.element.remove();
    } finally {
      document.body.removeEventListener('pointerover', stop);
      for (const each of [first, second]) {
        each.disconnect();
        each.element.remove();
      }
    }
  });
});
