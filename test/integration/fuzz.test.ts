// A fuzz test of both listeners, generated from what they declare: every route,
// parameter and body schema of the served /v1/openapi.json, and every admin
// operation of the operations table (src-main/contract/admin.ts), so routes
// added later are covered without touching this file. For every request: no
// 5xx; every error in the contract's shape with a request_id; and when the
// input is refused, nothing stored changed (a digest of every table before and
// after). Bounded: FUZZ_RUNS requests per route (default 20); a failure prints
// the seed — rerun with FUZZ_SEED=<seed> to replay it.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHost, type AgentHost } from '../../src-main/host/agent-host.js';
import { adminOperations } from '../../src-main/contract/admin.js';
import type { SystemDefinition } from '../../src-main/systems/kit/definition.js';
import { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { entityNames } from '../../src-main/contract/unified.js';
import { allTestSystems, testKeychainService, unimplemented } from '../support/fake-system.js';
import { tempDir } from '../support/tmp.js';
import { expectContractError, rawRequest, type RawResponse } from '../support/http.js';
import { fuzzValue, hostileBody, sometimes, type Hints, type JsonSchema } from '../support/schema-arbitrary.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? crypto.randomInt(2 ** 31));

/** Systems that would need the network answer "unreachable" here: the fuzzer must never send traffic off this host. */
const offline = (s: SystemDefinition): SystemDefinition => (s.connector
  ? { ...s, connector: { ...s.connector, client: () => { throw new ConnectorError('unreachable', 'offline in the fuzz test'); } } }
  : s);
// every system of the fuzzed catalog has a connector (the test-only system without one answers 501 by design)
const systems = allTestSystems.filter((s) => s.id !== unimplemented.id).map((s) => (s.id === 'sandbox' || s.id.startsWith('test-') ? s : offline(s)));

let host: AgentHost;
let token: string;
let connectionId: string;
const hints: Hints = {};

/**
 * The audit log is left out, with its AUTOINCREMENT counter in sqlite_sequence:
 * it is append-only by design and records refused calls too (an admin action
 * or a write refused for bad input is an entry), so it is the one table a
 * refused request is meant to change.
 */
const NOT_DIGESTED = ['audit_log'];

/** Every row of every other table, hashed: what "nothing stored changed" compares. */
function storeDigest(): string {
  const db = host.agent.db;
  const h = crypto.createHash('sha256');
  for (const table of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]) {
    if (NOT_DIGESTED.includes(table)) continue;
    const rows = table === 'sqlite_sequence'
      ? db.prepare('SELECT * FROM sqlite_sequence WHERE name NOT IN (SELECT value FROM json_each(?)) ORDER BY name').raw().all(JSON.stringify(NOT_DIGESTED))
      : db.prepare(`SELECT * FROM "${table}"`).raw().all();
    h.update(`\u0000${table}\u0000`);
    for (const row of rows) h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}

/** Lets syncs a request started finish, so the next "before" digest is stable. */
async function settle() {
  for (const c of host.agent.connections.list()) await host.agent.sync.whenDone(c.id);
}

/** A parameter value as text; lone surrogates become U+FFFD, as a browser would send them. */
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

interface FuzzRequest { method: string; path: string; query: Record<string, unknown>; body?: { json: unknown } | { raw: string }; auth: 'valid' | 'none' | 'wrong' }

async function send(base: string, validAuth: string, r: FuzzRequest): Promise<RawResponse> {
  const qs = new URLSearchParams(Object.entries(r.query).map(([k, v]) => [k, text(v)])).toString();
  const body = r.body === undefined ? undefined : 'raw' in r.body ? r.body.raw : JSON.stringify(r.body.json);
  const headers: Record<string, string> = {};
  if (r.auth === 'valid') headers.authorization = validAuth;
  if (r.auth === 'wrong') headers.authorization = 'Bearer mwk_000000000000000000000000000000000000';
  if (body !== undefined) headers['content-type'] = 'application/json';
  return rawRequest(base, { method: r.method, path: `${r.path}${qs ? `?${qs}` : ''}`, headers, body });
}

/** One property per route: no 5xx, errors in the contract's shape, refused input changes nothing. */
async function fuzzRoute(name: string, base: string, validAuth: string, requests: fc.Arbitrary<FuzzRequest>) {
  let before = storeDigest();
  try {
    await fc.assert(fc.asyncProperty(requests, async (r) => {
      const res = await send(base, validAuth, r);
      const what = `${name}: ${r.method} ${r.path} ${JSON.stringify(r.query).slice(0, 200)} ${JSON.stringify(r.body ?? null).slice(0, 300)}`;
      expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
      if (res.status >= 400) {
        expectContractError(res, res.status, undefined, what);
        expect(storeDigest(), `${what} was refused (${res.status}) but changed the store`).toBe(before);
      } else {
        await settle();
        before = storeDigest();
      }
    }), { numRuns: RUNS, seed: SEED });
  } catch (err) {
    throw new Error(`fuzzing ${name} failed; replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}\n${(err as Error).message}`);
  }
}

interface Param { name: string; in: 'path' | 'query'; schema: JsonSchema }

/** A request for a route: path parameters, query parameters and a body, each from its schema (or hostile). */
function routeRequests(method: string, pathTemplate: string, params: Param[], bodySchema: JsonSchema | null, root: JsonSchema): fc.Arbitrary<FuzzRequest> {
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  return fc.record({
    pathValues: fc.tuple(...pathParams.map((p) => fuzzValue(p.schema, root, hints, 0, p.name))),
    query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fuzzValue(p.schema, root, hints, 0, p.name)])), { requiredKeys: [] }),
    extraQuery: sometimes(fc.tuple(fc.constantFrom('verbose', 'limit', 'x', '__proto__'), fc.string({ maxLength: 8 }))),
    body: bodySchema
      ? fc.oneof({ weight: 8, arbitrary: fuzzValue(bodySchema, root, hints).map((json) => ({ json })) }, { weight: 2, arbitrary: hostileBody.map((raw) => ({ raw })) }, { weight: 1, arbitrary: fc.constant(undefined) })
      : sometimes(fc.constant({ raw: '{}' })).map((b) => b ?? undefined),
    auth: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'none', 'wrong') as fc.Arbitrary<FuzzRequest['auth']>,
  }).map(({ pathValues, query, extraQuery, body, auth }) => {
    let i = 0;
    const path = pathTemplate.replace(/\{(\w+)\}|:(\w+)/g, () => encodeURIComponent(text(pathValues[i++])));
    return { method, path, query: extraQuery ? { ...query, [extraQuery[0]]: extraQuery[1] } : query, body, auth };
  });
}

beforeAll(async () => {
  host = await startAgentHost({
    dataDir: tempDir(), adminPort: 0, apiPort: 0,
    // every host name resolves to a documentation address, which webhooks refuse
    agent: { systems, keychainService: testKeychainService, webhooks: { resolve: async () => ['192.0.2.1'] } },
  });
  // nothing leaves this process: no webhook delivery, no health probes
  await host.agent.dispatcher.stop();
  host.agent.health.stop();
  const c = await rawRequest(host.adminUrl, { method: 'POST', path: '/admin/v1/connections', headers: { authorization: `Bearer ${host.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ system: 'sandbox', name: 'Fuzz' }) });
  ({ token } = c.json);
  connectionId = c.json.connection.id;
  await settle();
  const ids: string[] = [];
  for (const e of entityNames) {
    const page = await rawRequest(host.apiUrl, { path: `/v1/${e}?limit=3`, headers: { authorization: `Bearer ${token}` } });
    ids.push(...(page.json.data as { id: string }[]).map((r) => r.id));
  }
  Object.assign(hints, {
    id: [...ids, connectionId], vendor_id: ids.filter((i) => i.startsWith('ven_')), asset_id: ids.filter((i) => i.startsWith('ast_')),
    location_id: ids.filter((i) => i.startsWith('loc_')), item_id: ids.filter((i) => i.startsWith('inv_')),
    connection_id: [connectionId], connection_ids: [[connectionId], 'all'], system: systems.map((r) => r.id),
    cursor: [(await rawRequest(host.apiUrl, { path: '/v1/vendors?limit=1', headers: { authorization: `Bearer ${token}` } })).json.next_cursor],
  });
});
afterAll(async () => { await host?.close(); });

describe(`fuzz (FUZZ_SEED=${SEED}, ${RUNS} requests per route)`, () => {
  it('the unified API: every operation of /v1/openapi.json', async () => {
    const doc = (await rawRequest(host.apiUrl, { path: '/v1/openapi.json' })).json as JsonSchema;
    const operations = Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
    expect(operations.length).toBeGreaterThan(15);
    for (const { path, method, op } of operations) {
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      await fuzzRoute(`${method} ${path}`, host.apiUrl, `Bearer ${token}`, routeRequests(method, path, op.parameters ?? [], body, doc));
    }
  }, 300_000);

  it('the admin API: every operation of the admin operations table', async () => {
    for (const [name, op] of Object.entries(adminOperations)) {
      const schema = z.toJSONSchema(op.input, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const inPath = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const others = Object.entries(props).filter(([k]) => !inPath.includes(k));
      const withBody = op.method === 'POST' || op.method === 'PATCH';
      // the path parameters in the path; the rest in the body (POST, PATCH) or the query string
      const params: Param[] = [
        ...inPath.map((n) => ({ name: n, in: 'path' as const, schema: props[n] ?? { type: 'string' } })),
        ...(withBody ? [] : others.map(([n, sub]) => ({ name: n, in: 'query' as const, schema: sub }))),
      ];
      const body = withBody ? { ...schema, properties: Object.fromEntries(others), required: (schema.required ?? []).filter((k: string) => !inPath.includes(k)) } : null;
      const requests = routeRequests(op.method, op.path, params, body, schema);
      await fuzzRoute(`${name} (${op.method} ${op.path})`, host.adminUrl, `Bearer ${host.adminToken}`, requests);
    }
  }, 300_000);
});
