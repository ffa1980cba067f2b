/**
 * For whoever works on the time-to-first-content budget: `node src/profile.mjs record.html [runs]`
 * (after `BENCH_NO_MINIFY=1 node src/quick.mjs --build …` for readable names) — a CPU profile
 * of exactly the tag entering the page to its first content (the page's `?profile` switch):
 * self and inclusive time by file and by function (PROFILE_ROWS rows; PROFILE_UNDER=fn for what runs under fn), idle included (time spent waiting). BENCH_THROTTLE=4 slows the CPU 4×; PROFILE_SUM=1 adds the tables summed over all runs (one run alone varies 2–3×).
 */
import { join } from 'node:path';
import { DIST } from './build.mjs';
import { launch, runPage, serve } from './browser.mjs';

const [url = 'chat.html', runs = '3'] = process.argv.slice(2);
const { server, origin } = await serve(join(DIST, 'pages'));
const { browser } = await launch();
const sums = { self: new Map(), inclusive: new Map(), files: new Map() };
const addAll = (into, from) => { for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v); };
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
try {
  for (let i = 0; i < Number(runs); i++) {
    let finished;
    const { ttfc, profile } = await runPage(browser, `${origin}/${url}${url.includes('?') ? '&' : '?'}profile`, {
      throttle: Number(process.env.BENCH_THROTTLE ?? 1),
      before: async (_page, cdp) => {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        finished = new Promise((resolve) => cdp.once('Profiler.consoleProfileFinished', (event) => resolve(event.profile)));
      },
      after: async () => ({ profile: await finished }),
    });
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parentOf = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const self = new Map();
    const inclusive = new Map();
    const files = new Map();
    let total = 0;
    profile.samples.forEach((id, k) => {
      const f = byId.get(id).callFrame;
      const ms = profile.timeDeltas[k] / 1000;
      const file = f.url.split('/').pop() || f.functionName;
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + ms);
      // Inclusive: every function on the sample's stack, once per sample.
      const onStack = new Set();
      for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
        const frame = byId.get(at).callFrame;
        if (frame.url) onStack.add(`${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`);
      }
      onStack.add(key);
      // PROFILE_UNDER=name: only samples with a function of that name on the stack.
      if (process.env.PROFILE_UNDER && ![...onStack].some((entry) => entry.startsWith(`${process.env.PROFILE_UNDER} `))) return;
      for (const entry of onStack) inclusive.set(entry, (inclusive.get(entry) ?? 0) + ms);
      files.set(file, (files.get(file) ?? 0) + ms);
      total += ms;
    });
    console.log(`run ${i + 1}: first content ${ttfc.toFixed(1)} ms; profiled ${total.toFixed(1)} ms`);
    for (const [k, v] of top(files, 8)) console.log(`  file ${v.toFixed(1).padStart(6)} ms  ${k}`);
    const rows = Number(process.env.PROFILE_ROWS ?? 18);
    for (const [k, v] of top(self, rows)) console.log(`  fn   ${v.toFixed(1).padStart(6)} ms  ${k}`);
    for (const [k, v] of top(inclusive, rows)) console.log(`  incl ${v.toFixed(1).padStart(6)} ms  ${k}`);
    addAll(sums.self, self); addAll(sums.inclusive, inclusive); addAll(sums.files, files);
  }
  // PROFILE_SUM=1: the same tables summed over every run (steadier than any one run).
  if (process.env.PROFILE_SUM) {
    const rows = Number(process.env.PROFILE_ROWS ?? 18);
    console.log(`all ${runs} runs, summed:`);
    for (const [k, v] of top(sums.files, 8)) console.log(`  file ${v.toFixed(1).padStart(6)} ms  ${k}`);
    for (const [k, v] of top(sums.self, rows)) console.log(`  fn   ${v.toFixed(1).padStart(6)} ms  ${k}`);
    for (const [k, v] of top(sums.inclusive, rows)) console.log(`  incl ${v.toFixed(1).padStart(6)} ms  ${k}`);
  }
} finally {
  await browser.close();
  server.close();
}
