import { expect } from '@open-wc/testing';
import type { CareAdapter, ChatMessage, SendMessageInput, WriteOptions } from '../adapter.js';
import { CareError } from '../errors.js';
import { MemoryStore } from '../storage/stores.js';
import { IdbStore } from '../storage/idb-store.js';
import { DraftStore } from './drafts.js';
import { Outbox, type OutboxEntry, type OutboxEvent } from './outbox.js';

// Test files share one origin: every test gets its own namespace (its own databases).
let counter = 0;
const ns = () => `outbox-test-${Date.now().toString(36)}-${counter++}`;

type Handler = (input: SendMessageInput, options: WriteOptions) => Promise<ChatMessage>;

function chatAdapter(handler: Handler, name = 'test'): CareAdapter {
  return {
    name,
    chat: {
      getAvailability: () => Promise.reject(new Error('unused')),
      startConversation: () => Promise.reject(new Error('unused')),
      listMessages: () => Promise.reject(new Error('unused')),
      sendMessage: handler,
      getConversation: () => Promise.reject(new Error('unused')),
      uploadAttachment: () => Promise.reject(new Error('unused')),
      markRead: () => Promise.reject(new Error('unused')),
      endConversation: () => Promise.reject(new Error('unused')),
      subscribe: () => () => undefined,
    },
  };
}

function message(input: SendMessageInput, options: WriteOptions): ChatMessage {
  return { id: `m-${options.idempotencyKey}`, clientId: options.idempotencyKey, conversationId: input.conversationId, author: { kind: 'patient' }, text: input.text, sentAt: new Date().toISOString() };
}

async function until(predicate: () => boolean | Promise<boolean>, what: string | (() => string), timeout = 5000): Promise<void> {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const fastRetry = { baseDelayMs: 20, maxDelayMs: 200, maxAutoAttempts: 5 };
const outboxes: Outbox[] = [];
function make(options: ConstructorParameters<typeof Outbox>[0]): Outbox {
  const outbox = new Outbox({ retry: fastRetry, ...options });
  outboxes.push(outbox);
  return outbox;
}
afterEach(() => {
  for (const outbox of outboxes.splice(0)) outbox.dispose();
});

describe('Outbox', () => {
  for (const outcome of ['fails', 'succeeds'] as const) {
    it(`does not bring back a write whose attempt was in flight when the data was wiped (the attempt ${outcome})`, async () => {
      const namespace = ns();
      const store = new IdbStore<OutboxEntry>(`careline-${namespace}-outbox`);
      let finish: (() => void) | undefined;
      const outbox = make({
        namespace,
        store,
        adapter: chatAdapter(
          (input, options) =>
            new Promise((resolve, reject) => {
              finish = () => (outcome === 'fails' ? reject(new CareError('offline', 'no network')) : resolve(message(input, options)));
            }),
        ),
      });
      await outbox.enqueue('chat.sendMessage', { conversationId: 'c1', text: 'my blood sugar was 14' });
      await until(() => finish !== undefined, 'the attempt under way');
      await outbox.wipe();
      finish!();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(outbox.entries(), 'in memory').to.deep.equal([]);
      expect(await store.list(), 'in IndexedDB').to.deep.equal([]);
    });
  }

  it('saves a write to IndexedDB before sending it, with its id as the idempotency key', async () => {
    const namespace = ns();
    const store = new IdbStore<OutboxEntry>(`careline-${namespace}-outbox`);
    let storedWhenSent: OutboxEntry[] = [];
    let keySeen = '';
    const outbox = make({
      namespace,
      store,
      adapter: chatAdapter(async (input, options) => {
        storedWhenSent = await store.list();
        keySeen = options.idempotencyKey;
        return message(input, options);
      }),
    });
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c1', text: 'Is my HbA1c good?' });
    const result = (await outbox.settled<'chat.sendMessage'>(entry.id))!;
    expect(storedWhenSent.map((e) => e.input)).to.deep.equal([{ conversationId: 'c1', text: 'Is my HbA1c good?' }]);
    expect(keySeen).to.equal(entry.id);
    expect(result.clientId).to.equal(entry.id);
    expect(await store.list(), 'removed once confirmed').to.deep.equal([]);
    expect(outbox.entries()).to.deep.equal([]);
  });

  it('retries transient failures with backoff and honours Retry-After', async () => {
    const calls: number[] = [];
    const failures = [
      new CareError('offline', 'network'),
      new CareError('server', '503'),
      new CareError('rate-limited', 'slow down', { retryAfterMs: 300 }),
      new CareError('timeout', 'too slow'),
    ];
    const outbox = make({
      namespace: ns(),
      adapter: chatAdapter(async (input, options) => {
        calls.push(performance.now());
        const failure = failures.shift();
        if (failure) throw failure;
        return message(input, options);
      }),
    });
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c1', text: 'hello' });
    await outbox.settled(entry.id);
    expect(calls).to.have.length(5);
    expect(calls[3]! - calls[2]!, 'waited at least Retry-After').to.be.at.least(295);
    expect(calls[1]! - calls[0]!, 'backed off before retrying').to.be.at.least(9);
  });

  it('does not retry a validation error: keeps the text and the reason, and restores the draft', async () => {
    const namespace = ns();
    const drafts = new DraftStore({ namespace });
    let calls = 0;
    const outbox = make({
      namespace,
      drafts,
      adapter: chatAdapter(async () => {
        calls++;
        throw new CareError('invalid', 'Check your message', { fieldErrors: { text: 'Message is too long' }, status: 422 });
      }),
    });
    await drafts.save('chat:c1', 'a very long message');
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c1', text: 'a very long message' }, { draftKey: 'chat:c1' });
    let rejection: unknown;
    await outbox.settled(entry.id).catch((error) => (rejection = error));
    await outbox.flush();
    expect(calls, 'sent once, never retried').to.equal(1);
    expect((rejection as CareError).kind).to.equal('invalid');
    const [kept] = outbox.entries();
    expect(kept?.state).to.equal('rejected');
    expect(kept?.input).to.deep.equal({ conversationId: 'c1', text: 'a very long message' });
    expect(kept?.lastError?.fieldErrors).to.deep.equal({ text: 'Message is too long' });
    const draft = await drafts.load('chat:c1');
    expect(draft?.text).to.equal('a very long message');
    expect(draft?.queuedAs, 'the text is a draft again').to.equal(undefined);
  });

  it('clears a draft only after the server confirmed the send', async () => {
    const namespace = ns();
    const drafts = new DraftStore({ namespace });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outbox = make({
      namespace,
      drafts,
      adapter: chatAdapter(async (input, options) => {
        await gate;
        return message(input, options);
      }),
    });
    await drafts.save('chat:c2', 'my question');
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c2', text: 'my question' }, { draftKey: 'chat:c2' });
    await until(() => outbox.entries()[0]?.state === 'sending', () => `sending (entries: ${JSON.stringify(outbox.entries())}, flushing ${!!(outbox as unknown as { flushing: unknown }).flushing}, flushAgain ${(outbox as unknown as { flushAgain: boolean }).flushAgain}, mode ${outbox.storageMode})`);
    expect((await drafts.load('chat:c2'))?.queuedAs, 'kept while sending').to.equal(entry.id);
    release();
    await outbox.settled(entry.id);
    expect(await drafts.load('chat:c2')).to.equal(undefined);
  });

  it('sends writes of one scope in order even when the first needs retries', async () => {
    const received: string[] = [];
    let failFirst = 2;
    const outbox = make({
      namespace: ns(),
      adapter: chatAdapter(async (input, options) => {
        if (input.text === 'one' && failFirst-- > 0) throw new CareError('server', 'busy');
        received.push(input.text);
        return message(input, options);
      }),
    });
    const entries = [];
    for (const text of ['one', 'two', 'three']) entries.push(await outbox.enqueue('chat.sendMessage', { conversationId: 'c3', text }, { scope: 'c3' }));
    await Promise.all(entries.map((entry) => outbox.settled(entry.id)));
    expect(received).to.deep.equal(['one', 'two', 'three']);
  });

  it('sends after a reload what an earlier page left unsent', async () => {
    const namespace = ns();
    const first = make({ namespace, isOnline: () => false, adapter: chatAdapter(() => Promise.reject(new Error('must not send while offline'))) });
    const entry = await first.enqueue('chat.sendMessage', { conversationId: 'c4', text: 'typed before the reload' });
    first.dispose();
    const sent: string[] = [];
    const second = make({
      namespace,
      adapter: chatAdapter(async (input, options) => {
        sent.push(`${input.text}|${options.idempotencyKey}`);
        return message(input, options);
      }),
    });
    await until(() => sent.length === 1 && second.entries().length === 0, 'flush on load');
    expect(sent).to.deep.equal([`typed before the reload|${entry.id}`]);
  });

  it('marks unauthorized writes failed and retries them on demand after sign-in', async () => {
    let signedIn = false;
    const outbox = make({
      namespace: ns(),
      adapter: chatAdapter(async (input, options) => {
        if (!signedIn) throw new CareError('unauthorized', 'sign in');
        return message(input, options);
      }),
    });
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c5', text: 'hi' });
    await until(() => outbox.entries()[0]?.state === 'failed', 'failed');
    signedIn = true;
    await outbox.flush({ includeFailed: true });
    await outbox.settled(entry.id);
    expect(outbox.entries()).to.deep.equal([]);
  });

  it('lets one tab send at a time while every tab sees every status', async () => {
    const namespace = ns();
    let inFlight = 0;
    let maxInFlight = 0;
    const sendersInFlight = new Set<string>();
    let concurrentSenders = 0;
    const adapterFor = (tab: string) =>
      chatAdapter(async (input, options) => {
        inFlight++;
        sendersInFlight.add(tab);
        concurrentSenders = Math.max(concurrentSenders, sendersInFlight.size);
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (inFlight === 0) sendersInFlight.clear();
        return message(input, options);
      }, tab);
    const tabA = make({ namespace, adapter: adapterFor('A'), concurrency: 1 });
    const tabB = make({ namespace, adapter: adapterFor('B'), concurrency: 1 });
    const seenByA = new Set<string>();
    tabA.subscribe((event: OutboxEvent) => event.type === 'sent' && seenByA.add(event.entry.id));
    const fromB: string[] = [];
    for (let i = 0; i < 10; i++) fromB.push((await tabB.enqueue('chat.sendMessage', { conversationId: 'c6', text: `b${i}` }, { scope: `s${i}` })).id);
    for (let i = 0; i < 10; i++) await tabA.enqueue('chat.sendMessage', { conversationId: 'c6', text: `a${i}` }, { scope: `t${i}` });
    await until(() => tabA.entries().length === 0 && tabB.entries().length === 0, 'both tabs drained');
    expect(concurrentSenders, 'never two tabs sending at once').to.equal(1);
    expect(maxInFlight).to.equal(1);
    await until(() => fromB.every((id) => seenByA.has(id)), 'tab A saw B\'s writes confirmed');
  });
});

describe('Outbox without durable storage', () => {
  let rejections: unknown[] = [];
  const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);
  beforeEach(() => {
    rejections = [];
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => window.removeEventListener('unhandledrejection', onRejection));

  it('keeps working from memory when IndexedDB is unavailable, and says so', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    try {
      const events: OutboxEvent[] = [];
      const sent: string[] = [];
      const outbox = make({
        namespace: ns(),
        adapter: chatAdapter(async (input, options) => {
          sent.push(input.text);
          return message(input, options);
        }),
      });
      outbox.subscribe((event) => events.push(event));
      const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c7', text: 'private mode' });
      await outbox.settled(entry.id);
      expect(sent).to.deep.equal(['private mode']);
      expect(outbox.storageMode).to.equal('memory');
      expect(outbox.fallback?.reason).to.equal('unavailable');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rejections, 'no unhandled rejections').to.deep.equal([]);
    } finally {
      if (descriptor) Object.defineProperty(window, 'indexedDB', descriptor);
      else delete (window as { indexedDB?: unknown }).indexedDB;
    }
  });

  it('keeps working from memory when IndexedDB is full (QuotaExceededError), and says so', async () => {
    const realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const events: OutboxEvent[] = [];
      const sent: string[] = [];
      const outbox = make({
        namespace: ns(),
        adapter: chatAdapter(async (input, options) => {
          sent.push(input.text);
          return message(input, options);
        }),
      });
      outbox.subscribe((event) => events.push(event));
      const first = await outbox.enqueue('chat.sendMessage', { conversationId: 'c8', text: 'disk full 1' });
      const second = await outbox.enqueue('chat.sendMessage', { conversationId: 'c8', text: 'disk full 2' });
      await Promise.all([outbox.settled(first.id), outbox.settled(second.id)]);
      expect(sent.sort()).to.deep.equal(['disk full 1', 'disk full 2']);
      expect(events.filter((event) => event.type === 'storage')).to.deep.equal([{ type: 'storage', mode: 'memory', reason: 'quota' }]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rejections).to.deep.equal([]);
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
  });

  it('works with an injected memory store for hosts that forbid storage', async () => {
    const outbox = make({ namespace: ns(), store: new MemoryStore(), adapter: chatAdapter(async (input, options) => message(input, options)) });
    const entry = await outbox.enqueue('chat.sendMessage', { conversationId: 'c9', text: 'x' });
    expect((await outbox.settled<'chat.sendMessage'>(entry.id))?.text).to.equal('x');
  });
});

describe('Outbox across tabs when news is lost', () => {
  it('drops an entry another tab sent but could not report, once the lock holder sees storage', async () => {
    const namespace = ns();
    const store = new IdbStore<OutboxEntry>(`careline-${namespace}-outbox`);
    const tab = make({ namespace, isOnline: () => false, adapter: chatAdapter(async (input, options) => message(input, options)) });
    const entry = await tab.enqueue('chat.sendMessage', { conversationId: 'c10', text: 'sent by a tab that then closed' });
    const settled = tab.settled(entry.id);
    // Another tab sent it and deleted it from storage, then closed before broadcasting.
    await store.delete(entry.id);
    // An old entry: older than the snapshot skew.
    (tab as unknown as { mirror: Map<string, OutboxEntry> }).mirror.set(entry.id, { ...entry, createdAt: entry.createdAt - 5000, state: 'sending' });
    const removed: string[] = [];
    tab.subscribe((event) => event.type === 'removed' && removed.push(event.id));
    (tab as unknown as { isOnline: () => boolean }).isOnline = () => true;
    await tab.flush();
    expect(tab.entries()).to.deep.equal([]);
    expect(removed).to.deep.equal([entry.id]);
    expect(await settled, 'result unknown, but settled').to.equal(undefined);
  });

  it('takes over sending when the tab that held the lock goes away', async () => {
    const namespace = ns();
    let release!: () => void;
    const stuck = new Promise<never>((_, reject) => (release = () => reject(new CareError('offline', 'tab closed'))));
    const dying = make({ namespace, adapter: chatAdapter(() => stuck), retry: { baseDelayMs: 60_000 } });
    await dying.enqueue('chat.sendMessage', { conversationId: 'c11', text: 'mid-send when the tab closed' });
    await until(() => dying.entries()[0]?.state === 'sending', 'the first tab is sending');
    // The second tab opens while the first holds the lock: it waits in line.
    const sent: string[] = [];
    const survivor = make({ namespace, adapter: chatAdapter(async (input, options) => (sent.push(input.text), message(input, options))) });
    await survivor.ready;
    expect(survivor.entries()[0]?.state).to.equal('sending');
    expect(sent).to.deep.equal([]);
    // The tab goes away: its lock is released and its request never answers.
    dying.dispose();
    release();
    await until(() => sent.length === 1, 'survivor sent it');
    await until(() => survivor.entries().length === 0, 'survivor shows nothing pending');
  });
});

describe('Outbox dependent writes', () => {
  function conversationAdapter(behaviour: { startFailures?: CareError[] } = {}) {
    const sent: Array<{ conversationId: string; text: string }> = [];
    const failures = [...(behaviour.startFailures ?? [])];
    const adapter: CareAdapter = {
      name: 'dependent',
      chat: {
        getAvailability: () => Promise.reject(new Error('unused')),
        startConversation: async () => {
          const failure = failures.shift();
          if (failure) throw failure;
          return { id: 'conv-42', startedAt: new Date().toISOString() };
        },
        listMessages: () => Promise.reject(new Error('unused')),
        sendMessage: async (input, options) => {
          sent.push({ conversationId: input.conversationId, text: input.text });
          return message(input, options);
        },
        getConversation: () => Promise.reject(new Error('unused')),
        uploadAttachment: () => Promise.reject(new Error('unused')),
        markRead: () => Promise.reject(new Error('unused')),
        endConversation: () => Promise.reject(new Error('unused')),
        subscribe: () => () => undefined,
      },
    };
    return { adapter, sent };
  }

  it('sends a message that needs the id of a conversation still being started', async () => {
    const { adapter, sent } = conversationAdapter({ startFailures: [new CareError('offline', 'down'), new CareError('server', 'busy')] });
    const outbox = make({ namespace: ns(), adapter });
    const start = await outbox.enqueue('chat.startConversation', { topicId: 'results' }, { scope: 'chat' });
    const first = await outbox.enqueue('chat.sendMessage', { conversationId: '', text: 'What does my HbA1c mean?' }, { scope: 'chat', dependsOn: { entryId: start.id, bind: { conversationId: 'id' } } });
    const second = await outbox.enqueue('chat.sendMessage', { conversationId: '', text: 'And my glucose?' }, { scope: 'chat', dependsOn: { entryId: start.id, bind: { conversationId: 'id' } } });
    await Promise.all([outbox.settled(first.id), outbox.settled(second.id)]);
    expect(sent).to.deep.equal([
      { conversationId: 'conv-42', text: 'What does my HbA1c mean?' },
      { conversationId: 'conv-42', text: 'And my glucose?' },
    ]);
  });

  it('refuses dependent writes with their dependency, keeping their text', async () => {
    const { adapter, sent } = conversationAdapter({ startFailures: [new CareError('invalid', 'Choose a topic', { fieldErrors: { topicId: 'Choose a topic' } })] });
    const outbox = make({ namespace: ns(), adapter });
    const start = await outbox.enqueue('chat.startConversation', { topicId: 'nope' }, { scope: 'chat' });
    const dependent = await outbox.enqueue('chat.sendMessage', { conversationId: '', text: 'kept text' }, { scope: 'chat', dependsOn: { entryId: start.id, bind: { conversationId: 'id' } } });
    await until(() => outbox.entries().every((entry) => entry.state === 'rejected') && outbox.entries().length === 2, 'both rejected');
    expect(sent).to.deep.equal([]);
    expect(outbox.entries().find((entry) => entry.id === dependent.id)?.input).to.deep.equal({ conversationId: '', text: 'kept text' });
  });

  it('refuses a dependent write whose dependency was discarded', async () => {
    const { adapter, sent } = conversationAdapter();
    const outbox = make({ namespace: ns(), adapter, isOnline: () => false });
    const start = await outbox.enqueue('chat.startConversation', {}, { scope: 'chat' });
    const dependent = await outbox.enqueue('chat.sendMessage', { conversationId: '', text: 'orphan' }, { scope: 'chat', dependsOn: { entryId: start.id, bind: { conversationId: 'id' } } });
    await outbox.discard(start.id);
    (outbox as unknown as { isOnline: () => boolean }).isOnline = () => true;
    await outbox.flush();
    expect(outbox.entries().find((entry) => entry.id === dependent.id)?.state).to.equal('rejected');
    expect(sent).to.deep.equal([]);
  });
});
