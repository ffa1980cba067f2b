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
  OnDemandViewsController,
  updateCompleteWithViews,
  addWorkingDays,
  isIsoDate,
  EmergencyCheckController,
  errorSummaryTemplate,
  fieldErrorTemplate,
  formStyles,
  memoryOnlyTemplate,
  offlineTemplate,
  parseHolidays,
  parseWeekend,
  retryTransient,
  sharedDrafts,
  type Department,
  type FeedbackInput,
  type FeedbackKind,
  type FeedbackReceipt,
  type OutboxEntry,
  type RatingScale,
  type FieldError,
} from '@careline/core';
import { registerFeedbackMessages, type FeedbackMessageKey } from '../i18n/index.js';
import {
  CareFeedbackInvalidEvent,
  CareFeedbackReceiptEvent,
  CareFeedbackStartEvent,
  CareFeedbackUrgentEvent,
} from '../events.js';
import type { Question, QuestionSet } from '../questions/index.js';
import { emptyDraft, hasContent, parseDraft, type FeedbackDraft } from './draft.js';
import { feedbackFormStyles } from './feedback-form.styles.js';

export const MAX_DESCRIPTION = 5000;
/** The question engine, loaded once per page and only by forms that have questions. */
const questionEngine = onDemand(() => import('../questions/engine.js'));
type QuestionEngine = NonNullable<typeof questionEngine.value>;

/** @internal Where the form's details come from: a test can make the download fail. */
export const detailsSource = { fetch: () => import('./details.js') };
/**
 * The form past its first question (details.ts), fetched once per page when a visitor reaches
 * for the form or a kind is chosen: most visitors read the page and never do.
 */
const detailsCode = onDemand(() =>
  detailsSource.fetch().then((code) => {
    code.registerDetailMessages();
    return code;
  }),
);
type DetailsCode = NonNullable<typeof detailsCode.value>;
/** The controls that lead to the details (a kind, "Send"): reaching for one fetches them. */
const DETAILS_OPENERS = '.choice-row, button[type="submit"]';

/** @internal A file being uploaded. */
export type Upload = { key: string; name: string; size: number; fraction: number; error?: string | undefined; controller: AbortController; file: File };

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

  /**
   * The age under which a parent or guardian may write for a child, as the law where the hospital
   * is sets it (16 in England; 18 in Indonesia, Malaysia and many other countries). 16 when unset;
   * a value that is not a whole number from 1 to 21 is reported in the console and 16 is used.
   */
  @property({ attribute: 'child-age', type: Number }) childAge: number | undefined;

  /** Separates the drafts of two forms on one site. */
  @property({ attribute: 'draft-name' }) draftName = 'feedback';

  /** The hospital's own questions (parsed from the small schema or a Questionnaire). */
  @property({ attribute: false }) questions: unknown;
  /** A FHIR R4 Questionnaire to render instead of, or beside, `questions`. */
  @property({ attribute: false }) questionnaire: unknown;

  /** @internal */
  @state() draftState: FeedbackDraft = emptyDraft();
  /** @internal */
  @state() errors: FieldError[] = [];
  @state() private urgent: 'chosen' | undefined;
  @state() private receipt: Receipt | undefined;
  /** @internal */
  @state() uploads: Upload[] = [];
  /** @internal */
  @state() honeypot = '';
  /** @internal */
  @state() announcement = '';
  /** @internal */
  @state() countAnnouncement = '';
  /** @internal */
  countTimer: ReturnType<typeof setTimeout> | undefined;
  /** @internal */
  @state() questionSet: QuestionSet | undefined;
  /** @internal Set once the question engine has loaded; always set when `questionSet` is. */
  engine: QuestionEngine | undefined;
  /** @internal While the engine loads: the questions' place shows "Loading…" and a submit waits for it. */
  @state() questionsLoading: Promise<void> | undefined;
  @state() private questionProblem: string | undefined;
  /** @internal Raw text of integer answers as typed, so "1a" is shown back with its error. */
  @state() integerText: Record<string, string> = {};
  /** The form past its first question, fetched on demand. */
  private readonly details = new OnDemandViewsController(this, detailsCode, DETAILS_OPENERS);
  /** @internal */
  tooFastOnce = false;
  /** @internal */
  startedAt = 0;
  /** @internal */
  lastDraftJson = '';
  /** The emergency event goes out once per form; the inline notice stays while the words do. */
  private urgentDetected = false;
  /** @internal */
  readonly network = new NetworkController(this);
  private readonly outboxFilter = { scope: 'feedback:feedback' };
  private readonly emergency = new EmergencyCheckController(this);
  /** @internal */
  readonly outbox = new OutboxController(this, () => this.care.config, this.outboxFilter, (event) => {
    if (event.type === 'sent' && event.entry.op === 'feedback.submit' && event.entry.scope === this.draftKey) this.onDelivered(event.entry, event.result as FeedbackReceipt);
  });
  /** @internal */
  readonly draft = new DraftController(this, {
    key: () => (this.care.config ? this.draftKey : undefined),
    drafts: () => (this.care.config ? sharedDrafts(this.care.config) : undefined),
    debounceMs: 250,
    // Chosen or typed before the stored draft came back: both kept (details.ts). A choice made
    // before the details' code is here (only the kind can be) gives way to the stored draft.
    combine: (stored, typed) => detailsCode.value?.combineDrafts(stored, typed) ?? stored,
  });

  /**
   * @internal The departments, asked for once the form goes past its first question (where they
   * are chosen): a visitor who only looks at the form causes no request, and the form does not
   * draw itself a second time for a task with nothing to do (willUpdate starts it).
   */
  readonly departments = new Task(this, {
    autoRun: false,
    task: async ([adapter, wanted], { signal }): Promise<Department[]> => {
      const feedback = adapter?.feedback;
      if (!feedback || !wanted) return [];
      return retryTransient((s) => feedback.listDepartments({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter, this.draftState.kind !== undefined] as const,
  });

  constructor() {
    super();
    registerFeedbackMessages();
  }

  /** @internal */
  get draftKey(): string {
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
    if (this.draftState.kind !== undefined) this.departments.autoRun = true;
    // A kind chosen or restored, or a send under way: the details are needed now.
    const needed = !!this.draftState.kind || this.outbox.entries.some((entry) => entry.op === 'feedback.submit');
    this.details.need(needed);
    // "Send" without the details' code put its problem in the error summary: gone once they are here.
    if (this.details.value && this.errors.length) {
      const loadProblem = this.t.t('feedback.load.failed');
      if (this.errors.some((problem) => problem.message === loadProblem)) this.errors = this.errors.filter((problem) => problem.message !== loadProblem);
    }
  }

  /** `await form.updateComplete` includes the details when the form is fetching them. */
  protected override getUpdateComplete(): Promise<boolean> {
    return updateCompleteWithViews([this.details], () => super.getUpdateComplete());
  }

  /** `view` with the details' code, or where it goes, "Loading…" or why it is missing. */
  private withDetails(view: (code: DetailsCode) => TemplateResult | typeof nothing, focus?: string): TemplateResult | typeof nothing {
    return this.details.render(this.t, this.t.t('feedback.load.failed'), view, { focus });
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

  /** @internal */
  change(patch: Partial<FeedbackDraft>): void {
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

  /** @internal */
  get offeredKinds(): FeedbackKind[] {
    const listed = this.kinds.split(/\s+/).filter((kind): kind is FeedbackKind => FEEDBACK_KINDS.includes(kind as FeedbackKind));
    return listed.length ? [...new Set(listed)] : [...FEEDBACK_KINDS];
  }

  private get calendar() {
    const holidays = parseHolidays(this.holidays).holidays;
    const weekend = parseWeekend(this.weekend);
    return { holidays, weekend: weekend.length && weekend.length < 7 ? weekend : undefined, timeZone: this.timeZone || undefined };
  }

  /* ------------------------------------------------------------ validation */

  /** @internal */
  async showErrors(errors: FieldError[]): Promise<boolean> {
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
    // Awaited only when missing: a press of "Send" shows its errors in the same update as before.
    if (!this.details.value) await this.details.load();
    const code = this.details.value;
    const config = this.care.config;
    if (!config) return;
    if (!code) {
      // Nothing can be checked or sent without it; what was typed stays in the draft.
      await this.showErrors([{ field: `feedback-kind-${this.offeredKinds[0]}`, message: this.t.t('feedback.load.failed') }]);
      return;
    }
    await code.send(this);
  }

  private onDelivered(entry: OutboxEntry, answer: FeedbackReceipt): void {
    const input = entry.input as FeedbackInput;
    // Sent, whatever the backend answered: each part of its receipt is used only as it should be.
    const result = (answer ?? {}) as Partial<Record<keyof FeedbackReceipt, unknown>>;
    const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
    let acknowledgeBy = text(result.acknowledgeBy);
    if (!isIsoDate(acknowledgeBy)) {
      const receivedAt = Date.parse(text(result.receivedAt));
      const received = new Date(Number.isNaN(receivedAt) ? entry.createdAt : receivedAt);
      try {
        acknowledgeBy = addWorkingDays(received, Math.max(0, Math.floor(this.acknowledgeDays) || 0), this.calendar);
      } catch {
        acknowledgeBy = addWorkingDays(received, 3);
      }
    }
    this.receipt = { reference: text(result.reference), acknowledgeBy, kind: input.kind, anonymous: input.anonymous, receiptEmailed: result.receiptEmailed === true };
    this.draftState = emptyDraft();
    this.lastDraftJson = '';
    this.draft.clearField();
    this.integerText = {};
    this.errors = [];
    this.tooFastOnce = false;
    this.dispatchEvent(new CareFeedbackReceiptEvent(input.kind));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.receipt h2')?.focus());
  }

  /**
   * Sign-out (here or in another tab): whatever was typed or attached, and a receipt on screen,
   * go; the form starts empty for whoever is next (with the page's `kind`, if it sets one).
   */
  protected override forgetPersonalData(): void {
    for (const upload of this.uploads) upload.controller.abort();
    this.uploads = [];
    this.receipt = undefined;
    this.urgent = undefined;
    this.urgentDetected = false;
    this.draftState = this.kind && FEEDBACK_KINDS.includes(this.kind) ? { ...emptyDraft(), kind: this.kind } : emptyDraft();
    this.lastDraftJson = '';
    this.draft.clearField();
    this.integerText = {};
    this.errors = [];
    this.honeypot = '';
    this.announcement = '';
    this.countAnnouncement = '';
    this.tooFastOnce = false;
    this.startedAt = performance.now();
  }

  /** The form again, for more feedback. */
  private startAgain(): void {
    this.receipt = undefined;
    this.startedAt = performance.now();
    this.announcement = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form h2')?.focus());
  }

  /* ---------------------------------------------------------------- render */

  protected override renderReady(): TemplateResult {
    const t = this.t;
    const pending = this.outbox.entries.filter((entry) => entry.op === 'feedback.submit');
    let body: TemplateResult;
    const receipt = this.receipt;
    if (receipt) body = this.renderReceipt(receipt);
    else if (this.urgent) body = this.renderEmergency(true);
    else if (pending.length) body = this.withDetails((code) => code.renderSending(this, pending[pending.length - 1]!), '.sending') as TemplateResult;
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

  /** The receipt is drawn by the element itself: the reference must show even if the details' code cannot be fetched. */
  private renderReceipt(receipt: Receipt): TemplateResult {
    const t = this.t;
    const date = dateTimeFormat(this.care.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${receipt.acknowledgeBy}T12:00:00Z`));
    const track = this.trackingUrl && receipt.reference ? trackingHref(this.trackingUrl, receipt.reference) : undefined;
    return html`<section class="receipt" part="receipt" aria-labelledby="feedback-receipt-title">
      <div class="receipt__panel">
        <h2 id="feedback-receipt-title" tabindex="-1">${t.t(`feedback.receipt.title.${receipt.kind}` as FeedbackMessageKey)}</h2>
        ${receipt.reference
          ? html`<p>${t.t('feedback.receipt.reference')}<br /><strong class="reference" dir="ltr">${receipt.reference}</strong></p>`
          : html`<p>${t.t('feedback.receipt.noReference')}</p>`}
      </div>
      ${receipt.reference ? html`<p>${t.t('feedback.receipt.keep')}</p>` : nothing}
      <h3>${t.t('feedback.receipt.next')}</h3>
      <p>${t.t(receipt.kind === 'compliment' ? 'feedback.receipt.next.compliment' : 'feedback.receipt.next.other', { date })}</p>
      ${receipt.anonymous ? html`<p>${t.t(receipt.reference ? 'feedback.receipt.anonymous' : 'feedback.receipt.anonymous.noReference')}</p>` : nothing}
      ${receipt.receiptEmailed && receipt.reference ? html`<p>${t.t('feedback.receipt.emailed')}</p>` : nothing}
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
    // Emergency information never waits for the details' code: it shows after them, or alone.
    const notice = emergency ? this.renderEmergency(false) : nothing;
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
      ${this.renderKind()}
      ${d.kind
        ? this.withDetails(
            (code) => html`${code.renderDetails(this, error)} ${notice} ${code.renderQuestions(this)} ${code.renderAttachments(this, error('feedback-files'))} ${code.renderWho(this, error)}`,
            '#feedback-department',
          )
        : nothing}
      ${d.kind && this.details.value ? nothing : notice}
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
