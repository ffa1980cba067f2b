/**
 * Two tabs of one site, each with the launcher, one backend: what the patient
 * does in one tab shows in the other.
 */
import { expect } from '@open-wc/testing';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { waitFor, widgetRoot } from '@careline/testing';
import type { EducatorChat } from './educator-chat.js';

let backend: MockBackend;
const frames: HTMLIFrameElement[] = [];

function openTab(namespace: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = `${new URL('./fixtures/chat-tab.html', import.meta.url).href}?ns=${namespace}`;
  frame.style.cssText = 'width: 420px; height: 640px';
  frames.push(frame);
  document.body.append(frame);
  return new Promise((resolve, reject) => {
    // Fail, rather than hang the whole run, if a tab never loads.
    const timer = setTimeout(() => reject(new Error('the tab did not load within 15 s')), 15_000);
    frame.addEventListener('load', () => (clearTimeout(timer), resolve(frame)), { once: true });
  });
}

async function chatIn(frame: HTMLIFrameElement): Promise<EducatorChat> {
  const chat = await waitFor(() => (frame.contentDocument?.documentElement.dataset['ready'] ? frame.contentDocument.querySelector<EducatorChat>('care-educator-chat') : null), { message: 'tab ready', timeout: 10_000 });
  await waitFor(() => chat.shadowRoot?.querySelector('.launcher'), { message: 'launcher' });
  return chat;
}

const root = (chat: EducatorChat) => widgetRoot(chat);
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const logText = (chat: EducatorChat) => text(root(chat).querySelector('[role="log"]'));
const isOpen = (chat: EducatorChat) => root(chat).querySelector('.launcher')?.getAttribute('aria-expanded') === 'true';

describe('<care-educator-chat> in two tabs', function () {
  this.timeout(60_000);

  beforeEach(() => {
    backend = createMockBackend({ educatorReplyDelayMs: 300 });
    (window as unknown as { carelineServerFetch: typeof fetch }).carelineServerFetch = createMockFetch(backend.handlers);
  });

  afterEach(() => {
    for (const frame of frames.splice(0)) frame.remove();
    backend.dispose();
  });

  it('opens and closes together, shows the same conversation, and clears from both', async () => {
    const namespace = `chat-tabs-${Date.now().toString(36)}`;
    const first = await chatIn(await openTab(namespace));
    const second = await chatIn(await openTab(namespace));

    root(first).querySelector<HTMLButtonElement>('.launcher')!.click();
    await waitFor(() => isOpen(second), { message: 'the other tab opened too' });
    expect(second.ownerDocument.activeElement === second, 'the other tab does not move focus').to.equal(false);

    const textarea = await waitFor(() => root(first).querySelector('textarea'), { message: 'composer' });
    textarea.value = 'Is my appointment still on Friday?';
    textarea.dispatchEvent(new Event('input'));
    root(first).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

    await waitFor(() => logText(second).includes('Is my appointment still on Friday?'), { message: 'the message in the other tab', timeout: 10_000 });
    await waitFor(() => root(second).querySelector('.message.theirs') && root(first).querySelector('.message.theirs'), { message: 'the reply in both tabs', timeout: 10_000 });
    expect(root(second).querySelectorAll('.message.mine'), 'exactly once in the other tab').to.have.length(1);
    expect(root(first).querySelectorAll('.message.mine'), 'exactly once where it was written').to.have.length(1);
    expect(backend.store.conversations.size, 'one conversation on the server').to.equal(1);

    root(second).querySelector<HTMLButtonElement>('.launcher')!.click();
    await waitFor(() => !isOpen(first), { message: 'closed in the first tab too' });

    // While both are closed, a reply counts as unread in both; reading it in one tab clears both badges.
    const conversationId = [...backend.store.conversations.keys()][0]!;
    backend.educatorSends(conversationId, 'Yes, Friday at 10:00.');
    await waitFor(() => root(first).querySelector('.badge')?.textContent === '1' && root(second).querySelector('.badge')?.textContent === '1', { message: 'unread in both' });
    root(first).querySelector<HTMLButtonElement>('.launcher')!.click();
    await waitFor(() => !root(second).querySelector('.badge') && isOpen(second), { message: 'badge cleared in the other tab' });

    // A shared computer: ending and clearing in one tab leaves nothing readable in the other.
    root(first).querySelector<HTMLButtonElement>('.tools .end')!.click();
    await first.updateComplete;
    root(first).querySelector<HTMLButtonElement>('.confirm-end')!.click();
    (await waitFor(() => root(first).querySelector<HTMLButtonElement>('.skip-rating'), { message: 'skip rating' })).click();
    (await waitFor(() => root(first).querySelector<HTMLButtonElement>('.clear'), { message: 'clear button' })).click();
    await waitFor(() => text(root(second)).includes('The chat has been cleared from this device.'), { message: 'cleared in the other tab' });
    // The "end" write may still be in the shared outbox for a moment (the empty list shows its place until it is sent).
    // A boolean, not the element: a failing assertion on a DOM node can stall the test runner's report.
    await waitFor(() => root(second).querySelector('[role="log"]') === null, { message: 'no conversation list left in the other tab' });
    expect(text(root(second))).to.not.include('appointment');
    expect(text(root(second))).to.not.include('Reconnecting');
    expect(text(root(first))).to.not.include('Reconnecting');
  });

  it('signing out in one tab leaves nothing of the conversation, or of what was typed, in either', async () => {
    const namespace = `chat-sign-out-${Date.now().toString(36)}`;
    const first = await chatIn(await openTab(namespace));
    const second = await chatIn(await openTab(namespace));
    root(first).querySelector<HTMLButtonElement>('.launcher')!.click();
    await waitFor(() => isOpen(second), { message: 'open in both tabs' });
    const textarea = await waitFor(() => root(first).querySelector('textarea'), { message: 'composer' });
    textarea.value = 'My HbA1c was 9.1 last month';
    textarea.dispatchEvent(new Event('input'));
    root(first).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => logText(second).includes('HbA1c') && root(second).querySelector('.message.theirs'), { message: 'the conversation in the other tab', timeout: 10_000 });
    const otherComposer = await waitFor(() => root(second).querySelector('textarea'), { message: 'composer in the other tab' });
    otherComposer.value = 'And my insulin dose is';
    otherComposer.dispatchEvent(new Event('input'));
    await second.updateComplete;

    await (first.ownerDocument.defaultView as unknown as { carelineSignOut: () => Promise<void> }).carelineSignOut();

    // This tab has forgotten by the time signOut() resolves; the other tab as soon as it hears.
    expect(text(root(first)).includes('HbA1c'), 'nothing of the conversation where the patient signed out').to.equal(false);
    expect(root(first).querySelector('[role="log"]') === null, 'no conversation list').to.equal(true);
    await waitFor(() => !text(root(second)).includes('HbA1c') && root(second).querySelector('[role="log"]') === null, { message: 'the other tab forgot the conversation' });
    // Both back to the closed launcher, as on a first visit; opened again, the chat starts afresh.
    await waitFor(() => !isOpen(first) && !isOpen(second), { message: 'both chats closed' });
    expect(Object.keys(localStorage).some((key) => key.includes(namespace)), 'nothing of the conversation stored').to.equal(false);
    for (const chat of [first, second]) {
      root(chat).querySelector<HTMLButtonElement>('.launcher')!.click();
      const composer = await waitFor(() => root(chat).querySelector('textarea'), { message: 'composer after reopening' });
      expect(composer.value, 'an empty composer: what was being typed is gone').to.equal('');
      expect(root(chat).querySelector('[role="log"]') === null, 'no conversation').to.equal(true);
      expect(text(root(chat))).to.not.include('HbA1c');
      if (chat === first) await waitFor(() => isOpen(second), { message: 'the other tab follows' });
    }
  });
});
