// The form past its first question is fetched on demand. Its own page (file): the details' code
// must not be in the page before these tests, and once fetched it stays for the page.
import { expect, fixture, html } from '@open-wc/testing';
import { configure, registerMessages, viewFetchTiming } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { expectAccessible, waitFor } from '@careline/testing';
import '../define-form.js';
import { detailsSource, type FeedbackForm } from './feedback-form.js';

let backend: MockBackend;
let undo: () => void = () => undefined;
const realFetch = detailsSource.fetch;
let fetches = 0;

beforeEach(() => {
  backend = createMockBackend({ minFeedbackFillSeconds: 0 });
  undo = configure({
    adapter: createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) }),
    namespace: `feedback-on-demand-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  });
});

afterEach(() => {
  detailsSource.fetch = realFetch;
  undo();
  backend.dispose();
});

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(form: HTMLElement, selector: string) => form.shadowRoot!.querySelector<T>(selector);
const detailsFetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/feedback-form/details.ts'));

describe('<care-feedback-form> details on demand', () => {
  // In order: the first two run before the details' code is in the page.
  it('the first view comes without the rest of the form: nothing fetched until the visitor reaches for it', async () => {
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await waitFor(() => $(form, 'form fieldset'), { message: 'first view' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(detailsFetched(), 'details fetched before any interaction').to.equal(false);
    expect(text($(form, 'form'))).to.include('What would you like to tell us? A compliment');
    await expectAccessible(form);
    form.remove();
  });

  it('a download that stalls is not "Loading…" for ever: after a while the problem is said where the questions go', async () => {
    const stallMs = viewFetchTiming.stallMs;
    viewFetchTiming.stallMs = 300;
    let giveUp: (error: Error) => void = () => undefined;
    detailsSource.fetch = () => new Promise((_, reject) => (giveUp = reject));
    try {
      const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
      await waitFor(() => $(form, 'form fieldset'), { message: 'first view' });
      $<HTMLInputElement>(form, '#feedback-kind-suggestion')!.click();
      await waitFor(() => text($(form, 'form')).includes('Loading'), { message: 'loading at first' });
      const problem = await waitFor(() => $(form, 'form [data-state="error"]'), { message: 'the stall said', timeout: 3000 });
      expect(text(problem)).to.include('The rest of this form could not be loaded.');
      expect($<HTMLInputElement>(form, '#feedback-kind-suggestion')!.checked, 'the kind stays chosen').to.equal(true);
      await expectAccessible(form);
      form.remove();
    } finally {
      giveUp(new TypeError('Failed to fetch dynamically imported module')); // the browser gives up in the end
      viewFetchTiming.stallMs = stallMs;
      await new Promise((resolve) => setTimeout(resolve));
    }
    expect(detailsFetched(), 'the real details were never fetched').to.equal(false);
  });

  it('reaching for the form fetches the rest quietly; when it cannot be fetched, choosing a kind says so where the questions go, keeps the choice, and "Try again" brings them', async () => {
    // A host's own wording for a detail, registered before the details load, is kept when they do.
    registerMessages('en', { 'feedback.description.complaint': 'Tell us what went wrong' } as never);
    let calls = 0;
    detailsSource.fetch = () => (calls++, Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await waitFor(() => $(form, 'form fieldset'), { message: 'first view' });
    $<HTMLInputElement>(form, '#feedback-kind-complaint')!.focus();
    await waitFor(() => calls === 1, { message: 'focus fetches the details' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect($(form, '[data-state="error"]') === null, 'a failed preload says nothing').to.equal(true);

    $<HTMLInputElement>(form, '#feedback-kind-complaint')!.click();
    const problem = await waitFor(() => $(form, 'form [data-state="error"]'), { message: 'the load problem' });
    expect(calls, 'choosing a kind tried again').to.equal(2);
    expect(problem.getAttribute('role')).to.equal('alert');
    expect(text(problem)).to.include('The rest of this form could not be loaded. Anything you have written is saved on this device.');
    expect($<HTMLInputElement>(form, '#feedback-kind-complaint')!.checked, 'the kind stays chosen').to.equal(true);
    await expectAccessible(form);

    // Emergency information never waits for the details: a draft (here set directly) that reads like an emergency shows it anyway.
    (form as unknown as { change(patch: object): void }).change({ description: 'My father cannot breathe and his lips are blue' });
    const emergency = await waitFor(() => $(form, '.emergency'), { message: 'emergency information without the details' });
    expect(text(emergency)).to.include('call 112');
    (form as unknown as { change(patch: object): void }).change({ description: '' });

    // "Send" cannot check anything without it: the error summary says why, nothing is sent.
    const stored = backend.store.feedbackRecords.size;
    $<HTMLButtonElement>(form, 'form button[type="submit"]')!.click();
    const summary = await waitFor(() => $(form, '.error-summary'), { message: 'error summary' });
    expect(text(summary)).to.include('The rest of this form could not be loaded.');
    expect(form.shadowRoot!.activeElement === summary, 'the summary has focus').to.equal(true);
    expect(backend.store.feedbackRecords.size, 'nothing reached the hospital').to.equal(stored);
    const failedCalls = calls;

    detailsSource.fetch = () => (fetches++, realFetch());
    [...problem.querySelectorAll('button')].find((button) => text(button) === 'Try again')!.click();
    await waitFor(() => $(form, '#feedback-description'), { message: 'the rest of the form' });
    await waitFor(() => form.shadowRoot!.activeElement?.id === 'feedback-department', { message: 'focus on the first field that arrived' });
    expect(calls).to.equal(failedCalls);
    expect(fetches).to.equal(1);
    expect($(form, 'form [data-state="error"]') === null, 'the problem is gone').to.equal(true);
    expect(text($(form, 'label[for="feedback-description"]'))).to.equal('Tell us what went wrong');
    expect(text($(form, 'label[for="feedback-outcome"]')), 'the rest of the English arrived').to.include('What would you like to happen');
    await expectAccessible(form);
  });

  it('a draft restored with its kind brings the details at once, with what was typed', async () => {
    const first = await fixture<FeedbackForm>(html`<care-feedback-form draft-name="restored"></care-feedback-form>`);
    await waitFor(() => $(first, '#feedback-kind-suggestion'), { message: 'first view' });
    $<HTMLInputElement>(first, '#feedback-kind-suggestion')!.click();
    const description = await waitFor(() => $<HTMLTextAreaElement>(first, '#feedback-description'), { message: 'details' });
    description.value = 'More benches by the lifts, please.';
    description.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    first.remove();
    const again = await fixture<FeedbackForm>(html`<care-feedback-form draft-name="restored"></care-feedback-form>`);
    const restored = await waitFor(() => $<HTMLTextAreaElement>(again, '#feedback-description'), { message: 'restored details' });
    expect(restored.value).to.equal('More benches by the lifts, please.');
  });
});
