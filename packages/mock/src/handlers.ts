/**
 * msw handlers implementing the Careline REST API (docs/api/openapi.yaml)
 * over the mock store. Each route is wrapped so chaos, idempotency and
 * problem+json errors work the same everywhere.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Chaos, ScriptedFailure } from './chaos.js';
import { eventStreamResponse, type EventHub, type OpenEventStream } from './event-hub.js';
import type { IdempotencyLedger, StoredResponse } from './idempotency.js';
import { MockProblem, problemBody } from './problem.js';
import type { Scheduler } from './scheduler.js';
import { topics, type MockStore } from './store.js';

export interface HandlerContext {
  baseUrl: string;
  store: MockStore;
  hub: EventHub;
  chaos: Chaos;
  ledger: IdempotencyLedger;
  scheduler: Scheduler;
  streams: Set<OpenEventStream>;
  sseRetryMs: number;
  keepAliveMs: number;
}

interface RouteArgs {
  request: Request;
  params: Record<string, string>;
  url: URL;
}

interface WriteArgs extends RouteArgs {
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

/** A request body read for a write: the value the route sees, and what identifies it for Idempotency-Key reuse. */
type ParsedBody = { body: Record<string, unknown>; fingerprint: string } | { problem: MockProblem };

async function parseJsonBody(request: Request): Promise<ParsedBody> {
  const text = await request.text();
  let body: Record<string, unknown> = {};
  if (text.trim()) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return { problem: new MockProblem(400, 'The request body must be a JSON object.') };
    }
  }
  return { body, fingerprint: canonicalJson(body) };
}

/** `multipart/form-data` with a `file` part (and optionally `name`): body `{ file, name }`, fingerprinted by name, type and size. */
async function parseMultipartBody(request: Request): Promise<ParsedBody> {
  if (!(request.headers.get('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    return { problem: new MockProblem(422, 'Send the file as multipart/form-data.', { file: 'Choose a photo or a PDF to send.' }) };
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { problem: new MockProblem(400, 'The multipart body could not be read.') };
  }
  const part = form.get('file');
  const file = typeof part === 'string' || part === null ? undefined : part;
  const namePart = form.get('name');
  const name = typeof namePart === 'string' && namePart !== '' ? namePart : file instanceof File ? file.name : undefined;
  return {
    body: { file, name },
    fingerprint: canonicalJson({ name, type: file?.type, size: file?.size }),
  };
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** What a stream route's topic lookup answers for a stream that has stopped for good. */
const STREAM_ENDED = Symbol('stream ended');

export function createHandlers(ctx: HandlerContext): HttpHandler[] {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  const { store, chaos, ledger } = ctx;

  /** Latency, then a scripted or random failure (before anything is processed). */
  async function preflight(request: Request, isStream: boolean): Promise<Response | undefined> {
    const latency = chaos.latency();
    if (latency > 0) {
      try {
        await ctx.scheduler.wait(latency, request.signal);
      } catch {
        return HttpResponse.error();
      }
    }
    const failure = chaos.failureFor(isStream);
    return failure ? failureResponse(failure) : undefined;
  }

  function read(route: (args: RouteArgs) => unknown) {
    return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const early = await preflight(request, false);
      if (early) return early;
      try {
        return json(200, route({ request, params: stringParams(params), url: new URL(request.url) }));
      } catch (error) {
        return problemResponse(error);
      }
    };
  }

  function write(
    route: (args: WriteArgs) => unknown,
    successStatus = 201,
    parse: (request: Request) => Promise<ParsedBody> = parseJsonBody,
    afterSuccess?: (args: WriteArgs) => void,
  ) {
    return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const early = await preflight(request, false);
      if (early) return early;

      const idempotencyKey = request.headers.get('Idempotency-Key') ?? undefined;
      const parsed = await parse(request);
      if ('problem' in parsed) return problemResponse(parsed.problem);
      const { body } = parsed;
      const url = new URL(request.url);
      const process = (): StoredResponse => {
        try {
          const args: WriteArgs = { request, params: stringParams(params), url, body, idempotencyKey };
          const result = route(args);
          afterSuccess?.(args);
          return { status: successStatus, body: successStatus === 204 ? '' : JSON.stringify(result), contentType: 'application/json' };
        } catch (error) {
          const problem = error instanceof MockProblem ? error : new MockProblem(500, 'The mock backend failed.');
          if (!(error instanceof MockProblem)) console.error('[careline mock]', error);
          return {
            status: problem.status,
            body: JSON.stringify(problem.body),
            contentType: 'application/problem+json',
            ...(problem.retryAfterSeconds !== undefined ? { retryAfterSeconds: problem.retryAfterSeconds } : {}),
          };
        }
      };

      if (idempotencyKey === undefined) {
        const stored = process();
        if (stored.status < 400) ledger.countProcessed(undefined);
        return finish(stored);
      }

      ledger.countRequest(idempotencyKey);
      const fingerprint = `${request.method} ${url.pathname} ${parsed.fingerprint}`;
      const existing = ledger.find(idempotencyKey);
      if (existing) {
        if (existing.fingerprint !== fingerprint) {
          return problemResponse(
            new MockProblem(422, 'This Idempotency-Key was already used for a different request.', { idempotencyKey: 'Use a new key for a new request.' }),
          );
        }
        const stored = await existing.result;
        return stored.status < 400 ? toResponse(stored, true) : toResponse(stored);
      }

      let settle!: (response: StoredResponse) => void;
      ledger.begin(idempotencyKey, fingerprint, new Promise((resolve) => (settle = resolve)));
      const stored = process();
      settle(stored);
      if (stored.status < 400) {
        ledger.countProcessed(idempotencyKey);
      } else {
        // Only successes are remembered: a corrected request may reuse the key.
        ledger.forget(idempotencyKey);
      }
      return finish(stored);
    };
  }

  /** After processing: maybe lose the response on purpose (chaos), else send it. */
  function finish(stored: StoredResponse): Response {
    if (stored.status < 400 && chaos.loseResponse()) return HttpResponse.error();
    return toResponse(stored);
  }

  /** `topicOf` names the stream's topic, or `STREAM_ENDED` when it has stopped for good. */
  function stream(topicOf: (params: Record<string, string>) => string | typeof STREAM_ENDED) {
    return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const early = await preflight(request, true);
      if (early) return early;
      let topic: string | typeof STREAM_ENDED;
      try {
        topic = topicOf(stringParams(params));
      } catch (error) {
        return problemResponse(error);
      }
      // 204 is the protocol's "do not reconnect": the client reports `closed` and stops.
      if (topic === STREAM_ENDED) return new HttpResponse(null, { status: 204, headers: NO_STORE });
      return eventStreamResponse({
        hub: ctx.hub,
        topic,
        request,
        retryMs: ctx.sseRetryMs,
        keepAliveMs: ctx.keepAliveMs,
        dropAfterMs: chaos.dropStreamsAfterMs,
        registry: ctx.streams,
      });
    };
  }

  const int = (url: URL, name: string): number | undefined => {
    const value = url.searchParams.get(name);
    return value === null || value === '' ? undefined : Number(value);
  };
  const str = (url: URL, name: string): string | undefined => url.searchParams.get(name) ?? undefined;

  return [
    // Session
    http.get(`${base}/session`, read(() => store.getSession())),
    http.post(`${base}/session/sign-out`, write(() => store.signOut(), 204)),
    http.get(`${base}/session/events`, stream(() => topics.session)),

    // Chat
    http.get(`${base}/chat/availability`, read(() => store.getAvailability())),
    http.post(
      `${base}/chat/conversations`,
      write(({ body }) => store.startConversation(body as Parameters<MockStore['startConversation']>[0])),
    ),
    http.get(`${base}/chat/conversations/:id`, read(({ params }) => store.getConversation(params['id']!))),
    http.post(
      `${base}/chat/conversations/:id/attachments`,
      write(
        ({ params, body, url }) =>
          store.uploadAttachment(params['id']!, body['file'] as Blob | undefined, body['name'] as string | undefined, (attachmentId) =>
            new URL(`${url.pathname}/${encodeURIComponent(attachmentId)}`, url).href,
          ),
        201,
        parseMultipartBody,
      ),
    ),
    http.get(`${base}/chat/conversations/:id/attachments/:attachmentId`, async ({ request, params }) => {
      const early = await preflight(request, false);
      if (early) return early;
      try {
        const p = stringParams(params);
        const { attachment, file } = store.attachmentFile(p['id']!, p['attachmentId']!);
        return new HttpResponse(file, {
          status: 200,
          headers: {
            ...NO_STORE,
            'Content-Type': attachment.type,
            'Content-Length': String(attachment.size),
            'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
          },
        });
      } catch (error) {
        return problemResponse(error);
      }
    }),
    http.post(
      `${base}/chat/conversations/:id/read`,
      write(({ params, body }) => store.markRead(params['id']!, body['upToMessageId']), 204),
    ),
    http.post(
      `${base}/chat/conversations/:id/end`,
      write(
        ({ params }) => store.patientEndsConversation(params['id']!),
        200,
        parseJsonBody,
        // The `ended` event is already published: the stream sends it, then stops for good.
        ({ params }) => endStreams(ctx.streams, topics.chat(params['id']!)),
      ),
    ),
    http.get(
      `${base}/chat/conversations/:id/messages`,
      read(({ params, url }) => store.listMessages(params['id']!, { before: str(url, 'before'), limit: int(url, 'limit') })),
    ),
    http.post(
      `${base}/chat/conversations/:id/messages`,
      write(({ params, body, idempotencyKey }) => store.sendMessage(params['id']!, body, idempotencyKey)),
    ),
    http.get(
      `${base}/chat/conversations/:id/events`,
      stream((params) => (store.hasEnded(params['id']!) ? STREAM_ENDED : topics.chat(params['id']!))),
    ),

    // Records
    http.post(`${base}/records/entries`, write(({ body }) => store.addEntry(body as unknown as Parameters<MockStore['addEntry']>[0]))),
    http.post(
      `${base}/records/corrections`,
      write(({ body }) => store.requestCorrection(body as unknown as Parameters<MockStore['requestCorrection']>[0])),
    ),
    http.get(`${base}/records/patient`, read(() => store.getPatient())),
    http.get(`${base}/records/shares`, read(() => store.listShares())),
    http.post(`${base}/records/shares`, write(({ body }) => store.share(body as unknown as Parameters<MockStore['share']>[0]))),
    http.post(`${base}/records/shares/:id/revoke`, write(({ params }) => store.revokeShare(params['id']!))),
    http.get(
      `${base}/records/:section`,
      read(({ params, url }) =>
        store.listSection(params['section']!, {
          cursor: str(url, 'cursor'),
          limit: int(url, 'limit'),
          code: str(url, 'code'),
          current: str(url, 'current') === 'true' ? true : undefined,
          from: str(url, 'from'),
          to: str(url, 'to'),
        }),
      ),
    ),

    // Community
    http.get(`${base}/community/groups`, read(() => store.listGroups())),
    http.post(`${base}/community/groups/:id/join`, write(({ params, body }) => store.joinGroup(params['id']!, body as Record<string, unknown>))),
    http.post(`${base}/community/groups/:id/leave`, write(({ params }) => store.leaveGroup(params['id']!))),
    http.post(`${base}/community/posts/:id/edit`, write(({ params, body }) => store.editPost(params['id']!, body as Record<string, unknown>))),
    http.post(`${base}/community/posts/:id/delete`, write(({ params }) => store.deletePost(params['id']!))),
    http.post(`${base}/community/posts/:id/reactions`, write(({ params, body }) => store.react(params['id']!, body as Record<string, unknown>))),
    http.post(`${base}/community/posts/:id/reports`, write(({ params, body }) => store.report(params['id']!, body as Record<string, unknown>))),
    http.get(
      `${base}/community/groups/:id/posts`,
      read(({ params, url }) =>
        store.listPosts(params['id']!, {
          cursor: str(url, 'cursor'),
          limit: int(url, 'limit'),
          sort: str(url, 'sort'),
          search: str(url, 'search'),
          parentId: str(url, 'parentId'),
        }),
      ),
    ),
    http.post(
      `${base}/community/groups/:id/posts`,
      write(({ params, body, idempotencyKey }) => store.createPost(params['id']!, body, idempotencyKey)),
    ),
    http.get(
      `${base}/community/groups/:id/events`,
      stream((params) => {
        store.assertGroup(params['id']!);
        return topics.community(params['id']!);
      }),
    ),

    // Feedback
    http.get(`${base}/feedback/departments`, read(() => store.listDepartments())),
    http.post(`${base}/feedback`, write(({ body }) => store.submitFeedback(body))),
    http.post(
      `${base}/feedback/attachments`,
      write(({ body }) => store.uploadFeedbackAttachment(body['file'] as Blob | undefined, body['name'] as string | undefined), 201, parseMultipartBody),
    ),
    // Before `/feedback/:reference`, which would otherwise take "mine" for a reference.
    http.get(`${base}/feedback/mine`, read(() => store.listMyFeedback())),
    http.get(`${base}/feedback/:reference`, read(({ params }) => store.getFeedbackStatus(params['reference']!))),

    // Anything else under the base path is a 404 problem, not a pass-through to the network.
    http.all(`${base}/*`, () => problemResponse(new MockProblem(404, 'There is no such endpoint in the Careline API.'))),
  ];
}

/** Ends every open stream of a topic (the conversation ended): each sends what it has, then closes for good. */
export function endStreams(streams: Set<OpenEventStream>, topic: string): void {
  for (const open of [...streams]) if (open.topic === topic) open.end();
}

function stringParams(params: Record<string, string | readonly string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') result[name] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') result[name] = value[0];
  }
  return result;
}

function json(status: number, body: unknown): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers: NO_STORE });
}

function toResponse(stored: StoredResponse, replayed = false): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (stored.body !== '') headers['Content-Type'] = stored.contentType;
  if (replayed) headers['Idempotent-Replayed'] = 'true';
  if (stored.retryAfterSeconds !== undefined) headers['Retry-After'] = String(stored.retryAfterSeconds);
  return new HttpResponse(stored.body === '' ? null : stored.body, { status: stored.status, headers });
}

function problemResponse(error: unknown): Response {
  const problem = error instanceof MockProblem ? error : new MockProblem(500, 'The mock backend failed.');
  if (!(error instanceof MockProblem)) console.error('[careline mock]', error);
  const headers: Record<string, string> = { ...NO_STORE, 'Content-Type': 'application/problem+json' };
  if (problem.retryAfterSeconds !== undefined) headers['Retry-After'] = String(problem.retryAfterSeconds);
  return new HttpResponse(JSON.stringify(problem.body), { status: problem.status, headers });
}

function failureResponse(failure: ScriptedFailure): Response {
  if (failure.networkError) return HttpResponse.error();
  const headers: Record<string, string> = { ...NO_STORE, 'Content-Type': 'application/problem+json' };
  if (failure.retryAfterSeconds !== undefined) headers['Retry-After'] = String(failure.retryAfterSeconds);
  return new HttpResponse(JSON.stringify(problemBody(failure.status, 'Simulated failure (mock chaos).')), { status: failure.status, headers });
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
