/**
 * The chaos switch: make the mock backend slow, flaky or lossy on purpose,
 * so widgets and adapters are tested against the network hospitals really have.
 */

export interface ChaosSettings {
  /** Every request waits a random time in this range (ms) before it is handled. */
  latencyMs?: [number, number] | undefined;
  /** Share of requests (0..1) answered 503 + Retry-After *before* anything is processed. */
  failureRate?: number | undefined;
  /**
   * Share of writes (0..1) that are processed and stored, after which the response is lost
   * (a network error): the case idempotency keys exist for.
   */
  resetAfterProcessRate?: number | undefined;
  /** Every event stream is cut this long after it opens (clients must resume with Last-Event-ID). */
  dropStreamsAfterMs?: number | undefined;
}

export interface ScriptedFailure {
  status: number;
  /** Sent as `Retry-After` (seconds) when set. */
  retryAfterSeconds?: number | undefined;
  /** Or: fail as a network error instead of answering. */
  networkError?: boolean | undefined;
}

export class Chaos {
  private settings: ChaosSettings = {};
  private readonly scripted: ScriptedFailure[] = [];
  private losses = 0;

  constructor(
    private readonly random: () => number,
    private readonly onDropStreams: () => void,
  ) {}

  /** Merges settings; pass `undefined` for a field to turn it off. */
  set(settings: ChaosSettings): void {
    this.settings = { ...this.settings, ...settings };
  }

  get(): Readonly<ChaosSettings> {
    return { ...this.settings };
  }

  /** Everything back to a well-behaved server. */
  reset(): void {
    this.settings = {};
    this.scripted.length = 0;
    this.losses = 0;
  }

  /** Cuts every open event stream now. */
  dropStreams(): void {
    this.onDropStreams();
  }

  /** The next request that is not an event stream fails like this, before processing. */
  failNext(failure: ScriptedFailure): void {
    this.scripted.push(failure);
  }

  /** The next write is processed and stored, then its response is lost. */
  loseNextResponse(): void {
    this.losses++;
  }

  /** @internal */
  latency(): number {
    const range = this.settings.latencyMs;
    if (!range) return 0;
    const [min, max] = range;
    return min + this.random() * Math.max(0, max - min);
  }

  /** @internal The failure for this request, if any. Streams only take part in random failures. */
  failureFor(isStream: boolean): ScriptedFailure | undefined {
    if (!isStream && this.scripted.length) return this.scripted.shift();
    const rate = this.settings.failureRate ?? 0;
    if (rate > 0 && this.random() < rate) return { status: 503, retryAfterSeconds: 1 };
    return undefined;
  }

  /** @internal Whether to lose this processed write's response. */
  loseResponse(): boolean {
    if (this.losses > 0) {
      this.losses--;
      return true;
    }
    const rate = this.settings.resetAfterProcessRate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  /** @internal */
  get dropStreamsAfterMs(): number | undefined {
    return this.settings.dropStreamsAfterMs;
  }
}
