import { renderObservations } from './lib/medplum-lib.js';
import { makeObservations } from './adapter.js';
import { num, run } from './harness.js';

const count = num('observations', 20);
let observations;

run({
  prepare() {
    observations = makeObservations(count);
  },
  mount(host) {
    const el = document.createElement('div');
    host.append(el);
    renderObservations(el, observations);
    return el;
  },
  ready: (el) => el.querySelectorAll('tbody tr').length >= count,
  roots: (el) => [el],
  list: (el) => el.querySelector('table'),
});
