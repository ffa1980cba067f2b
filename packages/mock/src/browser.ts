/**
 * Runs the mock backend behind a real msw service worker, for the demo and
 * for tests that must prove the service-worker path (including streaming).
 * The worker script is served at /mockServiceWorker.js (demo/public, and
 * the test runner's middleware serves it straight from node_modules/msw).
 */
import { setupWorker, type SetupWorker } from 'msw/browser';
import type { MockBackend } from './backend.js';

export interface StartMockWorkerOptions {
  /** Default "/mockServiceWorker.js". */
  serviceWorkerUrl?: string;
  /** Do not log every intercepted request. Default true. */
  quiet?: boolean;
}

export interface MockWorker {
  readonly worker: SetupWorker;
  /** Serve another backend's handlers from now on (e.g. a fresh one per test). */
  use(backend: MockBackend): void;
  stop(): void;
}

interface ScriptUrlPolicy {
  createScriptURL(input: string): unknown;
}

let workerUrlPolicy: ScriptUrlPolicy | undefined;

/**
 * Under Trusted Types (`require-trusted-types-for 'script'`) a service worker is registered from a
 * TrustedScriptURL, not a string: the `careline-mock` policy makes one for a same-origin worker
 * URL and nothing else. A page with a `trusted-types` list that runs the mock lists `careline-mock` too
 * (demo and test pages only: a production page never runs the mock).
 */
function trustedWorkerUrl(url: string): string {
  const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(input: string): string }): ScriptUrlPolicy } }).trustedTypes;
  if (!trustedTypes) return url;
  workerUrlPolicy ??= trustedTypes.createPolicy('careline-mock', {
    createScriptURL: (input) => {
      // A service worker is same-origin anyway; refuse anything else outright.
      if (new URL(input, location.href).origin === location.origin) return input;
      throw new TypeError(`careline-mock: ${input} is not on this origin`);
    },
  });
  // msw passes the URL on to navigator.serviceWorker.register(), which takes a TrustedScriptURL.
  return workerUrlPolicy.createScriptURL(url) as string;
}

export async function startMockWorker(backend: MockBackend, options: StartMockWorkerOptions = {}): Promise<MockWorker> {
  const worker = setupWorker(...backend.handlers);
  await worker.start({
    serviceWorker: { url: trustedWorkerUrl(options.serviceWorkerUrl ?? '/mockServiceWorker.js') },
    quiet: options.quiet ?? true,
    // Everything outside the Careline API (scripts, styles, images) goes to the network untouched.
    onUnhandledRequest: 'bypass',
  });
  return {
    worker,
    use: (next) => worker.resetHandlers(...next.handlers),
    stop: () => worker.stop(),
  };
}
