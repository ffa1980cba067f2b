import '@careline/educator-chat/define.js';
import { configure } from '@careline/core';
import { createBenchAdapter } from './adapter.js';
import { num, params, run, timed } from './harness.js';

const messages = num('messages', 20);
let push;
const log = (el) => el.shadowRoot?.querySelector('.log');
const lastText = `Message ${messages - 1}:`;

run({
  async prepare() {
    let adapter;
    ({ adapter, push } = createBenchAdapter({ messages, wholeHistory: params.has('whole') }));
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
  roots: (el) => [el.shadowRoot],
  list: log,
  actions: {
    append: (el) => {
      const text = `Live reply ${Math.random()}`;
      return timed(() => push(text), () => log(el).textContent.includes(text), () => [el.shadowRoot]);
    },
  },
});
