/**
 * Record items as a backend of any make may send them, as the patient sees them: an item with any
 * one value, at any depth, missing or of the wrong type shows (perhaps as "Unnamed entry", or
 * without a detail), or says in its place that it could not be shown. The section never turns
 * into an error, the other items still show, the item's actions (trend, ask an educator, share in
 * a community, ask for a correction) work, who entered it is not made up, the printed record has
 * it too, and nothing is thrown at the page. (The view model alone: record-view-model.test.ts.)
 *
 * Per section, the variants of its richest fixture item (at most MAX_VARIANTS, see variantsOf):
 * allergies 266, conditions 238, medications 182, lab results 300 of 343, vital signs (a blood
 * pressure) 300 of 301, immunizations 140, visits 168, appointments 175, documents 210, bills 224;
 * the summary shows those of its three parts together.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure, idPart, RECORD_SECTIONS, type CareAdapter, type CareAskEducatorEvent, type CareShareToCommunityEvent, type RecordItem, type RecordPage, type RecordSection } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, healthRecord, oddRecordItems, type MockBackend } from '@careline/mock';
import { capturePrints, collectPageReports, expectAccessible, pathsIn, waitFor, wrongVariants, type WrongVariant } from '@careline/testing';
import '../define.js';
import type { RecordViewer } from './record-viewer.js';

const FIXTURES = [...healthRecord, ...oddRecordItems];
/** At most this many variants of an item are shown (a lab result has 343, a blood pressure 301; the others fewer). */
const MAX_VARIANTS = 300;
/** Odd items shown at once beside the ordinary one, in sections that list every item. */
const BATCH = 30;

/** The richest fixture of a section: the one with the most values that can go wrong (the first of equals). */
function richest(section: RecordSection): RecordItem {
  const ofSection = FIXTURES.filter((item) => item.section === section);
  return ofSection.reduce((best, item) => (pathsIn(item).length > pathsIn(best).length ? item : best));
}

/**
 * Every variant of the section's richest item, or, past MAX_VARIANTS, that many evenly spaced
 * (the i-th of MAX_VARIANTS is variant ⌊i·n/MAX_VARIANTS⌋): deterministic, and every part of the
 * item still goes wrong in several ways. Each keeps an id of its own (unless the id is what went
 * wrong), so the items are told apart.
 */
function variantsOf(item: RecordItem): WrongVariant<RecordItem>[] {
  const all = wrongVariants(item);
  const chosen = all.length <= MAX_VARIANTS ? all : Array.from({ length: MAX_VARIANTS }, (_, index) => all[Math.floor((index * all.length) / MAX_VARIANTS)]!);
  return chosen.map((variant, index) => ({ ...variant, item: variant.label.startsWith('id ') ? variant.item : { ...variant.item, id: `${item.id}-v${index}` } }));
}

/** An ordinary item of each section, shown beside the odd ones: another test for labs and vitals (results of one test are one entry). */
const ORDINARY_IDS: Record<RecordSection, string> = {
  allergies: 'ai-2',
  conditions: 'cond-2',
  medications: 'med-2',
  labs: 'lab-glu-4',
  vitals: 'vit-wt-1',
  immunizations: 'imm-2',
  encounters: 'enc-1',
  appointments: 'appt-2',
  documents: 'doc-1',
  bills: 'inv-1',
};
const ORDINARY_TITLE = 'An ordinary visit beside the odd ones';

function ordinaryOf(section: RecordSection): RecordItem {
  const item = structuredClone(FIXTURES.find((candidate) => candidate.id === ORDINARY_IDS[section])!);
  // The only visit in the fixtures is the richest one: its ordinary neighbour is a copy with a title of its own.
  if (section === 'encounters') return { ...item, id: 'ordinary-visit', resource: { ...item.resource, type: [{ text: ORDINARY_TITLE }] } };
  return item;
}

const TITLES: Record<string, string> = {
  'ai-2': 'Prawns',
  'cond-2': 'High blood pressure',
  'med-2': 'Amlodipine 5 mg tablet',
  'lab-glu-4': 'Fasting glucose',
  'vit-wt-1': 'Weight',
  'imm-2': 'Pneumococcal vaccine',
  'ordinary-visit': ORDINARY_TITLE,
  'appt-2': 'Internal medicine follow-up',
  'doc-1': 'Visit summary, internal medicine clinic',
  'inv-1': 'Outpatient visit',
};

let backend: MockBackend | undefined;
let adapter: CareAdapter | undefined;
let undo: () => void = () => undefined;
let counter = 0;
/** What the backend sends now: each section's items, and a test's history for trends. */
let showing: { sections: Partial<Record<RecordSection, RecordItem[]>>; history: RecordItem[] } = { sections: {}, history: [] };
/** How often each action was tried, so a test that found no button does not pass by trying nothing. */
const tried = { ask: 0, share: 0, trend: 0, correct: 0 };

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
  for (const neighbour of document.querySelectorAll('care-educator-chat, care-community-feed')) neighbour.remove();
});

/** A signed-in patient's record whose sections are whatever `showing` says (past the mock, which itself needs whole items). */
function setUp(): void {
  Object.assign(tried, { ask: 0, share: 0, trend: 0, correct: 0 });
  backend = createMockBackend();
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  adapter.records!.listSection = async (section, query): Promise<RecordPage> => ({ items: query.code ? showing.history : (showing.sections[section] ?? []), nextCursor: undefined });
  undo = configure({ adapter, namespace: `record-wrong-${Date.now().toString(36)}-${counter++}` });
  // Where these are on the page the viewer offers "Ask an educator" and "Share in a community": their events are caught below.
  document.body.append(document.createElement('care-educator-chat'), document.createElement('care-community-feed'));
}

const root = (viewer: RecordViewer) => viewer.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the provenance line may say for an item: only what the backend said. */
function expectedProvenance(item: RecordItem): string {
  const provenance: unknown = item.provenance;
  if (!isObject(provenance)) return '';
  const tag = provenance['enteredBy'] === 'patient' ? 'Added by you' : provenance['enteredBy'] === 'clinician' ? 'Entered by your care team' : '';
  const organisation = typeof provenance['organisation'] === 'string' && provenance['organisation'].trim() ? `From ${provenance['organisation'].trim()}` : '';
  return [tag, organisation].filter(Boolean).join(' ');
}

let viewer: RecordViewer | undefined;

/** A viewer showing `section` with what `showing` holds, once its content is there (or the error). */
async function show(section: 'summary' | RecordSection): Promise<{ viewer: RecordViewer; state: string }> {
  viewer?.remove();
  viewer = await fixture<RecordViewer>(html`<care-record-viewer sections=${section} page-size="500"></care-record-viewer>`);
  const shown = viewer;
  const state = await waitFor(
    () => {
      if (root(shown).querySelector('[data-state="error"]')) return 'error';
      const content = root(shown).querySelector('.content');
      return content && !content.querySelector('[data-state="loading"]') && content.querySelector('ul.items, [data-state="empty"]') ? 'shown' : undefined;
    },
    { message: `${section} shown`, timeout: 10_000 },
  ).catch((error: Error) => error.message);
  await shown.updateComplete;
  return { viewer: shown, state };
}

/** The list entry of an item with a string id (the entry of a lab or vital is found by its place). */
function entryOf(scope: ParentNode, item: RecordItem): Element | undefined {
  if (typeof item.id !== 'string') return undefined;
  return scope.querySelector(`li.item[aria-labelledby="item-${idPart(item.id)}"]`) ?? undefined;
}

/** Problems with one item's entry: it says something, its provenance is as sent, and each of its actions works. */
async function checkEntry(shown: RecordViewer, entry: Element, variant: WrongVariant<RecordItem>, section: RecordSection, asked: Event[], shared: Event[]): Promise<string[]> {
  const problems: string[] = [];
  const label = `${section}: ${variant.label}`;
  if (!text(entry.querySelector('.item-title')) && !entry.querySelector('[data-state="unreadable"]')) problems.push(`${label}: an entry without a title`);
  if (text(entry).includes('[object Object]')) problems.push(`${label}: shows "[object Object]"`);
  const provenance = text(entry.querySelector(':scope > .provenance'));
  if (provenance !== expectedProvenance(variant.item)) problems.push(`${label}: provenance "${provenance}", expected "${expectedProvenance(variant.item)}"`);
  const button = (selector: string) => entry.querySelector<HTMLButtonElement>(`:scope > .item-actions ${selector}`);
  const ask = button('.ask');
  if (!ask) problems.push(`${label}: no "Ask an educator"`);
  else {
    const before = asked.length;
    tried.ask++;
    ask.click();
    const context = (asked[before] as CareAskEducatorEvent | undefined)?.context;
    // What the chat passes on to the educator's system: as ChatContext says.
    if (!context) problems.push(`${label}: "Ask an educator" sent nothing`);
    else if (context.kind !== section || typeof context.title !== 'string' || !(context.reference === undefined || typeof context.reference === 'string')) {
      problems.push(`${label}: asked about ${JSON.stringify(context)}`);
    }
  }
  const share = button('.share-community');
  if (share) {
    const before = shared.length;
    tried.share++;
    share.click();
    const item = (shared[before] as CareShareToCommunityEvent | undefined)?.item;
    if (!item) problems.push(`${label}: "Share in a community" sent nothing`);
    else if (typeof item.title !== 'string' || typeof item.summary !== 'string' || !(item.values ?? []).every(Number.isFinite) || !(item.unit === undefined || typeof item.unit === 'string')) {
      problems.push(`${label}: shared ${JSON.stringify(item)}`);
    }
  }
  const trend = button('button[aria-expanded]');
  if (trend) {
    tried.trend++;
    trend.click();
    const state = await waitFor(() => (root(shown).querySelector('[data-state="error"]') ? 'error' : entry.querySelector('.trend') ? 'trend' : undefined), { message: 'trend', timeout: 5000 }).catch(
      (error: Error) => error.message,
    );
    if (state !== 'trend') problems.push(`${label}: trend ${state === 'error' ? 'failed' : state}`);
    else if (entry.querySelectorAll('.trend tbody tr').length !== showing.history.length) problems.push(`${label}: trend has ${entry.querySelectorAll('.trend tbody tr').length} of ${showing.history.length} results`);
  }
  const correct = button('.correct');
  if (correct) {
    tried.correct++;
    correct.click();
    const form = await waitFor(() => entry.querySelector('form.correction'), { message: 'correction form', timeout: 5000 }).catch(() => undefined);
    if (!form || !text(form.querySelector('h4'))) problems.push(`${label}: no correction form`);
    form?.querySelector<HTMLButtonElement>('button[data-variant="secondary"]')?.click();
    await shown.updateComplete;
  }
  return problems;
}

/** Runs `body` collecting what is thrown at the page, what is logged as an error, and what the viewer sends on. */
async function watching(body: (asked: Event[], shared: Event[]) => Promise<string[]>): Promise<void> {
  const asked: Event[] = [];
  const shared: Event[] = [];
  const onAsk = (event: Event) => asked.push(event);
  const onShare = (event: Event) => shared.push(event);
  document.addEventListener('care-ask-educator', onAsk);
  document.addEventListener('care-share-to-community', onShare);
  let failures: string[] = [];
  try {
    const { thrown, logged } = await collectPageReports(async () => {
      failures = await body(asked, shared);
    });
    expect(failures.slice(0, 60), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
    expect(logged.slice(0, 5), 'logged as errors').to.deep.equal([]);
  } finally {
    document.removeEventListener('care-ask-educator', onAsk);
    document.removeEventListener('care-share-to-community', onShare);
  }
}

/** Sections that list every item: the odd ones in batches beside an ordinary one. */
async function listSectionProblems(section: 'summary' | RecordSection, parts: RecordSection[], asked: Event[], shared: Event[]): Promise<string[]> {
  const failures: string[] = [];
  const variants = new Map(parts.map((part) => [part, variantsOf(richest(part))]));
  for (const [part, list] of variants) expect(list.length, `${part} variants tried`).to.be.greaterThan(90);
  const batches = Math.max(...[...variants.values()].map((list) => Math.ceil(list.length / BATCH)));
  for (let index = 0; index < batches; index++) {
    const batch = new Map(parts.map((part) => [part, variants.get(part)!.slice(index * BATCH, (index + 1) * BATCH)]));
    showing = { sections: Object.fromEntries(parts.map((part) => [part, [ordinaryOf(part), ...batch.get(part)!.map((variant) => variant.item)]])), history: [] };
    const where = parts.map((part) => `${part} ${batch.get(part)![0]?.label ?? '–'} … ${batch.get(part)!.at(-1)?.label ?? '–'}`).join('; ');
    const { viewer: shown, state } = await show(section);
    if (state !== 'shown') {
      failures.push(`${section}: ${where}: ${state === 'error' ? text(root(shown).querySelector('[data-state="error"]')) : state}`);
      // Which of the batch break it: each alone beside the ordinary item.
      for (const part of parts) {
        for (const variant of batch.get(part)!) {
          showing = { sections: { ...Object.fromEntries(parts.map((other) => [other, [ordinaryOf(other)]])), [part]: [ordinaryOf(part), variant.item] }, history: [] };
          if ((await show(section)).state !== 'shown') failures.push(`${part}: ${variant.label}: breaks the section`);
        }
      }
      continue;
    }
    for (const part of parts) {
      const scope = section === 'summary' ? root(shown).querySelector(`section[aria-labelledby="summary-${part}"]`)! : root(shown).querySelector('.content')!;
      const entries = scope.querySelectorAll('ul.items > li.item');
      const expected = batch.get(part)!.length + 1;
      if (entries.length !== expected) failures.push(`${part}: ${where}: ${entries.length} entries shown of ${expected}`);
      const ordinary = ordinaryOf(part);
      if (![...entries].some((entry) => text(entry.querySelector('.item-title')) === TITLES[ordinary.id])) failures.push(`${part}: ${where}: the ordinary item is missing`);
      // Entries of items without a string id are told apart by their order (they differ only in the id).
      const idless = [...entries].filter((entry) => !entry.hasAttribute('aria-labelledby'));
      const idlessVariants = batch.get(part)!.filter((variant) => typeof variant.item.id !== 'string');
      for (const variant of batch.get(part)!) {
        const entry = typeof variant.item.id === 'string' ? entryOf(scope, variant.item) : idless[idlessVariants.indexOf(variant)];
        if (entry) failures.push(...(await checkEntry(shown, entry, variant, part, asked, shared)));
        else failures.push(`${part}: ${variant.label}: its entry is missing`);
      }
      for (const entry of entries) if (!text(entry)) failures.push(`${part}: ${where}: an empty entry`);
    }
    if (root(shown).querySelector('[data-state="error"]')) failures.push(`${section}: ${where}: an error after its actions`);
    if (index === 0) await expectAccessible(shown);
  }
  return failures;
}

/** Labs and vitals show one entry per test, its latest result: each odd result alone beside another test, with its trend among good results. */
async function byTestProblems(section: 'labs' | 'vitals', asked: Event[], shared: Event[]): Promise<string[]> {
  const failures: string[] = [];
  const rich = richest(section);
  const variants = variantsOf(rich);
  expect(variants.length, 'variants tried').to.be.greaterThan(200);
  const ordinary = ordinaryOf(section);
  // The rest of the same test's history, older and newer: the trend draws the odd result among them.
  const sameTest = FIXTURES.filter((item) => item.section === section && item.id !== rich.id && JSON.stringify(item.resource['code']) === JSON.stringify(rich.resource['code']));
  expect(sameTest.length, 'the rest of the history').to.be.greaterThan(0);
  for (const [index, variant] of variants.entries()) {
    showing = { sections: { [section]: [ordinary, variant.item] }, history: [variant.item, ...sameTest] };
    const { viewer: shown, state } = await show(section);
    if (state !== 'shown') {
      failures.push(`${section}: ${variant.label}: ${state === 'error' ? text(root(shown).querySelector('[data-state="error"]')) : state}`);
      continue;
    }
    const entries = [...root(shown).querySelectorAll('.content ul.items > li.item')];
    if (entries.length !== 2) failures.push(`${section}: ${variant.label}: ${entries.length} entries shown of 2`);
    const odd = entries.find((entry) => text(entry.querySelector('.item-title')) !== TITLES[ordinary.id]);
    if (entries.length - (odd ? 1 : 0) !== 1) failures.push(`${section}: ${variant.label}: the ordinary entry is missing`);
    if (odd) failures.push(...(await checkEntry(shown, odd, variant, section, asked, shared)));
    if (root(shown).querySelector('[data-state="error"]')) failures.push(`${section}: ${variant.label}: an error after its actions`);
    if (index === 0) await expectAccessible(shown);
  }
  return failures;
}

/** The print copy of a viewer of `parts` with every variant at once: one row per item under its section, saying only what was sent. */
async function printProblems(section: 'summary' | RecordSection, parts: RecordSection[]): Promise<string[]> {
  const failures: string[] = [];
  const variants = Object.fromEntries(parts.map((part) => [part, variantsOf(richest(part))]));
  const listed = Object.fromEntries(parts.map((part) => [part, [ordinaryOf(part), ...variants[part]!.map((variant) => variant.item)]]));
  const labels = Object.fromEntries(parts.map((part) => [part, ['the ordinary item', ...variants[part]!.map((variant) => variant.label)]]));
  showing = { sections: listed, history: [] };
  const { viewer: shown, state } = await show(section);
  if (state !== 'shown') return [`print of ${section}: ${state}`];
  const capture = capturePrints();
  try {
    root(shown).querySelector<HTMLButtonElement>('button.print')!.click();
    const outcome = await waitFor(() => (capture.pages.length ? 'printed' : root(shown).querySelector('.record > p.error[role="alert"]') ? 'failed' : undefined), { message: 'print', timeout: 10_000 }).catch(
      (error: Error) => error.message,
    );
    if (outcome !== 'printed') return [`print of ${section}: ${outcome === 'failed' ? text(root(shown).querySelector('.record > p.error')) : outcome}`];
  } finally {
    capture.restore();
  }
  const printed = capture.pages[0]!.document;
  if (printed.body.textContent!.includes('[object Object]')) failures.push(`print of ${section}: shows "[object Object]"`);
  // Printed sections: those the viewer shows (every one with the summary), in the record's order.
  const printedSections = RECORD_SECTIONS.filter((candidate) => section === 'summary' || candidate === section);
  const blocks = [...printed.querySelectorAll('body > section')];
  for (const part of parts) {
    const rows = [...(blocks[printedSections.indexOf(part)]?.querySelectorAll('tbody > tr') ?? [])];
    if (rows.length !== listed[part]!.length) failures.push(`print of ${part}: ${rows.length} rows of ${listed[part]!.length}`);
    for (const [index, row] of rows.entries()) {
      const item = listed[part]![index]!;
      const label = `print of ${part}: ${labels[part]![index]}`;
      if (!text(row.querySelector('strong'))) failures.push(`${label}: a row without a title`);
      const provenance = expectedProvenance(item).replace(/^From /, '').replace(' From ', ' ');
      const printedProvenance = (row.querySelector<HTMLElement>('td:last-child')?.innerText ?? '').replace(/\s+/g, ' ').trim();
      if (printedProvenance !== provenance) failures.push(`${label}: provenance "${printedProvenance}", expected "${provenance}"`);
    }
  }
  return failures;
}

describe('<care-record-viewer> with items a backend got wrong', function () {
  this.timeout(120_000);

  for (const section of ['allergies', 'conditions', 'medications', 'immunizations', 'encounters', 'appointments', 'documents', 'bills'] as const) {
    it(`shows every ${section} item with any one value missing or of the wrong type, or says it could not be shown, beside the others`, async () => {
      setUp();
      await watching(async (asked, shared) => [...(await listSectionProblems(section, [section], asked, shared)), ...(await printProblems(section, [section]))]);
      expect(Math.min(tried.ask, tried.correct), 'entries whose actions were tried').to.be.greaterThan(90);
    });
  }

  for (const section of ['labs', 'vitals'] as const) {
    it(`shows every ${section} result with any one value missing or of the wrong type, or says it could not be shown, with its trend, beside another test`, async () => {
      setUp();
      await watching(async (asked, shared) => [...(await byTestProblems(section, asked, shared)), ...(await printProblems(section, [section]))]);
      expect(Math.min(tried.ask, tried.correct), 'results whose actions were tried').to.be.greaterThan(200);
      expect(tried.trend, 'results whose trend was drawn').to.be.greaterThan(200);
      // A blood pressure has two numbers and no one value: it is not shared (a lab result is).
      if (section === 'labs') expect(tried.share, 'results shared').to.be.greaterThan(200);
    });
  }

  it('leaves out what is not an item at all in a page (null, a number, text, a list) and shows the rest', async () => {
    setUp();
    const notItems = [null, 42, 'x', [], true] as unknown as RecordItem[];
    await watching(async () => {
      const failures: string[] = [];
      for (const section of ['conditions', 'labs'] as const) {
        showing = { sections: { [section]: [ordinaryOf(section), ...notItems] }, history: [] };
        const { viewer: shown, state } = await show(section);
        if (state !== 'shown') failures.push(`${section}: ${state}`);
        const entries = root(shown).querySelectorAll('.content ul.items > li');
        if (entries.length !== 1) failures.push(`${section}: ${entries.length} entries, not the ordinary one alone: ${text(root(shown).querySelector('.content'))}`);
      }
      return failures;
    });
  });

  it('downloads the record with only FHIR resources in it, and offers a correction only for an item with a text id', async () => {
    setUp();
    const condition = ordinaryOf('conditions');
    const odd = [null, 42, { ...condition, id: 'no-resource', resource: undefined }, { ...condition, id: 'text-resource', resource: 'Condition' }, { ...condition, id: undefined }] as unknown as RecordItem[];
    showing = { sections: { conditions: [condition, ...odd] }, history: [] };
    await watching(async () => {
      const failures: string[] = [];
      const { viewer: shown, state } = await show('conditions');
      if (state !== 'shown') return [`conditions: ${state}`];
      const entries = [...root(shown).querySelectorAll('.content ul.items > li')];
      if (entries.length !== 4) failures.push(`${entries.length} entries, not 4`);
      const corrections = entries.filter((entry) => entry.querySelector('.correct')).length;
      if (corrections !== 3) failures.push(`${corrections} entries offer a correction, not the 3 with a text id`);
      let downloaded: Blob | undefined;
      const original = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob | MediaSource) => ((downloaded = blob as Blob), 'blob:record');
      try {
        root(shown).querySelector<HTMLButtonElement>('.export')!.click();
        await waitFor(() => downloaded ?? root(shown).querySelector('.error[role="alert"]'), { message: 'download', timeout: 10_000 });
      } finally {
        URL.createObjectURL = original;
      }
      if (!downloaded) return [...failures, `no download: ${text(root(shown).querySelector('.error[role="alert"]'))}`];
      const bundle = JSON.parse(await downloaded.text()) as { entry: Array<{ resource: unknown }> };
      const kinds = bundle.entry.map(({ resource }) => (resource as { resourceType?: unknown })?.resourceType);
      if (!kinds.every((kind) => typeof kind === 'string')) failures.push(`entries that are not FHIR resources: ${JSON.stringify(kinds)}`);
      // The Patient, the ordinary condition and the one without a text id (its resource is whole).
      if (kinds.length !== 3) failures.push(`${kinds.length} entries, not 3: ${JSON.stringify(kinds)}`);
      return failures;
    });
  });

  it('shows the summary with odd allergies, conditions and medicines together, each beside an ordinary one', async () => {
    setUp();
    const parts: RecordSection[] = ['allergies', 'conditions', 'medications'];
    await watching(async (asked, shared) => [...(await listSectionProblems('summary', parts, asked, shared)), ...(await printProblems('summary', parts))]);
    expect(Math.min(tried.ask, tried.correct), 'entries whose actions were tried').to.be.greaterThan(3 * 90);
  });
});
