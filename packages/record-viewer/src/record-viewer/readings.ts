/**
 * The readings a patient can add at home, as FHIR Observations with LOINC codes
 * and UCUM units, so any FHIR server (and any clinician) understands them.
 */
import type { FhirResource } from '@careline/core';
import type { RecordMessageKey } from '../i18n/keys.js';

export interface ReadingField {
  id: string;
  label: RecordMessageKey;
  unit: string;
  /** UCUM code for the unit. */
  ucum: string;
  /** Plausible bounds: outside them the number is almost certainly a typing slip. */
  min: number;
  max: number;
  loinc: { code: string; display: string };
}

export interface ReadingKindDefinition {
  label: RecordMessageKey;
  section: 'vitals' | 'labs';
  category: 'vital-signs' | 'laboratory';
  loinc: { code: string; display: string };
  fields: ReadingField[];
}

export const READING_KINDS = {
  glucose: {
    label: 'record.reading.kind.glucose',
    section: 'labs',
    category: 'laboratory',
    loinc: { code: '2339-0', display: 'Glucose [Mass/volume] in Blood' },
    fields: [{ id: 'value', label: 'record.reading.field.glucose', unit: 'mg/dL', ucum: 'mg/dL', min: 10, max: 1000, loinc: { code: '2339-0', display: 'Glucose [Mass/volume] in Blood' } }],
  },
  bloodPressure: {
    label: 'record.reading.kind.bloodPressure',
    section: 'vitals',
    category: 'vital-signs',
    loinc: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
    fields: [
      { id: 'systolic', label: 'record.reading.field.systolic', unit: 'mmHg', ucum: 'mm[Hg]', min: 50, max: 300, loinc: { code: '8480-6', display: 'Systolic blood pressure' } },
      { id: 'diastolic', label: 'record.reading.field.diastolic', unit: 'mmHg', ucum: 'mm[Hg]', min: 20, max: 200, loinc: { code: '8462-4', display: 'Diastolic blood pressure' } },
    ],
  },
  weight: {
    label: 'record.reading.kind.weight',
    section: 'vitals',
    category: 'vital-signs',
    loinc: { code: '29463-7', display: 'Body weight' },
    fields: [{ id: 'value', label: 'record.reading.field.weight', unit: 'kg', ucum: 'kg', min: 1, max: 500, loinc: { code: '29463-7', display: 'Body weight' } }],
  },
} as const satisfies Record<string, ReadingKindDefinition>;

export type ReadingKind = keyof typeof READING_KINDS;

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** The Observation for a reading. The adapter sets subject and performer to the signed-in patient. */
export function readingResource(kind: ReadingKind, values: Record<string, number>, effectiveDateTime: string, note: string | undefined): FhirResource {
  const definition: ReadingKindDefinition = READING_KINDS[kind];
  const quantity = (field: ReadingField) => ({ value: values[field.id], unit: field.unit, system: UCUM, code: field.ucum });
  const single = definition.fields.length === 1 ? definition.fields[0] : undefined;
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: definition.category }] }],
    code: { coding: [{ system: LOINC, ...definition.loinc }], text: definition.loinc.display },
    effectiveDateTime,
    ...(single
      ? { valueQuantity: quantity(single) }
      : { component: definition.fields.map((field) => ({ code: { coding: [{ system: LOINC, ...field.loinc }], text: field.loinc.display }, valueQuantity: quantity(field) })) }),
    ...(note ? { note: [{ text: note }] } : {}),
  };
}

/**
 * A patient's own note as a FHIR DocumentReference (LOINC 51855-5 "Patient Note"),
 * the text inline as UTF-8. The adapter sets subject and author to the patient.
 */
export function noteResource(text: string, title: string): FhirResource {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: LOINC, code: '51855-5', display: 'Patient Note' }], text: 'Patient note' },
    date: new Date().toISOString(),
    description: title,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: btoa(binary), title } }],
  };
}
