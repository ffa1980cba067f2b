/** `<care-educator-chat>` on the Chatwoot adapter: a message each way with a dropped websocket in between. */
import { expect, fixture, html } from '@open-wc/testing';
import { configure } from '@careline/core';
import { waitFor, widgetRoot } from '@careline/testing';
import '@careline/educator-chat/define.js';
import { chatwootSpec, makeChatwoot } from './harness.js';

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<care-educator-chat> on Chatwoot', () => {
  it('sends and receives a message with a dropped websocket in between', async function () {
    this.timeout(15_000);
    const spec = await chatwootSpec();
    // Always open: no working hours, so no offline guest form.
    const { mock, adapter } = makeChatwoot(spec, {}, { inbox: { working_hours_enabled: false } });
    const undo = configure({ adapter, namespace: `chatwoot-chat-${Date.now().toString(36)}` });
    try {
      const chat = await fixture<HTMLElement>(html`<care-educator-chat mode="inline"></care-educator-chat>`);
      // The chat draws inside <care-educator-chat-app>, loaded (and awaited by fixture) as it is inline.
      const root = widgetRoot(chat);
      // No session port: the widget treats the visitor as a guest and asks how to reach them.
      const name = await waitFor(() => root.querySelector<HTMLInputElement>('#guest-name'), { message: 'guest details' });
      name.value = 'Ana';
      name.dispatchEvent(new Event('input'));
      const contact = root.querySelector<HTMLInputElement>('#guest-contact')!;
      contact.value = 'ana@example.org';
      contact.dispatchEvent(new Event('input'));
      const textarea = await waitFor(() => root.querySelector('textarea'), { message: 'composer' });
      textarea.value = 'Is 7.2 % good for me?';
      textarea.dispatchEvent(new Event('input'));
      root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await waitFor(() => mock.messages.some((m) => m.content === 'Is 7.2 % good for me?'), { message: 'the message reached Chatwoot', timeout: 5000 });
      const conversationId = String([...mock.conversations.keys()][0]);
      expect([...mock.contacts.values()][0], 'the guest details reached the contact').to.include({ name: 'Ana', email: 'ana@example.org' });

      mock.dropConnections();
      // Written while the socket is down: the widget hears it through the catch-up after the reconnect.
      mock.educatorSends(conversationId, 'Yes, that is close to your target.');
      await waitFor(() => text(root.querySelector('[role="log"]')).includes('close to your target'), { message: 'the educator reply', timeout: 8000 });
      expect(root.querySelectorAll('.message.mine').length, 'my message shown once').to.equal(1);
      expect(root.querySelectorAll('.message.theirs').length, 'the reply shown once').to.equal(1);

      // The educator sees the patient typing the next message, and that it stopped once it is sent.
      const next = root.querySelector('textarea')!;
      next.value = 'Thank you!';
      next.dispatchEvent(new Event('input'));
      await waitFor(() => mock.contactTyping(conversationId), { message: 'typing shown in Chatwoot', timeout: 5000 });
      root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await waitFor(() => mock.messages.some((m) => m.content === 'Thank you!') && !mock.contactTyping(conversationId), { message: 'typing stopped after sending', timeout: 5000 });
      expect(mock.violations).to.deep.equal([]);
    } finally {
      undo();
      adapter.dispose?.();
    }
  });
});
