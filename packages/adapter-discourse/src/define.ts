/**
 * Registers the "discourse" adapter for declarative configuration, e.g.
 * `<care-provider adapter="discourse" endpoint="https://community.example-hospital.org" sign-in-url="/community/sign-in">`.
 *
 * Attributes: `endpoint` (required, the forum's origin), `application-name` (turns on the
 * built-in sign-in: Discourse's User API key flow, run by this page), `sign-in-url` (your own
 * sign-in page instead), `poll-ms`, `educator-groups` and `clinician-groups` (comma-separated
 * Discourse group names). The key is never read from markup (no place for secrets): it comes
 * from the sign-in and is kept in this tab's session storage.
 */
// The factory is for <care-provider adapter="…"> markup: bring the element with it (widgets' own define.js do not).
import '@careline/core/define.js';
import { registerAdapterFactory } from '@careline/core';
import { createDiscourseAdapter } from './discourse-adapter.js';
import { forgetDiscourseKey, PAYLOAD_PARAM, SIGN_IN_PARAM, storedDiscourseClientId, storedDiscourseKey } from './sign-in.js';

/** The sign-in's own code (key pairs, IndexedDB), fetched only on the page load that starts or finishes one. */
const signInFlow = () => import('./sign-in-flow.js');

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);

registerAdapterFactory('discourse', (attrs) => {
  const endpoint = attrs['endpoint']?.trim();
  if (!endpoint) throw new Error('add an endpoint attribute with the forum address, e.g. endpoint="https://community.example-hospital.org".');
  const poll = Number(attrs['poll-ms']);
  const applicationName = attrs['application-name']?.trim();
  let signInUrl = attrs['sign-in-url'] || undefined;
  let ready: Promise<unknown> | undefined;
  if (applicationName) {
    // The feed's "Sign in" link comes back to this page with a marker; the page then goes to the forum.
    const address = new URL(location.href).searchParams;
    if (address.has(SIGN_IN_PARAM)) {
      ready = signInFlow()
        .then((flow) => flow.startDiscourseSignIn({ baseUrl: endpoint, applicationName }))
        .then(() => new Promise<never>(() => undefined));
    } else if (address.has(PAYLOAD_PARAM)) {
      // The forum's answer: finished before any call, which then sends the new key.
      ready = signInFlow()
        .then((flow) => flow.completeDiscourseSignIn({ baseUrl: endpoint }))
        .catch((error: unknown) => console.warn(`[careline] Discourse sign-in: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (!signInUrl) {
      const start = new URL(location.href);
      start.searchParams.set(SIGN_IN_PARAM, '1');
      signInUrl = start.href;
    }
  }
  return createDiscourseAdapter({
    baseUrl: endpoint,
    userApiKey: () => storedDiscourseKey(endpoint),
    clientId: () => storedDiscourseClientId(endpoint),
    onSignOut: () => forgetDiscourseKey(endpoint),
    ready,
    signInUrl,
    pollIntervalMs: Number.isFinite(poll) && poll >= 1000 ? poll : undefined,
    educatorGroups: list(attrs['educator-groups']),
    clinicianGroups: list(attrs['clinician-groups']),
  });
});
