/**
 * The draft store fetches the stores' code when it is first used, not with a widget's first chunk:
 * what a patient typed is kept when that code cannot be fetched, and stored once it can.
 */
import { expect } from '@open-wc/testing';
import { DraftStore, storesSource } from './drafts.js';

const namespace = `drafts-test-${Date.now().toString(36)}`;
const realFetch = storesSource.fetch;
afterEach(() => {
  storesSource.fetch = realFetch;
});

describe('DraftStore', () => {
  it('keeps a draft in IndexedDB, where a new store (a reload) reads it back', async () => {
    await new DraftStore({ namespace }).save('note', 'My sugar was 3.1 at 2 am');
    const draft = await new DraftStore({ namespace }).load('note');
    expect(draft?.text).to.equal('My sugar was 3.1 at 2 am');
    await new DraftStore({ namespace }).clear('note');
  });

  it('keeps what was typed in memory while the stores\' code cannot be fetched, and tries again on the next call', async () => {
    let fetches = 0;
    storesSource.fetch = () => {
      fetches++;
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    };
    const drafts = new DraftStore({ namespace: `${namespace}-offline` });
    await drafts.save('chat:1', 'Can I take ibuprofen with my new tablets?');
    expect((await drafts.load('chat:1'))?.text, 'kept in memory').to.equal('Can I take ibuprofen with my new tablets?');
    expect(fetches, 'each call tried the download again').to.equal(2);
    // Back online: the code arrives and the next save goes to IndexedDB.
    storesSource.fetch = realFetch;
    await drafts.save('chat:1', 'Can I take ibuprofen with my new tablets? They are 500 mg.');
    expect((await new DraftStore({ namespace: `${namespace}-offline` }).load('chat:1'))?.text, 'stored for after a reload').to.equal('Can I take ibuprofen with my new tablets? They are 500 mg.');
    await drafts.clearAll();
  });
});
