/**
 * `chat.uploadAttachment`: through XMLHttpRequest (real upload progress) when no fetch was
 * injected, run against an msw service worker (which intercepts XHR too); through the
 * injected fetch otherwise, with `onProgress(1)` at the end. Both share the JSON requests'
 * headers, timeout, abort and error mapping.
 */
import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import { isAbortError, isCareError, type CareError, type ChatAttachment } from '@careline/core';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { startMockWorker, type MockWorker } from '@careline/mock/browser.js';
import { createRestAdapter } from './rest-adapter.js';

const live = () => new AbortController().signal;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection');
}

const png = (size = 64) => new Blob([new Uint8Array(size).map((_, i) => i % 251)], { type: 'image/png' });

/** Counts XMLHttpRequest and window.fetch use while `run` runs. */
async function countTransports<T>(run: () => Promise<T>): Promise<{ result: T; xhrOpened: number; fetched: string[] }> {
  const originalOpen = XMLHttpRequest.prototype.open;
  const originalFetch = window.fetch;
  let xhrOpened = 0;
  const fetched: string[] = [];
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    xhrOpened++;
    return (originalOpen as (...a: unknown[]) => void).apply(this, args);
  } as typeof XMLHttpRequest.prototype.open;
  window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    fetched.push(String(input instanceof Request ? input.url : input));
    return originalFetch(input, init);
  }) as typeof fetch;
  try {
    return { result: await run(), xhrOpened, fetched };
  } finally {
    XMLHttpRequest.prototype.open = originalOpen;
    window.fetch = originalFetch;
  }
}

describe('uploadAttachment through XMLHttpRequest (no fetch injected), via a service worker', function () {
  this.timeout(20_000);
  // A base path of its own: other tabs share the origin's service worker.
  const baseUrl = '/api/careline-sw-upload/v1';
  let worker: MockWorker | undefined;
  let backend: MockBackend;

  before(async () => {
    backend = createMockBackend({ baseUrl, simulateEducator: false, maxAttachmentBytes: 4 * 1024 * 1024 });
    worker = await startMockWorker(backend);
  });
  beforeEach(() => {
    backend = createMockBackend({ baseUrl, simulateEducator: false, maxAttachmentBytes: 4 * 1024 * 1024 });
    worker!.use(backend);
  });
  afterEach(() => backend.dispose());
  after(() => worker?.stop());

  it('uses XHR, reports rising progress ending at 1, and the server stores the file', async () => {
    const adapter = createRestAdapter({ baseUrl });
    const conversation = backend.store.startConversation({});
    const file = png(2 * 1024 * 1024);
    const progress: number[] = [];
    const { result, xhrOpened, fetched } = await countTransports(() =>
      adapter.chat.uploadAttachment({ conversationId: conversation.id, file, name: 'wound.png' }, { signal: live(), idempotencyKey: 'xhr-1', onProgress: (f) => progress.push(f) }),
    );
    expect(xhrOpened, 'XMLHttpRequest used').to.equal(1);
    expect(fetched.filter((url) => url.includes(baseUrl)), 'fetch not used for the upload').to.deep.equal([]);
    expect(result).to.include({ name: 'wound.png', type: 'image/png', size: file.size });
    expect(progress.length, 'progress reported').to.be.greaterThan(0);
    expect(progress.at(-1)).to.equal(1);
    expect(progress).to.deep.equal([...progress].sort((a, b) => a - b));
    for (const fraction of progress) expect(fraction).to.be.within(0, 1);
    const stored = backend.store.attachmentFile(conversation.id, result.id);
    expect(new Uint8Array(await stored.file.arrayBuffer())).to.deep.equal(new Uint8Array(await file.arrayBuffer()));
    expect(backend.writes.processedByKey.get('xhr-1')).to.equal(1);
    const served = await fetch(result.url!);
    expect(served.status).to.equal(200);
    expect((await served.arrayBuffer()).byteLength).to.equal(file.size);
    adapter.dispose();
  });

  it('sends the bearer token, configured headers, Idempotency-Key and a multipart body with the file', async () => {
    const seen: Array<{ headers: Record<string, string>; name: unknown; size: unknown; type: unknown }> = [];
    worker!.worker.use(
      http.post(`${baseUrl}/chat/conversations/:id/attachments`, async ({ request }) => {
        const form = await request.formData();
        const file = form.get('file') as File;
        seen.push({ headers: Object.fromEntries(request.headers), name: form.get('name'), size: file.size, type: file.type });
        return HttpResponse.json({ id: 'att-1', name: 'scan.pdf', type: 'application/pdf', size: file.size } satisfies ChatAttachment, { status: 201 });
      }),
    );
    const adapter = createRestAdapter({ baseUrl, getToken: () => 'secret-token', headers: { 'X-Hospital': 'demo' } });
    const attachment = await adapter.chat.uploadAttachment(
      { conversationId: 'c 1', file: new Blob(['%PDF-1.4'], { type: 'application/pdf' }), name: 'scan.pdf' },
      { signal: live(), idempotencyKey: 'key-42' },
    );
    expect(attachment.id).to.equal('att-1');
    expect(seen).to.have.length(1);
    expect(seen[0]!.headers['authorization']).to.equal('Bearer secret-token');
    expect(seen[0]!.headers['idempotency-key']).to.equal('key-42');
    expect(seen[0]!.headers['x-hospital']).to.equal('demo');
    expect(seen[0]!.headers['content-type']).to.match(/^multipart\/form-data; boundary=/);
    expect(seen[0]).to.include({ name: 'scan.pdf', size: 8, type: 'application/pdf' });
    adapter.dispose();
  });

  it('maps failures like the JSON requests: invalid with fieldErrors.file, not-found, rate-limited, offline', async () => {
    const adapter = createRestAdapter({ baseUrl });
    const conversation = backend.store.startConversation({});
    const wrongType = await rejection(
      adapter.chat.uploadAttachment({ conversationId: conversation.id, file: new Blob(['x'], { type: 'text/plain' }), name: 'x.txt' }, { signal: live(), idempotencyKey: 'k1' }),
    );
    expect(isCareError(wrongType) && wrongType.kind).to.equal('invalid');
    expect((wrongType as CareError).status).to.equal(422);
    expect((wrongType as CareError).fieldErrors['file']).to.be.a('string');
    const tooLarge = await rejection(adapter.chat.uploadAttachment({ conversationId: conversation.id, file: png(4 * 1024 * 1024 + 1), name: 'big.png' }, { signal: live(), idempotencyKey: 'k2' }));
    expect((tooLarge as CareError).fieldErrors['file']).to.include('4 MB');
    const missing = await rejection(adapter.chat.uploadAttachment({ conversationId: 'nope', file: png(), name: 'a.png' }, { signal: live(), idempotencyKey: 'k3' }));
    expect((missing as CareError).kind).to.equal('not-found');

    worker!.worker.use(
      http.post(`${baseUrl}/chat/conversations/limited/attachments`, () =>
        HttpResponse.json({ title: 'Too many requests', status: 429 }, { status: 429, headers: { 'Retry-After': '7', 'Content-Type': 'application/problem+json' } }),
      ),
      http.post(`${baseUrl}/chat/conversations/down/attachments`, () => HttpResponse.error()),
    );
    const limited = await rejection(adapter.chat.uploadAttachment({ conversationId: 'limited', file: png(), name: 'a.png' }, { signal: live(), idempotencyKey: 'k4' }));
    expect((limited as CareError).kind).to.equal('rate-limited');
    expect((limited as CareError).retryAfterMs).to.equal(7000);
    const offline = await rejection(adapter.chat.uploadAttachment({ conversationId: 'down', file: png(), name: 'a.png' }, { signal: live(), idempotencyKey: 'k5' }));
    expect((offline as CareError).kind).to.equal('offline');
    expect((offline as CareError).retryable).to.equal(true);
    adapter.dispose();
  });

  it('times out as CareError "timeout"; a caller abort rejects with the caller\'s AbortError', async () => {
    worker!.worker.use(
      http.post(`${baseUrl}/chat/conversations/slow/attachments`, async () => {
        await delay(3000);
        return HttpResponse.json({ id: 'late', name: 'a.png', type: 'image/png', size: 64 }, { status: 201 });
      }),
    );
    const adapter = createRestAdapter({ baseUrl, timeoutMs: 150 });
    const progress: number[] = [];
    const timedOut = await rejection(adapter.chat.uploadAttachment({ conversationId: 'slow', file: png(), name: 'a.png' }, { signal: live(), idempotencyKey: 't1', onProgress: (f) => progress.push(f) }));
    expect(isCareError(timedOut) && timedOut.kind).to.equal('timeout');
    expect(progress, 'no 1 for a failed upload').not.to.include(1);

    const patient = createRestAdapter({ baseUrl, timeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = patient.chat.uploadAttachment({ conversationId: 'slow', file: png(), name: 'a.png' }, { signal: controller.signal, idempotencyKey: 't2' });
    setTimeout(() => controller.abort(), 50);
    const aborted = await rejection(pending);
    expect(isAbortError(aborted), String(aborted)).to.equal(true);

    const early = new AbortController();
    early.abort();
    const { result, xhrOpened } = await countTransports(() =>
      rejection(patient.chat.uploadAttachment({ conversationId: 'slow', file: png(), name: 'a.png' }, { signal: early.signal, idempotencyKey: 't3' })),
    );
    expect(isAbortError(result)).to.equal(true);
    expect(xhrOpened, 'no request when already aborted').to.equal(0);
    adapter.dispose();
    patient.dispose();
  });
});

describe('uploadAttachment through an injected fetch', () => {
  it('posts FormData through that fetch (never XHR) and reports progress once, at 1, when done', async () => {
    const backend = createMockBackend({ simulateEducator: false });
    const inner = createMockFetch(backend.handlers);
    const requests: Request[] = [];
    const adapter = createRestAdapter({
      baseUrl: backend.baseUrl,
      getToken: () => 'tok',
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(new URL(String(input), location.href), init);
        requests.push(request.clone());
        return inner(request);
      }) as typeof fetch,
    });
    const conversation = backend.store.startConversation({});
    const progress: number[] = [];
    const { result, xhrOpened } = await countTransports(() =>
      adapter.chat.uploadAttachment({ conversationId: conversation.id, file: png(100), name: 'knee.png' }, { signal: live(), idempotencyKey: 'f-1', onProgress: (f) => progress.push(f) }),
    );
    expect(xhrOpened).to.equal(0);
    expect(progress).to.deep.equal([1]);
    expect(result).to.include({ name: 'knee.png', type: 'image/png', size: 100 });
    expect(requests).to.have.length(1);
    const request = requests[0]!;
    expect(request.method).to.equal('POST');
    expect(new URL(request.url).pathname).to.equal(`${backend.baseUrl}/chat/conversations/${conversation.id}/attachments`);
    expect(request.headers.get('Idempotency-Key')).to.equal('f-1');
    expect(request.headers.get('Authorization')).to.equal('Bearer tok');
    expect(request.headers.get('Content-Type')).to.match(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    expect((form.get('file') as File).size).to.equal(100);
    expect(form.get('name')).to.equal('knee.png');

    const refused: number[] = [];
    const error = await rejection(
      adapter.chat.uploadAttachment({ conversationId: conversation.id, file: new Blob(['x'], { type: 'text/html' }), name: 'x.html' }, { signal: live(), idempotencyKey: 'f-2', onProgress: (f) => refused.push(f) }),
    );
    expect((error as CareError).kind).to.equal('invalid');
    expect((error as CareError).fieldErrors['file']).to.be.a('string');
    expect(refused, 'no progress for a refused upload').to.deep.equal([]);
    adapter.dispose();
    backend.dispose();
  });

  it('getConversation, markRead, endConversation and sendMessage with attachments and context use the REST routes', async () => {
    const backend = createMockBackend({ simulateEducator: false });
    const inner = createMockFetch(backend.handlers);
    const requests: Array<{ method: string; path: string; body: string; key: string | null }> = [];
    const adapter = createRestAdapter({
      baseUrl: backend.baseUrl,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(new URL(String(input), location.href), init);
        const clone = request.clone();
        requests.push({ method: request.method, path: new URL(request.url).pathname.replace(backend.baseUrl, ''), body: await clone.text(), key: request.headers.get('Idempotency-Key') });
        return inner(request);
      }) as typeof fetch,
    });
    const conversation = await adapter.chat.startConversation({}, { signal: live(), idempotencyKey: 's' });
    expect((await adapter.chat.getConversation(conversation.id, { signal: live() })).id).to.equal(conversation.id);
    const attachment = await adapter.chat.uploadAttachment({ conversationId: conversation.id, file: png(), name: 'a.png' }, { signal: live(), idempotencyKey: 'u' });
    const context = { kind: 'medication', title: 'Metformin 500 mg' };
    const message = await adapter.chat.sendMessage({ conversationId: conversation.id, text: 'This one', attachmentIds: [attachment.id], context }, { signal: live(), idempotencyKey: 'm' });
    expect(message.attachments?.map((a) => a.id)).to.deep.equal([attachment.id]);
    expect(message.context).to.deep.equal(context);
    expect(await adapter.chat.markRead({ conversationId: conversation.id, upToMessageId: message.id }, { signal: live() })).to.equal(undefined);
    expect(backend.store.readMarker(conversation.id)).to.equal(message.id);
    const ended = await adapter.chat.endConversation({ conversationId: conversation.id }, { signal: live(), idempotencyKey: 'e' });
    expect(ended.state).to.equal('ended');
    const late = await rejection(adapter.chat.sendMessage({ conversationId: conversation.id, text: 'late' }, { signal: live(), idempotencyKey: 'm2' }));
    expect((late as CareError).kind).to.equal('conflict');
    const id = conversation.id;
    expect(requests.map((r) => `${r.method} ${r.path} ${r.key ?? '-'}`)).to.deep.equal([
      'POST /chat/conversations s',
      `GET /chat/conversations/${id} -`,
      `POST /chat/conversations/${id}/attachments u`,
      `POST /chat/conversations/${id}/messages m`,
      `POST /chat/conversations/${id}/read -`,
      `POST /chat/conversations/${id}/end e`,
      `POST /chat/conversations/${id}/messages m2`,
    ]);
    expect(JSON.parse(requests[3]!.body)).to.deep.equal({ text: 'This one', attachmentIds: [attachment.id], context });
    expect(JSON.parse(requests[4]!.body)).to.deep.equal({ upToMessageId: message.id });
    expect(JSON.parse(requests[6]!.body), 'no empty extras').to.deep.equal({ text: 'late' });
    const missing = await rejection(adapter.chat.getConversation('nope', { signal: live() }));
    expect((missing as CareError).kind).to.equal('not-found');
    adapter.dispose();
    backend.dispose();
  });
});

describe('uploadAttachment progress mapping (a scripted XMLHttpRequest)', () => {
  /** Fires the scripted upload progress events, then answers. */
  class ScriptedXhr {
    static script: Array<[loaded: number, total: number]> = [];
    static last: ScriptedXhr | undefined;
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    statusText = '';
    responseText = '';
    withCredentials = false;
    headers: Record<string, string> = {};
    opened = '';
    constructor() {
      ScriptedXhr.last = this;
    }
    open(method: string, url: string) {
      this.opened = `${method} ${url}`;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader() {
      return null;
    }
    abort() {
      this.onabort?.();
    }
    send() {
      void (async () => {
        for (const [loaded, total] of ScriptedXhr.script) {
          await new Promise((r) => setTimeout(r, 1));
          this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
        }
        await new Promise((r) => setTimeout(r, 1));
        this.status = 201;
        this.responseText = JSON.stringify({ id: 'att-s', name: 'a.png', type: 'image/png', size: 400 });
        this.onload?.();
      })();
    }
  }

  it('reports the share sent, below 1 until the server answered, then exactly 1; credentials "include" sets withCredentials', async () => {
    const original = window.XMLHttpRequest;
    (window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = ScriptedXhr;
    try {
      ScriptedXhr.script = [
        [100, 400],
        [100, 400],
        [300, 400],
        [400, 400],
      ];
      const adapter = createRestAdapter({ baseUrl: '/api/scripted/v1', credentials: 'include' });
      const progress: number[] = [];
      const attachment = await adapter.chat.uploadAttachment({ conversationId: 'c', file: png(400), name: 'a.png' }, { signal: live(), idempotencyKey: 'p', onProgress: (f) => progress.push(f) });
      expect(attachment.id).to.equal('att-s');
      expect(progress).to.deep.equal([0.25, 0.75, 0.99, 1]);
      expect(ScriptedXhr.last!.opened).to.equal('POST /api/scripted/v1/chat/conversations/c/attachments');
      expect(ScriptedXhr.last!.headers['Idempotency-Key']).to.equal('p');
      expect(ScriptedXhr.last!.withCredentials).to.equal(true);
      // A throwing callback does not break the upload.
      const quiet = console.error;
      console.error = () => undefined;
      try {
        const again = await adapter.chat.uploadAttachment({ conversationId: 'c', file: png(400), name: 'a.png' }, { signal: live(), idempotencyKey: 'q', onProgress: () => { throw new Error('boom'); } });
        expect(again.id).to.equal('att-s');
      } finally {
        console.error = quiet;
      }
      adapter.dispose();
    } finally {
      window.XMLHttpRequest = original;
    }
  });
});
