#!/usr/bin/env node
// `npm test`: type-check, browser tests (web-test-runner), then the demo smoke test.
// Ends with one line `N passed, N failed, N skipped` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n[careline] ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

let chrome;
try {
  chrome = findChromium();
  process.env.CHROME_PATH = chrome;
} catch (error) {
  console.error(`\n[careline] ${error.message}`);
  totals.failed++;
}

/** A step that counts as one test; `failure` is what the summary says when it fails. */
function checkStep(name, command, args, failure) {
  if (step(name, command, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(failure);
  }
}

// 1–7: one test each.
checkStep('type-check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], 'type-check (tsc --noEmit)');
// custom-elements.json of every package is current and valid.
checkStep('custom elements manifests', 'node', ['scripts/manifest.mjs', '--check'], 'custom-elements.json out of date (run `npm run manifest`)');
// The production builds' CSS-literal minifier (scripts/minify-css-literals.mjs).
checkStep('CSS-literal minifier', 'node', ['--test', 'scripts/minify-css-literals.test.mjs'], 'CSS-literal minifier (node --test scripts/minify-css-literals.test.mjs)');
// The statistics the bench's report and budgets read (the bench itself is `npm run bench`).
checkStep('bench statistics', 'node', ['--test', 'packages/bench/src/stats.test.mjs'], 'bench statistics (node --test packages/bench/src/stats.test.mjs)');
// The loader's production build: its files are tested under the strict CSP.
checkStep('loader production build', 'npm', ['run', 'build', '-w', '@careline/loader'], 'loader production build (npm run build -w @careline/loader)');
checkStep('documentation site build', 'npm', ['run', 'docs:build'], 'documentation site build (npm run docs:build)');

if (chrome) {
  // 8. Browser tests.
  const resultsFile = `${root}.wtr-results.json`;
  rmSync(resultsFile, { force: true });
  const extra = process.argv.slice(2);
  step('browser tests', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs', ...extra], {
    CARELINE_RESULTS_FILE: resultsFile,
    CI: 'true',
  });
  if (existsSync(resultsFile)) {
    const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    failures.push(...counts.failures);
  } else {
    totals.failed++;
    failures.push('web-test-runner ended without results');
  }

  // 9. Demo smoke test (npm start serves the demo on the mock backend).
  if (extra.length === 0) {
    const smoke = spawnSync('node', ['scripts/demo-smoke.mjs'], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(smoke.stdout);
    const line = smoke.stdout.trim().split('\n').pop() ?? '';
    const match = /^(\d+) passed, (\d+) failed/.exec(line);
    if (match) {
      totals.passed += Number(match[1]);
      totals.failed += Number(match[2]);
      if (Number(match[2]) > 0) failures.push('demo smoke test');
    } else {
      totals.failed++;
      failures.push('demo smoke test did not report');
    }
  }
}

if (failures.length) console.log(`\n[careline] failures:\n  ${failures.join('\n  ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
