import '@careline/community-feed/define.js';
import { configure } from '@careline/core';
import { createBenchAdapter } from './adapter.js';
import { num, params, run, timed } from './harness.js';

const list = (el) => el.shadowRoot?.querySelector('.posts[role="feed"]');
const count = (el) => list(el)?.children.length ?? 0;
let loaded = 0;

run({
  prepare() {
    const { adapter } = createBenchAdapter({ posts: num('posts', 20), latency: num('latency', 0) });
    configure({ adapter, namespace: 'bench' });
  },
  mount(host) {
    const el = document.createElement('care-community-feed');
    el.setAttribute('group', 'g-diabetes');
    if (params.has('pageSize')) el.setAttribute('page-size', params.get('pageSize'));
    host.append(el);
    return el;
  },
  ready: (el) => count(el) > 0,
  roots: (el) => [el.shadowRoot],
  list,
  actions: {
    // "Load more": done when the next page's first post is shown, or (when the window is
    // already full) when the button is gone because the last page has arrived.
    more: (el) => {
      const pageSize = Number(el.getAttribute('page-size') ?? 20);
      loaded += pageSize;
      const first = `Post ${loaded}:`;
      const last = loaded + pageSize >= num('posts', 20);
      return timed(
        () => el.shadowRoot.querySelector('.more button').click(),
        () => list(el)?.textContent.includes(first) || (last && !el.shadowRoot.querySelector('.more button')),
        () => [el.shadowRoot],
      );
    },
  },
});
