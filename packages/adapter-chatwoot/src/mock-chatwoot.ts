/**
 * A small in-memory Chatwoot for tests: msw handlers for the public client API,
 * a fake ActionCable websocket, and chaos hooks for the contract suite.
 * Every request is checked against the spec's operations and every response
 * against the spec's response schema; problems are collected in `violations`
 * (tests assert it stays empty).
 */
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw';
import type { ChatwootSpec } from './spec-validator.js';

export interface MockInbox {
  identifier: string;
  name: string;
  timezone: string;
  working_hours_enabled: boolean;
  working_hours: Array<{ day_of_week: number; open_all_day: boolean; closed_all_day: boolean; open_hour?: number; open_minutes?: number; close_hour?: number; close_minutes?: number }>;
  csat_survey_enabled: boolean;
  greeting_enabled: boolean;
  identity_validation_enabled: boolean;
}

interface StoredMessage {
  id: number;
  conversationId: number;
  content: string;
  messageType: 'incoming' | 'outgoing' | 'activity';
  createdAt: number;
  echoId?: string | undefined;
  attachments: Array<{ id: number; file_type: string; data_url: string; file_size: number; extension: string | null }>;
  sender: Record<string, unknown>;
}

interface StoredConversation {
  id: number;
  contactId: number;
  status: 'open' | 'resolved';
  lastSeenMessageId?: string | undefined;
  /** The visitor's typing status, as toggle_typing last set it. */
  contactTyping?: boolean | undefined;
}

interface StoredContact {
  id: number;
  sourceId: string;
  pubsubToken: string;
  name: string;
  email?: string | undefined;
  phoneNumber?: string | undefined;
  identifier?: string | undefined;
  identifierHash?: string | undefined;
}

export type MockFailure = { status: number; retryAfterSeconds?: number | undefined } | { networkError: true };

export interface MockChatwootOptions {
  baseUrl: string;
  inbox?: Partial<MockInbox> | undefined;
  spec: ChatwootSpec;
  /** Identity validation: the expected hash for an identifier (the server's HMAC). */
  expectedHash?: ((identifier: string) => string) | undefined;
}

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
  multipart: boolean;
}

export class MockChatwoot {
  readonly baseUrl: string;
  readonly inbox: MockInbox;
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly contacts = new Map<string, StoredContact>();
  readonly conversations = new Map<number, StoredConversation>();
  readonly messages: StoredMessage[] = [];
  private nextId = 1;
  private failures: MockFailure[] = [];
  private loseNext = false;
  private readonly sockets = new Set<FakeCableSocket>();
  readonly handlers: RequestHandler[];

  constructor(private readonly options: MockChatwootOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.inbox = {
      identifier: 'careline-test-inbox',
      name: 'Diabetes educators',
      timezone: 'Asia/Jakarta',
      working_hours_enabled: true,
      working_hours: [0, 1, 2, 3, 4, 5, 6].map((day) =>
        day === 0 ? { day_of_week: 0, open_all_day: false, closed_all_day: true } : { day_of_week: day, open_all_day: false, closed_all_day: false, open_hour: 8, open_minutes: 0, close_hour: 16, close_minutes: 30 },
      ),
      csat_survey_enabled: true,
      greeting_enabled: false,
      identity_validation_enabled: options.expectedHash !== undefined,
      ...options.inbox,
    };
    this.handlers = this.buildHandlers();
  }

  /** A fetch that answers from the handlers, checking each exchange against the spec. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const failure = this.failures.shift();
    if (failure && 'networkError' in failure) throw new TypeError('Failed to fetch');
    const url = request.url;
    let body: unknown;
    let multipart = false;
    const type = request.headers.get('Content-Type') ?? '';
    if (type.includes('multipart/form-data')) {
      multipart = true;
      const form = await request.clone().formData();
      const fields: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) if (typeof value === 'string') fields[key] = value;
      body = fields;
    } else {
      const text = await request.clone().text();
      body = text ? JSON.parse(text) : undefined;
    }
    this.requests.push({ method: request.method, url, body, multipart });
    this.violations.push(...this.options.spec.checkRequest(request.method, url, body).map((v) => `request: ${v}`));
    if (failure) {
      return new Response(JSON.stringify({ description: 'Scripted failure', errors: [] }), {
        status: failure.status,
        headers: { 'Content-Type': 'application/json', ...(failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {}) },
      });
    }
    const response = (await getResponse(this.handlers, request)) ?? new Response('Not found', { status: 404 });
    const text = await response.clone().text();
    // Error bodies are checked too, where the operation documents that status.
    this.violations.push(...this.options.spec.checkResponse(request.method, url, response.status, text ? JSON.parse(text) : undefined).map((v) => `response: ${v}`));
    if (this.loseNext && request.method !== 'GET') {
      this.loseNext = false;
      throw new TypeError('Failed to fetch (the response was lost)');
    }
    return response;
  };

  /** The fake ActionCable socket class to give the adapter as `WebSocket`. */
  readonly WebSocket = ((mock: MockChatwoot) =>
    class extends FakeCableSocket {
      constructor(url: string) {
        super(url, mock);
      }
    })(this);

  /* ------------------------------------------------------------ controls */

  failNext(failure: MockFailure): void {
    this.failures.push(failure);
  }

  loseNextResponse(): void {
    this.loseNext = true;
  }

  processedCount(echoId: string): number {
    return this.messages.filter((m) => m.echoId === echoId).length;
  }

  educatorSends(conversationId: string, content: string): void {
    const conversation = this.conversations.get(Number(conversationId));
    if (!conversation) throw new Error(`No conversation ${conversationId}`);
    const message = this.addMessage(conversation, content, 'outgoing', undefined);
    this.broadcast(conversation, 'message.created', this.eventData(message));
  }

  educatorTyping(conversationId: string, on: boolean): void {
    const conversation = this.conversations.get(Number(conversationId))!;
    this.broadcast(conversation, on ? 'conversation.typing_on' : 'conversation.typing_off', { conversation: { id: conversation.id }, user: { id: 7, name: 'Nurse Sari', type: 'user' }, is_private: false });
  }

  resolve(conversationId: string): void {
    const conversation = this.conversations.get(Number(conversationId));
    if (!conversation) return;
    conversation.status = 'resolved';
    this.broadcast(conversation, 'conversation.status_changed', { id: conversation.id, status: 'resolved' });
  }

  dropConnections(): void {
    for (const socket of [...this.sockets]) socket.serverClose();
  }

  contactTyping(conversationId: string): boolean {
    return this.conversations.get(Number(conversationId))?.contactTyping ?? false;
  }

  readMarker(conversationId: string): string | undefined {
    return this.conversations.get(Number(conversationId))?.lastSeenMessageId;
  }

  /* ------------------------------------------------------------ internals */

  attach(socket: FakeCableSocket): void {
    this.sockets.add(socket);
  }

  detach(socket: FakeCableSocket): void {
    this.sockets.delete(socket);
  }

  hasToken(token: string): boolean {
    return [...this.contacts.values()].some((c) => c.pubsubToken === token);
  }

  private broadcast(conversation: StoredConversation, event: string, data: Record<string, unknown>): void {
    const contact = [...this.contacts.values()].find((c) => c.id === conversation.contactId);
    if (!contact) return;
    for (const socket of this.sockets) socket.push(contact.pubsubToken, { event, data });
  }

  private addMessage(conversation: StoredConversation, content: string, messageType: StoredMessage['messageType'], echoId: string | undefined, files: File[] = []): StoredMessage {
    const id = this.nextId++;
    const message: StoredMessage = {
      id,
      conversationId: conversation.id,
      content,
      messageType,
      // Strictly increasing, so ordering by time and by id agree.
      createdAt: Math.floor(Date.now() / 1000) + id / 1000,
      echoId,
      attachments: files.map((file) => {
        const attachmentId = this.nextId++;
        return { id: attachmentId, file_type: file.type.startsWith('image/') ? 'image' : 'file', data_url: `${this.baseUrl}/rails/active_storage/${attachmentId}/${encodeURIComponent(file.name)}`, file_size: file.size, extension: file.name.split('.').pop() ?? null };
      }),
      sender: messageType === 'incoming' ? { id: conversation.contactId, name: 'Visitor', type: 'contact' } : { id: 7, name: 'Nurse Sari', available_name: 'Nurse Sari', avatar_url: '', type: 'user' },
    };
    this.messages.push(message);
    return message;
  }

  /** The public API's message (the spec types ids and times as strings). */
  private publicMessage(m: StoredMessage): Record<string, unknown> {
    return {
      id: String(m.id),
      content: m.content,
      message_type: m.messageType,
      content_type: 'text',
      created_at: new Date(m.createdAt * 1000).toISOString(),
      conversation_id: String(m.conversationId),
      attachments: m.attachments,
      sender: m.sender,
      ...(m.echoId ? { echo_id: m.echoId } : {}),
    };
  }

  /** The websocket's push_event_data: integers, as Chatwoot sends them. */
  private eventData(m: StoredMessage): Record<string, unknown> {
    return { id: m.id, content: m.content, message_type: m.messageType === 'incoming' ? 0 : 1, created_at: m.createdAt, conversation_id: m.conversationId, attachments: m.attachments, sender: m.sender, ...(m.echoId ? { echo_id: m.echoId } : {}) };
  }

  private publicConversation(c: StoredConversation): Record<string, unknown> {
    const contact = [...this.contacts.values()].find((x) => x.id === c.contactId);
    return { id: c.id, inbox_id: this.inbox.identifier, status: c.status, messages: [], contact: { id: contact?.id, name: contact?.name } };
  }

  private buildHandlers(): RequestHandler[] {
    const base = `${this.baseUrl}/public/api/v1/inboxes/:inbox`;
    const error = (status: number, description: string) => HttpResponse.json({ description, errors: [] }, { status });
    const conversationOf = (params: Record<string, string | readonly string[] | undefined>) => {
      if (params['inbox'] !== this.inbox.identifier) return undefined;
      const contact = this.contacts.get(String(params['contact']));
      const conversation = this.conversations.get(Number(params['conversation']));
      return contact && conversation && conversation.contactId === contact.id ? { contact, conversation } : undefined;
    };
    return [
      http.get(base, ({ params }) => (params['inbox'] === this.inbox.identifier ? HttpResponse.json(this.inbox) : error(404, 'Inbox not found'))),
      http.post(`${base}/contacts`, async ({ request, params }) => {
        if (params['inbox'] !== this.inbox.identifier) return error(401, 'Unknown inbox');
        const body = (await request.json()) as Record<string, string | undefined>;
        if (this.options.expectedHash && body['identifier'] && body['identifier_hash'] !== this.options.expectedHash(body['identifier'])) return error(401, 'Identity verification failed');
        const id = this.nextId++;
        const contact: StoredContact = { id, sourceId: crypto.randomUUID(), pubsubToken: crypto.randomUUID().replace(/-/g, ''), name: body['name'] ?? `visitor-${id}`, identifier: body['identifier'], identifierHash: body['identifier_hash'] };
        this.contacts.set(contact.sourceId, contact);
        return HttpResponse.json({ id, source_id: contact.sourceId, name: contact.name, email: body['email'] ?? '', pubsub_token: contact.pubsubToken });
      }),
      http.patch(`${base}/contacts/:contact`, async ({ request, params }) => {
        const contact = this.contacts.get(String(params['contact']));
        if (!contact || params['inbox'] !== this.inbox.identifier) return error(401, 'Unknown contact');
        const body = (await request.json()) as Record<string, string | undefined>;
        if (body['name']) contact.name = body['name'];
        if (body['email']) contact.email = body['email'];
        if (body['phone_number']) contact.phoneNumber = body['phone_number'];
        return HttpResponse.json({ id: contact.id, source_id: contact.sourceId, name: contact.name, email: contact.email ?? '', pubsub_token: contact.pubsubToken });
      }),
      http.post(`${base}/contacts/:contact/conversations`, ({ params }) => {
        const contact = this.contacts.get(String(params['contact']));
        if (!contact || params['inbox'] !== this.inbox.identifier) return error(401, 'Unknown contact');
        const conversation: StoredConversation = { id: this.nextId++, contactId: contact.id, status: 'open' };
        this.conversations.set(conversation.id, conversation);
        return HttpResponse.json(this.publicConversation(conversation));
      }),
      http.get(`${base}/contacts/:contact/conversations/:conversation`, ({ params }) => {
        const found = conversationOf(params);
        return found ? HttpResponse.json(this.publicConversation(found.conversation)) : error(404, 'Conversation not found');
      }),
      http.post(`${base}/contacts/:contact/conversations/:conversation/toggle_status`, ({ params }) => {
        const found = conversationOf(params);
        if (!found) return error(404, 'Conversation not found');
        // As in Chatwoot: resolved ↔ open.
        if (found.conversation.status === 'resolved') found.conversation.status = 'open';
        else this.resolve(String(found.conversation.id));
        return HttpResponse.json(this.publicConversation(found.conversation));
      }),
      http.post(`${base}/contacts/:contact/conversations/:conversation/update_last_seen`, ({ params }) => {
        const found = conversationOf(params);
        if (!found) return error(404, 'Conversation not found');
        const last = this.messages.filter((m) => m.conversationId === found.conversation.id).at(-1);
        found.conversation.lastSeenMessageId = last ? String(last.id) : undefined;
        return new HttpResponse(null, { status: 200 });
      }),
      http.post(`${base}/contacts/:contact/conversations/:conversation/toggle_typing`, ({ params, request }) => {
        const found = conversationOf(params);
        if (!found) return error(404, 'Conversation not found');
        found.conversation.contactTyping = new URL(request.url).searchParams.get('typing_status') === 'on';
        return new HttpResponse(null, { status: 200 });
      }),
      http.get(`${base}/contacts/:contact/conversations/:conversation/messages`, ({ params }) => {
        const found = conversationOf(params);
        // The spec documents only 401 for this operation's failures.
        if (!found) return error(401, 'Conversation not found');
        return HttpResponse.json(this.messages.filter((m) => m.conversationId === found.conversation.id).map((m) => this.publicMessage(m)));
      }),
      http.post(`${base}/contacts/:contact/conversations/:conversation/messages`, async ({ request, params }) => {
        const found = conversationOf(params);
        if (!found) return error(401, 'Conversation not found');
        let content = '';
        let echoId: string | undefined;
        const files: File[] = [];
        if ((request.headers.get('Content-Type') ?? '').includes('multipart/form-data')) {
          const form = await request.formData();
          content = String(form.get('content') ?? '');
          echoId = form.get('echo_id')?.toString();
          for (const file of form.getAll('attachments[]')) if (typeof file !== 'string') files.push(file);
        } else {
          const body = (await request.json()) as { content?: string; echo_id?: string };
          content = body.content ?? '';
          echoId = body.echo_id;
        }
        // As Chatwoot does: a visitor writing into a resolved conversation reopens it.
        found.conversation.status = 'open';
        const message = this.addMessage(found.conversation, content, 'incoming', echoId, files);
        this.broadcast(found.conversation, 'message.created', this.eventData(message));
        return HttpResponse.json(this.publicMessage(message));
      }),
    ];
  }
}

/** Enough of a WebSocket for the adapter: ActionCable's welcome, subscribe, confirm and broadcasts. */
export class FakeCableSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly url: string,
    private readonly mock: MockChatwoot,
  ) {
    super();
    mock.attach(this);
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.onopen?.(new Event('open'));
      this.receive({ type: 'welcome' });
    }, 0);
  }

  send(data: string): void {
    const frame = JSON.parse(data) as { command?: string; identifier?: string };
    if (frame.command !== 'subscribe' || !frame.identifier) return;
    const { channel, pubsub_token } = JSON.parse(frame.identifier) as { channel?: string; pubsub_token?: string };
    if (channel === 'RoomChannel' && pubsub_token && this.mock.hasToken(pubsub_token)) {
      this.tokens.set(pubsub_token, frame.identifier);
      setTimeout(() => this.receive({ identifier: frame.identifier, type: 'confirm_subscription' }), 0);
    } else {
      setTimeout(() => this.receive({ identifier: frame.identifier, type: 'reject_subscription' }), 0);
    }
  }

  push(token: string, message: unknown): void {
    const identifier = this.tokens.get(token);
    if (identifier && this.readyState === 1) this.receive({ identifier, message });
  }

  close(): void {
    this.finish();
  }

  /** The server or network drops the connection. */
  serverClose(): void {
    this.finish();
  }

  private finish(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.mock.detach(this);
    setTimeout(() => this.onclose?.(new CloseEvent('close', { code: 1006 })), 0);
  }

  private receive(frame: unknown): void {
    if (this.readyState !== 1) return;
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
}
