import { expect } from '@open-wc/testing';
import type { ChatAttachment, ChatMessage, Conversation } from '@careline/core';
import { createMockBackend } from './backend.js';
import { createMockFetch } from './mock-fetch.js';

const BASE = '/api/careline/v1';

function setup(options: Parameters<typeof createMockBackend>[0] = {}) {
  const backend = createMockBackend({ educatorReplyDelayMs: 60, sseRetryMs: 10, ...options });
  const fetch = createMockFetch(backend.handlers);
  const parse = async (response: Response) => {
    const text = await response.text();
    return { response, status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    parse(
      await fetch(`${BASE}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
  const upload = async (conversationId: string, file: Blob, name: string, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', file, name);
    return parse(await fetch(`${BASE}/chat/conversations/${conversationId}/attachments`, { method: 'POST', body: form, headers }));
  };
  const start = async () => ((await call('POST', '/chat/conversations', {})).body as Conversation).id;
  return { backend, fetch, call, upload, start };
}

const png = (size = 16) => new Blob([new Uint8Array(size)], { type: 'image/png' });

describe('mock backend: chat conversations, attachments, read markers, ending', () => {
  let ctx: ReturnType<typeof setup>;
  afterEach(() => ctx?.backend.dispose());

  it('GET /chat/conversations/{id} answers the conversation, 404 when unknown', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const found = await ctx.call('GET', `/chat/conversations/${id}`);
    expect(found.status).to.equal(200);
    expect(found.body.id).to.equal(id);
    expect(found.body.state).to.equal(undefined);
    const missing = await ctx.call('GET', '/chat/conversations/nope');
    expect(missing.status).to.equal(404);
    expect(missing.response.headers.get('Content-Type')).to.equal('application/problem+json');
  });

  it('stores an uploaded file (201) and serves it at its url', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const result = await ctx.upload(id, new Blob([bytes], { type: 'application/pdf' }), 'lab letter.pdf');
    expect(result.status).to.equal(201);
    const attachment = result.body as ChatAttachment;
    expect(attachment).to.include({ name: 'lab letter.pdf', type: 'application/pdf', size: 5 });
    expect(attachment.id).to.be.a('string').and.not.equal('');
    const served = await ctx.fetch(attachment.url!);
    expect(served.status).to.equal(200);
    expect(served.headers.get('Content-Type')).to.equal('application/pdf');
    expect([...new Uint8Array(await served.arrayBuffer())]).to.deep.equal([...bytes]);
    expect((await ctx.fetch(`${BASE}/chat/conversations/${id}/attachments/att-missing`)).status).to.equal(404);
  });

  it('refuses other types and files over the limit with 422 errors.file (the limit in MB)', async () => {
    ctx = setup({ simulateEducator: false, maxAttachmentBytes: 1024 * 1024 });
    const id = await ctx.start();
    const wrongType = await ctx.upload(id, new Blob(['hello'], { type: 'text/plain' }), 'note.txt');
    expect(wrongType.status).to.equal(422);
    expect(wrongType.body.errors.file).to.match(/PDF/);
    const tooLarge = await ctx.upload(id, png(1024 * 1024 + 1), 'big.png');
    expect(tooLarge.status).to.equal(422);
    expect(tooLarge.body.errors.file).to.include('1 MB');
    expect((await ctx.upload(id, png(1024 * 1024), 'just-fits.png')).status).to.equal(201);
    const noFile = await ctx.call('POST', `/chat/conversations/${id}/attachments`, {});
    expect(noFile.status).to.equal(422);
    expect(noFile.body.errors.file).to.be.a('string');
  });

  it('says 10 MB by default', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const tooLarge = await ctx.upload(id, png(10 * 1024 * 1024 + 1), 'huge.png');
    expect(tooLarge.status).to.equal(422);
    expect(tooLarge.body.errors.file).to.include('10 MB');
  });

  it('replays an upload with the same Idempotency-Key, stored once', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const first = await ctx.upload(id, png(), 'a.png', { 'Idempotency-Key': 'up-1' });
    const again = await ctx.upload(id, png(), 'a.png', { 'Idempotency-Key': 'up-1' });
    expect(again.body.id).to.equal(first.body.id);
    expect(again.response.headers.get('Idempotent-Replayed')).to.equal('true');
    expect(ctx.backend.writes.processedByKey.get('up-1')).to.equal(1);
    const different = await ctx.upload(id, png(32), 'a.png', { 'Idempotency-Key': 'up-1' });
    expect(different.status).to.equal(422);
  });

  it('messages carry attachments and a context; unknown attachment ids are 422 errors.attachmentIds', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const other = await ctx.start();
    const attachment = (await ctx.upload(id, png(), 'rash.png')).body as ChatAttachment;
    const context = { kind: 'lab-result', title: 'HbA1c, 12 March: 7.2 %', reference: 'obs-1' };
    const sent = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Look', attachmentIds: [attachment.id], context });
    expect(sent.status).to.equal(201);
    expect((sent.body as ChatMessage).attachments).to.deep.equal([attachment]);
    expect((sent.body as ChatMessage).context).to.deep.equal(context);
    const listed = (await ctx.call('GET', `/chat/conversations/${id}/messages`)).body.items as ChatMessage[];
    expect(listed.at(-1)!.attachments).to.deep.equal([attachment]);

    const onlyFile = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: '', attachmentIds: [attachment.id] });
    expect(onlyFile.status, 'a file alone is a message').to.equal(201);
    const unknown = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'x', attachmentIds: ['att-nope'] });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.errors.attachmentIds).to.be.a('string');
    const elsewhere = await ctx.call('POST', `/chat/conversations/${other}/messages`, { text: 'x', attachmentIds: [attachment.id] });
    expect(elsewhere.status, 'an attachment of another conversation').to.equal(422);
    const noTitle = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'x', context: { kind: 'lab-result' } });
    expect(noTitle.status).to.equal(422);
    expect(noTitle.body.errors['context.title']).to.be.a('string');
    const longTitle = await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'x', context: { kind: 'lab-result', title: 'x'.repeat(201) } });
    expect(longTitle.body.errors['context.title']).to.be.a('string');
  });

  it('the simulated educator thanks the patient for a photo or a document', async () => {
    ctx = setup({ educatorReplyDelayMs: 30 });
    const id = await ctx.start();
    const photo = (await ctx.upload(id, png(), 'rash.png')).body as ChatAttachment;
    await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: '', attachmentIds: [photo.id] });
    const reply = async () => {
      for (let i = 0; i < 100; i++) {
        const items = (await ctx.call('GET', `/chat/conversations/${id}/messages`)).body.items as ChatMessage[];
        const last = items.at(-1)!;
        if (last.author.kind === 'educator') return last.text;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('no reply');
    };
    expect(await reply()).to.match(/^Thank you for the photo\./);
    const pdf = (await ctx.upload(id, new Blob(['%PDF'], { type: 'application/pdf' }), 'letter.pdf')).body as ChatAttachment;
    await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'My discharge letter', attachmentIds: [pdf.id] });
    await new Promise((r) => setTimeout(r, 20));
    const text = await (async () => {
      for (let i = 0; i < 100; i++) {
        const items = (await ctx.call('GET', `/chat/conversations/${id}/messages`)).body.items as ChatMessage[];
        const last = items.at(-1)!;
        if (last.author.kind === 'educator' && last.text.includes('document')) return last.text;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('no reply to the document');
    })();
    expect(text).to.match(/^Thank you for the document\./);
  });

  it('records the read marker (204), never moving it back; 422 for a message not in the conversation', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const first = ctx.backend.educatorSends(id, 'one');
    const second = ctx.backend.educatorSends(id, 'two');
    expect(ctx.backend.store.readMarker(id)).to.equal(undefined);
    expect((await ctx.call('POST', `/chat/conversations/${id}/read`, { upToMessageId: second.id })).status).to.equal(204);
    expect(ctx.backend.store.readMarker(id)).to.equal(second.id);
    expect((await ctx.call('POST', `/chat/conversations/${id}/read`, { upToMessageId: first.id })).status).to.equal(204);
    expect(ctx.backend.store.readMarker(id)).to.equal(second.id);
    const bad = await ctx.call('POST', `/chat/conversations/${id}/read`, { upToMessageId: 'msg-nope' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.upToMessageId).to.be.a('string');
    expect((await ctx.call('POST', '/chat/conversations/nope/read', { upToMessageId: first.id })).status).to.equal(404);
  });

  it('the patient ends a conversation: 200 state ended, idempotent, the stream says ended and closes, later writes 409', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const stream = await ctx.fetch(`${BASE}/chat/conversations/${id}/events`);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    const ended = await ctx.call('POST', `/chat/conversations/${id}/end`, undefined, { 'Idempotency-Key': 'end-1' });
    expect(ended.status).to.equal(200);
    expect(ended.body).to.include({ id, state: 'ended' });
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    expect(text).to.match(/event: conversation\ndata: \{"type":"conversation","event":"ended","at":"[^"]+"\}\n\n$/);
    expect(ctx.backend.openStreams).to.equal(0);

    const replay = await ctx.call('POST', `/chat/conversations/${id}/end`, undefined, { 'Idempotency-Key': 'end-1' });
    expect(replay.body).to.deep.equal(ended.body);
    const again = await ctx.call('POST', `/chat/conversations/${id}/end`, undefined, { 'Idempotency-Key': 'end-2' });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(ended.body);
    expect((await ctx.call('GET', `/chat/conversations/${id}`)).body.state).to.equal('ended');
    expect((await ctx.call('POST', `/chat/conversations/${id}/messages`, { text: 'Hello?' })).status).to.equal(409);
    expect((await ctx.upload(id, png(), 'late.png')).status).to.equal(409);
    expect((await ctx.fetch(`${BASE}/chat/conversations/${id}/events`)).status).to.equal(204);
    expect((await ctx.call('POST', '/chat/conversations/nope/end')).status).to.equal(404);
  });

  it('feedback accepts a chat source and checks it', async () => {
    ctx = setup({ simulateEducator: false });
    const id = await ctx.start();
    const base = { kind: 'compliment', description: 'Very helpful chat.', anonymous: false, rating: 5 };
    const ok = await ctx.call('POST', '/feedback', { ...base, source: { kind: 'chat', conversationId: id } });
    expect(ok.status).to.equal(201);
    expect(ctx.backend.store.feedbackSources.get(ok.body.reference.toUpperCase())).to.deep.equal({ kind: 'chat', conversationId: id });
    const wrongKind = await ctx.call('POST', '/feedback', { ...base, source: { kind: 'phone' } });
    expect(wrongKind.status).to.equal(422);
    expect(wrongKind.body.errors.source).to.be.a('string');
    const unknown = await ctx.call('POST', '/feedback', { ...base, source: { kind: 'chat', conversationId: 'nope' } });
    expect(unknown.body.errors['source.conversationId']).to.be.a('string');
  });
});
