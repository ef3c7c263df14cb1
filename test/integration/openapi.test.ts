// The unified API's OpenAPI document: it is valid OpenAPI 3.1, and it tells the
// truth — walking every path and method on a real host with a real token gets the
// documented success status with a body that validates against the documented
// response schema, and no token gets the documented 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { startTestHost } from '../support/agent-host.js';
import { apiRoutes } from '../../src-main/api/schemas.js';
import { entityNames, type EntityName } from '../../src-main/contract/unified.js';
import { startLab, type Lab } from '../emulators/lab.js';
import { labConnectInput } from '../support/lab-connections.js';
import { tempDir } from '../support/tmp.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Json }[];
  requestBody?: { required?: boolean; content: { 'application/json': { schema: Json } } };
  responses: Record<string, { description: string; content?: { 'application/json'?: { schema: Json } } }>;
  security?: unknown[];
}
type Spec = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json>; securitySchemes: Json } };

let t: Awaited<ReturnType<typeof startTestHost>>;
let token: string;
let connectionId: string;
let spec: Spec;
/** Passthrough needs a system behind the connection (the sandbox has none): the lab's UpKeep. */
let lab: Lab;
let upkeepToken: string;
const ajv = new Ajv2020({ strict: true, allErrors: true });
// ajv-formats is CommonJS: its default import is the plugin or a namespace holding it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
addFormats(ajv);

async function call(method: string, path: string, opts: { token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.host.apiUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* asserted by the caller */ }
  return { status: res.status, headers: res.headers, text, json };
}

/** Inlines #/components/… references, so a response schema compiles on its own. */
function deref(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(deref);
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/')) {
    const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Json)[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    return deref(target);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v)]));
}

const compiled = new Map<string, ValidateFunction>();
function validatorFor(method: string, path: string, status: string): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let v = compiled.get(key);
  if (!v) {
    const schema = spec.paths[path][method].responses[status]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${key}: no application/json schema documented`);
    v = ajv.compile(deref(schema) as Json);
    compiled.set(key, v);
  }
  return v;
}

function expectValid(v: ValidateFunction, body: unknown, what: string) {
  const ok = v(body);
  expect(ok ? [] : v.errors, `${what}: ${JSON.stringify(v.errors?.slice(0, 5))}`).toEqual([]);
}

async function all(entity: EntityName): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const r = await call('GET', `/v1/${entity}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(r.status).toBe(200);
    const page = r.json as { data: Json[]; next_cursor: string | null };
    out.push(...page.data);
    cursor = page.next_cursor;
    if (!cursor) return out;
  }
  throw new Error('paging did not end');
}

/** A valid request for every operation, from real data. */
async function requestFor(path: string, method: string): Promise<{ url: string; body?: unknown; token?: string }> {
  const m = /^\/v1\/([a-z-]+)\/\{id\}$/.exec(path);
  if (method === 'post' && path === '/v1/passthrough') return { url: path, body: { method: 'GET', path: '/api/v2/assets', query: { limit: '2' } }, token: upkeepToken };
  if (method === 'post' && path === '/v1/purchase-orders') {
    const vendor = (await all('vendors')).find((v) => v.status === 'active')!;
    const item = (await all('inventory-items')).find((i) => (i.quantity_on_hand as number) >= 1 && i.unit_cost !== null && i.currency !== null)!;
    expect(vendor && item, 'the sandbox has an active vendor and an item in stock').toBeTruthy();
    return { url: path, body: { vendor_id: vendor.id, currency: item.currency, lines: [{ item_id: item.id, quantity: 1, unit_price: item.unit_cost }] } };
  }
  if (method === 'patch' && m?.[1] === 'work-orders') {
    const wo = (await all('work-orders')).find((w) => !['closed', 'cancelled'].includes(w.status as string))!;
    return { url: path.replace('{id}', String(wo.id)), body: { assignee: 'OpenAPI Walker', priority: 'high' } };
  }
  if (method === 'post' && path === '/v1/sync') return { url: path, body: {} };
  if (method === 'post' && path === '/v1/meter-readings') {
    const meter = (await all('meters')).find((x) => x.type === 'continuous')!;
    return { url: path, body: { meter_id: meter.id, value: '4.2', note: 'OpenAPI walker' } };
  }
  if (method === 'post' && path === '/v1/service-requests') {
    const asset = (await all('assets'))[0];
    return { url: path, body: { title: 'OpenAPI walker', priority: 'low', asset_id: asset.id } };
  }
  if (m) {
    expect(entityNames).toContain(m[1]);
    const first = (await all(m[1] as EntityName))[0];
    expect(first, `a ${m[1]} record to fetch`).toBeTruthy();
    return { url: path.replace('{id}', String(first.id)) };
  }
  expect(path, `${method} ${path} needs a request generator in this test`).not.toMatch(/\{/);
  return { url: path };
}

function operations(): { path: string; method: string; op: Operation }[] {
  return Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
}

beforeAll(async () => {
  t = await startTestHost();
  const c = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'OpenAPI walk' });
  expect(c.status).toBe(201);
  token = c.body.token;
  connectionId = c.body.connection.id;
  await t.host.agent.sync.whenDone(connectionId); // null if the first sync is already over
  expect(t.host.agent.sync.repo.lastRun(connectionId)?.status).toBe('completed');
  const r = await call('GET', '/v1/openapi.json');
  expect(r.status).toBe(200);
  spec = r.json as Spec;
  lab = await startLab({ http: true, ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir() });
  const u = await t.admin('POST', '/admin/v1/connections', labConnectInput(lab, 'upkeep'));
  expect(u.status).toBe(201);
  upkeepToken = u.body.token;
  await t.host.agent.sync.whenDone(u.body.connection.id);
});
afterAll(async () => { await lab?.close(); });

describe('GET /v1/openapi.json', () => {
  it('needs no token and is valid OpenAPI 3.1', async () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(spec as unknown as Json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route of the API, each with a success response schema', () => {
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`).sort();
    const routes = [...apiRoutes.map((r) => `${r.method} ${r.path}`), 'GET /v1/openapi.json'].sort();
    expect(documented).toEqual(routes);
    for (const { path, method, op } of operations()) {
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      expect(success, `${method} ${path}`).toHaveLength(1);
      expect(op.responses[success[0]].content?.['application/json']?.schema, `${method} ${path}`).toBeTruthy();
    }
  });

  it('every response schema compiles with Ajv (JSON Schema 2020-12, strict)', () => {
    for (const { path, method, op } of operations()) {
      for (const status of Object.keys(op.responses)) expect(() => validatorFor(method, path, status), `${method} ${path} ${status}`).not.toThrow();
    }
  });
});

describe('walking the spec on a real host', () => {
  it('every path and method answers its documented success status with a body matching its schema', async () => {
    let walked = 0;
    for (const { path, method, op } of operations()) {
      const success = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s))!;
      const req = await requestFor(path, method);
      if (req.body !== undefined) {
        const bodySchema = op.requestBody?.content['application/json'].schema;
        expect(bodySchema, `${method} ${path} documents its body`).toBeTruthy();
        expectValid(ajv.compile(deref(bodySchema) as Json), req.body, `${method} ${path}: the generated body matches the documented request schema`);
      }
      const needsAuth = (op.security ?? []).length > 0;
      const r = await call(method.toUpperCase(), req.url, { token: needsAuth ? req.token ?? token : null, body: req.body });
      expect(r.status, `${method.toUpperCase()} ${req.url}: ${r.text.slice(0, 300)}`).toBe(Number(success));
      expect(r.headers.get('content-type') ?? '', `${method} ${path}`).toMatch(/^application\/json/);
      expectValid(validatorFor(method, path, success), r.json, `${method.toUpperCase()} ${req.url}`);
      // The documented query switches change the shape: validate those bodies too.
      const names = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (method === 'get' && names.includes('include_raw')) {
        const flags = ['include_raw=true', ...(names.includes('include_deleted') ? ['include_deleted=true'] : [])].join('&');
        const r2 = await call('GET', `${req.url}?${flags}`, { token });
        expect(r2.status, `${req.url}?${flags}`).toBe(Number(success));
        expectValid(validatorFor(method, path, success), r2.json, `GET ${req.url}?${flags}`);
      }
      walked++;
    }
    expect(walked).toBe(apiRoutes.length + 1);
    await t.host.agent.sync.whenDone(connectionId); // POST /v1/sync started one
  });

  it('every route with auth answers no token with the documented 401 and error body', async () => {
    let checked = 0;
    for (const { path, method, op } of operations()) {
      if ((op.security ?? []).length === 0) continue;
      expect(Object.keys(op.responses), `${method} ${path} documents 401`).toContain('401');
      const req = await requestFor(path, method);
      const r = await call(method.toUpperCase(), req.url, { token: null, body: req.body });
      expect(r.status, `${method.toUpperCase()} ${req.url}`).toBe(401);
      expect((r.json as { error: { code: string } }).error.code).toBe('invalid_token');
      expectValid(validatorFor(method, path, '401'), r.json, `401 of ${method.toUpperCase()} ${req.url}`);
      checked++;
    }
    expect(checked).toBe(apiRoutes.filter((r) => r.auth).length);
  });
});
