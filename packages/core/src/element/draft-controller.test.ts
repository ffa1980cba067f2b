/**
 * The draft controller with a store whose answers the test holds back: a field can show, and the
 * patient type in it, before storage has read back what an earlier visit left there.
 */
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { waitFor } from '@careline/testing';
import type { Draft, DraftStore } from '../outbox/drafts.js';
import { announceWipe } from '../storage/wipe-notices.js';
import { DraftController, keepBothTexts } from './draft-controller.js';

/** A draft store in memory whose loads wait until the test lets them answer. */
class HeldStore {
  readonly stored = new Map<string, string>();
  readonly saves: Array<[string, string]> = [];
  private readonly held: Array<() => void> = [];
  load(key: string): Promise<Draft | undefined> {
    return new Promise((resolve) => this.held.push(() => resolve(this.stored.has(key) ? ({ text: this.stored.get(key)! } as Draft) : undefined)));
  }
  async save(key: string, text: string): Promise<void> {
    this.saves.push([key, text]);
    this.stored.set(key, text);
  }
  get waiting(): number {
    return this.held.length;
  }
  answer(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

class DraftField extends LitElement {
  store = new HeldStore();
  key: string | undefined = 'field:a';
  readonly draft = new DraftController(this, {
    key: () => this.key,
    drafts: () => this.store as unknown as DraftStore,
    debounceMs: 10,
    combine: keepBothTexts,
  });
  protected override render() {
    return html`<textarea .value=${this.draft.value} @input=${(event: Event) => this.draft.update((event.target as HTMLTextAreaElement).value)}></textarea>`;
  }
}
customElements.define('draft-controller-field', DraftField);

async function field(stored: Record<string, string>): Promise<DraftField> {
  const element = document.createElement('draft-controller-field') as DraftField;
  for (const [key, text] of Object.entries(stored)) element.store.stored.set(key, text);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const type = (element: DraftField, text: string) => {
  const area = element.shadowRoot!.querySelector('textarea')!;
  area.value = text;
  area.dispatchEvent(new Event('input'));
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DraftController', () => {
  it('typing before the stored draft is read back neither overwrites it nor drops what was typed', async () => {
    const element = await field({ 'field:a': 'My sugar was 3.1 at 2 am' });
    await waitFor(() => element.store.waiting > 0, { message: 'the read-back under way' });
    type(element, 'and again last night');
    await pause(60);
    expect(element.store.saves, 'nothing saved over the unread draft').to.deep.equal([]);
    element.store.answer();
    await waitFor(() => element.draft.value === 'My sugar was 3.1 at 2 am\n\nand again last night', { message: 'both texts in the field' });
    expect(element.draft.restored, 'said so').to.equal(true);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('textarea')!.value).to.equal('My sugar was 3.1 at 2 am\n\nand again last night');
    await waitFor(() => element.store.stored.get('field:a') === 'My sugar was 3.1 at 2 am\n\nand again last night', { message: 'both saved' });
    element.remove();
  });

  it('a field removed while its draft is read back saves both texts, and the same field again shows them', async () => {
    const element = await field({ 'field:a': 'Saved before' });
    await waitFor(() => element.store.waiting > 0, { message: 'the read-back under way' });
    type(element, 'typed after');
    element.remove();
    // The widget again at once (a re-render, a reload of the section), on the same storage.
    const again = document.createElement('draft-controller-field') as DraftField;
    again.store = element.store;
    document.body.append(again);
    await pause(60);
    expect(element.store.saves, 'nothing saved over the unread draft').to.deep.equal([]);
    element.store.answer();
    await waitFor(() => element.store.stored.get('field:a') === 'Saved before\n\ntyped after', { message: 'both saved' });
    // The second field read only after that save.
    await waitFor(() => element.store.waiting > 0, { message: 'the second read-back' });
    element.store.answer();
    await waitFor(() => again.draft.value === 'Saved before\n\ntyped after', { message: 'both texts in the new field' });
    again.remove();
  });

  it('a field removed while its draft is read back writes nothing back after a sign-out meanwhile', async () => {
    const element = await field({ 'field:a': 'Saved before' });
    await waitFor(() => element.store.waiting > 0, { message: 'the read-back under way' });
    type(element, 'typed after');
    element.remove();
    announceWipe();
    element.store.stored.clear();
    element.store.answer();
    await pause(60);
    expect(element.store.saves, 'nothing written after the wipe').to.deep.equal([]);
  });

  it('a field moved to another key while its draft is read back saves both texts under the first key', async () => {
    const element = await field({ 'field:a': 'Reply saved before', 'field:b': 'Reply to the second post' });
    await waitFor(() => element.store.waiting > 0, { message: 'the first read-back' });
    type(element, 'more for the first post');
    element.key = 'field:b';
    element.requestUpdate();
    await element.updateComplete;
    await pause(60);
    expect(element.store.saves, 'nothing saved over the unread draft').to.deep.equal([]);
    // Both keys' read-backs answer.
    element.store.answer();
    await waitFor(() => element.store.stored.get('field:a') === 'Reply saved before\n\nmore for the first post', { message: 'both saved under the first key' });
    await waitFor(() => element.draft.value === 'Reply to the second post', { message: 'the second field\'s own draft' });
    element.remove();
  });

  it('a field for another key shows that key\'s draft, and what was typed is kept under its own', async () => {
    const element = await field({ 'field:b': 'Reply to the second post' });
    await waitFor(() => element.store.waiting > 0, { message: 'the first read-back' });
    element.store.answer();
    await pause(20);
    type(element, 'Reply to the first post');
    element.key = 'field:b';
    element.requestUpdate();
    await element.updateComplete;
    expect(element.draft.value, 'not the first field\'s text').to.equal('');
    await waitFor(() => element.store.waiting > 0, { message: 'the second read-back' });
    element.store.answer();
    await waitFor(() => element.draft.value === 'Reply to the second post', { message: 'the second field\'s own draft' });
    await waitFor(() => element.store.stored.get('field:a') === 'Reply to the first post', { message: 'the first field\'s text saved under its key' });
    element.remove();
  });

  it('a key that goes away and comes back keeps the field as it was', async () => {
    const element = await field({});
    await waitFor(() => element.store.waiting > 0, { message: 'the read-back' });
    element.store.answer();
    await pause(20);
    type(element, 'Half a question');
    element.key = undefined;
    element.requestUpdate();
    await element.updateComplete;
    element.key = 'field:a';
    element.requestUpdate();
    await element.updateComplete;
    expect(element.draft.value).to.equal('Half a question');
    element.remove();
  });
});
