// `node --test packages/bench/src/stats.test.mjs` (part of `npm test`): the statistics the bench's report and budgets read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confidenceRank, describePairedRatio, holdsBudgetLine, pairedRatio, stats } from './stats.mjs';
import { checkBudgets } from './budgets.mjs';

test('stats: median of an odd and an even count, with min and max; non-numbers are left out', () => {
  assert.deepEqual(stats([3, 1, 2]), { median: 2, min: 1, max: 3, n: 3 });
  assert.deepEqual(stats([4, 1, 3, 2, undefined, NaN]), { median: 2.5, min: 1, max: 4, n: 4 });
  assert.equal(stats([]), undefined);
});

test('confidenceRank: the ranks of published sign-test tables for a 95% interval of a median', () => {
  // The largest k with P(Binomial(n, ½) ≤ k − 1) ≤ 2.5%; for n = 10: P(≤ 1) = 11/1024 ≤ 2.5% < P(≤ 2) = 56/1024, so k = 2.
  assert.equal(confidenceRank(5), 0);
  assert.equal(confidenceRank(6), 1);
  assert.equal(confidenceRank(10), 2);
  assert.equal(confidenceRank(15), 4);
  assert.equal(confidenceRank(20), 6);
  assert.equal(confidenceRank(30), 10);
  assert.equal(confidenceRank(45), 16);
});

test('pairedRatio: ratios taken round by round, then their median and interval', () => {
  const floor = Array.from({ length: 15 }, (_, round) => 10 + round);
  // Ours is exactly 1.2× the floor in every round but one outlier: the median stays 1.2.
  const ours = floor.map((value, round) => (round === 3 ? value * 5 : value * 1.2));
  const paired = pairedRatio(ours, floor);
  assert.equal(paired.n, 15);
  assert.ok(Math.abs(paired.median - 1.2) < 1e-9);
  assert.ok(Math.abs(paired.low - 1.2) < 1e-9 && Math.abs(paired.high - 1.2) < 1e-9);
  // A round with no floor time is not a ratio.
  assert.equal(pairedRatio([1, 2], [0, 1]).n, 1);
});

test('describePairedRatio: says when the interval cannot settle the 1.5× line', () => {
  assert.match(describePairedRatio({ median: 1.3, low: 1.2, high: 1.4, n: 45 }), /1\.30× \(95% CI 1\.20–1\.40×, 45 rounds\)$/);
  assert.match(describePairedRatio({ median: 1.45, low: 1.3, high: 1.6, n: 45 }), /cannot settle the budget/);
  assert.equal(describePairedRatio(undefined), '');
});

test('holdsBudgetLine: only an interval with 1.5× inside it asks the bench for more rounds', () => {
  assert.equal(holdsBudgetLine({ median: 1.45, low: 1.3, high: 1.6, n: 45 }), true);
  assert.equal(holdsBudgetLine({ median: 1.3, low: 1.2, high: 1.4, n: 45 }), false);
  assert.equal(holdsBudgetLine({ median: 1.7, low: 1.55, high: 1.9, n: 45 }), false);
  // Exactly on the line is within the budget (ratio ≤ 1.5): an interval ending there is settled.
  assert.equal(holdsBudgetLine({ median: 1.4, low: 1.3, high: 1.5, n: 45 }), false);
  // Too few rounds for an interval: nothing to settle with more of them here.
  assert.equal(holdsBudgetLine({ median: 1.5, low: undefined, high: undefined, n: 4 }), false);
  assert.equal(holdsBudgetLine(undefined), false);
});

test('the budgets and the report read the last committed run (so a broken budgets.mjs or report.mjs fails here, not after a bench run)', async () => {
  const { readFileSync } = await import('node:fs');
  const results = JSON.parse(readFileSync(new URL('../results/latest.json', import.meta.url), 'utf8'));
  const { checkBudgets } = await import('./budgets.mjs');
  const { renderReport } = await import('./report.mjs');
  const budgets = checkBudgets(results);
  assert.ok(budgets.length >= 20, `${budgets.length} budgets`);
  for (const budget of budgets) assert.equal(typeof budget.pass, 'boolean', budget.name);
  assert.match(renderReport(results), /^# Performance\n[^]*\n## Size\n[^]*\n## Budgets\n/);
});

test('checkBudgets: a first-content budget whose round-by-round interval holds 1.5× is marked unsettled, met or broken', () => {
  const view = { elements: { median: 37 }, textChars: { median: 705 } };
  const page = (ttfc, pairedRatio) => ({ ...view, ttfc: { median: ttfc }, ...(pairedRatio ? { pairedRatio } : {}) });
  const results = {
    sizes: [],
    speed: {
      1: { lit: page(1.2), 'lit-feedback': page(4.9), feedback: page(7.6, { median: 1.65, low: 1.44, high: 1.82, n: 135 }), 'lit-feed': page(30), feed: page(36, { median: 1.2, low: 1.1, high: 1.3, n: 45 }) },
    },
  };
  const budget = (id) => checkBudgets(results).find((b) => b.name.includes(`(${id}, 1× CPU)`));
  assert.equal(budget('feedback').pass, false);
  assert.equal(budget('feedback').unsettled, true);
  assert.equal(budget('feed').pass, true);
  assert.equal(budget('feed').unsettled, undefined);
});
