/**
 * A page whose outbox code is not loaded yet still sends what an earlier visit left unsent,
 * found by a cheap look at storage. Its own page: nothing here loads the outbox up front.
 */
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { set } from 'idb-keyval';
import { waitFor } from '@careline/testing';
import type { CareAdapter } from '../adapter.js';
import type { CareConfig } from '../config/config.js';
import { openIdbStore } from '../storage/idb-store.js';
import { outboxDatabaseName } from '../outbox/names.js';
import { hasStoredWrites } from '../outbox/stored-writes.js';
import { OutboxController } from './outbox-controller.js';

class ReadingPanel extends LitElement {
  config: CareConfig | undefined;
  readonly outboxStatus = new OutboxController(this, () => this.config);
  protected override render() {
    return html`<p>${this.outboxStatus.entries.length} waiting</p>`;
  }
}
customElements.define('outbox-watch-panel', ReadingPanel);

const sent: string[] = [];
const adapter = {
  name: 'outbox-watch-test',
  chat: { sendMessage: async (input: { text: string }) => (sent.push(input.text), { id: `m${sent.length}` }) },
} as unknown as CareAdapter;
const stamp = Date.now().toString(36);

async function panel(namespace: string): Promise<ReadingPanel> {
  const element = document.createElement('outbox-watch-panel') as ReadingPanel;
  element.config = { adapter, namespace } as CareConfig;
  document.body.append(element);
  await element.updateComplete;
  return element;
}

describe('OutboxController: unsent writes are found without loading the outbox', () => {
  it('hasStoredWrites: no for a namespace that never wrote, yes once a write is stored', async () => {
    const namespace = `outbox-probe-${stamp}`;
    expect(await hasStoredWrites({ namespace })).to.equal(false);
    const store = openIdbStore(outboxDatabaseName({ namespace }));
    await set('e1', { id: 'e1' }, store);
    expect(await hasStoredWrites({ namespace })).to.equal(true);
  });

  it('a write an earlier visit left unsent is loaded and sent on the next page', async () => {
    const namespace = `outbox-left-${stamp}`;
    const entry = {
      id: `left-${stamp}`,
      op: 'chat.sendMessage',
      input: { conversationId: 'c1', text: 'typed before the reload' },
      scope: 'chat:left',
      createdAt: Date.now() - 60_000,
      seq: 0,
      attempts: 1,
      state: 'waiting',
      nextAttemptAt: 0,
    };
    await set(entry.id, entry, openIdbStore(outboxDatabaseName({ namespace })));
    const element = await panel(namespace);
    try {
      await waitFor(() => sent.includes('typed before the reload'), { message: 'the earlier write sent', timeout: 4000 });
      expect(element.outboxStatus.outbox, 'the widget shows the outbox it loaded').to.not.equal(undefined);
    } finally {
      element.remove();
    }
  });
});
