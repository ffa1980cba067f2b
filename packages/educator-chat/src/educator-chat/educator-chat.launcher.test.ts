// The launcher before the chat has loaded. Its own page (file): the chat's code must not be
// in the page before the first test, so this file never imports it or an inline chat.
import { expect, fixture, html } from '@open-wc/testing';
import { CareAskEducatorEvent, Translator, configure } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { expectAccessible, waitFor, widgetRoot } from '@careline/testing';
import '../define.js';
import type { EducatorChat } from './educator-chat.js';

let backend: MockBackend;
let requests: string[] = [];
let undo: () => void = () => undefined;

function setUp(locale?: string): string {
  undo();
  backend?.dispose();
  requests = [];
  backend = createMockBackend({ educatorReplyDelayMs: 200 });
  const serve = createMockFetch(backend.handlers);
  const namespace = `chat-launcher-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const fetchCounted: typeof fetch = (input, init) => {
    requests.push(new Request(input, init).url);
    return serve(input, init);
  };
  undo = configure({ adapter: createRestAdapter({ baseUrl: '/api/careline/v1', fetch: fetchCounted }), namespace, ...(locale ? { locale } : {}) });
  return namespace;
}

afterEach(() => {
  undo();
  undo = () => undefined;
  backend?.dispose();
});

/** Whether the chat's own module has been fetched by this page: it defines its element as it arrives. */
const chatCodeFetched = () => customElements.get('care-educator-chat-app') !== undefined;
const app = (chat: EducatorChat) => chat.shadowRoot!.querySelector('care-educator-chat-app');
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<care-educator-chat> launcher before the chat is needed', () => {
  it('loads only the launcher and asks the backend nothing; pointing at it fetches the chat, pressing it opens the chat with focus in the message box', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
    const launcher = chat.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
    expect(launcher.getAttribute('aria-label')).to.equal('Chat with a health educator');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    await expectAccessible(chat);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(chatCodeFetched(), 'the chat itself is not fetched').to.equal(false);
    expect(app(chat), 'nor drawn').to.equal(null);
    expect(requests, 'no request to the backend: most visitors never open the chat').to.deep.equal([]);
    expect(new Translator('en').t('chat.title'), 'nor the chat\'s English').to.equal('chat.title');

    launcher.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => customElements.get('care-educator-chat-app'), { message: 'the chat fetched as the pointer nears' });
    expect(chatCodeFetched()).to.equal(true);
    expect(app(chat), 'fetched, not yet shown').to.equal(null);
    expect(requests).to.deep.equal([]);

    launcher.click();
    await chat.updateComplete;
    await waitFor(() => widgetRoot(chat).activeElement?.id === 'message', { message: 'focus in the composer' });
    expect(text(widgetRoot(chat).querySelector('#title')), 'the chat brought its English').to.equal('Ask a health educator');
    expect(chat.open, 'open is reflected on the page\'s element').to.equal(true);
    expect(chat.hasAttribute('open')).to.equal(true);
    expect(widgetRoot(chat).querySelector('.launcher')?.getAttribute('aria-expanded')).to.equal('true');
    await waitFor(() => widgetRoot(chat).querySelector('.availability')?.textContent?.includes('online'), { message: 'availability' });
    expect(requests.length, 'the chat asks the backend once it is open').to.be.greaterThan(0);
    await expectAccessible(chat);

    chat.hide();
    await waitFor(() => !chat.open, { message: 'closed' });
    expect(widgetRoot(chat).querySelector('.panel')?.outerHTML ?? null).to.equal(null);
  });

  it('opens from the page: the open property, show() and askAbout() load the chat first; the transcript is empty until then', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
    expect(chat.transcript()).to.equal('');
    chat.open = true;
    await chat.updateComplete;
    await waitFor(() => widgetRoot(chat).querySelector('.panel'), { message: 'opened by the property' });
    chat.open = false;
    await chat.updateComplete;
    await waitFor(() => widgetRoot(chat).querySelector('.panel') === null, { message: 'closed by the property' });

    const second = await fixture<EducatorChat>(html`<care-educator-chat conversation-key="second"></care-educator-chat>`);
    second.askAbout({ kind: 'observation', title: 'HbA1c, 6.9 %', reference: 'Observation/1' });
    await second.updateComplete;
    await waitFor(() => widgetRoot(second).querySelector('.context')?.textContent?.includes('HbA1c'), { message: 'the item above the message box' });
    expect(second.transcript().split('\n')[0], 'the chat\'s transcript once loaded').to.equal('Conversation with a health educator');
  });

  it('a conversation from an earlier page loads the chat at once, so replies that arrive while closed are counted', async () => {
    const namespace = setUp();
    const conversation = backend.store.startConversation({});
    localStorage.setItem(`careline:${namespace}:chat:default:conversation`, conversation.id);
    try {
      const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
      await waitFor(() => app(chat), { message: 'the chat, to follow the conversation' });
      await waitFor(() => requests.some((url) => url.includes(`/chat/conversations/${conversation.id}/events`)), { message: 'the conversation followed live' });
      // Only replies that arrive live count as unread: wait until the stream is open.
      await waitFor(() => (widgetRoot(chat).host as unknown as { connection?: string }).connection === 'open', { message: 'the stream open' });
      backend.educatorSends(conversation.id, 'Your results are in.');
      await waitFor(() => widgetRoot(chat).querySelector('.badge')?.textContent === '1', { message: 'one unread reply' });
      expect(widgetRoot(chat).querySelector('.launcher')?.getAttribute('aria-label')).to.include('1');
    } finally {
      localStorage.removeItem(`careline:${namespace}:chat:default:conversation`);
    }
  });

  it('follows the chat: an open panel restored from an earlier page is reflected, and open = false closes it', async () => {
    const namespace = setUp();
    localStorage.setItem(`careline:${namespace}:chat:default:open`, 'true');
    try {
      const chat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
      await waitFor(() => widgetRoot(chat).querySelector('.panel'), { message: 'the panel, as the earlier page left it' });
      await waitFor(() => chat.open && chat.hasAttribute('open'), { message: 'open reflected on the page\'s element' });
      chat.open = false;
      await chat.updateComplete;
      await waitFor(() => widgetRoot(chat).querySelector('.panel') === null, { message: 'closed by the property' });
    } finally {
      localStorage.removeItem(`careline:${namespace}:chat:default:open`);
    }
  });

  it('passes on a conversation key set as a property, and its own lang over the configured locale', async () => {
    setUp('id');
    const chat = document.createElement('care-educator-chat');
    chat.conversationKey = 'from-script';
    chat.mode = 'inline';
    chat.setAttribute('lang', 'fa');
    document.body.append(chat);
    try {
      await chat.updateComplete;
      const app = widgetRoot(chat).host as EducatorChat;
      expect(app.localName).to.equal('care-educator-chat-app');
      expect(app.conversationKey).to.equal('from-script');
      await waitFor(() => widgetRoot(chat).querySelector('h2')?.textContent?.includes('از کارشناس آموزش سلامت بپرسید'), { message: 'the chat in Persian, as its lang says' });
      expect(widgetRoot(chat).querySelector('[part~="base"]')?.getAttribute('dir')).to.equal('rtl');
    } finally {
      chat.remove();
    }
  });

  it('show() then hide() while the chat loads leaves it closed', async () => {
    setUp();
    const chat = await fixture<EducatorChat>(html`<care-educator-chat conversation-key="show-hide"></care-educator-chat>`);
    expect(app(chat)).to.equal(null);
    chat.show();
    chat.hide();
    await chat.updateComplete;
    await waitFor(() => app(chat), { message: 'the chat loaded' });
    await (app(chat) as EducatorChat).updateComplete;
    expect(widgetRoot(chat).querySelector('.panel')?.outerHTML ?? null, 'closed, as last asked').to.equal(null);
    expect(chat.open).to.equal(false);
  });

  it('leaves a page-level question to a chat that has loaded, rather than loading a second one', async () => {
    setUp();
    const loaded = await fixture<EducatorChat>(html`<care-educator-chat mode="inline" conversation-key="loaded"></care-educator-chat>`);
    const notLoaded = await fixture<EducatorChat>(html`<care-educator-chat conversation-key="not-loaded"></care-educator-chat>`);
    const event = new CareAskEducatorEvent({ kind: 'observation', title: 'LDL cholesterol, 3.1 mmol/L' });
    document.dispatchEvent(event);
    expect(event.handled).to.equal(true);
    await waitFor(() => widgetRoot(loaded).querySelector('.context')?.textContent?.includes('LDL cholesterol'), { message: 'the loaded chat took it' });
    expect(app(notLoaded), 'the other chat stays a launcher').to.equal(null);
  });
});
