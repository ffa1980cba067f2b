/**
 * The durable outbox every write goes through (chat messages, posts, feedback,
 * patient-entered record data).
 *
 * - Each write gets a client-generated id, sent as its idempotency key, and is
 *   saved before it is sent: a reload, a crash or a lost connection loses nothing.
 * - Transient failures (offline, timeout, 5xx, 429) are retried with exponential
 *   backoff and jitter, honouring Retry-After; final ones (invalid, forbidden…)
 *   are kept with their reason so the user can fix the text and resend.
 * - One tab sends at a time (Web Locks); every tab sees every status (BroadcastChannel).
 * - Writes in one scope (e.g. a conversation) are sent in order.
 * - If IndexedDB is unavailable or full, it keeps working from memory and says so.
 */
import type { CareAdapter, WriteOperation, WriteOperations } from '../adapter.js';
import { CareError, isAbortError, isCareError, toCareError, type CareErrorKind } from '../errors.js';
import { createId } from '../ids.js';
import { DATABASE_PREFIX, ResilientStore, type FallbackReason, type KeyValueStore, type StorageMode } from '../storage/stores.js';
import { IdbStore } from '../storage/idb-store.js';
import type { DraftStore } from './drafts.js';

/**
 * queued: saved, not tried yet · sending: a request is out · waiting: failed
 * transiently, retried at nextAttemptAt · failed: automatic retries used up (or
 * signed out); retried on reload, on `online` and on demand · rejected: the
 * server refused it for good (see lastError); kept so the text is not lost.
 */
export type OutboxEntryState = 'queued' | 'sending' | 'waiting' | 'failed' | 'rejected';

export interface OutboxError {
  kind: CareErrorKind;
  message: string;
  fieldErrors: Record<string, string>;
  retryAfterMs?: number | undefined;
}

export interface OutboxEntry<K extends WriteOperation = WriteOperation> {
  /** Also the idempotency key. */
  id: string;
  op: K;
  input: WriteOperations[K]['input'];
  /** Writes in one scope are sent in order (a conversation, a group). */
  scope: string;
  createdAt: number;
  /** Tie-breaker for writes created in the same millisecond. */
  seq: number;
  attempts: number;
  state: OutboxEntryState;
  nextAttemptAt: number;
  lastError?: OutboxError | undefined;
  draftKey?: string | undefined;
  /**
   * A write that needs an earlier write's result, e.g. a first chat message that
   * needs the id of the conversation started just before it (offline, that start
   * is still queued). Before this entry is sent, `input[field] = result[path]` of
   * the entry `entryId`, which must be in the same scope (so it is sent first).
   */
  dependsOn?: { entryId: string; bind: Record<string, string> } | undefined;
}

export type OutboxEvent =
  | { type: 'queued' | 'updated'; entry: OutboxEntry }
  | { type: 'sent'; entry: OutboxEntry; result: unknown }
  | { type: 'discarded'; id: string }
  /** No longer pending: sent or discarded by a tab whose own news was lost (it closed or reloaded). */
  | { type: 'removed'; id: string }
  /** The sending tab's view of storage when it went idle: every other tab aligns with it. */
  | { type: 'sync'; entries: OutboxEntry[]; takenAt: number }
  | { type: 'storage'; mode: StorageMode; reason: FallbackReason }
  /** Upload progress of an entry being sent, 0 to 1 (this tab only). */
  | { type: 'progress'; id: string; fraction: number }
  | { type: 'wiped' };

/** A snapshot does not remove entries created this shortly before it: they may just not have been stored yet. */
const SNAPSHOT_SKEW_MS = 1000;

export interface RetryPolicy {
  /** First retry after about this long (halved to doubled by jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Automatic attempts before an entry is marked `failed` (it is still retried on reload/online/demand). */
  maxAutoAttempts: number;
}

export interface OutboxOptions {
  /** Separates the stored writes of different apps on one origin. */
  namespace: string;
  adapter: CareAdapter | (() => CareAdapter | undefined);
  /** Defaults to IndexedDB with memory fallback. */
  store?: KeyValueStore<OutboxEntry>;
  drafts?: DraftStore | undefined;
  retry?: Partial<RetryPolicy>;
  /** Scopes sent in parallel. Within a scope writes go one at a time, in order. */
  concurrency?: number;
  /** Web Locks + BroadcastChannel between tabs. Default true where the browser has them. */
  crossTab?: boolean;
  isOnline?: () => boolean;
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAutoAttempts: 10 };

type Listener = (event: OutboxEvent) => void;

function toOutboxError(error: CareError): OutboxError {
  return { kind: error.kind, message: error.message, fieldErrors: { ...error.fieldErrors }, retryAfterMs: error.retryAfterMs };
}

function byCreation(a: OutboxEntry, b: OutboxEntry): number {
  return a.createdAt - b.createdAt || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Fills a dependent write's input from its dependency's result. A path ending in
 * `[]` wraps the value in a list (`{ attachmentIds: 'id[]' }` → `[result.id]`).
 */
function bindInput(entry: OutboxEntry, result: unknown): OutboxEntry {
  const input = { ...(entry.input as Record<string, unknown>) };
  for (const [field, path] of Object.entries(entry.dependsOn?.bind ?? {})) {
    const asList = path.endsWith('[]');
    const value = (result as Record<string, unknown> | null)?.[asList ? path.slice(0, -2) : path];
    input[field] = asList ? [value] : value;
  }
  return { ...entry, input: input as OutboxEntry['input'], dependsOn: undefined };
}

/** Calls `adapter[port][method](input, { signal, idempotencyKey })`; sub-ports too (`records.sharing.share`). */
async function dispatch(adapter: CareAdapter, entry: OutboxEntry, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<unknown> {
  const path = entry.op.split('.');
  const method = path.pop()!;
  let port = adapter as unknown as Record<string, unknown> | undefined;
  for (const name of path) port = port?.[name] as Record<string, unknown> | undefined;
  const call = port?.[method] as ((input: unknown, options: unknown) => Promise<unknown>) | undefined;
  if (typeof call !== 'function') {
    throw new CareError('forbidden', `The "${adapter.name}" adapter cannot ${entry.op}.`);
  }
  return call.call(port, entry.input, { signal, idempotencyKey: entry.id, onProgress });
}

export class Outbox {
  readonly namespace: string;
  /** Resolves once stored entries are loaded. */
  readonly ready: Promise<void>;

  private adapterSource: CareAdapter | (() => CareAdapter | undefined);
  private readonly store: ResilientStore<OutboxEntry>;
  private readonly drafts: DraftStore | undefined;
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly isOnline: () => boolean;
  private readonly random: () => number;
  private readonly lockName: string;
  private readonly channel: BroadcastChannel | undefined;
  private readonly useLocks: boolean;
  private readonly mirror = new Map<string, OutboxEntry>();
  /** Entries being stored right now: a storage listing may not show them yet. */
  private readonly enqueueing = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly waiters = new Map<string, Array<{ resolve: (value: unknown) => void; reject: (error: unknown) => void }>>();
  /** Results of recent sends, so `settled()` called a moment too late still resolves. */
  private readonly recentlySent = new Map<string, unknown>();
  private readonly lifetime = new AbortController();
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private retryFailedOnNextDrain = true; // load counts as a reason to retry
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private disposed = false;
  /** Bumped by every wipe: an attempt that was in flight across one must not write its entry back. */
  private wipeGeneration = 0;
  private lastFallback: { mode: StorageMode; reason: FallbackReason } | undefined;

  constructor(options: OutboxOptions) {
    this.namespace = options.namespace;
    this.adapterSource = options.adapter;
    this.drafts = options.drafts;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.isOnline = options.isOnline ?? (() => navigator.onLine !== false);
    this.random = options.random ?? Math.random;
    this.lockName = `${DATABASE_PREFIX}${options.namespace}-outbox`;
    const primary = options.store ?? new IdbStore<OutboxEntry>(`${DATABASE_PREFIX}${options.namespace}-outbox`);
    this.store = new ResilientStore(primary, (reason) => {
      this.lastFallback = { mode: 'memory', reason };
      this.emit({ type: 'storage', mode: 'memory', reason }, false);
    });
    const crossTab = options.crossTab ?? true;
    this.useLocks = crossTab && typeof navigator !== 'undefined' && !!navigator.locks;
    if (crossTab && typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(this.lockName);
      this.channel.onmessage = (message: MessageEvent<OutboxEvent>) => this.receive(message.data);
    }
    window.addEventListener('online', this.onOnline);
    this.ready = this.load();
    // Flush on load: whatever an earlier page left unsent goes out now.
    void this.ready.then(() => this.flush());
  }

  /** `indexeddb`, or `memory` when unsent text will not survive a reload. */
  get storageMode(): StorageMode {
    return this.store.storageMode;
  }

  /** Why the outbox fell back to memory, if it did. */
  get fallback(): { mode: StorageMode; reason: FallbackReason } | undefined {
    return this.lastFallback;
  }

  setAdapter(adapter: CareAdapter | (() => CareAdapter | undefined)): void {
    this.adapterSource = adapter;
    void this.flush();
  }

  /** Unsent entries known to this tab (including other tabs' writes), oldest first. */
  entries(filter?: { scope?: string; op?: WriteOperation }): OutboxEntry[] {
    return [...this.mirror.values()]
      .filter((entry) => (!filter?.scope || entry.scope === filter.scope) && (!filter?.op || entry.op === filter.op))
      .sort(byCreation);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Saves a write, then sends it. Resolves with the saved entry as soon as it
   * is stored (use `settled(entry.id)` to wait for the server's answer).
   */
  async enqueue<K extends WriteOperation>(
    op: K,
    input: WriteOperations[K]['input'],
    options: { scope?: string; draftKey?: string; dependsOn?: OutboxEntry['dependsOn'] } = {},
  ): Promise<OutboxEntry<K>> {
    await this.ready;
    if (options.dependsOn) {
      const dependency = this.mirror.get(options.dependsOn.entryId);
      if (dependency && dependency.scope !== (options.scope ?? op)) {
        throw new Error('An outbox entry can only depend on an earlier entry in the same scope.');
      }
    }
    let entry: OutboxEntry<K> = {
      id: createId(),
      op,
      input,
      scope: options.scope ?? op,
      createdAt: Date.now(),
      seq: this.seq++,
      attempts: 0,
      state: 'queued',
      nextAttemptAt: 0,
      draftKey: options.draftKey,
      dependsOn: options.dependsOn,
    };
    // Its dependency may have been confirmed a moment ago (between the caller's look-up and now).
    if (entry.dependsOn && !this.mirror.has(entry.dependsOn.entryId) && this.recentlySent.has(entry.dependsOn.entryId)) {
      entry = bindInput(entry, this.recentlySent.get(entry.dependsOn.entryId)) as OutboxEntry<K>;
    }
    // Order matters. The view is updated first, so a send that starts the moment the
    // entry is stored can only move it forward; the draft is marked before the entry is
    // stored, so a send that completes at once still finds the draft to clear.
    this.enqueueing.add(entry.id);
    try {
      this.mirror.set(entry.id, entry);
      this.emit({ type: 'queued', entry }, false);
      const text = (input as { text?: unknown }).text;
      if (entry.draftKey) await this.drafts?.markQueued(entry.draftKey, entry.id, typeof text === 'string' ? text : undefined).catch(() => undefined);
      await this.store.set(entry.id, entry);
    } finally {
      this.enqueueing.delete(entry.id);
    }
    this.post({ type: 'queued', entry });
    void this.flush();
    return entry;
  }

  /**
   * Resolves with the server's result once sent; rejects with the CareError if it
   * is rejected for good. Resolves with `undefined` when another tab sent it and
   * closed before it could pass the result on.
   */
  settled<K extends WriteOperation>(id: string): Promise<WriteOperations[K]['result'] | undefined> {
    return new Promise((resolve, reject) => {
      if (this.recentlySent.has(id)) {
        resolve(this.recentlySent.get(id) as WriteOperations[K]['result'] | undefined);
        return;
      }
      const current = this.mirror.get(id);
      if (current?.state === 'rejected' && current.lastError) {
        reject(new CareError(current.lastError.kind, current.lastError.message, { fieldErrors: current.lastError.fieldErrors }));
        return;
      }
      const list = this.waiters.get(id) ?? [];
      list.push({ resolve: resolve as (value: unknown) => void, reject });
      this.waiters.set(id, list);
    });
  }

  /** Sends everything that is due now (and, on demand, what had failed). */
  flush(options: { includeFailed?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (options.includeFailed) this.retryFailedOnNextDrain = true;
    this.flushAgain = true;
    this.flushing ??= (async () => {
      try {
        while (this.flushAgain && !this.disposed) {
          this.flushAgain = false;
          await this.withLock(() => this.drain());
        }
      } catch (error) {
        if (!isAbortError(error)) console.error('[careline] outbox flush failed', error);
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  /** Tries one failed or rejected entry again now. */
  async retry(id: string): Promise<void> {
    await this.withLock(async () => {
      const stored = await this.store.get(id);
      if (!stored) return;
      await this.save({ ...stored, state: 'queued', nextAttemptAt: 0, attempts: 0 });
    });
    await this.flush();
  }

  /** Drops an unsent entry (the user chose to discard it, or edited and resent it as a new write). */
  async discard(id: string): Promise<void> {
    await this.withLock(async () => {
      await this.store.delete(id);
    });
    this.mirror.delete(id);
    this.emit({ type: 'discarded', id });
    for (const waiter of this.waiters.get(id) ?? []) waiter.reject(new DOMException('The write was discarded.', 'AbortError'));
    this.waiters.delete(id);
  }

  /** Deletes every unsent entry (sign-out). Other tabs are told to forget theirs. */
  async wipe(): Promise<void> {
    this.wipeGeneration++;
    await this.store.clear();
    await this.drafts?.clearAll();
    this.forgetAll();
    this.channel?.postMessage({ type: 'wiped' } satisfies OutboxEvent);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    clearTimeout(this.wakeTimer);
    window.removeEventListener('online', this.onOnline);
    this.channel?.close();
    this.listeners.clear();
  }

  private readonly onOnline = (): void => {
    void this.flush({ includeFailed: true });
  };

  private adapter(): CareAdapter | undefined {
    return typeof this.adapterSource === 'function' ? this.adapterSource() : this.adapterSource;
  }

  private async load(): Promise<void> {
    const stored = await this.store.list();
    for (const entry of stored) this.mirror.set(entry.id, entry);
  }

  private async withLock(work: () => Promise<void>): Promise<void> {
    if (!this.useLocks) return work();
    await navigator.locks.request(this.lockName, { signal: this.lifetime.signal }, work);
  }

  /** Sends due entries, scope by scope, until nothing is due; then schedules the next wake-up. */
  private async drain(): Promise<void> {
    const includeFailed = this.retryFailedOnNextDrain;
    this.retryFailedOnNextDrain = false;
    // Failed entries get one more try per reload/online/demand, not one per pass.
    const retriedFailed = new Set<string>();
    while (!this.disposed) {
      if (!this.isOnline() || !this.adapter()) return;
      // Read from storage, not the mirror: other tabs' writes are there too.
      const takenAt = Date.now();
      const stored = (await this.store.list()).sort(byCreation);
      this.reconcile(stored, takenAt);
      const now = Date.now();
      const chains = new Map<string, OutboxEntry[]>();
      const blocked = new Set<string>();
      let wakeAt = Number.POSITIVE_INFINITY;
      for (let entry of stored) {
        if (blocked.has(entry.scope)) continue;
        if (entry.state === 'rejected') {
          // Writes that depend on a refused write are refused with it (their text is kept).
          for (const dependent of stored) {
            if (dependent.dependsOn?.entryId === entry.id && dependent.state !== 'rejected') {
              dependent.state = 'rejected';
              await this.save({ ...dependent, state: 'rejected', lastError: { kind: 'invalid', message: 'The write it depended on was refused.', fieldErrors: {} } });
            }
          }
          continue;
        }
        if (entry.state === 'failed') {
          if (!includeFailed || retriedFailed.has(entry.id)) continue;
          retriedFailed.add(entry.id);
          entry = { ...entry, state: 'queued', attempts: 0, nextAttemptAt: 0 };
        }
        if (entry.dependsOn && !stored.some((other) => other.id === entry.dependsOn!.entryId)) {
          if (this.recentlySent.has(entry.dependsOn.entryId)) {
            // Stored just after its dependency was confirmed: bind it now.
            entry = bindInput(entry, this.recentlySent.get(entry.dependsOn.entryId));
            await this.save(entry);
          } else {
            // Its dependency is gone without passing on a result (discarded, or rejected and
            // dropped): this write can never be sent as meant. Keep its text, say why.
            await this.save({ ...entry, state: 'rejected', lastError: { kind: 'invalid', message: 'The write it depended on was not sent.', fieldErrors: {} } });
            continue;
          }
        }
        if (entry.nextAttemptAt > now) {
          // Head of line: later writes in this scope wait, so they arrive in order.
          blocked.add(entry.scope);
          wakeAt = Math.min(wakeAt, entry.nextAttemptAt);
          continue;
        }
        const chain = chains.get(entry.scope) ?? [];
        chain.push(entry);
        chains.set(entry.scope, chain);
      }
      if (chains.size === 0) {
        this.scheduleWake(wakeAt);
        // Idle: tell the other tabs what is really pending, in case some news never reached them.
        if (this.storageMode === 'indexeddb') this.post({ type: 'sync', entries: stored, takenAt });
        return;
      }
      await this.runChains([...chains.values()]);
    }
  }

  private async runChains(chains: OutboxEntry[][]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < chains.length && !this.disposed) {
        const chain = chains[next++]!;
        for (const entry of chain) {
          const outcome = await this.send(entry);
          if (outcome === 'stop') break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, chains.length) }, worker));
  }

  /** One attempt. 'continue' lets later writes in the scope go; 'stop' holds them back. */
  private async send(entry: OutboxEntry): Promise<'continue' | 'stop'> {
    const adapter = this.adapter();
    if (!adapter || this.disposed) return 'stop';
    if (entry.dependsOn) {
      // The listing this chain came from predates its dependency's send: read the bound input.
      const fresh = await this.store.get(entry.id);
      if (!fresh) return 'continue';
      if (fresh.dependsOn) {
        if (!this.recentlySent.has(fresh.dependsOn.entryId)) return 'stop';
        const bound = bindInput(fresh, this.recentlySent.get(fresh.dependsOn.entryId));
        await this.save(bound);
        entry = { ...entry, input: bound.input, dependsOn: undefined };
      } else {
        entry = { ...entry, input: fresh.input, dependsOn: undefined };
      }
    }
    const sending: OutboxEntry = { ...entry, state: 'sending', attempts: entry.attempts + 1 };
    const generation = this.wipeGeneration;
    // Signed out while this attempt was under way: what the patient wrote must not come back.
    const wiped = async () => {
      if (generation === this.wipeGeneration) return false;
      await this.store.delete(sending.id).catch(() => undefined);
      this.mirror.delete(sending.id);
      return true;
    };
    await this.save(sending);
    if (await wiped()) return 'stop';
    let result: unknown;
    try {
      result = await dispatch(adapter, sending, this.lifetime.signal, (fraction) =>
        this.emit({ type: 'progress', id: sending.id, fraction: Math.min(1, Math.max(0, fraction)) }, false),
      );
    } catch (thrown) {
      if (await wiped()) return 'stop';
      if (this.lifetime.signal.aborted) return 'stop'; // Disposed mid-send: the stored entry is retried on the next load.
      const error = toCareError(thrown);
      const careError = isCareError(error) ? error : new CareError('offline', 'The request was interrupted.');
      return this.recordFailure(sending, careError);
    }
    if (await wiped()) return 'stop';
    // Hand the result to dependent writes before forgetting this one: if the tab dies in
    // between, this write is sent again (idempotent: same result) and binds again.
    this.recentlySent.set(sending.id, result);
    for (const dependent of await this.store.list()) {
      if (dependent.dependsOn?.entryId !== sending.id) continue;
      await this.save(bindInput(dependent, result));
    }
    await this.store.delete(sending.id);
    if (sending.draftKey) await this.drafts?.clearIfQueuedAs(sending.draftKey, sending.id).catch(() => undefined);
    this.mirror.delete(sending.id);
    this.emit({ type: 'sent', entry: sending, result });
    return 'continue';
  }

  private async recordFailure(entry: OutboxEntry, error: CareError): Promise<'continue' | 'stop'> {
    const lastError = toOutboxError(error);
    let next: OutboxEntry;
    if (error.retryable) {
      next =
        entry.attempts >= this.policy.maxAutoAttempts
          ? { ...entry, state: 'failed', lastError }
          : { ...entry, state: 'waiting', nextAttemptAt: Date.now() + this.backoff(entry.attempts, error.retryAfterMs), lastError };
    } else if (error.kind === 'unauthorized') {
      next = { ...entry, state: 'failed', lastError };
    } else {
      next = { ...entry, state: 'rejected', lastError };
      if (entry.draftKey) await this.drafts?.unmarkQueued(entry.draftKey, entry.id).catch(() => undefined);
    }
    await this.save(next);
    // A transient failure holds the scope (order); a final one does not block the writes after it.
    return next.state === 'waiting' ? 'stop' : 'continue';
  }

  /** Exponential backoff with "equal jitter", never sooner than the server asked. */
  private backoff(attempts: number, retryAfterMs: number | undefined): number {
    const exponential = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    const jittered = exponential / 2 + this.random() * (exponential / 2);
    return Math.max(jittered, Math.min(retryAfterMs ?? 0, 60 * 60 * 1000));
  }

  /**
   * Aligns this tab's view with shared storage: entries another tab sent or
   * discarded without its news arriving are removed, and states are updated.
   * Only with IndexedDB: a memory store holds this tab's writes alone.
   */
  private reconcile(stored: OutboxEntry[], takenAt: number): void {
    if (this.storageMode !== 'indexeddb') return;
    const present = new Map(stored.map((entry) => [entry.id, entry]));
    for (const [id, known] of [...this.mirror]) {
      if (present.has(id) || this.enqueueing.has(id) || known.createdAt > takenAt - SNAPSHOT_SKEW_MS) continue;
      this.mirror.delete(id);
      this.emit({ type: 'removed', id }, false);
    }
    for (const entry of stored) {
      const known = this.mirror.get(entry.id);
      if (known && known.state === entry.state && known.attempts === entry.attempts) continue;
      this.mirror.set(entry.id, entry);
      this.emit({ type: 'updated', entry }, false);
    }
  }

  private post(event: OutboxEvent): void {
    try {
      this.channel?.postMessage(event);
    } catch {
      // Not cloneable: this tab's listeners had it already.
    }
  }

  private scheduleWake(at: number): void {
    clearTimeout(this.wakeTimer);
    if (!Number.isFinite(at) || this.disposed) return;
    this.wakeTimer = setTimeout(() => void this.flush(), Math.max(0, at - Date.now()));
  }

  private async save(entry: OutboxEntry): Promise<void> {
    await this.store.set(entry.id, entry);
    this.mirror.set(entry.id, entry);
    this.emit({ type: 'updated', entry });
  }

  private forgetAll(): void {
    for (const id of this.mirror.keys()) {
      for (const waiter of this.waiters.get(id) ?? []) waiter.reject(new DOMException('Careline data was wiped.', 'AbortError'));
    }
    this.waiters.clear();
    this.mirror.clear();
    this.emit({ type: 'wiped' }, false);
  }

  /** Applies another tab's news to this tab's view. */
  private receive(event: OutboxEvent): void {
    switch (event.type) {
      case 'queued':
        // News can arrive out of order: never move an entry the sender already took back to "queued".
        if (this.mirror.has(event.entry.id)) return;
        this.mirror.set(event.entry.id, event.entry);
        break;
      case 'updated':
        this.mirror.set(event.entry.id, event.entry);
        break;
      case 'sent':
      case 'discarded':
      case 'removed': {
        const id = event.type === 'sent' ? event.entry.id : event.id;
        this.mirror.delete(id);
        break;
      }
      case 'sync':
        this.reconcile(event.entries, event.takenAt);
        return;
      case 'wiped':
        this.forgetAll();
        return;
      case 'storage':
      case 'progress':
        return;
    }
    this.emit(event, false);
    // Pending work elsewhere: queue for the lock, so that if the sending tab closes
    // mid-send this tab takes over (a lock is released when its holder goes away).
    if ((event.type === 'queued' || event.type === 'updated') && event.entry.state !== 'rejected') void this.flush();
  }

  private emit(event: OutboxEvent, broadcast = true): void {
    if (event.type === 'sent') {
      this.recentlySent.set(event.entry.id, event.result);
      if (this.recentlySent.size > 500) this.recentlySent.delete(this.recentlySent.keys().next().value!);
    }
    if (event.type === 'removed') {
      for (const waiter of this.waiters.get(event.id) ?? []) waiter.resolve(undefined);
      this.waiters.delete(event.id);
    }
    if (event.type === 'sent' || (event.type === 'updated' && event.entry.state === 'rejected')) {
      const waiting = this.waiters.get(event.entry.id);
      if (waiting) {
        this.waiters.delete(event.entry.id);
        for (const waiter of waiting) {
          if (event.type === 'sent') waiter.resolve(event.result);
          else {
            const last = event.entry.lastError!;
            waiter.reject(new CareError(last.kind, last.message, { fieldErrors: last.fieldErrors }));
          }
        }
      }
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('[careline] outbox listener failed', error);
      }
    }
    if (broadcast && event.type !== 'storage' && event.type !== 'wiped' && event.type !== 'progress') this.post(event);
  }
}
