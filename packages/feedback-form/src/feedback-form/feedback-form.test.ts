import { expect, fixture, html } from '@open-wc/testing';
import { CareError, configure, type CareAdapter, type DraftStore, type FeedbackInput, type FeedbackReceipt, type FeedbackKind, type FeedbackPort } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend, type MockBackendOptions } from '@careline/mock';
import { collectEvents, expectAccessible, waitFor, watchForExecution, WRONG_VALUES, wrongVariants, xssPayloads } from '@careline/testing';
import '../define.js';
import { wardQuestionSchema, xssQuestionSchema } from '../questions/fixtures.js';
import type { FeedbackForm } from './feedback-form.js';
import type { CareFeedbackInvalidEvent, CareFeedbackSubmitEvent, CareFeedbackUrgentEvent } from '../events.js';

let counter = 0;
let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;

function setUp(options: MockBackendOptions = {}, wrap: (adapter: CareAdapter) => CareAdapter = (a) => a, fetchWrapper?: (inner: typeof fetch) => typeof fetch): void {
  undo();
  backend?.dispose();
  // The form is filled in instantly here; the mock's own robot check would refuse that.
  backend = createMockBackend({ minFeedbackFillSeconds: 0, ...options });
  const mockFetch = createMockFetch(backend.handlers);
  adapter = wrap(createRestAdapter({ baseUrl: '/api/careline/v1', fetch: fetchWrapper ? fetchWrapper(mockFetch) : mockFetch }));
  undo = configure({ adapter, namespace: `feedback-test-${Date.now().toString(36)}-${counter++}`, outbox: { retry: { baseDelayMs: 20, maxDelayMs: 200, maxAutoAttempts: 200 } } });
}

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
});

/** What reached the mock backend, by upper-case reference (seeded feedback excluded). */
function submitted(): Map<string, FeedbackInput> {
  return new Map([...backend.store.feedbackRecords].flatMap(([key, record]) => (record.progresses && record.input ? [[key, record.input] as const] : [])));
}

const root = (form: HTMLElement) => form.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(form: HTMLElement, selector: string) => root(form).querySelector<T>(selector);

async function ready(form: FeedbackForm): Promise<void> {
  await waitFor(() => $(form, 'form[part="form"]'), { message: 'form rendered', timeout: 5000 });
}

async function fill(form: FeedbackForm, id: string, value: string): Promise<void> {
  const field = await waitFor(() => $<HTMLInputElement | HTMLTextAreaElement>(form, `#${id}`), { message: `#${id}`, timeout: 3000 });
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await form.updateComplete;
}

async function choose(form: FeedbackForm, id: string): Promise<void> {
  const control = await waitFor(() => $<HTMLInputElement>(form, `#${id}`), { message: `#${id}`, timeout: 3000 });
  control.click();
  await form.updateComplete;
}

async function selectDepartment(form: FeedbackForm, value: string): Promise<void> {
  const select = await waitFor(() => $(form, '#feedback-department') as HTMLSelectElement | null, { message: 'departments', timeout: 3000 });
  await waitFor(() => select.options.length > 1, { message: 'departments loaded', timeout: 3000 });
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await form.updateComplete;
}

async function send(form: FeedbackForm): Promise<void> {
  $<HTMLButtonElement>(form, 'form button[type="submit"]')!.click();
  await form.updateComplete;
}

async function receiptOf(form: FeedbackForm): Promise<string> {
  const reference = await waitFor(() => $(form, '.receipt .reference'), { message: 'receipt', timeout: 10_000 });
  return text(reference);
}

/** A minimal anonymous feedback of a kind, ready to send. */
async function fillAnonymous(form: FeedbackForm, kind: FeedbackKind, description: string): Promise<void> {
  await choose(form, `feedback-kind-${kind}`);
  if (kind === 'complaint') await selectDepartment(form, 'dep-pharmacy');
  await fill(form, 'feedback-description', description);
  await choose(form, 'feedback-about-me');
  await choose(form, 'feedback-anonymous');
}

describe('<care-feedback-form>', () => {
  it('empty state: every kind offered, nothing focused, accessible', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    const kinds = [...root(form).querySelectorAll<HTMLInputElement>('input[name="feedback-kind"]')].map((input) => input.value);
    expect(kinds).to.deep.equal(['compliment', 'complaint', 'suggestion', 'question']);
    expect(document.activeElement === document.body, 'nothing focused').to.equal(true);
    expect(text($(form, '.reassurance'))).to.contain('will not affect your care');
    await expectAccessible(form);
  });

  it('asks the backend nothing until the patient chooses what to tell; then the departments', async () => {
    const requests: string[] = [];
    setUp({}, undefined, (inner) => (input, init) => {
      requests.push(new Request(input, init).url);
      return inner(input, init);
    });
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests, 'looking at the form is not a request').to.deep.equal([]);
    await choose(form, 'feedback-kind-complaint');
    await selectDepartment(form, 'dep-pharmacy');
    expect(requests.filter((url) => url.includes('/departments'))).to.have.length(1);
  });

  for (const kind of ['compliment', 'complaint', 'suggestion', 'question'] as const) {
    it(`a ${kind} submits and shows its reference and acknowledgement date`, async () => {
      setUp();
      const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
      await ready(form);
      await choose(form, `feedback-kind-${kind}`);
      if (kind === 'complaint') await selectDepartment(form, 'dep-pharmacy');
      await fill(form, 'feedback-description', `My ${kind} about the pharmacy.`);
      if (kind !== 'question') await choose(form, 'feedback-rating-first');
      await choose(form, 'feedback-about-me');
      await fill(form, 'feedback-name', 'Siti Rahma');
      await choose(form, 'feedback-preference-email');
      await fill(form, 'feedback-email', 'siti@example.org');
      await choose(form, 'feedback-consent');
      await send(form);
      const reference = await receiptOf(form);
      expect(reference).to.match(/^FB-/);
      const status = backend.store.getFeedbackStatus(reference);
      expect(status.kind).to.equal(kind);
      // The backend's date (three working days after today, in Jakarta), in words.
      const expected = new Intl.DateTimeFormat('en', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${status.acknowledgeBy}T12:00:00Z`));
      expect(text($(form, '.receipt'))).to.contain(`by ${expected}.`);
      expect(document.activeElement === form, 'focus in the form').to.equal(true);
      expect(root(form).activeElement?.id).to.equal('feedback-receipt-title');
    });
  }

  it('the error summary takes focus, lists every problem and links to each field', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    const invalid = collectEvents<CareFeedbackInvalidEvent>(form, 'care-feedback-invalid');
    await send(form);
    const summary = $(form, '.error-summary')!;
    expect(root(form).activeElement === summary, 'the summary has focus').to.equal(true);
    expect(text(summary)).to.contain('There is a problem');
    expect(text(summary)).to.contain('Select what you would like to tell us');
    summary.querySelector('a')!.click();
    expect(root(form).activeElement?.id).to.equal('feedback-kind-compliment');
    // Beside its field, the error starts with a visually hidden "Error:" for screen readers.
    expect($(form, '#feedback-kind-error .care-visually-hidden')!.textContent).to.equal('Error:');
    expect(text($(form, '#feedback-kind-error'))).to.equal('Error: Select what you would like to tell us');
    await choose(form, 'feedback-kind-complaint');
    await fill(form, 'feedback-visit-day', '31');
    await fill(form, 'feedback-visit-month', '2');
    await fill(form, 'feedback-visit-year', '2026');
    await choose(form, 'feedback-about-someone');
    await choose(form, 'feedback-preference-email');
    await fill(form, 'feedback-email', 'not an email');
    await send(form);
    const messages = [...root(form).querySelectorAll('.error-summary a')].map((a) => [text(a), a.getAttribute('href')]);
    expect(messages).to.deep.include(['Select the department or service your complaint is about', '#feedback-department']);
    expect(messages).to.deep.include(['Date of your visit must be a real date', '#feedback-visit-day']);
    expect(messages).to.deep.include(['Enter what happened', '#feedback-description']);
    expect(messages).to.deep.include(['Enter the name of the person this feedback is about', '#feedback-behalf-name']);
    expect(messages).to.deep.include(['Enter an email address in the correct format, like name@example.com', '#feedback-email']);
    for (const [, href] of messages) expect($(form, href!), href!).to.exist;
    // Each error is also beside its field, tied to the control.
    expect($(form, '#feedback-email')!.getAttribute('aria-describedby')).to.contain('feedback-email-error');
    expect($(form, '#feedback-email')!.getAttribute('aria-invalid')).to.equal('true');
    expect(invalid.count).to.equal(2);
    expect(invalid.last!.fields).to.include('feedback-email');
    expect(JSON.stringify(invalid.last)).not.to.contain('not an email');
    await expectAccessible(form);
    const link = [...root(form).querySelectorAll<HTMLAnchorElement>('.error-summary a')].find((a) => a.getAttribute('href') === '#feedback-email')!;
    link.click();
    expect(root(form).activeElement?.id).to.equal('feedback-email');
  });

  it('anonymous feedback: no contact fields, a warning that follow-up is limited, and nothing identifying is sent', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-complaint');
    await choose(form, 'feedback-about-me');
    expect($(form, '#feedback-name')).to.exist;
    await choose(form, 'feedback-anonymous');
    expect($(form, '#feedback-name') === null, 'no name field').to.equal(true);
    expect(text($(form, '.warning-text'))).to.contain('we cannot reply to you');
    await selectDepartment(form, 'dep-laboratory');
    await fill(form, 'feedback-description', 'Results were given to the wrong person at the desk.');
    await send(form);
    const reference = await receiptOf(form);
    expect(text($(form, '.receipt'))).to.contain('You sent this anonymously');
    const input = submitted().get(reference.toUpperCase())!;
    expect(input.anonymous).to.equal(true);
    expect(input.contact).to.equal(undefined);
    expect(input.onBehalfOf).to.equal(undefined);
  });

  it('feedback on behalf of someone else carries their name, the relationship and the consent given', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-complaint');
    await selectDepartment(form, 'dep-inpatient');
    await fill(form, 'feedback-description', 'My father waited six hours for pain relief.');
    await choose(form, 'feedback-about-someone');
    await send(form);
    expect(text($(form, '.error-summary'))).to.contain('Select whether you have their permission');
    await fill(form, 'feedback-behalf-name', 'Ahmad Rahman');
    await fill(form, 'feedback-behalf-relationship', 'Daughter');
    await choose(form, 'feedback-behalf-consent-lacks-capacity');
    await fill(form, 'feedback-name', 'Siti Rahma');
    await choose(form, 'feedback-preference-phone');
    await fill(form, 'feedback-phone', '+62 812 ۳۴۵۶ 7890');
    await choose(form, 'feedback-consent');
    await send(form);
    const reference = await receiptOf(form);
    const input = submitted().get(reference.toUpperCase())!;
    expect(input.onBehalfOf).to.deep.equal({ name: 'Ahmad Rahman', relationship: 'Daughter', consent: 'lacks-capacity' });
    expect(input.contact).to.deep.include({ name: 'Siti Rahma', preference: 'phone', phone: '+62 812 3456 7890' });
    expect(input.consentToContact).to.equal(true);
  });

  it('names the age under which a parent writes for a child as the page sets it (child-age), in the reader\'s digits', async () => {
    setUp();
    const childOption = async (markup: ReturnType<typeof html>): Promise<string> => {
      const wrapper = await fixture<HTMLElement>(markup);
      const form = (wrapper.localName === 'care-feedback-form' ? wrapper : wrapper.querySelector('care-feedback-form')!) as FeedbackForm;
      await ready(form);
      await choose(form, 'feedback-kind-complaint');
      await choose(form, 'feedback-about-someone');
      const option = await waitFor(() => $(form, '#feedback-behalf-consent-child')?.parentElement, { message: 'child consent option' });
      return text(option);
    };
    expect(await childOption(html`<care-feedback-form></care-feedback-form>`)).to.equal('They are a child under 16 and I am their parent or guardian');
    expect(await childOption(html`<care-feedback-form child-age="18"></care-feedback-form>`)).to.equal('They are a child under 18 and I am their parent or guardian');
    expect(await childOption(html`<div lang="fa"><care-feedback-form child-age="18"></care-feedback-form></div>`)).to.include('زیر ۱۸ سال');
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      expect(await childOption(html`<care-feedback-form child-age="eighteen"></care-feedback-form>`), 'an age it cannot read: 16, not "under NaN"').to.equal(
        'They are a child under 16 and I am their parent or guardian',
      );
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).to.include('child-age="eighteen" is not a whole number of years from 1 to 21; 16 is used.');
  });

  it('a complaint can be sent when there are no departments to choose: none, a failure, or a list it cannot read', async () => {
    const cases: Array<[string, () => Promise<unknown>, boolean]> = [
      ['the backend has none', async () => [], false],
      ['the list fails', async () => Promise.reject(new CareError('not-found', 'No department list here.')), true],
      ['nothing in it can be offered', async () => [null, { id: 5, name: 'Pharmacy' }, 'Wards', { id: 'dep-x' }], true],
      ['not a list', async () => ({ departments: [] }), true],
    ];
    for (const [why, listDepartments, saysUnavailable] of cases) {
      setUp({}, (adapter) => {
        adapter.feedback!.listDepartments = listDepartments as never;
        return adapter;
      });
      const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
      await ready(form);
      await choose(form, 'feedback-kind-complaint');
      await waitFor(() => $(form, '#feedback-department') && !$(form, '#feedback-department')!.closest('.field')!.querySelector('[data-state="loading"]'), { message: `${why}: departments settled` });
      const field = $(form, '#feedback-department')!.closest('.field')!;
      expect(text(field).includes('could not be loaded'), `${why}: says the list could not be loaded`).to.equal(saysUnavailable);
      if (saysUnavailable) await expectAccessible(form);
      expect(($(form, '#feedback-department') as HTMLSelectElement).options.length, `${why}: only "Choose"`).to.equal(1);
      await fill(form, 'feedback-description', `The pharmacy queue was two hours (${why}).`);
      await choose(form, 'feedback-about-me');
      await choose(form, 'feedback-anonymous');
      await send(form);
      expect(text($(form, '.error-summary')), why).to.equal('');
      await receiptOf(form);
    }
  });

  it('offers only the departments it can read, and then asks for one', async () => {
    setUp({}, (adapter) => {
      adapter.feedback!.listDepartments = (async () => [null, { id: 'dep-pharmacy', name: 'Pharmacy' }, { id: 7 }, 'Wards']) as never;
      return adapter;
    });
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-complaint');
    const select = await waitFor(
      () => {
        const shown = $(form, '#feedback-department') as HTMLSelectElement | null;
        return shown?.options.length === 2 ? shown : undefined;
      },
      { message: 'departments' },
    );
    expect([...select.options].map((option) => option.textContent?.trim())).to.deep.equal(['Choose a department or service', 'Pharmacy']);
    await fill(form, 'feedback-description', 'The pharmacy queue was two hours.');
    await send(form);
    expect(text($(form, '.error-summary'))).to.contain('department');
  });

  it('shows a receipt whatever the backend answered to a send: the reference only as text, a date always', async () => {
    const good: FeedbackReceipt = { reference: 'FB-2026-A1B2-0001', acknowledgeBy: '2026-12-10', receivedAt: '2026-12-06T10:00:00.000Z', receiptEmailed: true };
    const answers = [
      ...wrongVariants(good),
      ...WRONG_VALUES.map((wrong) => ({ label: `receipt = ${JSON.stringify(wrong) ?? 'undefined'}`, item: wrong as FeedbackReceipt })),
    ];
    const problems: string[] = [];
    for (const { label, item } of answers) {
      setUp({}, (adapter) => {
        adapter.feedback!.submit = async () => item;
        return adapter;
      });
      const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
      await ready(form);
      await fillAnonymous(form, 'compliment', `Thank you, ward 7 (${label}).`);
      await send(form);
      const receipt = await waitFor(() => $(form, '.receipt'), { message: label, timeout: 10_000 }).catch(() => undefined);
      if (!receipt) {
        problems.push(`${label}: no receipt`);
        continue;
      }
      const shown = text(receipt);
      const odd = /undefined|NaN|\[object|1970|feedback\.receipt/.exec(shown);
      if (odd) problems.push(`${label}: shows "${odd[0]}"`);
      if (!/by [A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}\./.test(shown)) problems.push(`${label}: no date by which it is passed on: ${shown}`);
      const reference = typeof (item as { reference?: unknown } | null)?.reference === 'string' && (item as { reference: string }).reference.trim();
      if (reference && text($(form, '.receipt .reference')) !== reference) problems.push(`${label}: the reference is not shown`);
      if (!reference && !shown.includes('its reference number did not come through')) problems.push(`${label}: does not say the reference did not come`);
      if (label === 'reference = undefined') await expectAccessible(form);
      if (!reference && shown.includes('sent the reference number to your email')) problems.push(`${label}: says a reference it does not have was emailed`);
      // Sent anonymously: no reply will come, and only a reference it has is offered for following it up.
      if (!shown.includes('You sent this anonymously, so we cannot reply to you.')) problems.push(`${label}: does not say no reply can come`);
      if (!reference && shown.includes('Use the reference number')) problems.push(`${label}: offers a reference it does not have`);
      if (reference && !shown.includes('Use the reference number to follow it.')) problems.push(`${label}: does not say how to follow it`);
    }
    expect(problems.slice(0, 12), `${problems.length} problems`).to.deep.equal([]);
  });

  it('an urgent safety concern leads to emergency information, not a form that waits days', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form emergency-number="119" safety-line="021 555 0100"></care-feedback-form>`);
    await ready(form);
    const urgent = collectEvents<CareFeedbackUrgentEvent>(form, 'care-feedback-urgent');
    $<HTMLButtonElement>(form, '.urgent-link')!.click();
    await form.updateComplete;
    const panel = await waitFor(() => $(form, '.emergency--full'), { message: 'emergency panel' });
    expect(text(panel)).to.contain('call 119');
    expect(text(panel)).to.contain('021 555 0100');
    expect($(form, 'form[part="form"]') === null, 'no form').to.equal(true);
    expect(root(form).activeElement === panel, 'focus on the emergency panel').to.equal(true);
    expect(urgent.last!.reason).to.equal('chosen');
    await expectAccessible(form);
    panel.querySelector<HTMLButtonElement>('button')!.click();
    await ready(form);
    // Words that read like an emergency bring the same information beside the form.
    await choose(form, 'feedback-kind-complaint');
    await fill(form, 'feedback-description', 'My mother is having chest pain on ward 3 and nobody is coming');
    expect(text($(form, 'form .emergency'))).to.contain('call 119');
    expect(urgent.last!.reason).to.equal('detected');
    expect(urgent.count).to.equal(2);
  });

  it('the character count is shown as the patient types and said politely once they pause', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-suggestion');
    expect(text($(form, '#feedback-description-count'))).to.equal('You have 5,000 characters remaining');
    expect($(form, '#feedback-description')!.getAttribute('aria-describedby')).to.contain('feedback-description-count');
    const status = $(form, '.count-status')!;
    expect(status.getAttribute('aria-live')).to.equal('polite');
    await fill(form, 'feedback-description', 'x'.repeat(4999));
    expect(text($(form, '#feedback-description-count'))).to.equal('You have 1 character remaining');
    expect(text(status)).to.equal('');
    await waitFor(() => text(status) === 'You have 1 character remaining', { message: 'count announced after a pause', timeout: 3000 });
    await fill(form, 'feedback-description', 'x'.repeat(5003));
    expect(text($(form, '#feedback-description-count'))).to.equal('You have 3 characters too many');
    await choose(form, 'feedback-about-me');
    await choose(form, 'feedback-anonymous');
    await send(form);
    expect(text($(form, '.error-summary'))).to.contain('Your description must be 5,000 characters or fewer');
  });

  it('the draft survives a reload', async () => {
    setUp();
    let form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-suggestion');
    await fill(form, 'feedback-description', 'Please add more chairs in the pharmacy queue.');
    await fill(form, 'feedback-visit-day', '3');
    await choose(form, 'feedback-about-me');
    await new Promise((resolve) => setTimeout(resolve, 400));
    form.remove();
    form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await waitFor(() => $<HTMLTextAreaElement>(form, '#feedback-description')?.value === 'Please add more chairs in the pharmacy queue.', { message: 'draft restored', timeout: 5000 });
    expect($<HTMLInputElement>(form, '#feedback-kind-suggestion')!.checked).to.equal(true);
    expect($<HTMLInputElement>(form, '#feedback-visit-day')!.value).to.equal('3');
    expect($<HTMLInputElement>(form, '#feedback-about-me')!.checked).to.equal(true);
    expect(text($(form, '.restored'))).to.not.equal('');
  });

  it('a choice made before the stored draft is read back keeps both: the new choice and what was written', async () => {
    setUp();
    let form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-suggestion');
    await fill(form, 'feedback-description', 'Please add more chairs in the pharmacy queue.');
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The next visit's storage answers late (a slow phone), after the patient has chosen again.
    const drafts = (form.draft as unknown as { options: { drafts(): DraftStore } }).options.drafts();
    const load = drafts.load.bind(drafts);
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    drafts.load = async (key) => {
      await held;
      return load(key);
    };
    form.remove();
    form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-complaint');
    await waitFor(() => $(form, '#feedback-description'), { message: 'the details', timeout: 5000 });
    answer();
    await waitFor(() => $<HTMLTextAreaElement>(form, '#feedback-description')?.value === 'Please add more chairs in the pharmacy queue.', { message: 'what was written, back', timeout: 5000 });
    expect($<HTMLInputElement>(form, '#feedback-kind-complaint')!.checked, 'the new choice kept').to.equal(true);
    expect(text($(form, '.restored'))).to.not.equal('');
    await waitFor(
      async () => {
        const stored = JSON.parse((await load('feedback:feedback'))?.text ?? '{}') as { kind?: string; description?: string };
        return stored.kind === 'complaint' && stored.description === 'Please add more chairs in the pharmacy queue.';
      },
      { message: 'both stored', timeout: 5000 },
    );
  });

  it('sign-out empties a half-written form, on screen and in storage, for whoever is next', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(form);
    await choose(form, 'feedback-kind-complaint');
    await fill(form, 'feedback-description', 'The nurse on ward 7 ignored my pain for three hours.');
    await new Promise((resolve) => setTimeout(resolve, 400)); // the draft is saved

    const { signOut } = await import('@careline/core');
    await signOut(adapter);
    await form.updateComplete;
    const typedStays = () => text(root(form)).includes('ward 7') || [...root(form).querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('textarea, input')].some((field) => field.value.includes('ward 7'));
    expect(typedStays(), 'nothing of what was typed').to.equal(false);
    expect($<HTMLInputElement>(form, '#feedback-kind-complaint')!.checked, 'no kind chosen').to.equal(false);
    expect($(form, '#feedback-description') === null, 'back at the first question').to.equal(true);
    await expectAccessible(form);
    // Nor after a reload: the draft went with the sign-out.
    form.remove();
    const next = await fixture<FeedbackForm>(html`<care-feedback-form></care-feedback-form>`);
    await ready(next);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect($<HTMLInputElement>(next, '#feedback-kind-complaint')!.checked).to.equal(false);
    await choose(next, 'feedback-kind-complaint');
    const description = await waitFor(() => $<HTMLTextAreaElement>(next, '#feedback-description'), { message: 'description', timeout: 5000 });
    expect(description.value).to.equal('');
  });

  it('100 submissions through a network that fails 30% of the time arrive exactly once each, each with its reference', async function () {
    this.timeout(240_000);
    // Deterministic: half the failures never reach the server, half lose the response after it was stored.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let failures = 0;
    setUp({}, (a) => a, (inner) => async (input, init) => {
      const roll = random();
      if (roll < 0.15) {
        failures++;
        throw new TypeError('Failed to fetch (flaky network, request lost)');
      }
      const response = await inner(input, init);
      if (roll < 0.3) {
        failures++;
        throw new TypeError('Failed to fetch (flaky network, response lost)');
      }
      return response;
    });
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    const references: string[] = [];
    for (let index = 0; index < 100; index++) {
      await fillAnonymous(form, 'suggestion', `Suggestion number ${index}`);
      await send(form);
      references.push(await receiptOf(form));
      $<HTMLButtonElement>(form, '.receipt button')!.click();
      await ready(form);
    }
    expect(failures).to.be.greaterThan(30);
    expect(new Set(references).size).to.equal(100);
    const descriptions = [...submitted().values()].map((input) => input.description).sort();
    expect(descriptions).to.have.length(100);
    expect(new Set(descriptions).size).to.equal(100);
    for (const [index, reference] of references.entries()) expect(submitted().get(reference.toUpperCase())!.description).to.equal(`Suggestion number ${index}`);
  });

  it('feedback sent offline waits in the outbox and is delivered once when the connection returns', async () => {
    let online = false;
    setUp({}, (a) => a, (inner) => async (input, init) => {
      if (!online) throw new TypeError('Failed to fetch (offline)');
      return inner(input, init);
    });
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await waitFor(() => $(form, '#feedback-kind-compliment'), { message: 'form' });
    const submits = collectEvents<CareFeedbackSubmitEvent>(form, 'care-feedback-submit');
    await choose(form, 'feedback-kind-compliment');
    await fill(form, 'feedback-description', 'The night nurse on ward 2 was wonderful.');
    await choose(form, 'feedback-about-me');
    await choose(form, 'feedback-anonymous');
    await send(form);
    const sending = await waitFor(() => $(form, '.sending'), { message: 'sending panel' });
    expect(text(sending)).to.contain('saved on this device');
    // The panel shows as soon as the outbox has the entry; the event follows the enqueue.
    await waitFor(() => submits.count === 1, { message: 'submit event' });
    expect(submits.last!.kind).to.equal('compliment');
    expect(JSON.stringify({ ...submits.last })).not.to.contain('nurse');
    await waitFor(() => $(form, '.sending')?.textContent?.includes('unreliable'), { message: 'retrying', timeout: 5000 });
    online = true;
    const reference = await receiptOf(form);
    expect(submitted().size).to.equal(1);
    expect(submitted().get(reference.toUpperCase())!.kind).to.equal('compliment');
  });

  it('the acknowledgement date counts working days, skipping weekends and the hospital’s holidays across a year end', async () => {
    // A backend that does not commit to a date: the form counts the hospital's working days itself.
    setUp({}, (a) => ({
      ...a,
      feedback: {
        ...a.feedback!,
        submit: async (input, options) => ({ ...(await a.feedback!.submit(input, options)), acknowledgeBy: undefined, receivedAt: '2026-12-30T09:00:00Z' }),
      } satisfies FeedbackPort,
    }));
    const form = await fixture<FeedbackForm>(
      html`<care-feedback-form min-fill-seconds="0" holidays="2026-12-25 2026-12-31, 2027-01-01" time-zone="Asia/Jakarta" acknowledge-days="3"></care-feedback-form>`,
    );
    await ready(form);
    await fillAnonymous(form, 'complaint', 'The billing office was closed during opening hours.');
    await send(form);
    await receiptOf(form);
    // Wed 30 Dec: Thu 31 and Fri 1 are holidays, then the weekend; Mon 4, Tue 5, Wed 6.
    expect(text($(form, '.receipt'))).to.contain('by Wednesday, January 6, 2027');
  });

  it('the hospital’s own questions: shown for their kind, conditional, validated and sent as answers', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0">
      <script type="application/json" data-questions>${JSON.stringify(wardQuestionSchema)}</script>
    </care-feedback-form>`);
    await ready(form);
    expect($(form, '.questions') === null, 'no questions').to.equal(true);
    await fillAnonymous(form, 'complaint', 'Noise at night.');
    const questions = await waitFor(() => $(form, '.questions'), { message: 'questions' });
    const before = questions.querySelectorAll('.field').length;
    await send(form);
    expect(root(form).querySelectorAll('.error-summary a').length).to.be.greaterThan(0);
    for (const link of root(form).querySelectorAll<HTMLAnchorElement>('.error-summary a')) expect($(form, link.getAttribute('href')!), link.getAttribute('href')!).to.exist;
    await expectAccessible(form);
    // Answer every visible required question; conditional ones appear as their conditions hold.
    for (let round = 0; round < 5; round++) {
      for (const radio of root(form).querySelectorAll<HTMLInputElement>('.questions fieldset')) {
        const first = radio.querySelector<HTMLInputElement>('input[type="radio"]');
        if (first && !radio.querySelector<HTMLInputElement>('input:checked')) first.click();
      }
      for (const field of root(form).querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.questions input:not([type="radio"]), .questions textarea')) {
        if (!field.value) {
          field.value = field.type === 'date' ? '2026-11-01' : field.getAttribute('inputmode') === 'numeric' ? '2' : 'An answer';
          field.dispatchEvent(new Event('input'));
        }
      }
      await form.updateComplete;
    }
    expect($(form, '.questions')!.querySelectorAll('.field').length).to.be.at.least(before);
    await send(form);
    const reference = await receiptOf(form);
    const input = submitted().get(reference.toUpperCase())!;
    expect(input.answers).to.be.an('object');
    expect(Object.keys(input.answers!).length).to.be.greaterThan(0);
    for (const value of Object.values(input.answers!)) expect(['string', 'number', 'boolean']).to.include(typeof value);
  });

  it('works inside a host <form>: the page’s form is neither submitted nor disturbed', async () => {
    setUp();
    const host = await fixture<HTMLFormElement>(html`<form action="/should-not-go-here" method="post"><input name="page-field" value="x" /><care-feedback-form min-fill-seconds="0"></care-feedback-form></form>`);
    let hostSubmits = 0;
    host.addEventListener('submit', (event) => {
      hostSubmits++;
      event.preventDefault();
    });
    const form = host.querySelector<FeedbackForm>('care-feedback-form')!;
    await ready(form);
    await fillAnonymous(form, 'compliment', 'Lovely reception staff.');
    // Enter in a text field submits the widget's own form, not the page's.
    const description = $<HTMLTextAreaElement>(form, '#feedback-description')!;
    const dep = $<HTMLSelectElement>(form, '#feedback-department')!;
    expect(dep.form).to.not.equal(host);
    expect(description.form).to.not.equal(host);
    await send(form);
    await receiptOf(form);
    expect(hostSubmits).to.equal(0);
    expect([...new FormData(host).keys()]).to.deep.equal(['page-field']);
  });

  it('a robot is stopped by the honeypot and the minimum fill time; a person only has to send again', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="30"></care-feedback-form>`);
    await ready(form);
    const trap = $(form, '#feedback-website')!.closest('.field')!;
    expect(trap.getAttribute('aria-hidden')).to.equal('true');
    expect($(form, '#feedback-website')!.getAttribute('tabindex')).to.equal('-1');
    await fillAnonymous(form, 'suggestion', 'Longer visiting hours.');
    await fill(form, 'feedback-website', 'http://spam.example');
    await send(form);
    expect(text($(form, '.error-summary'))).to.contain('Leave the field');
    expect($(form, '#feedback-website')!.closest('.field')!.getAttribute('aria-hidden')).to.equal(null);
    await fill(form, 'feedback-website', '');
    await send(form);
    expect(text($(form, '.error-summary'))).to.contain('Check your feedback');
    expect(submitted().size).to.equal(0);
    await send(form);
    await receiptOf(form);
    expect([...submitted().values()][0]!.fillSeconds).to.be.a('number');
  });

  it('a rate limit is explained, and the feedback is sent when the limit allows', async () => {
    setUp({ feedbackRateLimit: { max: 1, perMs: 1500 } });
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    await fillAnonymous(form, 'suggestion', 'First.');
    await send(form);
    await receiptOf(form);
    $<HTMLButtonElement>(form, '.receipt button')!.click();
    await ready(form);
    await fillAnonymous(form, 'suggestion', 'Second, straight after.');
    await send(form);
    await waitFor(() => text($(form, '.sending')).includes('A lot of feedback has been sent from here'), { message: 'rate limit explained', timeout: 5000 });
    await receiptOf(form);
    expect(submitted().size).to.equal(2);
  });

  it('a refused send comes back into the form with the hospital’s message, losing nothing', async () => {
    setUp({}, (a) => ({
      ...a,
      feedback: { ...a.feedback!, submit: async (input, options) => a.feedback!.submit({ ...input, visitDate: '2999-01-01' }, options) } satisfies FeedbackPort,
    }));
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    await fillAnonymous(form, 'compliment', 'Kind doctors in radiology.');
    await send(form);
    const edit = await waitFor(() => $<HTMLButtonElement>(form, '.sending[data-entry-state="rejected"] button'), { message: 'rejected', timeout: 5000 });
    edit.click();
    await waitFor(() => $(form, '.error-summary'), { message: 'server errors shown' });
    expect(text($(form, '.error-summary'))).to.contain('future');
    expect($<HTMLTextAreaElement>(form, '#feedback-description')!.value).to.equal('Kind doctors in radiology.');
  });

  it('attachments upload with progress and go with the feedback; wrong types are refused with a message', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    await fillAnonymous(form, 'complaint', 'The lift was broken for a week.');
    const input = $<HTMLInputElement>(form, '#feedback-files')!;
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(2048)], 'lift.png', { type: 'image/png' }));
    files.items.add(new File(['#!/bin/sh'], 'run.sh', { type: 'application/x-sh' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitFor(() => text($(form, '.files')).includes('Uploaded'), { message: 'uploaded', timeout: 5000 });
    expect(text($(form, '.error-summary'))).to.contain('run.sh must be a JPG, PNG, GIF, WebP or PDF');
    await send(form);
    const reference = await receiptOf(form);
    expect(submitted().get(reference.toUpperCase())!.attachmentIds).to.have.length(1);
  });

  it('analytics events carry the kind and how the form was used, never what was typed', async () => {
    setUp();
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0"></care-feedback-form>`);
    await ready(form);
    const names = ['care-feedback-start', 'care-feedback-invalid', 'care-feedback-submit', 'care-feedback-receipt'];
    const seen: Event[] = [];
    for (const name of names) document.addEventListener(name, (event) => seen.push(event));
    await choose(form, 'feedback-kind-complaint');
    await selectDepartment(form, 'dep-radiology');
    await fill(form, 'feedback-description', 'SECRET-DIAGNOSIS text');
    await choose(form, 'feedback-about-me');
    await fill(form, 'feedback-name', 'SECRET-NAME');
    await send(form);
    await choose(form, 'feedback-preference-none');
    await send(form);
    const reference = await receiptOf(form);
    expect(seen.map((event) => event.type)).to.deep.equal(['care-feedback-start', 'care-feedback-invalid', 'care-feedback-submit', 'care-feedback-receipt']);
    for (const event of seen) {
      expect(event.bubbles && event.composed).to.equal(true);
      const fields = JSON.stringify(Object.fromEntries(Object.entries(event)));
      for (const secret of ['SECRET', reference, 'dep-radiology']) expect(fields).not.to.contain(secret);
    }
  });

  it('submitted and right-to-left states are accessible; Persian lays out right to left', async () => {
    setUp();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fa"><care-feedback-form min-fill-seconds="0"></care-feedback-form></div>`);
    const form = wrapper.querySelector<FeedbackForm>('care-feedback-form')!;
    await ready(form);
    expect($(form, '.care-root')!.getAttribute('dir')).to.equal('rtl');
    await expectAccessible(form);
    await send(form);
    const kindError = await waitFor(() => $(form, '#feedback-kind-error .care-visually-hidden'), { message: 'kind error' });
    expect(kindError.textContent, 'the hidden error marker is in Persian').to.equal('خطا:');
    await fillAnonymous(form, 'compliment', 'خیلی ممنون');
    await send(form);
    await receiptOf(form);
    await expectAccessible(form);
  });

  it('the XSS corpus through every text field and the hospital’s question texts executes nothing', async function () {
    this.timeout(120_000);
    const payloads = (await xssPayloads()).slice(0, 40);
    setUp({ seed: { departments: payloads.slice(0, 10).map((name, index) => ({ id: `dep-${index}`, name })) } });
    const monitor = watchForExecution();
    try {
      const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0" safety-line=${payloads[11]!}>
        <script type="application/json" data-questions>${JSON.stringify(xssQuestionSchema)}</script>
      </care-feedback-form>`);
      await ready(form);
      await choose(form, 'feedback-kind-complaint');
      await selectDepartment(form, 'dep-1');
      await choose(form, 'feedback-about-someone');
      await choose(form, 'feedback-preference-email');
      for (const [index, payload] of payloads.entries()) {
        for (const id of ['feedback-description', 'feedback-outcome', 'feedback-name', 'feedback-behalf-name', 'feedback-behalf-relationship', 'feedback-email', 'feedback-visit-day']) {
          await fill(form, id, `${payload} ${index}`);
        }
        for (const field of root(form).querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.questions input:not([type="radio"]), .questions textarea')) {
          field.value = payload;
          field.dispatchEvent(new Event('input'));
        }
        await form.updateComplete;
      }
      await send(form);
      $<HTMLButtonElement>(form, '.urgent-link')!.click();
      await form.updateComplete;
      await monitor.assertNothingExecuted(form.shadowRoot!);
    } finally {
      monitor.restore();
    }
  });
});
