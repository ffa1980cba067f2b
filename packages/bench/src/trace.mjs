/**
 * For whoever works on the time-to-first-content budget: `node src/trace.mjs feedback.html [throttle] [runs]`
 * records a Chrome trace of each run and prints what ran on the page's main thread between the tag
 * entering the page and its first content (the pages' `?mark` switch): each task in that span with
 * its largest events, and the other events (parsing, compiling, GC) summed by name. Shows whether a
 * slow run waited (a timer, a frame, a fetch) or computed. Uses the pages already built (BENCH_DIST).
 */
import { join } from 'node:path';
import { DIST } from './build.mjs';
import { launch, runPage, serve } from './browser.mjs';

const [url = 'feedback.html', throttle = '1', runs = '5'] = process.argv.slice(2);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.gc', 'disabled-by-default-v8.compile', 'blink.user_timing'];
const JS_FRAMES = /FunctionCall|callFunction|callAsConstructor|RunTask|TimerFire|newInstance/;
const ms = (microseconds) => (microseconds / 1000).toFixed(1);
const { server, origin } = await serve(join(DIST, 'pages'));
const { browser } = await launch();
try {
  for (let i = 0; i < Number(runs); i++) {
    const result = await runPage(browser, `${origin}/${url}${url.includes('?') ? '&' : '?'}mark`, {
      throttle: Number(throttle),
      before: (page) => page.tracing.start({ categories: CATEGORIES }),
      after: async (page) => ({ trace: Buffer.from(await page.tracing.stop()).toString('utf8') }),
    });
    const { traceEvents: events } = JSON.parse(result.trace);
    const mount = events.find((event) => event.name === 'bench-mount');
    const content = events.find((event) => event.name === 'bench-content');
    console.log(`run ${i + 1}: first content ${result.ttfc?.toFixed(1)} ms`);
    if (!mount || !content) continue;
    const onMain = events.filter((event) => event.tid === mount.tid && event.ph === 'X' && event.ts + event.dur > mount.ts && event.ts < content.ts);
    for (const task of onMain.filter((event) => event.name === 'RunTask' && event.dur > 500)) {
      const inside = onMain.filter((event) => event !== task && event.ts >= task.ts && event.ts < task.ts + task.dur && event.dur > 300).sort((a, b) => b.dur - a.dur).slice(0, 6);
      const names = inside.map((event) => `${event.name}${event.args?.data?.functionName ? `:${event.args.data.functionName}` : ''} ${ms(event.dur)}`);
      console.log(`  task at +${ms(task.ts - mount.ts)} ms, ${ms(task.dur)} ms: ${names.join(', ')}`);
    }
    const byName = new Map();
    for (const event of onMain.filter((event) => !JS_FRAMES.test(event.name))) byName.set(event.name, (byName.get(event.name) ?? 0) + event.dur);
    console.log(`  besides script: ${[...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, total]) => `${name} ${ms(total)}`).join(', ') || 'nothing'}`);
  }
} finally {
  await browser.close();
  server.close();
}
