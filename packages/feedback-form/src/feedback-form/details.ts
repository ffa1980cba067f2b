/**
 * The feedback form past its first question, loaded on demand: what follows the choice of a kind
 * (visit, rating, description, the hospital's questions, attachments, who is writing, contact),
 * checking it, the "sending" panel and the receipt. Most visitors to a page read it and never
 * choose a kind, so the form's first view comes without this code (see `detailsCode` in
 * feedback-form.ts). Functions of the form element, which holds the state.
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  calendarDateIn,
  createId,
  dateTimeFormat,
  fieldErrorTemplate,
  isAbortError,
  isCareError,
  keepBothTexts,
  loadingTemplate,
  registerDefaultMessages,
  sharedDrafts,
  type ContactPreference,
  type Department,
  type FeedbackAttachment,
  type FeedbackInput,
  type FieldError,
  type OnBehalfConsent,
  type Outbox,
  type OutboxEntry,
} from '@careline/core';
import type { AnswerProblem, Question } from '../questions/index.js';
import type { FeedbackMessageKey } from '../i18n/index.js';
import { enDetails } from '../i18n/en-details.js';
import { emptyDraft, parseDraft } from './draft.js';
import { EMAIL_PATTERN, isPhoneNumber, readVisitDate, toLatinDigits } from './checks.js';
import { MAX_DESCRIPTION, type FeedbackForm, type Upload } from './feedback-form.js';
import { questionControlId } from './control-id.js';
import { CareFeedbackSubmitEvent } from '../events.js';

/** The English of these views: a host's own wording for the same keys, registered earlier, is kept. */
export function registerDetailMessages(): void {
  registerDefaultMessages('en', enDetails);
}

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

/**
 * "Send", once the details' code is here (the element waits for it): checks the form, then puts the
 * feedback in the outbox, which delivers it exactly once, across reloads and offline spells.
 */
export async function send(form: FeedbackForm): Promise<void> {
  const errors = validate(form);
  const seconds = (performance.now() - form.startedAt) / 1000;
  if (!errors.length && seconds < form.minFillSeconds && !form.tooFastOnce) {
    // A person who really is this quick only has to press "Send" again.
    form.tooFastOnce = true;
    errors.push({ field: 'feedback-description', message: form.t.t('feedback.error.tooFast') });
  }
  if (await form.showErrors(errors)) return;
  const input = buildInput(form, seconds);
  await form.draft.saveNow();
  let outbox: Outbox;
  try {
    outbox = await form.outbox.use();
  } catch {
    await form.showErrors([{ field: 'feedback-description', message: form.t.t('core.outbox.unavailable') }]);
    return;
  }
  // The "sending" panel follows the outbox's entries in this form's scope, across reloads too.
  await outbox.enqueue('feedback.submit', input, { scope: form.draftKey, draftKey: form.draftKey });
  const queued = !form.network.online;
  form.dispatchEvent(new CareFeedbackSubmitEvent(input.kind, input.anonymous, !!input.onBehalfOf, input.attachmentIds?.length ?? 0, queued));
  form.announcement = form.t.t(queued ? 'feedback.sending.offline' : 'feedback.sending');
  await form.updateComplete;
  form.renderRoot.querySelector<HTMLElement>('.sending')?.focus();
}

export function validate(form: FeedbackForm): FieldError[] {
  const t = form.t;
  const d = form.draftState;
  const errors: FieldError[] = [];
  const push = (field: string, key: FeedbackMessageKey, params?: Record<string, string | number>) => errors.push({ field, message: t.t(key, params) });
  if (!d.kind) push(`feedback-kind-${form.offeredKinds[0]}`, 'feedback.error.kind');
  if (d.kind === 'complaint' && !d.departmentId && departmentRequired(form)) push('feedback-department', 'feedback.error.department');
  const visit = readVisitDate(d, today(form));
  if (visit.problem) push(visit.problem === 'incomplete-month' ? 'feedback-visit-month' : visit.problem === 'incomplete-year' ? 'feedback-visit-year' : 'feedback-visit-day', `feedback.error.visit.${visit.problem}` as FeedbackMessageKey);
  const description = d.description.trim();
  if (!description) push('feedback-description', d.kind ? (`feedback.error.description.${d.kind}` as FeedbackMessageKey) : 'feedback.error.description.complaint');
  else if (d.description.length > MAX_DESCRIPTION) push('feedback-description', 'feedback.error.description.long', { max: MAX_DESCRIPTION });
  if (d.kind === 'complaint' && d.outcome.length > MAX_DESCRIPTION) push('feedback-outcome', 'feedback.error.outcome.long', { max: MAX_DESCRIPTION });
  if (form.questionSet && form.engine) {
    const problems = form.engine.validateAnswers(form.questionSet, d.answers, d.kind);
    for (const question of form.engine.visibleQuestions(form.questionSet, d.answers, d.kind)) {
      if (question.type === 'integer' && form.integerText[question.id]?.trim() && d.answers[question.id] === undefined) {
        errors.push({ field: questionControlId(question), message: problemText(form, question, { kind: 'not-integer' }) });
        continue;
      }
      const problem = problems.get(question.id);
      if (problem) errors.push({ field: questionControlId(question), message: problemText(form, question, problem) });
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
  if (form.uploads.some((upload) => !upload.error)) push('feedback-files', 'feedback.error.uploading');
  if (form.honeypot) push('feedback-website', 'feedback.error.honeypot');
  return errors;
}

function problemText(form: FeedbackForm, question: Question, problem: AnswerProblem): string {
  const t = form.t;
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

export function buildInput(form: FeedbackForm, seconds: number): FeedbackInput {
  const d = form.draftState;
  const kind = d.kind!;
  const visit = readVisitDate(d, today(form)).date;
  const input: FeedbackInput = { kind, description: d.description.trim(), anonymous: d.anonymous, locale: form.care.locale, fillSeconds: Math.round(seconds) };
  if (d.departmentId) input.departmentId = d.departmentId;
  if (visit) input.visitDate = visit;
  if (d.rating !== undefined && kind !== 'question') {
    input.rating = d.rating;
    input.ratingScale = form.ratingScale;
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
  if (form.questionSet && form.engine) {
    if (form.questionSet.questionnaire) input.questionnaireResponse = form.engine.toQuestionnaireResponse(form.questionSet, d.answers, { authored: new Date().toISOString() });
    else {
      const answers = form.engine.answersRecord(form.questionSet, d.answers, kind);
      if (Object.keys(answers).length) input.answers = answers;
    }
  }
  return input;
}

/**
 * The draft controller's `combine` for the form (see its wrapper in feedback-form.ts): the stored
 * draft came back after the patient had started again, since the form shows before storage
 * answers. What they did now wins field by field and the stored draft fills in the rest; two
 * different descriptions or outcomes are both kept, the hospital's questions' answers and the
 * attachments are joined.
 */
export function combineDrafts(storedJson: string, typedJson: string): string {
  const stored = parseDraft(storedJson);
  const typed = parseDraft(typedJson);
  if (!stored || !typed) return typed ? typedJson : storedJson;
  const untouched = emptyDraft() as unknown as Record<string, unknown>;
  const merged = { ...stored } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(typed)) {
    if (value === undefined || JSON.stringify(value) === JSON.stringify(untouched[key])) continue;
    const before = merged[key];
    if ((key === 'description' || key === 'outcome') && before && before !== value) merged[key] = keepBothTexts(before as string, value as string);
    else if (key === 'answers') merged[key] = { ...(before as object), ...(value as object) };
    else if (key === 'attachments') {
      const kept = before as FeedbackAttachment[];
      merged[key] = [...kept, ...(value as FeedbackAttachment[]).filter((attachment) => !kept.some((old) => old.id === attachment.id))];
    } else merged[key] = value;
  }
  return JSON.stringify(merged);
}

/** A rejected send: its answers come back into the form with the server's messages. */
async function editRejected(form: FeedbackForm, entry: OutboxEntry): Promise<void> {
  const config = form.care.config;
  if (!config) return;
  const stored = await sharedDrafts(config).load(form.draftKey).catch(() => undefined);
  const restored = stored ? parseDraft(stored.text) : undefined;
  await (await form.outbox.use()).discard(entry.id);
  if (restored) {
    form.draftState = restored;
    form.lastDraftJson = JSON.stringify(restored);
    form.draft.update(form.lastDraftJson);
  }
  const fieldErrors = Object.entries(entry.lastError?.fieldErrors ?? {}).map(([field, message]) => ({ field: SERVER_FIELDS[field] ?? 'feedback-description', message }));
  await form.showErrors(fieldErrors.length ? fieldErrors : [{ field: 'feedback-description', message: entry.lastError?.message ?? form.t.t('core.error.detail') }]);
}

function addFiles(form: FeedbackForm, files: FileList | null): void {
  const port = form.care.config?.adapter.feedback;
  if (!files || !port?.uploadAttachment) return;
  const errors: FieldError[] = [];
  for (const file of [...files]) {
    if (form.draftState.attachments.length + form.uploads.length >= MAX_ATTACHMENTS) {
      errors.push({ field: 'feedback-files', message: form.t.t('feedback.files.error.count', { count: MAX_ATTACHMENTS, max: MAX_ATTACHMENTS }) });
      break;
    }
    if (!ATTACHMENT_TYPES.includes(file.type)) errors.push({ field: 'feedback-files', message: form.t.t('feedback.files.error.type', { name: file.name }) });
    else if (file.size > MAX_ATTACHMENT_BYTES) errors.push({ field: 'feedback-files', message: form.t.t('feedback.files.error.size', { name: file.name, max: 10 }) });
    else startUpload(form, file);
  }
  void form.showErrors(errors);
}

function startUpload(form: FeedbackForm, file: File, key: string = createId()): void {
  const port = form.care.config?.adapter.feedback;
  if (!port?.uploadAttachment) return;
  const upload: Upload = { key, name: file.name, size: file.size, fraction: 0, controller: new AbortController(), file };
  form.uploads = [...form.uploads.filter((u) => u.key !== key), upload];
  const update = (patch: Partial<Upload>) => (form.uploads = form.uploads.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  // The key is the idempotency key: "Try again" after a lost response cannot store the file twice.
  port
    .uploadAttachment({ file, name: file.name }, { signal: upload.controller.signal, idempotencyKey: key, onProgress: (fraction) => update({ fraction }) })
    .then((attachment: FeedbackAttachment) => {
      form.uploads = form.uploads.filter((u) => u.key !== key);
      form.change({ attachments: [...form.draftState.attachments, attachment] });
      form.announcement = form.t.t('feedback.files.uploaded', { name: attachment.name });
    })
    .catch((error: unknown) => {
      if (isAbortError(error)) return;
      const message = isCareError(error) && error.kind === 'invalid' ? Object.values(error.fieldErrors)[0] ?? error.message : form.t.t(form.network.online ? 'feedback.files.error.failed' : 'feedback.files.error.offline', { name: file.name });
      update({ error: message });
    });
}

function removeUpload(form: FeedbackForm, key: string): void {
  form.uploads.find((u) => u.key === key)?.controller.abort();
  form.uploads = form.uploads.filter((u) => u.key !== key);
}

export function renderSending(form: FeedbackForm, entry: OutboxEntry): TemplateResult {
  const t = form.t;
  const error = entry.lastError;
  let detail: TemplateResult;
  if (entry.state === 'rejected') {
    detail = html`<p>${t.t('feedback.sending.rejected')}</p>
      <p>${error?.message ?? ''}</p>
      <button type="button" class="care-button" @click=${() => void editRejected(form, entry)}>${t.t('feedback.sending.edit')}</button>`;
  } else if (error?.kind === 'rate-limited') {
    const at = dateTimeFormat(form.care.locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(entry.nextAttemptAt));
    detail = html`<p>${t.t('feedback.sending.rateLimited', { time: at })}</p>`;
  } else if (entry.state === 'failed') {
    detail = html`<p>${error?.kind === 'unauthorized' ? t.t('core.outbox.unauthorized') : t.t('feedback.sending.failed')}</p>
      <button type="button" class="care-button" @click=${() => void form.outbox.outbox?.retry(entry.id)}>${t.t('core.retry')}</button>`;
  } else if (!form.network.online) {
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


export function renderDetails(form: FeedbackForm, error: (field: string) => FieldError | undefined): TemplateResult {
  const t = form.t;
  const d = form.draftState;
  const kind = d.kind!;
  const department = error('feedback-department');
  const visitError = form.errors.find((e) => e.field.startsWith('feedback-visit-'));
  const description = error('feedback-description');
  const outcome = error('feedback-outcome');
  const departments = offeredDepartments(form);
  const unusable = form.departments.value !== undefined && !departments.length && !(Array.isArray(form.departments.value) && !form.departments.value.length);
  const optional = (required: boolean) => (required ? '' : ` ${t.t('feedback.optional')}`);
  return html`<div class="field ${department ? 'field--error' : ''}">
      <label for="feedback-department">${t.t('feedback.department')}${optional(kind === 'complaint')}</label>
      <p class="hint" id="feedback-department-hint">${t.t('feedback.department.hint')}</p>
      ${department ? fieldErrorTemplate(form.t, 'feedback-department-error', department.message) : nothing}
      ${form.departments.render({
        pending: () => loadingTemplate(t, t.t('feedback.department.loading')),
        error: () => html`<p class="hint">${t.t('feedback.department.unavailable')}</p>`,
        // A list with nothing that can be offered (a backend's wrong answer) is no list.
        complete: () => (unusable ? html`<p class="hint">${t.t('feedback.department.unavailable')}</p>` : nothing),
      })}
      <select
        id="feedback-department"
        aria-describedby=${department ? 'feedback-department-hint feedback-department-error' : 'feedback-department-hint'}
        aria-invalid=${department ? 'true' : 'false'}
        @change=${(event: Event) => form.change({ departmentId: (event.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${!d.departmentId}>${t.t('feedback.department.choose')}</option>
        ${departments.map((dep) => html`<option value=${dep.id} ?selected=${d.departmentId === dep.id}>${dep.name}</option>`)}
      </select>
    </div>
    <div class="field ${visitError ? 'field--error' : ''}">
      <fieldset role="group" aria-describedby=${visitError ? 'feedback-visit-hint feedback-visit-error' : 'feedback-visit-hint'}>
        <legend>${t.t('feedback.visit')}${optional(false)}</legend>
        <p class="hint" id="feedback-visit-hint">${t.t('feedback.visit.hint')}</p>
        ${visitError ? fieldErrorTemplate(form.t, 'feedback-visit-error', visitError.message) : nothing}
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
                @input=${(event: Event) => form.change({ [key]: (event.target as HTMLInputElement).value })}
              />
            </div>`;
          })}
        </div>
      </fieldset>
    </div>
    ${kind !== 'question' ? renderRating(form, error) : nothing}
    <div class="field ${description ? 'field--error' : ''}">
      <label for="feedback-description">${t.t(`feedback.description.${kind}` as FeedbackMessageKey)}</label>
      <p class="hint" id="feedback-description-hint">${t.t(`feedback.description.${kind}.hint` as FeedbackMessageKey)}</p>
      ${description ? fieldErrorTemplate(form.t, 'feedback-description-error', description.message) : nothing}
      <textarea
        id="feedback-description"
        rows="6"
        aria-invalid=${description ? 'true' : 'false'}
        aria-describedby=${['feedback-description-hint', 'feedback-description-count', description ? 'feedback-description-error' : ''].filter(Boolean).join(' ')}
        .value=${d.description}
        @input=${(event: Event) => {
          const value = (event.target as HTMLTextAreaElement).value;
          form.change({ description: value });
          scheduleCountAnnouncement(form, value.length);
        }}
      ></textarea>
      ${renderCount(form, 'feedback-description-count', d.description.length)}
    </div>
    ${kind === 'complaint'
      ? html`<div class="field ${outcome ? 'field--error' : ''}">
          <label for="feedback-outcome">${t.t('feedback.outcome')}${optional(false)}</label>
          <p class="hint" id="feedback-outcome-hint">${t.t('feedback.outcome.hint')}</p>
          ${outcome ? fieldErrorTemplate(form.t, 'feedback-outcome-error', outcome.message) : nothing}
          <textarea
            id="feedback-outcome"
            rows="3"
            aria-invalid=${outcome ? 'true' : 'false'}
            aria-describedby=${['feedback-outcome-hint', 'feedback-outcome-count', outcome ? 'feedback-outcome-error' : ''].filter(Boolean).join(' ')}
            .value=${d.outcome}
            @input=${(event: Event) => {
              const value = (event.target as HTMLTextAreaElement).value;
              form.change({ outcome: value });
              scheduleCountAnnouncement(form, value.length);
            }}
          ></textarea>
          ${renderCount(form, 'feedback-outcome-count', d.outcome.length)}
        </div>`
      : nothing}`;
}

/**
 * GOV.UK character count: the count under the field is visible at all times but not
 * live (it would speak on every key); a polite status says it once typing pauses.
 */
function renderCount(form: FeedbackForm, id: string, length: number): TemplateResult {
  const remaining = MAX_DESCRIPTION - length;
  return html`<p class="hint count ${remaining < 0 ? 'count--over' : ''}" id=${id}>${countText(form, length)}</p>`;
}

function countText(form: FeedbackForm, length: number): string {
  const remaining = MAX_DESCRIPTION - length;
  return remaining >= 0 ? form.t.t('feedback.count.remaining', { count: remaining }) : form.t.t('feedback.count.over', { count: -remaining });
}

function scheduleCountAnnouncement(form: FeedbackForm, length: number): void {
  clearTimeout(form.countTimer);
  form.countTimer = setTimeout(() => (form.countAnnouncement = countText(form, length)), COUNT_ANNOUNCE_DELAY_MS);
}

function renderRating(form: FeedbackForm, error: (field: string) => FieldError | undefined): TemplateResult {
  const t = form.t;
  const problem = error('feedback-rating-first');
  const scale = form.ratingScale === 'recommend-0-10' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [5, 4, 3, 2, 1];
  const label = (value: number) =>
    form.ratingScale === 'recommend-0-10'
      ? value === 0
        ? t.t('feedback.rating.recommend.0', { value })
        : value === 10
          ? t.t('feedback.rating.recommend.10', { value })
          : t.t('feedback.rating.recommend.n', { value })
      : t.t(`feedback.rating.experience.${value}` as FeedbackMessageKey);
  return html`<div class="field ${problem ? 'field--error' : ''}">
    <fieldset aria-describedby=${problem ? 'feedback-rating-error' : nothing}>
      <legend>${t.t(form.ratingScale === 'recommend-0-10' ? 'feedback.rating.recommend' : 'feedback.rating.experience')} ${t.t('feedback.optional')}</legend>
      ${problem ? fieldErrorTemplate(form.t, 'feedback-rating-error', problem.message) : nothing}
      <div class="rating ${form.ratingScale === 'recommend-0-10' ? 'rating--recommend' : ''}">
        ${scale.map(
          (value, index) => html`<label class="choice"
            ><input
              type="radio"
              name="feedback-rating"
              id=${index === 0 ? 'feedback-rating-first' : `feedback-rating-${value}`}
              .checked=${form.draftState.rating === value}
              @change=${() => form.change({ rating: value })}
            />
            ${label(value)}</label
          >`,
        )}
      </div>
      ${form.draftState.rating !== undefined
        ? html`<button type="button" class="link" @click=${() => form.change({ rating: undefined })}>${t.t('feedback.rating.clear')}</button>`
        : nothing}
    </fieldset>
  </div>`;
}

export function renderQuestions(form: FeedbackForm): TemplateResult | typeof nothing {
  if (form.questionsLoading) return html`<div class="questions-loading">${loadingTemplate(form.t)}</div>`;
  const set = form.questionSet;
  const engine = form.engine;
  if (!set || !engine) return nothing;
  const visible = engine.visibleQuestions(set, form.draftState.answers, form.draftState.kind);
  if (!visible.length) return nothing;
  return html`<section class="questions" aria-labelledby="feedback-questions-title">
    <h3 id="feedback-questions-title">${set.title ?? form.t.t('feedback.questions.title')}</h3>
    ${visible.map((question) => renderQuestion(form, question))}
  </section>`;
}

function renderQuestion(form: FeedbackForm, question: Question): TemplateResult {
  const t = form.t;
  const id = questionControlId(question);
  const problem = form.errors.find((e) => e.field === id);
  const value = form.draftState.answers[question.id];
  const setAnswer = (answer: string | number | boolean | undefined) => form.change({ answers: { ...form.draftState.answers, [question.id]: answer } });
  const optional = question.required ? '' : ` ${t.t('feedback.optional')}`;
  const describedBy = [question.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
  const hint = question.hint ? html`<p class="hint" id=${`${id}-hint`}>${question.hint}</p>` : nothing;
  const errorLine = problem ? fieldErrorTemplate(form.t, `${id}-error`, problem.message) : nothing;
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
          .value=${form.integerText[question.id] ?? (typeof value === 'number' ? String(value) : '')}
          @input=${(event: Event) => {
            const text = (event.target as HTMLInputElement).value;
            form.integerText = { ...form.integerText, [question.id]: text };
            setAnswer(form.engine!.parseIntegerInput(text));
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

export function renderAttachments(form: FeedbackForm, problem: FieldError | undefined): TemplateResult | typeof nothing {
  const t = form.t;
  if (!form.care.config?.adapter.feedback?.uploadAttachment) return nothing;
  const attached = form.draftState.attachments;
  const problems = form.errors.filter((e) => e.field === 'feedback-files');
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
      ?disabled=${!form.network.online}
      @change=${(event: Event) => {
        const input = event.target as HTMLInputElement;
        addFiles(form, input.files);
        input.value = '';
      }}
    />
    ${!form.network.online ? html`<p class="hint">${t.t('feedback.files.offline')}</p>` : nothing}
    <ul class="files">
      ${attached.map(
        (file) => html`<li>
          <span>${file.name}</span> <span class="hint">${t.t('feedback.files.done')}</span>
          <button type="button" class="link" @click=${() => form.change({ attachments: form.draftState.attachments.filter((a) => a.id !== file.id) })}>
            ${t.t('feedback.files.remove', { name: file.name })}
          </button>
        </li>`,
      )}
      ${form.uploads.map(
        (upload) => html`<li>
          <span>${upload.name}</span>
          ${upload.error
            ? html`<span class="error">${upload.error}</span>
                <button type="button" class="link" @click=${() => startUpload(form, upload.file, upload.key)}>${t.t('core.retry')}</button>`
            : html`<progress max="100" value=${Math.round(upload.fraction * 100)} aria-label=${t.t('feedback.files.progress', { name: upload.name })}></progress>`}
          <button type="button" class="link" @click=${() => removeUpload(form, upload.key)}>${t.t('feedback.files.remove', { name: upload.name })}</button>
        </li>`,
      )}
    </ul>
  </div>`;
}

export function renderWho(form: FeedbackForm, error: (field: string) => FieldError | undefined): TemplateResult {
  const t = form.t;
  const d = form.draftState;
  const about = form.errors.find((e) => e.field === 'feedback-about-me');
  return html`<section class="who" aria-labelledby="feedback-who-title">
    <h3 id="feedback-who-title">${t.t('feedback.who.title')}</h3>
    <div class="field ${about ? 'field--error' : ''}">
      <fieldset aria-describedby=${about ? 'feedback-about-error' : nothing}>
        <legend>${t.t('feedback.about')}</legend>
        ${about ? fieldErrorTemplate(form.t, 'feedback-about-error', about.message) : nothing}
        <label class="choice"><input type="radio" name="feedback-about" id="feedback-about-me" .checked=${d.about === 'me'} @change=${() => form.change({ about: 'me' })} /> ${t.t('feedback.about.me')}</label>
        <label class="choice"
          ><input type="radio" name="feedback-about" id="feedback-about-someone" .checked=${d.about === 'someone-else'} @change=${() => form.change({ about: 'someone-else' })} />
          ${t.t('feedback.about.someone')}</label
        >
      </fieldset>
    </div>
    <div class="field">
      <label class="choice"
        ><input id="feedback-anonymous" type="checkbox" aria-describedby="feedback-anonymous-hint" .checked=${d.anonymous} @change=${(event: Event) => form.change({ anonymous: (event.target as HTMLInputElement).checked })} />
        ${t.t('feedback.anonymous')}</label
      >
      <p class="hint" id="feedback-anonymous-hint">${t.t('feedback.anonymous.hint')}</p>
      ${d.anonymous
        ? html`<div class="warning-text" role="note"><strong>${t.t('feedback.anonymous.warning')}</strong>${d.kind === 'question' ? html` ${t.t('feedback.anonymous.question')}` : nothing}</div>`
        : nothing}
    </div>
    ${d.about === 'someone-else' && !d.anonymous ? renderOnBehalf(form, error) : nothing} ${d.anonymous ? nothing : renderContact(form, error)}
  </section>`;
}

function renderOnBehalf(form: FeedbackForm, error: (field: string) => FieldError | undefined): TemplateResult {
  const t = form.t;
  const d = form.draftState;
  const name = error('feedback-behalf-name');
  const relationship = error('feedback-behalf-relationship');
  const consent = error('feedback-behalf-consent-given');
  return html`<div class="conditional">
    ${textField(form, 'feedback-behalf-name', t.t('feedback.behalf.name'), d.onBehalfName, (value) => form.change({ onBehalfName: value }), name, { autocomplete: 'off' })}
    ${textField(form, 'feedback-behalf-relationship', t.t('feedback.behalf.relationship'), d.onBehalfRelationship, (value) => form.change({ onBehalfRelationship: value }), relationship, {
      hint: t.t('feedback.behalf.relationship.hint'),
      autocomplete: 'off',
    })}
    <div class="field ${consent ? 'field--error' : ''}">
      <fieldset aria-describedby=${consent ? 'feedback-behalf-consent-hint feedback-behalf-consent-error' : 'feedback-behalf-consent-hint'}>
        <legend>${t.t('feedback.behalf.consent')}</legend>
        <p class="hint" id="feedback-behalf-consent-hint">${t.t('feedback.behalf.consent.hint')}</p>
        ${consent ? fieldErrorTemplate(form.t, 'feedback-behalf-consent-error', consent.message) : nothing}
        ${CONSENTS.map(
          (value) => html`<label class="choice"
            ><input type="radio" name="feedback-behalf-consent" id=${`feedback-behalf-consent-${value}`} .checked=${d.onBehalfConsent === value} @change=${() => form.change({ onBehalfConsent: value })} />
            ${value === 'child' ? t.t('feedback.behalf.consent.child', { age: childAge(form) }) : t.t(`feedback.behalf.consent.${value}` as FeedbackMessageKey)}</label
          >`,
        )}
      </fieldset>
    </div>
  </div>`;
}

function renderContact(form: FeedbackForm, error: (field: string) => FieldError | undefined): TemplateResult {
  const t = form.t;
  const d = form.draftState;
  const preference = form.errors.find((e) => e.field === 'feedback-preference-email');
  const consent = error('feedback-consent');
  return html`${textField(form, 'feedback-name', t.t('feedback.name'), d.name, (value) => form.change({ name: value }), error('feedback-name'), { autocomplete: 'name' })}
    <div class="field ${preference ? 'field--error' : ''}">
      <fieldset aria-describedby=${preference ? 'feedback-preference-error' : nothing}>
        <legend>${t.t('feedback.preference')}</legend>
        ${preference ? fieldErrorTemplate(form.t, 'feedback-preference-error', preference.message) : nothing}
        ${PREFERENCES.map(
          (value) => html`<label class="choice"
              ><input type="radio" name="feedback-preference" id=${`feedback-preference-${value}`} .checked=${d.preference === value} @change=${() => form.change({ preference: value })} />
              ${t.t(`feedback.preference.${value}` as FeedbackMessageKey)}</label
            >
            ${value === 'email' && d.preference === 'email'
              ? html`<div class="conditional">${textField(form, 'feedback-email', t.t('feedback.email'), d.email, (v) => form.change({ email: v }), error('feedback-email'), { type: 'email', autocomplete: 'email', spellcheck: false })}</div>`
              : nothing}
            ${value === 'phone' && d.preference === 'phone'
              ? html`<div class="conditional">
                  ${textField(form, 'feedback-phone', t.t('feedback.phone'), d.phone, (v) => form.change({ phone: v }), error('feedback-phone'), { type: 'tel', autocomplete: 'tel', hint: t.t('feedback.phone.hint') })}
                </div>`
              : nothing}`,
        )}
      </fieldset>
    </div>
    ${d.preference && d.preference !== 'none'
      ? html`<div class="field ${consent ? 'field--error' : ''}">
          ${consent ? fieldErrorTemplate(form.t, 'feedback-consent-error', consent.message) : nothing}
          <label class="choice"
            ><input id="feedback-consent" type="checkbox" aria-describedby=${consent ? 'feedback-consent-error' : nothing} .checked=${d.consent} @change=${(event: Event) => form.change({ consent: (event.target as HTMLInputElement).checked })} />
            ${t.t('feedback.consent')}</label
          >
        </div>`
      : nothing}
    ${d.preference !== 'phone' && d.preference !== 'none' && d.preference
      ? html`<div class="field">
          <label class="choice"
            ><input id="feedback-receipt-email" type="checkbox" .checked=${d.receiptByEmail} @change=${(event: Event) => form.change({ receiptByEmail: (event.target as HTMLInputElement).checked })} />
            ${t.t('feedback.receiptByEmail')}</label
          >
        </div>`
      : nothing}`;
}

function textField(
  form: FeedbackForm,
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
    ${problem ? fieldErrorTemplate(form.t, `${id}-error`, problem.message) : nothing}
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

/** `child-age` when the page gives none, or none that can be an age. */
const DEFAULT_CHILD_AGE = 16;
/** `child-age`s already reported: the option is drawn at every render. */
const reportedChildAges = new Set<string>();

/** The page's `child-age` when it can be an age; otherwise 16, and the page's developers are told once. */
function childAge(form: FeedbackForm): number {
  const age = form.childAge;
  if (age === undefined || age === null) return DEFAULT_CHILD_AGE;
  if (Number.isInteger(age) && age >= 1 && age <= 21) return age;
  const written = form.getAttribute('child-age') ?? String(age);
  if (!reportedChildAges.has(written)) {
    reportedChildAges.add(written);
    console.error(`<care-feedback-form>: child-age="${written}" is not a whole number of years from 1 to 21; ${DEFAULT_CHILD_AGE} is used.`);
  }
  return DEFAULT_CHILD_AGE;
}

/** Today in the hospital's time zone (the reader's when it is not one Intl knows). */
function today(form: FeedbackForm): string {
  try {
    return calendarDateIn(new Date(), form.timeZone || undefined);
  } catch {
    return calendarDateIn(new Date());
  }
}

/** Unless the list failed or has nothing to offer: then the description names the department (as its hint says). */
function departmentRequired(form: FeedbackForm): boolean {
  // By the last answer (a task keeps it while it runs again): its error, or its list.
  const { error, value } = form.departments;
  if (error !== undefined) return false;
  return value === undefined || offeredDepartments(form).length > 0;
}

/** The departments the backend sent that can be offered: each with an id and a name, both text. */
function offeredDepartments(form: FeedbackForm): Department[] {
  const answer: unknown = form.departments.value;
  if (!Array.isArray(answer)) return [];
  return answer.filter((department: unknown): department is Department => {
    const { id, name } = (typeof department === 'object' && department !== null ? department : {}) as Record<string, unknown>;
    return typeof id === 'string' && id !== '' && typeof name === 'string' && name !== '';
  });
}
