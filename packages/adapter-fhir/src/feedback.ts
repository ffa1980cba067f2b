/**
 * Patient feedback over FHIR R4 (see docs/fhir-and-smart.md, "Feedback over FHIR").
 *
 * - Departments are the hospital's active HealthcareService resources.
 * - A submission is one QuestionnaireResponse to Careline's built-in feedback Questionnaire
 *   (plus, when the form answered the hospital's own Questionnaire, that QuestionnaireResponse
 *   too), both carrying the same identifier: the human reference ("FB-" and 8 base32 characters, e.g. "FB-K7Q2M9XD") derived
 *   from the idempotency key, so a retried submit finds what the first one stored.
 * - Progress is the hospital's Task whose `focus` is the QuestionnaireResponse: its
 *   `businessStatus` is the state, its versions (`_history`) the steps, its notes the replies.
 */
import {
  CareError,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
  abortReasonOf,
  isAbortError,
  isCareError,
  type CallOptions,
  type Department,
  type FeedbackInput,
  type FeedbackKind,
  type FeedbackPort,
  type FeedbackReceipt,
  type FeedbackState,
  type FeedbackStatus,
  type FhirResource,
  type WriteOptions,
} from '@careline/core';
import type { FhirResponse } from './http.js';

/** The canonical URL of Careline's built-in feedback Questionnaire. */
export const FEEDBACK_QUESTIONNAIRE = 'https://careline.dev/fhir/Questionnaire/feedback';
/** The identifier system of feedback references (e.g. "FB-K7Q2M9XD"). */
export const FEEDBACK_REFERENCE_SYSTEM = 'https://careline.dev/fhir/feedback-reference';
/** Task.businessStatus codes: the FeedbackState values. */
export const FEEDBACK_STATUS_SYSTEM = 'https://careline.dev/fhir/CodeSystem/feedback-status';
export const FEEDBACK_KIND_SYSTEM = 'https://careline.dev/fhir/CodeSystem/feedback-kind';
const CODE_SYSTEM = 'https://careline.dev/fhir/CodeSystem';
/** Carries the idempotency key, so a reference collision between two keys is noticed (see submit). */
export const IDEMPOTENCY_KEY_EXTENSION = 'https://careline.dev/fhir/StructureDefinition/idempotency-key';

/** Task.status for a Task without a Careline businessStatus (a hospital that sets only the status). */
const STATE_FROM_TASK_STATUS: Record<string, FeedbackState> = {
  draft: 'received',
  requested: 'received',
  received: 'received',
  accepted: 'acknowledged',
  ready: 'acknowledged',
  'in-progress': 'under-review',
  'on-hold': 'under-review',
  completed: 'resolved',
  cancelled: 'resolved',
  rejected: 'resolved',
  failed: 'resolved',
};

export interface FeedbackDeps {
  baseUrl: string;
  /** The signed-in patient, or null for no session. */
  patientId(signal: AbortSignal): Promise<string | null>;
  request(spec: { method: 'GET'; url: string; signal: AbortSignal }): Promise<FhirResponse>;
  searchAll(url: string, signal: AbortSignal): Promise<FhirResource[]>;
  /** A conditional create: POST with `If-None-Exist: <condition>`; answers the stored (or existing) resource. */
  createIf(resource: FhirResource, condition: string, signal: AbortSignal): Promise<FhirResource>;
  tag: { system: string; code: string; display: string };
}

/**
 * The reference for an idempotency key: "FB-" and 8 base32 characters (40 bits) of its SHA-256.
 * Deterministic, so a retry (even after a reload, from the outbox) names the same feedback.
 */
export async function feedbackReference(idempotencyKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(idempotencyKey)));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  // 40 bits = 5 bytes = 8 base32 characters.
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 7; i >= 0; i--) out += alphabet[Number((bits >> BigInt(i * 5)) & 31n)];
  return `FB-${out}`;
}

/** References are matched without regard to case or surrounding spaces. */
export function normaliseReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/** The FeedbackPort over QuestionnaireResponse, Task and HealthcareService. */
export function createFhirFeedback(deps: FeedbackDeps): FeedbackPort {
  const { baseUrl } = deps;

  async function requirePatient(signal: AbortSignal): Promise<string> {
    const patientId = await deps.patientId(signal);
    if (!patientId) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
    return patientId;
  }

  /** The Careline QuestionnaireResponse with this reference, or undefined. */
  async function findResponse(reference: string, signal: AbortSignal): Promise<FhirResource | undefined> {
    const identifier = `${FEEDBACK_REFERENCE_SYSTEM}|${escapeToken(reference)}`;
    const found = await deps.searchAll(`${baseUrl}/QuestionnaireResponse?identifier=${encodeURIComponent(identifier)}&_count=10`, signal);
    // The hospital's own QuestionnaireResponse shares the identifier: Careline's carries the kind.
    return found.find((r) => r.resourceType === 'QuestionnaireResponse' && r['questionnaire'] === FEEDBACK_QUESTIONNAIRE);
  }

  /** Status of a Careline QuestionnaireResponse, from the newest Task about it. */
  async function statusOf(response: FhirResource, signal: AbortSignal): Promise<FeedbackStatus> {
    const reference = identifierValue(response) ?? '';
    const kind = kindOf(response);
    const authored = typeof response['authored'] === 'string' ? response['authored'] : lastUpdated(response) ?? '';
    const tasks = await deps.searchAll(`${baseUrl}/Task?focus=${encodeURIComponent(`QuestionnaireResponse/${response.id ?? ''}`)}&_count=10`, signal);
    const task = tasks.filter((t) => t.resourceType === 'Task').sort((a, b) => toTime(taskTime(b)) - toTime(taskTime(a)))[0];
    // No Task yet: the hospital has it, nothing more.
    if (!task) return { reference, kind, state: 'received', history: [{ state: 'received', at: authored }] };
    const versions = await taskVersions(task, signal);
    const history = historyOf(versions, authored);
    return { reference, kind, state: history[history.length - 1]?.state ?? 'received', history };
  }

  /** Every version of the Task, oldest first; just the current one when the server keeps no history. */
  async function taskVersions(task: FhirResource, signal: AbortSignal): Promise<FhirResource[]> {
    try {
      const response = await deps.request({ method: 'GET', url: `${baseUrl}/Task/${encodeURIComponent(task.id ?? '')}/_history?_count=100`, signal });
      const bundle = response.body as { resourceType?: unknown; entry?: Array<{ resource?: FhirResource }> } | undefined;
      const versions = bundle?.resourceType === 'Bundle' ? (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Task' ? [e.resource] : [])) : [];
      if (versions.length === 0) return [task];
      // Servers order history newest first, but not every one reliably: sort by time, then version.
      return versions.sort((a, b) => toTime(taskTime(a)) - toTime(taskTime(b)) || Number(versionOf(a)) - Number(versionOf(b)));
    } catch (error) {
      if (isAbortError(error) || (isCareError(error) && (error.kind === 'unauthorized' || error.kind === 'offline'))) throw error;
      // History is optional in FHIR (and often not exposed to patients): the current version still tells the state.
      return [task];
    }
  }

  return {
    async listDepartments({ signal }: CallOptions): Promise<Department[]> {
      if (signal.aborted) throw abortReasonOf(signal);
      const services = await deps.searchAll(`${baseUrl}/HealthcareService?active=true&_count=100`, signal);
      return services
        .filter((s) => s.resourceType === 'HealthcareService' && s['active'] !== false && typeof s['name'] === 'string' && s['name'].trim() !== '' && s.id)
        .map((s) => ({ id: s.id as string, name: (s['name'] as string).trim() }));
    },

    async submit(input: FeedbackInput, { signal, idempotencyKey }: WriteOptions): Promise<FeedbackReceipt> {
      if (signal.aborted) throw abortReasonOf(signal);
      validate(input);
      const patientId = input.anonymous ? null : await requirePatient(signal);
      const reference = await feedbackReference(idempotencyKey);
      const identifier = { system: FEEDBACK_REFERENCE_SYSTEM, value: reference };
      const patient = patientId ? { reference: `Patient/${patientId}` } : undefined;
      const now = new Date().toISOString();
      const careline: FhirResource = {
        resourceType: 'QuestionnaireResponse',
        meta: { tag: [deps.tag] },
        extension: [{ url: IDEMPOTENCY_KEY_EXTENSION, valueString: idempotencyKey }],
        identifier,
        questionnaire: FEEDBACK_QUESTIONNAIRE,
        status: 'completed',
        ...(input.locale ? { language: input.locale } : {}),
        // The writer, not `subject`: feedback on behalf of someone else is still written by the patient.
        ...(patient ? { author: patient } : {}),
        authored: now,
        item: feedbackItems(input),
      };
      const condition = (questionnaire: string | undefined) =>
        `identifier=${encodeURIComponent(`${FEEDBACK_REFERENCE_SYSTEM}|${escapeToken(reference)}`)}` + (questionnaire ? `&questionnaire=${encodeURIComponent(questionnaire)}` : '');
      const stored = await deps.createIf(careline, condition(FEEDBACK_QUESTIONNAIRE), signal);
      const storedKey = (stored['extension'] as Array<{ url?: unknown; valueString?: unknown }> | undefined)?.find((e) => e.url === IDEMPOTENCY_KEY_EXTENSION)?.valueString;
      if (storedKey !== idempotencyKey) {
        // 40 bits make two keys sharing a reference very unlikely, but never hand out someone else's feedback.
        throw new CareError('conflict', 'This feedback reference is already in use; send the feedback again as a new one.');
      }
      if (input.questionnaireResponse) {
        const own = structuredClone(input.questionnaireResponse) as FhirResource;
        delete own.id;
        const meta = (own['meta'] ?? {}) as { tag?: unknown[]; [key: string]: unknown };
        delete meta['versionId'];
        delete meta['lastUpdated'];
        own['meta'] = { ...meta, tag: [...(Array.isArray(meta.tag) ? meta.tag : []), deps.tag] };
        own['identifier'] = identifier;
        own['status'] ??= 'completed';
        own['authored'] ??= now;
        if (patient) own['author'] = patient;
        else {
          // Anonymous: nothing in the hospital's response may name the writer either.
          delete own['author'];
          delete own['subject'];
          delete own['source'];
        }
        const questionnaire = typeof own['questionnaire'] === 'string' ? own['questionnaire'] : undefined;
        if (questionnaire === FEEDBACK_QUESTIONNAIRE) throw new CareError('invalid', "The hospital's questionnaire cannot be Careline's own.", { fieldErrors: { questionnaireResponse: 'Answers a different questionnaire.' } });
        // Without a questionnaire the condition would also match Careline's response; `:missing` keeps them apart.
        await deps.createIf(own, questionnaire ? condition(questionnaire) : `${condition(undefined)}&questionnaire:missing=true`, signal);
      }
      const receivedAt = typeof stored['authored'] === 'string' ? stored['authored'] : now;
      return { reference, receivedAt };
    },

    async getStatus(reference: string, { signal }: CallOptions): Promise<FeedbackStatus> {
      if (signal.aborted) throw abortReasonOf(signal);
      const normalised = normaliseReference(reference);
      if (!/^[A-Z0-9-]{1,64}$/.test(normalised)) throw new CareError('not-found', 'No feedback has this reference.');
      const response = await findResponse(normalised, signal);
      if (!response) throw new CareError('not-found', 'No feedback has this reference.');
      return statusOf(response, signal);
    },

    async listMine({ signal }: CallOptions): Promise<FeedbackStatus[]> {
      if (signal.aborted) throw abortReasonOf(signal);
      const patientId = await requirePatient(signal);
      const params = new URLSearchParams({ author: `Patient/${patientId}`, questionnaire: FEEDBACK_QUESTIONNAIRE, _sort: '-authored', _count: '100' });
      const found = await deps.searchAll(`${baseUrl}/QuestionnaireResponse?${params}`, signal);
      // Filter again: a server may ignore a search parameter it does not support.
      const mine = found
        .filter((r) => r.resourceType === 'QuestionnaireResponse' && r['questionnaire'] === FEEDBACK_QUESTIONNAIRE && identifierValue(r) !== undefined)
        .filter((r) => (r['author'] as { reference?: unknown } | undefined)?.reference === `Patient/${patientId}`)
        .sort((a, b) => toTime(String(b['authored'] ?? '')) - toTime(String(a['authored'] ?? '')));
      return Promise.all(mine.map((r) => statusOf(r, signal)));
    },
  };
}

/* ---------------------------------------------------------------- mapping */

function validate(input: FeedbackInput): void {
  const fieldErrors: Record<string, string> = {};
  if (!FEEDBACK_KINDS.includes(input.kind)) fieldErrors['kind'] = 'Choose what kind of feedback this is.';
  if (typeof input.description !== 'string' || input.description.trim() === '') fieldErrors['description'] = 'Tell us what happened.';
  if (input.visitDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.visitDate)) fieldErrors['visitDate'] = 'Give the date as YYYY-MM-DD.';
  if (input.rating !== undefined) {
    const [min, max] = input.ratingScale === 'recommend-0-10' ? [0, 10] : [1, 5];
    if (!Number.isInteger(input.rating) || input.rating < min || input.rating > max) fieldErrors['rating'] = `Give a whole number from ${min} to ${max}.`;
  }
  // This adapter has no uploadAttachment; ids from elsewhere would be silently lost.
  if (input.attachmentIds?.length) fieldErrors['attachmentIds'] = 'Attachments cannot be sent to this hospital.';
  if (input.onBehalfOf && (!input.onBehalfOf.name.trim() || !input.onBehalfOf.relationship.trim())) fieldErrors['onBehalfOf'] = 'Give their name and your relationship to them.';
  if (Object.keys(fieldErrors).length) throw new CareError('invalid', Object.values(fieldErrors)[0]!, { fieldErrors });
}

type Answer = Record<string, unknown>;
interface Item {
  linkId: string;
  text?: string;
  answer?: Answer[];
  item?: Item[];
}

const coding = (system: string, code: string): Answer => ({ valueCoding: { system: `${CODE_SYSTEM}/${system}`, code } });

/** The answered items of Careline's feedback Questionnaire: only what was given; nothing identifying when anonymous. */
export function feedbackItems(input: FeedbackInput): Item[] {
  const items: Item[] = [];
  const add = (linkId: string, answer: Answer | undefined) => {
    if (answer) items.push({ linkId, answer: [answer] });
  };
  const text = (value: string | undefined): Answer | undefined => (value !== undefined && value.trim() !== '' ? { valueString: value.trim() } : undefined);
  add('kind', { valueCoding: { system: FEEDBACK_KIND_SYSTEM, code: input.kind } });
  if (input.departmentId) add('department', { valueReference: { reference: `HealthcareService/${input.departmentId}` } });
  if (input.visitDate) add('visit-date', { valueDate: input.visitDate });
  if (input.rating !== undefined) {
    add('rating', { valueInteger: input.rating });
    add('rating-scale', coding('rating-scale', input.ratingScale ?? 'experience-5'));
  }
  add('description', text(input.description));
  add('outcome', text(input.outcome));
  if (!input.anonymous && input.contact) {
    add('contact-name', text(input.contact.name));
    add('contact-email', text(input.contact.email));
    add('contact-phone', text(input.contact.phone));
    if (input.contact.preference) add('contact-preference', coding('contact-preference', input.contact.preference));
  }
  if (!input.anonymous && input.consentToContact !== undefined) add('consent-to-contact', { valueBoolean: input.consentToContact });
  if (!input.anonymous && input.receiptByEmail !== undefined) add('receipt-by-email', { valueBoolean: input.receiptByEmail });
  if (input.onBehalfOf) {
    // The patient's name identifies the writer's circle: left out of anonymous feedback.
    if (!input.anonymous) add('on-behalf-name', text(input.onBehalfOf.name));
    add('on-behalf-relationship', text(input.onBehalfOf.relationship));
    add('on-behalf-consent', coding('on-behalf-consent', input.onBehalfOf.consent));
  }
  if (input.source?.kind === 'chat') add('source-conversation', text(input.source.conversationId));
  if (input.fillSeconds !== undefined && Number.isFinite(input.fillSeconds)) add('fill-seconds', { valueDecimal: input.fillSeconds });
  const answers = Object.entries(input.answers ?? {}).flatMap(([id, value]): Item[] => {
    const list = (Array.isArray(value) ? value : [value]).map(answerValue).filter((a): a is Answer => a !== undefined);
    return list.length ? [{ linkId: `answer-${id}`, answer: list }] : [];
  });
  if (answers.length) items.push({ linkId: 'answers', item: answers });
  return items;
}

/** A hospital question's answer as a FHIR answer value (objects as JSON text). */
function answerValue(value: unknown): Answer | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return { valueBoolean: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { valueInteger: value } : Number.isFinite(value) ? { valueDecimal: value } : undefined;
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { valueDate: value } : { valueString: value };
  return { valueString: JSON.stringify(value) };
}

function identifierValue(resource: FhirResource): string | undefined {
  const identifier = resource['identifier'] as { system?: unknown; value?: unknown } | Array<{ system?: unknown; value?: unknown }> | undefined;
  // QuestionnaireResponse.identifier is single in R4; tolerate a list from a lenient server.
  const list = Array.isArray(identifier) ? identifier : identifier ? [identifier] : [];
  const value = list.find((i) => i.system === FEEDBACK_REFERENCE_SYSTEM)?.value;
  return typeof value === 'string' ? value : undefined;
}

function kindOf(response: FhirResource): FeedbackKind {
  const items = Array.isArray(response['item']) ? (response['item'] as Item[]) : [];
  const code = (items.find((i) => i.linkId === 'kind')?.answer?.[0]?.['valueCoding'] as { code?: unknown } | undefined)?.code;
  return FEEDBACK_KINDS.includes(code as FeedbackKind) ? (code as FeedbackKind) : 'suggestion';
}

/** A Task version's state: the Careline businessStatus code, else one read from Task.status. */
export function stateOf(task: FhirResource): FeedbackState {
  const business = task['businessStatus'] as { coding?: Array<{ system?: unknown; code?: unknown }>; text?: unknown } | undefined;
  const code = business?.coding?.find((c) => c.system === FEEDBACK_STATUS_SYSTEM)?.code;
  if (FEEDBACK_STATES.includes(code as FeedbackState)) return code as FeedbackState;
  return STATE_FROM_TASK_STATUS[String(task['status'])] ?? 'received';
}

/**
 * The steps, oldest first: one per change of state, at the version's time, with the notes that
 * version added (the hospital's message at that step). A version that only adds a note adds
 * it to the current step. The first step is `received` at `authored` when the Task starts later.
 */
export function historyOf(versions: FhirResource[], authored: string): FeedbackStatus['history'] {
  const history: FeedbackStatus['history'] = [];
  const seen = new Set<string>();
  for (const version of versions) {
    const notes = (Array.isArray(version['note']) ? (version['note'] as Array<{ text?: unknown; time?: unknown }>) : []).filter((n) => typeof n.text === 'string' && n.text.trim() !== '');
    const added = notes.filter((n) => !seen.has(`${String(n.time)}|${String(n.text)}`));
    for (const n of notes) seen.add(`${String(n.time)}|${String(n.text)}`);
    const note = added.map((n) => String(n.text).trim()).join('\n\n') || undefined;
    const state = stateOf(version);
    const last = history[history.length - 1];
    if (last && last.state === state) {
      if (note) last.note = last.note ? `${last.note}\n\n${note}` : note;
      continue;
    }
    history.push({ state, at: taskTime(version) ?? authored, ...(note ? { note } : {}) });
  }
  if (history[0]?.state !== 'received' && authored) history.unshift({ state: 'received', at: authored });
  return history;
}

function taskTime(task: FhirResource): string | undefined {
  const modified = task['lastModified'];
  return typeof modified === 'string' ? modified : lastUpdated(task) ?? (typeof task['authoredOn'] === 'string' ? task['authoredOn'] : undefined);
}

function lastUpdated(resource: FhirResource): string | undefined {
  const value = (resource['meta'] as { lastUpdated?: unknown } | undefined)?.lastUpdated;
  return typeof value === 'string' ? value : undefined;
}

function versionOf(resource: FhirResource): string {
  return String((resource['meta'] as { versionId?: unknown } | undefined)?.versionId ?? '0');
}

function toTime(value: string | undefined): number {
  const time = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(time) ? 0 : time;
}

/** FHIR token values escape `\`, `|`, `,` and `$`. */
function escapeToken(value: string): string {
  return value.replace(/[\\|,$]/g, (c) => `\\${c}`);
}
