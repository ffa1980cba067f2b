/**
 * `createRestAdapter`: a CareAdapter for any backend that implements the
 * Careline REST API (docs/api/openapi.yaml).
 */
import type {
  CareAdapter,
  ChatAttachment,
  ChatAvailability,
  ChatEvent,
  ChatMessage,
  ChatPort,
  CommunityEvent,
  CommunityGroup,
  CommunityPort,
  CommunityPost,
  Conversation,
  Department,
  FeedbackAttachment,
  FeedbackPort,
  FeedbackReceipt,
  FeedbackStatus,
  Page,
  RecordItem,
  RecordsPort,
  Session,
  SessionPort,
  SubscribeOptions,
  Unsubscribe,
  FhirResource,
  RecordPage,
  RecordShare,
  WriteOptions,
} from '@careline/core';
import { HttpClient } from './http.js';
import { SharedEventStreams } from './shared-streams.js';
import { openEventStream, type ReconnectOptions, type ServerSentEvent } from './sse.js';

export interface RestAdapterOptions {
  /** Where the API lives, e.g. "/api/careline/v1" or "https://portal.example-hospital.org/api/careline/v1". */
  baseUrl: string;
  /** Called before every request and every stream (re)connection; a non-null token is sent as `Authorization: Bearer`. */
  getToken?: (() => string | null | Promise<string | null>) | undefined;
  /** Per-request time limit; a slower answer rejects with CareError "timeout". Default 15000. */
  timeoutMs?: number | undefined;
  /**
   * The fetch to use (tests, cross-frame bridges). Default `globalThis.fetch`. Uploads then go
   * through it too and report progress only at the end (fetch cannot tell upload progress);
   * without it, uploads use XMLHttpRequest and report progress as the file is sent.
   */
  fetch?: typeof fetch | undefined;
  /** Extra headers on every request (e.g. a hospital's API gateway key). */
  headers?: Record<string, string> | undefined;
  /** Cookie policy; use "include" when the API is on another origin and uses a session cookie. */
  credentials?: RequestCredentials | undefined;
  /** Event stream reconnection delays (the server's `retry:` replaces `initialDelayMs`). */
  reconnect?: ReconnectOptions | undefined;
  /** A stream silent (not even a keep-alive comment) for this long is replaced. Default 45000; 0 disables. */
  streamIdleTimeoutMs?: number | undefined;
  /** Adapter name shown in logs. Default "rest". */
  name?: string | undefined;
  /** Set false when the backend does not implement `/records/shares`: the viewer then hides sharing. */
  recordSharing?: boolean | undefined;
}

export interface RestAdapter extends CareAdapter {
  readonly name: string;
  session: SessionPort;
  chat: ChatPort;
  records: RecordsPort;
  community: CommunityPort;
  feedback: FeedbackPort;
  dispose(): void;
  /** Open event-stream connections (one per topic however many subscribers). */
  readonly openStreamCount: number;
}

export function createRestAdapter(options: RestAdapterOptions): RestAdapter {
  if (typeof options.baseUrl !== 'string' || options.baseUrl.trim() === '') {
    throw new TypeError('createRestAdapter: `baseUrl` is required (e.g. "/api/careline/v1").');
  }
  // Bind: calling a detached `window.fetch` throws "Illegal invocation".
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const http = new HttpClient({
    baseUrl: options.baseUrl,
    fetch: fetchImpl,
    getToken: options.getToken,
    headers: options.headers,
    timeoutMs: options.timeoutMs ?? 15_000,
    credentials: options.credentials,
  });

  const streams = new SharedEventStreams((path, callbacks) =>
    openEventStream({
      url: http.url(path),
      fetch: fetchImpl,
      headers: () => http.headers(),
      credentials: options.credentials,
      onEvent: callbacks.onEvent,
      onStateChange: callbacks.onStateChange,
      onResync: callbacks.onResync,
      reconnect: options.reconnect,
      connectTimeoutMs: options.timeoutMs ?? 15_000,
      idleTimeoutMs: options.streamIdleTimeoutMs,
    }),
  );

  /**
   * Subscribes to a topic's stream and hands each event's JSON to the handler;
   * connection states and resyncs go to the subscriber's options.
   */
  function subscribeJson<T>(
    path: string,
    accept: (event: ServerSentEvent, data: unknown) => T | undefined,
    handler: (value: T) => void,
    subscribeOptions: SubscribeOptions | undefined,
  ): Unsubscribe {
    return streams.subscribe(
      path,
      (event) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          console.warn(`[careline] Ignored an event that is not JSON on ${path} (id ${event.id || 'none'}).`);
          return;
        }
        const value = accept(event, data);
        if (value !== undefined) handler(value);
      },
      subscribeOptions,
    );
  }

  const enc = encodeURIComponent;

  const session: SessionPort = {
    getSession: ({ signal }) => http.request<Session>({ method: 'GET', path: '/session', signal }),
    signOut: async ({ signal }) => {
      await http.request<void>({ method: 'POST', path: '/session/sign-out', signal });
    },
    subscribe: (handler, subscribeOptions?: SubscribeOptions) =>
      subscribeJson<Session>(
        '/session/events',
        (event, data) => (event.type === 'session' && isObject(data) ? (data as Session) : undefined),
        handler,
        subscribeOptions,
      ),
  };

  const chat: ChatPort = {
    getAvailability: ({ signal }) => http.request<ChatAvailability>({ method: 'GET', path: '/chat/availability', signal }),
    startConversation: (input, { signal, idempotencyKey }) =>
      http.request<Conversation>({ method: 'POST', path: '/chat/conversations', body: input, signal, idempotencyKey }),
    listMessages: (conversationId, query, { signal }) =>
      http.request<Page<ChatMessage>>({
        method: 'GET',
        path: `/chat/conversations/${enc(conversationId)}/messages`,
        query: { before: query.before, limit: query.limit },
        signal,
      }),
    getConversation: (conversationId, { signal }) =>
      http.request<Conversation>({ method: 'GET', path: `/chat/conversations/${enc(conversationId)}`, signal }),
    sendMessage: (input, { signal, idempotencyKey }) =>
      http.request<ChatMessage>({
        method: 'POST',
        path: `/chat/conversations/${enc(input.conversationId)}/messages`,
        body: {
          text: input.text,
          ...(input.attachmentIds !== undefined ? { attachmentIds: input.attachmentIds } : {}),
          ...(input.context !== undefined ? { context: input.context } : {}),
        },
        signal,
        idempotencyKey,
      }),
    uploadAttachment: (input, writeOptions) =>
      uploadFile<ChatAttachment>(`/chat/conversations/${enc(input.conversationId)}/attachments`, input.file, input.name, writeOptions),
    markRead: async ({ conversationId, upToMessageId }, { signal }) => {
      await http.request<void>({ method: 'POST', path: `/chat/conversations/${enc(conversationId)}/read`, body: { upToMessageId }, signal });
    },
    endConversation: ({ conversationId }, { signal, idempotencyKey }) =>
      http.request<Conversation>({ method: 'POST', path: `/chat/conversations/${enc(conversationId)}/end`, signal, idempotencyKey }),
    subscribe: (conversationId, handler, subscribeOptions?: SubscribeOptions) =>
      subscribeJson<ChatEvent>(
        `/chat/conversations/${enc(conversationId)}/events`,
        (_event, data) => (isObject(data) && typeof data['type'] === 'string' ? (data as ChatEvent) : undefined),
        handler,
        subscribeOptions,
      ),
  };

  const records: RecordsPort = {
    getPatient: ({ signal }) => http.request<FhirResource>({ method: 'GET', path: '/records/patient', signal }),
    listSection: (section, query, { signal }) =>
      http.request<RecordPage>({
        method: 'GET',
        path: `/records/${enc(section)}`,
        query: { cursor: query.cursor, limit: query.limit, code: query.code, current: query.current ? 'true' : undefined, from: query.from, to: query.to },
        signal,
      }),
    addEntry: (input, { signal, idempotencyKey }) =>
      http.request<RecordItem>({ method: 'POST', path: '/records/entries', body: input, signal, idempotencyKey }),
    requestCorrection: (input, { signal, idempotencyKey }) =>
      http.request<{ reference: string }>({ method: 'POST', path: '/records/corrections', body: input, signal, idempotencyKey }),
    sharing: options.recordSharing === false
      ? undefined
      : {
          listShares: ({ signal }) => http.request<RecordShare[]>({ method: 'GET', path: '/records/shares', signal }),
          share: (input, { signal, idempotencyKey }) => http.request<RecordShare>({ method: 'POST', path: '/records/shares', body: input, signal, idempotencyKey }),
          revokeShare: ({ shareId }, { signal, idempotencyKey }) =>
            http.request<RecordShare>({ method: 'POST', path: `/records/shares/${enc(shareId)}/revoke`, signal, idempotencyKey }),
        },
  };

  const community: CommunityPort = {
    listGroups: ({ signal }) => http.request<CommunityGroup[]>({ method: 'GET', path: '/community/groups', signal }),
    joinGroup: ({ groupId, ...body }, { signal, idempotencyKey }) =>
      http.request<CommunityGroup>({ method: 'POST', path: `/community/groups/${enc(groupId)}/join`, body, signal, idempotencyKey }),
    leaveGroup: ({ groupId }, { signal, idempotencyKey }) =>
      http.request<CommunityGroup>({ method: 'POST', path: `/community/groups/${enc(groupId)}/leave`, signal, idempotencyKey }),
    editPost: ({ postId, ...body }, { signal, idempotencyKey }) =>
      http.request<CommunityPost>({ method: 'POST', path: `/community/posts/${enc(postId)}/edit`, body, signal, idempotencyKey }),
    deletePost: ({ postId }, { signal, idempotencyKey }) =>
      http.request<{ id: string }>({ method: 'POST', path: `/community/posts/${enc(postId)}/delete`, signal, idempotencyKey }),
    react: ({ postId, ...body }, { signal, idempotencyKey }) =>
      http.request<CommunityPost>({ method: 'POST', path: `/community/posts/${enc(postId)}/reactions`, body, signal, idempotencyKey }),
    report: ({ postId, ...body }, { signal, idempotencyKey }) =>
      http.request<{ reference: string }>({ method: 'POST', path: `/community/posts/${enc(postId)}/reports`, body, signal, idempotencyKey }),
    listPosts: (groupId, query, { signal }) =>
      http.request<Page<CommunityPost>>({
        method: 'GET',
        path: `/community/groups/${enc(groupId)}/posts`,
        query: { cursor: query.cursor, limit: query.limit, sort: query.sort, search: query.search, parentId: query.parentId },
        signal,
      }),
    createPost: (input, { signal, idempotencyKey }) => {
      // The group is in the path; the body carries the rest.
      const { groupId, ...body } = input;
      return http.request<CommunityPost>({ method: 'POST', path: `/community/groups/${enc(groupId)}/posts`, body, signal, idempotencyKey });
    },
    subscribe: (groupId, handler, subscribeOptions?: SubscribeOptions) =>
      subscribeJson<CommunityEvent>(
        `/community/groups/${enc(groupId)}/events`,
        (_event, data) => (isObject(data) && typeof data['type'] === 'string' ? (data as CommunityEvent) : undefined),
        handler,
        subscribeOptions,
      ),
  };

  /** A multipart upload: XMLHttpRequest for real progress unless a fetch was injected, which reports 1 at the end. */
  async function uploadFile<T>(path: string, file: Blob, name: string, { signal, idempotencyKey, onProgress }: WriteOptions): Promise<T> {
    const body = new FormData();
    body.append('file', file, name);
    body.append('name', name);
    const spec = { method: 'POST' as const, path, body, signal, idempotencyKey };
    if (options.fetch === undefined && typeof XMLHttpRequest !== 'undefined') return http.upload<T>(spec, onProgress);
    const result = await http.request<T>(spec);
    onProgress?.(1);
    return result;
  }

  const feedback: FeedbackPort = {
    listDepartments: ({ signal }) => http.request<Department[]>({ method: 'GET', path: '/feedback/departments', signal }),
    // The input is the API's FeedbackInput as is: every field (on-behalf, scale, attachments, questionnaire…) goes through.
    submit: (input, { signal, idempotencyKey }) =>
      http.request<FeedbackReceipt>({ method: 'POST', path: '/feedback', body: input, signal, idempotencyKey }),
    // Trimmed here because spaces would be encoded into the path; the server ignores case.
    getStatus: (reference, { signal }) => http.request<FeedbackStatus>({ method: 'GET', path: `/feedback/${enc(reference.trim())}`, signal }),
    listMine: ({ signal }) => http.request<FeedbackStatus[]>({ method: 'GET', path: '/feedback/mine', signal }),
    uploadAttachment: (input, writeOptions) => uploadFile<FeedbackAttachment>('/feedback/attachments', input.file, input.name, writeOptions),
  };

  return {
    name: options.name ?? 'rest',
    session,
    chat,
    records,
    community,
    feedback,
    dispose: () => streams.closeAll(),
    get openStreamCount() {
      return streams.connectionCount;
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
