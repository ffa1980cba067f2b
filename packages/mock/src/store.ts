/**
 * The mock backend's in-memory state and its rules, independent of HTTP.
 * Operations return plain JSON values or throw a `MockProblem`; the handlers
 * turn those into responses. Realtime changes are published on the EventHub.
 */
import type {
  ChatAttachment,
  ChatAvailability,
  ChatContext,
  ChatMessage,
  ChatParticipant,
  CommunityGroup,
  CommunityPost,
  CommunityReaction,
  Conversation,
  CorrectionRequestInput,
  Department,
  FeedbackAttachment,
  FeedbackInput,
  FeedbackReceipt,
  FeedbackState,
  FeedbackStatus,
  FhirResource,
  Page,
  PatientEntryInput,
  RecordItem,
  RecordPage,
  RecordQuery,
  RecordSection,
  RecordShare,
  ReportReason,
  SharedRecordItem,
  ShareInput,
  Session,
  StartConversationInput,
} from '@careline/core';
import { asParticipant, educatorReplyFor } from './educator.js';
import type { EventHub } from './event-hub.js';
import {
  chatAvailability,
  communityGroups,
  communityPosts,
  departments,
  feedbackOwnerId,
  feedbackStatuses,
  healthRecord,
  patientResource as patientResourceFixture,
  sessions,
  type EducatorFixture,
  type SessionFixtureName,
} from './fixtures.js';
import { isWithinOfficeHours, nextOpening } from './office-hours.js';
import { MockProblem, throwIfInvalid } from './problem.js';
import type { Scheduler } from './scheduler.js';

/** What the store starts with. Every field defaults to the fixtures in fixtures.ts. */
export interface MockSeed {
  session?: SessionFixtureName | Session;
  availability?: ChatAvailability;
  records?: RecordItem[];
  /** The signed-in patient's FHIR Patient resource. */
  patient?: FhirResource;
  groups?: CommunityGroup[];
  posts?: CommunityPost[];
  departments?: Department[];
  feedback?: FeedbackStatus[];
}

/** Named seeds: a signed-in patient (Siti Rahma) or a guest visitor, each with the full fixtures. */
export type MockSeedName = SessionFixtureName;

export interface MockStoreOptions {
  seed: MockSeedName | MockSeed;
  hub: EventHub;
  scheduler: Scheduler;
  /** How long the simulated educator takes to answer. */
  educatorReplyDelayMs: number;
  simulateEducator: boolean;
  /** Whether educators are online: always, never, or by the office hours. */
  online: boolean | 'office-hours';
  /** Top-level posts per page when the request names no `limit`. */
  communityPageSize: number;
  /** The largest chat attachment accepted, in bytes. */
  maxAttachmentBytes: number;
  /** Working days (after the day of arrival) by which feedback is acknowledged. */
  acknowledgeWorkingDays: number;
  /** Public holidays (YYYY-MM-DD) skipped when counting working days. */
  holidays: readonly string[];
  /** The hospital's IANA time zone: the calendar that working days are counted in. */
  timeZone: string;
  /** When set, submitted feedback moves one state on per this many ms of mock time. */
  feedbackProgressMs: number | undefined;
  /** At most `max` feedback submissions per `perMs` of mock time; more get 429. */
  feedbackRateLimit: FeedbackRateLimit | undefined;
  /** Below this `fillSeconds`, feedback is refused as a robot's. */
  minFeedbackFillSeconds: number;
  now: () => Date;
  random: () => number;
}

export interface FeedbackRateLimit {
  max: number;
  perMs: number;
}

/** What the mock keeps about submitted feedback beyond its status (exported for tests that inspect the store). */
export interface FeedbackRecord {
  /** The patient who was signed in when it was sent; undefined for guests. */
  ownerId: string | undefined;
  anonymous: boolean;
  receivedAt: string;
  /** The input as accepted (trimmed), for tests and demos that look at what was sent; undefined for seeded feedback. */
  input: FeedbackInput | undefined;
  /** Whether the status moves on by itself (`feedbackProgressMs`): only feedback sent to this mock does. */
  progresses: boolean;
}

import { FEEDBACK_KINDS, FEEDBACK_STATES, RECORD_SECTIONS, addWorkingDays, calendarDateIn, isIsoDate } from '@careline/core';
export { RECORD_SECTIONS };

const ENTRY_TYPES: Record<PatientEntryInput['section'], readonly string[]> = {
  vitals: ['Observation'],
  labs: ['Observation'],
  documents: ['DocumentReference'],
};

const MAX_MESSAGE_LENGTH = 2000;
/** Attachment types patients may send: photos and PDFs. */
export const ATTACHMENT_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'];
/** Default for `maxAttachmentBytes`: 10 MB. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS_PER_MESSAGE = 10;
const MAX_ATTACHMENT_NAME_LENGTH = 200;
const MAX_CONTEXT_KIND_LENGTH = 50;
const MAX_CONTEXT_TITLE_LENGTH = 200;
const MAX_CONTEXT_REFERENCE_LENGTH = 200;
const MAX_POST_LENGTH = 5000;
const MAX_FEEDBACK_LENGTH = 5000;
const MAX_NAME_LENGTH = 200;
const MAX_RELATIONSHIP_LENGTH = 100;
const MAX_PHONE_LENGTH = 40;
const MAX_LOCALE_LENGTH = 35;
const MAX_ANSWERS = 100;
const MAX_ANSWER_KEY_LENGTH = 100;
const MAX_ANSWER_TEXT_LENGTH = 2000;
/** A filled-in QuestionnaireResponse is small; this keeps a runaway one out of memory. */
const MAX_QUESTIONNAIRE_RESPONSE_CHARS = 100_000;
/** Faster than this from first render to send, a form was filled by a bot. */
export const MIN_FEEDBACK_FILL_SECONDS = 2;
/** Default for `acknowledgeWorkingDays`. */
export const DEFAULT_ACKNOWLEDGE_WORKING_DAYS = 3;
const RATING_RANGES = { 'experience-5': [1, 5], 'recommend-0-10': [0, 10] } as const;
const ON_BEHALF_CONSENTS: readonly string[] = ['given', 'child', 'lacks-capacity', 'deceased'];
const CONTACT_PREFERENCES: readonly string[] = ['email', 'phone', 'none'];
const QUESTIONNAIRE_RESPONSE_STATUSES: readonly string[] = ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'];
/** What the hospital says, in the simulated progression, when feedback reaches these states. */
const PROGRESS_NOTES: Partial<Record<FeedbackState, string>> = {
  acknowledged: 'Thank you for your feedback. Our patient relations team has passed it to the department concerned.',
  responded: 'We have looked into what you told us and shared it with the team involved. Thank you for helping us improve.',
};
/** The most community posts one page holds, whatever `limit` asks for. */
export const MAX_COMMUNITY_PAGE_SIZE = 50;

export const topics = {
  session: 'session',
  chat: (conversationId: string) => `chat:${conversationId}`,
  community: (groupId: string) => `community:${groupId}`,
};

/** A conversation as the mock keeps it (exported for tests that inspect the store). */
export interface ConversationState {
  /** How a signed-in patient wants to hear about an offline reply. */
  notifyBy: 'portal' | 'email' | 'sms' | undefined;
  conversation: Conversation;
  ownerId: string | undefined;
  /** The name a guest gave when starting, shown as the author of their messages. */
  guestName: string | undefined;
  messages: ChatMessage[];
  educator: EducatorFixture | undefined;
  cancelReply: (() => void) | undefined;
  toldOffline: boolean;
  /** Set when the conversation was ended (by either side): no more messages, and its event stream has stopped for good. */
  endedAt: string | undefined;
  /** Uploaded files, by attachment id (the Blob is kept so its `url` can be served). */
  attachments: Map<string, { attachment: ChatAttachment; file: Blob }>;
  /** The patient's read marker: the last message they have seen. */
  readUpTo: string | undefined;
}

/** The request body of `POST …/messages`, as sent (checked by the store). */
export interface SendMessageBody {
  text?: unknown;
  attachmentIds?: unknown;
  context?: unknown;
}

const clone = <T>(value: T): T => structuredClone(value);

export class MockStore {
  session!: Session;
  availability!: ChatAvailability;
  online: boolean | 'office-hours';
  readonly conversations = new Map<string, ConversationState>();
  records: RecordItem[] = [];
  patientResource: FhirResource = patientResourceFixture;
  readonly shares: RecordShare[] = [];
  readonly corrections: Array<{ reference: string; itemId: string; reason: string; at: string }> = [];
  groups: CommunityGroup[] = [];
  posts: CommunityPost[] = [];
  /** Which patient wrote a post, so pending posts are shown to their author only. */
  readonly postAuthors = new Map<string, string>();
  /** Each patient's reactions, by post id. */
  readonly reactionsBy = new Map<string, Map<string, Set<CommunityReaction>>>();
  readonly reports: Array<{ reference: string; postId: string; reason: ReportReason; details?: string; at: string }> = [];
  departments: Department[] = [];
  readonly feedback = new Map<string, FeedbackStatus>();
  /** Where feedback was given (e.g. the rating after a chat), by upper-case reference. */
  readonly feedbackSources = new Map<string, NonNullable<FeedbackInput['source']>>();
  /** Who sent feedback and when, by upper-case reference (seeded feedback too). */
  readonly feedbackRecords = new Map<string, FeedbackRecord>();
  /** Files uploaded for feedback, by attachment id; each may be sent with one feedback. */
  readonly feedbackAttachments = new Map<string, { attachment: FeedbackAttachment; file: Blob; usedBy: string | undefined }>();
  /** When recent feedback was accepted (ms of mock time), for `feedbackRateLimit`. */
  private readonly feedbackTimes: number[] = [];
  private counter = 0;
  private readonly idTag: string;

  constructor(private readonly options: MockStoreOptions) {
    this.online = options.online;
    this.idTag = Math.floor(options.random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
    this.seed(options.seed);
  }

  private get hub(): EventHub {
    return this.options.hub;
  }

  private nowIso(): string {
    return this.options.now().toISOString();
  }

  /** Unique within this store; the tag keeps ids from two page loads apart. */
  private nextId(prefix: string): string {
    return `${prefix}-${this.idTag}-${++this.counter}`;
  }

  /** Replaces all state with the seed (fixtures by default). */
  seed(seed: MockSeedName | MockSeed): void {
    const s: MockSeed = typeof seed === 'string' ? { session: seed } : seed;
    const session = s.session ?? 'patient';
    this.session = clone(typeof session === 'string' ? sessions[session] : session);
    this.availability = clone(s.availability ?? chatAvailability);
    for (const state of this.conversations.values()) state.cancelReply?.();
    this.conversations.clear();
    this.records = clone(s.records ?? healthRecord);
    this.patientResource = clone(s.patient ?? patientResourceFixture);
    this.shares.length = 0;
    this.corrections.length = 0;
    this.groups = clone(s.groups ?? communityGroups);
    this.posts = clone(s.posts ?? communityPosts);
    this.postAuthors.clear();
    this.reactionsBy.clear();
    this.reports.length = 0;
    this.departments = clone(s.departments ?? departments);
    this.feedback.clear();
    this.feedbackSources.clear();
    this.feedbackRecords.clear();
    this.feedbackAttachments.clear();
    this.feedbackTimes.length = 0;
    for (const status of clone(s.feedback ?? feedbackStatuses)) {
      const key = status.reference.toUpperCase();
      this.feedback.set(key, status);
      // Seeded feedback is the fixture patient's, so "my feedback" has something to show.
      this.feedbackRecords.set(key, {
        ownerId: feedbackOwnerId,
        anonymous: false,
        receivedAt: status.history[0]?.at ?? this.nowIso(),
        input: undefined,
        progresses: false,
      });
    }
    this.counter = 0;
  }

  /* ---------------------------------------------------------------- session */

  private get patientId(): string | undefined {
    return this.session.status === 'signed-in' ? this.session.patient.id : undefined;
  }

  private requireSignedIn(): void {
    if (this.session.status !== 'signed-in') throw new MockProblem(401, 'Sign in to the patient portal to continue.');
  }

  getSession(): Session {
    return clone(this.session);
  }

  /** Changes who is signed in (e.g. sign-in in another tab) and tells every session stream. */
  setSession(session: SessionFixtureName | Session): void {
    this.session = clone(typeof session === 'string' ? sessions[session] : session);
    this.hub.publish(topics.session, 'session', this.session);
  }

  signOut(): void {
    this.setSession('guest');
  }

  /* ------------------------------------------------------------------- chat */

  private educatorsOnline(): boolean {
    if (this.online !== 'office-hours') return this.online;
    return isWithinOfficeHours(this.availability.officeHours, this.availability.timeZone, this.options.now());
  }

  getAvailability(): ChatAvailability {
    const online = this.educatorsOnline();
    const result: ChatAvailability = { ...clone(this.availability), online };
    if (!online) {
      const next = nextOpening(this.availability.officeHours, this.availability.timeZone, this.options.now());
      // Offline messages are answered within the first hour of the next opening.
      if (next) result.nextReplyBy = new Date(next.getTime() + 60 * 60_000).toISOString();
      delete result.expectedReplyMinutes;
    }
    return result;
  }

  /** Throws a 404 problem for an unknown group. */
  assertGroup(groupId: string): void {
    this.group(groupId);
  }

  private conversationState(conversationId: string): ConversationState {
    const state = this.conversations.get(conversationId);
    if (!state) throw new MockProblem(404, 'This conversation does not exist or has ended.');
    return state;
  }

  startConversation(input: StartConversationInput): Conversation {
    const errors: Record<string, string> = {};
    const topicIds = (this.availability.topics ?? []).map((t) => t.id);
    if (input.topicId !== undefined && !topicIds.includes(input.topicId)) errors['topicId'] = 'Choose one of the listed topics.';
    if (input.guest !== undefined) {
      if (!input.guest.name?.trim()) errors['guest.name'] = 'Tell us your name.';
      if (!['email', 'phone', 'sms'].includes(input.guest.contact?.channel)) errors['guest.contact.channel'] = 'Choose how we should contact you.';
      if (!input.guest.contact?.value?.trim()) errors['guest.contact.value'] = 'Tell us how to reach you.';
    } else if (this.session.status === 'guest' && !this.educatorsOnline()) {
      errors['guest'] = 'Nobody is online now: leave your name and how to reach you, and we will reply.';
    }
    if (input.notifyBy !== undefined && !['portal', 'email', 'sms'].includes(input.notifyBy)) errors['notifyBy'] = 'Choose how we should let you know about our reply.';
    throwIfInvalid(errors);

    const online = this.educatorsOnline();
    const conversation: Conversation = {
      id: this.nextId('conv'),
      startedAt: this.nowIso(),
      ...(input.topicId !== undefined ? { topicId: input.topicId } : {}),
      ...(online ? { queuePosition: 1 } : {}),
    };
    this.conversations.set(conversation.id, {
      conversation,
      ownerId: this.patientId,
      guestName: input.guest?.name?.trim() || undefined,
      notifyBy: input.notifyBy,
      messages: [],
      educator: undefined,
      cancelReply: undefined,
      toldOffline: false,
      endedAt: undefined,
      attachments: new Map(),
      readUpTo: undefined,
    });
    return clone(conversation);
  }

  /** The conversation as it is now (`state: 'ended'` once ended); 404 problem when unknown. */
  getConversation(conversationId: string): Conversation {
    return clone(this.conversationState(conversationId).conversation);
  }

  /**
   * Stores an uploaded file. 422 with `errors.file` for a missing file, a refused type or
   * a file over `maxAttachmentBytes`; 409 once the conversation has ended.
   */
  uploadAttachment(conversationId: string, file: Blob | undefined, name: string | undefined, attachmentUrl: (id: string) => string): ChatAttachment {
    const state = this.conversationState(conversationId);
    if (state.endedAt !== undefined) throw new MockProblem(409, 'This conversation has ended. Start a new one to send files.');
    const trimmedName = checkUploadedFile(file, name, this.options.maxAttachmentBytes);
    const id = this.nextId('att');
    const attachment: ChatAttachment = { id, name: trimmedName, type: file!.type, size: file!.size, url: attachmentUrl(id) };
    state.attachments.set(id, { attachment, file: file! });
    return clone(attachment);
  }

  /** The stored file behind an attachment's `url`; 404 problem when unknown. */
  attachmentFile(conversationId: string, attachmentId: string): { attachment: ChatAttachment; file: Blob } {
    const stored = this.conversationState(conversationId).attachments.get(attachmentId);
    if (!stored) throw new MockProblem(404, 'This file does not exist.');
    return { attachment: clone(stored.attachment), file: stored.file };
  }

  /** The patient has seen the conversation up to this message; 422 when it is not a message of the conversation. */
  markRead(conversationId: string, upToMessageId: unknown): void {
    const state = this.conversationState(conversationId);
    if (typeof upToMessageId !== 'string' || !state.messages.some((m) => m.id === upToMessageId)) {
      throw new MockProblem(422, 'Some fields need attention.', { upToMessageId: 'Name a message of this conversation.' });
    }
    const current = state.readUpTo === undefined ? -1 : state.messages.findIndex((m) => m.id === state.readUpTo);
    const next = state.messages.findIndex((m) => m.id === upToMessageId);
    // A marker never moves backwards (an older tab may report late).
    if (next > current) state.readUpTo = upToMessageId;
  }

  /** The patient's read marker (for tests): the id of the last message they have seen, if any. */
  readMarker(conversationId: string): string | undefined {
    return this.conversationState(conversationId).readUpTo;
  }

  listMessages(conversationId: string, query: { before?: string | undefined; limit?: number | undefined }): Page<ChatMessage> {
    const state = this.conversationState(conversationId);
    const limit = pageLimit(query.limit, 20);
    let end = state.messages.length;
    if (query.before !== undefined) {
      end = state.messages.findIndex((m) => m.id === query.before);
      if (end === -1) throw new MockProblem(400, 'The paging cursor is not valid.', { before: 'Unknown cursor.' });
    }
    const start = Math.max(0, end - limit);
    const items = state.messages.slice(start, end);
    return { items: clone(items), ...(start > 0 && items[0] ? { nextCursor: items[0].id } : {}) };
  }

  /** `input` is the text, or the request body as sent (text, attachmentIds, context), checked here. */
  sendMessage(conversationId: string, input: string | SendMessageBody, clientId: string | undefined): ChatMessage {
    const state = this.conversationState(conversationId);
    if (state.endedAt !== undefined) throw new MockProblem(409, 'This conversation has ended. Start a new one to write again.');
    const body: SendMessageBody = typeof input === 'string' ? { text: input } : (input ?? {});
    const trimmed = typeof body.text === 'string' ? body.text.trim() : '';

    const errors: Record<string, string> = {};
    let attachments: ChatAttachment[] = [];
    if (body.attachmentIds !== undefined) {
      const ids = body.attachmentIds;
      if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) errors['attachmentIds'] = 'Send a list of attachment ids.';
      else if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE) errors['attachmentIds'] = `Send up to ${MAX_ATTACHMENTS_PER_MESSAGE} files with one message.`;
      else if (ids.some((id) => !state.attachments.has(id))) errors['attachmentIds'] = 'A file was not uploaded to this conversation: upload it again.';
      else attachments = [...new Set(ids)].map((id) => clone(state.attachments.get(id)!.attachment));
    }
    const context = body.context === undefined ? undefined : checkContext(body.context, errors);
    if (!trimmed && attachments.length === 0 && !errors['attachmentIds']) {
      throw new MockProblem(422, 'The message is empty.', { text: 'Write a message before sending.' });
    }
    if (trimmed.length > MAX_MESSAGE_LENGTH) errors['text'] = `Keep a message under ${MAX_MESSAGE_LENGTH} characters.`;
    throwIfInvalid(errors, errors['text'] ? 'The message is too long.' : 'Some fields need attention.');

    const name = this.session.status === 'signed-in' ? this.session.patient.displayName : state.guestName;
    const author: ChatParticipant = name ? { kind: 'patient', name } : { kind: 'patient' };
    const message: ChatMessage = {
      id: this.nextId('msg'),
      ...(clientId !== undefined ? { clientId } : {}),
      conversationId,
      author,
      text: trimmed,
      sentAt: this.nowIso(),
      status: 'sent',
      ...(attachments.length ? { attachments } : {}),
      ...(context ? { context } : {}),
    };
    state.messages.push(message);
    this.hub.publish(topics.chat(conversationId), 'message', { type: 'message', message });
    if (this.options.simulateEducator) this.scheduleEducatorReply(state, message);
    return clone(message);
  }

  /** The educator side writes into a conversation (also the contract suite's `educatorSends`). */
  educatorSends(conversationId: string, text: string, educator?: EducatorFixture): ChatMessage {
    const state = this.conversationState(conversationId);
    const from = educator ?? state.educator ?? educatorReplyFor(text, state.conversation.topicId).educator;
    const message: ChatMessage = {
      id: this.nextId('msg'),
      conversationId,
      author: asParticipant(from),
      text,
      sentAt: this.nowIso(),
      status: 'sent',
    };
    state.messages.push(message);
    this.hub.publish(topics.chat(conversationId), 'message', { type: 'message', message });
    return clone(message);
  }

  /** Whether the conversation was ended (its event stream answers 204 from then on); 404 problem when unknown. */
  hasEnded(conversationId: string): boolean {
    return this.conversationState(conversationId).endedAt !== undefined;
  }

  /**
   * The educator side ends the conversation: a pending reply is cancelled and the
   * `conversation` `ended` event is the last one its stream sends.
   */
  endConversation(conversationId: string): void {
    this.end(this.conversationState(conversationId));
  }

  /**
   * The patient ends the conversation: the same as the educator side ending it, but answered
   * with the conversation (`state: 'ended'`). Idempotent: ending it again answers the same.
   */
  patientEndsConversation(conversationId: string): Conversation {
    const state = this.conversationState(conversationId);
    this.end(state);
    return clone(state.conversation);
  }

  private end(state: ConversationState): void {
    if (state.endedAt !== undefined) return;
    const conversationId = state.conversation.id;
    state.cancelReply?.();
    state.cancelReply = undefined;
    state.endedAt = this.nowIso();
    state.conversation.state = 'ended';
    delete state.conversation.queuePosition;
    this.hub.publish(topics.chat(conversationId), 'conversation', {
      type: 'conversation',
      event: 'ended',
      ...(state.educator ? { educator: asParticipant(state.educator) } : {}),
      at: state.endedAt,
    });
  }

  private systemSends(state: ConversationState, text: string): void {
    const message: ChatMessage = {
      id: this.nextId('msg'),
      conversationId: state.conversation.id,
      author: { kind: 'system' },
      text,
      sentAt: this.nowIso(),
    };
    state.messages.push(message);
    this.hub.publish(topics.chat(state.conversation.id), 'message', { type: 'message', message });
  }

  /**
   * delivered → (joined) → read + typing → typing stops + reply.
   * A newer patient message replaces a pending reply, so one answer follows a burst of messages.
   */
  private scheduleEducatorReply(state: ConversationState, patientMessage: ChatMessage): void {
    const { scheduler, educatorReplyDelayMs: delay } = this.options;
    const topic = topics.chat(state.conversation.id);
    state.cancelReply?.();
    const cancels: Array<() => void> = [];
    state.cancelReply = () => cancels.forEach((cancel) => cancel());

    cancels.push(
      scheduler.after(Math.min(50, delay / 10), () => {
        this.setStatus(state, patientMessage.id, 'delivered');
        this.hub.publish(topic, 'message-status', { type: 'message-status', messageId: patientMessage.id, status: 'delivered' });
      }),
    );

    if (!this.educatorsOnline()) {
      if (!state.toldOffline) {
        state.toldOffline = true;
        const nextReplyBy = this.getAvailability().nextReplyBy;
        const when = nextReplyBy ? ` We will reply by ${new Date(nextReplyBy).toUTCString()}.` : '';
        cancels.push(scheduler.after(Math.min(100, delay / 5), () => this.systemSends(state, `Our educators are offline now.${when}`)));
      }
      return;
    }

    const reply = educatorReplyFor(patientMessage.text, state.conversation.topicId, state.educator);
    // A file is acknowledged first: "Thank you for the photo/document…"
    if (patientMessage.attachments?.length) reply.text = attachmentAcknowledgement(patientMessage.attachments, patientMessage.text.trim() !== '');
    cancels.push(
      scheduler.after(delay * 0.3, () => {
        if (!state.educator) {
          state.educator = reply.educator;
          state.conversation.queuePosition = undefined;
          this.hub.publish(topic, 'conversation', { type: 'conversation', event: 'joined', educator: asParticipant(reply.educator), at: this.nowIso() });
        }
        this.setStatus(state, patientMessage.id, 'read');
        this.hub.publish(topic, 'message-status', { type: 'message-status', messageId: patientMessage.id, status: 'read' });
        this.hub.publish(topic, 'typing', { type: 'typing', active: true, educator: asParticipant(state.educator) });
      }),
    );
    cancels.push(
      scheduler.after(delay, () => {
        state.cancelReply = undefined;
        const educator = state.educator ?? reply.educator;
        this.hub.publish(topic, 'typing', { type: 'typing', active: false, educator: asParticipant(educator) });
        this.educatorSends(state.conversation.id, reply.text, educator);
      }),
    );
  }

  private setStatus(state: ConversationState, messageId: string, status: 'delivered' | 'read'): void {
    const message = state.messages.find((m) => m.id === messageId);
    if (message) message.status = status;
  }

  /* ---------------------------------------------------------------- records */

  getPatient(): FhirResource {
    this.requireSignedIn();
    const patient = this.session.status === 'signed-in' ? this.session.patient : undefined;
    return { ...clone(this.patientResource), id: patient?.id ?? this.patientResource.id };
  }

  listSection(section: string, query: RecordQuery): RecordPage {
    this.requireSignedIn();
    if (!RECORD_SECTIONS.includes(section as RecordSection)) throw new MockProblem(404, `There is no "${section}" section.`);
    const errors: Record<string, string> = {};
    for (const field of ['from', 'to'] as const) {
      if (query[field] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(query[field])) errors[field] = 'Use a date like 2026-01-31.';
    }
    if (query.code !== undefined && !query.code.includes('|')) errors['code'] = 'Use "system|code", or "|text" for a concept with only text.';
    throwIfInvalid(errors);
    const now = this.nowIso();
    const items = this.records
      .filter((item) => item.section === section)
      .filter((item) => query.code === undefined || matchesCode(item.resource, query.code))
      .filter((item) => !query.current || isCurrent(item, now))
      .filter((item) => {
        const day = recordDate(item).slice(0, 10);
        if (query.from !== undefined && (day === '' || day < query.from)) return false;
        if (query.to !== undefined && (day === '' || day > query.to)) return false;
        return true;
      })
      .sort((a, b) => recordDate(b).localeCompare(recordDate(a)));
    return { ...pageAfter(items, query.cursor, pageLimit(query.limit, 20), (item) => item.id), total: items.length };
  }

  addEntry(input: PatientEntryInput): RecordItem {
    this.requireSignedIn();
    const errors: Record<string, string> = {};
    const allowed = ENTRY_TYPES[input?.section];
    if (!allowed) errors['section'] = 'Patients can add vitals, lab results or documents.';
    const resource = input?.resource;
    if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') {
      errors['resource'] = 'Add the reading to save.';
    } else if (allowed && !allowed.includes(resource.resourceType)) {
      errors['resource.resourceType'] = `A ${input.section} entry must be a ${allowed.join(' or ')}.`;
    }
    throwIfInvalid(errors);
    const id = this.nextId('pe');
    const patient = this.session.status === 'signed-in' ? this.session.patient : undefined;
    const item: RecordItem = {
      id,
      section: input.section,
      resource: {
        ...clone(input.resource),
        id,
        meta: { lastUpdated: this.nowIso() },
        ...(patient ? { subject: { reference: `Patient/${patient.id}`, display: patient.displayName } } : {}),
      },
      provenance: { enteredBy: 'patient' },
    };
    this.records.push(item);
    return clone(item);
  }

  requestCorrection(input: CorrectionRequestInput): { reference: string } {
    this.requireSignedIn();
    const errors: Record<string, string> = {};
    if (typeof input?.itemId !== 'string' || !input.itemId) errors['itemId'] = 'Choose the entry to correct.';
    if (typeof input?.reason !== 'string' || !input.reason.trim()) errors['reason'] = 'Tell us what is wrong with this entry.';
    throwIfInvalid(errors);
    if (!this.records.some((item) => item.id === input.itemId)) throw new MockProblem(404, 'This record entry does not exist.');
    const reference = `COR-${String(this.corrections.length + 1).padStart(4, '0')}-${this.idTag.toUpperCase()}`;
    this.corrections.push({ reference, itemId: input.itemId, reason: input.reason.trim(), at: this.nowIso() });
    return { reference };
  }

  listShares(): RecordShare[] {
    this.requireSignedIn();
    return clone(this.shares);
  }

  share(input: ShareInput): RecordShare {
    this.requireSignedIn();
    const errors: Record<string, string> = {};
    const sections = Array.isArray(input?.sections) ? input.sections : [];
    if (!sections.length) errors['sections'] = 'Choose at least one part of your record to share.';
    else if (sections.some((section) => !RECORD_SECTIONS.includes(section))) errors['sections'] = 'One of the chosen parts does not exist.';
    const recipient = input?.recipient;
    if (typeof recipient?.name !== 'string' || !recipient.name.trim()) errors['recipient.name'] = 'Enter the name of the person you are sharing with.';
    if (typeof recipient?.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipient.email)) errors['recipient.email'] = 'Enter an email address like name@example.com.';
    if (input?.until !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(input.until) || input.until <= this.nowIso().slice(0, 10))) errors['until'] = 'The end date must be in the future.';
    throwIfInvalid(errors);
    const share: RecordShare = {
      id: this.nextId('share'),
      sections: [...new Set(sections)],
      recipient: { name: recipient.name.trim(), ...(recipient.relationship?.trim() ? { relationship: recipient.relationship.trim() } : {}), email: recipient.email.trim() },
      ...(input.until ? { until: input.until } : {}),
      createdAt: this.nowIso(),
      status: 'pending',
    };
    this.shares.push(share);
    return clone(share);
  }

  revokeShare(shareId: string): RecordShare {
    this.requireSignedIn();
    const share = this.shares.find((candidate) => candidate.id === shareId);
    if (!share) throw new MockProblem(404, 'This share does not exist.');
    share.status = 'revoked';
    return clone(share);
  }

  /* -------------------------------------------------------------- community */

  listGroups(): CommunityGroup[] {
    // Membership belongs to the signed-in member: a guest has joined nothing.
    if (this.patientId === undefined) return clone(this.groups).map(({ pseudonym: _pseudonym, ...group }) => ({ ...group, joined: false }));
    return clone(this.groups);
  }

  joinGroup(groupId: string, input: Record<string, unknown>): CommunityGroup {
    const group = this.group(groupId);
    this.requireSignedIn();
    const errors: Record<string, string> = {};
    if (input?.acceptedRules !== true) errors['acceptedRules'] = 'Read and accept the group rules to join.';
    const pseudonym = typeof input?.pseudonym === 'string' ? input.pseudonym.trim() : undefined;
    if (input?.pseudonym !== undefined && (typeof input.pseudonym !== 'string' || !pseudonym || pseudonym.length > 40)) {
      errors['pseudonym'] = 'Choose a name of 1 to 40 characters.';
    }
    throwIfInvalid(errors);
    if (!group.joined && group.memberCount !== undefined) group.memberCount++;
    group.joined = true;
    if (pseudonym) group.pseudonym = pseudonym;
    return clone(group);
  }

  leaveGroup(groupId: string): CommunityGroup {
    const group = this.group(groupId);
    this.requireSignedIn();
    if (group.joined && group.memberCount !== undefined) group.memberCount--;
    group.joined = false;
    delete group.pseudonym;
    return clone(group);
  }

  private myReactions(postId: string): Set<CommunityReaction> {
    const patient = this.patientId ?? '';
    let byPost = this.reactionsBy.get(patient);
    if (!byPost) this.reactionsBy.set(patient, (byPost = new Map()));
    let set = byPost.get(postId);
    if (!set) byPost.set(postId, (set = new Set()));
    return set;
  }

  /** A post as the signed-in member sees it: whether it is theirs, their reactions, the reply count. */
  private present(post: CommunityPost): CommunityPost {
    const mine = this.patientId !== undefined && this.postAuthors.get(post.id) === this.patientId;
    const reactions = this.patientId !== undefined ? [...(this.reactionsBy.get(this.patientId)?.get(post.id) ?? [])] : [];
    const replyCount = post.parentId === undefined ? this.posts.filter((p) => p.parentId === post.id && this.visible(p)).length : undefined;
    return { ...clone(post), ...(mine ? { mine: true } : {}), ...(reactions.length ? { myReactions: reactions.sort() } : {}), ...(replyCount !== undefined ? { replyCount } : {}) };
  }

  private ownPost(postId: string): CommunityPost {
    this.requireSignedIn();
    const post = this.posts.find((p) => p.id === postId);
    if (!post || !this.visible(post)) throw new MockProblem(404, 'This post does not exist.');
    if (this.postAuthors.get(post.id) !== this.patientId) throw new MockProblem(403, 'Only the author can change this post.');
    return post;
  }

  editPost(postId: string, input: Record<string, unknown>): CommunityPost {
    const post = this.ownPost(postId);
    const errors: Record<string, string> = {};
    const body = typeof input?.body === 'string' ? input.body.trim() : '';
    if (!body) errors['body'] = 'Write something before saving.';
    else if (body.length > MAX_POST_LENGTH) errors['body'] = `Keep a post under ${MAX_POST_LENGTH} characters.`;
    const title = typeof input?.title === 'string' ? input.title.trim() : undefined;
    if (title !== undefined && title.length > MAX_TITLE_LENGTH) errors['title'] = `Keep the title under ${MAX_TITLE_LENGTH} characters.`;
    throwIfInvalid(errors);
    post.body = body;
    if (title !== undefined && post.parentId === undefined) post.title = title || undefined;
    if (typeof input.contentWarning === 'string') post.contentWarning = input.contentWarning.trim() || undefined;
    post.editedAt = this.nowIso();
    if (post.state === 'published') this.hub.publish(topics.community(post.groupId), 'post-updated', { type: 'post-updated', post });
    return this.present(post);
  }

  deletePost(postId: string): { id: string } {
    this.requireSignedIn();
    const post = this.posts.find((p) => p.id === postId);
    // Already gone: deleting again succeeds (a retried request must not fail).
    if (!post) return { id: postId };
    this.ownPost(postId);
    this.posts = this.posts.filter((p) => p.id !== postId && p.parentId !== postId);
    this.hub.publish(topics.community(post.groupId), 'post-deleted', { type: 'post-deleted', postId, groupId: post.groupId });
    return { id: postId };
  }

  react(postId: string, input: Record<string, unknown>): CommunityPost {
    this.requireSignedIn();
    const post = this.posts.find((p) => p.id === postId);
    if (!post || !this.visible(post)) throw new MockProblem(404, 'This post does not exist.');
    const reaction = input?.reaction;
    if (reaction !== 'helpful' && reaction !== 'support') throw new MockProblem(422, 'Unknown reaction.', { reaction: 'React with "helpful" or "support".' });
    if (typeof input.active !== 'boolean') throw new MockProblem(422, 'Say whether the reaction is on or off.', { active: 'Send true or false.' });
    const mine = this.myReactions(postId);
    // Setting, not toggling: the same request twice leaves the same state.
    if (input.active && !mine.has(reaction)) {
      mine.add(reaction);
      post.reactions[reaction]++;
    } else if (!input.active && mine.has(reaction)) {
      mine.delete(reaction);
      post.reactions[reaction] = Math.max(0, post.reactions[reaction] - 1);
    }
    this.hub.publish(topics.community(post.groupId), 'post-updated', { type: 'post-updated', post });
    return this.present(post);
  }

  report(postId: string, input: Record<string, unknown>): { reference: string } {
    this.requireSignedIn();
    const post = this.posts.find((p) => p.id === postId);
    if (!post || !this.visible(post)) throw new MockProblem(404, 'This post does not exist.');
    const errors: Record<string, string> = {};
    const reason = input?.reason as ReportReason;
    if (!REPORT_REASONS.includes(reason)) errors['reason'] = 'Choose why you are reporting this post.';
    const details = typeof input?.details === 'string' ? input.details.trim() : undefined;
    if (reason === 'other' && !details) errors['details'] = 'Tell us what is wrong with this post.';
    if (details && details.length > 1000) errors['details'] = 'Keep the details under 1,000 characters.';
    throwIfInvalid(errors);
    const reference = `REP-${String(this.reports.length + 1).padStart(4, '0')}-${this.idTag.toUpperCase()}`;
    this.reports.push({ reference, postId, reason, ...(details ? { details } : {}), at: this.nowIso() });
    return { reference };
  }

  private group(groupId: string): CommunityGroup {
    const group = this.groups.find((g) => g.id === groupId);
    if (!group) throw new MockProblem(404, 'This group does not exist.');
    return group;
  }

  private visible(post: CommunityPost): boolean {
    return post.state === 'published' || (this.patientId !== undefined && this.postAuthors.get(post.id) === this.patientId);
  }

  listPosts(
    groupId: string,
    query: {
      cursor?: string | undefined;
      limit?: number | undefined;
      sort?: string | undefined;
      search?: string | undefined;
      parentId?: string | undefined;
    },
  ): Page<CommunityPost> {
    this.group(groupId);
    const limit = cappedPageLimit(query.limit, this.options.communityPageSize, MAX_COMMUNITY_PAGE_SIZE);
    if (query.sort !== undefined && query.sort !== 'newest' && query.sort !== 'helpful') {
      throw new MockProblem(400, 'Unknown sort order.', { sort: 'Sort by "newest" or "helpful".' });
    }
    if (query.parentId !== undefined && !this.posts.some((p) => p.id === query.parentId && p.groupId === groupId)) {
      throw new MockProblem(404, 'This post does not exist.');
    }
    const search = query.search?.trim().toLowerCase();
    let posts = this.posts.filter((p) => p.groupId === groupId && this.visible(p));
    if (query.parentId !== undefined) posts = posts.filter((p) => p.parentId === query.parentId);
    else if (!search) posts = posts.filter((p) => p.parentId === undefined);
    if (search) posts = posts.filter((p) => `${p.title ?? ''}\n${p.body}\n${p.author.name}`.toLowerCase().includes(search));

    const newestFirst = (a: CommunityPost, b: CommunityPost) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
    if (query.parentId !== undefined && query.sort === undefined) {
      // A thread reads oldest first unless the reader asks otherwise.
      posts.sort((a, b) => -newestFirst(a, b));
    } else {
      const order = query.sort === 'helpful' ? (a: CommunityPost, b: CommunityPost) => b.reactions.helpful - a.reactions.helpful || newestFirst(a, b) : newestFirst;
      // Pinned staff posts stay on top of a group's list.
      posts.sort((a, b) => (query.parentId === undefined && !search ? Number(!!b.pinned) - Number(!!a.pinned) : 0) || order(a, b));
    }
    const page = pageAfter(posts, query.cursor, limit, (post) => post.id);
    return { ...page, items: page.items.map((post) => this.present(post)) };
  }

  /** `input` is the request body as sent (CreatePostInput without groupId), checked here. */
  createPost(groupId: string, input: Record<string, unknown>, clientId: string | undefined): CommunityPost {
    const group = this.group(groupId);
    this.requireSignedIn();
    const errors: Record<string, string> = {};
    const body = typeof input.body === 'string' ? input.body.trim() : '';
    if (!body) errors['body'] = 'Write something before posting.';
    else if (body.length > MAX_POST_LENGTH) errors['body'] = `Keep a post under ${MAX_POST_LENGTH} characters.`;
    if (input.anonymous === true && !group.allowsAnonymous) errors['anonymous'] = 'This group does not allow anonymous posts.';
    if (input.pseudonym !== undefined && (typeof input.pseudonym !== 'string' || input.pseudonym.trim().length > 40)) {
      errors['pseudonym'] = 'Choose a name of up to 40 characters.';
    }
    const title = typeof input.title === 'string' ? input.title.trim() : undefined;
    if (title !== undefined && title.length > MAX_TITLE_LENGTH) errors['title'] = `Keep the title under ${MAX_TITLE_LENGTH} characters.`;
    const sharedItem = checkSharedItem(input.sharedItem, errors);
    throwIfInvalid(errors);
    const parentId = typeof input.parentId === 'string' ? input.parentId : undefined;
    if (parentId !== undefined && !this.posts.some((p) => p.id === parentId && p.groupId === groupId)) {
      throw new MockProblem(404, 'The post you are replying to no longer exists.');
    }

    const patient = this.session.status === 'signed-in' ? this.session.patient : undefined;
    // The name chosen for this community when joining, unless the member named another for this post.
    const pseudonym = (typeof input.pseudonym === 'string' && input.pseudonym.trim() ? input.pseudonym.trim() : undefined) ?? group.pseudonym;
    const author: CommunityPost['author'] =
      // Never the legal name by default: health is private. A member who wants it can choose it as their pseudonym.
      input.anonymous === true ? { name: 'Anonymous member', anonymous: true } : { name: pseudonym ?? 'Member' };
    // Posts that look like they contain a phone number or e-mail address wait for a moderator.
    const personalDetails = /\b[\w.+-]+@[\w-]+\.[\w.]+\b|(?:\+?\d[\s-]?){8,}/.test(body);
    const post: CommunityPost = {
      id: this.nextId('post'),
      ...(clientId !== undefined ? { clientId } : {}),
      groupId,
      ...(parentId !== undefined ? { parentId } : {}),
      ...(title && parentId === undefined ? { title } : {}),
      author,
      body,
      createdAt: this.nowIso(),
      state: personalDetails ? 'pending' : 'published',
      ...(sharedItem ? { sharedItem } : {}),
      reactions: { helpful: 0, support: 0 },
      ...(typeof input.contentWarning === 'string' && input.contentWarning.trim() ? { contentWarning: input.contentWarning.trim() } : {}),
    };
    this.posts.push(post);
    if (patient) this.postAuthors.set(post.id, patient.id);
    if (post.state === 'published') this.hub.publish(topics.community(groupId), 'post', { type: 'post', post });
    return this.present(post);
  }

  /** Another member (or staff) posts; tells every stream of the group. */
  publishPost(groupId: string, body: string, author: CommunityPost['author'] = { name: 'Another member' }): CommunityPost {
    this.group(groupId);
    const post: CommunityPost = {
      id: this.nextId('post'),
      groupId,
      author,
      body,
      createdAt: this.nowIso(),
      state: 'published',
      reactions: { helpful: 0, support: 0 },
    };
    this.posts.push(post);
    this.hub.publish(topics.community(groupId), 'post', { type: 'post', post });
    return clone(post);
  }

  /** A moderator approves a pending post, or reactions change. */
  updatePost(postId: string, change: Partial<Pick<CommunityPost, 'state' | 'reactions' | 'pinned' | 'verified'>>): CommunityPost {
    const post = this.posts.find((p) => p.id === postId);
    if (!post) throw new MockProblem(404, 'This post does not exist.');
    Object.assign(post, clone(change));
    this.hub.publish(topics.community(post.groupId), 'post-updated', { type: 'post-updated', post });
    return clone(post);
  }

  /* --------------------------------------------------------------- feedback */

  listDepartments(): Department[] {
    return clone(this.departments);
  }

  /**
   * Checks and stores feedback. 400 for a form sent too fast (`fillSeconds`) or anonymous
   * feedback that carries personal details; 422 with per-field messages for anything else
   * invalid; 429 (with Retry-After) over `feedbackRateLimit`.
   */
  submitFeedback(body: unknown): FeedbackReceipt {
    const now = this.options.now();
    this.checkFeedbackRate(now.getTime());
    const input = checkFeedbackInput(body, {
      departments: this.departments,
      today: calendarDateIn(now, this.options.timeZone),
      conversationExists: (id) => this.conversations.has(id),
      attachmentUsable: (id) => {
        const stored = this.feedbackAttachments.get(id);
        if (!stored) return 'unknown';
        return stored.usedBy === undefined ? 'ok' : 'used';
      },
      minFillSeconds: this.options.minFeedbackFillSeconds,
    });

    const reference = `FB-${now.getUTCFullYear()}-${this.idTag.toUpperCase()}-${String(this.feedback.size + 1).padStart(4, '0')}`;
    const key = reference.toUpperCase();
    const receivedAt = now.toISOString();
    const acknowledgeBy = addWorkingDays(now, this.options.acknowledgeWorkingDays, { holidays: this.options.holidays, timeZone: this.options.timeZone });
    const status: FeedbackStatus = { reference, kind: input.kind, state: 'received', history: [{ state: 'received', at: receivedAt }], acknowledgeBy };
    this.feedback.set(key, status);
    this.feedbackRecords.set(key, { ownerId: input.anonymous ? undefined : this.patientId, anonymous: input.anonymous, receivedAt, input, progresses: true });
    if (input.source) this.feedbackSources.set(key, { kind: 'chat', conversationId: input.source.conversationId });
    for (const id of input.attachmentIds ?? []) this.feedbackAttachments.get(id)!.usedBy = reference;
    this.feedbackTimes.push(now.getTime());
    return { reference, acknowledgeBy, receivedAt, receiptEmailed: input.receiptByEmail === true && !!input.contact?.email };
  }

  /** 429 when `feedbackRateLimit` submissions were already accepted within its window. */
  private checkFeedbackRate(nowMs: number): void {
    const limit = this.options.feedbackRateLimit;
    if (!limit) return;
    while (this.feedbackTimes.length && this.feedbackTimes[0]! <= nowMs - limit.perMs) this.feedbackTimes.shift();
    if (this.feedbackTimes.length < limit.max) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((this.feedbackTimes[0]! + limit.perMs - nowMs) / 1000));
    throw new MockProblem(429, `You have sent a lot of feedback in a short time. Please wait ${retryAfterSeconds} seconds and try again.`, undefined, retryAfterSeconds);
  }

  /**
   * Stores a file for later feedback: the chat's types and size limit (422 with
   * `errors.file`). Guests may upload, as they may send feedback.
   */
  uploadFeedbackAttachment(file: Blob | undefined, name: string | undefined): FeedbackAttachment {
    const trimmedName = checkUploadedFile(file, name, this.options.maxAttachmentBytes);
    const attachment: FeedbackAttachment = { id: this.nextId('fbatt'), name: trimmedName, type: file!.type, size: file!.size };
    this.feedbackAttachments.set(attachment.id, { attachment, file: file!, usedBy: undefined });
    return clone(attachment);
  }

  getFeedbackStatus(reference: string): FeedbackStatus {
    return clone(this.currentFeedback(reference));
  }

  /** The signed-in patient's own feedback (anonymous feedback is nobody's), newest first; 401 for guests. */
  listMyFeedback(): FeedbackStatus[] {
    this.requireSignedIn();
    const mine = [...this.feedbackRecords.entries()]
      .filter(([, record]) => !record.anonymous && record.ownerId === this.patientId)
      .sort(([, a], [, b]) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    return mine.map(([key]) => clone(this.currentFeedback(key)));
  }

  /** Staff move feedback along (for demos and tests of status tracking). */
  advanceFeedback(reference: string, state: FeedbackState, note?: string): FeedbackStatus {
    const status = this.currentFeedback(reference);
    status.state = state;
    status.history.push({ state, at: this.nowIso(), ...(note ? { note } : {}) });
    return clone(status);
  }

  /**
   * The stored status, first brought up to date with `feedbackProgressMs`: lazily, on
   * read, so no timers run. Steps already passed (also by staff) are not repeated.
   */
  private currentFeedback(reference: string): FeedbackStatus {
    const key = reference.trim().toUpperCase();
    const status = this.feedback.get(key);
    if (!status) throw new MockProblem(404, 'We could not find feedback with this reference.');
    const record = this.feedbackRecords.get(key);
    const interval = this.options.feedbackProgressMs;
    if (record?.progresses && interval !== undefined && interval > 0) {
      const received = Date.parse(record.receivedAt);
      const nowMs = this.options.now().getTime();
      for (let step = FEEDBACK_STATES.indexOf(status.state) + 1; step < FEEDBACK_STATES.length; step++) {
        const at = received + step * interval;
        if (at > nowMs) break;
        const state = FEEDBACK_STATES[step]!;
        const note = PROGRESS_NOTES[state];
        status.state = state;
        status.history.push({ state, at: new Date(at).toISOString(), ...(note ? { note } : {}) });
      }
    }
    return status;
  }
}

/** What `checkFeedbackInput` needs to know about the store. */
interface FeedbackChecks {
  departments: readonly Department[];
  /** Today in the hospital's time zone, YYYY-MM-DD (a visit cannot be later). */
  today: string;
  conversationExists(id: string): boolean;
  attachmentUsable(id: string): 'ok' | 'unknown' | 'used';
  minFillSeconds: number;
}

/**
 * Checks a feedback body field by field and returns it trimmed. Throws 400 first for
 * what a person should not be told field by field (a bot's speed) or must not send
 * (personal details with anonymous feedback), then 422 with every field message.
 */
function checkFeedbackInput(body: unknown, checks: FeedbackChecks): FeedbackInput {
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

  const fillSeconds = input['fillSeconds'];
  if (fillSeconds !== undefined) {
    if (typeof fillSeconds !== 'number' || !Number.isFinite(fillSeconds) || fillSeconds < 0) {
      throw new MockProblem(422, 'Some fields need attention.', { fillSeconds: 'The time taken to fill in the form must be a number of seconds.' });
    }
    if (fillSeconds < checks.minFillSeconds) {
      throw new MockProblem(400, 'The form was sent too quickly to have been filled in by a person.', {
        fillSeconds: 'That was very quick. Please check your feedback and send it again.',
      });
    }
  }

  const contact = input['contact'];
  const contactObject = (typeof contact === 'object' && contact !== null && !Array.isArray(contact) ? contact : undefined) as Record<string, unknown> | undefined;
  const onBehalfOf = input['onBehalfOf'];
  const onBehalfObject = (typeof onBehalfOf === 'object' && onBehalfOf !== null && !Array.isArray(onBehalfOf) ? onBehalfOf : undefined) as
    | Record<string, unknown>
    | undefined;

  if (input['anonymous'] === true) {
    // Anonymous means the hospital cannot tell who wrote: refuse rather than silently drop details.
    const identifying: Record<string, string> = {};
    for (const field of ['name', 'email', 'phone'] as const) {
      if (text(contactObject?.[field])) identifying[`contact.${field}`] = 'Anonymous feedback cannot include your name or contact details. Remove them, or send it with your name.';
    }
    if (text(onBehalfObject?.['name'])) identifying['onBehalfOf.name'] = "Anonymous feedback cannot include the patient's name. Remove it, or send it with your name.";
    if (input['receiptByEmail'] === true) identifying['receiptByEmail'] = 'We cannot e-mail a receipt for anonymous feedback: keep the reference number instead.';
    if (input['consentToContact'] === true) identifying['consentToContact'] = 'We cannot contact you about anonymous feedback.';
    if (Object.keys(identifying).length) throw new MockProblem(400, 'Anonymous feedback cannot include personal details.', identifying);
  }

  const errors: Record<string, string> = {};
  const kind = input['kind'];
  if (typeof kind !== 'string' || !FEEDBACK_KINDS.includes(kind as FeedbackInput['kind'])) errors['kind'] = 'Choose what kind of feedback this is.';
  const description = text(input['description']);
  if (!description) errors['description'] = 'Tell us what happened.';
  else if (description.length > MAX_FEEDBACK_LENGTH) errors['description'] = `Keep it under ${MAX_FEEDBACK_LENGTH} characters.`;
  const outcome = input['outcome'];
  if (outcome !== undefined && (typeof outcome !== 'string' || outcome.trim().length > MAX_FEEDBACK_LENGTH)) {
    errors['outcome'] = `Keep what you would like to happen under ${MAX_FEEDBACK_LENGTH} characters.`;
  }
  const departmentId = input['departmentId'];
  if (departmentId !== undefined && !checks.departments.some((d) => d.id === departmentId)) errors['departmentId'] = 'Choose a department from the list.';

  const scale = input['ratingScale'] ?? 'experience-5';
  if (scale !== 'experience-5' && scale !== 'recommend-0-10') errors['ratingScale'] = 'The rating scale must be "experience-5" or "recommend-0-10".';
  const rating = input['rating'];
  if (rating !== undefined && !errors['ratingScale']) {
    const [min, max] = RATING_RANGES[scale as keyof typeof RATING_RANGES];
    if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < min || rating > max) errors['rating'] = `Choose a rating from ${min} to ${max}.`;
  }

  const visitDate = input['visitDate'];
  if (visitDate !== undefined) {
    if (typeof visitDate !== 'string' || !isIsoDate(visitDate)) errors['visitDate'] = 'Enter the date as YYYY-MM-DD.';
    else if (visitDate > checks.today) errors['visitDate'] = 'The visit date cannot be in the future.';
  }
  const anonymous = input['anonymous'];
  if (typeof anonymous !== 'boolean') errors['anonymous'] = 'Say whether to send this anonymously.';
  for (const flag of ['consentToContact', 'receiptByEmail'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') errors[flag] = 'Answer yes or no.';
  }

  if (contact !== undefined && !contactObject) errors['contact'] = 'Contact details must be an object with name, email, phone and preference.';
  const email = text(contactObject?.['email']);
  const phone = text(contactObject?.['phone']);
  if (contactObject) {
    const name = contactObject['name'];
    if (name !== undefined && (typeof name !== 'string' || name.trim().length > MAX_NAME_LENGTH)) errors['contact.name'] = `Keep your name under ${MAX_NAME_LENGTH} characters.`;
    const rawEmail = contactObject['email'];
    if (rawEmail !== undefined && rawEmail !== '' && (typeof rawEmail !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(rawEmail.trim()) || rawEmail.length > MAX_NAME_LENGTH)) {
      errors['contact.email'] = 'Enter an e-mail address like name@example.org.';
    }
    const rawPhone = contactObject['phone'];
    if (rawPhone !== undefined && rawPhone !== '' && (typeof rawPhone !== 'string' || rawPhone.length > MAX_PHONE_LENGTH || !/^\+?[\d\s().-]{6,}$/.test(rawPhone.trim()))) {
      errors['contact.phone'] = 'Enter a phone number with digits only, e.g. +62 21 555 0100.';
    }
    const preference = contactObject['preference'];
    if (preference !== undefined && (typeof preference !== 'string' || !CONTACT_PREFERENCES.includes(preference))) {
      errors['contact.preference'] = 'Choose e-mail, phone or no contact.';
    } else if (preference === 'email' && !email) errors['contact.email'] ??= 'Enter the e-mail address we should write to.';
    else if (preference === 'phone' && !phone) errors['contact.phone'] ??= 'Enter the phone number we should call.';
  }
  if (input['receiptByEmail'] === true && !email) errors['contact.email'] ??= 'Enter your e-mail address to get a copy of the receipt.';

  if (onBehalfOf !== undefined) {
    if (!onBehalfObject) errors['onBehalfOf'] = 'Say whose care this is about: their name, your relationship and their consent.';
    else {
      const name = onBehalfObject['name'];
      // Anonymous feedback about someone else leaves their name out (checked above).
      if (anonymous !== true && !text(name)) errors['onBehalfOf.name'] = 'Enter the name of the person this is about.';
      else if (name !== undefined && (typeof name !== 'string' || name.trim().length > MAX_NAME_LENGTH)) errors['onBehalfOf.name'] = `Keep the name under ${MAX_NAME_LENGTH} characters.`;
      const relationship = text(onBehalfObject['relationship']);
      if (!relationship) errors['onBehalfOf.relationship'] = 'Tell us how you are related to them, e.g. daughter or carer.';
      else if (relationship.length > MAX_RELATIONSHIP_LENGTH) errors['onBehalfOf.relationship'] = `Keep it under ${MAX_RELATIONSHIP_LENGTH} characters.`;
      const consent = onBehalfObject['consent'];
      if (typeof consent !== 'string' || !ON_BEHALF_CONSENTS.includes(consent)) {
        errors['onBehalfOf.consent'] = 'Say whether they agreed, or why they cannot: a child, unable to consent, or deceased.';
      }
    }
  }

  const attachmentIds = input['attachmentIds'];
  if (attachmentIds !== undefined) {
    if (!Array.isArray(attachmentIds) || !attachmentIds.every((id): id is string => typeof id === 'string')) errors['attachmentIds'] = 'Attachments must be a list of uploaded file ids.';
    else if (attachmentIds.length > MAX_ATTACHMENTS_PER_MESSAGE) errors['attachmentIds'] = `Send at most ${MAX_ATTACHMENTS_PER_MESSAGE} files.`;
    else if (new Set(attachmentIds).size !== attachmentIds.length) errors['attachmentIds'] = 'Each file can be attached once.';
    else {
      const states = attachmentIds.map((id) => checks.attachmentUsable(id));
      if (states.includes('unknown')) errors['attachmentIds'] = 'Some files were not uploaded here. Upload them again.';
      else if (states.includes('used')) errors['attachmentIds'] = 'Some files were already sent with other feedback. Upload them again.';
    }
  }

  const answers = input['answers'];
  if (answers !== undefined) {
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers) || Object.getPrototypeOf(answers) !== Object.prototype) {
      errors['answers'] = 'Answers must be an object of question ids and answers.';
    } else if (Object.keys(answers).length > MAX_ANSWERS) errors['answers'] = `Send at most ${MAX_ANSWERS} answers.`;
    else {
      for (const [question, answer] of Object.entries(answers)) {
        const field = `answers.${question}`;
        if (!question || question.length > MAX_ANSWER_KEY_LENGTH) errors['answers'] = `Question ids must be 1 to ${MAX_ANSWER_KEY_LENGTH} characters.`;
        else if (typeof answer === 'string') {
          if (answer.length > MAX_ANSWER_TEXT_LENGTH) errors[field] = `Keep this answer under ${MAX_ANSWER_TEXT_LENGTH} characters.`;
        } else if (!(typeof answer === 'boolean' || (typeof answer === 'number' && Number.isFinite(answer)))) {
          errors[field] = 'An answer must be text, a number, or yes/no.';
        }
      }
    }
  }

  const questionnaireResponse = input['questionnaireResponse'];
  if (questionnaireResponse !== undefined) {
    const qr = questionnaireResponse as Record<string, unknown> | null;
    if (typeof qr !== 'object' || qr === null || Array.isArray(qr) || qr['resourceType'] !== 'QuestionnaireResponse') {
      errors['questionnaireResponse'] = 'Send a FHIR QuestionnaireResponse (resourceType "QuestionnaireResponse").';
    } else if (typeof qr['status'] !== 'string' || !QUESTIONNAIRE_RESPONSE_STATUSES.includes(qr['status'])) {
      errors['questionnaireResponse'] = 'The QuestionnaireResponse needs a FHIR status, e.g. "completed".';
    } else if (qr['item'] !== undefined && !Array.isArray(qr['item'])) {
      errors['questionnaireResponse'] = 'The QuestionnaireResponse items must be a list.';
    } else if (JSON.stringify(qr).length > MAX_QUESTIONNAIRE_RESPONSE_CHARS) {
      errors['questionnaireResponse'] = 'The questionnaire answers are too long.';
    }
  }

  const locale = input['locale'];
  if (locale !== undefined && (typeof locale !== 'string' || locale.length > MAX_LOCALE_LENGTH || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(locale))) {
    errors['locale'] = 'Name the language as a BCP 47 tag, e.g. "id" or "ms-MY".';
  }

  const source = input['source'];
  if (source !== undefined) {
    const s = source as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null || s['kind'] !== 'chat' || typeof s['conversationId'] !== 'string' || !s['conversationId']) {
      errors['source'] = 'Feedback can come from a chat: name its conversation.';
    } else if (!checks.conversationExists(s['conversationId'])) {
      errors['source.conversationId'] = 'This conversation does not exist.';
    }
  }
  throwIfInvalid(errors);

  // Only the fields the API knows are kept, trimmed; unknown fields are dropped.
  const accepted = input as unknown as FeedbackInput;
  return {
    kind: accepted.kind,
    description,
    anonymous: accepted.anonymous,
    ...(accepted.departmentId !== undefined ? { departmentId: accepted.departmentId } : {}),
    ...(accepted.visitDate !== undefined ? { visitDate: accepted.visitDate } : {}),
    ...(accepted.rating !== undefined ? { rating: accepted.rating, ratingScale: accepted.ratingScale ?? 'experience-5' } : {}),
    ...(typeof accepted.outcome === 'string' && accepted.outcome.trim() ? { outcome: accepted.outcome.trim() } : {}),
    ...(contactObject
      ? {
          contact: {
            ...(text(contactObject['name']) ? { name: text(contactObject['name']) } : {}),
            ...(email ? { email } : {}),
            ...(phone ? { phone } : {}),
            ...(accepted.contact?.preference !== undefined ? { preference: accepted.contact.preference } : {}),
          },
        }
      : {}),
    ...(accepted.consentToContact !== undefined ? { consentToContact: accepted.consentToContact } : {}),
    ...(accepted.onBehalfOf !== undefined
      ? {
          onBehalfOf: {
            name: text(accepted.onBehalfOf.name),
            relationship: text(accepted.onBehalfOf.relationship),
            consent: accepted.onBehalfOf.consent,
          },
        }
      : {}),
    ...(accepted.attachmentIds !== undefined ? { attachmentIds: [...accepted.attachmentIds] } : {}),
    ...(accepted.receiptByEmail !== undefined ? { receiptByEmail: accepted.receiptByEmail } : {}),
    ...(accepted.answers !== undefined ? { answers: clone(accepted.answers) } : {}),
    ...(accepted.questionnaireResponse !== undefined ? { questionnaireResponse: clone(accepted.questionnaireResponse) } : {}),
    ...(accepted.locale !== undefined ? { locale: accepted.locale } : {}),
    ...(accepted.fillSeconds !== undefined ? { fillSeconds: accepted.fillSeconds } : {}),
    ...(accepted.source !== undefined ? { source: { kind: 'chat', conversationId: accepted.source.conversationId } } : {}),
  };
}

/**
 * The checks every uploaded file gets (chat and feedback alike): a file, of a photo or
 * PDF type, not empty, within `maxBytes`, with a name. Returns the trimmed name; 422
 * with `errors.file` / `errors.name` otherwise.
 */
function checkUploadedFile(file: Blob | undefined, name: string | undefined, maxBytes: number): string {
  const errors: Record<string, string> = {};
  if (!file) errors['file'] = 'Choose a photo or a PDF to send.';
  else if (!ATTACHMENT_TYPES.includes(file.type)) errors['file'] = 'Send a photo (JPEG, PNG, WebP or GIF) or a PDF document.';
  else if (file.size === 0) errors['file'] = 'The file is empty.';
  else if (file.size > maxBytes) errors['file'] = `The file is too large: send files of up to ${formatMegabytes(maxBytes)} MB.`;
  const trimmedName = (name ?? '').trim();
  if (file && !trimmedName) errors['name'] = 'The file needs a name.';
  else if (trimmedName.length > MAX_ATTACHMENT_NAME_LENGTH) errors['name'] = `Keep the file name under ${MAX_ATTACHMENT_NAME_LENGTH} characters.`;
  throwIfInvalid(errors, errors['file'] ?? 'The file cannot be sent.');
  return trimmedName;
}

/** `limit` query value: default when absent, 400 when not a whole number from 1 to 100. */
function pageLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new MockProblem(400, 'Invalid page size.', { limit: 'Use a whole number from 1 to 100.' });
  return limit;
}

/** `limit` query value where the server caps large pages instead of refusing them: 400 only when not a whole number of at least 1. */
function cappedPageLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new MockProblem(400, 'Invalid page size.', { limit: 'Use a whole number of at least 1.' });
  return Math.min(limit, max);
}

/** Keyset paging: the cursor is the id of the last item of the previous page, so new items never shift pages. */
function pageAfter<T>(items: T[], cursor: string | undefined, limit: number, idOf: (item: T) => string): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const index = items.findIndex((item) => idOf(item) === cursor);
    if (index === -1) throw new MockProblem(400, 'The paging cursor is not valid.', { cursor: 'Unknown cursor.' });
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const last = page.at(-1);
  return { items: clone(page), ...(start + limit < items.length && last ? { nextCursor: idOf(last) } : {}) };
}

/** The date a record item is about, for newest-first ordering ("" sorts last). */
function recordDate(item: RecordItem): string {
  const r = item.resource as Record<string, unknown>;
  const period = r['period'] as { start?: string } | undefined;
  const candidates = [r['effectiveDateTime'], r['occurrenceDateTime'], r['recordedDate'], r['authoredOn'], r['start'], r['date'], period?.start, r['onsetDateTime'], r['issued']];
  const found = candidates.find((value): value is string => typeof value === 'string');
  return found ?? '';
}

const MAX_TITLE_LENGTH = 150;
const REPORT_REASONS: readonly ReportReason[] = ['misinformation', 'harassment', 'spam', 'personal-details', 'self-harm', 'other'];

/** A shared record item must be small and de-identified in shape: text and plain numbers only. */
function checkSharedItem(value: unknown, errors: Record<string, string>): SharedRecordItem | undefined {
  if (value === undefined) return undefined;
  const item = value as Partial<SharedRecordItem> | null;
  const text = (field: unknown, max: number) => typeof field === 'string' && field.trim() !== '' && field.length <= max;
  if (
    typeof item !== 'object' ||
    item === null ||
    !text(item.kind, 40) ||
    !text(item.title, 150) ||
    !text(item.summary, 500) ||
    (item.values !== undefined && (!Array.isArray(item.values) || item.values.length > 100 || !item.values.every((v) => typeof v === 'number' && Number.isFinite(v)))) ||
    (item.unit !== undefined && !text(item.unit, 20))
  ) {
    errors['sharedItem'] = 'The shared item is not in the expected form.';
    return undefined;
  }
  return { kind: item.kind!, title: item.title!, summary: item.summary!, ...(item.values ? { values: item.values } : {}), ...(item.unit ? { unit: item.unit } : {}) };
}

type Coding = { system?: string; code?: string };
type Concept = { coding?: Coding[]; text?: string };

/** FHIR token search on the item's main concept: "system|code", "|code" (any system)… or "|text". */
function matchesCode(resource: FhirResource, token: string): boolean {
  const [system, code] = token.split('|', 2) as [string, string];
  const concept = (resource['code'] ?? resource['vaccineCode'] ?? resource['medicationCodeableConcept']) as Concept | undefined;
  if (!concept) return false;
  if (system === '' && concept.text === code) return true;
  return (concept.coding ?? []).some((coding) => coding.code === code && (system === '' || coding.system === system));
}

const statusCode = (value: unknown) => (value as Concept | undefined)?.coding?.[0]?.code;

/** What "current" means per section (see RecordQuery.current). */
function isCurrent(item: RecordItem, nowIso: string): boolean {
  const r = item.resource;
  switch (item.section) {
    case 'allergies':
    case 'conditions': {
      const status = statusCode(r['clinicalStatus']);
      return status === undefined || status === 'active' || status === 'recurrence' || status === 'relapse';
    }
    case 'medications':
      return r['status'] === 'active' || r['status'] === 'on-hold' || r['status'] === 'intended';
    case 'appointments':
      return typeof r['start'] === 'string' && r['start'] >= nowIso && r['status'] !== 'cancelled';
    case 'bills':
      return r['status'] === 'issued' || r['status'] === 'draft';
    default:
      return true;
  }
}

/** Checks a message's `context` (kind, title required; lengths capped); records problems in `errors`. */
function checkContext(value: unknown, errors: Record<string, string>): ChatContext | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors['context'] = 'The context must name what the message is about.';
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const kind = typeof v['kind'] === 'string' ? v['kind'].trim() : '';
  const title = typeof v['title'] === 'string' ? v['title'].trim() : '';
  if (!kind) errors['context.kind'] = 'Say what kind of item this is about.';
  else if (kind.length > MAX_CONTEXT_KIND_LENGTH) errors['context.kind'] = `Keep the kind under ${MAX_CONTEXT_KIND_LENGTH} characters.`;
  if (!title) errors['context.title'] = 'Give the item a title.';
  else if (title.length > MAX_CONTEXT_TITLE_LENGTH) errors['context.title'] = `Keep the title under ${MAX_CONTEXT_TITLE_LENGTH} characters.`;
  const reference = v['reference'];
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > MAX_CONTEXT_REFERENCE_LENGTH)) {
    errors['context.reference'] = `Keep the reference under ${MAX_CONTEXT_REFERENCE_LENGTH} characters.`;
  }
  if (errors['context.kind'] || errors['context.title'] || errors['context.reference']) return undefined;
  return { kind, title, ...(typeof reference === 'string' && reference !== '' ? { reference } : {}) };
}

/** "10", or "0.5" for limits that are not whole megabytes. */
function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : String(Math.round(mb * 100) / 100);
}

function attachmentAcknowledgement(attachments: ChatAttachment[], hasText: boolean): string {
  const photos = attachments.filter((a) => a.type.startsWith('image/')).length;
  const documents = attachments.length - photos;
  const what =
    photos && documents ? 'the photo and the document' : photos ? (photos > 1 ? 'the photos' : 'the photo') : documents > 1 ? 'the documents' : 'the document';
  const follow = hasText ? 'I will look at it together with your question and reply here.' : 'I will look at it and reply here. Is there anything you want me to check in particular?';
  return `Thank you for ${what}. ${follow}`;
}
