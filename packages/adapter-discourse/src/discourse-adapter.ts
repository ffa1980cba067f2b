/**
 * `createDiscourseAdapter`: the community port over a hospital's Discourse forum.
 * Categories are condition groups, topics and their replies are posts (one level),
 * likes are "helpful", flags are reports, pinned topics are staff posts, and the
 * solved plugin's accepted answers are "verified". See docs/adapters/discourse.md.
 */
import {
  abortReasonOf,
  CareError,
  careErrorKindForStatus,
  parseRetryAfter,
  raceAbort,
  withTimeLimit,
  type CareAdapter,
  type CommunityEvent,
  type CommunityGroup,
  type CommunityPort,
  type CommunityPost,
  type CreatePostInput,
  type ConnectionState,
  type Page,
  type Session,
  type SessionPort,
  type SharedRecordItem,
  type ReportReason,
  type SubscribeOptions,
  type Unsubscribe,
} from '@careline/core';

export interface DiscourseAdapterOptions {
  /** The forum's origin, e.g. "https://community.example-hospital.org". */
  baseUrl: string;
  /** The member's Discourse User API key (from the user-api-key redirect flow); null or absent for guests. */
  userApiKey?: string | (() => string | null) | null | undefined;
  /**
   * Sent as `User-Api-Client-Id` with the key, when the key was issued to a client id. A function
   * is asked at each request, like `userApiKey`, so a sign-in finishing on this page load counts.
   */
  clientId?: string | (() => string | null | undefined) | null | undefined;
  fetch?: typeof fetch | undefined;
  /** Per-request time limit. Default 15000 ms. */
  timeoutMs?: number | undefined;
  /** How often `subscribe` polls the category for new topics. Default 15000 ms. */
  pollIntervalMs?: number | undefined;
  /** Discourse groups whose members get the "educator" badge (staff always do). */
  educatorGroups?: string[] | undefined;
  /** Discourse groups whose members get the "clinician" badge. */
  clinicianGroups?: string[] | undefined;
  name?: string | undefined;
  /** Where "Sign in" links for guests: the page that starts the User API key redirect flow. */
  signInUrl?: string | undefined;
  /** Told after `signOut` revoked the key, so the page forgets it. */
  onSignOut?: (() => void) | undefined;
  /** Calls wait for it first, e.g. a sign-in finishing on this page load (`completeDiscourseSignIn`). */
  ready?: Promise<unknown> | undefined;
}

export interface DiscourseAdapter extends CareAdapter {
  readonly name: string;
  session: SessionPort;
  community: CommunityPort;
  dispose(): void;
}

/** Discourse post action types. 2 is a like; the rest are flags. */
const LIKE = 2;
const FLAG_TYPE: Record<ReportReason, number> = {
  spam: 8, // spam
  harassment: 4, // inappropriate
  // Discourse has no flag for these: "notify moderators" (7) carries the reason as its message.
  misinformation: 7,
  'personal-details': 7,
  'self-harm': 7,
  other: 7,
};
const REASON_TEXT: Record<ReportReason, string> = {
  spam: 'Spam',
  harassment: 'Harassment',
  misinformation: 'Medical misinformation',
  'personal-details': 'Shares personal details',
  'self-harm': 'Risk of self-harm',
  other: 'Other',
};
/** Category notification levels: tracking (2) or watching (3) is what "joined" means here. */
const WATCHING = 3;
const REGULAR = 1;

type Json = Record<string, unknown>;
interface Category { id: number; name: string; slug: string; description_text?: string; notification_level?: number; topic_count?: number }
interface DPost {
  id: number; username: string; name?: string; raw?: string; cooked?: string; created_at: string; updated_at?: string; version?: number;
  topic_id: number; post_number: number; yours?: boolean; staff?: boolean; admin?: boolean; moderator?: boolean; primary_group_name?: string | null;
  actions_summary?: Array<{ id: number; count?: number; acted?: boolean }>; reply_count?: number; accepted_answer?: boolean; hidden?: boolean;
}
interface DTopic { id: number; title: string; category_id: number; pinned?: boolean; posts_count?: number; post_stream: { posts: Array<{ id: number; post_number: number }>; stream?: number[] } }

/**
 * What Discourse answers when a post waits in the review queue (new members, watched words,
 * categories that need approval): no post yet, only the queued item.
 */
interface Enqueued { action: 'enqueued'; pending_post?: { id: number; created_at?: string } }
const isEnqueued = (value: unknown): value is Enqueued => (value as { action?: unknown } | null)?.action === 'enqueued';

/** The member's own view of a post in the review queue: shown to them as waiting for a moderator. */
function heldForReview(queued: Enqueued, input: CreatePostInput, groupId: string, parentId: string | undefined, clientId: string, author: string | undefined): CommunityPost {
  return {
    id: `review-${queued.pending_post?.id ?? clientId}`,
    clientId,
    groupId,
    parentId,
    title: parentId ? undefined : input.title,
    author: { name: author ?? '' },
    body: input.body,
    createdAt: queued.pending_post?.created_at ?? new Date().toISOString(),
    state: 'pending',
    reactions: { helpful: 0, support: 0 },
    myReactions: [],
    mine: true,
    ...(input.contentWarning && !parentId ? { contentWarning: input.contentWarning } : {}),
    ...(input.sharedItem ? { sharedItem: input.sharedItem } : {}),
  };
}

export function createDiscourseAdapter(options: DiscourseAdapterOptions): DiscourseAdapter {
  if (typeof options.baseUrl !== 'string' || options.baseUrl.trim() === '') throw new TypeError('createDiscourseAdapter: `baseUrl` is required.');
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pollMs = options.pollIntervalMs ?? 15_000;
  const educatorGroups = new Set(options.educatorGroups ?? []);
  const clinicianGroups = new Set(options.clinicianGroups ?? []);
  const disposers = new Set<() => void>();
  // Discourse has no idempotency keys: a retried write within this page reuses the first result.
  const done = new Map<string, Promise<unknown>>();
  /** Where a post lives, learned as posts are read, so writes map back without extra requests. */
  const located = new Map<number, { groupId: string; topicId: number; firstPostId: number; title: string; pinned: boolean }>();
  let categories: Category[] | undefined;

  let revoked = false;
  const apiKey = () => (revoked ? null : typeof options.userApiKey === 'function' ? options.userApiKey() : options.userApiKey ?? null);
  const guest = (): Session => ({ status: 'guest', signInUrl: options.signInUrl });

  /** A sign-in still finishing decides which key to send; its failure leaves the member a guest. */
  const settled = (signal: AbortSignal) => (options.ready ? raceAbort(options.ready.then(() => undefined, () => undefined), signal) : Promise.resolve());

  async function call<T>(method: string, path: string, init: { query?: Record<string, string | number>; body?: unknown; signal: AbortSignal }): Promise<T> {
    await settled(init.signal);
    const url = new URL(base + path, globalThis.location?.href);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, String(v));
    return withTimeLimit(init.signal, timeoutMs, async (signal) => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      const key = apiKey();
      if (key) headers['User-Api-Key'] = key;
      const clientId = key ? (typeof options.clientId === 'function' ? options.clientId() : options.clientId) : undefined;
      if (clientId) headers['User-Api-Client-Id'] = clientId;
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      // raceAbort: an injected fetch may ignore the signal; the caller is released anyway.
      const response = await raceAbort(doFetch(url.toString(), { method, headers, signal, body: init.body === undefined ? null : JSON.stringify(init.body) }), signal);
      const text = await raceAbort(response.text(), signal);
      let data: unknown = {};
      try {
        data = text ? (JSON.parse(text) as unknown) : {};
      } catch {
        // A proxy's HTML error page: keep the status's kind; a 200 that is not JSON is the server's fault.
        if (response.ok) throw new CareError('server', 'Discourse answered with something other than JSON.', { status: response.status });
      }
      if (!response.ok) {
        const errors = (data as { errors?: unknown }).errors;
        const message = Array.isArray(errors) && errors.length ? errors.join(' ') : `Discourse answered ${response.status}.`;
        // Discourse answers a guest's write with 403: for the widget that means "sign in".
        const kind = response.status === 403 && !key ? 'unauthorized' : careErrorKindForStatus(response.status);
        throw new CareError(kind, message, { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')) });
      }
      return data as T;
    });
  }

  function once<T>(operation: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${operation}:${key}`;
    const existing = done.get(id);
    if (existing) return existing as Promise<T>;
    const promise = work();
    done.set(id, promise);
    promise.catch(() => done.delete(id)); // a failed write may be retried for real
    return promise;
  }

  async function loadCategories(signal: AbortSignal, fresh = false): Promise<Category[]> {
    if (categories && !fresh) return categories;
    const data = await call<{ category_list: { categories: Category[] } }>('GET', '/categories.json', { signal });
    categories = data.category_list.categories;
    return categories;
  }
  async function category(groupId: string, signal: AbortSignal): Promise<Category> {
    // A category created since the last list: look again once before saying not-found.
    const found = (await loadCategories(signal)).find((c) => String(c.id) === groupId) ?? (/^\d+$/.test(groupId) ? (await loadCategories(signal, true)).find((c) => String(c.id) === groupId) : undefined);
    if (!found) throw new CareError('not-found', `No category ${groupId}.`, { status: 404 });
    return found;
  }
  const toGroup = (c: Category): CommunityGroup => ({
    id: String(c.id),
    name: c.name,
    description: c.description_text || undefined,
    // Discourse's anonymous mode switches the whole account, not one post: not offered per post.
    allowsAnonymous: false,
    joined: apiKey() !== null && (c.notification_level ?? 0) >= 2,
    memberCount: undefined,
  });

  /**
   * The member's Discourse username: the name they really post under, shown by the feed as
   * "You post in this group as …". Read once; undefined for guests or when it cannot be read.
   */
  let currentUser: Promise<string | undefined> | undefined;
  function username(signal: AbortSignal): Promise<string | undefined> {
    if (!apiKey()) return Promise.resolve(undefined);
    currentUser ??= call<{ current_user?: { username: string } }>('GET', '/session/current.json', { signal })
      .then((data) => data.current_user?.username)
      .catch(() => {
        currentUser = undefined; // try again next time
        return undefined;
      });
    return raceAbort(currentUser, signal);
  }
  // The account name is the name in every group, joined or not: the join form shows it beforehand.
  const withName = (group: CommunityGroup, name: string | undefined): CommunityGroup => (name ? { ...group, pseudonym: name } : group);

  function badgeOf(p: DPost): CommunityPost['author']['badge'] {
    const group = p.primary_group_name ?? '';
    if (clinicianGroups.has(group)) return 'clinician';
    if (p.staff || p.admin || p.moderator || educatorGroups.has(group)) return 'educator';
    return undefined;
  }

  function toPost(p: DPost, where: { groupId: string; firstPostId: number; title: string; pinned: boolean }): CommunityPost {
    const top = p.id === where.firstPostId || p.post_number === 1;
    const likes = p.actions_summary?.find((a) => a.id === LIKE);
    const edited = (p.version ?? 1) > 1 && p.updated_at ? p.updated_at : undefined;
    return {
      id: String(p.id),
      groupId: where.groupId,
      parentId: top ? undefined : String(where.firstPostId),
      title: top ? where.title : undefined,
      // The username, as Discourse shows it by default: full names are often legal names.
      author: { name: p.username, badge: badgeOf(p) },
      ...fromRaw(p.raw ?? textOf(p.cooked ?? '')),
      createdAt: p.created_at,
      editedAt: edited,
      state: 'published',
      reactions: { helpful: likes?.count ?? 0, support: 0 },
      myReactions: likes?.acted ? ['helpful'] : [],
      mine: p.yours ?? false,
      replyCount: top ? p.reply_count : undefined,
      // Pinned topics are the staff's posts; only the topic's first post carries the pin.
      pinned: top ? where.pinned : undefined,
      // Solved plugin: not in the published spec, present on sites that run it.
      verified: p.accepted_answer === true ? true : undefined,
    };
  }

  async function topic(topicId: number, signal: AbortSignal): Promise<DTopic> {
    const t = await call<DTopic>('GET', `/t/${topicId}.json`, { signal });
    const first = t.post_stream.posts.find((p) => p.post_number === 1) ?? t.post_stream.posts[0];
    if (first) located.set(first.id, { groupId: String(t.category_id), topicId: t.id, firstPostId: first.id, title: t.title, pinned: !!t.pinned });
    return t;
  }
  // The topic view's posts lack `raw` and like counts in the published spec: each post is read on its own.
  const readPost = (postId: number, signal: AbortSignal) => call<DPost>('GET', `/posts/${postId}.json`, { signal });

  async function whereIs(postId: number, signal: AbortSignal) {
    const known = located.get(postId);
    if (known) return known;
    const p = await readPost(postId, signal);
    const t = await topic(p.topic_id, signal);
    const first = t.post_stream.posts.find((x) => x.post_number === 1);
    const where = { groupId: String(t.category_id), topicId: t.id, firstPostId: first?.id ?? p.id, title: t.title, pinned: !!t.pinned };
    located.set(postId, where);
    return where;
  }

  async function topicAsPost(topicId: number, signal: AbortSignal): Promise<CommunityPost | undefined> {
    const t = await topic(topicId, signal);
    const first = t.post_stream.posts.find((p) => p.post_number === 1);
    if (!first) return undefined;
    return toPost(await readPost(first.id, signal), located.get(first.id)!);
  }

  function postIdOf(id: string): number {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) throw new CareError('not-found', `No post ${id}.`, { status: 404 });
    return n;
  }

  /** Learned from the first topic list: Discourse's fixed page size (a site setting). */
  let perPage = 30;
  /** Topics of a category, newest first, from `offset`: Discourse pages are fixed-size, so the cursor is an offset. */
  async function topicIds(c: Category, offset: number, limit: number, signal: AbortSignal): Promise<{ ids: number[]; more: boolean }> {
    const ids: number[] = [];
    let position = offset;
    for (let guard = 0; ids.length <= limit && guard < 20; guard++) {
      const page = Math.floor(position / perPage);
      const data = await call<{ topic_list: { per_page: number; topics: Array<{ id: number }> } }>('GET', `/c/${c.slug}/${c.id}.json`, { query: page ? { page } : {}, signal });
      const size = data.topic_list.per_page;
      if (size > 0 && size !== perPage) {
        perPage = size; // fetch again with the real page size
        continue;
      }
      const pageIds = data.topic_list.topics.map((t) => t.id);
      const start = position - page * perPage;
      const taken = pageIds.slice(start, start + (limit + 1 - ids.length));
      ids.push(...taken);
      position += taken.length;
      // A full page may have a next one (`more_topics_url` is real but not in the published spec).
      if (start + taken.length < pageIds.length || pageIds.length < perPage || taken.length === 0) break;
    }
    return { ids: ids.slice(0, limit), more: ids.length > limit };
  }

  const community: CommunityPort = {
    // Likes only; one username everywhere; topic lists come newest first (the published spec has no other order).
    features: { reactions: ['helpful'], memberNames: 'account', sorts: ['newest'], search: true },

    async listGroups({ signal }) {
      const [list, name] = await Promise.all([loadCategories(signal, true), username(signal)]);
      return list.map((c) => withName(toGroup(c), name));
    },

    async joinGroup(input, { signal, idempotencyKey }) {
      if (!input.acceptedRules) throw new CareError('invalid', 'The group rules must be accepted.', { fieldErrors: { acceptedRules: 'Please accept the group rules to join.' } });
      if (input.pseudonym) {
        // Discourse shows one username everywhere; a per-category name would mislead the member.
        throw new CareError('invalid', 'This forum has no per-group names.', { fieldErrors: { pseudonym: 'This community shows your forum username; a separate name per group is not available.' } });
      }
      return once('join', idempotencyKey, async () => {
        const c = await category(input.groupId, signal);
        await call('POST', `/category/${c.id}/notifications`, { body: { notification_level: WATCHING }, signal });
        return withName(toGroup({ ...c, notification_level: WATCHING }), await username(signal));
      });
    },

    async leaveGroup(input, { signal, idempotencyKey }) {
      return once('leave', idempotencyKey, async () => {
        const c = await category(input.groupId, signal);
        await call('POST', `/category/${c.id}/notifications`, { body: { notification_level: REGULAR }, signal });
        return toGroup({ ...c, notification_level: REGULAR });
      });
    },

    async listPosts(groupId, query, { signal }): Promise<Page<CommunityPost>> {
      const c = await category(groupId, signal);
      const offset = query.cursor ? Number(query.cursor) || 0 : 0;
      const limit = Math.max(1, Math.min(query.limit ?? 20, 50));
      if (query.parentId) {
        const where = await whereIs(postIdOf(query.parentId), signal);
        const t = await topic(where.topicId, signal);
        const replyIds = (t.post_stream.stream ?? t.post_stream.posts.map((p) => p.id)).filter((id) => id !== where.firstPostId);
        const slice = replyIds.slice(offset, offset + limit);
        const items = await Promise.all(slice.map(async (id) => toPost(await readPost(id, signal), where)));
        return { items, nextCursor: offset + limit < replyIds.length ? String(offset + limit) : undefined };
      }
      if (query.search?.trim()) {
        const data = await call<{ posts?: Array<{ topic_id?: number }> }>('GET', '/search.json', { query: { q: `${query.search.trim()} #${c.slug}` }, signal });
        const ids = [...new Set((data.posts ?? []).map((p) => p.topic_id).filter((id): id is number => typeof id === 'number'))];
        const slice = ids.slice(offset, offset + limit);
        const items = (await Promise.all(slice.map((id) => topicAsPost(id, signal)))).filter((p): p is CommunityPost => !!p && p.groupId === groupId);
        return { items, nextCursor: offset + limit < ids.length ? String(offset + limit) : undefined };
      }
      const { ids, more } = await topicIds(c, offset, limit, signal);
      const items = (await Promise.all(ids.map((id) => topicAsPost(id, signal)))).filter((p): p is CommunityPost => !!p);
      return { items, nextCursor: more ? String(offset + ids.length) : undefined };
    },

    async createPost(input, { signal, idempotencyKey }) {
      if (!input.body?.trim()) throw new CareError('invalid', 'The post is empty.', { fieldErrors: { body: 'Please write something first.' } });
      if (input.anonymous) throw new CareError('invalid', 'Anonymous posts are not available.', { fieldErrors: { anonymous: 'This forum does not offer anonymous posts here.' } });
      return once('post', idempotencyKey, async () => {
        const c = await category(input.groupId, signal);
        if (input.parentId) {
          const where = await whereIs(postIdOf(input.parentId), signal);
          const raw = toRaw(input.body, undefined, input.sharedItem);
          const created = await call<DPost | Enqueued>('POST', '/posts.json', { body: { raw, topic_id: where.topicId }, signal });
          if (isEnqueued(created)) return heldForReview(created, input, where.groupId, String(where.firstPostId), idempotencyKey, await username(signal));
          return { ...toPost({ ...created, raw: created.raw ?? raw }, where), clientId: idempotencyKey };
        }
        // Discourse topics need a title; a discussion without one takes its first line.
        const title = input.title?.trim() || input.body.trim().split('\n')[0]!.slice(0, 80);
        const raw = toRaw(input.body, input.contentWarning, input.sharedItem);
        const created = await call<DPost | Enqueued>('POST', '/posts.json', { body: { title, raw, category: c.id }, signal });
        if (isEnqueued(created)) return heldForReview(created, input, String(c.id), undefined, idempotencyKey, await username(signal));
        const where = { groupId: String(c.id), topicId: created.topic_id, firstPostId: created.id, title, pinned: false };
        located.set(created.id, where);
        return { ...toPost({ ...created, raw: created.raw ?? raw }, where), clientId: idempotencyKey };
      });
    },

    async editPost(input, { signal, idempotencyKey }) {
      if (!input.body?.trim()) throw new CareError('invalid', 'The post is empty.', { fieldErrors: { body: 'Please write something first.' } });
      return once('edit', idempotencyKey, async () => {
        const id = postIdOf(input.postId);
        let where = await whereIs(id, signal);
        // The body changes; the warning and the item from the record stay unless the edit says otherwise.
        const current = fromRaw((await readPost(id, signal)).raw ?? '');
        const warning = input.contentWarning === undefined ? current.contentWarning : input.contentWarning.trim() || undefined;
        await call('PUT', `/posts/${id}.json`, { body: { post: { raw: toRaw(input.body, warning, current.sharedItem) } }, signal });
        const title = input.title?.trim();
        if (title && id === where.firstPostId && title !== where.title) {
          // A discussion's title is its topic's title.
          await call('PUT', `/t/-/${where.topicId}.json`, { body: { topic: { title } }, signal });
          where = { ...where, title };
          located.set(id, where);
        }
        return toPost(await readPost(id, signal), where);
      });
    },

    async deletePost(input, { signal, idempotencyKey }) {
      return once('delete', idempotencyKey, async () => {
        try {
          // Deleting a topic's first post deletes the topic, as in Discourse's own UI.
          await call('DELETE', `/posts/${postIdOf(input.postId)}.json`, { signal });
        } catch (error) {
          if (!(error instanceof CareError && error.kind === 'not-found')) throw error; // already gone: idempotent
        }
        return { id: input.postId };
      });
    },

    async react(input, { signal, idempotencyKey }) {
      await Promise.resolve(); // a caller's abort wins over the refusal below, as with any in-flight call
      if (signal.aborted) throw abortReasonOf(signal);
      if (input.reaction !== 'helpful') {
        // Discourse has likes only; the widget hides what is refused this way.
        throw new CareError('invalid', 'This forum has no "support" reaction.', { fieldErrors: { reaction: 'Only "helpful" (a like) is available on this forum.' } });
      }
      return once('react', idempotencyKey, async () => {
        const id = postIdOf(input.postId);
        const where = await whereIs(id, signal);
        const current = await readPost(id, signal);
        const acted = !!current.actions_summary?.find((a) => a.id === LIKE)?.acted;
        // A set, not a toggle: only act when the state differs, so a retry cannot undo it.
        if (acted !== input.active) {
          if (input.active) await call('POST', '/post_actions.json', { body: { id, post_action_type_id: LIKE }, signal });
          else await call('DELETE', `/post_actions/${id}.json`, { query: { post_action_type_id: LIKE }, signal });
        }
        return toPost(await readPost(id, signal), where);
      });
    },

    async report(input, { signal, idempotencyKey }) {
      await Promise.resolve();
      if (signal.aborted) throw abortReasonOf(signal);
      const type = FLAG_TYPE[input.reason];
      if (type === undefined) throw new CareError('invalid', 'Unknown report reason.', { fieldErrors: { reason: 'Please choose a reason.' } });
      return once('report', idempotencyKey, async () => {
        const id = postIdOf(input.postId);
        const message = [REASON_TEXT[input.reason], input.details?.trim()].filter(Boolean).join(': ');
        const body: Json = { id, post_action_type_id: type };
        if (type === 7) body['message'] = message;
        await call('POST', '/post_actions.json', { body, signal });
        return { reference: `${id}-${type}` };
      });
    },

    subscribe(groupId, handler, subscribeOptions: SubscribeOptions = {}): Unsubscribe {
      // Polls the category's newest topics: works on every site, no message-bus CORS setup needed.
      const controller = new AbortController();
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let state: ConnectionState | undefined;
      const setState = (next: ConnectionState) => {
        if (state === next) return;
        state = next;
        subscribeOptions.onConnectionChange?.(next);
      };
      let seen: number | undefined;
      const poll = async () => {
        try {
          const c = await category(groupId, controller.signal);
          const { ids } = await topicIds(c, 0, 30, controller.signal);
          const newest = ids.length ? Math.max(...ids) : 0;
          if (seen !== undefined) {
            for (const id of ids.filter((x) => x > seen!).sort((a, b) => a - b)) {
              const post = await topicAsPost(id, controller.signal);
              if (post && !stopped) handler({ type: 'post', post: { ...post, myReactions: undefined, mine: undefined } } satisfies CommunityEvent);
            }
          }
          seen = Math.max(seen ?? 0, newest);
          setState('open');
        } catch {
          if (stopped) return;
          setState(seen === undefined ? 'connecting' : 'reconnecting');
        }
        if (!stopped) timer = setTimeout(() => void poll(), pollMs);
      };
      setState('connecting');
      void poll();
      const stop = () => {
        if (stopped) return;
        stopped = true;
        clearTimeout(timer);
        controller.abort();
        disposers.delete(stop);
        setState('closed');
      };
      disposers.add(stop);
      return stop;
    },
  };

  const session: SessionPort = {
    async getSession({ signal }) {
      if (signal.aborted) throw abortReasonOf(signal);
      await settled(signal);
      if (!apiKey()) return guest();
      try {
        const data = await call<{ current_user?: { id: number; username: string } }>('GET', '/session/current.json', { signal });
        if (!data.current_user) return guest();
        return { status: 'signed-in', patient: { id: String(data.current_user.id), displayName: data.current_user.username } };
      } catch (error) {
        // Discourse answers 404 when the key no longer signs anyone in (revoked elsewhere).
        if (error instanceof CareError && (error.kind === 'not-found' || error.kind === 'forbidden' || error.kind === 'unauthorized')) return guest();
        throw error;
      }
    },
    // Discourse cannot tell a page that a key was revoked elsewhere; nothing to listen to.
    subscribe: () => () => undefined,
    async signOut({ signal }) {
      if (signal.aborted) throw abortReasonOf(signal);
      if (apiKey()) await call('POST', '/user-api-key/revoke', { signal });
      revoked = true;
      currentUser = undefined;
      options.onSignOut?.();
    },
  };

  return {
    name: options.name ?? 'discourse',
    session,
    community,
    dispose() {
      for (const stop of [...disposers]) stop();
    },
  };
}

type HtmlPolicy = { createHTML(input: string): string };
let cookedHtml: HtmlPolicy | undefined;

/**
 * Plain text of cooked HTML, for posts read without `raw`. A DOMParser document is inert (no
 * scripts run, nothing loads) and only its text is kept, so under Trusted Types the HTML passes
 * through the `careline-discourse` policy unchanged.
 */
function textOf(html: string): string {
  const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(input: string): string }): HtmlPolicy } }).trustedTypes;
  cookedHtml ??= trustedTypes?.createPolicy('careline-discourse', { createHTML: (input) => input });
  const doc = new DOMParser().parseFromString(cookedHtml ? cookedHtml.createHTML(html) : html, 'text/html');
  return [...doc.body.children].map((el) => el.textContent ?? '').join('\n\n') || (doc.body.textContent ?? '');
}

/*
 * Discourse has no fields for a content warning or an item shared from the record, so both
 * travel in the post's markdown in forms Discourse itself shows well: the warning as a
 * collapsed [details] block (members on the forum see it folded too), the item as a quote,
 * preceded by a hidden comment with its data so the feed can show it as a card again.
 */
const WARNING_BLOCK = /^\[details="([^"\]\n]*)"\]\n([\s\S]*)\n\[\/details\]\s*$/;
const ITEM_MARKER = '\n\n<!-- careline:shared-item ';

export function toRaw(body: string, contentWarning: string | undefined, item: SharedRecordItem | undefined): string {
  let raw = body;
  if (item) {
    const values = item.values?.length ? `\n> ${item.values.join(', ')}${item.unit ? ` ${item.unit}` : ''}` : '';
    // `--` cannot appear inside an HTML comment; JSON escapes keep the data intact.
    const data = JSON.stringify(item).replaceAll('--', '\\u002d\\u002d');
    raw += `${ITEM_MARKER}${data} -->\n> **${oneLine(item.title)}**\n> ${oneLine(item.summary)}${values}`;
  }
  const label = contentWarning?.trim();
  // Quotes and brackets would end the [details="…"] attribute early.
  return label ? `[details="${oneLine(label).replace(/["\]]/g, "'")}"]\n${raw}\n[/details]` : raw;
}

export function fromRaw(raw: string): { body: string; contentWarning?: string; sharedItem?: SharedRecordItem } {
  let body = raw;
  let contentWarning: string | undefined;
  const warning = WARNING_BLOCK.exec(body);
  if (warning) {
    contentWarning = warning[1]!;
    body = warning[2]!;
  }
  let sharedItem: SharedRecordItem | undefined;
  const at = body.lastIndexOf(ITEM_MARKER);
  if (at >= 0) {
    const end = body.indexOf(' -->', at);
    const item = end > 0 ? parseItem(body.slice(at + ITEM_MARKER.length, end)) : undefined;
    if (item) {
      sharedItem = item;
      body = body.slice(0, at);
    }
  }
  return { body, ...(contentWarning ? { contentWarning } : {}), ...(sharedItem ? { sharedItem } : {}) };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Only a well-formed item is shown as a card: the comment is text anyone on the forum could write. */
function parseItem(json: string): SharedRecordItem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { kind, title, summary, values, unit } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || typeof title !== 'string' || typeof summary !== 'string') return undefined;
  if (values !== undefined && !(Array.isArray(values) && values.every((v) => typeof v === 'number' && Number.isFinite(v)))) return undefined;
  if (unit !== undefined && typeof unit !== 'string') return undefined;
  return { kind, title, summary, ...(values ? { values: values as number[] } : {}), ...(unit ? { unit } : {}) };
}
