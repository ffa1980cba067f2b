/**
 * Realtime topics of the mock backend and their `text/event-stream` responses.
 *
 * Every topic ("chat:<id>", "community:<id>", "session") numbers its events
 * 1, 2, 3… and keeps the newest `historyLimit` of them, so a client that
 * reconnects with `Last-Event-ID` gets every later event replayed. When the
 * retained history no longer reaches back that far (or the id is unknown), the
 * client gets `event: resync` instead: it must reload, then it hears live events.
 */

export interface HubEvent {
  /** Increases by one per topic. */
  id: number;
  /** The SSE `event:` field. */
  type: string;
  /** Sent as the JSON `data:` field. */
  data: unknown;
}

type Listener = (event: HubEvent) => void;

interface Topic {
  /** The newest id handed out. */
  lastId: number;
  /** The newest events, oldest first, at most `historyLimit` of them. */
  history: HubEvent[];
  /**
   * The oldest `Last-Event-ID` this topic can resume from: every event after it is in
   * `history`. Trimming the history, or forgetting it, moves it forward.
   */
  resumableFrom: number;
  listeners: Set<Listener>;
}

/** What a reconnecting client gets: the events it missed, or a resync notice carrying the newest id. */
export type Resumption = { kind: 'replay'; events: HubEvent[] } | { kind: 'resync'; id: number };

export const DEFAULT_EVENT_HISTORY_LIMIT = 500;

export class EventHub {
  private readonly topics = new Map<string, Topic>();

  /** @param historyLimit Events kept per topic for `Last-Event-ID` replay. */
  constructor(private readonly historyLimit = DEFAULT_EVENT_HISTORY_LIMIT) {
    if (!Number.isInteger(historyLimit) || historyLimit < 0) throw new RangeError('The event history limit must be a whole number of at least 0.');
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { lastId: 0, history: [], resumableFrom: 0, listeners: new Set() };
      this.topics.set(name, topic);
    }
    return topic;
  }

  publish(topicName: string, type: string, data: unknown): HubEvent {
    const topic = this.topic(topicName);
    const event: HubEvent = { id: ++topic.lastId, type, data: structuredClone(data) };
    topic.history.push(event);
    while (topic.history.length > this.historyLimit) {
      const dropped = topic.history.shift()!;
      topic.resumableFrom = dropped.id;
    }
    for (const listener of [...topic.listeners]) listener(event);
    return event;
  }

  /** The newest id of a topic: a client that resumes from it misses nothing that happened so far. */
  newestId(topicName: string): number {
    return this.topic(topicName).lastId;
  }

  /**
   * Where a client that sends this `Last-Event-ID` picks up: the retained events after
   * it, or, when the history does not reach back that far or the id was never handed
   * out here, a resync notice with the newest id, from which it can resume next time.
   */
  resume(topicName: string, lastEventId: string): Resumption {
    const topic = this.topic(topicName);
    const afterId = /^\d+$/.test(lastEventId) ? Number(lastEventId) : Number.NaN;
    if (Number.isSafeInteger(afterId) && afterId >= topic.resumableFrom && afterId <= topic.lastId) {
      return { kind: 'replay', events: topic.history.filter((event) => event.id > afterId) };
    }
    return { kind: 'resync', id: topic.lastId };
  }

  /**
   * Forgets every topic's history, as a restart of a server that keeps it in memory
   * would: every id handed out so far becomes unknown, so clients reconnecting with one
   * get a resync. One id is skipped, so the newest id stays one to resume from; ids
   * never restart, so an old id is never mistaken for a new one.
   */
  forgetHistory(): void {
    for (const topic of this.topics.values()) {
      topic.history = [];
      topic.resumableFrom = ++topic.lastId;
    }
  }

  /** The retained events of a topic (for tests). */
  log(topicName: string): readonly HubEvent[] {
    return this.topic(topicName).history;
  }

  listen(topicName: string, listener: Listener): () => void {
    const topic = this.topic(topicName);
    topic.listeners.add(listener);
    return () => topic.listeners.delete(listener);
  }
}

export interface OpenEventStream {
  topic: string;
  openedAt: number;
  /** Ends the response abruptly, as a dropped connection would. */
  drop(): void;
  /** Ends the response cleanly, after what was already written (e.g. the conversation ended). */
  end(): void;
}

export interface EventStreamResponseOptions {
  hub: EventHub;
  topic: string;
  request: Request;
  /** Sent as `retry:` when the stream opens. */
  retryMs: number;
  /** Interval of `: keep-alive` comments. */
  keepAliveMs: number;
  /** Drop the stream after this long (chaos), if set. */
  dropAfterMs: number | undefined;
  /** Registry of open streams, so chaos and reset can cut them all. */
  registry: Set<OpenEventStream>;
}

/**
 * Builds the streaming response: `retry:`, then on reconnect a replay after
 * `Last-Event-ID` or a resync notice, or on a fresh connection the newest id
 * (so a client dropped before its first event can resume), then live events.
 */
export function eventStreamResponse(options: EventStreamResponseOptions): Response {
  const { hub, topic, request, registry } = options;
  const encoder = new TextEncoder();
  const lastEventId = request.headers.get('Last-Event-ID')?.trim() ?? '';
  let cleanup: () => void = () => undefined;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let finished = false;
      let unlisten: () => void = () => undefined;
      let keepAlive: ReturnType<typeof setInterval> | undefined;
      let dropTimer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        if (finished) return;
        finished = true;
        unlisten();
        clearInterval(keepAlive);
        clearTimeout(dropTimer);
        registry.delete(open);
        request.signal?.removeEventListener('abort', endCleanly);
      };
      const write = (text: string) => {
        if (finished) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The reader went away without telling us: stop writing.
          finish();
        }
      };
      const endCleanly = () => {
        finish();
        try {
          controller.close();
        } catch {
          /* already closed or errored */
        }
      };
      const open: OpenEventStream = {
        topic,
        openedAt: Date.now(),
        drop: () => {
          if (finished) return;
          finish();
          try {
            controller.error(new TypeError(`The mock backend dropped the ${topic} stream.`));
          } catch {
            /* already closed */
          }
        },
        end: endCleanly,
      };
      registry.add(open);
      request.signal?.addEventListener('abort', endCleanly, { once: true });
      cleanup = finish;

      // Replay (or resync) and subscription happen in the same turn, so no event can fall between them.
      if (lastEventId === '') {
        // A block with an id and no data: not an event, but where the client resumes from.
        write(`retry: ${options.retryMs}\nid: ${hub.newestId(topic)}\n: connected to ${topic}\n\n`);
      } else {
        write(`retry: ${options.retryMs}\n: connected to ${topic}\n\n`);
        const resumption = hub.resume(topic, lastEventId);
        if (resumption.kind === 'replay') for (const event of resumption.events) write(format(event));
        else write(format({ id: resumption.id, type: 'resync', data: { type: 'resync' } }));
      }
      unlisten = hub.listen(topic, (event) => write(format(event)));
      keepAlive = setInterval(() => write(': keep-alive\n\n'), options.keepAliveMs);
      if (options.dropAfterMs !== undefined) dropTimer = setTimeout(() => open.drop(), options.dropAfterMs);
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    },
  });
}

function format(event: HubEvent): string {
  // JSON.stringify escapes line breaks, so the payload is always a single `data:` line.
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
