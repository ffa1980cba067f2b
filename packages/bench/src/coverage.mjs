/**
 * For whoever works on a size budget: `node src/coverage.mjs record.html record [minBytes]` opens
 * one bench page (as the bench does: the tag enters, its first content shows) with V8's precise
 * coverage on, and prints, for each script whose URL contains the second argument, how many of its
 * bytes ran and its longest stretches that never did (at least minBytes, 300 by default), largest
 * first: what the first view carries but does not run. Read it with an unminified build
 * (`BENCH_NO_MINIFY=1 BENCH_DIST=/tmp/plain node src/quick.mjs --build record.html - 1`, then
 * `BENCH_DIST=/tmp/plain node src/coverage.mjs …`). Code that did not run is not all movable: a
 * button's handler runs only when it is pressed, and other sections, states and languages draw
 * other pages.
 */
import { join } from 'node:path';
import { DIST } from './build.mjs';
import { launch, runPage, serve } from './browser.mjs';

const [url = 'record.html', match = 'record', minBytes = '300'] = process.argv.slice(2);
const { server, origin } = await serve(join(DIST, 'pages'));
const { browser } = await launch();
try {
  await runPage(browser, `${origin}/${url}`, {
    before: (page) => page.coverage.startJSCoverage({ resetOnNavigation: false }),
    after: async (page) => {
      for (const entry of await page.coverage.stopJSCoverage()) {
        if (!entry.url.includes(match)) continue;
        const ranges = [...entry.ranges].sort((a, b) => a.start - b.start);
        const ran = ranges.reduce((sum, range) => sum + range.end - range.start, 0);
        console.log(`${entry.url.split('/').pop()}: ${entry.text.length} bytes, ${ran} ran (${((100 * ran) / entry.text.length).toFixed(0)}%)`);
        const idle = [];
        let at = 0;
        for (const range of ranges) {
          if (range.start > at) idle.push([at, range.start]);
          at = Math.max(at, range.end);
        }
        if (at < entry.text.length) idle.push([at, entry.text.length]);
        idle.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
        for (const [start, end] of idle.filter(([start, end]) => end - start >= Number(minBytes)).slice(0, 40)) {
          console.log(String(end - start).padStart(7), entry.text.slice(start, start + 100).replace(/\s+/g, ' '));
        }
      }
      return {};
    },
  });
} finally {
  await browser.close();
  server.close();
}
