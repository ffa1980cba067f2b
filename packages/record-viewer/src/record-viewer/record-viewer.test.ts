import { expect, fixture, html } from '@open-wc/testing';
import { configure, type CareAdapter, type CareAskEducatorEvent, type RecordItem } from '@careline/core';
import type { EducatorChat } from '@careline/educator-chat';
import '@careline/educator-chat/define.js';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, healthRecord, largeLabHistory, oddRecordItems, type MockBackend, type MockBackendOptions } from '@careline/mock';
import { capturePrints, expectAccessible, waitFor, watchForExecution, widgetRoot, xssPayloads, withOnlyDatabasesOf } from '@careline/testing';
import '../define.js';
import type { RecordViewer } from './record-viewer.js';

let counter = 0;
let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;
let namespace = '';

function setUp(options: MockBackendOptions = {}): void {
  undo();
  backend?.dispose();
  backend = createMockBackend(options);
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  namespace = `record-test-${Date.now().toString(36)}-${counter++}`;
  undo = configure({ adapter, namespace, outbox: { retry: { baseDelayMs: 30, maxDelayMs: 300, maxAutoAttempts: 50 } } });
}

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (viewer: RecordViewer) => viewer.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A sign-out or wipe that sees only this test's databases (earlier tests in this file left theirs). */
const withOnlyOwnDatabases = (wipe: () => Promise<void>): Promise<void> => withOnlyDatabasesOf(namespace, wipe);

async function open(viewer: RecordViewer, label: string): Promise<void> {
  const button = await waitFor(() => [...root(viewer).querySelectorAll<HTMLButtonElement>('.nav-item')].find((candidate) => text(candidate) === label), { message: `section ${label}` });
  button.click();
  await waitFor(() => text(root(viewer).querySelector('#section-heading')) === label && !root(viewer).querySelector('.content [data-state="loading"]'), { message: `${label} loaded`, timeout: 5000 });
}

function fill(viewer: RecordViewer, selector: string, value: string): void {
  const field = root(viewer).querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

describe('<care-record-viewer> reading the record', function () {
  this.timeout(30_000);

  it('opens on a summary of allergies, current conditions and current medicines, with where each came from', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.summary .item'), { message: 'summary', timeout: 5000 });
    const summary = text(root(viewer).querySelector('.summary'));
    expect(summary).to.include('Penicillin');
    expect(summary).to.include('Type 2 diabetes');
    expect(summary).to.include('Metformin 500 mg tablet');
    expect(summary, 'resolved conditions are not current').to.not.include('Diabetes in pregnancy');
    expect(summary, 'stopped medicines are not current').to.not.include('Glibenclamide');
    expect(summary).to.include('Entered by your care team');
    expect(summary).to.include('From St. Elsewhere General Hospital');
    expect(summary, 'the patient-reported allergy is marked').to.include('Added by you');
    await waitFor(() => text(root(viewer).querySelector('#record-title')) === 'Health record of Siti Rahma', { message: 'patient name' });
    expect(document.activeElement === document.body, 'nothing takes focus on load').to.equal(true);
    await expectAccessible(viewer);
  });

  it('shows only the sections the hospital chose, in its order', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs, medications nonsense"></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.lab'), { message: 'labs first', timeout: 5000 });
    expect([...root(viewer).querySelectorAll('.nav-item')].map(text)).to.deep.equal(['Test results', 'Medicines']);
  });

  it('groups lab results by test with the range as written and the lab’s flag apart from anything computed', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs"></care-record-viewer>`);
    const labs = await waitFor(() => (root(viewer).querySelectorAll('.lab').length ? [...root(viewer).querySelectorAll('.lab')] : null), { message: 'labs', timeout: 5000 });
    const byTitle = (title: string) => labs.find((lab) => text(lab.querySelector('.item-title')) === title)!;
    expect(labs.filter((lab) => text(lab.querySelector('.item-title')) === 'HbA1c'), 'one group per test').to.have.length(1);
    expect(text(byTitle('HbA1c').querySelector('.item-value'))).to.equal('6.9 %');
    expect(text(byTitle('HbA1c'))).to.include('Normal range: 4–5.6 %');
    expect(text(byTitle('HbA1c').querySelector('.lab-flag'))).to.equal('The lab marked this: High');
    const triglycerides = byTitle('Triglycerides');
    expect(text(triglycerides)).to.include('Normal range: <150');
    expect(text(triglycerides.querySelector('.lab-flag'))).to.equal('The lab marked this: Normal');
    // LDL has a text-only range and no lab flag: nothing computed either, since 96 < 100.
    expect(byTitle('LDL cholesterol').querySelector('.lab-flag')?.outerHTML ?? null).to.equal(null);
    await expectAccessible(viewer);
  });

  it('draws a trend for one test over time with a table of the same values', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs"></care-record-viewer>`);
    const hba1c = await waitFor(() => [...root(viewer).querySelectorAll('.lab')].find((lab) => text(lab.querySelector('.item-title')) === 'HbA1c'), { message: 'HbA1c' });
    hba1c.querySelector<HTMLButtonElement>('.item-actions button')!.click();
    const chart = await waitFor(() => hba1c.querySelector('svg[role="img"]'), { message: 'chart', timeout: 5000 });
    expect(chart.getAttribute('aria-label')).to.match(/^HbA1c: 4 results from .+ to .+\. Latest: 6\.9 %\.$/);
    expect(chart.querySelectorAll('circle')).to.have.length(4);
    expect(chart.querySelector('.band'), 'reference range band').to.not.equal(null);
    const rows = [...hba1c.querySelectorAll('.trend-table tbody tr')].map(text);
    expect(rows).to.have.length(4);
    expect(rows.map((row) => row.split(' ').at(-2)), 'newest first, as in the list').to.deep.equal(['6.9', '7.1', '7.6', '8.4']);
    expect(hba1c.querySelector('.item-actions button')!.getAttribute('aria-expanded')).to.equal('true');
    await expectAccessible(viewer);
  });

  it('lists current medicines apart from past ones, with dose, prescriber and why one was stopped', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="medications"></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('#medications-current'), { message: 'medications', timeout: 5000 });
    const [current, past] = [...root(viewer).querySelectorAll('section.medications')];
    expect([...current!.querySelectorAll('.item-title')].map(text).sort()).to.deep.equal(['Amlodipine 5 mg tablet', 'Metformin 500 mg tablet']);
    const details = (scope: Element) => [...scope.querySelectorAll('.details div')].map((pair) => `${text(pair.querySelector('dt'))}: ${text(pair.querySelector('dd'))}`);
    expect(details(current!)).to.include.members(['How to take it: One tablet twice a day with breakfast and dinner', 'Prescribed by: dr. Hendra Kusuma, Sp.PD']);
    expect([...past!.querySelectorAll('.item-title')].map(text)).to.deep.equal(['Glibenclamide 5 mg tablet']);
    expect(details(past!)).to.include('Reason: Low blood sugar episodes');
    expect(text(past)).to.include('Stopped');
    await expectAccessible(viewer);
  });

  it('lists upcoming appointments soonest first, apart from past ones', async () => {
    const appointment = (id: string, start: string, what: string): RecordItem => ({
      id,
      section: 'appointments',
      resource: { resourceType: 'Appointment', status: 'booked', serviceType: [{ text: what }], start },
      provenance: { enteredBy: 'clinician' },
    });
    setUp({
      seed: {
        records: [
          appointment('a-far', '2099-03-01T02:00:00Z', 'Eye screening'),
          appointment('a-soon', '2099-01-10T02:00:00Z', 'Diabetes education class'),
          appointment('a-past', '2020-05-05T02:00:00Z', 'Blood test'),
        ],
      },
    });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="appointments"></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('#appointments-upcoming'), { message: 'appointments', timeout: 5000 });
    const [upcoming, past] = [...root(viewer).querySelectorAll('section.appointments')];
    expect([...upcoming!.querySelectorAll('.item-title')].map(text)).to.deep.equal(['Diabetes education class', 'Eye screening']);
    expect([...past!.querySelectorAll('.item-title')].map(text)).to.deep.equal(['Blood test']);
    await expectAccessible(viewer);
  });

  it('groups vital signs by measurement and draws blood pressure as two lines', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="vitals"></care-record-viewer>`);
    const groups = await waitFor(() => (root(viewer).querySelectorAll('.lab').length ? [...root(viewer).querySelectorAll('.lab')] : null), { message: 'vitals', timeout: 5000 });
    expect(groups.filter((group) => text(group.querySelector('.item-title')) === 'Blood pressure'), 'one entry per measurement').to.have.length(1);
    const pressure = groups.find((group) => text(group.querySelector('.item-title')) === 'Blood pressure')!;
    expect(text(pressure.querySelector('.item-value'))).to.equal('138/86 mmHg');
    pressure.querySelector<HTMLButtonElement>('.item-actions button')!.click();
    const chart = await waitFor(() => pressure.querySelector('svg[role="img"]'), { message: 'chart', timeout: 5000 });
    expect(chart.querySelectorAll('path.line'), 'systolic and diastolic').to.have.length(2);
    expect([...pressure.querySelectorAll('.trend-table tbody tr')].map((row) => text(row.querySelector('td:last-child')))).to.deep.equal(['138/86 mmHg', '146/92 mmHg']);
    await expectAccessible(viewer);
  });

  it('says "none known" differently from "not recorded"', async () => {
    setUp({
      seed: {
        records: [
          {
            id: 'nka',
            section: 'allergies',
            resource: { resourceType: 'AllergyIntolerance', code: { coding: [{ system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' }] } },
            provenance: { enteredBy: 'clinician', organisation: 'St. Elsewhere General Hospital' },
          },
        ],
      },
    });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.summary [data-state="none-known"]'), { message: 'none known', timeout: 5000 });
    expect(root(viewer).querySelectorAll('.summary [data-state="not-recorded"]'), 'conditions and medicines').to.have.length(2);
    await open(viewer, 'Bills');
    expect(text(root(viewer).querySelector('[data-state="empty"]'))).to.include('Nothing recorded');
    await expectAccessible(viewer);
  });

  it('renders odd-but-valid FHIR without errors: no date, primitive extensions, only text or only a coding, unknown codes, unrounded values', async () => {
    setUp({ seed: { records: [...healthRecord, ...oddRecordItems] } });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs,conditions,vitals" page-size="50"></care-record-viewer>`);
      const labs = await waitFor(() => (root(viewer).querySelectorAll('.lab').length ? [...root(viewer).querySelectorAll('.lab')] : null), { message: 'labs', timeout: 5000 });
      const creatinine = labs.find((lab) => text(lab.querySelector('.item-title')) === 'Creatinine')!;
      expect(text(creatinine.querySelector('.item-value')), 'rounded, with its unit').to.equal('0.912 mg/dL');
      expect(text(creatinine)).to.include('Date not recorded');
      expect(text(labs.find((lab) => text(lab.querySelector('.item-title')) === 'Total cholesterol'))).to.include('Date not recorded');
      await open(viewer, 'Conditions');
      const conditions = text(root(viewer).querySelector('.content'));
      expect(conditions).to.include('Hypertensive disorder');
      expect(conditions, 'an unknown code is shown as its code').to.include('X-42');
      expect(conditions, 'an impossible date is shown as written').to.include('2025-02-30');
      await open(viewer, 'Vital signs');
      expect(text(root(viewer).querySelector('.content'))).to.include('37.3 °C');
      expect(root(viewer).querySelector('[data-state="error"]')?.outerHTML ?? null).to.equal(null);
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
    }
  });

  it('shows items the backend sent incomplete (no resource, no provenance, no id, a wrong "included") among the others, not an error for the section', async () => {
    const lab = healthRecord.find((item) => item.section === 'labs')!;
    const condition = healthRecord.find((item) => item.section === 'conditions')!;
    const broken = [
      { ...lab, id: 'lab/no-resource', resource: null },
      { ...lab, id: 'lab/no-provenance', provenance: undefined },
      { ...lab, id: undefined },
      { ...lab, id: 'lab/odd-included', included: 'x' },
      { ...condition, id: 'condition/no-resource', resource: undefined },
      { ...condition, id: 'condition/no-provenance', provenance: null },
    ] as unknown as RecordItem[];
    setUp();
    // Past the mock, which itself needs whole items: as a backend of any make could send them.
    const records = adapter.records!;
    const listSection = records.listSection.bind(records);
    records.listSection = async (section, query, options) => {
      const page = await listSection(section, query, options);
      return { ...page, items: [...page.items, ...broken.filter((item) => item.section === section)] };
    };
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs,conditions" page-size="50"></care-record-viewer>`);
      await waitFor(() => root(viewer).querySelectorAll('.lab').length || root(viewer).querySelector('[data-state="error"]'), { message: 'labs', timeout: 5000 });
      expect(text(root(viewer).querySelector('[data-state="error"]')), 'labs').to.equal('');
      expect(text(root(viewer).querySelector('.content'))).to.include('HbA1c');
      await open(viewer, 'Conditions');
      expect(text(root(viewer).querySelector('[data-state="error"]')), 'conditions').to.equal('');
      expect(text(root(viewer).querySelector('.content'))).to.include('Type 2 diabetes');
      const unnamed = [...root(viewer).querySelectorAll('.content .item')].filter((item) => text(item.querySelector('.item-title')) === 'Unnamed entry');
      expect(unnamed.length, 'the condition without its resource, as an unnamed entry').to.equal(1);
      const provenanceLess = [...root(viewer).querySelectorAll('.content .item')].filter((item) => !item.querySelector('.provenance'));
      expect(provenanceLess.length, 'who entered it is not made up where the backend did not say').to.be.at.least(1);
      expect(errors).to.deep.equal([]);
      await expectAccessible(viewer);
    } finally {
      window.removeEventListener('error', onError);
    }
  });

  it('pages a long history with "Show more", filters what is loaded, and keeps the DOM bounded', async () => {
    setUp({ seed: { records: largeLabHistory(5000) } });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs" page-size="30"></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.lab'), { message: 'labs', timeout: 5000 });
    expect(text(root(viewer).querySelector('#filter-hint'))).to.equal('30 of 5,000 entries loaded. The filter looks at those loaded.');
    root(viewer).querySelector<HTMLButtonElement>('.more button')!.click();
    await waitFor(() => text(root(viewer).querySelector('#filter-hint')) === '60 of 5,000 entries loaded. The filter looks at those loaded.', { message: 'second page' });
    expect(root(viewer).querySelectorAll('*').length, 'DOM stays small').to.be.below(1500);
    fill(viewer, '#filter', 'haem');
    await viewer.updateComplete;
    expect([...root(viewer).querySelectorAll('.lab .item-title')].map(text)).to.deep.equal(['Haemoglobin']);
    // The trend reads the whole history of that one test (5,000 / 6 tests), drawn as one line.
    root(viewer).querySelector<HTMLButtonElement>('.lab .item-actions button')!.click();
    const chart = await waitFor(() => root(viewer).querySelector('svg[role="img"]'), { message: 'trend', timeout: 10_000 });
    expect(chart.getAttribute('aria-label')).to.match(/^Haemoglobin: 833 results/);
    expect(chart.querySelectorAll('circle'), 'no marker per point for long series').to.have.length(0);
  });

  it('keeps a 1,000-result trend to one line and one page of the table, pages to older results, and still flags out-of-range ones', async () => {
    const history = largeLabHistory(6000);
    setUp({ seed: { records: history } });
    // What the lab said about each haemoglobin result, newest first, to check the table against.
    const expected = history
      .filter((item) => JSON.stringify(item.resource['code']).includes('718-7'))
      .sort((a, b) => String(b.resource['effectiveDateTime']).localeCompare(String(a.resource['effectiveDateTime'])))
      .map((item) => (item.resource['interpretation'] as Array<{ coding: Array<{ code: string }> }>)[0]!.coding[0]!.code);
    expect(expected).to.have.length(1000);
    expect(expected.filter((code) => code !== 'N').length, 'the data has out-of-range results').to.be.above(0);
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs"></care-record-viewer>`);
    const haemoglobin = await waitFor(() => [...root(viewer).querySelectorAll('.lab')].find((lab) => text(lab.querySelector('.item-title')) === 'Haemoglobin'), { message: 'Haemoglobin', timeout: 5000 });
    haemoglobin.querySelector<HTMLButtonElement>('.item-actions button')!.click();
    const chart = await waitFor(() => haemoglobin.querySelector('svg[role="img"]'), { message: 'trend', timeout: 20_000 });
    expect(chart.getAttribute('aria-label')).to.match(/^Haemoglobin: 1,000 results from .+ to .+\. Latest: /);
    const trend = haemoglobin.querySelector('.trend')!;
    const nodes = (scope: Node) => {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_ALL);
      let count = 0;
      while (walker.nextNode()) count++;
      return count;
    };
    expect(nodes(trend), 'every node of the trend, text and comments included').to.be.below(500);
    expect(chart.querySelectorAll('path.line'), 'one line').to.have.length(1);
    expect(chart.querySelectorAll('circle'), 'no node per point').to.have.length(0);
    expect(chart.querySelector('path.point.latest')?.getAttribute('d'), 'the newest results are marked').to.match(/^M[\d.]+,[\d.]+a/);
    expect(chart.querySelector('path.point.flagged') !== null, 'out-of-range results are marked').to.equal(true);
    expect(text(trend.querySelector('figcaption'))).to.include('Dots mark the latest results and those outside the normal range.');

    const rows = () => [...trend.querySelectorAll('.trend-table tbody tr')];
    const status = () => text(trend.querySelector('.trend-pager [role="status"]'));
    const newer = trend.querySelector<HTMLButtonElement>('.trend-pager button.newer')!;
    const older = trend.querySelector<HTMLButtonElement>('.trend-pager button.older')!;
    const expectPage = (start: number) => {
      const shown = rows();
      expect(shown, `page from ${start}`).to.have.length(Math.min(20, 1000 - start));
      shown.forEach((row, index) => {
        const code = expected[start + index];
        const flag = row.querySelector('.flag');
        if (code === 'N') expect(flag === null, `row ${start + index} is within range`).to.equal(true);
        else expect(text(flag), `row ${start + index} is flagged`).to.equal(code === 'H' ? 'High' : 'Low');
      });
    };
    // The patient opens the table (closed, its buttons cannot take focus).
    trend.querySelector('details')!.open = true;
    expect(status()).to.equal('Showing 1–20 of 1,000 results, newest first.');
    expect(newer.disabled, 'nothing newer than the newest').to.equal(true);
    expectPage(0);
    const newestFirstPage = rows().map(text);

    older.click();
    await viewer.updateComplete;
    expect(status()).to.equal('Showing 21–40 of 1,000 results, newest first.');
    expectPage(20);
    expect(rows().map(text)).to.not.include.members(newestFirstPage);
    expect(newer.disabled).to.equal(false);

    let guard = 0;
    while (!older.disabled && guard++ < 60) {
      older.focus();
      older.click();
      await viewer.updateComplete;
    }
    await viewer.updateComplete;
    expect(status()).to.equal('Showing 981–1,000 of 1,000 results, newest first.');
    expectPage(980);
    expect(root(viewer).activeElement === newer, 'focus moves to the button still usable').to.equal(true);
    expect(nodes(trend), 'the DOM stays bounded after paging').to.be.below(500);

    newer.click();
    await viewer.updateComplete;
    expect(status()).to.equal('Showing 961–980 of 1,000 results, newest first.');
    expectPage(960);

    await expectAccessible(viewer);
  });
});

describe('<care-record-viewer> patient contributions', function () {
  this.timeout(60_000);

  it('sends a home reading exactly once through a failing network and shows it as added by the patient', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="vitals"></care-record-viewer>`);
    const add = await waitFor(() => root(viewer).querySelector<HTMLButtonElement>('.add-reading'), { message: 'add reading', timeout: 10_000 });
    backend.chaos.set({ failureRate: 0.5, resetAfterProcessRate: 0.3 });
    add.click();
    await viewer.updateComplete;
    const kind = root(viewer).querySelector<HTMLSelectElement>('#reading-kind')!;
    kind.value = 'bloodPressure';
    kind.dispatchEvent(new Event('change'));
    await viewer.updateComplete;
    root(viewer).querySelector<HTMLButtonElement>('form.reading button[type="submit"]')!.click();
    await waitFor(() => root(viewer).activeElement === root(viewer).querySelector('.error-summary'), { message: 'error summary focused' });
    expect([...root(viewer).querySelectorAll('.error-summary a')].map(text)).to.deep.equal(['Enter your Upper number (systolic)', 'Enter your Lower number (diastolic)']);
    await expectAccessible(viewer);
    fill(viewer, '#reading-systolic', '1320');
    fill(viewer, '#reading-diastolic', '84');
    root(viewer).querySelector<HTMLButtonElement>('form.reading button[type="submit"]')!.click();
    await waitFor(() => text(root(viewer).querySelector('.error-summary')).includes('between 50 and 300 mmHg'), { message: 'range error' });
    fill(viewer, '#reading-systolic', '132');
    fill(viewer, '#reading-note', 'After a walk');
    root(viewer).querySelector<HTMLButtonElement>('form.reading button[type="submit"]')!.click();
    await waitFor(() => root(viewer).querySelector('.item.pending'), { message: 'shown at once as pending' });
    await waitFor(() => backend.store.records.filter((item) => item.provenance.enteredBy === 'patient' && item.section === 'vitals').length === 1 && !root(viewer).querySelector('.item.pending'), {
      message: 'delivered',
      timeout: 30_000,
    });
    backend.chaos.reset();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = backend.store.records.filter((item) => item.provenance.enteredBy === 'patient' && item.section === 'vitals');
    expect(stored, 'exactly once on the server').to.have.length(1);
    const shown = [...root(viewer).querySelectorAll('.item')].filter((item) => text(item).includes('132/84 mmHg'));
    expect(shown, 'exactly once on screen').to.have.length(1);
    expect(text(shown[0])).to.include('Added by you');
    expect(text(shown[0])).to.include('After a walk');
  });

  it('adds the patient’s own note to the documents, marked as theirs', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="documents"></care-record-viewer>`);
    (await waitFor(() => root(viewer).querySelector<HTMLButtonElement>('.add-note'), { message: 'add note', timeout: 5000 })).click();
    await viewer.updateComplete;
    root(viewer).querySelector<HTMLButtonElement>('form.note button[type="submit"]')!.click();
    await waitFor(() => root(viewer).activeElement === root(viewer).querySelector('.error-summary'), { message: 'error summary' });
    expect(text(root(viewer).querySelector('.error-summary a'))).to.equal('Write your note');
    fill(viewer, '#note-text', 'x'.repeat(2003));
    await viewer.updateComplete;
    expect(text(root(viewer).querySelector('#note-count'))).to.equal('You have 3 characters too many');
    fill(viewer, '#note-text', 'Dizzy in the mornings since the new tablets — pusing sejak obat baru.');
    await viewer.updateComplete;
    expect(text(root(viewer).querySelector('#note-count'))).to.match(/^You have 1,9\d\d characters remaining$/);
    await expectAccessible(viewer);
    root(viewer).querySelector<HTMLButtonElement>('form.note button[type="submit"]')!.click();
    await waitFor(() => backend.store.records.some((item) => item.section === 'documents' && item.provenance.enteredBy === 'patient') && !root(viewer).querySelector('.item.pending'), {
      message: 'delivered',
      timeout: 10_000,
    });
    const mine = [...root(viewer).querySelectorAll('.item')].find((item) => text(item).includes('My note'))!;
    expect(text(mine)).to.include('Dizzy in the mornings since the new tablets — pusing sejak obat baru.');
    expect(text(mine)).to.include('Added by you');
    const stored = backend.store.records.find((item) => item.section === 'documents' && item.provenance.enteredBy === 'patient')!;
    expect((stored.resource['type'] as { coding: Array<{ code: string }> }).coding[0]!.code).to.equal('51855-5');
  });

  it('asks for a correction with a reason, and shows the reference', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="allergies"></care-record-viewer>`);
    const prawns = await waitFor(() => [...root(viewer).querySelectorAll('.item')].find((item) => text(item).includes('Prawns')), { message: 'item', timeout: 5000 });
    prawns.querySelector<HTMLButtonElement>('.correct')!.click();
    await waitFor(() => root(viewer).activeElement?.matches('.correction h4'), { message: 'focus on the form heading' });
    root(viewer).querySelector<HTMLButtonElement>('form.correction button[type="submit"]')!.click();
    await waitFor(() => root(viewer).activeElement === root(viewer).querySelector('.error-summary'), { message: 'error summary' });
    expect(root(viewer).querySelector('#correction-reason')!.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(viewer);
    fill(viewer, '#correction-reason', 'I am not allergic to prawns: it was a one-off reaction.');
    root(viewer).querySelector<HTMLButtonElement>('form.correction button[type="submit"]')!.click();
    await waitFor(() => /Correction requested\. Reference COR-/.test(text(root(viewer).querySelector('.content'))), { message: 'reference', timeout: 5000 });
    expect(backend.store.corrections.map((c) => c.itemId)).to.deep.equal(['ai-2']);
  });

  it('shares chosen sections with a named carer, then stops sharing', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    (await waitFor(() => root(viewer).querySelector<HTMLButtonElement>('.open-sharing'), { message: 'sharing button' })).click();
    await waitFor(() => text(root(viewer).querySelector('[data-state="empty"]')) === 'You are not sharing your record with anyone.', { message: 'no shares yet' });
    expect(root(viewer).activeElement?.id).to.equal('section-heading');
    root(viewer).querySelector<HTMLButtonElement>('.share-form button[type="submit"]')!.click();
    await waitFor(() => root(viewer).activeElement === root(viewer).querySelector('.error-summary'), { message: 'error summary' });
    expect([...root(viewer).querySelectorAll('.error-summary a')].map(text)).to.deep.equal([
      'Enter the name of the person you are sharing with',
      'Enter an email address in the correct format, like name@example.com',
      'Select at least one part of your record to share',
    ]);
    await expectAccessible(viewer);
    root(viewer).querySelector<HTMLAnchorElement>('.error-summary li:nth-child(3) a')!.click();
    expect(root(viewer).activeElement?.id, 'the summary link moves to the first checkbox').to.equal('share-section-allergies');
    fill(viewer, '#share-name', 'Ayu Rahma');
    fill(viewer, '#share-relationship', 'daughter');
    fill(viewer, '#share-email', 'ayu@example.org');
    for (const id of ['share-section-medications', 'share-section-appointments']) root(viewer).querySelector<HTMLInputElement>(`#${id}`)!.click();
    await viewer.updateComplete;
    root(viewer).querySelector<HTMLButtonElement>('.share-form button[type="submit"]')!.click();
    const share = await waitFor(() => root(viewer).querySelector('.share'), { message: 'share listed', timeout: 5000 });
    expect(text(share)).to.include('Ayu Rahma (daughter)');
    expect(text(share)).to.include('Medicines, Appointments');
    expect(text(share)).to.include('Invitation sent');
    expect(backend.store.shares.map((s) => s.recipient.email)).to.deep.equal(['ayu@example.org']);
    share.querySelector<HTMLButtonElement>('.revoke')!.click();
    await waitFor(() => text(root(viewer).querySelector('[data-state="empty"]')) === 'You are not sharing your record with anyone.', { message: 'revoked', timeout: 5000 });
    expect(backend.store.shares[0]!.status).to.equal('revoked');
    await expectAccessible(viewer);
  });

  it('hides sharing when the backend does not offer it', async () => {
    setUp();
    undo();
    adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers), recordSharing: false });
    undo = configure({ adapter, namespace });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.summary'), { message: 'loaded', timeout: 5000 });
    expect(root(viewer).querySelector('.open-sharing')?.outerHTML ?? null).to.equal(null);
  });

  it('downloads the whole record as a FHIR Bundle, with the Patient first', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    const exported: Event[] = [];
    viewer.addEventListener('care-record-export', (event) => exported.push(event));
    let downloaded: Blob | undefined;
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => ((downloaded = blob as Blob), 'blob:record');
    try {
      (await waitFor(() => root(viewer).querySelector<HTMLButtonElement>('.export'), { message: 'export' })).click();
      await waitFor(() => downloaded, { message: 'download', timeout: 10_000 });
    } finally {
      URL.createObjectURL = original;
    }
    const bundle = JSON.parse(await downloaded!.text()) as { resourceType: string; type: string; entry: Array<{ resource: { resourceType: string; id: string } }> };
    expect(bundle.resourceType).to.equal('Bundle');
    expect(bundle.type).to.equal('collection');
    expect(bundle.entry[0]!.resource.resourceType).to.equal('Patient');
    expect(bundle.entry.length).to.equal(healthRecord.length + 1);
    expect(Object.keys(exported[0]!).filter((key) => key !== 'isTrusted')).to.deep.equal(['format']);
  });

  it('prints the whole record alone, from a frame of its own', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.summary'), { message: 'loaded', timeout: 5000 });
    const capture = capturePrints();
    try {
      root(viewer).querySelector<HTMLButtonElement>('.print')!.click();
      await waitFor(() => capture.pages.length > 0, { message: 'printed', timeout: 10_000 });
    } finally {
      capture.restore();
    }
    const printed = { ...capture.pages[0]!, hostPage: !!capture.pages[0]!.document.querySelector('care-record-viewer') };
    expect(printed!.text).to.include('Health record of Siti Rahma');
    for (const expected of ['Medicines', 'Metformin 500 mg tablet', 'HbA1c — 6.9 %', 'Normal range: <150', 'Added by you', 'Chest X-ray']) expect(printed!.text).to.include(expected);
    expect(printed!.lang).to.equal('en');
    expect(printed!.hostPage).to.equal(false);
  });

  it('asks an educator about an item when the chat is on the page, with no health data in the event', async () => {
    setUp();
    const chat = document.createElement('care-educator-chat');
    document.body.append(chat);
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="labs"></care-record-viewer>`);
      const asked: Event[] = [];
      document.addEventListener('care-ask-educator', (event) => asked.push(event), { once: true });
      (await waitFor(() => root(viewer).querySelector<HTMLButtonElement>('.ask'), { message: 'ask button' })).click();
      expect(asked).to.have.length(1);
      const event = asked[0] as CareAskEducatorEvent;
      expect(JSON.stringify(event), 'nothing to record for a page script that logs events').to.not.match(/HbA1c|LDL|glucose|Triglycerides/i);
      expect(Object.keys(event).sort()).to.deep.equal(['handled', 'isTrusted']);
      expect(event.context.title, 'the chat gets the item').to.match(/^(HbA1c|Fasting glucose|Triglycerides|LDL cholesterol|Home glucose reading), /);
      expect(event.handled, 'the chat took it').to.equal(true);
      await waitFor(() => widgetRoot(chat as EducatorChat).querySelector('.context'), { message: 'the chat shows the item' });
    } finally {
      chat.remove();
    }
  });
});

describe('<care-record-viewer> states', function () {
  this.timeout(30_000);

  it('loading, then an error with "Try again" that recovers', async () => {
    setUp();
    backend.chaos.set({ failureRate: 1 });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="medications"></care-record-viewer>`);
    expect(root(viewer).querySelector('[data-state="loading"]'), 'loading first').to.not.equal(null);
    await expectAccessible(viewer);
    const retry = await waitFor(() => root(viewer).querySelector<HTMLButtonElement>('.content [data-state="error"] button'), { message: 'error state', timeout: 15_000 });
    await expectAccessible(viewer);
    backend.chaos.reset();
    retry.click();
    await waitFor(() => text(root(viewer).querySelector('.content')).includes('Metformin'), { message: 'recovered', timeout: 5000 });
  });

  it('asks a guest to sign in', async () => {
    setUp({ seed: 'guest' });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => text(root(viewer).querySelector('[data-state="signed-out"]')) === 'Sign in to see your health record.', { message: 'signed out', timeout: 5000 });
    await expectAccessible(viewer);
  });

  it('says so when offline', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(viewer).querySelector('.summary'), { message: 'loaded', timeout: 5000 });
    window.dispatchEvent(new Event('offline'));
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    try {
      window.dispatchEvent(new Event('offline'));
      await waitFor(() => root(viewer).querySelector('[data-state="offline"]'), { message: 'offline notice' });
      await expectAccessible(viewer);
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
      window.dispatchEvent(new Event('online'));
    }
  });

  it('works right to left in Persian', async () => {
    setUp();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fa"><care-record-viewer></care-record-viewer></div>`);
    const viewer = wrapper.querySelector('care-record-viewer')!;
    await waitFor(() => root(viewer).querySelector('.summary .item'), { message: 'summary', timeout: 5000 });
    expect(root(viewer).querySelector('.care-root')!.getAttribute('dir')).to.equal('rtl');
    await expectAccessible(viewer);
  });
});

describe('<care-record-viewer> privacy and hostile data', function () {
  this.timeout(60_000);

  it('with offline-copy, keeps an encrypted copy under a non-extractable key, shows it offline, and sign-out deletes it', async () => {
    const canary = 'CANARY-COPY-4d2e';
    setUp({
      seed: {
        records: [
          ...healthRecord,
          { id: 'canary-copy', section: 'conditions', resource: { resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: canary } }, provenance: { enteredBy: 'clinician' } },
        ],
      },
    });
    let networkDown = false;
    const serverFetch = createMockFetch(backend.handlers);
    undo();
    adapter = createRestAdapter({
      baseUrl: '/api/careline/v1',
      fetch: (input, init) => (networkDown ? Promise.reject(new TypeError('Failed to fetch')) : serverFetch(input, init)),
    });
    undo = configure({ adapter, namespace });
    const databaseName = `careline-${namespace}-records`;

    const first = await fixture<RecordViewer>(html`<care-record-viewer offline-copy></care-record-viewer>`);
    await waitFor(() => text(root(first).querySelector('.summary')).includes(canary), { message: 'summary', timeout: 5000 });
    await waitFor(async () => (await indexedDB.databases()).some((database) => database.name === databaseName), { message: 'copy saved' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await dumpDatabase(databaseName);
    expect(stored.length, 'something was saved').to.be.greaterThan(100);
    for (const plain of [canary, 'Penicillin', 'Metformin']) expect(stored.includes(plain), `${plain} stored in clear`).to.equal(false);
    const key = await readKey(databaseName);
    expect(key.extractable, 'the key cannot be read out').to.equal(false);
    expect(key.algorithm.name).to.equal('AES-GCM');
    first.remove();

    networkDown = true;
    const second = await fixture<RecordViewer>(html`<care-record-viewer offline-copy></care-record-viewer>`);
    await waitFor(() => root(second).querySelector('[data-state="saved-copy"]'), { message: 'saved copy shown', timeout: 15_000 });
    expect(text(root(second).querySelector('.summary'))).to.include(canary);
    await expectAccessible(second);

    networkDown = false;
    const { signOut } = await import('@careline/core');
    await withOnlyOwnDatabases(() => signOut(adapter));
    await waitFor(async () => !(await indexedDB.databases()).some((database) => database.name === databaseName), { message: 'copy deleted at sign-out', timeout: 5000 });
  });

  it('turning offline-copy off deletes the copy and its key, and nothing is saved after it', async () => {
    setUp();
    const databaseName = `careline-${namespace}-records`;
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer offline-copy sections="allergies, labs"></care-record-viewer>`);
    await waitFor(() => [...root(viewer).querySelectorAll('.item')].some((item) => text(item).includes('Prawns')), { message: 'allergies', timeout: 5000 });
    // Looked for without opening it: opening would create it, empty, before the viewer's store does.
    await waitFor(async () => (await indexedDB.databases()).some((database) => database.name === databaseName), { message: 'copy saved', timeout: 5000 });
    await waitFor(async () => (await dumpDatabase(databaseName)).length > 100, { message: 'copy written', timeout: 5000 });
    // Off, and at once another section, whose copy would be saved as its data arrives.
    viewer.offlineCopy = false;
    viewer.section = 'labs';
    await viewer.updateComplete;
    const entries = async () => (await dumpDatabase(databaseName)).replace(/[[\]\s]/g, '');
    await waitFor(async () => (await entries()) === '', { message: 'copy and key deleted', timeout: 5000 });
    await waitFor(() => root(viewer).querySelector('.items.labs li'), { message: 'the labs shown', timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await entries(), 'nothing saved after the opt-in went').to.equal('');
  });

  it('sign-out leaves nothing of the record or of a half-written correction on screen', async () => {
    setUp();
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="allergies, labs"></care-record-viewer>`);
    const prawns = await waitFor(() => [...root(viewer).querySelectorAll('.item')].find((item) => text(item).includes('Prawns')), { message: 'item', timeout: 5000 });
    await waitFor(() => text(root(viewer).querySelector('#record-title')).includes('Siti'), { message: "the patient's name in the title" });
    prawns.querySelector<HTMLButtonElement>('.correct')!.click();
    await waitFor(() => root(viewer).querySelector('#correction-reason'), { message: 'correction form' });
    fill(viewer, '#correction-reason', 'It was a one-off reaction after surgery.');
    await viewer.updateComplete;

    const { signOut } = await import('@careline/core');
    await withOnlyOwnDatabases(() => signOut(adapter));
    await viewer.updateComplete;
    const shown = () => text(root(viewer));
    expect(shown().includes('Prawns'), 'no allergy on screen').to.equal(false);
    expect(shown().includes('Siti'), "no patient's name").to.equal(false);
    expect(shown().includes('one-off reaction'), 'nothing of the correction').to.equal(false);
    expect(root(viewer).querySelector('#correction-reason') === null, 'the form is closed').to.equal(true);
    // Asked again, as a visitor who is not signed in: the server says to sign in.
    await waitFor(() => root(viewer).querySelector('.content [data-state="signed-out"]'), { message: 'asked to sign in', timeout: 5000 });
    expect(shown().includes('Prawns')).to.equal(false);
    await expectAccessible(viewer);
  });

  it('after a wipe the backend did not hear of (its sign-out failed), shows nothing of the record and asks for none of it', async () => {
    setUp();
    let requests = 0;
    const serverFetch = createMockFetch(backend.handlers);
    undo();
    adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: (input, init) => (requests++, serverFetch(input, init)) });
    undo = configure({ adapter, namespace });
    const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="allergies, labs"></care-record-viewer>`);
    await waitFor(() => text(root(viewer)).includes('Prawns'), { message: 'record shown', timeout: 5000 });
    const { wipeCarelineData } = await import('@careline/core');
    await withOnlyOwnDatabases(() => wipeCarelineData()); // the server still knows Siti
    await waitFor(() => root(viewer).querySelector('.content [data-state="signed-out"]'), { message: 'signed-out state', timeout: 5000 });
    const before = requests;
    await open(viewer, 'Test results');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests, 'nothing asked for after the wipe').to.equal(before);
    expect(text(root(viewer)).includes('Prawns') || text(root(viewer)).includes('Siti'), 'nothing of the last patient').to.equal(false);
    expect(root(viewer).querySelector('.content [data-state="signed-out"]') !== null, 'still signed out').to.equal(true);
  });

  it('without offline-copy, shows an error offline and stores nothing', async () => {
    setUp();
    const serverFetch = createMockFetch(backend.handlers);
    let networkDown = false;
    undo();
    adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: (input, init) => (networkDown ? Promise.reject(new TypeError('Failed to fetch')) : serverFetch(input, init)) });
    undo = configure({ adapter, namespace });
    const first = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(first).querySelector('.summary .item'), { message: 'summary', timeout: 5000 });
    first.remove();
    networkDown = true;
    const second = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
    await waitFor(() => root(second).querySelector('.content [data-state="error"]'), { message: 'error', timeout: 15_000 });
    expect((await indexedDB.databases()).some((database) => database.name === `careline-${namespace}-records`)).to.equal(false);
  });

  it('renders the XSS corpus in record text fields without executing anything', async () => {
    const payloads = (await xssPayloads()).slice(0, 80);
    const records: RecordItem[] = payloads.map((payload, index) => ({
      id: `xss-${index}`,
      section: 'conditions',
      resource: { resourceType: 'Condition', code: { text: payload }, note: [{ text: payload }], recordedDate: '2026-01-01' },
      provenance: { enteredBy: 'clinician', organisation: payload },
    }));
    setUp({ seed: { records } });
    const monitor = watchForExecution();
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer sections="conditions" page-size="100"></care-record-viewer>`);
      await waitFor(() => root(viewer).querySelectorAll('.item').length === 80, { message: 'all rendered', timeout: 10_000 });
      await monitor.assertNothingExecuted(viewer.shadowRoot!);
    } finally {
      monitor.restore();
    }
  });

  it('keeps record values out of storage, the address, the title, events and the console', async () => {
    const canaries = ['CANARY-COND-7f3a', 'CANARY-LAB-19c2', 'CANARY-MED-b5e1'];
    setUp({
      seed: {
        records: [
          ...healthRecord,
          { id: 'canary-1', section: 'conditions', resource: { resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: canaries[0] } }, provenance: { enteredBy: 'clinician' } },
          { id: 'canary-2', section: 'labs', resource: { resourceType: 'Observation', code: { text: 'Potassium' }, valueQuantity: { value: 4.1, unit: 'mmol/L' }, note: [{ text: canaries[1] }], effectiveDateTime: '2026-11-01' }, provenance: { enteredBy: 'clinician' } },
          { id: 'canary-3', section: 'medications', resource: { resourceType: 'MedicationRequest', status: 'active', medicationCodeableConcept: { text: canaries[2] } }, provenance: { enteredBy: 'clinician' } },
        ],
      },
    });
    const seen: string[] = [];
    const originalDispatch = EventTarget.prototype.dispatchEvent;
    EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event) {
      seen.push([event.type, ...Object.values(event).map((value) => textOf(value))].join(' '));
      return originalDispatch.call(this, event);
    };
    const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = consoleMethods.map((method) => console[method]);
    for (const method of consoleMethods) console[method] = (...args: unknown[]) => seen.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : JSON.stringify(arg) ?? String(arg))).join(' '));
    try {
      const viewer = await fixture<RecordViewer>(html`<care-record-viewer></care-record-viewer>`);
      await waitFor(() => text(root(viewer).querySelector('.summary')).includes(canaries[0]!), { message: 'canary shown', timeout: 5000 });
      for (const label of ['Test results', 'Medicines', 'Conditions']) await open(viewer, label);
      expect(text(root(viewer).querySelector('.content'))).to.include(canaries[0]);
      await open(viewer, 'Test results');
      const potassium = [...root(viewer).querySelectorAll('.lab')].find((lab) => text(lab).includes(canaries[1]!))!;
      potassium.querySelector<HTMLButtonElement>('.item-actions button')!.click();
      await waitFor(() => potassium.querySelector('.trend'), { message: 'trend' });
      const stored: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.title, location.href, document.cookie];
      for (const database of await indexedDB.databases()) {
        if (!database.name) continue;
        stored.push(await dumpDatabase(database.name));
      }
      for (const cacheName of await caches.keys()) {
        for (const request of await (await caches.open(cacheName)).keys()) stored.push(request.url);
      }
      const everything = [...stored, ...seen].join('\n');
      for (const canary of canaries) expect(everything.includes(canary), `${canary} leaked`).to.equal(false);
    } finally {
      EventTarget.prototype.dispatchEvent = originalDispatch;
      consoleMethods.forEach((method, index) => (console[method] = originals[index]!));
    }
  });
});

/** Any value as text, for looking for canaries; circular structures are walked once. */
function textOf(value: unknown, seen = new WeakSet<object>()): string {
  if (typeof value !== 'object' || value === null) return String(value);
  if (seen.has(value)) return '';
  seen.add(value);
  if (value instanceof Node) return '';
  return Object.values(value as Record<string, unknown>).map((inner) => textOf(inner, seen)).join(' ');
}

async function readKey(name: string): Promise<CryptoKey> {
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const entry = await new Promise<{ key: CryptoKey }>((resolve, reject) => {
      const request = database.transaction('entries').objectStore('entries').get('key');
      request.onsuccess = () => resolve(request.result as { key: CryptoKey });
      request.onerror = () => reject(request.error);
    });
    return entry.key;
  } finally {
    database.close();
  }
}

async function dumpDatabase(name: string): Promise<string> {
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const parts: string[] = [];
    for (const storeName of database.objectStoreNames) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const request = database.transaction(storeName).objectStore(storeName).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      parts.push(JSON.stringify(all));
    }
    return parts.join('\n');
  } finally {
    database.close();
  }
}
