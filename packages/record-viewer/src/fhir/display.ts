/**
 * Turns FHIR R4 resources into what a patient reads, without ever throwing on
 * odd-but-valid data: missing dates, primitive extensions (`_effectiveDateTime`
 * with no value), concepts with only text or only a coding, unknown codes and
 * unrounded values. Every function takes `unknown`-ish input and degrades to
 * "not given" rather than failing.
 */
import { dateTimeFormat, numberFormat, type FhirResource, type FormatterSpec, type RecordItem } from '@careline/core';

type Json = Record<string, unknown>;

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface Concept {
  coding?: Coding[];
  text?: string;
}

export interface Quantity {
  value?: number;
  unit?: string;
  code?: string;
  comparator?: string;
}

const MONTH_YEAR = { year: 'numeric', month: 'long', timeZone: 'UTC' } as const;
const DATE_ONLY = { dateStyle: 'medium', timeZone: 'UTC' } as const;
const DATE_MEDIUM = { dateStyle: 'medium' } as const;
const DATE_TIME = { dateStyle: 'medium', timeStyle: 'short' } as const;
const UP_TO_3_DECIMALS = { maximumFractionDigits: 3 } as const;
const UP_TO_1_DECIMAL = { maximumFractionDigits: 1 } as const;
const UP_TO_2_DECIMALS = { maximumFractionDigits: 2 } as const;

/** What a section's first page formats: built while it is on its way (prepareFormatters). */
export const SECTION_FORMATS: readonly FormatterSpec[] = [{ date: DATE_MEDIUM }, { date: DATE_ONLY }, { date: DATE_TIME }, { number: UP_TO_3_DECIMALS }];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The words for a concept: its text, else the first coding's display, else its code. Undefined when none. */
export function conceptText(concept: unknown): string | undefined {
  if (!isObject(concept)) return undefined;
  const text = asString(concept['text']);
  if (text) return text;
  for (const coding of asArray(concept['coding'])) {
    if (isObject(coding) && asString(coding['display'])) return coding['display'] as string;
  }
  for (const coding of asArray(concept['coding'])) {
    if (isObject(coding) && asString(coding['code'])) return coding['code'] as string;
  }
  return undefined;
}

/** A stable key for "the same test" across dates: the first LOINC (else first) coding, else the text. */
export function conceptKey(concept: unknown): string | undefined {
  if (!isObject(concept)) return undefined;
  const codings = asArray(concept['coding']).filter(isObject);
  const chosen = codings.find((coding) => coding['system'] === 'http://loinc.org' && asString(coding['code'])) ?? codings.find((coding) => asString(coding['code']));
  if (chosen) return `${asString(chosen['system']) ?? ''}|${chosen['code'] as string}`;
  const text = asString(concept['text']);
  return text ? `|${text}` : undefined;
}

const NEGATION_CODES = new Set([
  '716186003', // No known allergy
  '409137002', // No known drug allergy
  '429625007', // No known food allergy
  '428607008', // No known environmental allergy
  '1003774007', // No known latex allergy
  '160245001', // No current problems or disability
]);

/** "None known" entries: asked and answered "no", which differs from nothing recorded. */
export function isNegation(resource: FhirResource): boolean {
  const concept = resource['code'];
  if (!isObject(concept)) return false;
  if (asArray(concept['coding']).some((coding) => isObject(coding) && NEGATION_CODES.has(String(coding['code'])))) return true;
  return /^\s*(no known|none known|nkda\b)/i.test(conceptText(concept) ?? '');
}

/**
 * The date a resource is about, as an ISO string (possibly only a year or a
 * month), or undefined. A date given only as an extension has no value.
 */
export function clinicalDate(resource: FhirResource): string | undefined {
  const r = resource as Json;
  const period = (key: string) => (isObject(r[key]) ? asString((r[key] as Json)['start']) : undefined);
  return (
    asString(r['effectiveDateTime']) ??
    period('effectivePeriod') ??
    asString(r['occurrenceDateTime']) ??
    asString(r['onsetDateTime']) ??
    period('onsetPeriod') ??
    asString(r['authoredOn']) ??
    asString(r['start']) ??
    period('period') ??
    period('billablePeriod') ??
    asString(r['date']) ??
    asString(r['recordedDate']) ??
    asString(r['issued']) ??
    asString(r['created'])
  );
}

/** Formats a FHIR date of any precision (YYYY, YYYY-MM, YYYY-MM-DD, dateTime) for the locale. */
export function formatDate(value: string | undefined, locale: string, withTime = false): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}$/.test(value)) return value;
  if (/^\d{4}-\d{2}$/.test(value)) {
    const date = new Date(`${value}-01T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : dateTimeFormat(locale, MONTH_YEAR).format(date);
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  // An impossible date such as 2025-02-30 is shown as written rather than silently moved.
  if (Number.isNaN(date.getTime()) || (dateOnly && date.toISOString().slice(0, 10) !== value)) return value;
  return dateTimeFormat(locale, dateOnly ? DATE_ONLY : withTime ? DATE_TIME : DATE_MEDIUM).format(date);
}

/** Rounds for reading: at most 3 significant decimals below 10, 1 decimal below 1000, none above. */
export function roundForDisplay(value: number): number {
  const magnitude = Math.abs(value);
  const decimals = magnitude === 0 ? 0 : magnitude < 1 ? 3 : magnitude < 10 ? 2 : magnitude < 1000 ? 1 : 0;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

const UNIT_WORDS: Record<string, string> = { Cel: '°C', '[degF]': '°F', 'mm[Hg]': 'mmHg', '/min': '/min', '{beats}/min': '/min', kg: 'kg', '%': '%' };

export function quantityUnit(quantity: unknown): string | undefined {
  if (!isObject(quantity)) return undefined;
  const code = asString(quantity['code']);
  const unit = asString(quantity['unit']);
  if (code && UNIT_WORDS[code]) return UNIT_WORDS[code];
  return unit ?? code;
}

/** "7.2 %", "≤ 5 mmol/L", "0.912 mg/dL" — or undefined when there is no number. */
export function formatQuantity(quantity: unknown, locale: string): string | undefined {
  if (!isObject(quantity) || typeof quantity['value'] !== 'number' || !Number.isFinite(quantity['value'])) return undefined;
  const number = numberFormat(locale, UP_TO_3_DECIMALS).format(roundForDisplay(quantity['value']));
  const comparator = asString(quantity['comparator']);
  const unit = quantityUnit(quantity);
  const comparatorText = comparator ? `${comparator.replace('<=', '≤').replace('>=', '≥')} ` : '';
  return `${comparatorText}${number}${unit ? (unit === '%' ? ' %' : ` ${unit}`) : ''}`;
}

/** The value of an Observation as text: quantity, concept, string, boolean, integer, range, or components (blood pressure). */
export function observationValue(resource: FhirResource, locale: string): string | undefined {
  const r = resource as Json;
  const quantity = formatQuantity(r['valueQuantity'], locale);
  if (quantity) return quantity;
  const concept = conceptText(r['valueCodeableConcept']);
  if (concept) return concept;
  if (asString(r['valueString'])) return r['valueString'] as string;
  if (typeof r['valueInteger'] === 'number') return numberFormat(locale).format(r['valueInteger']);
  if (typeof r['valueBoolean'] === 'boolean') return String(r['valueBoolean']);
  const components = asArray(r['component']).filter(isObject);
  const values = components.map((component) => formatQuantity(component['valueQuantity'], locale)).filter((value): value is string => !!value);
  if (values.length === 2 && components.every((component) => quantityUnit(component['valueQuantity']) === quantityUnit(components[0]!['valueQuantity']))) {
    // Blood pressure reads as "138/86 mmHg".
    const unit = quantityUnit(components[0]!['valueQuantity']);
    const numbers = components.map((component) => numberFormat(locale, UP_TO_1_DECIMAL).format(roundForDisplay(Number((component['valueQuantity'] as Json)['value']))));
    return `${numbers.join('/')}${unit ? ` ${unit}` : ''}`;
  }
  if (values.length) return values.join(', ');
  return undefined;
}

/** The number to plot, when there is one (the first component for panels such as blood pressure is not plotted). */
export function numericValue(resource: FhirResource): number | undefined {
  const quantity = (resource as Json)['valueQuantity'];
  return isObject(quantity) && typeof quantity['value'] === 'number' && Number.isFinite(quantity['value']) ? quantity['value'] : undefined;
}

export interface RangeView {
  /** As the lab wrote it: "4–5.6 %", "<150", "> 60 mL/min". */
  text: string;
  low?: number | undefined;
  high?: number | undefined;
}

/** The first reference range: numeric bounds when given, and the lab's own text either way. */
export function referenceRange(resource: FhirResource, locale: string): RangeView | undefined {
  const range = asArray((resource as Json)['referenceRange']).find(isObject);
  if (!range) return undefined;
  const low = isObject(range['low']) && typeof range['low']['value'] === 'number' ? range['low']['value'] : undefined;
  const high = isObject(range['high']) && typeof range['high']['value'] === 'number' ? range['high']['value'] : undefined;
  const text = asString(range['text']);
  if (text) return { text, low, high: high ?? textBound(text, '<'), ...(low === undefined && textBound(text, '>') !== undefined ? { low: textBound(text, '>') } : {}) };
  if (low === undefined && high === undefined) return undefined;
  const unit = quantityUnit(range['low'] ?? range['high']);
  const format = (value: number) => numberFormat(locale, UP_TO_3_DECIMALS).format(value);
  const body = low !== undefined && high !== undefined ? `${format(low)}–${format(high)}` : low !== undefined ? `≥ ${format(low)}` : `≤ ${format(high!)}`;
  return { text: `${body}${unit ? ` ${unit}` : ''}`, low, high };
}

/** "<150" → 150 for `<`; "> 60" → 60 for `>`. Only simple one-sided text ranges. */
function textBound(text: string, sign: '<' | '>'): number | undefined {
  const match = new RegExp(`^\\s*${sign}=?\\s*(\\d+(?:[.,]\\d+)?)\\s*[^\\d]*$`).exec(text);
  return match ? Number(match[1]!.replace(',', '.')) : undefined;
}

export type Flag = 'high' | 'low' | 'abnormal' | 'critical' | 'normal';

/** The lab's own interpretation flag, exactly as reported (never computed here). */
export function labInterpretation(resource: FhirResource): { flag: Flag; text: string | undefined } | undefined {
  const concept = asArray((resource as Json)['interpretation']).find(isObject);
  if (!concept) return undefined;
  const code = asArray(concept['coding']).filter(isObject).map((coding) => String(coding['code'] ?? ''))[0] ?? '';
  const flag: Flag | undefined =
    code === 'H' || code === 'HU' ? 'high' : code === 'L' || code === 'LU' ? 'low' : code === 'HH' || code === 'LL' || code === 'AA' ? 'critical' : code === 'A' ? 'abnormal' : code === 'N' ? 'normal' : undefined;
  if (!flag) return conceptText(concept) ? { flag: 'abnormal', text: conceptText(concept) } : undefined;
  // The lab's own words ("High", "Tinggi") when it gave any; otherwise the viewer's word for the code.
  const words = asString(concept['text']) ?? asArray(concept['coding']).filter(isObject).map((coding) => asString(coding['display']))[0];
  return { flag, text: words };
}

/** Computed by us from the numeric value and range: kept apart from the lab's flag and labelled as such. */
export function outsideRange(resource: FhirResource, locale: string): 'above' | 'below' | undefined {
  return compareToRange(numericValue(resource), referenceRange(resource, locale));
}

/** Where a value sits against a range already read (so a caller holding both does not parse the resource twice). */
export function compareToRange(value: number | undefined, range: RangeView | undefined): 'above' | 'below' | undefined {
  if (value === undefined || !range) return undefined;
  if (range.high !== undefined && value > range.high) return 'above';
  if (range.low !== undefined && value < range.low) return 'below';
  return undefined;
}

const statusOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  const coding = asArray(value['coding']).find(isObject);
  return asString(coding?.['code']) ?? asString(value['text']);
};

/** The resource's status in FHIR's words (active, resolved, completed, booked…), whichever field it uses. */
export function statusCode(resource: FhirResource): string | undefined {
  const r = resource as Json;
  return statusOf(r['clinicalStatus']) ?? statusOf(r['status']);
}

/** A readable title for any record item, never empty. */
export function itemTitle(item: RecordItem): string | undefined {
  const r = item.resource as Json;
  switch (r['resourceType']) {
    case 'MedicationRequest':
    case 'MedicationStatement':
    case 'MedicationAdministration':
    case 'MedicationDispense': {
      const direct = conceptText(r['medicationCodeableConcept']);
      if (direct) return direct;
      const reference = isObject(r['medicationReference']) ? (r['medicationReference'] as Json) : undefined;
      const included = findIncluded(item, asString(reference?.['reference']));
      return conceptText(included?.['code']) ?? asString(reference?.['display']);
    }
    case 'Immunization':
      return conceptText(r['vaccineCode']);
    case 'Encounter':
      return conceptText(asArray(r['type'])[0]) ?? conceptText(r['serviceType']) ?? (isObject(r['class']) ? asString((r['class'] as Json)['display']) : undefined);
    case 'Appointment':
      return conceptText(asArray(r['serviceType'])[0]) ?? asString(r['description']) ?? conceptText(asArray(r['appointmentType'])[0]);
    case 'DocumentReference':
      return asString(r['description']) ?? conceptText(r['type']) ?? asString(asArray(r['content']).filter(isObject).map((c) => (isObject(c['attachment']) ? c['attachment']['title'] : undefined))[0]);
    case 'Invoice':
      return conceptText(r['type']) ?? conceptText(asArray(r['lineItem']).filter(isObject).map((line) => line['chargeItemCodeableConcept'])[0]);
    case 'ExplanationOfBenefit':
    case 'Claim':
      return conceptText(r['type']) ?? conceptText(asArray(r['item']).filter(isObject).map((line) => line['productOrService'])[0]);
    case 'Coverage':
      return conceptText(r['type']) ?? asArray(r['payor']).filter(isObject).map((payor) => asString(payor['display']))[0];
    default:
      return conceptText(r['code']);
  }
}

export function findIncluded(item: RecordItem, reference: string | undefined): Json | undefined {
  if (!reference) return undefined;
  return item.included?.find((resource) => `${resource.resourceType}/${resource.id ?? ''}` === reference || (resource.id !== undefined && reference.endsWith(`/${resource.id}`))) as Json | undefined;
}

/** Money as the locale writes it: "Rp 400.000,00", "$12.50". */
export function formatMoney(money: unknown, locale: string): string | undefined {
  if (!isObject(money) || typeof money['value'] !== 'number') return undefined;
  const currency = asString(money['currency']);
  try {
    return currency
      ? numberFormat(locale, { style: 'currency', currency }).format(money['value'])
      : numberFormat(locale, UP_TO_2_DECIMALS).format(money['value']);
  } catch {
    return `${money['value']} ${currency ?? ''}`.trim();
  }
}

/** Notes written on the resource (Observation.note, AllergyIntolerance.note…). */
export function notes(resource: FhirResource): string[] {
  return asArray((resource as Json)['note'])
    .filter(isObject)
    .map((note) => asString(note['text']))
    .filter((text): text is string => !!text);
}

/** Dosage instructions as written: "One tablet twice a day". */
export function dosageText(resource: FhirResource): string | undefined {
  const r = resource as Json;
  const dosage = asArray(r['dosageInstruction'] ?? r['dosage']).filter(isObject);
  const texts = dosage.map((d) => asString(d['text']) ?? asString(d['patientInstruction'])).filter((text): text is string => !!text);
  return texts.length ? texts.join('; ') : undefined;
}

/** A display name from a Reference (display, or an included resource's name). */
export function referenceDisplay(item: RecordItem, reference: unknown): string | undefined {
  if (!isObject(reference)) return undefined;
  const display = asString(reference['display']);
  if (display) return display;
  const included = findIncluded(item, asString(reference['reference']));
  if (!included) return undefined;
  return humanName(included['name']) ?? asString(included['name']);
}

/** "Siti Rahma" from a FHIR HumanName list. */
export function humanName(names: unknown): string | undefined {
  const name = asArray(names).filter(isObject).sort((a, b) => Number(b['use'] === 'official') - Number(a['use'] === 'official'))[0];
  if (!name) return undefined;
  const text = asString(name['text']);
  if (text) return text;
  const parts = [...asArray(name['given']).filter((part): part is string => typeof part === 'string'), asString(name['family'])].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** The plain text of inline document content (text/plain base64), or undefined. */
export function inlineText(resource: FhirResource): string | undefined {
  for (const content of asArray((resource as Json)['content']).filter(isObject)) {
    const attachment = content['attachment'];
    if (!isObject(attachment) || !asString(attachment['data'])) continue;
    if (!String(attachment['contentType'] ?? '').startsWith('text/plain')) continue;
    try {
      const bytes = Uint8Array.from(atob(attachment['data'] as string), (char) => char.charCodeAt(0));
      return new TextDecoder().decode(bytes);
    } catch {
      return undefined;
    }
  }
  return asString((resource as Json)['conclusion']);
}
