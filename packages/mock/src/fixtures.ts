/**
 * Named, clearly fictional fixtures for the mock backend, the demo, the docs
 * and tests. No identifier here belongs to a real person: ids are short
 * "p-1001"-style tokens, identifiers use the example.org test namespace,
 * phone numbers are zeros and e-mail addresses use example.org.
 */
import type {
  ChatAvailability,
  ChatParticipant,
  CommunityGroup,
  CommunityPost,
  Department,
  FeedbackStatus,
  PatientIdentity,
  RecordItem,
  RecordSection,
  Session,
} from '@careline/core';

export const HOSPITAL_NAME = 'St. Elsewhere General Hospital';
/** Marks every fixture identifier as fictional test data. */
export const FICTIONAL_SYSTEM = 'https://example.org/careline/fictional-ids';

/* ------------------------------------------------------------------ session */

export const patients = {
  sitiRahma: { id: 'p-1001', displayName: 'Siti Rahma' },
  agusWibowo: { id: 'p-1002', displayName: 'Agus Wibowo' },
} as const satisfies Record<string, PatientIdentity>;

export const sessions = {
  /** Siti Rahma, signed in through the hospital portal. */
  patient: { status: 'signed-in', patient: patients.sitiRahma, expiresAt: '2099-01-01T00:00:00.000Z' },
  /** A visitor who is not signed in. */
  guest: { status: 'guest', signInUrl: '/portal/sign-in' },
} as const satisfies Record<string, Session>;

export type SessionFixtureName = keyof typeof sessions;

/* --------------------------------------------------------------------- chat */

export interface EducatorFixture extends ChatParticipant {
  kind: 'educator';
  name: string;
  role: string;
  /** Shown in the avatar circle when there is no photo. */
  initials: string;
  /** The topics this educator usually answers. */
  topicIds: readonly string[];
}

export const educators = {
  dewi: { kind: 'educator', name: 'Dewi Lestari', role: 'Diabetes nurse educator', initials: 'DL', topicIds: ['results'] },
  budi: { kind: 'educator', name: 'Budi Santoso', role: 'Pharmacist educator', initials: 'BS', topicIds: ['medicines'] },
  ayu: { kind: 'educator', name: 'Ayu Pratiwi', role: 'Patient portal guide', initials: 'AP', topicIds: ['portal'] },
} as const satisfies Record<string, EducatorFixture>;

export const chatTopics = [
  { id: 'results', label: 'Understand my results' },
  { id: 'medicines', label: 'Medicines' },
  { id: 'portal', label: 'Using the patient portal' },
];

/** Office hours in the hospital's zone (Asia/Jakarta, UTC+7 all year). */
export const chatAvailability: ChatAvailability = {
  online: true,
  timeZone: 'Asia/Jakarta',
  officeHours: [
    { day: 1, opens: '08:00', closes: '16:00' },
    { day: 2, opens: '08:00', closes: '16:00' },
    { day: 3, opens: '08:00', closes: '16:00' },
    { day: 4, opens: '08:00', closes: '16:00' },
    { day: 5, opens: '08:00', closes: '15:00' },
    { day: 6, opens: '08:00', closes: '12:00' },
  ],
  expectedReplyMinutes: 5,
  topics: chatTopics,
};

/* ---------------------------------------------------------------- community */

export const communityGroups: CommunityGroup[] = [
  {
    id: 'g-diabetes',
    name: 'Living with diabetes',
    description: 'Share tips on food, glucose checks and everyday life with type 1 or type 2 diabetes.',
    rules: 'Be kind. Do not share personal details. This group is not for emergencies: call 119 or go to the emergency department.',
    allowsAnonymous: true,
    joined: true,
    pseudonym: 'SweetTea',
    memberCount: 214,
  },
  {
    id: 'g-cancer',
    name: 'Cancer support',
    description: 'For patients and families during and after cancer treatment.',
    rules: 'Be kind. Use a content warning for difficult topics. Not for emergencies.',
    allowsAnonymous: true,
    joined: false,
    memberCount: 96,
  },
  {
    id: 'g-heart',
    name: 'Heart health',
    description: 'Recovering from a heart attack or living with heart disease, high blood pressure or cholesterol.',
    rules: 'Be kind. Posts are checked by staff. Not for emergencies: chest pain needs 119 now.',
    allowsAnonymous: false,
    joined: true,
    pseudonym: 'SlowAndSteady',
    memberCount: 158,
  },
];

const noReactions = { helpful: 0, support: 0 };

function post(p: Partial<CommunityPost> & Pick<CommunityPost, 'id' | 'groupId' | 'author' | 'body' | 'createdAt'>): CommunityPost {
  return { state: 'published', reactions: noReactions, ...p };
}

const dewiBadge = { name: 'Dewi Lestari', badge: 'educator' } as const;
const drHendra = { name: 'dr. Hendra Kusuma, Sp.PD', badge: 'clinician' } as const;

/** Posts of every group, newest last; the store sorts as asked. */
export const communityPosts: CommunityPost[] = [
  // Diabetes: a pinned staff post, a thread with a verified answer, and enough posts for two pages.
  post({
    id: 'post-d-01',
    groupId: 'g-diabetes',
    author: dewiBadge,
    body: 'Welcome! This group is moderated by the diabetes education team on weekdays. Please never post your full name, phone number or record number. For a low sugar with confusion or fainting, call 119.',
    createdAt: '2026-01-05T02:00:00.000Z',
    pinned: true,
    reactions: { helpful: 41, support: 12 },
  }),
  post({
    id: 'post-d-02',
    groupId: 'g-diabetes',
    author: { name: 'MorningWalker' },
    body: 'My fasting sugar is higher in the morning even when I eat nothing after dinner. Is that normal?',
    createdAt: '2026-09-02T23:10:00.000Z',
    reactions: { helpful: 9, support: 4 },
  }),
  post({
    id: 'post-d-02-r1',
    groupId: 'g-diabetes',
    parentId: 'post-d-02',
    author: drHendra,
    body: 'It can be normal: hormones released early in the morning raise glucose (the "dawn phenomenon"). Bring a week of morning readings to your next visit so we can see whether your evening dose needs to change. Do not change doses on your own.',
    createdAt: '2026-09-03T03:20:00.000Z',
    verified: true,
    reactions: { helpful: 22, support: 3 },
  }),
  post({
    id: 'post-d-02-r2',
    groupId: 'g-diabetes',
    parentId: 'post-d-02',
    author: { name: 'Anonymous member', anonymous: true },
    body: 'Same for me. A short walk after dinner helped my morning numbers a little.',
    createdAt: '2026-09-03T11:45:00.000Z',
    reactions: { helpful: 5, support: 6 },
  }),
  post({ id: 'post-d-03', groupId: 'g-diabetes', author: { name: 'KopiTanpaGula' }, body: 'Coffee without sugar took me three weeks to get used to. Now sweet coffee tastes strange!', createdAt: '2026-09-10T01:00:00.000Z', reactions: { helpful: 3, support: 15 } }),
  post({ id: 'post-d-04', groupId: 'g-diabetes', author: { name: 'RiceCounter' }, body: 'Does anyone mix brown rice with white rice? My family refuses to switch completely.', createdAt: '2026-09-14T05:30:00.000Z', reactions: { helpful: 7, support: 2 } }),
  post({ id: 'post-d-05', groupId: 'g-diabetes', author: { name: 'Anonymous member', anonymous: true }, body: 'I feel ashamed to tell my colleagues I have diabetes. How did you tell people at work?', createdAt: '2026-09-18T14:00:00.000Z', reactions: { helpful: 4, support: 28 } }),
  post({ id: 'post-d-06', groupId: 'g-diabetes', author: { name: 'PakRT' }, body: 'Tip: I keep my glucose meter next to the toothbrush so I never forget the morning check.', createdAt: '2026-09-22T00:15:00.000Z', reactions: { helpful: 18, support: 1 } }),
  post({ id: 'post-d-07', groupId: 'g-diabetes', author: { name: 'IbuGuru' }, body: 'Fasting month is coming. Which questions should I ask my doctor before fasting with diabetes?', createdAt: '2026-09-29T08:40:00.000Z', reactions: { helpful: 11, support: 2 } }),
  post({ id: 'post-d-08', groupId: 'g-diabetes', author: { name: 'Sepeda Pagi' }, body: 'Cycling 20 minutes three times a week. My HbA1c went from 8.1 to 7.2 in six months!', createdAt: '2026-10-04T22:50:00.000Z', reactions: { helpful: 6, support: 19 } }),
  post({ id: 'post-d-09', groupId: 'g-diabetes', author: { name: 'NewlyDiagnosed' }, body: 'Diagnosed last week. There is so much information. Where should I start?', createdAt: '2026-10-11T03:05:00.000Z', reactions: { helpful: 2, support: 21 } }),
  post({ id: 'post-d-10', groupId: 'g-diabetes', author: { name: 'KakiSehat' }, body: 'Reminder to check your feet every evening. A small blister I ignored took two months to heal.', createdAt: '2026-10-18T12:30:00.000Z', reactions: { helpful: 16, support: 5 }, contentWarning: 'Wound description' }),
  post({ id: 'post-d-11', groupId: 'g-diabetes', author: { name: 'RiceCounter' }, body: 'Update: half brown, half white rice is working for us. Even my kids eat it.', createdAt: '2026-10-25T06:20:00.000Z', reactions: { helpful: 5, support: 7 } }),
  post({ id: 'post-d-12', groupId: 'g-diabetes', author: { name: 'Anonymous member', anonymous: true }, body: 'Is it safe to exercise when my sugar is above 250?', createdAt: '2026-11-01T09:00:00.000Z', reactions: { helpful: 8, support: 1 } }),
  post({
    id: 'post-d-12-r1',
    groupId: 'g-diabetes',
    parentId: 'post-d-12',
    author: dewiBadge,
    body: 'Check for ketones first if you have type 1 diabetes, and drink water. If you feel unwell, rest and contact your care team. We can talk it through in the educator chat on weekdays.',
    createdAt: '2026-11-01T10:30:00.000Z',
    verified: true,
    reactions: { helpful: 12, support: 2 },
  }),
  // Cancer.
  post({
    id: 'post-c-01',
    groupId: 'g-cancer',
    author: { name: 'Nurse Maya (oncology)', badge: 'clinician' },
    body: 'Welcome to the cancer support group. Our oncology nurses read this group every weekday. Crisis support is available 24 hours: call 119.',
    createdAt: '2026-02-01T02:00:00.000Z',
    pinned: true,
    reactions: { helpful: 30, support: 20 },
  }),
  post({ id: 'post-c-02', groupId: 'g-cancer', author: { name: 'Anonymous member', anonymous: true }, body: 'Second round of chemotherapy next week. The tiredness scares me more than the hair loss.', createdAt: '2026-10-02T13:00:00.000Z', reactions: { helpful: 1, support: 34 }, contentWarning: 'Chemotherapy side effects' }),
  post({ id: 'post-c-03', groupId: 'g-cancer', author: { name: 'Sunflower' }, body: 'Ginger tea and small meals helped my nausea. Ask your team before trying anything new.', createdAt: '2026-10-20T04:00:00.000Z', reactions: { helpful: 14, support: 6 } }),
  // Heart.
  post({
    id: 'post-h-01',
    groupId: 'g-heart',
    author: { name: 'Cardiac rehab team', badge: 'clinician' },
    body: 'Cardiac rehabilitation classes run every Tuesday and Thursday morning. Ask your cardiologist for a referral.',
    createdAt: '2026-03-01T01:00:00.000Z',
    pinned: true,
    reactions: { helpful: 25, support: 4 },
  }),
  post({ id: 'post-h-02', groupId: 'g-heart', author: { name: 'JantungKuat' }, body: 'Six months after my stent. Walking 30 minutes a day now, slowly.', createdAt: '2026-10-15T07:00:00.000Z', reactions: { helpful: 4, support: 17 } }),
  post({ id: 'post-h-03', groupId: 'g-heart', author: { name: 'SaltWatcher' }, body: 'How do you cook with less salt without the food tasting flat? Lime and garlic are my favourites.', createdAt: '2026-11-05T10:10:00.000Z', reactions: { helpful: 9, support: 2 } }),
];

/* ------------------------------------------------------------------ records */

const organisation = HOSPITAL_NAME;
const patientRef = { reference: 'Patient/p-1001', display: 'Siti Rahma' };
const clinician = (id: string, section: RecordSection, resource: RecordItem['resource']): RecordItem => ({
  id,
  section,
  resource: { id, ...resource },
  provenance: { organisation, enteredBy: 'clinician' },
});
const byPatient = (id: string, section: RecordSection, resource: RecordItem['resource']): RecordItem => ({
  id,
  section,
  resource: { id, ...resource },
  provenance: { enteredBy: 'patient' },
});

const loinc = (code: string, display: string, text = display) => ({ coding: [{ system: 'http://loinc.org', code, display }], text });
const snomed = (code: string, display: string, text = display) => ({ coding: [{ system: 'http://snomed.info/sct', code, display }], text });
const category = (code: 'laboratory' | 'vital-signs', display: string) => [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code, display }] },
];
const interpretation = (code: 'H' | 'L' | 'N', display: string) => [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code, display }] },
];
const ucum = (value: number, unit: string, code = unit) => ({ value, unit, system: 'http://unitsofmeasure.org', code });

function lab(
  id: string,
  code: ReturnType<typeof loinc>,
  date: string,
  value: number,
  unit: string,
  range: { low?: number; high?: number; text?: string },
  flag?: 'H' | 'L' | 'N',
): RecordItem {
  const referenceRange: Record<string, unknown> = {};
  if (range.low !== undefined) referenceRange['low'] = ucum(range.low, unit);
  if (range.high !== undefined) referenceRange['high'] = ucum(range.high, unit);
  if (range.text !== undefined) referenceRange['text'] = range.text;
  return clinician(id, 'labs', {
    resourceType: 'Observation',
    status: 'final',
    category: category('laboratory', 'Laboratory'),
    code,
    subject: patientRef,
    effectiveDateTime: date,
    issued: date,
    valueQuantity: ucum(value, unit),
    referenceRange: [referenceRange],
    ...(flag ? { interpretation: interpretation(flag, flag === 'H' ? 'High' : flag === 'L' ? 'Low' : 'Normal') } : {}),
    performer: [{ display: `${HOSPITAL_NAME} Laboratory` }],
  });
}

const hba1c = loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', 'HbA1c');
const fastingGlucose = loinc('1558-6', 'Fasting glucose [Mass/volume] in Serum or Plasma', 'Fasting glucose');
const triglycerides = loinc('2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma', 'Triglycerides');
const ldl = loinc('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', 'LDL cholesterol');

export const healthRecord: RecordItem[] = [
  // Allergies: one confirmed allergy, one patient-reported, and a "none known" entry that differs from "not recorded".
  clinician('ai-1', 'allergies', {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
    type: 'allergy',
    category: ['medication'],
    criticality: 'high',
    code: snomed('764146007', 'Penicillin', 'Penicillin'),
    patient: patientRef,
    recordedDate: '2019-03-14',
    reaction: [{ manifestation: [snomed('247472004', 'Weal', 'Hives')], severity: 'moderate' }],
  }),
  byPatient('ai-2', 'allergies', {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'unconfirmed' }] },
    category: ['food'],
    code: { text: 'Prawns' },
    patient: patientRef,
    recordedDate: '2026-05-02',
    note: [{ text: 'Itchy mouth after eating prawns, reported by the patient.' }],
  }),
  clinician('ai-3', 'allergies', {
    resourceType: 'AllergyIntolerance',
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
    // A concept with only text: "none known" for latex, asked and answered.
    code: { text: 'No known latex allergy' },
    patient: patientRef,
    recordedDate: '2024-08-20',
  }),

  // Conditions.
  clinician('cond-1', 'conditions', {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: snomed('44054006', 'Diabetes mellitus type 2', 'Type 2 diabetes'),
    subject: patientRef,
    onsetDateTime: '2021-06-10',
    recordedDate: '2021-06-10',
  }),
  clinician('cond-2', 'conditions', {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    code: snomed('59621000', 'Essential hypertension', 'High blood pressure'),
    subject: patientRef,
    onsetDateTime: '2022-02-01',
  }),
  clinician('cond-3', 'conditions', {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] },
    code: snomed('11687002', 'Gestational diabetes mellitus', 'Diabetes in pregnancy'),
    subject: patientRef,
    onsetDateTime: '2014-04-01',
    abatementDateTime: '2014-09-30',
  }),

  // Medications.
  clinician('med-1', 'medications', {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet' }], text: 'Metformin 500 mg tablet' },
    subject: patientRef,
    authoredOn: '2026-07-15',
    requester: { display: 'dr. Hendra Kusuma, Sp.PD' },
    dosageInstruction: [{ text: 'One tablet twice a day with breakfast and dinner' }],
  }),
  clinician('med-2', 'medications', {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361', display: 'amlodipine 5 MG Oral Tablet' }], text: 'Amlodipine 5 mg tablet' },
    subject: patientRef,
    authoredOn: '2026-07-15',
    dosageInstruction: [{ text: 'One tablet every morning' }],
  }),
  clinician('med-3', 'medications', {
    resourceType: 'MedicationRequest',
    status: 'stopped',
    intent: 'order',
    medicationCodeableConcept: { text: 'Glibenclamide 5 mg tablet' },
    subject: patientRef,
    authoredOn: '2024-01-10',
    dosageInstruction: [{ text: 'One tablet before breakfast' }],
    statusReason: { text: 'Low blood sugar episodes' },
  }),

  // Labs: HbA1c and fasting glucose series, lipids with a text-only range ("<150").
  lab('lab-hba1c-1', hba1c, '2026-01-12T01:30:00.000Z', 8.4, '%', { low: 4.0, high: 5.6 }, 'H'),
  lab('lab-hba1c-2', hba1c, '2026-04-14T01:30:00.000Z', 7.6, '%', { low: 4.0, high: 5.6 }, 'H'),
  lab('lab-hba1c-3', hba1c, '2026-07-13T01:30:00.000Z', 7.1, '%', { low: 4.0, high: 5.6 }, 'H'),
  lab('lab-hba1c-4', hba1c, '2026-10-12T01:30:00.000Z', 6.9, '%', { low: 4.0, high: 5.6 }, 'H'),
  lab('lab-glu-1', fastingGlucose, '2026-01-12T01:30:00.000Z', 168, 'mg/dL', { low: 70, high: 100 }, 'H'),
  lab('lab-glu-2', fastingGlucose, '2026-04-14T01:30:00.000Z', 142, 'mg/dL', { low: 70, high: 100 }, 'H'),
  lab('lab-glu-3', fastingGlucose, '2026-07-13T01:30:00.000Z', 126, 'mg/dL', { low: 70, high: 100 }, 'H'),
  lab('lab-glu-4', fastingGlucose, '2026-10-12T01:30:00.000Z', 118, 'mg/dL', { low: 70, high: 100 }, 'H'),
  lab('lab-tg-1', triglycerides, '2026-04-14T01:30:00.000Z', 182, 'mg/dL', { text: '<150' }, 'H'),
  lab('lab-tg-2', triglycerides, '2026-10-12T01:30:00.000Z', 139, 'mg/dL', { text: '<150' }, 'N'),
  lab('lab-ldl-1', ldl, '2026-10-12T01:30:00.000Z', 96, 'mg/dL', { text: '<100' }),
  byPatient('lab-home-1', 'labs', {
    resourceType: 'Observation',
    status: 'final',
    category: category('laboratory', 'Laboratory'),
    code: loinc('2339-0', 'Glucose [Mass/volume] in Blood', 'Home glucose reading'),
    subject: patientRef,
    effectiveDateTime: '2026-11-20T23:15:00.000Z',
    valueQuantity: ucum(131, 'mg/dL'),
    note: [{ text: 'Before breakfast, home meter.' }],
  }),

  // Vitals.
  clinician('vit-bp-1', 'vitals', {
    resourceType: 'Observation',
    status: 'final',
    category: category('vital-signs', 'Vital Signs'),
    code: loinc('85354-9', 'Blood pressure panel with all children optional', 'Blood pressure'),
    subject: patientRef,
    effectiveDateTime: '2026-10-12T02:10:00.000Z',
    component: [
      { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: ucum(138, 'mmHg', 'mm[Hg]') },
      { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: ucum(86, 'mmHg', 'mm[Hg]') },
    ],
  }),
  clinician('vit-bp-0', 'vitals', {
    resourceType: 'Observation',
    status: 'final',
    category: category('vital-signs', 'Vital Signs'),
    code: loinc('85354-9', 'Blood pressure panel with all children optional', 'Blood pressure'),
    subject: patientRef,
    effectiveDateTime: '2026-07-13T02:05:00.000Z',
    component: [
      { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: ucum(146, 'mmHg', 'mm[Hg]') },
      { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: ucum(92, 'mmHg', 'mm[Hg]') },
    ],
  }),
  clinician('vit-wt-1', 'vitals', {
    resourceType: 'Observation',
    status: 'final',
    category: category('vital-signs', 'Vital Signs'),
    code: loinc('29463-7', 'Body weight', 'Weight'),
    subject: patientRef,
    effectiveDateTime: '2026-10-12T02:10:00.000Z',
    valueQuantity: ucum(68.5, 'kg'),
  }),
  clinician('vit-hr-1', 'vitals', {
    resourceType: 'Observation',
    status: 'final',
    category: category('vital-signs', 'Vital Signs'),
    code: loinc('8867-4', 'Heart rate', 'Pulse'),
    subject: patientRef,
    effectiveDateTime: '2026-10-12T02:10:00.000Z',
    valueQuantity: ucum(78, 'beats/minute', '/min'),
  }),

  // Immunizations.
  clinician('imm-1', 'immunizations', {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '150', display: 'Influenza, injectable, quadrivalent, preservative free' }], text: 'Influenza vaccine' },
    patient: patientRef,
    occurrenceDateTime: '2026-04-20',
  }),
  clinician('imm-2', 'immunizations', {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '33', display: 'pneumococcal polysaccharide vaccine, 23 valent' }], text: 'Pneumococcal vaccine' },
    patient: patientRef,
    occurrenceDateTime: '2025-11-03',
  }),
  clinician('imm-3', 'immunizations', {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '43', display: 'hepatitis B vaccine, adult dosage' }], text: 'Hepatitis B vaccine (dose 3)' },
    patient: patientRef,
    // Only a year is known: valid FHIR that viewers must not crash on.
    occurrenceDateTime: '2015',
  }),

  // Encounters.
  clinician('enc-1', 'encounters', {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ text: 'Internal medicine clinic visit' }],
    subject: patientRef,
    period: { start: '2026-10-12T02:00:00.000Z', end: '2026-10-12T02:40:00.000Z' },
    serviceProvider: { display: HOSPITAL_NAME },
  }),

  // Appointments.
  clinician('appt-1', 'appointments', {
    resourceType: 'Appointment',
    status: 'booked',
    serviceType: [{ text: 'Diabetes education class' }],
    description: 'Group class: healthy plate and carbohydrate counting',
    start: '2027-01-14T02:00:00.000Z',
    end: '2027-01-14T03:30:00.000Z',
    participant: [{ actor: patientRef, status: 'accepted' }, { actor: { display: 'Dewi Lestari' }, status: 'accepted' }],
  }),
  clinician('appt-2', 'appointments', {
    resourceType: 'Appointment',
    status: 'booked',
    serviceType: [{ text: 'Internal medicine follow-up' }],
    start: '2027-01-21T01:30:00.000Z',
    end: '2027-01-21T02:00:00.000Z',
    participant: [{ actor: patientRef, status: 'accepted' }, { actor: { display: 'dr. Hendra Kusuma, Sp.PD' }, status: 'accepted' }],
    patientInstruction: 'Fast for 10 hours before the visit: blood will be taken.',
  }),

  // Documents.
  clinician('doc-1', 'documents', {
    resourceType: 'DocumentReference',
    status: 'current',
    type: loinc('11506-3', 'Progress note', 'Clinic visit summary'),
    subject: patientRef,
    date: '2026-10-12T03:00:00.000Z',
    description: 'Visit summary, internal medicine clinic',
    content: [{ attachment: { contentType: 'text/plain', title: 'Visit summary', data: btoaUtf8('Fictional demo document. Continue metformin and amlodipine. Recheck HbA1c in 3 months.') } }],
  }),
  clinician('dr-1', 'documents', {
    resourceType: 'DiagnosticReport',
    status: 'final',
    category: [{ coding: [{ system: 'http://loinc.org', code: 'LP29684-5', display: 'Radiology' }], text: 'Imaging' }],
    code: loinc('36643-5', 'XR Chest 2 Views', 'Chest X-ray'),
    subject: patientRef,
    effectiveDateTime: '2026-03-02T04:00:00.000Z',
    issued: '2026-03-02T08:30:00.000Z',
    performer: [{ display: `${HOSPITAL_NAME} Radiology` }],
    conclusion: 'Fictional demo report. Heart size normal. Lungs clear. No acute findings.',
  }),

  // Bills: one paid, one waiting for payment.
  clinician('inv-1', 'bills', {
    resourceType: 'Invoice',
    status: 'balanced',
    type: { text: 'Outpatient visit' },
    subject: patientRef,
    date: '2026-10-12',
    issuer: { display: HOSPITAL_NAME },
    lineItem: [{ chargeItemCodeableConcept: { text: 'Internal medicine consultation' }, priceComponent: [{ type: 'base', amount: { value: 250000, currency: 'IDR' } }] }],
    totalNet: { value: 250000, currency: 'IDR' },
    totalGross: { value: 250000, currency: 'IDR' },
    paymentTerms: 'Paid at the cashier.',
  }),
  clinician('inv-2', 'bills', {
    resourceType: 'Invoice',
    status: 'issued',
    type: { text: 'Laboratory tests' },
    subject: patientRef,
    date: '2026-10-12',
    issuer: { display: HOSPITAL_NAME },
    lineItem: [
      { chargeItemCodeableConcept: { text: 'HbA1c' }, priceComponent: [{ type: 'base', amount: { value: 180000, currency: 'IDR' } }] },
      { chargeItemCodeableConcept: { text: 'Lipid panel' }, priceComponent: [{ type: 'base', amount: { value: 220000, currency: 'IDR' } }] },
    ],
    totalGross: { value: 400000, currency: 'IDR' },
    paymentTerms: 'Due by 12 December 2026. Pay at the cashier or through the patient portal.',
  }),
];

/** Siti Rahma's FHIR Patient resource (fictional). */
export const patientResource: RecordItem['resource'] = {
  resourceType: 'Patient',
  id: 'p-1001',
  identifier: [{ system: FICTIONAL_SYSTEM, value: 'MRN-DEMO-1001' }],
  name: [{ use: 'official', text: 'Siti Rahma', family: 'Rahma', given: ['Siti'] }],
  gender: 'female',
  birthDate: '1968-02-17',
  managingOrganization: { display: HOSPITAL_NAME },
};

/**
 * Odd-but-valid FHIR that viewers must not crash on: a text-only range, no date,
 * primitive extensions, a concept with only text and one with only a coding, an
 * unknown code, an unrounded value.
 */
export const oddRecordItems: RecordItem[] = [
  lab('odd-tg-text-range', triglycerides, '2026-09-01T01:00:00.000Z', 162, 'mg/dL', { text: '<150' }),
  clinician('odd-no-date', 'labs', {
    resourceType: 'Observation',
    status: 'final',
    category: category('laboratory', 'Laboratory'),
    code: loinc('2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'Total cholesterol'),
    subject: patientRef,
    valueQuantity: ucum(201, 'mg/dL'),
  }),
  clinician('odd-primitive-extension', 'labs', {
    resourceType: 'Observation',
    status: 'final',
    category: category('laboratory', 'Laboratory'),
    code: loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'Creatinine'),
    subject: patientRef,
    // The date exists only as an extension ("data absent"), with no value.
    _effectiveDateTime: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] },
    valueQuantity: { value: 0.9123457, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
    _status: { extension: [{ url: 'https://example.org/fictional-extension', valueString: 'checked twice' }] },
  }),
  clinician('odd-coding-only', 'conditions', {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertensive disorder' }] },
    subject: patientRef,
  }),
  clinician('odd-unknown-code', 'conditions', {
    resourceType: 'Condition',
    code: { coding: [{ system: 'https://example.org/local-codes', code: 'X-42' }] },
    subject: patientRef,
    recordedDate: '2025-02-30',
  }),
  clinician('odd-unrounded', 'vitals', {
    resourceType: 'Observation',
    status: 'final',
    category: category('vital-signs', 'Vital Signs'),
    code: loinc('8310-5', 'Body temperature', 'Temperature'),
    subject: patientRef,
    effectiveDateTime: '2026-10-12',
    valueQuantity: { value: 37.2666667, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' },
  }),
];

/**
 * A long lab history for paging, filtering and speed: `count` observations over
 * six tests, one every few days back from 2026-11-01, deterministic.
 */
export function largeLabHistory(count: number): RecordItem[] {
  const tests = [
    { concept: hba1c, unit: '%', base: 7, spread: 1.5, range: { low: 4.0, high: 5.6 } },
    { concept: fastingGlucose, unit: 'mg/dL', base: 130, spread: 40, range: { low: 70, high: 100 } },
    { concept: triglycerides, unit: 'mg/dL', base: 150, spread: 50, range: { text: '<150' } },
    { concept: ldl, unit: 'mg/dL', base: 100, spread: 30, range: { text: '<100' } },
    { concept: loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'Creatinine'), unit: 'mg/dL', base: 0.9, spread: 0.3, range: { low: 0.6, high: 1.1 } },
    { concept: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood', 'Haemoglobin'), unit: 'g/dL', base: 13, spread: 2, range: { low: 12, high: 15.5 } },
  ];
  const start = Date.UTC(2026, 10, 1, 1, 30);
  const items: RecordItem[] = [];
  for (let index = 0; index < count; index++) {
    const test = tests[index % tests.length]!;
    const wave = Math.sin(index / 17) * 0.5 + Math.cos(index / 5) * 0.5;
    const value = Math.round((test.base + wave * test.spread) * 100) / 100;
    const date = new Date(start - Math.floor(index / tests.length) * 3 * 86_400_000).toISOString();
    const high = test.range.high ?? Number((test.range.text ?? '<0').slice(1));
    const flag = value > high ? 'H' : test.range.low !== undefined && value < test.range.low ? 'L' : 'N';
    items.push(lab(`lab-long-${index}`, test.concept, date, value, test.unit, test.range, flag));
  }
  return items;
}

function btoaUtf8(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/* ----------------------------------------------------------------- feedback */

export const departments: Department[] = [
  { id: 'dep-outpatient', name: 'Outpatient clinics' },
  { id: 'dep-emergency', name: 'Emergency department' },
  { id: 'dep-inpatient', name: 'Inpatient wards' },
  { id: 'dep-pharmacy', name: 'Pharmacy' },
  { id: 'dep-laboratory', name: 'Laboratory' },
  { id: 'dep-radiology', name: 'Radiology' },
  { id: 'dep-billing', name: 'Billing and administration' },
  { id: 'dep-portal', name: 'Patient portal and website' },
];

/** A complaint already in progress, so status tracking has something to show. */
export const feedbackUnderReview: FeedbackStatus = {
  reference: 'FB-DEMO-0001',
  kind: 'complaint',
  state: 'under-review',
  history: [
    { state: 'received', at: '2026-11-02T03:12:00.000Z' },
    { state: 'acknowledged', at: '2026-11-03T02:00:00.000Z', note: 'Thank you. The pharmacy manager is looking into the waiting time.' },
    { state: 'under-review', at: '2026-11-05T07:30:00.000Z' },
  ],
  acknowledgeBy: '2026-11-05',
};

/** A complaint that went through every state, with the hospital's notes, so the whole timeline can be shown. */
export const feedbackResolved: FeedbackStatus = {
  reference: 'FB-DEMO-0002',
  kind: 'complaint',
  state: 'resolved',
  history: [
    { state: 'received', at: '2026-09-14T01:45:00.000Z' },
    {
      state: 'acknowledged',
      at: '2026-09-15T02:10:00.000Z',
      note: 'Thank you for telling us about the cancelled appointment. The outpatient clinic manager will look into it.',
    },
    { state: 'under-review', at: '2026-09-16T04:00:00.000Z' },
    {
      state: 'responded',
      at: '2026-09-24T06:20:00.000Z',
      note: 'The clinic did not send the cancellation text because of a booking system fault. It is fixed, and we have given you a new appointment.',
    },
    { state: 'resolved', at: '2026-10-01T03:00:00.000Z', note: 'Closed after your reply. Thank you for helping us improve.' },
  ],
  acknowledgeBy: '2026-09-17',
};

/** The seeded feedback, oldest last. Both were written by Siti Rahma (see `feedbackOwnerId`). */
export const feedbackStatuses: FeedbackStatus[] = [feedbackUnderReview, feedbackResolved];

/** Whose the seeded feedback is: it shows in `GET /feedback/mine` for Siti Rahma. */
export const feedbackOwnerId: string = patients.sitiRahma.id;

/**
 * Indonesia's fixed-date national holidays in a year (New Year, Labour Day, Pancasila Day,
 * Independence Day, Christmas). Demo data only: the moving holidays (Eid, Nyepi, Vesak…)
 * change every year and a real backend takes its list from the hospital.
 */
export function demoHolidays(year: number): string[] {
  return ['01-01', '05-01', '06-01', '08-17', '12-25'].map((day) => `${year}-${day}`);
}
