/**
 * For whoever works on loading: `node src/waterfall.mjs no-build/feedback.html` — one load of a
 * slow-phone page (as the bench's "Loading on a slow phone": DevTools' Slow 4G, 4× CPU, gzipped, never
 * cached) and every file it fetched: when it was asked for, when it had arrived, its bytes. Which files
 * wait for which shows as start times. Uses the pages `npm run bench` (or `BENCH_ONLY=load`) built
 * into dist/alone: `<page>/<page>.html` for a page built on its own, `no-build/…` for the loader's.
 */
import { join } from 'node:path';
import { PredefinedNetworkConditions } from 'puppeteer-core';
import { DIST } from './build.mjs';
import { launch, runPage, serve } from './browser.mjs';
import { SLOW_PHONE } from './scenarios.mjs';

const [url = 'no-build/feedback.html'] = process.argv.slice(2);
const { server, origin } = await serve(join(DIST, 'alone'), { compress: true });
const { browser } = await launch();
try {
  const result = await runPage(browser, `${origin}/${url}`, {
    throttle: SLOW_PHONE.cpu,
    network: PredefinedNetworkConditions[SLOW_PHONE.network],
    after: async (page) => ({
      files: await page.evaluate(() =>
        [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((entry) => ({
          name: new URL(entry.name).pathname,
          start: entry.startTime,
          end: entry.responseEnd,
          bytes: entry.transferSize,
        })),
      ),
    }),
  });
  console.log(`${url}: first content at ${result.contentAt.toFixed(0)} ms`);
  for (const file of result.files) console.log(`${file.start.toFixed(0).padStart(6)} → ${file.end.toFixed(0).padStart(6)} ms ${String(file.bytes).padStart(8)} B  ${file.name}`);
} finally {
  await browser.close();
  server.close();
}
