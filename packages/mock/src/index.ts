/**
 * @careline/mock: the Careline REST API as msw handlers over seeded, clearly
 * fictional data. No side effects here; `@careline/mock/browser.js` starts a service worker.
 */
export { createMockBackend, DEFAULT_BASE_URL } from './backend.js';
export type { MockBackend, MockBackendOptions } from './backend.js';
export { createMockFetch } from './mock-fetch.js';
export type { MockFetchOptions } from './mock-fetch.js';
export { createHandlers, canonicalJson } from './handlers.js';
export type { HandlerContext } from './handlers.js';
export {
  ATTACHMENT_TYPES,
  DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
  DEFAULT_MAX_ATTACHMENT_BYTES,
  MAX_COMMUNITY_PAGE_SIZE,
  MIN_FEEDBACK_FILL_SECONDS,
  MockStore,
  RECORD_SECTIONS,
  topics,
} from './store.js';
export type { ConversationState, FeedbackRateLimit, FeedbackRecord, MockSeed, MockSeedName, MockStoreOptions, SendMessageBody } from './store.js';
export { Chaos } from './chaos.js';
export type { ChaosSettings, ScriptedFailure } from './chaos.js';
export { DEFAULT_EVENT_HISTORY_LIMIT, EventHub, eventStreamResponse } from './event-hub.js';
export type { HubEvent, OpenEventStream, Resumption } from './event-hub.js';
export type { WriteStats } from './idempotency.js';
export { MockProblem, problemBody } from './problem.js';
export type { ProblemBody } from './problem.js';
export { educatorReplyFor } from './educator.js';
export { isWithinOfficeHours, nextOpening } from './office-hours.js';
export * from './fixtures.js';
