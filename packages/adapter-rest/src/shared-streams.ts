/**
 * One event-stream connection per topic, shared by every subscriber.
 *
 * Two widgets showing the same conversation (a launcher badge and the open
 * chat) must not open two connections: the first subscriber opens it, the
 * last one to leave closes it. Every subscriber hears about connection state
 * changes and resyncs, and a subscriber that joins late is told the current
 * state. A subscriber that left hears nothing more, not even `closed`: only a
 * stream that stopped for good (`dispose`, or the server said stop) says `closed`.
 */
import type { ConnectionState, SubscribeOptions, Unsubscribe } from '@careline/core';
import type { EventStream, ServerSentEvent } from './sse.js';

interface Subscriber {
  onEvent: (event: ServerSentEvent) => void;
  onConnectionChange: ((state: ConnectionState) => void) | undefined;
  onResync: (() => void) | undefined;
  /** The last state this subscriber was told, so nobody hears the same state twice. */
  told: ConnectionState | undefined;
}

interface Topic {
  stream: EventStream | undefined;
  state: ConnectionState;
  subscribers: Set<Subscriber>;
}

export type StreamOpener = (
  key: string,
  callbacks: {
    onEvent: (event: ServerSentEvent) => void;
    onStateChange: (state: ConnectionState) => void;
    onResync: () => void;
  },
) => EventStream;

export class SharedEventStreams {
  private readonly topics = new Map<string, Topic>();
  private disposed = false;

  constructor(private readonly open: StreamOpener) {}

  /** Number of open connections (for tests and diagnostics). */
  get connectionCount(): number {
    return this.topics.size;
  }

  subscribe(key: string, onEvent: (event: ServerSentEvent) => void, options: SubscribeOptions = {}): Unsubscribe {
    const subscriber: Subscriber = { onEvent, onConnectionChange: options.onConnectionChange, onResync: options.onResync, told: undefined };
    if (this.disposed) {
      queueMicrotask(() => tell(subscriber, 'closed'));
      return () => undefined;
    }

    let topic = this.topics.get(key);
    if (!topic) {
      const created: Topic = { stream: undefined, state: 'connecting', subscribers: new Set() };
      topic = created;
      this.topics.set(key, created);
      created.subscribers.add(subscriber);
      // States reported while opening are only recorded: subscribers hear them after `subscribe` returned.
      let opening = true;
      created.stream = this.open(key, {
        onEvent: (event) => {
          // Copy: a handler may unsubscribe (itself or others) while we deliver. One that throws
          // must not keep the event from the others (two widgets can share a topic).
          for (const s of [...created.subscribers]) if (created.subscribers.has(s)) callSafely(() => s.onEvent(event));
        },
        onResync: () => {
          for (const s of [...created.subscribers]) if (created.subscribers.has(s)) callSafely(() => s.onResync?.());
        },
        onStateChange: (state) => {
          created.state = state;
          // A stream that closed itself (the server said "no more") must not be reused by later subscribers.
          if (state === 'closed' && this.topics.get(key) === created) this.topics.delete(key);
          if (opening) return;
          for (const s of [...created.subscribers]) tell(s, state);
        },
      });
      opening = false;
    } else {
      topic.subscribers.add(subscriber);
    }

    // Tell a late joiner where the shared connection stands, after `subscribe` has returned.
    const joined = topic;
    queueMicrotask(() => {
      if (joined.subscribers.has(subscriber)) tell(subscriber, joined.state);
    });

    let active = true;
    return () => {
      if (!active) return;
      active = false;
      joined.subscribers.delete(subscriber);
      if (joined.subscribers.size === 0 && this.topics.get(key) === joined) {
        this.topics.delete(key);
        joined.stream?.close();
      }
    };
  }

  /** Closes every connection; subscribers are told "closed". */
  closeAll(): void {
    this.disposed = true;
    const topics = [...this.topics.values()];
    this.topics.clear();
    for (const topic of topics) {
      topic.stream?.close();
      topic.state = 'closed';
      for (const s of topic.subscribers) tell(s, 'closed');
      topic.subscribers.clear();
    }
  }
}

function tell(subscriber: Subscriber, state: ConnectionState): void {
  if (subscriber.told === state) return;
  subscriber.told = state;
  callSafely(() => subscriber.onConnectionChange?.(state));
}

/** A broken subscriber callback must not keep the others from hearing it. */
function callSafely(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
    else console.error('[careline]', error);
  }
}
