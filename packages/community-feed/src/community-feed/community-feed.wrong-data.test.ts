/**
 * Posts as a backend of any make may send them: a post with any one value, at any depth, missing
 * or of the wrong type shows, or says in its place that it could not be shown. The group never
 * turns into an error, the other posts still show, and nothing is thrown at the page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { configure, type CareAdapter, type CommunityGroup, type CommunityPost } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { communityGroups, createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { collectPageReports, expectAccessible, waitFor, wrongVariants } from '@careline/testing';
import '../define.js';
import { POST_WINDOW, type CommunityFeed } from './community-feed.js';

/** A post with every optional part a backend can send, so each can go wrong. */
const RICH_POST: CommunityPost = {
  id: 'rich',
  clientId: 'client-rich',
  groupId: 'g-diabetes',
  title: 'Fasting glucose after a night shift',
  author: { name: 'Nurse Ana', badge: 'educator', anonymous: false },
  body: 'Try **eating** at the same times.\n\n- water\n- [a guide](https://example.org/guide)',
  createdAt: '2026-11-02T03:00:00.000Z',
  editedAt: '2026-11-02T04:00:00.000Z',
  state: 'published',
  reactions: { helpful: 3, support: 1 },
  myReactions: ['helpful'],
  mine: true,
  replyCount: 2,
  contentWarning: 'Blood sugar numbers',
  pinned: true,
  verified: true,
  sharedItem: { kind: 'lab-trend', title: 'HbA1c', summary: 'Last 2 results', values: [7.1, 6.9], unit: '%' },
};

const ORDINARY = 'An ordinary post beside the odd ones';
const ordinaryPost: CommunityPost = {
  id: 'ordinary',
  groupId: 'g-diabetes',
  author: { name: 'Member' },
  body: ORDINARY,
  createdAt: '2026-11-01T03:00:00.000Z',
  state: 'published',
  reactions: { helpful: 0, support: 0 },
};

let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;
let counter = 0;

afterEach(() => {
  undo();
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (feed: CommunityFeed) => feed.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A signed-in member's feed whose first page is `items` (past the mock, which itself needs whole posts), in `groups` when given. */
async function feedShowing(items: CommunityPost[], groups?: unknown[]): Promise<CommunityFeed> {
  undo();
  backend?.dispose();
  backend = createMockBackend();
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  adapter.community!.listPosts = async () => ({ items, nextCursor: undefined });
  if (groups) adapter.community!.listGroups = async () => groups as CommunityGroup[];
  undo = configure({ adapter, namespace: `community-wrong-${Date.now().toString(36)}-${counter++}` });
  return fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
}

/** 'posts' once the feed shows posts (`count` of them, when given), 'error' for its error state, or why neither came. */
function postsOrError(feed: CommunityFeed, message: string, count?: number): Promise<string> {
  const shownPosts = () => root(feed).querySelectorAll('.posts[role="feed"] > .post').length;
  return waitFor(() => (root(feed).querySelector('[data-state="error"]') ? 'error' : (count === undefined ? shownPosts() > 0 : shownPosts() === count) ? 'posts' : undefined), {
    message,
    timeout: 10_000,
  }).catch((error: Error) => error.message);
}

describe('<care-community-feed> with posts a backend got wrong', function () {
  this.timeout(240_000);

  it('shows every post with any one value missing or of the wrong type, or says it could not be shown, and the rest of the group', async () => {
    const variants = wrongVariants(RICH_POST).map((variant, index) => ({
      ...variant,
      // Each keeps an id of its own (unless the id is what went wrong), so the posts are told apart.
      item: variant.label.startsWith('id ') ? variant.item : { ...variant.item, id: `rich-${index}` },
    }));
    expect(variants.length, 'variants tried').to.be.greaterThan(150);
    const failures: string[] = [];
    // Each unreadable post is reported once (console.error): expected here.
    const { thrown } = await collectPageReports(async () => {
      // The feed draws a window of POST_WINDOW posts: one ordinary post and the rest odd, per page.
      const perPage = POST_WINDOW - 1;
      for (let start = 0; start < variants.length; start += perPage) {
        const batch = variants.slice(start, start + perPage);
        const feed = await feedShowing([ordinaryPost, ...batch.map((variant) => variant.item)]);
        const where = `${batch[0]!.label} … ${batch.at(-1)!.label}`;
        const shown = await postsOrError(feed, `posts of ${where}`, batch.length + 1);
        if (shown !== 'posts') {
          failures.push(`${where}: ${shown === 'error' ? text(root(feed).querySelector('[data-state="error"]')) : shown}`);
          continue;
        }
        if (!text(root(feed).querySelector('.posts[role="feed"]')).includes(ORDINARY)) failures.push(`${where}: the ordinary post is missing`);
        const articles = [...root(feed).querySelectorAll('.posts[role="feed"] > .post')];
        for (const [index, variant] of batch.entries()) {
          if (!text(articles[index + 1]).trim()) failures.push(`${variant.label}: an empty post`);
        }
        if (start === 0) await expectAccessible(feed);
      }
    });
    expect(failures.slice(0, 10), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });

  it('leaves out what is not a post at all in a page (null, a number, text, a list) and shows the rest', async () => {
    const feed = await feedShowing([ordinaryPost, null, 42, 'x', [], true] as unknown as CommunityPost[]);
    const shown = await postsOrError(feed, 'posts');
    expect(shown, text(root(feed).querySelector('[data-state="error"]'))).to.equal('posts');
    expect(root(feed).querySelectorAll('.posts[role="feed"] > .post').length).to.equal(1);
    expect(text(root(feed).querySelector('.posts[role="feed"]'))).to.include(ORDINARY);
  });

  it('shows a group with any one value missing or of the wrong type, or the member\'s other groups, never an error for the feed', async () => {
    const richGroup: CommunityGroup = {
      id: 'g-odd',
      name: 'Living with type 2 diabetes',
      description: 'Share what helps.',
      rules: 'Be kind. No medical advice.',
      allowsAnonymous: true,
      joined: true,
      pseudonym: 'HopefulHeart',
      memberCount: 120,
    };
    const ordinaryGroup: CommunityGroup = { id: 'g-ordinary', name: 'Heart health', allowsAnonymous: false, joined: false };
    const variants = wrongVariants(richGroup);
    const failures: string[] = [];
    const { thrown } = await collectPageReports(async () => {
      for (const variant of variants) {
        const feed = await feedShowing([ordinaryPost], [variant.item, ordinaryGroup]);
        const shown = await postsOrError(feed, variant.label);
        if (shown !== 'posts') failures.push(`${variant.label}: ${shown === 'error' ? text(root(feed).querySelector('[data-state="error"]')) : shown}`);
        else if (/undefined|\[object|NaN|community\.[a-z]/.test(text(root(feed)))) failures.push(`${variant.label}: shows "${/undefined|\[object|NaN|community\.[a-z]+/.exec(text(root(feed)))![0]}"`);
      }
    });
    expect(failures.slice(0, 12), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });

  it('keeps the membership and the group as last shown when a join or leave answer is wrong, never showing it raw', async () => {
    // The groups as listed, the one joined first; then the join's answer as the backend should send it.
    const cancer = communityGroups.find((group) => group.id === 'g-cancer')!;
    const groups = [cancer, ...communityGroups.filter((group) => group !== cancer)];
    const names = groups.map((group) => group.name);
    const joinedAnswer: CommunityGroup = { ...cancer, joined: true, pseudonym: 'HopefulHeart', memberCount: cancer.memberCount! + 1 };
    const sent = joinedAnswer as unknown as Record<string, unknown>;
    const variants = [
      // A value of the right type (a name "x", 42 members) is data the feed cannot tell from right.
      ...wrongVariants(joinedAnswer).filter(({ item }) => Object.entries(item).every(([key, value]) => value === sent[key] || typeof value !== typeof sent[key])),
      ...[null, 42, 'x', [], true].map((item) => ({ label: `the answer = ${JSON.stringify(item)}`, item })),
      { label: 'another group\'s id', item: { ...joinedAnswer, id: 'g-diabetes' } },
      { label: 'another group', item: { ...groups[1]!, joined: true } },
    ];
    const status = (feed: CommunityFeed) => text(root(feed).querySelector('section.community > [role="status"]'));
    const failures: string[] = [];
    const { thrown } = await collectPageReports(async () => {
      for (const variant of variants) {
        const feed = await feedShowing([ordinaryPost], groups);
        // The join happens on the server; only its answer is wrong.
        const join = adapter.community!.joinGroup.bind(adapter.community);
        adapter.community!.joinGroup = async (input, options) => (await join(input, options), variant.item as CommunityGroup);
        const problem = await waitFor(() => root(feed).querySelector<HTMLButtonElement>('button.join'), { message: 'join button', timeout: 10_000 })
          .then(async (button) => {
            button.click();
            const pseudonym = await waitFor(() => root(feed).querySelector<HTMLInputElement>('#join-pseudonym'), { message: 'join form', timeout: 10_000 });
            pseudonym.value = 'HopefulHeart';
            pseudonym.dispatchEvent(new Event('input'));
            root(feed).querySelector<HTMLInputElement>('#join-rules')!.click();
            root(feed).querySelector<HTMLButtonElement>('.join-form button[type="submit"]')!.click();
            await waitFor(() => status(feed), { message: 'no announcement of the join', timeout: 3000 });
            return undefined;
          })
          .catch((error: Error) => error.message);
        await feed.updateComplete;
        const seen = text(root(feed));
        const shown = {
          problem,
          announced: status(feed),
          group: text(root(feed).querySelector('#group-name')),
          choices: [...root(feed).querySelectorAll('#group-choice option')].map(text),
          membership: text(root(feed).querySelector('.membership > p')),
          members: /\d+ members\./.exec(seen)?.[0],
          garbage: /undefined|\[object|NaN|community\.[a-z]/.exec(seen)?.[0],
        };
        const expected = {
          problem: undefined,
          announced: 'You joined Cancer support.',
          group: 'Cancer support',
          choices: names,
          membership: 'You post in this group as HopefulHeart.',
          // The answer's count when it can be read, the last one shown when not.
          members: shown.members === '97 members.' ? '97 members.' : '96 members.',
          garbage: undefined,
        };
        if (JSON.stringify(shown) !== JSON.stringify(expected)) failures.push(`${variant.label}: ${JSON.stringify(shown)}`);
      }

      // Leaving, answered with nothing readable: left, and the group as it was.
      const feed = await feedShowing([ordinaryPost], [{ ...joinedAnswer }, ...groups.slice(1)]);
      const leave = adapter.community!.leaveGroup.bind(adapter.community);
      adapter.community!.leaveGroup = async (input, options) => (await leave(input, options), null as unknown as CommunityGroup);
      (await waitFor(() => root(feed).querySelector<HTMLButtonElement>('button.leave'), { message: 'leave button', timeout: 10_000 })).click();
      const left = await waitFor(() => status(feed), { message: 'no announcement of the leave', timeout: 3000 }).catch((error: Error) => error.message);
      await feed.updateComplete;
      if (left !== 'You left Cancer support.' || !root(feed).querySelector('button.join') || text(root(feed).querySelector('#group-name')) !== 'Cancer support') {
        failures.push(`leave answered with null: ${left}; ${text(root(feed).querySelector('.group'))}`);
      }
    });
    expect(failures.slice(0, 12), `${failures.length} problems`).to.deep.equal([]);
    expect(thrown.map(String).slice(0, 5), 'thrown at the page').to.deep.equal([]);
  });
});
