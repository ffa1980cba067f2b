/**
 * For whoever works on a budget: `node src/quick.mjs [--build] <page?query> [action] [runs]` —
 * builds the bench pages (with --build; BENCH_NO_MINIFY=1 for readable profiles, BENCH_DIST for
 * a private output folder) and prints time to first content, DOM nodes and list nodes per run,
 * and the action's time and list nodes (append, more, trend). BENCH_THROTTLE=4 slows the CPU 4×.
 */
import { join } from 'node:path';
import { DIST, buildPages } from './build.mjs';
import { action, launch, runPage, serve } from './browser.mjs';

const args = process.argv.slice(2);
const rebuild = args[0] === '--build' && args.shift();
const [url = 'chat.html', name, runs = '3'] = args;
if (rebuild) await buildPages();
const { server, origin } = await serve(join(DIST, 'pages'));
const { browser } = await launch();
try {
  for (let i = 0; i < Number(runs); i++) {
    const r = await runPage(browser, `${origin}/${url}`, { throttle: Number(process.env.BENCH_THROTTLE ?? 1), ...(name && name !== '-' ? { after: action(name) } : {}) });
    const extra = name && r[name] ? `; ${name} ${r[name].ms.toFixed(1)} ms, list nodes after ${r[name].listNodes}` : '';
    console.log(`run ${i + 1}: first content ${r.ttfc.toFixed(1)} ms; nodes ${r.nodes}; list nodes ${r.listNodes}; heap ${(r.heap / 1048576).toFixed(2)} MB${extra}`);
  }
} finally {
  await browser.close();
  server.close();
}
