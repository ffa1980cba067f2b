import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import {
  idPart,
  CareElement,
  onDemand,
  OnDemandViewsController,
  updateCompleteWithViews,
  type ViewPlaceholderOptions,
  dateTimeFormat,
  listFormat,
  prepareFormatters,
  isPlainParagraph,
  CareShareToCommunityEvent,
  NetworkController,
  OutboxController,
  emptyTemplate,
  errorTemplate,
  formStyles,
  isAbortError,
  isCareError,
  loadingTemplate,
  offlineTemplate,
  renderMarkdown,
  retryTransient,
  communityFeatures,
  type CommunityEvent,
  type CommunityFeatures,
  type CommunityGroup,
  type CommunityPost,
  type CommunityReaction,
  type CommunitySort,
  type FieldError,
  type Outbox,
  type OutboxEntry,
  type ReportReason,
  type Session,
  type SharedRecordItem,
  type Unsubscribe,
} from '@careline/core';
import { registerCommunityMessages } from '../i18n/index.js';
import { communityFeedStyles } from './community-feed.styles.js';
import type { PersonalDetail } from './safety.js';

/**
 * At most this many top-level posts are in the page at once, however many are loaded: a
 * screen or two. The window follows the reader's scrolling.
 */
export const POST_WINDOW = 10;
/** Scrolling moves the window by at most this many posts at a time, so the page never jumps. */
const WINDOW_STEP = 4;
/** After "load more", the last posts already read stay above the new ones, for context. */
const WINDOW_OVERLAP = 2;
/** How far outside the viewport (a share of its height) posts are kept ready before they scroll in. */
const WINDOW_MARGIN = '25%';
/** @internal Where the forms come from: a test can make the download fail. */
export const formsSource = { fetch: () => import('./forms.js') };
/** The forms (forms.ts), fetched once per page when a member reaches for one: many visits only read. */
const formsCode = onDemand(() =>
  formsSource.fetch().then((code) => {
    code.registerFormMessages();
    return code;
  }),
);
type FormsCode = NonNullable<typeof formsCode.value>;
type Writing = ReturnType<FormsCode['writingFor']>;
/** The buttons that open a form: reaching for one fetches the forms. */
const FORM_OPENERS = 'button.join, button.new-post, button.reply, button.report, button.edit';

/** @internal The longest post or reply, in characters. */
export const MAX_BODY = 5000;

type Sort = CommunitySort;

/** When a post was written: passed exactly as rendered, also to prepareFormatters. */
const POST_TIME = { dateStyle: 'medium', timeStyle: 'short' } as const;

function formatWhen(locale: string, iso: string): string {
  return dateTimeFormat(locale, POST_TIME).format(new Date(iso));
}

/** A shared trend's values, in order, with the language's own list separator (Persian writes "،"). */
const SHARED_VALUES = { type: 'unit', style: 'short' } as const;

/** Posts already reported as unreadable: each render would report them again. */
const reportedUnreadable = new WeakSet<object>();

/**
 * Condition groups where patients support each other, health educators answer and
 * the hospital listens: groups, posts and one level of replies, "helpful" and
 * "support" reactions, search and sorting, and live "new posts". Members post under
 * a pseudonym chosen per community (or anonymously where the group allows it);
 * posts go through the outbox, with drafts kept, and are checked for personal
 * details and crisis wording before they are sent.
 *
 * @summary Patient community groups with posts, replies, reactions, reports and staff answers.
 *
 * @event {CareCommunityPostEvent} care-community-post - A post or reply went into the outbox. `groupId`, `reply`; never the text.
 *
 * @csspart base - The widget's outer box.
 * @csspart groups - The group chooser.
 * @csspart post - One post or reply.
 * @csspart composer - The form for a new post.
 * @csspart state - Loading, empty, error and offline panels.
 *
 * @cssproperty [--care-community-staff-color=var(--care-color-primary)] - Colour of staff badges and verified answers.
 * @cssproperty [--care-community-pinned-background=var(--care-color-surface-alt)] - Background of pinned staff posts.
 */
export class CommunityFeed extends CareElement {
  static override styles = [CareElement.styles, formStyles, communityFeedStyles];
  static override requiredPort = 'community' as const;

  /** The group shown. Defaults to the first group the backend lists. */
  @property({ reflect: true }) group: string | undefined;

  /** Top-level posts fetched per page. */
  @property({ attribute: 'page-size', type: Number }) pageSize = 20;

  /** Shown with crisis resources: the local emergency number. */
  @property({ attribute: 'emergency-number' }) emergencyNumber = '112';

  /** Shown with crisis resources: a crisis or mental-health line, as the hospital writes it (e.g. "119 ext 8"). */
  @property({ attribute: 'crisis-line' }) crisisLine = '';

  /** @internal */
  @state() groups: CommunityGroup[] = [];
  @state() private posts: CommunityPost[] = [];
  @state() private nextCursor: string | undefined;
  @state() private windowStart = 0;
  @state() private incoming: CommunityPost[] = [];
  @state() private sort: Sort = 'newest';
  @state() private search = '';
  @state() private searchInput = '';
  @state() private openThread: string | undefined;
  @state() private replies = new Map<string, CommunityPost[]>();
  /** @internal */
  @state() replyTo: string | undefined;
  /** @internal */
  @state() composing = false;
  /** @internal */
  @state() postTitle = '';
  /** @internal */
  @state() anonymous = false;
  /** @internal */
  @state() warningOn = false;
  /** @internal */
  @state() warningLabel = '';
  /** @internal */
  @state() errors: FieldError[] = [];
  /** @internal Personal details found in the text the member is about to post; they confirm or edit. */
  @state() detailsWarning: PersonalDetail[] | undefined;
  /** @internal */
  @state() joining = false;
  /** @internal */
  @state() pseudonym = '';
  /** @internal */
  @state() acceptedRules = false;
  /** @internal */
  @state() reporting: string | undefined;
  /** @internal */
  @state() reportReason: ReportReason | undefined;
  /** @internal */
  @state() reportDetails = '';
  /** @internal */
  @state() editing: string | undefined;
  /** @internal */
  @state() editBody = '';
  @state() private confirmingDelete: string | undefined;
  /** @internal */
  @state() announcement = '';
  private readonly network = new NetworkController(this);
  /** @internal An item the member chose to share from their record, waiting for their explicit "attach". */
  @state() offeredItem: SharedRecordItem | undefined;
  /** @internal */
  @state() attachedItem: SharedRecordItem | undefined;
  /** Report references by post id, once the backend gave them. */
  private readonly reports = new Map<string, string>();
  private readonly outbox = new OutboxController(this, () => this.care.config, {}, (event) => event.type === 'sent' && this.onSent(event.entry, event.result));
  /**
   * @internal What writing needs: the drafts of a post and a reply, and the safety check beside what
   * is typed. Made with the forms' code (forms.ts), which they come with: many visits only read.
   */
  writing: Writing | undefined;
  private unsubscribeRealtime: Unsubscribe | undefined;
  private subscribedGroup: string | undefined;

  private readonly session = new Task(this, {
    task: async ([adapter], { signal }): Promise<Session> => {
      if (!adapter?.session) return { status: 'guest' };
      const port = adapter.session;
      return retryTransient((s) => port.getSession({ signal: s }), { signal });
    },
    args: () => [this.care.config?.adapter] as const,
  });

  private readonly groupsTask = new Task(this, {
    task: async ([adapter], { signal }) => {
      if (!adapter?.community) return [];
      const community = adapter.community;
      const groups = readableGroups(await retryTransient((s) => community.listGroups({ signal: s }), { signal }));
      this.groups = groups;
      return groups;
    },
    args: () => [this.care.config?.adapter] as const,
  });

  private readonly postsTask = new Task(this, {
    task: async ([adapter, groupId, sort, search, pageSize], { signal }) => {
      if (!adapter?.community || !groupId) return undefined;
      const community = adapter.community;
      // The posts' dates: their formatter is built while the posts are on their way.
      prepareFormatters(this.care.locale, [{ date: POST_TIME }]);
      const page = await retryTransient((s) => community.listPosts(groupId, { sort, search: search || undefined, limit: pageSize }, { signal: s }), { signal });
      this.posts = postsOf(page.items);
      this.nextCursor = page.nextCursor;
      this.windowStart = 0;
      this.incoming = [];
      return groupId;
    },
    // The page usually names its group: fetch its posts alongside the group list, not after it.
    args: () => [this.care.config?.adapter, this.currentGroup?.id ?? this.group, this.effectiveSort, this.search, this.pageSize] as const,
  });

  private readonly moreTask = new Task(this, {
    autoRun: false,
    task: async ([groupId, cursor]: readonly [string, string], { signal }) => {
      const community = this.care.config?.adapter.community;
      if (!community) return;
      const page = await retryTransient((s) => community.listPosts(groupId, { sort: this.sort, search: this.search || undefined, limit: this.pageSize, cursor }, { signal: s }), { signal });
      const known = new Set(this.posts.map((post) => post.id));
      const firstNew = this.posts.length;
      const buttonFocused = (this.renderRoot as ShadowRoot).activeElement?.closest('.more') != null;
      this.posts = [...this.posts, ...postsOf(page.items).filter((post) => !known.has(post.id))];
      this.nextCursor = page.nextCursor;
      this.announcement = this.t.t('community.more.loaded', { count: page.items.length });
      // The window moves on to the new page, keeping the last posts read above it. Focus stays
      // on "load more" while there is more; on the last page the button goes, so focus moves to the first new post.
      const focusFirstNew = buttonFocused && !page.nextCursor && firstNew < this.posts.length;
      await this.moveWindow(Math.max(0, firstNew - WINDOW_OVERLAP), focusFirstNew ? firstNew : undefined);
    },
  });

  private readonly repliesTask = new Task(this, {
    task: async ([adapter, groupId, postId], { signal }) => {
      if (!adapter?.community || !groupId || !postId) return undefined;
      const community = adapter.community;
      const replies: CommunityPost[] = [];
      let cursor: string | undefined;
      // A thread is one level deep and read whole, oldest first (a bounded number of pages).
      for (let page = 0; page < 20; page++) {
        const result = await retryTransient((s) => community.listPosts(groupId, { parentId: postId, limit: 50, cursor }, { signal: s }), { signal });
        replies.push(...postsOf(result.items));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      this.replies = new Map(this.replies).set(postId, replies);
      return postId;
    },
    args: () => [this.care.config?.adapter, this.currentGroup?.id, this.openThread] as const,
  });

  /** The forms, fetched on demand. */
  private readonly forms = new OnDemandViewsController(this, formsCode, FORM_OPENERS);

  constructor() {
    super();
    registerCommunityMessages();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(CareShareToCommunityEvent.eventName, this.onShareFromRecord);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(CareShareToCommunityEvent.eventName, this.onShareFromRecord);
    this.stopRealtime();
    this.edgeObserver?.disconnect();
    this.edgeObserver = undefined;
    this.observedFeed = undefined;
  }

  /**
   * Sign-out (here or in another tab): what was typed, the forms and the posts as this person
   * saw them go. The groups and posts are asked for again and shown as to a visitor who has not
   * signed in (no membership, no "You", no own reactions), even if the backend still knows them.
   */
  protected override forgetPersonalData(firstNotice: boolean): void {
    this.writing?.draft.clearField();
    this.writing?.replyDraft.clearField();
    this.composing = false;
    this.replyTo = undefined;
    this.postTitle = '';
    this.anonymous = false;
    this.warningOn = false;
    this.warningLabel = '';
    this.errors = [];
    this.detailsWarning = undefined;
    this.joining = false;
    this.pseudonym = '';
    this.acceptedRules = false;
    this.reporting = undefined;
    this.reportReason = undefined;
    this.reportDetails = '';
    this.editing = undefined;
    this.editBody = '';
    this.confirmingDelete = undefined;
    this.offeredItem = undefined;
    this.attachedItem = undefined;
    this.reports.clear();
    this.announcement = '';
    this.search = '';
    this.searchInput = '';
    // The posts and groups were asked for again, as a visitor's, at the sign-out's first notice.
    if (!firstNotice) return;
    this.openThread = undefined;
    this.replies = new Map();
    this.posts = [];
    this.incoming = [];
    this.nextCursor = undefined;
    this.windowStart = 0;
    void this.session.run();
    void this.groupsTask.run();
    void this.postsTask.run();
  }

  /** `await feed.updateComplete` includes the forms when they are being fetched. */
  protected override getUpdateComplete(): Promise<boolean> {
    return updateCompleteWithViews([this.forms], () => super.getUpdateComplete());
  }

  /** `view` with the forms' code, or where it goes, "Loading…" or why it is missing. */
  private withForms(view: (code: FormsCode) => TemplateResult | typeof nothing, options?: ViewPlaceholderOptions): TemplateResult | typeof nothing {
    return this.forms.render(this.t, this.t.t('community.load.failed'), view, options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.forms.need(this.joining || this.composing || !!this.replyTo || !!this.editing || !!this.reporting);
    // Made as soon as the forms' code is here: a draft is read back (kept with anything typed before
    // it came back) and the safety check's lists are fetched on focus.
    if (!this.writing && formsCode.value) this.writing = formsCode.value.writingFor(this);
    const groupId = this.currentGroup?.id;
    if (groupId !== this.subscribedGroup) this.startRealtime(groupId);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const feed = this.feedElement;
    this.renderFeed(feed);
    if (feed !== this.observedFeed || changed.has('posts') || changed.has('windowStart')) this.observeWindow(feed);
  }

  /** @internal */
  get currentGroup(): CommunityGroup | undefined {
    return this.groups.find((group) => group.id === this.group) ?? this.groups[0];
  }

  /** @internal What the backend's community engine offers: controls it lacks are not shown. */
  get features(): CommunityFeatures {
    return communityFeatures(this.care.config?.adapter.community);
  }

  /** The chosen order, or the engine's first when it cannot sort that way. */
  private get effectiveSort(): Sort {
    const sorts = this.features.sorts;
    return sorts.includes(this.sort) ? this.sort : (sorts[0] ?? 'newest');
  }

  /** The member's own post, as the server said; never after a sign-out on this page (the server may still think so). */
  private isMine(post: CommunityPost): boolean {
    return !!post.mine && !this.signedOutHere;
  }

  /** By the current answer, and not after a sign-out on this page (the server may still know the last person). */
  private get signedIn(): boolean {
    return this.session.status === TaskStatus.COMPLETE && this.signedInBy(this.session.value);
  }

  /** The record viewer offers an item: show the member a preview in the composer; nothing is attached yet. */
  private readonly onShareFromRecord = (event: CareShareToCommunityEvent): void => {
    if (event.handled || !this.care.config) return;
    event.handled = true;
    this.offeredItem = event.item;
    this.attachedItem = undefined;
    const group = this.currentGroup;
    if (this.signedIn && group?.joined) this.composing = true;
    else if (this.signedIn) this.joining = true;
    void this.updateComplete.then(() => {
      const preview = this.renderRoot.querySelector<HTMLElement>('.share-preview');
      preview?.scrollIntoView({ block: 'nearest' });
      preview?.focus();
    });
  };

  /* ------------------------------------------------------------ realtime */

  private startRealtime(groupId: string | undefined): void {
    this.stopRealtime();
    this.subscribedGroup = groupId;
    const community = this.care.config?.adapter.community;
    if (!groupId || !community) return;
    this.unsubscribeRealtime = community.subscribe(groupId, (event) => this.onEvent(event), {
      onResync: () => void this.postsTask.run(),
    });
  }

  private stopRealtime(): void {
    this.unsubscribeRealtime?.();
    this.unsubscribeRealtime = undefined;
    this.subscribedGroup = undefined;
  }

  private onEvent(event: CommunityEvent): void {
    if (event.type === 'post-deleted') {
      this.removePost(event.postId);
      return;
    }
    const post = event.post;
    // Not a post at all (null in its place, say): nothing to show, and the stream goes on.
    if (typeof post !== 'object' || post === null) return;
    if (event.type === 'post-updated') {
      this.replacePost(post);
      return;
    }
    if (this.knows(post)) return;
    if (post.parentId) {
      const thread = this.replies.get(post.parentId);
      if (thread) this.replies = new Map(this.replies).set(post.parentId, [...thread, post]);
      this.posts = this.posts.map((candidate) => (candidate.id === post.parentId ? { ...candidate, replyCount: (candidate.replyCount ?? 0) + 1 } : candidate));
      return;
    }
    // The member's own post, echoed by the stream before the outbox heard back: it goes
    // straight into the list, as the outbox's answer would.
    if (post.clientId !== undefined && this.outbox.entries.some((entry) => entry.id === post.clientId)) {
      this.prependPosts([{ ...post, mine: true }]);
      return;
    }
    // New top-level posts wait behind "N new posts", so the list never moves under the reader.
    if (!this.incoming.some((candidate) => candidate.id === post.id)) this.incoming = [...this.incoming, post];
  }

  /** A post already on screen (our own, sent from this tab, arrives back through the stream). */
  private knows(post: CommunityPost): boolean {
    const ids = (list: CommunityPost[]) => list.some((candidate) => candidate.id === post.id || (post.clientId !== undefined && candidate.clientId === post.clientId));
    return ids(this.posts) || ids(this.incoming) || [...this.replies.values()].some(ids);
  }

  /** @internal Replaces a post wherever it is shown, keeping what only this member knows (mine, own reactions). */
  replacePost(post: CommunityPost): void {
    const merge = (old: CommunityPost) => ({ ...post, mine: post.mine ?? old.mine, myReactions: post.myReactions ?? old.myReactions, replyCount: post.replyCount ?? old.replyCount });
    this.posts = this.posts.map((candidate) => (candidate.id === post.id ? merge(candidate) : candidate));
    const replies = new Map(this.replies);
    for (const [parent, thread] of replies) replies.set(parent, thread.map((candidate) => (candidate.id === post.id ? merge(candidate) : candidate)));
    this.replies = replies;
  }

  /** New posts go on top; a reader further down keeps seeing the same posts. */
  private prependPosts(added: CommunityPost[]): void {
    this.posts = [...added, ...this.posts];
    if (this.windowStart > 0) this.windowStart += added.length;
  }

  private removePost(postId: string): void {
    const index = this.posts.findIndex((post) => post.id === postId);
    if (index >= 0 && index < this.windowStart) this.windowStart--;
    this.posts = this.posts.filter((post) => post.id !== postId);
    this.incoming = this.incoming.filter((post) => post.id !== postId);
    const replies = new Map(this.replies);
    for (const [parent, thread] of replies) {
      if (thread.some((post) => post.id === postId)) {
        replies.set(parent, thread.filter((post) => post.id !== postId));
        this.posts = this.posts.map((post) => (post.id === parent ? { ...post, replyCount: Math.max(0, (post.replyCount ?? 1) - 1) } : post));
      }
    }
    replies.delete(postId);
    this.replies = replies;
  }

  private showIncoming(): void {
    this.posts = [...[...this.incoming].reverse(), ...this.posts];
    this.incoming = [];
    this.windowStart = 0;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.posts[role="feed"] > article')?.focus());
  }

  /* -------------------------------------------------------------- window */

  private edgeObserver: IntersectionObserver | undefined;
  private observedFeed: Element | undefined;
  private movingWindow = false;
  /** What the feed element shows, as the last render decided. */
  private feedPosts: { shown: { post: CommunityPost; index: number }[]; group: CommunityGroup; total: number } | undefined;
  /** The feed's articles by post id. */
  private feedArticlesById = new Map<string, HTMLElement>();
  /** The top-level post holding the focus, kept in the page (next to the window) when the window moves away from it. */
  private focusedPostId: string | undefined;

  private get feedElement(): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>('.posts[role="feed"]') ?? undefined;
  }

  /**
   * Puts the window's posts into the feed. Each post is rendered into its own article, which
   * is kept while the post is shown: posts only ever leave or join at the ends, so none is
   * moved and focus inside one survives. (Lit's keyed repeat would cost two markers a post and
   * leaves one behind for every post it removes, so the list grew as the window moved.)
   */
  private renderFeed(feed: HTMLElement | undefined): void {
    const wanted = feed && this.feedPosts ? this.feedPosts : undefined;
    const kept = new Map<string, HTMLElement>();
    for (const item of wanted?.shown ?? []) {
      const article = this.feedArticlesById.get(item.post.id);
      if (article && article.parentNode === feed) kept.set(item.post.id, article);
    }
    for (const [id, article] of this.feedArticlesById) if (kept.get(id) !== article) article.remove();
    this.feedArticlesById = kept;
    if (!feed || !wanted) return;
    let next = feed.firstElementChild;
    for (const { post, index } of wanted.shown) {
      let article = kept.get(post.id);
      if (!article) {
        article = document.createElement('article');
        article.tabIndex = -1;
        article.setAttribute('part', 'post');
        article.dataset.id = post.id;
        article.setAttribute('aria-labelledby', `post_${idPart(post.id)}`);
        feed.insertBefore(article, next);
        kept.set(post.id, article);
      } else next = article.nextElementSibling;
      article.className = post.pinned ? 'post pinned' : 'post';
      article.setAttribute('aria-posinset', String(index + 1));
      article.setAttribute('aria-setsize', String(wanted.total));
      render(this.renderPostContent(post, wanted.group, false), article, { host: this });
    }
  }

  /** The top-level posts on screen, in order (the window, and a focused post outside it). */
  private feedArticles(): HTMLElement[] {
    return [...(this.feedElement?.children ?? [])].filter((child): child is HTMLElement => child.localName === 'article');
  }

  /** The posts of the window itself. */
  private windowArticles(): HTMLElement[] {
    return this.feedArticles().filter((article) => {
      const index = Number(article.getAttribute('aria-posinset')) - 1;
      return index >= this.windowStart && index < this.windowStart + POST_WINDOW;
    });
  }

  /** Remembers which post holds the focus: it stays in the page while the window moves on. */
  private onFeedFocusIn(event: FocusEvent): void {
    this.setFocusedPost((event.target as Element).closest<HTMLElement>('[role="feed"] > article')?.dataset.id);
  }

  private onFeedFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Element | null;
    if (!next || !this.feedElement?.contains(next)) this.setFocusedPost(undefined);
  }

  /** A post kept only for its focus leaves once the focus does. */
  private setFocusedPost(id: string | undefined): void {
    if (id === this.focusedPostId) return;
    const previous = this.feedPosts?.shown.find((item) => item.post.id === this.focusedPostId);
    this.focusedPostId = id;
    const keptForFocus = previous && (previous.index < this.windowStart || previous.index >= this.windowStart + POST_WINDOW);
    if (keptForFocus) this.requestUpdate();
  }

  /** Watches every post in the window: any of them crossing the viewport's edge may move the window. */
  private observeWindow(feed: HTMLElement | undefined): void {
    this.observedFeed = feed;
    this.edgeObserver?.disconnect();
    if (!feed || typeof IntersectionObserver === 'undefined') return;
    this.edgeObserver ??= new IntersectionObserver((entries) => this.followScroll(entries[0]?.rootBounds ?? null), { rootMargin: `${WINDOW_MARGIN} 0px` });
    for (const article of this.feedArticles()) this.edgeObserver.observe(article);
  }

  /**
   * Moves the window towards where the reader scrolls, only dropping posts that are well
   * out of view (the next one is out of view too), so a move never makes the other edge need
   * a move back.
   */
  private followScroll(bounds: DOMRectReadOnly | null): void {
    if (this.movingWindow) return;
    const articles = this.windowArticles();
    if (!articles.length) return;
    const margin = window.innerHeight / 4;
    const top = bounds?.top ?? -margin;
    const bottom = bounds?.bottom ?? window.innerHeight + margin;
    const rects = articles.map((article) => article.getBoundingClientRect());
    const needsOlder = this.windowStart + articles.length < this.posts.length && rects.at(-1)!.top < bottom;
    const needsNewer = this.windowStart > 0 && rects[0]!.bottom > top;
    if (needsOlder === needsNewer) return;
    let drop = 0;
    if (needsOlder) {
      while (drop < WINDOW_STEP && drop + 1 < rects.length && rects[drop + 1]!.bottom < top) drop++;
      if (drop) void this.moveWindow(this.windowStart + drop);
    } else {
      while (drop < WINDOW_STEP && rects.length - 2 - drop >= 0 && rects[rects.length - 2 - drop]!.top > bottom) drop++;
      if (drop) void this.moveWindow(this.windowStart - drop);
    }
  }

  /**
   * Shows the posts from `start`, and the post at `focusIndex` (then focused) if given. The
   * post the reader is looking at stays where it is on screen; a focused post stays in the page.
   */
  private async moveWindow(start: number, focusIndex?: number): Promise<void> {
    const keep = focusIndex;
    let next = Math.max(0, Math.min(start, this.posts.length - POST_WINDOW));
    if (keep !== undefined) next = Math.max(keep - POST_WINDOW + 1, Math.min(next, keep));
    if (next === this.windowStart) {
      if (focusIndex !== undefined) this.articleAt(focusIndex)?.focus();
      return;
    }
    const inNext = (article: HTMLElement) => {
      const index = Number(article.getAttribute('aria-posinset')) - 1;
      return index >= next && index < next + POST_WINDOW;
    };
    const staying = this.feedArticles().filter(inNext);
    const anchor = staying.find((article) => keep !== undefined && article.getAttribute('aria-posinset') === String(keep + 1)) ?? staying.find((article) => article.getBoundingClientRect().bottom > 0);
    const anchorId = anchor?.dataset.id;
    const anchorTop = anchor?.getBoundingClientRect().top ?? 0;
    this.movingWindow = true;
    try {
      this.windowStart = next;
      await this.updateComplete;
      const moved = anchorId ? this.feedArticles().find((article) => article.dataset.id === anchorId) : undefined;
      const shift = moved ? moved.getBoundingClientRect().top - anchorTop : 0;
      if (shift) scrollerOf(moved!).scrollTop += shift;
      if (focusIndex !== undefined) this.articleAt(focusIndex)?.focus();
    } finally {
      this.movingWindow = false;
    }
  }

  private articleAt(index: number): HTMLElement | undefined {
    return this.feedArticles().find((article) => article.getAttribute('aria-posinset') === String(index + 1));
  }

  /** The ARIA feed pattern's keys: Page Down and Page Up go to the next and previous post, moving the window as needed. */
  private onFeedKeydown(event: KeyboardEvent): void {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable]')) return;
    const article = target.closest('[role="feed"] > article');
    if (!article) return;
    event.preventDefault();
    const index = Number(article.getAttribute('aria-posinset')) - 1 + (event.key === 'PageDown' ? 1 : -1);
    if (index < 0 || index >= this.posts.length) return;
    // Past the window's edge the window steps along; from a focused post far from it, it jumps there.
    const start = this.windowStart;
    const next = index < start ? Math.min(index, start - WINDOW_STEP) : index >= start + POST_WINDOW ? Math.max(index - POST_WINDOW + 1, start + WINDOW_STEP) : start;
    void this.moveWindow(next, index);
  }

  /** "Show newer" and "show older": a window's worth at a time, focus on the first post shown. */
  private showNewer(): void {
    const start = Math.max(0, this.windowStart - POST_WINDOW);
    void this.moveWindow(start, start);
  }

  private showOlder(): void {
    const firstHidden = Math.min(this.windowStart + POST_WINDOW, this.posts.length - 1);
    void this.moveWindow(this.windowStart + POST_WINDOW, firstHidden);
  }

  /* -------------------------------------------------------------- outbox */

  private onSent(entry: OutboxEntry, result: unknown): void {
    switch (entry.op) {
      case 'community.createPost': {
        const post = result as CommunityPost;
        if (post.groupId !== this.currentGroup?.id) break;
        // Already shown from the stream's echo: take the server's answer (it says the post is ours).
        if (this.knows(post)) {
          this.replacePost(post);
          break;
        }
        if (post.parentId) {
          const thread = this.replies.get(post.parentId) ?? [];
          this.replies = new Map(this.replies).set(post.parentId, [...thread, post]);
          this.posts = this.posts.map((candidate) => (candidate.id === post.parentId ? { ...candidate, replyCount: (candidate.replyCount ?? 0) + 1 } : candidate));
        } else {
          this.prependPosts([post]);
        }
        this.announcement = this.t.t(post.state === 'pending' ? 'community.post.pendingSent' : 'community.post.sent');
        break;
      }
      case 'community.joinGroup':
      case 'community.leaveGroup': {
        // The call succeeded, so the membership is the one asked for whatever the answer says; the
        // group is what of the answer can be read, over what was shown.
        const shown = this.groups.find((candidate) => candidate.id === (entry.input as { groupId: string }).groupId);
        if (!shown) break;
        const group = { ...(readableGroup(result, shown) ?? shown), joined: entry.op === 'community.joinGroup' };
        this.groups = this.groups.map((candidate) => (candidate === shown ? group : candidate));
        this.announcement = this.t.t(group.joined ? 'community.join.done' : 'community.leave.done', { group: group.name });
        break;
      }
      case 'community.react':
      case 'community.editPost':
        this.replacePost(result as CommunityPost);
        break;
      case 'community.report': {
        const postId = (entry.input as { postId: string }).postId;
        const reference = (result as { reference: string }).reference;
        this.reports.set(postId, reference);
        this.announcement = this.t.t('community.report.received', { reference });
        break;
      }
    }
    this.requestUpdate();
  }

  private pendingPosts(parentId: string | undefined): OutboxEntry[] {
    const groupId = this.currentGroup?.id;
    return this.outbox.entries.filter(
      (entry) => entry.op === 'community.createPost' && (entry.input as { groupId: string }).groupId === groupId && (entry.input as { parentId?: string }).parentId === parentId,
    );
  }

  /* ------------------------------------------------------------- actions */

  private chooseGroup(groupId: string): void {
    if (groupId === this.currentGroup?.id) return;
    this.group = groupId;
    this.search = '';
    this.searchInput = '';
    this.openThread = undefined;
    this.replyTo = undefined;
    this.composing = false;
    this.joining = false;
    this.errors = [];
  }

  private async leave(): Promise<void> {
    const config = this.care.config;
    const group = this.currentGroup;
    if (!config || !group) return;
    const outbox = await this.outboxOrError();
    if (!outbox) return;
    await outbox.enqueue('community.leaveGroup', { groupId: group.id }, { scope: `community:${group.id}` });
    this.groups = this.groups.map((candidate) => (candidate.id === group.id ? { ...candidate, joined: false } : candidate));
  }

  /** @internal The outbox, or undefined after telling the patient it could not be reached (what they wrote stays). */
  async outboxOrError(field?: string): Promise<Outbox | undefined> {
    try {
      return await this.outbox.use();
    } catch {
      const message = this.t.t('core.outbox.unavailable');
      if (field) await this.showErrors([{ field, message }]);
      else this.announcement = message;
      return undefined;
    }
  }

  /** @internal */
  async showErrors(errors: FieldError[]): Promise<boolean> {
    this.errors = errors;
    if (!errors.length) return false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    return true;
  }

  private async react(post: CommunityPost, reaction: CommunityReaction): Promise<void> {
    const config = this.care.config;
    if (!config || !this.signedIn) return;
    const outbox = await this.outboxOrError();
    if (!outbox) return;
    const active = !(post.myReactions ?? []).includes(reaction);
    // At once on screen; the outbox sets the same state on the server (a set, never a toggle).
    this.replacePost({
      ...post,
      reactions: { ...post.reactions, [reaction]: Math.max(0, post.reactions[reaction] + (active ? 1 : -1)) },
      myReactions: active ? [...(post.myReactions ?? []), reaction] : (post.myReactions ?? []).filter((mine) => mine !== reaction),
    });
    await outbox.enqueue('community.react', { postId: post.id, reaction, active }, { scope: `community:${post.groupId}` });
  }

  private async deletePost(post: CommunityPost): Promise<void> {
    const config = this.care.config;
    if (!config) return;
    const outbox = await this.outboxOrError();
    if (!outbox) return;
    this.removePost(post.id);
    this.confirmingDelete = undefined;
    await outbox.enqueue('community.deletePost', { postId: post.id }, { scope: `community:${post.groupId}` });
    this.announcement = this.t.t('community.delete.done');
  }

  private runSearch(event: Event): void {
    event.preventDefault();
    this.search = this.searchInput.trim();
  }

  /* -------------------------------------------------------------- render */

  protected renderReady(): TemplateResult {
    const t = this.t;
    return html`<section class="community" aria-labelledby="community-title">
      <h2 id="community-title">${t.t('community.title')}</h2>
      ${this.network.online ? nothing : offlineTemplate(t)}
      ${this.groupsTask.render({
        initial: () => loadingTemplate(t),
        pending: () => (this.groups.length ? this.renderGroups() : loadingTemplate(t)),
        error: (error) => this.renderError(error, () => void this.groupsTask.run()),
        complete: () => (this.groups.length ? this.renderGroups() : emptyTemplate(t, t.t('community.groups.none'))),
      })}
      <p class="care-visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </section>`;
  }

  private renderError(error: unknown, retry: () => void): TemplateResult {
    const t = this.t;
    if (isAbortError(error)) return loadingTemplate(t);
    if (isCareError(error) && error.kind === 'offline') return html`${offlineTemplate(t)}${errorTemplate(t, retry)}`;
    return errorTemplate(t, retry);
  }

  private renderGroups(): TemplateResult {
    const t = this.t;
    const group = this.currentGroup!;
    return html`<div class="groups" part="groups">
        <label for="group-choice">${t.t('community.groups.label')}</label>
        <select id="group-choice" @change=${(event: Event) => this.chooseGroup((event.target as HTMLSelectElement).value)}>
          ${this.groups.map((candidate) => html`<option value=${candidate.id} ?selected=${candidate.id === group.id}>${candidate.name}</option>`)}
        </select>
      </div>
      <section class="group" aria-labelledby="group-name">
        <h3 id="group-name">${group.name}</h3>
        ${group.description ? html`<p>${group.description}</p>` : nothing}
        <p class="hint">
          ${group.memberCount !== undefined ? html`<span>${t.t('community.group.members', { count: group.memberCount })}</span> ` : nothing}
          ${t.t('community.group.notAdvice')}
        </p>
        ${this.renderMembership(group)} ${this.renderToolbar()} ${this.renderPosts(group)}
      </section>`;
  }

  private renderMembership(group: CommunityGroup): TemplateResult {
    const t = this.t;
    if (!this.signedIn) {
      const session = this.session.value;
      const signInUrl = session?.status === 'guest' ? session.signInUrl : undefined;
      return html`<p class="membership">
        ${t.t('community.guest')} ${signInUrl ? html`<a href=${signInUrl}>${t.t('community.signIn')}</a>` : nothing}
      </p>`;
    }
    if (!group.joined) {
      if (!this.joining) {
        return html`<div class="membership">
          <button type="button" class="care-button join" @click=${() => ((this.joining = true), (this.errors = []), (this.pseudonym = ''), (this.acceptedRules = false))}>
            ${t.t('community.join.open', { group: group.name })}
          </button>
        </div>`;
      }
      return this.withForms((code) => code.renderJoinForm(this, group), { cancel: () => ((this.joining = false), (this.errors = [])), focus: '.join-form h4' }) as TemplateResult;
    }
    return html`<div class="membership">
      <p>${t.t('community.postingAs', { name: group.pseudonym ?? t.t('community.member') })}</p>
      <div class="tools">
        ${this.composing ? nothing : html`<button type="button" class="care-button new-post" @click=${() => ((this.composing = true), (this.errors = []))}>${t.t('community.compose.open')}</button>`}
        <button type="button" class="link leave" @click=${() => void this.leave()}>${t.t('community.leave', { group: group.name })}</button>
      </div>
      ${this.composing ? this.withForms((code) => code.renderComposer(this, group), { cancel: () => ((this.composing = false), (this.errors = [])), focus: '#post-title' }) : nothing}
    </div>`;
  }

  private renderToolbar(): TemplateResult | typeof nothing {
    const t = this.t;
    const { sorts, search } = this.features;
    // Only the choices the engine can honour: one order needs no menu, and no search no box.
    if (sorts.length < 2 && !search) return nothing;
    const sort = this.effectiveSort;
    return html`<form class="toolbar" role=${search ? 'search' : nothing} @submit=${(event: Event) => this.runSearch(event)}>
      ${sorts.length > 1
        ? html`<div class="field">
            <label for="sort">${t.t('community.sort.label')}</label>
            <select id="sort" @change=${(event: Event) => (this.sort = (event.target as HTMLSelectElement).value as Sort)}>
              ${sorts.map((option) => html`<option value=${option} ?selected=${sort === option}>${t.t(`community.sort.${option}`)}</option>`)}
            </select>
          </div>`
        : nothing}
      ${search
        ? html`<div class="field search">
              <label for="search">${t.t('community.search.label')}</label>
              <input id="search" type="search" .value=${this.searchInput} @input=${(event: Event) => (this.searchInput = (event.target as HTMLInputElement).value)} />
            </div>
            <button type="submit" class="care-button" data-variant="secondary">${t.t('community.search.submit')}</button>
            ${this.search
              ? html`<button type="button" class="link" @click=${() => ((this.search = ''), (this.searchInput = ''))}>${t.t('community.search.clear')}</button>`
              : nothing}`
        : nothing}
    </form>`;
  }

  private renderPosts(group: CommunityGroup): TemplateResult {
    const t = this.t;
    return this.postsTask.render({
      initial: () => loadingTemplate(t),
      pending: () => loadingTemplate(t),
      error: (error) => this.renderError(error, () => void this.postsTask.run()),
      complete: () => {
        const pending = this.pendingPosts(undefined);
        const start = this.windowStart;
        const end = Math.min(this.posts.length, start + POST_WINDOW);
        const shown = this.posts.slice(start, end).map((post, offset) => ({ post, index: start + offset }));
        // A focused post the window moved away from stays, before or after it, so focus is never lost.
        const focused = this.focusedPostId === undefined ? -1 : this.posts.findIndex((post) => post.id === this.focusedPostId);
        if (focused >= 0 && focused < start) shown.unshift({ post: this.posts[focused]!, index: focused });
        if (focused >= end) shown.push({ post: this.posts[focused]!, index: focused });
        // Unknown while more pages remain (ARIA: -1).
        const total = this.nextCursor ? -1 : this.posts.length;
        this.feedPosts = { shown, group, total };
        return html`
          ${this.search ? html`<p class="hint" role="status">${t.t('community.search.results', { count: this.posts.length, query: this.search })}</p>` : nothing}
          ${this.incoming.length
            ? html`<button type="button" class="care-button new-posts" @click=${() => this.showIncoming()}>${t.t('community.newPosts', { count: this.incoming.length })}</button>`
            : nothing}
          ${start > 0 ? html`<button type="button" class="link newer" @click=${() => this.showNewer()}>${t.t('community.showNewer')}</button>` : nothing}
          ${pending.length ? html`<ul class="posts pending">${pending.map((entry) => this.renderPendingPost(entry))}</ul>` : nothing}
          ${this.posts.length === 0 && !pending.length
            ? emptyTemplate(t, this.search ? t.t('community.search.none') : t.t('community.posts.none'))
            : html`<div class="posts" role="feed" aria-labelledby="group-name" aria-busy=${this.moreTask.status === TaskStatus.PENDING ? 'true' : 'false'} @keydown=${(event: KeyboardEvent) => this.onFeedKeydown(event)} @focusin=${(event: FocusEvent) => this.onFeedFocusIn(event)} @focusout=${(event: FocusEvent) => this.onFeedFocusOut(event)}></div>`}
          ${end < this.posts.length ? html`<button type="button" class="link older" @click=${() => this.showOlder()}>${t.t('community.showOlder')}</button>` : nothing}
          ${this.nextCursor ? this.renderMore(group) : nothing}
        `;
      },
    });
  }

  private renderMore(group: CommunityGroup): TemplateResult {
    const t = this.t;
    const busy = this.moreTask.status === TaskStatus.PENDING;
    return html`<div class="more">
      ${this.moreTask.status === TaskStatus.ERROR ? html`<p class="error" role="alert">${t.t('community.more.failed')}</p>` : nothing}
      <button type="button" class="care-button" data-variant="secondary" ?disabled=${busy} @click=${() => void this.moreTask.run([group.id, this.nextCursor!])}>
        ${busy ? t.t('core.loading') : t.t('community.more')}
      </button>
    </div>`;
  }

  private renderPendingPost(entry: OutboxEntry): TemplateResult {
    const t = this.t;
    const input = entry.input as { title?: string; body: string; anonymous?: boolean };
    const status =
      entry.state === 'rejected' ? t.t('core.outbox.rejected', { reason: entry.lastError?.message ?? '' }) : entry.state === 'sending' ? t.t('core.outbox.sending') : t.t('community.post.waiting');
    return html`<li>
      <article class="post pending" part="post" data-state=${entry.state}>
        ${input.title ? html`<h4 class="post-title">${input.title}</h4>` : nothing}
        <div class="post-body">${renderMarkdown(input.body)}</div>
        <p class="hint">${status}</p>
        ${entry.state === 'rejected'
          ? html`<button type="button" class="link" @click=${() => void this.outbox.outbox?.discard(entry.id)}>${t.t('community.discard')}</button>`
          : nothing}
      </article>
    </li>`;
  }

  /**
   * One post. Written compactly and with few child bindings: every `${}` in a child position
   * is a comment node in the page, every line break between block elements a text node, and
   * `.textContent` puts a text in without a marker. So a post costs about 40 nodes, not 100.
   * Rare combinations (pinned with a title, own posts, forms, the thread) get the general
   * template; the common ones a template with no bindings to spare.
   */
  private renderPost(post: CommunityPost, group: CommunityGroup, reply = false): TemplateResult {
    return html`<article class="post${reply ? ' reply' : ''}${post.pinned ? ' pinned' : ''}" part="post" tabindex="-1" data-id=${post.id} aria-labelledby=${`post_${idPart(post.id)}`}>${this.renderPostContent(post, group, reply)}</article>`;
  }

  /**
   * A post whose data cannot be drawn (a backend that sent it incomplete) says so in its place;
   * the group's other posts still show.
   */
  private renderPostContent(post: CommunityPost, group: CommunityGroup, reply: boolean): TemplateResult {
    try {
      return this.drawPostContent(post, group, reply);
    } catch (error) {
      if (!reportedUnreadable.has(post)) console.error('[careline] a post could not be shown.', error);
      reportedUnreadable.add(post);
      return html`<p class="post-body hint" id=${`post_${idPart(post.id)}`} .textContent=${this.t.t('community.post.unreadable')}></p>`;
    }
  }

  private drawPostContent(post: CommunityPost, group: CommunityGroup, reply: boolean): TemplateResult {
    // The id is what a reply, a reaction or a report names: without one, nothing here could be answered.
    if (typeof post.id !== 'string') throw new TypeError(`A post's id must be a string, not ${typeof post.id}.`);
    const t = this.t;
    const headingId = `post_${idPart(post.id)}`;
    const pinned = () => html`<p class="label pinned-label" .textContent=${t.t('community.post.pinned')}></p>`;
    const title = () => html`<h4 class="post-title" id=${headingId} .textContent=${post.title}></h4>`;
    const top = post.pinned && post.title ? html`${pinned()}${title()}` : post.pinned ? pinned() : post.title ? title() : nothing;
    const author = post.author.anonymous ? t.t('community.anonymous') : post.author.name;
    const when = formatWhen(this.care.locale, post.createdAt);
    const badge = post.author.badge ? t.t(post.author.badge === 'educator' ? 'community.badge.educator' : 'community.badge.clinician') : undefined;
    const byline =
      this.isMine(post) || post.editedAt
        ? html`${badge ? html`<span class="badge staff" .textContent=${badge}></span>` : nothing}${this.isMine(post) ? html`<span class="badge" .textContent=${t.t('community.post.you')}></span>` : nothing}<span class="when" .textContent=${when}></span>${post.editedAt ? html`<span class="hint" .textContent=${t.t('community.post.edited')}></span>` : nothing}`
        : badge
          ? html`<span class="badge staff" .textContent=${badge}></span><span class="when" .textContent=${when}></span>`
          : html`<span class="when" .textContent=${when}></span>`;
    const body = this.renderBody(post.body);
    const content = this.editing === post.id
      ? this.withForms((code) => code.renderEdit(this, post), { cancel: () => (this.editing = undefined), focus: '#edit-body' })
      : post.contentWarning
        ? html`<details class="content-warning"><summary>${t.t('community.post.warning', { label: post.contentWarning })}</summary>${body}</details>`
        : body;
    const main = post.state === 'pending' || post.verified || post.sharedItem
      ? html`${post.state === 'pending' ? html`<p class="label pending-label">${t.t('community.post.pending')}</p>` : nothing}${post.verified ? html`<p class="label verified">${t.t('community.post.verified')}</p>` : nothing}${content}${post.sharedItem ? this.renderSharedItem(post.sharedItem, t.t('community.share.shared')) : nothing}`
      : content;
    const reporting = this.reporting === post.id;
    const threadOpen = !reply && this.openThread === post.id;
    const after = reporting || threadOpen ? html`${reporting ? this.withForms((code) => code.renderReport(this, post), { cancel: () => ((this.reporting = undefined), (this.errors = [])), focus: '.report-form input' }) : nothing}${threadOpen ? this.renderThread(post, group) : nothing}` : nothing;
    return html`<header class="post-header">${top}<p class="byline" id=${post.title ? nothing : headingId}><span class="author" .textContent=${author}></span>${byline}</p></header>${main}${this.renderActions(post, group, reply)}${after}`;
  }

  /** Plain one-paragraph text (most posts) skips the markdown parser, with the same result: one paragraph of text. */
  private renderBody(text: string): TemplateResult {
    return isPlainParagraph(text)
      ? html`<div class="post-body"><p .textContent=${text}></p></div>`
      : html`<div class="post-body">${renderMarkdown(text)}</div>`;
  }

  private renderReaction(post: CommunityPost, reaction: CommunityReaction | undefined): TemplateResult | typeof nothing {
    if (!reaction) return nothing;
    const pressed = !this.signedOutHere && (post.myReactions ?? []).includes(reaction);
    // The label's trailing space is the visible gap before the count.
    return html`<button type="button" class="reaction" data-reaction=${reaction} aria-pressed=${String(pressed)} ?disabled=${!this.signedIn || post.state === 'pending'} @click=${() => void this.react(post, reaction)}><span .textContent=${`${this.t.t(`community.reaction.${reaction}`)} `}></span><span class="count" .textContent=${this.t.formatNumber(post.reactions[reaction])}></span></button>`;
  }

  private renderActions(post: CommunityPost, group: CommunityGroup, reply: boolean): TemplateResult {
    const t = this.t;
    // There are two kinds of reaction (helpful, support); an engine offers both, one or none.
    const [first, second] = this.features.reactions;
    const canReply = !reply && this.signedIn && group.joined && post.state === 'published';
    const openReply = () => ((this.openThread = post.id), (this.replyTo = post.id), (this.errors = []));
    const tail = canReply && this.mayReport(post)
      ? // The usual pair for a member reading someone else's post, without a binding between them.
        html`<button type="button" class="link reply" @click=${openReply} .textContent=${t.t('community.reply')}></button><button type="button" class="link report" @click=${() => this.openReport(post)} .textContent=${t.t('community.report')}></button>`
      : canReply
        ? html`<button type="button" class="link reply" @click=${openReply} .textContent=${t.t('community.reply')}></button>${this.renderOwnActions(post)}`
        : this.renderOwnActions(post);
    return reply
      ? html`<div class="post-actions">${this.renderReaction(post, first)}${this.renderReaction(post, second)}${tail}</div>`
      : html`<div class="post-actions">${this.renderReaction(post, first)}${this.renderReaction(post, second)}<button type="button" class="link thread" aria-expanded=${String(this.openThread === post.id)} @click=${() => (this.openThread = this.openThread === post.id ? undefined : post.id)} .textContent=${t.t('community.replies', { count: post.replyCount ?? 0 })}></button>${tail}</div>`;
  }

  /** Someone else's post the member has not reported yet: they get a "report" button. */
  private mayReport(post: CommunityPost): boolean {
    return (
      this.signedIn &&
      !this.isMine(post) &&
      !this.reports.has(post.id) &&
      !this.outbox.entries.some((entry) => entry.op === 'community.report' && (entry.input as { postId: string }).postId === post.id)
    );
  }

  private openReport(post: CommunityPost): void {
    this.reporting = post.id;
    this.reportReason = undefined;
    this.reportDetails = '';
    this.errors = [];
  }

  /** Edit and delete for the member's own posts; report (or its receipt) for everyone else's. */
  private renderOwnActions(post: CommunityPost): TemplateResult | typeof nothing {
    const t = this.t;
    if (this.isMine(post)) {
      return html`<button type="button" class="link edit" @click=${() => ((this.editing = post.id), (this.editBody = post.body), (this.errors = []))}>${t.t('community.edit')}</button>
        ${this.confirmingDelete === post.id
          ? html`<span class="confirm" role="group" aria-label=${t.t('community.delete.confirm')}>
              ${t.t('community.delete.confirm')}
              <button type="button" class="link confirm-delete" @click=${() => void this.deletePost(post)}>${t.t('community.delete.yes')}</button>
              <button type="button" class="link" @click=${() => (this.confirmingDelete = undefined)}>${t.t('community.delete.no')}</button>
            </span>`
          : html`<button type="button" class="link delete" @click=${() => (this.confirmingDelete = post.id)}>${t.t('community.delete')}</button>`}`;
    }
    const reported = this.reports.get(post.id);
    if (reported) return html`<span class="hint" role="status">${t.t('community.report.received', { reference: reported })}</span>`;
    const reportQueued = this.outbox.entries.some((entry) => entry.op === 'community.report' && (entry.input as { postId: string }).postId === post.id);
    if (reportQueued) return html`<span class="hint" role="status">${t.t('community.report.queued')}</span>`;
    if (!this.signedIn) return nothing;
    return html`<button type="button" class="link report" @click=${() => this.openReport(post)} .textContent=${t.t('community.report')}></button>`;
  }

  private renderThread(post: CommunityPost, group: CommunityGroup): TemplateResult {
    const t = this.t;
    const pending = this.pendingPosts(post.id);
    return html`<div class="thread">
      ${this.repliesTask.render({
        initial: () => loadingTemplate(t),
        pending: () => loadingTemplate(t),
        error: (error) => this.renderError(error, () => void this.repliesTask.run()),
        complete: () => {
          const replies = this.replies.get(post.id) ?? [];
          return replies.length
            ? html`<ul class="replies">${replies.map((replyPost) => html`<li>${this.renderPost(replyPost, group, true)}</li>`)}</ul>`
            : html`<p class="hint">${t.t('community.replies.none')}</p>`;
        },
      })}
      ${pending.length ? html`<ul class="replies pending">${pending.map((entry) => this.renderPendingPost(entry))}</ul>` : nothing}
      ${this.replyTo === post.id ? this.withForms((code) => code.renderReplyForm(this, post), { cancel: () => ((this.replyTo = undefined), (this.errors = [])), focus: '#reply-body' }) : nothing}
    </div>`;
  }

  /** @internal */
  renderSharedItem(item: SharedRecordItem, label: string): TemplateResult {
    const t = this.t;
    return html`<div class="shared-item">
      <p class="label">${label}</p>
      <p><strong>${item.title}</strong>: ${item.summary}</p>
      ${item.values?.length
        ? html`<p>${t.t('community.share.values', { values: `${listFormat(this.care.locale, SHARED_VALUES).format(item.values.map((value) => t.formatNumber(value)))}${item.unit ? ` ${item.unit}` : ''}` })}</p>`
        : nothing}
    </div>`;
  }

}

/** A page's posts without what is not a post at all (null in its place, say): each of the rest is drawn in its own boundary. */
function postsOf(items: unknown): CommunityPost[] {
  return Array.isArray(items) ? items.filter((post): post is CommunityPost => typeof post === 'object' && post !== null && !Array.isArray(post)) : [];
}

/**
 * The groups a backend sent that can be shown and chosen. An answer that is not a list is an
 * error, not "no groups".
 */
function readableGroups(answer: unknown): CommunityGroup[] {
  if (!Array.isArray(answer)) throw new TypeError('The community groups are not a list.');
  return answer.flatMap((entry: unknown) => readableGroup(entry) ?? []);
}

/**
 * A group as a backend sent it, if it can be shown and chosen: with a text id and name (a group
 * without them could be neither named nor asked for), its other parts kept only as the types they
 * should be. Given the `last` group shown, an answer about it: what it leaves out or got wrong stays
 * as last shown, and an answer naming another group changes nothing.
 */
function readableGroup(entry: unknown, last?: CommunityGroup): CommunityGroup | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const group = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const id = text(group['id']) ?? last?.id;
  if (last && id !== last.id) return last;
  const name = text(group['name']) ?? last?.name;
  if (!id || !name) return undefined;
  const flag = (value: unknown, known = false) => (typeof value === 'boolean' ? value : known);
  const memberCount = group['memberCount'];
  return {
    id,
    name,
    description: text(group['description']) ?? last?.description,
    rules: text(group['rules']) ?? last?.rules,
    pseudonym: text(group['pseudonym']) ?? last?.pseudonym,
    allowsAnonymous: flag(group['allowsAnonymous'], last?.allowsAnonymous),
    joined: flag(group['joined'], last?.joined),
    memberCount: typeof memberCount === 'number' && Number.isFinite(memberCount) ? memberCount : last?.memberCount,
  };
}

/** The element that scrolls `node` (an overflowing ancestor, across shadow roots), or the page. */
function scrollerOf(node: Element): Element {
  const parentOf = (element: Element): Element | null => element.parentElement ?? ((element.getRootNode() as ShadowRoot).host ?? null);
  for (let element = parentOf(node); element; element = parentOf(element)) {
    const { overflowY } = getComputedStyle(element);
    if ((overflowY === 'auto' || overflowY === 'scroll') && element.scrollHeight > element.clientHeight) return element;
  }
  return document.scrollingElement ?? document.documentElement;
}
