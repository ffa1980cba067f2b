/**
 * For whoever works on the time-to-first-content budget: `node src/compare.mjs [throttle] [runs] [id…]`
 * runs our widgets' speed pages and their same-content floors back to back, in turns, as `npm run bench`
 * does in its extra rounds, and prints each median (min–max) with the ratio the budget checks and the
 * round-by-round ratio with its 95% confidence interval. Ids are SPEED_PAGES ids of our
 * widgets (chat, record, feed, feedback; all four by default). Uses the pages already built
 * (BENCH_DIST; `node src/quick.mjs --build …` builds them).
 */
import { join } from 'node:path';
import { DIST } from './build.mjs';
import { launch, runPage, serve } from './browser.mjs';
import { SPEED_PAGES, TTFC_ROUNDS } from './scenarios.mjs';
import { describePairedRatio, pairedRatio, stats } from './stats.mjs';

const [throttleArg = '1', runsArg = String(TTFC_ROUNDS), ...ids] = process.argv.slice(2);
const throttle = Number(throttleArg);
const ours = SPEED_PAGES.filter((page) => page.ours && (!ids.length || ids.includes(page.id)));
const pages = ours.flatMap((page) => [page, SPEED_PAGES.find((floor) => floor.floorFor === page.id)]);
const { server, origin } = await serve(join(DIST, 'pages'));
const { browser } = await launch();
const times = new Map(pages.map((page) => [page.id, []]));
try {
  for (let i = 0; i < Number(runsArg); i++) {
    for (let pair = 0; pair < pages.length; pair += 2) {
      const both = pages.slice(pair, pair + 2);
      for (const page of i % 2 ? both.reverse() : both) times.get(page.id).push((await runPage(browser, `${origin}/${page.url}`, { throttle })).ttfc);
    }
  }
} finally {
  await browser.close();
  server.close();
}
const show = ({ median, min, max }) => `${median.toFixed(1)} ms (${min.toFixed(1)}–${max.toFixed(1)})`;
for (const page of ours) {
  const floor = pages[pages.indexOf(page) + 1];
  const mine = stats(times.get(page.id));
  const base = stats(times.get(floor.id));
  console.log(`${page.id.padEnd(9)} ${throttle}×  ${show(mine)}  vs floor ${show(base)}  = ${(mine.median / base.median).toFixed(2)}×${describePairedRatio(pairedRatio(times.get(page.id), times.get(floor.id)))}`);
}
