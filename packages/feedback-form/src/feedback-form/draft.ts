/**
 * What the feedback form holds while the patient writes: one plain object, saved
 * as the draft after every change and restored after a reload. Nothing in it is
 * sent until the patient presses "Send".
 */
import type { ContactPreference, FeedbackAttachment, FeedbackKind, OnBehalfConsent } from '@careline/core';
import type { Answers } from '../questions/model.js';

export type About = 'me' | 'someone-else';

export interface FeedbackDraft {
  kind?: FeedbackKind | undefined;
  departmentId: string;
  /** GOV.UK's memorable-date pattern: three boxes, kept as typed. */
  visitDay: string;
  visitMonth: string;
  visitYear: string;
  rating?: number | undefined;
  description: string;
  outcome: string;
  about?: About | undefined;
  onBehalfName: string;
  onBehalfRelationship: string;
  onBehalfConsent?: OnBehalfConsent | undefined;
  anonymous: boolean;
  name: string;
  preference?: ContactPreference | undefined;
  email: string;
  phone: string;
  consent: boolean;
  receiptByEmail: boolean;
  answers: Answers;
  /** Files already uploaded (ids only; the files themselves are never stored in the browser). */
  attachments: FeedbackAttachment[];
}

export function emptyDraft(): FeedbackDraft {
  return {
    departmentId: '',
    visitDay: '',
    visitMonth: '',
    visitYear: '',
    description: '',
    outcome: '',
    onBehalfName: '',
    onBehalfRelationship: '',
    anonymous: false,
    name: '',
    email: '',
    phone: '',
    consent: false,
    receiptByEmail: false,
    answers: {},
    attachments: [],
  };
}

const KINDS = new Set(['compliment', 'complaint', 'suggestion', 'question']);
const PREFERENCES = new Set(['email', 'phone', 'none']);
const CONSENTS = new Set(['given', 'child', 'lacks-capacity', 'deceased']);

/**
 * Reads a stored draft defensively: storage is shared with other scripts and older
 * versions, so anything unexpected is dropped field by field rather than trusted.
 */
export function parseDraft(text: string): FeedbackDraft | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const draft = emptyDraft();
  const str = (key: keyof FeedbackDraft) => (typeof r[key] === 'string' ? (r[key] as string) : '');
  if (typeof r['kind'] === 'string' && KINDS.has(r['kind'])) draft.kind = r['kind'] as FeedbackKind;
  draft.departmentId = str('departmentId');
  draft.visitDay = str('visitDay');
  draft.visitMonth = str('visitMonth');
  draft.visitYear = str('visitYear');
  if (typeof r['rating'] === 'number' && Number.isInteger(r['rating'])) draft.rating = r['rating'];
  draft.description = str('description');
  draft.outcome = str('outcome');
  if (r['about'] === 'me' || r['about'] === 'someone-else') draft.about = r['about'];
  draft.onBehalfName = str('onBehalfName');
  draft.onBehalfRelationship = str('onBehalfRelationship');
  if (typeof r['onBehalfConsent'] === 'string' && CONSENTS.has(r['onBehalfConsent'])) draft.onBehalfConsent = r['onBehalfConsent'] as OnBehalfConsent;
  draft.anonymous = r['anonymous'] === true;
  draft.name = str('name');
  if (typeof r['preference'] === 'string' && PREFERENCES.has(r['preference'])) draft.preference = r['preference'] as ContactPreference;
  draft.email = str('email');
  draft.phone = str('phone');
  draft.consent = r['consent'] === true;
  draft.receiptByEmail = r['receiptByEmail'] === true;
  if (typeof r['answers'] === 'object' && r['answers'] !== null && !Array.isArray(r['answers'])) {
    for (const [id, value] of Object.entries(r['answers'] as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') draft.answers[id] = value;
    }
  }
  if (Array.isArray(r['attachments'])) {
    draft.attachments = (r['attachments'] as unknown[]).filter(
      (a): a is FeedbackAttachment =>
        typeof a === 'object' && a !== null && typeof (a as FeedbackAttachment).id === 'string' && typeof (a as FeedbackAttachment).name === 'string' && typeof (a as FeedbackAttachment).size === 'number',
    );
  }
  return draft;
}

/** True when the patient has typed or chosen anything worth keeping. */
export function hasContent(draft: FeedbackDraft): boolean {
  const empty = emptyDraft();
  return JSON.stringify({ ...draft }) !== JSON.stringify(empty);
}
