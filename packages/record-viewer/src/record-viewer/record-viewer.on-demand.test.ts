// The viewer's forms and whole-record actions are fetched on demand. Its own page (file): their
// code must not be in the page before these tests, and once fetched it stays for the page.
import { expect, fixture, html } from '@open-wc/testing';
import { configure, registerMessages, viewFetchTiming } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { expectAccessible, waitFor } from '@careline/testing';
import '../define.js';
import { formsSource, type RecordViewer } from './record-viewer.js';

let backend: MockBackend;
let undo: () => void = () => undefined;
const realFetch = formsSource.fetch;

beforeEach(() => {
  backend = createMockBackend();
  undo = configure({
    adapter: createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) }),
    namespace: `record-on-demand-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  });
});

afterEach(() => {
  formsSource.fetch = realFetch;
  undo();
  backend.dispose();
});

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const fetched = (path: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(path));
const formsFetched = () => fetched('/record-viewer/forms.ts');

async function prawnsOf(viewer: RecordViewer): Promise<Element> {
  return waitFor(() => [...viewer.shadowRoot!.querySelectorAll('.item')].find((item) => text(item).includes('Prawns')), { message: 'the allergy', timeout: 5000 });
}

describe('<care-record-viewer> forms on demand', function () {
  this.timeout(20_000);

  it('reading the record fetches no form code, nor the offline copy’s without the opt-in', async () => {
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="allergies,labs"></care-record-viewer>`);
    await prawnsOf(viewer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(formsFetched(), 'forms fetched while only reading').to.equal(false);
    expect(fetched('/record-cache/record-cache.ts'), 'the offline copy fetched without offline-copy').to.equal(false);
    viewer.remove();
  });

  it('a download or print whose code has stalled says it could not be prepared, instead of "Preparing…" for ever', async () => {
    const stallMs = viewFetchTiming.stallMs;
    viewFetchTiming.stallMs = 300;
    let giveUp: (error: Error) => void = () => undefined;
    formsSource.fetch = () => new Promise((_, reject) => (giveUp = reject));
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="allergies"></care-record-viewer>`);
      await prawnsOf(viewer);
      viewer.shadowRoot!.querySelector<HTMLButtonElement>('.export')!.click();
      await waitFor(() => text(viewer.shadowRoot!.querySelector('.export')).includes('Preparing'), { message: 'preparing' });
      await waitFor(() => text(viewer.shadowRoot!.querySelector('p.error[role="alert"]')) === 'Your record could not be downloaded. Please try again.', { message: 'could not prepare', timeout: 3000 });
      expect(viewer.shadowRoot!.querySelector<HTMLButtonElement>('.export')!.disabled, 'export can be pressed again').to.equal(false);
      viewer.remove();
    } finally {
      giveUp(new TypeError('Failed to fetch dynamically imported module'));
      viewFetchTiming.stallMs = stallMs;
      await new Promise((resolve) => setTimeout(resolve));
    }
  });

  it('reaching for a form fetches them quietly; when they cannot be fetched the form says so in its place, export says it could not prepare, and "Try again" brings the form', async () => {
    // A host's own wording for a form, registered before the forms load, is kept when they do.
    registerMessages('en', { 'record.correction.submit': 'Send my request' } as never);
    let calls = 0;
    formsSource.fetch = () => (calls++, Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="allergies"></care-record-viewer>`);
    const correct = (await prawnsOf(viewer)).querySelector<HTMLButtonElement>('.correct')!;
    correct.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    await waitFor(() => calls === 1, { message: 'hover fetches the forms' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(viewer.shadowRoot!.querySelector('[data-state="error"]') === null, 'a failed preload says nothing').to.equal(true);

    correct.click();
    const problem = await waitFor(() => viewer.shadowRoot!.querySelector('.item [data-state="error"]'), { message: 'the load problem in place of the form' });
    expect(calls, 'opening the form tried again').to.equal(2);
    expect(problem.getAttribute('role')).to.equal('alert');
    expect(text(problem)).to.include('This form could not be loaded. Check your connection and try again.');
    await expectAccessible(viewer);

    viewer.shadowRoot!.querySelector<HTMLButtonElement>('.export')!.click();
    await waitFor(() => text(viewer.shadowRoot!.querySelector('p.error[role="alert"]')) === 'Your record could not be downloaded. Please try again.', { message: 'export could not prepare' });

    // Never stuck: "Cancel" closes the form that could not load, and the item's button comes back.
    const cancel = [...viewer.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item button')].find((button) => text(button) === 'Cancel')!;
    const beforeCancel = calls;
    cancel.click();
    await viewer.updateComplete;
    expect(viewer.shadowRoot!.querySelector('.item [data-state="error"]') === null, 'closed').to.equal(true);
    (await prawnsOf(viewer)).querySelector<HTMLButtonElement>('.correct')!.click();
    const again = await waitFor(() => viewer.shadowRoot!.querySelector('.item [data-state="error"]'), { message: 'the problem again' });
    expect(calls, 'opening the form anew tried again').to.equal(beforeCancel + 1);

    formsSource.fetch = realFetch;
    [...again.querySelectorAll('button')].find((button) => text(button) === 'Try again')!.click();
    const form = await waitFor(() => viewer.shadowRoot!.querySelector('form.correction'), { message: 'the correction form' });
    await waitFor(() => viewer.shadowRoot!.activeElement?.matches('.correction h4'), { message: 'focus on the form heading' });
    expect(viewer.shadowRoot!.querySelector('.item [data-state="error"]') === null, 'the problem is gone').to.equal(true);
    expect(text(form.querySelector('button[type="submit"]'))).to.equal('Send my request');
    expect(text(form.querySelector('label[for="correction-reason"]')), 'the forms brought their English').to.not.equal('');
    expect(text(form.querySelector('label[for="correction-reason"]'))).to.not.include('record.');
    await expectAccessible(viewer);
  });
});
