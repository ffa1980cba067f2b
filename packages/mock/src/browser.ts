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

export async function startMockWorker(backend: MockBackend, options: StartMockWorkerOptions = {}): Promise<MockWorker> {
  const worker = setupWorker(...backend.handlers);
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
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
