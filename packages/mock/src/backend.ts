/**
 * `createMockBackend`: the Careline REST API as msw handlers over a seeded
 * in-memory store, with a simulated educator and a chaos switch.
 */
import type { HttpHandler } from 'msw';
import type { ChatMessage, CommunityPost, Session } from '@careline/core';
import { Chaos } from './chaos.js';
import { DEFAULT_EVENT_HISTORY_LIMIT, EventHub, type OpenEventStream } from './event-hub.js';
import { chatAvailability, demoHolidays, type EducatorFixture, type SessionFixtureName } from './fixtures.js';
import { createHandlers, endStreams } from './handlers.js';
import { IdempotencyLedger, type WriteStats } from './idempotency.js';
import { Scheduler } from './scheduler.js';
import {
  DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
  DEFAULT_MAX_ATTACHMENT_BYTES,
  MIN_FEEDBACK_FILL_SECONDS,
  MockStore,
  topics,
  type FeedbackRateLimit,
  type MockSeed,
  type MockSeedName,
} from './store.js';

export interface MockBackendOptions {
  /** Where the API is mounted. Default "/api/careline/v1". May be absolute ("https://api.example.org/careline/v1"). */
  baseUrl?: string;
  /** Named fixtures ("patient": Siti Rahma signed in, the default; "guest") or explicit data. */
  seed?: MockSeedName | MockSeed;
  /** How long the simulated educator takes to reply (typing starts at 30% of it). Default 1500. */
  educatorReplyDelayMs?: number;
  /** Set false for a silent educator (tests that want exact event sequences). Default true. */
  simulateEducator?: boolean;
  /** Whether educators are online: always (default), never, or by the fixture's office hours (Asia/Jakarta). */
  online?: boolean | 'office-hours';
  /** The `retry:` value sent on every event stream. Default 1000. */
  sseRetryMs?: number;
  /** Interval of `: keep-alive` comments on event streams. Default 15000. */
  keepAliveMs?: number;
  /**
   * Events kept per topic for `Last-Event-ID` replay. A client that reconnects from
   * further back gets `event: resync` instead. Default 500.
   */
  eventHistoryLimit?: number;
  /** Top-level community posts per page when the request names no `limit` (a `limit` is capped at 50). Default 10. */
  communityPageSize?: number;
  /** The largest chat attachment accepted, in bytes; larger uploads get 422 with `errors.file`. Default 10 MB. */
  maxAttachmentBytes?: number;
  /** Working days after the day of arrival by which feedback is acknowledged (the receipt's `acknowledgeBy`). Default 3. */
  acknowledgeWorkingDays?: number;
  /**
   * Public holidays (YYYY-MM-DD) that do not count as working days. Default: Indonesia's
   * fixed-date national holidays of last year, this year and next (`demoHolidays`); `[]` for none.
   */
  holidays?: readonly string[];
  /** The hospital's IANA time zone, for working days and "today". Default the fixture's, Asia/Jakarta. */
  timeZone?: string;
  /**
   * Submitted feedback moves on one state (received → acknowledged → under-review →
   * responded → resolved) per this many ms of mock time (`now`), with a hospital note at
   * acknowledged and responded. Worked out when read, no timers. Default off.
   */
  feedbackProgressMs?: number;
  /** At most `max` feedback submissions per `perMs` of mock time; more get 429 with Retry-After. Default off. */
  feedbackRateLimit?: FeedbackRateLimit;
  /** Feedback whose `fillSeconds` is below this is refused as a robot's (400). Default 2; tests that fill forms instantly set 0. */
  minFeedbackFillSeconds?: number;
  /** Injectable clock and randomness, for deterministic tests. */
  now?: () => Date;
  random?: () => number;
}

export interface MockBackend {
  readonly baseUrl: string;
  /** msw request handlers: give them to `setupWorker`, `setupServer` or `createMockFetch`. */
  readonly handlers: HttpHandler[];
  readonly store: MockStore;
  readonly chaos: Chaos;
  /** Writes processed and requests per idempotency key (duplicates must stay 0). */
  readonly writes: WriteStats;
  /** Event streams open right now. */
  readonly openStreams: number;
  /** Timers pending (educator replies, keep-alives are per stream and not counted). */
  readonly pendingTimers: number;
  /** The educator writes into a conversation now. */
  educatorSends(conversationId: string, text: string, educator?: EducatorFixture): ChatMessage;
  /** Another member posts in a group now. */
  publishPost(groupId: string, body: string, author?: CommunityPost['author']): CommunityPost;
  /**
   * The educator side ends a conversation: its stream sends the `conversation` `ended`
   * event and closes, and reconnects are answered `204` (stop for good).
   */
  endConversation(conversationId: string): void;
  /**
   * Forgets the replay history of every topic, as a restart would: a client that
   * reconnects with an earlier `Last-Event-ID` gets `event: resync`. Open streams stay open.
   */
  forgetEventHistory(): void;
  /** Sign-in, sign-out or expiry elsewhere: every session stream hears it. */
  setSession(session: SessionFixtureName | Session): void;
  /** Educators go online or offline. */
  setOnline(online: boolean | 'office-hours'): void;
  /** Back to the seed: store, idempotency records, chaos, streams and timers. Reconnecting clients resync. */
  reset(): void;
  /** Cancels every timer and closes every stream. */
  dispose(): void;
}

export const DEFAULT_BASE_URL = '/api/careline/v1';

export function createMockBackend(options: MockBackendOptions = {}): MockBackend {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const hub = new EventHub(options.eventHistoryLimit ?? DEFAULT_EVENT_HISTORY_LIMIT);
  const scheduler = new Scheduler();
  const streams = new Set<OpenEventStream>();
  const ledger = new IdempotencyLedger();
  const dropAllStreams = () => {
    for (const open of [...streams]) open.drop();
  };
  const chaos = new Chaos(random, dropAllStreams);
  const seed = options.seed ?? 'patient';
  const store = new MockStore({
    seed,
    hub,
    scheduler,
    educatorReplyDelayMs: options.educatorReplyDelayMs ?? 1500,
    simulateEducator: options.simulateEducator ?? true,
    online: options.online ?? true,
    communityPageSize: options.communityPageSize ?? 10,
    maxAttachmentBytes: options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
    acknowledgeWorkingDays: options.acknowledgeWorkingDays ?? DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
    holidays: options.holidays ?? defaultHolidays(now()),
    timeZone: options.timeZone ?? chatAvailability.timeZone,
    feedbackProgressMs: options.feedbackProgressMs,
    feedbackRateLimit: options.feedbackRateLimit,
    minFeedbackFillSeconds: options.minFeedbackFillSeconds ?? MIN_FEEDBACK_FILL_SECONDS,
    now,
    random,
  });
  const handlers = createHandlers({
    baseUrl,
    store,
    hub,
    chaos,
    ledger,
    scheduler,
    streams,
    sseRetryMs: options.sseRetryMs ?? 1000,
    keepAliveMs: options.keepAliveMs ?? 15_000,
  });

  const stopEverything = () => {
    scheduler.cancelAll();
    dropAllStreams();
  };

  return {
    baseUrl,
    handlers,
    store,
    chaos,
    get writes() {
      return ledger.stats;
    },
    get openStreams() {
      return streams.size;
    },
    get pendingTimers() {
      return scheduler.pending;
    },
    educatorSends: (conversationId, text, educator) => store.educatorSends(conversationId, text, educator),
    publishPost: (groupId, body, author) => store.publishPost(groupId, body, author),
    endConversation(conversationId) {
      store.endConversation(conversationId);
      endStreams(streams, topics.chat(conversationId));
    },
    forgetEventHistory: () => hub.forgetHistory(),
    setSession: (session) => store.setSession(session),
    setOnline: (online) => {
      store.online = online;
    },
    reset() {
      stopEverything();
      // The seed replaces what the events described: clients must reload, not resume.
      hub.forgetHistory();
      ledger.clear();
      chaos.reset();
      store.online = options.online ?? true;
      store.seed(seed);
    },
    dispose() {
      stopEverything();
      chaos.reset();
    },
  };
}

/** The demo holidays around the mock's current year, so a receipt's date skips them whenever the demo runs. */
function defaultHolidays(now: Date): string[] {
  const year = now.getUTCFullYear();
  return [year - 1, year, year + 1].flatMap(demoHolidays);
}
