/**
 * The outbox's code is fetched only when a page needs it. This file runs in its own page and
 * imports nothing that loads the outbox, so "not fetched" can be seen in the resource timings.
 */
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { waitFor } from '@careline/testing';
import type { CareAdapter } from '../adapter.js';
import type { CareConfig } from '../config/config.js';
import { forgetLoadedOutboxCode, OutboxController } from './outbox-controller.js';
import { outboxDatabaseName } from '../outbox/services.js';

class WritingPanel extends LitElement {
  config: CareConfig | undefined;
  readonly outboxStatus = new OutboxController(this, () => this.config);
  protected override render() {
    return html`<label for="note">Note</label><input id="note" />`;
  }
}
customElements.define('outbox-lazy-panel', WritingPanel);

const outboxFetched = () => performance.getEntriesByType('resource').some((entry) => /\/outbox\/(outbox|shared-outbox)\.[jt]s/.test(entry.name));
const sent: string[] = [];
const adapter = {
  name: 'outbox-lazy-test',
  chat: { sendMessage: async (input: { text: string }) => (sent.push(input.text), { id: `m${sent.length}` }) },
} as unknown as CareAdapter;

async function panel(namespace: string): Promise<WritingPanel> {
  const element = document.createElement('outbox-lazy-panel') as WritingPanel;
  element.config = { adapter, namespace } as CareConfig;
  document.body.append(element);
  await element.updateComplete;
  return element;
}

describe('OutboxController: the outbox loads when the page needs it', () => {
  const namespace = `outbox-lazy-${Date.now().toString(36)}`;
  let element: WritingPanel | undefined;
  afterEach(() => element?.remove());

  it('is not fetched by a visit that only reads, and arrives when the patient starts to write', async () => {
    element = await panel(namespace);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(outboxFetched(), 'outbox code fetched by a reading visit').to.equal(false);
    expect(element.outboxStatus.outbox).to.equal(undefined);
    expect(element.outboxStatus.entries).to.deep.equal([]);

    element.shadowRoot!.querySelector('input')!.focus();
    await waitFor(() => element!.outboxStatus.outbox, { message: 'outbox loaded on focus' });
    expect(outboxFetched()).to.equal(true);
  });

  it("another tab's write makes a reading page load the outbox, to show that write", async () => {
    forgetLoadedOutboxCode();
    element = await panel(`${namespace}-tab`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(element.outboxStatus.outbox, 'nothing to load for yet').to.equal(undefined);
    const otherTab = new BroadcastChannel(outboxDatabaseName({ namespace: `${namespace}-tab` }));
    otherTab.postMessage({ type: 'queued', entry: { id: 'x', scope: 'elsewhere' } });
    otherTab.close();
    await waitFor(() => element!.outboxStatus.outbox, { message: 'outbox loaded after another tab wrote' });
  });

  it('use() gives the shared outbox, whose writes are sent and shown while unsent', async () => {
    element = await panel(namespace);
    const outbox = await element.outboxStatus.use();
    expect(element.outboxStatus.outbox).to.equal(outbox);
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c1', text: 'lazy hello' }, { scope: 'lazy' });
    await outbox.settled(entry.id);
    expect(sent).to.include('lazy hello');
  });
});
