import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import {
  CareElement,
  CareShareToCommunityEvent,
  DraftController,
  NetworkController,
  OutboxController,
  emptyTemplate,
  errorSummaryTemplate,
  errorTemplate,
  formStyles,
  isAbortError,
  isCareError,
  loadingTemplate,
  offlineTemplate,
  renderMarkdown,
  retryTransient,
  sharedDrafts,
  sharedOutbox,
  communityFeatures,
  type CommunityEvent,
  type CommunityFeatures,
  type CommunityGroup,
  type CommunityPost,
  type CommunityReaction,
  type CommunitySort,
  type ConnectionState,
  type FieldError,
  type OutboxEntry,
  type ReportReason,
  type Session,
  type SharedRecordItem,
  type Unsubscribe,
} from '@careline/core';
import { registerCommunityMessages } from '../i18n/index.js';
import { CareCommunityPostEvent } from '../events.js';
import { communityFeedStyles } from './community-feed.styles.js';
import { findPersonalDetails, readsLikeCrisis, type PersonalDetail } from './safety.js';

/** At most this many top-level posts are in the page at once, however many are loaded. */
export const POST_WINDOW = 40;
const MAX_BODY = 5000;
const MAX_TITLE = 150;
const MAX_PSEUDONYM = 40;
const REPORT_REASONS: readonly ReportReason[] = ['misinformation', 'harassment', 'spam', 'personal-details', 'self-harm', 'other'];

type Sort = CommunitySort;

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

  @state() private groups: CommunityGroup[] = [];
  @state() private posts: CommunityPost[] = [];
  @state() private nextCursor: string | undefined;
  @state() private windowStart = 0;
  @state() private incoming: CommunityPost[] = [];
  @state() private sort: Sort = 'newest';
  @state() private search = '';
  @state() private searchInput = '';
  @state() private openThread: string | undefined;
  @state() private replies = new Map<string, CommunityPost[]>();
  @state() private replyTo: string | undefined;
  @state() private composing = false;
  @state() private postTitle = '';
  @state() private anonymous = false;
  @state() private warningOn = false;
  @state() private warningLabel = '';
  @state() private errors: FieldError[] = [];
  /** Personal details found in the text the member is about to post; they confirm or edit. */
  @state() private detailsWarning: PersonalDetail[] | undefined;
  @state() private joining = false;
  @state() private pseudonym = '';
  @state() private acceptedRules = false;
  @state() private reporting: string | undefined;
  @state() private reportReason: ReportReason | undefined;
  @state() private reportDetails = '';
  @state() private editing: string | undefined;
  @state() private editBody = '';
  @state() private confirmingDelete: string | undefined;
  @state() private connection: ConnectionState | undefined;
  @state() private announcement = '';
  private readonly network = new NetworkController(this);
  /** An item the member chose to share from their record, waiting for their explicit "attach". */
  @state() private offeredItem: SharedRecordItem | undefined;
  @state() private attachedItem: SharedRecordItem | undefined;
  /** Report references by post id, once the backend gave them. */
  private readonly reports = new Map<string, string>();
  private readonly outbox = new OutboxController(this, () => this.care.config, {});
  private readonly draft = new DraftController(this, {
    key: () => (this.care.config && this.currentGroup ? `community:${this.currentGroup.id}` : undefined),
    drafts: () => (this.care.config ? sharedDrafts(this.care.config) : undefined),
  });
  private readonly replyDraft = new DraftController(this, {
    key: () => (this.care.config && this.replyTo ? `community:reply:${this.replyTo}` : undefined),
    drafts: () => (this.care.config ? sharedDrafts(this.care.config) : undefined),
  });
  private unsubscribeRealtime: Unsubscribe | undefined;
  private subscribedGroup: string | undefined;
  private unsubscribeOutbox: (() => void) | undefined;
  private boundConfig: unknown;

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
      const groups = await retryTransient((s) => community.listGroups({ signal: s }), { signal });
      this.groups = groups;
      return groups;
    },
    args: () => [this.care.config?.adapter] as const,
  });

  private readonly postsTask = new Task(this, {
    task: async ([adapter, groupId, sort, search, pageSize], { signal }) => {
      if (!adapter?.community || !groupId) return undefined;
      const community = adapter.community;
      const page = await retryTransient((s) => community.listPosts(groupId, { sort, search: search || undefined, limit: pageSize }, { signal: s }), { signal });
      this.posts = page.items;
      this.nextCursor = page.nextCursor;
      this.windowStart = 0;
      this.incoming = [];
      return groupId;
    },
    args: () => [this.care.config?.adapter, this.currentGroup?.id, this.effectiveSort, this.search, this.pageSize] as const,
  });

  private readonly moreTask = new Task(this, {
    autoRun: false,
    task: async ([groupId, cursor]: readonly [string, string], { signal }) => {
      const community = this.care.config?.adapter.community;
      if (!community) return;
      const page = await retryTransient((s) => community.listPosts(groupId, { sort: this.sort, search: this.search || undefined, limit: this.pageSize, cursor }, { signal: s }), { signal });
      const known = new Set(this.posts.map((post) => post.id));
      this.posts = [...this.posts, ...page.items.filter((post) => !known.has(post.id))];
      this.nextCursor = page.nextCursor;
      // Keep the page light: older posts replace the top of the window.
      this.windowStart = Math.max(0, this.posts.length - POST_WINDOW);
      this.announcement = this.t.t('community.more.loaded', { count: page.items.length });
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
        replies.push(...result.items);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      this.replies = new Map(this.replies).set(postId, replies);
      return postId;
    },
    args: () => [this.care.config?.adapter, this.currentGroup?.id, this.openThread] as const,
  });

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
    this.unsubscribeOutbox?.();
    this.unsubscribeOutbox = undefined;
    this.boundConfig = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const config = this.care.config;
    if (config !== this.boundConfig) {
      this.boundConfig = config;
      this.unsubscribeOutbox?.();
      this.unsubscribeOutbox = config ? sharedOutbox(config).subscribe((event) => event.type === 'sent' && this.onSent(event.entry, event.result)) : undefined;
    }
    const groupId = this.currentGroup?.id;
    if (groupId !== this.subscribedGroup) this.startRealtime(groupId);
  }

  private get currentGroup(): CommunityGroup | undefined {
    return this.groups.find((group) => group.id === this.group) ?? this.groups[0];
  }

  /** What the backend's community engine offers: controls it lacks are not shown. */
  private get features(): CommunityFeatures {
    return communityFeatures(this.care.config?.adapter.community);
  }

  /** The chosen order, or the engine's first when it cannot sort that way. */
  private get effectiveSort(): Sort {
    const sorts = this.features.sorts;
    return sorts.includes(this.sort) ? this.sort : (sorts[0] ?? 'newest');
  }

  private get signedIn(): boolean {
    return this.session.value?.status === 'signed-in';
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
      onConnectionChange: (connection) => (this.connection = connection),
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
      this.posts = [{ ...post, mine: true }, ...this.posts];
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

  /** Replaces a post wherever it is shown, keeping what only this member knows (mine, own reactions). */
  private replacePost(post: CommunityPost): void {
    const merge = (old: CommunityPost) => ({ ...post, mine: post.mine ?? old.mine, myReactions: post.myReactions ?? old.myReactions, replyCount: post.replyCount ?? old.replyCount });
    this.posts = this.posts.map((candidate) => (candidate.id === post.id ? merge(candidate) : candidate));
    const replies = new Map(this.replies);
    for (const [parent, thread] of replies) replies.set(parent, thread.map((candidate) => (candidate.id === post.id ? merge(candidate) : candidate)));
    this.replies = replies;
  }

  private removePost(postId: string): void {
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
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.posts > li .post-title, .posts > li .post-body')?.closest<HTMLElement>('article')?.focus());
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
          this.posts = [post, ...this.posts];
        }
        this.announcement = this.t.t(post.state === 'pending' ? 'community.post.pendingSent' : 'community.post.sent');
        break;
      }
      case 'community.joinGroup':
      case 'community.leaveGroup': {
        const group = result as CommunityGroup;
        this.groups = this.groups.map((candidate) => (candidate.id === group.id ? group : candidate));
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

  private async join(): Promise<void> {
    const config = this.care.config;
    const group = this.currentGroup;
    if (!config || !group) return;
    const t = this.t;
    // Where the engine shows the account name everywhere, there is no name to choose.
    const pseudonym = this.features.memberNames === 'account' ? undefined : this.pseudonym.trim();
    const errors: FieldError[] = [];
    if (pseudonym === undefined) {
      // nothing to check
    } else if (!pseudonym) errors.push({ field: 'join-pseudonym', message: t.t('community.join.error.pseudonym') });
    else if (pseudonym.length > MAX_PSEUDONYM) errors.push({ field: 'join-pseudonym', message: t.t('community.join.error.pseudonymLong', { max: MAX_PSEUDONYM }) });
    if (!this.acceptedRules) errors.push({ field: 'join-rules', message: t.t('community.join.error.rules') });
    if (await this.showErrors(errors)) return;
    await sharedOutbox(config).enqueue('community.joinGroup', { groupId: group.id, ...(pseudonym === undefined ? {} : { pseudonym }), acceptedRules: true }, { scope: `community:${group.id}` });
    // Shown as joined at once; the outbox makes it true on the server.
    this.groups = this.groups.map((candidate) => (candidate.id === group.id ? { ...candidate, joined: true, pseudonym: pseudonym ?? candidate.pseudonym } : candidate));
    this.joining = false;
    this.composing = true;
  }

  private async leave(): Promise<void> {
    const config = this.care.config;
    const group = this.currentGroup;
    if (!config || !group) return;
    await sharedOutbox(config).enqueue('community.leaveGroup', { groupId: group.id }, { scope: `community:${group.id}` });
    this.groups = this.groups.map((candidate) => (candidate.id === group.id ? { ...candidate, joined: false } : candidate));
  }

  private async showErrors(errors: FieldError[]): Promise<boolean> {
    this.errors = errors;
    if (!errors.length) return false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    return true;
  }

  /** Sends a post (no `parentId`) or a reply, after the personal-details check. */
  private async submit(parentId: string | undefined): Promise<void> {
    const config = this.care.config;
    const group = this.currentGroup;
    if (!config || !group) return;
    const t = this.t;
    const draft = parentId ? this.replyDraft : this.draft;
    const body = draft.value.trim();
    const prefix = parentId ? 'reply' : 'post';
    const errors: FieldError[] = [];
    if (!parentId && this.postTitle.trim().length > MAX_TITLE) errors.push({ field: 'post-title', message: t.t('community.compose.error.titleLong', { max: MAX_TITLE }) });
    if (!body) errors.push({ field: `${prefix}-body`, message: t.t(parentId ? 'community.reply.error.empty' : 'community.compose.error.empty') });
    else if (body.length > MAX_BODY) errors.push({ field: `${prefix}-body`, message: t.t('community.compose.error.long', { max: MAX_BODY }) });
    if (!parentId && this.warningOn && !this.warningLabel.trim()) errors.push({ field: 'post-warning-label', message: t.t('community.compose.error.warningLabel') });
    if (await this.showErrors(errors)) return;
    const details = findPersonalDetails(`${this.postTitle}\n${body}`);
    if (details.length && !this.detailsWarning) {
      this.detailsWarning = details;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.details-warning')?.focus();
      return;
    }
    this.detailsWarning = undefined;
    const draftKey = parentId ? `community:reply:${parentId}` : `community:${group.id}`;
    await draft.saveNow();
    const anonymous = group.allowsAnonymous && this.anonymous;
    await sharedOutbox(config).enqueue(
      'community.createPost',
      {
        groupId: group.id,
        ...(parentId ? { parentId } : {}),
        ...(!parentId && this.postTitle.trim() ? { title: this.postTitle.trim() } : {}),
        body,
        ...(anonymous ? { anonymous: true } : {}),
        ...(!parentId && this.warningOn ? { contentWarning: this.warningLabel.trim() } : {}),
        ...(!parentId && this.attachedItem ? { sharedItem: this.attachedItem } : {}),
      },
      { scope: `community:${group.id}`, draftKey },
    );
    draft.clearField();
    this.dispatchEvent(new CareCommunityPostEvent(group.id, !!parentId));
    this.announcement = t.t('community.post.queued');
    if (parentId) this.replyTo = undefined;
    else {
      this.postTitle = '';
      this.warningOn = false;
      this.warningLabel = '';
      this.anonymous = false;
      this.composing = false;
      this.attachedItem = undefined;
      this.offeredItem = undefined;
    }
  }

  private async react(post: CommunityPost, reaction: CommunityReaction): Promise<void> {
    const config = this.care.config;
    if (!config || !this.signedIn) return;
    const active = !(post.myReactions ?? []).includes(reaction);
    // At once on screen; the outbox sets the same state on the server (a set, never a toggle).
    this.replacePost({
      ...post,
      reactions: { ...post.reactions, [reaction]: Math.max(0, post.reactions[reaction] + (active ? 1 : -1)) },
      myReactions: active ? [...(post.myReactions ?? []), reaction] : (post.myReactions ?? []).filter((mine) => mine !== reaction),
    });
    await sharedOutbox(config).enqueue('community.react', { postId: post.id, reaction, active }, { scope: `community:${post.groupId}` });
  }

  private async sendReport(post: CommunityPost): Promise<void> {
    const config = this.care.config;
    if (!config) return;
    const t = this.t;
    const errors: FieldError[] = [];
    if (!this.reportReason) errors.push({ field: `report-reason-${REPORT_REASONS[0]}`, message: t.t('community.report.error.reason') });
    else if (this.reportReason === 'other' && !this.reportDetails.trim()) errors.push({ field: 'report-details', message: t.t('community.report.error.details') });
    if (await this.showErrors(errors)) return;
    await sharedOutbox(config).enqueue(
      'community.report',
      { postId: post.id, reason: this.reportReason!, ...(this.reportDetails.trim() ? { details: this.reportDetails.trim() } : {}) },
      { scope: `community:${post.groupId}` },
    );
    this.reporting = undefined;
    this.announcement = t.t('community.report.queued');
  }

  private async saveEdit(post: CommunityPost): Promise<void> {
    const config = this.care.config;
    if (!config) return;
    const body = this.editBody.trim();
    if (await this.showErrors(body ? [] : [{ field: `edit-body`, message: this.t.t('community.compose.error.empty') }])) return;
    this.replacePost({ ...post, body, editedAt: new Date().toISOString() });
    await sharedOutbox(config).enqueue('community.editPost', { postId: post.id, body }, { scope: `community:${post.groupId}` });
    this.editing = undefined;
  }

  private async deletePost(post: CommunityPost): Promise<void> {
    const config = this.care.config;
    if (!config) return;
    this.removePost(post.id);
    this.confirmingDelete = undefined;
    await sharedOutbox(config).enqueue('community.deletePost', { postId: post.id }, { scope: `community:${post.groupId}` });
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
      return this.renderJoinForm(group);
    }
    return html`<div class="membership">
      <p>${t.t('community.postingAs', { name: group.pseudonym ?? t.t('community.member') })}</p>
      <div class="tools">
        ${this.composing ? nothing : html`<button type="button" class="care-button new-post" @click=${() => ((this.composing = true), (this.errors = []))}>${t.t('community.compose.open')}</button>`}
        <button type="button" class="link leave" @click=${() => void this.leave()}>${t.t('community.leave', { group: group.name })}</button>
      </div>
      ${this.composing ? this.renderComposer(group) : nothing}
    </div>`;
  }

  private renderJoinForm(group: CommunityGroup): TemplateResult {
    const t = this.t;
    const pseudonymError = this.errors.find((error) => error.field === 'join-pseudonym');
    const rulesError = this.errors.find((error) => error.field === 'join-rules');
    return html`<form class="form-panel join-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.join())}>
      <h4>${t.t('community.join.title', { group: group.name })}</h4>
      ${errorSummaryTemplate(t.t('community.errorSummary'), this.errors, this.renderRoot, 'h4')}
      <div class="rules">
        <h5>${t.t('community.rules')}</h5>
        <p>${group.rules ?? t.t('community.rules.default')}</p>
      </div>
      ${this.features.memberNames === 'account'
        ? html`<p class="account-name">${group.pseudonym ? t.t('community.join.accountName', { name: group.pseudonym }) : t.t('community.join.accountNameUnknown')}</p>`
        : html`<div class="field ${pseudonymError ? 'field--error' : ''}">
        <label for="join-pseudonym">${t.t('community.join.pseudonym')}</label>
        <p class="hint" id="join-pseudonym-hint">${t.t('community.join.pseudonymHint')}</p>
        ${pseudonymError ? html`<p class="error" id="join-pseudonym-error">${pseudonymError.message}</p>` : nothing}
        <input
          id="join-pseudonym"
          type="text"
          autocomplete="off"
          spellcheck="false"
          maxlength=${MAX_PSEUDONYM + 10}
          aria-invalid=${pseudonymError ? 'true' : 'false'}
          aria-describedby=${pseudonymError ? 'join-pseudonym-hint join-pseudonym-error' : 'join-pseudonym-hint'}
          .value=${this.pseudonym}
          @input=${(event: Event) => (this.pseudonym = (event.target as HTMLInputElement).value)}
        />
      </div>`}
      <div class="field ${rulesError ? 'field--error' : ''}">
        ${rulesError ? html`<p class="error" id="join-rules-error">${rulesError.message}</p>` : nothing}
        <label class="choice"
          ><input
            id="join-rules"
            type="checkbox"
            aria-describedby=${rulesError ? 'join-rules-error' : nothing}
            .checked=${this.acceptedRules}
            @change=${(event: Event) => (this.acceptedRules = (event.target as HTMLInputElement).checked)}
          />
          ${t.t('community.join.accept')}</label
        >
      </div>
      <div class="actions">
        <button type="button" class="care-button" data-variant="secondary" @click=${() => ((this.joining = false), (this.errors = []))}>${t.t('community.cancel')}</button>
        <button type="submit" class="care-button">${t.t('community.join.submit')}</button>
      </div>
    </form>`;
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
        const visible = this.posts.slice(this.windowStart, this.windowStart + POST_WINDOW);
        return html`
          ${this.search ? html`<p class="hint" role="status">${t.t('community.search.results', { count: this.posts.length, query: this.search })}</p>` : nothing}
          ${this.incoming.length
            ? html`<button type="button" class="care-button new-posts" @click=${() => this.showIncoming()}>${t.t('community.newPosts', { count: this.incoming.length })}</button>`
            : nothing}
          ${this.windowStart > 0
            ? html`<button type="button" class="link newer" @click=${() => (this.windowStart = Math.max(0, this.windowStart - POST_WINDOW))}>${t.t('community.showNewer')}</button>`
            : nothing}
          ${pending.length ? html`<ul class="posts pending">${pending.map((entry) => this.renderPendingPost(entry))}</ul>` : nothing}
          ${this.posts.length === 0 && !pending.length
            ? emptyTemplate(t, this.search ? t.t('community.search.none') : t.t('community.posts.none'))
            : html`<ul class="posts">
                ${visible.map((post) => html`<li>${this.renderPost(post, group)}</li>`)}
              </ul>`}
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
          ? html`<button type="button" class="link" @click=${() => void sharedOutbox(this.care.config!).discard(entry.id)}>${t.t('community.discard')}</button>`
          : nothing}
      </article>
    </li>`;
  }

  private renderPost(post: CommunityPost, group: CommunityGroup, reply = false): TemplateResult {
    const t = this.t;
    const headingId = `post-${cssId(post.id)}`;
    const when = new Intl.DateTimeFormat(this.care.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(post.createdAt));
    const body = html`<div class="post-body">${renderMarkdown(post.body)}</div>`;
    return html`<article class="post ${reply ? 'reply' : ''} ${post.pinned ? 'pinned' : ''}" part="post" tabindex="-1" data-id=${post.id} aria-labelledby=${headingId}>
      <header class="post-header">
        ${post.pinned ? html`<p class="label pinned-label">${t.t('community.post.pinned')}</p>` : nothing}
        ${post.title ? html`<h4 class="post-title" id=${headingId}>${post.title}</h4>` : nothing}
        <p class="byline" id=${post.title ? nothing : headingId}>
          <span class="author">${post.author.anonymous ? t.t('community.anonymous') : post.author.name}</span>
          ${post.author.badge ? html`<span class="badge staff">${t.t(post.author.badge === 'educator' ? 'community.badge.educator' : 'community.badge.clinician')}</span>` : nothing}
          ${post.mine ? html`<span class="badge">${t.t('community.post.you')}</span>` : nothing}
          <span class="when">${when}</span>
          ${post.editedAt ? html`<span class="hint">${t.t('community.post.edited')}</span>` : nothing}
        </p>
      </header>
      ${post.state === 'pending' ? html`<p class="label pending-label">${t.t('community.post.pending')}</p>` : nothing}
      ${post.verified ? html`<p class="label verified">${t.t('community.post.verified')}</p>` : nothing}
      ${this.editing === post.id
        ? this.renderEdit(post)
        : post.contentWarning
          ? html`<details class="content-warning">
              <summary>${t.t('community.post.warning', { label: post.contentWarning })}</summary>
              ${body}
            </details>`
          : body}
      ${post.sharedItem ? this.renderSharedItem(post.sharedItem, t.t('community.share.shared')) : nothing}
      ${this.renderActions(post, group, reply)} ${this.reporting === post.id ? this.renderReport(post) : nothing}
      ${!reply && this.openThread === post.id ? this.renderThread(post, group) : nothing}
    </article>`;
  }

  private renderActions(post: CommunityPost, group: CommunityGroup, reply: boolean): TemplateResult {
    const t = this.t;
    const reactions = this.features.reactions;
    const reported = this.reports.get(post.id);
    const reportQueued = this.outbox.entries.some((entry) => entry.op === 'community.report' && (entry.input as { postId: string }).postId === post.id);
    return html`<div class="post-actions">
      ${reactions.map((reaction) => {
        const pressed = (post.myReactions ?? []).includes(reaction);
        return html`<button
          type="button"
          class="reaction"
          data-reaction=${reaction}
          aria-pressed=${String(pressed)}
          ?disabled=${!this.signedIn || post.state === 'pending'}
          @click=${() => void this.react(post, reaction)}
        >
          ${t.t(`community.reaction.${reaction}`)} <span class="count">${t.formatNumber(post.reactions[reaction])}</span>
        </button>`;
      })}
      ${!reply
        ? html`<button type="button" class="link thread" aria-expanded=${String(this.openThread === post.id)} @click=${() => (this.openThread = this.openThread === post.id ? undefined : post.id)}>
            ${t.t('community.replies', { count: post.replyCount ?? 0 })}
          </button>`
        : nothing}
      ${!reply && this.signedIn && group.joined && post.state === 'published'
        ? html`<button type="button" class="link reply" @click=${() => ((this.openThread = post.id), (this.replyTo = post.id), (this.errors = []))}>${t.t('community.reply')}</button>`
        : nothing}
      ${post.mine
        ? html`<button type="button" class="link edit" @click=${() => ((this.editing = post.id), (this.editBody = post.body), (this.errors = []))}>${t.t('community.edit')}</button>
            ${this.confirmingDelete === post.id
              ? html`<span class="confirm" role="group" aria-label=${t.t('community.delete.confirm')}>
                  ${t.t('community.delete.confirm')}
                  <button type="button" class="link confirm-delete" @click=${() => void this.deletePost(post)}>${t.t('community.delete.yes')}</button>
                  <button type="button" class="link" @click=${() => (this.confirmingDelete = undefined)}>${t.t('community.delete.no')}</button>
                </span>`
              : html`<button type="button" class="link delete" @click=${() => (this.confirmingDelete = post.id)}>${t.t('community.delete')}</button>`}`
        : reported
          ? html`<span class="hint" role="status">${t.t('community.report.received', { reference: reported })}</span>`
          : reportQueued
            ? html`<span class="hint" role="status">${t.t('community.report.queued')}</span>`
            : this.signedIn
              ? html`<button type="button" class="link report" @click=${() => ((this.reporting = post.id), (this.reportReason = undefined), (this.reportDetails = ''), (this.errors = []))}>${t.t('community.report')}</button>`
              : nothing}
    </div>`;
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
      ${this.replyTo === post.id ? this.renderReplyForm(post) : nothing}
    </div>`;
  }

  private renderSafetyNotes(text: string): TemplateResult {
    const t = this.t;
    return html`${readsLikeCrisis(text, this.care.locale)
      ? html`<div class="crisis" role="alert">
          <p><strong>${t.t('community.crisis.title')}</strong></p>
          <p>${t.t('community.crisis.call', { number: this.emergencyNumber })}</p>
          ${this.crisisLine ? html`<p>${t.t('community.crisis.line', { line: this.crisisLine })}</p>` : nothing}
          <p>${t.t('community.crisis.still')}</p>
        </div>`
      : nothing}
    ${this.detailsWarning
      ? html`<div class="details-warning" role="alert" tabindex="-1">
          <p><strong>${t.t('community.details.title')}</strong></p>
          <p>${t.t('community.details.found', { kinds: new Intl.ListFormat(this.care.locale, { type: 'conjunction' }).format(this.detailsWarning.map((kind) => t.t(`community.details.${kind}`))) })}</p>
          <p>${t.t('community.details.advice')}</p>
        </div>`
      : nothing}`;
  }

  private renderComposer(group: CommunityGroup): TemplateResult {
    const t = this.t;
    const bodyError = this.errors.find((error) => error.field === 'post-body');
    const titleError = this.errors.find((error) => error.field === 'post-title');
    const labelError = this.errors.find((error) => error.field === 'post-warning-label');
    const remaining = MAX_BODY - this.draft.value.length;
    return html`<form class="form-panel composer" part="composer" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.submit(undefined))}>
      <h4>${t.t('community.compose.title')}</h4>
      ${errorSummaryTemplate(t.t('community.errorSummary'), this.errors, this.renderRoot, 'h4')}
      <div class="field ${titleError ? 'field--error' : ''}">
        <label for="post-title">${t.t('community.compose.titleLabel')}</label>
        ${titleError ? html`<p class="error" id="post-title-error">${titleError.message}</p>` : nothing}
        <input id="post-title" type="text" aria-invalid=${titleError ? 'true' : 'false'} aria-describedby=${titleError ? 'post-title-error' : nothing} .value=${this.postTitle} @input=${(event: Event) => (this.postTitle = (event.target as HTMLInputElement).value)} />
      </div>
      <div class="field ${bodyError ? 'field--error' : ''}">
        <label for="post-body">${t.t('community.compose.body')}</label>
        <p class="hint" id="post-body-hint">${t.t('community.compose.bodyHint')}</p>
        ${bodyError ? html`<p class="error" id="post-body-error">${bodyError.message}</p>` : nothing}
        <textarea
          id="post-body"
          rows="5"
          aria-invalid=${bodyError ? 'true' : 'false'}
          aria-describedby=${['post-body-hint', 'post-body-count', bodyError ? 'post-body-error' : ''].filter(Boolean).join(' ')}
          .value=${this.draft.value}
          @input=${(event: Event) => ((this.draft.update((event.target as HTMLTextAreaElement).value)), (this.detailsWarning = undefined), this.requestUpdate())}
        ></textarea>
        <p class="hint" id="post-body-count" aria-live="polite">${remaining >= 0 ? t.t('community.compose.remaining', { count: remaining }) : t.t('community.compose.over', { count: -remaining })}</p>
        ${this.draft.restored ? html`<p class="hint">${t.t('core.draft.restored')}</p>` : nothing}
      </div>
      <div class="field">
        <label class="choice"
          ><input id="post-warning" type="checkbox" .checked=${this.warningOn} @change=${(event: Event) => (this.warningOn = (event.target as HTMLInputElement).checked)} />
          ${t.t('community.compose.warning')}</label
        >
        ${this.warningOn
          ? html`<div class="field ${labelError ? 'field--error' : ''}">
              <label for="post-warning-label">${t.t('community.compose.warningLabel')}</label>
              <p class="hint" id="post-warning-hint">${t.t('community.compose.warningHint')}</p>
              ${labelError ? html`<p class="error" id="post-warning-label-error">${labelError.message}</p>` : nothing}
              <input
                id="post-warning-label"
                type="text"
                aria-invalid=${labelError ? 'true' : 'false'}
                aria-describedby=${labelError ? 'post-warning-hint post-warning-label-error' : 'post-warning-hint'}
                .value=${this.warningLabel}
                @input=${(event: Event) => (this.warningLabel = (event.target as HTMLInputElement).value)}
              />
            </div>`
          : nothing}
      </div>
      ${group.allowsAnonymous
        ? html`<div class="field">
            <label class="choice"
              ><input id="post-anonymous" type="checkbox" aria-describedby="post-anonymous-hint" .checked=${this.anonymous} @change=${(event: Event) => (this.anonymous = (event.target as HTMLInputElement).checked)} />
              ${t.t('community.compose.anonymous')}</label
            >
            <p class="hint" id="post-anonymous-hint">${t.t('community.compose.anonymousHint')}</p>
          </div>`
        : nothing}
      ${this.renderSharedItemChoice()} ${this.renderSafetyNotes(`${this.postTitle}\n${this.draft.value}`)}
      <div class="actions">
        <button type="button" class="care-button" data-variant="secondary" @click=${() => ((this.composing = false), (this.errors = []), (this.detailsWarning = undefined))}>${t.t('community.cancel')}</button>
        <button type="submit" class="care-button">${this.detailsWarning ? t.t('community.details.postAnyway') : t.t('community.compose.submit')}</button>
      </div>
    </form>`;
  }

  private renderSharedItem(item: SharedRecordItem, label: string): TemplateResult {
    const t = this.t;
    return html`<div class="shared-item">
      <p class="label">${label}</p>
      <p><strong>${item.title}</strong>: ${item.summary}</p>
      ${item.values?.length
        ? html`<p>${t.t('community.share.values', { values: `${item.values.map((value) => t.formatNumber(value)).join(', ')}${item.unit ? ` ${item.unit}` : ''}` })}</p>`
        : nothing}
    </div>`;
  }

  /** The explicit preview: nothing from the record is attached until the member says so. */
  private renderSharedItemChoice(): TemplateResult | typeof nothing {
    const t = this.t;
    if (this.attachedItem) {
      return html`${this.renderSharedItem(this.attachedItem, t.t('community.share.attached'))}
        <div class="tools"><button type="button" class="link remove-shared" @click=${() => (this.attachedItem = undefined)}>${t.t('community.share.remove')}</button></div>`;
    }
    if (!this.offeredItem) return nothing;
    return html`<section class="share-preview" tabindex="-1" aria-labelledby="share-preview-title">
      <h5 id="share-preview-title">${t.t('community.share.previewTitle')}</h5>
      ${this.renderSharedItem(this.offeredItem, t.t('community.share.fromRecord'))}
      <p class="hint">${t.t('community.share.privacy')}</p>
      <div class="actions">
        <button type="button" class="care-button attach-shared" @click=${() => ((this.attachedItem = this.offeredItem), (this.offeredItem = undefined))}>${t.t('community.share.attach')}</button>
        <button type="button" class="care-button" data-variant="secondary" @click=${() => (this.offeredItem = undefined)}>${t.t('community.share.skip')}</button>
      </div>
    </section>`;
  }

  private renderReplyForm(post: CommunityPost): TemplateResult {
    const t = this.t;
    const error = this.errors.find((candidate) => candidate.field === 'reply-body');
    return html`<form class="form-panel reply-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.submit(post.id))}>
      ${errorSummaryTemplate(t.t('community.errorSummary'), this.errors, this.renderRoot, 'h4')}
      <div class="field ${error ? 'field--error' : ''}">
        <label for="reply-body">${t.t('community.reply.label')}</label>
        ${error ? html`<p class="error" id="reply-body-error">${error.message}</p>` : nothing}
        <textarea
          id="reply-body"
          rows="3"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? 'reply-body-error' : nothing}
          .value=${this.replyDraft.value}
          @input=${(event: Event) => ((this.replyDraft.update((event.target as HTMLTextAreaElement).value)), (this.detailsWarning = undefined), this.requestUpdate())}
        ></textarea>
      </div>
      ${this.renderSafetyNotes(this.replyDraft.value)}
      <div class="actions">
        <button type="button" class="care-button" data-variant="secondary" @click=${() => ((this.replyTo = undefined), (this.errors = []), (this.detailsWarning = undefined))}>${t.t('community.cancel')}</button>
        <button type="submit" class="care-button">${this.detailsWarning ? t.t('community.details.postAnyway') : t.t('community.reply.submit')}</button>
      </div>
    </form>`;
  }

  private renderEdit(post: CommunityPost): TemplateResult {
    const t = this.t;
    const error = this.errors.find((candidate) => candidate.field === 'edit-body');
    return html`<form class="form-panel edit-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.saveEdit(post))}>
      <div class="field ${error ? 'field--error' : ''}">
        <label for="edit-body">${t.t('community.edit.label')}</label>
        ${error ? html`<p class="error" id="edit-body-error">${error.message}</p>` : nothing}
        <textarea id="edit-body" rows="4" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'edit-body-error' : nothing} .value=${this.editBody} @input=${(event: Event) => (this.editBody = (event.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <div class="actions">
        <button type="button" class="care-button" data-variant="secondary" @click=${() => (this.editing = undefined)}>${t.t('community.cancel')}</button>
        <button type="submit" class="care-button">${t.t('community.edit.save')}</button>
      </div>
    </form>`;
  }

  private renderReport(post: CommunityPost): TemplateResult {
    const t = this.t;
    const reasonError = this.errors.find((error) => error.field.startsWith('report-reason-'));
    const detailsError = this.errors.find((error) => error.field === 'report-details');
    return html`<form class="form-panel report-form" novalidate @submit=${(event: Event) => (event.preventDefault(), void this.sendReport(post))}>
      ${errorSummaryTemplate(t.t('community.errorSummary'), this.errors, this.renderRoot, 'h4')}
      <fieldset class=${reasonError ? 'field--error' : ''} aria-describedby=${reasonError ? 'report-reason-error' : nothing}>
        <legend>${t.t('community.report.legend')}</legend>
        ${reasonError ? html`<p class="error" id="report-reason-error">${reasonError.message}</p>` : nothing}
        ${REPORT_REASONS.map(
          (reason) => html`<label class="choice"
            ><input type="radio" name="report-reason" id=${`report-reason-${reason}`} .checked=${this.reportReason === reason} @change=${() => (this.reportReason = reason)} />
            ${t.t(`community.report.reason.${reason}`)}</label
          >`,
        )}
      </fieldset>
      <div class="field ${detailsError ? 'field--error' : ''}">
        <label for="report-details">${t.t('community.report.details')}</label>
        ${detailsError ? html`<p class="error" id="report-details-error">${detailsError.message}</p>` : nothing}
        <textarea id="report-details" rows="2" aria-invalid=${detailsError ? 'true' : 'false'} aria-describedby=${detailsError ? 'report-details-error' : nothing} .value=${this.reportDetails} @input=${(event: Event) => (this.reportDetails = (event.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <div class="actions">
        <button type="button" class="care-button" data-variant="secondary" @click=${() => ((this.reporting = undefined), (this.errors = []))}>${t.t('community.cancel')}</button>
        <button type="submit" class="care-button">${t.t('community.report.submit')}</button>
      </div>
    </form>`;
  }
}

/** Post ids are server-chosen: safe for an id attribute inside our shadow root. */
function cssId(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
