import 'deep-chat';
import { makeMessages } from './adapter.js';
import { num, run, timed } from './harness.js';

const count = num('messages', 20);
let history;
const makeHistory = () => makeMessages(count).map((m) => ({ role: m.author.kind === 'patient' ? 'user' : 'ai', text: m.text }));
const messagesEl = (el) => el.shadowRoot?.getElementById('messages');
const lastIncludes = (el, text) => {
  const box = messagesEl(el);
  if (!box) return false;
  for (let child = box.lastElementChild, i = 0; child && i < 4; child = child.previousElementSibling, i++) if (child.textContent.includes(text)) return true;
  return false;
};

run({
  prepare() {
    history = makeHistory();
  },
  mount(host) {
    const el = document.createElement('deep-chat');
    el.history = history;
    el.style.width = '100%';
    host.append(el);
    return el;
  },
  ready: (el) => lastIncludes(el, `Message ${count - 1}:`),
  roots: (el) => [el.shadowRoot ?? el],
  list: messagesEl,
  actions: {
    append: (el) => {
      const text = `Live reply ${Math.random()}`;
      return timed(() => el.addMessage({ role: 'ai', text }), () => lastIncludes(el, text), () => [el.shadowRoot]);
    },
  },
});
