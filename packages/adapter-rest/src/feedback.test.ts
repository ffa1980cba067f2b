/**
 * The feedback port over REST: every FeedbackInput field is sent as is, `listMine` and
 * `uploadAttachment` use their routes (the upload through XMLHttpRequest with progress,
 * or the injected fetch), and the mock's feedback refusals map to CareErrors.
 */
import { expect } from '@open-wc/testing';
import { isCareError, type CareError, type FeedbackInput } from '@careline/core';
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

const png = (size = 64) => new Blob([new Uint8Array(size)], { type: 'image/png' });

/** An adapter over the mock through an injected fetch that records each request. */
function recorded(options: Parameters<typeof createMockBackend>[0] = {}) {
  const backend = createMockBackend({ simulateEducator: false, ...options });
  const inner = createMockFetch(backend.handlers);
  const requests: Array<{ method: string; path: string; body: string; key: string | null; contentType: string | null }> = [];
  const adapter = createRestAdapter({
    baseUrl: backend.baseUrl,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(new URL(String(input), location.href), init);
      const isForm = (request.headers.get('Content-Type') ?? '').startsWith('multipart/');
      requests.push({
        method: request.method,
        path: new URL(request.url).pathname.replace(backend.baseUrl, ''),
        body: isForm ? '<multipart>' : await request.clone().text(),
        key: request.headers.get('Idempotency-Key'),
        contentType: request.headers.get('Content-Type'),
      });
      return inner(request);
    }) as typeof fetch,
  });
  return { backend, adapter, requests };
}

describe('feedback over REST', () => {
  let ctx: ReturnType<typeof recorded> | undefined;
  afterEach(() => {
    ctx?.adapter.dispose();
    ctx?.backend.dispose();
    ctx = undefined;
  });

  it('sends every FeedbackInput field unchanged and returns the full receipt', async () => {
    ctx = recorded();
    const attachment = await ctx.adapter.feedback.uploadAttachment!({ file: png(), name: 'queue.png' }, { signal: live(), idempotencyKey: 'up-1' });
    const input: FeedbackInput = {
      kind: 'complaint',
      departmentId: 'dep-pharmacy',
      visitDate: '2026-01-05',
      rating: 2,
      ratingScale: 'recommend-0-10',
      description: 'My mother waited four hours.',
      outcome: 'A shorter wait.',
      anonymous: false,
      contact: { name: 'Siti Rahma', email: 'siti@example.org', phone: '+62 21 555 0100', preference: 'email' },
      consentToContact: true,
      onBehalfOf: { name: 'Ibu Rahma', relationship: 'daughter', consent: 'given' },
      attachmentIds: [attachment.id],
      receiptByEmail: true,
      answers: { 'wait-hours': 4, informed: false, comment: 'No one told us why.' },
      questionnaireResponse: { resourceType: 'QuestionnaireResponse', status: 'completed', item: [{ linkId: 'q1', answer: [{ valueBoolean: true }] }] },
      locale: 'id',
      fillSeconds: 120,
    };
    const receipt = await ctx.adapter.feedback.submit(input, { signal: live(), idempotencyKey: 'fb-1' });
    expect(receipt.reference).to.match(/^FB-/);
    expect(receipt.acknowledgeBy).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(receipt.receivedAt).to.be.a('string');
    expect(receipt.receiptEmailed).to.equal(true);
    const submit = ctx.requests.find((r) => r.path === '/feedback')!;
    expect(submit.method).to.equal('POST');
    expect(submit.key).to.equal('fb-1');
    expect(JSON.parse(submit.body)).to.deep.equal(input);
    expect(ctx.backend.store.feedbackRecords.get(receipt.reference.toUpperCase())?.input).to.deep.include({ onBehalfOf: input.onBehalfOf, ratingScale: 'recommend-0-10' });
  });

  it('getStatus trims the reference and keeps its case for the server to match', async () => {
    ctx = recorded();
    const status = await ctx.adapter.feedback.getStatus('  fb-demo-0002 ', { signal: live() });
    expect(status.reference).to.equal('FB-DEMO-0002');
    expect(status.state).to.equal('resolved');
    expect(ctx.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /feedback/fb-demo-0002']);
  });

  it('listMine reads GET /feedback/mine: own feedback newest first; unauthorized for a guest', async () => {
    ctx = recorded();
    const named = await ctx.adapter.feedback.submit({ kind: 'compliment', description: 'Thank you.', anonymous: false }, { signal: live(), idempotencyKey: 'n' });
    const anonymous = await ctx.adapter.feedback.submit({ kind: 'complaint', description: 'Lift broken.', anonymous: true }, { signal: live(), idempotencyKey: 'a' });
    const mine = await ctx.adapter.feedback.listMine!({ signal: live() });
    expect(mine.map((s) => s.reference)).to.deep.equal([named.reference, 'FB-DEMO-0001', 'FB-DEMO-0002']);
    expect(mine.map((s) => s.reference)).not.to.include(anonymous.reference);
    expect(ctx.requests.at(-1)).to.include({ method: 'GET', path: '/feedback/mine', key: null });
    ctx.backend.setSession('guest');
    const guest = await rejection(ctx.adapter.feedback.listMine!({ signal: live() }));
    expect(isCareError(guest) && guest.kind).to.equal('unauthorized');
  });

  it('uploadAttachment through an injected fetch posts multipart to /feedback/attachments and reports progress 1 at the end', async () => {
    ctx = recorded();
    const progress: number[] = [];
    const attachment = await ctx.adapter.feedback.uploadAttachment!({ file: png(100), name: 'ward.png' }, { signal: live(), idempotencyKey: 'up', onProgress: (f) => progress.push(f) });
    expect(attachment).to.include({ name: 'ward.png', type: 'image/png', size: 100 });
    expect(progress).to.deep.equal([1]);
    expect(ctx.requests[0]).to.include({ method: 'POST', path: '/feedback/attachments', key: 'up' });
    expect(ctx.requests[0]!.contentType).to.match(/^multipart\/form-data; boundary=/);
    const refused = await rejection(ctx.adapter.feedback.uploadAttachment!({ file: new Blob(['x'], { type: 'text/plain' }), name: 'x.txt' }, { signal: live(), idempotencyKey: 'up-2' }));
    expect((refused as CareError).kind).to.equal('invalid');
    expect((refused as CareError).fieldErrors['file']).to.be.a('string');
  });

  it('maps the mock\'s refusals: spam and anonymity (400) and field errors (422) are invalid, the rate limit is rate-limited with retryAfterMs', async () => {
    ctx = recorded({ feedbackRateLimit: { max: 1, perMs: 30_000 } });
    const quick = await rejection(ctx.adapter.feedback.submit({ kind: 'question', description: 'Hi', anonymous: true, fillSeconds: 0.4 }, { signal: live(), idempotencyKey: 'q' }));
    expect((quick as CareError).kind).to.equal('invalid');
    expect((quick as CareError).status).to.equal(400);
    expect((quick as CareError).fieldErrors['fillSeconds']).to.be.a('string');
    const named = await rejection(
      ctx.adapter.feedback.submit({ kind: 'question', description: 'Hi', anonymous: true, contact: { email: 'siti@example.org' } }, { signal: live(), idempotencyKey: 'an' }),
    );
    expect((named as CareError).fieldErrors['contact.email']).to.match(/Anonymous/);
    const scale = await rejection(ctx.adapter.feedback.submit({ kind: 'question', description: 'Hi', anonymous: true, rating: 7 }, { signal: live(), idempotencyKey: 'r' }));
    expect((scale as CareError).status).to.equal(422);
    expect((scale as CareError).fieldErrors['rating']).to.equal('Choose a rating from 1 to 5.');

    await ctx.adapter.feedback.submit({ kind: 'question', description: 'First', anonymous: true }, { signal: live(), idempotencyKey: 'ok' });
    const limited = await rejection(ctx.adapter.feedback.submit({ kind: 'question', description: 'Second', anonymous: true }, { signal: live(), idempotencyKey: 'limited' }));
    expect((limited as CareError).kind).to.equal('rate-limited');
    expect((limited as CareError).retryAfterMs).to.equal(30_000);
  });
});

describe('feedback uploadAttachment through XMLHttpRequest, via a service worker', function () {
  this.timeout(20_000);
  // A base path of its own: other tabs share the origin's service worker.
  const baseUrl = '/api/careline-sw-feedback/v1';
  let worker: MockWorker | undefined;
  let backend: MockBackend;

  before(async () => {
    backend = createMockBackend({ baseUrl, simulateEducator: false });
    worker = await startMockWorker(backend);
  });
  after(() => {
    backend.dispose();
    return worker?.stop();
  });

  it('reports rising progress ending at 1 and the mock stores the file for a later submit', async () => {
    const adapter = createRestAdapter({ baseUrl });
    const file = png(2 * 1024 * 1024);
    const progress: number[] = [];
    const attachment = await adapter.feedback.uploadAttachment!({ file, name: 'letter.png' }, { signal: live(), idempotencyKey: 'xhr-fb', onProgress: (f) => progress.push(f) });
    expect(attachment).to.include({ name: 'letter.png', type: 'image/png', size: file.size });
    expect(progress.at(-1)).to.equal(1);
    expect(progress).to.deep.equal([...progress].sort((a, b) => a - b));
    expect(backend.store.feedbackAttachments.has(attachment.id)).to.equal(true);
    const receipt = await adapter.feedback.submit({ kind: 'complaint', description: 'See the letter.', anonymous: true, attachmentIds: [attachment.id] }, { signal: live(), idempotencyKey: 'xhr-submit' });
    expect(backend.store.feedbackAttachments.get(attachment.id)?.usedBy).to.equal(receipt.reference);
    adapter.dispose();
  });
});
