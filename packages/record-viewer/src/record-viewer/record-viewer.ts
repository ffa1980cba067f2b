import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import {
  idPart,
  CareAskEducatorEvent,
  CareElement,
  CareError,
  dateTimeFormat,
  CareShareToCommunityEvent,
  NetworkController,
  DEFAULT_NAMESPACE,
  OutboxController,
  onDemand,
  OnDemandViewsController,
  updateCompleteWithViews,
  type ViewPlaceholderOptions,
  RECORD_SECTIONS,
  emptyTemplate,
  errorTemplate,
  formStyles,
  isAbortError,
  isCareError,
  loadingTemplate,
  offlineTemplate,
  prepareFormatters,
  retryTransient,
  viewFetchTiming,
  type CareAdapter,
  type CareConfig,
  type FhirResource,
  type FieldError,
  type Outbox,
  type OutboxEntry,
  type RecordItem,
  type RecordSection,
  type RecordShare,
} from '@careline/core';
import { SECTION_FORMATS, humanName, quantityUnit, roundForDisplay } from '../fhir/display.js';
import type { EncryptedRecordCache } from '../record-cache/record-cache.js';
import { recordCopyDatabaseName } from '../record-cache/name.js';
import { registerRecordMessages } from '../i18n/index.js';
import { CareRecordExportEvent, CareRecordSectionEvent } from '../events.js';
import { DEFAULT_VIEW_SECTIONS, groupByTest, viewItem, type ItemView, type ViewSection } from './record-view-model.js';
import { recordViewerStyles } from './record-viewer.styles.js';
import type { TrendPoint } from './trend-chart.js';
import type { ReadingKind } from './readings.js';
import { KNOWN_STATUSES, type KnownStatus } from '../i18n/keys.js';

interface SectionData {
  items: RecordItem[];
  nextCursor: string | undefined;
  total: number | undefined;
}

/** A failed fetch (offline) is tried again with the next trend. */
const trendChartCode = onDemand(() =>
  import('./trend-chart.js').then((module) => {
    module.registerTrendMessages();
    return module;
  }),
);

/**
 * The offline copy's code (AES-GCM over IndexedDB), fetched only by a viewer with `offline-copy`:
 * most never opt in. It is asked for with the first section, while online, so it is there to read
 * the copy back when the network goes.
 */
const recordCacheCode = onDemand(() => import('../record-cache/record-cache.js'));

/** @internal The outbox scope of the viewer's writes. */
export const SCOPE = 'records';

/** @internal Where the forms come from: a test can make the download fail. */
export const formsSource = { fetch: () => import('./forms.js') };
/** The forms and whole-record actions (forms.ts), fetched once per page when a patient reaches for one: most visits only read. */
const formsCode = onDemand(() =>
  formsSource.fetch().then((code) => {
    code.registerFormMessages();
    return code;
  }),
);
type FormsCode = NonNullable<typeof formsCode.value>;
/** The buttons that open a form or need its code: reaching for one fetches the forms. */
const FORM_OPENERS = 'button.correct, button.add-note, button.add-reading, button.open-sharing, button.export, button.print';
/** A shared trend carries at most the last this many values. */
const SHARE_MAX_VALUES = 12;
const CURRENT_MEDICATION = new Set(['active', 'on-hold', 'intended']);
const NOT_CURRENT = new Set(['inactive', 'resolved', 'refuted', 'entered-in-error']);
const SEVERITIES = ['mild', 'moderate', 'severe'] as const;
const SUMMARY_PARTS: RecordSection[] = ['allergies', 'conditions', 'medications'];
const TREND_LIMIT = 100;
/** A trend reads at most this many pages (10,000 results): enough for any real history, bounded for a broken server. */
const TREND_MAX_PAGES = 100;

const sectionsConverter = {
  fromAttribute(value: string | null): ViewSection[] {
    const wanted = (value ?? '')
      .split(/[\s,]+/)
      .map((part) => part.trim())
      .filter((part): part is ViewSection => part === 'summary' || (RECORD_SECTIONS as readonly string[]).includes(part));
    return wanted.length ? [...new Set(wanted)] : [...DEFAULT_VIEW_SECTIONS];
  },
  toAttribute(value: ViewSection[]): string {
    return value.join(',');
  },
};

/**
 * The patient's own health record: a summary, medications, conditions, lab
 * results with trends, vital signs, immunizations, allergies, visits,
 * appointments, documents and bills, read through the adapter's `records` port.
 * Patients add their own readings, ask for corrections, download their record
 * as FHIR JSON and ask an educator about any item.
 *
 * Nothing from the record is written to browser storage (unless the host sets
 * `offline-copy`: then encrypted), URLs, titles, events or the console.
 *
 * @summary A patient's health record, with trends, their own readings and correction requests.
 *
 * @event {CareRecordSectionEvent} care-record-section - The patient opened a section. `section` only.
 * @event {CareRecordExportEvent} care-record-export - The patient downloaded their record. `format` only.
 *
 * @csspart base - The widget's outer box.
 * @csspart nav - The list of sections.
 * @csspart section - The section being shown.
 * @csspart item - One record item.
 * @csspart trend - A lab trend (chart and table).
 * @csspart state - Loading, empty, error and offline panels.
 *
 * @cssproperty [--care-record-nav-width=14rem] - Width of the section list beside the content on wide screens.
 * @cssproperty [--care-record-flag-color=var(--care-color-error)] - Colour of the lab's high/low flags.
 * @cssproperty [--care-record-band-color=rgb(0 127 59 / 0.12)] - Fill of the reference range band in trends.
 * @cssproperty [--care-record-line-color=var(--care-color-primary)] - Colour of the trend line.
 */
export class RecordViewer extends CareElement {
  static override styles = [CareElement.styles, formStyles, recordViewerStyles];
  static override requiredPort = 'records' as const;

  /** Which sections appear, in order (comma- or space-separated): summary, medications, conditions, labs, vitals, immunizations, allergies, encounters, appointments, documents, bills. */
  @property({ converter: sectionsConverter }) sections: ViewSection[] = [...DEFAULT_VIEW_SECTIONS];

  /** The section shown. Defaults to the first of `sections`. */
  @property({ reflect: true }) section: ViewSection | undefined;

  /** Items per page. */
  @property({ attribute: 'page-size', type: Number }) pageSize = 20;

  /**
   * Opt-in: keep an encrypted copy of each section's first page on this device, shown
   * when the record cannot be reached (offline). Off by default: then nothing from
   * the record is stored. Sign-out deletes the copy and its key.
   */
  @property({ attribute: 'offline-copy', type: Boolean }) offlineCopy = false;

  /** When the copy on screen was saved, while the record cannot be reached. */
  @state() private savedCopyAt: number | undefined;

  @state() private loaded = new Map<RecordSection, SectionData>();
  @state() private filterText = '';
  @state() private trendKey: string | undefined;
  /** The first row of the trend's table shown, counted from the newest result. */
  /** @internal */
  @state() trendStart = 0;
  /** The open trend's points, computed once per loaded history and locale. */
  /** @internal */
  trendPoints: { items: readonly RecordItem[]; locale: string; points: TrendPoint[] } | undefined;
  @state() private form: { kind: 'reading' } | { kind: 'note' } | { kind: 'correction'; item: RecordItem } | undefined;
  /** @internal */
  @state() noteText = '';
  /** @internal */
  @state() errors: FieldError[] = [];
  /** @internal */
  @state() readingKind: ReadingKind = 'glucose';
  /** @internal */
  @state() readingValues: Record<string, string> = {};
  /** @internal */
  @state() readingNote = '';
  /** @internal */
  @state() correctionReason = '';
  /** @internal */
  @state() announcement = '';
  /** The sharing screen instead of a section. */
  @state() private sharing = false;
  /** @internal */
  @state() share: { name: string; relationship: string; email: string; until: string; sections: RecordSection[] } = emptyShare();
  // Back online after a failed load: try again without making the patient press a button.
  private readonly network = new NetworkController(this, (online) => online && this.sectionTask.status === TaskStatus.ERROR && void this.sectionTask.run());
  /** Correction references by item id, once the server gave them (this page view only). */
  private readonly corrections = new Map<string, string>();
  /** @internal */
  readonly outbox = new OutboxController(this, () => this.care.config, { scope: SCOPE }, (event) => event.type === 'sent' && this.onSent(event.entry, event.result));
  private boundConfig: CareConfig | undefined;
  private cache: { namespace: string; store: EncryptedRecordCache } | undefined;
  private neighbours = { chatOnPage: false, feedOnPage: false };

  /** The forms and whole-record actions, fetched on demand. */
  private readonly forms = new OnDemandViewsController(this, formsCode, FORM_OPENERS);
  /** Where an open form goes while its code cannot be fetched: "Cancel" closes it; "Try again" ends on its heading. */
  private readonly formPlaceholder: ViewPlaceholderOptions = { cancel: () => this.closeForm(), focus: '.form-panel h4' };

  private readonly patient = new Task(this, {
    task: async ([adapter], { signal }) => {
      if (this.signedOutHere) return undefined;
      return adapter?.records ? retryTransient((s) => adapter.records!.getPatient({ signal: s }), { signal }) : undefined;
    },
    args: () => [this.care.config?.adapter] as const,
  });

  private readonly sectionTask = new Task(this, {
    task: async ([adapter, section, pageSize, offlineCopy], { signal }) => {
      if (!adapter?.records || !section) return undefined;
      // Signed out on this page: nothing is asked for, even if the backend still knows the last patient.
      if (this.signedOutHere) throw new CareError('unauthorized', 'Signed out on this page.');
      // Its dates and numbers' formatters are built while the section is on its way.
      prepareFormatters(this.care.locale, SECTION_FORMATS);
      if (offlineCopy) void recordCacheCode.load().catch(() => undefined);
      try {
        if (section === 'summary') await this.loadSummary(adapter, signal);
        else {
          const records = adapter.records;
          const page = await retryTransient((s) => records.listSection(section, { limit: pageSize }, { signal: s }), { signal });
          this.loaded = new Map(this.loaded).set(section, { items: itemsOf(page.items), nextCursor: page.nextCursor, total: page.total });
        }
        this.savedCopyAt = undefined;
        if (offlineCopy) void this.saveCopy(section);
      } catch (error) {
        if (!offlineCopy || isAbortError(error) || !isCareError(error) || !(['offline', 'timeout', 'server'] as string[]).includes(error.kind)) throw error;
        if (!(await this.restoreCopy(section))) throw error;
      }
      return section;
    },
    args: () => [this.care.config?.adapter, this.currentSection, this.pageSize, this.offlineCopy] as const,
  });

  private readonly moreTask = new Task(this, {
    autoRun: false,
    task: async ([adapter, section]: readonly [CareAdapter | undefined, RecordSection], { signal }) => {
      const data = this.loaded.get(section);
      if (!adapter?.records || !data?.nextCursor) return;
      const records = adapter.records;
      const page = await retryTransient((s) => records.listSection(section, { limit: this.pageSize, cursor: data.nextCursor }, { signal: s }), { signal });
      const known = new Set(data.items.map((item) => item.id));
      this.loaded = new Map(this.loaded).set(section, {
        items: [...data.items, ...itemsOf(page.items).filter((item) => !known.has(item.id))],
        nextCursor: page.nextCursor,
        total: page.total ?? data.total,
      });
      this.announcement = this.t.t('record.more.loaded', { count: page.items.length });
    },
  });

  private readonly trendTask = new Task(this, {
    task: async ([adapter, section, key], { signal }) => {
      if (!adapter?.records || !key || (section !== 'labs' && section !== 'vitals')) return undefined;
      const records = adapter.records;
      // The chart's code comes with the first trend a patient opens, alongside its results.
      const chart = trendChartCode.load();
      chart.catch(() => undefined); // Reported by the await below, if the results arrive.
      const items: RecordItem[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < TREND_MAX_PAGES; page++) {
        const result = await retryTransient((s) => records.listSection(section, { code: key, limit: TREND_LIMIT, cursor }, { signal: s }), { signal });
        items.push(...itemsOf(result.items));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      await chart;
      return items;
    },
    args: () => [this.care.config?.adapter, this.currentSection, this.trendKey] as const,
  });

  private readonly exportTask = new Task(this, {
    autoRun: false,
    task: async ([adapter]: readonly [CareAdapter | undefined], { signal }) => {
      if (!adapter?.records) return;
      const bundle = await (await this.formsOrThrow()).buildExport(this, adapter, signal);
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' }));
      const link = document.createElement('a');
      link.href = url;
      // A neutral name: the file name must not carry health data or the patient's name.
      link.download = `health-record-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.dispatchEvent(new CareRecordExportEvent('fhir-json'));
      this.announcement = this.t.t('record.export.done');
    },
  });

  private readonly printTask = new Task(this, {
    autoRun: false,
    task: async ([adapter]: readonly [CareAdapter | undefined], { signal }) => {
      if (adapter?.records) await (await this.formsOrThrow()).printRecord(this, adapter, signal);
    },
  });

  /** @internal */
  readonly sharesTask = new Task(this, {
    task: async ([adapter, open], { signal }) => {
      const sharing = adapter?.records?.sharing;
      if (!sharing || !open) return undefined;
      return retryTransient((s) => sharing.listShares({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter, this.sharing] as const,
  });

  constructor() {
    super();
    registerRecordMessages();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.boundConfig = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Looked up once per render, not once per item: which widgets this one can hand an item to.
    this.neighbours = { chatOnPage: !!document.querySelector('care-educator-chat'), feedOnPage: !!document.querySelector('care-community-feed') };
    // The host turned the opt-in off: the copy (and its key) must not outlive it.
    if (changed.has('offlineCopy') && !this.offlineCopy && changed.get('offlineCopy') === true) this.deleteCopy();
    this.forms.need(!!this.form || this.sharing);
    const config = this.care.config;
    if (config !== this.boundConfig) {
      this.boundConfig = config;
      this.loaded = new Map();
    }
  }

  /** `await viewer.updateComplete` includes the forms when they are being fetched. */
  protected override getUpdateComplete(): Promise<boolean> {
    return updateCompleteWithViews([this.forms], () => super.getUpdateComplete());
  }

  /** The forms' code, for an action that cannot go on without it (its task then shows "could not prepare"). */
  private async formsOrThrow(): Promise<FormsCode> {
    // A stalled download is not "Preparing…" for ever: after the same wait as the forms', it could not be prepared.
    let stall: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.forms.load(), new Promise((resolve) => (stall = setTimeout(resolve, viewFetchTiming.stallMs)))]);
    clearTimeout(stall);
    if (!this.forms.value) throw new Error('The record viewer’s forms could not be loaded.');
    return this.forms.value;
  }

  /** `view` with the forms' code, or where it goes, "Loading…" or why it is missing. */
  private withForms(view: (code: FormsCode) => TemplateResult | typeof nothing, options?: ViewPlaceholderOptions): TemplateResult | typeof nothing {
    return this.forms.render(this.t, this.t.t('record.load.failed'), view, options);
  }

  private get currentSection(): ViewSection | undefined {
    return this.section && this.sections.includes(this.section) ? this.section : this.sections[0];
  }

  /** The outbox delivered one of our writes (in this tab or another). */
  private onSent(entry: OutboxEntry, result: unknown): void {
    if (entry.scope !== SCOPE) return;
    if (entry.op === 'records.addEntry') {
      const item = result as RecordItem;
      const data = this.loaded.get(item.section);
      if (data && !data.items.some((known) => known.id === item.id)) {
        this.loaded = new Map(this.loaded).set(item.section, { ...data, items: [item, ...data.items], total: data.total === undefined ? undefined : data.total + 1 });
      }
      this.announcement = this.t.t(item.section === 'documents' ? 'record.note.saved' : 'record.reading.saved');
    }
    if (entry.op === 'records.sharing.share' || entry.op === 'records.sharing.revokeShare') {
      const share = result as RecordShare;
      this.announcement = this.t.t(share.status === 'revoked' ? 'record.share.revoked' : 'record.share.sent', { name: share.recipient.name });
      if (this.sharing) void this.sharesTask.run();
    }
    if (entry.op === 'records.requestCorrection') {
      const itemId = (entry.input as { itemId: string }).itemId;
      this.corrections.set(itemId, (result as { reference: string }).reference);
      this.announcement = this.t.t('record.correction.sent', { reference: (result as { reference: string }).reference });
    }
    this.requestUpdate();
  }

  /** Undefined when the copy's code cannot be fetched (offline before it ever was). */
  private async copyStore(): Promise<EncryptedRecordCache | undefined> {
    const code = await recordCacheCode.load().catch(() => undefined);
    if (!code) return undefined;
    const namespace = this.care.config?.namespace ?? DEFAULT_NAMESPACE;
    if (this.cache?.namespace !== namespace) this.cache = { namespace, store: new code.EncryptedRecordCache(recordCopyDatabaseName(namespace)) };
    return this.cache.store;
  }

  private copyParts(section: ViewSection): RecordSection[] {
    return section === 'summary' ? SUMMARY_PARTS : [section];
  }

  /**
   * The host turned the opt-in off: the copy and its key go. Through the copy's store when its code
   * is here (its connection is open); otherwise this page never opened the database, which is
   * deleted as it is, with no code to fetch first (that fetch could fail offline).
   */
  private deleteCopy(): void {
    const namespace = this.care.config?.namespace ?? DEFAULT_NAMESPACE;
    if (recordCacheCode.value) void this.copyStore().then((store) => store?.clear().catch(() => undefined));
    else indexedDB.deleteDatabase(recordCopyDatabaseName(namespace));
  }

  private async saveCopy(section: ViewSection): Promise<void> {
    const store = await this.copyStore();
    // The opt-in may have been turned off, or the patient signed out, while the code came.
    if (!this.offlineCopy || this.signedOutHere) return;
    for (const part of this.copyParts(section)) {
      const data = this.loaded.get(part);
      const name = section === 'summary' ? `summary:${part}` : part;
      if (data) await store?.save(name, { items: data.items, total: data.total }).catch(() => undefined);
    }
  }

  /** Shows the saved copy of a section; false when there is none. */
  private async restoreCopy(section: ViewSection): Promise<boolean> {
    const store = await this.copyStore();
    const next = new Map(this.loaded);
    let savedAt = Infinity;
    for (const part of this.copyParts(section)) {
      const copy = await store?.load(section === 'summary' ? `summary:${part}` : part);
      if (!copy) return false;
      next.set(part, { items: copy.items, total: copy.total, nextCursor: undefined });
      savedAt = Math.min(savedAt, copy.savedAt);
    }
    this.loaded = next;
    this.savedCopyAt = savedAt;
    return true;
  }

  private async loadSummary(adapter: CareAdapter, signal: AbortSignal): Promise<'summary'> {
    const records = adapter.records!;
    const parts = SUMMARY_PARTS;
    const pages = await Promise.all(parts.map((section) => retryTransient((s) => records.listSection(section, { current: true, limit: 50 }, { signal: s }), { signal })));
    const next = new Map(this.loaded);
    parts.forEach((section, index) => next.set(section, { items: itemsOf(pages[index]!.items), nextCursor: undefined, total: pages[index]!.total }));
    this.loaded = next;
    return 'summary';
  }

  /* ------------------------------------------------------------- actions */

  private choose(section: ViewSection): void {
    if (section === this.currentSection && !this.sharing) return;
    this.sharing = false;
    this.section = section;
    this.trendKey = undefined;
    this.trendStart = 0;
    this.filterText = '';
    this.closeForm();
    this.dispatchEvent(new CareRecordSectionEvent(section));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#section-heading')?.focus());
  }

  private showTrend(key: string): void {
    this.trendKey = this.trendKey === key ? undefined : key;
    this.trendStart = 0;
  }

  /** @internal Pages the trend's table; when the button pressed is now disabled (the last page), focus moves to the other one. */
  async pageTrend(start: number, from: HTMLButtonElement): Promise<void> {
    this.trendStart = Math.max(0, start);
    await this.updateComplete;
    if (from.disabled) from.parentElement?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }

  /**
   * A de-identified copy of one test's results for a community post: the test's name,
   * the values in order and the unit — no dates, no identifiers, no names. The member
   * sees exactly this in the feed's preview before anything is attached.
   */
  private shareToCommunity(section: RecordSection, item: RecordItem, view: ItemView): void {
    const data = this.loaded.get(section);
    const history = (this.trendKey === view.testKey && this.trendTask.value ? this.trendTask.value : (data?.items ?? []))
      .map((item) => viewItem(item, this.care.locale))
      .filter((candidate) => candidate.testKey === view.testKey && candidate.numeric !== undefined)
      .sort((a, b) => (a.isoDate ?? '').localeCompare(b.isoDate ?? ''))
      .slice(-SHARE_MAX_VALUES);
    const values = history.map((candidate) => roundForDisplay(candidate.numeric!));
    const unit = quantityUnit(item.resource['valueQuantity']);
    this.dispatchEvent(
      new CareShareToCommunityEvent({
        kind: 'lab-trend',
        title: view.title ?? this.t.t('record.untitled'),
        summary: this.t.t('record.shareCommunity.summary', { count: values.length, latest: view.value ?? '' }),
        values,
        ...(unit ? { unit } : {}),
      }),
    );
  }

  private askEducator(section: RecordSection, item: RecordItem, view: ItemView): void {
    const title = [view.title, view.value, view.date].filter(Boolean).join(', ');
    // The section it is shown in, and its id only as text, whatever the backend put in the item: the chat passes both on.
    this.dispatchEvent(new CareAskEducatorEvent({ kind: section, title, reference: typeof item.id === 'string' ? item.id : undefined }));
  }

  private openForm(form: NonNullable<RecordViewer['form']>): void {
    this.form = form;
    this.errors = [];
    this.readingValues = {};
    this.readingNote = '';
    this.correctionReason = '';
    this.noteText = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.form-panel h4')?.focus());
  }

  /** @internal */
  closeForm(): void {
    this.form = undefined;
    this.errors = [];
  }

  /** Sign-out (here or in another tab): nothing of the record or of what was typed stays, and none of it is asked for again on this page. */
  protected override forgetPersonalData(): void {
    this.closeForm();
    this.sharing = false;
    this.share = emptyShare();
    this.noteText = '';
    this.readingValues = {};
    this.readingNote = '';
    this.correctionReason = '';
    this.filterText = '';
    this.trendKey = undefined;
    this.trendStart = 0;
    this.trendPoints = undefined;
    this.announcement = '';
    this.savedCopyAt = undefined;
    this.corrections.clear();
    this.cache = undefined;
    // What is on its way for the last patient is not shown when it arrives.
    for (const task of [this.moreTask, this.trendTask, this.exportTask, this.printTask, this.sharesTask]) task.abort();
    this.loaded = new Map();
    // Shown as signed out (the tasks ask for nothing while signedOutHere), with "Sign in" where the session can start one.
    void this.patient.run();
    void this.sectionTask.run();
  }

  /** @internal The outbox, or undefined after telling the patient it could not be reached (what they wrote stays). */
  async outboxOrError(field?: string): Promise<Outbox | undefined> {
    try {
      return await this.outbox.use();
    } catch {
      const message = this.t.t('core.outbox.unavailable');
      if (field) await this.showErrors([{ field, message }]);
      else this.announcement = message;
      return undefined;
    }
  }

  /** @internal */
  async showErrors(errors: FieldError[]): Promise<boolean> {
    this.errors = errors;
    if (!errors.length) return false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    return true;
  }

  private openSharing(): void {
    this.sharing = true;
    this.closeForm();
    this.share = emptyShare();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#section-heading')?.focus());
  }

  /* -------------------------------------------------------------- render */

  protected renderReady(): TemplateResult {
    const t = this.t;
    const current = this.currentSection;
    // Only a current answer: one that failed after a sign-out must not leave the last patient's name.
    const name = this.patient.status === TaskStatus.COMPLETE && this.patient.value ? humanName(this.patient.value['name']) : undefined;
    return html`<section class="record" aria-labelledby="record-title">
      <header class="record-header">
        <h2 id="record-title">${name ? t.t('record.title.named', { name }) : t.t('record.title')}</h2>
        <div class="tools">
          ${this.care.config?.adapter.records?.sharing
            ? html`<button type="button" class="link open-sharing" aria-pressed=${String(this.sharing)} @click=${() => this.openSharing()}>${t.t('record.share.open')}</button>`
            : nothing}
          <button type="button" class="link export" ?disabled=${this.exportTask.status === TaskStatus.PENDING} @click=${() => void this.exportTask.run([this.care.config?.adapter])}>
            ${this.exportTask.status === TaskStatus.PENDING ? t.t('record.export.preparing') : t.t('record.export.json')}
          </button>
          <button type="button" class="link print" ?disabled=${this.printTask.status === TaskStatus.PENDING} @click=${() => void this.printTask.run([this.care.config?.adapter])}>
            ${this.printTask.status === TaskStatus.PENDING ? t.t('record.export.preparing') : t.t('record.print')}
          </button>
        </div>
      </header>
      ${this.exportTask.status === TaskStatus.ERROR || this.printTask.status === TaskStatus.ERROR ? html`<p class="error" role="alert">${t.t('record.export.failed')}</p>` : nothing}
      ${this.network.online ? nothing : offlineTemplate(t)}
      ${this.savedCopyAt !== undefined
        ? html`<p class="saved-copy" role="status" data-state="saved-copy">
            ${t.t('record.copy.notice', { date: dateTimeFormat(this.care.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(this.savedCopyAt)) })}
          </p>`
        : nothing}
      <div class="layout">
        <nav aria-label=${t.t('record.nav')} part="nav">
          <ul>
            ${this.sections.map(
              (section) => html`<li>
                <button type="button" class="nav-item" aria-current=${section === current && !this.sharing ? 'true' : 'false'} @click=${() => this.choose(section)}>${t.t(`record.section.${section}`)}</button>
              </li>`,
            )}
          </ul>
        </nav>
        <div class="content" part="section">
          <h3 id="section-heading" tabindex="-1">${this.sharing ? t.t('record.share.title') : current ? t.t(`record.section.${current}`) : ''}</h3>
          ${this.sharing ? this.withForms((code) => code.renderSharing(this), { focus: '#section-heading' }) : current ? this.renderSection(current) : nothing}
        </div>
      </div>
      <p class="care-visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </section>`;
  }

  private renderSection(section: ViewSection): TemplateResult {
    const t = this.t;
    return this.sectionTask.render({
      initial: () => loadingTemplate(t),
      pending: () => (this.hasData(section) ? this.renderSectionBody(section) : loadingTemplate(t)),
      error: (error) => this.renderError(error, () => void this.sectionTask.run()),
      complete: () => this.renderSectionBody(section),
    });
  }

  private hasData(section: ViewSection): boolean {
    return section === 'summary' ? this.loaded.has('allergies') : this.loaded.has(section);
  }

  /** @internal */
  renderError(error: unknown, retry: () => void): TemplateResult {
    const t = this.t;
    if (isAbortError(error)) return loadingTemplate(t);
    if (isCareError(error) && error.kind === 'unauthorized') {
      return html`<div class="care-state" data-state="signed-out" role="status" part="state">
        <p class="care-state__detail">${t.t('record.signedOut')}</p>
        ${this.care.config?.adapter.session?.signIn
          ? html`<button type="button" class="care-button" @click=${() => void this.care.config?.adapter.session?.signIn?.({ signal: new AbortController().signal })}>${t.t('record.signIn')}</button>`
          : nothing}
      </div>`;
    }
    if (isCareError(error) && error.kind === 'offline') return html`${offlineTemplate(t)}${errorTemplate(t, retry, t.t('record.offline.detail'))}`;
    return errorTemplate(t, retry);
  }

  private renderSectionBody(section: ViewSection): TemplateResult {
    if (section === 'summary') return this.renderSummary();
    const data = this.loaded.get(section);
    if (!data) return loadingTemplate(this.t);
    const t = this.t;
    const pending = this.pendingEntries(section);
    const items = this.filtered(data.items);
    const canAdd = section === 'vitals' || section === 'labs';
    const canNote = section === 'documents';
    return html`
      ${canAdd ? this.renderAddReading() : nothing} ${canNote ? this.renderAddNote() : nothing}
      ${data.items.length > this.pageSize || data.nextCursor ? this.renderFilter(data) : nothing}
      ${pending.length ? html`<ul class="items pending">${pending.map((entry) => this.renderPending(entry))}</ul>` : nothing}
      ${data.items.length === 0 && !pending.length
        ? emptyTemplate(t, t.t('record.empty.notRecorded'))
        : this.noneKnown(data.items)
          ? html`<p class="none-known" data-state="none-known">${t.t('record.empty.noneKnown')}</p>${this.renderItems(section, items)}`
          : section === 'labs' || section === 'vitals'
            ? this.renderByTest(section, items)
            : section === 'appointments'
              ? this.renderAppointments(items)
              : section === 'medications'
                ? this.renderMedications(items)
                : this.renderItems(section, items)}
      ${items.length === 0 && data.items.length > 0 ? html`<p class="hint" role="status">${t.t('record.filter.none')}</p>` : nothing}
      ${this.renderMore(section, data)}
    `;
  }

  /**
   * "None known": every current entry says "no known …" (old, inactive entries may sit
   * beside it). Entries that are resolved, inactive, refuted or in error do not count.
   */
  private noneKnown(items: readonly RecordItem[]): boolean {
    const current = items.map((item) => viewItem(item, this.care.locale)).filter((view) => !NOT_CURRENT.has(view.status ?? ''));
    return current.length > 0 && current.every((view) => view.negation);
  }

  private filtered(items: RecordItem[]): RecordItem[] {
    const query = this.filterText.trim().toLocaleLowerCase(this.care.locale);
    if (!query) return items;
    return items.filter((item) => (viewItem(item, this.care.locale).title ?? '').toLocaleLowerCase(this.care.locale).includes(query));
  }

  private renderFilter(data: SectionData): TemplateResult {
    const t = this.t;
    return html`<div class="field filter">
      <label for="filter">${t.t('record.filter.label')}</label>
      <p class="hint" id="filter-hint">${data.total !== undefined ? t.t('record.filter.hintTotal', { count: data.total, loaded: data.items.length }) : t.t('record.filter.hint')}</p>
      <input id="filter" type="search" aria-describedby="filter-hint" .value=${this.filterText} @input=${(event: Event) => (this.filterText = (event.target as HTMLInputElement).value)} />
    </div>`;
  }

  private renderMore(section: RecordSection, data: SectionData): TemplateResult | typeof nothing {
    if (!data.nextCursor) return nothing;
    const t = this.t;
    const busy = this.moreTask.status === TaskStatus.PENDING;
    return html`<div class="more">
      ${this.moreTask.status === TaskStatus.ERROR ? html`<p class="error" role="alert">${t.t('record.more.failed')}</p>` : nothing}
      <button type="button" class="care-button" data-variant="secondary" ?disabled=${busy} @click=${() => void this.moreTask.run([this.care.config?.adapter, section])}>
        ${busy ? t.t('core.loading') : t.t('record.more')}
      </button>
    </div>`;
  }

  private renderSummary(): TemplateResult {
    const t = this.t;
    const part = (section: RecordSection, label: 'record.summary.allergies' | 'record.summary.problems' | 'record.summary.medications') => {
      const items = this.loaded.get(section)?.items ?? [];
      const negationOnly = this.noneKnown(items);
      return html`<section class="summary-part" aria-labelledby=${`summary-${section}`}>
        <h4 id=${`summary-${section}`}>${t.t(label)}</h4>
        ${items.length === 0
          ? html`<p class="hint" data-state="not-recorded">${t.t('record.empty.notRecorded')}</p>`
          : negationOnly
            ? html`<p class="none-known" data-state="none-known">${t.t('record.empty.noneKnown')}</p>`
            : this.renderItems(section, items)}
      </section>`;
    };
    return html`<div class="summary">
      ${part('allergies', 'record.summary.allergies')} ${part('conditions', 'record.summary.problems')} ${part('medications', 'record.summary.medications')}
    </div>`;
  }

  /** Current medicines first, then past ones (stopped, completed…), each newest first. */
  private renderMedications(items: RecordItem[]): TemplateResult {
    const t = this.t;
    const isCurrent = (item: RecordItem) => CURRENT_MEDICATION.has(viewItem(item, this.care.locale).status ?? '');
    const current = items.filter(isCurrent);
    const past = items.filter((item) => !isCurrent(item));
    return html`<section class="medications" aria-labelledby="medications-current">
        <h4 id="medications-current">${t.t('record.summary.medications')}</h4>
        ${current.length ? this.renderItems('medications', current) : html`<p class="hint">${t.t('record.medications.noneCurrent')}</p>`}
      </section>
      ${past.length
        ? html`<section class="medications" aria-labelledby="medications-past">
            <h4 id="medications-past">${t.t('record.medications.past')}</h4>
            ${this.renderItems('medications', past)}
          </section>`
        : nothing}`;
  }

  /** Upcoming first, soonest at the top; then past visits, most recent first. */
  private renderAppointments(items: RecordItem[]): TemplateResult {
    const t = this.t;
    const now = new Date().toISOString();
    const dated = items.map((item) => ({ item, at: viewItem(item, this.care.locale).isoDate ?? '' }));
    const upcoming = dated.filter(({ at }) => at >= now).sort((a, b) => a.at.localeCompare(b.at));
    const past = dated.filter(({ at }) => at < now);
    return html`<section class="appointments" aria-labelledby="appointments-upcoming">
        <h4 id="appointments-upcoming">${t.t('record.appointments.upcoming')}</h4>
        ${upcoming.length ? this.renderItems('appointments', upcoming.map(({ item }) => item)) : html`<p class="hint">${t.t('record.appointments.noneUpcoming')}</p>`}
      </section>
      ${past.length
        ? html`<section class="appointments" aria-labelledby="appointments-past">
            <h4 id="appointments-past">${t.t('record.appointments.past')}</h4>
            ${this.renderItems('appointments', past.map(({ item }) => item))}
          </section>`
        : nothing}`;
  }

  private renderItems(section: RecordSection, items: RecordItem[]): TemplateResult {
    return html`<ul class="items">
      ${items.map((item) => this.renderItem(section, item))}
    </ul>`;
  }

  private renderItem(section: RecordSection, item: RecordItem): TemplateResult {
    const t = this.t;
    const view = viewItem(item, this.care.locale);
    // A backend may send an item without a string id: it shows, with no element id made from it (one made up could repeat).
    const titleId = typeof item.id === 'string' ? `item-${idPart(item.id)}` : nothing;
    return html`<li class="item" part="item" aria-labelledby=${titleId}>
      <div class="item-main">
        <p class="item-title" id=${titleId}>${view.title ?? t.t('record.untitled')}</p>
        ${view.value ? html`<p class="item-value">${view.value}</p>` : nothing}
      </div>
      <p class="item-meta">
        <span>${view.date ?? t.t('record.noDate')}</span>
        ${view.status ? html`<span class="status">${this.statusText(view.status)}</span>` : nothing}
      </p>
      ${view.details.length
        ? html`<dl class="details">
            ${view.details.map((detail) => html`<div><dt>${t.t(`record.detail.${detail.label}`)}</dt><dd>${this.detailText(detail)}</dd></div>`)}
          </dl>`
        : nothing}
      ${this.renderProvenance(item)} ${this.renderItemActions(section, item, view)}
      ${this.form?.kind === 'correction' && this.form.item.id === item.id ? this.withForms((code) => code.renderCorrectionForm(this, item), this.formPlaceholder) : nothing}
    </li>`;
  }

  /** @internal Severity comes as a FHIR code (mild, moderate, severe): said in the patient's language. */
  detailText(detail: ItemView['details'][number]): string {
    if (detail.label === 'severity' && (SEVERITIES as readonly string[]).includes(detail.text)) return this.t.t(`record.severity.${detail.text as (typeof SEVERITIES)[number]}`);
    return detail.text;
  }

  private statusText(status: string): string {
    // Statuses outside FHIR's usual value sets are shown as the server wrote them.
    return (KNOWN_STATUSES as readonly string[]).includes(status) ? this.t.t(`record.status.${status as KnownStatus}`) : status;
  }

  /** Nothing where the backend did not say who entered an item: neither "you" nor "your care team" would be known. */
  private renderProvenance({ provenance }: RecordItem): TemplateResult | typeof nothing {
    // Only what the backend said as it should: a provenance of another type or shape claims nobody, and an organisation that is not text is left out.
    const by = provenance?.enteredBy;
    const organisation = typeof provenance?.organisation === 'string' ? provenance.organisation : '';
    if (by !== 'patient' && by !== 'clinician' && !organisation) return nothing;
    const t = this.t;
    return html`<p class="provenance">
      ${by === 'patient' ? html`<span class="tag mine">${t.t('record.provenance.patient')}</span>` : by === 'clinician' ? html`<span class="tag">${t.t('record.provenance.clinician')}</span>` : nothing}
      ${organisation ? html`<span>${t.t('record.provenance.from', { organisation })}</span>` : nothing}
    </p>`;
  }

  private renderItemActions(section: RecordSection, item: RecordItem, view: ItemView): TemplateResult {
    const t = this.t;
    const reference = this.corrections.get(item.id);
    const queued = this.outbox.entries.some((entry) => entry.op === 'records.requestCorrection' && (entry.input as { itemId: string }).itemId === item.id);
    const { chatOnPage, feedOnPage } = this.neighbours;
    return html`<div class="item-actions">
      ${(section === 'labs' || section === 'vitals') && view.testKey && view.numbers.length > 0
        ? html`<button type="button" class="link" aria-expanded=${String(this.trendKey === view.testKey)} @click=${() => this.showTrend(view.testKey!)}>${t.t('record.trend.show')}</button>`
        : nothing}
      ${chatOnPage ? html`<button type="button" class="link ask" @click=${() => this.askEducator(section, item, view)}>${t.t('record.ask')}</button>` : nothing}
      ${feedOnPage && (section === 'labs' || section === 'vitals') && view.testKey && view.numeric !== undefined
        ? html`<button type="button" class="link share-community" @click=${() => this.shareToCommunity(section, item, view)}>${t.t('record.shareCommunity')}</button>`
        : nothing}
      ${reference
        ? html`<span class="hint" role="status">${t.t('record.correction.sent', { reference })}</span>`
        : queued
          ? html`<span class="hint" role="status">${t.t('record.correction.queued')}</span>`
          : typeof item.id === 'string'
            ? html`<button type="button" class="link correct" @click=${() => this.openForm({ kind: 'correction', item })}>${t.t('record.correction.open')}</button>`
            : nothing}
    </div>`;
  }

  /** Test results and vital signs: one entry per test or measurement, its latest value first, with its trend. */
  private renderByTest(section: 'labs' | 'vitals', items: RecordItem[]): TemplateResult {
    const t = this.t;
    const groups = groupByTest(items, this.care.locale);
    return html`<ul class="items labs">
      ${groups.map((group) => {
        const view = group.latest;
        const trendOpen = this.trendKey === group.key;
        return html`<li class="item lab" part="item" aria-labelledby=${`lab-${idPart(group.key)}`}>
          <div class="item-main">
            <p class="item-title" id=${`lab-${idPart(group.key)}`}>${group.title ?? t.t('record.untitled')}</p>
            <p class="item-value">${view.value ?? '—'}</p>
          </div>
          <p class="item-meta">
            <span>${view.date ?? t.t('record.noDate')}</span>
            ${view.range ? html`<span>${t.t('record.lab.range', { range: view.range.text })}</span>` : nothing}
          </p>
          ${view.labFlag && view.labFlag.flag !== 'normal'
            ? html`<p class="lab-flag" data-flag=${view.labFlag.flag}>${t.t('record.lab.flag', { flag: view.labFlag.text ?? t.t(`record.flag.${view.labFlag.flag}`) })}</p>`
            : view.labFlag?.flag === 'normal'
              ? html`<p class="lab-flag" data-flag="normal">${t.t('record.lab.flag', { flag: view.labFlag.text ?? t.t('record.flag.normal') })}</p>`
              : nothing}
          ${view.computed && !view.labFlag ? html`<p class="computed hint">${t.t(view.computed === 'above' ? 'record.lab.computedAbove' : 'record.lab.computedBelow')}</p>` : nothing}
          ${view.details.length
            ? html`<dl class="details">${view.details.map((detail) => html`<div><dt>${t.t(`record.detail.${detail.label}`)}</dt><dd>${this.detailText(detail)}</dd></div>`)}</dl>`
            : nothing}
          ${this.renderProvenance(group.latestItem)} ${this.renderItemActions(section, group.latestItem, view)}
          ${trendOpen ? this.renderTrend(group.title, view) : nothing}
          ${this.form?.kind === 'correction' && this.form.item.id === group.latestItem.id ? this.withForms((code) => code.renderCorrectionForm(this, group.latestItem), this.formPlaceholder) : nothing}
        </li>`;
      })}
    </ul>`;
  }

  private renderTrend(title: string | undefined, latest: ItemView): TemplateResult {
    const t = this.t;
    return this.trendTask.render({
      initial: () => loadingTemplate(t, t.t('record.trend.loading')),
      pending: () => loadingTemplate(t, t.t('record.trend.loading')),
      error: (error) => this.renderError(error, () => void this.trendTask.run()),
      complete: (items) => trendChartCode.value!.trendView(this, items ?? [], title, latest),
    });
  }

  private renderAddNote(): TemplateResult | typeof nothing {
    if (this.form?.kind === 'note') return this.withForms((code) => code.renderNoteForm(this), this.formPlaceholder);
    return html`<div class="tools start">
      <button type="button" class="care-button add-note" @click=${() => this.openForm({ kind: 'note' })}>${this.t.t('record.note.add')}</button>
    </div>`;
  }

  private renderAddReading(): TemplateResult | typeof nothing {
    if (this.form?.kind === 'reading') return this.withForms((code) => code.renderReadingForm(this), this.formPlaceholder);
    return html`<div class="tools start">
      <button type="button" class="care-button add-reading" @click=${() => this.openForm({ kind: 'reading' })}>
        ${this.t.t('record.reading.add')}
      </button>
    </div>`;
  }

  private pendingEntries(section: RecordSection): OutboxEntry[] {
    return this.outbox.entries.filter((entry) => entry.op === 'records.addEntry' && (entry.input as { section: string }).section === section);
  }

  private renderPending(entry: OutboxEntry): TemplateResult {
    const t = this.t;
    const resource = (entry.input as { resource: FhirResource }).resource;
    const view = viewItem({ id: entry.id, section: 'vitals', resource, provenance: { enteredBy: 'patient' } }, this.care.locale);
    const status =
      entry.state === 'rejected'
        ? t.t('core.outbox.rejected', { reason: entry.lastError?.message ?? '' })
        : entry.state === 'sending'
          ? t.t('core.outbox.sending')
          : t.t('record.reading.waiting');
    return html`<li class="item pending" part="item" data-state=${entry.state}>
      <div class="item-main">
        <p class="item-title">${view.title ?? ''}</p>
        <p class="item-value">${view.value ?? ''}</p>
      </div>
      <p class="item-meta"><span>${view.date ?? ''}</span></p>
      <p class="provenance"><span class="tag mine">${t.t('record.provenance.patient')}</span> <span class="hint">${status}</span></p>
      ${entry.state === 'rejected'
        ? html`<button type="button" class="link" @click=${() => void this.outbox.outbox?.discard(entry.id)}>${t.t('record.reading.discard')}</button>`
        : nothing}
    </li>`;
  }

}


/** @internal */
export function emptyShare(): { name: string; relationship: string; email: string; until: string; sections: RecordSection[] } {
  return { name: '', relationship: '', email: '', until: '', sections: [] };
}

/** @internal A page's items without what is not an item at all (null in its place, say): each of the rest is read on its own. */
export function itemsOf(items: unknown): RecordItem[] {
  return Array.isArray(items) ? items.filter((item): item is RecordItem => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];
}

