/**
 * Registers the "discourse" adapter for declarative configuration, e.g.
 * `<care-provider adapter="discourse" endpoint="https://community.example-hospital.org" sign-in-url="/community/sign-in">`.
 *
 * Attributes: `endpoint` (required, the forum's origin), `sign-in-url`, `poll-ms`,
 * `educator-groups` and `clinician-groups` (comma-separated Discourse group names).
 * The User API key is never read from markup (no place for secrets): the markup form
 * gives guests read access; pages with signed-in members call
 * `createDiscourseAdapter({ userApiKey })` in script.
 */
import { registerAdapterFactory } from '@careline/core';
import { createDiscourseAdapter } from './discourse-adapter.js';

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);

registerAdapterFactory('discourse', (attrs) => {
  const endpoint = attrs['endpoint']?.trim();
  if (!endpoint) throw new Error('add an endpoint attribute with the forum address, e.g. endpoint="https://community.example-hospital.org".');
  const poll = Number(attrs['poll-ms']);
  return createDiscourseAdapter({
    baseUrl: endpoint,
    signInUrl: attrs['sign-in-url'] || undefined,
    pollIntervalMs: Number.isFinite(poll) && poll >= 1000 ? poll : undefined,
    educatorGroups: list(attrs['educator-groups']),
    clinicianGroups: list(attrs['clinician-groups']),
  });
});
