/**
 * For whoever works on the time-to-first-content budget:
 * `node src/phases.mjs feedback.html care-feedback-form [runs] [throttle]` — where an element's first
 * content goes, cold, as the bench measures it: each run in a fresh page, the element's constructor,
 * connectedCallback, createRenderRoot, willUpdate, update and render timed, and each of its
 * controllers' hostConnected and hostUpdate; the mean of each over the runs (the page's clock has
 * 0.1 ms steps, so a median of one part is mostly 0.0 or 0.1), and how often each ran: an update ×2 is
 * a second render before the first content. A floor works too:
 * `node src/phases.mjs 'litdata.html?floor=feedback' trivial-lit-feedback`. Uses the pages already built
 * (BENCH_DIST; `BENCH_NO_MINIFY=1 node src/quick.mjs --build …` for readable controller names).
 */
import { join } from 'node:path';
import { DIST } from './build.mjs';
import { launch, runPage, serve } from './browser.mjs';

const [url = 'feedback.html', tag = 'care-feedback-form', runs = '21', throttle = '1'] = process.argv.slice(2);
const METHODS = ['connectedCallback', 'createRenderRoot', 'willUpdate', 'update', 'render'];

/** In the page, before its modules run: times the element's lifecycle and its controllers as it is defined. */
function instrument(tagName, methods) {
  const totals = Object.create(null); // 'constructor' is a key
  const calls = Object.create(null);
  window.__phaseTotals = totals;
  window.__phaseCalls = calls;
  const add = (name, ms) => {
    totals[name] = (totals[name] ?? 0) + ms;
    (calls[name] ??= []).push(ms);
  };
  const timed = (target, method, name) => {
    const original = target[method];
    if (typeof original !== 'function') return;
    target[method] = function (...args) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        add(name, performance.now() - start);
      }
    };
  };
  const define = customElements.define.bind(customElements);
  customElements.define = (name, constructor, options) => {
    if (name !== tagName) return define(name, constructor, options);
    for (const method of methods) timed(constructor.prototype, method, method);
    const Timed = class extends constructor {
      constructor() {
        const start = performance.now();
        super();
        add('constructor', performance.now() - start);
        // Lit keeps an element's controllers in `_$EO` (its production name for them).
        for (const controller of this._$EO ?? []) for (const hook of ['hostConnected', 'hostUpdate']) timed(controller, hook, `${controller.constructor.name}.${hook}`);
      }
    };
    return define(name, Timed, options);
  };
}

const { server, origin } = await serve(join(DIST, 'pages'));
const { browser } = await launch();
const totals = new Map();
/** How many times each part ran before the first content (a second update is a second render). */
const counts = new Map();
try {
  for (let i = 0; i < Number(runs); i++) {
    const { ttfc, parts, calls } = await runPage(browser, `${origin}/${url}`, {
      throttle: Number(throttle),
      before: (page) => page.evaluateOnNewDocument(instrument, tag, METHODS),
      after: async (page) => page.evaluate(() => ({ parts: { ...window.__phaseTotals }, calls: { ...window.__phaseCalls } })),
    });
    for (const [name, ms] of Object.entries({ 'first content': ttfc, ...parts })) totals.set(name, [...(totals.get(name) ?? []), ms]);
    for (const [name, each] of Object.entries(calls)) counts.set(name, [...(counts.get(name) ?? []), each]);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${url}, ${runs} runs at ${throttle}× CPU, mean ms (and calls per run):`);
const mean = (values) => values.reduce((sum, ms) => sum + ms, 0) / values.length;
for (const [name, values] of totals) {
  const runsOfIt = counts.get(name) ?? [];
  const perRun = runsOfIt.reduce((sum, each) => sum + each.length, 0) / Number(runs);
  // For a part run more than once: the mean of its first, second, … call, to see which costs.
  const each = perRun > 1 ? Array.from({ length: Math.max(...runsOfIt.map((r) => r.length)) }, (_, i) => mean(runsOfIt.filter((r) => r.length > i).map((r) => r[i])).toFixed(2)) : [];
  console.log(`${(values.reduce((sum, ms) => sum + ms, 0) / Number(runs)).toFixed(2).padStart(8)}  ${name}${perRun > 1 ? ` ×${perRun.toFixed(1)} (${each.join(', ')})` : ''}`);
}
