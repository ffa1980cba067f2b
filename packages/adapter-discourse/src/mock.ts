/**
 * An in-memory Discourse for tests: msw handlers over a small store. Every response is
 * built from the spec's own minimal sample (spec/openapi.json via generated/spec.js) and
 * checked against the operation's response schema; every request the adapter makes is
 * checked against the spec's operations (spec-check.ts). Both logs are asserted in tests.
 */
import { getResponse, http, HttpResponse, type HttpHandler } from 'msw';
import { samples } from './generated/spec.js';
import { checkRequest, checkResponse, type SpecViolation } from './spec-check.js';

interface User { id: number; username: string; name: string; staff?: boolean; group?: string }
interface Category { id: number; slug: string; name: string; description: string; level: number }
interface Topic { id: number; categoryId: number; title: string; pinned: boolean; createdAt: string; postIds: number[]; deleted: boolean }
interface Post { id: number; topicId: number; number: number; userId: number; raw: string; createdAt: string; updatedAt: string; version: number; deleted: boolean; accepted?: boolean }

export type MockFailure = { status: number; retryAfterSeconds?: number | undefined } | { network: true };

export interface DiscourseMockOptions {
  baseUrl: string;
  /** Discourse's topic list page size (a site setting; 30 by default). */
  perPage?: number | undefined;
  /** The member's key; requests without it are guests (reads only). */
  userApiKey?: string | undefined;
}

const ME: User = { id: 1, username: 'maria_k', name: 'Maria K' };
const EDUCATOR: User = { id: 2, username: 'nurse_ana', name: 'Ana (diabetes educator)', staff: true, group: 'educators' };
const OTHER: User = { id: 3, username: 'sam_t', name: 'Sam T' };
const USERS = [ME, EDUCATOR, OTHER];

const clone = <T>(value: T): T => structuredClone(value);
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const cook = (raw: string) => raw.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');

export class DiscourseMock {
  readonly baseUrl: string;
  readonly perPage: number;
  readonly userApiKey: string;
  /** Every request the adapter made, with what did not match the spec. */
  readonly requests: SpecViolation[] = [];
  /** Responses that did not validate against the spec's response schema. */
  readonly responseViolations: string[] = [];
  readonly flags: Array<{ postId: number; type: number; message?: string | undefined }> = [];
  private readonly categories: Category[] = [
    { id: 5, slug: 'type-2-diabetes', name: 'Type 2 diabetes', description: 'Living with type 2 diabetes. Be kind; no medical advice replaces your care team.', level: 1 },
    { id: 6, slug: 'heart-failure', name: 'Heart failure', description: 'For people living with heart failure and their carers.', level: 1 },
  ];
  private readonly topics = new Map<number, Topic>();
  private readonly posts = new Map<number, Post>();
  private readonly likes = new Map<number, Set<number>>();
  private nextTopic = 100;
  private nextPost = 1000;
  private clock = Date.parse('2026-03-01T09:00:00Z');
  private failures: MockFailure[] = [];
  private dropNextPoll = 0;
  private revoked = false;

  constructor(options: DiscourseMockOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.perPage = options.perPage ?? 30;
    this.userApiKey = options.userApiKey ?? 'test-user-api-key';
    const welcome = this.addTopic(5, EDUCATOR, 'Welcome: how this group works', 'Introduce yourself, and remember to talk to your care team before changing medicines.');
    welcome.pinned = true;
    const q = this.addTopic(5, OTHER, 'Tips for checking sugar before breakfast?', 'My morning readings are high. What helped you?');
    this.addReply(q.id, EDUCATOR, 'Dawn phenomenon is common; write the readings down and bring them to your next visit.').accepted = true;
    this.addReply(q.id, ME, 'A short walk after dinner helped me.');
    for (let i = 1; i <= 4; i++) this.addTopic(5, i % 2 ? ME : OTHER, `Week ${i} check-in thread`, `How did week ${i} go for everyone?`);
    this.addTopic(6, OTHER, 'Low salt recipes', 'Share the ones your family actually likes.');
  }

  /* ------------------------------------------------------------- controls */

  /** The markdown a post is stored with, as the forum's own readers get it. */
  rawOf(postId: number): string | undefined {
    return this.posts.get(postId)?.raw;
  }

  /** Another member starts a topic (seen by polling). */
  publishPost(groupId: string, body: string): void {
    this.addTopic(Number(groupId), OTHER, body.slice(0, 80), body);
  }
  failNext(failure: MockFailure): void {
    this.failures.push(failure);
  }
  /** The next poll of a topic list fails as a dropped connection would. */
  dropConnections(): void {
    this.dropNextPoll++;
  }
  get handlers(): HttpHandler[] {
    return [http.all(`${this.baseUrl}/*`, ({ request }) => this.route(request))];
  }

  /** A fetch that answers from the handlers, checking every request against the spec first. */
  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.requests.push(await checkRequest(request.clone()));
    const failure = this.failures.shift();
    if (failure) {
      if ('network' in failure) throw new TypeError('Failed to fetch');
      const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      return Response.json({ errors: ['Injected failure.'], error_type: 'injected' }, { status: failure.status, headers });
    }
    if (this.dropNextPoll > 0 && request.method === 'GET' && new URL(request.url).pathname.startsWith('/c/')) {
      this.dropNextPoll--;
      throw new TypeError('Failed to fetch');
    }
    const response = await getResponse(this.handlers, request);
    if (!response) return Response.json({ errors: ['Not found.'] }, { status: 404 });
    if (response.type === 'error') throw new TypeError('Failed to fetch');
    return response;
  };

  /* --------------------------------------------------------------- store */

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }
  private addTopic(categoryId: number, user: User, title: string, raw: string): Topic {
    const topic: Topic = { id: this.nextTopic++, categoryId, title, pinned: false, createdAt: this.tick(), postIds: [], deleted: false };
    this.topics.set(topic.id, topic);
    this.addPostTo(topic, user, raw);
    return topic;
  }
  private addReply(topicId: number, user: User, raw: string): Post {
    return this.addPostTo(this.topics.get(topicId)!, user, raw);
  }
  private addPostTo(topic: Topic, user: User, raw: string): Post {
    const at = this.tick();
    const post: Post = { id: this.nextPost++, topicId: topic.id, number: topic.postIds.length + 1, userId: user.id, raw, createdAt: at, updatedAt: at, version: 1, deleted: false };
    this.posts.set(post.id, post);
    topic.postIds.push(post.id);
    return post;
  }
  private livePosts(topic: Topic): Post[] {
    return topic.postIds.map((id) => this.posts.get(id)!).filter((p) => !p.deleted);
  }
  private listTopics(categoryId: number): Topic[] {
    // Pinned first, then newest first, as Discourse's category list shows them.
    return [...this.topics.values()].filter((t) => t.categoryId === categoryId && !t.deleted).sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.id - a.id);
  }

  /* ----------------------------------------------------------- responses */

  private ok(request: Request, body: unknown): Response {
    const url = new URL(request.url);
    for (const problem of checkResponse(request.method, url.pathname, body)) this.responseViolations.push(`${request.method} ${url.pathname}: ${problem}`);
    return HttpResponse.json(body as Record<string, unknown>);
  }
  private error(status: number, message: string): Response {
    return HttpResponse.json({ errors: [message], error_type: status === 404 ? 'not_found' : status === 403 ? 'invalid_access' : 'invalid_parameters' }, { status });
  }
  /** `counts`: whether the operation's schema lets actions carry count/acted (GET /posts/{id} and post actions do; create and update do not). */
  private postJson(post: Post, me: User | undefined, sample: Record<string, unknown>, counts = true): Record<string, unknown> {
    const user = USERS.find((u) => u.id === post.userId)!;
    const likes = this.likes.get(post.id) ?? new Set<number>();
    const replies = post.number === 1 ? this.livePosts(this.topics.get(post.topicId)!).length - 1 : 0;
    return {
      ...clone(sample),
      id: post.id,
      username: user.username,
      ...('name' in sample ? { name: user.name } : {}),
      created_at: post.createdAt,
      updated_at: post.updatedAt,
      cooked: cook(post.raw),
      raw: post.raw,
      post_number: post.number,
      post_type: 1,
      topic_id: post.topicId,
      topic_slug: `t-${post.topicId}`,
      version: post.version,
      reply_count: replies,
      reply_to_post_number: null,
      yours: me?.id === post.userId,
      can_edit: me?.id === post.userId,
      can_delete: me?.id === post.userId,
      staff: !!user.staff,
      moderator: false,
      admin: false,
      user_id: user.id,
      primary_group_name: user.group ?? null,
      actions_summary: counts ? [{ id: 2, count: likes.size, acted: !!me && likes.has(me.id), can_act: !!me, can_undo: !!me }] : [{ id: 2, can_act: !!me }],
    };
  }

  private async route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method;
    const key = request.headers.get('User-Api-Key');
    if (key !== null && key !== this.userApiKey) return this.error(403, 'You are not permitted to view the requested resource. The API key is invalid.');
    if (key !== null && this.revoked) return this.error(403, 'You are not permitted to view the requested resource. The API key is invalid.');
    const me = key ? ME : undefined;
    if (path === '/session/current.json' && method === 'GET') {
      if (!me) return this.error(404, 'The requested URL or resource could not be found.');
      return HttpResponse.json({ current_user: { id: me.id, username: me.username, name: me.name, avatar_template: '/user_avatar/x/{size}/1.png' } });
    }
    if (path === '/user-api-key/revoke' && method === 'POST') {
      if (!me) return this.error(403, 'You are not permitted to view the requested resource.');
      this.revoked = true;
      return HttpResponse.json({ success: 'OK' });
    }
    const body = method === 'GET' || method === 'DELETE' ? {} : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
    let m: RegExpMatchArray | null;
    if (method !== 'GET' && !me) return this.error(403, 'You are not permitted to view the requested resource.');

    if (method === 'GET' && path === '/categories.json') {
      const categories = this.categories.map((c) => ({ ...clone(samples.category), id: c.id, name: c.name, slug: c.slug, description: c.description, description_text: c.description, notification_level: me ? c.level : 1, topic_count: this.listTopics(c.id).length }));
      return this.ok(request, { ...clone(samples.categoriesResponse), category_list: { can_create_category: false, can_create_topic: !!me, categories } });
    }
    if (method === 'GET' && (m = path.match(/^\/c\/([^/]+)\/(\d+)\.json$/))) {
      const category = this.categories.find((c) => c.id === Number(m![2]));
      if (!category) return this.error(404, 'The requested URL or resource could not be found.');
      const page = Number(url.searchParams.get('page') ?? 0);
      const topics = this.listTopics(category.id).slice(page * this.perPage, (page + 1) * this.perPage).map((t) => ({
        ...clone(samples.topicListItem), id: t.id, title: t.title, fancy_title: t.title, slug: `t-${t.id}`, category_id: t.categoryId, created_at: t.createdAt, pinned: t.pinned,
        posts_count: this.livePosts(t).length, reply_count: this.livePosts(t).length - 1,
      }));
      return this.ok(request, { ...clone(samples.topicListResponse), topic_list: { can_create_topic: !!me, per_page: this.perPage, topics } });
    }
    if (method === 'GET' && (m = path.match(/^\/t\/(\d+)\.json$/))) {
      const topic = this.topics.get(Number(m[1]));
      if (!topic || topic.deleted) return this.error(404, 'The requested URL or resource could not be found.');
      const posts = this.livePosts(topic).map((p) => {
        const { raw: _raw, posts_count: _count, actions_summary: _actions, ...rest } = this.postJson(p, me, samples.topicPost);
        // The published topic view lists actions without counts: only id and can_act.
        return { ...rest, actions_summary: [{ id: 2, can_act: !!me }] };
      });
      return this.ok(request, { ...clone(samples.topicResponse), id: topic.id, title: topic.title, fancy_title: topic.title, slug: `t-${topic.id}`, category_id: topic.categoryId, pinned: topic.pinned, created_at: topic.createdAt, posts_count: posts.length, post_stream: { posts, stream: this.livePosts(topic).map((p) => p.id) } });
    }
    if ((m = path.match(/^\/posts\/(\d+)\.json$/))) {
      const post = this.posts.get(Number(m[1]));
      if (!post || post.deleted) return this.error(404, 'The requested URL or resource could not be found.');
      if (method === 'GET') return this.ok(request, this.postJson(post, me, samples.post));
      if (post.userId !== me!.id) return this.error(403, 'You are not permitted to view the requested resource.');
      if (method === 'PUT') {
        const raw = String((body['post'] as { raw?: unknown } | undefined)?.raw ?? '');
        if (raw.trim().length < 1) return this.error(422, 'Body is too short (minimum is 1 character)');
        Object.assign(post, { raw, version: post.version + 1, updatedAt: this.tick() });
        return this.ok(request, { post: this.postJson(post, me, samples.updatedPost, false) });
      }
      if (method === 'DELETE') {
        post.deleted = true;
        // Deleting a topic's first post deletes the topic.
        if (post.number === 1) this.topics.get(post.topicId)!.deleted = true;
        return new HttpResponse(null, { status: 200 });
      }
    }
    if (method === 'PUT' && (m = path.match(/^\/t\/-\/(\d+)\.json$/))) {
      const topic = this.topics.get(Number(m[1]));
      if (!topic || topic.deleted) return this.error(404, 'The requested URL or resource could not be found.');
      if (this.posts.get(topic.postIds[0]!)!.userId !== me!.id) return this.error(403, 'You are not permitted to view the requested resource.');
      const title = String((body['topic'] as { title?: unknown } | undefined)?.title ?? topic.title);
      topic.title = title;
      return this.ok(request, { basic_topic: { id: topic.id, title, fancy_title: title, slug: `t-${topic.id}`, posts_count: this.livePosts(topic).length } });
    }
    if (method === 'POST' && path === '/posts.json') {
      const raw = String(body['raw'] ?? '');
      if (raw.trim().length < 1) return this.error(422, 'Body is too short (minimum is 1 character)');
      if (typeof body['topic_id'] === 'number') {
        const topic = this.topics.get(body['topic_id']);
        if (!topic || topic.deleted) return this.error(404, 'The requested URL or resource could not be found.');
        return this.ok(request, this.postJson(this.addReply(topic.id, ME, raw), me, samples.createdPost, false));
      }
      const category = this.categories.find((c) => c.id === body['category']);
      if (!category) return this.error(422, 'Category can’t be blank');
      if (!String(body['title'] ?? '').trim()) return this.error(422, 'Title can’t be blank');
      const topic = this.addTopic(category.id, ME, String(body['title']), raw);
      return this.ok(request, this.postJson(this.posts.get(topic.postIds[0]!)!, me, samples.createdPost, false));
    }
    if (method === 'POST' && path === '/post_actions.json') {
      const post = this.posts.get(Number(body['id']));
      if (!post || post.deleted) return this.error(404, 'The requested URL or resource could not be found.');
      const type = Number(body['post_action_type_id']);
      if (type === 2) {
        const likes = this.likes.get(post.id) ?? new Set<number>();
        if (likes.has(me!.id)) return this.error(403, 'You are not permitted to view the requested resource.');
        likes.add(me!.id);
        this.likes.set(post.id, likes);
      } else {
        if (this.flags.some((f) => f.postId === post.id && f.type === type)) return this.error(403, 'You are not permitted to view the requested resource.');
        this.flags.push({ postId: post.id, type, message: typeof body['message'] === 'string' ? body['message'] : undefined });
      }
      return this.ok(request, this.postJson(post, me, samples.postActionResponse));
    }
    if (method === 'DELETE' && (m = path.match(/^\/post_actions\/(\d+)\.json$/))) {
      const post = this.posts.get(Number(m[1]));
      if (!post || post.deleted) return this.error(404, 'The requested URL or resource could not be found.');
      this.likes.get(post.id)?.delete(me!.id);
      return this.ok(request, this.postJson(post, me, samples.postActionResponse));
    }
    if (method === 'POST' && (m = path.match(/^\/category\/(\d+)\/notifications$/))) {
      const category = this.categories.find((c) => c.id === Number(m![1]));
      if (!category) return this.error(404, 'The requested URL or resource could not be found.');
      category.level = Number(body['notification_level']);
      return HttpResponse.json({ success: 'OK' });
    }
    if (method === 'GET' && path === '/search.json') {
      const q = url.searchParams.get('q') ?? '';
      const slug = q.match(/#([\w-]+)/)?.[1];
      const words = q.replace(/#[\w-]+/g, '').trim().toLowerCase().split(/\s+/).filter(Boolean);
      const category = this.categories.find((c) => c.slug === slug);
      const hits = [...this.posts.values()].filter((p) => {
        const topic = this.topics.get(p.topicId)!;
        return !p.deleted && !topic.deleted && (!category || topic.categoryId === category.id) && words.every((w) => `${topic.title} ${p.raw}`.toLowerCase().includes(w));
      });
      const posts = hits.map((p) => ({ id: p.id, topic_id: p.topicId, post_number: p.number, username: USERS.find((u) => u.id === p.userId)!.username, blurb: p.raw.slice(0, 200) }));
      return this.ok(request, { ...clone(samples.searchResponse), posts, grouped_search_result: { ...clone((samples.searchResponse as { grouped_search_result: object }).grouped_search_result), term: q, post_ids: posts.map((p) => p.id) } });
    }
    return this.error(404, 'The requested URL or resource could not be found.');
  }
}
