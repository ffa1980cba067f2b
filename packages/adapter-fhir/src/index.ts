/**
 * @careline/adapter-fhir: a CareAdapter for FHIR R4 servers (session, records and feedback ports),
 * with SMART App Launch (standalone patient launch, PKCE). No side effects here;
 * `@careline/adapter-fhir/define.js` registers the "fhir" adapter factory.
 */
export { createFhirAdapter, displayName, provenanceOf, IDEMPOTENCY_SYSTEM, PATIENT_REPORTED_TAG } from './fhir-adapter.js';
export type { FhirAdapter, FhirAdapterOptions, StaticFhirAuth } from './fhir-adapter.js';
export {
  FEEDBACK_KIND_SYSTEM,
  FEEDBACK_QUESTIONNAIRE,
  FEEDBACK_REFERENCE_SYSTEM,
  FEEDBACK_STATUS_SYSTEM,
  IDEMPOTENCY_KEY_EXTENSION,
  feedbackItems,
  feedbackReference,
  historyOf,
  normaliseReference,
  stateOf,
} from './feedback.js';
export { createSmartAuth, isSmartAuth, DEFAULT_SMART_SCOPE, SMART_PENDING_KEY } from './smart.js';
export type { SmartAuth, SmartAuthOptions, SmartConfiguration, SmartGrant } from './smart.js';
export { errorFromOutcome, kindForStatus, parseRetryAfter } from './http.js';
export { SECTION_SEARCHES, searchParams } from './sections.js';
export type { SearchSpec } from './sections.js';
