/**
 * A widget's rarer views, in a module fetched on demand (the feedback form past its first
 * question, the record viewer's forms): fetched once per page, quietly when the patient reaches
 * for them, at once when they are needed; "Loading…" in their place meanwhile, and the problem
 * with "Try again" if they cannot be fetched (offline before their first use).
 */
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { OnDemand } from '../on-demand.js';
import type { Translator } from '../i18n/i18n.js';
import { errorTemplate, loadingTemplate } from './states.js';

export class OnDemandViewsController<T> implements ReactiveController {
  /** A fetch that failed while the views were needed: said where they go until "Try again". */
  failed = false;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly code: OnDemand<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The views' code, once fetched. */
  get value(): T | undefined {
    return this.code.value;
  }

  /**
   * Fetches the code (once per page); the host re-renders when it arrives. A `quiet` fetch (a
   * preload) that fails says nothing: the next `load()` tries again.
   */
  load(quiet = false): Promise<void> {
    if (this.code.value !== undefined) return Promise.resolve();
    this.loading ??= this.code
      .load()
      .then(
        () => void (this.failed = false),
        () => void (this.failed ||= !quiet),
      )
      .finally(() => {
        this.loading = undefined;
        this.host.requestUpdate();
      });
    return this.loading;
  }

  /** Starts the fetch when the views are needed and it has not failed (call from `willUpdate`). */
  need(needed: boolean): void {
    if (needed && this.code.value === undefined && !this.failed) void this.load();
  }

  /** For the host's `getUpdateComplete`: settles once no fetch is under way. */
  async settled(): Promise<boolean> {
    const pending = this.loading;
    if (!pending) return false;
    await pending;
    return true;
  }

  /** `view` with the code; "Loading…" while it is fetched; the problem (`failedMessage`) with "Try again" if it cannot be. */
  render(t: Translator, failedMessage: string, view: (code: T) => TemplateResult | typeof nothing): TemplateResult | typeof nothing {
    const code = this.code.value;
    if (code !== undefined) return view(code);
    if (!this.failed) return loadingTemplate(t);
    return errorTemplate(
      t,
      () => {
        this.failed = false;
        void this.load();
        this.host.requestUpdate();
      },
      failedMessage,
    );
  }
}

/** For a host's `getUpdateComplete`: its own update, then again after each fetch of its views settles. */
export async function updateCompleteWithViews(views: readonly OnDemandViewsController<unknown>[], ownUpdate: () => Promise<boolean>): Promise<boolean> {
  let complete = await ownUpdate();
  for (;;) {
    const settled = await Promise.all(views.map((controller) => controller.settled()));
    if (!settled.some(Boolean)) return complete;
    complete = await ownUpdate();
  }
}
