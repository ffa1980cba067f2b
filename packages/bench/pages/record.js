import '@careline/record-viewer/define.js';
import { configure } from '@careline/core';
import { createBenchAdapter } from './adapter.js';
import { num, run, timed } from './harness.js';

const list = (el) => el.shadowRoot?.querySelector('.items.labs');

run({
  prepare() {
    const { adapter } = createBenchAdapter({ observations: num('observations', 20), latency: num('latency', 0) });
    configure({ adapter, namespace: 'bench' });
  },
  mount(host) {
    const el = document.createElement('care-record-viewer');
    el.setAttribute('section', 'labs');
    host.append(el);
    return el;
  },
  ready: (el) => Boolean(list(el)?.querySelector('li .item-value')),
  roots: (el) => [el.shadowRoot],
  list,
  actions: {
    trend: (el) =>
      timed(
        () => list(el).querySelector('li button.link[aria-expanded]').click(),
        () => Boolean(list(el).querySelector('li svg')),
        () => [el.shadowRoot],
      ),
  },
});
