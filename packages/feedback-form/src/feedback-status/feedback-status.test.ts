import { expect, fixture, html } from '@open-wc/testing';
import { configure, FEEDBACK_STATES, type CareAdapter } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, feedbackResolved, feedbackUnderReview, type MockBackend, type MockBackendOptions } from '@careline/mock';
import { collectEvents, expectAccessible, waitFor, watchForExecution, xssPayloads } from '@careline/testing';
import '../define.js';
import type { CareFeedbackTrackEvent } from '../events.js';
import { isPlausibleReference, normalizeReference, type FeedbackStatusElement } from './feedback-status.js';

let counter = 0;
let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;

function setUp(options: MockBackendOptions = {}): void {
  undo();
  backend?.dispose();
  backend = createMockBackend(options);
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  undo = configure({ adapter, namespace: `feedback-status-test-${Date.now().toString(36)}-${counter++}` });
}

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (element: HTMLElement) => element.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(element: HTMLElement, selector: string) => root(element).querySelector<T>(selector);

async function lookUp(element: FeedbackStatusElement, reference: string): Promise<void> {
  const input = await waitFor(() => $<HTMLInputElement>(element, '#feedback-reference'), { message: 'reference field' });
  input.value = reference;
  input.dispatchEvent(new Event('input'));
  await element.updateComplete;
  $<HTMLButtonElement>(element, 'form button[type="submit"]')!.click();
  await element.updateComplete;
}

describe('<care-feedback-status>', () => {
  it('shows every status of a seeded reference, with dates and the hospital’s responses', async () => {
    setUp({ seed: 'guest' });
    const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
    const tracked = collectEvents<CareFeedbackTrackEvent>(element, 'care-feedback-track');
    await lookUp(element, `  ${feedbackResolved.reference.toLowerCase()} `);
    const status = await waitFor(() => $(element, '.status'), { message: 'status', timeout: 5000 });
    expect(status.dataset['state']).to.equal('resolved');
    const steps = [...status.querySelectorAll('.step')];
    expect(steps.map((step) => text(step.querySelector('.step__name')))).to.deep.equal(['Received', 'Acknowledged', 'Under review', 'Responded', 'Resolved']);
    expect(steps).to.have.length(FEEDBACK_STATES.length);
    for (const [index, entry] of feedbackResolved.history.entries()) {
      const step = steps[FEEDBACK_STATES.indexOf(entry.state)]!;
      expect(step.querySelector('time')?.getAttribute('datetime'), `step ${index}`).to.equal(entry.at);
      if (entry.note) expect(text(step)).to.contain(entry.note);
    }
    expect(steps.at(-1)!.getAttribute('aria-current')).to.equal('step');
    expect(text(status)).to.contain('Status: Resolved');
    expect(root(element).activeElement?.classList.contains('result')).to.equal(true);
    expect(tracked.last!.found).to.equal(true);
    expect(tracked.last!.state).to.equal('resolved');
    expect(JSON.stringify({ ...tracked.last })).not.to.contain('FB-');
    await expectAccessible(element);
  });

  it('marks steps not reached yet, and reads the reference from the page address', async () => {
    setUp({ seed: 'guest' });
    const url = new URL(location.href);
    url.searchParams.set('reference', feedbackUnderReview.reference);
    history.replaceState(null, '', url);
    try {
      const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
      const status = await waitFor(() => $(element, '.status'), { message: 'status from address', timeout: 5000 });
      expect($<HTMLInputElement>(element, '#feedback-reference')!.value).to.equal(feedbackUnderReview.reference);
      expect(status.querySelectorAll('.step--done')).to.have.length(2);
      expect(status.querySelector('.step--current .step__name')!.textContent).to.equal('Under review');
      expect(status.querySelectorAll('.step--pending')).to.have.length(2);
      expect(text(status.querySelector('.step--pending'))).to.contain('Not yet');
    } finally {
      url.searchParams.delete('reference');
      history.replaceState(null, '', url);
    }
  });

  it('an unknown or malformed reference gets a clear message; the error summary links to the field', async () => {
    setUp({ seed: 'guest' });
    const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
    await lookUp(element, '');
    expect(root(element).activeElement === $(element, '.error-summary'), 'focus on the error summary').to.equal(true);
    expect(text($(element, '.error-summary'))).to.contain('Enter your reference number');
    await expectAccessible(element);
    $<HTMLAnchorElement>(element, '.error-summary a')!.click();
    expect(root(element).activeElement?.id).to.equal('feedback-reference');
    await lookUp(element, 'my complaint about the lift');
    expect(text($(element, '.error-summary'))).to.contain('as it is on your confirmation');
    const tracked = collectEvents<CareFeedbackTrackEvent>(element, 'care-feedback-track');
    await lookUp(element, 'FB-NOPE-9999');
    const notFound = await waitFor(() => $(element, '[data-state="not-found"]'), { message: 'not found', timeout: 5000 });
    expect(text(notFound)).to.contain('We could not find that reference number');
    expect(text(notFound)).to.contain('FB-NOPE-9999');
    expect(tracked.last!.found).to.equal(false);
  });

  it('new feedback moves through the statuses as the hospital works on it', async () => {
    let now = Date.parse('2026-11-23T02:00:00Z');
    setUp({ seed: 'guest', now: () => new Date(now), feedbackProgressMs: 60_000 });
    const receipt = backend.store.submitFeedback({ kind: 'complaint', description: 'Long wait.', anonymous: true });
    const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status reference=${receipt.reference}></care-feedback-status>`);
    await waitFor(() => $(element, '.status[data-state="received"]'), { message: 'received', timeout: 5000 });
    now += 3 * 60_000;
    await lookUp(element, receipt.reference);
    await waitFor(() => $(element, '.status[data-state="responded"]'), { message: 'responded', timeout: 5000 });
    expect(root(element).querySelectorAll('.step time')).to.have.length(4);
  });

  it('a signed-in patient sees their own feedback without a reference', async () => {
    setUp({ seed: 'patient' });
    const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
    const mine = await waitFor(() => $(element, '.mine-list'), { message: 'own feedback', timeout: 5000 });
    const references = [...mine.querySelectorAll('.status h4')].map((heading) => text(heading));
    expect(references.some((heading) => heading.includes(feedbackResolved.reference) || heading.includes(feedbackUnderReview.reference))).to.equal(true);
    await expectAccessible(element);
  });

  it('sign-out hides a patient\'s own feedback and a reference looked up', async () => {
    setUp({ seed: 'patient' });
    const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
    await waitFor(() => $(element, '.mine-list'), { message: 'own feedback', timeout: 5000 });
    await lookUp(element, feedbackResolved.reference);
    await waitFor(() => $(element, '.result .status'), { message: 'the status looked up', timeout: 5000 });

    const { signOut } = await import('@careline/core');
    await signOut(adapter);
    await element.updateComplete;
    expect($(element, '.mine-list') === null, 'no list of the last patient\'s feedback').to.equal(true);
    expect(text(root(element)).includes(feedbackResolved.reference) || text(root(element)).includes(feedbackUnderReview.reference), 'no reference of theirs').to.equal(false);
    expect($<HTMLInputElement>(element, '#feedback-reference')!.value, 'the reference field is empty').to.equal('');
    // Asked again, the session is a visitor's: still no list.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect($(element, '.mine-list') === null).to.equal(true);
    await expectAccessible(element);
  });

  it('is accessible and right to left in Persian', async () => {
    setUp({ seed: 'guest' });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fa"><care-feedback-status reference=${feedbackResolved.reference}></care-feedback-status></div>`);
    const element = wrapper.querySelector<FeedbackStatusElement>('care-feedback-status')!;
    await waitFor(() => $(element, '.status'), { message: 'status', timeout: 5000 });
    expect($(element, '.care-root')!.getAttribute('dir')).to.equal('rtl');
    await expectAccessible(element);
  });

  it('hospital responses with markup are shown as text', async () => {
    const payloads = (await xssPayloads()).slice(0, 30);
    setUp({ seed: 'guest' });
    const receipt = backend.store.submitFeedback({ kind: 'question', description: 'x', anonymous: true });
    for (const payload of payloads) backend.store.advanceFeedback(receipt.reference, 'responded', payload);
    const monitor = watchForExecution();
    try {
      const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status reference=${receipt.reference}></care-feedback-status>`);
      await waitFor(() => $(element, '.status'), { message: 'status', timeout: 5000 });
      expect(root(element).querySelectorAll('.step__note')).to.have.length(payloads.length);
      await monitor.assertNothingExecuted(element.shadowRoot!);
    } finally {
      monitor.restore();
    }
  });

  it('normalises what people type into a reference', () => {
    expect(normalizeReference(' ref: fb-2026-ab12-0001 ')).to.equal('FB-2026-AB12-0001');
    expect(normalizeReference('FB ۲۰۲۶ 0001')).to.equal('FB20260001');
    expect(isPlausibleReference('FB-DEMO-0001')).to.equal(true);
    expect(isPlausibleReference('MY COMPLAINT')).to.equal(false);
  });
});
