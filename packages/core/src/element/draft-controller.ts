/**
 * Autosaves what a patient types into a text field and restores it after a
 * reload. The draft is deleted by the outbox only once the server confirmed
 * the text, never when the field is merely cleared for the next message.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Draft, DraftStore } from '../outbox/drafts.js';
import { listenForWipes } from '../storage/wipe-notices.js';
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

/**
 * Per key, the save of what was typed in a field that left that key (removed, or moved to another
 * reply) while its stored draft was read back. The next read of that key (the widget again, after
 * a re-render) waits for it.
 */
const savingAfterReadBack = new Map<string, Promise<void>>();

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
  private readBack: Promise<Draft | undefined> | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: DraftControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.scheduleRestore();
  }

  hostUpdate(): void {
    const key = this.options.key();
    if (key === this.loadedKey) return;
    if (key !== undefined && this.loadedKey !== undefined) {
      // Another field now (another reply, another group): what was typed is saved under its own
      // key, and this one starts from its own draft, never from the last one's text.
      this.leave();
      this.value = '';
      this.restored = false;
      this.loadedKey = undefined;
    }
    this.scheduleRestore();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.leave();
  }

  /** The field leaves its key: what was typed is saved, with the stored draft if that is still being read back. */
  private leave(): void {
    const key = this.restoring;
    const pending = this.pending;
    if (key === undefined || pending?.key !== key || !this.readBack) {
      void this.saveNow();
      return;
    }
    clearTimeout(this.timer);
    this.pending = undefined;
    // A sign-out meanwhile (here or in another tab) wipes what was typed: nothing is written back.
    let wiped = false;
    const stopListening = listenForWipes(() => (wiped = true));
    const saved: Promise<void> = this.readBack
      .then((draft) => {
        if (wiped) return;
        const stored = draft?.text && !draft.queuedAs ? draft.text : undefined;
        const text = stored !== undefined && this.options.combine && stored !== pending.text ? this.options.combine(stored, pending.text) : pending.text;
        return this.options.drafts()?.save(key, text, this.options.combine);
      })
      .catch(() => undefined)
      .finally(() => {
        stopListening();
        if (savingAfterReadBack.get(key) === saved) savingAfterReadBack.delete(key);
      });
    savingAfterReadBack.set(key, saved);
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
    if (pending) await this.options.drafts()?.save(pending.key, pending.text, this.options.combine);
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
    afterRender(this.host, () => (this.readBack = this.restore(key)));
  }

  /** Shows the stored draft of `key`; resolves with it, for a field that leaves meanwhile (leave). */
  private async restore(key: string): Promise<Draft | undefined> {
    const drafts = this.options.drafts();
    if (!drafts || key !== this.options.key()) return undefined;
    this.restoring = key;
    // Not even a save scheduled before the read-back began goes over the draft it reads.
    if (this.pending?.key === key) clearTimeout(this.timer);
    await savingAfterReadBack.get(key);
    const draft = await drafts.load(key).catch(() => undefined);
    if (this.restoring === key) this.restoring = undefined;
    if (!this.connected || key !== this.options.key()) return draft;
    // Text that is already queued shows as a pending message, not in the field.
    if (draft?.text && !draft.queuedAs) {
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
    return draft;
  }
}
