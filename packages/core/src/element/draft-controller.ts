/**
 * Autosaves what a patient types into a text field and restores it after a
 * reload. The draft is deleted by the outbox only once the server confirmed
 * the text, never when the field is merely cleared for the next message.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DraftStore } from '../outbox/drafts.js';
import { afterRender } from './after-render.js';

export interface DraftControllerOptions {
  /** Stable per field and context, e.g. `chat:<conversation id>`. Never contains health data. */
  key: () => string | undefined;
  drafts: () => DraftStore | undefined;
  debounceMs?: number;
}

export class DraftController implements ReactiveController {
  /** The text to show in the field. */
  value = '';
  /** Set when text was restored, so the widget can say so once. */
  restored = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loadedKey: string | undefined;
  private pending: { key: string; text: string } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: DraftControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.scheduleRestore();
  }

  hostUpdate(): void {
    if (this.options.key() !== this.loadedKey) this.scheduleRestore();
  }

  hostDisconnected(): void {
    void this.saveNow();
  }

  /** Call from the field's `input` event. */
  update(text: string): void {
    this.value = text;
    const key = this.options.key();
    if (!key) return;
    this.pending = { key, text };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveNow(), this.options.debounceMs ?? 300);
  }

  /** Writes a pending change immediately (before sending, on page hide). */
  async saveNow(): Promise<void> {
    clearTimeout(this.timer);
    const pending = this.pending;
    this.pending = undefined;
    if (pending) await this.options.drafts()?.save(pending.key, pending.text);
  }

  /** After the text went into the outbox: empty the field for the next message. */
  clearField(): void {
    this.value = '';
    this.restored = false;
    this.pending = undefined;
    clearTimeout(this.timer);
    this.host.requestUpdate();
  }

  /** Storage is read after the render under way (afterRender): the widget's first content never waits for it. */
  private scheduleRestore(): void {
    const key = this.options.key();
    if (!key || !this.options.drafts()) return;
    this.loadedKey = key;
    afterRender(this.host, () => void this.restore(key));
  }

  private async restore(key: string): Promise<void> {
    const drafts = this.options.drafts();
    if (!drafts || key !== this.options.key()) return;
    const draft = await drafts.load(key).catch(() => undefined);
    // Text that is already queued shows as a pending message, not in the field.
    if (draft && !draft.queuedAs && key === this.options.key() && this.value === '') {
      this.value = draft.text;
      this.restored = true;
      this.host.requestUpdate();
    }
  }
}
