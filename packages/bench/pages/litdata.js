import './lib/trivial-lit-data.js';
import { createBenchAdapter } from './adapter.js';
import { num, params, run } from './harness.js';

// ?floor=chat|record|feed|feedback: the same items as that widget's page, through the same adapter.
const floor = params.get('floor') ?? 'chat';
const READY = {
  chat: (el) => el.shadowRoot?.querySelector('.log')?.textContent.includes(`Message ${num('messages', 20) - 1}:`) ?? false,
  record: (el) => Boolean(el.shadowRoot?.querySelector('.labs li .value')),
  feed: (el) => Boolean(el.shadowRoot?.querySelector('.posts li')),
  feedback: (el) => Boolean(el.shadowRoot?.querySelector('fieldset')),
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
