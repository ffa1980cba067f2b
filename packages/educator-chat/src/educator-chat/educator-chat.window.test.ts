import { expect, fixture, html } from '@open-wc/testing';
import { configure, type CareAdapter } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { expectAccessible, waitFor, widgetRoot } from '@careline/testing';
import '../define.js';
import type { EducatorChat } from './educator-chat.js';

/*
 * A long conversation through the window of rendered messages, as the patient meets it:
 * scrolling, the buttons, new messages arriving, focus and what a screen reader hears.
 */

let counter = 0;
let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (chat: EducatorChat) => widgetRoot(chat);
const log = (chat: EducatorChat) => root(chat).querySelector<HTMLElement>('.log')!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** Every node under the list, as the bench counts them: elements, text and comments. */
function nodeCount(element: Element): number {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_ALL);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
}
/** The numbers of the "history N" messages rendered, oldest first. */
const shown = (chat: EducatorChat) => [...log(chat).querySelectorAll('.bubble')].map((bubble) => Number(/history (\d+)/.exec(text(bubble))?.[1] ?? NaN));
const frames = (count = 2) => new Promise<void>((resolve) => {
  const next = (left: number) => (left ? requestAnimationFrame(() => next(left - 1)) : resolve());
  next(count);
});
/** Whether the element is at least partly inside the list's visible area. */
function inView(chat: EducatorChat, element: Element): boolean {
  const box = log(chat).getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  return rect.bottom > box.top && rect.top < box.bottom;
}
const messageElement = (chat: EducatorChat, n: number) =>
  [...log(chat).querySelectorAll('.message')].find((message) => text(message.querySelector('.bubble')) === `history ${n}`);

/** A chat resumed after a reload, with `count` messages of history on the server. */
async function longConversation(count: number): Promise<{ chat: EducatorChat; conversationId: string }> {
  // A minute between messages, ending now: their order is their time, as in a real history.
  let clock = Date.now() - (count + 10) * 5 * 60_000;
  backend = createMockBackend({ simulateEducator: false, now: () => new Date((clock += 60_000) > Date.now() ? (clock = Date.now()) : clock) });
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  const conversation = backend.store.startConversation({});
  for (let i = 0; i < count; i++) backend.store.sendMessage(conversation.id, `history ${i}`, `key-${i}`);
  const namespace = `chat-window-${Date.now().toString(36)}-${counter++}`;
  undo = configure({ adapter, namespace });
  localStorage.setItem(`careline:${namespace}:chat:default:conversation`, conversation.id);
  const chat = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
  await waitFor(() => root(chat).querySelector('.log') && text(log(chat)).includes(`history ${count - 1}`), { message: 'latest messages', timeout: 10_000 });
  await frames();
  return { chat, conversationId: conversation.id };
}

describe('<care-educator-chat> long conversation window', function () {
  this.timeout(60_000);

  it('renders fewer than 500 nodes in the list for 1,000 messages, showing the newest, and is accessible', async () => {
    const { chat } = await longConversation(1000);
    expect(nodeCount(log(chat))).to.be.below(500);
    expect(shown(chat).at(-1)).to.equal(999);
    const box = log(chat);
    expect(box.scrollHeight - box.scrollTop - box.clientHeight, 'scrolled to the newest message').to.be.below(4);
    expect(inView(chat, messageElement(chat, 999)!)).to.equal(true);
    await expectAccessible(chat);
  });

  it('moves the window to earlier messages as the patient scrolls up, keeping the message in view where it was', async () => {
    const { chat } = await longConversation(1000);
    const firstShown = shown(chat)[0]!;
    let anchor = messageElement(chat, firstShown)!;
    log(chat).scrollTop = 0;
    await waitFor(() => shown(chat)[0]! < firstShown, { message: 'window moved to earlier messages' });
    await frames();
    expect(anchor.isConnected && inView(chat, anchor), `history ${firstShown} still in view`).to.equal(true);
    // Further up, beyond the first page: earlier pages come from the server.
    for (let i = 0; i < 40 && shown(chat)[0]! >= 960; i++) {
      const oldest = shown(chat)[0]!;
      anchor = messageElement(chat, oldest)!;
      log(chat).scrollTop = 0;
      await waitFor(() => shown(chat)[0]! < oldest, { message: `window moved before history ${oldest}` });
      await frames();
      expect(inView(chat, anchor), `history ${oldest} still in view`).to.equal(true);
    }
    expect(shown(chat)[0]).to.be.below(960);
    const numbers = shown(chat);
    expect(numbers, 'in order, without gaps').to.deep.equal(numbers.map((_, i) => numbers[0]! + i));
    expect(nodeCount(log(chat))).to.be.below(500);
    await expectAccessible(chat);
  });

  it('moves back to the newest as the patient scrolls down, then follows new messages and announces only those', async () => {
    const { chat, conversationId } = await longConversation(200);
    const live = root(chat).querySelector('.announcements')!;
    // Up through the history by scrolling...
    for (let i = 0; i < 3; i++) {
      const oldest = shown(chat)[0]!;
      log(chat).scrollTop = 0;
      await waitFor(() => shown(chat)[0]! < oldest, { message: 'moved earlier' });
      await frames();
    }
    const newer = () => [...root(chat).querySelectorAll<HTMLButtonElement>('button.more')].find((button) => text(button) === 'Show newer messages');
    expect(newer(), 'a button for keyboard users').to.exist;
    // ... and down again.
    for (let i = 0; i < 20 && newer(); i++) {
      const newest = shown(chat).at(-1)!;
      const box = log(chat);
      box.scrollTop = box.scrollHeight;
      await waitFor(() => shown(chat).at(-1)! > newest || !newer(), { message: 'moved newer' });
      await frames();
    }
    expect(newer()).to.equal(undefined);
    expect(shown(chat).at(-1)).to.equal(199);
    log(chat).scrollTop = log(chat).scrollHeight;
    await frames();
    expect(text(live), 'moving the window announces nothing').to.equal('');
    expect(log(chat).getAttribute('aria-live'), 'the list is not itself live: what the window brings in is not news').to.equal('off');
    backend.educatorSends(conversationId, 'A new reply');
    await waitFor(() => text(log(chat)).includes('A new reply'), { message: 'live message shown' });
    await frames();
    const reply = [...log(chat).querySelectorAll('.message')].at(-1)!;
    expect(inView(chat, reply), 'the new message is scrolled into view').to.equal(true);
    await waitFor(() => text(live).includes('A new reply'), { message: 'announced' });
    expect(text(live)).to.match(/^New message from .+: A new reply$/);
    expect(nodeCount(log(chat))).to.be.below(500);
    log(chat).scrollTop = 0;
    await waitFor(() => shown(chat)[0]! < 180, { message: 'moved earlier again' });
    expect(text(live).match(/A new reply/g), 'never announced twice').to.have.length(1);
  });

  it('keeps focus when the window moves from under it, and walks the history with the buttons', async () => {
    const { chat } = await longConversation(120);
    const earlier = () => [...root(chat).querySelectorAll<HTMLButtonElement>('button.more')].find((button) => text(button) === 'Show earlier messages');
    const newer = () => [...root(chat).querySelectorAll<HTMLButtonElement>('button.more')].find((button) => text(button) === 'Show newer messages');
    earlier()!.focus();
    earlier()!.click();
    await waitFor(() => newer(), { message: 'window moved earlier' });
    await frames();
    const first = messageElement(chat, shown(chat)[0]!)!;
    expect(inView(chat, first), 'the earlier messages are brought into view').to.equal(true);
    expect(root(chat).activeElement === earlier(), 'focus stays on "Show earlier"').to.equal(true);
    await expectAccessible(chat);
    newer()!.focus();
    for (let i = 0; i < 20 && newer(); i++) {
      newer()!.click();
      await chat.updateComplete;
      await frames(1);
    }
    expect(newer()).to.equal(undefined);
    expect(root(chat).activeElement === log(chat), 'focus moves to the list, not lost, when the button goes').to.equal(true);
    expect(shown(chat).at(-1)).to.equal(119);
  });
});
