// The feed's forms are fetched on demand. Its own page (file): their code must not be in the
// page before these tests, and once fetched it stays for the page.
import { expect, fixture, html } from '@open-wc/testing';
import { configure, registerMessages } from '@careline/core';
import { createRestAdapter } from '@careline/adapter-rest';
import { createMockBackend, createMockFetch, type MockBackend } from '@careline/mock';
import { expectAccessible, waitFor } from '@careline/testing';
import '../define.js';
import { formsSource, type CommunityFeed } from './community-feed.js';

let backend: MockBackend;
let undo: () => void = () => undefined;
const realFetch = formsSource.fetch;

beforeEach(() => {
  backend = createMockBackend();
  undo = configure({
    adapter: createRestAdapter({ baseUrl: '/api/careline/v1', fetch: createMockFetch(backend.handlers) }),
    namespace: `feed-on-demand-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  });
});

afterEach(() => {
  formsSource.fetch = realFetch;
  undo();
  backend.dispose();
});

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const formsFetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/community-feed/forms.ts'));
const firstPost = (feed: CommunityFeed) => waitFor(() => feed.shadowRoot!.querySelector<HTMLElement>('.posts[role="feed"] > .post:not(.pinned)'), { message: 'a post', timeout: 5000 });

describe('<care-community-feed> forms on demand', function () {
  this.timeout(20_000);

  it('reading the feed fetches no form code', async () => {
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    await firstPost(feed);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(formsFetched(), 'forms fetched while only reading').to.equal(false);
    feed.remove();
  });

  it('reaching for "Reply" fetches the forms quietly; when they cannot be fetched the reply says so in its place, and "Try again" brings the form', async () => {
    // A host's own wording for a form, registered before the forms load, is kept when they do.
    registerMessages('en', { 'community.reply.submit': 'Send my reply' } as never);
    let calls = 0;
    formsSource.fetch = () => (calls++, Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
    const feed = await fixture<CommunityFeed>(html`<care-community-feed></care-community-feed>`);
    const post = await firstPost(feed);
    const reply = post.querySelector<HTMLButtonElement>('.reply')!;
    reply.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    await waitFor(() => calls === 1, { message: 'reaching for Reply fetches the forms' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.shadowRoot!.querySelector('[data-state="error"]') === null, 'a failed preload says nothing').to.equal(true);

    // A download under way: "Loading…" in the reply form's place, then it fails.
    let failDownload: (error: Error) => void = () => undefined;
    formsSource.fetch = () => (calls++, new Promise((_resolve, reject) => (failDownload = reject)));
    reply.click();
    const loading = await waitFor(() => post.querySelector('[data-state="loading"]'), { message: 'loading in place of the reply form' });
    expect(text(loading)).to.include('Loading');
    await expectAccessible(feed);
    failDownload(new TypeError('Failed to fetch dynamically imported module'));
    const problem = await waitFor(() => post.querySelector('[data-state="error"]'), { message: 'the load problem in place of the reply form' });
    expect(calls, 'opening the form tried again').to.equal(2);
    expect(problem.getAttribute('role')).to.equal('alert');
    expect(text(problem)).to.include('This form could not be loaded. What you wrote is saved on this device.');
    await expectAccessible(feed);

    expect([...post.querySelectorAll('button')].some((button) => text(button) === 'Cancel'), 'a way out').to.equal(true);
    formsSource.fetch = realFetch;
    [...problem.querySelectorAll('button')].find((button) => text(button) === 'Try again')!.click();
    const form = await waitFor(() => post.querySelector('.reply-form'), { message: 'the reply form' });
    await waitFor(() => feed.shadowRoot!.activeElement?.id === 'reply-body', { message: 'focus in the reply' });
    expect(post.querySelector('[data-state="error"]') === null, 'the problem is gone').to.equal(true);
    expect(text(form.querySelector('button[type="submit"]'))).to.equal('Send my reply');
    expect(text(form.querySelector('label[for="reply-body"]'))).to.equal('Your reply');
    await expectAccessible(feed);
  });
});
