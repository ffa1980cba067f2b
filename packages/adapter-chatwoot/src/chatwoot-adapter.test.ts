/**
 * The Chatwoot adapter's own behaviour on the mock Chatwoot, with every request
 * checked against the spec's operations and every response against its schemas.
 */
import { expect } from '@open-wc/testing';
import { createId, isCareError, wipeCarelineData, type ChatEvent, type ConnectionState } from '@careline/core';
import { availabilityOf, createChatwootAdapter, decodeContext, encodeContext } from './chatwoot-adapter.js';
import { chatwootSpec, makeChatwoot, memoryStorage, BASE_URL } from './harness.js';
import type { ChatwootSpec } from './spec-validator.js';

const live = () => new AbortController().signal;
const write = () => ({ signal: live(), idempotencyKey: createId() });

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Chatwoot spec validator', () => {
  let spec: ChatwootSpec;
  before(async () => {
    spec = await chatwootSpec();
  });

  it('bundles every public client operation from the multi-file YAML', () => {
    expect(spec.operations.map((o) => o.operationId)).to.include.members([
      'get-details-of-a-inbox',
      'create-a-contact',
      'create-a-conversation',
      'get-single-conversation',
      'resolve-conversation',
      'toggle-typing-status',
      'update-last-seen',
      'create-a-message',
      'list-all-converation-messages',
      'update-a-message',
    ]);
  });

  it('flags requests that match no operation, break a parameter type, miss a required parameter or break the body schema', () => {
    const conv = '/public/api/v1/inboxes/abc/contacts/src-1/conversations';
    expect(spec.checkRequest('GET', `${BASE_URL}${conv}/7/messages`, undefined)).to.deep.equal([]);
    expect(spec.checkRequest('DELETE', `${BASE_URL}${conv}/7`, undefined)[0]).to.match(/no operation/);
    expect(spec.checkRequest('GET', `${BASE_URL}${conv}/seven`, undefined).join()).to.match(/conversation_id/);
    expect(spec.checkRequest('POST', `${BASE_URL}${conv}/7/toggle_typing`, { typing_status: 'on' }).join()).to.match(/missing required query parameter typing_status/);
    expect(spec.checkRequest('POST', `${BASE_URL}${conv}/7/toggle_typing?typing_status=on`, { typing_status: 'maybe' }).join()).to.match(/allowed values/);
    expect(spec.checkRequest('POST', `${BASE_URL}${conv}/7/messages`, { content: 42 }).join()).to.match(/must be string/);
    expect(spec.checkRequest('POST', `${BASE_URL}${conv}`, undefined).join()).to.match(/missing required request body/);
  });

  it('flags responses that break the documented schema or use an undocumented status', () => {
    const url = `${BASE_URL}/public/api/v1/inboxes/abc`;
    expect(spec.checkResponse('GET', url, 200, { identifier: 'abc', timezone: 'UTC', working_hours: [] })).to.deep.equal([]);
    expect(spec.checkResponse('GET', url, 200, { working_hours_enabled: 'yes' }).join()).to.match(/must be boolean/);
    expect(spec.checkResponse('GET', url, 418, {}).join()).to.match(/not documented/);
  });
});

describe('createChatwootAdapter', () => {
  let spec: ChatwootSpec;
  before(async () => {
    spec = await chatwootSpec();
  });

  it('maps the inbox working hours to availability in the inbox time zone', async () => {
    const { mock, adapter } = makeChatwoot(spec);
    const availability = await adapter.chat.getAvailability({ signal: live() });
    expect(availability.timeZone).to.equal('Asia/Jakarta');
    expect(availability.officeHours).to.have.length(6);
    expect(availability.officeHours[0]).to.deep.equal({ day: 1, opens: '08:00', closes: '16:30' });
    expect(mock.violations).to.deep.equal([]);
    // Monday 09:00 in Jakarta is 02:00 UTC: open; Sunday is closed all day.
    const inbox = { timezone: 'Asia/Jakarta', working_hours_enabled: true, working_hours: mock.inbox.working_hours };
    expect(availabilityOf(inbox, 'UTC', new Date('2026-03-02T02:00:00Z')).online).to.equal(true);
    expect(availabilityOf(inbox, 'UTC', new Date('2026-03-01T02:00:00Z')).online).to.equal(false);
    expect(availabilityOf({ working_hours_enabled: false }, 'Europe/Oslo', new Date()).online, 'no working hours: always open').to.equal(true);
    adapter.dispose?.();
  });

  it('creates the contact once, keeps its source_id and pubsub token in storage, and resumes with them', async () => {
    const storage = memoryStorage();
    const { mock, adapter } = makeChatwoot(spec, { storage });
    const conversation = await adapter.chat.startConversation({}, write());
    await adapter.chat.sendMessage({ conversationId: conversation.id, text: 'Hello' }, write());
    expect(mock.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/contacts'))).to.have.length(1);
    const saved = JSON.parse([...storage.data.values()][0]!) as { sourceId: string; pubsubToken: string };
    expect(mock.contacts.get(saved.sourceId)?.pubsubToken).to.equal(saved.pubsubToken);
    adapter.dispose?.();

    // A reload: a new adapter on the same storage resumes the conversation without a new contact.
    const again = createChatwootAdapter({ baseUrl: BASE_URL, inboxIdentifier: mock.inbox.identifier, fetch: mock.fetch, storage });
    const page = await again.chat.listMessages(conversation.id, {}, { signal: live() });
    expect(page.items.map((m) => m.text)).to.deep.equal(['Hello']);
    expect(mock.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/contacts'))).to.have.length(1);
    expect(mock.violations).to.deep.equal([]);
    again.dispose?.();
  });

  it('keeps the contact in localStorage under Careline\'s prefix, so sign-out forgets it', async () => {
    const inboxIdentifier = `wipe-${createId()}`;
    const { mock, adapter } = makeChatwoot(spec, { storage: undefined, inboxIdentifier }, { inbox: { identifier: inboxIdentifier } });
    await adapter.chat.startConversation({}, write());
    const keys = () => Object.keys(localStorage).filter((key) => key.includes(inboxIdentifier));
    expect(keys()).to.deep.equal([`careline:chatwoot:${inboxIdentifier}:guest`]);
    await wipeCarelineData();
    expect(keys(), 'wiped with the rest of Careline\'s data').to.deep.equal([]);
    expect(mock.violations).to.deep.equal([]);
    adapter.dispose?.();
  });

  it('sends identifier and identifier_hash when the host gives an identity; a wrong hash is unauthorized', async () => {
    const expectedHash = (identifier: string) => `hmac-of-${identifier}`;
    const good = makeChatwoot(spec, { identity: { identifier: 'patient-42', identifierHash: 'hmac-of-patient-42', name: 'Ana' } }, { expectedHash });
    await good.adapter.chat.startConversation({}, write());
    expect(good.mock.requests[0]!.body).to.deep.equal({ identifier: 'patient-42', identifier_hash: 'hmac-of-patient-42', name: 'Ana' });
    expect(good.mock.violations).to.deep.equal([]);

    const bad = makeChatwoot(spec, { identity: { identifier: 'patient-42', identifierHash: 'forged' } }, { expectedHash });
    const error: unknown = await bad.adapter.chat.startConversation({}, write()).then(() => undefined, (e: unknown) => e);
    expect(isCareError(error) && error.kind).to.equal('unauthorized');
    good.adapter.dispose?.();
    bad.adapter.dispose?.();
  });

  it('sends echo_id with every message, and a retry after a lost response finds the stored one instead of sending twice', async () => {
    const { mock, adapter } = makeChatwoot(spec);
    const { id: conversationId } = await adapter.chat.startConversation({}, write());
    const idempotencyKey = createId();
    mock.loseNextResponse();
    await adapter.chat.sendMessage({ conversationId, text: 'Once' }, { signal: live(), idempotencyKey }).catch(() => undefined);
    const retried = await adapter.chat.sendMessage({ conversationId, text: 'Once' }, { signal: live(), idempotencyKey });
    expect(mock.processedCount(idempotencyKey)).to.equal(1);
    expect(retried.clientId).to.equal(idempotencyKey);
    const posts = mock.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/messages'));
    expect(posts.map((r) => (r.body as { echo_id?: string }).echo_id)).to.deep.equal([idempotencyKey]);
    expect(mock.violations).to.deep.equal([]);
    adapter.dispose?.();
  });

  it('carries the context as a quoted first line the educator can read', async () => {
    const context = { kind: 'lab-result', title: 'HbA1c, 12 March: 7.2 %', reference: 'obs-1' };
    const content = encodeContext('Is this good?', context);
    expect(content).to.equal('> About: HbA1c, 12 March: 7.2 %\n> [lab-result | obs-1]\n\nIs this good?');
    expect(decodeContext(content)).to.deep.equal({ text: 'Is this good?', context });
    expect(decodeContext('> About: just a quote')).to.deep.equal({ text: '> About: just a quote' });
  });

  it('sends attachments with the message as multipart attachments[] and lists them under the ids uploadAttachment gave', async () => {
    const { mock, adapter } = makeChatwoot(spec);
    const { id: conversationId } = await adapter.chat.startConversation({}, write());
    const photo = await adapter.chat.uploadAttachment({ conversationId, file: new Blob([new Uint8Array(10)], { type: 'image/png' }), name: 'rash.png' }, write());
    expect(mock.requests.some((r) => r.url.endsWith('/messages')), 'nothing is sent before the message').to.equal(false);
    const message = await adapter.chat.sendMessage({ conversationId, text: 'See photo', attachmentIds: [photo.id] }, write());
    const post = mock.requests.find((r) => r.method === 'POST' && r.url.endsWith('/messages'))!;
    expect(post.multipart).to.equal(true);
    expect(message.attachments?.[0]).to.include({ id: photo.id, name: 'rash.png', type: 'image/png' });
    expect(message.attachments?.[0]?.url).to.match(/rash\.png$/);
    const listed = (await adapter.chat.listMessages(conversationId, {}, { signal: live() })).items.find((m) => m.id === message.id);
    expect(listed?.attachments?.[0]?.id).to.equal(photo.id);
    // The spec documents the JSON body only; the multipart form's text fields still match it.
    expect(mock.violations).to.deep.equal([]);
    adapter.dispose?.();
  });

  it('markRead calls update_last_seen; endConversation calls toggle_status once, however often it is asked', async () => {
    const { mock, adapter } = makeChatwoot(spec);
    const { id: conversationId } = await adapter.chat.startConversation({}, write());
    mock.educatorSends(conversationId, 'Hi, I am Sari');
    const [reply] = (await adapter.chat.listMessages(conversationId, {}, { signal: live() })).items;
    expect(reply?.author).to.deep.include({ kind: 'educator', name: 'Nurse Sari' });
    await adapter.chat.markRead({ conversationId, upToMessageId: reply!.id }, { signal: live() });
    expect(mock.readMarker(conversationId)).to.equal(reply!.id);
    await adapter.chat.endConversation({ conversationId }, write());
    await adapter.chat.endConversation({ conversationId }, write());
    expect(mock.requests.filter((r) => r.url.endsWith('/toggle_status'))).to.have.length(1);
    expect(mock.conversations.get(Number(conversationId))?.status).to.equal('resolved');
    expect(mock.violations).to.deep.equal([]);
    adapter.dispose?.();
  });

  it('realtime: subscribes to RoomChannel with the pubsub token, hears messages and typing, and catches up after a drop', async () => {
    const { mock, adapter } = makeChatwoot(spec);
    const { id: conversationId } = await adapter.chat.startConversation({}, write());
    const events: ChatEvent[] = [];
    const states: ConnectionState[] = [];
    const stop = adapter.chat.subscribe(conversationId, (e) => events.push(e), { onConnectionChange: (s) => states.push(s) });
    await until(() => states.at(-1) === 'open', 'open');
    mock.educatorTyping(conversationId, true);
    mock.educatorSends(conversationId, 'one');
    await until(() => events.some((e) => e.type === 'message'), 'the first message');
    expect(events[0]).to.deep.include({ type: 'typing', active: true });

    mock.dropConnections();
    await until(() => states.includes('reconnecting'), 'reconnecting');
    // Sent while the socket is down: only the re-listing after the reconnect can deliver it.
    mock.educatorSends(conversationId, 'two');
    await until(() => events.filter((e) => e.type === 'message').length === 2, 'the missed message');
    await until(() => states.at(-1) === 'open', 'open again');
    mock.educatorSends(conversationId, 'three');
    await until(() => events.filter((e) => e.type === 'message').length === 3, 'the third message');
    const texts = events.flatMap((e) => (e.type === 'message' ? [e.message.text] : []));
    expect(texts).to.deep.equal(['one', 'two', 'three']);
    stop();
    expect(mock.violations).to.deep.equal([]);
    adapter.dispose?.();
  });
});
