/**
 * JSON requests to the Careline REST API, with timeouts and typed failures.
 *
 * The caller's `AbortSignal` and our timeout share one internal controller;
 * afterwards we look at which of the two fired, because a cancelled call must
 * reject with the caller's `AbortError` while a slow server is a `timeout`.
 */
import { CareError, isCareError, type CareErrorKind } from '@careline/core';

export interface HttpClientOptions {
  baseUrl: string;
  fetch: typeof fetch;
  getToken: (() => string | null | Promise<string | null>) | undefined;
  headers: Record<string, string> | undefined;
  timeoutMs: number;
  credentials: RequestCredentials | undefined;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined> | undefined;
  body?: unknown;
  signal: AbortSignal;
  idempotencyKey?: string | undefined;
}

/** An RFC 9457 problem document, as the Careline API sends it. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, unknown>;
}

export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  /** Absolute or base-relative URL for a path such as "/chat/availability". */
  url(path: string, query?: Record<string, string | number | undefined>): string {
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  /** Headers every request carries: configured headers, then the bearer token when there is one. */
  async headers(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...(this.options.headers ?? {}) };
    if (this.options.getToken) {
      let token: string | null;
      try {
        token = await this.options.getToken();
      } catch (error) {
        throw new CareError('unauthorized', 'Could not get an access token.', { cause: error });
      }
      if (token) headers['Authorization'] = `Bearer ${token}`;
    }
    return headers;
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const { signal } = spec;
    throwIfCallerAborted(signal);

    const controller = new AbortController();
    let timedOut = false;
    const onCallerAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The request took too long.', 'TimeoutError'));
    }, this.options.timeoutMs);

    try {
      const headers = await this.headers();
      headers['Accept'] = 'application/json, application/problem+json';
      if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
      if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;
      const init: RequestInit = { method: spec.method, headers, signal: controller.signal, cache: 'no-store' };
      if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
      if (this.options.credentials) init.credentials = this.options.credentials;

      // Abort races the fetch too: an injected fetch may not honour the signal.
      const response = await raceAbort(this.options.fetch(this.url(spec.path, spec.query), init), controller.signal);
      const text = await raceAbort(response.text(), controller.signal);
      if (!response.ok) throw errorFromResponse(response, text);
      if (response.status === 204 || text.trim() === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new CareError('server', 'The server sent a response that is not JSON.', { status: response.status, cause: error });
      }
    } catch (error) {
      if (signal.aborted) throw callerAbortReason(signal);
      if (timedOut) throw new CareError('timeout', `No answer within ${this.options.timeoutMs} ms.`, { cause: error });
      if (isCareError(error)) throw error;
      if (error instanceof TypeError) throw new CareError('offline', 'The network request failed.', { cause: error });
      throw new CareError('server', error instanceof Error ? error.message : 'Unexpected failure.', { cause: error });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** Maps an HTTP failure (ideally `application/problem+json`) to a CareError. */
export function errorFromResponse(response: Response, bodyText: string): CareError {
  const status = response.status;
  const problem = parseProblem(bodyText);
  const message = problem?.detail || problem?.title || `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
  const kind = kindForStatus(status);
  const fieldErrors = kind === 'invalid' ? fieldErrorsFrom(problem?.errors) : undefined;
  return new CareError(kind, message, {
    status,
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

export function kindForStatus(status: number): CareErrorKind {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 409) return 'conflict';
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
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function parseProblem(text: string): ProblemDetails | undefined {
  if (!text.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}

/** `errors` is `{ field: message }`; tolerate `{ field: [messages] }` from frameworks that send lists. */
function fieldErrorsFrom(errors: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!errors || typeof errors !== 'object') return undefined;
  const result: Record<string, string> = {};
  for (const [field, value] of Object.entries(errors)) {
    if (typeof value === 'string') result[field] = value;
    else if (Array.isArray(value)) {
      const messages = value.filter((item): item is string => typeof item === 'string');
      if (messages.length) result[field] = messages.join(' ');
    }
  }
  return Object.keys(result).length ? result : undefined;
}

function throwIfCallerAborted(signal: AbortSignal): void {
  if (signal.aborted) throw callerAbortReason(signal);
}

function callerAbortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
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
