/**
 * Checks traffic against Discourse's published OpenAPI document (spec/openapi.json,
 * compiled by scripts/build-validators.mjs): every request the adapter makes must match
 * an operation (path template, method, required parameters, request body schema), and
 * every mock response must validate against that operation's 200 response schema.
 *
 * Where the published spec is incomplete, SPEC_GAPS below describes the real endpoint
 * (from Discourse's routes and controllers) so it is still checked, not waved through.
 */
import { operations, validators, type CompiledValidator, type SpecOperation } from './generated/spec.js';

export interface SpecViolation {
  method: string;
  url: string;
  operation?: string;
  problems: string[];
}

/** Endpoints and details the published spec lacks, and how each is checked instead. */
export interface SpecGap {
  method: string;
  path: string;
  why: string;
  requiredQuery?: string[];
  body?: (body: unknown) => string[];
}

export const SPEC_GAPS: SpecGap[] = [
  {
    method: 'DELETE',
    path: '/post_actions/{id}.json',
    why: 'Undoing a like (PostActionsController#destroy) is not in the published spec.',
    requiredQuery: ['post_action_type_id'],
  },
  {
    method: 'POST',
    path: '/category/{id}/notifications',
    why: 'Watching or tracking a category (CategoriesController#set_notifications) is not in the published spec.',
    body: (b) => (b && typeof b === 'object' && [0, 1, 2, 3, 4].includes((b as { notification_level?: unknown }).notification_level as number) ? [] : ['body.notification_level must be 0-4']),
  },
  {
    method: 'GET',
    path: '/session/current.json',
    why: 'The signed-in user (SessionController#current) is not in the published spec.',
  },
  {
    method: 'POST',
    path: '/user-api-key/revoke',
    why: 'Revoking the caller\'s own User API key (UserApiKeysController#revoke) is not in the published spec.',
    body: (b) => (b === undefined ? [] : ['takes no body']),
  },
];

/**
 * Body fields the real endpoint takes that the spec's schema (additionalProperties: false)
 * leaves out: a flag's `message` (PostActionsController#create reads it for "notify moderators").
 * They are checked here and removed before the schema check.
 */
const EXTRA_BODY_FIELDS: Record<string, Record<string, (value: unknown) => boolean>> = {
  performPostAction: { message: (v) => typeof v === 'string' && v.length <= 1000 },
};

/**
 * Auth: the spec marks `Api-Key` + `Api-Username` (admin API keys) as required headers on
 * most operations. Members use a User API key instead (`User-Api-Key`), which Discourse
 * accepts on the same routes, so either satisfies them.
 */
const AUTH_HEADERS = new Set(['api-key', 'api-username']);

const templateRegex = (path: string) => new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
const compiled = operations.map((op) => ({ op, regex: templateRegex(op.path) }));
const gapCompiled = SPEC_GAPS.map((gap) => ({ gap, regex: templateRegex(gap.path) }));

/** The operation a method and path match; fixed segments win over templated ones (e.g. /t/-/{id}.json). */
export function findOperation(method: string, pathname: string): SpecOperation | undefined {
  const matches = compiled.filter(({ op, regex }) => op.method === method && regex.test(pathname)).map(({ op }) => op);
  const templated = (op: SpecOperation) => op.path.match(/\{/g)?.length ?? 0;
  return matches.sort((a, b) => templated(a) - templated(b))[0];
}

const describeErrors = (v: CompiledValidator, where: string) => (v.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? e.keyword}`);

/** Checks one request; returns its problems (empty when it matches the spec or a documented gap). */
export async function checkRequest(request: Request): Promise<SpecViolation> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const text = method === 'GET' || method === 'HEAD' ? '' : await request.clone().text();
  let body: unknown = undefined;
  const problems: string[] = [];
  if (text) {
    if (!(request.headers.get('Content-Type') ?? '').includes('application/json')) problems.push('a body without Content-Type application/json');
    try {
      body = JSON.parse(text);
    } catch {
      problems.push('the body is not JSON');
    }
  }
  const op = findOperation(method, url.pathname);
  if (!op) {
    const gap = gapCompiled.find(({ gap, regex }) => gap.method === method && regex.test(url.pathname))?.gap;
    if (!gap) return { method, url: url.toString(), problems: [...problems, 'matches no operation of the spec (nor a documented gap)'] };
    for (const q of gap.requiredQuery ?? []) if (!url.searchParams.has(q)) problems.push(`missing query parameter ${q}`);
    if (gap.body) problems.push(...gap.body(body));
    return { method, url: url.toString(), operation: `gap ${gap.method} ${gap.path}`, problems };
  }
  const hasUserKey = request.headers.has('User-Api-Key');
  for (const p of op.params) {
    if (!p.required) continue;
    if (p.in === 'query' && !url.searchParams.has(p.name)) problems.push(`missing query parameter ${p.name}`);
    if (p.in === 'header' && !request.headers.has(p.name) && !(AUTH_HEADERS.has(p.name.toLowerCase()) && hasUserKey)) problems.push(`missing header ${p.name}`);
  }
  if (op.hasRequestSchema && body !== undefined) {
    const extras = EXTRA_BODY_FIELDS[op.id] ?? {};
    const rest = { ...(body as Record<string, unknown>) };
    for (const [field, ok] of Object.entries(extras)) {
      if (!(field in rest)) continue;
      if (!ok(rest[field])) problems.push(`body.${field} is not valid`);
      delete rest[field];
    }
    const validate = validators[`req_${op.id}`]!;
    if (!validate(rest)) problems.push(...describeErrors(validate, 'body'));
  } else if (op.requestBodyRequired && body === undefined) {
    problems.push('missing request body');
  } else if (body !== undefined) {
    problems.push('sends a body the operation does not take');
  }
  return { method, url: url.toString(), operation: op.id, problems };
}

/** Checks a 200 response body against the operation's response schema. */
export function checkResponse(method: string, pathname: string, body: unknown): string[] {
  const op = findOperation(method, pathname);
  if (!op) return []; // a documented gap: no published response schema to check against
  const validate = validators[`res_${op.id}`];
  if (!validate) return [];
  return validate(body) ? [] : describeErrors(validate, `${op.id} response`);
}
