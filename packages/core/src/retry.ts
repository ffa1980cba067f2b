/**
 * Retries a read that failed for a passing reason (offline, timeout, 5xx, 429),
 * a few times with backoff. Reads only: writes go through the outbox, which
 * retries with idempotency keys.
 */
import { isAbortError, isCareError, throwIfAborted } from './errors.js';

export interface RetryReadOptions {
  signal: AbortSignal;
  /** Tries in all, the first included. Default 3. */
  attempts?: number;
  /** Delay before the second try; doubled after each failure. Default 300 ms. */
  baseDelayMs?: number;
}

export async function retryTransient<T>(read: (signal: AbortSignal) => Promise<T>, options: RetryReadOptions): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  let delay = options.baseDelayMs ?? 300;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read(options.signal);
    } catch (error) {
      if (isAbortError(error) || attempt >= attempts || !(isCareError(error) && error.retryable)) throw error;
      const wait = Math.max(delay, error.retryAfterMs ?? 0);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, wait);
        options.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(options.signal.reason);
          },
          { once: true },
        );
      });
      throwIfAborted(options.signal);
      delay *= 2;
    }
  }
}
