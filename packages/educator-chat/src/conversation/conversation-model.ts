/**
 * What the conversation shows, merged from three sources that overlap: pages
 * of history, realtime events, and this patient's writes still in the outbox.
 * Each message appears once (matched by server id, or by the idempotency key
 * the server echoes as `clientId`), in server order, with pending writes last.
 */
import type { ChatEvent, ChatMessage, ChatParticipant, OutboxEntry, OutboxEntryState, OutboxError } from '@careline/core';
import { STATUS_RANK, readableMessage, usableId } from './readable.js';

export type TimelineItem =
  | { kind: 'message'; key: string; at: string; message: ChatMessage; mine: boolean; status: 'sent' | 'delivered' | 'read' }
  | { kind: 'pending'; key: string; at: string; entryId: string; text: string; state: OutboxEntryState; error: OutboxError | undefined }
  | { kind: 'system'; key: string; at: string; event: 'joined' | 'transferred' | 'ended'; name: string | undefined };

/** For messages that cannot be written as JSON (a cycle, a BigInt, from a hand-made adapter). */
let unwritableMessages = 0;

/**
 * A readable message's timeline key: `m:` and its server id. A message a backend sent without a
 * usable id cannot be matched by id, yet may come twice (history and live overlap): it is keyed by
 * what it says (not its status, which changes), so a repeat shows once and different messages all
 * show. A `c:` key never equals an `m:` one, whatever id a backend sends.
 */
function messageKey(message: ChatMessage): string {
  if (usableId(message.id)) return `m:${message.id}`;
  try {
    return `c:${JSON.stringify({ ...message, status: undefined })}`;
  } catch {
    return `c:${++unwritableMessages}`; // Shown, if maybe twice.
  }
}

function byTime(a: { at: string; key: string }, b: { at: string; key: string }): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export class ConversationModel {
  /** By timeline key (messageKey). */
  private readonly messages = new Map<string, ChatMessage>();
  private readonly clientIds = new Set<string>();
  private readonly statuses = new Map<string, 'delivered' | 'read'>();
  private readonly systemEvents: TimelineItem[] = [];
  /** Cursor for the page before the oldest loaded message; undefined once history is complete. */
  earlierCursor: string | undefined;
  historyComplete = false;
  typing: ChatParticipant | undefined;
  queue: { position: number; estimatedWaitMinutes?: number | undefined } | undefined;
  ended = false;
  /** The sorted confirmed items, kept until something changes: every render reads them. */
  private confirmedCache: TimelineItem[] | undefined;

  get size(): number {
    return this.messages.size;
  }

  /** Adds or updates a message; returns true when it was not there before. */
  upsert(message: ChatMessage): boolean {
    // Not a message at all (a backend that sent null in its place, say): nothing to show, and it must not stop the rest.
    if (typeof message !== 'object' || message === null) return false;
    this.confirmedCache = undefined;
    const readable = readableMessage(message);
    const key = messageKey(readable);
    const isNew = !this.messages.has(key);
    this.messages.set(key, readable);
    if (message.clientId) this.clientIds.add(message.clientId);
    // An educator who writes has stopped typing.
    if (message.author?.kind === 'educator') this.typing = undefined;
    return isNew;
  }

  /** A page of history: the newest page first, then older pages as the patient asks. */
  addPage(items: ChatMessage[], nextCursor: string | undefined): void {
    for (const message of items) this.upsert(message);
    this.earlierCursor = nextCursor;
    this.historyComplete = nextCursor === undefined;
  }

  /** Applies a realtime event; returns true when an educator message arrived (for the unread badge). */
  apply(event: ChatEvent): boolean {
    switch (event.type) {
      case 'message': {
        // An event whose message is not one is ignored (upsert), not thrown into the stream.
        return this.upsert(event.message) && event.message.author?.kind === 'educator';
      }
      case 'typing':
        this.typing = event.active ? (event.educator ?? { kind: 'educator' }) : undefined;
        return false;
      case 'message-status': {
        const current = this.statuses.get(event.messageId);
        if (!current || STATUS_RANK[event.status] > STATUS_RANK[current]) {
          this.statuses.set(event.messageId, event.status);
          this.confirmedCache = undefined;
        }
        return false;
      }
      case 'conversation':
        if (!this.hasSystemEvent(event)) {
          this.confirmedCache = undefined;
          this.systemEvents.push({ kind: 'system', key: `system:${event.event}:${event.at}`, at: event.at, event: event.event, name: event.educator?.name });
        }
        if (event.event === 'ended') this.ended = true;
        return false;
      case 'queue':
        this.queue = { position: event.position, estimatedWaitMinutes: event.estimatedWaitMinutes };
        return false;
    }
  }

  /** Whether this conversation event (joined, transferred, ended) is already recorded. */
  hasSystemEvent(event: { event: string; at: string }): boolean {
    return this.systemEvents.some((item) => item.key === `system:${event.event}:${event.at}`);
  }

  /** Every item in order: confirmed messages and system events by time, then unconfirmed writes. */
  items(pending: readonly OutboxEntry[]): TimelineItem[] {
    const confirmed = (this.confirmedCache ??= this.confirmedItems());
    const unconfirmed: TimelineItem[] = pending
      .filter((entry) => entry.op === 'chat.sendMessage' && !this.clientIds.has(entry.id))
      .map((entry) => ({
        kind: 'pending' as const,
        key: `p:${entry.id}`,
        at: new Date(entry.createdAt).toISOString(),
        entryId: entry.id,
        text: (entry.input as { text: string }).text,
        state: entry.state,
        error: entry.lastError,
      }));
    return unconfirmed.length ? [...confirmed, ...unconfirmed] : confirmed.slice();
  }

  private confirmedItems(): TimelineItem[] {
    const confirmed: TimelineItem[] = [];
    for (const [key, message] of this.messages) {
      const override = this.statuses.get(message.id);
      const base = message.status ?? 'sent';
      const status = override && STATUS_RANK[override] > STATUS_RANK[base] ? override : base;
      confirmed.push({ kind: 'message', key, at: message.sentAt, message, mine: message.author?.kind === 'patient', status });
    }
    confirmed.push(...this.systemEvents);
    return confirmed.sort(byTime);
  }
}

/**
 * Which slice of the timeline is in the DOM. However long the history, at most
 * `size` items are rendered; it follows the newest items unless the patient
 * has moved back through the history. The default is a few screens of the
 * message list (a message is at least ~50 px tall, the list at most ~560 px),
 * moved by a few messages at a time so scrolling through it feels continuous.
 */
export class TimelineWindow {
  /** Index one past the last rendered item, or undefined to follow the newest. */
  private end: number | undefined;

  constructor(
    readonly size = 20,
    readonly step = 6,
  ) {}

  get followingNewest(): boolean {
    return this.end === undefined;
  }

  slice<T>(items: readonly T[]): { items: T[]; start: number; end: number; hasEarlier: boolean; hasNewer: boolean } {
    const end = Math.min(this.end ?? items.length, items.length);
    const start = Math.max(0, end - this.size);
    return { items: items.slice(start, end), start, end, hasEarlier: start > 0, hasNewer: end < items.length };
  }

  /** Moves back through items already loaded; returns false when the window is at the oldest loaded item. */
  showEarlier(total: number): boolean {
    const end = Math.min(this.end ?? total, total);
    if (end - this.size <= 0) return false;
    this.end = Math.max(this.size, end - this.step);
    return true;
  }

  /** After older items were prepended: keep showing the same items, then move back. */
  shiftForPrepended(count: number, total: number): void {
    // Following the newest, the same items are still the newest: stay following unless the
    // window really moves back (it pins only then, so a reply that arrives later still shows).
    if (this.end !== undefined) this.end = Math.min(this.end + count, total);
    this.showEarlier(total);
  }

  showNewer(total: number): void {
    if (this.end === undefined) return;
    this.end += this.step;
    if (this.end >= total) this.end = undefined;
  }

  followNewest(): void {
    this.end = undefined;
  }
}
