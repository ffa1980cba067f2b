/**
 * Typed failures every adapter call may reject with.
 *
 * Widgets branch on `kind`, never on HTTP status codes, so an adapter for any
 * backend (REST, FHIR, Chatwoot…) maps its own failures onto these kinds.
 * A caller's own `AbortSignal` still rejects with the platform's `AbortError`
 * (a `DOMException`), which is not a `CareError`: cancelling is not a failure.
 */
export type CareErrorKind =
  | 'offline'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'rate-limited'
  | 'conflict'
  | 'server';

export interface CareErrorOptions {
  /** Per-field messages for `invalid`, keyed by the input's field name. Shown to the user as written. */
  fieldErrors?: Readonly<Record<string, string>>;
  /** For `rate-limited` (and optionally `server`/`offline`): milliseconds to wait before retrying. */
  retryAfterMs?: number;
  /** HTTP status or engine code, for logs only. Never shown to patients. */
  status?: number;
  cause?: unknown;
}

const BRAND = Symbol.for('careline.CareError');

export class CareError extends Error {
  override readonly name = 'CareError';
  readonly kind: CareErrorKind;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(kind: CareErrorKind, message: string, options: CareErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.fieldErrors = Object.freeze({ ...(options.fieldErrors ?? {}) });
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }

  /** Whether an automatic retry of the same write may succeed. */
  get retryable(): boolean {
    return isRetryableKind(this.kind);
  }
}

export function isRetryableKind(kind: CareErrorKind): boolean {
  return kind === 'offline' || kind === 'timeout' || kind === 'server' || kind === 'rate-limited';
}

/**
 * `instanceof` fails when two copies of core are on one page (a CMS loading
 * two bundles), so recognise errors by a global brand instead.
 */
export function isCareError(value: unknown): value is CareError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export function isAbortError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** Throws the signal's reason (an `AbortError`) if it is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
  }
}

/** Turns anything thrown by a `fetch`-like call into a `CareError` (aborts pass through unchanged). */
export function toCareError(error: unknown): CareError | DOMException {
  if (isCareError(error)) return error;
  if (isAbortError(error)) return error as DOMException;
  if (error instanceof TypeError) {
    return new CareError('offline', 'The network request failed.', { cause: error });
  }
  return new CareError('server', error instanceof Error ? error.message : 'Unexpected failure.', { cause: error });
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts.
 * For adapters whose transport may not honour a signal (an injected fetch, a
 * websocket reply): the caller is released at once either way.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortReasonOf(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** What an aborted call rejects with: the signal's own reason, else a standard AbortError. */
export function abortReasonOf(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * For adapters' network calls: runs `work` with a signal that aborts when the caller
 * aborts or `timeoutMs` passes, and maps what it throws onto the contract — the
 * caller's abort reason, `timeout`, `offline` (a failed fetch), the CareError as
 * thrown, or `server` for anything else.
 */
export async function withTimeLimit<T>(signal: AbortSignal, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (signal.aborted) throw abortReasonOf(signal);
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The request took too long.', 'TimeoutError'));
  }, timeoutMs);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (signal.aborted) throw abortReasonOf(signal);
    if (timedOut) throw new CareError('timeout', `No answer within ${timeoutMs} ms.`, { cause: error });
    if (isCareError(error)) throw error;
    if (error instanceof TypeError) throw new CareError('offline', 'The network request failed.', { cause: error });
    throw new CareError('server', error instanceof Error ? error.message : 'Unexpected failure.', { cause: error });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * The CareError kind for an HTTP status, for adapters over HTTP (REST, FHIR…).
 * 412 is a conflict: a conditional write (e.g. FHIR `If-None-Exist`) matched more than one.
 */
export function careErrorKindForStatus(status: number): CareErrorKind {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  // Any other 4xx (405, 413, 415…): the request as written will never succeed.
  return 'invalid';
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
