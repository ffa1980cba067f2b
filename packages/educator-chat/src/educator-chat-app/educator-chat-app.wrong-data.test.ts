/**
 * Messages as a backend of any make may send them: a message with any one value, at any depth,
 * missing or of the wrong type shows, or says in its place that it could not be shown, whether it
 * came in the history or arrived live. The conversation never turns into an error, the other
 * messages still show, the transcript can still be had, and nothing is thrown at the page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure, type CareAdapter, type ChatAvailability, type ChatEvent, type ChatMessage } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { collectPageReports, expectAccessible, waitFor, widgetRoot, WRONG_VALUES, wrongVariants, type WrongVariant } from '@careline/testing';
import '../define.js';
import type { EducatorChat } from '../educator-chat/educator-chat.js';
import { TimelineWindow } from '../conversation/conversation-model.js';

/** A picture of this page's own origin: the chat draws avatars only from there. */
const AVATAR = URL.createObjectURL(new Blob(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'], { type: 'image/svg+xml' }));

/** An educator's message with every optional part a backend can send, so each can go wrong. */
const RICH_FROM_EDUCATOR: ChatMessage = {
  id: 'rich',
  conversationId: 'conv-rich',
  author: { kind: 'educator', name: 'Nurse Ana', role: 'Diabetes educator', avatarUrl: AVATAR },
  text: 'Your **HbA1c** is *lower*.\n\n- keep the diary\n- [a guide](https://example.org/guide)',
  sentAt: '2026-11-02T03:00:00.000Z',
  status: 'read',
  attachments: [
    { id: 'att-1', name: 'diet-plan.pdf', type: 'application/pdf', size: 204_800, url: '/files/diet-plan.pdf' },
    { id: 'att-2', name: 'plate.jpg', type: 'image/jpeg', size: 51_200, url: 'https://files.example.org/plate.jpg' },
  ],
  context: { kind: 'lab-result', title: 'HbA1c, 12 March: 7.2 %', reference: 'obs-hba1c-1' },
};

/** The patient's own message (drawn as theirs, with its status): every optional part too. */
const RICH_FROM_PATIENT: ChatMessage = {
  id: 'rich',
  clientId: 'client-rich',
  conversationId: 'conv-rich',
  author: { kind: 'patient', name: 'Siti', role: 'Patient', avatarUrl: AVATAR },
  text: 'Is this **better**?',
  sentAt: '2026-11-02T04:00:00.000Z',
  status: 'delivered',
  attachments: [{ id: 'att-3', name: 'glucose-log.pdf', type: 'application/pdf', size: 3_000, url: '/files/glucose-log.pdf' }],
  context: { kind: 'lab-result', title: 'Glucose, 1 November', reference: 'obs-glucose-1' },
};

const ORDINARY = 'An ordinary message beside the odd ones';
const ordinaryMessage: ChatMessage = {
  id: 'ordinary',
  conversationId: 'conv-rich',
  author: { kind: 'educator', name: 'Nurse Budi' },
  text: ORDINARY,
  sentAt: '2026-11-01T03:00:00.000Z',
  status: 'sent',
};

/** How many messages the chat draws at once: every one of a batch (and the ordinary one) must be in it. */
const WINDOW = new TimelineWindow().size;

let backend: MockBackend | undefined;
let adapter: CareAdapter | undefined;
let current: EducatorChat | undefined;
let undo: () => void = () => undefined;
let counter = 0;

function tearDown(): void {
  current?.remove();
  current = undefined;
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
}

afterEach(tearDown);

const root = (element: EducatorChat) => widgetRoot(element);
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const log = (element: EducatorChat) => root(element).querySelector('.log');
const rows = (element: EducatorChat) => [...(log(element)?.querySelectorAll(':scope > [data-key]') ?? [])];
/** The error state, of the chat or of the element that loads it. */
const errorState = (element: EducatorChat) => element.shadowRoot!.querySelector('[data-state="error"]') ?? root(element).querySelector('[data-state="error"]');

/**
 * An inline chat resuming its conversation after a reload, whose history is `history` (past the
 * mock, which itself keeps whole messages). `live`: the realtime stream is one the test drives,
 * returned as `deliver`. `prepare`: changes the adapter before the chat uses it.
 */
async function chatShowing(
  history: unknown[],
  live = false,
  prepare: (chat: NonNullable<CareAdapter['chat']>) => void = () => undefined,
): Promise<{ chat: EducatorChat; deliver: (event: ChatEvent) => string | undefined }> {
  tearDown();
  backend = createMockBackend({ simulateEducator: false });
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  const conversation = backend.store.startConversation({});
  adapter.chat!.listMessages = async () => ({ items: history as ChatMessage[], nextCursor: undefined });
  prepare(adapter.chat!);
  let handler: ((event: ChatEvent) => void) | undefined;
  if (live) {
    adapter.chat!.subscribe = (_conversationId, onEvent, options) => {
      handler = onEvent;
      queueMicrotask(() => options?.onConnectionChange?.('open'));
      return () => (handler = handler === onEvent ? undefined : handler);
    };
  }
  const namespace = `chat-wrong-${Date.now().toString(36)}-${counter++}`;
  undo = configure({ adapter, namespace });
  localStorage.setItem(`careline:${namespace}:chat:default:conversation`, conversation.id);
  const stored = undo;
  undo = () => {
    stored();
    localStorage.removeItem(`careline:${namespace}:chat:default:conversation`);
  };
  const chat = (current = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`));
  // Not there in time: check() says what the chat shows instead.
  await waitFor(() => errorState(chat) ?? text(log(chat)).includes(ORDINARY), { message: 'the ordinary message', timeout: 10_000 }).catch(() => undefined);
  return {
    chat,
    // What the chat's event handler threw, if anything.
    deliver: (event) => {
      if (!handler) throw new Error('the chat is not subscribed');
      try {
        handler(event);
        return undefined;
      } catch (error) {
        return `the chat's event handler threw ${String(error)}`;
      }
    },
  };
}

/** Each variant keeps an id of its own (unless the id is what went wrong), so the messages are told apart. */
function ownIds(variants: WrongVariant<ChatMessage>[], prefix: string): WrongVariant<ChatMessage>[] {
  return variants.map((variant, index) => ({
    label: `${prefix}: ${variant.label}`,
    item: variant.label.startsWith('id ') ? variant.item : { ...variant.item, id: `${prefix}-${index}` },
  }));
}

const messageVariants = (): WrongVariant<ChatMessage>[][] => [
  ownIds(wrongVariants(RICH_FROM_EDUCATOR), 'educator'),
  ownIds(wrongVariants(RICH_FROM_PATIENT), 'patient'),
];

/** The message itself, not one of its values, is wrong: a history with null in it, say. */
const wholeMessages = WRONG_VALUES.map((wrong) => ({ label: `message = ${JSON.stringify(wrong) ?? 'undefined'}`, item: wrong }));

/**
 * What a batch must show: no error, the ordinary message, `expected` rows (when every variant is
 * a message of its own), none of them empty, and a transcript. Returns the problems found.
 */
async function check(element: EducatorChat, where: string, expected: number | undefined, labels: Map<string, string>): Promise<string[]> {
  // However many rows: what was delivered has had time to be drawn.
  if (expected === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
  const shown = await waitFor(() => (errorState(element) ? 'error' : expected === undefined || rows(element).length === expected ? 'rows' : undefined), {
    message: `messages of ${where} (${expected ?? 'any number'} rows)`,
    timeout: 10_000,
  }).catch((error: Error) => `${error.message}; ${rows(element).length} rows`);
  if (shown === 'error') return [`${where}: the chat turned into an error: ${text(errorState(element))}`];
  const problems = shown === 'rows' ? [] : [`${where}: ${shown}`];
  if (!text(log(element)).includes(ORDINARY)) problems.push(`${where}: the ordinary message is missing; the chat shows: ${text(root(element)).slice(0, 200)}`);
  for (const row of rows(element)) {
    const label = labels.get(row.getAttribute('data-key')!) ?? where;
    if (!text(row)) problems.push(`${label}: an empty message`);
    // Never a message key, "[object Object]" or "NaN" where the backend sent the wrong type.
    const odd = /\[object|NaN|chat\.[a-z]+\.[a-z]/.exec(text(row));
    if (odd) problems.push(`${label}: shows "${odd[0]}"`);
  }
  try {
    const transcript = element.transcript();
    if (!transcript.includes(ORDINARY)) problems.push(`${where}: the transcript lacks the ordinary message`);
    const odd = /\[object|NaN|chat\.[a-z]+\.[a-z]/.exec(transcript);
    if (odd) problems.push(`${where}: the transcript shows "${odd[0]}"`);
  } catch (error) {
    problems.push(`${where}: the transcript threw ${String(error)}`);
  }
  return problems;
}

/** What `body` throws at the page (each unreadable message is also logged once: expected here). */
const catchingThrown = async (body: () => Promise<void>): Promise<unknown[]> => (await collectPageReports(body)).thrown;

describe('<care-educator-chat> with messages a backend got wrong', function () {
  this.timeout(300_000);

  it('shows every message of the history with any one value missing or of the wrong type, or says it could not be shown, and the rest of the conversation', async () => {
    const groups = messageVariants();
    expect(groups.flat().length, 'variants tried').to.be.greaterThan(300);
    const failures: string[] = [];
    const thrown = await catchingThrown(async () => {
      // One ordinary message and the rest odd: all in the window of messages drawn.
      const perBatch = WINDOW - 1;
      for (const variants of groups) {
        for (let start = 0; start < variants.length; start += perBatch) {
          const batch = variants.slice(start, start + perBatch);
          const { chat } = await chatShowing([ordinaryMessage, ...batch.map((variant) => variant.item)]);
          const labels = new Map(batch.map((variant) => [`m:${String(variant.item.id)}`, variant.label]));
          failures.push(...(await check(chat, `${batch[0]!.label} … ${batch.at(-1)!.label}`, batch.length + 1, labels)));
          if (start === 0 && !errorState(chat)) await expectAccessible(chat);
        }
      }
      // Not a message at all where one was expected: said in its place or left out.
      const { chat } = await chatShowing([ordinaryMessage, ...wholeMessages.map((variant) => variant.item)]);
      const where = wholeMessages.map((variant) => variant.label).join(', ');
      failures.push(...(await check(chat, where, undefined, new Map())));
      if (rows(chat).length > wholeMessages.length + 1) failures.push(`${where}: more rows than messages`);
    });
    expect(failures.slice(0, 10), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });

  it('shows every message arriving live with any one value missing or of the wrong type, or says it could not be shown, and the rest of the conversation', async () => {
    const groups = messageVariants();
    const failures: string[] = [];
    const thrown = await catchingThrown(async () => {
      const perBatch = WINDOW - 1;
      for (const variants of groups) {
        for (let start = 0; start < variants.length; start += perBatch) {
          const batch = variants.slice(start, start + perBatch);
          const { chat, deliver } = await chatShowing([ordinaryMessage], true);
          const where = `live ${batch[0]!.label} … ${batch.at(-1)!.label}`;
          for (const variant of batch) {
            const threw = deliver({ type: 'message', message: variant.item });
            if (threw) failures.push(`live ${variant.label}: ${threw}`);
          }
          const labels = new Map(batch.map((variant) => [`m:${String(variant.item.id)}`, `live ${variant.label}`]));
          failures.push(...(await check(chat, where, batch.length + 1, labels)));
        }
      }
      // The event around the message: its type or the message itself missing or wrong.
      const around = wrongVariants<unknown>({ type: 'message', message: { ...RICH_FROM_EDUCATOR, id: 'around' } }, 1);
      const { chat, deliver } = await chatShowing([ordinaryMessage], true);
      for (const variant of around) {
        const threw = deliver(variant.item as ChatEvent);
        if (threw) failures.push(`live event ${variant.label}: ${threw}`);
      }
      failures.push(...(await check(chat, `live events ${around.map((variant) => variant.label).join(', ')}`, undefined, new Map())));
    });
    expect(failures.slice(0, 10), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });

  it('keeps the conversation through every other live event with any one value missing or of the wrong type', async () => {
    const educator = { kind: 'educator', name: 'Nurse Ana', role: 'Diabetes educator', avatarUrl: AVATAR } as const;
    const events: ChatEvent[] = [
      { type: 'typing', active: true, educator },
      { type: 'message-status', messageId: 'ordinary', status: 'read' },
      { type: 'conversation', event: 'transferred', educator, at: '2026-11-01T04:00:00.000Z' },
      { type: 'queue', position: 2, estimatedWaitMinutes: 5 },
    ];
    const variants = events.flatMap((event) => wrongVariants(event).map((variant) => ({ ...variant, label: `${event.type}: ${variant.label}` })));
    expect(variants.length, 'variants tried').to.be.greaterThan(100);
    const failures: string[] = [];
    const thrown = await catchingThrown(async () => {
      // Each joined or transferred event is a line of the conversation: the ordinary message stays in the window.
      const perBatch = WINDOW - 1;
      for (let start = 0; start < variants.length; start += perBatch) {
        const batch = variants.slice(start, start + perBatch);
        const { chat, deliver } = await chatShowing([ordinaryMessage], true);
        const app = root(chat).host as EducatorChat;
        for (const variant of batch) {
          const threw = deliver(variant.item);
          if (threw) failures.push(`${variant.label}: ${threw}`);
          // Drawn one at a time: the typing line and the queue show only the latest.
          await app.updateComplete;
          if (errorState(chat)) {
            failures.push(`${variant.label}: the chat turned into an error`);
            break;
          }
        }
        failures.push(...(await check(chat, `${batch[0]!.label} … ${batch.at(-1)!.label}`, undefined, new Map())));
      }
    });
    expect(failures.slice(0, 10), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });
});

describe('<care-educator-chat> with message ids a backend got wrong', function () {
  this.timeout(30_000);

  const WRONG_IDS: unknown[] = [undefined, null, 42, '', {}, [], true];
  /** Educator messages after the ordinary one, one for each wrong id, each saying something else. */
  const withoutIds = WRONG_IDS.map((id, index): ChatMessage => ({ ...ordinaryMessage, id: id as string, text: `Without an id ${index}`, sentAt: `2026-11-01T03:0${index + 1}:00.000Z` }));

  it('shows every message sent without a usable id, and one that comes again both in the history and live once', async () => {
    const { chat, deliver } = await chatShowing([ordinaryMessage, ...withoutIds], true);
    expect(deliver({ type: 'message', message: { ...withoutIds[0]!, status: 'read' } })).to.equal(undefined);
    expect(deliver({ type: 'message', message: { ...withoutIds[0]!, id: undefined as unknown as string, text: 'Live, without an id', sentAt: '2026-11-01T04:00:00.000Z' } })).to.equal(undefined);
    await waitFor(() => text(log(chat)).includes('Live, without an id'), { message: 'the live message' });
    const shown = rows(chat)
      .filter((row) => row.matches('.message'))
      .map((row) => text(row.querySelector('.bubble')));
    expect(shown).to.deep.equal([ORDINARY, ...withoutIds.map((message) => message.text), 'Live, without an id']);
  });

  it('marks read up to the newest educator message that has an id, and not at all when none has', async () => {
    for (const [history, expected] of [
      [[ordinaryMessage, ...withoutIds], ['ordinary']],
      [[{ ...ordinaryMessage, id: undefined }, ...withoutIds], []],
    ] as const) {
      const marked: unknown[] = [];
      await chatShowing([...history], false, (port) => {
        port.markRead = async ({ upToMessageId }) => void marked.push(upToMessageId);
      });
      // The chat waits half a second before it tells the backend.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(marked, `marked read after ${history.length} messages`).to.deep.equal(expected);
    }
  });
});

describe('<care-educator-chat> with an avatar that does not load', function () {
  it('shows the initials instead, and does not ask for the picture again', async () => {
    const author = { kind: 'educator', name: 'Nurse Budi', avatarUrl: '/no-such-avatar.png' } as const;
    const { chat, deliver } = await chatShowing([{ ...ordinaryMessage, author }], true);
    const avatar = (key: string) => root(chat).querySelector(`[data-key="${key}"] .avatar`);
    await waitFor(() => avatar('m:ordinary')?.getAttribute('data-initials') === 'NB', { message: 'the initials in place of the picture', timeout: 5_000 });
    expect(avatar('m:ordinary')!.querySelector('img')).to.equal(null);
    deliver({ type: 'message', message: { ...ordinaryMessage, id: 'later', author, text: 'Later', sentAt: '2026-11-01T03:05:00.000Z' } });
    await (root(chat).host as EducatorChat).updateComplete;
    expect(avatar('m:later')?.getAttribute('data-initials'), 'not asked for again').to.equal('NB');
  });
});

describe('<care-educator-chat> with availability a backend got wrong', function () {
  this.timeout(240_000);

  it('says whether an educator is online, when a reply will come and the opening hours only as far as it can read them, and still takes a message', async () => {
    const good: ChatAvailability = {
      online: false,
      timeZone: 'Asia/Jakarta',
      officeHours: [
        { day: 1, opens: '08:00', closes: '16:00' },
        { day: 2, opens: '08:00', closes: '16:00' },
      ],
      expectedReplyMinutes: 10,
      nextReplyBy: '2026-12-07T01:00:00.000Z',
      topics: [{ id: 'results', label: 'My test results' }],
    };
    const variants = [
      ...wrongVariants(good),
      ...wrongVariants({ ...good, online: true }).filter((variant) => variant.label.startsWith('expectedReplyMinutes')),
      ...WRONG_VALUES.map((wrong) => ({ label: `availability = ${JSON.stringify(wrong) ?? 'undefined'}`, item: wrong as ChatAvailability })),
    ];
    const problems: string[] = [];
    const thrown = await catchingThrown(async () => {
      for (const variant of variants) {
        tearDown();
        backend = createMockBackend({ simulateEducator: false });
        adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
        adapter.chat!.getAvailability = async () => variant.item;
        undo = configure({ adapter, namespace: `chat-availability-${Date.now().toString(36)}-${counter++}` });
        const chat = (current = await fixture<EducatorChat>(html`<care-educator-chat mode="inline"></care-educator-chat>`));
        const shown = await waitFor(
          () => (errorState(chat) ? 'error' : root(chat).querySelector('.availability:not([aria-busy])') ? text(root(chat).querySelector('.availability')) : undefined),
          { message: variant.label, timeout: 10_000 },
        ).catch((error: Error) => `nothing: ${error.message}`);
        if (shown === 'error' || shown.startsWith('nothing')) {
          problems.push(`${variant.label}: ${shown === 'error' ? text(errorState(chat)) : shown}`);
          continue;
        }
        const odd = /undefined|NaN|Invalid|\[object|chat\.[a-z]+\.|\(\)|by \.|by $/.exec(shown);
        if (odd) problems.push(`${variant.label}: shows "${odd[0]}" in "${shown}"`);
        if (!root(chat).querySelector('textarea')) problems.push(`${variant.label}: no place to write`);
      }
    });
    expect(problems.slice(0, 12), `${problems.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });
});
