import { expect } from '@open-wc/testing';
import type { ConnectionState } from '@careline/core';
import { EventDeduplicator, EventStreamParser, openEventStream, type EventStreamOptions, type ServerSentEvent } from './sse.js';
import { SharedEventStreams } from './shared-streams.js';

describe('EventStreamParser', () => {
  it('joins multi-line data and defaults the type to "message"', () => {
    const parser = new EventStreamParser();
    const events = parser.push('data: first\ndata: second\n\n');
    expect(events).to.deep.equal([{ type: 'message', data: 'first\nsecond', id: '' }]);
  });

  it('reads event, id and retry fields, ignoring comments and unknown fields', () => {
    const parser = new EventStreamParser();
    const events = parser.push(': keep-alive\nretry: 2500\nid: 7\nevent: message\nfoo: bar\ndata: {"a":1}\n\n');
    expect(events).to.deep.equal([{ type: 'message', data: '{"a":1}', id: '7' }]);
    expect(parser.retryMs).to.equal(2500);
  });

  it('handles events split at any byte, and CRLF / CR line endings (even a CRLF split across chunks)', () => {
    const text = 'id: 1\r\nevent: typing\r\ndata: x\r\n\r\nid: 2\rdata: y\r\rdata: z\n\n';
    for (let size = 1; size <= text.length; size++) {
      const parser = new EventStreamParser();
      const events: ServerSentEvent[] = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      expect(events, `chunk size ${size}`).to.deep.equal([
        { type: 'typing', data: 'x', id: '1' },
        { type: 'message', data: 'y', id: '2' },
        // The id buffer carries over to later events that set none.
        { type: 'message', data: 'z', id: '2' },
      ]);
    }
  });

  it('strips one leading space only, and treats a line without colon as a field with an empty value', () => {
    const parser = new EventStreamParser();
    expect(parser.push('data:  two spaces\ndata\n\n')).to.deep.equal([{ type: 'message', data: ' two spaces\n', id: '' }]);
  });

  it('does not dispatch an event without data, and resets the type for the next event', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: typing\nid: 4\n\n')).to.deep.equal([]);
    expect(parser.lastEventId).to.equal('4');
    expect(parser.push('data: hello\n\n')).to.deep.equal([{ type: 'message', data: 'hello', id: '4' }]);
  });

  it('ignores an id containing NUL, a non-numeric retry, a leading BOM, and an unfinished event at the end', () => {
    const parser = new EventStreamParser();
    const events = parser.push('\uFEFFid: 3\n\nid: a\0b\nretry: 1s\ndata: ok\n\ndata: unfinished');
    expect(events).to.deep.equal([{ type: 'message', data: 'ok', id: '3' }]);
    expect(parser.retryMs).to.equal(undefined);
  });
});

describe('EventDeduplicator', () => {
  it('drops numeric ids that are not newer than the last one', () => {
    const dedupe = new EventDeduplicator();
    expect(['1', '2', '2', '1', '3', '10', '9'].map((id) => dedupe.accept(id))).to.deep.equal([true, true, false, false, true, true, false]);
  });

  it('falls back to a seen-set for opaque ids', () => {
    const dedupe = new EventDeduplicator(2);
    expect(['a', 'b', 'a', 'c', 'a'].map((id) => dedupe.accept(id))).to.deep.equal([true, true, false, true, true]);
  });

  it('accepts every id again after reset', () => {
    const dedupe = new EventDeduplicator();
    expect(['5', 'x'].map((id) => dedupe.accept(id))).to.deep.equal([true, true]);
    dedupe.reset();
    expect(['2', 'x', '2'].map((id) => dedupe.accept(id))).to.deep.equal([true, true, false]);
  });
});

/* ------------------------------------------------------------ a scripted server */

interface FakeConnection {
  url: string;
  headers: Headers;
  signal: AbortSignal;
  aborted: boolean;
  at: number;
  send(text: string): void;
  /** An abrupt drop (network error while reading). */
  drop(): void;
  /** The server closes the stream cleanly. */
  end(): void;
}

type Reply = { status: number; contentType?: string } | 'stream' | 'network-error';

function fakeEventServer(replies: Reply[] = []) {
  const connections: FakeConnection[] = [];
  const waiting: Array<(c: FakeConnection) => void> = [];
  const attempts: number[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    attempts.push(performance.now());
    const reply = replies.shift() ?? 'stream';
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    if (reply !== 'stream') {
      return new Response(reply.status === 204 ? null : 'nope', { status: reply.status, headers: { 'Content-Type': reply.contentType ?? 'text/plain' } });
    }
    const signal = init?.signal ?? new AbortController().signal;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encoder = new TextEncoder();
    const connection: FakeConnection = {
      url: String(input),
      headers: new Headers(init?.headers),
      signal,
      aborted: false,
      at: performance.now(),
      send: (text) => controller.enqueue(encoder.encode(text)),
      drop: () => controller.error(new TypeError('network error')),
      end: () => controller.close(),
    };
    signal.addEventListener('abort', () => {
      connection.aborted = true;
      try {
        controller.error(signal.reason);
      } catch {
        /* already closed */
      }
    });
    connections.push(connection);
    waiting.shift()?.(connection);
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });
  }) as typeof fetch;
  return {
    fetch: fetchImpl,
    connections,
    attempts,
    nextConnection(): Promise<FakeConnection> {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('Timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('openEventStream', () => {
  const fast = { initialDelayMs: 10, maxDelayMs: 80 };

  it('resumes with Last-Event-ID after a drop and never delivers a replayed event twice', async () => {
    const server = fakeEventServer();
    const received: string[] = [];
    const states: ConnectionState[] = [];
    const first = server.nextConnection();
    const stream = openEventStream({
      url: '/events',
      fetch: server.fetch,
      headers: () => ({ Authorization: 'Bearer t' }),
      onEvent: (e) => received.push(`${e.id}:${e.data}`),
      onStateChange: (s) => states.push(s),
      reconnect: fast,
    });
    const c1 = await first;
    expect(c1.headers.get('Last-Event-ID')).to.equal(null);
    expect(c1.headers.get('Authorization')).to.equal('Bearer t');
    c1.send('id: 1\ndata: a\n\nid: 2\ndata: b\n\n');
    await until(() => received.length === 2);

    const second = server.nextConnection();
    c1.drop();
    const c2 = await second;
    expect(c2.headers.get('Last-Event-ID')).to.equal('2');
    // A server that replays too much (2 again) and then continues.
    c2.send('id: 2\ndata: b\n\nid: 3\ndata: c\n\n');
    await until(() => received.length === 3);

    const third = server.nextConnection();
    c2.end(); // a clean close is also a drop
    const c3 = await third;
    expect(c3.headers.get('Last-Event-ID')).to.equal('3');
    c3.send('id: 1\ndata: stale\n\nid: 4\ndata: d\n\n');
    await until(() => received.length === 4);

    expect(received).to.deep.equal(['1:a', '2:b', '3:c', '4:d']);
    expect(states).to.deep.equal(['connecting', 'open', 'reconnecting', 'open', 'reconnecting', 'open']);
    stream.close();
    expect(c3.aborted).to.equal(true);
    expect(states.at(-1)).to.equal('closed');
  });

  it('resumes from a bare id: block (no data) that the server sent when the stream opened, without dispatching it', async () => {
    const server = fakeEventServer();
    const received: string[] = [];
    const first = server.nextConnection();
    const stream = openEventStream({ url: '/e', fetch: server.fetch, headers: () => ({}), onEvent: (e) => received.push(e.id), onStateChange: () => undefined, reconnect: fast });
    const c1 = await first;
    c1.send('retry: 10\nid: 17\n: connected\n\n');
    await until(() => stream.lastEventId === '17');
    const second = server.nextConnection();
    c1.drop(); // before any event: what happened meanwhile must still be replayed
    const c2 = await second;
    expect(c2.headers.get('Last-Event-ID')).to.equal('17');
    c2.send('id: 18\ndata: missed while away\n\n');
    await until(() => received.length === 1);
    expect(received).to.deep.equal(['18']);
    stream.close();
  });

  it('retries network errors and non-2xx answers with growing delays, then opens', async () => {
    const server = fakeEventServer(['network-error', { status: 503 }, { status: 200, contentType: 'text/html' }, 'stream']);
    const states: ConnectionState[] = [];
    const opened = server.nextConnection();
    const stream = openEventStream({
      url: '/events',
      fetch: server.fetch,
      headers: () => ({}),
      onEvent: () => undefined,
      onStateChange: (s) => states.push(s),
      reconnect: { initialDelayMs: 40, maxDelayMs: 1000 },
      random: () => 1, // no jitter: delays are exactly 40, 80, 160
    });
    await opened;
    await until(() => states.includes('open'));
    const [a0, a1, a2, a3] = server.attempts as [number, number, number, number];
    expect(a1 - a0).to.be.at.least(38);
    expect(a2 - a1).to.be.at.least(78);
    expect(a3 - a2).to.be.at.least(158);
    expect(states).to.deep.equal(['connecting', 'reconnecting', 'open']);
    stream.close();
  });

  it('uses the server retry: value as the base delay', async () => {
    const server = fakeEventServer();
    const first = server.nextConnection();
    const stream = openEventStream({
      url: '/events',
      fetch: server.fetch,
      headers: () => ({}),
      onEvent: () => undefined,
      onStateChange: () => undefined,
      reconnect: { initialDelayMs: 5000 },
      random: () => 1,
    });
    const c1 = await first;
    c1.send('retry: 30\n\n');
    await new Promise((r) => setTimeout(r, 20));
    const second = server.nextConnection();
    const droppedAt = performance.now();
    c1.drop();
    const c2 = await second;
    expect(c2.at - droppedAt).to.be.within(25, 1000);
    stream.close();
  });

  it('stops for good on 204 No Content', async () => {
    const server = fakeEventServer([{ status: 204 }]);
    const states: ConnectionState[] = [];
    const stream = openEventStream({ url: '/e', fetch: server.fetch, headers: () => ({}), onEvent: () => undefined, onStateChange: (s) => states.push(s), reconnect: fast });
    await until(() => states.includes('closed'));
    await new Promise((r) => setTimeout(r, 60));
    expect(server.attempts.length).to.equal(1);
    expect(stream.state).to.equal('closed');
  });

  it('reports event: resync through onResync only, and resumes from its id even when the server numbers afresh', async () => {
    const server = fakeEventServer();
    const received: string[] = [];
    const states: ConnectionState[] = [];
    let resyncs = 0;
    const first = server.nextConnection();
    const stream = openEventStream({
      url: '/events',
      fetch: server.fetch,
      headers: () => ({}),
      onEvent: (e) => received.push(`${e.id}:${e.type}`),
      onStateChange: (s) => states.push(s),
      onResync: () => resyncs++,
      reconnect: fast,
    });
    const c1 = await first;
    c1.send('id: 41\nevent: message\ndata: {}\n\nid: 42\nevent: message\ndata: {}\n\n');
    await until(() => received.length === 2);

    const second = server.nextConnection();
    c1.drop();
    const c2 = await second;
    expect(c2.headers.get('Last-Event-ID')).to.equal('42');
    // A restarted server that lost its history: it cannot resume from 42 and its ids start low again.
    c2.send('id: 3\nevent: resync\ndata: {"type":"resync"}\n\nid: 4\nevent: message\ndata: {}\n\n');
    await until(() => received.length === 3);
    expect(resyncs).to.equal(1);
    expect(stream.lastEventId).to.equal('4');

    const third = server.nextConnection();
    c2.drop();
    const c3 = await third;
    expect(c3.headers.get('Last-Event-ID'), 'resumes from the ids after the resync').to.equal('4');
    c3.send('id: 4\nevent: message\ndata: {}\n\nid: 5\nevent: message\ndata: {}\n\n');
    await until(() => received.length === 4);
    await new Promise((r) => setTimeout(r, 20));

    expect(received, 'the resync is not an event, and the replayed 4 is dropped').to.deep.equal(['41:message', '42:message', '4:message', '5:message']);
    expect(resyncs).to.equal(1);
    expect(states).to.deep.equal(['connecting', 'open', 'reconnecting', 'open', 'reconnecting', 'open']);
    stream.close();
  });

  it('keeps the stream open when onResync throws', async () => {
    const server = fakeEventServer();
    const received: string[] = [];
    const first = server.nextConnection();
    const original = globalThis.reportError;
    const reported: unknown[] = [];
    globalThis.reportError = (e: unknown) => reported.push(e);
    try {
      const stream = openEventStream({
        url: '/e',
        fetch: server.fetch,
        headers: () => ({}),
        onEvent: (e) => received.push(e.id),
        onStateChange: () => undefined,
        onResync: () => {
          throw new Error('reload failed');
        },
      });
      const c1 = await first;
      c1.send('id: 7\nevent: resync\ndata: {}\n\nid: 8\ndata: {}\n\n');
      await until(() => received.length === 1);
      expect(received).to.deep.equal(['8']);
      expect(reported).to.have.length(1);
      expect(stream.state).to.equal('open');
      stream.close();
    } finally {
      globalThis.reportError = original;
    }
  });

  it('replaces a connection that stays silent longer than the idle timeout', async () => {
    const server = fakeEventServer();
    const first = server.nextConnection();
    const stream = openEventStream({ url: '/e', fetch: server.fetch, headers: () => ({}), onEvent: () => undefined, onStateChange: () => undefined, reconnect: fast, idleTimeoutMs: 60 });
    const c1 = await first;
    const second = server.nextConnection();
    c1.send(': keep-alive\n\n'); // comments count as life
    const c2 = await second;
    expect(c1.aborted).to.equal(true);
    expect(c2.at - c1.at).to.be.at.least(60);
    stream.close();
  });

  it('keeps delivering when a listener throws', async () => {
    const server = fakeEventServer();
    const received: string[] = [];
    const first = server.nextConnection();
    const original = globalThis.reportError;
    const reported: unknown[] = [];
    globalThis.reportError = (e: unknown) => reported.push(e);
    try {
      const stream = openEventStream({
        url: '/e',
        fetch: server.fetch,
        headers: () => ({}),
        onEvent: (e) => {
          received.push(e.data);
          if (e.data === 'boom') throw new Error('listener bug');
        },
        onStateChange: () => undefined,
      });
      const c1 = await first;
      c1.send('id: 1\ndata: boom\n\nid: 2\ndata: fine\n\n');
      await until(() => received.length === 2);
      expect(received).to.deep.equal(['boom', 'fine']);
      expect(reported).to.have.length(1);
      stream.close();
    } finally {
      globalThis.reportError = original;
    }
  });
});

describe('SharedEventStreams', () => {
  it('shares one connection per topic, tells late joiners the state, and closes after the last unsubscribe', async () => {
    const server = fakeEventServer();
    const streams = new SharedEventStreams((key, callbacks) =>
      openEventStream({ url: key, fetch: server.fetch, headers: () => ({}), ...callbacks }),
    );
    const a: string[] = [];
    const b: string[] = [];
    const statesB: ConnectionState[] = [];
    const first = server.nextConnection();
    const statesA: ConnectionState[] = [];
    const unsubscribeA = streams.subscribe('/topic', (e) => a.push(e.data), { onConnectionChange: (s) => statesA.push(s) });
    expect(statesA, 'nothing is reported before subscribe returns').to.deep.equal([]);
    const connection = await first;
    await until(() => streams.connectionCount === 1);
    await new Promise((r) => setTimeout(r, 10));
    const unsubscribeB = streams.subscribe('/topic', (e) => b.push(e.data), { onConnectionChange: (s) => statesB.push(s) });
    await Promise.resolve();
    expect(statesB).to.deep.equal(['open']);
    expect(statesA).to.deep.equal(['connecting', 'open']);
    connection.send('id: 1\ndata: one\n\n');
    await until(() => a.length === 1 && b.length === 1);
    expect(server.connections).to.have.length(1);

    unsubscribeA();
    connection.send('id: 2\ndata: two\n\n');
    await until(() => b.length === 2);
    expect(a).to.deep.equal(['one']);
    expect(connection.aborted).to.equal(false);

    unsubscribeB();
    unsubscribeB(); // twice is harmless
    expect(connection.aborted).to.equal(true);
    expect(streams.connectionCount).to.equal(0);
  });

  const opener =
    (server: ReturnType<typeof fakeEventServer>, extra: Partial<EventStreamOptions> = {}) =>
    (key: string, callbacks: Pick<EventStreamOptions, 'onEvent' | 'onStateChange' | 'onResync'>) =>
      openEventStream({ url: key, fetch: server.fetch, headers: () => ({}), ...extra, ...callbacks });

  it('tells every subscriber of the topic about a resync, even when one of them throws', async () => {
    const server = fakeEventServer();
    const streams = new SharedEventStreams(opener(server));
    const heard: string[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = () => undefined;
    try {
      const opened = server.nextConnection();
      streams.subscribe('/topic', (e) => heard.push(`a:${e.id}`), {
        onResync: () => {
          heard.push('a:resync');
          throw new Error('a broken subscriber');
        },
      });
      streams.subscribe('/topic', (e) => heard.push(`b:${e.id}`), { onResync: () => heard.push('b:resync') });
      streams.subscribe('/other', () => undefined, { onResync: () => heard.push('other:resync') });
      const connection = await opened;
      connection.send('id: 9\nevent: resync\ndata: {}\n\nid: 10\ndata: {}\n\n');
      await until(() => heard.length === 4);
      expect(heard).to.deep.equal(['a:resync', 'b:resync', 'a:10', 'b:10']);
    } finally {
      globalThis.reportError = original;
      streams.closeAll();
    }
  });

  it('delivers each event to every subscriber of the topic, even when one of them throws', async () => {
    const server = fakeEventServer();
    const streams = new SharedEventStreams(opener(server));
    const heard: string[] = [];
    const reported: unknown[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = (error: unknown) => reported.push(error);
    try {
      const opened = server.nextConnection();
      streams.subscribe('/topic', (e) => {
        heard.push(`a:${e.id}`);
        throw new Error('a broken subscriber');
      });
      streams.subscribe('/topic', (e) => heard.push(`b:${e.id}`));
      const connection = await opened;
      connection.send('id: 1\ndata: {}\n\nid: 2\ndata: {}\n\n');
      await until(() => heard.length === 4);
      expect(heard).to.deep.equal(['a:1', 'b:1', 'a:2', 'b:2']);
      expect(reported, 'each throw reported').to.have.length(2);
    } finally {
      globalThis.reportError = original;
      streams.closeAll();
    }
  });

  it('when the server says stop (204), tells every subscriber "closed" once; a later subscriber connects afresh', async () => {
    const server = fakeEventServer(['stream', { status: 204 }, 'stream']);
    const streams = new SharedEventStreams(opener(server, { reconnect: { initialDelayMs: 10, maxDelayMs: 20 } }));
    const statesA: ConnectionState[] = [];
    const statesB: ConnectionState[] = [];
    const opened = server.nextConnection();
    streams.subscribe('/topic', () => undefined, { onConnectionChange: (s) => statesA.push(s) });
    streams.subscribe('/topic', () => undefined, { onConnectionChange: (s) => statesB.push(s) });
    const connection = await opened;
    await until(() => statesA.includes('open') && statesB.includes('open'));
    connection.end(); // the server ends the stream; the reconnect is answered 204
    await until(() => statesA.includes('closed') && statesB.includes('closed'));
    await new Promise((r) => setTimeout(r, 60));
    expect(statesA).to.deep.equal(['connecting', 'open', 'reconnecting', 'closed']);
    expect(statesB).to.deep.equal(['connecting', 'open', 'reconnecting', 'closed']);
    expect(server.attempts, 'no reconnect after the 204').to.have.length(2);
    expect(streams.connectionCount).to.equal(0);

    const later: ConnectionState[] = [];
    const reopened = server.nextConnection();
    const unsubscribe = streams.subscribe('/topic', () => undefined, { onConnectionChange: (s) => later.push(s) });
    await reopened;
    await until(() => later.includes('open'));
    unsubscribe();
  });

  it('tells a subscriber that left nothing more, not even "closed"', async () => {
    const server = fakeEventServer();
    const streams = new SharedEventStreams(opener(server));
    const leaving: ConnectionState[] = [];
    const staying: ConnectionState[] = [];
    const opened = server.nextConnection();
    const leave = streams.subscribe('/topic', () => undefined, { onConnectionChange: (s) => leaving.push(s) });
    const stay = streams.subscribe('/topic', () => undefined, { onConnectionChange: (s) => staying.push(s) });
    const connection = await opened;
    await until(() => leaving.includes('open'));
    leave();
    connection.drop();
    await until(() => staying.at(-1) === 'open' && staying.includes('reconnecting'));
    stay();
    streams.closeAll();
    expect(leaving).to.deep.equal(['connecting', 'open']);
    expect(staying).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('closeAll tells every subscriber "closed" and later subscriptions stay closed', async () => {
    const server = fakeEventServer();
    const streams = new SharedEventStreams((key, callbacks) => openEventStream({ url: key, fetch: server.fetch, headers: () => ({}), ...callbacks }));
    const states: ConnectionState[] = [];
    const opened = server.nextConnection();
    streams.subscribe('/x', () => undefined, { onConnectionChange: (s) => states.push(s) });
    const connection = await opened;
    streams.closeAll();
    expect(connection.aborted).to.equal(true);
    expect(states.at(-1)).to.equal('closed');
    const later: ConnectionState[] = [];
    streams.subscribe('/y', () => undefined, { onConnectionChange: (s) => later.push(s) });
    await Promise.resolve();
    expect(later).to.deep.equal(['closed']);
    expect(server.connections).to.have.length(1);
  });
});
