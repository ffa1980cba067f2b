/**
 * `npm run bench`: production builds, sizes, then speed, long lists and leaks in headless
 * Chromium, all in one run. Writes results/latest.json and docs/performance.md and prints the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, buildPages, buildPagesAlone, measureSizes } from './build.mjs';
import { action, cycles, launch, runPage, serve } from './browser.mjs';
import { PredefinedNetworkConditions } from 'puppeteer-core';
import { LEAK_CYCLES, LEAKS, LOAD_PAGES, LOAD_RUNS, LONG_LISTS, NO_BUILD_PAGES, NOT_RUN, RUNS, SLOW_PHONE, SPEED_PAGES, SPEED_RUNS, THROTTLES, TTFC_MAX_ROUNDS, TTFC_MORE_ROUNDS, TTFC_ROUNDS } from './scenarios.mjs';
import { holdsBudgetLine, pairedRatio, stats } from './stats.mjs';
import { renderReport } from './report.mjs';

const started = Date.now();
const log = (...args) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...args);
const SECTIONS = ['sizes', 'speed', 'load', 'long', 'leaks'];
const only = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(','));
const wholeRun = SECTIONS.every((section) => only.has(section));

log('building the size entries…');
const sizes = only.has('sizes') ? await measureSizes() : [];
log('building the bench pages…');
const pagesDir = await buildPages();
const { server, origin } = await serve(pagesDir);
const { browser, version } = await launch();
log(`${version} at ${origin}`);

const summarise = (runs, pick) => stats(runs.map(pick));

/** pages/calibrate.html at each throttle: what the throttle does to a fixed piece of script. */
const calibrationResults = {};

async function speed() {
  const out = {};
  for (const throttle of THROTTLES) {
    const runs = Object.fromEntries(SPEED_PAGES.map((p) => [p.id, []]));
    const errors = {};
    const calibration = [];
    // Pages interleaved run by run, so drift in the machine hits every row alike.
    for (let i = 0; i < SPEED_RUNS; i++) {
      for (const page of SPEED_PAGES) {
        if (errors[page.id]) continue;
        try {
          runs[page.id].push(await runPage(browser, `${origin}/${page.url}`, { throttle }));
        } catch (error) {
          errors[page.id] = String(error.message ?? error).split('\n')[0];
        }
      }
      // One run of the calibration page per round, so it meets the machine as the pages do.
      try {
        calibration.push(await runPage(browser, `${origin}/calibrate.html`, { throttle }));
      } catch (error) {
        errors.calibration = String(error.message ?? error).split('\n')[0];
      }
      log(`speed ${throttle}× run ${i + 1}/${SPEED_RUNS}`);
    }
    // More rounds of each widget and its same-view floor alone: their ratio decides a budget, and
    // both carry the page's first Intl formatter, whose cost alone varies 2–3× from run to run.
    // Back to back, in turns (widget first, then floor first), so neither always runs after the other.
    const pairs = SPEED_PAGES.filter((p) => p.ours).map((p) => [p, SPEED_PAGES.find((floor) => floor.floorFor === p.id)]);
    const runPair = async (pair, round) => {
      if (pair.some((page) => errors[page.id])) return;
      for (const page of round % 2 ? [...pair].reverse() : pair) {
        try {
          runs[page.id].push(await runPage(browser, `${origin}/${page.url}`, { throttle }));
        } catch (error) {
          errors[page.id] = String(error.message ?? error).split('\n')[0];
        }
      }
    };
    for (let i = SPEED_RUNS; i < TTFC_ROUNDS; i++) {
      for (const pair of pairs) await runPair(pair, i);
      log(`speed ${throttle}× widget and floor, round ${i + 1}/${TTFC_ROUNDS}`);
    }
    // The pairs these rounds could not settle (1.5× inside the interval) get more, a block at a time.
    for (let i = TTFC_ROUNDS; i < TTFC_MAX_ROUNDS; i += TTFC_MORE_ROUNDS) {
      const unsettled = pairs.filter(([widget, floor]) => !errors[widget.id] && !errors[floor.id] && holdsBudgetLine(pairedRatio(runs[widget.id].map((x) => x.ttfc), runs[floor.id].map((x) => x.ttfc))));
      if (!unsettled.length) break;
      for (let round = i; round < i + TTFC_MORE_ROUNDS; round++) for (const pair of unsettled) await runPair(pair, round);
      log(`speed ${throttle}× ${unsettled.map(([widget]) => widget.id).join(', ')} and floor${unsettled.length > 1 ? 's' : ''}, unsettled: rounds to ${i + TTFC_MORE_ROUNDS}/${TTFC_MAX_ROUNDS}`);
    }
    calibrationResults[throttle] = calibration.length ? { short: summarise(calibration, (x) => x.ttfc), long: summarise(calibration, (x) => x.long) } : { error: errors.calibration };
    out[throttle] = Object.fromEntries(
      SPEED_PAGES.map((p) => {
        const r = runs[p.id];
        if (!r.length) return [p.id, { error: errors[p.id] }];
        const floor = SPEED_PAGES.find((f) => f.floorFor === p.id);
        const paired = floor && !errors[p.id] && !errors[floor.id] ? { pairedRatio: pairedRatio(r.map((x) => x.ttfc), runs[floor.id].map((x) => x.ttfc)) } : {};
        return [p.id, { ...paired, ttfc: summarise(r, (x) => x.ttfc), longTasks: summarise(r, (x) => x.longTasks.count), tbt: summarise(r, (x) => x.longTasks.tbt), heap: summarise(r, (x) => x.heap), nodes: summarise(r, (x) => x.nodes), elements: summarise(r, (x) => x.visible?.elements), textChars: summarise(r, (x) => x.visible?.textChars), ...(errors[p.id] ? { note: errors[p.id] } : {}) }];
      }),
    );
  }
  return out;
}

/** Whole page loads on a slow phone (SLOW_PHONE), from a second server that gzips as a real one does. */
async function load() {
  const built = LOAD_PAGES.map((id) => SPEED_PAGES.find((page) => page.id === id));
  const name = (page) => page.url.replace(/\.html.*$/, '');
  log('building the slow-phone pages, each on its own, and the loader…');
  const { server: gzipServer, origin: gzipOrigin } = await serve(await buildPagesAlone(built.map(name)), { compress: true });
  const pages = [...built.map((page) => ({ ...page, url: `${name(page)}/${page.url}` })), ...NO_BUILD_PAGES];
  const network = PredefinedNetworkConditions[SLOW_PHONE.network];
  const runs = Object.fromEntries(pages.map((page) => [page.id, []]));
  const errors = {};
  try {
    for (let i = 0; i < LOAD_RUNS; i++) {
      for (const page of pages) {
        if (errors[page.id]) continue;
        try {
          runs[page.id].push(await runPage(browser, `${gzipOrigin}/${page.url}`, { throttle: SLOW_PHONE.cpu, network }));
        } catch (error) {
          errors[page.id] = String(error.message ?? error).split('\n')[0];
        }
      }
      log(`slow phone run ${i + 1}/${LOAD_RUNS}`);
    }
  } finally {
    gzipServer.close();
  }
  return {
    profile: { ...SLOW_PHONE, ...network },
    runs: LOAD_RUNS,
    pages: Object.fromEntries(pages.map((page) => {
      const r = runs[page.id];
      if (!r.length) return [page.id, { error: errors[page.id] }];
      return [page.id, { contentAt: summarise(r, (x) => x.contentAt), bytes: summarise(r, (x) => x.bytesBeforeContent), tbt: summarise(r, (x) => x.longTasks.tbt), ...(errors[page.id] ? { note: errors[page.id] } : {}) }];
    })),
  };
}

async function longLists() {
  const runs = Object.fromEntries(LONG_LISTS.map((s) => [s.id, []]));
  const spent = Object.fromEntries(LONG_LISTS.map((s) => [s.id, 0]));
  const errors = {};
  const notes = {};
  for (let i = 0; i < RUNS; i++) {
    for (const s of LONG_LISTS) {
      if (errors[s.id] || notes[s.id]) continue;
      const t0 = Date.now();
      try {
        runs[s.id].push(await runPage(browser, `${origin}/${s.url}`, { ...(s.action ? { after: action(s.action) } : {}), ...(s.limitMs ? { limitMs: s.limitMs } : {}) }));
      } catch (error) {
        errors[s.id] = String(error.message ?? error).split('\n')[0].slice(0, 200);
      }
      spent[s.id] += Date.now() - t0;
      if (s.budgetMs && spent[s.id] > s.budgetMs && i + 1 < RUNS) notes[s.id] = `stopped after ${i + 1} runs: ${Math.round(spent[s.id] / 1000)} s spent`;
    }
    log(`long lists run ${i + 1}/${RUNS}`);
  }
  return Object.fromEntries(
    LONG_LISTS.map((s) => {
      const r = runs[s.id];
      if (!r.length) return [s.id, { error: errors[s.id] }];
      return [s.id, {
        ttfc: summarise(r, (x) => x.ttfc),
        tbt: summarise(r, (x) => x.longTasks.tbt),
        heap: summarise(r, (x) => x.heap),
        nodes: summarise(r, (x) => x.nodes),
        listNodes: summarise(r, (x) => x.listNodes),
        ...(s.action ? { action: summarise(r, (x) => x[s.action].ms), actionListNodes: summarise(r, (x) => x[s.action].listNodes), actionHeap: summarise(r, (x) => x[s.action].heap) } : {}),
        ...(notes[s.id] || errors[s.id] ? { note: notes[s.id] ?? `later runs failed: ${errors[s.id]}` } : {}),
      }];
    }),
  );
}

async function leaks() {
  const out = {};
  // Two pages at a time (one per core): heap and instance counts are per page, not timing-sensitive.
  const queue = [...LEAKS];
  const worker = async () => {
    for (let l = queue.shift(); l; l = queue.shift()) {
      try {
        const r = await runPage(browser, `${origin}/${l.url}`, { after: cycles(l.tag, LEAK_CYCLES) });
        out[l.id] = { label: l.label, ours: Boolean(l.ours), ...r.cycles };
      } catch (error) {
        out[l.id] = { label: l.label, ours: Boolean(l.ours), error: String(error.message ?? error).split('\n')[0] };
      }
      log(`leaks: ${l.label} done`);
    }
  };
  await Promise.all([worker(), worker()]);
  return Object.fromEntries(LEAKS.map((l) => [l.id, out[l.id]]));
}

let results;
try {
  results = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
      cores: cpus().length,
      memoryGB: Math.round(totalmem() / 1e9),
      os: `${osType()} ${release()}`,
      node: process.version,
      chromium: version,
    },
    sizes,
    speed: only.has('speed') ? await speed() : {},
    calibration: calibrationResults,
    load: only.has('load') ? await load() : {},
    longLists: only.has('long') ? await longLists() : {},
    leakCycles: LEAK_CYCLES,
    leaks: only.has('leaks') ? await leaks() : {},
    notRun: NOT_RUN,
  };
} finally {
  await browser.close();
  server.close();
}
results.durationMs = Date.now() - started;

mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
// A partial run (BENCH_ONLY) goes to partial.json, so bench:check never reads half a run.
// Written before the report, so the figures survive a report that cannot render a partial run.
writeFileSync(join(BENCH_DIR, 'results', wholeRun ? 'latest.json' : 'partial.json'), `${JSON.stringify(results, null, 2)}\n`);
const report = renderReport(results);
if (wholeRun) writeFileSync(join(BENCH_DIR, '..', '..', 'docs', 'performance.md'), report);
console.log(report);
log(`done: ${wholeRun ? 'results/latest.json and docs/performance.md' : 'results/partial.json'} written`);
