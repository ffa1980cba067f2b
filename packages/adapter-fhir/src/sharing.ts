/**
 * Record sharing as FHIR Consent resources: the patient permits a named person (a contained
 * RelatedPerson with their email) to see some sections until a date.
 *
 * A new share is `proposed` (pending) until the hospital's side invites the recipient and makes
 * it `active`; revoking sets it `inactive`. The sections travel as `provision.class` codings of
 * `urn:careline:record-section`, next to the FHIR resource types they cover, so a server that
 * enforces consents can act on the types.
 */
import {
  CareError,
  RECORD_SECTIONS,
  abortReasonOf,
  type CallOptions,
  type FhirResource,
  type RecordSection,
  type RecordShare,
  type RecordSharingPort,
  type ShareInput,
  type WriteOptions,
} from '@careline/core';
import type { FhirResponse } from './http.js';
import { SECTION_SEARCHES } from './sections.js';

export const SECTION_SYSTEM = 'urn:careline:record-section';
const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types';

export interface SharingDeps {
  baseUrl: string;
  patientId(signal: AbortSignal): Promise<string>;
  request(spec: { method: 'GET' | 'PUT'; url: string; body?: FhirResource; signal: AbortSignal }): Promise<FhirResponse>;
  /** Every resource of a search, following next links within the base URL. */
  searchAll(url: string, signal: AbortSignal): Promise<FhirResource[]>;
  createOnce(resource: FhirResource, idempotencyKey: string, signal: AbortSignal): Promise<FhirResource>;
  tag: { system: string; code: string; display: string };
  idempotencySystem: string;
}

/** The sharing port over Consent. */
export function createConsentSharing(deps: SharingDeps): RecordSharingPort {
  async function readOwn(shareId: string, signal: AbortSignal): Promise<FhirResource> {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(shareId)) throw new CareError('not-found', 'This share does not exist.');
    const response = await deps.request({ method: 'GET', url: `${deps.baseUrl}/Consent/${shareId}`, signal });
    const consent = response.body as FhirResource | undefined;
    if (!consent || consent.resourceType !== 'Consent' || !isShare(consent)) throw new CareError('not-found', 'This share does not exist.');
    return consent;
  }

  return {
    async listShares({ signal }: CallOptions): Promise<RecordShare[]> {
      const patientId = await deps.patientId(signal);
      const params = new URLSearchParams({ patient: `Patient/${patientId}`, _sort: '-date', _count: '100' });
      const consents = await deps.searchAll(`${deps.baseUrl}/Consent?${params}`, signal);
      return consents.filter(isShare).map(toShare);
    },

    async share(input: ShareInput, { signal, idempotencyKey }: WriteOptions): Promise<RecordShare> {
      if (signal.aborted) throw abortReasonOf(signal);
      validate(input);
      const patientId = await deps.patientId(signal);
      const patient = { reference: `Patient/${patientId}` };
      const sections = [...new Set(input.sections)];
      const recipient = input.recipient;
      const relatedPerson: FhirResource = {
        resourceType: 'RelatedPerson',
        id: 'recipient',
        patient,
        name: [{ text: recipient.name.trim() }],
        telecom: [{ system: 'email', value: recipient.email.trim() }],
        ...(recipient.relationship?.trim() ? { relationship: [{ text: recipient.relationship.trim() }] } : {}),
      };
      const types = [...new Set(sections.flatMap((s) => SECTION_SEARCHES[s].map((spec) => spec.resourceType)))];
      const consent: FhirResource = {
        resourceType: 'Consent',
        meta: { tag: [deps.tag] },
        identifier: [{ system: deps.idempotencySystem, value: idempotencyKey }],
        contained: [relatedPerson],
        status: 'proposed',
        scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
        category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
        patient,
        dateTime: new Date().toISOString(),
        performer: [patient],
        policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
        provision: {
          type: 'permit',
          ...(input.until ? { period: { end: input.until } } : {}),
          actor: [
            {
              role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
              reference: { reference: '#recipient', display: recipient.name.trim() },
            },
          ],
          action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'access' }] }],
          class: [...sections.map((code) => ({ system: SECTION_SYSTEM, code })), ...types.map((code) => ({ system: RESOURCE_TYPES, code }))],
        },
      };
      return toShare(await deps.createOnce(consent, idempotencyKey, signal));
    },

    async revokeShare({ shareId }: { shareId: string }, { signal }: WriteOptions): Promise<RecordShare> {
      const consent = await readOwn(shareId, signal);
      // Idempotent: a revoked share stays as it is.
      if (toShare(consent).status === 'revoked') return toShare(consent);
      const response = await deps.request({ method: 'PUT', url: `${deps.baseUrl}/Consent/${shareId}`, body: { ...consent, status: 'inactive' }, signal });
      const stored = response.body as FhirResource | undefined;
      return toShare(stored?.resourceType === 'Consent' ? stored : { ...consent, status: 'inactive' });
    },
  };
}

/** Same rules (and field names) as the Careline REST API. */
function validate(input: ShareInput): void {
  const errors: Record<string, string> = {};
  const sections = Array.isArray(input?.sections) ? input.sections : [];
  if (!sections.length) errors['sections'] = 'Choose at least one part of your record to share.';
  else if (sections.some((section) => !RECORD_SECTIONS.includes(section))) errors['sections'] = 'One of the chosen parts does not exist.';
  const recipient = input?.recipient;
  if (typeof recipient?.name !== 'string' || !recipient.name.trim()) errors['recipient.name'] = 'Enter the name of the person you are sharing with.';
  if (typeof recipient?.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipient.email)) errors['recipient.email'] = 'Enter an email address like name@example.com.';
  const today = new Date().toISOString().slice(0, 10);
  if (input?.until !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(input.until) || input.until <= today)) errors['until'] = 'The end date must be in the future.';
  if (Object.keys(errors).length) throw new CareError('invalid', 'Some details of the share need attention.', { fieldErrors: errors });
}

interface ConsentShape {
  id?: string;
  status?: string;
  dateTime?: string;
  meta?: { lastUpdated?: string };
  contained?: Array<{ resourceType?: string; id?: string; name?: Array<{ text?: string }>; relationship?: Array<{ text?: string }>; telecom?: Array<{ system?: string; value?: string }> }>;
  provision?: { period?: { end?: string }; class?: Array<{ system?: string; code?: string }>; actor?: Array<{ reference?: { reference?: string; display?: string } }> };
}

function isShare(resource: FhirResource): boolean {
  return ((resource as ConsentShape).provision?.class ?? []).some((c) => c.system === SECTION_SYSTEM);
}

function toShare(resource: FhirResource): RecordShare {
  const consent = resource as ConsentShape;
  const person = consent.contained?.find((c) => c.resourceType === 'RelatedPerson');
  const sections = (consent.provision?.class ?? [])
    .filter((c) => c.system === SECTION_SYSTEM)
    .map((c) => c.code)
    .filter((code): code is RecordSection => RECORD_SECTIONS.includes(code as RecordSection));
  const name = person?.name?.[0]?.text ?? consent.provision?.actor?.[0]?.reference?.display ?? '';
  const relationship = person?.relationship?.[0]?.text;
  const email = person?.telecom?.find((t) => t.system === 'email')?.value;
  const until = consent.provision?.period?.end?.slice(0, 10);
  const status = consent.status === 'proposed' ? 'pending' : consent.status === 'active' ? 'active' : 'revoked';
  return {
    id: consent.id ?? '',
    sections,
    recipient: { name, ...(relationship ? { relationship } : {}), ...(email ? { email } : {}) },
    ...(until ? { until } : {}),
    createdAt: consent.dateTime ?? consent.meta?.lastUpdated ?? '',
    status,
  };
}
