/**
 * Statuses as a backend of any make may send them: a status with any one value, at any depth,
 * missing or of the wrong type shows what can be read, or says it could not be shown. The page
 * never breaks: the reference field still works, the patient's other feedback still shows, and
 * nothing is thrown at the page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure, type CareAdapter, type FeedbackStatus } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, feedbackResolved, feedbackUnderReview, type MockBackend } from '@careline/mock';
import { collectPageReports, expectAccessible, waitFor, wrongVariants } from '@careline/testing';
import '../define.js';
import type { FeedbackStatusElement } from './feedback-status.js';

let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;
let counter = 0;

afterEach(() => {
  undo();
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (element: HTMLElement) => element.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const UNREADABLE = 'This feedback’s status could not be shown: part of it did not come through correctly.';

function setUp(seed: 'guest' | 'patient'): CareAdapter {
  undo();
  backend?.dispose();
  backend = createMockBackend({ seed });
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  undo = configure({ adapter, namespace: `feedback-status-wrong-${Date.now().toString(36)}-${counter++}` });
  return adapter;
}

/** What a status shows: never a message key, a stray "undefined" or "[object Object]". */
function problemsIn(shown: string): string | undefined {
  return /feedback(Status)?\.[a-z]|undefined|\[object|NaN/.exec(shown)?.[0];
}

describe('<care-feedback-status> with statuses a backend got wrong', function () {
  this.timeout(240_000);

  it('looks up each status with any one value missing or of the wrong type: shows it or says it could not be shown, and the form still works', async () => {
    const variants = wrongVariants(feedbackResolved);
    expect(variants.length, 'variants tried').to.be.greaterThan(150);
    const ports = setUp('guest');
    let current: unknown;
    ports.feedback!.getStatus = async () => current as FeedbackStatus;
    const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
    const failures: string[] = [];
    // Each unreadable status is reported (console.error): expected here.
    const { thrown } = await collectPageReports(async () => {
      for (const [index, variant] of variants.entries()) {
        current = variant.item;
        element.reference = `FB-WRONG-${String(index).padStart(4, '0')}`;
        const shown = await waitFor(
          () => {
            const result = root(element).querySelector('.result');
            return result?.querySelector('.status, [data-state="unreadable"], [data-state="error"]') ? text(result) : undefined;
          },
          { message: variant.label, timeout: 5000 },
        ).catch((error: Error) => `nothing: ${error.message}`);
        if (shown.startsWith('nothing')) failures.push(`${variant.label}: ${shown}`);
        else if (root(element).querySelector('.result [data-state="error"]')) failures.push(`${variant.label}: "Something went wrong" for data that came`);
        else if (problemsIn(shown)) failures.push(`${variant.label}: shows "${problemsIn(shown)}"`);
        if (!root(element).querySelector('#feedback-reference')) failures.push(`${variant.label}: the reference field is gone`);
        if (index === 0) await expectAccessible(element);
      }
    });
    expect(failures.slice(0, 12), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });

  it('shows the signed-in patient\'s other feedback beside one the backend got wrong', async () => {
    const ports = setUp('patient');
    const odd = [
      { ...feedbackUnderReview, reference: 'FB-ODD-0001', history: null },
      { ...feedbackUnderReview, reference: 'FB-ODD-0002', state: 'lost-in-the-post' },
      { ...feedbackUnderReview, reference: 'FB-ODD-0003', history: [null, { state: 'received' }] },
      null,
    ] as unknown as FeedbackStatus[];
    ports.feedback!.listMine = async () => [feedbackResolved, ...odd];
    const { thrown } = await collectPageReports(async () => {
      const element = await fixture<FeedbackStatusElement>(html`<care-feedback-status></care-feedback-status>`);
      const mine = await waitFor(() => root(element).querySelector('.mine-list') ?? root(element).querySelector('.mine [data-state="error"]'), { message: 'own feedback', timeout: 5000 });
      expect(mine.classList.contains('mine-list'), text(mine)).to.equal(true);
      const items = [...mine.querySelectorAll(':scope > li')];
      expect(items).to.have.length(5);
      expect(text(items[0])).to.contain(feedbackResolved.reference);
      expect(problemsIn(text(mine)), text(mine)).to.equal(undefined);
      expect(items.filter((item) => text(item) === UNREADABLE).length, 'the ones it cannot read say so').to.be.at.least(2);
      await expectAccessible(element);
    });
    expect(thrown.map(String), 'thrown at the page').to.deep.equal([]);
  });
});
