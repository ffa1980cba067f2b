/**
 * A `fetch` answered by msw handlers in the page itself: no service worker,
 * so tests, iframes and cross-frame bridges can use the mock backend directly.
 */
import { getResponse, type RequestHandler } from 'msw';
import { raceAbort } from '@careline/core';

export interface MockFetchOptions {
  /** Base for relative URLs. Default `location.href` (or http://localhost/ outside a page). */
  baseUrl?: string;
}

/**
 * Behaves like `fetch`: unhandled requests answer 404, `HttpResponse.error()`
 * rejects with a TypeError (as a network failure does), and the request's
 * signal aborts both the wait for the response and the reading of its body.
 */
export function createMockFetch(handlers: readonly RequestHandler[], options: MockFetchOptions = {}): typeof fetch {
  const base = options.baseUrl ?? globalThis.location?.href ?? 'http://localhost/';
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(toAbsolute(input, base), init);
    const { signal } = request;
    if (signal.aborted) throw abortReason(signal);

    const response = await raceAbort(getResponse([...handlers], request), signal);
    if (!response) {
      return new Response(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, detail: `No mock handler for ${request.method} ${request.url}` }), {
        status: 404,
        headers: { 'Content-Type': 'application/problem+json' },
      });
    }
    if (response.type === 'error') throw new TypeError('Failed to fetch (mock network error)');
    return withAbortableBody(response, signal);
  };
}

function toAbsolute(input: RequestInfo | URL, base: string): RequestInfo | URL {
  if (typeof input === 'string') return new URL(input, base);
  return input;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * A real fetch errors the body stream when its signal aborts and cancels the
 * server side; do the same, so an aborted event stream releases the mock's
 * subscription instead of leaking it.
 */
function withAbortableBody(response: Response, signal: AbortSignal): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  let onAbort: () => void = () => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        try {
          controller.error(abortReason(signal));
        } catch {
          /* already finished */
        }
        void reader.cancel(abortReason(signal)).catch(() => undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          signal.removeEventListener('abort', onAbort);
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        signal.removeEventListener('abort', onAbort);
        // A server-side stream error reaches the reader as a network error, as with a real fetch.
        controller.error(signal.aborted ? abortReason(signal) : new TypeError('network error', { cause: error }));
      }
    },
    cancel(reason) {
      signal.removeEventListener('abort', onAbort);
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  return wrapped;
}
