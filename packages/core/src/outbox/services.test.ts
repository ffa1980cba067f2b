import { withOnlyDatabasesOf } from '@careline/testing';
import { expect } from '@open-wc/testing';
import type { CareAdapter } from '../adapter.js';
import { CareError } from '../errors.js';
import { DATABASE_PREFIX } from '../storage/stores.js';
import { Outbox } from './outbox.js';
import { listenForWipes, sharedDrafts, signOut, wipeCarelineData } from './services.js';
import { WIPE_CHANNEL } from '../storage/wipe-notices.js';
import { sharedOutbox } from './shared-outbox.js';

async function databaseNames(): Promise<string[]> {
  return ((await indexedDB.databases()) ?? []).map((database) => database.name ?? '');
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > 5000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function offlineAdapter(signOutImpl: () => Promise<void>): CareAdapter & { signOuts: number } {
  const adapter = {
    name: 'wipe-test',
    signOuts: 0,
    session: {
      getSession: async () => ({ status: 'guest' as const }),
      subscribe: () => () => undefined,
      signOut: async () => {
        adapter.signOuts++;
        await signOutImpl();
      },
    },
    chat: {
      getAvailability: () => Promise.reject(new Error('unused')),
      startConversation: () => Promise.reject(new Error('unused')),
      listMessages: () => Promise.reject(new Error('unused')),
      // Never succeeds: the write stays unsent until sign-out.
      sendMessage: () => Promise.reject(new CareError('offline', 'no network')),
      getConversation: () => Promise.reject(new Error('unused')),
      uploadAttachment: () => Promise.reject(new Error('unused')),
      markRead: () => Promise.reject(new Error('unused')),
      endConversation: () => Promise.reject(new Error('unused')),
      subscribe: () => () => undefined,
    },
  };
  return adapter;
}

describe('signOut', function () {
  this.timeout(20_000);

  for (const backendFails of [false, true]) {
    it(`wipes unsent writes, drafts and every careline database${backendFails ? ' even when the backend sign-out fails' : ''}`, async () => {
      const namespace = `wipe-${backendFails}-${Date.now().toString(36)}`;
      const adapter = offlineAdapter(() => (backendFails ? Promise.reject(new CareError('server', 'down')) : Promise.resolve()));
      const config = { adapter, namespace };
      const outbox = sharedOutbox(config);
      const drafts = sharedDrafts(config);
      // Another tab with the same namespace.
      const otherTab = new Outbox({ namespace, adapter, retry: { baseDelayMs: 60_000 } });
      await drafts.save('chat:c1', 'my blood sugar was 14 this morning');
      await outbox.enqueue('chat.sendMessage', { conversationId: 'c1', text: 'my blood sugar was 14 this morning' });
      await until(() => otherTab.entries().length === 1, 'other tab sees the write');
      expect(await databaseNames()).to.include.members([`${DATABASE_PREFIX}${namespace}-outbox`, `${DATABASE_PREFIX}${namespace}-drafts`]);
      localStorage.setItem(`careline:${namespace}:launcher-open`, 'true');
      let heardWipe = false;
      const stopListening = listenForWipes(() => (heardWipe = true));

      // Other test files share this origin and run at the same time: the wipe sees only this test's databases.
      await withOnlyDatabasesOf(namespace, async () => {
        const result = signOut(adapter);
        if (backendFails) await result.catch((error) => expect((error as CareError).kind).to.equal('server'));
        else await result;
      });

      expect(adapter.signOuts).to.equal(1);
      // Check the databases before reading a draft: reading opens (re-creates) an empty one.
      expect((await databaseNames()).filter((name) => name.includes(namespace))).to.deep.equal([]);
      expect(outbox.entries()).to.deep.equal([]);
      expect(await drafts.load('chat:c1')).to.equal(undefined);
      expect(localStorage.getItem(`careline:${namespace}:launcher-open`)).to.equal(null);
      await until(() => otherTab.entries().length === 0, 'other tab forgot the write');
      await until(() => heardWipe, 'wipe broadcast');
      stopListening();
      otherTab.dispose();
    });
  }

  it("tells this tab's widgets before and after the deletion, before it resolves, and the other tabs", async () => {
    const heard: string[] = [];
    const stopListening = listenForWipes(() => heard.push('here'));
    const otherTab = new BroadcastChannel(WIPE_CHANNEL);
    const otherTabHeard = new Promise<boolean>((resolve) => (otherTab.onmessage = () => resolve(true)));
    const allDatabases = indexedDB.databases.bind(indexedDB);
    indexedDB.databases = async () => [];
    try {
      await wipeCarelineData();
    } finally {
      indexedDB.databases = allDatabases;
    }
    expect(heard, 'told before the deletion and after it, before wipeCarelineData() resolved').to.deep.equal(['here', 'here']);
    expect(await otherTabHeard).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard, 'not told again by its own broadcasts').to.deep.equal(['here', 'here']);
    stopListening();
    otherTab.close();
  });

  it("another tab's wipe reaches this tab's widgets; one that stopped listening is not told", async () => {
    let told = 0;
    let stoppedTold = 0;
    const stopListening = listenForWipes(() => told++);
    listenForWipes(() => stoppedTold++)();
    await new Promise((resolve) => setTimeout(resolve)); // this page's end of the channel opens a task after the first listener
    const otherTab = new BroadcastChannel(WIPE_CHANNEL);
    otherTab.postMessage('wiped');
    await until(() => told >= 1, 'the wipe from another tab');
    expect(stoppedTold).to.equal(0);
    stopListening();
    otherTab.close();
  });
});
