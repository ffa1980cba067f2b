/**
 * Registers the "fhir" adapter for declarative configuration, e.g.
 * `<care-provider adapter="fhir" base-url="https://fhir.example.org/r4" client-id="careline"
 *   redirect-uri="https://www.example-hospital.org/my-record">`.
 *
 * Attributes arrive as strings: `base-url`, `client-id` and `redirect-uri` (required),
 * `smart-scope`, `organisation`, `page-size`. (Not `scope`: the provider's own `scope` says
 * whether it configures its subtree or the page, so it never reaches the factory.) The adapter signs in with SMART App Launch; a page that
 * returns from the authorization server completes it on the first session check.
 * Access tokens are never read from attributes (markup is no place for secrets).
 */
// The factory is for <care-provider adapter="…"> markup: bring the element with it (widgets' own define.js do not).
import '@careline/core/define.js';
import { registerAdapterFactory } from '@careline/core';
import { createFhirAdapter } from './fhir-adapter.js';
import { createSmartAuth } from './smart.js';

/** The SMART scopes a provider's markup asks for (`smart-scope`), or undefined for the default. */
export function smartScopeAttribute(attrs: Record<string, string>): string | undefined {
  return attrs['smart-scope']?.trim().replace(/\s+/g, ' ') || undefined;
}

registerAdapterFactory('fhir', (attrs) => {
  const baseUrl = attrs['base-url']?.trim();
  const clientId = attrs['client-id']?.trim();
  const redirectUri = attrs['redirect-uri']?.trim() || (typeof location === 'undefined' ? undefined : `${location.origin}${location.pathname}`);
  if (!baseUrl) throw new Error('add a base-url attribute with the FHIR server\'s base URL, e.g. base-url="https://fhir.example.org/r4".');
  if (!clientId) throw new Error('add a client-id attribute with the SMART client id the hospital registered for this site.');
  if (!redirectUri) throw new Error('add a redirect-uri attribute with the registered redirect URI.');
  const pageSize = Number(attrs['page-size']);
  const auth = createSmartAuth({ fhirBaseUrl: baseUrl, clientId, redirectUri, scope: smartScopeAttribute(attrs) });
  return createFhirAdapter({
    baseUrl,
    auth,
    organisation: attrs['organisation']?.trim() || undefined,
    pageSize: Number.isFinite(pageSize) && pageSize > 0 ? pageSize : undefined,
  });
});
