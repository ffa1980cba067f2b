/**
 * The feed's forms, loaded on demand: joining a group, writing a post or a reply, editing one's
 * own post and reporting one, with the safety notes beside what is typed and their English. Many
 * visits only read, so the feed's first view comes without this code (see `formsCode` in
 * community-feed.ts). Functions of the feed element, which holds the state.
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  DraftController,
  EmergencyCheckController,
  errorSummaryTemplate,
  keepBothTexts,
  sharedDrafts,
  fieldErrorTemplate,
  listFormat,
  registerDefaultMessages,
  type CommunityGroup,
  type CommunityPost,
  type FieldError,
  type ReportReason,
} from '@careline/core';
import { CareCommunityPostEvent } from '../events.js';
import { enForms } from '../i18n/en-forms.js';
import { MAX_BODY, type CommunityFeed } from './community-feed.js';
import { findPersonalDetails } from './safety.js';

const MAX_TITLE = 150;
const MAX_PSEUDONYM = 40;
const REPORT_REASONS: readonly ReportReason[] = ['misinformation', 'harassment', 'spam', 'personal-details', 'self-harm', 'other'];

/** The English of these forms: a host's own wording for the same keys, registered earlier, is kept. */
export function registerFormMessages(): void {
  registerDefaultMessages('en', enForms);
}

/**
 * The drafts of a new post and of a reply, and the safety check beside what is typed, for one feed:
 * made once the forms' code is here (the feed keeps them as `writing`), so a visit that only reads
 * carries none of their code.
 */
export function writingFor(feed: CommunityFeed): { draft: DraftController; replyDraft: DraftController; emergency: EmergencyCheckController } {
  const drafts = () => (feed.care.config ? sharedDrafts(feed.care.config) : undefined);
  return {
    // The composer can show before storage has answered: a draft read back after typing began keeps both.
    draft: new DraftController(feed, { key: () => (feed.care.config && feed.currentGroup ? `community:${feed.currentGroup.id}` : undefined), drafts, combine: keepBothTexts }),
    replyDraft: new DraftController(feed, { key: () => (feed.care.config && feed.replyTo ? `community:reply:${feed.replyTo}` : undefined), drafts, combine: keepBothTexts }),
    emergency: new EmergencyCheckController(feed),
  };
}

/** The feed's writing controllers: made by the feed as the forms' code arrives, or here at the latest. */
function writing(feed: CommunityFeed): ReturnType<typeof writingFor> {
  return (feed.writing ??= writingFor(feed));
}

export async function join(feed: CommunityFeed): Promise<void> {
  const config = feed.care.config;
  const group = feed.currentGroup;
  if (!config || !group) return;
  const t = feed.t;
  // Where the engine shows the account name everywhere, there is no name to choose.
  const pseudonym = feed.features.memberNames === 'account' ? undefined : feed.pseudonym.trim();
  const errors: FieldError[] = [];
  if (pseudonym === undefined) {
    // nothing to check
  } else if (!pseudonym) errors.push({ field: 'join-pseudonym', message: t.t('community.join.error.pseudonym') });
  else if (pseudonym.length > MAX_PSEUDONYM) errors.push({ field: 'join-pseudonym', message: t.t('community.join.error.pseudonymLong', { max: MAX_PSEUDONYM }) });
  if (!feed.acceptedRules) errors.push({ field: 'join-rules', message: t.t('community.join.error.rules') });
  if (await feed.showErrors(errors)) return;
  const outbox = await feed.outboxOrError('join-pseudonym');
  if (!outbox) return;
  await outbox.enqueue('community.joinGroup', { groupId: group.id, ...(pseudonym === undefined ? {} : { pseudonym }), acceptedRules: true }, { scope: `community:${group.id}` });
  // Shown as joined at once; the outbox makes it true on the server.
  feed.groups = feed.groups.map((candidate) => (candidate.id === group.id ? { ...candidate, joined: true, pseudonym: pseudonym ?? candidate.pseudonym } : candidate));
  feed.joining = false;
  feed.composing = true;
}

/** Sends a post (no `parentId`) or a reply, after the personal-details check. */
export async function submit(feed: CommunityFeed, parentId: string | undefined): Promise<void> {
  const config = feed.care.config;
  const group = feed.currentGroup;
  if (!config || !group) return;
  const t = feed.t;
  const draft = parentId ? writing(feed).replyDraft : writing(feed).draft;
  const body = draft.value.trim();
  const prefix = parentId ? 'reply' : 'post';
  const errors: FieldError[] = [];
  if (!parentId && feed.postTitle.trim().length > MAX_TITLE) errors.push({ field: 'post-title', message: t.t('community.compose.error.titleLong', { max: MAX_TITLE }) });
  if (!body) errors.push({ field: `${prefix}-body`, message: t.t(parentId ? 'community.reply.error.empty' : 'community.compose.error.empty') });
  else if (body.length > MAX_BODY) errors.push({ field: `${prefix}-body`, message: t.t('community.compose.error.long', { max: MAX_BODY }) });
  if (!parentId && feed.warningOn && !feed.warningLabel.trim()) errors.push({ field: 'post-warning-label', message: t.t('community.compose.error.warningLabel') });
  if (await feed.showErrors(errors)) return;
  const details = findPersonalDetails(`${feed.postTitle}\n${body}`);
  if (details.length && !feed.detailsWarning) {
    feed.detailsWarning = details;
    await feed.updateComplete;
    feed.renderRoot.querySelector<HTMLElement>('.details-warning')?.focus();
    return;
  }
  feed.detailsWarning = undefined;
  const draftKey = parentId ? `community:reply:${parentId}` : `community:${group.id}`;
  await draft.saveNow();
  const outbox = await feed.outboxOrError(`${prefix}-body`);
  if (!outbox) return;
  const anonymous = group.allowsAnonymous && feed.anonymous;
  await outbox.enqueue(
    'community.createPost',
    {
      groupId: group.id,
      ...(parentId ? { parentId } : {}),
      ...(!parentId && feed.postTitle.trim() ? { title: feed.postTitle.trim() } : {}),
      body,
      ...(anonymous ? { anonymous: true } : {}),
      ...(!parentId && feed.warningOn ? { contentWarning: feed.warningLabel.trim() } : {}),
      ...(!parentId && feed.attachedItem ? { sharedItem: feed.attachedItem } : {}),
    },
    { scope: `community:${group.id}`, draftKey },
  );
  draft.clearField();
  feed.dispatchEvent(new CareCommunityPostEvent(group.id, !!parentId));
  feed.announcement = t.t('community.post.queued');
  if (parentId) feed.replyTo = undefined;
  else {
    feed.postTitle = '';
    feed.warningOn = false;
    feed.warningLabel = '';
    feed.anonymous = false;
    feed.composing = false;
    feed.attachedItem = undefined;
    feed.offeredItem = undefined;
  }
}

export async function sendReport(feed: CommunityFeed, post: CommunityPost): Promise<void> {
  const config = feed.care.config;
  if (!config) return;
  const t = feed.t;
  const errors: FieldError[] = [];
  if (!feed.reportReason) errors.push({ field: `report-reason-${REPORT_REASONS[0]}`, message: t.t('community.report.error.reason') });
  else if (feed.reportReason === 'other' && !feed.reportDetails.trim()) errors.push({ field: 'report-details', message: t.t('community.report.error.details') });
  if (await feed.showErrors(errors)) return;
  const outbox = await feed.outboxOrError(feed.reportReason === 'other' ? 'report-details' : `report-reason-${REPORT_REASONS[0]}`);
  if (!outbox) return;
  await outbox.enqueue(
    'community.report',
    { postId: post.id, reason: feed.reportReason!, ...(feed.reportDetails.trim() ? { details: feed.reportDetails.trim() } : {}) },
    { scope: `community:${post.groupId}` },
  );
  feed.reporting = undefined;
  feed.announcement = t.t('community.report.queued');
}

export async function saveEdit(feed: CommunityFeed, post: CommunityPost): Promise<void> {
  const config = feed.care.config;
  if (!config) return;
  const body = feed.editBody.trim();
  if (await feed.showErrors(body ? [] : [{ field: `edit-body`, message: feed.t.t('community.compose.error.empty') }])) return;
  const outbox = await feed.outboxOrError('edit-body');
  if (!outbox) return;
  feed.replacePost({ ...post, body, editedAt: new Date().toISOString() });
  await outbox.enqueue('community.editPost', { postId: post.id, body }, { scope: `community:${post.groupId}` });
  feed.editing = undefined;
}

export function renderJoinForm(feed: CommunityFeed, group: CommunityGroup): TemplateResult {
  const t = feed.t;
  const pseudonymError = feed.errors.find((error) => error.field === 'join-pseudonym');
  const rulesError = feed.errors.find((error) => error.field === 'join-rules');
  return html`<form class="form-panel join-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void join(feed))}>
    <h4>${t.t('community.join.title', { group: group.name })}</h4>
    ${errorSummaryTemplate(t.t('community.errorSummary'), feed.errors, feed.renderRoot, 'h4')}
    <div class="rules">
      <h5>${t.t('community.rules')}</h5>
      <p>${group.rules ?? t.t('community.rules.default')}</p>
    </div>
    ${feed.features.memberNames === 'account'
      ? html`<p class="account-name">${group.pseudonym ? t.t('community.join.accountName', { name: group.pseudonym }) : t.t('community.join.accountNameUnknown')}</p>`
      : html`<div class="field ${pseudonymError ? 'field--error' : ''}">
      <label for="join-pseudonym">${t.t('community.join.pseudonym')}</label>
      <p class="hint" id="join-pseudonym-hint">${t.t('community.join.pseudonymHint')}</p>
      ${pseudonymError ? fieldErrorTemplate(feed.t, 'join-pseudonym-error', pseudonymError.message) : nothing}
      <input
        id="join-pseudonym"
        type="text"
        autocomplete="off"
        spellcheck="false"
        maxlength=${MAX_PSEUDONYM + 10}
        aria-invalid=${pseudonymError ? 'true' : 'false'}
        aria-describedby=${pseudonymError ? 'join-pseudonym-hint join-pseudonym-error' : 'join-pseudonym-hint'}
        .value=${feed.pseudonym}
        @input=${(event: Event) => (feed.pseudonym = (event.target as HTMLInputElement).value)}
      />
    </div>`}
    <div class="field ${rulesError ? 'field--error' : ''}">
      ${rulesError ? fieldErrorTemplate(feed.t, 'join-rules-error', rulesError.message) : nothing}
      <label class="choice"
        ><input
          id="join-rules"
          type="checkbox"
          aria-describedby=${rulesError ? 'join-rules-error' : nothing}
          .checked=${feed.acceptedRules}
          @change=${(event: Event) => (feed.acceptedRules = (event.target as HTMLInputElement).checked)}
        />
        ${t.t('community.join.accept')}</label
      >
    </div>
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => ((feed.joining = false), (feed.errors = []))}>${t.t('community.cancel')}</button>
      <button type="submit" class="care-button">${t.t('community.join.submit')}</button>
    </div>
  </form>`;
}

export function renderComposer(feed: CommunityFeed, group: CommunityGroup): TemplateResult {
  const t = feed.t;
  const bodyError = feed.errors.find((error) => error.field === 'post-body');
  const titleError = feed.errors.find((error) => error.field === 'post-title');
  const labelError = feed.errors.find((error) => error.field === 'post-warning-label');
  const remaining = MAX_BODY - writing(feed).draft.value.length;
  return html`<form class="form-panel composer" part="composer" novalidate @submit=${(event: Event) => (event.preventDefault(), void submit(feed, undefined))}>
    <h4>${t.t('community.compose.title')}</h4>
    ${errorSummaryTemplate(t.t('community.errorSummary'), feed.errors, feed.renderRoot, 'h4')}
    <div class="field ${titleError ? 'field--error' : ''}">
      <label for="post-title">${t.t('community.compose.titleLabel')}</label>
      ${titleError ? fieldErrorTemplate(feed.t, 'post-title-error', titleError.message) : nothing}
      <input id="post-title" type="text" aria-invalid=${titleError ? 'true' : 'false'} aria-describedby=${titleError ? 'post-title-error' : nothing} .value=${feed.postTitle} @input=${(event: Event) => (feed.postTitle = (event.target as HTMLInputElement).value)} />
    </div>
    <div class="field ${bodyError ? 'field--error' : ''}">
      <label for="post-body">${t.t('community.compose.body')}</label>
      <p class="hint" id="post-body-hint">${t.t('community.compose.bodyHint')}</p>
      ${bodyError ? fieldErrorTemplate(feed.t, 'post-body-error', bodyError.message) : nothing}
      <textarea
        id="post-body"
        rows="5"
        aria-invalid=${bodyError ? 'true' : 'false'}
        aria-describedby=${['post-body-hint', 'post-body-count', bodyError ? 'post-body-error' : ''].filter(Boolean).join(' ')}
        .value=${writing(feed).draft.value}
        @input=${(event: Event) => ((writing(feed).draft.update((event.target as HTMLTextAreaElement).value)), (feed.detailsWarning = undefined), feed.requestUpdate())}
      ></textarea>
      <p class="hint" id="post-body-count" aria-live="polite">${remaining >= 0 ? t.t('community.compose.remaining', { count: remaining }) : t.t('community.compose.over', { count: -remaining })}</p>
      ${writing(feed).draft.restored ? html`<p class="hint">${t.t('core.draft.restored')}</p>` : nothing}
    </div>
    <div class="field">
      <label class="choice"
        ><input id="post-warning" type="checkbox" .checked=${feed.warningOn} @change=${(event: Event) => (feed.warningOn = (event.target as HTMLInputElement).checked)} />
        ${t.t('community.compose.warning')}</label
      >
      ${feed.warningOn
        ? html`<div class="field ${labelError ? 'field--error' : ''}">
            <label for="post-warning-label">${t.t('community.compose.warningLabel')}</label>
            <p class="hint" id="post-warning-hint">${t.t('community.compose.warningHint')}</p>
            ${labelError ? fieldErrorTemplate(feed.t, 'post-warning-label-error', labelError.message) : nothing}
            <input
              id="post-warning-label"
              type="text"
              aria-invalid=${labelError ? 'true' : 'false'}
              aria-describedby=${labelError ? 'post-warning-hint post-warning-label-error' : 'post-warning-hint'}
              .value=${feed.warningLabel}
              @input=${(event: Event) => (feed.warningLabel = (event.target as HTMLInputElement).value)}
            />
          </div>`
        : nothing}
    </div>
    ${group.allowsAnonymous
      ? html`<div class="field">
          <label class="choice"
            ><input id="post-anonymous" type="checkbox" aria-describedby="post-anonymous-hint" .checked=${feed.anonymous} @change=${(event: Event) => (feed.anonymous = (event.target as HTMLInputElement).checked)} />
            ${t.t('community.compose.anonymous')}</label
          >
          <p class="hint" id="post-anonymous-hint">${t.t('community.compose.anonymousHint')}</p>
        </div>`
      : nothing}
    ${renderSharedItemChoice(feed)} ${renderSafetyNotes(feed, `${feed.postTitle}\n${writing(feed).draft.value}`)}
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => ((feed.composing = false), (feed.errors = []), (feed.detailsWarning = undefined))}>${t.t('community.cancel')}</button>
      <button type="submit" class="care-button">${feed.detailsWarning ? t.t('community.details.postAnyway') : t.t('community.compose.submit')}</button>
    </div>
  </form>`;
}

/** The explicit preview: nothing from the record is attached until the member says so. */
function renderSharedItemChoice(feed: CommunityFeed): TemplateResult | typeof nothing {
  const t = feed.t;
  if (feed.attachedItem) {
    return html`${feed.renderSharedItem(feed.attachedItem, t.t('community.share.attached'))}
      <div class="tools"><button type="button" class="link remove-shared" @click=${() => (feed.attachedItem = undefined)}>${t.t('community.share.remove')}</button></div>`;
  }
  if (!feed.offeredItem) return nothing;
  return html`<section class="share-preview" tabindex="-1" aria-labelledby="share-preview-title">
    <h5 id="share-preview-title">${t.t('community.share.previewTitle')}</h5>
    ${feed.renderSharedItem(feed.offeredItem, t.t('community.share.fromRecord'))}
    <p class="hint">${t.t('community.share.privacy')}</p>
    <div class="actions">
      <button type="button" class="care-button attach-shared" @click=${() => ((feed.attachedItem = feed.offeredItem), (feed.offeredItem = undefined))}>${t.t('community.share.attach')}</button>
      <button type="button" class="care-button" data-variant="secondary" @click=${() => (feed.offeredItem = undefined)}>${t.t('community.share.skip')}</button>
    </div>
  </section>`;
}

function renderSafetyNotes(feed: CommunityFeed, text: string): TemplateResult {
  const t = feed.t;
  return html`${writing(feed).emergency.check(text, feed.care.locale)?.matched
    ? html`<div class="crisis" role="alert">
        <p><strong>${t.t('community.crisis.title')}</strong></p>
        <p>${t.t('community.crisis.call', { number: feed.emergencyNumber })}</p>
        ${feed.crisisLine ? html`<p>${t.t('community.crisis.line', { line: feed.crisisLine })}</p>` : nothing}
        <p>${t.t('community.crisis.still')}</p>
      </div>`
    : nothing}
  ${feed.detailsWarning
    ? html`<div class="details-warning" role="alert" tabindex="-1">
        <p><strong>${t.t('community.details.title')}</strong></p>
        <p>${t.t('community.details.found', { kinds: listFormat(feed.care.locale, { type: 'conjunction' }).format(feed.detailsWarning.map((kind) => t.t(`community.details.${kind}`))) })}</p>
        <p>${t.t('community.details.advice')}</p>
      </div>`
    : nothing}`;
}

export function renderReplyForm(feed: CommunityFeed, post: CommunityPost): TemplateResult {
  const t = feed.t;
  const error = feed.errors.find((candidate) => candidate.field === 'reply-body');
  return html`<form class="form-panel reply-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void submit(feed, post.id))}>
    ${errorSummaryTemplate(t.t('community.errorSummary'), feed.errors, feed.renderRoot, 'h4')}
    <div class="field ${error ? 'field--error' : ''}">
      <label for="reply-body">${t.t('community.reply.label')}</label>
      ${error ? fieldErrorTemplate(feed.t, 'reply-body-error', error.message) : nothing}
      <textarea
        id="reply-body"
        rows="3"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'reply-body-error' : nothing}
        .value=${writing(feed).replyDraft.value}
        @input=${(event: Event) => ((writing(feed).replyDraft.update((event.target as HTMLTextAreaElement).value)), (feed.detailsWarning = undefined), feed.requestUpdate())}
      ></textarea>
      ${writing(feed).replyDraft.restored ? html`<p class="hint">${t.t('core.draft.restored')}</p>` : nothing}
    </div>
    ${renderSafetyNotes(feed, writing(feed).replyDraft.value)}
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => ((feed.replyTo = undefined), (feed.errors = []), (feed.detailsWarning = undefined))}>${t.t('community.cancel')}</button>
      <button type="submit" class="care-button">${feed.detailsWarning ? t.t('community.details.postAnyway') : t.t('community.reply.submit')}</button>
    </div>
  </form>`;
}

export function renderEdit(feed: CommunityFeed, post: CommunityPost): TemplateResult {
  const t = feed.t;
  const error = feed.errors.find((candidate) => candidate.field === 'edit-body');
  return html`<form class="form-panel edit-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void saveEdit(feed, post))}>
    <div class="field ${error ? 'field--error' : ''}">
      <label for="edit-body">${t.t('community.edit.label')}</label>
      ${error ? fieldErrorTemplate(feed.t, 'edit-body-error', error.message) : nothing}
      <textarea id="edit-body" rows="4" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'edit-body-error' : nothing} .value=${feed.editBody} @input=${(event: Event) => (feed.editBody = (event.target as HTMLTextAreaElement).value)}></textarea>
    </div>
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => (feed.editing = undefined)}>${t.t('community.cancel')}</button>
      <button type="submit" class="care-button">${t.t('community.edit.save')}</button>
    </div>
  </form>`;
}

export function renderReport(feed: CommunityFeed, post: CommunityPost): TemplateResult {
  const t = feed.t;
  const reasonError = feed.errors.find((error) => error.field.startsWith('report-reason-'));
  const detailsError = feed.errors.find((error) => error.field === 'report-details');
  return html`<form class="form-panel report-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void sendReport(feed, post))}>
    ${errorSummaryTemplate(t.t('community.errorSummary'), feed.errors, feed.renderRoot, 'h4')}
    <fieldset class=${reasonError ? 'field--error' : ''} aria-describedby=${reasonError ? 'report-reason-error' : nothing}>
      <legend>${t.t('community.report.legend')}</legend>
      ${reasonError ? fieldErrorTemplate(feed.t, 'report-reason-error', reasonError.message) : nothing}
      ${REPORT_REASONS.map(
        (reason) => html`<label class="choice"
          ><input type="radio" name="report-reason" id=${`report-reason-${reason}`} .checked=${feed.reportReason === reason} @change=${() => (feed.reportReason = reason)} />
          ${t.t(`community.report.reason.${reason}`)}</label
        >`,
      )}
    </fieldset>
    <div class="field ${detailsError ? 'field--error' : ''}">
      <label for="report-details">${t.t('community.report.details')}</label>
      ${detailsError ? fieldErrorTemplate(feed.t, 'report-details-error', detailsError.message) : nothing}
      <textarea id="report-details" rows="2" aria-invalid=${detailsError ? 'true' : 'false'} aria-describedby=${detailsError ? 'report-details-error' : nothing} .value=${feed.reportDetails} @input=${(event: Event) => (feed.reportDetails = (event.target as HTMLTextAreaElement).value)}></textarea>
    </div>
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => ((feed.reporting = undefined), (feed.errors = []))}>${t.t('community.cancel')}</button>
      <button type="submit" class="care-button">${t.t('community.report.submit')}</button>
    </div>
  </form>`;
}
