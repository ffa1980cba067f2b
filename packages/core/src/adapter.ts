/**
 * The adapter contract: one `CareAdapter` made of optional capability ports.
 *
 * A hospital implements only the ports it has a backend for; a widget checks
 * for its port and says clearly when it is missing. Rules every port follows:
 * - every call takes an `AbortSignal` (and rejects with its `AbortError` when aborted);
 * - writes also take an `idempotencyKey`: the same key means the same write, so a
 *   retried write is processed at most once;
 * - realtime is `subscribe(…, handler) → unsubscribe`, never a promise;
 * - failures reject with a `CareError` (see errors.ts).
 *
 * The session port is complete. The chat, records, community and feedback ports
 * are the agreed shape; each widget's issue fills in the details it needs.
 */

export interface CallOptions {
  signal: AbortSignal;
}

export interface WriteOptions extends CallOptions {
  /** Client-generated, stable across retries of the same write (the outbox entry id). */
  idempotencyKey: string;
  /** For uploads: told the share sent so far, 0 to 1. Adapters that cannot tell may never call it. */
  onProgress?: ((fraction: number) => void) | undefined;
}

export type Unsubscribe = () => void;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SubscribeOptions {
  /**
   * Told when the realtime connection changes, so a widget can say "reconnecting…".
   * Adapters must report `open` once events from that moment on will be delivered
   * (widgets and the contract suite wait for it), `reconnecting` after a drop, and
   * `closed` when they stop for good.
   */
  onConnectionChange?: (state: ConnectionState) => void;
  /**
   * Events may have been missed and cannot be replayed (the server's history no longer
   * reaches back to the last event seen). Reload the current state — the latest
   * messages or posts — and carry on; the subscription stays open.
   */
  onResync?: () => void;
}

/** A page of results; `nextCursor` is opaque and absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

/* ------------------------------------------------------------------ session */

export interface PatientIdentity {
  /** Stable, opaque id. Never a medical record number shown to others. */
  id: string;
  /** How the widgets greet the patient. */
  displayName: string;
}

export type Session =
  | { status: 'signed-in'; patient: PatientIdentity; /** ISO 8601 */ expiresAt?: string | undefined }
  | { status: 'guest'; /** Where "Sign in" links to, when the hospital has a portal. */ signInUrl?: string | undefined };

export interface SessionPort {
  /** Who is using the widget now. Guests are a normal state, not an error. */
  getSession(options: CallOptions): Promise<Session>;
  /** Told when the session changes (sign-in elsewhere, expiry, sign-out in another tab). */
  subscribe(handler: (session: Session) => void, options?: SubscribeOptions): Unsubscribe;
  /** Ends the session on the backend. Core wipes everything Careline stored after this resolves or fails. */
  signOut(options: CallOptions): Promise<void>;
  /**
   * Starts signing in where a plain link cannot (e.g. a SMART on FHIR authorization with
   * PKCE, which may leave the page). Absent when `Session.signInUrl` is the way.
   */
  signIn?(options: CallOptions): Promise<void>;
}

/* --------------------------------------------------------------------- chat */

export interface OfficeHoursInterval {
  /** 0 = Sunday … 6 = Saturday, in the hospital's time zone. */
  day: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** "08:00" */
  opens: string;
  /** "16:30" */
  closes: string;
}

export interface ChatAvailability {
  /** Whether an educator is online now. Offline still accepts messages. */
  online: boolean;
  /** IANA zone of the hospital, e.g. "Asia/Jakarta". */
  timeZone: string;
  officeHours: OfficeHoursInterval[];
  /** Typical first reply, in minutes, while online. */
  expectedReplyMinutes?: number | undefined;
  /** When an offline message will be answered, ISO 8601. */
  nextReplyBy?: string | undefined;
  topics?: Array<{ id: string; label: string }> | undefined;
}

export interface ChatParticipant {
  kind: 'patient' | 'educator' | 'system';
  name?: string | undefined;
  role?: string | undefined;
  avatarUrl?: string | undefined;
}

export interface ChatAttachment {
  id: string;
  name: string;
  /** MIME type, e.g. "image/jpeg" or "application/pdf". */
  type: string;
  size: number;
  /** Where the file can be fetched (from the adapter's own backend). */
  url?: string | undefined;
}

/** What a message is about, e.g. a lab result the patient asks about from the record viewer. */
export interface ChatContext {
  /** e.g. "lab-result", "medication", "appointment". */
  kind: string;
  /** Shown to the patient and the educator, e.g. "HbA1c, 12 March: 7.2 %". */
  title: string;
  /** The record item's id, for the educator's system. Never shown to third parties. */
  reference?: string | undefined;
}

export interface ChatMessage {
  id: string;
  /** The idempotency key the message was sent with, so an optimistic copy can be matched. */
  clientId?: string | undefined;
  conversationId: string;
  author: ChatParticipant;
  text: string;
  /** ISO 8601, server time. */
  sentAt: string;
  status?: 'sent' | 'delivered' | 'read' | undefined;
  attachments?: ChatAttachment[] | undefined;
  context?: ChatContext | undefined;
}

export interface Conversation {
  id: string;
  topicId?: string | undefined;
  startedAt: string;
  queuePosition?: number | undefined;
  /** Absent means open. */
  state?: 'open' | 'ended' | undefined;
}

export interface StartConversationInput {
  topicId?: string | undefined;
  /** Guests only: how to reach them when nobody is online. */
  guest?: { name: string; contact: { channel: 'email' | 'phone' | 'sms'; value: string } } | undefined;
  /**
   * Signed-in patients writing while nobody is online: how they want to hear that the
   * reply is there (the backend uses the contact details it already holds).
   */
  notifyBy?: 'portal' | 'email' | 'sms' | undefined;
}

export interface SendMessageInput {
  conversationId: string;
  text: string;
  /** Ids of attachments uploaded to this conversation first. */
  attachmentIds?: string[] | undefined;
  context?: ChatContext | undefined;
}

export interface UploadAttachmentInput {
  conversationId: string;
  file: Blob;
  name: string;
}

export type ChatEvent =
  | { type: 'message'; message: ChatMessage }
  | { type: 'typing'; active: boolean; educator?: ChatParticipant | undefined }
  | { type: 'message-status'; messageId: string; status: 'delivered' | 'read' }
  | { type: 'conversation'; event: 'joined' | 'transferred' | 'ended'; educator?: ChatParticipant | undefined; at: string }
  | { type: 'queue'; position: number; estimatedWaitMinutes?: number | undefined };

export interface ChatPort {
  getAvailability(options: CallOptions): Promise<ChatAvailability>;
  startConversation(input: StartConversationInput, options: WriteOptions): Promise<Conversation>;
  /** Resuming after a reload: is it still open? not-found when it is gone. */
  getConversation(conversationId: string, options: CallOptions): Promise<Conversation>;
  listMessages(conversationId: string, query: { before?: string | undefined; limit?: number | undefined }, options: CallOptions): Promise<Page<ChatMessage>>;
  sendMessage(input: SendMessageInput, options: WriteOptions): Promise<ChatMessage>;
  /** Images and PDFs; reports progress through `options.onProgress`. invalid (with a field message) for a refused type or size. */
  uploadAttachment(input: UploadAttachmentInput, options: WriteOptions): Promise<ChatAttachment>;
  /** The patient has seen the conversation up to this message (the educator's read marker). */
  markRead(input: { conversationId: string; upToMessageId: string }, options: CallOptions): Promise<void>;
  /** The patient ends the conversation. Idempotent. */
  endConversation(input: { conversationId: string }, options: WriteOptions): Promise<Conversation>;
  subscribe(conversationId: string, handler: (event: ChatEvent) => void, options?: SubscribeOptions): Unsubscribe;
  /**
   * Tells the educator the patient is typing (`active`) or stopped, where the backend shows it.
   * Best effort: the widget ignores failures. Absent when the backend has no such signal.
   */
  setTyping?(input: { conversationId: string; active: boolean }, options: CallOptions): Promise<void>;
}

/* ------------------------------------------------------------------ records */

/**
 * Records are FHIR-native: every item carries the FHIR R4 resource the server
 * holds, unchanged, so any standard server can feed the record viewer and an
 * export is the patient's own data. The viewer does all display mapping.
 */
export type RecordSection =
  | 'allergies'
  | 'conditions'
  | 'medications'
  | 'labs'
  | 'vitals'
  | 'immunizations'
  | 'encounters'
  | 'appointments'
  | 'documents'
  | 'bills';

export const RECORD_SECTIONS: readonly RecordSection[] = [
  'allergies',
  'conditions',
  'medications',
  'labs',
  'vitals',
  'immunizations',
  'encounters',
  'appointments',
  'documents',
  'bills',
];

/** Any FHIR R4 resource, as JSON. */
export interface FhirResource {
  resourceType: string;
  id?: string | undefined;
  [key: string]: unknown;
}

export interface Provenance {
  /** The organisation the item came from, for display (e.g. "St Elsewhere Hospital Laboratory"). */
  organisation?: string | undefined;
  /** Who entered it: a clinician (or the hospital's systems), or the patient themself. */
  enteredBy: 'clinician' | 'patient';
}

export interface RecordItem {
  /** Unique within the backend; for FHIR "<resourceType>/<id>". */
  id: string;
  section: RecordSection;
  /** The FHIR R4 resource (Observation, Condition, MedicationRequest, …) as the server gave it. */
  resource: FhirResource;
  provenance: Provenance;
  /**
   * Resources this one refers to that the server sent along (a MedicationRequest's
   * Medication, a performer's Organization…), so names can be shown without more requests.
   */
  included?: FhirResource[] | undefined;
}

export interface RecordQuery {
  cursor?: string | undefined;
  /** Page size wanted; the server may cap it. */
  limit?: number | undefined;
  /**
   * One concept only, as a FHIR token: "system|code" (e.g. "http://loinc.org|4548-4"), or
   * "|text" to match a concept that has only text. Used for one test's history (trends).
   */
  code?: string | undefined;
  /**
   * Only what is current: active allergies and conditions, current medications, upcoming
   * appointments, unpaid bills. Sections without such a notion return everything.
   */
  current?: boolean | undefined;
  /** Inclusive ISO dates (YYYY-MM-DD) on the item's clinical date. */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A page of one section, newest first by clinical date (items without a date last).
 * `total` when the server knows it cheaply.
 */
export interface RecordPage extends Page<RecordItem> {
  total?: number | undefined;
}

export interface PatientEntryInput {
  /** vitals and labs: an Observation (home readings); documents: a DocumentReference (a note). */
  section: 'vitals' | 'labs' | 'documents';
  /**
   * A FHIR R4 resource authored by the patient. Adapters set subject/performer/author to the
   * signed-in patient; the widget never needs to know the patient's FHIR id.
   */
  resource: FhirResource;
}

export interface CorrectionRequestInput {
  itemId: string;
  reason: string;
}

export interface ShareRecipient {
  name: string;
  /** e.g. "daughter", "carer". */
  relationship?: string | undefined;
  /** Where the invitation goes. */
  email: string;
}

export interface RecordShare {
  id: string;
  sections: RecordSection[];
  recipient: Omit<ShareRecipient, 'email'> & { email?: string | undefined };
  /** ISO date the access ends; absent for "until I stop it". */
  until?: string | undefined;
  createdAt: string;
  status: 'pending' | 'active' | 'revoked';
}

export interface ShareInput {
  sections: RecordSection[];
  recipient: ShareRecipient;
  until?: string | undefined;
}

export interface RecordsPort {
  /** The patient's own Patient resource (name, birth date), for the header and the export. */
  getPatient(options: CallOptions): Promise<FhirResource>;
  listSection(section: RecordSection, query: RecordQuery, options: CallOptions): Promise<RecordPage>;
  /** A patient-reported item; the result is marked `enteredBy: 'patient'`. */
  addEntry(input: PatientEntryInput, options: WriteOptions): Promise<RecordItem>;
  requestCorrection(input: CorrectionRequestInput, options: WriteOptions): Promise<{ reference: string }>;
  /** Sharing with family and carers, where the backend supports it (absent otherwise). */
  sharing?: RecordSharingPort | undefined;
}

export interface RecordSharingPort {
  listShares(options: CallOptions): Promise<RecordShare[]>;
  share(input: ShareInput, options: WriteOptions): Promise<RecordShare>;
  /** Idempotent. */
  revokeShare(input: { shareId: string }, options: WriteOptions): Promise<RecordShare>;
}

/* ---------------------------------------------------------------- community */

export interface CommunityGroup {
  id: string;
  name: string;
  description?: string | undefined;
  /** Shown before a member's first post; joining means accepting them. */
  rules?: string | undefined;
  allowsAnonymous: boolean;
  /** Whether the signed-in member has joined (always false for guests). */
  joined: boolean;
  /**
   * The name the member posts under here: the one they chose when joining (never their legal
   * name unless they chose it), or, where the engine's `memberNames` is `account`, their account name.
   */
  pseudonym?: string | undefined;
  memberCount?: number | undefined;
}

export type CommunityReaction = 'helpful' | 'support';

/**
 * A de-identified item a member shares from their record: no dates, identifiers or
 * names, only what the preview showed them (e.g. "HbA1c, last 4 results: 8.4, 7.6, 7.1, 6.9 %").
 */
export interface SharedRecordItem {
  /** e.g. "lab-trend", "medication". */
  kind: string;
  title: string;
  summary: string;
  /** For trends: the values in order, without dates. */
  values?: number[] | undefined;
  unit?: string | undefined;
}

export interface CommunityPost {
  id: string;
  clientId?: string | undefined;
  groupId: string;
  parentId?: string | undefined;
  /** Top-level posts (discussions) may have a title; replies do not. */
  title?: string | undefined;
  author: { name: string; badge?: 'educator' | 'clinician' | undefined; anonymous?: boolean | undefined };
  body: string;
  createdAt: string;
  editedAt?: string | undefined;
  /** `pending`: waiting for a moderator, shown to its author only. */
  state: 'published' | 'pending';
  reactions: { helpful: number; support: number };
  /** The signed-in member's own reactions (absent in realtime events, which every member receives). */
  myReactions?: CommunityReaction[] | undefined;
  /** The signed-in member wrote it and may edit or delete it (absent in realtime events). */
  mine?: boolean | undefined;
  replyCount?: number | undefined;
  contentWarning?: string | undefined;
  pinned?: boolean | undefined;
  /** A staff member marked this answer as verified. */
  verified?: boolean | undefined;
  sharedItem?: SharedRecordItem | undefined;
}

export interface CreatePostInput {
  groupId: string;
  parentId?: string | undefined;
  title?: string | undefined;
  body: string;
  pseudonym?: string | undefined;
  anonymous?: boolean | undefined;
  contentWarning?: string | undefined;
  sharedItem?: SharedRecordItem | undefined;
}

export interface JoinGroupInput {
  groupId: string;
  /** The name to post under in this community. */
  pseudonym?: string | undefined;
  /** The member read and accepted the group's rules. */
  acceptedRules: boolean;
}

export interface EditPostInput {
  postId: string;
  title?: string | undefined;
  body: string;
  contentWarning?: string | undefined;
}

export type ReportReason = 'misinformation' | 'harassment' | 'spam' | 'personal-details' | 'self-harm' | 'other';

export interface ReportPostInput {
  postId: string;
  reason: ReportReason;
  details?: string | undefined;
}

export type CommunityEvent =
  | { type: 'post'; post: CommunityPost }
  | { type: 'post-updated'; post: CommunityPost }
  | { type: 'post-deleted'; postId: string; groupId: string };

export type CommunitySort = 'newest' | 'helpful';

/**
 * What a community engine offers, so the feed shows only controls that work. An adapter
 * states only what its engine lacks; `communityFeatures()` fills in the rest.
 */
export interface CommunityFeatures {
  /** The reactions members can give; others are refused as `invalid`. Default: all. */
  reactions: readonly CommunityReaction[];
  /**
   * `per-group`: members choose the name they post under when joining each group.
   * `account`: the engine shows one account name everywhere (e.g. a forum username);
   * there is nothing to choose, `joinGroup` refuses a pseudonym, and `CommunityGroup.pseudonym`
   * carries the account name. Default: `per-group`.
   */
  memberNames: 'per-group' | 'account';
  /** Orders `listPosts` accepts; others fall back to the first. Default: all. */
  sorts: readonly CommunitySort[];
  /** Whether `listPosts` takes `search`. Default: true. */
  search: boolean;
}

export const DEFAULT_COMMUNITY_FEATURES: Readonly<CommunityFeatures> = Object.freeze({
  reactions: Object.freeze(['helpful', 'support'] as const),
  memberNames: 'per-group',
  sorts: Object.freeze(['newest', 'helpful'] as const),
  search: true,
});

/** The port's features with the defaults filled in. */
export function communityFeatures(port: Pick<CommunityPort, 'features'> | undefined): CommunityFeatures {
  return { ...DEFAULT_COMMUNITY_FEATURES, ...(port?.features ?? {}) };
}

export interface CommunityPort {
  /** What this engine lacks; absent means everything in `CommunityFeatures` is offered. */
  readonly features?: Partial<CommunityFeatures> | undefined;
  listGroups(options: CallOptions): Promise<CommunityGroup[]>;
  /** Joins (or updates the pseudonym); `acceptedRules` must be true. Idempotent. */
  joinGroup(input: JoinGroupInput, options: WriteOptions): Promise<CommunityGroup>;
  /** Idempotent. */
  leaveGroup(input: { groupId: string }, options: WriteOptions): Promise<CommunityGroup>;
  listPosts(
    groupId: string,
    query: {
      cursor?: string | undefined;
      /** Page size wanted; the server may cap it. */
      limit?: number | undefined;
      sort?: CommunitySort | undefined;
      search?: string | undefined;
      parentId?: string | undefined;
    },
    options: CallOptions,
  ): Promise<Page<CommunityPost>>;
  createPost(input: CreatePostInput, options: WriteOptions): Promise<CommunityPost>;
  /** The author only (forbidden otherwise). */
  editPost(input: EditPostInput, options: WriteOptions): Promise<CommunityPost>;
  /** The author only. Idempotent: deleting a deleted post succeeds. */
  deletePost(input: { postId: string }, options: WriteOptions): Promise<{ id: string }>;
  /** Sets the member's reaction on or off (not a toggle, so a retry cannot undo it). */
  react(input: { postId: string; reaction: CommunityReaction; active: boolean }, options: WriteOptions): Promise<CommunityPost>;
  report(input: ReportPostInput, options: WriteOptions): Promise<{ reference: string }>;
  subscribe(groupId: string, handler: (event: CommunityEvent) => void, options?: SubscribeOptions): Unsubscribe;
}

/* ----------------------------------------------------------------- feedback */

export type FeedbackKind = 'compliment' | 'complaint' | 'suggestion' | 'question';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['compliment', 'complaint', 'suggestion', 'question'];

export interface Department {
  id: string;
  name: string;
}

/**
 * How the overall rating is asked, chosen by the hospital: a five-point experience
 * scale (1 very poor to 5 very good) or a 0–10 "how likely are you to recommend" score.
 */
export type RatingScale = 'experience-5' | 'recommend-0-10';

/** Whom the person who wrote would like to be contacted by, if at all. */
export type ContactPreference = 'email' | 'phone' | 'none';

/**
 * Why the person the feedback is about agreed, or could not agree, to someone else
 * writing it (NHS complaints practice): they gave consent, or they are a child, lack
 * capacity to consent, or have died.
 */
export type OnBehalfConsent = 'given' | 'child' | 'lacks-capacity' | 'deceased';

export interface FeedbackOnBehalf {
  /** The patient's name, as the writer gives it. */
  name: string;
  /** The writer's relationship to them, e.g. "daughter". */
  relationship: string;
  consent: OnBehalfConsent;
}

export interface FeedbackContact {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  preference?: ContactPreference | undefined;
}

export interface FeedbackAttachment {
  id: string;
  name: string;
  /** MIME type. */
  type: string;
  size: number;
}

export interface UploadFeedbackAttachmentInput {
  file: Blob;
  name: string;
}

/**
 * A FHIR R4 QuestionnaireResponse, as JSON. Typed loosely so core does not
 * depend on FHIR types; the feedback form builds it, adapter-fhir sends it as is.
 */
export interface QuestionnaireResponseJson {
  resourceType: 'QuestionnaireResponse';
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  questionnaire?: string | undefined;
  authored?: string | undefined;
  item?: unknown[] | undefined;
  [key: string]: unknown;
}

export interface FeedbackInput {
  kind: FeedbackKind;
  departmentId?: string | undefined;
  /** ISO date (YYYY-MM-DD). */
  visitDate?: string | undefined;
  /** 1–5 on the experience scale, 0–10 on the recommend scale. */
  rating?: number | undefined;
  /** Which scale `rating` is on; `experience-5` when absent (as the chat's post-chat rating sends it). */
  ratingScale?: RatingScale | undefined;
  description: string;
  /** For complaints: what the writer would like to happen. */
  outcome?: string | undefined;
  /** No name or contact details are sent, and follow-up is limited to the reference number. */
  anonymous: boolean;
  contact?: FeedbackContact | undefined;
  /** The writer agreed that staff may use their details to look into this and reply. */
  consentToContact?: boolean | undefined;
  /** Feedback written about someone else's care. */
  onBehalfOf?: FeedbackOnBehalf | undefined;
  /** Ids from `uploadAttachment`. */
  attachmentIds?: string[] | undefined;
  /** The writer asked for an e-mailed copy of the receipt (needs `contact.email`). */
  receiptByEmail?: boolean | undefined;
  /** The hospital's own questions, by question id (from its small question schema). */
  answers?: Record<string, unknown> | undefined;
  /** The hospital's FHIR Questionnaire, answered. */
  questionnaireResponse?: QuestionnaireResponseJson | undefined;
  /** The language the writer used, so a reply can be in it (BCP 47). */
  locale?: string | undefined;
  /** Spam signals the server may check again: seconds from the form's first render to sending. */
  fillSeconds?: number | undefined;
  /** Where the feedback was given, e.g. the rating after a chat. */
  source?: { kind: 'chat'; conversationId: string } | undefined;
}

export type FeedbackState = 'received' | 'acknowledged' | 'under-review' | 'responded' | 'resolved';
export const FEEDBACK_STATES: readonly FeedbackState[] = ['received', 'acknowledged', 'under-review', 'responded', 'resolved'];

export interface FeedbackReceipt {
  reference: string;
  /**
   * ISO date by which the hospital will acknowledge, when the backend commits to one.
   * Without it the form counts the hospital's configured working days itself.
   */
  acknowledgeBy?: string | undefined;
  /** ISO timestamp when the backend received the feedback. */
  receivedAt?: string | undefined;
  /** The backend will e-mail a copy of the receipt. */
  receiptEmailed?: boolean | undefined;
}

export interface FeedbackStatus {
  reference: string;
  kind: FeedbackKind;
  state: FeedbackState;
  /** Oldest first. `note` is the hospital's message at that step (plain text). */
  history: Array<{ state: FeedbackState; at: string; note?: string | undefined }>;
  acknowledgeBy?: string | undefined;
}

export interface FeedbackPort {
  listDepartments(options: CallOptions): Promise<Department[]>;
  submit(input: FeedbackInput, options: WriteOptions): Promise<FeedbackReceipt>;
  /** not-found for an unknown reference; references are matched without regard to case or surrounding spaces. */
  getStatus(reference: string, options: CallOptions): Promise<FeedbackStatus>;
  /** The signed-in patient's own (not anonymous) feedback, newest first. unauthorized for guests. */
  listMine?(options: CallOptions): Promise<FeedbackStatus[]>;
  /** Uploads one file for a later `submit`; reports progress through `options.onProgress`. invalid (with a field message) for a refused type or size. */
  uploadAttachment?(input: UploadFeedbackAttachmentInput, options: WriteOptions): Promise<FeedbackAttachment>;
}

/* ------------------------------------------------------------------ adapter */

export interface CareAdapter {
  /** Short name used in messages and logs, e.g. "rest", "fhir", "chatwoot". */
  readonly name: string;
  session?: SessionPort;
  chat?: ChatPort;
  records?: RecordsPort;
  community?: CommunityPort;
  feedback?: FeedbackPort;
  /** Closes realtime connections and timers. */
  dispose?(): void;
}

export type PortName = 'session' | 'chat' | 'records' | 'community' | 'feedback';

/**
 * Every write a widget makes, by outbox operation name: "<port>.<method>".
 * The outbox calls `adapter[port][method](input, { signal, idempotencyKey })`.
 */
export interface WriteOperations {
  'chat.startConversation': { input: StartConversationInput; result: Conversation };
  'chat.sendMessage': { input: SendMessageInput; result: ChatMessage };
  'chat.uploadAttachment': { input: UploadAttachmentInput; result: ChatAttachment };
  'chat.endConversation': { input: { conversationId: string }; result: Conversation };
  'records.addEntry': { input: PatientEntryInput; result: RecordItem };
  'records.requestCorrection': { input: CorrectionRequestInput; result: { reference: string } };
  'records.sharing.share': { input: ShareInput; result: RecordShare };
  'records.sharing.revokeShare': { input: { shareId: string }; result: RecordShare };
  'community.joinGroup': { input: JoinGroupInput; result: CommunityGroup };
  'community.leaveGroup': { input: { groupId: string }; result: CommunityGroup };
  'community.createPost': { input: CreatePostInput; result: CommunityPost };
  'community.editPost': { input: EditPostInput; result: CommunityPost };
  'community.deletePost': { input: { postId: string }; result: { id: string } };
  'community.react': { input: { postId: string; reaction: CommunityReaction; active: boolean }; result: CommunityPost };
  'community.report': { input: ReportPostInput; result: { reference: string } };
  'feedback.submit': { input: FeedbackInput; result: FeedbackReceipt };
}

export type WriteOperation = keyof WriteOperations;
export const WRITE_OPERATIONS: readonly WriteOperation[] = [
  'chat.startConversation',
  'chat.sendMessage',
  'chat.uploadAttachment',
  'chat.endConversation',
  'records.addEntry',
  'records.requestCorrection',
  'records.sharing.share',
  'records.sharing.revokeShare',
  'community.joinGroup',
  'community.leaveGroup',
  'community.createPost',
  'community.editPost',
  'community.deletePost',
  'community.react',
  'community.report',
  'feedback.submit',
];

/* ------------------------------------------------------------- page events */

/**
 * "Ask an educator about this": any widget (e.g. the record viewer) dispatches it
 * with the item as context (not an own property of the event: see below); the first `<care-educator-chat>` on the page that
 * hears it opens with the item shown, and marks it handled.
 */
export class CareAskEducatorEvent extends Event {
  static readonly eventName = 'care-ask-educator';
  /** Set by the chat that took it, so a second chat on the page does not open too. */
  handled = false;
  // The item is health data: kept private so page scripts that log or serialise every
  // event (analytics tags) never record it; only a listener that asks for it gets it.
  readonly #context: ChatContext;
  constructor(context: ChatContext) {
    super(CareAskEducatorEvent.eventName, { bubbles: true, composed: true });
    this.#context = { ...context };
  }
  /** The item to ask about, for the chat that takes the event. */
  get context(): ChatContext {
    return { ...this.#context };
  }
}

/**
 * "Share in a community": the record viewer dispatches it with a de-identified item
 * (no dates, names or identifiers); a `<care-community-feed>` on the page takes it,
 * shows the member a preview, and attaches it to a post only if they confirm.
 */
export class CareShareToCommunityEvent extends Event {
  static readonly eventName = 'care-share-to-community';
  /** Set by the feed that took it. */
  handled = false;
  // Kept private for the same reason as the ask-educator item: page scripts that log events record nothing.
  readonly #item: SharedRecordItem;
  constructor(item: SharedRecordItem) {
    super(CareShareToCommunityEvent.eventName, { bubbles: true, composed: true });
    this.#item = { ...item, ...(item.values ? { values: [...item.values] } : {}) };
  }
  get item(): SharedRecordItem {
    return { ...this.#item, ...(this.#item.values ? { values: [...this.#item.values] } : {}) };
  }
}

declare global {
  interface DocumentEventMap {
    'care-ask-educator': CareAskEducatorEvent;
    'care-share-to-community': CareShareToCommunityEvent;
  }
  interface HTMLElementEventMap {
    'care-ask-educator': CareAskEducatorEvent;
    'care-share-to-community': CareShareToCommunityEvent;
  }
}
