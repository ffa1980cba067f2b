import { expect } from '@open-wc/testing';
import { LazyIdbStore, MemoryStore, ResilientStore, StoreCodeUnavailable } from './stores.js';
import { IdbStore } from './idb-store.js';

const names = async () => ((await indexedDB.databases()) ?? []).map((database) => database.name);

describe('IdbStore', () => {
  it('stores nothing on the device until the first write', async () => {
    const name = `careline-privacy-${Date.now().toString(36)}`;
    const store = new IdbStore<{ id: string }>(name);
    expect(await store.list()).to.deep.equal([]);
    expect(await store.get('x')).to.equal(undefined);
    await store.delete('x');
    await store.clear();
    expect(await names(), 'reads created no database').not.to.include(name);
    await store.set('a', { id: 'a' });
    expect(await names()).to.include(name);
    expect(await store.list()).to.deep.equal([{ id: 'a' }]);
  });

  it('keeps a write made while a read is still finding out whether the database exists', async () => {
    const name = `careline-overlap-${Date.now().toString(36)}`;
    const store = new IdbStore<{ id: string }>(name);
    const [listed] = await Promise.all([store.list(), store.set('a', { id: 'a' })]);
    expect(listed).to.deep.equal([]);
    expect(await names()).to.include(name);
    expect(await new IdbStore<{ id: string }>(name).list(), 'another reader sees the write').to.deep.equal([{ id: 'a' }]);
  });

  it('sees a database another tab created after this store first looked', async () => {
    const name = `careline-late-${Date.now().toString(36)}`;
    const reader = new IdbStore<{ id: string }>(name);
    expect(await reader.list()).to.deep.equal([]);
    await new IdbStore<{ id: string }>(name).set('b', { id: 'b' });
    expect(await reader.list()).to.deep.equal([{ id: 'b' }]);
  });
});

describe('IdbStore after its database is deleted', () => {
  it('does not re-create a wiped database by reading', async () => {
    const name = `careline-wiped-${Date.now().toString(36)}`;
    const store = new IdbStore<{ id: string }>(name);
    await store.set('a', { id: 'a' });
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    expect(await store.list()).to.deep.equal([]);
    expect(await store.get('a')).to.equal(undefined);
    expect(await names(), 'still gone').not.to.include(name);
  });
});

describe('LazyIdbStore (IndexedDB code fetched on first use)', () => {
  it('is the same database as IdbStore, and its reads create nothing either', async () => {
    const name = `careline-lazy-${Date.now().toString(36)}`;
    const lazy = new LazyIdbStore<{ id: string }>(name);
    expect(await lazy.list()).to.deep.equal([]);
    expect(await lazy.count()).to.equal(0);
    expect(await names(), 'reads created no database').not.to.include(name);
    await lazy.set('a', { id: 'a' });
    expect(await new IdbStore<{ id: string }>(name).list(), 'written where IdbStore reads').to.deep.equal([{ id: 'a' }]);
    await new IdbStore<{ id: string }>(name).set('b', { id: 'b' });
    expect(await lazy.count()).to.equal(2);
    await lazy.delete('a');
    expect(await lazy.get('b')).to.deep.equal({ id: 'b' });
    await lazy.clear();
    expect(await lazy.list()).to.deep.equal([]);
  });
});

describe('ResilientStore', () => {
  it('does not give up on IndexedDB because its code could not be fetched once (offline at first use)', async () => {
    const primary = new MemoryStore<{ id: string }>();
    let codeMissing = true;
    const lazy = {
      get: (key: string) => (codeMissing ? Promise.reject(new StoreCodeUnavailable('offline')) : primary.get(key)),
      set: (key: string, value: { id: string }) => (codeMissing ? Promise.reject(new StoreCodeUnavailable('offline')) : primary.set(key, value)),
      delete: (key: string) => primary.delete(key),
      list: () => (codeMissing ? Promise.reject(new StoreCodeUnavailable('offline')) : primary.list()),
      clear: () => primary.clear(),
    };
    const fallbacks: string[] = [];
    const store = new ResilientStore(lazy, (reason) => fallbacks.push(reason));
    await store.set('a', { id: 'a' });
    expect(store.storageMode, 'still IndexedDB').to.equal('indexeddb');
    expect(fallbacks, 'nobody told it fell back').to.deep.equal([]);
    codeMissing = false;
    await store.set('b', { id: 'b' });
    expect(await primary.get('b'), 'the next write reaches IndexedDB').to.deep.equal({ id: 'b' });
  });

  it('falls back to memory once and reports why, keeping what the primary could still read', async () => {
    const primary = new MemoryStore<{ id: string }>();
    await primary.set('kept', { id: 'kept' });
    let failing = false;
    const flaky = {
      get: (key: string) => primary.get(key),
      set: async (key: string, value: { id: string }) => {
        if (failing) throw new DOMException('full', 'QuotaExceededError');
        await primary.set(key, value);
      },
      delete: (key: string) => primary.delete(key),
      list: () => primary.list(),
      clear: () => primary.clear(),
    };
    const reasons: string[] = [];
    const store = new ResilientStore(flaky, (reason) => reasons.push(reason));
    failing = true;
    await store.set('new', { id: 'new' });
    expect(store.storageMode).to.equal('memory');
    expect(reasons).to.deep.equal(['quota']);
    expect((await store.list()).map((v) => v.id).sort()).to.deep.equal(['kept', 'new']);
  });
});
