import './lib/trivial-lit-data.js';
import { createBenchAdapter } from './adapter.js';
import { num, params, run } from './harness.js';

// ?floor=chat|record|feed|feedback: what that widget's page shows first, from the same adapter (lib/trivial-lit-data.js).
const floor = params.get('floor') ?? 'chat';
const READY = {
  chat: (el) => el.shadowRoot?.querySelector('.log')?.textContent.includes(`Message ${num('messages', 20) - 1}:`) ?? false,
  record: (el) => Boolean(el.shadowRoot?.querySelector('.items.labs li .item-value')),
  feed: (el) => (el.shadowRoot?.querySelector('.posts[role="feed"]')?.children.length ?? 0) > 0,
  feedback: (el) => Boolean(el.shadowRoot?.querySelector('form fieldset')),
};
let adapter;

run({
  prepare() {
    ({ adapter } = createBenchAdapter({ messages: num('messages', 20), observations: num('observations', 20), posts: num('posts', 20), latency: num('latency', 0) }));
  },
  mount(host) {
    const el = document.createElement(`trivial-lit-${floor}`);
    el.adapter = adapter;
    host.append(el);
    return el;
  },
  ready: READY[floor],
  roots: (el) => [el.shadowRoot ?? el],
});
