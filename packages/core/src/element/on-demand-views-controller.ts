/**
 * A widget's rarer views, in a module fetched on demand (the feedback form past its first
 * question, the record viewer's and the feed's forms): fetched once per page, quietly when the
 * patient reaches for them, at once when they are needed; "Loading…" in their place meanwhile,
 * and the problem with "Try again" if they cannot be fetched (offline before their first use) or
 * have not arrived after 15 s (a stalled connection; if they arrive later, they replace it).
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { viewFetchTiming, type OnDemand } from '../on-demand.js';
import type { Translator } from '../i18n/i18n.js';
import { errorTemplate, loadingTemplate } from './states.js';
import { afterRender } from './after-render.js';

/** Where the views go when their code cannot be fetched. */
export interface ViewPlaceholderOptions {
  /** Shown beside "Try again", so a patient is never stuck in front of a form that cannot load. */
  cancel?: () => void;
  /** What takes focus when "Try again" brings the views (a form's heading or first control). */
  focus?: string;
}

export { viewFetchTiming };

/**
 * What reaching for the views looks like: the pointer over (a touch starts with one too) or focus
 * on one of their controls. One listener of each for the page, not one per widget: in Chromium,
 * adding a pointer listener to a connected element and removing it again cost about 0.1 and 0.2 ms
 * per widget, more than everything else it does as it connects and leaves.
 */
const PRELOAD_EVENTS = ['pointerover', 'focusin'] as const;
/** The controllers whose views are not fetched yet and that preload them when reached for. */
const reachable = new Set<{ reached(path: readonly EventTarget[]): void }>();
let listeningForReach = false;
function onReach(event: Event): void {
  if (reachable.size === 0) return;
  const path = event.composedPath();
  for (const controller of reachable) controller.reached(path);
}
function listenForReach(): void {
  if (listeningForReach) return;
  listeningForReach = true;
  // Capture: a page that stops these events on their way up does not stop the preload.
  for (const type of PRELOAD_EVENTS) document.addEventListener(type, onReach, { capture: true, passive: true });
}

export class OnDemandViewsController<T> implements ReactiveController {
  /** A fetch failed while the views were needed: said where they go until "Try again", the views are needed anew, or the connection returns. */
  failed = false;
  private loading: Promise<void> | undefined;
  /** Something needs the fetch under way (not only a preload): its failure is shown, and `updateComplete` waits for it. */
  private wanted = false;
  private neededBefore = false;
  /** After "Try again": what to focus once the views are drawn (the button pressed is gone by then). */
  private refocus: string | undefined;
  /** A needed fetch that has taken too long (a stalled connection): shown as failed, not "Loading…" for ever. */
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private stalled: (() => void) | undefined;
  private whenStalled: Promise<void> | undefined;
  private readonly onOnline = (): void => {
    if (!this.failed) return;
    this.failed = false;
    this.host.requestUpdate();
  };

  /**
   * `preloadFrom`: a selector for the controls that lead to the views (in the host's shadow
   * root); reaching for one fetches them quietly, so they are there when it is pressed.
   */
  constructor(
    private readonly host: ReactiveControllerHost & EventTarget & { readonly renderRoot: ParentNode },
    private readonly code: OnDemand<T>,
    private readonly preloadFrom?: string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.preloadFrom && this.code.value === undefined) reachable.add(this);
    // The page's listeners from the task after the first render (a page's first pointer and online
    // listeners are not free): nothing can be reached for, nor a fetch have failed, before it.
    this.cancelListening = afterRender(this.host, () => {
      if (reachable.has(this)) listenForReach();
      window.addEventListener('online', this.onOnline);
    });
  }

  private cancelListening: (() => void) | undefined;

  hostDisconnected(): void {
    this.cancelListening?.();
    window.removeEventListener('online', this.onOnline);
    reachable.delete(this);
    this.stopStallTimer();
  }

  /** @internal A pointer or focus event somewhere on the page, by the path it took. */
  reached(path: readonly EventTarget[]): void {
    if (this.code.value !== undefined) {
      reachable.delete(this);
      return;
    }
    if (!this.preloadFrom || !path.includes(this.host)) return;
    const target = path[0];
    if (target instanceof Element && target.closest(this.preloadFrom)) void this.load(true);
  }

  /** The views' code, once fetched. */
  get value(): T | undefined {
    return this.code.value;
  }

  /**
   * Fetches the code (once per page); the host re-renders when it arrives. A `quiet` fetch (a
   * preload) that fails says nothing, unless something that needs the views joined it.
   */
  load(quiet = false): Promise<void> {
    if (this.code.value !== undefined) return Promise.resolve();
    if (!quiet) this.wanted = true;
    this.loading ??= this.code
      .load()
      .then(
        () => void (this.failed = false),
        () => void (this.failed ||= this.wanted),
      )
      .finally(() => {
        this.loading = undefined;
        this.wanted = false;
        this.stopStallTimer();
        this.host.requestUpdate();
      });
    if (this.wanted && !this.stallTimer) {
      this.whenStalled = new Promise((resolve) => (this.stalled = resolve));
      this.stallTimer = setTimeout(() => {
        this.failed = true;
        this.stopStallTimer();
        this.host.requestUpdate();
      }, viewFetchTiming.stallMs);
    }
    return this.loading;
  }

  private stopStallTimer(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.stalled?.();
    this.stalled = undefined;
    this.whenStalled = undefined;
  }

  /**
   * Call from `willUpdate` with whether the views are needed now: starts the fetch. Views needed
   * anew (a form opened again) try again after a failure.
   */
  need(needed: boolean): void {
    if (needed && !this.neededBefore) this.failed = false;
    this.neededBefore = needed;
    if (needed && this.code.value === undefined && !this.failed) void this.load();
  }

  /** For the host's `getUpdateComplete`: settles once no needed fetch is under way (a preload is not waited for). */
  async settled(): Promise<boolean> {
    const pending = this.loading;
    // Only while a needed fetch is being timed: one that stalled (said), or whose host left the
    // page, is not waited for (waiting on it again and again would never let the page breathe).
    const stalled = this.whenStalled;
    if (!pending || !this.wanted || this.failed || !stalled) return false;
    await Promise.race([pending, stalled]);
    return true;
  }

  /**
   * `view` with the code; "Loading…" while it is fetched; the problem (`failedMessage`) with
   * "Try again" (and "Cancel" when given) if it cannot be.
   */
  render(t: Translator, failedMessage: string, view: (code: T) => TemplateResult | typeof nothing, options: ViewPlaceholderOptions = {}): TemplateResult | typeof nothing {
    const code = this.code.value;
    if (code !== undefined) {
      const selector = this.refocus;
      this.refocus = undefined;
      if (selector) void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
      return view(code);
    }
    if (!this.failed) return loadingTemplate(t);
    const retry = (): void => {
      this.failed = false;
      this.refocus = options.focus;
      void this.load();
      this.host.requestUpdate();
    };
    return html`${errorTemplate(t, retry, failedMessage)}${options.cancel
      ? html`<div><button type="button" class="care-button" data-variant="secondary" @click=${options.cancel}>${t.t('core.cancel')}</button></div>`
      : nothing}`;
  }
}

/** For a host's `getUpdateComplete`: its own update, then again after each needed fetch of its views settles. */
export async function updateCompleteWithViews(views: readonly OnDemandViewsController<unknown>[], ownUpdate: () => Promise<boolean>): Promise<boolean> {
  let complete = await ownUpdate();
  for (;;) {
    const settled = await Promise.all(views.map((controller) => controller.settled()));
    if (!settled.some(Boolean)) return complete;
    complete = await ownUpdate();
  }
}
