/**
 * `npm run bench:check`: the budgets against the latest results (results/latest.json, written
 * by `npm run bench`; run first when missing). Exits 1 naming every broken budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR } from './build.mjs';
import { checkBudgets } from './budgets.mjs';
import { BUDGET_RATIO } from './stats.mjs';

const file = join(BENCH_DIR, 'results', 'latest.json');
if (!existsSync(file) || process.argv.includes('--fresh')) {
  console.log('No results yet: running the bench first…');
  execFileSync(process.execPath, [join(BENCH_DIR, 'src', 'bench.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const budgets = checkBudgets(results);
console.log(`Budgets against the bench run of ${results.date} (${results.machine.cpu}, ${results.machine.chromium}):\n`);
for (const b of budgets) console.log(`${b.pass ? 'pass' : 'FAIL'}  ${b.name}: ${b.figure}${b.pass ? '' : `\n      why: ${b.why}`}`);
const failed = budgets.filter((b) => !b.pass);
const unsettled = budgets.filter((b) => b.unsettled);
// The verdict is the ratio of medians; these say how far a rerun could move it.
const unsettledNote = unsettled.length ? ` Unsettled by this run (the ratio's 95% interval holds ${BUDGET_RATIO}×): ${unsettled.map((b) => `${b.pass ? 'met' : 'broken'}, ${b.name}`).join('; ')}.` : '';
console.log(`\n${budgets.length - failed.length} budgets met, ${failed.length} broken.${unsettledNote}`);
if (failed.length) {
  console.log(`Broken: ${failed.map((b) => b.name).join('; ')}`);
  process.exit(1);
}
