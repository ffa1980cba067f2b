import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { Task } from '@lit/task';
import {
  CareElement,
  dateTimeFormat,
  prepareFormatters,
  isPlainParagraph,
  NetworkController,
  printInFrame,
  EmergencyCheckController,
  errorSummaryTemplate,
  renderMarkdown,
  formStyles,
  DraftController,
  OutboxController,
  isAbortError,
  memoryOnlyTemplate,
  offlineTemplate,
  retryTransient,
  sharedDrafts,
  keepBothTexts,
  type CareAdapter,
  type CareConfig,
  CareAskEducatorEvent,
  type ChatAttachment,
  type ChatAvailability,
  type ChatContext,
  type ChatMessage,
  type ChatParticipant,
  type ConnectionState,
  type Conversation,
  type Outbox,
  type OutboxEvent,
  type Page,
  type Session,
  type StartConversationInput,
  type Unsubscribe,
  registerDefaultMessages,
} from '@careline/core';
import { ChatOptionsElement } from '../educator-chat/chat-options.js';
import { registerChatMessages } from '../i18n/index.js';
import { enChat } from '../i18n/en-chat.js';
import { ConversationModel, TimelineWindow, type TimelineItem } from '../conversation/conversation-model.js';
import { readableAvailability, readableMessage, usableId } from '../conversation/readable.js';
import { TypingSignal } from '../conversation/typing-signal.js';
import { CareChatCloseEvent, CareChatMessageSentEvent, CareChatOpenEvent, CareChatRatedEvent } from '../events.js';
import { launcherIcon } from '../educator-chat/launcher.js';
import { launcherStyles } from '../educator-chat/educator-chat.styles.js';
import { chatStyles } from './educator-chat-app.styles.js';

type ContactChannel = 'email' | 'phone' | 'sms';

/** The formats a conversation's history shows (times, day headings): passed exactly as rendered. */
const TIME_FORMAT = { timeStyle: 'short' } as const;
const DAY_FORMAT = { dateStyle: 'long' } as const;
const HISTORY_FORMATS = [{ date: TIME_FORMAT }, { date: DAY_FORMAT }];

/** What patients may attach: photos and PDFs. */
const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'];

/** How near (px) the list's edge must come before the window moves there. */
const EDGE_MARGIN = 80;

/** Conversation keys in use on this page, to catch two chats sharing one by accident. */
const keysInUse = new Map<string, Set<EducatorChatApp>>();

let appMessagesRegistered = false;
/**
 * The chat's own English, which the launcher does not bring; a host's own wording for a key is
 * kept. Registered as the element is defined (app.ts, the launcher's loader), so the widgets
 * already on the page are not told of new tables (and re-rendered) while the chat first renders;
 * the constructor's call covers a host that defines the class itself.
 */
export function registerChatAppMessages(): void {
  if (appMessagesRegistered) return;
  appMessagesRegistered = true;
  registerDefaultMessages('en', enChat);
}

/** Messages already reported as unreadable: each render would report them again. */
const reportedUnreadable = new WeakSet<object>();

/**
 * The whole chat behind `<care-educator-chat>`: the launcher with its unread count, the
 * panel, the conversation and everything it sends. `<care-educator-chat>` loads this module
 * and renders this element only when the chat is needed (inline, opened, a conversation to
 * resume, or the patient reaching for the launcher); see that element for the public API.
 * Messages go through the durable outbox: never refused, never lost, sent once.
 *
 * @internal
 */
export class EducatorChatApp extends ChatOptionsElement {
  static override styles = [CareElement.styles, formStyles, launcherStyles, chatStyles];
  static override reportedTag = 'care-educator-chat';

  @state() private conversationId: string | undefined;
  @state() private unread = 0;
  @state() private topicId: string | undefined;
  @state() private guestName = '';
  @state() private guestChannel: ContactChannel = 'email';
  @state() private guestContact = '';
  @state() private notifyBy: 'portal' | 'email' | 'sms' = 'portal';
  @state() private errors: Array<{ field: string; message: string }> = [];
  @state() private emergencyShown = false;
  @state() private connection: ConnectionState | undefined;
  @state() private keyConflict = false;
  private readonly network = new NetworkController(this);
  @state() private context: ChatContext | undefined;
  /** A stored conversation is being reopened: show it loading, not the new-chat panel. */
  @state() private resuming = false;
  /** idle → confirm → rating → rated; `ended` when a reload finds the conversation already over. */
  @state() private ending: 'idle' | 'confirm' | 'rating' | 'rated' | 'ended' | 'cleared' = 'idle';
  @state() private rating: number | undefined;
  @state() private ratingComment = '';
  @state() private attachmentError: string | undefined;
  private readonly uploadProgress = new Map<string, number>();

  @query('textarea') private textarea!: HTMLTextAreaElement | null;
  @query('.launcher') private launcher!: HTMLButtonElement | null;
  @query('.error-summary') private errorSummary!: HTMLElement | null;
  @query('.log') private log!: HTMLElement | null;

  private model = new ConversationModel();
  private readonly window = new TimelineWindow();
  private readonly emergency = new EmergencyCheckController(this);
  private readonly outboxStatus = new OutboxController(this, () => this.care.config, {}, (event) => this.onOutboxEvent(event));
  private readonly draft = new DraftController(this, {
    key: () => (this.care.config ? `chat:${this.conversationKey}` : undefined),
    drafts: () => (this.care.config ? sharedDrafts(this.care.config) : undefined),
    // The message field shows before storage has answered: a draft read back after typing began keeps both.
    combine: keepBothTexts,
  });
  private boundAdapter: CareAdapter | undefined;
  private boundConfig: CareConfig | undefined;
  private unsubscribeRealtime: Unsubscribe | undefined;
  private lifetime = new AbortController();
  /** Tells the educator the patient is typing, where the backend can show it (`chat.setTyping`). */
  private readonly typing = new TypingSignal({
    send: (active) => {
      // The adapter this conversation is bound to (not a configuration that replaced it meanwhile).
      const chat = this.boundAdapter?.chat;
      const conversationId = this.conversationId;
      if (!chat?.setTyping || !conversationId) return;
      // "Stopped" is also sent as the chat goes away, so it must outlive the element's lifetime signal.
      return chat.setTyping({ conversationId, active }, { signal: active ? this.lifetime.signal : AbortSignal.timeout(10_000) });
    },
  });
  private focusComposerAfterRender = false;
  /** Set when the patient opened or closed the panel before the configuration came: bind() keeps it. */
  private openedBeforeConfiguration: boolean | undefined;
  private loadingEarlier = false;
  /** Whether the list showed its newest message when last scrolled: then it keeps doing so as messages arrive. */
  private atBottom = true;
  private scrollToNewestAfterRender = true;
  /** The newest item rendered, and the one the list was last scrolled to: scrolling forces layout, so only when it changed. */
  private renderedNewestKey: string | undefined;
  private scrolledToKey: string | undefined;
  /** What the window can do now, for the edge observer (set as the list renders). */
  private windowEdges = { earlier: false, newer: false };
  private movingWindow = false;
  /**
   * After a button brought messages into view, the list's edge is near: it moves the window
   * again only once the patient scrolls away from where the button left the list.
   */
  private edgesHeldAt: number | undefined;
  private edgeObserver: IntersectionObserver | undefined;
  private observedLog: HTMLElement | undefined;
  /** New messages and events for screen readers: the list itself is not live, so moving the window is silent. */
  @state() private announcements: Array<{ id: number; text: string }> = [];
  private announcementId = 0;

  private readonly availability = new Task(this, {
    task: async ([adapter], { signal }) => (adapter ? readableAvailability(await retryTransient((s) => adapter.chat!.getAvailability({ signal: s }), { signal })) : undefined),
    args: () => [this.care.config?.adapter] as const,
  });

  private readonly session = new Task(this, {
    task: async ([adapter], { signal }): Promise<Session> => {
      if (!adapter?.session) return { status: 'guest' };
      const sessionPort = adapter.session;
      return retryTransient((s) => sessionPort.getSession({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter] as const,
  });

  constructor() {
    super();
    registerChatMessages();
    registerChatAppMessages();
  }

  /** Opens the panel (launcher mode). Focus moves into it, as after a click. */
  show(): void {
    this.setOpen(true, true);
  }

  /** Closes the panel and returns focus to the launcher. */
  hide(): void {
    this.setOpen(false, true);
  }

  /**
   * Opens the chat about an item (e.g. a lab result): the item is shown above the
   * message box and sent with the next message. The page-level `care-ask-educator`
   * event does the same without a reference to this element.
   */
  askAbout(context: ChatContext): void {
    this.context = { kind: context.kind, title: context.title, reference: context.reference };
    if (this.ending === 'cleared') this.ending = 'idle';
    if (this.mode === 'launcher') this.setOpen(true, true);
    else this.focusComposerAfterRender = true;
  }

  /** The conversation as plain text, oldest first (for the transcript). */
  transcript(): string {
    const lines = [this.t.t('chat.log.label'), ''];
    for (const item of this.model.items(this.pendingEntries())) {
      const when = dateTimeFormat(this.care.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(item.at));
      if (item.kind === 'system') lines.push(`[${when}] ${this.systemText(item.event, item.name)}`);
      else if (item.kind === 'pending') lines.push(`[${when}] ${this.t.t('chat.you')}: ${item.text} (${this.t.t('chat.status.sending')})`);
      else {
        // A message a backend sent incomplete says so in its place, as in the list: the rest of the transcript still comes.
        try {
          if (typeof item.message.text !== 'string') throw new TypeError('A message without its text.');
          const who = item.mine ? this.t.t('chat.you') : `${item.message.author?.name ?? this.t.t('chat.educator')}${item.message.author?.role ? ` (${item.message.author.role})` : ''}`;
          const files = item.message.attachments?.length ? ` [${item.message.attachments.map((file) => file.name).join(', ')}]` : '';
          lines.push(`[${when}] ${who}: ${item.message.text}${files}`);
        } catch {
          lines.push(`[${when}] ${this.t.t('chat.message.unreadable')}`);
        }
      }
    }
    return `${lines.join('\n')}\n`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('storage', this.onStorageChange);
    document.addEventListener(CareAskEducatorEvent.eventName, this.onAskEducator);
    this.claimKey();
  }

  private readonly onAskEducator = (event: CareAskEducatorEvent): void => {
    if (event.handled || this.keyConflict) return;
    event.handled = true;
    this.askAbout(event.context);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('storage', this.onStorageChange);
    document.removeEventListener(CareAskEducatorEvent.eventName, this.onAskEducator);
    this.releaseKey();
    this.unbind(); // Also tells the backend typing stopped.
    this.edgeObserver?.disconnect();
    this.edgeObserver = undefined;
    this.observedLog = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('conversationKey') && this.isConnected) {
      this.releaseKey(changed.get('conversationKey') as string | undefined);
      this.claimKey();
      if (this.boundConfig) this.unbind();
    }
    const config = this.care.config;
    if (config !== this.boundConfig) {
      this.unbind();
      if (config) this.bind(config);
    }
  }

  protected override update(changed: PropertyValues): void {
    // A message leaving the window, or a "show" button that is no longer needed, may hold focus.
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    const focusInList = focused?.closest('.log, .more') ? focused : undefined;
    super.update(changed);
    if (focusInList && !focusInList.isConnected) this.log?.focus({ preventScroll: true });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.followList();
    this.maybeMarkRead();
    if (this.focusComposerAfterRender && this.textarea) {
      this.focusComposerAfterRender = false;
      this.textarea.focus();
    }
  }

  /** Keeps the newest message in view while following it, and watches the list's edges. */
  private followList(): void {
    const log = this.log;
    if (!log) return;
    const arrived = this.renderedNewestKey !== this.scrolledToKey;
    if (this.window.followingNewest && (this.scrollToNewestAfterRender || (arrived && this.atBottom && !this.movingWindow))) {
      if (log === this.observedLog) log.scrollTop = log.scrollHeight;
      // A list that has just appeared is scrolled in the next frame, before it is painted:
      // reading its height now would force a layout in the middle of the first render.
      else requestAnimationFrame(() => log.isConnected && (log.scrollTop = log.scrollHeight));
      this.scrolledToKey = this.renderedNewestKey;
    }
    this.scrollToNewestAfterRender = false;
    if (log === this.observedLog) return;
    this.edgeObserver?.disconnect();
    this.observedLog = log;
    this.edgeObserver = new IntersectionObserver(() => this.checkEdges(), { root: log, rootMargin: `${EDGE_MARGIN}px 0px` });
    for (const edge of log.querySelectorAll('.edge')) this.edgeObserver.observe(edge);
  }

  /**
   * Scrolling near the top or bottom of the rendered messages moves the window there.
   * When both edges are in view the window is smaller than the list: nothing to move.
   */
  private checkEdges(): void {
    const log = this.log;
    if (!log || this.movingWindow || !log.clientHeight) return;
    if (this.edgesHeldAt !== undefined) {
      if (Math.abs(log.scrollTop - this.edgesHeldAt) < 2) return;
      this.edgesHeldAt = undefined;
    }
    const box = log.getBoundingClientRect();
    const near = (edge: Element | null) => {
      const rect = edge?.getBoundingClientRect();
      return !!rect && rect.bottom >= box.top - EDGE_MARGIN && rect.top <= box.bottom + EDGE_MARGIN;
    };
    const earlier = this.windowEdges.earlier && near(log.firstElementChild);
    const newer = this.windowEdges.newer && near(log.lastElementChild);
    if (earlier !== newer) void this.moveWindow(earlier ? 'earlier' : 'newer', 'anchor');
  }

  /**
   * Moves the window. `anchor` (scrolling): the message in view stays where it is on
   * screen. `reveal` (the buttons): the messages just brought in are scrolled into view.
   */
  private async moveWindow(direction: 'earlier' | 'newer', keep: 'anchor' | 'reveal'): Promise<void> {
    if (keep === 'anchor' && this.movingWindow) return;
    this.movingWindow = true;
    const anchor = this.findAnchor();
    let moved = false;
    try {
      if (direction === 'earlier') moved = await this.loadEarlier();
      else {
        moved = !this.window.followingNewest;
        this.window.showNewer(this.model.items(this.pendingEntries()).length);
        this.requestUpdate();
      }
      await this.updateComplete;
      const log = this.log;
      if (!moved || !log) return;
      if (keep === 'anchor') this.restoreAnchor(anchor);
      else if (direction === 'newer' && this.window.followingNewest) log.scrollTop = log.scrollHeight;
      else {
        // The first (or last) row, a day's heading included, lines up with the list's edge, just short of the edge marker.
        const rows = log.children;
        const row = direction === 'earlier' ? rows[1] : rows[rows.length - 2];
        const box = log.getBoundingClientRect();
        const rect = row?.getBoundingClientRect();
        if (rect) log.scrollTop += direction === 'earlier' ? rect.top - box.top : rect.bottom - box.bottom;
        this.edgesHeldAt = log.scrollTop;
      }
    } finally {
      this.movingWindow = false;
    }
    // The edge may still be in view (short messages): go on once this move has settled.
    if (moved && keep === 'anchor') requestAnimationFrame(() => this.checkEdges());
  }

  private readonly onLogScroll = (event: Event): void => {
    // Measured as the patient scrolls (layout is fresh then), not before every render.
    const log = event.currentTarget as HTMLElement;
    this.atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 4;
    // Only needed while the edges are held: otherwise the observer sees the edges come near.
    if (this.edgesHeldAt !== undefined) this.checkEdges();
  };

  /** The first message in view, and how far from the list's top it is. */
  private findAnchor(): { key: string; offset: number } | undefined {
    const log = this.log;
    if (!log) return undefined;
    const top = log.getBoundingClientRect().top;
    for (const row of log.querySelectorAll<HTMLElement>('[data-key]')) {
      const box = row.getBoundingClientRect();
      if (box.bottom > top) return { key: row.dataset['key']!, offset: box.top - top };
    }
    return undefined;
  }

  private restoreAnchor(anchor: { key: string; offset: number } | undefined): void {
    const log = this.log;
    const row = anchor && log?.querySelector(`[data-key="${CSS.escape(anchor.key)}"]`);
    if (!log || !row || !anchor) return;
    log.scrollTop += row.getBoundingClientRect().top - log.getBoundingClientRect().top - anchor.offset;
  }

  private announce(text: string): void {
    // The last few only: older ones were read already, and removals are not announced.
    this.announcements = [...this.announcements.slice(-2), { id: ++this.announcementId, text }];
  }

  private lastMarkedRead: string | undefined;
  private markReadTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The educator's read marker: when the panel shows the newest educator message to
   * the patient (open, following the newest, page visible), tell the backend once.
   */
  private maybeMarkRead(): void {
    const visible = (this.mode === 'inline' || this.open) && this.window.followingNewest && document.visibilityState === 'visible';
    const adapter = this.boundAdapter;
    const conversationId = this.conversationId;
    if (!visible || !adapter?.chat || !conversationId) return;
    // Up to an id the backend knows: an educator message sent without one is passed over.
    const newest = this.model
      .items([])
      .filter((item) => item.kind === 'message' && !item.mine && usableId(item.message.id))
      .at(-1);
    if (newest?.kind !== 'message' || newest.message.id === this.lastMarkedRead) return;
    const upToMessageId = newest.message.id;
    clearTimeout(this.markReadTimer);
    this.markReadTimer = setTimeout(() => {
      this.lastMarkedRead = upToMessageId;
      adapter.chat!.markRead({ conversationId, upToMessageId }, { signal: this.lifetime.signal }).catch(() => {
        this.lastMarkedRead = undefined; // Try again on the next render.
      });
    }, 500);
  }

  /* ----------------------------------------------------------- wiring */

  private get scope(): string {
    return `chat:${this.conversationKey}`;
  }

  private bind(config: CareConfig): void {
    this.boundConfig = config;
    this.boundAdapter = config.adapter;
    this.lifetime = new AbortController();
    if (this.mode === 'launcher') {
      // Opened or closed by the patient before the configuration had come (the launcher is drawn at
      // once): that stands, and is remembered now, under this configuration's namespace.
      if (this.openedBeforeConfiguration === undefined) this.open = this.readStored('open') === 'true';
      else this.writeStored('open', String(this.open));
      this.openedBeforeConfiguration = undefined;
    }
    // Read synchronously, so the history is asked for before the first render.
    const storedConversation = this.readStored('conversation');
    // Another namespace (or backend) holds other conversations: one on screen that this
    // configuration has not stored is not its own. (A locale or theme change, or the same
    // backend's adapter rebuilt, finds the same conversation stored, and keeps it.)
    if (this.conversationId !== undefined && this.conversationId !== storedConversation) this.resetConversationView();
    if (storedConversation) void this.restoreConversation(storedConversation);
  }

  private writeStored(suffix: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(this.storageKey(suffix));
      else localStorage.setItem(this.storageKey(suffix), value);
    } catch {
      // Not remembered: the next page starts afresh.
    }
  }

  private unbind(): void {
    // "Stopped typing" goes to the backend the educator is on, before it is let go.
    this.typing.stop();
    this.lifetime.abort();
    // A restore cut short by a new configuration must not leave the panel loading.
    this.resuming = false;
    this.unsubscribeRealtime?.();
    this.unsubscribeRealtime = undefined;
    this.boundConfig = undefined;
    this.boundAdapter = undefined;
  }

  /**
   * After a reload: the stored conversation, if the server still has it, shown together with
   * its history (one render, not an empty conversation first). One the server no longer
   * knows is forgotten (a fresh start, not an error); an ended one is shown as ended.
   */
  private async restoreConversation(conversationId: string): Promise<void> {
    const chat = this.boundAdapter?.chat;
    if (!chat) return;
    // This configuration's lifetime: a later one (bind) replaces this.lifetime, and must not get this conversation.
    const lifetime = this.lifetime;
    this.resuming = true;
    // The history is asked for alongside the conversation's state: one round trip before it shows, not two.
    const firstPage = this.fetchLatest(conversationId);
    firstPage.catch(() => undefined);
    // The messages' times and day headings: their formatters are built while the history is on its way.
    prepareFormatters(this.care.locale, HISTORY_FORMATS);
    try {
      const conversation = await retryTransient((signal) => chat.getConversation(conversationId, { signal }), { signal: lifetime.signal });
      if (lifetime.signal.aborted) return;
      if (conversation.state === 'ended') {
        this.model.ended = true;
        this.ending = 'ended';
      }
    } catch (error) {
      if (isAbortError(error)) return;
      if ((error as { kind?: string }).kind === 'not-found') {
        this.writeStored('conversation', null);
        this.resuming = false;
        return;
      }
      // Unknown (offline): resume anyway; the outbox and the stream recover when back online.
    }
    const page = await firstPage.catch(() => undefined);
    if (lifetime.signal.aborted) return;
    if (page && this.model.size === 0) this.model.addPage(page.items, page.nextCursor);
    this.useConversation(conversationId, page ? 'loaded' : undefined);
  }

  /** `history`: 'loaded' when its first page is in the model already. */
  private useConversation(conversationId: string, history?: 'loaded'): void {
    this.resuming = false;
    if (this.conversationId === conversationId && this.unsubscribeRealtime) return;
    this.conversationId = conversationId;
    const adapter = this.boundAdapter;
    if (!adapter?.chat) return;
    this.unsubscribeRealtime?.();
    this.unsubscribeRealtime = adapter.chat.subscribe(
      conversationId,
      (event) => {
        const newEvent = event.type === 'conversation' && !this.model.hasSystemEvent(event);
        const arrived = this.model.apply(event);
        if (arrived && this.mode === 'launcher' && !this.open) this.unread++;
        if (arrived && event.type === 'message') {
          const message = readableMessage(event.message);
          this.announce(this.t.t('chat.announce', { name: message.author?.name ?? this.t.t('chat.educator'), text: typeof message.text === 'string' ? message.text : '' }));
        }
        if (newEvent) this.announce(this.systemText(event.event, event.educator?.name));
        this.requestUpdate();
      },
      {
        onConnectionChange: (state) => {
          // Whatever was written between the history request and the stream opening is in
          // neither: read the latest page again once live (duplicates merge by id, or by content without one).
          if (state === 'open' && this.connection !== 'open') void this.loadLatest();
          this.connection = state;
        },
        onResync: () => void this.loadLatest(),
      },
    );
    if (history !== 'loaded') void this.loadLatest();
  }

  private fetchLatest(conversationId: string): Promise<Page<ChatMessage>> {
    const chat = this.boundAdapter!.chat!;
    return retryTransient((signal) => chat.listMessages(conversationId, { limit: 30 }, { signal }), { signal: this.lifetime.signal, attempts: 5 });
  }

  private async loadLatest(): Promise<void> {
    const adapter = this.boundAdapter;
    const conversationId = this.conversationId;
    if (!adapter?.chat || !conversationId) return;
    try {
      const page = await this.fetchLatest(conversationId);
      if (this.model.size === 0) this.model.addPage(page.items, page.nextCursor);
      else for (const message of page.items) this.model.upsert(message);
      this.requestUpdate();
    } catch (error) {
      if (!isAbortError(error)) console.warn('[careline] could not load the conversation history', error);
    }
  }

  /** Shows earlier messages, from those loaded or from the server; false when there are none. */
  private async loadEarlier(): Promise<boolean> {
    const items = this.model.items(this.pendingEntries());
    if (this.window.showEarlier(items.length)) {
      this.requestUpdate();
      return true;
    }
    const adapter = this.boundAdapter;
    if (!adapter?.chat || !this.conversationId || this.model.historyComplete || this.loadingEarlier) return false;
    this.loadingEarlier = true;
    let moved = false;
    try {
      const before = this.model.items([]).find((item) => item.kind === 'message');
      const page = await adapter.chat.listMessages(
        this.conversationId,
        { before: this.model.earlierCursor ?? (before?.kind === 'message' ? before.message.id : undefined), limit: 30 },
        { signal: this.lifetime.signal },
      );
      const previous = this.model.items(this.pendingEntries()).length;
      this.model.addPage(page.items, page.nextCursor);
      const total = this.model.items(this.pendingEntries()).length;
      this.window.shiftForPrepended(total - previous, total);
      moved = total > previous;
    } catch (error) {
      if (!isAbortError(error)) console.warn('[careline] could not load earlier messages', error);
    } finally {
      this.loadingEarlier = false;
      this.requestUpdate();
    }
    return moved;
  }

  private onOutboxEvent(event: OutboxEvent): void {
    if (event.type === 'progress') {
      if (this.pendingEntries().some((entry) => entry.id === event.id)) {
        this.uploadProgress.set(event.id, event.fraction);
        this.requestUpdate();
      }
      return;
    }
    if (event.type !== 'sent' || event.entry.scope !== this.scope) return;
    if (event.entry.op === 'chat.startConversation' && event.result) {
      const conversation = event.result as Conversation;
      this.writeStored('conversation', conversation.id);
      if (conversation.queuePosition !== undefined) this.model.queue = { position: conversation.queuePosition };
      this.useConversation(conversation.id);
    }
    if (event.entry.op === 'chat.sendMessage' && event.result) this.model.upsert(event.result as ChatMessage);
  }

  private pendingEntries() {
    return this.outboxStatus.outbox?.entries({ scope: this.scope }) ?? [];
  }

  private pendingStartId(): string | undefined {
    return this.pendingEntries().find((entry) => entry.op === 'chat.startConversation' && entry.state !== 'rejected')?.id;
  }

  private claimKey(): void {
    const holders = keysInUse.get(this.conversationKey) ?? new Set<EducatorChatApp>();
    holders.add(this);
    keysInUse.set(this.conversationKey, holders);
    this.checkKeyConflicts();
  }

  private releaseKey(key = this.conversationKey): void {
    const holders = keysInUse.get(key);
    holders?.delete(this);
    if (holders?.size === 0) keysInUse.delete(key);
    for (const other of holders ?? []) other.checkKeyConflicts();
  }

  /** Two chats share a conversation only when every one of them names the key on purpose. */
  private checkKeyConflicts(): void {
    const holders = [...(keysInUse.get(this.conversationKey) ?? [])];
    const deliberate = holders.every((chat) => chat.hasAttribute('conversation-key'));
    for (const chat of holders) chat.keyConflict = holders.length > 1 && !deliberate && chat !== holders[0];
  }

  /**
   * The patient opened or closed this chat in another tab: follow, so the unread
   * badge clears everywhere once they have read, and the next page they look at agrees.
   */
  private readonly onStorageChange = (event: StorageEvent): void => {
    if (!this.boundConfig || event.storageArea !== localStorage) return;
    // Removed (cleared, not closed) leaves this tab as it is.
    if (event.key === this.storageKey('open') && this.mode === 'launcher' && event.newValue !== null) this.setOpen(event.newValue === 'true', false);
    if (event.key === this.storageKey('cleared') && event.newValue !== null) this.forgetConversationView();
    // Another tab started this conversation: show it here too.
    if (event.key === this.storageKey('conversation') && event.newValue && !this.conversationId && this.ending === 'idle') this.useConversation(event.newValue);
  };

  /* ---------------------------------------------------------- actions */

  private setOpen(open: boolean, byUser: boolean): void {
    if (this.open === open) return;
    this.open = open;
    if (byUser && !this.boundConfig) this.openedBeforeConfiguration = open;
    else if (byUser) this.writeStored('open', String(open));
    if (open) {
      this.unread = 0;
      this.window.followNewest();
      this.scrollToNewestAfterRender = true;
      this.focusComposerAfterRender = byUser;
      this.dispatchEvent(new CareChatOpenEvent(this.conversationKey));
    } else {
      this.dispatchEvent(new CareChatCloseEvent(this.conversationKey));
      if (byUser) void this.updateComplete.then(() => this.launcher?.focus());
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.mode === 'launcher' && this.open) {
      event.stopPropagation();
      this.hide();
    }
  }

  private onComposerKeydown(event: KeyboardEvent): void {
    // Enter sends, Shift+Enter is a new line; never while an IME is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.send();
    }
  }

  private validate(needsGuestDetails: boolean, text: string): Array<{ field: string; message: string }> {
    const errors: Array<{ field: string; message: string }> = [];
    if (needsGuestDetails) {
      if (!this.guestName.trim()) errors.push({ field: 'guest-name', message: this.t.t('chat.guest.error.name') });
      if (!this.guestContact.trim()) errors.push({ field: 'guest-contact', message: this.t.t('chat.guest.error.contact') });
    }
    if (!text) errors.push({ field: 'message', message: this.t.t('chat.composer.empty') });
    return errors;
  }

  /**
   * Takes the text now (so the patient can type the next message at once) and
   * sends in order: one conversation is started however fast messages follow.
   */
  private send(): Promise<void> {
    const text = this.draft.value.trim();
    if (!text) {
      this.errors = [{ field: 'message', message: this.t.t('chat.composer.empty') }];
      return this.updateComplete.then(() => this.errorSummary?.focus());
    }
    this.emergency.run(text, this.care.locale, this.emergencyPhrases, (match) => (this.emergencyShown = match.matched));
    void this.draft.saveNow(); // The stored draft holds this text until the server confirms it.
    this.draft.clearField();
    this.typing.stop();
    this.window.followNewest();
    this.scrollToNewestAfterRender = true;
    this.sending = this.sending.then(() => this.sendInOrder(text)).catch((error: unknown) => console.error('[careline] could not queue the message', error));
    return this.sending;
  }

  private sending: Promise<void> = Promise.resolve();

  private async sendInOrder(text: string): Promise<void> {
    if (!this.care.config) {
      // The configuration went away between the click and now (a provider replaced, say): keep the text.
      this.draft.update(this.draft.value ? `${text}\n${this.draft.value}` : text);
      this.requestUpdate();
      return;
    }
    // A sign-out while this send waits: the text belonged to the last person; it is neither sent nor put back.
    const wipes = this.wipes;
    let outbox: Outbox;
    try {
      outbox = await this.outboxStatus.use();
      if (this.wipes !== wipes) return;
    } catch {
      if (this.wipes !== wipes) return;
      // Its code could not be fetched (offline before it was needed): nothing is lost.
      this.draft.update(this.draft.value ? `${text}\n${this.draft.value}` : text);
      this.errors = [{ field: 'message', message: this.t.t('core.outbox.unavailable') }];
      await this.updateComplete;
      this.errorSummary?.focus();
      return;
    }
    const startedAlready = this.conversationId !== undefined || this.pendingStartId() !== undefined;
    // A fast typist must not be asked for guest details just because the session is still loading.
    let session: Session | undefined;
    try {
      session = await this.session.taskComplete;
    } catch {
      session = undefined; // Unknown: ask for contact details, so a reply can reach them.
    }
    if (this.wipes !== wipes) return;
    // After a sign-out on this page, whoever is next is a guest, whatever the backend still thinks.
    const isGuest = !this.signedInBy(session);
    this.errors = this.validate(!startedAlready && isGuest, text);
    if (this.errors.length) {
      // Nothing is lost: the text goes back into the box (after anything typed since).
      this.draft.update(this.draft.value ? `${text}\n${this.draft.value}` : text);
      this.requestUpdate();
      await this.updateComplete;
      this.errorSummary?.focus();
      return;
    }
    const draftKey = `chat:${this.conversationKey}`;
    const context = this.context;
    this.context = undefined;
    if (this.conversationId) {
      await outbox.enqueue('chat.sendMessage', { conversationId: this.conversationId, text, context }, { scope: this.scope, draftKey });
    } else {
      let startId = this.pendingStartId();
      if (!startId) {
        const input: StartConversationInput = { topicId: this.topicId };
        if (isGuest) input.guest = { name: this.guestName.trim(), contact: { channel: this.guestChannel, value: this.guestContact.trim() } };
        else if (this.availability.value?.online === false) input.notifyBy = this.notifyBy;
        startId = (await outbox.enqueue('chat.startConversation', input, { scope: this.scope })).id;
      }
      await outbox.enqueue(
        'chat.sendMessage',
        { conversationId: '', text, context },
        { scope: this.scope, draftKey, dependsOn: { entryId: startId, bind: { conversationId: 'id' } } },
      );
    }
    this.dispatchEvent(new CareChatMessageSentEvent(this.conversationKey, !startedAlready));
  }

  private downloadTranscript(): void {
    const url = URL.createObjectURL(new Blob([this.transcript()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `chat-transcript-${new Date().toISOString().slice(0, 10)}.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Prints the transcript alone, from a blank frame: the host page is not printed with it. */
  private printTranscript(): void {
    printInFrame(this.renderRoot, {
      lang: this.care.locale,
      dir: this.care.dir,
      title: this.t.t('chat.log.label'),
      css: 'pre { white-space: pre-wrap; font: 14px/1.5 system-ui, sans-serif; }',
      fill: (body, doc) => {
        const pre = doc.createElement('pre');
        pre.textContent = this.transcript();
        body.append(pre);
      },
    });
  }

  private async endChat(): Promise<void> {
    const config = this.care.config;
    if (!config || !this.conversationId) return;
    await (await this.outboxStatus.use()).enqueue('chat.endConversation', { conversationId: this.conversationId }, { scope: this.scope });
    this.model.ended = true;
    this.ending = config.adapter.feedback ? 'rating' : 'rated';
  }

  private async submitRating(): Promise<void> {
    const config = this.care.config;
    if (!config || !this.conversationId) return;
    if (!this.rating) {
      this.errors = [{ field: 'rating-1', message: this.t.t('chat.rating.error') }];
      await this.updateComplete;
      this.errorSummary?.focus();
      return;
    }
    this.errors = [];
    const rating = this.rating;
    await (await this.outboxStatus.use()).enqueue(
      'feedback.submit',
      {
        kind: rating >= 4 ? 'compliment' : rating <= 2 ? 'complaint' : 'suggestion',
        rating,
        description: this.ratingComment.trim() || `Chat rating: ${rating} out of 5`,
        anonymous: false,
        source: { kind: 'chat', conversationId: this.conversationId },
      },
      { scope: `feedback:${this.scope}` },
    );
    this.ending = 'rated';
    this.dispatchEvent(new CareChatRatedEvent(this.conversationKey, rating));
  }

  /** Rating is optional: the patient goes straight to the choice of clearing the chat. */
  private skipRating(): void {
    this.errors = [];
    this.ending = 'ended';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.clear')?.focus());
  }

  /** For shared computers: forget this conversation on this device (the hospital keeps its record). */
  private async clearChat(): Promise<void> {
    const config = this.care.config;
    if (!config) return;
    this.unsubscribeRealtime?.();
    this.unsubscribeRealtime = undefined;
    this.draft.clearField();
    this.writeStored('conversation', null);
    await sharedDrafts(config).clear(`chat:${this.conversationKey}`).catch(() => undefined);
    try {
      localStorage.removeItem(this.storageKey('open'));
      // Other tabs showing this conversation forget it too (they hear the write, not the value).
      localStorage.setItem(this.storageKey('cleared'), String(Date.now()));
      localStorage.removeItem(this.storageKey('cleared'));
    } catch {
      // Nothing stored.
    }
    this.forgetConversationView();
  }

  private forgetConversationView(): void {
    this.draft.clearField();
    this.resetConversationView();
    this.ending = 'cleared';
  }

  /**
   * Sign-out (here or in another tab): the conversation, what is typed and the contact details
   * go; the chat starts afresh for whoever is next, as a guest until Careline is configured again
   * (signedOutHere), whatever the session asked for again says.
   */
  protected override forgetPersonalData(firstNotice: boolean): void {
    // Bound anew at the next update: an answer on its way for the old conversation is dropped.
    this.unbind();
    this.draft.clearField();
    this.resetConversationView();
    this.guestName = '';
    this.guestChannel = 'email';
    this.guestContact = '';
    this.notifyBy = 'portal';
    this.context = undefined;
    this.emergencyShown = false;
    this.attachmentError = undefined;
    this.uploadProgress.clear();
    if (firstNotice) void this.session.run();
  }

  /** The chat as before any conversation (what the patient is typing stays). */
  private resetConversationView(): void {
    clearTimeout(this.markReadTimer);
    this.lastMarkedRead = undefined;
    this.unsubscribeRealtime?.();
    this.unsubscribeRealtime = undefined;
    this.connection = undefined;
    this.conversationId = undefined;
    this.model = new ConversationModel();
    this.window.followNewest();
    this.announcements = [];
    this.rating = undefined;
    this.ratingComment = '';
    this.errors = [];
    this.topicId = undefined;
    this.unread = 0;
    this.ending = 'idle';
  }

  private async attach(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    const config = this.care.config;
    const conversationId = this.conversationId;
    if (!config || !conversationId) return;
    // A sign-out while the files are being added: the rest belong to the last person, and are not stored.
    const wipes = this.wipes;
    let outbox: Outbox;
    try {
      outbox = await this.outboxStatus.use();
    } catch {
      if (this.wipes === wipes) this.attachmentError = this.t.t('core.outbox.unavailable');
      return;
    }
    if (this.wipes !== wipes) return;
    this.attachmentError = undefined;
    for (const file of files) {
      if (!ATTACHMENT_TYPES.includes(file.type)) {
        this.attachmentError = this.t.t('chat.attach.error.type', { name: file.name });
        continue;
      }
      if (file.size > this.maxAttachmentMb * 1024 * 1024) {
        this.attachmentError = this.t.t('chat.attach.error.size', { name: file.name, size: this.maxAttachmentMb });
        continue;
      }
      // The file is saved in the outbox too: a reload or a lost connection does not lose it.
      const upload = await outbox.enqueue('chat.uploadAttachment', { conversationId, file, name: file.name }, { scope: this.scope });
      // Signed out while it was being stored: the file is the last person's, and it goes.
      if (this.wipes !== wipes) return void (await outbox.discard(upload.id).catch(() => undefined));
      await outbox.enqueue(
        'chat.sendMessage',
        { conversationId, text: file.name },
        { scope: this.scope, dependsOn: { entryId: upload.id, bind: { attachmentIds: 'id[]' } } },
      );
    }
  }

  /* ---------------------------------------------------------- render */

  protected override renderReady(): TemplateResult {
    if (this.keyConflict) {
      return html`<div class="care-state" data-state="config" role="alert" part="state">
        <p class="care-state__detail">${this.t.t('chat.conflict', { key: this.conversationKey })}</p>
      </div>`;
    }
    if (this.mode === 'inline') return this.renderPanel();
    const label = this.unread > 0 ? `${this.t.t('chat.launcher.open')}, ${this.t.t('chat.launcher.unread', { count: this.unread })}` : this.t.t('chat.launcher.open');
    return html`<div class="launcher-wrap" @keydown=${this.onKeydown}>
      ${this.open ? this.renderPanel() : nothing}
      <button
        type="button"
        class="launcher"
        part="launcher"
        aria-label=${label}
        aria-expanded=${String(this.open)}
        aria-controls="panel"
        @click=${() => this.setOpen(!this.open, true)}
      >
        ${launcherIcon}
        ${this.unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${this.t.formatNumber(this.unread)}</span>` : nothing}
      </button>
    </div>`;
  }

  private renderPanel(): TemplateResult {
    const launcher = this.mode === 'launcher';
    return html`<section
      id="panel"
      class="panel"
      part="panel"
      role=${launcher ? 'dialog' : 'region'}
      aria-labelledby="title"
    >
      <header class="header" part="header">
        <h2 id="title">${this.t.t('chat.title')}</h2>
        ${launcher
          ? html`<button type="button" class="close" aria-label=${this.t.t('chat.close')} @click=${() => this.hide()}>
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z" /></svg>
            </button>`
          : nothing}
      </header>
      <p class="scope">${this.withEmergencyNumber('chat.scope')}</p>
      ${this.renderNotices()}
      ${this.ending === 'cleared' ? html`<p class="care-state" data-state="empty" role="status" part="state">${this.t.t('chat.cleared')}</p>` : nothing}
      ${this.conversationId || this.pendingEntries().length
        ? this.renderConversation()
        : this.resuming
          ? html`<p class="resuming" aria-busy="true">${this.t.t('core.loading')}</p>`
          : this.renderAvailability()}
      ${this.conversationId ? this.renderTools() : nothing}
      ${this.ending === 'idle' || this.ending === 'cleared' ? this.renderComposer() : this.renderEnding()}
    </section>`;
  }

  private renderTools(): TemplateResult {
    const t = this.t;
    return html`<div class="tools">
      <button type="button" class="link" @click=${() => this.downloadTranscript()}>${t.t('chat.transcript.download')}</button>
      <button type="button" class="link" @click=${() => this.printTranscript()}>${t.t('chat.transcript.print')}</button>
      ${this.ending === 'idle' && !this.model.ended
        ? html`<button type="button" class="link end" @click=${() => (this.ending = 'confirm')}>${t.t('chat.end')}</button>`
        : nothing}
    </div>`;
  }

  private renderEnding(): TemplateResult {
    const t = this.t;
    switch (this.ending) {
      case 'confirm':
        return html`<div class="ending" role="group" aria-labelledby="end-question">
          <p id="end-question">${t.t('chat.end.confirm')}</p>
          <div class="actions">
            <button type="button" class="care-button" data-variant="secondary" @click=${() => (this.ending = 'idle')}>${t.t('chat.end.no')}</button>
            <button type="button" class="care-button confirm-end" @click=${() => this.endChat()}>${t.t('chat.end.yes')}</button>
          </div>
        </div>`;
      case 'rating':
        return html`<form class="ending rating" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.submitRating())}>
          ${this.renderErrorSummary()}
          <fieldset class=${this.errors.length ? 'field--error' : ''}>
            <legend>${t.t('chat.rating.legend')}</legend>
            ${this.errors.length ? html`<p class="error" id="rating-error">${this.errors[0]!.message}</p>` : nothing}
            ${[1, 2, 3, 4, 5].map(
              (value) => html`<label class="choice"
                ><input
                  type="radio"
                  name="rating"
                  id=${`rating-${value}`}
                  .value=${String(value)}
                  .checked=${this.rating === value}
                  aria-describedby=${this.errors.length ? 'rating-error' : nothing}
                  @change=${() => (this.rating = value)}
                />
                ${t.t('chat.rating.option', { count: value })}</label
              >`,
            )}
          </fieldset>
          <div class="field">
            <label for="rating-comment">${t.t('chat.rating.comment')}</label>
            <textarea id="rating-comment" rows="3" .value=${this.ratingComment} @input=${(event: Event) => (this.ratingComment = (event.target as HTMLTextAreaElement).value)}></textarea>
          </div>
          <div class="actions">
            <button type="submit" class="care-button">${t.t('chat.rating.submit')}</button>
            <button type="button" class="care-button skip-rating" data-variant="secondary" @click=${() => this.skipRating()}>${t.t('chat.rating.skip')}</button>
          </div>
        </form>`;
      default:
        return html`<div class="ending">
          <p role="status">${this.ending === 'ended' ? t.t('chat.system.ended') : t.t('chat.rating.thanks')}</p>
          <p class="hint" id="clear-hint">${t.t('chat.clear.hint')}</p>
          <div class="actions">
            <button type="button" class="care-button clear" aria-describedby="clear-hint" @click=${() => this.clearChat()}>${t.t('chat.clear')}</button>
          </div>
        </div>`;
    }
  }

  private renderErrorSummary(): TemplateResult | typeof nothing {
    return errorSummaryTemplate(this.t.t('chat.errorSummary'), this.errors, this.renderRoot);
  }

  private renderUploads(): TemplateResult {
    const uploads = this.pendingEntries().filter((entry) => entry.op === 'chat.uploadAttachment');
    return html`${uploads.map((entry) => {
      const name = (entry.input as { name: string }).name;
      if (entry.state === 'rejected') {
        return html`<p class="error upload-error" role="alert">
          ${entry.lastError?.fieldErrors['file'] ?? entry.lastError?.message}
          <button type="button" class="link" @click=${() => this.discardUpload(entry.id)}>${this.t.t('chat.discard')}</button>
        </p>`;
      }
      const label = this.t.t('chat.attach.uploading', { name });
      return html`<p class="upload"><span>${label}</span> <progress max="1" .value=${this.uploadProgress.get(entry.id) ?? 0} aria-label=${label}></progress></p>`;
    })}`;
  }

  /** A refused upload takes the message that would have carried it along. */
  private async discardUpload(uploadId: string): Promise<void> {
    const outbox = this.outboxStatus.outbox;
    if (!outbox) return;
    for (const entry of this.pendingEntries()) if (entry.dependsOn?.entryId === uploadId) await outbox.discard(entry.id);
    await outbox.discard(uploadId);
  }

  /** A translated sentence with the emergency number as a dialable link where `{number}` stands. */
  private withEmergencyNumber(key: 'chat.scope' | 'chat.emergency.title'): TemplateResult {
    const [before, after = ''] = this.t.t(key, { number: '\u0000' }).split('\u0000');
    return html`${before}<a href=${`tel:${this.emergencyNumber.replace(/[^\d+]/g, '')}`} dir="ltr">${this.emergencyNumber}</a>${after}`;
  }

  private renderNotices(): TemplateResult {
    return html`
      ${this.outboxStatus.memoryOnly ? memoryOnlyTemplate(this.t) : nothing}
      ${!this.network.online
        ? offlineTemplate(this.t)
        : this.connection === 'reconnecting'
          ? html`<div class="care-state" data-state="offline" role="status" part="state"><p class="care-state__detail">${this.t.t('chat.reconnecting')}</p></div>`
          : nothing}
      ${this.emergencyShown
        ? html`<div class="emergency" role="alert">
            <p class="emergency__title">${this.withEmergencyNumber('chat.emergency.title')}</p>
            <p>${this.t.t('chat.emergency.detail')}</p>
          </div>`
        : nothing}
    `;
  }


  private renderAvailability(): TemplateResult {
    const loading = () => html`<p class="availability" aria-busy="true">${this.t.t('core.loading')}</p>`;
    return this.availability.render({
      initial: loading,
      pending: loading,
      error: () => html`<p class="availability">${this.t.t('chat.availability.unknown')}</p>`,
      complete: (availability) => (availability ? this.renderAvailabilityDetails(availability) : html``),
    });
  }

  private renderAvailabilityDetails(availability: ChatAvailability): TemplateResult {
    const t = this.t;
    let status: string;
    if (availability.online) {
      status = t.t('chat.availability.online');
      if (availability.expectedReplyMinutes !== undefined) status += ` ${t.t('chat.availability.replyTime', { count: availability.expectedReplyMinutes })}`;
    } else if (availability.nextReplyBy) {
      status = t.t('chat.availability.offline', { time: this.formatInZone(availability.nextReplyBy, availability.timeZone) });
    } else {
      status = t.t('chat.availability.offlineNoTime');
    }
    return html`<div class="availability" data-online=${String(availability.online)}>
      <p><span class="dot" aria-hidden="true"></span>${status}</p>
      ${availability.officeHours.length
        ? html`<details>
            <summary>${t.t('chat.availability.hours', { zone: availability.timeZone })}</summary>
            <ul class="hours">
              ${availability.officeHours.map(
                (slot) => html`<li>${t.t(`chat.day.${slot.day}`)}: <span dir="ltr">${slot.opens}–${slot.closes}</span></li>`,
              )}
            </ul>
          </details>`
        : nothing}
    </div>`;
  }

  private formatInZone(iso: string, timeZone: string): string {
    try {
      return dateTimeFormat(this.care.locale, { dateStyle: 'full', timeStyle: 'short', timeZone: timeZone || undefined, timeZoneName: 'short' }).format(new Date(iso));
    } catch {
      return new Date(iso).toLocaleString(this.care.locale);
    }
  }

  private renderConversation(): TemplateResult {
    const all = this.model.items(this.pendingEntries());
    const view = this.window.slice(all);
    const canLoadEarlier = (view.hasEarlier || !this.model.historyComplete) && !!this.conversationId;
    this.windowEdges = { earlier: canLoadEarlier, newer: view.hasNewer };
    this.renderedNewestKey = view.items.at(-1)?.key;
    // The list is a log for its semantics but not live: moving the window must not re-read
    // messages. New ones are announced once, from the region after it.
    return html`
      ${this.model.queue && !this.model.ended
        ? html`<p class="queue" role="status">
            ${this.t.t('chat.queue', { count: this.model.queue.position })}
            ${this.model.queue.estimatedWaitMinutes !== undefined ? this.t.t('chat.queueWait', { count: this.model.queue.estimatedWaitMinutes }) : nothing}
          </p>`
        : nothing}
      ${canLoadEarlier
        ? html`<button type="button" class="more care-button" data-variant="secondary" @click=${() => this.moveWindow('earlier', 'reveal')}>${this.t.t('chat.loadEarlier')}</button>`
        : nothing}
      <div class="log" part="log" role="log" aria-live="off" aria-label=${this.t.t('chat.log.label')} tabindex="0" @scroll=${this.onLogScroll}><div class="edge" aria-hidden="true"></div>${repeat(
        this.rows(view.items),
        (row) => row.key,
        (row) => row.template,
      )}<div class="edge" aria-hidden="true"></div></div>
      ${view.hasNewer
        ? html`<button type="button" class="more care-button" data-variant="secondary" @click=${() => this.moveWindow('newer', 'reveal')}>
            ${this.t.t('chat.showNewer')}
          </button>`
        : nothing}
      <div class="announcements care-visually-hidden" aria-live="polite">${repeat(
        this.announcements,
        (announcement) => announcement.id,
        (announcement) => html`<p .textContent=${announcement.text}></p>`,
      )}</div>
      <p class="typing" aria-live="polite">${this.model.typing ? this.t.t('chat.typing', { name: this.model.typing.name ?? this.t.t('chat.educator') }) : nothing}</p>
    `;
  }

  /** The rendered items, each after its day's heading when the day changes. */
  private rows(items: TimelineItem[]): Array<{ key: string; template: TemplateResult }> {
    const rows: Array<{ key: string; template: TemplateResult }> = [];
    const days = this.dayLabels();
    let lastDay = '';
    for (const item of items) {
      // A message whose data cannot be drawn (a backend that sent it incomplete) says so in its
      // place; the rest of the conversation still shows.
      let day: string;
      let dayRow: TemplateResult | undefined;
      let template: TemplateResult;
      try {
        day = days(item.at);
        if (day !== lastDay) dayRow = html`<p class="date"><time datetime=${item.at.slice(0, 10)} .textContent=${day}></time></p>`;
        template = this.renderItem(item);
      } catch (error) {
        const unreadable = item.kind === 'message' ? item.message : item;
        if (!reportedUnreadable.has(unreadable)) console.error('[careline] a message could not be shown.', error);
        reportedUnreadable.add(unreadable);
        rows.push({ key: item.key, template: html`<p class="system" data-key=${item.key} .textContent=${this.t.t('chat.message.unreadable')}></p>` });
        continue;
      }
      if (dayRow) {
        lastDay = day;
        rows.push({ key: `d:${item.key}`, template: dayRow });
      }
      rows.push({ key: item.key, template });
    }
    return rows;
  }

  private systemText(event: 'joined' | 'transferred' | 'ended', name: string | undefined): string {
    const t = this.t;
    if (event === 'ended') return t.t('chat.system.ended');
    return t.t(event === 'joined' ? 'chat.system.joined' : 'chat.system.transferred', { name: name ?? t.t('chat.educator') });
  }

  /*
   * The per-message templates are written without whitespace between block elements and
   * with text set as properties where they can be: every text node and every child binding's
   * marker comment is a node, and the list renders many messages.
   */
  private renderItem(item: TimelineItem): TemplateResult {
    const t = this.t;
    switch (item.kind) {
      case 'system':
        return html`<p class="system" data-key=${item.key} .textContent=${this.systemText(item.event, item.name)}></p>`;
      case 'pending': {
        const status =
          item.state === 'rejected'
            ? t.t('chat.status.rejected', { reason: item.error?.fieldErrors['text'] ?? item.error?.message ?? '' })
            : item.state === 'failed'
              ? t.t('chat.status.failed')
              : item.state === 'waiting'
                ? t.t('chat.status.waiting')
                : t.t('chat.status.sending');
        const stuck = item.state === 'failed' || item.state === 'rejected';
        return html`<div class="message mine" part="message" data-key=${item.key} data-state=${item.state}><p class="author care-visually-hidden" .textContent=${t.t('chat.you')}></p><div class="bubble">${renderMarkdown(item.text)}</div><p class="meta">${status}
            ${stuck
              ? html`<button type="button" class="link" @click=${() => this.outboxStatus.outbox?.retry(item.entryId)}>${t.t('chat.retry')}</button>
                  <button type="button" class="link" @click=${() => this.outboxStatus.outbox?.discard(item.entryId)}>${t.t('chat.discard')}</button>`
              : nothing}</p></div>`;
      }
      case 'message': {
        const { message, mine } = item;
        const header = mine ? html`<p class="author care-visually-hidden" .textContent=${t.t('chat.you')}></p>` : this.renderAuthor(message.author);
        const context = message.context ? html`${header}<p class="context-line">${t.t('chat.context.title')} <strong .textContent=${message.context.title}></strong></p>` : header;
        const status = mine ? ` · ${t.t(`chat.status.${item.status}`)}` : '';
        const attachments = message.attachments ?? [];
        // Most messages are plain text: set as the bubble's text, without the parser's nodes.
        const bubble =
          !attachments.length && isPlainParagraph(message.text)
            ? html`<div class="bubble" .textContent=${message.text}></div>`
            : html`<div class="bubble">${renderMarkdown(message.text)}${this.renderAttachments(attachments)}</div>`;
        return html`<div class="message ${mine ? 'mine' : 'theirs'}" part="message" data-key=${item.key}>${context}${bubble}<p class="meta"><time datetime=${message.sentAt} .textContent=${this.timeLabel(message.sentAt)}></time><span .textContent=${status}></span></p></div>`;
      }
    }
  }

  private renderAttachments(attachments: ChatAttachment[]): TemplateResult | typeof nothing {
    if (!attachments.length) return nothing;
    return html`<ul class="attachments">
      ${attachments.map((file) => {
        const href = this.safeFileUrl(file.url);
        // A size the backend did not give as a number is left out (readableMessage), not shown as "NaN KB".
        const size = Number.isFinite(file.size) ? html` <span class="size">(${Math.max(1, Math.round(file.size / 1024))} KB)</span>` : nothing;
        return html`<li>${href ? html`<a href=${href} download=${file.name} rel="noopener noreferrer">${file.name}</a>` : file.name}${size}</li>`;
      })}
    </ul>`;
  }

  /** Attachment links only over http(s): never javascript:, data: or other schemes. */
  private safeFileUrl(url: string | undefined): string | undefined {
    if (!url) return undefined;
    try {
      const parsed = new URL(url, location.href);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
    } catch {
      return undefined;
    }
  }

  /** Avatar addresses that did not load (a 404, or junk resolved against the page): their initials show instead, and they are not asked for again. */
  private readonly failedAvatars = new Set<string>();

  private readonly onAvatarError = (event: Event): void => {
    this.failedAvatars.add((event.currentTarget as HTMLImageElement).getAttribute('src')!);
    // Rendered again in a microtask, before the broken picture is painted.
    this.requestUpdate();
  };

  private renderAuthor(author: ChatParticipant): TemplateResult {
    const name = author.name ?? this.t.t('chat.educator');
    const role = author.role ?? '';
    if (this.safeAvatar(author.avatarUrl) && !this.failedAvatars.has(author.avatarUrl!)) {
      return html`<p class="author"><span class="avatar" aria-hidden="true"><img src=${author.avatarUrl!} alt="" @error=${this.onAvatarError} /></span><span class="name" .textContent=${name}></span><span class="role" ?hidden=${!role} .textContent=${role}></span></p>`;
    }
    const initials = name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase() ?? '')
      .join('');
    // The initials are decoration (aria-hidden), drawn from the attribute by the stylesheet.
    return html`<p class="author"><span class="avatar" aria-hidden="true" data-initials=${initials}></span><span class="name" .textContent=${name}></span><span class="role" ?hidden=${!role} .textContent=${role}></span></p>`;
  }

  /** Only same-origin avatars: any other address would tell a third party who is chatting. */
  private safeAvatar(url: string | undefined): boolean {
    if (!url) return false;
    try {
      return new URL(url, location.href).origin === location.origin;
    } catch {
      return false;
    }
  }

  /** Labels days for one render: "Today", "Yesterday", then the date, worked out once per day. */
  private dayLabels(): (iso: string) => string {
    const now = new Date();
    const today = now.toDateString();
    const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).toDateString();
    const locale = this.care.locale;
    const labels = new Map<string, string>();
    return (iso) => {
      const date = new Date(iso);
      const key = date.toDateString();
      let label = labels.get(key);
      if (label === undefined) {
        label = key === today ? this.t.t('chat.today') : key === yesterday ? this.t.t('chat.yesterday') : dateTimeFormat(locale, DAY_FORMAT).format(date);
        labels.set(key, label);
      }
      return label;
    };
  }

  private timeLabel(iso: string): string {
    return dateTimeFormat(this.care.locale, TIME_FORMAT).format(new Date(iso));
  }

  /** The message field's value is bound with live(): typing does not re-render the chat, so the value Lit last set may be stale, and emptying the field (after a send, at sign-out) must still reach it. */
  private renderComposer(): TemplateResult {
    const t = this.t;
    const starting = this.conversationId === undefined && this.pendingStartId() === undefined;
    const isGuest = !this.signedInBy(this.session.value);
    const topics = this.availability.value?.topics ?? [];
    const errorFor = (field: string) => this.errors.find((error) => error.field === field)?.message;
    const field = (id: string, label: string, control: TemplateResult, hint?: string) => html`<div class="field ${errorFor(id) ? 'field--error' : ''}">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
      ${errorFor(id) ? html`<p class="error" id=${`${id}-error`}><span class="care-visually-hidden">${t.t('core.error.prefix')}</span> ${errorFor(id)}</p>` : nothing}
      ${control}
    </div>`;
    const describedBy = (id: string, hint = false) => [hint ? `${id}-hint` : '', errorFor(id) ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`<form class="composer" part="composer" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.send())}>
      ${this.renderErrorSummary()}
      ${this.context
        ? html`<div class="context">
            <p>${t.t('chat.context.title')} <strong>${this.context.title}</strong></p>
            <button type="button" class="link" @click=${() => (this.context = undefined)}>${t.t('chat.context.remove')}</button>
          </div>`
        : nothing}
      ${starting && topics.length
        ? html`<fieldset class="topics">
            <legend>${t.t('chat.topic.legend')}</legend>
            ${topics.map(
              (topic) => html`<label class="choice"
                ><input type="radio" name="topic" .value=${topic.id} .checked=${this.topicId === topic.id} @change=${() => (this.topicId = topic.id)} />
                ${topic.label}</label
              >`,
            )}
            <label class="choice"
              ><input type="radio" name="topic" value="" .checked=${this.topicId === undefined} @change=${() => (this.topicId = undefined)} />
              ${t.t('chat.topic.none')}</label
            >
          </fieldset>`
        : nothing}
      ${starting && !isGuest && this.availability.value?.online === false
        ? html`<fieldset class="notify">
            <legend>${t.t('chat.notify.legend')}</legend>
            ${(['portal', 'email', 'sms'] as const).map(
              (channel) => html`<label class="choice"
                ><input type="radio" name="notify" .value=${channel} .checked=${this.notifyBy === channel} @change=${() => (this.notifyBy = channel)} />
                ${t.t(`chat.notify.${channel}`)}</label
              >`,
            )}
          </fieldset>`
        : nothing}
      ${starting && isGuest && this.session.value
        ? html`<fieldset class="guest">
            <legend>${t.t('chat.guest.legend')}</legend>
            <p class="hint">${t.t('chat.guest.hint')}</p>
            ${field(
              'guest-name',
              t.t('chat.guest.name'),
              html`<input id="guest-name" type="text" autocomplete="name" .value=${this.guestName} aria-describedby=${describedBy('guest-name')} aria-invalid=${errorFor('guest-name') ? 'true' : 'false'} @input=${(event: Event) => (this.guestName = (event.target as HTMLInputElement).value)} />`,
            )}
            <div class="field">
              <label for="guest-channel">${t.t('chat.guest.channel')}</label>
              <select id="guest-channel" .value=${this.guestChannel} @change=${(event: Event) => (this.guestChannel = (event.target as HTMLSelectElement).value as ContactChannel)}>
                ${(['email', 'phone', 'sms'] as const).map((channel) => html`<option value=${channel} ?selected=${this.guestChannel === channel}>${t.t(`chat.guest.channel.${channel}`)}</option>`)}
              </select>
            </div>
            ${field(
              'guest-contact',
              t.t('chat.guest.contact'),
              html`<input id="guest-contact" type=${this.guestChannel === 'email' ? 'email' : 'tel'} autocomplete=${this.guestChannel === 'email' ? 'email' : 'tel'} .value=${this.guestContact} aria-describedby=${describedBy('guest-contact')} aria-invalid=${errorFor('guest-contact') ? 'true' : 'false'} @input=${(event: Event) => (this.guestContact = (event.target as HTMLInputElement).value)} />`,
            )}
          </fieldset>`
        : nothing}
      ${field(
        'message',
        t.t('chat.composer.label'),
        html`<textarea
          id="message"
          rows="3"
          .value=${live(this.draft.value)}
          aria-describedby=${describedBy('message', true)}
          aria-invalid=${errorFor('message') ? 'true' : 'false'}
          @input=${(event: Event) => {
            const value = (event.target as HTMLTextAreaElement).value;
            this.draft.update(value);
            this.typing.input(value);
          }}
          @keydown=${this.onComposerKeydown}
        ></textarea>`,
        t.t('chat.composer.hint'),
      )}
      ${this.draft.restored ? html`<p class="hint">${t.t('core.draft.restored')}</p>` : nothing}
      ${this.renderUploads()}
      <div class="actions">
        ${this.conversationId && !this.model.ended
          ? html`<div class="attach">
              <button type="button" class="link attach-button" aria-describedby="attachment-hint" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#attachment')?.click()}>
                ${t.t('chat.attach')}
              </button>
              <input id="attachment" type="file" hidden accept=${ATTACHMENT_TYPES.join(',')} multiple @change=${this.attach} />
              <p class="hint" id="attachment-hint">${t.t('chat.attach.hint', { size: this.maxAttachmentMb })}</p>
              ${this.attachmentError ? html`<p class="error" role="alert">${this.attachmentError}</p>` : nothing}
            </div>`
          : nothing}
        <button type="submit" class="care-button">${t.t('chat.composer.send')}</button>
      </div>
    </form>`;
  }
}
