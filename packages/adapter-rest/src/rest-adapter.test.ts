import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { isAbortError, isCareError, type CareError, type ChatEvent, type ConnectionState } from '@careline/core';
import { createMockBackend, createMockFetch } from '@careline/mock';
import { startMockWorker } from '@careline/mock/browser.js';
import { createRestAdapter } from './rest-adapter.js';
import { errorFromResponse, kindForStatus, parseRetryAfter } from './http.js';

const BASE = '/api/careline/v1';
const live = () => new AbortController().signal;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection');
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('Timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A fetch that records every request before handing it to the mock. */
function recordingFetch(inner: typeof fetch) {
  const requests: Request[] = [];
  const spy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), location.href), init);
    requests.push(request.clone());
    return inner(request);
  }) as typeof fetch;
  return { fetch: spy, requests };
}

describe('createRestAdapter', () => {
  it('requires a baseUrl', () => {
    expect(() => createRestAdapter({ baseUrl: '' })).to.throw(TypeError);
  });

  it('asks getToken before every request and sends a bearer header only when there is a token', async () => {
    const backend = createMockBackend();
    const { fetch, requests } = recordingFetch(createMockFetch(backend.handlers));
    const tokens: Array<string | null> = ['first', null];
    let calls = 0;
    const adapter = createRestAdapter({
      baseUrl: `${BASE}/`,
      fetch,
      headers: { 'X-Hospital': 'demo' },
      getToken: async () => {
        calls++;
        return tokens.shift() ?? null;
      },
    });
    await adapter.chat.getAvailability({ signal: live() });
    await adapter.feedback.listDepartments({ signal: live() });
    expect(calls).to.equal(2);
    expect(requests[0]!.headers.get('Authorization')).to.equal('Bearer first');
    expect(requests[1]!.headers.get('Authorization')).to.equal(null);
    expect(requests[0]!.headers.get('X-Hospital')).to.equal('demo');
    expect(new URL(requests[0]!.url).pathname).to.equal(`${BASE}/chat/availability`);
    backend.dispose();
  });

  it('sends Idempotency-Key and a JSON body on writes, never on reads, and encodes path and query', async () => {
    const backend = createMockBackend({ simulateEducator: false });
    const { fetch, requests } = recordingFetch(createMockFetch(backend.handlers));
    const adapter = createRestAdapter({ baseUrl: BASE, fetch });
    const conversation = await adapter.chat.startConversation({ topicId: 'results' }, { signal: live(), idempotencyKey: 'k-conv' });
    await adapter.chat.sendMessage({ conversationId: conversation.id, text: 'Hi' }, { signal: live(), idempotencyKey: 'k-msg' });
    await adapter.community.listPosts('g-diabetes', { search: 'rice & beans', sort: 'helpful', limit: 5 }, { signal: live() });
    await adapter.community.createPost({ groupId: 'g-heart', body: 'Hello' }, { signal: live(), idempotencyKey: 'k-post' });
    const [start, send, list, post] = requests;
    expect(start!.headers.get('Idempotency-Key')).to.equal('k-conv');
    expect(start!.headers.get('Content-Type')).to.equal('application/json');
    expect(await start!.json()).to.deep.equal({ topicId: 'results' });
    expect(send!.headers.get('Idempotency-Key')).to.equal('k-msg');
    expect(await send!.json()).to.deep.equal({ text: 'Hi' });
    expect(list!.headers.get('Idempotency-Key')).to.equal(null);
    const listUrl = new URL(list!.url);
    expect(listUrl.searchParams.get('search')).to.equal('rice & beans');
    expect(listUrl.searchParams.get('sort')).to.equal('helpful');
    expect(listUrl.searchParams.get('limit')).to.equal('5');
    expect(listUrl.searchParams.has('cursor')).to.equal(false);
    expect(new URL(post!.url).pathname).to.equal(`${BASE}/community/groups/g-heart/posts`);
    expect(await post!.json(), 'the group id is in the path, not the body').to.deep.equal({ body: 'Hello' });
    backend.dispose();
  });

  it('times out slow requests as CareError "timeout", but a caller abort stays the caller\'s AbortError', async () => {
    const backend = createMockBackend();
    backend.chaos.set({ latencyMs: [300, 300] });
    const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers), timeoutMs: 50 });
    const timedOut = await rejection(adapter.chat.getAvailability({ signal: live() }));
    expect(isCareError(timedOut) && timedOut.kind).to.equal('timeout');
    expect((timedOut as CareError).retryable).to.equal(true);

    const slowAdapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers), timeoutMs: 5000 });
    const controller = new AbortController();
    const reason = new DOMException('The user closed the chat.', 'AbortError');
    const pending = slowAdapter.chat.getAvailability({ signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    expect(await rejection(pending)).to.equal(reason);
    backend.dispose();
  });

  it('also times out while reading a body that never ends', async () => {
    const handlers = [http.get(`${BASE}/chat/availability`, () => new HttpResponse(new ReadableStream({ start: () => undefined }), { headers: { 'Content-Type': 'application/json' } }))];
    const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(handlers), timeoutMs: 50 });
    const error = await rejection(adapter.chat.getAvailability({ signal: live() }));
    expect(isCareError(error) && error.kind).to.equal('timeout');
  });

  it('turns network failures into "offline" and non-JSON success bodies into "server"', async () => {
    const handlers = [http.get(`${BASE}/chat/availability`, () => HttpResponse.error()), http.get(`${BASE}/feedback/departments`, () => HttpResponse.text('<html>proxy page</html>'))];
    const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(handlers) });
    const offline = await rejection(adapter.chat.getAvailability({ signal: live() }));
    expect(isCareError(offline) && offline.kind).to.equal('offline');
    const garbled = await rejection(adapter.feedback.listDepartments({ signal: live() }));
    expect(isCareError(garbled) && garbled.kind).to.equal('server');
  });

  it('maps problem+json answers to CareError kinds with field errors, status and Retry-After', async () => {
    const problem = (status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      new HttpResponse(JSON.stringify({ type: 'about:blank', title: 'T', status, detail: `detail ${status}`, ...extra }), {
        status,
        headers: { 'Content-Type': 'application/problem+json', ...headers },
      });
    let next: Response = problem(500);
    const handlers = [http.get(`${BASE}/feedback/departments`, () => next.clone())];
    const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(handlers) });
    const errorFor = async (response: Response) => {
      next = response;
      return (await rejection(adapter.feedback.listDepartments({ signal: live() }))) as CareError;
    };

    const invalid = await errorFor(problem(422, { errors: { description: 'Tell us what happened.', 'contact.email': ['Not an address.', 'Too long.'] } }));
    expect(invalid.kind).to.equal('invalid');
    expect(invalid.message).to.equal('detail 422');
    expect(invalid.status).to.equal(422);
    expect(invalid.fieldErrors).to.deep.equal({ description: 'Tell us what happened.', 'contact.email': 'Not an address. Too long.' });
    expect((await errorFor(problem(400))).kind).to.equal('invalid');

    const limited = await errorFor(problem(429, {}, { 'Retry-After': '3' }));
    expect(limited.kind).to.equal('rate-limited');
    expect(limited.retryAfterMs).to.equal(3000);
    const unavailable = await errorFor(problem(503, {}, { 'Retry-After': new Date(Date.now() + 10_000).toUTCString() }));
    expect(unavailable.kind).to.equal('server');
    expect(unavailable.retryAfterMs).to.be.within(8000, 10_000);

    for (const [status, kind] of [[401, 'unauthorized'], [403, 'forbidden'], [404, 'not-found'], [409, 'conflict'], [502, 'server']] as const) {
      expect((await errorFor(problem(status))).kind, String(status)).to.equal(kind);
    }
    // A plain-text error page from a proxy still maps by status.
    const plain = await errorFor(new HttpResponse('Bad gateway', { status: 502, statusText: 'Bad Gateway' }));
    expect(plain.kind).to.equal('server');
    expect(plain.message).to.equal('HTTP 502 Bad Gateway');
  });

  it('has pure helpers for statuses and Retry-After', () => {
    expect(kindForStatus(413)).to.equal('invalid');
    expect(kindForStatus(410)).to.equal('not-found');
    expect(kindForStatus(504)).to.equal('timeout');
    expect(parseRetryAfter(null)).to.equal(undefined);
    expect(parseRetryAfter('soon')).to.equal(undefined);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).to.equal(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 08:00:00 GMT'))).to.equal(0);
    const error = errorFromResponse(new Response('{"errors":{"text":"Required"}}', { status: 422 }), '{"errors":{"text":"Required"}}');
    expect(error.fieldErrors).to.deep.equal({ text: 'Required' });
  });

  it('turns a failing getToken into "unauthorized"', async () => {
    const adapter = createRestAdapter({
      baseUrl: BASE,
      fetch: createMockFetch([]),
      getToken: () => {
        throw new Error('refresh failed');
      },
    });
    const error = await rejection(adapter.session.getSession({ signal: live() }));
    expect(isCareError(error) && error.kind).to.equal('unauthorized');
  });

  it('rejects with the AbortError before calling fetch when the signal is already aborted', async () => {
    let fetched = 0;
    const adapter = createRestAdapter({
      baseUrl: BASE,
      fetch: (async () => {
        fetched++;
        return new Response('{}');
      }) as typeof fetch,
    });
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(await rejection(adapter.feedback.submit({ kind: 'question', description: 'x', anonymous: true }, { signal: controller.signal, idempotencyKey: 'k' })))).to.equal(true);
    expect(fetched).to.equal(0);
  });

  it('signOut resolves on 204 and session subscribers hear the change', async () => {
    const backend = createMockBackend({ sseRetryMs: 20 });
    const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers) });
    const heard: string[] = [];
    const states: ConnectionState[] = [];
    const unsubscribe = adapter.session.subscribe((session) => heard.push(session.status), { onConnectionChange: (s) => states.push(s) });
    await until(() => states.includes('open'));
    expect(backend.openStreams).to.equal(1);
    await adapter.session.signOut({ signal: live() });
    await until(() => heard.length === 1);
    expect(heard).to.deep.equal(['guest']);
    unsubscribe();
    adapter.dispose();
    backend.dispose();
  });

  it('reports the session stream\'s connection states like the other streams, and resumes it after a drop', async () => {
    const backend = createMockBackend({ sseRetryMs: 20 });
    const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers), reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const heard: string[] = [];
    const states: ConnectionState[] = [];
    adapter.session.subscribe((session) => heard.push(session.status), { onConnectionChange: (s) => states.push(s) });
    await until(() => states.includes('open'));
    backend.chaos.dropStreams();
    backend.setSession('guest'); // while the stream is down: replayed on reconnect
    await until(() => heard.length === 1);
    await until(() => states.at(-1) === 'open');
    expect(heard).to.deep.equal(['guest']);
    adapter.dispose();
    expect(states).to.deep.equal(['connecting', 'open', 'reconnecting', 'open', 'closed']);
    backend.dispose();
  });

  describe('realtime', () => {
    it('shares one connection per topic and closes it after the last unsubscribe', async () => {
      const backend = createMockBackend({ simulateEducator: false, sseRetryMs: 20 });
      const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers) });
      const conversation = backend.store.startConversation({});
      const first: ChatEvent[] = [];
      const second: ChatEvent[] = [];
      const states: ConnectionState[] = [];
      const stopFirst = adapter.chat.subscribe(conversation.id, (e) => first.push(e), { onConnectionChange: (s) => states.push(s) });
      const stopSecond = adapter.chat.subscribe(conversation.id, (e) => second.push(e));
      await until(() => states.includes('open'));
      expect(backend.openStreams).to.equal(1);
      expect(adapter.openStreamCount).to.equal(1);
      backend.educatorSends(conversation.id, 'hello both');
      await until(() => first.length === 1 && second.length === 1);
      stopFirst();
      expect(backend.openStreams).to.equal(1);
      stopSecond();
      await until(() => backend.openStreams === 0);
      expect(adapter.openStreamCount).to.equal(0);
      backend.dispose();
    });

    it('reconnects after a 503 on the stream and after a drop, without losing events', async () => {
      const backend = createMockBackend({ simulateEducator: false, sseRetryMs: 20 });
      const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers), reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
      const conversation = backend.store.startConversation({});
      backend.chaos.set({ failureRate: 1 });
      const texts: string[] = [];
      const states: ConnectionState[] = [];
      let resyncs = 0;
      adapter.chat.subscribe(conversation.id, (e) => e.type === 'message' && texts.push(e.message.text), {
        onConnectionChange: (s) => states.push(s),
        onResync: () => resyncs++,
      });
      await until(() => states.includes('reconnecting'));
      backend.chaos.set({ failureRate: undefined });
      await until(() => states.at(-1) === 'open');
      backend.educatorSends(conversation.id, 'one');
      await until(() => texts.length === 1);
      backend.chaos.set({ dropStreamsAfterMs: 30 });
      backend.chaos.dropStreams();
      backend.educatorSends(conversation.id, 'two');
      await new Promise((r) => setTimeout(r, 150)); // several drops and reconnects
      backend.educatorSends(conversation.id, 'three');
      backend.chaos.set({ dropStreamsAfterMs: undefined });
      await until(() => texts.length === 3);
      await new Promise((r) => setTimeout(r, 100));
      expect(texts).to.deep.equal(['one', 'two', 'three']);
      expect(resyncs, 'replayed, so no resync').to.equal(0);
      expect(states[0]).to.equal('connecting');
      adapter.dispose();
      expect(states.at(-1)).to.equal('closed');
      backend.dispose();
    });

    it('after a drop beyond the retained history, tells every subscriber onResync once and continues live; the resync is no event', async () => {
      const backend = createMockBackend({ simulateEducator: false, sseRetryMs: 20, eventHistoryLimit: 2 });
      const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(backend.handlers), reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
      const conversation = backend.store.startConversation({});
      const timeline: string[] = [];
      const otherTimeline: string[] = [];
      const states: ConnectionState[] = [];
      const record = (into: string[]) => (event: ChatEvent) => into.push(event.type === 'message' ? event.message.text : `<${event.type}>`);
      adapter.chat.subscribe(conversation.id, record(timeline), { onConnectionChange: (s) => states.push(s), onResync: () => timeline.push('<resync>') });
      adapter.chat.subscribe(conversation.id, record(otherTimeline), { onResync: () => otherTimeline.push('<resync>') });
      await until(() => states.includes('open'));
      backend.educatorSends(conversation.id, 'one');
      await until(() => timeline.length === 1);

      backend.chaos.dropStreams();
      // Three events while away, with room for two: the reconnect cannot be replayed.
      for (const text of ['missed-1', 'missed-2', 'missed-3']) backend.educatorSends(conversation.id, text);
      await until(() => timeline.includes('<resync>'));
      backend.educatorSends(conversation.id, 'two');
      await until(() => timeline.length === 3 && otherTimeline.length === 3);
      await new Promise((r) => setTimeout(r, 100));
      expect(timeline).to.deep.equal(['one', '<resync>', 'two']);
      expect(otherTimeline).to.deep.equal(['one', '<resync>', 'two']);
      expect(states).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
      adapter.dispose();
      backend.dispose();
    });

    it('reports "closed" and stops reconnecting when the server ends the stream (204)', async () => {
      const backend = createMockBackend({ simulateEducator: false, sseRetryMs: 20 });
      const { fetch, requests } = recordingFetch(createMockFetch(backend.handlers));
      const adapter = createRestAdapter({ baseUrl: BASE, fetch, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
      const conversation = backend.store.startConversation({});
      const events: ChatEvent[] = [];
      const states: ConnectionState[] = [];
      adapter.chat.subscribe(conversation.id, (e) => events.push(e), { onConnectionChange: (s) => states.push(s) });
      await until(() => states.includes('open'));
      backend.endConversation(conversation.id);
      await until(() => states.includes('closed'));
      await new Promise((r) => setTimeout(r, 150));
      expect(states).to.deep.equal(['connecting', 'open', 'reconnecting', 'closed']);
      expect(events.map((e) => e.type === 'conversation' && e.event)).to.deep.equal(['ended']);
      expect(requests.filter((r) => r.url.endsWith('/events')), 'the first connection and the reconnect answered 204').to.have.length(2);
      expect(adapter.openStreamCount).to.equal(0);
      adapter.dispose();
      expect(states.at(-1)).to.equal('closed');
      backend.dispose();
    });

    it('ignores events whose data is not JSON', async () => {
      const encoder = new TextEncoder();
      const handlers = [
        http.get(`${BASE}/community/groups/g/events`, () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                controller.enqueue(encoder.encode('id: 1\nevent: post\ndata: not json\n\nid: 2\nevent: post\ndata: {"type":"post","post":{"id":"x"}}\n\n'));
              },
            }),
            { headers: { 'Content-Type': 'text/event-stream' } },
          ),
        ),
      ];
      const adapter = createRestAdapter({ baseUrl: BASE, fetch: createMockFetch(handlers) });
      const events: unknown[] = [];
      const original = console.warn;
      console.warn = () => undefined;
      try {
        adapter.community.subscribe('g', (e) => events.push(e));
        await until(() => events.length === 1);
        expect(events).to.deep.equal([{ type: 'post', post: { id: 'x' } }]);
      } finally {
        console.warn = original;
        adapter.dispose();
      }
    });

    it('through the service worker, unsubscribing releases the server-side stream', async function () {
      this.timeout(20_000);
      const baseUrl = '/api/careline-sw-release/v1';
      const backend = createMockBackend({ baseUrl, simulateEducator: false, sseRetryMs: 20 });
      const worker = await startMockWorker(backend);
      try {
        const adapter = createRestAdapter({ baseUrl });
        const conversation = backend.store.startConversation({});
        const texts: string[] = [];
        const unsubscribe = adapter.chat.subscribe(conversation.id, (e) => e.type === 'message' && texts.push(e.message.text));
        await until(() => backend.openStreams === 1, 10_000);
        backend.educatorSends(conversation.id, 'streamed through the worker');
        await until(() => texts.length === 1);
        unsubscribe();
        await until(() => backend.openStreams === 0, 5000);
      } finally {
        worker.stop();
        backend.dispose();
      }
    });
  });
});
