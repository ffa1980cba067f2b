import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  CareElement,
  dateTimeFormat,
  DraftController,
  FEEDBACK_KINDS,
  NetworkController,
  OutboxController,
  onDemand,
  addWorkingDays,
  calendarDateIn,
  createId,
  EmergencyCheckController,
  errorSummaryTemplate,
  fieldErrorTemplate,
  formStyles,
  isAbortError,
  isCareError,
  loadingTemplate,
  memoryOnlyTemplate,
  offlineTemplate,
  parseHolidays,
  parseWeekend,
  retryTransient,
  sharedDrafts,
  type CareConfig,
  type ContactPreference,
  type Department,
  type FeedbackAttachment,
  type FeedbackInput,
  type FeedbackKind,
  type FeedbackReceipt,
  type OnBehalfConsent,
  type Outbox,
  type OutboxEntry,
  type RatingScale,
  type FieldError,
} from '@careline/core';
import { registerFeedbackMessages, type FeedbackMessageKey } from '../i18n/index.js';
import {
  CareFeedbackInvalidEvent,
  CareFeedbackReceiptEvent,
  CareFeedbackStartEvent,
  CareFeedbackSubmitEvent,
  CareFeedbackUrgentEvent,
} from '../events.js';
import type { AnswerProblem, Question, QuestionSet } from '../questions/index.js';
import { EMAIL_PATTERN, emptyDraft, hasContent, isPhoneNumber, parseDraft, readVisitDate, toLatinDigits, type FeedbackDraft } from './draft.js';
import { feedbackFormStyles } from './feedback-form.styles.js';

export const MAX_DESCRIPTION = 5000;
/** The question engine, loaded once per page and only by forms that have questions. */
const questionEngine = onDemand(() => import('../questions/engine.js'));
type QuestionEngine = NonNullable<typeof questionEngine.value>;

const MAX_SHORT = 200;
/** The count is spoken this long after typing stops, as GOV.UK's character count does. */
const COUNT_ANNOUNCE_DELAY_MS = 1000;
const MAX_ATTACHMENTS = 5;
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'];
const CONSENTS: readonly OnBehalfConsent[] = ['given', 'child', 'lacks-capacity', 'deceased'];
const PREFERENCES: readonly ContactPreference[] = ['email', 'phone', 'none'];

/** Server field names (as the adapter reports them) → the control that fixes them. */
const SERVER_FIELDS: Record<string, string> = {
  kind: 'feedback-kind-compliment',
  departmentId: 'feedback-department',
  visitDate: 'feedback-visit-day',
  rating: 'feedback-rating-first',
  description: 'feedback-description',
  outcome: 'feedback-outcome',
  'contact.name': 'feedback-name',
  'contact.email': 'feedback-email',
  'contact.phone': 'feedback-phone',
  'contact.preference': 'feedback-preference-email',
  consentToContact: 'feedback-consent',
  'onBehalfOf.name': 'feedback-behalf-name',
  'onBehalfOf.relationship': 'feedback-behalf-relationship',
  'onBehalfOf.consent': 'feedback-behalf-consent-given',
  attachmentIds: 'feedback-files',
  receiptByEmail: 'feedback-receipt-email',
};

type Upload = { key: string; name: string; size: number; fraction: number; error?: string | undefined; controller: AbortController; file: File };

interface Receipt {
  reference: string;
  acknowledgeBy: string;
  kind: FeedbackKind;
  anonymous: boolean;
  receiptEmailed: boolean;
}

/**
 * Compliments, complaints, suggestions and questions, written as GOV.UK and NHS.UK
 * forms are: one page, labels with hints and inline errors, an error summary that
 * takes focus, required and optional fields marked. The draft autosaves and
 * survives a reload; "Send" goes through the outbox, so feedback sent offline or
 * through a failing network arrives exactly once. The receipt gives a reference
 * and the date by which the hospital will acknowledge, counted in working days.
 *
 * Extra questions come from the hospital: a small JSON schema or a FHIR R4
 * Questionnaire, in a child `<script type="application/json" data-questions>` (or
 * `data-questionnaire`), or set as the `questions` / `questionnaire` properties.
 *
 * @summary Feedback form: compliments, complaints, suggestions and questions, with a reference and acknowledgement date.
 *
 * @slot intro - Replaces the default introduction (e.g. the hospital's complaints policy).
 *
 * @event {CareFeedbackStartEvent} care-feedback-start - A kind of feedback was chosen. `kind`.
 * @event {CareFeedbackInvalidEvent} care-feedback-invalid - "Send" found problems. `fields` (control ids only).
 * @event {CareFeedbackSubmitEvent} care-feedback-submit - Feedback went into the outbox. `kind`, `anonymous`, `onBehalf`, `attachmentCount`, `queued`; never text.
 * @event {CareFeedbackReceiptEvent} care-feedback-receipt - The hospital confirmed it. `kind`; not the reference.
 * @event {CareFeedbackUrgentEvent} care-feedback-urgent - Emergency information was shown. `reason`: chosen or detected.
 *
 * @csspart base - The widget's outer box.
 * @csspart form - The form.
 * @csspart error-summary - The error summary.
 * @csspart emergency - Emergency information.
 * @csspart receipt - The confirmation with the reference.
 * @csspart state - Loading, error and offline panels.
 *
 * @cssproperty [--care-feedback-panel-color=var(--care-color-success)] - Background of the confirmation panel.
 * @cssproperty [--care-feedback-urgent-color=var(--care-color-error)] - Border of the emergency information.
 */
export class FeedbackForm extends CareElement {
  static override styles = [CareElement.styles, formStyles, feedbackFormStyles];
  static override requiredPort = 'feedback' as const;

  /** How the overall rating is asked: `experience-5` (very good … very poor) or `recommend-0-10`. */
  @property({ attribute: 'rating-scale' }) ratingScale: RatingScale = 'experience-5';

  /** The kinds offered, space-separated, in this order. All four by default. */
  @property() kinds = 'compliment complaint suggestion question';

  /** Preselects a kind (e.g. on a "Make a complaint" page). */
  @property() kind: FeedbackKind | undefined;

  /** Working days the hospital takes to acknowledge, for the receipt when the backend does not give a date. */
  @property({ attribute: 'acknowledge-days', type: Number }) acknowledgeDays = 3;

  /** Public holidays and closures, YYYY-MM-DD separated by spaces or commas. */
  @property() holidays = '';

  /** Days off every week, e.g. "sat sun" (the default) or "fri". */
  @property() weekend = 'sat sun';

  /** The hospital's IANA time zone, e.g. "Asia/Jakarta"; the reader's own when empty. */
  @property({ attribute: 'time-zone' }) timeZone = '';

  /** Shown with emergency information. */
  @property({ attribute: 'emergency-number' }) emergencyNumber = '112';

  /** The hospital's patient-safety or duty-manager line, for urgent concerns that are not emergencies. */
  @property({ attribute: 'safety-line' }) safetyLine = '';

  /** A "Track my feedback" page; the receipt links to it with `?reference=`. */
  @property({ attribute: 'tracking-url' }) trackingUrl = '';

  /** Seconds a person takes at least; a faster send is treated as a robot until tried again. */
  @property({ attribute: 'min-fill-seconds', type: Number }) minFillSeconds = 3;

  /** Separates the drafts of two forms on one site. */
  @property({ attribute: 'draft-name' }) draftName = 'feedback';

  /** The hospital's own questions (parsed from the small schema or a Questionnaire). */
  @property({ attribute: false }) questions: unknown;
  /** A FHIR R4 Questionnaire to render instead of, or beside, `questions`. */
  @property({ attribute: false }) questionnaire: unknown;

  @state() private draftState: FeedbackDraft = emptyDraft();
  @state() private errors: FieldError[] = [];
  @state() private urgent: 'chosen' | undefined;
  @state() private receipt: Receipt | undefined;
  @state() private uploads: Upload[] = [];
  @state() private honeypot = '';
  @state() private announcement = '';
  @state() private countAnnouncement = '';
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  @state() private questionSet: QuestionSet | undefined;
  /** Set once the question engine has loaded; always set when `questionSet` is. */
  private engine: QuestionEngine | undefined;
  /** While the engine loads: the questions' place shows "Loading…" and a submit waits for it. */
  @state() private questionsLoading: Promise<void> | undefined;
  @state() private questionProblem: string | undefined;
  /** Raw text of integer answers as typed, so "1a" is shown back with its error. */
  @state() private integerText: Record<string, string> = {};
  private tooFastOnce = false;
  private startedAt = 0;
  private lastDraftJson = '';
  /** The emergency event goes out once per form; the inline notice stays while the words do. */
  private urgentDetected = false;
  private readonly network = new NetworkController(this);
  private readonly outboxFilter = { scope: 'feedback:feedback' };
  private readonly emergency = new EmergencyCheckController(this);
  private readonly outbox = new OutboxController(this, () => this.care.config, this.outboxFilter, (event) => {
    if (event.type === 'sent' && event.entry.op === 'feedback.submit' && event.entry.scope === this.draftKey) this.onDelivered(event.entry, event.result as FeedbackReceipt);
  });
  private readonly draft = new DraftController(this, {
    key: () => (this.care.config ? this.draftKey : undefined),
    drafts: () => (this.care.config ? sharedDrafts(this.care.config) : undefined),
    debounceMs: 250,
  });

  private readonly departments = new Task(this, {
    task: async ([adapter], { signal }): Promise<Department[]> => {
      const feedback = adapter?.feedback;
      if (!feedback) return [];
      return retryTransient((s) => feedback.listDepartments({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter] as const,
  });

  constructor() {
    super();
    registerFeedbackMessages();
  }

  private get draftKey(): string {
    return `feedback:${this.draftName}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.readInlineQuestions();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const upload of this.uploads) upload.controller.abort();
    clearTimeout(this.countTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.outboxFilter.scope = this.draftKey;
    if (changed.has('questions') || changed.has('questionnaire')) this.buildQuestionSet();
    if (changed.has('kind') && this.kind && FEEDBACK_KINDS.includes(this.kind) && !this.draftState.kind) this.draftState = { ...this.draftState, kind: this.kind };
    // A draft restored from storage replaces the empty form (never what is being typed).
    if (this.draft.value !== this.lastDraftJson) {
      const restored = parseDraft(this.draft.value);
      this.lastDraftJson = this.draft.value;
      if (restored) this.draftState = restored;
    }
    if (this.care.config && !this.startedAt) this.startedAt = performance.now();
  }

  /* ------------------------------------------------------------ questions */

  private readInlineQuestions(): void {
    const schema = this.querySelector<HTMLScriptElement>(':scope > script[type="application/json"][data-questions]');
    const questionnaire = this.querySelector<HTMLScriptElement>(':scope > script[type="application/json"][data-questionnaire]');
    try {
      if (schema && this.questions === undefined) this.questions = JSON.parse(schema.textContent ?? '');
      if (questionnaire && this.questionnaire === undefined) this.questionnaire = JSON.parse(questionnaire.textContent ?? '');
    } catch (error) {
      this.reportQuestionProblem(`The inline question JSON is not valid JSON: ${(error as Error).message}`);
    }
  }

  private buildQuestionSet(): void {
    this.questionProblem = undefined;
    const none = (value: unknown) => value === undefined || value === null;
    if (none(this.questions) && none(this.questionnaire)) {
      this.questionSet = undefined;
      return;
    }
    const engine = this.engine;
    if (!engine) {
      this.questionsLoading ??= questionEngine.load().then(
        (loaded) => {
          this.engine = loaded;
          this.questionsLoading = undefined;
          this.buildQuestionSet();
        },
        (error: unknown) => {
          this.questionsLoading = undefined;
          this.reportQuestionProblem(`The question code could not be loaded (${(error as Error)?.message ?? error}); the form works without the extra questions.`);
        },
      );
      return;
    }
    try {
      const fromSchema = none(this.questions) ? undefined : engine.parseQuestionSchema(this.questions);
      const fromFhir = none(this.questionnaire) ? undefined : engine.fromQuestionnaire(this.questionnaire);
      if (fromSchema && fromFhir) {
        this.reportQuestionProblem('Give either `questions` or `questionnaire`, not both: the Questionnaire is used.');
      }
      this.questionSet = fromFhir ?? fromSchema;
    } catch (error) {
      this.questionSet = undefined;
      this.reportQuestionProblem((error as Error).message);
    }
  }

  /** A mistake in the page's question JSON: the page's developers read the console, patients see that some questions are missing. */
  private reportQuestionProblem(message: string): void {
    this.questionProblem = message;
    console.error(`<care-feedback-form>: ${message}`);
  }

  /* ----------------------------------------------------------------- draft */

  private change(patch: Partial<FeedbackDraft>): void {
    const previousKind = this.draftState.kind;
    this.draftState = { ...this.draftState, ...patch };
    const json = JSON.stringify(this.draftState);
    this.lastDraftJson = json;
    this.draft.update(hasContent(this.draftState) ? json : '');
    const kind = this.draftState.kind;
    if (kind && kind !== previousKind) this.dispatchEvent(new CareFeedbackStartEvent(kind));
    if (!this.urgentDetected && (patch.description !== undefined || patch.outcome !== undefined)) {
      this.emergency.run(`${this.draftState.description}\n${this.draftState.outcome}`, this.care.locale, undefined, (match) => {
        if (!match.matched || this.urgentDetected) return;
        this.urgentDetected = true;
        this.dispatchEvent(new CareFeedbackUrgentEvent('detected'));
      });
    }
  }

  private get offeredKinds(): FeedbackKind[] {
    const listed = this.kinds.split(/\s+/).filter((kind): kind is FeedbackKind => FEEDBACK_KINDS.includes(kind as FeedbackKind));
    return listed.length ? [...new Set(listed)] : [...FEEDBACK_KINDS];
  }

  private get calendar() {
    const holidays = parseHolidays(this.holidays).holidays;
    const weekend = parseWeekend(this.weekend);
    return { holidays, weekend: weekend.length && weekend.length < 7 ? weekend : undefined, timeZone: this.timeZone || undefined };
  }

  private today(): string {
    try {
      return calendarDateIn(new Date(), this.timeZone || undefined);
    } catch {
      return calendarDateIn(new Date());
    }
  }

  /* ------------------------------------------------------------ validation */

  private validate(): FieldError[] {
    const t = this.t;
    const d = this.draftState;
    const errors: FieldError[] = [];
    const push = (field: string, key: FeedbackMessageKey, params?: Record<string, string | number>) => errors.push({ field, message: t.t(key, params) });
    if (!d.kind) push(`feedback-kind-${this.offeredKinds[0]}`, 'feedback.error.kind');
    if (d.kind === 'complaint' && !d.departmentId) push('feedback-department', 'feedback.error.department');
    const visit = readVisitDate(d, this.today());
    if (visit.problem) push(visit.problem === 'incomplete-month' ? 'feedback-visit-month' : visit.problem === 'incomplete-year' ? 'feedback-visit-year' : 'feedback-visit-day', `feedback.error.visit.${visit.problem}` as FeedbackMessageKey);
    const description = d.description.trim();
    if (!description) push('feedback-description', d.kind ? (`feedback.error.description.${d.kind}` as FeedbackMessageKey) : 'feedback.error.description.complaint');
    else if (d.description.length > MAX_DESCRIPTION) push('feedback-description', 'feedback.error.description.long', { max: MAX_DESCRIPTION });
    if (d.kind === 'complaint' && d.outcome.length > MAX_DESCRIPTION) push('feedback-outcome', 'feedback.error.outcome.long', { max: MAX_DESCRIPTION });
    if (this.questionSet && this.engine) {
      const problems = this.engine.validateAnswers(this.questionSet, d.answers, d.kind);
      for (const question of this.engine.visibleQuestions(this.questionSet, d.answers, d.kind)) {
        if (question.type === 'integer' && this.integerText[question.id]?.trim() && d.answers[question.id] === undefined) {
          errors.push({ field: questionControlId(question), message: this.problemText(question, { kind: 'not-integer' }) });
          continue;
        }
        const problem = problems.get(question.id);
        if (problem) errors.push({ field: questionControlId(question), message: this.problemText(question, problem) });
      }
    }
    if (!d.about) push('feedback-about-me', 'feedback.error.about');
    if (d.about === 'someone-else' && !d.anonymous) {
      if (!d.onBehalfName.trim()) push('feedback-behalf-name', 'feedback.error.behalf.name');
      else if (d.onBehalfName.length > MAX_SHORT) push('feedback-behalf-name', 'feedback.error.tooLong', { max: MAX_SHORT });
      if (!d.onBehalfRelationship.trim()) push('feedback-behalf-relationship', 'feedback.error.behalf.relationship');
      else if (d.onBehalfRelationship.length > MAX_SHORT) push('feedback-behalf-relationship', 'feedback.error.tooLong', { max: MAX_SHORT });
      if (!d.onBehalfConsent) push('feedback-behalf-consent-given', 'feedback.error.behalf.consent');
    }
    if (!d.anonymous) {
      if (!d.name.trim()) push('feedback-name', 'feedback.error.name');
      else if (d.name.length > MAX_SHORT) push('feedback-name', 'feedback.error.tooLong', { max: MAX_SHORT });
      if (!d.preference) push('feedback-preference-email', d.kind === 'question' ? 'feedback.error.preference.question' : 'feedback.error.preference');
      if (d.preference === 'email' || d.receiptByEmail || d.email.trim()) {
        if (!d.email.trim()) push('feedback-email', 'feedback.error.email.missing');
        else if (!EMAIL_PATTERN.test(d.email.trim())) push('feedback-email', 'feedback.error.email.format');
      }
      if (d.preference === 'phone') {
        if (!d.phone.trim()) push('feedback-phone', 'feedback.error.phone.missing');
        else if (!isPhoneNumber(d.phone)) push('feedback-phone', 'feedback.error.phone.format');
      }
      if (d.preference && d.preference !== 'none' && !d.consent) push('feedback-consent', 'feedback.error.consent');
    }
    if (this.uploads.some((upload) => !upload.error)) push('feedback-files', 'feedback.error.uploading');
    if (this.honeypot) push('feedback-website', 'feedback.error.honeypot');
    return errors;
  }

  private problemText(question: Question, problem: AnswerProblem): string {
    const t = this.t;
    const name = question.text;
    switch (problem.kind) {
      case 'required':
        return t.t(question.type === 'choice' || question.type === 'boolean' ? 'feedback.question.error.select' : 'feedback.question.error.required', { question: name });
      case 'too-long':
        return t.t('feedback.question.error.long', { question: name, max: problem.max });
      case 'not-integer':
        return t.t('feedback.question.error.integer', { question: name });
      case 'too-small':
        return t.t('feedback.question.error.min', { question: name, min: problem.min });
      case 'too-large':
        return t.t('feedback.question.error.max', { question: name, max: problem.max });
      case 'not-date':
        return t.t('feedback.question.error.date', { question: name });
      case 'not-an-option':
        return t.t('feedback.question.error.select', { question: name });
    }
  }

  private async showErrors(errors: FieldError[]): Promise<boolean> {
    this.errors = errors;
    if (!errors.length) return false;
    this.dispatchEvent(new CareFeedbackInvalidEvent(errors.map((error) => error.field)));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    return true;
  }

  /* ---------------------------------------------------------------- submit */

  private async submit(): Promise<void> {
    // The hospital's questions must be validated and sent with the rest: never submit without them.
    if (this.questionsLoading) await this.questionsLoading;
    const config = this.care.config;
    if (!config) return;
    const errors = this.validate();
    const seconds = (performance.now() - this.startedAt) / 1000;
    if (!errors.length && seconds < this.minFillSeconds && !this.tooFastOnce) {
      // A person who really is this quick only has to press "Send" again.
      this.tooFastOnce = true;
      errors.push({ field: 'feedback-description', message: this.t.t('feedback.error.tooFast') });
    }
    if (await this.showErrors(errors)) return;
    const input = this.buildInput(seconds);
    await this.draft.saveNow();
    let outbox: Outbox;
    try {
      outbox = await this.outbox.use();
    } catch {
      await this.showErrors([{ field: 'feedback-description', message: this.t.t('core.outbox.unavailable') }]);
      return;
    }
    // The "sending" panel follows the outbox's entries in this form's scope, across reloads too.
    await outbox.enqueue('feedback.submit', input, { scope: this.draftKey, draftKey: this.draftKey });
    const queued = !this.network.online;
    this.dispatchEvent(new CareFeedbackSubmitEvent(input.kind, input.anonymous, !!input.onBehalfOf, input.attachmentIds?.length ?? 0, queued));
    this.announcement = this.t.t(queued ? 'feedback.sending.offline' : 'feedback.sending');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.sending')?.focus();
  }

  private buildInput(seconds: number): FeedbackInput {
    const d = this.draftState;
    const kind = d.kind!;
    const visit = readVisitDate(d, this.today()).date;
    const input: FeedbackInput = { kind, description: d.description.trim(), anonymous: d.anonymous, locale: this.care.locale, fillSeconds: Math.round(seconds) };
    if (d.departmentId) input.departmentId = d.departmentId;
    if (visit) input.visitDate = visit;
    if (d.rating !== undefined && kind !== 'question') {
      input.rating = d.rating;
      input.ratingScale = this.ratingScale;
    }
    if (kind === 'complaint' && d.outcome.trim()) input.outcome = d.outcome.trim();
    if (!d.anonymous) {
      const contact: NonNullable<FeedbackInput['contact']> = { name: d.name.trim(), preference: d.preference };
      if (d.email.trim()) contact.email = d.email.trim();
      if (d.phone.trim()) contact.phone = toLatinDigits(d.phone.trim());
      input.contact = contact;
      input.consentToContact = d.preference !== 'none' && d.consent;
      if (d.receiptByEmail && d.email.trim()) input.receiptByEmail = true;
      if (d.about === 'someone-else') input.onBehalfOf = { name: d.onBehalfName.trim(), relationship: d.onBehalfRelationship.trim(), consent: d.onBehalfConsent! };
    }
    if (d.attachments.length) input.attachmentIds = d.attachments.map((attachment) => attachment.id);
    if (this.questionSet && this.engine) {
      if (this.questionSet.questionnaire) input.questionnaireResponse = this.engine.toQuestionnaireResponse(this.questionSet, d.answers, { authored: new Date().toISOString() });
      else {
        const answers = this.engine.answersRecord(this.questionSet, d.answers, kind);
        if (Object.keys(answers).length) input.answers = answers;
      }
    }
    return input;
  }

  private onDelivered(entry: OutboxEntry, result: FeedbackReceipt): void {
    const input = entry.input as FeedbackInput;
    let acknowledgeBy = result.acknowledgeBy;
    if (!acknowledgeBy) {
      const received = result.receivedAt ? new Date(result.receivedAt) : new Date(entry.createdAt);
      try {
        acknowledgeBy = addWorkingDays(received, Math.max(0, Math.floor(this.acknowledgeDays) || 0), this.calendar);
      } catch {
        acknowledgeBy = addWorkingDays(received, 3);
      }
    }
    this.receipt = { reference: result.reference, acknowledgeBy, kind: input.kind, anonymous: input.anonymous, receiptEmailed: !!result.receiptEmailed };
    this.draftState = emptyDraft();
    this.lastDraftJson = '';
    this.draft.clearField();
    this.integerText = {};
    this.errors = [];
    this.tooFastOnce = false;
    this.dispatchEvent(new CareFeedbackReceiptEvent(input.kind));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.receipt h2')?.focus());
  }

  /** The form again, for more feedback. */
  private startAgain(): void {
    this.receipt = undefined;
    this.startedAt = performance.now();
    this.announcement = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form h2')?.focus());
  }

  /** A rejected send: its answers come back into the form with the server's messages. */
  private async editRejected(entry: OutboxEntry): Promise<void> {
    const config = this.care.config;
    if (!config) return;
    const stored = await sharedDrafts(config).load(this.draftKey).catch(() => undefined);
    const restored = stored ? parseDraft(stored.text) : undefined;
    await (await this.outbox.use()).discard(entry.id);
    if (restored) {
      this.draftState = restored;
      this.lastDraftJson = JSON.stringify(restored);
      this.draft.update(this.lastDraftJson);
    }
    const fieldErrors = Object.entries(entry.lastError?.fieldErrors ?? {}).map(([field, message]) => ({ field: SERVER_FIELDS[field] ?? 'feedback-description', message }));
    await this.showErrors(fieldErrors.length ? fieldErrors : [{ field: 'feedback-description', message: entry.lastError?.message ?? this.t.t('core.error.detail') }]);
  }

  /* ----------------------------------------------------------- attachments */

  private addFiles(files: FileList | null): void {
    const port = this.care.config?.adapter.feedback;
    if (!files || !port?.uploadAttachment) return;
    const errors: FieldError[] = [];
    for (const file of [...files]) {
      if (this.draftState.attachments.length + this.uploads.length >= MAX_ATTACHMENTS) {
        errors.push({ field: 'feedback-files', message: this.t.t('feedback.files.error.count', { count: MAX_ATTACHMENTS, max: MAX_ATTACHMENTS }) });
        break;
      }
      if (!ATTACHMENT_TYPES.includes(file.type)) errors.push({ field: 'feedback-files', message: this.t.t('feedback.files.error.type', { name: file.name }) });
      else if (file.size > MAX_ATTACHMENT_BYTES) errors.push({ field: 'feedback-files', message: this.t.t('feedback.files.error.size', { name: file.name, max: 10 }) });
      else this.startUpload(file);
    }
    void this.showErrors(errors);
  }

  private startUpload(file: File, key: string = createId()): void {
    const port = this.care.config?.adapter.feedback;
    if (!port?.uploadAttachment) return;
    const upload: Upload = { key, name: file.name, size: file.size, fraction: 0, controller: new AbortController(), file };
    this.uploads = [...this.uploads.filter((u) => u.key !== key), upload];
    const update = (patch: Partial<Upload>) => (this.uploads = this.uploads.map((u) => (u.key === key ? { ...u, ...patch } : u)));
    // The key is the idempotency key: "Try again" after a lost response cannot store the file twice.
    port
      .uploadAttachment({ file, name: file.name }, { signal: upload.controller.signal, idempotencyKey: key, onProgress: (fraction) => update({ fraction }) })
      .then((attachment: FeedbackAttachment) => {
        this.uploads = this.uploads.filter((u) => u.key !== key);
        this.change({ attachments: [...this.draftState.attachments, attachment] });
        this.announcement = this.t.t('feedback.files.uploaded', { name: attachment.name });
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        const message = isCareError(error) && error.kind === 'invalid' ? Object.values(error.fieldErrors)[0] ?? error.message : this.t.t(this.network.online ? 'feedback.files.error.failed' : 'feedback.files.error.offline', { name: file.name });
        update({ error: message });
      });
  }

  private removeUpload(key: string): void {
    this.uploads.find((u) => u.key === key)?.controller.abort();
    this.uploads = this.uploads.filter((u) => u.key !== key);
  }

  /* ---------------------------------------------------------------- render */

  protected override renderReady(): TemplateResult {
    const t = this.t;
    const pending = this.outbox.entries.filter((entry) => entry.op === 'feedback.submit');
    let body: TemplateResult;
    if (this.receipt) body = this.renderReceipt(this.receipt);
    else if (this.urgent) body = this.renderEmergency(true);
    else if (pending.length) body = this.renderSending(pending[pending.length - 1]!);
    else body = this.renderForm();
    return html`<div class="feedback">
      ${this.network.online ? nothing : offlineTemplate(t)} ${this.outbox.memoryOnly ? memoryOnlyTemplate(t) : nothing} ${body}
      <p class="care-visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      <p class="care-visually-hidden count-status" aria-live="polite">${this.countAnnouncement}</p>
    </div>`;
  }

  private renderEmergency(full: boolean): TemplateResult {
    const t = this.t;
    return html`<section class="emergency ${full ? 'emergency--full' : ''}" part="emergency" aria-labelledby="feedback-emergency-title" tabindex="-1">
      ${full ? html`<h2 id="feedback-emergency-title">${t.t('feedback.urgent.title')}</h2>` : html`<h3 id="feedback-emergency-title">${t.t('feedback.urgent.title')}</h3>`}
      <p><strong>${t.t('feedback.urgent.call', { number: this.emergencyNumber })}</strong></p>
      <p>${t.t('feedback.urgent.notForm')}</p>
      ${this.safetyLine ? html`<p>${t.t('feedback.urgent.safetyLine', { line: this.safetyLine })}</p>` : nothing}
      ${full
        ? html`<p>${t.t('feedback.urgent.after')}</p>
            <button type="button" class="care-button" data-variant="secondary" @click=${() => this.closeUrgent()}>${t.t('feedback.urgent.back')}</button>`
        : nothing}
    </section>`;
  }

  private openUrgent(): void {
    this.urgent = 'chosen';
    this.dispatchEvent(new CareFeedbackUrgentEvent('chosen'));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.emergency')?.focus());
  }

  private closeUrgent(): void {
    this.urgent = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.urgent-link')?.focus());
  }

  private renderSending(entry: OutboxEntry): TemplateResult {
    const t = this.t;
    const error = entry.lastError;
    let detail: TemplateResult;
    if (entry.state === 'rejected') {
      detail = html`<p>${t.t('feedback.sending.rejected')}</p>
        <p>${error?.message ?? ''}</p>
        <button type="button" class="care-button" @click=${() => void this.editRejected(entry)}>${t.t('feedback.sending.edit')}</button>`;
    } else if (error?.kind === 'rate-limited') {
      const at = dateTimeFormat(this.care.locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(entry.nextAttemptAt));
      detail = html`<p>${t.t('feedback.sending.rateLimited', { time: at })}</p>`;
    } else if (entry.state === 'failed') {
      detail = html`<p>${error?.kind === 'unauthorized' ? t.t('core.outbox.unauthorized') : t.t('feedback.sending.failed')}</p>
        <button type="button" class="care-button" @click=${() => void this.outbox.outbox?.retry(entry.id)}>${t.t('core.retry')}</button>`;
    } else if (!this.network.online) {
      detail = html`<p>${t.t('feedback.sending.offline')}</p>`;
    } else {
      detail = html`${loadingTemplate(t, t.t('feedback.sending'))}${entry.attempts > 0 ? html`<p>${t.t('feedback.sending.retrying')}</p>` : nothing}`;
    }
    return html`<section class="sending form-panel" tabindex="-1" aria-labelledby="feedback-sending-title" data-entry-state=${entry.state}>
      <h2 id="feedback-sending-title">${t.t('feedback.sending.title')}</h2>
      <p>${t.t('feedback.sending.safe')}</p>
      ${detail}
    </section>`;
  }

  private renderReceipt(receipt: Receipt): TemplateResult {
    const t = this.t;
    const date = dateTimeFormat(this.care.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${receipt.acknowledgeBy}T12:00:00Z`));
    const track = this.trackingUrl ? trackingHref(this.trackingUrl, receipt.reference) : undefined;
    return html`<section class="receipt" part="receipt" aria-labelledby="feedback-receipt-title">
      <div class="receipt__panel">
        <h2 id="feedback-receipt-title" tabindex="-1">${t.t(`feedback.receipt.title.${receipt.kind}` as FeedbackMessageKey)}</h2>
        <p>${t.t('feedback.receipt.reference')}<br /><strong class="reference" dir="ltr">${receipt.reference}</strong></p>
      </div>
      <p>${t.t('feedback.receipt.keep')}</p>
      <h3>${t.t('feedback.receipt.next')}</h3>
      <p>${t.t(receipt.kind === 'compliment' ? 'feedback.receipt.next.compliment' : 'feedback.receipt.next.other', { date })}</p>
      ${receipt.anonymous ? html`<p>${t.t('feedback.receipt.anonymous')}</p>` : nothing}
      ${receipt.receiptEmailed ? html`<p>${t.t('feedback.receipt.emailed')}</p>` : nothing}
      ${track ? html`<p><a href=${track}>${t.t('feedback.receipt.track')}</a></p>` : nothing}
      <p>${t.t('feedback.care.reassurance')}</p>
      <button type="button" class="care-button" data-variant="secondary" @click=${() => this.startAgain()}>${t.t('feedback.receipt.again')}</button>
    </section>`;
  }

  private renderForm(): TemplateResult {
    const t = this.t;
    const d = this.draftState;
    const error = (field: string) => this.errors.find((e) => e.field === field);
    const emergency = this.emergency.check(`${d.description}\n${d.outcome}`, this.care.locale)?.matched ?? false;
    return html`<form part="form" novalidate @submit=${(event: Event) => (event.preventDefault(), event.stopPropagation(), void this.submit())}>
      <h2 tabindex="-1">${t.t('feedback.title')}</h2>
      <slot name="intro"><p>${t.t('feedback.intro')}</p></slot>
      <div class="urgent-note">
        <p>${t.t('feedback.urgent.note', { number: this.emergencyNumber })}</p>
        <button type="button" class="link urgent-link" @click=${() => this.openUrgent()}>${t.t('feedback.urgent.open')}</button>
      </div>
      ${errorSummaryTemplate(t.t('feedback.errorSummary'), this.errors, this.renderRoot, 'h3')}
      ${this.questionProblem ? html`<p class="question-problem" role="note">${t.t('feedback.questions.unavailable')}</p>` : nothing}
      ${this.draft.restored ? html`<p class="hint restored">${t.t('core.draft.restored')}</p>` : nothing}
      ${this.renderKind()} ${d.kind ? this.renderDetails(error) : nothing} ${emergency ? this.renderEmergency(false) : nothing}
      ${d.kind ? this.renderQuestions() : nothing} ${d.kind ? this.renderAttachments(error('feedback-files')) : nothing}
      ${d.kind ? this.renderWho(error) : nothing}
      ${this.renderHoneypot(error('feedback-website'))}
      <p class="reassurance">${t.t('feedback.care.reassurance')}</p>
      <div class="actions">
        <button type="submit" class="care-button">${t.t('feedback.submit')}</button>
      </div>
    </form>`;
  }

  private renderKind(): TemplateResult {
    const t = this.t;
    const kinds = this.offeredKinds;
    const problem = this.errors.find((e) => e.field.startsWith('feedback-kind-'));
    return html`<div class="field ${problem ? 'field--error' : ''}">
      <fieldset aria-describedby=${problem ? 'feedback-kind-error' : nothing}>
        <legend>${t.t('feedback.kind.legend')}</legend>
        ${problem ? fieldErrorTemplate(this.t, 'feedback-kind-error', problem.message) : nothing}
        ${kinds.map(
          (kind) => html`<div class="choice-row">
            <label class="choice"
              ><input
                type="radio"
                name="feedback-kind"
                id=${`feedback-kind-${kind}`}
                aria-describedby=${`feedback-kind-${kind}-hint`}
                value=${kind}
                .checked=${this.draftState.kind === kind}
                @change=${() => this.change({ kind })}
              />
              ${t.t(`feedback.kind.${kind}` as FeedbackMessageKey)}</label
            >
            <p class="hint choice-hint" id=${`feedback-kind-${kind}-hint`}>${t.t(`feedback.kind.${kind}.hint` as FeedbackMessageKey)}</p>
          </div>`,
        )}
      </fieldset>
    </div>`;
  }

  private renderDetails(error: (field: string) => FieldError | undefined): TemplateResult {
    const t = this.t;
    const d = this.draftState;
    const kind = d.kind!;
    const department = error('feedback-department');
    const visitError = this.errors.find((e) => e.field.startsWith('feedback-visit-'));
    const description = error('feedback-description');
    const outcome = error('feedback-outcome');
    const departments = this.departments.value ?? [];
    const optional = (required: boolean) => (required ? '' : ` ${t.t('feedback.optional')}`);
    return html`<div class="field ${department ? 'field--error' : ''}">
        <label for="feedback-department">${t.t('feedback.department')}${optional(kind === 'complaint')}</label>
        <p class="hint" id="feedback-department-hint">${t.t('feedback.department.hint')}</p>
        ${department ? fieldErrorTemplate(this.t, 'feedback-department-error', department.message) : nothing}
        ${this.departments.render({
          pending: () => loadingTemplate(t, t.t('feedback.department.loading')),
          error: () => html`<p class="hint">${t.t('feedback.department.unavailable')}</p>`,
          complete: () => nothing,
        })}
        <select
          id="feedback-department"
          aria-describedby=${department ? 'feedback-department-hint feedback-department-error' : 'feedback-department-hint'}
          aria-invalid=${department ? 'true' : 'false'}
          @change=${(event: Event) => this.change({ departmentId: (event.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${!d.departmentId}>${t.t('feedback.department.choose')}</option>
          ${departments.map((dep) => html`<option value=${dep.id} ?selected=${d.departmentId === dep.id}>${dep.name}</option>`)}
        </select>
      </div>
      <div class="field ${visitError ? 'field--error' : ''}">
        <fieldset role="group" aria-describedby=${visitError ? 'feedback-visit-hint feedback-visit-error' : 'feedback-visit-hint'}>
          <legend>${t.t('feedback.visit')}${optional(false)}</legend>
          <p class="hint" id="feedback-visit-hint">${t.t('feedback.visit.hint')}</p>
          ${visitError ? fieldErrorTemplate(this.t, 'feedback-visit-error', visitError.message) : nothing}
          <div class="date-input" dir="ltr">
            ${(['day', 'month', 'year'] as const).map((part) => {
              const key = `visit${part[0]!.toUpperCase()}${part.slice(1)}` as 'visitDay' | 'visitMonth' | 'visitYear';
              return html`<div class="date-input__item">
                <label for=${`feedback-visit-${part}`}>${t.t(`feedback.visit.${part}` as FeedbackMessageKey)}</label>
                <input
                  id=${`feedback-visit-${part}`}
                  class=${part === 'year' ? 'width-4' : 'width-2'}
                  inputmode="numeric"
                  autocomplete="off"
                  aria-invalid=${visitError ? 'true' : 'false'}
                  .value=${d[key]}
                  @input=${(event: Event) => this.change({ [key]: (event.target as HTMLInputElement).value })}
                />
              </div>`;
            })}
          </div>
        </fieldset>
      </div>
      ${kind !== 'question' ? this.renderRating(error) : nothing}
      <div class="field ${description ? 'field--error' : ''}">
        <label for="feedback-description">${t.t(`feedback.description.${kind}` as FeedbackMessageKey)}</label>
        <p class="hint" id="feedback-description-hint">${t.t(`feedback.description.${kind}.hint` as FeedbackMessageKey)}</p>
        ${description ? fieldErrorTemplate(this.t, 'feedback-description-error', description.message) : nothing}
        <textarea
          id="feedback-description"
          rows="6"
          aria-invalid=${description ? 'true' : 'false'}
          aria-describedby=${['feedback-description-hint', 'feedback-description-count', description ? 'feedback-description-error' : ''].filter(Boolean).join(' ')}
          .value=${d.description}
          @input=${(event: Event) => {
            const value = (event.target as HTMLTextAreaElement).value;
            this.change({ description: value });
            this.scheduleCountAnnouncement(value.length);
          }}
        ></textarea>
        ${this.renderCount('feedback-description-count', d.description.length)}
      </div>
      ${kind === 'complaint'
        ? html`<div class="field ${outcome ? 'field--error' : ''}">
            <label for="feedback-outcome">${t.t('feedback.outcome')}${optional(false)}</label>
            <p class="hint" id="feedback-outcome-hint">${t.t('feedback.outcome.hint')}</p>
            ${outcome ? fieldErrorTemplate(this.t, 'feedback-outcome-error', outcome.message) : nothing}
            <textarea
              id="feedback-outcome"
              rows="3"
              aria-invalid=${outcome ? 'true' : 'false'}
              aria-describedby=${['feedback-outcome-hint', 'feedback-outcome-count', outcome ? 'feedback-outcome-error' : ''].filter(Boolean).join(' ')}
              .value=${d.outcome}
              @input=${(event: Event) => {
                const value = (event.target as HTMLTextAreaElement).value;
                this.change({ outcome: value });
                this.scheduleCountAnnouncement(value.length);
              }}
            ></textarea>
            ${this.renderCount('feedback-outcome-count', d.outcome.length)}
          </div>`
        : nothing}`;
  }

  /**
   * GOV.UK character count: the count under the field is visible at all times but not
   * live (it would speak on every key); a polite status says it once typing pauses.
   */
  private renderCount(id: string, length: number): TemplateResult {
    const remaining = MAX_DESCRIPTION - length;
    return html`<p class="hint count ${remaining < 0 ? 'count--over' : ''}" id=${id}>${this.countText(length)}</p>`;
  }

  private countText(length: number): string {
    const remaining = MAX_DESCRIPTION - length;
    return remaining >= 0 ? this.t.t('feedback.count.remaining', { count: remaining }) : this.t.t('feedback.count.over', { count: -remaining });
  }

  private scheduleCountAnnouncement(length: number): void {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => (this.countAnnouncement = this.countText(length)), COUNT_ANNOUNCE_DELAY_MS);
  }

  private renderRating(error: (field: string) => FieldError | undefined): TemplateResult {
    const t = this.t;
    const problem = error('feedback-rating-first');
    const scale = this.ratingScale === 'recommend-0-10' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [5, 4, 3, 2, 1];
    const label = (value: number) =>
      this.ratingScale === 'recommend-0-10'
        ? value === 0
          ? t.t('feedback.rating.recommend.0', { value })
          : value === 10
            ? t.t('feedback.rating.recommend.10', { value })
            : t.t('feedback.rating.recommend.n', { value })
        : t.t(`feedback.rating.experience.${value}` as FeedbackMessageKey);
    return html`<div class="field ${problem ? 'field--error' : ''}">
      <fieldset aria-describedby=${problem ? 'feedback-rating-error' : nothing}>
        <legend>${t.t(this.ratingScale === 'recommend-0-10' ? 'feedback.rating.recommend' : 'feedback.rating.experience')} ${t.t('feedback.optional')}</legend>
        ${problem ? fieldErrorTemplate(this.t, 'feedback-rating-error', problem.message) : nothing}
        <div class="rating ${this.ratingScale === 'recommend-0-10' ? 'rating--recommend' : ''}">
          ${scale.map(
            (value, index) => html`<label class="choice"
              ><input
                type="radio"
                name="feedback-rating"
                id=${index === 0 ? 'feedback-rating-first' : `feedback-rating-${value}`}
                .checked=${this.draftState.rating === value}
                @change=${() => this.change({ rating: value })}
              />
              ${label(value)}</label
            >`,
          )}
        </div>
        ${this.draftState.rating !== undefined
          ? html`<button type="button" class="link" @click=${() => this.change({ rating: undefined })}>${t.t('feedback.rating.clear')}</button>`
          : nothing}
      </fieldset>
    </div>`;
  }

  private renderQuestions(): TemplateResult | typeof nothing {
    if (this.questionsLoading) return html`<div class="questions-loading">${loadingTemplate(this.t)}</div>`;
    const set = this.questionSet;
    const engine = this.engine;
    if (!set || !engine) return nothing;
    const visible = engine.visibleQuestions(set, this.draftState.answers, this.draftState.kind);
    if (!visible.length) return nothing;
    return html`<section class="questions" aria-labelledby="feedback-questions-title">
      <h3 id="feedback-questions-title">${set.title ?? this.t.t('feedback.questions.title')}</h3>
      ${visible.map((question) => this.renderQuestion(question))}
    </section>`;
  }

  private renderQuestion(question: Question): TemplateResult {
    const t = this.t;
    const id = questionControlId(question);
    const problem = this.errors.find((e) => e.field === id);
    const value = this.draftState.answers[question.id];
    const setAnswer = (answer: string | number | boolean | undefined) => this.change({ answers: { ...this.draftState.answers, [question.id]: answer } });
    const optional = question.required ? '' : ` ${t.t('feedback.optional')}`;
    const describedBy = [question.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    const hint = question.hint ? html`<p class="hint" id=${`${id}-hint`}>${question.hint}</p>` : nothing;
    const errorLine = problem ? fieldErrorTemplate(this.t, `${id}-error`, problem.message) : nothing;
    switch (question.type) {
      case 'display':
        return html`<p class="question-display">${question.text}</p>`;
      case 'choice':
      case 'boolean': {
        const options =
          question.type === 'boolean'
            ? [
                { value: true, label: t.t('feedback.yes') },
                { value: false, label: t.t('feedback.no') },
              ]
            : (question.options ?? []).map((option) => ({ value: option.value as string | boolean, label: option.label }));
        return html`<div class="field ${problem ? 'field--error' : ''}">
          <fieldset aria-describedby=${describedBy}>
            <legend>${question.text}${optional}</legend>
            ${hint} ${errorLine}
            ${options.map(
              (option, index) => html`<label class="choice"
                ><input
                  type="radio"
                  name=${id}
                  id=${index === 0 ? id : `${id}-${index}`}
                  .checked=${value === option.value}
                  @change=${() => setAnswer(option.value)}
                />
                ${option.label}</label
              >`,
            )}
          </fieldset>
        </div>`;
      }
      case 'text':
        return html`<div class="field ${problem ? 'field--error' : ''}">
          <label for=${id}>${question.text}${optional}</label>
          ${hint} ${errorLine}
          <textarea
            id=${id}
            rows="3"
            aria-describedby=${describedBy}
            aria-invalid=${problem ? 'true' : 'false'}
            .value=${typeof value === 'string' ? value : ''}
            @input=${(event: Event) => setAnswer((event.target as HTMLTextAreaElement).value || undefined)}
          ></textarea>
        </div>`;
      case 'integer':
        return html`<div class="field ${problem ? 'field--error' : ''}">
          <label for=${id}>${question.text}${optional}</label>
          ${hint} ${errorLine}
          <input
            id=${id}
            class="width-4"
            inputmode="numeric"
            aria-describedby=${describedBy}
            aria-invalid=${problem ? 'true' : 'false'}
            .value=${this.integerText[question.id] ?? (typeof value === 'number' ? String(value) : '')}
            @input=${(event: Event) => {
              const text = (event.target as HTMLInputElement).value;
              this.integerText = { ...this.integerText, [question.id]: text };
              setAnswer(this.engine!.parseIntegerInput(text));
            }}
          />
        </div>`;
      case 'date':
        return html`<div class="field ${problem ? 'field--error' : ''}">
          <label for=${id}>${question.text}${optional}</label>
          ${hint} ${errorLine}
          <input
            id=${id}
            type="date"
            aria-describedby=${describedBy}
            aria-invalid=${problem ? 'true' : 'false'}
            .value=${typeof value === 'string' ? value : ''}
            @input=${(event: Event) => setAnswer((event.target as HTMLInputElement).value || undefined)}
          />
        </div>`;
      default:
        return html`<div class="field ${problem ? 'field--error' : ''}">
          <label for=${id}>${question.text}${optional}</label>
          ${hint} ${errorLine}
          <input
            id=${id}
            type="text"
            aria-describedby=${describedBy}
            aria-invalid=${problem ? 'true' : 'false'}
            .value=${typeof value === 'string' ? value : ''}
            @input=${(event: Event) => setAnswer((event.target as HTMLInputElement).value || undefined)}
          />
        </div>`;
    }
  }

  private renderAttachments(problem: FieldError | undefined): TemplateResult | typeof nothing {
    const t = this.t;
    if (!this.care.config?.adapter.feedback?.uploadAttachment) return nothing;
    const attached = this.draftState.attachments;
    const problems = this.errors.filter((e) => e.field === 'feedback-files');
    return html`<div class="field ${problem ? 'field--error' : ''}">
      <label for="feedback-files">${t.t('feedback.files')} ${t.t('feedback.optional')}</label>
      <p class="hint" id="feedback-files-hint">${t.t('feedback.files.hint', { count: MAX_ATTACHMENTS, max: MAX_ATTACHMENTS, size: 10 })}</p>
      ${problems.map((p) => html`<p class="error"><span class="care-visually-hidden">${t.t('core.error.prefix')}</span> ${p.message}</p>`)}
      <input
        id="feedback-files"
        type="file"
        multiple
        accept=${ATTACHMENT_TYPES.join(',')}
        aria-describedby="feedback-files-hint"
        ?disabled=${!this.network.online}
        @change=${(event: Event) => {
          const input = event.target as HTMLInputElement;
          this.addFiles(input.files);
          input.value = '';
        }}
      />
      ${!this.network.online ? html`<p class="hint">${t.t('feedback.files.offline')}</p>` : nothing}
      <ul class="files">
        ${attached.map(
          (file) => html`<li>
            <span>${file.name}</span> <span class="hint">${t.t('feedback.files.done')}</span>
            <button type="button" class="link" @click=${() => this.change({ attachments: this.draftState.attachments.filter((a) => a.id !== file.id) })}>
              ${t.t('feedback.files.remove', { name: file.name })}
            </button>
          </li>`,
        )}
        ${this.uploads.map(
          (upload) => html`<li>
            <span>${upload.name}</span>
            ${upload.error
              ? html`<span class="error">${upload.error}</span>
                  <button type="button" class="link" @click=${() => this.startUpload(upload.file, upload.key)}>${t.t('core.retry')}</button>`
              : html`<progress max="100" value=${Math.round(upload.fraction * 100)} aria-label=${t.t('feedback.files.progress', { name: upload.name })}></progress>`}
            <button type="button" class="link" @click=${() => this.removeUpload(upload.key)}>${t.t('feedback.files.remove', { name: upload.name })}</button>
          </li>`,
        )}
      </ul>
    </div>`;
  }

  private renderWho(error: (field: string) => FieldError | undefined): TemplateResult {
    const t = this.t;
    const d = this.draftState;
    const about = this.errors.find((e) => e.field === 'feedback-about-me');
    return html`<section class="who" aria-labelledby="feedback-who-title">
      <h3 id="feedback-who-title">${t.t('feedback.who.title')}</h3>
      <div class="field ${about ? 'field--error' : ''}">
        <fieldset aria-describedby=${about ? 'feedback-about-error' : nothing}>
          <legend>${t.t('feedback.about')}</legend>
          ${about ? fieldErrorTemplate(this.t, 'feedback-about-error', about.message) : nothing}
          <label class="choice"><input type="radio" name="feedback-about" id="feedback-about-me" .checked=${d.about === 'me'} @change=${() => this.change({ about: 'me' })} /> ${t.t('feedback.about.me')}</label>
          <label class="choice"
            ><input type="radio" name="feedback-about" id="feedback-about-someone" .checked=${d.about === 'someone-else'} @change=${() => this.change({ about: 'someone-else' })} />
            ${t.t('feedback.about.someone')}</label
          >
        </fieldset>
      </div>
      <div class="field">
        <label class="choice"
          ><input id="feedback-anonymous" type="checkbox" aria-describedby="feedback-anonymous-hint" .checked=${d.anonymous} @change=${(event: Event) => this.change({ anonymous: (event.target as HTMLInputElement).checked })} />
          ${t.t('feedback.anonymous')}</label
        >
        <p class="hint" id="feedback-anonymous-hint">${t.t('feedback.anonymous.hint')}</p>
        ${d.anonymous
          ? html`<div class="warning-text" role="note"><strong>${t.t('feedback.anonymous.warning')}</strong>${d.kind === 'question' ? html` ${t.t('feedback.anonymous.question')}` : nothing}</div>`
          : nothing}
      </div>
      ${d.about === 'someone-else' && !d.anonymous ? this.renderOnBehalf(error) : nothing} ${d.anonymous ? nothing : this.renderContact(error)}
    </section>`;
  }

  private renderOnBehalf(error: (field: string) => FieldError | undefined): TemplateResult {
    const t = this.t;
    const d = this.draftState;
    const name = error('feedback-behalf-name');
    const relationship = error('feedback-behalf-relationship');
    const consent = error('feedback-behalf-consent-given');
    return html`<div class="conditional">
      ${this.textField('feedback-behalf-name', t.t('feedback.behalf.name'), d.onBehalfName, (value) => this.change({ onBehalfName: value }), name, { autocomplete: 'off' })}
      ${this.textField('feedback-behalf-relationship', t.t('feedback.behalf.relationship'), d.onBehalfRelationship, (value) => this.change({ onBehalfRelationship: value }), relationship, {
        hint: t.t('feedback.behalf.relationship.hint'),
        autocomplete: 'off',
      })}
      <div class="field ${consent ? 'field--error' : ''}">
        <fieldset aria-describedby=${consent ? 'feedback-behalf-consent-hint feedback-behalf-consent-error' : 'feedback-behalf-consent-hint'}>
          <legend>${t.t('feedback.behalf.consent')}</legend>
          <p class="hint" id="feedback-behalf-consent-hint">${t.t('feedback.behalf.consent.hint')}</p>
          ${consent ? fieldErrorTemplate(this.t, 'feedback-behalf-consent-error', consent.message) : nothing}
          ${CONSENTS.map(
            (value) => html`<label class="choice"
              ><input type="radio" name="feedback-behalf-consent" id=${`feedback-behalf-consent-${value}`} .checked=${d.onBehalfConsent === value} @change=${() => this.change({ onBehalfConsent: value })} />
              ${t.t(`feedback.behalf.consent.${value}` as FeedbackMessageKey)}</label
            >`,
          )}
        </fieldset>
      </div>
    </div>`;
  }

  private renderContact(error: (field: string) => FieldError | undefined): TemplateResult {
    const t = this.t;
    const d = this.draftState;
    const preference = this.errors.find((e) => e.field === 'feedback-preference-email');
    const consent = error('feedback-consent');
    return html`${this.textField('feedback-name', t.t('feedback.name'), d.name, (value) => this.change({ name: value }), error('feedback-name'), { autocomplete: 'name' })}
      <div class="field ${preference ? 'field--error' : ''}">
        <fieldset aria-describedby=${preference ? 'feedback-preference-error' : nothing}>
          <legend>${t.t('feedback.preference')}</legend>
          ${preference ? fieldErrorTemplate(this.t, 'feedback-preference-error', preference.message) : nothing}
          ${PREFERENCES.map(
            (value) => html`<label class="choice"
                ><input type="radio" name="feedback-preference" id=${`feedback-preference-${value}`} .checked=${d.preference === value} @change=${() => this.change({ preference: value })} />
                ${t.t(`feedback.preference.${value}` as FeedbackMessageKey)}</label
              >
              ${value === 'email' && d.preference === 'email'
                ? html`<div class="conditional">${this.textField('feedback-email', t.t('feedback.email'), d.email, (v) => this.change({ email: v }), error('feedback-email'), { type: 'email', autocomplete: 'email', spellcheck: false })}</div>`
                : nothing}
              ${value === 'phone' && d.preference === 'phone'
                ? html`<div class="conditional">
                    ${this.textField('feedback-phone', t.t('feedback.phone'), d.phone, (v) => this.change({ phone: v }), error('feedback-phone'), { type: 'tel', autocomplete: 'tel', hint: t.t('feedback.phone.hint') })}
                  </div>`
                : nothing}`,
          )}
        </fieldset>
      </div>
      ${d.preference && d.preference !== 'none'
        ? html`<div class="field ${consent ? 'field--error' : ''}">
            ${consent ? fieldErrorTemplate(this.t, 'feedback-consent-error', consent.message) : nothing}
            <label class="choice"
              ><input id="feedback-consent" type="checkbox" aria-describedby=${consent ? 'feedback-consent-error' : nothing} .checked=${d.consent} @change=${(event: Event) => this.change({ consent: (event.target as HTMLInputElement).checked })} />
              ${t.t('feedback.consent')}</label
            >
          </div>`
        : nothing}
      ${d.preference !== 'phone' && d.preference !== 'none' && d.preference
        ? html`<div class="field">
            <label class="choice"
              ><input id="feedback-receipt-email" type="checkbox" .checked=${d.receiptByEmail} @change=${(event: Event) => this.change({ receiptByEmail: (event.target as HTMLInputElement).checked })} />
              ${t.t('feedback.receiptByEmail')}</label
            >
          </div>`
        : nothing}`;
  }

  private textField(
    id: string,
    label: string,
    value: string,
    onInput: (value: string) => void,
    problem: FieldError | undefined,
    options: { type?: string; autocomplete?: string; hint?: string; spellcheck?: boolean } = {},
  ): TemplateResult {
    const describedBy = [options.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field ${problem ? 'field--error' : ''}">
      <label for=${id}>${label}</label>
      ${options.hint ? html`<p class="hint" id=${`${id}-hint`}>${options.hint}</p>` : nothing}
      ${problem ? fieldErrorTemplate(this.t, `${id}-error`, problem.message) : nothing}
      <input
        id=${id}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete ?? nothing}
        spellcheck=${options.spellcheck === false ? 'false' : nothing}
        aria-describedby=${describedBy || nothing}
        aria-invalid=${problem ? 'true' : 'false'}
        .value=${value}
        @input=${(event: Event) => onInput((event.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  /** Robots fill every field; people never see this one. If it gets a value anyway (autofill), it shows itself so a person can clear it. */
  private renderHoneypot(problem: FieldError | undefined): TemplateResult {
    return html`<div class="field ${problem ? 'field--error' : 'trap'}" aria-hidden=${problem ? nothing : 'true'}>
      <label for="feedback-website">${this.t.t('feedback.honeypot')}</label>
      ${problem ? fieldErrorTemplate(this.t, 'feedback-website-error', problem.message) : nothing}
      <input
        id="feedback-website"
        name="website"
        type="text"
        tabindex=${problem ? nothing : '-1'}
        autocomplete="off"
        .value=${this.honeypot}
        @input=${(event: Event) => (this.honeypot = (event.target as HTMLInputElement).value)}
      />
    </div>`;
  }
}

/** The id of a hospital question's first control (a radio group's first radio). */
export function questionControlId(question: Question): string {
  return `feedback-q-${question.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function trackingHref(base: string, reference: string): string | undefined {
  try {
    const url = new URL(base, document.baseURI);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    url.searchParams.set('reference', reference);
    return url.href;
  } catch {
    return undefined;
  }
}
