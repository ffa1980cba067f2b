/**
 * Connects a widget to the page's shared outbox: re-renders on every status
 * change (from any tab) and knows whether unsent text would survive a reload.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CareConfig } from '../config/config.js';
import type { Outbox, OutboxEntry } from '../outbox/outbox.js';
import { sharedOutbox } from '../outbox/services.js';

export class OutboxController implements ReactiveController {
  outbox: Outbox | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly configOf: () => CareConfig | undefined,
    private readonly filter: { scope?: string } = {},
  ) {
    host.addController(this);
  }

  /** True when IndexedDB could not be used: tell the user unsent text will be lost on reload. */
  get memoryOnly(): boolean {
    return this.outbox?.storageMode === 'memory';
  }

  get entries(): OutboxEntry[] {
    return this.outbox?.entries(this.filter) ?? [];
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    // Configuration may arrive after connection: bind as soon as it does.
    this.sync();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.outbox = undefined;
  }

  private sync(): void {
    const config = this.configOf();
    if (!config) return;
    const outbox = sharedOutbox(config);
    if (outbox === this.outbox) return;
    this.unsubscribe?.();
    this.outbox = outbox;
    this.unsubscribe = outbox.subscribe(() => this.host.requestUpdate());
    // The storage mode is known once stored entries have been read.
    void outbox.ready.then(() => this.host.requestUpdate());
  }
}
