import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import {
  CareElement,
  dateTimeFormat,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
  NetworkController,
  emptyTemplate,
  errorSummaryTemplate,
  errorTemplate,
  formStyles,
  isCareError,
  loadingTemplate,
  offlineTemplate,
  retryTransient,
  type FeedbackState,
  type FeedbackStatus,
  type FieldError,
  type Session,
} from '@careline/core';
import { registerFeedbackStatusMessages, type FeedbackMessageKey } from '../i18n/index.js';
import { CareFeedbackTrackEvent } from '../events.js';
import { feedbackStatusStyles } from './feedback-status.styles.js';

const MAX_REFERENCE = 64;

/** A status whose reference, kind or state cannot be read: the backend answered, but with nothing that can be shown. */
class UnreadableStatusError extends Error {}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * A status as the backend sent it, read as one that can be shown: steps that cannot be placed on
 * the timeline, and notes or dates that are not text, are left out. Undefined when its reference,
 * kind or state cannot be read (there would be no title and no current step).
 */
export function readableStatus(value: unknown): FeedbackStatus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const status = value as Partial<Record<keyof FeedbackStatus, unknown>>;
  const state = status.state as FeedbackState;
  if (!isText(status.reference) || !FEEDBACK_KINDS.includes(status.kind as FeedbackStatus['kind']) || !FEEDBACK_STATES.includes(state)) return undefined;
  const history = (Array.isArray(status.history) ? status.history : []).flatMap((step: unknown) => {
    const { state: reached, at, note } = (typeof step === 'object' && step !== null ? step : {}) as Record<string, unknown>;
    return FEEDBACK_STATES.includes(reached as FeedbackState) && isText(at) ? [{ state: reached as FeedbackState, at, ...(isText(note) ? { note } : {}) }] : [];
  });
  return { reference: status.reference, kind: status.kind as FeedbackStatus['kind'], state, history, ...(isText(status.acknowledgeBy) ? { acknowledgeBy: status.acknowledgeBy } : {}) };
}

/**
 * "Track my feedback": the patient enters the reference from their receipt (or
 * arrives from its link, `?reference=`), or signs in to see all their feedback,
 * and sees every step — received, acknowledged, under review, responded,
 * resolved — with dates and the hospital's responses.
 *
 * @summary Feedback tracking by reference number, or a signed-in patient's own feedback.
 *
 * @event {CareFeedbackTrackEvent} care-feedback-track - A reference was looked up. `found`, `state`; never the reference.
 *
 * @csspart base - The widget's outer box.
 * @csspart form - The reference form.
 * @csspart error-summary - The error summary.
 * @csspart status - One feedback's status and history.
 * @csspart state - Loading, empty, error and offline panels.
 *
 * @cssproperty [--care-feedback-step-done-color=var(--care-color-success)] - Marker of steps already reached.
 */
export class FeedbackStatusElement extends CareElement {
  static override styles = [CareElement.styles, formStyles, feedbackStatusStyles];
  static override requiredPort = 'feedback' as const;

  /** The reference to show. Read from the page address (`?reference=`) when not set. */
  @property({ reflect: true }) reference = '';

  /** The page-address parameter the reference arrives in. */
  @property({ attribute: 'reference-param' }) referenceParam = 'reference';

  @state() private typed = '';
  @state() private errors: FieldError[] = [];
  /** The reference being looked up (set by the form or the attribute). */
  @state() private lookup = '';
  private readonly network = new NetworkController(this);

  private readonly session = new Task(this, {
    task: async ([adapter], { signal }): Promise<Session> => {
      if (!adapter?.session) return { status: 'guest' };
      const port = adapter.session;
      return retryTransient((s) => port.getSession({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter] as const,
  });

  private readonly statusTask = new Task(this, {
    task: async ([adapter, reference], { signal }): Promise<FeedbackStatus | undefined> => {
      if (!adapter?.feedback || !reference) return undefined;
      const feedback = adapter.feedback;
      try {
        const answer = await retryTransient((s) => feedback.getStatus(reference, { signal: s }), { signal });
        const status = readableStatus(answer);
        this.dispatchEvent(new CareFeedbackTrackEvent(true, status?.state));
        if (!status) {
          console.error('[careline] a feedback status could not be shown: its reference, kind or state is missing or unknown.');
          throw new UnreadableStatusError();
        }
        return status;
      } catch (error) {
        if (isCareError(error) && error.kind === 'not-found') this.dispatchEvent(new CareFeedbackTrackEvent(false, undefined));
        throw error;
      }
    },
    args: () => [this.care.config?.adapter, this.lookup] as const,
  });

  private readonly mineTask = new Task(this, {
    task: async ([adapter, signedIn], { signal }): Promise<FeedbackStatus[] | undefined> => {
      const feedback = adapter?.feedback;
      if (!feedback?.listMine || !signedIn) return undefined;
      const listMine = feedback.listMine.bind(feedback);
      return retryTransient((s) => listMine({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter, this.signedIn] as const,
  });

  constructor() {
    super();
    registerFeedbackStatusMessages();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.reference) {
      const fromAddress = new URLSearchParams(location.search).get(this.referenceParam);
      if (fromAddress) this.reference = fromAddress.slice(0, MAX_REFERENCE);
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('reference')) {
      const reference = normalizeReference(this.reference);
      this.typed = reference;
      this.lookup = reference && isPlausibleReference(reference) ? reference : '';
    }
  }

  /** Signed in by the current answer, and not after a sign-out on this page (the backend may still know the last person). */
  private get signedIn(): boolean {
    return this.session.status === TaskStatus.COMPLETE && this.signedInBy(this.session.value);
  }

  /** Sign-out (here or in another tab): the reference and what it found go, and the session is asked for again. */
  protected override forgetPersonalData(firstNotice: boolean): void {
    this.reference = '';
    this.typed = '';
    this.lookup = '';
    this.errors = [];
    if (firstNotice) void this.session.run();
  }

  private async find(): Promise<void> {
    const reference = normalizeReference(this.typed);
    const t = this.t;
    const errors: FieldError[] = [];
    if (!reference) errors.push({ field: 'feedback-reference', message: t.t('feedbackStatus.error.empty') });
    else if (!isPlausibleReference(reference)) errors.push({ field: 'feedback-reference', message: t.t('feedbackStatus.error.format') });
    this.errors = errors;
    if (errors.length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
      return;
    }
    if (reference === this.lookup) this.statusTask.run();
    this.lookup = reference;
    await this.statusTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.result')?.focus();
  }

  protected override renderReady(): TemplateResult {
    const t = this.t;
    return html`<div class="tracking">
      <h2>${t.t('feedbackStatus.title')}</h2>
      ${this.network.online ? nothing : offlineTemplate(t)} ${this.renderForm()}
      <div class="result" tabindex="-1">${this.renderResult()}</div>
      ${this.renderMine()}
    </div>`;
  }

  private renderForm(): TemplateResult {
    const t = this.t;
    const problem = this.errors[0];
    return html`<form part="form" novalidate @submit=${(event: Event) => (event.preventDefault(), event.stopPropagation(), void this.find())}>
      ${errorSummaryTemplate(t.t('feedbackStatus.errorSummary'), this.errors, this.renderRoot, 'h3')}
      <div class="field ${problem ? 'field--error' : ''}">
        <label for="feedback-reference">${t.t('feedbackStatus.reference')}</label>
        <p class="hint" id="feedback-reference-hint">${t.t('feedbackStatus.reference.hint')}</p>
        ${problem ? html`<p class="error" id="feedback-reference-error">${problem.message}</p>` : nothing}
        <div class="lookup">
          <input
            id="feedback-reference"
            type="text"
            dir="ltr"
            autocomplete="off"
            spellcheck="false"
            autocapitalize="characters"
            maxlength=${MAX_REFERENCE}
            aria-describedby=${problem ? 'feedback-reference-hint feedback-reference-error' : 'feedback-reference-hint'}
            aria-invalid=${problem ? 'true' : 'false'}
            .value=${this.typed}
            @input=${(event: Event) => (this.typed = (event.target as HTMLInputElement).value)}
          />
          <button type="submit" class="care-button">${t.t('feedbackStatus.find')}</button>
        </div>
      </div>
    </form>`;
  }

  private renderResult(): TemplateResult | typeof nothing {
    const t = this.t;
    if (!this.lookup) return nothing;
    if (this.statusTask.status === TaskStatus.ERROR) {
      const error = this.statusTask.error;
      if (error instanceof UnreadableStatusError) return this.renderUnreadable('alert');
      if (isCareError(error) && error.kind === 'not-found') {
        return html`<div class="care-state" data-state="not-found" role="alert" part="state">
          <p class="care-state__title">${t.t('feedbackStatus.notFound.title')}</p>
          <p class="care-state__detail">${t.t('feedbackStatus.notFound.detail', { reference: this.lookup })}</p>
        </div>`;
      }
      return errorTemplate(t, () => this.statusTask.run(), this.network.online ? undefined : t.t('core.offline'));
    }
    if (this.statusTask.status === TaskStatus.PENDING || this.statusTask.status === TaskStatus.INITIAL) return loadingTemplate(t, t.t('feedbackStatus.loading'));
    const status = this.statusTask.value;
    return status ? this.renderStatus(status, 'h3') : nothing;
  }

  private renderMine(): TemplateResult | typeof nothing {
    const t = this.t;
    if (!this.care.config?.adapter.feedback?.listMine || !this.signedIn) return nothing;
    return html`<section class="mine" aria-labelledby="feedback-mine-title">
      <h3 id="feedback-mine-title">${t.t('feedbackStatus.mine.title')}</h3>
      ${this.mineTask.render({
        pending: () => loadingTemplate(t),
        error: () => errorTemplate(t, () => this.mineTask.run()),
        complete: (items) =>
          items === undefined
            ? nothing
            : !Array.isArray(items)
              ? errorTemplate(t, () => this.mineTask.run())
              : !items.length
                ? emptyTemplate(t, t.t('feedbackStatus.mine.empty'))
                : html`<ul class="mine-list">
                    ${items.map((item) => {
                      // One the backend got wrong says so in its place; the patient's other feedback still shows.
                      const status = readableStatus(item);
                      return html`<li>${status ? this.renderStatus(status, 'h4') : this.renderUnreadable('status')}</li>`;
                    })}
                  </ul>`,
      })}
    </section>`;
  }

  private renderUnreadable(role: 'alert' | 'status'): TemplateResult {
    return html`<p class="care-state__detail" data-state="unreadable" role=${role} part="state">${this.t.t('feedbackStatus.unreadable')}</p>`;
  }

  private renderStatus(status: FeedbackStatus, heading: 'h3' | 'h4'): TemplateResult {
    const t = this.t;
    const reached = new Map<FeedbackState, FeedbackStatus['history'][number][]>();
    for (const step of status.history) reached.set(step.state, [...(reached.get(step.state) ?? []), step]);
    const currentIndex = FEEDBACK_STATES.indexOf(status.state);
    const title = t.t('feedbackStatus.status.title', { kind: t.t(`feedback.kind.${status.kind}` as FeedbackMessageKey), reference: status.reference });
    const current = t.t(`feedbackStatus.state.${status.state}` as FeedbackMessageKey);
    return html`<article class="status" part="status" data-state=${status.state}>
      ${heading === 'h3' ? html`<h3>${title}</h3>` : html`<h4>${title}</h4>`}
      <p class="current"><strong>${t.t('feedbackStatus.current', { state: current })}</strong></p>
      <p class="hint">${t.t(`feedbackStatus.state.${status.state}.means` as FeedbackMessageKey)}</p>
      ${status.acknowledgeBy && currentIndex < 1 ? html`<p>${t.t('feedbackStatus.acknowledgeBy', { date: this.formatDate(status.acknowledgeBy, false) })}</p>` : nothing}
      <ol class="steps">
        ${FEEDBACK_STATES.map((step, index) => {
          const visits = reached.get(step) ?? [];
          const progress = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'pending';
          return html`<li class="step step--${progress}" aria-current=${progress === 'current' ? 'step' : nothing}>
            <span class="step__name">${t.t(`feedbackStatus.state.${step}` as FeedbackMessageKey)}</span>
            <span class="care-visually-hidden">${t.t(`feedbackStatus.progress.${progress}` as FeedbackMessageKey)}</span>
            ${visits.length
              ? visits.map(
                  (visit) => html`<p class="step__date"><time datetime=${visit.at}>${this.formatDate(visit.at, true)}</time></p>
                    ${visit.note
                      ? html`<blockquote class="step__note">
                          <p class="hint">${t.t('feedbackStatus.note')}</p>
                          <p>${visit.note}</p>
                        </blockquote>`
                      : nothing}`,
                )
              : html`<p class="hint">${t.t(progress === 'done' ? 'feedbackStatus.step.skipped' : 'feedbackStatus.step.notYet')}</p>`}
          </li>`;
        })}
      </ol>
    </article>`;
  }

  private formatDate(value: string, withTime: boolean): string {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
    if (Number.isNaN(date.getTime())) return value;
    return dateTimeFormat(this.care.locale, withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'full', timeZone: 'UTC' }).format(date);
  }
}

/** What people type: spaces, lower case, Persian digits, a pasted "Ref:" prefix. */
export function normalizeReference(value: string): string {
  return value
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/^\s*(ref(erence)?|no\.?)\s*[:#]?\s*/i, '')
    .trim()
    .replace(/\s+/g, '')
    .toUpperCase()
    .slice(0, MAX_REFERENCE);
}

/** Letters, digits and dashes, with at least one digit: enough to catch a pasted sentence without knowing each backend's format. */
export function isPlausibleReference(reference: string): boolean {
  return /^[A-Z0-9][A-Z0-9-]{3,63}$/.test(reference) && /\d/.test(reference);
}
