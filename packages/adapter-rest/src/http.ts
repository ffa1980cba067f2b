/**
 * JSON requests to the Careline REST API, with timeouts and typed failures.
 *
 * The caller's `AbortSignal` and our timeout share one internal controller;
 * afterwards we look at which of the two fired, because a cancelled call must
 * reject with the caller's `AbortError` while a slow server is a `timeout`.
 */
import { CareError, careErrorKindForStatus, parseRetryAfter, raceAbort, withTimeLimit } from '@careline/core';
export { careErrorKindForStatus as kindForStatus, parseRetryAfter } from '@careline/core';

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

  /** A JSON request through `fetch`; a `FormData` body is sent as multipart/form-data. */
  request<T>(spec: RequestSpec): Promise<T> {
    return this.guarded(spec.signal, async (signal) => {
      const headers = await this.requestHeaders(spec);
      const isForm = typeof FormData !== 'undefined' && spec.body instanceof FormData;
      // The browser sets the multipart Content-Type itself, with its boundary.
      if (spec.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
      const init: RequestInit = { method: spec.method, headers, signal, cache: 'no-store' };
      if (spec.body !== undefined) init.body = isForm ? (spec.body as FormData) : JSON.stringify(spec.body);
      if (this.options.credentials) init.credentials = this.options.credentials;

      // Abort races the fetch too: an injected fetch may not honour the signal.
      const response = await raceAbort(this.options.fetch(this.url(spec.path, spec.query), init), signal);
      const text = await raceAbort(response.text(), signal);
      return parseResult<T>({ status: response.status, statusText: response.statusText, header: (name) => response.headers.get(name), text });
    });
  }

  /**
   * A `FormData` upload through XMLHttpRequest, the one browser API that reports upload
   * progress. Same headers, timeout, abort and error mapping as `request`; `onProgress`
   * hears the share sent (0 to 1) and always ends with 1 when the upload succeeded.
   */
  upload<T>(spec: RequestSpec & { body: FormData }, onProgress: ((fraction: number) => void) | undefined): Promise<T> {
    return this.guarded(spec.signal, async (signal) => {
      const headers = await this.requestHeaders(spec);
      let last = -1;
      const report = (fraction: number) => {
        const value = Math.min(1, Math.max(0, fraction));
        if (value <= last) return;
        last = value;
        try {
          onProgress?.(value);
        } catch (error) {
          console.error('[careline] An upload progress callback threw.', error);
        }
      };
      const result = await new Promise<HttpResult>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(spec.method, this.url(spec.path, spec.query));
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
        if (this.options.credentials === 'include') xhr.withCredentials = true;
        xhr.upload.onprogress = (event) => {
          // The last upload event is not the answer yet: 1 is reported once the server has answered.
          if (event.lengthComputable && event.total > 0) report(Math.min(event.loaded / event.total, 0.99));
        };
        const onAbort = () => xhr.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        xhr.onload = () => {
          done();
          resolve({ status: xhr.status, statusText: xhr.statusText, header: (name) => xhr.getResponseHeader(name), text: xhr.responseText });
        };
        // Like fetch, a network failure is a TypeError (mapped to "offline").
        xhr.onerror = () => {
          done();
          reject(new TypeError('The network request failed.'));
        };
        xhr.onabort = () => {
          done();
          reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
        };
        xhr.send(spec.body);
        if (signal.aborted) xhr.abort();
      });
      const value = parseResult<T>(result);
      report(1);
      return value;
    });
  }

  private async requestHeaders(spec: RequestSpec): Promise<Record<string, string>> {
    const headers = await this.headers();
    headers['Accept'] = 'application/json, application/problem+json';
    if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;
    return headers;
  }

  private guarded<T>(signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withTimeLimit(signal, this.options.timeoutMs, work);
  }
}

/** A completed HTTP exchange, whichever API carried it. */
interface HttpResult {
  status: number;
  statusText: string;
  header: (name: string) => string | null;
  text: string;
}

/** The JSON body of a success, `undefined` for 204 or an empty body; a CareError for a failure status. */
function parseResult<T>(result: HttpResult): T {
  if (result.status < 200 || result.status > 299) throw errorFromStatus(result.status, result.statusText, result.header, result.text);
  if (result.status === 204 || result.text.trim() === '') return undefined as T;
  try {
    return JSON.parse(result.text) as T;
  } catch (error) {
    throw new CareError('server', 'The server sent a response that is not JSON.', { status: result.status, cause: error });
  }
}

/** Maps an HTTP failure (ideally `application/problem+json`) to a CareError. */
export function errorFromResponse(response: Response, bodyText: string): CareError {
  return errorFromStatus(response.status, response.statusText, (name) => response.headers.get(name), bodyText);
}

/** The same mapping from the parts of a response (XMLHttpRequest has no `Response`). */
export function errorFromStatus(status: number, statusText: string, header: (name: string) => string | null, bodyText: string): CareError {
  const problem = parseProblem(bodyText);
  const message = problem?.detail || problem?.title || `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const retryAfterMs = parseRetryAfter(header('Retry-After'));
  const kind = careErrorKindForStatus(status);
  const fieldErrors = kind === 'invalid' ? fieldErrorsFrom(problem?.errors) : undefined;
  return new CareError(kind, message, {
    status,
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
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
