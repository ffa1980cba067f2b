/**
 * Connects a widget to the page's shared outbox: re-renders on every status
 * change (from any tab) and knows whether unsent text would survive a reload.
 *
 * The outbox's code is fetched only when the page needs it: an earlier visit or
 * another tab left writes unsent, the patient starts using the widget (focus
 * inside it), or a write is made (`use()`). A visit that only reads never loads it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CareConfig } from '../config/config.js';
import type { Outbox, OutboxEntry, OutboxEvent } from '../outbox/outbox.js';
import { existingOutbox, outboxDatabaseName } from '../outbox/names.js';
import { onDemand } from '../on-demand.js';
import { afterRender } from './after-render.js';

const outboxFromPage = () => onDemand(() => import('../outbox/shared-outbox.js'));
let outboxCode = outboxFromPage();

/** The outbox's code; a failed fetch (offline) is tried again on the next call. */
export function loadOutboxCode(): ReturnType<typeof outboxCode.load> {
  return outboxCode.load();
}

/** For tests of the triggers: controllers made after this behave as on a page that has not loaded the outbox. Not exported by the package. */
export function forgetLoadedOutboxCode(): void {
  outboxCode = outboxFromPage();
}

export class OutboxController implements ReactiveController {
  /** The page's outbox, once this page has needed it. */
  outbox: Outbox | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopWatching: (() => void) | undefined;
  private boundConfig: CareConfig | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly configOf: () => CareConfig | undefined,
    private readonly filter: { scope?: string } = {},
    /** Every outbox event (from any tab), e.g. to learn what a sent write returned. */
    private readonly onEvent?: (event: OutboxEvent) => void,
  ) {
    host.addController(this);
  }

  /** True when IndexedDB could not be used: tell the user unsent text will be lost on reload. */
  get memoryOnly(): boolean {
    return this.outbox?.storageMode === 'memory';
  }

  /** Unsent entries (none before the outbox is loaded: nothing was stored). */
  get entries(): OutboxEntry[] {
    return this.outbox?.entries(this.filter) ?? [];
  }

  /** The outbox, fetching its code first if this page has not needed it yet. Rejects when that fetch fails. */
  async use(): Promise<Outbox> {
    const module = await loadOutboxCode();
    const config = this.configOf();
    if (!config) throw new Error('[careline] the outbox needs a configuration');
    const outbox = module.sharedOutbox(config);
    this.attach(outbox);
    return outbox;
  }

  hostConnected(): void {
    this.connected = true;
    this.host.addEventListener('focusin', this.onFocusIn);
    this.sync();
  }

  hostUpdate(): void {
    // Configuration may arrive after connection: bind as soon as it does.
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.host.removeEventListener('focusin', this.onFocusIn);
    this.stopWatching?.();
    this.detach();
    this.boundConfig = undefined;
  }

  /** The patient is about to write: have the outbox ready before they send. */
  private readonly onFocusIn = (): void => {
    if (!this.outbox && this.configOf()) void this.use().catch(() => undefined);
  };

  private sync(): void {
    const config = this.configOf();
    if (!config || config === this.boundConfig) return;
    this.boundConfig = config;
    this.stopWatching?.();
    const existing = existingOutbox(config);
    if (existing) {
      // One adapter per namespace: this configuration's adapter takes over sending.
      existing.setAdapter(config.adapter);
      this.attach(existing);
    } else if (outboxCode.value) {
      this.attach(outboxCode.value.sharedOutbox(config));
    } else {
      this.detach();
      this.watch(config);
    }
  }

  /** Loads the outbox as soon as there is something to send or show: stored writes, or another tab's. */
  private watch(config: CareConfig): void {
    let watching = true;
    const load = (): void => {
      if (watching && this.configOf() === config) void this.use().catch(() => undefined);
    };
    let channel: BroadcastChannel | undefined;
    // Storage is probed, and the other tabs listened to, after the render under way: first content
    // waits for neither (opening a BroadcastChannel is a round trip to the browser process).
    afterRender(this.host, () => {
      if (!watching) return;
      void import('../outbox/stored-writes.js').then(({ hasStoredWrites }) => hasStoredWrites(config)).then((found) => found && load(), load);
      channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(outboxDatabaseName(config)) : undefined;
      if (channel) channel.onmessage = load;
    });
    this.stopWatching = () => {
      watching = false;
      channel?.close();
      this.stopWatching = undefined;
    };
  }

  private attach(outbox: Outbox): void {
    this.stopWatching?.();
    if (!this.connected || outbox === this.outbox) return;
    this.unsubscribe?.();
    this.outbox = outbox;
    this.unsubscribe = outbox.subscribe((event) => {
      this.onEvent?.(event);
      this.host.requestUpdate();
    });
    // The storage mode is known once stored entries have been read.
    void outbox.ready.then(() => this.host.requestUpdate());
    this.host.requestUpdate();
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.outbox = undefined;
  }
}
