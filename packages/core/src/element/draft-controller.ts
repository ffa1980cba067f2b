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
  /**
   * What the field shows when a stored draft is read back after the patient has already started
   * typing (the field appeared before storage answered). Without it, what they typed stays and is
   * saved over the stored draft; a text field passes one that keeps both.
   */
  combine?: (stored: string, typed: string) => string;
}

/** For a text field's `combine`: the stored draft first, then what was typed, nothing lost. */
export function keepBothTexts(stored: string, typed: string): string {
  return `${stored}\n\n${typed}`;
}

export class DraftController implements ReactiveController {
  /** The text to show in the field. */
  value = '';
  /** Set when text was restored, so the widget can say so once. */
  restored = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loadedKey: string | undefined;
  private pending: { key: string; text: string } | undefined;
  /** The key whose stored draft is being read back: typing meanwhile is saved only once it has been. */
  private restoring: string | undefined;

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
    const key = this.options.key();
    if (key === this.loadedKey) return;
    if (key !== undefined && this.loadedKey !== undefined) {
      // Another field now (another reply, another group): what was typed is saved under its own
      // key, and this one starts from its own draft, never from the last one's text.
      void this.saveNow();
      this.value = '';
      this.restored = false;
      this.loadedKey = undefined;
    }
    this.scheduleRestore();
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
    // Not over a stored draft that has not been read back yet: once it has been (restore).
    if (this.restoring === key) clearTimeout(this.timer);
    else this.scheduleSave();
  }

  private scheduleSave(): void {
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
    this.restoring = key;
    const draft = await drafts.load(key).catch(() => undefined);
    if (this.restoring === key) this.restoring = undefined;
    // Text that is already queued shows as a pending message, not in the field.
    if (draft?.text && !draft.queuedAs && key === this.options.key()) {
      const typed = this.value;
      if (typed === '') this.value = draft.text;
      else if (this.options.combine && typed !== draft.text) this.value = this.options.combine(draft.text, typed);
      if (this.value !== typed) {
        this.restored = true;
        if (typed !== '') this.pending = { key, text: this.value };
        this.host.requestUpdate();
      }
    }
    // What was typed while the draft was read back is saved now.
    if (this.pending?.key === key) this.scheduleSave();
  }
}
