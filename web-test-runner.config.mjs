// Browser tests for every package, in real headless Chromium.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { findChromium, CHROME_FLAGS } from './scripts/chromium.mjs';
import { startFhirTestServer } from './packages/fhir-test-server/src/server.mjs';
import { frameworkModulesPlugin } from './scripts/wtr-frameworks.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const resultsFile = process.env.CARELINE_RESULTS_FILE ?? `${root}.wtr-results.json`;

/** Counts tests across sessions; a file that fails to load counts as one failure. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      const failures = [];
      const walk = (suite, file, prefix) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) totals.skipped++;
          else if (test.passed) totals.passed++;
          else {
            totals.failed++;
            failures.push(`${file}: ${prefix}${test.name}`);
          }
        }
        for (const child of suite.suites ?? []) walk(child, file, `${prefix}${child.name} > `);
      };
      for (const session of sessions) {
        const file = session.testFile.replace(root, '');
        const before = totals.passed + totals.failed + totals.skipped;
        if (session.testResults) walk(session.testResults, file, '');
        const ran = totals.passed + totals.failed + totals.skipped - before;
        if ((session.errors?.length ?? 0) > 0 || (ran === 0 && !session.passed)) {
          totals.failed++;
          failures.push(`${file}: failed to load or run (${session.errors?.map((e) => e.message).join('; ')})`);
        } else if (ran === 0) {
          // A test file that declares no test (e.g. a helper shadowing mocha's describe) proves nothing.
          totals.failed++;
          failures.push(`${file}: declares no tests`);
        }
      }
      writeFileSync(resultsFile, JSON.stringify({ ...totals, failures }, null, 2));
    },
  };
}

/** A free port, so parallel runs (several terminals, CI retries) never collide on 8000. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real FHIR engine (with SMART authorization) the FHIR adapter and the record viewer are
 * tested against: started once, on its own port, so it is cross-origin to the test pages as a
 * hospital's FHIR server would be. Browser tests find it at /__careline/fhir-test-server.json
 * (see packages/fhir-test-server/browser.ts).
 */
function fhirTestServerPlugin() {
  /** @type {Awaited<ReturnType<typeof startFhirTestServer>> | undefined} */
  let fhir;
  return {
    name: 'careline-fhir-test-server',
    async serverStart() {
      fhir = await startFhirTestServer();
    },
    serve(context) {
      if (context.path === '/__careline/fhir-test-server.json') {
        const body = JSON.stringify({ baseUrl: fhir?.url, origin: fhir?.origin, patients: fhir?.patients ?? [] });
        return { body, type: 'application/json', headers: { 'Cache-Control': 'no-store' } };
      }
      // A SMART redirect_uri for tests that follow the authorization redirect with fetch():
      // after a cross-origin redirect the request's origin is "null", so allow any origin.
      if (context.path === '/__careline/smart-callback') {
        return { body: 'SMART callback', type: 'text/plain', headers: { 'Access-Control-Allow-Origin': '*' } };
      }
      return undefined;
    },
    async serverStop() {
      await fhir?.close();
      fhir = undefined;
    },
  };
}

const quietLogs = [/Lit is in dev mode/, /Multiple versions of Lit loaded/, /\[MSW\] Mocking enabled/];

export default {
  rootDir: root,
  hostname: '127.0.0.1',
  port: Number(process.env.WTR_PORT) || (await freePort()),
  files: ['packages/*/src/**/*.test.ts', 'docs/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  concurrency: 2,
  concurrentBrowsers: 1,
  // The whole run: about 9 minutes on 2 cores, so leave room on a slower CI machine.
  testsFinishTimeout: 30 * 60 * 1000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  filterBrowserLogs: ({ args }) => !args.some((arg) => typeof arg === 'string' && quietLogs.some((re) => re.test(arg))),
  plugins: [
    esbuildPlugin({ ts: true, tsx: true, target: 'es2022', tsconfig: `${root}tsconfig.json` }),
    fhirTestServerPlugin(),
    // React and Vue for the framework snippets (packages/framework-examples).
    frameworkModulesPlugin({ packageDir: `${root}packages/framework-examples` }),
  ],
  middleware: [
    // Serve msw's worker from the installed package so it always matches the library version.
    function mockServiceWorker(context, next) {
      if (context.path === '/mockServiceWorker.js') {
        context.type = 'application/javascript';
        context.set('Service-Worker-Allowed', '/');
        context.body = readFileSync(`${root}node_modules/msw/lib/mockServiceWorker.js`, 'utf8');
        return;
      }
      return next();
    },
    // Source files as written (the test server otherwise serves them compiled), for tests that
    // compare documentation with the code it shows, and the loader's build output as it ships.
    function sourceText(context, next) {
      const file = /^\/__careline\/source\/(packages\/[a-z-]+\/src\/[\w./-]+|packages\/loader\/dist\/[\w./-]+)$/.exec(context.path)?.[1];
      if (!file || file.includes('..')) return next();
      try {
        context.body = readFileSync(`${root}${file}`, 'utf8');
      } catch {
        return next();
      }
      context.type = 'text/plain';
      return;
    },
    // The strict-CSP pages of packages/loader/src/csp.test.ts (packages/loader/src/csp/<name>.html), served
    // with the policy of docs/distribution.md; and the loader's two entries under the names the build gives them.
    function strictCspPages(context, next) {
      const page = /^\/__careline\/csp\/([a-z0-9-]+)\.html$/.exec(context.path)?.[1];
      if (page) {
        let html;
        try {
          html = readFileSync(`${root}packages/loader/src/csp/${page}.html`, 'utf8');
        } catch {
          return next();
        }
        context.type = 'text/html';
        context.set('Cache-Control', 'no-store');
        context.set(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; " +
            // Pages that run the mock backend themselves also allow its service-worker policy.
            `trusted-types lit-html${page.startsWith('mock-') ? ' careline-mock' : ''}`,
        );
        context.body = html;
        return;
      }
      if (context.path === '/__careline/csp/careline-loader.classic.js') {
        context.type = 'application/javascript';
        context.body = readFileSync(`${root}packages/loader/src/classic.js`, 'utf8');
        return;
      }
      if (context.path === '/__careline/csp/careline-loader.js') {
        context.type = 'application/javascript';
        context.body = "import '/packages/loader/src/auto.ts';\n";
        return;
      }
      return next();
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChromium(),
        headless: true,
        args: [...CHROME_FLAGS, '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
      },
      // Test files run in parallel. As tabs of one window only the front one gets animation
      // frames, and tests waiting for a frame hang; a context (window) each keeps every page
      // in front, and also gives each test file its own IndexedDB.
      async createPage({ browser }) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        page.once('close', () => void context.close().catch(() => undefined));
        return page;
      },
    }),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: !process.env.CI }), countingReporter()],
};
