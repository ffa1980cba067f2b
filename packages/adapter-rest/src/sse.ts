/**
 * Server-Sent Events over `fetch` streaming.
 *
 * `EventSource` cannot send an `Authorization` header, so Careline reads the
 * `text/event-stream` body itself: an incremental parser that follows the HTML
 * specification's rules, and a connection that reconnects with exponential
 * backoff and jitter, resumes with `Last-Event-ID`, and never hands the same
 * event (or an older one) to its listener twice. When the server can no longer
 * replay what was missed it says so with an `event: resync`, which is reported
 * through `onResync` instead of being handed to the listener.
 */
import type { ConnectionState } from '@careline/core';

/** One dispatched event, as the HTML spec's "dispatch the event" step builds it. */
export interface ServerSentEvent {
  /** The `event:` field, or "message" when the server sent none. */
  type: string;
  /** Every `data:` line of the event joined with "\n". */
  data: string;
  /** The stream's last event id when this event was dispatched ("" when none was ever sent). */
  id: string;
}

/**
 * Incremental `text/event-stream` parser (HTML Living Standard, 9.2.6).
 * Feed it decoded text in chunks of any size; it returns the events completed
 * by each chunk. Lines end with CRLF, LF or CR; a CRLF split across two chunks
 * counts once.
 */
export class EventStreamParser {
  /** Set by a `retry:` field made only of ASCII digits. */
  retryMs: number | undefined;
  /** The last event id buffer: survives events, set by `id:` fields without NUL. */
  lastEventId = '';
  /**
   * The spec's "last event ID string": the buffer as of the last blank line, also when
   * that block had no data (a bare `id:`). This is what a reconnect sends as `Last-Event-ID`.
   */
  dispatchedLastEventId = '';

  private buffer = '';
  private data = '';
  private eventType = '';
  private sawData = false;
  private firstChunk = true;
  private skipLeadingLineFeed = false;

  push(chunk: string): ServerSentEvent[] {
    if (this.firstChunk && chunk.length > 0) {
      this.firstChunk = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.skipLeadingLineFeed && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.skipLeadingLineFeed = false;
    this.buffer += chunk;

    const events: ServerSentEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const char = this.buffer[i];
      if (char !== '\n' && char !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (char === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else {
          // The matching LF may arrive in the next chunk.
          this.skipLeadingLineFeed = true;
        }
      }
      start = i + 1;
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private processLine(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment, e.g. ": keep-alive"
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += `${value}\n`;
        this.sawData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the spec requires.
        break;
    }
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    this.dispatchedLastEventId = this.lastEventId;
    const hadData = this.sawData;
    const data = this.data.endsWith('\n') ? this.data.slice(0, -1) : this.data;
    const type = this.eventType || 'message';
    this.data = '';
    this.eventType = '';
    this.sawData = false;
    if (!hadData) return undefined;
    return { type, data, id: this.lastEventId };
  }
}

/**
 * The event type of the Careline protocol's "your history is gone" notice: the server
 * could not resume from the `Last-Event-ID` we sent, so events may have been missed.
 */
export const RESYNC_EVENT_TYPE = 'resync';

export interface ReconnectOptions {
  /** First reconnection delay when the server sent no `retry:` (default 1000 ms). */
  initialDelayMs?: number;
  /** Upper bound of the growing delay (default 30000 ms). */
  maxDelayMs?: number;
}

export interface EventStreamOptions {
  url: string;
  fetch: typeof fetch;
  /** Called before every connection attempt, so a refreshed token is used on reconnect. */
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  credentials?: RequestCredentials | undefined;
  onEvent: (event: ServerSentEvent) => void;
  onStateChange: (state: ConnectionState) => void;
  /** The server sent `event: resync`: events were missed and cannot be replayed. */
  onResync?: (() => void) | undefined;
  reconnect?: ReconnectOptions | undefined;
  /** How long to wait for response headers before giving up on an attempt (default 15000 ms). */
  connectTimeoutMs?: number | undefined;
  /**
   * A connection that delivers nothing (not even a `: keep-alive` comment) for
   * this long is treated as dead and replaced (default 45000 ms; 0 disables).
   */
  idleTimeoutMs?: number | undefined;
  /** Injectable for tests; default Math.random. */
  random?: (() => number) | undefined;
}

export interface EventStream {
  readonly state: ConnectionState;
  /** Where a reconnect resumes (sent as `Last-Event-ID`): the last id the server gave, as EventSource keeps it. */
  readonly lastEventId: string;
  close(): void;
}

/**
 * Opens an event stream that stays open until `close()`: it reconnects after
 * a drop, a network error or a non-2xx answer; a 204 answer means the server
 * wants no more reconnects and closes the stream for good.
 *
 * States: `connecting` first, `open` as soon as a connection is accepted (the
 * server registers the subscription before it answers, so every later event is
 * delivered), `reconnecting` after a drop or a failed attempt, `closed` after
 * `close()` or a 204. Each change is reported once.
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const initialDelayMs = options.reconnect?.initialDelayMs ?? 1000;
  const maxDelayMs = options.reconnect?.maxDelayMs ?? 30_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const random = options.random ?? Math.random;

  let state: ConnectionState = 'connecting';
  let closed = false;
  let attempt = 0;
  let serverRetryMs: number | undefined;
  let lastEventId = '';
  const dedupe = new EventDeduplicator();
  let currentAbort: AbortController | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    options.onStateChange(next);
  };

  const scheduleReconnect = () => {
    if (closed) return;
    setState('reconnecting');
    const base = serverRetryMs ?? initialDelayMs;
    const ceiling = Math.min(maxDelayMs, base * 2 ** Math.min(attempt, 16));
    attempt++;
    // "Equal jitter": at least half the delay, so clients that dropped together spread out without hammering.
    const delay = ceiling / 2 + random() * (ceiling / 2);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delay);
  };

  const connect = async () => {
    if (closed) return;
    const abort = new AbortController();
    currentAbort = abort;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const resetIdleTimer = () => {
      if (idleTimeoutMs <= 0) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => abort.abort(new DOMException('The event stream went quiet.', 'TimeoutError')), idleTimeoutMs);
    };
    const connectTimer = setTimeout(
      () => abort.abort(new DOMException('The event stream did not answer in time.', 'TimeoutError')),
      connectTimeoutMs,
    );
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache', ...(await options.headers()) };
      if (lastEventId !== '') headers['Last-Event-ID'] = lastEventId;
      if (closed) return;
      const init: RequestInit = { method: 'GET', headers, signal: abort.signal, cache: 'no-store' };
      if (options.credentials) init.credentials = options.credentials;
      const response = await options.fetch(options.url, init);
      clearTimeout(connectTimer);
      if (closed || abort.signal.aborted) {
        void response.body?.cancel().catch(() => undefined);
        return;
      }
      if (response.status === 204) {
        // The server's way of saying "stop reconnecting" (e.g. the conversation ended).
        void response.body?.cancel().catch(() => undefined);
        closeForGood();
        return;
      }
      const contentType = response.headers.get('Content-Type') ?? '';
      if (!response.ok || !response.body || !contentType.toLowerCase().startsWith('text/event-stream')) {
        void response.body?.cancel().catch(() => undefined);
        throw new Error(`Event stream refused: HTTP ${response.status}`);
      }

      attempt = 0;
      setState('open');
      resetIdleTimer();
      const parser = new EventStreamParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      // Cancel the body when we abort, whichever fetch is in use (some test fetches ignore the signal for the body).
      abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
      for (;;) {
        const { done, value } = await reader.read();
        if (done || closed || abort.signal.aborted) break;
        resetIdleTimer();
        for (const event of parser.push(value)) {
          if (closed) break;
          if (parser.retryMs !== undefined) serverRetryMs = parser.retryMs;
          if (event.type === RESYNC_EVENT_TYPE) {
            // The ids we remember belong to a history the server no longer has (it may even
            // have restarted its numbering): start afresh from the resync's own id.
            dedupe.reset();
            if (event.id !== '') dedupe.accept(event.id);
            try {
              options.onResync?.();
            } catch (error) {
              reportListenerError(error);
            }
            continue;
          }
          if (event.id !== '' && !dedupe.accept(event.id)) continue;
          try {
            options.onEvent(event);
          } catch (error) {
            reportListenerError(error);
          }
        }
        if (parser.retryMs !== undefined) serverRetryMs = parser.retryMs;
        // Resume from where the server says we are, as EventSource does: the id of the last
        // event, resync or bare `id:` block (sent when a stream opens, so a drop before the
        // first event loses nothing). A replayed duplicate may set an older id: that only
        // replays a little more, which the de-duplication drops. An empty or missing id keeps
        // ours, so a resync without an id resyncs again on the next reconnect: safe.
        if (parser.dispatchedLastEventId !== '') lastEventId = parser.dispatchedLastEventId;
      }
    } catch {
      // Network error, timeout, refused answer, or our own abort: handled below.
    } finally {
      clearTimeout(connectTimer);
      clearTimeout(idleTimer);
      if (currentAbort === abort) currentAbort = undefined;
      if (!abort.signal.aborted) abort.abort();
    }
    if (!closed) scheduleReconnect();
  };

  const closeForGood = () => {
    if (closed) return;
    closed = true;
    clearTimeout(reconnectTimer);
    currentAbort?.abort();
    setState('closed');
  };

  options.onStateChange('connecting');
  void connect();

  return {
    get state() {
      return state;
    },
    get lastEventId() {
      return lastEventId;
    },
    close: closeForGood,
  };
}

/**
 * Remembers which events were delivered. Careline servers send decimal,
 * increasing ids per stream, so anything not newer than the last one is a
 * replay; opaque ids from other servers fall back to a bounded "seen" set.
 */
export class EventDeduplicator {
  private lastNumeric: number | undefined;
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];

  constructor(private readonly memory = 1000) {}

  /** Returns true the first time an id is offered (and only if it is newer, for numeric ids). */
  accept(id: string): boolean {
    if (/^\d+$/.test(id)) {
      const numeric = Number(id);
      if (Number.isSafeInteger(numeric)) {
        if (this.lastNumeric !== undefined && numeric <= this.lastNumeric) return false;
        this.lastNumeric = numeric;
        return true;
      }
    }
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > this.memory) this.seen.delete(this.seenOrder.shift()!);
    return true;
  }

  /** Forgets every id: after a resync the server's ids may start again lower. */
  reset(): void {
    this.lastNumeric = undefined;
    this.seen.clear();
    this.seenOrder.length = 0;
  }
}

function reportListenerError(error: unknown): void {
  // A broken listener must not close the stream for the other subscribers.
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error('[careline]', error);
}
