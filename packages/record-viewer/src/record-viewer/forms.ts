/**
 * The record viewer's forms and whole-record actions, loaded on demand: adding a reading or a
 * note, asking for a correction, sharing the record, and building the FHIR export or the print
 * copy, with their English. Most visits only read the record, so its first view comes without
 * this code (see `formsCode` in record-viewer.ts). Functions of the viewer, which holds the state.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import {
  dateTimeFormat,
  errorSummaryTemplate,
  loadingTemplate,
  printInFrame,
  RECORD_SECTIONS,
  registerDefaultMessages,
  retryTransient,
  type CareAdapter,
  type FhirResource,
  type FieldError,
  type RecordItem,
  type RecordShare,
  type ShareInput,
} from '@careline/core';
import { humanName } from '../fhir/display.js';
import { enForms } from '../i18n/en-forms.js';
import type { RecordMessageKey } from '../i18n/keys.js';
import { viewItem } from './record-view-model.js';
import { READING_KINDS, noteResource, readingResource, type ReadingKind } from './readings.js';
import { SCOPE, emptyShare, itemsOf, type RecordViewer } from './record-viewer.js';

const NOTE_MAX_LENGTH = 2000;

/** The English of these forms: a host's own wording for the same keys, registered earlier, is kept. */
export function registerFormMessages(): void {
  registerDefaultMessages('en', enForms);
}

const PRINT_CSS = `
  body { font: 12pt/1.4 system-ui, sans-serif; color: #000; margin: 1.5cm; }
  h1 { font-size: 18pt; margin: 0 0 4pt; }
  h2 { font-size: 14pt; margin: 16pt 0 4pt; border-block-end: 1pt solid #000; }
  table { border-collapse: collapse; inline-size: 100%; }
  td { vertical-align: top; padding: 4pt 6pt; border-block-end: 0.5pt solid #888; }
  td:first-child { white-space: nowrap; inline-size: 9em; }
  td:last-child { inline-size: 12em; font-size: 10pt; }
  section { break-inside: auto; }
  tr { break-inside: avoid; }
`;

/** The Patient and every item of every section, every page. */
async function readWholeRecord(viewer: RecordViewer, adapter: CareAdapter, signal: AbortSignal): Promise<{ patient: FhirResource; items: RecordItem[] }> {
  const records = adapter.records!;
  const patient = await retryTransient((s) => records.getPatient({ signal: s }), { signal });
  const items: RecordItem[] = [];
  for (const section of RECORD_SECTIONS) {
    let cursor: string | undefined;
    do {
      const page = await retryTransient((s) => records.listSection(section, { limit: 100, cursor }, { signal: s }), { signal });
      // Each under the section it was listed in, as the viewer shows it, whatever (if anything) its own `section` says.
      items.push(...itemsOf(page.items).map((item) => (item.section === section ? item : { ...item, section })));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return { patient, items };
}

/** Every section, every page, as a FHIR collection Bundle with the Patient first. */
export async function buildExport(viewer: RecordViewer, adapter: CareAdapter, signal: AbortSignal): Promise<FhirResource> {
  const { patient, items } = await readWholeRecord(viewer, adapter, signal);
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date().toISOString(),
    // Only FHIR resources: an item a backend sent without one (or with something else) would make the Bundle invalid.
    entry: [patient, ...items.map((item) => item.resource)].filter(isFhirResource).map((resource) => ({ resource })),
  };
}

/**
 * A print-friendly copy of the whole record, printed from a blank frame so the host
 * page (menus, adverts) is not printed with it.
 */
export async function printRecord(viewer: RecordViewer, adapter: CareAdapter, signal: AbortSignal): Promise<void> {
  const { patient, items } = await readWholeRecord(viewer, adapter, signal);
  const t = viewer.t;
  const locale = viewer.care.locale;
  const name = humanName(patient['name']);
  printInFrame(viewer.renderRoot, {
    lang: locale,
    dir: viewer.care.dir,
    title: t.t('record.title'),
    css: PRINT_CSS,
    fill: (body) =>
      render(
        html`<h1>${name ? t.t('record.title.named', { name }) : t.t('record.title')}</h1>
          <p>${t.t('record.print.printed', { date: dateTimeFormat(locale, { dateStyle: 'long' }).format(new Date()) })}</p>
          ${RECORD_SECTIONS.filter((section) => viewer.sections.includes(section) || viewer.sections.includes('summary')).map((section) => {
            const sectionItems = items.filter((item) => item.section === section);
            return html`<section>
              <h2>${t.t(`record.section.${section}`)}</h2>
              ${sectionItems.length === 0
                ? html`<p>${t.t('record.empty.notRecorded')}</p>`
                : html`<table>
                    <tbody>
                      ${sectionItems.map((item) => {
                        const view = viewItem(item, locale);
                        // Who entered it only as the backend said, as in the list: an odd provenance claims nobody; an organisation that is not text is left out.
                        const enteredBy = item.provenance?.enteredBy;
                        const by = enteredBy === 'patient' ? t.t('record.provenance.patient') : enteredBy === 'clinician' ? t.t('record.provenance.clinician') : '';
                        const organisation = typeof item.provenance?.organisation === 'string' ? item.provenance.organisation : '';
                        return html`<tr>
                          <td>${view.date ?? t.t('record.noDate')}</td>
                          <td><strong>${view.title ?? t.t('record.untitled')}</strong>${view.value ? html` — ${view.value}` : nothing}${view.range ? html`<br />${t.t('record.lab.range', { range: view.range.text })}` : nothing}${view.details.map((detail) => html`<br />${t.t(`record.detail.${detail.label}`)}: ${viewer.detailText(detail)}`)}</td>
                          <td>${by}${organisation ? html`${by ? html`<br />` : nothing}${organisation}` : nothing}</td>
                        </tr>`;
                      })}
                    </tbody>
                  </table>`}
            </section>`;
          })}`,
        body,
      ),
  });
}

async function submitReading(viewer: RecordViewer): Promise<void> {
  const config = viewer.care.config;
  if (!config) return;
  const kind = READING_KINDS[viewer.readingKind];
  const errors: FieldError[] = [];
  const numbers: Record<string, number> = {};
  for (const field of kind.fields) {
    const raw = (viewer.readingValues[field.id] ?? '').trim().replace(',', '.');
    const value = Number(raw);
    if (!raw) errors.push({ field: `reading-${field.id}`, message: viewer.t.t('record.reading.error.missing', { field: viewer.t.t(field.label) }) });
    else if (!Number.isFinite(value) || value < field.min || value > field.max) {
      errors.push({ field: `reading-${field.id}`, message: viewer.t.t('record.reading.error.range', { field: viewer.t.t(field.label), min: field.min, max: field.max, unit: field.unit }) });
    } else numbers[field.id] = value;
  }
  const when = viewer.readingValues['when'];
  if (when && Date.parse(when) > Date.now() + 60_000) errors.push({ field: 'reading-when', message: viewer.t.t('record.reading.error.future') });
  if (await viewer.showErrors(errors)) return;
  const effective = when ? new Date(when).toISOString() : new Date().toISOString();
  const outbox = await viewer.outboxOrError(`reading-${kind.fields[0]!.id}`);
  if (!outbox) return;
  await outbox.enqueue(
    'records.addEntry',
    { section: kind.section, resource: readingResource(viewer.readingKind, numbers, effective, viewer.readingNote.trim() || undefined) },
    { scope: SCOPE },
  );
  viewer.announcement = viewer.t.t('record.reading.queued');
  viewer.closeForm();
}

async function submitNote(viewer: RecordViewer): Promise<void> {
  const config = viewer.care.config;
  if (!config) return;
  const text = viewer.noteText.trim();
  const error = !text
    ? viewer.t.t('record.note.error.empty')
    : text.length > NOTE_MAX_LENGTH
      ? viewer.t.t('record.note.error.long', { max: NOTE_MAX_LENGTH })
      : undefined;
  if (await viewer.showErrors(error ? [{ field: 'note-text', message: error }] : [])) return;
  const outbox = await viewer.outboxOrError('note-text');
  if (!outbox) return;
  await outbox.enqueue('records.addEntry', { section: 'documents', resource: noteResource(text, viewer.t.t('record.note.name')) }, { scope: SCOPE });
  viewer.announcement = viewer.t.t('record.note.queued');
  viewer.closeForm();
}

async function submitCorrection(viewer: RecordViewer, item: RecordItem): Promise<void> {
  const config = viewer.care.config;
  if (!config) return;
  const reason = viewer.correctionReason.trim();
  if (await viewer.showErrors(reason ? [] : [{ field: 'correction-reason', message: viewer.t.t('record.correction.error.reason') }])) return;
  const outbox = await viewer.outboxOrError('correction-reason');
  if (!outbox) return;
  await outbox.enqueue('records.requestCorrection', { itemId: item.id, reason }, { scope: SCOPE });
  viewer.announcement = viewer.t.t('record.correction.queued');
  viewer.closeForm();
}

async function submitShare(viewer: RecordViewer): Promise<void> {
  const config = viewer.care.config;
  if (!config) return;
  const t = viewer.t;
  const share = viewer.share;
  const errors: FieldError[] = [];
  if (!share.name.trim()) errors.push({ field: 'share-name', message: t.t('record.share.error.name') });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(share.email.trim())) errors.push({ field: 'share-email', message: t.t('record.share.error.email') });
  if (!share.sections.length) errors.push({ field: `share-section-${RECORD_SECTIONS[0]}`, message: t.t('record.share.error.sections') });
  if (share.until && share.until <= new Date().toISOString().slice(0, 10)) errors.push({ field: 'share-until', message: t.t('record.share.error.until') });
  if (await viewer.showErrors(errors)) return;
  const outbox = await viewer.outboxOrError('share-name');
  if (!outbox) return;
  await outbox.enqueue(
    'records.sharing.share',
    {
      sections: share.sections,
      recipient: { name: share.name.trim(), email: share.email.trim(), ...(share.relationship.trim() ? { relationship: share.relationship.trim() } : {}) },
      ...(share.until ? { until: share.until } : {}),
    },
    { scope: SCOPE },
  );
  viewer.announcement = t.t('record.share.queued', { name: share.name.trim() });
  viewer.share = emptyShare();
}

async function revoke(viewer: RecordViewer, share: RecordShare): Promise<void> {
  const config = viewer.care.config;
  if (!config) return;
  const outbox = await viewer.outboxOrError();
  if (!outbox) return;
  await outbox.enqueue('records.sharing.revokeShare', { shareId: share.id }, { scope: SCOPE });
  viewer.announcement = viewer.t.t('record.share.revoking', { name: share.recipient.name });
}

function renderErrorSummary(viewer: RecordViewer): TemplateResult | typeof nothing {
  return errorSummaryTemplate(viewer.t.t('record.errorSummary'), viewer.errors, viewer.renderRoot, 'h4');
}

function errorFor(viewer: RecordViewer, field: string): FieldError | undefined {
  return viewer.errors.find((error) => error.field === field);
}

export function renderNoteForm(viewer: RecordViewer): TemplateResult {
  const t = viewer.t;
  const error = errorFor(viewer, 'note-text');
  const remaining = NOTE_MAX_LENGTH - viewer.noteText.trim().length;
  return html`<form class="form-panel note" novalidate @submit=${(event: Event) => (event.preventDefault(), void submitNote(viewer))}>
    <h4 tabindex="-1">${t.t('record.note.title')}</h4>
    ${renderErrorSummary(viewer)}
    <div class="field ${error ? 'field--error' : ''}">
      <label for="note-text">${t.t('record.note.label')}</label>
      <p class="hint" id="note-hint">${t.t('record.note.hint')}</p>
      ${error ? html`<p class="error" id="note-error"><span class="care-visually-hidden">${t.t('record.error.prefix')}</span> ${error.message}</p>` : nothing}
      <textarea
        id="note-text"
        rows="5"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'note-hint note-count note-error' : 'note-hint note-count'}
        .value=${viewer.noteText}
        @input=${(event: Event) => (viewer.noteText = (event.target as HTMLTextAreaElement).value)}
      ></textarea>
      <p class="hint" id="note-count">${remaining >= 0 ? t.t('record.note.remaining', { count: remaining }) : t.t('record.note.over', { count: -remaining })}</p>
    </div>
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => viewer.closeForm()}>${t.t('record.cancel')}</button>
      <button type="submit" class="care-button">${t.t('record.note.save')}</button>
    </div>
  </form>`;
}

export function renderReadingForm(viewer: RecordViewer): TemplateResult {
  const t = viewer.t;
  const kind = READING_KINDS[viewer.readingKind];
  return html`<form class="form-panel reading" novalidate @submit=${(event: Event) => (event.preventDefault(), void submitReading(viewer))}>
    <h4 tabindex="-1">${t.t('record.reading.title')}</h4>
    <p class="hint">${t.t('record.reading.hint')}</p>
    ${renderErrorSummary(viewer)}
    <div class="field">
      <label for="reading-kind">${t.t('record.reading.kind')}</label>
      <select id="reading-kind" @change=${(event: Event) => ((viewer.readingKind = (event.target as HTMLSelectElement).value as ReadingKind), (viewer.errors = []))}>
        ${Object.entries(READING_KINDS).map(([id, candidate]) => html`<option value=${id} ?selected=${id === viewer.readingKind}>${t.t(candidate.label)}</option>`)}
      </select>
    </div>
    ${kind.fields.map((field) => {
      const id = `reading-${field.id}`;
      const error = errorFor(viewer, id);
      return html`<div class="field ${error ? 'field--error' : ''}">
        <label for=${id}>${t.t(field.label)} (${field.unit})</label>
        ${error ? html`<p class="error" id=${`${id}-error`}><span class="care-visually-hidden">${t.t('record.error.prefix')}</span> ${error.message}</p>` : nothing}
        <input
          id=${id}
          type="text"
          inputmode="decimal"
          autocomplete="off"
          class="short"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `${id}-error` : nothing}
          .value=${viewer.readingValues[field.id] ?? ''}
          @input=${(event: Event) => (viewer.readingValues = { ...viewer.readingValues, [field.id]: (event.target as HTMLInputElement).value })}
        />
      </div>`;
    })}
    <div class="field ${errorFor(viewer, 'reading-when') ? 'field--error' : ''}">
      <label for="reading-when">${t.t('record.reading.when')}</label>
      <p class="hint" id="reading-when-hint">${t.t('record.reading.whenHint')}</p>
      ${errorFor(viewer, 'reading-when') ? html`<p class="error" id="reading-when-error">${errorFor(viewer, 'reading-when')!.message}</p>` : nothing}
      <input
        id="reading-when"
        type="datetime-local"
        aria-describedby=${errorFor(viewer, 'reading-when') ? 'reading-when-hint reading-when-error' : 'reading-when-hint'}
        .value=${viewer.readingValues['when'] ?? ''}
        @input=${(event: Event) => (viewer.readingValues = { ...viewer.readingValues, when: (event.target as HTMLInputElement).value })}
      />
    </div>
    <div class="field">
      <label for="reading-note">${t.t('record.reading.note')}</label>
      <textarea id="reading-note" rows="2" .value=${viewer.readingNote} @input=${(event: Event) => (viewer.readingNote = (event.target as HTMLTextAreaElement).value)}></textarea>
    </div>
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => viewer.closeForm()}>${t.t('record.cancel')}</button>
      <button type="submit" class="care-button">${t.t('record.reading.save')}</button>
    </div>
  </form>`;
}

export function renderSharing(viewer: RecordViewer): TemplateResult {
  const t = viewer.t;
  const pendingShares = viewer.outbox.entries.filter((entry) => entry.op === 'records.sharing.share');
  const revoking = new Set(viewer.outbox.entries.filter((entry) => entry.op === 'records.sharing.revokeShare').map((entry) => (entry.input as { shareId: string }).shareId));
  const list = viewer.sharesTask.render({
    initial: () => loadingTemplate(t),
    pending: () => (viewer.sharesTask.value ? renderShareList(viewer, viewer.sharesTask.value, revoking) : loadingTemplate(t)),
    error: (error) => viewer.renderError(error, () => void viewer.sharesTask.run()),
    complete: (shares) => renderShareList(viewer, shares ?? [], revoking),
  });
  return html`<p class="hint">${t.t('record.share.intro')}</p>
    <h4>${t.t('record.share.current')}</h4>
    ${list}
    ${pendingShares.length
      ? html`<ul class="items pending">
          ${pendingShares.map((entry) => html`<li class="item pending" data-state=${entry.state}>${t.t('record.share.waiting', { name: (entry.input as ShareInput).recipient.name })}</li>`)}
        </ul>`
      : nothing}
    ${renderShareForm(viewer)}`;
}

function renderShareList(viewer: RecordViewer, shares: readonly RecordShare[], revoking: ReadonlySet<string>): TemplateResult {
  const t = viewer.t;
  const live = shares.filter((share) => share.status !== 'revoked');
  if (!live.length) return html`<p class="hint" data-state="empty">${t.t('record.share.none')}</p>`;
  return html`<ul class="items shares">
    ${live.map(
      (share) => html`<li class="item share">
        <p class="item-title">${share.recipient.name}${share.recipient.relationship ? html` <span class="hint">(${share.recipient.relationship})</span>` : nothing}</p>
        <p class="item-meta">
          <span>${share.sections.map((section) => t.t(`record.section.${section}`)).join(', ')}</span>
          <span>${share.until ? t.t('record.share.until', { date: dateTimeFormat(viewer.care.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${share.until}T00:00:00Z`)) }) : t.t('record.share.untilStopped')}</span>
          <span class="status">${t.t(share.status === 'pending' ? 'record.share.status.pending' : 'record.share.status.active')}</span>
        </p>
        ${revoking.has(share.id)
          ? html`<p class="hint" role="status">${t.t('record.share.revoking', { name: share.recipient.name })}</p>`
          : html`<div class="item-actions"><button type="button" class="link revoke" @click=${() => void revoke(viewer, share)}>${t.t('record.share.revoke', { name: share.recipient.name })}</button></div>`}
      </li>`,
    )}
  </ul>`;
}

function renderShareForm(viewer: RecordViewer): TemplateResult {
  const t = viewer.t;
  const share = viewer.share;
  const text = (id: 'name' | 'relationship' | 'email', label: RecordMessageKey, type: 'text' | 'email', hint?: RecordMessageKey) => {
    const field = `share-${id}`;
    const error = errorFor(viewer, field);
    const described = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field ${error ? 'field--error' : ''}">
      <label for=${field}>${t.t(label)}</label>
      ${hint ? html`<p class="hint" id=${`${field}-hint`}>${t.t(hint)}</p>` : nothing}
      ${error ? html`<p class="error" id=${`${field}-error`}><span class="care-visually-hidden">${t.t('record.error.prefix')}</span> ${error.message}</p>` : nothing}
      <input
        id=${field}
        type=${type}
        autocomplete="off"
        spellcheck="false"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        .value=${share[id]}
        @input=${(event: Event) => (viewer.share = { ...viewer.share, [id]: (event.target as HTMLInputElement).value })}
      />
    </div>`;
  };
  const sectionsError = viewer.errors.find((error) => error.field.startsWith('share-section-'));
  const untilError = errorFor(viewer, 'share-until');
  return html`<form class="form-panel share-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void submitShare(viewer))}>
    <h4 tabindex="-1">${t.t('record.share.add')}</h4>
    ${renderErrorSummary(viewer)}
    ${text('name', 'record.share.name', 'text')} ${text('relationship', 'record.share.relationship', 'text', 'record.share.relationshipHint')}
    ${text('email', 'record.share.email', 'email', 'record.share.emailHint')}
    <fieldset class=${sectionsError ? 'field--error' : ''} aria-describedby=${sectionsError ? 'share-sections-error' : nothing}>
      <legend>${t.t('record.share.sections')}</legend>
      ${sectionsError ? html`<p class="error" id="share-sections-error"><span class="care-visually-hidden">${t.t('record.error.prefix')}</span> ${sectionsError.message}</p>` : nothing}
      ${RECORD_SECTIONS.map(
        (section) => html`<label class="choice"
          ><input
            type="checkbox"
            id=${`share-section-${section}`}
            .checked=${share.sections.includes(section)}
            @change=${(event: Event) =>
              (viewer.share = {
                ...viewer.share,
                sections: (event.target as HTMLInputElement).checked ? [...viewer.share.sections, section] : viewer.share.sections.filter((chosen) => chosen !== section),
              })}
          />
          ${t.t(`record.section.${section}`)}</label
        >`,
      )}
    </fieldset>
    <div class="field ${untilError ? 'field--error' : ''}">
      <label for="share-until">${t.t('record.share.untilLabel')}</label>
      <p class="hint" id="share-until-hint">${t.t('record.share.untilHint')}</p>
      ${untilError ? html`<p class="error" id="share-until-error"><span class="care-visually-hidden">${t.t('record.error.prefix')}</span> ${untilError.message}</p>` : nothing}
      <input
        id="share-until"
        type="date"
        aria-invalid=${untilError ? 'true' : 'false'}
        aria-describedby=${untilError ? 'share-until-hint share-until-error' : 'share-until-hint'}
        .value=${share.until}
        @input=${(event: Event) => (viewer.share = { ...viewer.share, until: (event.target as HTMLInputElement).value })}
      />
    </div>
    <div class="actions"><button type="submit" class="care-button">${t.t('record.share.submit')}</button></div>
  </form>`;
}

export function renderCorrectionForm(viewer: RecordViewer, item: RecordItem): TemplateResult {
  const t = viewer.t;
  const error = errorFor(viewer, 'correction-reason');
  const view = viewItem(item, viewer.care.locale);
  return html`<form class="form-panel correction" novalidate @submit=${(event: Event) => (event.preventDefault(), void submitCorrection(viewer, item))}>
    <h4 tabindex="-1">${t.t('record.correction.title', { item: view.title ?? t.t('record.untitled') })}</h4>
    ${renderErrorSummary(viewer)}
    <div class="field ${error ? 'field--error' : ''}">
      <label for="correction-reason">${t.t('record.correction.reason')}</label>
      <p class="hint" id="correction-hint">${t.t('record.correction.hint')}</p>
      ${error ? html`<p class="error" id="correction-error"><span class="care-visually-hidden">${t.t('record.error.prefix')}</span> ${error.message}</p>` : nothing}
      <textarea
        id="correction-reason"
        rows="3"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'correction-hint correction-error' : 'correction-hint'}
        .value=${viewer.correctionReason}
        @input=${(event: Event) => (viewer.correctionReason = (event.target as HTMLTextAreaElement).value)}
      ></textarea>
    </div>
    <div class="actions">
      <button type="button" class="care-button" data-variant="secondary" @click=${() => viewer.closeForm()}>${t.t('record.cancel')}</button>
      <button type="submit" class="care-button">${t.t('record.correction.submit')}</button>
    </div>
  </form>`;
}

function isFhirResource(value: unknown): value is FhirResource {
  return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
}
