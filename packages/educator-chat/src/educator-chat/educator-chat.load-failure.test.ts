// The chat's code cannot be fetched (offline before its first use on this device). Its own
// page (file): the chat's code must not be in the page before these tests.
import { expect, fixture, html } from '@open-wc/testing';
import { configure, viewFetchTiming } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { expectAccessible, waitFor, widgetRoot } from '@careline/testing';
import '../define.js';
import { chatAppSource, type EducatorChat } from './educator-chat.js';

let backend: MockBackend;
let undo: () => void = () => undefined;
const realFetch = chatAppSource.fetch;

beforeEach(() => {
  backend = createMockBackend({ educatorReplyDelayMs: 200 });
  undo = configure({
    adapter: createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) }),
    namespace: `chat-load-failure-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  });
  chatAppSource.fetch = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
});

afterEach(() => {
  chatAppSource.fetch = realFetch;
  undo();
  backend.dispose();
});

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<care-educator-chat> when the chat cannot be loaded', () => {
  // One test: once the chat has loaded, it stays loaded for the page.
  it('shows loading, then says so in place of an inline chat and beside the launcher, with "Try again" that loads it once the connection is back', async () => {
    // A download that hangs, then fails: the inline chat shows its loading state meanwhile, and
    // says the chat could not be loaded once it has waited too long (here 400 ms, 15 s in use).
    const stallMs = viewFetchTiming.stallMs;
    viewFetchTiming.stallMs = 400;
    let failDownload: (error: Error) => void = () => undefined;
    chatAppSource.fetch = () => new Promise((_resolve, reject) => (failDownload = reject));
    const inline = document.createElement('care-educator-chat');
    inline.setAttribute('mode', 'inline');
    inline.setAttribute('conversation-key', 'inline');
    document.body.append(inline);
    try {
      const loading = await waitFor(() => inline.shadowRoot?.querySelector('[data-state="loading"]'), { message: 'loading state' });
      expect(text(loading)).to.include('Loading');
      await expectAccessible(inline);
      const inPlace = await waitFor(() => inline.shadowRoot!.querySelector('[data-state="error"]'), { message: 'error in place of the chat, the download still hanging' });
      failDownload(new TypeError('Failed to fetch dynamically imported module'));
      await new Promise((resolve) => setTimeout(resolve));
      expect(inline.shadowRoot!.querySelector('[data-state="error"]') === inPlace, 'the same message once the download fails').to.equal(true);
      expect(inPlace.getAttribute('role')).to.equal('alert');
      expect(text(inPlace)).to.include('The chat could not be loaded. Check your connection and try again.');
      await expectAccessible(inline);

      chatAppSource.fetch = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      const launcherChat = await fixture<EducatorChat>(html`<care-educator-chat></care-educator-chat>`);
      launcherChat.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!.click();
      const besideLauncher = await waitFor(() => launcherChat.shadowRoot!.querySelector('.load-problem [data-state="error"]'), { message: 'error beside the launcher' });
      expect(text(besideLauncher)).to.include('The chat could not be loaded.');
      expect(launcherChat.shadowRoot!.querySelector('.launcher'), 'the launcher stays').to.not.equal(null);
      await expectAccessible(launcherChat);

      chatAppSource.fetch = realFetch;
      inPlace.querySelector<HTMLButtonElement>('button')!.click();
      await (inline as EducatorChat).updateComplete;
      await waitFor(() => text(widgetRoot(inline).querySelector('.availability')).includes('online'), { message: 'the inline chat, loaded' });
      expect(inline.shadowRoot!.querySelector('[data-state="error"]')?.outerHTML ?? null).to.equal(null);

      besideLauncher.querySelector<HTMLButtonElement>('button')!.click();
      await launcherChat.updateComplete;
      await waitFor(() => widgetRoot(launcherChat).activeElement?.id === 'message', { message: 'the launcher chat open, focus in the composer' });
      expect(launcherChat.shadowRoot!.querySelector('.load-problem')?.outerHTML ?? null).to.equal(null);
    } finally {
      viewFetchTiming.stallMs = stallMs;
      inline.remove();
    }
  });
});
