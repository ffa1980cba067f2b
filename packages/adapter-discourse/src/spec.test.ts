/**
 * The mock and the adapter against Discourse's published OpenAPI document: the checker
 * itself catches bad requests and responses, and a full tour of the adapter produces
 * only requests that match the spec (or a documented gap) and only valid responses.
 */
import { expect } from '@open-wc/testing';
import { createId, type CommunityEvent } from '@careline/core';
import { createDiscourseAdapter } from './discourse-adapter.js';
import { DiscourseMock } from './mock.js';
import { checkRequest, checkResponse, findOperation, SPEC_GAPS } from './spec-check.js';

const BASE = 'https://forum.example-hospital.test';
const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'User-Api-Key': 'k' }) =>
  new Request(BASE + path, { method, headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
const live = () => new AbortController().signal;

describe('spec checker', () => {
  it('matches path templates, preferring fixed segments', () => {
    expect(findOperation('GET', '/c/type-2-diabetes/5.json')?.id).to.equal('listCategoryTopics');
    expect(findOperation('PUT', '/t/-/12.json')?.id).to.equal('updateTopic');
    expect(findOperation('POST', '/posts.json')?.id).to.equal('createTopicPostPM');
    expect(findOperation('PATCH', '/posts.json')).to.equal(undefined);
  });

  it('accepts good requests and names what is wrong with bad ones', async () => {
    expect((await checkRequest(json('POST', '/posts.json', { raw: 'Hi', title: 'A title', category: 5 }))).problems).to.deep.equal([]);
    expect((await checkRequest(json('POST', '/posts.json', { title: 'no raw' }))).problems.join()).to.include('raw');
    expect((await checkRequest(json('POST', '/posts.json', { raw: 'x', category: 'five' }))).problems.join()).to.include('/category');
    expect((await checkRequest(json('POST', '/posts.json', { raw: 'x', surprise: 1 }))).problems.join()).to.include('additional');
    expect((await checkRequest(json('GET', '/nowhere.json'))).problems.join()).to.include('matches no operation');
    expect((await checkRequest(json('PUT', '/posts/1.json', { post: {} }))).problems.join()).to.include('raw');
    // Admin API key headers are required by the spec; a User API key stands in for them.
    expect((await checkRequest(json('GET', '/t/1.json', undefined, {}))).problems.join()).to.include('missing header Api-Key');
    expect((await checkRequest(json('GET', '/t/1.json'))).problems).to.deep.equal([]);
  });

  it('checks the documented gaps instead of waving them through', async () => {
    expect(SPEC_GAPS.map((g) => `${g.method} ${g.path}`)).to.deep.equal(['DELETE /post_actions/{id}.json', 'POST /category/{id}/notifications', 'GET /session/current.json', 'POST /user-api-key/revoke']);
    expect((await checkRequest(json('DELETE', '/post_actions/9.json?post_action_type_id=2'))).problems).to.deep.equal([]);
    expect((await checkRequest(json('DELETE', '/post_actions/9.json'))).problems).to.deep.equal(['missing query parameter post_action_type_id']);
    expect((await checkRequest(json('POST', '/category/5/notifications', { notification_level: 9 }))).problems.join()).to.include('notification_level');
    // A flag's message is real but missing from performPostAction's body schema: checked, then the rest against the schema.
    expect((await checkRequest(json('POST', '/post_actions.json', { id: 3, post_action_type_id: 7, message: 'Why' }))).problems).to.deep.equal([]);
    expect((await checkRequest(json('POST', '/post_actions.json', { id: 3, post_action_type_id: 7, message: 4 }))).problems).to.deep.equal(['body.message is not valid']);
    expect((await checkRequest(json('POST', '/post_actions.json', { id: '3', post_action_type_id: 2 }))).problems.join()).to.include('body/id');
  });

  it('rejects responses that do not fit the response schema', () => {
    expect(checkResponse('GET', '/categories.json', { category_list: { categories: [] } }).join()).to.include('can_create_topic');
    expect(checkResponse('GET', '/categories.json', { category_list: { can_create_category: false, can_create_topic: true, categories: [] } })).to.deep.equal([]);
    expect(checkResponse('GET', '/posts/1.json', { id: 'one' }).length).to.be.greaterThan(0);
  });
});

describe('adapter traffic against the spec', () => {
  it('every request matches an operation and every mock response validates', async function () {
    this.timeout(15_000);
    const mock = new DiscourseMock({ baseUrl: BASE, perPage: 3 });
    const adapter = createDiscourseAdapter({ baseUrl: BASE, userApiKey: mock.userApiKey, fetch: mock.fetch, pollIntervalMs: 30 });
    const c = adapter.community;
    const write = () => ({ signal: live(), idempotencyKey: createId() });
    const [group] = await c.listGroups({ signal: live() });
    const first = await c.listPosts(group!.id, { limit: 2 }, { signal: live() });
    await c.listPosts(group!.id, { limit: 2, cursor: first.nextCursor }, { signal: live() });
    await c.listPosts(group!.id, { search: 'breakfast' }, { signal: live() });
    const post = await c.createPost({ groupId: group!.id, title: 'Question about my new meter', body: 'Which lancet depth do you use?' }, write());
    const reply = await c.createPost({ groupId: group!.id, parentId: post.id, body: 'The middle one works for me.' }, write());
    await c.listPosts(group!.id, { parentId: post.id }, { signal: live() });
    await c.editPost({ postId: reply.id, body: 'The middle setting works for me.' }, write());
    await c.editPost({ postId: post.id, title: 'Question about my new glucose meter', body: 'Which lancet depth do you use?' }, write());
    await c.react({ postId: first.items[0]!.id, reaction: 'helpful', active: true }, write());
    await c.react({ postId: first.items[0]!.id, reaction: 'helpful', active: false }, write());
    await c.report({ postId: first.items[0]!.id, reason: 'misinformation', details: 'Says to stop insulin.' }, write());
    await c.report({ postId: first.items[0]!.id, reason: 'spam' }, write());
    await c.joinGroup({ groupId: group!.id, acceptedRules: true }, write());
    await c.leaveGroup({ groupId: group!.id }, write());
    await c.deletePost({ postId: reply.id }, write());
    const events: CommunityEvent[] = [];
    expect((await adapter.session.getSession({ signal: live() })).status).to.equal('signed-in');
    const stop = c.subscribe(group!.id, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 100));
    mock.publishPost(group!.id, 'A new member says hello');
    for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    stop();
    await adapter.session.signOut({ signal: live() });
    adapter.dispose();

    expect(events.map((e) => e.type)).to.deep.equal(['post']);
    expect(mock.requests.length).to.be.greaterThan(20);
    expect(mock.requests.filter((r) => r.problems.length), 'requests outside the spec').to.deep.equal([]);
    expect(mock.responseViolations, 'mock responses outside the spec').to.deep.equal([]);
    const used = new Set(mock.requests.map((r) => r.operation));
    for (const op of ['listCategories', 'listCategoryTopics', 'getTopic', 'getPost', 'createTopicPostPM', 'updatePost', 'deletePost', 'performPostAction', 'search', 'updateTopic']) expect([...used]).to.include(op);
    expect(mock.requests.every((r) => new Request(r.url).url.startsWith(BASE))).to.equal(true);
  });
});
