/**
 * Which FHIR searches fill each record section. Every search is scoped with
 * `patient=Patient/<id>`, sorted newest first by the clinical date, and filtered
 * by the RecordQuery (see `searchParams`).
 */
import type { FhirResource, RecordQuery, RecordSection } from '@careline/core';

export interface SearchSpec {
  resourceType: string;
  /** Fixed parameters, e.g. the Observation category. */
  fixed?: ReadonlyArray<readonly [string, string]>;
  /** The date search parameter: `_sort=-<date>` and `date=ge…/le…` use it. */
  date: string;
  /** The clinical date of a resource, for merging two searches in one section. */
  dateOf(resource: FhirResource): string | undefined;
  /** The concept search parameter; absent means `code` queries return nothing of this type. */
  code?: string;
  /** `current: true` as search parameters; `null` means nothing of this type is "current". */
  current?: ((today: string) => Array<readonly [string, string]>) | null;
  include?: string[];
}

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const field = (resource: FhirResource, name: string): unknown => resource[name];
const periodStart = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null ? (str((value as { start?: unknown }).start) ?? str((value as { end?: unknown }).end)) : undefined;
const effective = (r: FhirResource) => str(field(r, 'effectiveDateTime')) ?? str(field(r, 'effectiveInstant')) ?? periodStart(field(r, 'effectivePeriod'));

const observation = (category: string): SearchSpec => ({
  resourceType: 'Observation',
  fixed: [['category', `${OBSERVATION_CATEGORY}|${category}`]],
  date: 'date',
  dateOf: effective,
  code: 'code',
  include: ['Observation:performer'],
});

/** The searches per section, in the order a merged section lists equal dates. */
export const SECTION_SEARCHES: Readonly<Record<RecordSection, readonly SearchSpec[]>> = {
  allergies: [
    {
      resourceType: 'AllergyIntolerance',
      date: 'date',
      dateOf: (r) => str(field(r, 'recordedDate')) ?? str(field(r, 'onsetDateTime')),
      code: 'code',
      current: () => [['clinical-status', 'active']],
    },
  ],
  conditions: [
    {
      resourceType: 'Condition',
      date: 'recorded-date',
      dateOf: (r) => str(field(r, 'recordedDate')),
      code: 'code',
      current: () => [['clinical-status', 'active']],
    },
  ],
  medications: [
    {
      resourceType: 'MedicationRequest',
      date: 'authoredon',
      dateOf: (r) => str(field(r, 'authoredOn')),
      code: 'code',
      current: () => [['status', 'active']],
      include: ['MedicationRequest:medication'],
    },
    {
      resourceType: 'MedicationStatement',
      date: 'effective',
      dateOf: effective,
      code: 'code',
      current: () => [['status', 'active']],
      include: ['MedicationStatement:medication'],
    },
  ],
  labs: [observation('laboratory')],
  vitals: [observation('vital-signs')],
  immunizations: [
    {
      resourceType: 'Immunization',
      date: 'date',
      dateOf: (r) => str(field(r, 'occurrenceDateTime')),
      code: 'vaccine-code',
    },
  ],
  encounters: [
    {
      resourceType: 'Encounter',
      date: 'date',
      dateOf: (r) => periodStart(field(r, 'period')),
      code: 'type',
    },
  ],
  appointments: [
    {
      resourceType: 'Appointment',
      date: 'date',
      dateOf: (r) => str(field(r, 'start')),
      code: 'service-type',
      current: (today) => [['date', `ge${today}`]],
    },
  ],
  documents: [
    {
      resourceType: 'DocumentReference',
      date: 'date',
      dateOf: (r) => str(field(r, 'date')),
      code: 'type',
    },
    {
      // Lab panels are in labs already (their results are the lab Observations).
      resourceType: 'DiagnosticReport',
      fixed: [['category:not', `${V2_0074}|LAB`]],
      date: 'date',
      dateOf: (r) => effective(r) ?? str(field(r, 'issued')),
      code: 'code',
    },
  ],
  bills: [
    {
      resourceType: 'Invoice',
      date: 'date',
      dateOf: (r) => str(field(r, 'date')),
      code: 'type',
      // Issued and not yet balanced: what the patient still owes.
      current: () => [['status', 'issued']],
    },
    {
      // An EOB is the insurer's account of a claim, not something to pay: never "current".
      resourceType: 'ExplanationOfBenefit',
      date: 'created',
      dateOf: (r) => str(field(r, 'created')),
      current: null,
    },
  ],
};

/**
 * The search parameters for one type of a section, or `null` when the query rules the type out
 * (a concept the type cannot be searched by, or "current" for a type without that notion).
 */
export function searchParams(spec: SearchSpec, patientId: string, query: RecordQuery, count: number, today: string): URLSearchParams | null {
  const params = new URLSearchParams();
  params.append('patient', `Patient/${patientId}`);
  for (const [key, value] of spec.fixed ?? []) params.append(key, value);
  if (query.code !== undefined && query.code !== '') {
    if (!spec.code) return null;
    // "|text" is a concept with only text: FHIR's :text modifier searches the text.
    if (query.code.startsWith('|')) params.append(`${spec.code}:text`, query.code.slice(1));
    else params.append(spec.code, query.code);
  }
  if (query.current) {
    if (spec.current === null) return null;
    for (const [key, value] of spec.current?.(today) ?? []) params.append(key, value);
  }
  if (query.from) params.append(spec.date, `ge${query.from}`);
  if (query.to) params.append(spec.date, `le${query.to}`);
  params.append('_sort', `-${spec.date}`);
  params.append('_count', String(count));
  for (const include of spec.include ?? []) params.append('_include', include);
  return params;
}
