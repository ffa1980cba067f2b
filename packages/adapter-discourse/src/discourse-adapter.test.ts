/** What is particular to Discourse: the mapping, the refusals, keys, flags, polling. */
import { expect } from '@open-wc/testing';
import { createId, isCareError, type CareError, type CommunityEvent, type ConnectionState } from '@careline/core';
import { createDiscourseAdapter, fromRaw, toRaw } from './discourse-adapter.js';
import { DiscourseMock } from './mock.js';

const BASE = 'https://forum.example-hospital.test';
const live = () => new AbortController().signal;
const write = () => ({ signal: live(), idempotencyKey: createId() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refusal(promise: Promise<unknown>): Promise<CareError> {
  try {
    await promise;
  } catch (error) {
    if (isCareError(error)) return error;
    throw error;
  }
  throw new Error('expected a CareError');
}

function setup(options: { key?: boolean; fetch?: (mock: DiscourseMock) => typeof fetch } = {}) {
  const mock = new DiscourseMock({ baseUrl: BASE, perPage: 3 });
  const adapter = createDiscourseAdapter({
    baseUrl: `${BASE}/`,
    userApiKey: options.key === false ? null : () => mock.userApiKey,
    fetch: options.fetch?.(mock) ?? mock.fetch,
    pollIntervalMs: 30,
    educatorGroups: ['educators'],
  });
  return { mock, adapter, c: adapter.community };
}

describe('createDiscourseAdapter', () => {
  it('needs a baseUrl', () => {
    expect(() => createDiscourseAdapter({ baseUrl: ' ' })).to.throw(TypeError);
  });

  it('maps categories to groups, and joining to watching the category', async () => {
    const { c } = setup();
    const groups = await c.listGroups({ signal: live() });
    expect(groups.map((g) => g.name)).to.deep.equal(['Type 2 diabetes', 'Heart failure']);
    expect(groups[0]).to.include({ id: '5', joined: false, allowsAnonymous: false });
    expect(groups[0]!.description).to.include('Be kind');
    const joined = await c.joinGroup({ groupId: '5', acceptedRules: true }, write());
    // The name members post under is their Discourse username, and the group says so.
    expect(joined).to.include({ joined: true, pseudonym: 'maria_k' });
    expect((await c.listGroups({ signal: live() }))[0]).to.include({ joined: true, pseudonym: 'maria_k' });
    expect((await c.leaveGroup({ groupId: '5' }, write())).joined).to.equal(false);
  });

  it('maps topics to posts: pinned staff topic first, educator badge, one level of replies', async () => {
    const { c } = setup();
    const page = await c.listPosts('5', { limit: 2 }, { signal: live() });
    const welcome = page.items[0]!;
    expect(welcome).to.include({ title: 'Welcome: how this group works', pinned: true, state: 'published', mine: false });
    // The username: the single-post view of the published spec carries no full name.
    expect(welcome.author).to.deep.equal({ name: 'nurse_ana', badge: 'educator' });
    const question = (await c.listPosts('5', { search: 'breakfast' }, { signal: live() })).items[0]!;
    expect(question.title).to.equal('Tips for checking sugar before breakfast?');
    expect(question.replyCount).to.equal(2);
    const replies = await c.listPosts('5', { parentId: question.id }, { signal: live() });
    expect(replies.items.map((r) => r.parentId)).to.deep.equal([question.id, question.id]);
    expect(replies.items.map((r) => r.title)).to.deep.equal([undefined, undefined]);
    expect(replies.items[1]).to.include({ body: 'A short walk after dinner helped me.', mine: true });
  });

  it('sends the User API key, and a guest reads but must sign in to write', async () => {
    const seen: Array<string | null> = [];
    const { c } = setup({ key: false, fetch: (mock) => (input, init) => (seen.push(new Headers(init?.headers).get('User-Api-Key')), mock.fetch(input, init)) });
    const groups = await c.listGroups({ signal: live() });
    expect(groups.every((g) => !g.joined)).to.equal(true);
    expect((await refusal(c.createPost({ groupId: '5', body: 'Hello' }, write()))).kind).to.equal('unauthorized');
    expect(seen.every((key) => key === null)).to.equal(true);
    const member = setup({ fetch: (mock) => (input, init) => (seen.push(new Headers(init?.headers).get('User-Api-Key')), mock.fetch(input, init)) });
    await member.c.listGroups({ signal: live() });
    expect(seen.at(-1)).to.equal('test-user-api-key');
  });

  it('edits a discussion body and its title (the topic title)', async () => {
    const { c } = setup();
    const post = await c.createPost({ groupId: '5', title: 'My first question here', body: 'Is it normal to feel tired?' }, write());
    const edited = await c.editPost({ postId: post.id, title: 'Tired after starting metformin?', body: 'Is it normal to feel tired at first?' }, write());
    expect(edited).to.include({ title: 'Tired after starting metformin?', body: 'Is it normal to feel tired at first?' });
    expect(edited.editedAt).to.be.a('string');
    const again = (await c.listPosts('5', { search: 'metformin' }, { signal: live() })).items[0]!;
    expect(again.title).to.equal('Tired after starting metformin?');
  });

  it('likes are "helpful"; "support" has no Discourse counterpart and is refused as invalid', async () => {
    const { c } = setup();
    const [post] = (await c.listPosts('5', { limit: 1 }, { signal: live() })).items;
    const liked = await c.react({ postId: post!.id, reaction: 'helpful', active: true }, write());
    expect(liked.reactions).to.deep.equal({ helpful: 1, support: 0 });
    const refused = await refusal(c.react({ postId: post!.id, reaction: 'support', active: true }, write()));
    expect(refused.kind).to.equal('invalid');
    expect(refused.fieldErrors['reaction']).to.be.a('string');
  });

  it('maps report reasons to Discourse flags, with the reason in the moderators message', async () => {
    const { c, mock } = setup();
    const [post] = (await c.listPosts('5', { limit: 1 }, { signal: live() })).items;
    await c.report({ postId: post!.id, reason: 'self-harm', details: 'Talks about giving up.' }, write());
    await c.report({ postId: post!.id, reason: 'spam' }, write());
    await c.report({ postId: post!.id, reason: 'harassment' }, write());
    expect(mock.flags.map((f) => [f.type, f.message])).to.deep.equal([
      [7, 'Risk of self-harm: Talks about giving up.'],
      [8, undefined],
      [4, undefined],
    ]);
  });

  it('refuses per-group pseudonyms and anonymous posts, which Discourse does not have', async () => {
    const { c } = setup();
    const pseudonym = await refusal(c.joinGroup({ groupId: '5', acceptedRules: true, pseudonym: 'Rosa' }, write()));
    expect(pseudonym.kind).to.equal('invalid');
    expect(pseudonym.fieldErrors['pseudonym']).to.include('forum username');
    const anonymous = await refusal(c.createPost({ groupId: '5', body: 'Hi', anonymous: true }, write()));
    expect(anonymous.fieldErrors['anonymous']).to.be.a('string');
  });

  it('says what Discourse lacks through features: likes only, the account name, newest first', () => {
    const { c } = setup();
    expect(c.features).to.deep.equal({ reactions: ['helpful'], memberNames: 'account', sorts: ['newest'], search: true });
  });

  it('keeps a content warning and an item from the record in the post markdown, as Discourse shows them, and reads them back', async () => {
    const { c, mock } = setup();
    const sharedItem = { kind: 'lab-trend', title: 'HbA1c', summary: '4 results, latest 6.9 %', values: [8.4, 7.6, 7.1, 6.9], unit: '%' };
    const created = await c.createPost({ groupId: '5', title: 'My numbers -- finally', body: 'It took a year.', contentWarning: 'Weight "talk"', sharedItem }, write());
    expect(created).to.deep.include({ body: 'It took a year.', contentWarning: "Weight 'talk'", sharedItem });
    const raw = mock.rawOf(Number(created.id))!;
    // Readers on the forum itself see a folded block and a quote.
    expect(raw).to.match(/^\[details="Weight 'talk'"\]\n/);
    expect(raw).to.include('> **HbA1c**');
    expect(raw).to.include('> 8.4, 7.6, 7.1, 6.9 %');
    const listed = (await c.listPosts('5', { limit: 10 }, { signal: live() })).items.find((p) => p.id === created.id)!;
    expect(listed).to.deep.include({ body: 'It took a year.', contentWarning: "Weight 'talk'", sharedItem });
    const edited = await c.editPost({ postId: created.id, body: 'It took a year and a half.' }, write());
    expect(edited).to.deep.include({ body: 'It took a year and a half.', contentWarning: "Weight 'talk'", sharedItem });
  });

  it('shows a hand-written or broken item comment as text, never as a card from the record', () => {
    const forged = 'Look\n\n<!-- careline:shared-item {"kind":"lab-trend","title":1} -->\n> fake';
    expect(fromRaw(forged)).to.deep.equal({ body: forged });
    expect(fromRaw('[details="CW"]\nunclosed')).to.deep.equal({ body: '[details="CW"]\nunclosed' });
    const item = { kind: 'lab-trend', title: 'A <!-- b --> c', summary: 's' };
    expect(fromRaw(toRaw('x', undefined, item))).to.deep.equal({ body: 'x', sharedItem: item });
  });

  it('reports a post Discourse holds for review as pending, shown to its author only', async () => {
    const { c } = setup({
      fetch: (mock) => async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (init?.method === 'POST' && url.endsWith('/posts.json')) {
          await mock.fetch(input, init); // the request is still checked against the spec
          return Response.json({ success: true, action: 'enqueued', pending_post: { id: 77, created_at: '2026-03-02T10:00:00Z' }, pending_count: 1 });
        }
        return mock.fetch(input, init);
      },
    });
    const held = await c.createPost({ groupId: '5', title: 'New here', body: 'Hello, I was just diagnosed.' }, write());
    expect(held).to.deep.include({ id: 'review-77', state: 'pending', mine: true, body: 'Hello, I was just diagnosed.', title: 'New here', createdAt: '2026-03-02T10:00:00Z' });
    expect(held.author.name).to.equal('maria_k');
  });

  it('marks accepted answers as verified where the solved plugin adds accepted_answer', async () => {
    // accepted_answer is the solved plugin's field, absent from the published spec: added here on top of the mock.
    const { c } = setup({
      fetch: (mock) => async (input, init) => {
        const response = await mock.fetch(input, init);
        if (!/\/posts\/\d+\.json$/.test(new URL(String(input)).pathname) || !response.ok) return response;
        const body = (await response.json()) as { post_number: number };
        return Response.json({ ...body, accepted_answer: body.post_number === 2 });
      },
    });
    const question = (await c.listPosts('5', { search: 'breakfast' }, { signal: live() })).items[0]!;
    const replies = await c.listPosts('5', { parentId: question.id }, { signal: live() });
    expect(replies.items.map((r) => r.verified)).to.deep.equal([true, undefined]);
  });

  it('polls for new topics and stops polling on unsubscribe', async () => {
    const { c, mock } = setup();
    const events: CommunityEvent[] = [];
    const states: ConnectionState[] = [];
    const stop = c.subscribe('5', (e) => events.push(e), { onConnectionChange: (s) => states.push(s) });
    for (let i = 0; i < 50 && !states.includes('open'); i++) await sleep(10);
    mock.publishPost('5', 'Hello from a new member');
    for (let i = 0; i < 100 && events.length === 0; i++) await sleep(10);
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({ type: 'post' });
    stop();
    expect(states.at(-1)).to.equal('closed');
    const count = mock.requests.length;
    await sleep(150);
    expect(mock.requests.length, 'no request after unsubscribe').to.equal(count);
  });

  it('maps Discourse errors to CareErrors, with Retry-After', async () => {
    const { c, mock } = setup();
    mock.failNext({ status: 429, retryAfterSeconds: 3 });
    const limited = await refusal(c.listGroups({ signal: live() }));
    expect(limited.kind).to.equal('rate-limited');
    expect(limited.retryAfterMs).to.equal(3000);
    expect((await refusal(c.listPosts('999', {}, { signal: live() }))).kind).to.equal('not-found');
    const [post] = (await c.listPosts('5', { limit: 1 }, { signal: live() })).items;
    expect((await refusal(c.editPost({ postId: post!.id, body: 'Not mine' }, write()))).kind).to.equal('forbidden');
  });
});
