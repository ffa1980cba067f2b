/**
 * The draft store fetches the stores' code when it is first used, not with a widget's first chunk:
 * what a patient typed is kept when that code cannot be fetched, and stored once it can.
 */
import { expect } from '@open-wc/testing';
import { DraftStore, storesSource } from './drafts.js';
import { keepBothTexts } from '../element/draft-controller.js';
import { announceWipe } from '../storage/wipe-notices.js';

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

  /** The stores' code cannot be fetched until `arrive()`. */
  function holdStoresCode(): { arrive: () => void; fetches: () => number } {
    let fetches = 0;
    let arrived = false;
    storesSource.fetch = () => (fetches++, arrived ? realFetch() : Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    return { arrive: () => void (arrived = true), fetches: () => fetches };
  }
  async function storedAfterReload(space: string, key: string): Promise<string | undefined> {
    for (let i = 0; i < 100; i++) {
      const text = (await new DraftStore({ namespace: space }).load(key))?.text;
      if (text !== undefined) return text;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  }

  it('stores what memory kept when the connection returns, though nothing is typed after', async () => {
    const space = `${namespace}-online`;
    const code = holdStoresCode();
    const drafts = new DraftStore({ namespace: space });
    await drafts.save('chat:1', 'Is my HbA1c of 7.9 bad?');
    code.arrive();
    dispatchEvent(new Event('online'));
    expect(await storedAfterReload(space, 'chat:1'), 'stored for after a reload').to.equal('Is my HbA1c of 7.9 bad?');
    expect(code.fetches(), 'fetched again on the online event').to.be.greaterThan(1);
    await drafts.clearAll();
  });

  it('keeps both texts where memory kept a draft over a stored one the field could not read back, by the field\'s combine', async () => {
    const space = `${namespace}-combine`;
    await new DraftStore({ namespace: space }).save('community:g1', 'Written yesterday');
    await new DraftStore({ namespace: space }).save('community:g2', 'Old reply');
    const code = holdStoresCode();
    const drafts = new DraftStore({ namespace: space });
    await drafts.save('community:g1', 'Written today', keepBothTexts);
    await drafts.save('community:g2', 'New reply');
    code.arrive();
    await drafts.save('chat:other', 'anything');
    const reload = new DraftStore({ namespace: space });
    expect((await reload.load('community:g1'))?.text, 'with a combine, both').to.equal('Written yesterday\n\nWritten today');
    expect((await reload.load('community:g2'))?.text, 'without one, what was typed last').to.equal('New reply');
    await drafts.clearAll();
  });

  it('forgets what memory kept at a sign-out, so the code arriving after it stores nothing', async () => {
    const space = `${namespace}-wiped`;
    const code = holdStoresCode();
    const drafts = new DraftStore({ namespace: space });
    await drafts.save('feedback', 'My name is Siti and the nurse on ward 3 was rude');
    announceWipe();
    code.arrive();
    dispatchEvent(new Event('online'));
    expect(await drafts.load('feedback'), 'not in this store').to.equal(undefined);
    expect(await new DraftStore({ namespace: space }).load('feedback'), 'not stored').to.equal(undefined);
  });

  it('does not store a draft that memory deleted (sent or emptied) before the connection returned', async () => {
    const space = `${namespace}-deleted`;
    const code = holdStoresCode();
    const drafts = new DraftStore({ namespace: space });
    await drafts.save('chat:1', 'Sent while the code was away');
    await drafts.save('chat:1', '');
    code.arrive();
    await drafts.save('chat:2', 'Another field');
    expect(await new DraftStore({ namespace: space }).load('chat:1')).to.equal(undefined);
    await drafts.clearAll();
  });
});
