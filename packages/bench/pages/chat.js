import '@careline/educator-chat/define.js';
// Inline, as a page that shows the chat in its content loads it (the docs' advice): the chat
// itself with the element, not on demand after it.
import '@careline/educator-chat/app.js';
import { configure } from '@careline/core';
import { createBenchAdapter } from './adapter.js';
import { num, params, run, timed } from './harness.js';

const messages = num('messages', 20);
let push;
// The chat draws inside <care-educator-chat-app>, which <care-educator-chat> loads and renders.
const appRoot = (el) => el.shadowRoot?.querySelector('care-educator-chat-app')?.shadowRoot;
const log = (el) => appRoot(el)?.querySelector('.log');
const lastText = `Message ${messages - 1}:`;

run({
  async prepare() {
    let adapter;
    ({ adapter, push } = createBenchAdapter({ messages, wholeHistory: params.has('whole'), latency: num('latency', 0) }));
    configure({ adapter, namespace: 'bench' });
    // An ongoing conversation, as after a reload: the chat resumes it and shows its history.
    localStorage.setItem('careline:bench:chat:default:conversation', 'c-bench');
  },
  mount(host) {
    const el = document.createElement('care-educator-chat');
    el.setAttribute('mode', 'inline');
    host.append(el);
    return el;
  },
  ready: (el) => log(el)?.textContent.includes(lastText) ?? false,
  roots: (el) => [el.shadowRoot, appRoot(el)],
  list: log,
  actions: {
    append: (el) => {
      const text = `Live reply ${Math.random()}`;
      return timed(() => push(text), () => log(el).textContent.includes(text), () => [appRoot(el)]);
    },
  },
});
