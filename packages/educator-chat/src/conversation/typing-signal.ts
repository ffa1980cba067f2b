/**
 * "The patient is typing", sent sparingly: on at the first keystroke, off after a pause,
 * when the text is emptied, sent or the chat closes. Never more than one request per
 * change, so a fast typist costs two requests, not one per key.
 */
export interface TypingSignalOptions {
  /** Sends the state; failures are ignored (the signal is a courtesy, not patient data). */
  send: (active: boolean) => Promise<void> | void;
  /** Quiet time after which typing counts as stopped. Default 5000 ms. */
  idleMs?: number | undefined;
}

export class TypingSignal {
  private active = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly idleMs: number;

  constructor(private readonly options: TypingSignalOptions) {
    this.idleMs = options.idleMs ?? 5000;
  }

  /** The composer's text changed. */
  input(text: string): void {
    if (!text.trim()) {
      this.stop();
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop(), this.idleMs);
    if (!this.active) this.set(true);
  }

  /** Sent, emptied, closed or gone: typing is over (nothing is sent if it never started). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.active) this.set(false);
  }

  private set(active: boolean): void {
    this.active = active;
    try {
      void Promise.resolve(this.options.send(active)).catch(() => undefined);
    } catch {
      // A backend that cannot show typing: nothing to tell the patient.
    }
  }
}
