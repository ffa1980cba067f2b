export function stats(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/**
 * Our time over the floor's, round by round (the two are measured back to back in each round):
 * the median of those ratios with its 95% confidence interval. The interval comes from order
 * statistics (the sign test), so it assumes nothing about how the times are distributed. The
 * budget keeps reading the ratio of the two medians; this says how far noise could move it.
 */
export function pairedRatio(ours, floor) {
  const ratios = ours.map((value, round) => value / floor[round]).filter((ratio) => Number.isFinite(ratio) && ratio > 0);
  const summary = stats(ratios);
  if (!summary) return undefined;
  const sorted = ratios.sort((a, b) => a - b);
  const rank = confidenceRank(sorted.length);
  return { median: summary.median, n: summary.n, low: rank ? sorted[rank - 1] : undefined, high: rank ? sorted[sorted.length - rank] : undefined };
}

/**
 * The largest k with P(Binomial(n, ½) ≤ k − 1) ≤ 2.5%: the k-th smallest and k-th largest of n
 * values bound their median with at least 95% confidence. 0 when n is too small (n < 6).
 */
export function confidenceRank(n) {
  let cumulative = 0;
  let coefficient = 1; // C(n, j)
  const all = 2 ** n;
  for (let j = 0; j <= n; j++) {
    if (j > 0) coefficient = (coefficient * (n - j + 1)) / j;
    if (cumulative + coefficient / all > 0.025) return j;
    cumulative += coefficient / all;
  }
  return 0;
}

/** The time budget's line: our first content at most this many times the floor's. */
export const BUDGET_RATIO = 1.5;

/** Whether a paired ratio's 95% interval has `line` inside it (its rounds cannot tell the ratio from the line). */
export function holdsBudgetLine(paired, line = BUDGET_RATIO) {
  return paired?.low !== undefined && paired.low <= line && paired.high > line;
}

/** "; round by round 1.32× (95% CI 1.21–1.47×, 45 rounds)", and whether the interval holds `line` on one side. */
export function describePairedRatio(paired, line = BUDGET_RATIO) {
  if (!paired) return '';
  const interval = paired.low === undefined ? '' : `95% CI ${paired.low.toFixed(2)}–${paired.high.toFixed(2)}×, `;
  const unsettled = holdsBudgetLine(paired, line) ? `; the interval holds ${line}×, so these runs cannot settle the budget` : '';
  return `; round by round ${paired.median.toFixed(2)}× (${interval}${paired.n} rounds)${unsettled}`;
}
