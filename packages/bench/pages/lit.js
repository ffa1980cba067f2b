import './lib/trivial-lit.js';
import { run } from './harness.js';

run({
  mount(host) {
    const el = document.createElement('trivial-lit');
    host.append(el);
    return el;
  },
  ready: (el) => Boolean(el.shadowRoot?.querySelector('p')),
  roots: (el) => [el.shadowRoot ?? el],
});
