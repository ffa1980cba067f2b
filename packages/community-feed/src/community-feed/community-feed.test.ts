import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, type CareAdapter, type CommunityPost } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { communityGroups, communityPosts, createMockBackend, createMockFetch, type MockBackend, type MockBackendOptions } from '@careline/mock';
import { expectAccessible, waitFor, watchForExecution, xssPayloads } from '@careline/testing';
import '../define.js';
import '@careline/record-viewer/define.js';
import type { RecordViewer } from '@careline/record-viewer';
import { POST_WINDOW, type CommunityFeed } from './community-feed.js';
import { findPersonalDetails } from './safety.js';

let counter = 0;
let backend: MockBackend;
let adapter: CareAdapter;
let undo: () => void = () => undefined;

function setUp(options: MockBackendOptions = {}): void {
  undo();
  backend?.dispose();
  backend = createMockBackend(options);
  adapter = createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) });
  undo = configure({ adapter, namespace: `community-test-${Date.now().toString(36)}-${counter++}`, outbox: { retry: { baseDelayMs: 30, maxDelayMs: 300, maxAutoAttempts: 80 } } });
}

afterEach(() => {
  undo();
  undo = () => undefined;
  adapter?.dispose?.();
  backend?.dispose();
});

const root = (feed: CommunityFeed) => feed.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const posts = (feed: CommunityFeed) => [...root(feed).querySelectorAll<HTMLElement>('.posts[role="feed"] > .post')];
const feedList = (feed: CommunityFeed) => root(feed).querySelector<HTMLElement>('.posts[role="feed"]')!;
const position = (post: Element | null | undefined) => Number(post?.getAttribute('aria-posinset'));

/** Every node the list puts in the page: elements, text and comments, shadow roots included (as the bench counts them). */
function countNodes(node: Node): number {
  let total = 1;
  for (const child of node.childNodes) total += countNodes(child);
  const shadow = (node as Element).shadowRoot;
  if (shadow) total += countNodes(shadow);
  return total;
}

function bulkPosts(count: number): CommunityPost[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `bulk-${String(index).padStart(5, '0')}`,
    groupId: 'g-diabetes',
    author: { name: `Member${index % 97}` },
    body: `Post number ${index}: checking in today.`,
    createdAt: new Date(Date.UTC(2026, 10, 1) - index * 60_000).toISOString(),
    state: 'published' as const,
    reactions: { helpful: index % 7, support: index % 5 },
  }));
}

/** Loads pages until `count` posts are loaded (the mock serves at most 50 a page). */
async function loadUntil(feed: CommunityFeed, count: number, onPage: () => void = () => undefined): Promise<void> {
  for (let loadedCount = 50; loadedCount < count; loadedCount += 50) {
    root(feed).querySelector<HTMLButtonElement>('.more button')!.click();
    await waitFor(() => posts(feed).some((post) => position(post) === loadedCount + 1), { message: `page after ${loadedCount}`, timeout: 10_000 });
    onPage();
  }
}

/** Scrolls the page by `pixels` and lets the feed react (observer callbacks, a render, the scroll correction). */
async function scrollPage(pixels: number): Promise<void> {
  window.scrollBy(0, pixels);
  await nextFrame();
  await nextFrame();
  await nextFrame();
}

async function loaded(feed: CommunityFeed): Promise<void> {
  await waitFor(() => root(feed).querySelector('.posts') || root(feed).querySelector('.group [data-state="empty"]'), { message: 'posts loaded', timeout: 5000 });
}

function fill(feed: CommunityFeed, selector: string, value: string): void {
  const field = root(feed).querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

async function openComposer(feed: CommunityFeed): Promise<void> {
  (await waitFor(() => root(feed).querySelector<HTMLButtonElement>('.new-post'), { message: 'new post button', timeout: 5000 })).click();
  await feed.updateComplete;
}

const submitPost = (feed: CommunityFeed) => root(feed).querySelector<HTMLButtonElement>('form.composer button[type="submit"]')!.click();

describe('<care-community-feed> reading', function () {
  this.timeout(30_000);

  it('shows the group, its pinned staff post first with badges, and is accessible', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    expect(text(root(feed).querySelector('#group-name'))).to.equal('Living with diabetes');
    expect(text(root(feed).querySelector('.group'))).to.include('this is not medical advice');
    const first = posts(feed)[0]!;
    expect(first.classList.contains('pinned')).to.equal(true);
    expect(text(first)).to.include('Pinned by staff');
    expect(text(first.querySelector('.badge.staff'))).to.equal('Health educator');
    expect(document.activeElement === document.body, 'nothing takes focus on load').to.equal(true);
    await expectAccessible(feed);
  });

  it('opens a thread with a staff answer marked as verified', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    const withReplies = posts(feed).find((post) => /[1-9]\d* repl/.test(text(post.querySelector('.thread'))))!;
    withReplies.querySelector<HTMLButtonElement>('.thread')!.click();
    await waitFor(() => withReplies.querySelector('.replies .post'), { message: 'replies', timeout: 5000 });
    expect(withReplies.querySelector('.replies .verified'), 'a verified staff answer').to.not.equal(null);
    await expectAccessible(feed);
  });

  it('sorts by most helpful and searches within the group', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="50"></care-community-feed>`);
    await loaded(feed);
    const sort = root(feed).querySelector<HTMLSelectElement>('#sort')!;
    sort.value = 'helpful';
    sort.dispatchEvent(new Event('change'));
    await waitFor(() => posts(feed).length > 2, { message: 'sorted', timeout: 5000 });
    const counts = posts(feed)
      .filter((post) => !post.classList.contains('pinned'))
      .map((post) => Number(text(post.querySelector('[data-reaction="helpful"] .count')).replace(/\D/g, '')));
    expect(counts, 'most helpful first').to.deep.equal([...counts].sort((a, b) => b - a));
    fill(feed, '#search', 'rice');
    root(feed).querySelector<HTMLFormElement>('form.toolbar')!.requestSubmit();
    await waitFor(() => /match(es)? "rice"/.test(text(root(feed).querySelector('.group'))), { message: 'search results', timeout: 5000 });
    for (const post of posts(feed)) expect(text(post).toLowerCase()).to.include('rice');
  });

  it('empty and error states', async () => {
    setUp({ seed: { posts: [] } });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await waitFor(() => root(feed).querySelector('.group [data-state="empty"]'), { message: 'empty', timeout: 5000 });
    expect(text(root(feed).querySelector('.group [data-state="empty"]'))).to.equal('No posts yet. Be the first to share.');
    await expectAccessible(feed);

    setUp();
    backend.chaos.set({ failureRate: 1 });
    const failing = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    const retry = await waitFor(() => root(failing).querySelector<HTMLButtonElement>('[data-state="error"] button'), { message: 'error', timeout: 15_000 });
    await expectAccessible(failing);
    backend.chaos.reset();
    retry.click();
    await loaded(failing);
  });

  it('works right to left in Persian', async () => {
    setUp();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fa"><care-community-feed></care-community-feed></div>`);
    const feed = wrapper.querySelector('care-community-feed')!;
    await loaded(feed);
    expect(root(feed).querySelector('.care-root')!.getAttribute('dir')).to.equal('rtl');
    await expectAccessible(feed);
  });

  it('lists a shared trend\'s values with the language\'s own separator and digits', async () => {
    setUp({
      seed: {
        groups: [{ id: 'g-shared', name: 'Diabetes', allowsAnonymous: true, joined: false }],
        posts: [
          {
            id: 'shared-trend',
            groupId: 'g-shared',
            author: { name: 'Member' },
            body: 'My HbA1c',
            createdAt: '2026-11-02T03:00:00.000Z',
            state: 'published',
            reactions: { helpful: 0, support: 0 },
            sharedItem: { kind: 'lab-trend', title: 'HbA1c', summary: '4', values: [8.4, 7.6, 7.1, 6.9], unit: '%' },
          },
        ],
      },
    });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fa"><care-community-feed></care-community-feed></div>`);
    const feed = wrapper.querySelector('care-community-feed')!;
    const shared = await waitFor(() => root(feed).querySelector('.post .shared-item'), { message: 'shared item', timeout: 10_000 });
    expect(text(shared)).to.match(/۸٫۴،\u200f?\s*۷٫۶،/);
    expect(text(shared), 'no Latin comma between Persian values').not.to.include(',');
  });

  it('labels each post with its own heading, for ids that differ only in a character an id cannot hold, and keeps ids unique with the composer open', async () => {
    // 'a/b' and 'a_b' would both be "a_b" if characters were simply replaced; 'body' is a composer field's name.
    const titles: Record<string, string> = { 'a/b': 'Slash in the id', a_b: 'Underscore in the id', body: 'A post called body' };
    setUp({
      seed: {
        groups: [{ id: 'g-ids', name: 'Ids', allowsAnonymous: false, joined: true, pseudonym: 'IdReader' }],
        posts: Object.entries(titles).map(([id, title], index) => ({
          id,
          groupId: 'g-ids',
          title,
          author: { name: 'Member' },
          body: `Body of ${id}`,
          createdAt: new Date(Date.UTC(2026, 10, 2) - index * 60_000).toISOString(),
          state: 'published' as const,
          reactions: { helpful: 0, support: 0 },
        })),
      },
    });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await waitFor(() => posts(feed).length === 3, { message: 'three posts', timeout: 10_000 });
    /** Each post's id with the title of the heading its article is labelled by, if that heading is inside the article. */
    const labels = () =>
      posts(feed).map((article) => {
        const heading = root(feed).getElementById(article.getAttribute('aria-labelledby') ?? '');
        return [article.dataset.id, heading && article.contains(heading) ? text(heading) : `labelled by ${heading ? 'an element outside it' : 'nothing'}`];
      });
    const ownTitles = Object.entries(titles);
    expect(labels()).to.have.deep.members(ownTitles);
    const duplicateIds = () => {
      const ids = [...root(feed).querySelectorAll('[id]')].map((element) => element.id);
      return ids.filter((id, index) => ids.indexOf(id) !== index);
    };
    await openComposer(feed);
    await waitFor(() => root(feed).querySelector('#post-body') && root(feed).querySelector('#post-title'), { message: 'composer', timeout: 5000 });
    expect(duplicateIds(), 'ids used twice in the shadow root').to.deep.equal([]);
    expect(labels(), 'each post still labelled by its own heading').to.have.deep.members(ownTitles);
  });
});

describe('<care-community-feed> membership and posting', function () {
  this.timeout(60_000);

  it('shows the rules before joining, asks for a pseudonym, and posts under it — never the legal name', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed group="g-cancer"></care-community-feed>`);
    await loaded(feed);
    root(feed).querySelector<HTMLButtonElement>('.join')!.click();
    await feed.updateComplete;
    expect(text(root(feed).querySelector('.rules'))).to.include('Use a content warning for difficult topics');
    root(feed).querySelector<HTMLButtonElement>('.join-form button[type="submit"]')!.click();
    await waitFor(() => root(feed).activeElement === root(feed).querySelector('.error-summary'), { message: 'error summary' });
    expect([...root(feed).querySelectorAll('.error-summary a')].map(text)).to.deep.equal(['Enter the name other members will see', 'Confirm that you have read the group rules']);
    // Beside its field, each error starts with a visually hidden "Error:" for screen readers.
    expect(text(root(feed).querySelector('#join-pseudonym-error'))).to.equal('Error: Enter the name other members will see');
    expect(root(feed).querySelector('#join-pseudonym-error .care-visually-hidden')!.textContent).to.equal('Error:');
    await expectAccessible(feed);
    fill(feed, '#join-pseudonym', 'HopefulHeart');
    root(feed).querySelector<HTMLInputElement>('#join-rules')!.click();
    root(feed).querySelector<HTMLButtonElement>('.join-form button[type="submit"]')!.click();
    await waitFor(() => text(root(feed).querySelector('.membership')).includes('You post in this group as HopefulHeart.'), { message: 'joined' });
    await waitFor(() => backend.store.groups.find((group) => group.id === 'g-cancer')?.joined, { message: 'joined on the server', timeout: 5000 });
    await feed.updateComplete;
    fill(feed, '#post-body', 'Tomorrow is my third infusion. Any tips for the nausea?');
    submitPost(feed);
    const mine = await waitFor(() => posts(feed).find((post) => text(post).includes('third infusion')), { message: 'post shown', timeout: 5000 });
    expect(text(mine.querySelector('.author'))).to.equal('HopefulHeart');
    expect(text(mine)).to.not.include('Siti Rahma');
  });

  it('a half-written post survives a reload: opening the composer again brings it back, said so', async () => {
    setUp();
    const first = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(first);
    await openComposer(first);
    await waitFor(() => root(first).querySelector('#post-body'), { message: 'composer' });
    fill(first, '#post-body', 'Half a thought about my night-time lows');
    // The page goes (a reload): the draft is saved as the feed leaves.
    first.remove();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(second);
    await openComposer(second);
    const body = await waitFor(() => root(second).querySelector<HTMLTextAreaElement>('#post-body'), { message: 'composer' });
    await waitFor(() => body.value === 'Half a thought about my night-time lows', { message: 'the draft back in the field', timeout: 5000 });
    expect(text(root(second).querySelector('form.composer')), 'said so').to.include('restored');
    await expectAccessible(second);
  });

  it('sign-out closes a half-written post and forgets its text, then shows the group as whoever is next sees it', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await openComposer(feed);
    await waitFor(() => root(feed).querySelector('#post-body'), { message: 'composer' });
    fill(feed, '#post-title', 'Night-time lows');
    fill(feed, '#post-body', 'My sugar dropped to 3.1 at 2 am after my new dose.');
    await feed.updateComplete;

    const community = adapter.community!;
    const listPosts = community.listPosts.bind(community);
    let postRequests = 0;
    community.listPosts = (...args) => (postRequests++, listPosts(...args));
    const { signOut } = await import('@careline/core');
    await signOut(adapter);
    await feed.updateComplete;
    expect(root(feed).querySelector('#post-body') === null, 'the composer is closed').to.equal(true);
    expect(text(root(feed)).includes('3.1 at 2 am') || text(root(feed)).includes('Night-time lows'), 'nothing of what was typed').to.equal(false);
    // The session, the group and its posts are asked for again: now as a visitor who can read but not post.
    await waitFor(() => text(root(feed).querySelector('.membership')).includes('Sign in to join the group and post.'), { message: 'the visitor view', timeout: 5000 });
    await waitFor(() => posts(feed).length > 0, { message: 'posts again', timeout: 5000 });
    expect(root(feed).querySelector('.new-post') === null, 'no way to post as the last person').to.equal(true);
    // The composer was opened, so its draft controller exists: undefined would fail here too.
    expect(feed.writing?.draft.value, 'the draft is gone from memory too').to.equal('');
    // Told as the wipe starts and as it ends, the feed asks for the visitor's posts once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(postRequests, 'the posts asked for once after the sign-out').to.equal(1);
    await expectAccessible(feed);
  });

  it('after a wipe the backend did not hear of (its sign-out failed), shows the group as to a visitor: no membership, no "You", no own reactions', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await waitFor(() => root(feed).querySelector('.new-post'), { message: 'member view', timeout: 5000 });
    // The member reacts to a post: theirs on the server, and shown pressed.
    const reaction = posts(feed)[0]!.querySelector<HTMLButtonElement>('.reaction')!;
    reaction.click();
    await waitFor(() => root(feed).querySelectorAll('.reaction[aria-pressed="true"]').length > 0, { message: 'own reaction shown', timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // sent
    const { wipeCarelineData } = await import('@careline/core');
    await wipeCarelineData(); // the server still knows the member
    await waitFor(() => text(root(feed).querySelector('.membership')).includes('Sign in to join the group and post.'), { message: 'the visitor view', timeout: 5000 });
    await waitFor(() => posts(feed).length > 0, { message: 'posts again', timeout: 5000 });
    expect(root(feed).querySelector('.new-post') === null, 'no way to post as the last person').to.equal(true);
    expect([...root(feed).querySelectorAll('.post .badge')].some((badge) => text(badge) === 'You'), 'no post marked as theirs').to.equal(false);
    expect(root(feed).querySelectorAll('.reaction[aria-pressed="true"]').length, 'no reaction of theirs').to.equal(0);
  });

  it('posts anonymously where the group allows it, and not where it does not', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await openComposer(feed);
    fill(feed, '#post-body', 'I was embarrassed to ask my doctor about this.');
    root(feed).querySelector<HTMLInputElement>('#post-anonymous')!.click();
    await feed.updateComplete;
    submitPost(feed);
    const post = await waitFor(() => posts(feed).find((candidate) => text(candidate).includes('embarrassed')), { message: 'posted', timeout: 5000 });
    expect(text(post.querySelector('.author'))).to.equal('Anonymous member');
    expect(backend.store.posts.find((candidate) => candidate.body.includes('embarrassed'))!.author.anonymous).to.equal(true);

    const select = root(feed).querySelector<HTMLSelectElement>('#group-choice')!;
    select.value = 'g-heart';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => text(root(feed).querySelector('#group-name')) === 'Heart health', { message: 'heart group' });
    await openComposer(feed);
    expect(root(feed).querySelector('#post-anonymous')?.outerHTML ?? null, 'no anonymous option in this group').to.equal(null);
  });

  it('warns before posting personal details, then posts if the member insists; the post waits for a moderator and only its author sees it', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await openComposer(feed);
    fill(feed, '#post-body', 'Message me on 0812 3456 7890 if you want to swap recipes.');
    submitPost(feed);
    const warning = await waitFor(() => root(feed).querySelector('.details-warning'), { message: 'warning' });
    expect(text(warning)).to.include('a phone number');
    expect(root(feed).activeElement === warning, 'focus on the warning').to.equal(true);
    expect(backend.store.posts.some((post) => post.body.includes('swap recipes')), 'not sent yet').to.equal(false);
    await expectAccessible(feed);
    expect(text(root(feed).querySelector('form.composer button[type="submit"]'))).to.equal('Post anyway');
    submitPost(feed);
    const pending = await waitFor(() => posts(feed).find((post) => text(post).includes('swap recipes')), { message: 'pending post', timeout: 5000 });
    expect(text(pending)).to.include('Waiting for a moderator. Only you can see it until it is approved.');
    expect(backend.store.posts.find((post) => post.body.includes('swap recipes'))!.state).to.equal('pending');
  });

  it('shows crisis resources for crisis wording, without stopping the post', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed emergency-number="119" crisis-line="119 ext 8"></care-community-feed>`);
    await loaded(feed);
    await openComposer(feed);
    fill(feed, '#post-body', 'Some days I want to kill myself, the diabetes is too much.');
    await feed.updateComplete;
    const crisis = root(feed).querySelector('.crisis')!;
    expect(crisis.getAttribute('role')).to.equal('alert');
    expect(text(crisis)).to.include('Call 119 for emergency help.');
    expect(text(crisis)).to.include('Talk to someone now: 119 ext 8.');
    await expectAccessible(feed);
    submitPost(feed);
    await waitFor(() => backend.store.posts.some((post) => post.body.includes('too much')), { message: 'still posted', timeout: 5000 });
  });

  it('hides a post behind its content warning until the reader opens it', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await openComposer(feed);
    fill(feed, '#post-body', 'The amputation went well but the pictures are hard to look at.');
    root(feed).querySelector<HTMLInputElement>('#post-warning')!.click();
    await feed.updateComplete;
    submitPost(feed);
    await waitFor(() => root(feed).activeElement === root(feed).querySelector('.error-summary'), { message: 'label required' });
    fill(feed, '#post-warning-label', 'surgery details');
    submitPost(feed);
    const post = await waitFor(() => posts(feed).find((candidate) => candidate.querySelector('.content-warning') && text(candidate).includes('amputation')), { message: 'posted', timeout: 5000 });
    const details = post.querySelector('details')!;
    expect(details.open).to.equal(false);
    expect(text(details.querySelector('summary'))).to.equal('Content warning: surgery details. Show the post');
    expect(details.querySelector('.post-body')!.checkVisibility(), 'hidden until opened').to.equal(false);
    details.querySelector('summary')!.click();
    await waitFor(() => details.open, { message: 'opened' });
    await expectAccessible(feed);
  });

  it('replies in a thread, reacts (set, not toggled) and reports a post with a reason', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    const target = posts(feed).find((post) => !post.classList.contains('pinned'))!;
    const targetId = target.dataset['id']!;
    target.querySelector<HTMLButtonElement>('.reply')!.click();
    await waitFor(() => root(feed).querySelector('#reply-body'), { message: 'reply form', timeout: 5000 });
    fill(feed, '#reply-body', 'Same here, it gets easier.');
    root(feed).querySelector<HTMLButtonElement>('.reply-form button[type="submit"]')!.click();
    await waitFor(() => [...target.querySelectorAll('.replies:not(.pending) .post')].some((reply) => text(reply).includes('it gets easier')), { message: 'reply shown', timeout: 5000 });
    expect(backend.store.posts.filter((post) => post.parentId === targetId && post.body.includes('it gets easier'))).to.have.length(1);

    const helpful = target.querySelector<HTMLButtonElement>('.post-actions [data-reaction="support"]')!;
    const before = backend.store.posts.find((post) => post.id === targetId)!.reactions.support;
    helpful.click();
    await waitFor(() => helpful.getAttribute('aria-pressed') === 'true', { message: 'pressed at once' });
    await waitFor(() => backend.store.posts.find((post) => post.id === targetId)!.reactions.support === before + 1, { message: 'counted once', timeout: 5000 });

    target.querySelector<HTMLButtonElement>('.post-actions .report')!.click();
    await feed.updateComplete;
    root(feed).querySelector<HTMLButtonElement>('.report-form button[type="submit"]')!.click();
    await waitFor(() => root(feed).activeElement === root(feed).querySelector('.error-summary'), { message: 'reason required' });
    await expectAccessible(feed);
    root(feed).querySelector<HTMLInputElement>('#report-reason-misinformation')!.click();
    root(feed).querySelector<HTMLButtonElement>('.report-form button[type="submit"]')!.click();
    await waitFor(() => /The moderators received your report \(reference REP-/.test(text(target)), { message: 'report received', timeout: 5000 });
    expect(backend.store.reports.map((report) => [report.postId, report.reason])).to.deep.equal([[targetId, 'misinformation']]);
  });

  it('lets members edit and delete their own posts', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await openComposer(feed);
    fill(feed, '#post-body', 'Typo in this psot.');
    submitPost(feed);
    const post = await waitFor(() => posts(feed).find((candidate) => text(candidate).includes('psot')), { message: 'posted', timeout: 5000 });
    await waitFor(() => post.querySelector('.edit'), { message: 'own post controls', timeout: 5000 });
    post.querySelector<HTMLButtonElement>('.edit')!.click();
    await feed.updateComplete;
    fill(feed, '#edit-body', 'No typo in this post.');
    root(feed).querySelector<HTMLButtonElement>('.edit-form button[type="submit"]')!.click();
    await waitFor(() => backend.store.posts.some((candidate) => candidate.body === 'No typo in this post.' && candidate.editedAt), { message: 'edited', timeout: 5000 });
    const edited = posts(feed).find((candidate) => text(candidate).includes('No typo'))!;
    expect(text(edited)).to.include('(edited)');
    edited.querySelector<HTMLButtonElement>('.delete')!.click();
    await feed.updateComplete;
    edited.querySelector<HTMLButtonElement>('.confirm-delete')!.click();
    await waitFor(() => !backend.store.posts.some((candidate) => candidate.body === 'No typo in this post.'), { message: 'deleted', timeout: 5000 });
    expect(posts(feed).some((candidate) => text(candidate).includes('No typo'))).to.equal(false);
  });

  it('shows new posts from others behind a "new posts" button', async () => {
    setUp();
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await loaded(feed);
    await waitFor(() => backend.openStreams > 0, { message: 'live', timeout: 5000 });
    const firstBefore = text(posts(feed)[0]);
    backend.store.publishPost('g-diabetes', 'Just got my CGM fitted!');
    const button = await waitFor(() => root(feed).querySelector<HTMLButtonElement>('.new-posts'), { message: 'new posts button', timeout: 5000 });
    expect(text(button)).to.equal('Show 1 new post');
    expect(text(posts(feed)[0]), 'the list did not move under the reader').to.equal(firstBefore);
    button.click();
    await waitFor(() => text(posts(feed)[0]).includes('CGM fitted'), { message: 'shown on top' });
    // The button is gone: focus goes to the newest post rather than being lost.
    await waitFor(() => root(feed).activeElement === posts(feed)[0], { message: 'newest post focused' });
  });
});

describe('<care-community-feed> sharing from the record', function () {
  this.timeout(30_000);

  it('attaches a de-identified lab trend from the record viewer only after the member saw it and chose to', async () => {
    setUp();
    const page = await fixture<HTMLDivElement>(html`<div><care-record-viewer sections="labs"></care-record-viewer><care-community-feed></care-community-feed></div>`);
    const viewer = page.querySelector('care-record-viewer') as RecordViewer;
    const feed = page.querySelector('care-community-feed') as CommunityFeed;
    await loaded(feed);
    const hba1c = await waitFor(() => [...viewer.shadowRoot!.querySelectorAll('.lab')].find((lab) => text(lab.querySelector('.item-title')) === 'HbA1c'), { message: 'HbA1c', timeout: 5000 });
    const shared: Event[] = [];
    document.addEventListener('care-share-to-community', (event) => shared.push(event), { once: true });
    hba1c.querySelector<HTMLButtonElement>('.share-community')!.click();
    expect(Object.keys(shared[0]!).sort(), 'the event carries no health data of its own').to.deep.equal(['handled', 'isTrusted']);
    const preview = await waitFor(() => root(feed).querySelector<HTMLElement>('.share-preview'), { message: 'preview' });
    await waitFor(() => root(feed).activeElement === preview, { message: 'preview focused' });
    expect(text(preview)).to.include('HbA1c: Last 4 results, latest 6.9 %');
    expect(text(preview)).to.include('Values in order: 8.4, 7.6, 7.1, 6.9 %');
    expect(text(preview), 'no dates').to.not.match(/2026|Jan|Apr|Jul|Oct/);
    await expectAccessible(feed);
    root(feed).querySelector<HTMLButtonElement>('.attach-shared')!.click();
    await feed.updateComplete;
    fill(feed, '#post-body', 'My HbA1c is finally coming down!');
    submitPost(feed);
    const post = await waitFor(() => posts(feed).find((candidate) => text(candidate).includes('finally coming down')), { message: 'posted', timeout: 5000 });
    expect(text(post.querySelector('.shared-item'))).to.include('Shared from their record HbA1c: Last 4 results, latest 6.9 %');
    const stored = backend.store.posts.find((candidate) => candidate.body.includes('finally coming down'))!;
    expect(stored.sharedItem).to.deep.equal({ kind: 'lab-trend', title: 'HbA1c', summary: 'Last 4 results, latest 6.9 %', values: [8.4, 7.6, 7.1, 6.9], unit: '%' });
  });

  it('shares nothing when the member does not attach it', async () => {
    setUp();
    const page = await fixture<HTMLDivElement>(html`<div><care-record-viewer sections="labs"></care-record-viewer><care-community-feed></care-community-feed></div>`);
    const viewer = page.querySelector('care-record-viewer') as RecordViewer;
    const feed = page.querySelector('care-community-feed') as CommunityFeed;
    await loaded(feed);
    (await waitFor(() => viewer.shadowRoot!.querySelector<HTMLButtonElement>('.lab .share-community'), { message: 'share button', timeout: 5000 })).click();
    await waitFor(() => root(feed).querySelector('.share-preview'), { message: 'preview' });
    [...root(feed).querySelectorAll<HTMLButtonElement>('.share-preview button')].find((button) => text(button) === 'Don\'t attach')!.click();
    await feed.updateComplete;
    fill(feed, '#post-body', 'Nothing attached here.');
    submitPost(feed);
    await waitFor(() => backend.store.posts.some((candidate) => candidate.body === 'Nothing attached here.'), { message: 'posted', timeout: 5000 });
    expect(backend.store.posts.find((candidate) => candidate.body === 'Nothing attached here.')!.sharedItem).to.equal(undefined);
  });
});

describe('<care-community-feed> at scale and under failure', function () {
  this.timeout(120_000);

  it('keeps the list under 500 nodes with thousands of posts loaded, showing each new page as it loads', async () => {
    setUp({ seed: { posts: bulkPosts(10_000) }, communityPageSize: 50 });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="50"></care-community-feed>`);
    await loaded(feed);
    const listNodes: number[] = [countNodes(feedList(feed))];
    await loadUntil(feed, 2000, () => listNodes.push(countNodes(feedList(feed))));
    console.info(`[community long] 10,000 posts, 2,000 loaded, ${posts(feed).length} rendered, list nodes: max ${Math.max(...listNodes)}, last ${listNodes.at(-1)}`);
    expect(posts(feed).length).to.equal(POST_WINDOW);
    expect(Math.max(...listNodes), `list nodes, every page ${listNodes.join(',')}`).to.be.below(500);
    expect(text(posts(feed).at(-1))).to.include(`Post number ${2000 - 50 + POST_WINDOW - 3}`);
    expect(posts(feed).map(position), 'the feed tells where each post is').to.deep.equal(Array.from({ length: POST_WINDOW }, (_, offset) => 2000 - 50 - 2 + offset + 1));
    expect(feedList(feed).querySelector('article')!.getAttribute('aria-setsize'), 'more pages: size unknown').to.equal('-1');
    const firstShown = position(posts(feed)[0]);
    root(feed).querySelector<HTMLButtonElement>('.newer')!.click();
    // The newer posts, focus on the first of them.
    const first = await waitFor(() => root(feed).activeElement?.closest('article'), { message: 'newer window' });
    expect(position(first)).to.equal(firstShown - POST_WINDOW);
    expect(text(first)).to.include(`Post number ${firstShown - POST_WINDOW - 1}:`);
    expect(countNodes(feedList(feed))).to.be.below(500);
    await expectAccessible(feed);
  });

  it('moves the window as the reader scrolls, keeping the post in view where it was', async () => {
    setUp({ seed: { posts: bulkPosts(300) }, communityPageSize: 50 });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="50"></care-community-feed>`);
    await loaded(feed);
    await loadUntil(feed, 150);
    // Back to the newest posts, then read down the page.
    root(feed).querySelector<HTMLButtonElement>('.newer')!.click();
    await waitFor(() => position(posts(feed)[0]) <= 1 + POST_WINDOW * 13 && root(feed).querySelector('.newer'), { message: 'newer' });
    while (root(feed).querySelector('.newer')) {
      root(feed).querySelector<HTMLButtonElement>('.newer')!.click();
      await feed.updateComplete;
      await nextFrame();
    }
    expect(position(posts(feed)[0])).to.equal(1);
    // "Show newer" focused the first post; this reader goes on with the mouse wheel.
    (root(feed).activeElement as HTMLElement).blur();
    feedList(feed).scrollIntoView({ block: 'start' });
    await nextFrame();
    let moves = 0;
    for (let step = 0; step < 80 && moves < 5; step++) {
      const firstBefore = position(posts(feed)[0]);
      // The post at the middle of the screen is the one the reader is looking at.
      const inView = posts(feed).find((post) => {
        const box = post.getBoundingClientRect();
        return box.top <= window.innerHeight / 2 && box.bottom >= window.innerHeight / 2;
      });
      window.scrollBy(0, 120);
      const topBefore = inView?.getBoundingClientRect().top;
      for (let frame = 0; frame < 6 && position(posts(feed)[0]) === firstBefore; frame++) await nextFrame();
      await feed.updateComplete;
      if (position(posts(feed)[0]) !== firstBefore) {
        moves++;
        expect(inView?.isConnected, 'the post in view is still shown').to.equal(true);
        expect(Math.abs(inView!.getBoundingClientRect().top - topBefore!), 'and did not jump').to.be.below(2);
      }
      expect(posts(feed).map(position), 'only the window').to.have.length(POST_WINDOW);
    }
    expect(moves, 'the window followed the scrolling').to.be.at.least(5);
    const reached = position(posts(feed)[0]);
    expect(reached).to.be.above(5);
    expect(countNodes(feedList(feed))).to.be.below(500);
    // And back up.
    for (let step = 0; step < 80 && position(posts(feed)[0]) > 1; step++) await scrollPage(-150);
    expect(position(posts(feed)[0]), 'scrolling up brings newer posts back').to.equal(1);
  });

  it('reaches older and newer posts from the keyboard, and keeps focus when the window moves', async () => {
    setUp({ seed: { posts: bulkPosts(100) }, communityPageSize: 50 });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="50"></care-community-feed>`);
    await loaded(feed);
    const focused = () => root(feed).activeElement;
    // "Show older posts": the next posts, focus on the first of them.
    const older = root(feed).querySelector<HTMLButtonElement>('.older')!;
    older.focus();
    await scrollPage(0);
    const firstOlder = position(posts(feed).at(-1)) + 1;
    await sendKeys({ press: 'Enter' });
    await waitFor(() => position(focused()) === firstOlder, { message: 'first older post focused' });
    expect(text(focused())).to.include(`Post number ${firstOlder - 1}:`);
    // Page Down and Page Up (the ARIA feed pattern) go post by post, past the window's edges.
    for (let press = 0; press < POST_WINDOW + 2; press++) await sendKeys({ press: 'PageDown' });
    await waitFor(() => position(focused()) === firstOlder + POST_WINDOW + 2, { message: 'page down' });
    expect(posts(feed)).to.include(focused());
    for (let press = 0; press < firstOlder + POST_WINDOW + 2; press++) await sendKeys({ press: 'PageUp' });
    await waitFor(() => position(focused()) === 1, { message: 'page up to the newest' });
    expect(posts(feed).length).to.equal(POST_WINDOW);
    // A focused control inside a post keeps the focus however far the reader scrolls.
    const thread = posts(feed)[1]!.querySelector<HTMLButtonElement>('.thread')!;
    thread.focus();
    for (let step = 0; step < 30; step++) await scrollPage(200);
    expect(thread.isConnected, 'the focused post stays').to.equal(true);
    expect(focused()).to.equal(thread);
    expect(posts(feed).length, 'the window, and the focused post before it').to.equal(POST_WINDOW + 1);
    expect(position(posts(feed)[0])).to.equal(2);
    expect(position(posts(feed)[1]), 'the window moved on').to.be.above(POST_WINDOW);
    expect(countNodes(feedList(feed))).to.be.below(500);
    // "Show newer posts" at the top of a moved window: focus on the first post it shows.
    root(feed).querySelector<HTMLButtonElement>('.newer')!.focus();
    await scrollPage(0);
    // Under the full run's load the window may still be settling from the scrolling: let it.
    await feed.updateComplete;
    await scrollPage(0);
    const newerFirst = Math.max(1, position(posts(feed).at(-1)) - 2 * POST_WINDOW + 1);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused()?.localName === 'article' && position(focused()) === newerFirst, {
      message: `newer post focused (position ${newerFirst})`,
      timeout: 5000,
    });
    await expectAccessible(feed);
  });

  it('keeps a thread open while its post leaves the window and comes back', async () => {
    setUp({ seed: { posts: [...bulkPosts(60), ...communityPosts.filter((post) => post.parentId)] }, communityPageSize: 50 });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="50"></care-community-feed>`);
    await loaded(feed);
    const target = posts(feed)[2]!;
    const id = target.dataset.id;
    target.querySelector<HTMLButtonElement>('.thread')!.click();
    await waitFor(() => target.querySelector('.thread:not(button)'), { message: 'thread open' });
    root(feed).querySelector<HTMLButtonElement>('.older')!.click();
    await waitFor(() => !posts(feed).some((post) => post.dataset.id === id), { message: 'moved away' });
    root(feed).querySelector<HTMLButtonElement>('.newer')!.click();
    const back = await waitFor(() => posts(feed).find((post) => post.dataset.id === id), { message: 'back' });
    expect(back.querySelector('button.thread')!.getAttribute('aria-expanded')).to.equal('true');
    expect(back.querySelector('div.thread')).to.not.equal(null);
  });

  it('sends 100 posts through 30% failures: each appears exactly once', async () => {
    setUp({ seed: { posts: communityPosts.filter((post) => post.groupId !== 'g-diabetes'), groups: communityGroups } });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="100"></care-community-feed>`);
    await loaded(feed);
    backend.chaos.set({ failureRate: 0.15, resetAfterProcessRate: 0.15 / 0.85 });
    for (let index = 0; index < 100; index++) {
      if (!root(feed).querySelector('#post-body')) await openComposer(feed);
      fill(feed, '#post-body', `Batch post ${index}`);
      submitPost(feed);
      await waitFor(() => !root(feed).querySelector('form.composer'), { message: `post ${index} queued` });
    }
    await waitFor(() => backend.store.posts.filter((post) => post.body.startsWith('Batch post')).length === 100 && !root(feed).querySelector('.posts.pending'), {
      message: `all 100 delivered`,
      timeout: 90_000,
    });
    backend.chaos.reset();
    const onServer = backend.store.posts.filter((post) => post.body.startsWith('Batch post')).map((post) => post.body);
    expect(new Set(onServer).size, 'no duplicates on the server').to.equal(100);
    const shown = posts(feed).map((post) => text(post.querySelector('.post-body'))).filter((body) => body.startsWith('Batch post'));
    expect(shown.length, 'as many as the window shows').to.equal(Math.min(100, POST_WINDOW));
    expect(new Set(shown).size, 'no duplicates on screen').to.equal(shown.length);
  });

  it('shows posts the backend got wrong (a time it cannot read, text nested thousands deep, no author) among the others, not an error for the group', async () => {
    const post = (id: string, body: string, createdAt: string): CommunityPost => ({
      id,
      groupId: 'g-odd',
      author: { name: 'Member' },
      body,
      createdAt,
      state: 'published',
      reactions: { helpful: 0, support: 0 },
    });
    setUp({
      seed: {
        groups: [{ id: 'g-odd', name: 'Odd posts', allowsAnonymous: true, joined: false }],
        posts: [
          post('odd-time', 'Posted at a time nobody can read', 'last Tuesday'),
          post('odd-nesting', `${'*'.repeat(5_000)}deep${'*'.repeat(5_000)}`, '2026-11-02T03:00:00.000Z'),
          post('ordinary', 'An ordinary post', '2026-11-01T03:00:00.000Z'),
          { ...post('no-author', 'Whose is this?', '2026-10-30T03:00:00.000Z'), author: undefined as unknown as CommunityPost['author'] },
          // Ids are keys, anchors and what a reply or reaction names: a post without a string id cannot be used.
          { ...post('no-id', 'Which post is this?', '2026-10-29T03:00:00.000Z'), id: undefined as unknown as string },
          { ...post('numeric-id', 'Numbered, not named', '2026-10-28T03:00:00.000Z'), id: 42 as unknown as string },
        ],
      },
    });
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await waitFor(() => posts(feed).length === 6 || root(feed).querySelector('[data-state="error"]'), { message: 'rendered', timeout: 10_000 });
    expect(text(root(feed).querySelector('[data-state="error"]')), 'no error state').to.equal('');
    const bodies = posts(feed).map((shown) => text(shown.querySelector('.post-body')));
    expect(bodies).to.include('Posted at a time nobody can read');
    expect(bodies).to.include('An ordinary post');
    expect(bodies.some((body) => body.includes('deep'))).to.equal(true);
    const unreadable = bodies.filter((body) => body === 'This post could not be shown: part of it did not come through correctly.');
    expect(unreadable.length, 'the posts without an author or a string id say so in their place').to.equal(3);
    expect(bodies.join(' '), 'nothing of a post without a string id is shown as if it could be answered').not.to.match(/Which post is this|Numbered, not named/);
    await expectAccessible(feed);
  });

  it('renders the XSS corpus in titles, bodies, names and group names without executing anything', async () => {
    const payloads = (await xssPayloads()).slice(0, 60);
    const hostile: CommunityPost[] = payloads.map((payload, index) => ({
      id: `xss-${index}`,
      groupId: 'g-xss',
      title: payload,
      author: { name: payload },
      body: payload,
      createdAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      state: 'published',
      reactions: { helpful: 0, support: 0 },
      contentWarning: index % 5 === 0 ? payload : undefined,
    }));
    setUp({ seed: { groups: [{ id: 'g-xss', name: payloads[3]!, description: payloads[4], rules: payloads[5], allowsAnonymous: true, joined: false }], posts: hostile } });
    const monitor = watchForExecution();
    try {
      const feed = await fixture<CommunityFeed>(html`<care-community-feed page-size="60"></care-community-feed>`);
      await waitFor(() => posts(feed).length === POST_WINDOW, { message: 'rendered', timeout: 10_000 });
      for (const details of root(feed).querySelectorAll('details')) details.open = true;
      await monitor.assertNothingExecuted(feed.shadowRoot!);
    } finally {
      monitor.restore();
    }
  });
});

describe('personal details check', () => {
  it('finds e-mail addresses, phone numbers and record numbers, and not ordinary numbers', () => {
    expect(findPersonalDetails('write to me at siti@example.org')).to.deep.equal(['email']);
    expect(findPersonalDetails('call +62 812-3456-7890')).to.deep.equal(['phone']);
    expect(findPersonalDetails('my MRN 448812')).to.deep.equal(['record-number']);
    expect(findPersonalDetails('No. RM 00-12-34-56')).to.include('record-number');
    expect(findPersonalDetails('HbA1c went from 8.4 to 6.9 in 2026, 30 minutes walking a day')).to.deep.equal([]);
  });
});
