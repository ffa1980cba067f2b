/**
 * The record viewer on a real FHIR R4 engine through @careline/adapter-fhir: the
 * two Synthea patients, every section they have data for, with paging; and the
 * "odd" patient's valid-but-unusual data.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure, RECORD_SECTIONS, type RecordSection } from '@careline/core';
import { createFhirAdapter, type FhirAdapter } from '@careline/adapter-fhir';
import { connectTestFhirServer, type TestFhirPatient } from '@careline/fhir-test-server/browser.js';
import { expectAccessible, waitFor } from '@careline/testing';
import '../define.js';
import type { RecordViewer } from './record-viewer.js';

const SECTION_LABELS: Record<RecordSection, string> = {
  medications: 'Medicines',
  conditions: 'Conditions',
  labs: 'Test results',
  vitals: 'Vital signs',
  immunizations: 'Vaccinations',
  allergies: 'Allergies',
  encounters: 'Visits',
  appointments: 'Appointments',
  documents: 'Documents and reports',
  bills: 'Bills',
};

const root = (viewer: RecordViewer) => viewer.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

let adapter: FhirAdapter | undefined;
let undo: () => void = () => undefined;

afterEach(() => {
  undo();
  adapter?.dispose?.();
});

async function connect(patient: TestFhirPatient): Promise<FhirAdapter> {
  const server = await connectTestFhirServer();
  const accessToken = await server.tokenFor(patient.id);
  adapter = createFhirAdapter({ baseUrl: server.baseUrl, auth: { accessToken, patientId: patient.id }, organisation: 'Test FHIR engine' });
  undo = configure({ adapter, namespace: `record-fhir-${patient.id}-${Date.now().toString(36)}` });
  return adapter;
}

async function open(viewer: RecordViewer, label: string): Promise<void> {
  const button = [...root(viewer).querySelectorAll<HTMLButtonElement>('.nav-item')].find((candidate) => text(candidate) === label)!;
  button.click();
  await waitFor(() => text(root(viewer).querySelector('#section-heading')) === label && !root(viewer).querySelector('.content [data-state="loading"]'), {
    message: `${label} loaded`,
    timeout: 15_000,
  });
}

describe('<care-record-viewer> on a real FHIR engine (adapter-fhir)', function () {
  this.timeout(120_000);

  for (const which of [0, 1]) {
    it(`renders every section Synthea patient ${which + 1} has data for, paging where there is more`, async () => {
      const server = await connectTestFhirServer();
      const patient = server.patients.filter((candidate) => candidate.kind === 'synthea')[which]!;
      expect(patient, 'the engine holds two Synthea patients').to.not.equal(undefined);
      const fhir = await connect(patient);
      // What the engine holds for this patient, section by section, read through the adapter itself.
      const totals = new Map<RecordSection, number>();
      for (const section of RECORD_SECTIONS) {
        const page = await fhir.records.listSection(section, { limit: 1 }, { signal: AbortSignal.timeout(15_000) });
        totals.set(section, page.total ?? (page.items.length + (page.nextCursor ? 1 : 0)));
      }
      const withData = RECORD_SECTIONS.filter((section) => (totals.get(section) ?? 0) > 0);
      expect(withData.length, `sections with data: ${withData.join(', ')}`).to.be.at.least(5);

      const viewer = await fixture<RecordViewer>(html`<care-record-viewer page-size="5"></care-record-viewer>`);
      const family = patient.name.split(' ').at(-1)!;
      await waitFor(() => text(root(viewer).querySelector('#record-title')).includes(family), { message: 'patient name in the heading', timeout: 15_000 });
      let paged = 0;
      for (const section of withData) {
        await open(viewer, SECTION_LABELS[section]);
        const content = root(viewer).querySelector('.content')!;
        expect(content.querySelector('[data-state="error"]')?.outerHTML ?? null, `${section}: no error`).to.equal(null);
        const before = content.querySelectorAll('.item').length;
        expect(before, `${section}: items shown`).to.be.greaterThan(0);
        const more = content.querySelector<HTMLButtonElement>('.more button');
        if ((totals.get(section) ?? 0) > 5) {
          expect(more, `${section}: "Show more" with ${totals.get(section)} items`).to.not.equal(null);
          const hint = text(content.querySelector('#filter-hint'));
          more!.click();
          await waitFor(() => text(root(viewer).querySelector('#filter-hint')) !== hint, { message: `${section}: second page`, timeout: 15_000 });
          expect(text(root(viewer).querySelector('#filter-hint'))).to.match(new RegExp(`^${Math.min(10, totals.get(section)!)} of \\d+ entries loaded`));
          paged++;
        }
      }
      expect(paged, 'paging exercised').to.be.at.least(1);
      await expectAccessible(viewer);
    });
  }

  it('shows the odd patient’s text-only range, missing date and primitive extension without errors', async () => {
    const server = await connectTestFhirServer();
    const patient = server.patients.find((candidate) => candidate.kind === 'odd')!;
    await connect(patient);
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs,conditions,allergies,medications" page-size="100"></care-record-viewer>`);
      await waitFor(() => root(viewer).querySelectorAll('.lab').length > 0, { message: 'labs', timeout: 15_000 });
      const labs = text(root(viewer).querySelector('.content'));
      expect(labs).to.include('Normal range: <150');
      expect(labs).to.include('Date not recorded');
      expect(root(viewer).querySelector('[data-state="error"]')?.outerHTML ?? null).to.equal(null);
      await open(viewer, 'Allergies');
      expect(root(viewer).querySelector('[data-state="none-known"]'), '"No known allergy" reads as none known').to.not.equal(null);
      for (const label of ['Conditions', 'Medicines']) {
        await open(viewer, label);
        expect(root(viewer).querySelector('.content [data-state="error"]')?.outerHTML ?? null, label).to.equal(null);
        expect(root(viewer).querySelectorAll('.content .item').length, label).to.be.greaterThan(0);
      }
      expect(errors).to.deep.equal([]);
      await expectAccessible(viewer);
    } finally {
      window.removeEventListener('error', onError);
    }
  });
});
