/**
 * @careline/adapter-rest: a CareAdapter for the Careline REST API.
 * No side effects here; `@careline/adapter-rest/define.js` registers the "rest" adapter factory.
 */
export { createRestAdapter } from './rest-adapter.js';
export type { RestAdapter, RestAdapterOptions } from './rest-adapter.js';
export { HttpClient, errorFromResponse, kindForStatus, parseRetryAfter } from './http.js';
export type { HttpClientOptions, ProblemDetails, RequestSpec } from './http.js';
export { EventStreamParser, EventDeduplicator, openEventStream, RESYNC_EVENT_TYPE } from './sse.js';
export type { EventStream, EventStreamOptions, ReconnectOptions, ServerSentEvent } from './sse.js';
export { SharedEventStreams } from './shared-streams.js';
export type { StreamOpener } from './shared-streams.js';
