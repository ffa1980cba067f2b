/**
 * Realtime topics of the mock backend and their `text/event-stream` responses.
 *
 * Every topic ("chat:<id>", "community:<id>", "session") keeps its full event
 * log with ids 1, 2, 3…, so a client that reconnects with `Last-Event-ID` gets
 * every later event replayed: no gaps, whatever happened while it was away.
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
  lastId: number;
  log: HubEvent[];
  listeners: Set<Listener>;
}

export class EventHub {
  private readonly topics = new Map<string, Topic>();

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { lastId: 0, log: [], listeners: new Set() };
      this.topics.set(name, topic);
    }
    return topic;
  }

  publish(topicName: string, type: string, data: unknown): HubEvent {
    const topic = this.topic(topicName);
    const event: HubEvent = { id: ++topic.lastId, type, data: structuredClone(data) };
    topic.log.push(event);
    for (const listener of [...topic.listeners]) listener(event);
    return event;
  }

  /** Events after `afterId`, oldest first. */
  since(topicName: string, afterId: number): HubEvent[] {
    return this.topic(topicName).log.filter((event) => event.id > afterId);
  }

  /** All events of a topic (for tests). */
  log(topicName: string): readonly HubEvent[] {
    return this.topic(topicName).log;
  }

  listen(topicName: string, listener: Listener): () => void {
    const topic = this.topic(topicName);
    topic.listeners.add(listener);
    return () => topic.listeners.delete(listener);
  }

  clear(): void {
    this.topics.clear();
  }
}

export interface OpenEventStream {
  topic: string;
  openedAt: number;
  /** Ends the response abruptly, as a dropped connection would. */
  drop(): void;
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

/** Builds the streaming response: `retry:`, a replay after `Last-Event-ID`, then live events. */
export function eventStreamResponse(options: EventStreamResponseOptions): Response {
  const { hub, topic, request, registry } = options;
  const encoder = new TextEncoder();
  const lastEventId = Number.parseInt(request.headers.get('Last-Event-ID') ?? '', 10);
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
        request.signal?.removeEventListener('abort', onAbort);
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
      const onAbort = () => {
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
      };
      registry.add(open);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      cleanup = finish;

      write(`retry: ${options.retryMs}\n: connected to ${topic}\n\n`);
      // Replay and subscription happen in the same turn, so no event can fall between them.
      if (Number.isFinite(lastEventId)) for (const event of hub.since(topic, lastEventId)) write(format(event));
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
