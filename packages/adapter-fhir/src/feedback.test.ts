/**
 * The feedback port against the real FHIR engine, which validates every write against the
 * R4 structure definitions: so a stored resource is a valid one.
 */
import { connectTestFhirServer } from '@careline/fhir-test-server/browser.js';
import { createId, isCareError, type CareError, type FeedbackInput, type FhirResource, type QuestionnaireResponseJson } from '@careline/core';
import { expect } from '@open-wc/testing';
import { createFhirAdapter, FEEDBACK_QUESTIONNAIRE, FEEDBACK_REFERENCE_SYSTEM, feedbackReference, historyOf, type FhirAdapter } from './index.js';

const fhir = await connectTestFhirServer();
const odd = fhir.patients.find((p) => p.kind === 'odd')!;
const synthea = fhir.patients.find((p) => p.kind === 'synthea')!;
const live = () => new AbortController().signal;

async function adapterFor(patientId: string): Promise<{ adapter: FhirAdapter; token: string }> {
  const token = await fhir.tokenFor(patientId);
  return { adapter: createFhirAdapter({ baseUrl: fhir.baseUrl, auth: { accessToken: token, patientId } }), token };
}

/** A raw FHIR call, to look at what the adapter stored without the adapter's reading of it. */
async function raw(token: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fhir.baseUrl}/${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json', ...(init.headers ?? {}) } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function responsesWith(token: string, reference: string): Promise<FhirResource[]> {
  const { body } = await raw(token, `QuestionnaireResponse?identifier=${encodeURIComponent(`${FEEDBACK_REFERENCE_SYSTEM}|${reference}`)}`);
  return ((body['entry'] as Array<{ resource: FhirResource }> | undefined) ?? []).map((e) => e.resource);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject, but it resolved.');
}

const linkIds = (resource: FhirResource) => ((resource['item'] as Array<{ linkId: string }> | undefined) ?? []).map((i) => i.linkId);

/** The hospital's own Questionnaire, answered by the form. */
const hospitalResponse = (): QuestionnaireResponseJson => ({
  resourceType: 'QuestionnaireResponse',
  status: 'completed',
  questionnaire: 'https://hospital.example/fhir/Questionnaire/inpatient-survey|3',
  item: [
    { linkId: 'food', text: 'How was the food?', answer: [{ valueCoding: { system: 'https://hospital.example/scale', code: 'good', display: 'Good' } }] },
    { linkId: 'clean', text: 'Was the ward clean?', answer: [{ valueBoolean: true }] },
  ],
});

describe('adapter-fhir feedback against the FHIR test server', function () {
  this.timeout(30_000);

  it('lists the active HealthcareServices as departments', async () => {
    const { adapter } = await adapterFor(odd.id);
    const departments = await adapter.feedback.listDepartments({ signal: live() });
    expect(departments.map((d) => d.id)).to.include.members(['dept-cardiology', 'dept-emergency', 'dept-maternity', 'dept-outpatients']);
    expect(departments.find((d) => d.id === 'dept-cardiology')?.name).to.equal('Cardiology');
    expect(departments.map((d) => d.id), 'the closed ward is inactive').not.to.include('dept-closed-ward');
  });

  it('derives a short, stable reference from the idempotency key', async () => {
    const key = createId();
    const reference = await feedbackReference(key);
    expect(reference).to.match(/^FB-[A-Z2-7]{8}$/);
    expect(await feedbackReference(key)).to.equal(reference);
    expect(await feedbackReference(createId())).not.to.equal(reference);
  });

  it("a submit with the hospital's QuestionnaireResponse stores two resources; a retry with the same key stores none", async () => {
    const { adapter, token } = await adapterFor(odd.id);
    const idempotencyKey = createId();
    const input: FeedbackInput = {
      kind: 'complaint',
      departmentId: 'dept-maternity',
      visitDate: '2024-05-01',
      rating: 2,
      ratingScale: 'experience-5',
      description: '  The discharge took all day.  ',
      outcome: 'A faster discharge.',
      anonymous: false,
      contact: { name: 'Olive Oddly', email: 'olive@example.org', preference: 'email' },
      consentToContact: true,
      onBehalfOf: { name: 'Otto Oddly', relationship: 'son', consent: 'given' },
      questionnaireResponse: hospitalResponse(),
      locale: 'en-GB',
    };
    const receipt = await adapter.feedback.submit(input, { signal: live(), idempotencyKey });
    expect(receipt.reference).to.equal(await feedbackReference(idempotencyKey));
    expect(receipt.receivedAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    const identifier = `${FEEDBACK_REFERENCE_SYSTEM}|${receipt.reference}`;
    expect(await fhir.countWithIdentifier(identifier)).to.equal(2);

    const again = await adapter.feedback.submit(input, { signal: live(), idempotencyKey });
    expect(again).to.deep.equal(receipt);
    expect(await fhir.countWithIdentifier(identifier), 'nothing stored twice').to.equal(2);

    const stored = await responsesWith(token, receipt.reference);
    const careline = stored.find((r) => r['questionnaire'] === FEEDBACK_QUESTIONNAIRE)!;
    const hospital = stored.find((r) => r['questionnaire'] !== FEEDBACK_QUESTIONNAIRE)!;
    expect(careline['author']).to.deep.equal({ reference: `Patient/${odd.id}` });
    expect(hospital['author']).to.deep.equal({ reference: `Patient/${odd.id}` });
    expect(hospital['identifier']).to.deep.equal(careline['identifier']);
    expect(linkIds(hospital)).to.deep.equal(['food', 'clean']);
    expect(linkIds(careline)).to.include.members(['kind', 'department', 'visit-date', 'rating', 'rating-scale', 'description', 'outcome', 'contact-name', 'contact-email', 'contact-preference', 'consent-to-contact', 'on-behalf-name', 'on-behalf-relationship', 'on-behalf-consent']);
    expect(linkIds(careline), 'only fields given').not.to.include('contact-phone');
    const description = (careline['item'] as Array<{ linkId: string; answer: Array<{ valueString?: string }> }>).find((i) => i.linkId === 'description');
    expect(description?.answer[0]?.valueString).to.equal('The discharge took all day.');

    const status = await adapter.feedback.getStatus(receipt.reference.toLowerCase(), { signal: live() });
    expect(status).to.deep.include({ reference: receipt.reference, kind: 'complaint', state: 'received' });
    expect(status.history).to.deep.equal([{ state: 'received', at: receipt.receivedAt }]);
  });

  it('the server rejects an invalid QuestionnaireResponse (so what it accepts is valid), and the adapter reports it as invalid', async () => {
    const { adapter, token } = await adapterFor(odd.id);
    const invalid = { resourceType: 'QuestionnaireResponse', status: 'completed', identifier: [{ value: 'a list, but R4 allows one' }], item: [{ answer: [{ valueString: 'no linkId' }] }] };
    const { status, body } = await raw(token, 'QuestionnaireResponse', { method: 'POST', body: JSON.stringify(invalid) });
    expect(status).to.equal(400);
    expect(body['resourceType']).to.equal('OperationOutcome');
    const expressions = (body['issue'] as Array<{ expression?: string[] }>).flatMap((i) => i.expression ?? []);
    expect(expressions).to.include.members(['QuestionnaireResponse.identifier', 'QuestionnaireResponse.item[0].linkId']);

    // Through the adapter: the hospital's part is invalid (an item without linkId).
    const broken = hospitalResponse();
    broken.item = [{ text: 'No linkId', answer: [{ valueString: 'x' }] }];
    const idempotencyKey = createId();
    const error = await rejection(adapter.feedback.submit({ kind: 'suggestion', description: 'Invalid hospital part', anonymous: false, questionnaireResponse: broken }, { signal: live(), idempotencyKey }));
    expect(isCareError(error) && error.kind, String(error)).to.equal('invalid');
    expect((error as CareError).fieldErrors['linkId']).to.be.a('string');
  });

  it('the seeded FB-FHIR-0001 shows all five states, oldest first, with the hospital notes', async () => {
    const { adapter } = await adapterFor(odd.id);
    const status = await adapter.feedback.getStatus('  fb-fhir-0001 ', { signal: live() });
    expect(status.reference).to.equal('FB-FHIR-0001');
    expect(status.kind).to.equal('complaint');
    expect(status.state).to.equal('resolved');
    expect(status.history.map((h) => h.state)).to.deep.equal(['received', 'acknowledged', 'under-review', 'responded', 'resolved']);
    expect(status.history.map((h) => h.at)).to.deep.equal(['2024-04-02T09:15:00Z', '2024-04-03T10:00:00Z', '2024-04-08T14:30:00Z', '2024-04-15T11:00:00Z', '2024-04-22T09:00:00Z']);
    expect(status.history[0]!.note).to.equal(undefined);
    for (const step of status.history.slice(1)) expect(step.note, step.state).to.be.a('string').and.not.equal('');
    expect(status.history[3]!.note).to.contain('delay board');
    // The same again: the engine's history order must not matter.
    expect(await adapter.feedback.getStatus('FB-FHIR-0001', { signal: live() })).to.deep.equal(status);
  });

  it("another patient cannot read the seeded patient's feedback", async () => {
    const { adapter } = await adapterFor(synthea.id);
    const error = await rejection(adapter.feedback.getStatus('FB-FHIR-0001', { signal: live() }));
    expect(isCareError(error) && error.kind).to.equal('not-found');
  });

  it('listMine gives the patient their own feedback, newest first, with statuses', async () => {
    const { adapter } = await adapterFor(odd.id);
    const receipt = await adapter.feedback.submit({ kind: 'compliment', description: 'Lovely midwives.', anonymous: false }, { signal: live(), idempotencyKey: createId() });
    const anonymous = await adapter.feedback.submit({ kind: 'compliment', description: 'Anonymous thanks.', anonymous: true }, { signal: live(), idempotencyKey: createId() });
    const mine = await adapter.feedback.listMine!({ signal: live() });
    const references = mine.map((m) => m.reference);
    expect(references).to.include(receipt.reference);
    expect(references, 'anonymous feedback is nobody’s').not.to.include(anonymous.reference);
    expect(references.indexOf(receipt.reference)).to.be.lessThan(references.indexOf('FB-FHIR-0001'));
    expect(mine.find((m) => m.reference === 'FB-FHIR-0001')?.state).to.equal('resolved');
    const { adapter: other } = await adapterFor(synthea.id);
    expect((await other.feedback.listMine!({ signal: live() })).map((m) => m.reference)).not.to.include(receipt.reference);
  });

  it('anonymous feedback has no author and no contact items, and its reference is enough to follow it', async () => {
    const { adapter, token } = await adapterFor(odd.id);
    const receipt = await adapter.feedback.submit(
      {
        kind: 'complaint',
        description: 'Rude at the front desk.',
        anonymous: true,
        contact: { name: 'Should Not Appear', email: 'nobody@example.org', phone: '+44 20 0000 0000', preference: 'phone' },
        consentToContact: true,
        receiptByEmail: true,
        onBehalfOf: { name: 'Hidden Name', relationship: 'mother', consent: 'given' },
        questionnaireResponse: { ...hospitalResponse(), author: { reference: `Patient/${odd.id}` } },
      },
      { signal: live(), idempotencyKey: createId() },
    );
    const stored = await responsesWith(token, receipt.reference);
    expect(stored).to.have.length(2);
    for (const resource of stored) {
      expect(resource['author']).to.equal(undefined);
      const text = JSON.stringify(resource);
      expect(text).not.to.contain('Patient/');
      expect(text).not.to.contain('Should Not Appear');
      expect(text).not.to.contain('Hidden Name');
      expect(linkIds(resource).some((id) => id.startsWith('contact-') || id === 'consent-to-contact' || id === 'receipt-by-email' || id === 'on-behalf-name')).to.equal(false);
    }
    // Followed by reference from any session (here another patient's), as a paper receipt's number would be.
    const { adapter: other } = await adapterFor(synthea.id);
    const status = await other.feedback.getStatus(receipt.reference, { signal: live() });
    expect(status).to.deep.include({ reference: receipt.reference, kind: 'complaint', state: 'received' });
  });

  it('checks the input before writing anything', async () => {
    const { adapter } = await adapterFor(odd.id);
    const error = await rejection(adapter.feedback.submit({ kind: 'complaint', description: 'x', rating: 11, ratingScale: 'experience-5', anonymous: true, attachmentIds: ['a1'] }, { signal: live(), idempotencyKey: createId() }));
    expect(isCareError(error) && error.kind).to.equal('invalid');
    expect(Object.keys((error as CareError).fieldErrors)).to.include.members(['rating', 'attachmentIds']);
    expect(adapter.feedback.uploadAttachment).to.equal(undefined);
  });

  it('historyOf: a Task without Careline codes is read from its status; a note-only version adds to the step', () => {
    const task = (version: number, status: string, notes: string[], at: string): FhirResource => ({
      resourceType: 'Task',
      meta: { versionId: String(version) },
      status,
      lastModified: at,
      note: notes.map((text) => ({ text, time: '2024-01-03T00:00:00Z' })),
    });
    const history = historyOf([task(1, 'accepted', [], '2024-01-02T00:00:00Z'), task(2, 'accepted', ['We have it.'], '2024-01-03T00:00:00Z'), task(3, 'completed', ['We have it.'], '2024-01-04T00:00:00Z')], '2024-01-01T00:00:00Z');
    expect(history).to.deep.equal([
      { state: 'received', at: '2024-01-01T00:00:00Z' },
      { state: 'acknowledged', at: '2024-01-02T00:00:00Z', note: 'We have it.' },
      { state: 'resolved', at: '2024-01-04T00:00:00Z' },
    ]);
  });
});
