import { expect, fixture, html } from '@open-wc/testing';
import { configure, type CareAdapter } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend, type MockBackendOptions } from '@careline/mock';
import { expectAccessible, waitFor, watchForExecution, xssPayloads } from '@careline/testing';
import '../define.js';
import type { EducatorChat } from './educator-chat.js';

let counter = 0;
let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;

function setUp(options: MockBackendOptions = {}, namespace = `chat-test-${Date.now().toString(36)}-${counter++}`): void {
  undo();
  backend?.dispose();
  backend = createMockBackend({ educatorReplyDelayMs: 200, ...options });
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  // Short backoffs keep tests quick; the server's Retry-After still applies.
  undo = configure({ adapter, namespace, outbox: { retry: { baseDelayMs: 30, maxDelayMs: 300, maxAutoAttempts: 50 } } });
}

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (chat: EducatorChat) => chat.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function type(chat: EducatorChat, message: string): Promise<void> {
  const textarea = await waitFor(() => root(chat).querySelector('textarea'), { message: 'composer' });
  textarea.value = message;
  textarea.dispatchEvent(new Event('input'));
}

async function send(chat: EducatorChat, message: string): Promise<void> {
  await type(chat, message);
  root(chat).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await chat.updateComplete;
}

const logText = (chat: EducatorChat) => text(root(chat).querySelector('[role="log"]'));

describe('<care-educator-chat> launcher', () => {
  it('starts closed, takes no focus on page load, and is accessible', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
    const launcher = await waitFor(() => root(chat).querySelector<HTMLButtonElement>('.launcher'), { message: 'launcher' });
    expect(launcher.getAttribute('aria-label')).to.equal('Chat with a health educator');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(root(chat).querySelector('.panel')).to.equal(null);
    expect(document.activeElement === document.body || document.activeElement === null).to.equal(true);
    await expectAccessible(chat);
  });

  it('opens on click with focus in the message box, and Esc closes it and returns focus to the launcher', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
    const events: string[] = [];
    const ownFields = (event: Event) => Object.keys(event).filter((key) => key !== 'isTrusted');
    chat.addEventListener('care-chat-open', (event) => events.push(`${event.type}:${ownFields(event).join(',')}:${event.conversationKey}`));
    chat.addEventListener('care-chat-close', (event) => events.push(`${event.type}:${event.conversationKey}`));
    const launcher = await waitFor(() => root(chat).querySelector<HTMLButtonElement>('.launcher'));
    launcher.click();
    await waitFor(() => root(chat).activeElement?.id === 'message', { message: 'focus in the composer' });
    expect(root(chat).querySelector('.panel')?.getAttribute('role')).to.equal('dialog');
    await waitFor(() => text(root(chat).querySelector('.availability')).includes('online'), { message: 'availability' });
    await expectAccessible(chat);
    root(chat).querySelector('textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitFor(() => root(chat).querySelector('.panel') === null, { message: 'closed' });
    await waitFor(() => root(chat).activeElement === root(chat).querySelector('.launcher'), { message: 'focus back on the launcher' });
    expect(events).to.deep.equal(['care-chat-open:conversationKey:default', 'care-chat-close:default']);
  });

  it('counts educator messages that arrive while closed', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
    (await waitFor(() => root(chat).querySelector<HTMLButtonElement>('.launcher'))).click();
    await send(chat, 'Hello');
    await waitFor(() => logText(chat).includes('Hello') && root(chat).querySelector('.message.theirs'), { message: 'educator replied', timeout: 5000 });
    chat.hide();
    const conversationId = [...backend.store.conversations.keys()][0]!;
    backend.educatorSends(conversationId, 'Are you still there?');
    backend.educatorSends(conversationId, 'Take your time.');
    await waitFor(() => root(chat).querySelector('.badge')?.textContent === '2', { message: 'unread badge' });
    expect(root(chat).querySelector('.launcher')!.getAttribute('aria-label')).to.equal('Chat with a health educator, 2 new messages');
    await expectAccessible(chat);
  });
});

describe('<care-educator-chat> conversation', function () {
  this.timeout(60_000);

  it('shows a signed-in patient\'s message once, then the educator\'s reply live', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
    const sent: Event[] = [];
    chat.addEventListener('care-chat-message-sent', (event) => sent.push(event));
    await waitFor(() => text(root(chat).querySelector('.availability')).includes('A health educator is online now.'), { message: 'online' });
    expect(root(chat).querySelector('.guest'), 'signed-in patients skip guest details').to.equal(null);
    await send(chat, 'What does my **HbA1c** result mean?');
    await waitFor(() => root(chat).querySelector('.message.theirs'), { message: 'educator reply', timeout: 5000 });
    const mine = [...root(chat).querySelectorAll('.message.mine')];
    expect(mine.length, 'exactly once').to.equal(1);
    expect(mine[0]!.querySelector('strong')?.textContent).to.equal('HbA1c');
    expect(sent).to.have.length(1);
    expect(Object.keys(sent[0]!).filter((key) => key !== 'isTrusted'), 'events carry no text').to.deep.equal(['conversationKey', 'startedConversation']);
    expect(text(root(chat).querySelector('.date'))).to.equal('Today');
    await expectAccessible(chat);
  });

  it('never refuses a guest when nobody is online: asks how to reach them and says when a reply will come', async () => {
    setUp({ seed: 'guest', online: false });
    const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
    await waitFor(() => text(root(chat).querySelector('.availability')).includes('Nobody is online right now'), { message: 'offline availability' });
    expect(text(root(chat).querySelector('.availability'))).to.match(/reply by/);
    await waitFor(() => root(chat).querySelector('.guest'), { message: 'guest details' });
    await send(chat, 'Can I bring my own insulin to the ward?');
    const summary = await waitFor(() => root(chat).querySelector<HTMLElement>('.error-summary'), { message: 'error summary' });
    expect(root(chat).activeElement).to.equal(summary);
    expect(text(summary)).to.contain('Enter your name').and.contain('Enter how we can reach you');
    expect(root(chat).querySelector('textarea')!.value, 'text kept').to.equal('Can I bring my own insulin to the ward?');
    await expectAccessible(chat);
    const name = root(chat).querySelector<HTMLInputElement>('#guest-name')!;
    name.value = 'Budi';
    name.dispatchEvent(new Event('input'));
    const contact = root(chat).querySelector<HTMLInputElement>('#guest-contact')!;
    contact.value = 'budi@example.org';
    contact.dispatchEvent(new Event('input'));
    root(chat).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => backend.store.conversations.size === 1 && [...backend.store.conversations.values()][0]!.messages.length >= 1, { message: 'left a message', timeout: 5000 });
    await waitFor(() => logText(chat).includes('Can I bring my own insulin'), { message: 'shown in the log' });
    await expectAccessible(chat);
  });

  it('shows the emergency notice for emergency wording and still sends the message', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline" emergency-number="119"></care-educator-chat>`);
    await send(chat, 'I have chest pain since this morning');
    const notice = await waitFor(() => root(chat).querySelector('.emergency[role="alert"]'), { message: 'emergency notice' });
    expect(text(notice)).to.contain('call 119 now');
    expect(notice.querySelector('a')!.getAttribute('href')).to.equal('tel:119');
    await waitFor(() => [...backend.store.conversations.values()][0]?.messages.some((m) => m.text.includes('chest pain')), { message: 'message sent anyway', timeout: 5000 });
    await expectAccessible(chat);
  });

  it('delivers 200 messages through 30% failures: each appears exactly once, in order', async function () {
    this.timeout(180_000);
    setUp({ simulateEducator: false });
    // 30% of requests fail: 10% refused before processing (503, Retry-After: 1), and 20% of
    // all requests processed and then cut off (the case idempotency keys exist for).
    backend.chaos.set({ failureRate: 0.1, resetAfterProcessRate: 0.2 / 0.9 });
    const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
    for (let i = 0; i < 200; i++) await send(chat, `message ${i}`);
    await waitFor(
      () => {
        const conversation = [...backend.store.conversations.values()][0];
        return conversation?.messages.length === 200 && root(chat).querySelectorAll('.message[data-state]').length === 0;
      },
      {
        message: `all 200 confirmed (server has ${[...backend.store.conversations.values()][0]?.messages.length ?? 0}; pending in the widget: ${[
          ...root(chat).querySelectorAll('.message[data-state]'),
        ]
          .map((node) => node.getAttribute('data-state'))
          .join(',')})`,
        timeout: 170_000,
        interval: 250,
      },
    );
    const server = [...backend.store.conversations.values()][0]!.messages.map((m) => m.text);
    expect(server).to.deep.equal(Array.from({ length: 200 }, (_, i) => `message ${i}`));
    // Walk the whole history through the bounded window: every message once, in order.
    const seen: string[] = [];
    const collect = () => [...root(chat).querySelectorAll('.message .bubble')].map((bubble) => text(bubble));
    let guard = 0;
    while (root(chat).querySelector('button.more') && text(root(chat).querySelector('button.more')).includes('earlier') && guard++ < 50) {
      root(chat).querySelector<HTMLButtonElement>('button.more')!.click();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await chat.updateComplete;
    }
    seen.push(...collect());
    while (guard++ < 100) {
      const newer = [...root(chat).querySelectorAll<HTMLButtonElement>('button.more')].find((button) => text(button).includes('newer'));
      if (!newer) break;
      newer.click();
      await chat.updateComplete;
      for (const item of collect()) if (!seen.includes(item)) seen.push(item);
    }
    expect(seen).to.deep.equal(Array.from({ length: 200 }, (_, i) => `message ${i}`));
    expect(backend.writes.duplicates).to.equal(0);
  });
});

describe('<care-educator-chat> long conversations and hostile text', function () {
  this.timeout(60_000);

  it('keeps the DOM bounded with 10,000 messages', async () => {
    setUp({ simulateEducator: false });
    const conversation = backend.store.startConversation({});
    for (let i = 0; i < 10_000; i++) backend.store.sendMessage(conversation.id, `history ${i}`, `key-${i}`);
    const namespace = `chat-long-${Date.now().toString(36)}`;
    undo();
    undo = configure({ adapter, namespace });
    // The conversation the patient had before: as a reload would find it.
    const { IdbStore } = await import('@careline/core');
    await new IdbStore<{ key: string; conversationId: string }>(`careline-${namespace}-chat`).set('default', { key: 'default', conversationId: conversation.id });
    const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
    await waitFor(() => logText(chat).includes('history 9999'), { message: 'latest page' });
    for (let i = 0; i < 20; i++) {
      root(chat).querySelector<HTMLButtonElement>('button.more')?.click();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await chat.updateComplete;
    }
    const nodes = root(chat).querySelectorAll('*').length;
    const messages = root(chat).querySelectorAll('.message').length;
    console.log(`[chat long] 10,000 messages on the server, ${messages} rendered, ${nodes} nodes in the shadow root`);
    expect(messages).to.be.at.most(60);
    expect(nodes).to.be.below(1200);
  });

  it('renders the XSS corpus in message text and educator names without executing anything', async () => {
    setUp({ simulateEducator: false });
    const monitor = watchForExecution();
    try {
      const payloads = (await xssPayloads()).slice(0, 120);
      const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
      await send(chat, 'hello');
      await waitFor(() => backend.store.conversations.size === 1, { message: 'conversation started', timeout: 5000 });
      await waitFor(() => backend.openStreams > 0, { message: 'live stream open', timeout: 5000 });
      const conversationId = [...backend.store.conversations.keys()][0]!;
      for (const payload of payloads) backend.educatorSends(conversationId, payload, { kind: 'educator', name: payload, role: payload, initials: 'X' } as never);
      await waitFor(() => root(chat).querySelectorAll('.message.theirs').length >= 59, { message: 'payload messages rendered', timeout: 15_000 });
      await monitor.assertNothingExecuted(chat.shadowRoot!);
    } finally {
      monitor.restore();
    }
  });
});

describe('<care-educator-chat> instances and languages', () => {
  it('refuses to share a conversation by accident between two chats on one page', async () => {
    setUp();
    const page = await fixture<HTMLElement>(html`<div><care-educator-chat mode="inline"></care-educator-chat><care-educator-chat mode="inline"></care-educator-chat></div>`);
    const [first, second] = [...page.querySelectorAll<EducatorChat>('care-educator-chat')];
    await waitFor(() => text(root(second!)).includes('Give each chat its own conversation-key'), { message: 'conflict message' });
    expect(text(root(first!))).not.to.contain('conversation-key');
    second!.setAttribute('conversation-key', 'pharmacy');
    await waitFor(() => !text(root(second!)).includes('conversation-key attribute'), { message: 'resolved with its own key' });
  });

  it('works right to left in Persian', async () => {
    setUp();
    const page = await fixture<HTMLElement>(html`<div lang="fa" dir="rtl"><care-educator-chat mode="inline"></care-educator-chat></div>`);
    const chat = page.querySelector<EducatorChat>('care-educator-chat')!;
    await waitFor(() => root(chat).querySelector('.care-root')?.getAttribute('dir') === 'rtl', { message: 'rtl' });
    await waitFor(() => root(chat).querySelector('h2')?.textContent !== 'Ask a health educator', { message: 'Persian title' });
    await expectAccessible(chat);
  });
});
