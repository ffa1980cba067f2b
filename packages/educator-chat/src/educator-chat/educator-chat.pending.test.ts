// The launcher on a page whose configuration comes later (a provider or an adapter still loading,
// as through the loader on a slow network). Its own page: care-provider must not be defined yet.
import { expect } from '@open-wc/testing';
import { CareProvider, type CareAdapter } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch } from '@careline/mock';
import { expectAccessible, waitFor, widgetRoot } from '@careline/testing';
import '../define.js';
import type { EducatorChat } from './educator-chat.js';

describe('<care-educator-chat> before its configuration has come', function () {
  this.timeout(20_000);

  it('draws its launcher at once, not "Loading…"; pressed then, the chat opens once the provider is defined, with focus in its message box', async () => {
    expect(customElements.get('care-provider'), 'not defined yet').to.equal(undefined);
    const namespace = `chat-pending-${Date.now().toString(36)}`;
    const provider = document.createElement('care-provider');
    provider.setAttribute('namespace', namespace);
    const chat = document.createElement('care-educator-chat') as EducatorChat;
    provider.append(chat);
    document.body.append(provider);
    await chat.updateComplete;
    expect(chat.care.state.status, 'waiting for its provider').to.equal('pending');
    const launcher = chat.shadowRoot!.querySelector<HTMLButtonElement>('.launcher');
    expect(launcher?.getAttribute('aria-label'), 'its button').to.equal('Chat with a health educator');
    expect(chat.shadowRoot!.querySelector('[data-state="loading"]')?.outerHTML ?? null, 'no loading panel').to.equal(null);
    await expectAccessible(chat);

    launcher!.click();
    await waitFor(() => chat.shadowRoot!.querySelector('care-educator-chat-app'), { message: 'the chat is fetched and drawn', timeout: 10_000 });
    const backend = createMockBackend();
    try {
      (provider as unknown as { adapterInstance: CareAdapter }).adapterInstance = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
      customElements.define('care-provider', CareProvider);
      // The press stands: the chat's stored state (closed, on a first visit) does not undo it.
      await waitFor(() => widgetRoot(chat).activeElement?.id === 'message', { message: 'the chat open, focus in its message box', timeout: 10_000 });
      expect(chat.open).to.equal(true);
      expect(Object.keys(localStorage).filter((key) => key.includes(namespace) && key.endsWith('open')).map((key) => localStorage.getItem(key)), 'remembered under the configured namespace').to.deep.equal(['true']);
      await expectAccessible(chat);
    } finally {
      provider.remove();
      backend.dispose();
    }
  });
});
