/**
 * A CareAdapter over a FHIR R4 server: the session, records and feedback ports.
 *
 * Records are the server's resources unchanged (see SECTION_SEARCHES for the mapping);
 * paging follows the server's `next` links, but only within `baseUrl` (a link elsewhere
 * would carry the patient's token there). Writes are conditional creates with an
 * idempotency identifier, so a retried write is stored once.
 */
import {
  CareError,
  isCareError,
  type CallOptions,
  type CareAdapter,
  type ConnectionState,
  type CorrectionRequestInput,
  type FeedbackPort,
  type FhirResource,
  type PatientEntryInput,
  type RecordItem,
  type RecordPage,
  type RecordQuery,
  type RecordSection,
  type RecordsPort,
  type Session,
  type SessionPort,
  type SubscribeOptions,
  type Unsubscribe,
  type WriteOptions,
  abortReasonOf,
} from '@careline/core';
import { fhirRequest, type FhirHttpOptions, type FhirResponse } from './http.js';
import { SECTION_SEARCHES, searchParams, type SearchSpec } from './sections.js';
import { createFhirFeedback } from './feedback.js';
import { createConsentSharing } from './sharing.js';
import { isSmartAuth, type SmartAuth } from './smart.js';

/** A token the host already holds (another login, or tests). */
export interface StaticFhirAuth {
  accessToken: string;
  patientId: string;
}

export interface FhirAdapterOptions {
  /** The FHIR R4 base URL, e.g. "https://fhir.example-hospital.org/r4". */
  baseUrl: string;
  auth: StaticFhirAuth | SmartAuth;
  /** Shown as the source of items that name no organisation. */
  organisation?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** Items per page when the caller gives no limit. Default 20; at most 100. */
  pageSize?: number | undefined;
  /** Per request. Default 20000 ms. */
  timeoutMs?: number | undefined;
  /**
   * While someone subscribes to the session, how often to check that the token still works
   * (a sign-out elsewhere is only visible to the server). Default 60000 ms; 0 checks only on changes.
   */
  sessionCheckIntervalMs?: number | undefined;
  /**
   * Offer `records.sharing` through FHIR Consent (default true). Turn it off when the hospital
   * has no process that invites the recipients of proposed consents.
   */
  sharing?: boolean | undefined;
}

export interface FhirAdapter extends CareAdapter {
  readonly name: 'fhir';
  session: SessionPort;
  records: RecordsPort;
  /** Feedback as QuestionnaireResponse + the hospital's Task (see feedback.ts); no attachments. */
  feedback: FeedbackPort;
  dispose(): void;
}

/** The identifier system of Careline's idempotency keys on written resources. */
export const IDEMPOTENCY_SYSTEM = 'urn:careline:idempotency';
/** The meta.tag Careline puts on what the patient entered. */
export const PATIENT_REPORTED_TAG = { system: 'urn:careline:provenance', code: 'patient-reported', display: 'Entered by the patient' } as const;

const MAX_PAGE = 100;
const ENTRY_TYPES: Record<PatientEntryInput['section'], string> = { vitals: 'Observation', labs: 'Observation', documents: 'DocumentReference' };
const AUTHOR_FIELDS = ['performer', 'recorder', 'asserter', 'author', 'informationSource', 'requester', 'sender'];

/** One search's position in a section: the page URL being read and how many of its items were taken. */
interface StreamState {
  u: string;
  k: number;
  /** Bundle.total of the search, when the server gave it. */
  t?: number | undefined;
  /** Set when the server's link pointed outside the base URL: following it is refused. */
  x?: 1 | undefined;
}

interface CursorState {
  v: 1;
  s: Array<StreamState | null>;
  /** Each search's total, kept for searches already read to the end. */
  t: Array<number | null>;
}

interface LoadedStream {
  state: StreamState | null;
  items: FhirResource[];
  included: FhirResource[];
  next: string | undefined;
  total: number | undefined;
}

/**
 * Creates the FHIR adapter. `auth` is a static token (`{ accessToken, patientId }`) or a
 * SMART client from `createSmartAuth()`; with SMART the session port also has `signIn()`.
 */
export function createFhirAdapter(options: FhirAdapterOptions): FhirAdapter {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const base = new URL(baseUrl);
  const http: FhirHttpOptions = { fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)), timeoutMs: options.timeoutMs ?? 20_000 };
  const pageSize = clampLimit(options.pageSize ?? 20);
  const checkEvery = options.sessionCheckIntervalMs ?? 60_000;
  const smart = isSmartAuth(options.auth) ? options.auth : undefined;
  let staticAuth: StaticFhirAuth | undefined = smart ? undefined : (options.auth as StaticFhirAuth);
  /** Told when something suggests the session changed (a 401, a sign-out, new tokens). */
  const changeListeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...changeListeners]) listener();
  };
  const unsubscribeSmart = smart?.subscribe(changed);
  let disposed = false;

  async function credentials(signal: AbortSignal): Promise<{ accessToken: string; patientId: string } | null> {
    if (signal.aborted) throw abortReasonOf(signal);
    if (smart) return smart.accessToken({ signal });
    return staticAuth ?? null;
  }

  /** A FHIR request with the current token; one retry after a refresh when the server says 401. */
  async function request(spec: { method: 'GET' | 'POST' | 'PUT'; url: string; body?: FhirResource; headers?: Record<string, string>; signal: AbortSignal }): Promise<FhirResponse> {
    const auth = await credentials(spec.signal);
    if (!auth) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
    try {
      return await fhirRequest(http, { ...spec, token: auth.accessToken });
    } catch (error) {
      if (!isCareError(error) || error.kind !== 'unauthorized') throw error;
      if (smart && (await smart.recover({ signal: spec.signal }))) {
        const again = await credentials(spec.signal);
        if (again) return fhirRequest(http, { ...spec, token: again.accessToken });
      }
      changed();
      throw error;
    }
  }

  async function patientResource(signal: AbortSignal): Promise<{ resource: FhirResource; patientId: string }> {
    const auth = await credentials(signal);
    if (!auth) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
    const response = await request({ method: 'GET', url: `${baseUrl}/Patient/${encodeURIComponent(auth.patientId)}`, signal });
    return { resource: asResource(response.body, 'Patient'), patientId: auth.patientId };
  }

  /* ------------------------------------------------------------ session */

  let completing: Promise<unknown> | undefined;

  async function getSession({ signal }: CallOptions): Promise<Session> {
    // Back from the authorization server: finish signing in first (once, whoever asks first).
    if (smart && !smart.patientId && typeof location !== 'undefined' && smart.isAuthorizationResponse()) {
      completing ??= smart.completeAuthorization(location.href, { signal }).finally(() => {
        completing = undefined;
      });
      await completing;
    }
    if (!(await credentials(signal))) return { status: 'guest' };
    try {
      const { resource, patientId } = await patientResource(signal);
      return { status: 'signed-in', patient: { id: patientId, displayName: displayName(resource) } };
    } catch (error) {
      // A token the server no longer accepts is a guest, not a failure.
      if (isCareError(error) && error.kind === 'unauthorized') return { status: 'guest' };
      throw error;
    }
  }

  const session: SessionPort = {
    getSession,
    subscribe(handler: (session: Session) => void, subscribeOptions: SubscribeOptions = {}): Unsubscribe {
      let active = true;
      let last: string | undefined;
      let checking: Promise<void> | undefined;
      let again = false;
      let timer: ReturnType<typeof setInterval> | undefined;
      const controller = new AbortController();
      const report = (state: ConnectionState) => {
        if (active) subscribeOptions.onConnectionChange?.(state);
      };
      const check = (): Promise<void> => {
        // One check at a time; a change heard meanwhile checks once more afterwards.
        if (checking) {
          again = true;
          return checking;
        }
        checking = (async () => {
          try {
            const current = await getSession({ signal: controller.signal });
            const key = sessionKey(current);
            if (active && last !== undefined && key !== last) handler(current);
            last = key;
          } catch {
            // Offline or a server hiccup says nothing about the session: keep the last one.
          } finally {
            checking = undefined;
            if (again && active) {
              again = false;
              void check();
            }
          }
        })();
        return checking;
      };
      changeListeners.add(check);
      report('connecting');
      // "open" once the current session is known: every change after it is reported.
      void check().then(() => {
        report('open');
        if (active && checkEvery > 0) timer = setInterval(() => void check(), checkEvery);
      });
      return () => {
        active = false;
        clearInterval(timer);
        changeListeners.delete(check);
        controller.abort();
      };
    },
    async signOut({ signal }: CallOptions): Promise<void> {
      // Nothing to wait for, but a caller that cancels right away must still see its abort (and stay signed in).
      await null;
      if (signal.aborted) throw abortReasonOf(signal);
      // SMART has no standard sign-out endpoint: forgetting the tokens ends the session here.
      if (smart) smart.signOut();
      else {
        staticAuth = undefined;
        changed();
      }
    },
  };
  if (smart) {
    session.signIn = async ({ signal }: CallOptions) => {
      await smart.authorize({ signal });
    };
  }

  /* ------------------------------------------------------------ records */

  /** Refuses any URL outside the FHIR base: the token must never travel to another origin. */
  function ownUrl(url: string, kind: 'server' | 'invalid'): string {
    let parsed: URL;
    try {
      parsed = new URL(url, `${baseUrl}/`);
    } catch {
      throw new CareError(kind, 'A paging link is not a URL.');
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    if (parsed.origin !== base.origin || !(parsed.pathname === basePath || parsed.pathname.startsWith(`${basePath}/`))) {
      throw new CareError(kind, `Refused to follow a paging link outside ${baseUrl}: ${parsed.origin}${parsed.pathname}.`);
    }
    return parsed.href;
  }

  function isOwnUrl(url: string): boolean {
    try {
      ownUrl(url, 'server');
      return true;
    } catch {
      return false;
    }
  }

  async function loadPage(state: StreamState, signal: AbortSignal): Promise<LoadedStream> {
    const response = await request({ method: 'GET', url: ownUrl(state.u, 'server'), signal });
    const bundle = response.body as { resourceType?: unknown; total?: unknown; link?: unknown; entry?: unknown } | undefined;
    if (!bundle || bundle.resourceType !== 'Bundle') throw new CareError('server', 'The FHIR server did not answer a search with a Bundle.');
    const entries = Array.isArray(bundle.entry) ? (bundle.entry as Array<{ resource?: FhirResource; search?: { mode?: string } }>) : [];
    const items: FhirResource[] = [];
    const included: FhirResource[] = [];
    for (const entry of entries) {
      if (!entry.resource || typeof entry.resource.resourceType !== 'string') continue;
      if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome') {
        if (entry.search.mode === 'include') included.push(entry.resource);
      } else items.push(entry.resource);
    }
    const links = Array.isArray(bundle.link) ? (bundle.link as Array<{ relation?: unknown; url?: unknown }>) : [];
    const nextLink = links.find((l) => l.relation === 'next' && typeof l.url === 'string')?.url as string | undefined;
    const total = typeof bundle.total === 'number' ? bundle.total : state.t;
    return { state: { u: state.u, k: state.k, t: total }, items: items.slice(state.k), included, next: nextLink, total };
  }

  async function listSection(section: RecordSection, query: RecordQuery, { signal }: CallOptions): Promise<RecordPage> {
    if (signal.aborted) throw abortReasonOf(signal);
    const specs = SECTION_SEARCHES[section];
    if (!specs) throw new CareError('invalid', `Unknown records section "${String(section)}".`);
    const auth = await credentials(signal);
    if (!auth) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
    const limit = clampLimit(query.limit ?? pageSize);
    let states: Array<StreamState | null>;
    let knownTotals: Array<number | null | undefined> = specs.map(() => 0);
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor, specs.length);
      states = cursor.s;
      knownTotals = cursor.t;
      for (const state of states) {
        if (state?.x) throw new CareError('server', `Refused to follow the server's paging link outside ${baseUrl}.`);
        if (state) ownUrl(state.u, 'invalid');
      }
    } else {
      const today = localDate(new Date());
      states = specs.map((spec) => {
        const params = searchParams(spec, auth.patientId, query, limit, today);
        return params ? { u: `${baseUrl}/${spec.resourceType}?${params}`, k: 0 } : null;
      });
    }
    const streams = await Promise.all(states.map((state) => (state ? loadPage(state, signal) : Promise.resolve(undefined))));
    const items: RecordItem[] = [];
    while (items.length < limit) {
      // Every search with more to give needs its next item in view before the newest is picked.
      for (const [index, stream] of streams.entries()) {
        if (stream && stream.items.length === 0 && stream.next) streams[index] = await loadPage({ u: stream.next, k: 0, t: stream.total }, signal);
      }
      let pick = -1;
      for (const [index, stream] of streams.entries()) {
        const head = stream?.items[0];
        if (!head) continue;
        const best = pick === -1 ? undefined : streams[pick]?.items[0];
        if (!best || newer(specs[index]!.dateOf(head), specs[pick]!.dateOf(best))) pick = index;
      }
      const stream = pick === -1 ? undefined : streams[pick];
      const resource = stream?.items.shift();
      if (!stream || !resource || !stream.state) break;
      stream.state.k++;
      items.push(toItem(section, resource, stream.included, auth.patientId));
    }
    const nextStates = streams.map((stream) => {
      if (!stream?.state) return null;
      if (stream.items.length > 0) return stream.state;
      if (!stream.next) return null;
      return { u: stream.next, k: 0, t: stream.total, ...(isOwnUrl(stream.next) ? {} : { x: 1 as const }) };
    });
    const totals = streams.map((s, index) => (s ? (s.total ?? null) : (knownTotals[index] ?? null)));
    const total = totals.every((t) => t !== null) ? totals.reduce<number>((sum, t) => sum + (t ?? 0), 0) : undefined;
    return { items, total, nextCursor: nextStates.some(Boolean) ? encodeCursor({ v: 1, s: nextStates, t: totals }) : undefined };
  }

  function toItem(section: RecordSection, resource: FhirResource, included: FhirResource[], patientId: string): RecordItem {
    const text = JSON.stringify(resource);
    const related = included.filter((r) => r.id !== undefined && text.includes(`"${r.resourceType}/${r.id}"`));
    return {
      id: `${resource.resourceType}/${resource.id ?? ''}`,
      section,
      resource,
      provenance: provenanceOf(resource, related, patientId, options.organisation),
      ...(related.length ? { included: related } : {}),
    };
  }

  /** POSTs a resource once per idempotency key (a conditional create on the key's identifier). */
  async function createOnce(resource: FhirResource, key: string, signal: AbortSignal): Promise<FhirResource> {
    const identifier = `${IDEMPOTENCY_SYSTEM}|${escapeToken(key)}`;
    return createIf(resource, `identifier=${encodeURIComponent(identifier)}`, signal);
  }

  /** A conditional create (`If-None-Exist: condition`, a search query): the stored or the existing resource. */
  async function createIf(resource: FhirResource, condition: string, signal: AbortSignal): Promise<FhirResource> {
    const response = await request({
      method: 'POST',
      url: `${baseUrl}/${resource.resourceType}`,
      body: resource,
      headers: { 'If-None-Exist': condition, Prefer: 'return=representation' },
      signal,
    });
    if (isResource(response.body)) return response.body;
    // A server that answers with no body still says where the resource is.
    const location = response.header('Location') ?? response.header('Content-Location');
    if (!location) throw new CareError('server', 'The FHIR server stored the resource but did not say where.');
    const read = await request({ method: 'GET', url: ownUrl(location.replace(/\/_history\/[^/]+$/, ''), 'server'), signal });
    return asResource(read.body, resource.resourceType);
  }

  /** Every resource of a search (matches only), following next links within the base URL. */
  async function searchAll(url: string, signal: AbortSignal): Promise<FhirResource[]> {
    const found: FhirResource[] = [];
    let next: string | undefined = url;
    for (let pages = 0; next !== undefined && pages < 20; pages++) {
      const page = await loadPage({ u: next, k: 0 }, signal);
      found.push(...page.items);
      next = page.next;
    }
    return found;
  }

  const records: RecordsPort = {
    async getPatient({ signal }) {
      return (await patientResource(signal)).resource;
    },
    listSection,
    async addEntry(input: PatientEntryInput, { signal, idempotencyKey }: WriteOptions): Promise<RecordItem> {
      if (signal.aborted) throw abortReasonOf(signal);
      const type = ENTRY_TYPES[input.section];
      if (!type) throw new CareError('invalid', `Patients cannot add to "${String(input.section)}".`, { fieldErrors: { section: 'Only vitals, labs and documents take patient entries.' } });
      if (input.resource?.resourceType !== type) {
        throw new CareError('invalid', `A ${input.section} entry must be a ${type}.`, { fieldErrors: { resource: `Expected a ${type}.` } });
      }
      const auth = await credentials(signal);
      if (!auth) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
      const resource = patientEntry(input, auth.patientId, idempotencyKey);
      const stored = await createOnce(resource, idempotencyKey, signal);
      return { id: `${stored.resourceType}/${stored.id ?? ''}`, section: input.section, resource: stored, provenance: { enteredBy: 'patient' } };
    },
    async requestCorrection(input: CorrectionRequestInput, { signal, idempotencyKey }: WriteOptions): Promise<{ reference: string }> {
      if (signal.aborted) throw abortReasonOf(signal);
      const reason = input.reason.trim();
      if (!reason) throw new CareError('invalid', 'Say what is wrong.', { fieldErrors: { reason: 'Say what is wrong with this item.' } });
      if (!/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(input.itemId)) {
        throw new CareError('invalid', 'The item to correct is not a FHIR reference.', { fieldErrors: { itemId: 'Not a record item.' } });
      }
      const auth = await credentials(signal);
      if (!auth) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
      const patient = { reference: `Patient/${auth.patientId}` };
      const task: FhirResource = {
        resourceType: 'Task',
        meta: { tag: [PATIENT_REPORTED_TAG] },
        identifier: [{ system: IDEMPOTENCY_SYSTEM, value: idempotencyKey }],
        status: 'requested',
        intent: 'proposal',
        priority: 'routine',
        code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'change', display: 'Change the focal resource' }], text: 'Correction request' },
        description: reason,
        focus: { reference: input.itemId },
        for: patient,
        requester: patient,
        authoredOn: new Date().toISOString(),
        note: [{ text: reason, authorReference: patient }],
      };
      const stored = await createOnce(task, idempotencyKey, signal);
      return { reference: stored.id ?? '' };
    },
  };
  if (options.sharing !== false) {
    records.sharing = createConsentSharing({
      baseUrl,
      async patientId(signal) {
        const auth = await credentials(signal);
        if (!auth) throw new CareError('unauthorized', 'Not signed in to the FHIR server.');
        return auth.patientId;
      },
      request,
      searchAll,
      createOnce,
      tag: PATIENT_REPORTED_TAG,
      idempotencySystem: IDEMPOTENCY_SYSTEM,
    });
  }

  const feedback = createFhirFeedback({
    baseUrl,
    async patientId(signal) {
      return (await credentials(signal))?.patientId ?? null;
    },
    request,
    searchAll,
    createIf,
    tag: PATIENT_REPORTED_TAG,
  });

  return {
    name: 'fhir',
    session,
    records,
    feedback,
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribeSmart?.();
      changeListeners.clear();
    },
  };
}

/* ---------------------------------------------------------------- helpers */

/** The resource the patient entered, made theirs: subject, performer/author, the key, the tag. */
function patientEntry(input: PatientEntryInput, patientId: string, key: string): FhirResource {
  const patient = { reference: `Patient/${patientId}` };
  const resource: FhirResource = structuredClone(input.resource);
  delete resource.id;
  const meta = (resource['meta'] ?? {}) as { tag?: unknown[]; [key: string]: unknown };
  delete meta['versionId'];
  delete meta['lastUpdated'];
  resource['meta'] = { ...meta, tag: [...(Array.isArray(meta.tag) ? meta.tag : []), PATIENT_REPORTED_TAG] };
  const identifiers = Array.isArray(resource['identifier']) ? (resource['identifier'] as unknown[]) : [];
  resource['identifier'] = [...identifiers, { system: IDEMPOTENCY_SYSTEM, value: key }];
  resource['subject'] = patient;
  if (resource.resourceType === 'Observation') {
    resource['performer'] = [patient];
    resource['status'] ??= 'final';
    if (!Array.isArray(resource['category']) || resource['category'].length === 0) {
      const code = input.section === 'labs' ? 'laboratory' : 'vital-signs';
      resource['category'] = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code, display: code === 'laboratory' ? 'Laboratory' : 'Vital Signs' }] }];
    }
  } else {
    resource['author'] = [patient];
    resource['status'] ??= 'current';
    resource['date'] ??= new Date().toISOString();
  }
  return resource;
}

/** Who entered an item and where it came from, from the resource and what was included with it. */
export function provenanceOf(resource: FhirResource, included: FhirResource[], patientId: string, fallbackOrganisation: string | undefined): RecordItem['provenance'] {
  const references = AUTHOR_FIELDS.flatMap((name) => referencesIn(resource[name]));
  const tags = ((resource['meta'] as { tag?: unknown } | undefined)?.tag ?? []) as Array<{ system?: unknown; code?: unknown }>;
  const patientTagged = Array.isArray(tags) && tags.some((t) => t.system === PATIENT_REPORTED_TAG.system && t.code === PATIENT_REPORTED_TAG.code);
  const enteredBy = patientTagged || references.some((r) => r.reference === `Patient/${patientId}`) ? 'patient' : 'clinician';
  const organisationRefs = [
    ...references,
    ...['performer', 'organization', 'serviceProvider', 'managingOrganization', 'custodian', 'provider', 'insurer', 'issuer'].flatMap((name) => referencesIn(resource[name])),
  ].filter((r) => r.reference?.startsWith('Organization/') || (r.reference === undefined && r.display));
  let organisation: string | undefined;
  for (const ref of organisationRefs) {
    const found = included.find((r) => r.resourceType === 'Organization' && `Organization/${r.id}` === ref.reference);
    organisation = (typeof found?.['name'] === 'string' ? found['name'] : undefined) ?? (ref.reference?.startsWith('Organization/') ? ref.display : undefined);
    if (organisation) break;
  }
  organisation ??= fallbackOrganisation;
  return organisation ? { enteredBy, organisation } : { enteredBy };
}

function referencesIn(value: unknown): Array<{ reference?: string | undefined; display?: string | undefined }> {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: Array<{ reference?: string | undefined; display?: string | undefined }> = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    // MedicationStatement.informationSource and Observation.performer are References;
    // some elements wrap them (e.g. Immunization.performer.actor).
    const ref = 'actor' in item ? (item as { actor?: unknown }).actor : item;
    if (typeof ref !== 'object' || ref === null) continue;
    const { reference, display } = ref as { reference?: unknown; display?: unknown };
    out.push({ reference: typeof reference === 'string' ? reference : undefined, display: typeof display === 'string' ? display : undefined });
  }
  return out;
}

/** The name to greet the patient with: the official (else first) name's text, or given + family. */
export function displayName(patient: FhirResource): string {
  const names = Array.isArray(patient['name']) ? (patient['name'] as Array<{ use?: string; text?: string; given?: string[]; family?: string }>) : [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0];
  const built = name ? (name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ')) : '';
  return built.trim() || 'Patient';
}

function sessionKey(session: Session): string {
  return session.status === 'signed-in' ? `signed-in:${session.patient.id}:${session.patient.displayName}` : 'guest';
}

/** Whether date `a` sorts before `b` newest first; undated items come last. */
function newer(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  return toTime(a) > toTime(b);
}

function toTime(value: string): number {
  const time = Date.parse(/^\d{4}$/.test(value) ? `${value}-01-01` : value);
  return Number.isNaN(time) ? 0 : time;
}

function clampLimit(limit: number): number {
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 20)));
}

/** Today in the browser's zone, as YYYY-MM-DD ("upcoming" means from the patient's today). */
function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** FHIR token values escape `\`, `|`, `,` and `$`. */
function escapeToken(value: string): string {
  return value.replace(/[\\|,$]/g, (c) => `\\${c}`);
}

function isResource(value: unknown): value is FhirResource {
  return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
}

function asResource(value: unknown, type: string): FhirResource {
  if (!isResource(value) || value.resourceType !== type) throw new CareError('server', `The FHIR server did not answer with a ${type}.`);
  return value;
}

function encodeCursor(state: CursorState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string, streams: number): CursorState {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const state = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as CursorState;
    if (state.v !== 1 || !Array.isArray(state.s) || state.s.length !== streams) throw new Error('shape');
    return {
      v: 1,
      s: state.s.map((s) => (s && typeof s.u === 'string' && Number.isInteger(s.k) && s.k >= 0 ? { u: s.u, k: s.k, t: typeof s.t === 'number' ? s.t : undefined, ...(s.x ? { x: 1 as const } : {}) } : null)),
      t: Array.from({ length: streams }, (_, i) => (Array.isArray(state.t) && typeof state.t[i] === 'number' ? (state.t[i] as number) : null)),
    };
  } catch (error) {
    throw new CareError('invalid', 'The paging cursor is not valid for this section.', { cause: error });
  }
}
