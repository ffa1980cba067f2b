// Accessibility assertion backed by axe-core, run in the real browser against the
// element and everything inside its (open) shadow roots.
import type { AxeResults, ImpactValue, NodeResult, Result, RunOptions, UnlabelledFrameSelector } from 'axe-core';
import { assert } from '@open-wc/testing';

type Axe = typeof import('axe-core');

declare global {
  interface Window {
    axe?: Axe;
  }
}

export interface AccessibleOptions {
  /**
   * Rules to switch off, by axe rule id, each with the reason it does not apply.
   * The reason is required so a disabled rule is never silent in review.
   */
  disabledRules?: Readonly<Record<string, string>>;
  /** Restrict the run to these axe tags (e.g. `['wcag2a', 'wcag2aa']`). Default: every non-experimental rule. */
  tags?: readonly string[];
}

let axeLoading: Promise<Axe> | undefined;

/** Puts axe into a same-origin frame's document (for checking a whole page there); resolves with that frame's axe. */
export async function injectAxe(frameDocument: Document): Promise<Axe> {
  const script = frameDocument.createElement('script');
  script.src = '/node_modules/axe-core/axe.min.js';
  const loaded = new Promise((resolve, reject) => {
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', reject, { once: true });
  });
  frameDocument.head.append(script);
  await loaded;
  const axe = (frameDocument.defaultView as (Window & { axe?: Axe }) | null)?.axe;
  if (!axe) throw new Error('axe.min.js did not define axe in the frame');
  return axe;
}

/**
 * Loads axe once. `axe-core`'s main entry is UMD, so it cannot be imported as an ES module;
 * its browser build `axe.min.js` sets `window.axe` when evaluated, which works under
 * @web/test-runner's nodeResolve (the same approach chai-a11y-axe uses). Loaded lazily
 * so test files that never check accessibility do not parse ~500 kB of axe.
 */
export function loadAxe(): Promise<Axe> {
  axeLoading ??= (async () => {
    if (!window.axe) await import('axe-core/axe.min.js');
    if (!window.axe) throw new Error('Importing axe-core/axe.min.js did not define window.axe');
    return window.axe;
  })();
  return axeLoading;
}

// axe refuses to run twice at once ("Axe is already running"), so runs are queued.
let axeQueue: Promise<unknown> = Promise.resolve();

/** Runs axe on `element` (shadow DOM included) and returns the raw results. */
export async function runAxe(element: Element, options: AccessibleOptions = {}): Promise<AxeResults> {
  const axe = await loadAxe();
  const disabled = options.disabledRules ?? {};
  const knownRules = new Set(axe.getRules().map((rule) => rule.ruleId));
  const rules: NonNullable<RunOptions['rules']> = {};
  for (const [ruleId, reason] of Object.entries(disabled)) {
    if (!knownRules.has(ruleId)) throw new Error(`Cannot disable unknown axe rule "${ruleId}"`);
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`Disabling axe rule "${ruleId}" needs a reason`);
    }
    rules[ruleId] = { enabled: false };
  }
  const runOptions: RunOptions = { rules, resultTypes: ['violations'] };
  if (options.tags) runOptions.runOnly = { type: 'tag', values: [...options.tags] };

  const run = axeQueue.then(() => axe.run(element, runOptions));
  axeQueue = run.catch(() => undefined);
  return run;
}

/**
 * Asserts that axe finds no violations in `element`, including inside its shadow roots.
 * On failure the message lists every violation with its rule id, impact, help text and
 * the offending nodes (shadow-piercing selector and HTML).
 */
export async function expectAccessible(element: Element, options: AccessibleOptions = {}): Promise<void> {
  const results = await runAxe(element, options);
  if (results.violations.length > 0) assert.fail(formatViolations(element, results.violations));
}

const IMPACT_ORDER: readonly ImpactValue[] = ['critical', 'serious', 'moderate', 'minor', null];

/** Readable report of axe violations, most severe first. */
export function formatViolations(element: Element, violations: readonly Result[]): string {
  const sorted = [...violations].sort(
    (a, b) => IMPACT_ORDER.indexOf(a.impact ?? null) - IMPACT_ORDER.indexOf(b.impact ?? null),
  );
  const nodeCount = violations.reduce((sum, v) => sum + v.nodes.length, 0);
  const lines = [
    `Expected <${element.localName}> to be accessible, but axe found ` +
      `${violations.length} violation${violations.length === 1 ? '' : 's'} on ${nodeCount} node${nodeCount === 1 ? '' : 's'}:`,
  ];
  sorted.forEach((violation, index) => {
    lines.push('', `${index + 1}. [${violation.impact ?? 'unknown impact'}] ${violation.id}: ${violation.help}`);
    lines.push(`   ${violation.helpUrl}`);
    for (const node of violation.nodes) lines.push(...formatNode(node));
  });
  return lines.join('\n');
}

function formatNode(node: NodeResult): string[] {
  const lines = [`   - at ${formatTarget(node.target)}`, `     ${truncate(node.html, 300)}`];
  if (node.failureSummary) {
    for (const summaryLine of node.failureSummary.split('\n')) lines.push(`     ${summaryLine.trim()}`);
  }
  return lines;
}

/** Shadow-DOM targets are arrays of selectors, one per tree: join them like `host >>> inner`. */
function formatTarget(target: UnlabelledFrameSelector): string {
  return target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' | iframe ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
