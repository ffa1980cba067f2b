/**
 * The chat port over Chatwoot's public client API (the one its own website widget
 * uses) and its ActionCable websocket.
 *
 * Chatwoot has no server-side idempotency, no message paging cursor in the public
 * spec, no upload endpoint of its own and no "ended" that blocks new messages, so
 * this adapter keeps those promises on the client: writes are remembered by
 * idempotency key, a retried message is looked up by its `echo_id` first, paging
 * is done over the full list, and an ended conversation refuses further messages.
 */
import {
  knownTimeZone,
  CareError,
  careErrorKindForStatus,
  parseRetryAfter,
  raceAbort,
  withTimeLimit,
  type CallOptions,
  type CareAdapter,
  type ChatAttachment,
  type ChatAvailability,
  type ChatContext,
  type ChatEvent,
  type ChatMessage,
  type ChatPort,
  type ConnectionState,
  type Conversation,
  type OfficeHoursInterval,
  type Page,
  type SubscribeOptions,
  type WriteOptions,
} from '@careline/core';

/** Where the contact's session (source_id, pubsub_token) is kept so a reload resumes it. */
export interface ChatwootStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export interface ChatwootIdentity {
  /** The hospital's own id for the patient. */
  identifier: string;
  /** HMAC-SHA256 of `identifier` with the inbox's secret, computed on the hospital's server. */
  identifierHash?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
}

export interface ChatwootAdapterOptions {
  /** e.g. "https://chat.hospital.example" (no trailing path). */
  baseUrl: string;
  /** The Website inbox's identifier (Settings → Inboxes → the inbox → Configuration). */
  inboxIdentifier: string;
  /** A signed-in patient; with `identifierHash` Chatwoot verifies it (identity validation). */
  identity?: ChatwootIdentity | undefined;
  fetch?: typeof fetch | undefined;
  /** Injectable for tests and for environments with their own socket class. */
  WebSocket?: (new (url: string) => WebSocket) | undefined;
  /** Default: `${baseUrl}/cable` with ws(s). */
  cableUrl?: string | undefined;
  storage?: ChatwootStorage | undefined;
  timeoutMs?: number | undefined;
  /** Chatwoot's default attachment limit is 40 MB. */
  maxAttachmentBytes?: number | undefined;
  reconnect?: { initialDelayMs?: number | undefined; maxDelayMs?: number | undefined } | undefined;
  /** Used when the inbox has no time zone set. */
  defaultTimeZone?: string | undefined;
}

interface ContactSession {
  sourceId: string;
  pubsubToken: string;
}

/** A message as the public API and the websocket send it (types vary between the spec and real servers). */
export interface RawMessage {
  id: string | number;
  content?: string | null;
  message_type?: string | number;
  created_at?: string | number;
  conversation_id?: string | number;
  attachments?: Array<Record<string, unknown>>;
  sender?: Record<string, unknown> | null;
  echo_id?: string;
  content_attributes?: unknown;
}

interface RawConversation {
  id: number | string;
  status?: string;
  messages?: RawMessage[];
}

const ACCEPTED_TYPES = /^(image\/(png|jpeg|gif|webp|heic|heif)|application\/pdf)$/;

export function createChatwootAdapter(options: ChatwootAdapterOptions): CareAdapter & { chat: ChatPort } {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxAttachmentBytes ?? 40 * 1024 * 1024;
  const storage = options.storage ?? defaultStorage();
  // Under Careline's `careline:` prefix, so sign-out (wipeCarelineData) forgets the contact too.
  const storageKey = `careline:chatwoot:${options.inboxIdentifier}:${options.identity?.identifier ?? 'guest'}`;
  const inboxPath = `/public/api/v1/inboxes/${encodeURIComponent(options.inboxIdentifier)}`;

  /** Writes by idempotency key: a retry with the same key gets the same result. */
  const done = new Map<string, Promise<unknown>>();
  /** Files held until the message that carries them is sent (the public API uploads with the message). */
  const pending = new Map<string, { file: Blob; name: string; attachment: ChatAttachment }>();
  /** Chatwoot's attachment ids → the ids uploadAttachment returned, so listings match. */
  const attachmentIdMap = new Map<string, string>();
  const ended = new Set<string>();
  const startedAt = new Map<string, string>();
  let contact: Promise<ContactSession> | undefined;

  async function request<T>(method: string, path: string, signal: AbortSignal, body?: unknown): Promise<T> {
    return withTimeLimit(signal, timeoutMs, async (inner) => {
      const isForm = body instanceof FormData;
      const init: RequestInit = { method, signal: inner, headers: { Accept: 'application/json', ...(body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}) } };
      if (body !== undefined) init.body = isForm ? body : JSON.stringify(body);
      const response = await raceAbort(doFetch(`${base}${path}`, init), inner);
      const text = await raceAbort(response.text(), inner);
      if (!response.ok) {
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        throw new CareError(careErrorKindForStatus(response.status), `Chatwoot answered HTTP ${response.status}.`, {
          status: response.status,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
      }
      if (!text.trim()) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new CareError('server', 'Chatwoot sent a response that is not JSON.', { cause: error });
      }
    });
  }

  /** The contact for this visitor: resumed from storage, or created once. */
  function getContact(signal: AbortSignal): Promise<ContactSession> {
    if (!contact) {
      const saved = storage.get(storageKey);
      if (saved) {
        try {
          contact = Promise.resolve(JSON.parse(saved) as ContactSession);
        } catch {
          /* corrupt entry: create a new contact below */
        }
      }
    }
    if (!contact) {
      const identity = options.identity;
      const body: Record<string, string> = {};
      if (identity) {
        body['identifier'] = identity.identifier;
        if (identity.identifierHash) body['identifier_hash'] = identity.identifierHash;
        if (identity.name) body['name'] = identity.name;
        if (identity.email) body['email'] = identity.email;
      }
      const created = request<{ source_id?: string; pubsub_token?: string }>('POST', `${inboxPath}/contacts`, signal, body).then((raw) => {
        if (!raw?.source_id || !raw.pubsub_token) throw new CareError('server', 'Chatwoot did not return a contact session.');
        const session = { sourceId: raw.source_id, pubsubToken: raw.pubsub_token };
        storage.set(storageKey, JSON.stringify(session));
        return session;
      });
      contact = created;
      // A failed creation must not stick: the next call tries again.
      created.catch(() => {
        if (contact === created) contact = undefined;
      });
    }
    return raceAbort(contact, signal);
  }

  async function conversationPath(conversationId: string, signal: AbortSignal): Promise<string> {
    // Chatwoot ids are integers; anything else cannot exist there.
    if (!/^\d+$/.test(conversationId)) throw new CareError('not-found', 'No such conversation.', { status: 404 });
    const session = await getContact(signal);
    return `${inboxPath}/contacts/${encodeURIComponent(session.sourceId)}/conversations/${conversationId}`;
  }

  /** Runs a write once per key; each caller is still released by its own signal. */
  function once<T>(key: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    const existing = done.get(key) as Promise<T> | undefined;
    if (existing) return raceAbort(existing, signal);
    const result = work();
    done.set(key, result);
    // Only successes are remembered: a failed write may be retried with the same key.
    result.catch(() => {
      if (done.get(key) === result) done.delete(key);
    });
    return raceAbort(result, signal);
  }

  function toConversation(raw: RawConversation): Conversation {
    const id = String(raw.id);
    if (raw.status === 'resolved') ended.add(id);
    const first = raw.messages?.[0];
    const started = startedAt.get(id) ?? (first ? isoTime(first.created_at) : new Date().toISOString());
    startedAt.set(id, started);
    return { id, startedAt: started, state: ended.has(id) ? 'ended' : 'open' };
  }

  function toMessage(raw: RawMessage, conversationId: string): ChatMessage {
    const { context, text } = decodeContext(raw.content ?? '');
    const attachments = (raw.attachments ?? []).map((a) => toAttachment(a));
    return {
      id: String(raw.id),
      conversationId,
      author: authorOf(raw),
      text,
      sentAt: isoTime(raw.created_at),
      ...(raw.echo_id ? { clientId: raw.echo_id } : {}),
      ...(attachments.length ? { attachments } : {}),
      ...(context ? { context } : {}),
    };
  }

  function toAttachment(raw: Record<string, unknown>): ChatAttachment {
    const serverId = String(raw['id']);
    const url = typeof raw['data_url'] === 'string' ? raw['data_url'] : undefined;
    const extension = typeof raw['extension'] === 'string' ? raw['extension'] : undefined;
    const name = typeof raw['file_name'] === 'string' ? raw['file_name'] : url ? decodeURIComponent(url.split('/').pop() ?? 'file') : `file${extension ? `.${extension}` : ''}`;
    const type = typeof raw['content_type'] === 'string' ? raw['content_type'] : raw['file_type'] === 'image' ? 'image/*' : 'application/octet-stream';
    return { id: attachmentIdMap.get(serverId) ?? serverId, name, type, size: typeof raw['file_size'] === 'number' ? raw['file_size'] : 0, ...(url ? { url } : {}) };
  }

  async function listAll(conversationId: string, signal: AbortSignal): Promise<ChatMessage[]> {
    const path = await conversationPath(conversationId, signal);
    const raw = await request<RawMessage[]>('GET', `${path}/messages`, signal);
    return (raw ?? [])
      .filter((m) => !isActivity(m))
      .map((m) => toMessage(m, conversationId))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  const realtime = new Realtime({
    url: options.cableUrl ?? `${base.replace(/^http/, 'ws')}/cable`,
    WebSocketClass: options.WebSocket ?? globalThis.WebSocket,
    getToken: () => getContact(new AbortController().signal).then((c) => c.pubsubToken),
    initialDelayMs: options.reconnect?.initialDelayMs ?? 500,
    maxDelayMs: options.reconnect?.maxDelayMs ?? 15_000,
    list: (conversationId) => listAll(conversationId, new AbortController().signal),
    toMessage,
    onEnded: (conversationId) => ended.add(conversationId),
  });

  const chat: ChatPort = {
    async getAvailability({ signal }: CallOptions): Promise<ChatAvailability> {
      const inbox = await request<RawInbox>('GET', inboxPath, signal);
      return availabilityOf(inbox, options.defaultTimeZone ?? 'UTC', new Date());
    },

    startConversation(input, { signal, idempotencyKey }: WriteOptions) {
      return once(`start:${idempotencyKey}`, signal, async () => {
        const session = await getContact(signal);
        const contactPath = `${inboxPath}/contacts/${encodeURIComponent(session.sourceId)}`;
        // A guest's name and how to reach them go on the Chatwoot contact, where educators look.
        if (input.guest && !options.identity) {
          const { name, contact } = input.guest;
          await request('PATCH', contactPath, signal, { name, ...(contact.channel === 'email' ? { email: contact.value } : { phone_number: contact.value }) });
        }
        const raw = await request<RawConversation>('POST', `${contactPath}/conversations`, signal, {});
        return toConversation(raw);
      });
    },

    async getConversation(conversationId, { signal }) {
      const path = await conversationPath(conversationId, signal);
      return toConversation(await request<RawConversation>('GET', path, signal));
    },

    async listMessages(conversationId, query, { signal }): Promise<Page<ChatMessage>> {
      const all = await listAll(conversationId, signal);
      const limit = Math.max(1, query.limit ?? 50);
      const end = query.before === undefined ? all.length : all.findIndex((m) => m.id === query.before);
      const stop = end < 0 ? all.length : end;
      const start = Math.max(0, stop - limit);
      const items = all.slice(start, stop);
      return { items, ...(start > 0 && items[0] ? { nextCursor: items[0].id } : {}) };
    },

    sendMessage(input, { signal, idempotencyKey }: WriteOptions) {
      if (!input.text.trim()) return Promise.reject(new CareError('invalid', 'The message is empty.', { fieldErrors: { text: 'Write a message first.' } }));
      const files = (input.attachmentIds ?? []).map((id) => pending.get(id));
      if (files.some((f) => f === undefined)) {
        return Promise.reject(new CareError('invalid', 'Unknown attachment.', { fieldErrors: { attachmentIds: 'An attachment is missing; add it again.' } }));
      }
      return once(`send:${idempotencyKey}`, signal, async () => {
        if (ended.has(input.conversationId)) throw new CareError('conflict', 'The conversation has ended.', { status: 409 });
        const path = await conversationPath(input.conversationId, signal);
        // A retry after a lost response: the first attempt may be stored already.
        const stored = (await listAll(input.conversationId, signal)).find((m) => m.clientId === idempotencyKey);
        if (stored) return stored;
        const content = encodeContext(input.text, input.context);
        let body: unknown = { content, echo_id: idempotencyKey };
        if (files.length) {
          // Chatwoot takes files as multipart `attachments[]` on the message itself.
          const form = new FormData();
          form.set('content', content);
          form.set('echo_id', idempotencyKey);
          for (const f of files) form.append('attachments[]', f!.file, f!.name);
          body = form;
        }
        const raw = await request<RawMessage>('POST', `${path}/messages`, signal, body);
        (raw.attachments ?? []).forEach((a, i) => {
          const local = files[i];
          if (local) attachmentIdMap.set(String(a['id']), local.attachment.id);
        });
        for (const f of files) pending.delete(f!.attachment.id);
        const message = toMessage(raw, input.conversationId);
        message.clientId = idempotencyKey;
        if (files.length) message.attachments = files.map((f, i) => ({ ...f!.attachment, ...(message.attachments?.[i]?.url ? { url: message.attachments[i]!.url } : {}) }));
        return message;
      });
    },

    uploadAttachment(input, { signal, idempotencyKey, onProgress }: WriteOptions) {
      if (signal.aborted) return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      if (!ACCEPTED_TYPES.test(input.file.type)) {
        return Promise.reject(new CareError('invalid', 'Refused file type.', { fieldErrors: { file: 'Only photos and PDF files can be sent.' } }));
      }
      if (input.file.size > maxBytes) {
        const mb = Math.round((maxBytes / (1024 * 1024)) * 100) / 100;
        return Promise.reject(new CareError('invalid', 'File too large.', { fieldErrors: { file: `Files can be up to ${mb} MB.` } }));
      }
      // Nothing is sent yet: the file travels with the message that carries it.
      return once(`upload:${idempotencyKey}`, signal, async () => {
        const attachment: ChatAttachment = { id: `local-${idempotencyKey}`, name: input.name, type: input.file.type, size: input.file.size };
        pending.set(attachment.id, { file: input.file, name: input.name, attachment });
        onProgress?.(1);
        return attachment;
      });
    },

    async setTyping({ conversationId, active }, { signal }) {
      const path = await conversationPath(conversationId, signal);
      const status = active ? 'on' : 'off';
      // The spec asks for the status both as a query parameter and in the body.
      await request('POST', `${path}/toggle_typing?typing_status=${status}`, signal, { typing_status: status });
    },

    async markRead({ conversationId }, { signal }) {
      // Chatwoot keeps one "last seen" time per conversation: now covers every message shown.
      const path = await conversationPath(conversationId, signal);
      await request('POST', `${path}/update_last_seen`, signal);
    },

    endConversation({ conversationId }, { signal, idempotencyKey }: WriteOptions) {
      return once(`end:${idempotencyKey}`, signal, async () => {
        const path = await conversationPath(conversationId, signal);
        const current = toConversation(await request<RawConversation>('GET', path, signal));
        // toggle_status flips resolved back to open: only call it while open, so ending stays idempotent.
        if (current.state === 'ended') return current;
        const raw = await request<RawConversation>('POST', `${path}/toggle_status`, signal);
        ended.add(conversationId);
        return { ...toConversation(raw), state: 'ended' as const };
      });
    },

    subscribe(conversationId, handler, subscribeOptions) {
      return realtime.subscribe(conversationId, handler, subscribeOptions);
    },
  };

  return { name: 'chatwoot', chat, dispose: () => realtime.dispose() };
}

/* ------------------------------------------------------------ availability */

export interface RawInbox {
  timezone?: string;
  working_hours_enabled?: boolean;
  working_hours?: Array<{ day_of_week?: number; open_all_day?: boolean; closed_all_day?: boolean; open_hour?: number | null; open_minutes?: number | null; close_hour?: number | null; close_minutes?: number | null }>;
}

const pad = (n: number | null | undefined) => String(n ?? 0).padStart(2, '0');

export function availabilityOf(inbox: RawInbox, fallbackZone: string, now: Date): ChatAvailability {
  const timeZone = knownTimeZone(inbox.timezone) ?? fallbackZone;
  const officeHours: OfficeHoursInterval[] = [];
  for (const w of inbox.working_hours ?? []) {
    if (w.day_of_week === undefined || w.day_of_week < 0 || w.day_of_week > 6 || w.closed_all_day) continue;
    const day = w.day_of_week as OfficeHoursInterval['day'];
    officeHours.push(w.open_all_day ? { day, opens: '00:00', closes: '24:00' } : { day, opens: `${pad(w.open_hour)}:${pad(w.open_minutes)}`, closes: `${pad(w.close_hour)}:${pad(w.close_minutes)}` });
  }
  // Without working hours Chatwoot treats the inbox as always open.
  const online = !inbox.working_hours_enabled || isWithin(officeHours, timeZone, now);
  return { online, timeZone, officeHours };
}


function isWithin(hours: OfficeHoursInterval[], timeZone: string, now: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  const time = `${get('hour')}:${get('minute')}`;
  return hours.some((h) => h.day === day && h.opens <= time && time < h.closes);
}

/* ---------------------------------------------------------------- mapping */

function isoTime(value: string | number | undefined): string {
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? new Date().toISOString() : new Date(parsed).toISOString();
}

function messageType(raw: RawMessage): string {
  const t = raw.message_type;
  return t === 0 || t === '0' ? 'incoming' : t === 1 || t === '1' ? 'outgoing' : t === 2 || t === '2' ? 'activity' : t === 3 || t === '3' ? 'template' : String(t ?? 'incoming');
}

function isActivity(raw: RawMessage): boolean {
  return messageType(raw) === 'activity';
}

function authorOf(raw: RawMessage): ChatMessage['author'] {
  // "incoming" is from the visitor; agents and bots write "outgoing" and "template".
  if (messageType(raw) === 'incoming') return { kind: 'patient' };
  const sender = raw.sender ?? {};
  const name = (typeof sender['available_name'] === 'string' && sender['available_name']) || (typeof sender['name'] === 'string' ? sender['name'] : undefined);
  const avatarUrl = typeof sender['avatar_url'] === 'string' && sender['avatar_url'] ? sender['avatar_url'] : undefined;
  return { kind: 'educator', ...(name ? { name } : {}), ...(avatarUrl ? { avatarUrl } : {}) };
}

/*
 * Chatwoot messages are text only, so the item a message is about travels as a
 * quoted first line the educator can read in Chatwoot, and is parsed back here.
 */
const CONTEXT_LINE = /^> About: (.*)\n> \[([^\]\n]*)\]\n\n/;

export function encodeContext(text: string, context: ChatContext | undefined): string {
  if (!context) return text;
  const tag = [context.kind, context.reference].filter(Boolean).join(' | ');
  return `> About: ${context.title.replace(/\n/g, ' ')}\n> [${tag.replace(/[\]\n]/g, ' ')}]\n\n${text}`;
}

export function decodeContext(content: string): { text: string; context?: ChatContext } {
  const match = CONTEXT_LINE.exec(content);
  if (!match) return { text: content };
  const [kind = '', reference] = match[2]!.split(' | ');
  return { text: content.slice(match[0].length), context: { kind, title: match[1]!, ...(reference ? { reference } : {}) } };
}

function defaultStorage(): ChatwootStorage {
  const memory = new Map<string, string>();
  return {
    get: (key) => {
      try {
        return globalThis.localStorage?.getItem(key) ?? memory.get(key) ?? null;
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set: (key, value) => {
      memory.set(key, value);
      try {
        globalThis.localStorage?.setItem(key, value);
      } catch {
        /* storage blocked (private mode, iframe): memory only */
      }
    },
  };
}

/* ---------------------------------------------------------------- realtime */

interface RealtimeOptions {
  url: string;
  WebSocketClass: new (url: string) => WebSocket;
  getToken: () => Promise<string>;
  initialDelayMs: number;
  maxDelayMs: number;
  list: (conversationId: string) => Promise<ChatMessage[]>;
  toMessage: (raw: RawMessage, conversationId: string) => ChatMessage;
  onEnded: (conversationId: string) => void;
}

interface Subscriber {
  conversationId: string;
  handler: (event: ChatEvent) => void;
  options: SubscribeOptions | undefined;
  seen: Set<string>;
  /** Whether the first listing (what counts as already seen) is done. */
  primed: boolean;
  state: ConnectionState | undefined;
}

/**
 * One ActionCable connection per adapter, subscribed to the contact's RoomChannel;
 * events are routed to subscribers by conversation. After a reconnect every
 * subscriber re-lists its messages and hears the ones it missed.
 */
class Realtime {
  private socket: WebSocket | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private confirmed = false;

  constructor(private readonly options: RealtimeOptions) {}

  subscribe(conversationId: string, handler: (event: ChatEvent) => void, options: SubscribeOptions | undefined): () => void {
    const sub: Subscriber = { conversationId, handler, options, seen: new Set(), primed: false, state: undefined };
    this.subscribers.add(sub);
    this.setState(sub, 'connecting');
    if (this.confirmed) void this.catchUp(sub);
    else this.connect();
    return () => {
      if (!this.subscribers.delete(sub)) return;
      if (this.subscribers.size === 0) this.close();
    };
  }

  dispose(): void {
    this.disposed = true;
    for (const sub of [...this.subscribers]) this.setState(sub, 'closed');
    this.subscribers.clear();
    this.close();
  }

  private close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.confirmed = false;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    }
  }

  private connect(): void {
    if (this.socket || this.timer || this.disposed) return;
    const socket = new this.options.WebSocketClass(this.options.url);
    this.socket = socket;
    let identifier = '';
    socket.onmessage = (event: MessageEvent) => {
      let frame: { type?: string; identifier?: string; message?: { event?: string; data?: Record<string, unknown> } };
      try {
        frame = JSON.parse(String(event.data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'welcome') {
        void this.options.getToken().then((token) => {
          if (this.socket !== socket) return;
          identifier = JSON.stringify({ channel: 'RoomChannel', pubsub_token: token });
          socket.send(JSON.stringify({ command: 'subscribe', identifier }));
        }, () => socket.close());
      } else if (frame.type === 'confirm_subscription') {
        this.confirmed = true;
        this.attempt = 0;
        for (const sub of this.subscribers) void this.catchUp(sub);
      } else if (frame.type === undefined && frame.message?.event) {
        this.route(frame.message.event, frame.message.data ?? {});
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.confirmed = false;
      for (const sub of this.subscribers) {
        this.setState(sub, 'reconnecting');
      }
      if (this.subscribers.size === 0 || this.disposed) return;
      const delay = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** this.attempt++);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.connect();
      }, delay * (0.8 + Math.random() * 0.4));
    };
  }

  /** First time: note what exists. After a reconnect: deliver what was missed, in order. */
  private async catchUp(sub: Subscriber): Promise<void> {
    try {
      const messages = await this.options.list(sub.conversationId);
      if (!this.subscribers.has(sub)) return;
      for (const message of messages) {
        if (sub.seen.has(message.id)) continue;
        sub.seen.add(message.id);
        if (sub.primed) this.deliver(sub, { type: 'message', message });
      }
      sub.primed = true;
      this.setState(sub, 'open');
    } catch {
      // The listing failed (offline again): the next reconnect retries.
      if (this.subscribers.has(sub)) this.setState(sub, 'reconnecting');
    }
  }

  private route(event: string, data: Record<string, unknown>): void {
    const conversationId = String(data['conversation_id'] ?? (data['conversation'] as Record<string, unknown> | undefined)?.['id'] ?? (event.startsWith('conversation.') ? data['id'] : ''));
    for (const sub of [...this.subscribers]) {
      if (sub.conversationId !== conversationId || !sub.primed) continue;
      if (event === 'message.created') {
        const message = this.options.toMessage(data as unknown as RawMessage, conversationId);
        if (data['message_type'] === 2 || data['message_type'] === 'activity' || sub.seen.has(message.id)) continue;
        sub.seen.add(message.id);
        this.deliver(sub, { type: 'message', message });
      } else if (event === 'conversation.typing_on' || event === 'conversation.typing_off') {
        const user = (data['user'] ?? {}) as Record<string, unknown>;
        if (user['type'] === 'contact') continue; // our own typing echoed back
        const name = typeof user['name'] === 'string' ? user['name'] : undefined;
        this.deliver(sub, { type: 'typing', active: event === 'conversation.typing_on', educator: { kind: 'educator', ...(name ? { name } : {}) } });
      } else if (event === 'conversation.status_changed' && data['status'] === 'resolved') {
        this.options.onEnded(conversationId);
        this.deliver(sub, { type: 'conversation', event: 'ended', at: new Date().toISOString() });
        this.setState(sub, 'closed');
        this.subscribers.delete(sub);
        if (this.subscribers.size === 0) this.close();
      }
    }
  }

  private deliver(sub: Subscriber, event: ChatEvent): void {
    try {
      sub.handler(event);
    } catch (error) {
      console.error('[careline] A chat event handler threw.', error);
    }
  }

  private setState(sub: Subscriber, state: ConnectionState): void {
    if (sub.state === state || sub.state === 'closed') return;
    sub.state = state;
    try {
      sub.options?.onConnectionChange?.(state);
    } catch (error) {
      console.error('[careline] A connection state handler threw.', error);
    }
  }
}
