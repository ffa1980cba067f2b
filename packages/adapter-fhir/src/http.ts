/**
 * FHIR REST calls with a bearer token, a time limit and typed failures.
 *
 * HTTP statuses and OperationOutcomes become CareErrors; a `fetch` TypeError is `offline`;
 * the caller's abort rejects with its own AbortError (cancelling is not a failure).
 */
import { CareError, careErrorKindForStatus, parseRetryAfter, raceAbort, withTimeLimit, type FhirResource } from '@careline/core';
export { careErrorKindForStatus as kindForStatus, parseRetryAfter } from '@careline/core';

export interface FhirHttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface FhirRequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** Absolute URL. */
  url: string;
  token: string;
  body?: FhirResource | URLSearchParams | undefined;
  headers?: Record<string, string> | undefined;
  signal: AbortSignal;
}

export interface FhirResponse {
  status: number;
  /** The JSON body, `undefined` when empty. */
  body: unknown;
  header(name: string): string | null;
}

/** One FHIR request. Rejects with a CareError for any status outside 2xx. */
export async function fhirRequest(options: FhirHttpOptions, spec: FhirRequestSpec): Promise<FhirResponse> {
  return withTimeLimit(spec.signal, options.timeoutMs, async (signal) => {
    const headers: Record<string, string> = { Accept: 'application/fhir+json, application/json', Authorization: `Bearer ${spec.token}`, ...(spec.headers ?? {}) };
    const init: RequestInit = { method: spec.method, headers, signal, cache: 'no-store', credentials: 'omit' };
    if (spec.body instanceof URLSearchParams) init.body = spec.body;
    else if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/fhir+json';
      init.body = JSON.stringify(spec.body);
    }
    // Abort races the fetch too: an injected fetch may not honour the signal.
    const response = await raceAbort(options.fetch(spec.url, init), signal);
    const text = await raceAbort(response.text(), signal);
    return toResponse(response.status, response.statusText, (name) => response.headers.get(name), text);
  });
}

function toResponse(status: number, statusText: string, header: (name: string) => string | null, text: string): FhirResponse {
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      if (status >= 200 && status < 300) throw new CareError('server', 'The FHIR server sent a response that is not JSON.', { status, cause: error });
    }
  }
  if (status < 200 || status > 299) throw errorFromOutcome(status, statusText, header('Retry-After'), body);
  return { status, body, header };
}

interface OutcomeIssue {
  severity?: string;
  code?: string;
  diagnostics?: string;
  details?: { text?: string; coding?: Array<{ display?: string }> };
  expression?: string[];
  location?: string[];
}

/**
 * Maps a failed FHIR response onto a CareError: the kind from the status, the message from the
 * OperationOutcome's first error issue, field messages (for `invalid`) from the issues' FHIRPath
 * `expression` (its last element name is the field), and `Retry-After`.
 */
export function errorFromOutcome(status: number, statusText: string, retryAfter: string | null, body: unknown): CareError {
  const issues = outcomeIssues(body);
  const main = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
  const message = (main && issueText(main)) || `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const kind = careErrorKindForStatus(status);
  const fieldErrors: Record<string, string> = {};
  if (kind === 'invalid') {
    for (const issue of issues) {
      const text = issueText(issue);
      for (const path of [...(issue.expression ?? []), ...(issue.location ?? [])]) {
        const field = path.split('.').pop()?.replace(/\[\d+\]$/, '');
        if (field && text && fieldErrors[field] === undefined) fieldErrors[field] = text;
      }
    }
  }
  const retryAfterMs = parseRetryAfter(retryAfter);
  return new CareError(kind, message, {
    status,
    ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function outcomeIssues(body: unknown): OutcomeIssue[] {
  if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== 'OperationOutcome') return [];
  const issue = (body as { issue?: unknown }).issue;
  return Array.isArray(issue) ? issue.filter((i): i is OutcomeIssue => typeof i === 'object' && i !== null) : [];
}

function issueText(issue: OutcomeIssue): string | undefined {
  return issue.details?.text || issue.diagnostics || issue.details?.coding?.[0]?.display || undefined;
}

