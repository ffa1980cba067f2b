/**
 * The form with a FHIR Questionnaire, sent through adapter-fhir to the real FHIR test
 * server, which validates every write against the R4 structure definitions.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure, type FhirResource } from '@careline/core';
import { createFhirAdapter, FEEDBACK_REFERENCE_SYSTEM } from '@careline/adapter-fhir';
import { connectTestFhirServer } from '@careline/fhir-test-server/browser.js';
import { expectAccessible, waitFor, watchForExecution } from '@careline/testing';
import '../define.js';
import { painClinicQuestionnaire, xssQuestionnaire } from '../questions/fixtures.js';
import { fromQuestionnaire, visibleQuestions } from '../questions/index.js';
import type { FeedbackForm } from './feedback-form.js';
import { questionControlId } from './control-id.js';

const fhir = await connectTestFhirServer();
const patient = fhir.patients.find((p) => p.kind === 'odd')!;
let undo: () => void = () => undefined;
let token = '';

beforeEach(async () => {
  token = await fhir.tokenFor(patient.id);
  const adapter = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: { accessToken: token, patientId: patient.id } });
  undo = configure({ adapter, namespace: `feedback-fhir-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`, outbox: { retry: { baseDelayMs: 20 } } });
});

afterEach(() => {
  undo();
  undo = () => undefined;
});

const root = (form: HTMLElement) => form.shadowRoot!;
const $ = <T extends Element = HTMLElement>(form: HTMLElement, selector: string) => root(form).querySelector<T>(selector);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function click(form: FeedbackForm, selector: string): Promise<void> {
  (await waitFor(() => $<HTMLInputElement>(form, selector), { message: selector })).click();
  await form.updateComplete;
}

async function type(form: FeedbackForm, selector: string, value: string): Promise<void> {
  const field = await waitFor(() => $<HTMLInputElement | HTMLTextAreaElement>(form, selector), { message: selector });
  field.value = value;
  field.dispatchEvent(new Event('input'));
  await form.updateComplete;
}

describe('<care-feedback-form> with a FHIR Questionnaire', function () {
  this.timeout(60_000);

  it('renders the Questionnaire, follows enableWhen, validates, and stores a valid QuestionnaireResponse', async () => {
    const form = await fixture<FeedbackForm>(html`<care-feedback-form min-fill-seconds="0" .questionnaire=${structuredClone(painClinicQuestionnaire)}></care-feedback-form>`);
    await click(form, '#feedback-kind-complaint');
    const set = fromQuestionnaire(painClinicQuestionnaire);
    const section = await waitFor(() => $(form, '.questions'), { message: 'questions' });
    expect(text(section.querySelector('h3'))).to.equal(set.title);
    // Only questions whose conditions hold are shown.
    const shown = () => [...root(form).querySelectorAll('.questions [id^="feedback-q-"]')].map((el) => el.id);
    const initiallyVisible = visibleQuestions(set, {}, 'complaint').filter((q) => q.type !== 'display').map(questionControlId);
    expect(shown().filter((id) => initiallyVisible.includes(id))).to.have.length(initiallyVisible.length);
    const hidden = set.questions.filter((q) => q.enableWhen && !visibleQuestions(set, {}, 'complaint').includes(q));
    expect(hidden.length, 'the fixture has conditional questions').to.be.greaterThan(0);
    for (const question of hidden) expect($(form, `#${questionControlId(question)}`) === null, question.id).to.equal(true);

    // Required questions are checked like every other field.
    await waitFor(() => (($(form, '#feedback-department') as HTMLSelectElement | null)?.options.length ?? 0) > 1, { message: 'departments from HealthcareService' });
    const select = $<HTMLSelectElement>(form, '#feedback-department')!;
    select.value = select.options[1]!.value;
    select.dispatchEvent(new Event('change'));
    await type(form, '#feedback-description', 'The pain clinic lost my referral.');
    await click(form, '#feedback-about-me');
    await click(form, '#feedback-anonymous');
    $<HTMLButtonElement>(form, 'form button[type="submit"]')!.click();
    await form.updateComplete;
    const required = visibleQuestions(set, {}, 'complaint').filter((q) => q.required);
    expect(required.length).to.be.greaterThan(0);
    const links = [...root(form).querySelectorAll('.error-summary a')].map((a) => a.getAttribute('href'));
    for (const question of required) expect(links).to.include(`#${questionControlId(question)}`);
    await expectAccessible(form);

    // Answer until nothing is missing: conditional questions appear as answers make them relevant.
    for (let round = 0; round < 6; round++) {
      for (const group of root(form).querySelectorAll<HTMLFieldSetElement>('.questions fieldset')) {
        const radios = [...group.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
        if (radios.length && !radios.some((r) => r.checked)) radios[0]!.click();
      }
      for (const field of root(form).querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.questions input:not([type="radio"]), .questions textarea')) {
        if (field.value) continue;
        const question = set.questions.find((q) => questionControlId(q) === field.id);
        field.value = field.type === 'date' ? '2026-10-01' : field.getAttribute('inputmode') === 'numeric' ? String(question?.min ?? question?.max ?? 1) : 'Answer';
        field.dispatchEvent(new Event('input'));
      }
      await form.updateComplete;
    }
    const finallyShown = shown();
    expect(finallyShown.length, 'conditional questions appeared').to.be.greaterThan(initiallyVisible.length);
    $<HTMLButtonElement>(form, 'form button[type="submit"]')!.click();
    const reference = text(await waitFor(() => $(form, '.receipt .reference'), { message: 'receipt', timeout: 20_000 }));
    expect(reference).to.match(/^FB-/);

    // The server accepted (so validated) the hospital's QuestionnaireResponse; it answers only what was shown.
    const response = await fetch(`${fhir.baseUrl}/QuestionnaireResponse?identifier=${encodeURIComponent(`${FEEDBACK_REFERENCE_SYSTEM}|${reference}`)}`, { headers: { Authorization: `Bearer ${token}` } });
    const bundle = (await response.json()) as { entry?: Array<{ resource: FhirResource }> };
    const hospital = bundle.entry?.map((e) => e.resource).find((r) => String(r['questionnaire']).startsWith(String(painClinicQuestionnaire.url)));
    expect(hospital, 'the hospital QuestionnaireResponse was stored').to.exist;
    expect(hospital!['status']).to.equal('completed');
    const answered = JSON.stringify(hospital!['item']);
    for (const question of set.questions) {
      if (question.type === 'display' || set.questions.some((q) => q.parent === question.id)) continue;
      expect(answered.includes(`"linkId":"${question.id}"`), question.id).to.equal(finallyShown.includes(questionControlId(question)));
    }
    expect(hospital!['author']).to.equal(undefined);
  });

  it('the hospital’s question texts are shown as text, never run', async () => {
    const monitor = watchForExecution();
    try {
      const form = await fixture<FeedbackForm>(html`<care-feedback-form .questionnaire=${structuredClone(xssQuestionnaire)}></care-feedback-form>`);
      await click(form, '#feedback-kind-complaint');
      await waitFor(() => $(form, '.questions'), { message: 'questions' });
      $<HTMLButtonElement>(form, 'form button[type="submit"]')!.click();
      await form.updateComplete;
      await monitor.assertNothingExecuted(form.shadowRoot!);
    } finally {
      monitor.restore();
    }
  });

  it('a broken Questionnaire from the page is reported to its developers; patients can still send feedback', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const form = await fixture<FeedbackForm>(html`<care-feedback-form .questionnaire=${{ resourceType: 'Questionnaire', status: 'active', item: [{ linkId: 'a', type: 'attachment', text: 'Upload' }] }}></care-feedback-form>`);
      await waitFor(() => $(form, '.question-problem'), { message: 'problem note' });
      expect(String(errors[0])).to.contain('attachment');
      expect($(form, '#feedback-kind-complaint')).to.exist;
    } finally {
      console.error = original;
    }
  });
});
