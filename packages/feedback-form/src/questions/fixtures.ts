/**
 * Example inputs shared by the unit tests, the form's tests, the demo and the docs. Deep-frozen
 * because tests in one page share them: copy with `structuredClone` to vary one.
 */

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}

const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const STAFF_SYSTEM = 'https://hospital.example/fhir/CodeSystem/pain-clinic-staff';
const CONTACT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/contact-point-system';

/**
 * A small pain-clinic feedback Questionnaire (FHIR R4) using every supported item type:
 * display, date, choice (valueCoding, valueString and valueInteger options), boolean, integer
 * with minValue/maxValue, text, string, and a group; prefix, required and maxLength; enableWhen
 * with exists, =, !=, > and >=, enableBehavior all and any, and two chains
 * (pain-worse ← pain-after ← pain-relief; contact-detail ← contact-method ← contact-ok).
 */
export const painClinicQuestionnaire = deepFreeze({
  resourceType: 'Questionnaire',
  id: 'pain-clinic-feedback',
  url: 'https://hospital.example/fhir/Questionnaire/pain-clinic-feedback',
  version: '2',
  status: 'active',
  title: 'Pain clinic feedback',
  item: [
    { linkId: 'intro', type: 'display', text: 'These questions are about your most recent visit to the pain clinic.' },
    { linkId: 'visit-date', type: 'date', text: 'When was your visit?', required: true },
    {
      linkId: 'clinician',
      type: 'choice',
      text: 'Whom did you see?',
      required: true,
      answerOption: [
        { valueCoding: { system: STAFF_SYSTEM, code: 'doctor', display: 'A doctor' } },
        { valueCoding: { system: STAFF_SYSTEM, code: 'nurse', display: 'A nurse specialist' } },
        { valueCoding: { system: STAFF_SYSTEM, code: 'physio', display: 'A physiotherapist' } },
      ],
    },
    {
      linkId: 'physio-exercises',
      type: 'boolean',
      text: 'Were you given exercises to do at home?',
      enableWhen: [{ question: 'clinician', operator: '=', answerCoding: { system: STAFF_SYSTEM, code: 'physio' } }],
    },
    {
      linkId: 'pain-before',
      type: 'integer',
      prefix: '1.',
      text: 'Before the visit, how bad was your pain (0 none, 10 worst)?',
      required: true,
      extension: [
        { url: MIN_VALUE, valueInteger: 0 },
        { url: MAX_VALUE, valueInteger: 10 },
      ],
    },
    { linkId: 'pain-relief', type: 'boolean', prefix: '2.', text: 'Did the treatment relieve your pain?' },
    {
      linkId: 'pain-after',
      type: 'integer',
      prefix: '3.',
      text: 'How bad is your pain now (0 none, 10 worst)?',
      extension: [
        { url: MIN_VALUE, valueInteger: 0 },
        { url: MAX_VALUE, valueInteger: 10 },
      ],
      enableWhen: [{ question: 'pain-relief', operator: '=', answerBoolean: true }],
    },
    {
      linkId: 'pain-worse',
      type: 'text',
      text: 'Your pain is still severe. What happened after the visit?',
      maxLength: 500,
      enableWhen: [{ question: 'pain-after', operator: '>', answerInteger: 6 }],
    },
    {
      linkId: 'improve',
      type: 'text',
      text: 'What could we have done better for your pain?',
      maxLength: 1000,
      enableBehavior: 'all',
      enableWhen: [
        { question: 'pain-relief', operator: '=', answerBoolean: false },
        { question: 'pain-before', operator: '>=', answerInteger: 7 },
      ],
    },
    {
      linkId: 'waiting',
      type: 'group',
      text: 'Waiting times',
      item: [
        {
          linkId: 'wait-time',
          type: 'choice',
          text: 'How long did you wait after your appointment time?',
          answerOption: [{ valueString: 'Under 15 minutes' }, { valueString: '15 to 30 minutes' }, { valueString: 'Over 30 minutes' }],
        },
        {
          linkId: 'wait-told',
          type: 'boolean',
          text: 'Were you told why you had to wait?',
          enableBehavior: 'any',
          enableWhen: [
            { question: 'wait-time', operator: '=', answerString: '15 to 30 minutes' },
            { question: 'wait-time', operator: '=', answerString: 'Over 30 minutes' },
          ],
        },
      ],
    },
    {
      linkId: 'recommend',
      type: 'choice',
      text: 'How likely are you to recommend the clinic to a friend (1 not at all, 5 very likely)?',
      answerOption: [1, 2, 3, 4, 5].map((score) => ({ valueInteger: score })),
    },
    {
      linkId: 'recommend-why',
      type: 'string',
      text: 'What would make you more likely to recommend us?',
      maxLength: 200,
      // R4 "!=": shown until "5" is chosen, including before anything is.
      enableWhen: [{ question: 'recommend', operator: '!=', answerInteger: 5 }],
    },
    { linkId: 'contact-ok', type: 'boolean', text: 'May we contact you about your answers?' },
    {
      linkId: 'contact-method',
      type: 'choice',
      text: 'How should we contact you?',
      answerOption: [
        { valueCoding: { system: CONTACT_SYSTEM, code: 'phone', display: 'By phone' } },
        { valueCoding: { system: CONTACT_SYSTEM, code: 'email', display: 'By email' } },
      ],
      enableWhen: [{ question: 'contact-ok', operator: '=', answerBoolean: true }],
    },
    {
      linkId: 'contact-detail',
      type: 'string',
      text: 'Your phone number or email address',
      required: true,
      maxLength: 120,
      enableWhen: [{ question: 'contact-method', operator: 'exists', answerBoolean: true }],
    },
  ],
});

/**
 * The hospital's own schema: a ward question for complaints and compliments with an "other"
 * follow-up, a compliment-only staff question with a follow-up, a complaint-only date, a number
 * with bounds and a hint, free text and a closing note.
 */
export const wardQuestionSchema = deepFreeze({
  questions: [
    {
      id: 'ward',
      type: 'choice',
      text: 'Which ward were you on?',
      options: [
        { value: 'a', label: 'Ward A (surgery)' },
        { value: 'b', label: 'Ward B (medicine)' },
        { value: 'maternity', label: 'Maternity' },
        { value: 'other', label: 'Another ward' },
      ],
      required: true,
      kinds: ['complaint', 'compliment'],
    },
    {
      id: 'ward-other',
      type: 'string',
      text: 'Ward name',
      maxLength: 60,
      required: true,
      enableWhen: [{ question: 'ward', operator: '=', answer: 'other' }],
    },
    { id: 'nights', type: 'integer', text: 'How many nights did you stay?', hint: '0 if you went home the same day', min: 0, max: 365 },
    { id: 'staff-named', type: 'boolean', text: 'Would you like to name a member of staff?', kinds: ['compliment'] },
    {
      id: 'staff-name',
      type: 'string',
      text: 'Their name or role',
      maxLength: 100,
      enableWhen: [{ question: 'staff-named', operator: '=', answer: true }],
    },
    { id: 'incident-date', type: 'date', text: 'When did it happen?', required: true, kinds: ['complaint'] },
    { id: 'details', type: 'text', text: 'Anything else the ward team should know?', maxLength: 2000 },
    { id: 'thanks', type: 'display', text: 'The ward manager reads every answer.' },
  ],
});

/** Strings that run script if a renderer ever treats text as HTML. */
export const XSS_PAYLOADS = deepFreeze([
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "<a href=\"javascript:alert(1)\">click</a>",
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
] as const);

/** A hospital schema whose every text, hint, label and value is an XSS payload; it must render as literal text. */
export const xssQuestionSchema = deepFreeze({
  title: '<img src=x onerror=alert(1)>',
  questions: [
    { id: 'xss-intro', type: 'display', text: '<script>alert(1)</script>' },
    {
      id: 'xss-choice',
      type: 'choice',
      text: '<img src=x onerror=alert(1)>',
      hint: '"><svg onload=alert(1)>',
      options: [
        { value: '<b>a</b>', label: '<img src=x onerror=alert(1)>' },
        { value: 'b', label: '<a href="javascript:alert(1)">click</a>' },
      ],
    },
    { id: 'xss-text', type: 'text', text: '<iframe srcdoc="<script>alert(1)</script>"></iframe>', hint: '<img src=x onerror=alert(1)>' },
    { id: 'xss-yes', type: 'boolean', text: '"><svg onload=alert(1)>' },
  ],
});

/** The same attack through a FHIR Questionnaire: title, group text, prefix, item text and option displays. */
export const xssQuestionnaire = deepFreeze({
  resourceType: 'Questionnaire',
  id: 'xss',
  status: 'active',
  title: '<img src=x onerror=alert(1)>',
  item: [
    {
      linkId: 'xss-group',
      type: 'group',
      text: '<script>alert(1)</script>',
      item: [
        {
          linkId: 'xss-choice',
          type: 'choice',
          prefix: '<b>1</b>',
          text: '"><svg onload=alert(1)>',
          answerOption: [
            { valueCoding: { code: 'x', display: '<img src=x onerror=alert(1)>' } },
            { valueString: '<a href="javascript:alert(1)">click</a>' },
          ],
        },
        { linkId: 'xss-string', type: 'string', text: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
      ],
    },
  ],
});
