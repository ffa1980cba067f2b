import { expect } from '@open-wc/testing';
import type { ChatEvent, ChatMessage, CommunityPost, Conversation, FhirResource, Page, RecordItem, RecordPage, RecordShare } from '@careline/core';
import { createMockBackend, type MockBackend } from './backend.js';
import { createMockFetch } from './mock-fetch.js';
import { patients } from './fixtures.js';

const BASE = '/api/careline/v1';

function setup(options: Parameters<typeof createMockBackend>[0] = {}) {
  const backend = createMockBackend({ educatorReplyDelayMs: 60, sseRetryMs: 10, ...options });
  const fetch = createMockFetch(backend.handlers);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { response, status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  return { backend, fetch, call };
}

/** Reads an event stream response into parsed events until `count` arrived. */
async function readEvents(response: Response, count: number, timeoutMs = 3000): Promise<Array<{ id: string; event: string; data: any }>> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ id: string; event: string; data: any }> = [];
  let buffer = '';
  const deadline = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (events.length < count) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        if (fields['data'] !== undefined) events.push({ id: fields['id'] ?? '', event: fields['event'] ?? 'message', data: JSON.parse(fields['data']) });
      }
    }
  } finally {
    clearTimeout(deadline);
    void reader.cancel().catch(() => undefined);
  }
  return events;
}

describe('mock backend', () => {
  let ctx: ReturnType<typeof setup>;
  let backend: MockBackend;
  afterEach(() => ctx?.backend.dispose());

  describe('session', () => {
    it('starts signed in as the fictional patient, or as a guest', async () => {
      ctx = setup();
      expect((await ctx.call('GET', '/session')).body).to.deep.include({ status: 'signed-in', patient: patients.sitiRahma });
      ctx.backend.dispose();
      ctx = setup({ seed: 'guest' });
      expect((await ctx.call('GET', '/session')).body.status).to.equal('guest');
    });

    it('signs out with 204 and tells the session stream', async () => {
      ctx = setup();
      const stream = await ctx.fetch(`${BASE}/session/events`);
      expect(stream.headers.get('Content-Type')).to.match(/^text\/event-stream/);
      const events = readEvents(stream, 1);
      const signOut = await ctx.call('POST', '/session/sign-out');
      expect(signOut.status).to.equal(204);
      expect(await events).to.deep.equal([{ id: '1', event: 'session', data: { status: 'guest', signInUrl: '/portal/sign-in' } }]);
      expect((await ctx.call('GET', '/session')).body.status).to.equal('guest');
    });
  });

  describe('idempotency', () => {
    beforeEach(async () => {
      ctx = setup({ simulateEducator: false });
      backend = ctx.backend;
    });

    async function conversation(): Promise<Conversation> {
      return (await ctx.call('POST', '/chat/conversations', {}, { 'Idempotency-Key': crypto.randomUUID() })).body as Conversation;
    }

    it('replays the first response for the same key without processing again', async () => {
      const { id } = await conversation();
      const key = 'key-replay-1';
      const first = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Hello' }, { 'Idempotency-Key': key });
      const second = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Hello' }, { 'Idempotency-Key': key });
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(second.body).to.deep.equal(first.body);
      expect(second.response.headers.get('Idempotent-Replayed')).to.equal('true');
      expect((first.body as ChatMessage).clientId).to.equal(key);
      const list = (await ctx.call('GET', `/chat/conversations/${id}/messages`)).body as Page<ChatMessage>;
      expect(list.items.map((m) => m.text)).to.deep.equal(['Hello']);
      expect(backend.writes.processedByKey.get(key)).to.equal(1);
      expect(backend.writes.requestsByKey.get(key)).to.equal(2);
      expect(backend.writes.duplicates).to.equal(0);
    });

    it('refuses the same key with a different body (422) and frees keys of failed requests', async () => {
      const { id } = await conversation();
      await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'One' }, { 'Idempotency-Key': 'k2' });
      const reused = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Two' }, { 'Idempotency-Key': 'k2' });
      expect(reused.status).to.equal(422);
      expect(reused.response.headers.get('Content-Type')).to.equal('application/problem+json');

      const invalid = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: '  ' }, { 'Idempotency-Key': 'k3' });
      expect(invalid.status).to.equal(422);
      expect(invalid.body.errors).to.have.property('text');
      const corrected = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Fixed' }, { 'Idempotency-Key': 'k3' });
      expect(corrected.status).to.equal(201);
    });

    it('processes and stores a write whose response is lost, and a retry gets the stored response', async () => {
      const { id } = await conversation();
      backend.chaos.set({ resetAfterProcessRate: 1 });
      let networkError: unknown;
      try {
        await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Lost reply' }, { 'Idempotency-Key': 'k-lost' });
      } catch (error) {
        networkError = error;
      }
      expect(networkError).to.be.instanceOf(TypeError);
      backend.chaos.set({ resetAfterProcessRate: undefined });
      const retry = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Lost reply' }, { 'Idempotency-Key': 'k-lost' });
      expect(retry.status).to.equal(201);
      expect(backend.store.listMessages(id, {}).items.map((m) => m.id)).to.deep.equal([retry.body.id]);
      expect(backend.writes.duplicates).to.equal(0);
    });

    it('fails with 503 + Retry-After before processing when failureRate hits', async () => {
      const { id } = await conversation();
      const processedBefore = backend.writes.processed;
      backend.chaos.set({ failureRate: 1 });
      const failed = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'x' }, { 'Idempotency-Key': 'k-503' });
      expect(failed.status).to.equal(503);
      expect(failed.response.headers.get('Retry-After')).to.equal('1');
      expect(backend.writes.processed).to.equal(processedBefore);
      expect(backend.store.listMessages(id, {}).items).to.have.length(0);
    });

    it('scripts single failures for the next request', async () => {
      backend.chaos.failNext({ status: 429, retryAfterSeconds: 7 });
      const limited = await ctx.call('GET', '/chat/availability');
      expect(limited.status).to.equal(429);
      expect(limited.response.headers.get('Retry-After')).to.equal('7');
      expect((await ctx.call('GET', '/chat/availability')).status).to.equal(200);
    });

    it('adds latency from the configured range', async () => {
      backend.chaos.set({ latencyMs: [80, 100] });
      const start = performance.now();
      await ctx.call('GET', '/feedback/departments');
      expect(performance.now() - start).to.be.at.least(75);
    });
  });

  describe('event streams', () => {
    it('numbers events per topic and replays everything after Last-Event-ID', async () => {
      ctx = setup({ simulateEducator: false });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      for (const text of ['a', 'b', 'c']) ctx.backend.educatorSends(id, text);
      const resumed = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': '1' } });
      const events = readEvents(resumed, 3);
      ctx.backend.educatorSends(id, 'd');
      const received = await events;
      expect(received.map((e) => e.id)).to.deep.equal(['2', '3', '4']);
      expect(received.map((e) => (e.data as ChatEvent & { type: 'message' }).message.text)).to.deep.equal(['b', 'c', 'd']);
      expect(received.every((e) => e.event === 'message')).to.equal(true);
    });

    it('keeps a bounded history: resumes from within it, resyncs from before it or from an unknown id', async () => {
      ctx = setup({ simulateEducator: false, eventHistoryLimit: 3 });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      for (const text of ['a', 'b', 'c', 'd', 'e']) ctx.backend.educatorSends(id, text); // ids 1…5; 3, 4, 5 retained
      const resumeFrom = (lastEventId: string) => ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': lastEventId } });

      const withinHistory = await readEvents(await resumeFrom('2'), 3);
      expect(withinHistory.map((e) => `${e.id}:${e.event}`)).to.deep.equal(['3:message', '4:message', '5:message']);

      const tooOld = readEvents(await resumeFrom('1'), 2);
      ctx.backend.educatorSends(id, 'f');
      // The resync carries the newest id, from which the client resumes next time.
      expect((await tooOld).map((e) => `${e.id}:${e.event}`)).to.deep.equal(['5:resync', '6:message']);
      expect((await tooOld)[0]!.data).to.deep.equal({ type: 'resync' });

      for (const unknown of ['99', 'abc', '-1']) {
        const events = readEvents(await resumeFrom(unknown), 1);
        expect((await events).map((e) => e.event), `Last-Event-ID ${unknown}`).to.deep.equal(['resync']);
      }
      expect(ctx.backend.store.listMessages(id, {}).items.map((m) => m.text)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
    });

    it('resumes from a resync id without resyncing again', async () => {
      ctx = setup({ simulateEducator: false, eventHistoryLimit: 1 });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      for (const text of ['a', 'b', 'c']) ctx.backend.educatorSends(id, text);
      const [resync] = await readEvents(await ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': '1' } }), 1);
      expect(resync).to.include({ id: '3', event: 'resync' });
      const resumed = readEvents(await ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': '3' } }), 1);
      ctx.backend.educatorSends(id, 'd');
      expect((await resumed).map((e) => `${e.id}:${e.event}`)).to.deep.equal(['4:message']);
    });

    it('after forgetEventHistory() or reset(), earlier ids are unknown (resync) while new ids keep increasing', async () => {
      ctx = setup({ simulateEducator: false });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      ctx.backend.educatorSends(id, 'a');
      ctx.backend.educatorSends(id, 'b');
      ctx.backend.forgetEventHistory();
      const forgotten = readEvents(await ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': '2' } }), 2);
      ctx.backend.educatorSends(id, 'c');
      expect((await forgotten).map((e) => `${e.id}:${e.event}`)).to.deep.equal(['3:resync', '4:message']);

      ctx.backend.setSession('guest');
      ctx.backend.reset();
      const afterReset = readEvents(await ctx.fetch(`${BASE}/session/events`, { headers: { 'Last-Event-ID': '1' } }), 2);
      ctx.backend.setSession('guest');
      expect((await afterReset).map((e) => `${e.id}:${e.event}`)).to.deep.equal(['2:resync', '3:session']);
    });

    it('opens a fresh stream with the newest id (no data), then live events only', async () => {
      ctx = setup({ simulateEducator: false, keepAliveMs: 60_000 });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      ctx.backend.educatorSends(id, 'before');
      ctx.backend.forgetEventHistory(); // skips id 2: the opening id must still be one to resume from
      const response = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).to.equal(`retry: 10\nid: 2\n: connected to chat:${id}\n\n`);
      await reader.cancel();
      const resumed = readEvents(await ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': '2' } }), 1);
      ctx.backend.educatorSends(id, 'live');
      expect((await resumed).map((e) => `${e.id}:${e.event}:${(e.data as { message: { text: string } }).message.text}`)).to.deep.equal(['3:message:live']);
    });

    it('ends a conversation: its stream sends "ended" and closes, reconnects get 204, new messages 409', async () => {
      ctx = setup({ simulateEducator: false });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      const response = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      ctx.backend.endConversation(id);
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
      }
      expect(text).to.match(/event: conversation\ndata: \{"type":"conversation","event":"ended","at":"[^"]+"\}\n\n$/);
      expect(ctx.backend.openStreams).to.equal(0);

      const reconnect = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`, { headers: { 'Last-Event-ID': '1' } });
      expect(reconnect.status).to.equal(204);
      expect(ctx.backend.openStreams).to.equal(0);
      const late = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Are you there?' });
      expect(late.status).to.equal(409);
      expect((await ctx.call('GET', `/chat/conversations/${id}/messages`)).status).to.equal(200);
    });

    it('sends retry: first and 404 for an unknown conversation', async () => {
      ctx = setup({ sseRetryMs: 1234 });
      const missing = await ctx.fetch(`${BASE}/chat/conversations/nope/events`);
      expect(missing.status).to.equal(404);
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      const response = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const { value } = await reader.read();
      expect(value).to.match(/^retry: 1234\n/);
      await reader.cancel();
    });

    it('sends keep-alive comments', async () => {
      ctx = setup({ keepAliveMs: 20 });
      const response = await ctx.fetch(`${BASE}/session/events`);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes(': keep-alive')) text += (await reader.read()).value ?? '';
      await reader.cancel();
    });

    it('cuts every open stream on chaos.dropStreams(), and after dropStreamsAfterMs', async () => {
      ctx = setup();
      const response = await ctx.fetch(`${BASE}/session/events`);
      expect(ctx.backend.openStreams).to.equal(1);
      const reader = response.body!.getReader();
      await reader.read(); // retry:
      ctx.backend.chaos.dropStreams();
      let error: unknown;
      try {
        await reader.read();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(TypeError);
      expect(ctx.backend.openStreams).to.equal(0);

      ctx.backend.chaos.set({ dropStreamsAfterMs: 30 });
      const second = await ctx.fetch(`${BASE}/session/events`);
      const secondReader = second.body!.getReader();
      const start = performance.now();
      let dropped = false;
      try {
        for (;;) if ((await secondReader.read()).done) break;
      } catch {
        dropped = true;
      }
      expect(dropped).to.equal(true);
      expect(performance.now() - start).to.be.at.least(20);
    });

    it('releases the subscription when the client aborts', async () => {
      ctx = setup();
      const controller = new AbortController();
      const response = await ctx.fetch(`${BASE}/session/events`, { signal: controller.signal });
      expect(ctx.backend.openStreams).to.equal(1);
      controller.abort();
      let error: unknown;
      try {
        await response.body!.getReader().read();
      } catch (e) {
        error = e;
      }
      expect((error as DOMException).name).to.equal('AbortError');
      expect(ctx.backend.openStreams).to.equal(0);
    });
  });

  describe('simulated educator', () => {
    it('marks the message delivered and read, joins, types, then replies about the keyword', async () => {
      ctx = setup({ educatorReplyDelayMs: 80 });
      const { id } = (await ctx.call('POST', '/chat/conversations', { topicId: 'results' })).body as Conversation;
      const stream = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`);
      const events = readEvents(stream, 7);
      await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Can you explain my HbA1c result?' }, { 'Idempotency-Key': 'e1' });
      const received = (await events).map((e) => e.data as ChatEvent);
      expect(received.map((e) => e.type)).to.deep.equal(['message', 'message-status', 'conversation', 'message-status', 'typing', 'typing', 'message']);
      const reply = received[6] as Extract<ChatEvent, { type: 'message' }>;
      expect(reply.message.author).to.deep.include({ kind: 'educator', name: 'Dewi Lestari' });
      expect(reply.message.text).to.match(/HbA1c/);
      expect(received[4]).to.deep.include({ type: 'typing', active: true });
      expect(received[5]).to.deep.include({ type: 'typing', active: false });
    });

    it('answers medicine questions as the pharmacist, and warns about emergencies', async () => {
      ctx = setup({ educatorReplyDelayMs: 20 });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Can I take metformin at night?' });
      await new Promise((r) => setTimeout(r, 60));
      const [, reply] = ctx.backend.store.listMessages(id, {}).items;
      expect(reply?.author.name).to.equal('Budi Santoso');
      await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'I have chest pain' });
      await new Promise((r) => setTimeout(r, 60));
      expect(ctx.backend.store.listMessages(id, {}).items.at(-1)?.text).to.match(/119/);
    });

    it('leaves a system note instead of replying when offline', async () => {
      ctx = setup({ educatorReplyDelayMs: 20, online: false });
      const availability = (await ctx.call('GET', '/chat/availability')).body;
      expect(availability.online).to.equal(false);
      expect(availability.timeZone).to.equal('Asia/Jakarta');
      expect(Date.parse(availability.nextReplyBy)).to.be.greaterThan(Date.now());
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Hello?' });
      await new Promise((r) => setTimeout(r, 60));
      const authors = ctx.backend.store.listMessages(id, {}).items.map((m) => m.author.kind);
      expect(authors).to.deep.equal(['patient', 'system']);
    });

    it('lets guests chat, asking offline guests how to reach them', async () => {
      ctx = setup({ seed: 'guest', online: false, simulateEducator: false });
      const refused = await ctx.call('POST', '/chat/conversations', {});
      expect(refused.status).to.equal(422);
      expect(refused.body.errors).to.have.property('guest');
      const incomplete = await ctx.call('POST', '/chat/conversations', { guest: { name: ' ', contact: { channel: 'fax', value: '' } } });
      expect(Object.keys(incomplete.body.errors).sort()).to.deep.equal(['guest.contact.channel', 'guest.contact.value', 'guest.name']);
      const started = await ctx.call('POST', '/chat/conversations', { guest: { name: 'Rina', contact: { channel: 'email', value: 'rina@example.org' } } });
      expect(started.status).to.equal(201);
      const sent = await ctx.call('POST', `/chat/conversations/${started.body.id}/messages`, { text: 'Hello' });
      expect(sent.body.author).to.deep.equal({ kind: 'patient', name: 'Rina' });
    });

    it('reset() cancels pending replies and restores the seed', async () => {
      ctx = setup({ educatorReplyDelayMs: 10_000 });
      const { id } = (await ctx.call('POST', '/chat/conversations', {})).body as Conversation;
      await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Hi' });
      expect(ctx.backend.pendingTimers).to.be.greaterThan(0);
      ctx.backend.chaos.set({ failureRate: 1 });
      ctx.backend.reset();
      expect(ctx.backend.pendingTimers).to.equal(0);
      expect(ctx.backend.chaos.get()).to.deep.equal({});
      expect((await ctx.call('GET', `/chat/conversations/${id}/messages`)).status).to.equal(404);
    });
  });

  describe('records', () => {
    it('pages a section newest first without overlap, and refuses guests', async () => {
      ctx = setup();
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = (await ctx.call('GET', `/records/labs?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body as Page<RecordItem>;
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      const all = (await ctx.call('GET', '/records/labs?limit=100')).body as Page<RecordItem>;
      expect(pages).to.be.greaterThan(1);
      expect(ids).to.deep.equal(all.items.map((i) => i.id));
      expect(all.nextCursor).to.equal(undefined);
      expect((await ctx.call('GET', '/records/labs?limit=0')).status).to.equal(400);
      expect((await ctx.call('GET', '/records/nonsense')).status).to.equal(404);
      ctx.backend.setSession('guest');
      expect((await ctx.call('GET', '/records/labs')).status).to.equal(401);
    });

    it('keeps the text-only reference range and a "no known" allergy entry', async () => {
      ctx = setup();
      const labs = (await ctx.call('GET', '/records/labs?limit=100')).body as Page<RecordItem>;
      const triglyceride = labs.items.find((i) => i.id === 'lab-tg-1');
      expect((triglyceride?.resource['referenceRange'] as Array<{ text: string }>)[0]?.text).to.equal('<150');
      const allergies = (await ctx.call('GET', '/records/allergies')).body as Page<RecordItem>;
      expect(allergies.items.some((i) => (i.resource['code'] as { text: string }).text === 'No known latex allergy')).to.equal(true);
    });

    it('adds a patient entry and files a correction request', async () => {
      ctx = setup();
      const entry = await ctx.call('POST', '/records/entries', {
        section: 'vitals',
        resource: { resourceType: 'Observation', status: 'final', code: { text: 'Weight' }, valueQuantity: { value: 68, unit: 'kg' }, effectiveDateTime: '2026-11-22T00:00:00Z' },
      });
      expect(entry.status).to.equal(201);
      expect((entry.body as RecordItem).provenance).to.deep.equal({ enteredBy: 'patient' });
      expect((await ctx.call('POST', '/records/entries', { section: 'vitals', resource: { resourceType: 'Patient' } })).body.errors).to.have.property('resource.resourceType');
      const correction = await ctx.call('POST', '/records/corrections', { itemId: 'ai-2', reason: 'I am not allergic to prawns any more.' });
      expect(correction.body.reference).to.match(/^COR-/);
      expect((await ctx.call('POST', '/records/corrections', { itemId: 'ai-2', reason: '' })).body.errors).to.have.property('reason');
      expect((await ctx.call('POST', '/records/corrections', { itemId: 'nope', reason: 'x' })).status).to.equal(404);
    });

    it('filters by concept, current status and dates, and counts the total', async () => {
      ctx = setup();
      const hba1c = (await ctx.call('GET', `/records/labs?code=${encodeURIComponent('http://loinc.org|4548-4')}`)).body as RecordPage;
      expect(hba1c.items.map((i) => i.id)).to.deep.equal(['lab-hba1c-4', 'lab-hba1c-3', 'lab-hba1c-2', 'lab-hba1c-1']);
      expect(hba1c.total).to.equal(4);
      const byText = (await ctx.call('GET', `/records/allergies?code=${encodeURIComponent('|Prawns')}`)).body as RecordPage;
      expect(byText.items.map((i) => i.id)).to.deep.equal(['ai-2']);
      const current = (await ctx.call('GET', '/records/conditions?current=true')).body as RecordPage;
      expect(current.items.map((i) => i.id).sort()).to.deep.equal(['cond-1', 'cond-2']);
      const meds = (await ctx.call('GET', '/records/medications?current=true')).body as RecordPage;
      expect(meds.items.map((i) => i.id).sort()).to.deep.equal(['med-1', 'med-2']);
      const unpaid = (await ctx.call('GET', '/records/bills?current=true')).body as RecordPage;
      expect(unpaid.items.map((i) => i.id)).to.deep.equal(['inv-2']);
      const summer = (await ctx.call('GET', '/records/labs?from=2026-04-01&to=2026-07-31&limit=100')).body as RecordPage;
      expect(summer.items.map((i) => i.id).sort()).to.deep.equal(['lab-glu-2', 'lab-glu-3', 'lab-hba1c-2', 'lab-hba1c-3', 'lab-tg-1']);
      expect((await ctx.call('GET', '/records/labs?from=yesterday')).body.errors).to.have.property('from');
      expect((await ctx.call('GET', '/records/labs?code=4548-4')).body.errors).to.have.property('code');
    });

    it('gives the patient resource and shares sections with a carer until revoked', async () => {
      ctx = setup();
      const patient = (await ctx.call('GET', '/records/patient')).body as FhirResource;
      expect(patient.resourceType).to.equal('Patient');
      expect(patient.id).to.equal('p-1001');
      const invalid = await ctx.call('POST', '/records/shares', { sections: [], recipient: { name: '', email: 'nope' }, until: '2020-01-01' });
      expect(invalid.status).to.equal(422);
      expect(Object.keys(invalid.body.errors).sort()).to.deep.equal(['recipient.email', 'recipient.name', 'sections', 'until']);
      const shared = await ctx.call('POST', '/records/shares', { sections: ['medications', 'appointments'], recipient: { name: 'Ayu', relationship: 'daughter', email: 'ayu@example.org' } });
      expect(shared.status).to.equal(201);
      const share = shared.body as RecordShare;
      expect(share.status).to.equal('pending');
      expect((await ctx.call('GET', '/records/shares')).body).to.have.length(1);
      const revoked = await ctx.call('POST', `/records/shares/${share.id}/revoke`);
      expect((revoked.body as RecordShare).status).to.equal('revoked');
      expect((await ctx.call('POST', '/records/shares/unknown/revoke')).status).to.equal(404);
      ctx.backend.setSession('guest');
      expect((await ctx.call('GET', '/records/patient')).status).to.equal(401);
    });
  });

  describe('community', () => {
    it('lists pinned staff posts first, pages without overlap, and sorts by helpfulness', async () => {
      ctx = setup();
      const first = (await ctx.call('GET', '/community/groups/g-diabetes/posts')).body as Page<CommunityPost>;
      expect(first.items[0]?.pinned).to.equal(true);
      expect(first.items).to.have.length(10);
      const second = (await ctx.call('GET', `/community/groups/g-diabetes/posts?cursor=${first.nextCursor}`)).body as Page<CommunityPost>;
      const ids = [...first.items, ...second.items].map((p) => p.id);
      expect(new Set(ids).size).to.equal(ids.length);
      expect(second.nextCursor).to.equal(undefined);
      expect(ids.every((id) => !id.includes('-r'))).to.equal(true);

      const helpful = (await ctx.call('GET', '/community/groups/g-diabetes/posts?sort=helpful')).body as Page<CommunityPost>;
      const unpinned = helpful.items.filter((p) => !p.pinned).map((p) => p.reactions.helpful);
      expect(unpinned).to.deep.equal([...unpinned].sort((a, b) => b - a));
    });

    it('honours limit, caps it at 50, and answers 400 with errors.limit when it is not a whole number of at least 1', async () => {
      ctx = setup();
      const page = (query: string) => ctx.call('GET', `/community/groups/g-heart/posts?${query}`);
      for (let n = 1; n <= 60; n++) ctx.backend.publishPost('g-heart', `Post ${n}`);
      const small = (await page('limit=3')).body as Page<CommunityPost>;
      expect(small.items).to.have.length(3);
      const next = (await page(`limit=3&cursor=${small.nextCursor}`)).body as Page<CommunityPost>;
      expect(next.items).to.have.length(3);
      expect(next.items[0]!.id).not.to.equal(small.items[2]!.id);
      expect(((await page('')).body as Page<CommunityPost>).items, 'default page size').to.have.length(10);
      const capped = (await page('limit=1000')).body as Page<CommunityPost>;
      expect(capped.items).to.have.length(50);
      expect(capped.nextCursor).to.be.a('string');
      for (const invalid of ['0', '-2', '1.5', 'ten']) {
        const refused = await page(`limit=${invalid}`);
        expect(refused.status, `limit=${invalid}`).to.equal(400);
        expect(refused.body.errors.limit).to.be.a('string').and.not.equal('');
      }
    });

    it('lists a thread oldest first with its verified answer, and searches', async () => {
      ctx = setup();
      const thread = (await ctx.call('GET', '/community/groups/g-diabetes/posts?parentId=post-d-02')).body as Page<CommunityPost>;
      expect(thread.items.map((p) => p.id)).to.deep.equal(['post-d-02-r1', 'post-d-02-r2']);
      expect(thread.items[0]).to.deep.include({ verified: true });
      const found = (await ctx.call('GET', '/community/groups/g-diabetes/posts?search=RICE')).body as Page<CommunityPost>;
      expect(found.items.map((p) => p.id).sort()).to.deep.equal(['post-d-04', 'post-d-11']);
    });

    it('publishes posts to the group stream, holds posts with contact details for moderation, and checks anonymity rules', async () => {
      ctx = setup();
      const stream = await ctx.fetch(`${BASE}/community/groups/g-heart/events`);
      const events = readEvents(stream, 1);
      const published = await ctx.call('POST', '/community/groups/g-heart/posts', { body: 'Walking helps me.', pseudonym: 'HeartWalker' });
      expect(published.body).to.deep.include({ state: 'published', author: { name: 'HeartWalker' } });
      // The stream goes to every member: it carries the post without the author's own view of it.
      const { mine, replyCount, ...shared } = published.body as CommunityPost;
      expect(mine).to.equal(true);
      expect(replyCount).to.equal(0);
      expect((await events)[0]?.data).to.deep.equal({ type: 'post', post: shared });
      const pending = await ctx.call('POST', '/community/groups/g-heart/posts', { body: 'Call me on 0812 0000 0000' });
      expect(pending.body.state).to.equal('pending');
      const anonymous = await ctx.call('POST', '/community/groups/g-heart/posts', { body: 'Hi', anonymous: true });
      expect(anonymous.body.errors).to.have.property('anonymous');
      expect((await ctx.call('POST', '/community/groups/g-heart/posts', { body: '' })).body.errors).to.have.property('body');
      expect((await ctx.call('POST', '/community/groups/nope/posts', { body: 'x' })).status).to.equal(404);
    });
  });

  describe('feedback', () => {
    it('submits, gives a reference and an acknowledgement date, and tracks status', async () => {
      ctx = setup();
      const departments = (await ctx.call('GET', '/feedback/departments')).body as Array<{ id: string }>;
      const receipt = await ctx.call('POST', '/feedback', { kind: 'compliment', departmentId: departments[0]!.id, description: 'Kind nurses.', anonymous: true, rating: 5 });
      expect(receipt.status).to.equal(201);
      expect(receipt.body.acknowledgeBy).to.match(/^\d{4}-\d{2}-\d{2}$/);
      const status = await ctx.call('GET', `/feedback/${encodeURIComponent(receipt.body.reference)}`);
      expect(status.body).to.deep.include({ reference: receipt.body.reference, kind: 'compliment', state: 'received' });
      expect((await ctx.call('GET', '/feedback/FB-DEMO-0001')).body.state).to.equal('under-review');
      expect((await ctx.call('GET', '/feedback/NO-SUCH-REF')).status).to.equal(404);
    });

    it('answers invalid input with per-field errors', async () => {
      ctx = setup();
      const invalid = await ctx.call('POST', '/feedback', { kind: 'rant', description: ' ', anonymous: false, rating: 9, visitDate: '2999-01-01', contact: { email: 'nope' } });
      expect(invalid.status).to.equal(422);
      expect(Object.keys(invalid.body.errors).sort()).to.deep.equal(['contact.email', 'description', 'kind', 'rating', 'visitDate']);
    });
  });

  it('answers unknown endpoints with a 404 problem', async () => {
    ctx = setup();
    const missing = await ctx.call('GET', '/nothing/here');
    expect(missing.status).to.equal(404);
    expect(missing.body.status).to.equal(404);
  });
});
