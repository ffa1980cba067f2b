/**
 * adapter-fhir against the real FHIR engine (packages/fhir-test-server, started by
 * web-test-runner on another origin) through the adapter contract suite: session, records and feedback.
 * The harness signs in the "odd" patient with a token from the test server; the controls
 * act on that token on the server (sign-out elsewhere, scripted failures, write counts).
 */
import { connectTestFhirServer, type TestFhirFailure } from '@careline/fhir-test-server/browser.js';
import { runAdapterContract, type AdapterContractControl, type ContractFailureKind } from '@careline/testing/contract.js';
import { createFhirAdapter, feedbackReference, FEEDBACK_REFERENCE_SYSTEM, IDEMPOTENCY_SYSTEM, type StaticFhirAuth } from './index.js';

const fhir = await connectTestFhirServer();
const odd = fhir.patients.find((p) => p.kind === 'odd');
if (!odd) throw new Error('The FHIR test server has no odd patient.');

const FAILURES: Record<ContractFailureKind, (retryAfterMs?: number) => TestFhirFailure> = {
  offline: () => ({ networkError: true }),
  server: () => ({ status: 503 }),
  'rate-limited': (ms) => ({ status: 429, retryAfterSeconds: ms === undefined ? undefined : Math.ceil(ms / 1000) }),
  unauthorized: () => ({ status: 401 }),
  forbidden: () => ({ status: 403 }),
  conflict: () => ({ status: 409 }),
};

runAdapterContract('adapter-fhir + FHIR test server', () => {
  // Filled in by setup (a token needs a request); the adapter reads it at call time.
  const auth: StaticFhirAuth = { accessToken: '', patientId: odd.id };
  const control: AdapterContractControl = {
    setSession: (state) => fhir.setSession(auth.accessToken, state),
    failNext: ({ kind, retryAfterMs }) => fhir.failNext({ token: auth.accessToken, ...FAILURES[kind](retryAfterMs) }),
    loseNextResponse: () => fhir.failNext({ token: auth.accessToken, loseResponse: true }),
    // Feedback is identified by the reference derived from the key (records writes by the key itself).
    processedCount: async (key) => (await fhir.countWithIdentifier(`${IDEMPOTENCY_SYSTEM}|${key}`)) + (await fhir.countWithIdentifier(`${FEEDBACK_REFERENCE_SYSTEM}|${await feedbackReference(key)}`)),
  };
  return {
    adapter: createFhirAdapter({ baseUrl: fhir.baseUrl, auth, sessionCheckIntervalMs: 100 }),
    control,
    async setup() {
      auth.accessToken = await fhir.tokenFor(odd.id);
    },
  };
});
