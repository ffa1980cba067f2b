/**
 * Chatwoot's OpenAPI source (multi-file YAML, copied into ../spec/swagger from
 * Chatwoot's repository) bundled in the browser, and checks of requests and
 * responses against it. Only the public client API (and the survey page) is
 * bundled: the rest of the index refers to files this copy does not have.
 */
import type { ValidateFunction } from 'ajv';
// ajv is CommonJS only; the test runner serves ES modules as they are, so it is pre-bundled.
import ajvBundle from '../vendor/ajv.js';
import { parse } from 'yaml';

const SPEC_ROOT = new URL('../spec/swagger/', import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonObject;
}

export interface SpecOperation {
  method: string;
  template: string;
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; schema?: JsonObject } | undefined;
  responses: Record<string, JsonObject | undefined>;
}

export interface ChatwootSpec {
  operations: SpecOperation[];
  /** The operation a request is for, by method and path template. */
  match(method: string, url: string): { operation: SpecOperation; params: Record<string, string> } | undefined;
  /** Problems with a request (empty when it matches an operation exactly). */
  checkRequest(method: string, url: string, body: unknown): string[];
  /** Problems with a response body for that request's operation and status. */
  checkResponse(method: string, url: string, status: number, body: unknown): string[];
}

async function loadYaml(url: URL): Promise<Json> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot load ${url.pathname}: HTTP ${response.status}`);
  return parse(await response.text()) as Json;
}

/** Loads and inlines every $ref reachable from the public paths. */
export async function loadChatwootSpec(): Promise<ChatwootSpec> {
  const files = new Map<string, Promise<Json>>();
  const load = (url: URL) => {
    const key = url.href;
    if (!files.has(key)) files.set(key, loadYaml(url));
    return files.get(key)!;
  };
  const schemaIndex = (await load(new URL('definitions/index.yml', SPEC_ROOT))) as JsonObject;
  const parameterIndex = (await load(new URL('parameters/index.yml', SPEC_ROOT))) as JsonObject;

  async function resolve(node: Json, base: URL, depth = 0): Promise<Json> {
    if (depth > 40) throw new Error('A $ref cycle in the spec.');
    if (Array.isArray(node)) return Promise.all(node.map((item) => resolve(item, base, depth + 1)));
    if (node === null || typeof node !== 'object') return node;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const local = /^#\/components\/(schemas|parameters)\/(.+)$/.exec(ref);
      if (local) {
        const index = local[1] === 'schemas' ? schemaIndex : parameterIndex;
        const dir = new URL(local[1] === 'schemas' ? 'definitions/' : 'parameters/', SPEC_ROOT);
        const entry = index[local[2]!];
        if (entry === undefined) throw new Error(`Unknown ${ref}`);
        return resolve(entry, dir, depth + 1);
      }
      if (ref.startsWith('#')) throw new Error(`Unsupported ref ${ref}`);
      const target = new URL(ref, base);
      return resolve(await load(target), target, depth + 1);
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) out[key] = await resolve(value, base, depth + 1);
    return out;
  }

  const pathsUrl = new URL('paths/index.yml', SPEC_ROOT);
  const paths = (await load(pathsUrl)) as JsonObject;
  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries(paths)) {
    if (!template.startsWith('/public/') && !template.startsWith('/survey/')) continue;
    const resolved = (await resolve(item, pathsUrl)) as JsonObject;
    const shared = (resolved['parameters'] ?? []) as unknown as Parameter[];
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = resolved[method] as JsonObject | undefined;
      if (!op) continue;
      const body = op['requestBody'] as JsonObject | undefined;
      const content = (body?.['content'] as JsonObject | undefined)?.['application/json'] as JsonObject | undefined;
      const responses: Record<string, JsonObject | undefined> = {};
      for (const [status, response] of Object.entries((op['responses'] ?? {}) as JsonObject)) {
        const json = ((response as JsonObject)['content'] as JsonObject | undefined)?.['application/json'] as JsonObject | undefined;
        responses[status] = json?.['schema'] as JsonObject | undefined;
      }
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: String(op['operationId'] ?? `${method} ${template}`),
        parameters: [...shared, ...((op['parameters'] ?? []) as unknown as Parameter[])],
        requestBody: body ? { required: body['required'] === true, schema: content?.['schema'] as JsonObject | undefined } : undefined,
        responses,
      });
    }
  }

  // The spec mixes OpenAPI 3.0 and JSON Schema keywords (`example`, type lists): not strict.
  const { Ajv, addFormats } = ajvBundle;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  const compiled = new Map<JsonObject, ValidateFunction>();
  const validate = (schema: JsonObject, value: unknown, what: string): string[] => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      compiled.set(schema, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${what}${e.instancePath} ${e.message ?? 'is invalid'}`);
  };

  const match: ChatwootSpec['match'] = (method, url) => {
    const { pathname } = new URL(url, 'http://chatwoot.invalid');
    for (const operation of operations) {
      if (operation.method !== method.toUpperCase()) continue;
      const names: string[] = [];
      const pattern = new RegExp(`^${operation.template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
      const found = pattern.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)));
      return { operation, params };
    }
    return undefined;
  };

  return {
    operations,
    match,
    checkRequest(method, url, body) {
      const found = match(method, url);
      if (!found) return [`no operation for ${method} ${new URL(url, 'http://chatwoot.invalid').pathname}`];
      const { operation, params } = found;
      const query = new URL(url, 'http://chatwoot.invalid').searchParams;
      const problems: string[] = [];
      for (const p of operation.parameters) {
        const value = p.in === 'path' ? params[p.name] : p.in === 'query' ? (query.get(p.name) ?? undefined) : undefined;
        if (p.in === 'header') continue;
        if (value === undefined) {
          if (p.required) problems.push(`${operation.operationId}: missing required ${p.in} parameter ${p.name}`);
          continue;
        }
        if (p.schema) {
          const typed = p.schema['type'] === 'integer' || p.schema['type'] === 'number' ? (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value) : value;
          problems.push(...validate(p.schema, typed, `${operation.operationId}: ${p.in} parameter ${p.name}`));
        }
      }
      if (operation.requestBody) {
        if (body === undefined) {
          if (operation.requestBody.required) problems.push(`${operation.operationId}: missing required request body`);
        } else if (operation.requestBody.schema) {
          problems.push(...validate(operation.requestBody.schema, body, `${operation.operationId}: request body`));
        }
      }
      return problems;
    },
    checkResponse(method, url, status, body) {
      const found = match(method, url);
      if (!found) return [`no operation for ${method} ${url}`];
      const { operation } = found;
      if (!(String(status) in operation.responses)) return [`${operation.operationId}: status ${status} is not documented`];
      const schema = operation.responses[String(status)];
      if (!schema) return body === undefined ? [] : [`${operation.operationId}: status ${status} documents no body`];
      return validate(schema, body, `${operation.operationId}: ${status} response`);
    },
  };
}
