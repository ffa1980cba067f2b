/**
 * FHIR REST calls with a bearer token, a time limit and typed failures.
 *
 * HTTP statuses and OperationOutcomes become CareErrors; a `fetch` TypeError is `offline`;
 * the caller's abort rejects with its own AbortError (cancelling is not a failure).
 */
import { CareError, isCareError, raceAbort, withTimeLimit, type CareErrorKind, type FhirResource } from '@careline/core';

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

/** The CareError kind for an HTTP status from a FHIR server. */
export function kindForStatus(status: number): CareErrorKind {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 408 || status === 504) return 'timeout';
  // 412: a conditional create matched several resources.
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'invalid';
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
  const kind = kindForStatus(status);
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

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
