/**
 * Registers the "rest" adapter for declarative configuration, e.g.
 * `<care-provider adapter="rest" endpoint="/api/careline/v1">`.
 *
 * Attributes arrive as strings: `endpoint` (required), `timeout-ms`,
 * `credentials` ("include" for a session cookie on another origin).
 * Bearer tokens are not read from attributes (markup is no place for secrets):
 * pages that need one call `createRestAdapter({ getToken })` in script instead.
 */
// The factory is for <care-provider adapter="…"> markup: bring the element with it (widgets' own define.js do not).
import '@careline/core/define.js';
import { registerAdapterFactory } from '@careline/core';
import { createRestAdapter } from './rest-adapter.js';

const CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

registerAdapterFactory('rest', (attrs) => {
  const timeout = Number(attrs['timeout-ms']);
  const credentials = CREDENTIALS.find((value) => value === attrs['credentials']);
  const endpoint = attrs['endpoint']?.trim();
  if (!endpoint) throw new Error('add an endpoint attribute with the API base path, e.g. endpoint="/api/careline/v1".');
  return createRestAdapter({
    baseUrl: endpoint,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
    credentials,
  });
});
