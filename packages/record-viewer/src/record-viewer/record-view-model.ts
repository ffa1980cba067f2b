/**
 * What the viewer shows for each item and lab test, computed from FHIR by the
 * display functions. Pure and synchronous, so it is tested without a browser page.
 */
import type { RecordItem, RecordSection } from '@careline/core';
import {
  clinicalDate,
  compareToRange,
  conceptKey,
  conceptText,
  dosageText,
  formatDate,
  formatMoney,
  inlineText,
  isNegation,
  itemTitle,
  labInterpretation,
  notes,
  numericValue,
  observationValue,
  referenceDisplay,
  referenceRange,
  statusCode,
  type Flag,
  type RangeView,
} from '../fhir/display.js';

/** The sections a hospital can show, in its chosen order; `summary` is a digest of three. */
export type ViewSection = 'summary' | RecordSection;

export const DEFAULT_VIEW_SECTIONS: readonly ViewSection[] = [
  'summary',
  'medications',
  'conditions',
  'labs',
  'vitals',
  'immunizations',
  'allergies',
  'encounters',
  'appointments',
  'documents',
  'bills',
];

export interface ItemView {
  id: string;
  title: string | undefined;
  /** The value or main fact: "7.2 %", "One tablet twice a day", "Rp 400.000". */
  value: string | undefined;
  date: string | undefined;
  /** The raw clinical date, for sorting and the trend chart. */
  isoDate: string | undefined;
  status: string | undefined;
  details: Array<{ label: DetailLabel; text: string }>;
  range: RangeView | undefined;
  labFlag: { flag: Flag; text: string | undefined } | undefined;
  computed: 'above' | 'below' | undefined;
  negation: boolean;
  testKey: string | undefined;
  numeric: number | undefined;
  /** What a trend plots: the value, or each component's (systolic and diastolic blood pressure). */
  numbers: number[];
}

export type DetailLabel = 'dose' | 'prescriber' | 'reaction' | 'severity' | 'note' | 'reason' | 'instructions' | 'with' | 'summary' | 'total' | 'location' | 'ended';

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// A render asks for the same item's view several times (grouping, filtering, "none
// known", the item itself) and every render asks again. Items are not mutated once
// received (a changed entry arrives as a new object), so a view is kept per item and locale.
const views = new WeakMap<RecordItem, { locale: string; view: ItemView }>();

export function viewItem(item: RecordItem, locale: string): ItemView {
  const known = views.get(item);
  if (known?.locale === locale) return known.view;
  const view = buildView(item, locale);
  views.set(item, { locale, view });
  return view;
}

function buildView(given: RecordItem, locale: string): ItemView {
  // An item the backend sent without its resource shows as an untitled entry, not as a broken section.
  const item = given.resource && typeof given.resource === 'object' ? given : { ...given, resource: {} as RecordItem['resource'] };
  const r = item.resource as Record<string, unknown>;
  const details: ItemView['details'] = [];
  const add = (label: DetailLabel, text: string | undefined) => {
    if (text) details.push({ label, text });
  };
  let value: string | undefined;
  switch (r['resourceType']) {
    case 'Observation':
      value = observationValue(item.resource, locale);
      break;
    case 'MedicationRequest':
    case 'MedicationStatement':
      add('dose', dosageText(item.resource));
      add('prescriber', referenceDisplay(item, r['requester'] ?? r['informationSource']));
      add('reason', conceptText(r['statusReason']) ?? conceptText(asList(r['reasonCode'])[0]));
      break;
    case 'AllergyIntolerance': {
      const reaction = asObject(asList(r['reaction'])[0]);
      add('reaction', asList(reaction?.['manifestation']).map(conceptText).filter(Boolean).join(', ') || undefined);
      add('severity', typeof reaction?.['severity'] === 'string' ? (reaction['severity'] as string) : undefined);
      break;
    }
    case 'Condition':
      add('ended', formatDate(typeof r['abatementDateTime'] === 'string' ? r['abatementDateTime'] : undefined, locale));
      break;
    case 'Appointment':
      add('with', asList(r['participant']).map((p) => referenceDisplay(item, asObject(p)?.['actor'])).filter((name) => name && !/^patient\//i.test(name)).slice(1).join(', ') || undefined);
      add('instructions', typeof r['patientInstruction'] === 'string' ? r['patientInstruction'] : undefined);
      break;
    case 'Encounter':
      add('location', referenceDisplay(item, r['serviceProvider']) ?? referenceDisplay(item, asObject(asList(r['location'])[0])?.['location']));
      break;
    case 'DocumentReference':
    case 'DiagnosticReport':
      add('summary', inlineText(item.resource));
      break;
    case 'Invoice':
      value = formatMoney(r['totalGross'] ?? r['totalNet'], locale);
      add('instructions', typeof r['paymentTerms'] === 'string' ? r['paymentTerms'] : undefined);
      break;
    case 'ExplanationOfBenefit':
    case 'Claim': {
      const total = asList(r['total']).map(asObject).find((t) => t?.['amount']);
      value = formatMoney(total?.['amount'] ?? asObject(r['payment'])?.['amount'] ?? r['total'], locale);
      break;
    }
  }
  for (const note of notes(item.resource)) add('note', note);
  const isoDate = clinicalDate(item.resource);
  const range = referenceRange(item.resource, locale);
  const numeric = numericValue(item.resource);
  return {
    id: item.id,
    title: itemTitle(item),
    value,
    date: formatDate(isoDate, locale, item.section === 'appointments' || item.section === 'vitals' || item.section === 'labs'),
    isoDate,
    status: statusCode(item.resource),
    details,
    range,
    labFlag: labInterpretation(item.resource),
    computed: compareToRange(numeric, range),
    negation: isNegation(item.resource),
    testKey: conceptKey(r['code']),
    numeric,
    numbers: numeric !== undefined ? [numeric] : plottedNumbers(item),
  };
}

function plottedNumbers(item: RecordItem): number[] {
  const single = numericValue(item.resource);
  if (single !== undefined) return [single];
  const components = asList((item.resource as Record<string, unknown>)['component']).map((component) => asObject(asObject(component)?.['valueQuantity'])?.['value']);
  return components.length >= 2 && components.every((value): value is number => typeof value === 'number' && Number.isFinite(value)) ? components : [];
}

export interface LabGroup {
  key: string;
  title: string | undefined;
  latest: ItemView;
  latestItem: RecordItem;
  count: number;
}

/** Lab results grouped by test, the newest result first in each group; groups in order of their newest result. */
export function groupByTest(items: readonly RecordItem[], locale: string): LabGroup[] {
  const groups = new Map<string, LabGroup>();
  items.forEach((item, place) => {
    const view = viewItem(item, locale);
    // A result without a code stands alone: by its id, or by its place when the backend sent it
    // without one or with another result's id (results of different tests must never merge).
    const alone = typeof item.id === 'string' && !groups.has(`item:${item.id}`) ? `item:${item.id}` : `item#${place}`;
    const key = view.testKey ?? alone;
    const group = groups.get(key);
    if (!group) groups.set(key, { key, title: view.title, latest: view, latestItem: item, count: 1 });
    else {
      group.count++;
      if ((view.isoDate ?? '') > (group.latest.isoDate ?? '')) Object.assign(group, { latest: view, latestItem: item });
    }
  });
  return [...groups.values()].sort((a, b) => (b.latest.isoDate ?? '').localeCompare(a.latest.isoDate ?? ''));
}
