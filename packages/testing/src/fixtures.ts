// Small, dependency-free helpers for browser tests.
import { assert } from '@open-wc/testing';

/** Resolves after the next animation frame (layout and paint have had a chance to run). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

export interface WaitForOptions {
  /** Give up after this many milliseconds. Default 2000. */
  timeout?: number;
  /** Poll every this many milliseconds. Default 16. */
  interval?: number;
  /** What was being waited for; it opens the failure message. */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value, and resolves with that value.
 * A predicate that throws counts as "not yet", so an assertion can be awaited;
 * on timeout the failure names `message` and the last error thrown.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeout = 2000, interval = 16, message = 'condition' }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const cause = lastError === undefined ? '' : `\nLast error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
  return assert.fail(`Timed out after ${timeout} ms waiting for ${message}${cause}`);
}

export interface EventCollector<E extends Event> {
  /** Every event received so far, in order (a live array). */
  readonly events: E[];
  readonly count: number;
  readonly last: E | undefined;
  /** Stops listening; the events received so far are kept. */
  stop(): void;
}

/** Records every `type` event dispatched on `target` until `stop()`. */
export function collectEvents<E extends Event = Event>(target: EventTarget, type: string): EventCollector<E> {
  const events: E[] = [];
  const listener = (event: Event) => events.push(event as E);
  target.addEventListener(type, listener);
  return {
    events,
    get count() {
      return events.length;
    },
    get last() {
      return events.at(-1);
    },
    stop: () => target.removeEventListener(type, listener),
  };
}

export interface RejectionTracker {
  readonly count: number;
  /** The rejection reasons, in the order they were reported. */
  readonly reasons: unknown[];
  stop(): void;
}

/**
 * Counts unhandled promise rejections from now until `stop()`. The browser reports them
 * in a task after the microtask checkpoint, so `await waitFor(() => tracker.count > 0)`
 * (or a short wait) before asserting on an expected rejection.
 *
 * It only observes: @web/test-runner registers its own listener first (it logs "An error
 * was thrown in a Promise outside a test"), and at the window listeners run in
 * registration order, so a tracker cannot keep that log quiet.
 */
export function trackUnhandledRejections(): RejectionTracker {
  const reasons: unknown[] = [];
  const listener = (event: PromiseRejectionEvent) => void reasons.push(event.reason);
  window.addEventListener('unhandledrejection', listener);
  return {
    reasons,
    get count() {
      return reasons.length;
    },
    stop: () => window.removeEventListener('unhandledrejection', listener),
  };
}

/**
 * Resolves with the error `promise` rejects with, and fails if it resolves instead:
 * `expect(await rejectionOf(load())).to.be.instanceOf(CareError)`.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('Expected the promise to reject, but it resolved');
}

/**
 * The shadow root where a widget draws what the patient sees. `<care-educator-chat>` shows
 * its launcher first and draws the chat inside `<care-educator-chat-app>` once loaded: then
 * that element's root. Asked again on every call, so a later query finds the loaded chat.
 */
export function widgetRoot(element: Element): ShadowRoot {
  const root = element.shadowRoot!;
  return root.querySelector('care-educator-chat-app')?.shadowRoot ?? root;
}

/**
 * Runs a sign-out or wipe that sees only the databases whose names contain `namespace`: a wipe
 * deletes every Careline database it finds, and other test files share this origin and run at
 * the same time (earlier tests in the same file leave theirs too).
 */
export async function withOnlyDatabasesOf<T>(namespace: string, wipe: () => Promise<T>): Promise<T> {
  const allDatabases = indexedDB.databases.bind(indexedDB);
  indexedDB.databases = async () => (await allDatabases()).filter((database) => database.name?.includes(namespace));
  try {
    return await wipe();
  } finally {
    indexedDB.databases = allDatabases;
  }
}
