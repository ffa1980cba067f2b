/**
 * The adapter contract suite: mocha `describe`/`it` blocks that check any
 * CareAdapter against the rules of packages/core/src/adapter.ts.
 *
 *   import { runAdapterContract } from '@careline/testing/contract.js';
 *   runAdapterContract('my adapter', () => ({ adapter: createMyAdapter(), control }));
 *
 * Only the ports the adapter has are tested. Tests that need the server to do
 * something (an educator replying, a dropped connection…) use the harness's
 * optional `control`; without the needed control method a test is not
 * declared at all (never skipped), and the suite logs which ones were left out.
 * Optional port methods (e.g. `feedback.listMine`) are handled the same way.
 *
 * Preconditions for the backend behind the adapter (a seeded test account):
 * - each harness starts with a signed-in patient;
 * - records: a section with at least two items (for paging);
 * - community: at least one group, and one group with more than two top-level posts (paged two at a time);
 * - chat: starting a conversation without a topic is allowed.
 */
import { expect } from '@open-wc/testing';
import {
  communityFeatures,
  createId,
  isAbortError,
  isCareError,
  type CareAdapter,
  type CareError,
  type CareErrorKind,
  type ChatEvent,
  type ChatMessage,
  type CommunityEvent,
  type CommunityPost,
  type ConnectionState,
  type FeedbackInput,
  type FeedbackStatus,
  type RecordSection,
  type Session,
} from '@careline/core';

/** Failures `control.failNext` can be asked for, by the kind the adapter must report. */
export type ContractFailureKind = Extract<CareErrorKind, 'server' | 'rate-limited' | 'unauthorized' | 'forbidden' | 'conflict' | 'offline'>;

/**
 * How the suite makes the backend act. Every method is optional; implement
 * what your backend's test environment can do. All may return a promise.
 */
export interface AdapterContractControl {
  /** An educator writes `text` into the conversation (a `message` event must follow). */
  educatorSends?(conversationId: string, text: string): void | Promise<void>;
  /** Another member publishes a post in the group (a `post` event must follow). */
  publishPost?(groupId: string, body: string): void | Promise<void>;
  /** Cut every open realtime connection now, as a network drop would. The adapter must resume by itself. */
  dropConnections?(): void | Promise<void>;
  /**
   * The server forgets the event history it keeps for resuming, as a restart of a server
   * that keeps it in memory would: a client that reconnects with any event id it was given
   * before cannot be replayed what it missed, and must be told to resync (REST API:
   * `event: resync`). Open connections stay open.
   */
  forgetHistory?(): void | Promise<void>;
  /**
   * The educator side ends the conversation: its realtime stream delivers the `conversation`
   * `ended` event and then stops for good (REST API: the stream ends and reconnects get `204`).
   */
  endConversation?(conversationId: string): void | Promise<void>;
  /** The next request that is not a realtime connection fails like this, before the backend processes it. */
  failNext?(failure: { kind: ContractFailureKind; retryAfterMs?: number }): void | Promise<void>;
  /** The next write is processed and stored, then its response is lost (the adapter sees a network failure). */
  loseNextResponse?(): void | Promise<void>;
  /** How many times the backend processed a write with this idempotency key. */
  processedCount?(idempotencyKey: string): number | Promise<number>;
  /** Sign the test patient in or out on the backend side ("elsewhere"). */
  setSession?(state: 'guest' | 'signed-in'): void | Promise<void>;
  /** The largest chat attachment the backend accepts, in bytes (the suite uploads one byte more). */
  attachmentSizeLimit?(): number | Promise<number>;
  /** The patient's read marker as the backend stored it (the id of the last message seen), if any. */
  readMarker?(conversationId: string): string | undefined | Promise<string | undefined>;
  /** Whether the backend currently shows the patient as typing in this conversation. */
  patientTyping?(conversationId: string): boolean | Promise<boolean>;
}

export interface AdapterContractHarness {
  adapter: CareAdapter;
  control?: AdapterContractControl;
  /** Runs before each test (e.g. reset the test account). */
  setup?(): void | Promise<void>;
  /** Runs after each test, after `adapter.dispose()`. */
  teardown?(): void | Promise<void>;
}

export interface AdapterContractOptions {
  /** How long to wait for realtime events and state changes. Default 5000 ms. */
  eventTimeoutMs?: number;
  /** Mocha timeout per test. Default 20000 ms. */
  testTimeoutMs?: number;
  /** Where to report ports and tests that were not declared. Default console.info. */
  log?: (message: string) => void;
}

type ControlName = keyof AdapterContractControl;

const PORT_METHODS = {
  session: ['getSession', 'subscribe', 'signOut'],
  chat: ['getAvailability', 'startConversation', 'getConversation', 'listMessages', 'sendMessage', 'uploadAttachment', 'markRead', 'endConversation', 'subscribe'],
  records: ['listSection', 'addEntry', 'requestCorrection'],
  community: ['listGroups', 'joinGroup', 'leaveGroup', 'listPosts', 'createPost', 'editPost', 'deletePost', 'react', 'report', 'subscribe'],
  feedback: ['listDepartments', 'submit', 'getStatus'],
} as const;

type PortName = keyof typeof PORT_METHODS;

/** Port methods an adapter may leave out; their tests are declared only when present. */
const OPTIONAL_METHODS = ['feedback.listMine', 'feedback.uploadAttachment', 'chat.setTyping'] as const;
type OptionalMethod = (typeof OPTIONAL_METHODS)[number];
const PORTS = Object.keys(PORT_METHODS) as PortName[];

const SECTIONS: readonly RecordSection[] = ['allergies', 'conditions', 'medications', 'labs', 'vitals', 'immunizations', 'encounters', 'appointments', 'documents', 'bills'];

/**
 * Declares the contract tests for an adapter. `makeHarness` is called once at
 * declaration time (to see which ports and controls exist; that adapter is
 * disposed unused) and once per test.
 */
export function runAdapterContract(name: string, makeHarness: () => AdapterContractHarness, options: AdapterContractOptions = {}): void {
  const eventTimeoutMs = options.eventTimeoutMs ?? 5000;
  const log = options.log ?? ((message: string) => console.info(message));

  const probe = makeHarness();
  const ports = new Set(PORTS.filter((port) => probe.adapter[port] !== undefined));
  const controls = new Set(Object.keys(probe.control ?? {}).filter((key) => typeof probe.control?.[key as ControlName] === 'function') as ControlName[]);
  const optionalMethods = new Set(
    OPTIONAL_METHODS.filter((method) => {
      const [port, name] = method.split('.') as [PortName, string];
      return typeof (probe.adapter[port] as unknown as Record<string, unknown> | undefined)?.[name] === 'function';
    }),
  );
  probe.adapter.dispose?.();
  const notDeclared: string[] = [];
  /** Tests of optional port methods the adapter does not offer. */
  const notOffered: string[] = [];

  /** Declares `it` only when the port and controls are there; otherwise remembers why not. */
  function test(
    title: string,
    needs: { port?: PortName; controls?: ControlName[]; methods?: OptionalMethod[] },
    body: (h: Required<Pick<AdapterContractHarness, 'adapter'>> & { control: AdapterContractControl }) => Promise<void>,
  ): void {
    if (needs.port && !ports.has(needs.port)) return; // whole port absent: reported once below
    const absentMethods = (needs.methods ?? []).filter((m) => !optionalMethods.has(m));
    if (absentMethods.length) {
      notOffered.push(`"${title}" (needs ${absentMethods.join(', ')})`);
      return;
    }
    const missing = (needs.controls ?? []).filter((c) => !controls.has(c));
    if (missing.length) {
      notDeclared.push(`"${title}" (needs control.${missing.join(', control.')})`);
      return;
    }
    it(title, async () => body({ adapter: current!.adapter, control: current!.control ?? {} }));
  }

  let current: AdapterContractHarness | undefined;

  describe(`${name}: Careline adapter contract`, function () {
    this.timeout(options.testTimeoutMs ?? 20_000);

    beforeEach(async () => {
      current = makeHarness();
      await current.setup?.();
    });
    afterEach(async () => {
      const harness = current;
      current = undefined;
      harness?.adapter.dispose?.();
      await harness?.teardown?.();
    });

    /* -------------------------------------------------------------- shape */

    describe('shape', () => {
      test('has a name and every method of each port it offers', {}, async ({ adapter }) => {
        expect(adapter.name, 'adapter.name').to.be.a('string').and.not.equal('');
        expect(PORTS.some((port) => adapter[port] !== undefined), 'at least one port').to.equal(true);
        for (const port of PORTS) {
          const impl = adapter[port] as unknown as Record<string, unknown> | undefined;
          if (!impl) continue;
          for (const method of PORT_METHODS[port]) expect(typeof impl[method], `${port}.${method}`).to.equal('function');
        }
      });
    });

    /* ------------------------------------------------------------ session */

    describe('session', () => {
      test('getSession resolves the signed-in test patient', { port: 'session' }, async ({ adapter }) => {
        const session = await adapter.session!.getSession({ signal: live() });
        expect(session.status).to.equal('signed-in');
        if (session.status === 'signed-in') {
          expect(session.patient.id).to.be.a('string').and.not.equal('');
          expect(session.patient.displayName).to.be.a('string').and.not.equal('');
        }
      });

      test('signOut resolves and afterwards the session is a guest', { port: 'session' }, async ({ adapter }) => {
        await adapter.session!.signOut({ signal: live() });
        const session = await adapter.session!.getSession({ signal: live() });
        expect(session.status).to.equal('guest');
      });

      test('rejects with AbortError when aborted, for every method', { port: 'session' }, async ({ adapter }) => {
        await expectAbortEverywhere([(signal) => adapter.session!.getSession({ signal }), (signal) => adapter.session!.signOut({ signal })]);
      });

      test('subscribe reports "open", then hears a session changed elsewhere, and nothing after unsubscribe', { port: 'session', controls: ['setSession'] }, async ({ adapter, control }) => {
        const heard: Session[] = [];
        const states: ConnectionState[] = [];
        const unsubscribe = adapter.session!.subscribe((session) => heard.push(session), { onConnectionChange: (state) => states.push(state) });
        expect(typeof unsubscribe).to.equal('function');
        await waitFor(() => states.includes('open'), eventTimeoutMs, () => `state "open" (adapters must report it through onConnectionChange; states so far: ${JSON.stringify(states)})`);
        // "open" promises that every change from now on is delivered: one change must be heard.
        await control.setSession!('guest');
        await waitFor(() => heard.some((s) => s.status === 'guest'), eventTimeoutMs, () => `the guest session (heard ${JSON.stringify(heard.map((s) => s.status))})`);
        unsubscribe();
        const count = heard.length;
        await control.setSession!('signed-in');
        await sleep(300);
        expect(heard.length, 'events after unsubscribe').to.equal(count);
        expectConnectionStates(states, 'session');
      });
    });

    /* --------------------------------------------------------------- chat */

    describe('chat', () => {
      test('getAvailability describes office hours in the hospital time zone', { port: 'chat' }, async ({ adapter }) => {
        const availability = await adapter.chat!.getAvailability({ signal: live() });
        expect(availability.online).to.be.a('boolean');
        expect(availability.timeZone).to.be.a('string').and.not.equal('');
        expect(() => new Intl.DateTimeFormat('en', { timeZone: availability.timeZone }), 'an IANA time zone').not.to.throw();
        expect(availability.officeHours).to.be.an('array');
        for (const interval of availability.officeHours) {
          expect(interval.day).to.be.within(0, 6);
          expect(interval.opens).to.match(/^\d{2}:\d{2}$/);
          expect(interval.closes).to.match(/^\d{2}:\d{2}$/);
        }
      });

      test('startConversation is idempotent: the same key gives the same conversation', { port: 'chat' }, async ({ adapter }) => {
        const idempotencyKey = createId();
        const first = await adapter.chat!.startConversation({}, { signal: live(), idempotencyKey });
        const again = await adapter.chat!.startConversation({}, { signal: live(), idempotencyKey });
        expect(first.id).to.be.a('string').and.not.equal('');
        expect(Number.isNaN(Date.parse(first.startedAt)), 'startedAt is ISO 8601').to.equal(false);
        expect(again.id).to.equal(first.id);
      });

      test('sendMessage returns the stored message, matched to its idempotency key', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const idempotencyKey = createId();
        const text = `${marker()} hello`;
        const message = await adapter.chat!.sendMessage({ conversationId, text }, { signal: live(), idempotencyKey });
        expect(message).to.include({ conversationId, text });
        expect(message.id).to.be.a('string').and.not.equal('');
        expect(message.author.kind).to.equal('patient');
        expect(Number.isNaN(Date.parse(message.sentAt)), 'sentAt is ISO 8601').to.equal(false);
        if (message.clientId !== undefined) expect(message.clientId, 'clientId is the idempotency key').to.equal(idempotencyKey);
        const page = await adapter.chat!.listMessages(conversationId, {}, { signal: live() });
        expect(page.items.map((m) => m.id)).to.include(message.id);
      });

      test('sendMessage with the same key twice stores one message and returns the same id', { port: 'chat' }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const idempotencyKey = createId();
        const text = `${marker()} once`;
        const first = await adapter.chat!.sendMessage({ conversationId, text }, { signal: live(), idempotencyKey });
        const second = await adapter.chat!.sendMessage({ conversationId, text }, { signal: live(), idempotencyKey });
        expect(second.id).to.equal(first.id);
        const stored = (await allMessages(adapter, conversationId)).filter((m) => m.text === text);
        expect(stored.map((m) => m.id)).to.deep.equal([first.id]);
        if (control.processedCount) expect(await control.processedCount(idempotencyKey), 'processed count').to.equal(1);
      });

      test('a write whose response was lost is stored once when retried with the same key', { port: 'chat', controls: ['loseNextResponse'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const idempotencyKey = createId();
        const text = `${marker()} lost response`;
        await control.loseNextResponse!();
        const lost = await rejection(adapter.chat!.sendMessage({ conversationId, text }, { signal: live(), idempotencyKey }));
        expectCareError(lost, 'offline');
        expect((lost as CareError).retryable, 'a lost response is retryable').to.equal(true);
        const retried = await adapter.chat!.sendMessage({ conversationId, text }, { signal: live(), idempotencyKey });
        const stored = (await allMessages(adapter, conversationId)).filter((m) => m.text === text);
        expect(stored.map((m) => m.id)).to.deep.equal([retried.id]);
        if (control.processedCount) expect(await control.processedCount(idempotencyKey)).to.equal(1);
      });

      test('an empty message is invalid, with a message for the "text" field', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const error = await rejection(adapter.chat!.sendMessage({ conversationId, text: '   ' }, { signal: live(), idempotencyKey: createId() }));
        expectCareError(error, 'invalid');
        expect((error as CareError).fieldErrors['text']).to.be.a('string').and.not.equal('');
      });

      test('a missing conversation is not-found, for listMessages and sendMessage', { port: 'chat' }, async ({ adapter }) => {
        const missing = `missing-${createId()}`;
        expectCareError(await rejection(adapter.chat!.listMessages(missing, {}, { signal: live() })), 'not-found');
        expectCareError(await rejection(adapter.chat!.sendMessage({ conversationId: missing, text: 'Hello' }, { signal: live(), idempotencyKey: createId() })), 'not-found');
      });

      test('listMessages pages backwards with `before`, oldest first within a page, without gaps or repeats', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const prefix = marker();
        const sent: string[] = [];
        for (const n of [1, 2, 3]) {
          const text = `${prefix} #${n}`;
          sent.push((await adapter.chat!.sendMessage({ conversationId, text }, { signal: live(), idempotencyKey: createId() })).id);
        }
        const pages: ChatMessage[][] = [];
        let before: string | undefined;
        do {
          const page = await adapter.chat!.listMessages(conversationId, { before, limit: 2 }, { signal: live() });
          expect(page.items.length, 'page size').to.be.at.most(2);
          pages.unshift(page.items);
          before = page.nextCursor;
        } while (before !== undefined && pages.length < 50);
        expect(pages.length, 'more than one page').to.be.greaterThan(1);
        const all = pages.flat();
        expect(new Set(all.map((m) => m.id)).size, 'no repeats').to.equal(all.length);
        const times = all.map((m) => Date.parse(m.sentAt));
        expect(times, 'chronological').to.deep.equal([...times].sort((a, b) => a - b));
        expect(all.map((m) => m.id).filter((id) => sent.includes(id))).to.deep.equal(sent);
      });

      test('rejects with AbortError when aborted, for every method', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const chat = adapter.chat!;
        await expectAbortEverywhere([
          (signal) => chat.getAvailability({ signal }),
          (signal) => chat.startConversation({}, { signal, idempotencyKey: createId() }),
          (signal) => chat.listMessages(conversationId, {}, { signal }),
          (signal) => chat.sendMessage({ conversationId, text: 'Aborted' }, { signal, idempotencyKey: createId() }),
          (signal) => chat.getConversation(conversationId, { signal }),
          (signal) => chat.uploadAttachment({ conversationId, file: pngFile(), name: 'aborted.png' }, { signal, idempotencyKey: createId() }),
          (signal) => chat.endConversation({ conversationId }, { signal, idempotencyKey: createId() }),
        ]);
      });

      test('getConversation returns a started conversation, open; a missing one is not-found', { port: 'chat' }, async ({ adapter }) => {
        const started = await adapter.chat!.startConversation({}, { signal: live(), idempotencyKey: createId() });
        const found = await adapter.chat!.getConversation(started.id, { signal: live() });
        expect(found.id).to.equal(started.id);
        expect(found.startedAt).to.equal(started.startedAt);
        expect([undefined, 'open'], 'state of a new conversation').to.include(found.state);
        expectCareError(await rejection(adapter.chat!.getConversation(`missing-${createId()}`, { signal: live() })), 'not-found');
      });

      test('uploadAttachment stores a photo and a PDF; progress (when reported) rises to 1; a message sends them', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const progress: number[] = [];
        const photo = await adapter.chat!.uploadAttachment(
          { conversationId, file: pngFile(2048), name: 'rash.png' },
          { signal: live(), idempotencyKey: createId(), onProgress: (fraction) => progress.push(fraction) },
        );
        expect(photo.id).to.be.a('string').and.not.equal('');
        expect(photo).to.include({ name: 'rash.png', type: 'image/png', size: 2048 });
        if (progress.length) {
          for (const fraction of progress) expect(fraction, `progress ${JSON.stringify(progress)}`).to.be.within(0, 1);
          expect(progress, 'progress never goes back').to.deep.equal([...progress].sort((a, b) => a - b));
          expect(progress.at(-1), `progress ends at 1 (${JSON.stringify(progress)})`).to.equal(1);
        }
        const pdf = await adapter.chat!.uploadAttachment(
          { conversationId, file: new Blob(['%PDF-1.4\n%contract\n'], { type: 'application/pdf' }), name: 'letter.pdf' },
          { signal: live(), idempotencyKey: createId() },
        );
        expect(pdf.type).to.equal('application/pdf');
        const text = `${marker()} with files`;
        const message = await adapter.chat!.sendMessage({ conversationId, text, attachmentIds: [photo.id, pdf.id] }, { signal: live(), idempotencyKey: createId() });
        expect((message.attachments ?? []).map((a) => a.id)).to.deep.equal([photo.id, pdf.id]);
        const stored = (await allMessages(adapter, conversationId)).find((m) => m.id === message.id);
        expect((stored?.attachments ?? []).map((a) => a.id), 'listed with its attachments').to.deep.equal([photo.id, pdf.id]);
      });

      test('uploadAttachment with the same key twice stores one attachment', { port: 'chat' }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const idempotencyKey = createId();
        const first = await adapter.chat!.uploadAttachment({ conversationId, file: pngFile(), name: 'once.png' }, { signal: live(), idempotencyKey });
        const again = await adapter.chat!.uploadAttachment({ conversationId, file: pngFile(), name: 'once.png' }, { signal: live(), idempotencyKey });
        expect(again.id).to.equal(first.id);
        if (control.processedCount) expect(await control.processedCount(idempotencyKey), 'processed count').to.equal(1);
      });

      test('uploadAttachment of a type other than images and PDFs is invalid, with a message for "file"', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const error = await rejection(
          adapter.chat!.uploadAttachment({ conversationId, file: new Blob(['plain text'], { type: 'text/plain' }), name: 'notes.txt' }, { signal: live(), idempotencyKey: createId() }),
        );
        expectCareError(error, 'invalid');
        expect((error as CareError).fieldErrors['file']).to.be.a('string').and.not.equal('');
      });

      test('uploadAttachment over the size limit is invalid, with a message for "file" naming the limit in MB', { port: 'chat', controls: ['attachmentSizeLimit'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const limit = await control.attachmentSizeLimit!();
        const error = await rejection(adapter.chat!.uploadAttachment({ conversationId, file: pngFile(limit + 1), name: 'large.png' }, { signal: live(), idempotencyKey: createId() }));
        expectCareError(error, 'invalid');
        expect((error as CareError).fieldErrors['file']).to.be.a('string').and.match(/MB/);
      });

      test('sendMessage with an unknown attachment id is invalid, with a message for "attachmentIds"', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const error = await rejection(
          adapter.chat!.sendMessage({ conversationId, text: 'See the file', attachmentIds: [`missing-${createId()}`] }, { signal: live(), idempotencyKey: createId() }),
        );
        expectCareError(error, 'invalid');
        expect((error as CareError).fieldErrors['attachmentIds']).to.be.a('string').and.not.equal('');
      });

      test('sendMessage keeps the context the message is about', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const context = { kind: 'lab-result', title: 'HbA1c, 12 March: 7.2 %', reference: `obs-${createId().slice(0, 8)}` };
        const message = await adapter.chat!.sendMessage({ conversationId, text: `${marker()} about this result`, context }, { signal: live(), idempotencyKey: createId() });
        expect(message.context).to.deep.equal(context);
        const stored = (await allMessages(adapter, conversationId)).find((m) => m.id === message.id);
        expect(stored?.context).to.deep.equal(context);
      });

      test('markRead resolves for a message of the conversation', { port: 'chat', controls: ['educatorSends'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const text = `${marker()} please read`;
        await control.educatorSends!(conversationId, text);
        const message = (await allMessages(adapter, conversationId)).find((m) => m.text === text);
        expect(message, 'the educator message').not.to.equal(undefined);
        const result = await adapter.chat!.markRead({ conversationId, upToMessageId: message!.id }, { signal: live() });
        expect(result).to.equal(undefined);
        if (control.readMarker) expect(await control.readMarker(conversationId), 'the stored read marker').to.equal(message!.id);
      });

      test('setTyping tells the backend the patient is typing and has stopped; a missing conversation is not-found', { port: 'chat', methods: ['chat.setTyping'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const chat = adapter.chat!;
        expect(await chat.setTyping!({ conversationId, active: true }, { signal: live() })).to.equal(undefined);
        if (control.patientTyping) expect(await control.patientTyping(conversationId), 'typing shown').to.equal(true);
        await chat.setTyping!({ conversationId, active: false }, { signal: live() });
        if (control.patientTyping) expect(await control.patientTyping(conversationId), 'typing stopped').to.equal(false);
        expectCareError(await rejection(chat.setTyping!({ conversationId: `missing-${createId()}`, active: true }, { signal: live() })), 'not-found');
        await expectAbortEverywhere([(signal) => chat.setTyping!({ conversationId, active: true }, { signal })]);
      });

      test('endConversation resolves it ended, is idempotent, and later messages are a conflict', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const idempotencyKey = createId();
        const ended = await adapter.chat!.endConversation({ conversationId }, { signal: live(), idempotencyKey });
        expect(ended.id).to.equal(conversationId);
        expect(ended.state).to.equal('ended');
        const replayed = await adapter.chat!.endConversation({ conversationId }, { signal: live(), idempotencyKey });
        expect(replayed.state).to.equal('ended');
        const again = await adapter.chat!.endConversation({ conversationId }, { signal: live(), idempotencyKey: createId() });
        expect(again.state, 'ending twice with a new key').to.equal('ended');
        expect((await adapter.chat!.getConversation(conversationId, { signal: live() })).state).to.equal('ended');
        expectCareError(await rejection(adapter.chat!.sendMessage({ conversationId, text: 'Still there?' }, { signal: live(), idempotencyKey: createId() })), 'conflict');
      });

      test('endConversation: subscribers hear "ended" and are told "closed"', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const feed = chatFeed(adapter, conversationId);
        await feed.opened();
        await adapter.chat!.endConversation({ conversationId }, { signal: live(), idempotencyKey: createId() });
        await waitFor(() => feed.events.some((e) => e.type === 'conversation' && e.event === 'ended'), eventTimeoutMs, () => `the "conversation ended" event (events ${JSON.stringify(feed.events.map((e) => e.type))})`);
        await waitFor(() => feed.states.at(-1) === 'closed', eventTimeoutMs, () => `state "closed" after ending (states ${JSON.stringify(feed.states)})`);
        expectConnectionStates(feed.states, 'chat');
        feed.stop();
      });

      test('subscribe returns an unsubscribe function synchronously', { port: 'chat' }, async ({ adapter }) => {
        const conversationId = await startConversation(adapter);
        const unsubscribe = adapter.chat!.subscribe(conversationId, () => undefined);
        expect(typeof unsubscribe).to.equal('function');
        unsubscribe();
        unsubscribe(); // a second call is harmless
      });

      test('subscribe delivers events in order and reports "open"', { port: 'chat', controls: ['educatorSends'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const feed = chatFeed(adapter, conversationId);
        await feed.opened();
        const texts = [1, 2, 3, 4, 5].map((n) => `${feed.prefix} #${n}`);
        for (const text of texts) await control.educatorSends!(conversationId, text);
        await feed.received(5);
        expect(feed.texts()).to.deep.equal(texts);
        expect(feed.resyncs(), 'no resync on a healthy connection').to.equal(0);
        expectConnectionStates(feed.states, 'chat');
        feed.stop();
      });

      test('two subscribers share the events; after one unsubscribes the other still hears them', { port: 'chat', controls: ['educatorSends'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const a = chatFeed(adapter, conversationId);
        const b = chatFeed(adapter, conversationId, a.prefix);
        await a.opened();
        await b.opened();
        await control.educatorSends!(conversationId, `${a.prefix} both`);
        await a.received(1);
        await b.received(1);
        a.stop();
        await control.educatorSends!(conversationId, `${a.prefix} only b`);
        await b.received(2);
        await sleep(200);
        expect(a.texts()).to.deep.equal([`${a.prefix} both`]);
        expect(b.texts()).to.deep.equal([`${a.prefix} both`, `${a.prefix} only b`]);
        b.stop();
        await control.educatorSends!(conversationId, `${a.prefix} nobody`);
        await sleep(300);
        expect(b.texts(), 'nothing after unsubscribe').to.have.length(2);
      });

      test('resumes after a dropped connection with no gaps (or says so through onResync) and no duplicates', { port: 'chat', controls: ['educatorSends', 'dropConnections'] }, async ({ adapter, control }) => {
        const conversationId = await startConversation(adapter);
        const feed = chatFeed(adapter, conversationId);
        await feed.opened();
        const expected: string[] = [];
        const send = async (label: string) => {
          const text = `${feed.prefix} ${label}`;
          expected.push(text);
          await control.educatorSends!(conversationId, text);
        };
        for (const label of ['before-1', 'before-2', 'before-3']) await send(label);
        await feed.received(3);

        const statesBeforeDrop = feed.states.length;
        await control.dropConnections!();
        // Sent while the connection is down (or not yet noticed as down): must be replayed.
        for (const label of ['during-1', 'during-2', 'during-3']) await send(label);
        await waitFor(() => feed.states.slice(statesBeforeDrop).includes('reconnecting'), eventTimeoutMs, 'state "reconnecting" after the drop');
        await waitFor(() => feed.states.at(-1) === 'open', eventTimeoutMs, 'state "open" again after the drop');

        for (const label of ['after-1', 'after-2', 'after-3']) await send(label);
        const afterDrop = expected.slice(6);
        await waitFor(() => afterDrop.every((text) => feed.texts().includes(text)), eventTimeoutMs, () => `the events after the drop (received ${JSON.stringify(feed.texts())})`);
        await sleep(300); // a late duplicate would arrive now
        const ids = feed.messages().map((m) => m.id);
        expect(new Set(ids).size, 'no duplicate ids').to.equal(ids.length);
        if (feed.resyncs() === 0) {
          expect(feed.texts(), 'every event, those sent during the drop replayed').to.deep.equal(expected);
        } else {
          // An engine without replay says so instead; the widget then reloads what the stream missed.
          const received = feed.texts();
          expect(received, 'in order, events of the drop possibly missing').to.deep.equal(expected.filter((text) => received.includes(text)));
          expect(received, 'every event sent while connected').to.include.members([...expected.slice(0, 3), ...afterDrop]);
          expect(feed.timeline.indexOf(RESYNC), 'onResync before the live events after the drop').to.be.below(feed.timeline.indexOf(afterDrop[0]!));
        }
        expectReconnected(feed.states.slice(statesBeforeDrop));
        expectConnectionStates(feed.states, 'chat');
        feed.stop();
      });

      test(
        'after a drop beyond the history the server keeps, calls onResync once, then delivers live events in order without duplicates',
        { port: 'chat', controls: ['educatorSends', 'dropConnections', 'forgetHistory'] },
        async ({ adapter, control }) => {
          const conversationId = await startConversation(adapter);
          const feed = chatFeed(adapter, conversationId);
          await feed.opened();
          const expected: string[] = [];
          const send = async (label: string) => {
            const text = `${feed.prefix} ${label}`;
            expected.push(text);
            await control.educatorSends!(conversationId, text);
          };
          for (const label of ['before-1', 'before-2']) await send(label);
          await feed.received(2);

          const statesBeforeDrop = feed.states.length;
          // The server no longer reaches back to the last event the adapter saw; then the connection drops.
          await control.forgetHistory!();
          await control.dropConnections!();
          await waitFor(() => feed.resyncs() > 0, eventTimeoutMs, () => `onResync after reconnecting (states ${JSON.stringify(feed.states)})`);
          await waitFor(() => feed.states.at(-1) === 'open', eventTimeoutMs, 'state "open" again after the drop');

          for (const label of ['after-1', 'after-2', 'after-3']) await send(label);
          await feed.received(5);
          await sleep(300); // a late duplicate, or a second resync, would arrive now
          expect(feed.resyncs(), 'onResync calls').to.equal(1);
          expect(feed.timeline, 'the resync comes between the events before and the live events after').to.deep.equal([...expected.slice(0, 2), RESYNC, ...expected.slice(2)]);
          const ids = feed.messages().map((m) => m.id);
          expect(new Set(ids).size, 'no duplicate ids').to.equal(ids.length);
          expectReconnected(feed.states.slice(statesBeforeDrop));
          expectConnectionStates(feed.states, 'chat');
          feed.stop();
        },
      );

      test(
        'when the server ends the stream for good, subscribers hear the end, are told "closed", and it stays closed',
        { port: 'chat', controls: ['endConversation'] },
        async ({ adapter, control }) => {
          const conversationId = await startConversation(adapter);
          const feed = chatFeed(adapter, conversationId);
          await feed.opened();
          await control.endConversation!(conversationId);
          await waitFor(() => feed.states.at(-1) === 'closed', eventTimeoutMs, () => `state "closed" after the server ended the stream (states ${JSON.stringify(feed.states)})`);
          await sleep(300); // a reconnect would report a state now
          expect(feed.states.at(-1), 'still closed').to.equal('closed');
          const ended = feed.events.some((e) => e.type === 'conversation' && e.event === 'ended');
          expect(ended, `the "conversation ended" event (events ${JSON.stringify(feed.events.map((e) => e.type))})`).to.equal(true);
          expectConnectionStates(feed.states, 'chat');
          feed.stop();
        },
      );

      test('dispose closes realtime: subscribers are told "closed" and hear nothing more', { port: 'chat', controls: ['educatorSends'] }, async ({ adapter, control }) => {
        if (!adapter.dispose) throw new Error('An adapter with realtime must implement dispose().');
        const conversationId = await startConversation(adapter);
        const feed = chatFeed(adapter, conversationId);
        await feed.opened();
        adapter.dispose();
        await waitFor(() => feed.states.at(-1) === 'closed', eventTimeoutMs, 'state "closed" after dispose');
        await control.educatorSends!(conversationId, `${feed.prefix} after dispose`);
        await sleep(300);
        expect(feed.texts()).to.deep.equal([]);
        expectConnectionStates(feed.states, 'chat');
      });

      /**
       * Subscribes and records the events, this test's messages (by prefix), the connection
       * states, and a timeline of those messages' texts and resyncs (as `RESYNC`).
       */
      function chatFeed(adapter: CareAdapter, conversationId: string, prefix = marker()) {
        const events: ChatEvent[] = [];
        const states: ConnectionState[] = [];
        const timeline: string[] = [];
        const unsubscribe = adapter.chat!.subscribe(
          conversationId,
          (event) => {
            events.push(event);
            if (event.type === 'message' && event.message.text.startsWith(prefix)) timeline.push(event.message.text);
          },
          { onConnectionChange: (state) => states.push(state), onResync: () => timeline.push(RESYNC) },
        );
        const messages = () =>
          events.filter((e): e is Extract<ChatEvent, { type: 'message' }> => e.type === 'message' && e.message.text.startsWith(prefix)).map((e) => e.message);
        return {
          prefix,
          events,
          states,
          timeline,
          resyncs: () => timeline.filter((entry) => entry === RESYNC).length,
          messages,
          texts: () => messages().map((m) => m.text),
          opened: () => waitFor(() => states.includes('open'), eventTimeoutMs, () => `state "open" (adapters must report it through onConnectionChange; states so far: ${JSON.stringify(states)})`),
          received: (count: number) =>
            waitFor(() => messages().length >= count, eventTimeoutMs, () => `${count} message events (received ${JSON.stringify(messages().map((m) => m.text))}, states ${JSON.stringify(states)})`),
          stop: unsubscribe,
        };
      }
    });

    /* ------------------------------------------------------------ records */

    describe('records', () => {
      test('listSection returns only items of that section, each with a FHIR resource and provenance', { port: 'records' }, async ({ adapter }) => {
        let total = 0;
        for (const section of SECTIONS) {
          const page = await adapter.records!.listSection(section, {}, { signal: live() });
          expect(page.items, section).to.be.an('array');
          for (const item of page.items) {
            expect(item.section, `${item.id} section`).to.equal(section);
            expect(item.resource.resourceType, `${item.id} resourceType`).to.be.a('string').and.not.equal('');
            expect(['clinician', 'patient'], `${item.id} provenance`).to.include(item.provenance.enteredBy);
          }
          total += page.items.length;
        }
        expect(total, 'the test patient has record items').to.be.greaterThan(0);
      });

      test('listSection pages with cursors, matching one big page exactly', { port: 'records' }, async ({ adapter }) => {
        let pagedSection: RecordSection | undefined;
        for (const section of SECTIONS) {
          const page = await adapter.records!.listSection(section, { limit: 1 }, { signal: live() });
          if (page.nextCursor !== undefined) {
            pagedSection = section;
            break;
          }
        }
        if (!pagedSection) throw new Error('Precondition: some records section needs at least two items.');
        const paged: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await adapter.records!.listSection(pagedSection, { cursor, limit: 1 }, { signal: live() });
          expect(page.items.length).to.be.at.most(1);
          paged.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor !== undefined && ++pages < 200);
        const whole = await adapter.records!.listSection(pagedSection, { limit: 100 }, { signal: live() });
        expect(paged).to.deep.equal(whole.items.map((i) => i.id));
      });

      test('addEntry stores a patient-entered item once per idempotency key', { port: 'records' }, async ({ adapter, control }) => {
        const idempotencyKey = createId();
        const input = {
          section: 'vitals' as const,
          resource: { resourceType: 'Observation', status: 'final', code: { text: `Weight ${marker()}` }, valueQuantity: { value: 70, unit: 'kg' }, effectiveDateTime: new Date().toISOString() },
        };
        const first = await adapter.records!.addEntry(input, { signal: live(), idempotencyKey });
        const again = await adapter.records!.addEntry(input, { signal: live(), idempotencyKey });
        expect(first.section).to.equal('vitals');
        expect(first.provenance.enteredBy).to.equal('patient');
        expect(again.id).to.equal(first.id);
        const vitals = await adapter.records!.listSection('vitals', { limit: 100 }, { signal: live() });
        expect(vitals.items.filter((i) => i.id === first.id)).to.have.length(1);
        if (control.processedCount) expect(await control.processedCount(idempotencyKey)).to.equal(1);
      });

      test('requestCorrection gives a reference, the same one for a retried key; an empty reason is invalid', { port: 'records' }, async ({ adapter }) => {
        const item = await anyRecordItem(adapter);
        const idempotencyKey = createId();
        const first = await adapter.records!.requestCorrection({ itemId: item, reason: 'This is not my allergy.' }, { signal: live(), idempotencyKey });
        const again = await adapter.records!.requestCorrection({ itemId: item, reason: 'This is not my allergy.' }, { signal: live(), idempotencyKey });
        expect(first.reference).to.be.a('string').and.not.equal('');
        expect(again.reference).to.equal(first.reference);
        const error = await rejection(adapter.records!.requestCorrection({ itemId: item, reason: '' }, { signal: live(), idempotencyKey: createId() }));
        expectCareError(error, 'invalid');
        expect((error as CareError).fieldErrors['reason']).to.be.a('string').and.not.equal('');
      });

      test('rejects with AbortError when aborted, for every method', { port: 'records' }, async ({ adapter }) => {
        const itemId = await anyRecordItem(adapter);
        const records = adapter.records!;
        await expectAbortEverywhere([
          (signal) => records.listSection('labs', {}, { signal }),
          (signal) => records.addEntry({ section: 'vitals', resource: { resourceType: 'Observation', code: { text: 'Aborted' } } }, { signal, idempotencyKey: createId() }),
          (signal) => records.requestCorrection({ itemId, reason: 'Aborted' }, { signal, idempotencyKey: createId() }),
        ]);
      });

      test('a guest is unauthorized to read records', { port: 'records', controls: ['setSession'] }, async ({ adapter, control }) => {
        await control.setSession!('guest');
        expectCareError(await rejection(adapter.records!.listSection('labs', {}, { signal: live() })), 'unauthorized');
      });
    });

    /* ---------------------------------------------------------- community */

    describe('community', () => {
      test('listGroups returns groups with ids and names', { port: 'community' }, async ({ adapter }) => {
        const groups = await adapter.community!.listGroups({ signal: live() });
        expect(groups.length, 'at least one group').to.be.greaterThan(0);
        for (const group of groups) {
          expect(group.id).to.be.a('string').and.not.equal('');
          expect(group.name).to.be.a('string').and.not.equal('');
          expect(group.allowsAnonymous).to.be.a('boolean');
        }
      });

      test('listPosts honours a small limit and pages with cursors without repeats', { port: 'community' }, async ({ adapter }) => {
        const limit = 2;
        const groups = await adapter.community!.listGroups({ signal: live() });
        let walked = false;
        for (const group of groups) {
          const first = await adapter.community!.listPosts(group.id, { limit }, { signal: live() });
          expect(first.items.length, `page size with limit ${limit}`).to.be.at.most(limit);
          if (first.nextCursor === undefined) continue;
          expect(first.items.length, 'a page before the last is not empty').to.be.greaterThan(0);
          const ids = first.items.map((p) => p.id);
          let cursor: string | undefined = first.nextCursor;
          let pages = 1;
          while (cursor !== undefined && pages < 100) {
            const page = await adapter.community!.listPosts(group.id, { cursor, limit }, { signal: live() });
            expect(page.items.length, `page ${pages + 1} size with limit ${limit}`).to.be.at.most(limit);
            ids.push(...page.items.map((p) => p.id));
            cursor = page.nextCursor;
            pages++;
          }
          expect(cursor, 'paging ends').to.equal(undefined);
          expect(new Set(ids).size, 'no repeats').to.equal(ids.length);
          // The server may cap a large limit; when every post fits in one page, the small pages must match it.
          const whole = await adapter.community!.listPosts(group.id, { limit: 50 }, { signal: live() });
          if (whole.nextCursor === undefined) expect(ids, 'the same posts as one big page').to.deep.equal(whole.items.map((p) => p.id));
          walked = true;
          break;
        }
        if (!walked) throw new Error(`Precondition: some community group needs more than ${limit} top-level posts.`);
      });

      test('createPost publishes once per idempotency key; an empty body is invalid; a missing group is not-found', { port: 'community' }, async ({ adapter, control }) => {
        const groupId = await firstGroup(adapter);
        const idempotencyKey = createId();
        const body = `${marker()} thank you all`;
        const first = await adapter.community!.createPost({ groupId, body }, { signal: live(), idempotencyKey });
        const again = await adapter.community!.createPost({ groupId, body }, { signal: live(), idempotencyKey });
        expect(first).to.include({ groupId, body });
        expect(['published', 'pending']).to.include(first.state);
        expect(again.id).to.equal(first.id);
        if (control.processedCount) expect(await control.processedCount(idempotencyKey)).to.equal(1);
        const empty = await rejection(adapter.community!.createPost({ groupId, body: '' }, { signal: live(), idempotencyKey: createId() }));
        expectCareError(empty, 'invalid');
        expect((empty as CareError).fieldErrors['body']).to.be.a('string').and.not.equal('');
        expectCareError(await rejection(adapter.community!.createPost({ groupId: `missing-${createId()}`, body: 'Hello' }, { signal: live(), idempotencyKey: createId() })), 'not-found');
      });

      test('joinGroup needs the rules accepted, keeps the member\'s posting name, and is idempotent; leaveGroup undoes it', { port: 'community' }, async ({ adapter }) => {
        const groupId = await firstGroup(adapter);
        const community = adapter.community!;
        const accountNames = communityFeatures(community).memberNames === 'account';
        const refused = await rejection(community.joinGroup({ groupId, acceptedRules: false }, { signal: live(), idempotencyKey: createId() }));
        expectCareError(refused, 'invalid');
        const chosen = `Member ${marker().slice(-6)}`;
        if (accountNames) {
          // One account name everywhere: a per-group name would mislead the member, so it is refused.
          const named = await rejection(community.joinGroup({ groupId, pseudonym: chosen, acceptedRules: true }, { signal: live(), idempotencyKey: createId() }));
          expectCareError(named, 'invalid');
          expect((named as CareError).fieldErrors['pseudonym']).to.be.a('string').and.not.equal('');
        }
        const idempotencyKey = createId();
        const input = { groupId, acceptedRules: true, ...(accountNames ? {} : { pseudonym: chosen }) };
        const joined = await community.joinGroup(input, { signal: live(), idempotencyKey });
        const again = await community.joinGroup(input, { signal: live(), idempotencyKey });
        const pseudonym = accountNames ? joined.pseudonym : chosen;
        expect(pseudonym, 'the name the member posts under is known').to.be.a('string').and.not.equal('');
        expect(joined).to.include({ id: groupId, joined: true, pseudonym });
        expect(again).to.include({ joined: true, pseudonym });
        const listed = (await community.listGroups({ signal: live() })).find((group) => group.id === groupId);
        expect(listed).to.include({ joined: true, pseudonym });
        const post = await community.createPost({ groupId, body: `${marker()} under my community name` }, { signal: live(), idempotencyKey: createId() });
        expect(post.author.name, 'posts show the name the member was told they post under').to.equal(pseudonym);
        const left = await community.leaveGroup({ groupId }, { signal: live(), idempotencyKey: createId() });
        expect(left.joined).to.equal(false);
        expect((await community.leaveGroup({ groupId }, { signal: live(), idempotencyKey: createId() })).joined, 'leaving twice is fine').to.equal(false);
        await community.joinGroup(input, { signal: live(), idempotencyKey: createId() });
      });

      test('features say what the engine offers, and what it lacks is refused as invalid, never silently dropped', { port: 'community' }, async ({ adapter }) => {
        const groupId = await firstGroup(adapter);
        const community = adapter.community!;
        const features = communityFeatures(community);
        expect(features.reactions, 'at least "helpful"').to.include('helpful');
        expect(features.sorts.length, 'at least one order').to.be.greaterThan(0);
        expect(['per-group', 'account']).to.include(features.memberNames);
        const [post] = (await community.listPosts(groupId, { limit: 1 }, { signal: live() })).items;
        for (const reaction of (['helpful', 'support'] as const).filter((r) => !features.reactions.includes(r))) {
          expectCareError(await rejection(community.react({ postId: post!.id, reaction, active: true }, { signal: live(), idempotencyKey: createId() })), 'invalid');
        }
        for (const sort of (['newest', 'helpful'] as const).filter((s) => !features.sorts.includes(s))) {
          const page = await community.listPosts(groupId, { sort, limit: 2 }, { signal: live() });
          expect(page.items.length, `an order it lacks (${sort}) still lists posts`).to.be.greaterThan(0);
        }
      });

      test('react sets (never toggles) the member reaction, so a retry cannot undo it', { port: 'community' }, async ({ adapter }) => {
        const groupId = await firstGroup(adapter);
        const community = adapter.community!;
        const post = await community.createPost({ groupId, body: `${marker()} react to me` }, { signal: live(), idempotencyKey: createId() });
        const on = await community.react({ postId: post.id, reaction: 'helpful', active: true }, { signal: live(), idempotencyKey: createId() });
        const onAgain = await community.react({ postId: post.id, reaction: 'helpful', active: true }, { signal: live(), idempotencyKey: createId() });
        expect(on.reactions.helpful).to.equal(post.reactions.helpful + 1);
        expect(onAgain.reactions.helpful, 'on twice is still one').to.equal(on.reactions.helpful);
        expect(onAgain.myReactions).to.include('helpful');
        const off = await community.react({ postId: post.id, reaction: 'helpful', active: false }, { signal: live(), idempotencyKey: createId() });
        expect(off.reactions.helpful).to.equal(post.reactions.helpful);
        expect(off.myReactions ?? []).to.not.include('helpful');
      });

      test('the author edits and deletes their post; deleting twice succeeds', { port: 'community' }, async ({ adapter }) => {
        const groupId = await firstGroup(adapter);
        const community = adapter.community!;
        const post = await community.createPost({ groupId, body: `${marker()} first version` }, { signal: live(), idempotencyKey: createId() });
        expect(post.mine, 'the author is told the post is theirs').to.equal(true);
        const edited = await community.editPost({ postId: post.id, body: `${post.body} (edited)` }, { signal: live(), idempotencyKey: createId() });
        expect(edited.body).to.equal(`${post.body} (edited)`);
        expect(edited.editedAt).to.be.a('string');
        expectCareError(await rejection(community.editPost({ postId: post.id, body: ' ' }, { signal: live(), idempotencyKey: createId() })), 'invalid');
        expect(await community.deletePost({ postId: post.id }, { signal: live(), idempotencyKey: createId() })).to.deep.equal({ id: post.id });
        expect(await community.deletePost({ postId: post.id }, { signal: live(), idempotencyKey: createId() })).to.deep.equal({ id: post.id });
        const listed = await community.listPosts(groupId, { search: post.body.split(' ')[0] }, { signal: live() });
        expect(listed.items.map((item) => item.id)).to.not.include(post.id);
      });

      test('report gives a reference; a reason is required', { port: 'community' }, async ({ adapter }) => {
        const groupId = await firstGroup(adapter);
        const community = adapter.community!;
        const [post] = (await community.listPosts(groupId, { limit: 1 }, { signal: live() })).items;
        const idempotencyKey = createId();
        const first = await community.report({ postId: post!.id, reason: 'misinformation', details: 'Says to stop insulin.' }, { signal: live(), idempotencyKey });
        const again = await community.report({ postId: post!.id, reason: 'misinformation', details: 'Says to stop insulin.' }, { signal: live(), idempotencyKey });
        expect(first.reference).to.be.a('string').and.not.equal('');
        expect(again.reference, 'a retried report is the same report').to.equal(first.reference);
        expectCareError(await rejection(community.report({ postId: post!.id, reason: 'nonsense' as never }, { signal: live(), idempotencyKey: createId() })), 'invalid');
      });

      test('rejects with AbortError when aborted, for every method', { port: 'community' }, async ({ adapter }) => {
        const groupId = await firstGroup(adapter);
        const community = adapter.community!;
        await expectAbortEverywhere([
          (signal) => community.listGroups({ signal }),
          (signal) => community.listPosts(groupId, {}, { signal }),
          (signal) => community.createPost({ groupId, body: 'Aborted' }, { signal, idempotencyKey: createId() }),
          (signal) => community.joinGroup({ groupId, acceptedRules: true }, { signal, idempotencyKey: createId() }),
          (signal) => community.react({ postId: 'any', reaction: 'support', active: true }, { signal, idempotencyKey: createId() }),
          (signal) => community.report({ postId: 'any', reason: 'spam' }, { signal, idempotencyKey: createId() }),
        ]);
      });

      test('subscribe delivers new posts in order, also across a dropped connection (or says so through onResync)', { port: 'community', controls: ['publishPost', 'dropConnections'] }, async ({ adapter, control }) => {
        const groupId = await firstGroup(adapter);
        const prefix = marker();
        const events: CommunityEvent[] = [];
        const states: ConnectionState[] = [];
        let resyncs = 0;
        const unsubscribe = adapter.community!.subscribe(groupId, (event) => events.push(event), {
          onConnectionChange: (state) => states.push(state),
          onResync: () => resyncs++,
        });
        const posts = () =>
          events.filter((e): e is Extract<CommunityEvent, { type: 'post' }> => e.type === 'post' && e.post.body.startsWith(prefix)).map((e) => e.post);
        await waitFor(() => states.includes('open'), eventTimeoutMs, 'state "open"');
        const expected = ['1', '2', '3', '4'].map((n) => `${prefix} #${n}`);
        await control.publishPost!(groupId, expected[0]!);
        await control.publishPost!(groupId, expected[1]!);
        await waitFor(() => posts().length >= 2, eventTimeoutMs, '2 posts');
        await control.dropConnections!();
        await control.publishPost!(groupId, expected[2]!);
        await waitFor(() => states.at(-1) === 'open' && states.includes('reconnecting'), eventTimeoutMs, 'reconnected');
        await control.publishPost!(groupId, expected[3]!);
        const bodies = () => posts().map((p) => p.body);
        await waitFor(() => bodies().includes(expected[3]!), eventTimeoutMs, () => `the post after the drop (received ${JSON.stringify(bodies())})`);
        await sleep(300);
        if (resyncs === 0) expect(bodies(), 'every post, the one of the drop replayed').to.deep.equal(expected);
        // An engine without replay says so instead; the widget then reloads what the stream missed.
        else expect(bodies(), 'every post but possibly the one of the drop, in order').to.deep.equal(expected.filter((body) => body !== expected[2] || bodies().includes(body)));
        expectConnectionStates(states, 'community');
        unsubscribe();
      });
    });

    /* ----------------------------------------------------------- feedback */

    describe('feedback', () => {
      test('listDepartments returns departments with ids and names', { port: 'feedback' }, async ({ adapter }) => {
        const departments = await adapter.feedback!.listDepartments({ signal: live() });
        expect(departments).to.be.an('array');
        for (const department of departments) {
          expect(department.id).to.be.a('string').and.not.equal('');
          expect(department.name).to.be.a('string').and.not.equal('');
        }
      });

      test('submit gives a reference (the same for a retried key) whose status can be tracked', { port: 'feedback' }, async ({ adapter, control }) => {
        const idempotencyKey = createId();
        const input = { kind: 'compliment' as const, description: `${marker()} The nurses were very kind.`, anonymous: true };
        const receipt = await adapter.feedback!.submit(input, { signal: live(), idempotencyKey });
        const again = await adapter.feedback!.submit(input, { signal: live(), idempotencyKey });
        expect(receipt.reference).to.be.a('string').and.not.equal('');
        // Optional: without it the form counts working days itself.
        if (receipt.acknowledgeBy !== undefined) expect(receipt.acknowledgeBy).to.match(/^\d{4}-\d{2}-\d{2}$/);
        if (receipt.receivedAt !== undefined) expect(Number.isNaN(Date.parse(receipt.receivedAt)), 'receivedAt is a timestamp').to.equal(false);
        expect(again.reference).to.equal(receipt.reference);
        if (control.processedCount) expect(await control.processedCount(idempotencyKey)).to.equal(1);
        const status = await adapter.feedback!.getStatus(receipt.reference, { signal: live() });
        expect(status.reference).to.equal(receipt.reference);
        expect(status.kind).to.equal('compliment');
        expect(['received', 'acknowledged', 'under-review', 'responded', 'resolved']).to.include(status.state);
        expect(status.history.length).to.be.greaterThan(0);
      });

      // The rating after a chat names its conversation: needs a chat port to start one.
      if (ports.has('chat')) {
        test('submit accepts the rating after a chat, with its source', { port: 'feedback' }, async ({ adapter }) => {
          const conversationId = await startConversation(adapter);
          const input = { kind: 'compliment' as const, rating: 5, description: `${marker()} A helpful chat.`, anonymous: false, source: { kind: 'chat' as const, conversationId } };
          const receipt = await adapter.feedback!.submit(input, { signal: live(), idempotencyKey: createId() });
          expect(receipt.reference).to.be.a('string').and.not.equal('');
        });
      }

      test('submit accepts every optional field: on-behalf, the 0–10 scale, contact preference, outcome, answers, a QuestionnaireResponse', { port: 'feedback' }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        const departments = await feedback.listDepartments({ signal: live() });
        const input: FeedbackInput = {
          kind: 'complaint',
          ...(departments[0] ? { departmentId: departments[0].id } : {}),
          visitDate: daysAgo(3),
          rating: 0,
          ratingScale: 'recommend-0-10',
          description: `${marker()} My father waited four hours for his medicines.`,
          outcome: 'An apology and a shorter wait next time.',
          anonymous: false,
          contact: { name: 'Contract Tester', email: 'contract.tester@example.org', phone: '+62 21 555 0100', preference: 'email' },
          consentToContact: true,
          onBehalfOf: { name: 'Contract Tester Senior', relationship: 'son', consent: 'given' },
          receiptByEmail: true,
          answers: { 'waited-long': true, 'wait-hours': 4, 'what-would-help': 'A text when the medicines are ready.' },
          questionnaireResponse: {
            resourceType: 'QuestionnaireResponse',
            status: 'completed',
            authored: new Date().toISOString(),
            item: [{ linkId: 'wait-hours', answer: [{ valueInteger: 4 }] }],
          },
          locale: 'id',
          fillSeconds: 95,
        };
        const receipt = await feedback.submit(input, { signal: live(), idempotencyKey: createId() });
        expect(receipt.reference).to.be.a('string').and.not.equal('');
        if (receipt.receiptEmailed !== undefined) expect(receipt.receiptEmailed, 'receiptEmailed with an e-mail address').to.equal(true);
        const status = await feedback.getStatus(receipt.reference, { signal: live() });
        expect(status.kind).to.equal('complaint');

        // The five-point scale's top, and feedback about a child: also accepted.
        const child = await feedback.submit(
          {
            kind: 'compliment',
            rating: 5,
            ratingScale: 'experience-5',
            description: `${marker()} The children's ward was wonderful.`,
            anonymous: false,
            contact: { phone: '+62 21 555 0101', preference: 'phone' },
            onBehalfOf: { name: 'Contract Child', relationship: 'mother', consent: 'child' },
          },
          { signal: live(), idempotencyKey: createId() },
        );
        expect(child.reference).to.be.a('string').and.not.equal(receipt.reference);
      });

      test('submit accepts uploaded attachments; uploadAttachment gives an id and refuses other types', { port: 'feedback', methods: ['feedback.uploadAttachment'] }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        const progress: number[] = [];
        const photo = await feedback.uploadAttachment!({ file: pngFile(), name: 'waiting room.png' }, { signal: live(), idempotencyKey: createId(), onProgress: (f) => progress.push(f) });
        expect(photo.id).to.be.a('string').and.not.equal('');
        expect(photo).to.include({ name: 'waiting room.png', type: 'image/png', size: 64 });
        if (progress.length) expect(progress.at(-1), 'progress ends at 1').to.equal(1);
        const pdf = await feedback.uploadAttachment!({ file: new Blob(['%PDF-1.4'], { type: 'application/pdf' }), name: 'letter.pdf' }, { signal: live(), idempotencyKey: createId() });
        const receipt = await feedback.submit(
          { kind: 'complaint', description: `${marker()} See the photo and the letter.`, anonymous: true, attachmentIds: [photo.id, pdf.id] },
          { signal: live(), idempotencyKey: createId() },
        );
        expect(receipt.reference).to.be.a('string').and.not.equal('');
        const refused = await rejection(
          feedback.uploadAttachment!({ file: new Blob(['plain text'], { type: 'text/plain' }), name: 'notes.txt' }, { signal: live(), idempotencyKey: createId() }),
        );
        expectCareError(refused, 'invalid');
        expect((refused as CareError).fieldErrors['file']).to.be.a('string').and.not.equal('');
      });

      test('a rating outside its scale is invalid, with a message for the "rating" field', { port: 'feedback' }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        const cases: Array<Pick<FeedbackInput, 'rating' | 'ratingScale'>> = [
          { rating: 0 }, // the five-point scale is the default
          { rating: 6, ratingScale: 'experience-5' },
          { rating: 11, ratingScale: 'recommend-0-10' },
          { rating: -1, ratingScale: 'recommend-0-10' },
        ];
        for (const scale of cases) {
          const error = await rejection(feedback.submit({ kind: 'suggestion', description: `${marker()} Rating check.`, anonymous: true, ...scale }, { signal: live(), idempotencyKey: createId() }));
          expectCareError(error, 'invalid');
          expect((error as CareError).fieldErrors['rating'], JSON.stringify(scale)).to.be.a('string').and.not.equal('');
        }
      });

      test('getStatus matches a reference whatever its case and surrounding spaces', { port: 'feedback' }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        const receipt = await feedback.submit({ kind: 'question', description: `${marker()} When is the pharmacy open?`, anonymous: true }, { signal: live(), idempotencyKey: createId() });
        for (const typed of [receipt.reference.toLowerCase(), `  ${receipt.reference.toUpperCase()}  `, ` ${receipt.reference}\t`]) {
          const status = await feedback.getStatus(typed, { signal: live() });
          expect(status.reference, JSON.stringify(typed)).to.equal(receipt.reference);
        }
      });

      test('status history is oldest first and `state` is its last entry', { port: 'feedback' }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        const receipt = await feedback.submit({ kind: 'suggestion', description: `${marker()} More benches, please.`, anonymous: true }, { signal: live(), idempotencyKey: createId() });
        const statuses = [await feedback.getStatus(receipt.reference, { signal: live() })];
        if (feedback.listMine) statuses.push(...(await feedback.listMine({ signal: live() })));
        for (const status of statuses) expectHistoryInOrder(status);
      });

      test('listMine shows the patient\'s own feedback, newest first, and never anonymous feedback', { port: 'feedback', methods: ['feedback.listMine'] }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        const named = await feedback.submit(
          { kind: 'compliment', description: `${marker()} Thank you, ward 3.`, anonymous: false, contact: { name: 'Contract Tester' } },
          { signal: live(), idempotencyKey: createId() },
        );
        const anonymous = await feedback.submit({ kind: 'complaint', description: `${marker()} The lift was broken.`, anonymous: true }, { signal: live(), idempotencyKey: createId() });
        const mine = await feedback.listMine!({ signal: live() });
        const references = mine.map((status) => status.reference);
        expect(references, 'own feedback').to.include(named.reference);
        expect(references, 'anonymous feedback').not.to.include(anonymous.reference);
        const firstReceived = (status: FeedbackStatus) => status.history[0]?.at ?? '';
        const received = mine.map(firstReceived);
        expect(received, 'newest first').to.deep.equal([...received].sort().reverse());
        for (const status of mine) expectHistoryInOrder(status);
      });

      test('listMine is unauthorized for a guest', { port: 'feedback', methods: ['feedback.listMine'], controls: ['setSession'] }, async ({ adapter, control }) => {
        await control.setSession!('guest');
        expectCareError(await rejection(adapter.feedback!.listMine!({ signal: live() })), 'unauthorized');
      });

      test('an empty description is invalid, with a message for the "description" field', { port: 'feedback' }, async ({ adapter }) => {
        const error = await rejection(adapter.feedback!.submit({ kind: 'complaint', description: ' ', anonymous: true }, { signal: live(), idempotencyKey: createId() }));
        expectCareError(error, 'invalid');
        expect((error as CareError).fieldErrors['description']).to.be.a('string').and.not.equal('');
      });

      test('an unknown reference is not-found', { port: 'feedback' }, async ({ adapter }) => {
        expectCareError(await rejection(adapter.feedback!.getStatus(`NO-SUCH-${createId()}`, { signal: live() })), 'not-found');
      });

      test('rejects with AbortError when aborted, for every method', { port: 'feedback' }, async ({ adapter }) => {
        const feedback = adapter.feedback!;
        await expectAbortEverywhere([
          // The upload first: an upload aborted in flight may still reach the server a little later.
          ...(feedback.uploadAttachment ? [(signal: AbortSignal) => feedback.uploadAttachment!({ file: pngFile(), name: 'aborted.png' }, { signal, idempotencyKey: createId() })] : []),
          (signal) => feedback.listDepartments({ signal }),
          (signal) => feedback.submit({ kind: 'question', description: 'Aborted', anonymous: true }, { signal, idempotencyKey: createId() }),
          (signal) => feedback.getStatus('FB-ABORTED', { signal }),
          ...(feedback.listMine ? [(signal: AbortSignal) => feedback.listMine!({ signal })] : []),
        ]);
        // Let requests abandoned in flight land here, not in the next test (where one would use up a scripted failure).
        await sleep(200);
      });
    });

    /* ------------------------------------------------------------- errors */

    describe('errors', () => {
      const kinds: Array<{ kind: ContractFailureKind; retryAfterMs?: number }> = [
        { kind: 'offline' },
        { kind: 'server' },
        { kind: 'rate-limited', retryAfterMs: 2000 },
        { kind: 'unauthorized' },
        { kind: 'forbidden' },
        { kind: 'conflict' },
      ];
      for (const failure of kinds) {
        test(`a "${failure.kind}" failure rejects with CareError kind "${failure.kind}"`, { controls: ['failNext'] }, async ({ adapter, control }) => {
          const read = anyRead(adapter);
          await control.failNext!(failure);
          const error = await rejection(read(live()));
          expectCareError(error, failure.kind);
          if (failure.retryAfterMs !== undefined) expect((error as CareError).retryAfterMs, 'retryAfterMs').to.equal(failure.retryAfterMs);
          // The failure was for one request only.
          await read(live());
        });
      }
    });
  });

  if (ports.size < PORTS.length) log(`[careline contract] ${name}: ports not offered, not tested: ${PORTS.filter((p) => !ports.has(p)).join(', ')}`);
  if (notOffered.length) log(`[careline contract] ${name}: optional methods not offered, not tested:\n  ${notOffered.join('\n  ')}`);
  if (notDeclared.length) log(`[careline contract] ${name}: tests not declared for lack of harness controls:\n  ${notDeclared.join('\n  ')}`);
}

/* ---------------------------------------------------------------- helpers */

/** Stands for an `onResync` call in a feed's timeline of message texts. */
const RESYNC = '<resync>';

/**
 * A subscriber's connection states follow SubscribeOptions: each report is a change,
 * only `connecting` or `reconnecting` come before the first `open`, and `closed` is final.
 */
function expectConnectionStates(states: readonly ConnectionState[], context: string): void {
  const history = JSON.stringify(states);
  for (let i = 1; i < states.length; i++) expect(states[i], `${context}: state ${i} repeats the one before it (${history})`).not.to.equal(states[i - 1]);
  const firstOpen = states.indexOf('open');
  const beforeOpen = firstOpen === -1 ? states : states.slice(0, firstOpen);
  expect(beforeOpen.every((state) => state === 'connecting' || state === 'reconnecting'), `${context}: states before "open" (${history})`).to.equal(true);
  const closedAt = states.indexOf('closed');
  if (closedAt !== -1) expect(closedAt, `${context}: nothing after "closed" (${history})`).to.equal(states.length - 1);
}

/** The states reported after a drop: `reconnecting` first, `open` last, never `closed`. */
function expectReconnected(afterDrop: readonly ConnectionState[]): void {
  const history = JSON.stringify(afterDrop);
  expect(afterDrop[0], `first state after the drop (${history})`).to.equal('reconnecting');
  expect(afterDrop.at(-1), `last state after the drop (${history})`).to.equal('open');
  expect(afterDrop, `states after the drop (${history})`).not.to.include('closed');
}

/** History is oldest first (timestamps never go back) and the status's `state` is the last entry's. */
function expectHistoryInOrder(status: FeedbackStatus): void {
  expect(status.history.length, `${status.reference} has history`).to.be.greaterThan(0);
  const times = status.history.map((entry) => Date.parse(entry.at));
  for (const [index, time] of times.entries()) {
    expect(Number.isNaN(time), `${status.reference} history ${index} "at" is a timestamp`).to.equal(false);
    if (index > 0) expect(time, `${status.reference} history ${index} is not older than the one before`).to.be.at.least(times[index - 1]!);
  }
  expect(status.state, `${status.reference} state is the last history entry's`).to.equal(status.history.at(-1)!.state);
}

/** The calendar date `days` ago, YYYY-MM-DD (safely in the past in any time zone). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A signal that never aborts. */
function live(): AbortSignal {
  return new AbortController().signal;
}

/** A prefix unique to one test, so events from other tests or seed data are ignored. */
function marker(): string {
  return `[contract ${createId().slice(0, 8)}]`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}.`);
    await sleep(10);
  }
}

/** The rejection reason of a promise that must reject. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject, but it resolved.');
}

function expectCareError(error: unknown, kind: CareErrorKind): void {
  expect(isCareError(error), `a CareError (got ${describeValue(error)})`).to.equal(true);
  expect((error as CareError).kind).to.equal(kind);
}

function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

/** Every call rejects with AbortError when its signal is aborted before the call, and right after it starts. */
async function expectAbortEverywhere(calls: Array<(signal: AbortSignal) => Promise<unknown>>): Promise<void> {
  for (const [index, call] of calls.entries()) {
    const before = new AbortController();
    before.abort();
    const early = await rejection(call(before.signal));
    expect(isAbortError(early), `call ${index + 1}, aborted before: AbortError (got ${describeValue(early)})`).to.equal(true);

    const during = new AbortController();
    const pending = call(during.signal);
    during.abort();
    const late = await rejection(pending);
    expect(isAbortError(late), `call ${index + 1}, aborted in flight: AbortError (got ${describeValue(late)})`).to.equal(true);
  }
}

/** A Blob typed as a PNG (the bytes need not be a real image). */
function pngFile(size = 64): Blob {
  return new Blob([new Uint8Array(size)], { type: 'image/png' });
}

async function startConversation(adapter: CareAdapter): Promise<string> {
  return (await adapter.chat!.startConversation({}, { signal: live(), idempotencyKey: createId() })).id;
}

async function allMessages(adapter: CareAdapter, conversationId: string): Promise<ChatMessage[]> {
  const pages: ChatMessage[][] = [];
  let before: string | undefined;
  do {
    const page = await adapter.chat!.listMessages(conversationId, { before, limit: 100 }, { signal: live() });
    pages.unshift(page.items);
    before = page.nextCursor;
  } while (before !== undefined && pages.length < 100);
  return pages.flat();
}

async function anyRecordItem(adapter: CareAdapter): Promise<string> {
  for (const section of SECTIONS) {
    const page = await adapter.records!.listSection(section, { limit: 1 }, { signal: live() });
    if (page.items[0]) return page.items[0].id;
  }
  throw new Error('Precondition: the test patient needs at least one record item.');
}

async function firstGroup(adapter: CareAdapter): Promise<string> {
  const [group] = await adapter.community!.listGroups({ signal: live() });
  if (!group) throw new Error('Precondition: at least one community group.');
  return group.id;
}

/** A read call of whichever port the adapter has, for the error-mapping tests. */
function anyRead(adapter: CareAdapter): (signal: AbortSignal) => Promise<unknown> {
  if (adapter.chat) return (signal) => adapter.chat!.getAvailability({ signal });
  if (adapter.feedback) return (signal) => adapter.feedback!.listDepartments({ signal });
  if (adapter.community) return (signal) => adapter.community!.listGroups({ signal });
  if (adapter.records) return (signal) => adapter.records!.listSection('labs', {}, { signal });
  if (adapter.session) return (signal) => adapter.session!.getSession({ signal });
  throw new Error('The adapter has no ports.');
}
