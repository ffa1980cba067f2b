import '@careline/feedback-form/define-form.js';
import { configure } from '@careline/core';
import { createBenchAdapter } from './adapter.js';
import { run } from './harness.js';


run({
  prepare() {
    const { adapter } = createBenchAdapter();
    configure({ adapter, namespace: 'bench' });
  },
  mount(host) {
    const el = document.createElement('care-feedback-form');
    host.append(el);
    return el;
  },
  ready: (el) => Boolean(el.shadowRoot?.querySelector('form fieldset')),
  roots: (el) => [el.shadowRoot],
});
