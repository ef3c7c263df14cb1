// The unified REST API (README: The unified REST API) through HTTP on a real headless host:
// paging (also while records change), filters, include_raw / include_deleted,
// token isolation, every error code and its shape, sandbox writes that change
// nothing, sync endpoints — and a sync killed with -9 half-way that resumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { startTestHost } from '../support/agent-host.js';
import { tempDir } from '../support/tmp.js';
import { allTestSystems, testKeychainService } from '../support/fake-system.js';
import { Agent } from '../../src-main/agent.js';
import { generateToken } from '../../src-main/connections/tokens.js';
import { entities, entityNames, type EntityName } from '../../src-main/contract/unified.js';
import { SyncRun } from '../../src-main/contract/sync.js';
import { unifiedId } from '../../src-main/records/ids.js';
import { DB_FILE } from '../../src-main/store/db.js';
import { getSandboxSource, SandboxSource, sandboxSources } from '../../src-main/systems/sandbox/client.js';
import { sandboxRaw } from '../../src-main/systems/sandbox/definition.js';

type Rec = Record<string, unknown> & { id: string; remote_id: string; updated_at: string; deleted_at: string | null };
interface Res { status: number; json: any; text: string; headers: http.IncomingHttpHeaders }
interface Conn { id: string; token: string; source: SandboxSource }

let t: Awaited<ReturnType<typeof startTestHost>>;
let A: Conn; // read-only connection for most tests
let B: Conn; // a second connection: token isolation
/** Every error response of this file, for the shape check at the end. */
const errorResponses: { what: string; res: Res }[] = [];

/** A raw HTTP request (any header, any body bytes). */
function request(base: string, method: string, p: string, opts: { token?: string | null; auth?: string; body?: unknown; raw?: string | Buffer } = {}): Promise<Res> {
  const url = new URL(base);
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string | number> = {};
  if (opts.auth !== undefined) headers.authorization = opts.auth;
  else if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (payload !== undefined) { headers['content-type'] = 'application/json'; headers['content-length'] = Buffer.byteLength(payload); }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, method, path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
        const out = { status: res.statusCode!, json, text, headers: res.headers };
        if (out.status >= 400) errorResponses.push({ what: `${method} ${p}`, res: out });
        resolve(out);
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
const api = (method: string, p: string, opts: Parameters<typeof request>[3] = {}) => request(t.host.apiUrl, method, p, opts);

function expectError(r: Res, status: number, code: string, field?: string) {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.json?.error?.code, r.text.slice(0, 300)).toBe(code);
  if (field !== undefined) expect(r.json.error.field, `${code}: ${r.json.error.message}`).toBe(field);
}

/** Every record of an entity, paging with next_cursor. */
async function listAll(c: Conn, entity: EntityName, query = '', limit = 500): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const r = await api('GET', `/v1/${entity}?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: c.token });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    out.push(...r.json.data);
    cursor = r.json.next_cursor;
    if (!cursor) return out;
  }
  throw new Error('paging did not end');
}

async function syncNow(c: Conn): Promise<SyncRun> {
  t.host.agent.sync.start(c.id);
  const run = await t.host.agent.sync.whenDone(c.id);
  expect(run?.status).toBe('completed');
  return run!;
}

async function connect(name: string): Promise<Conn> {
  const r = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name });
  expect(r.status).toBe(201);
  const id = r.body.connection.id as string;
  await t.host.agent.sync.whenDone(id); // null if the first sync is already over
  expect(t.host.agent.sync.repo.lastRun(id)?.status).toBe('completed');
  return { id, token: r.body.token, source: getSandboxSource(id) };
}

const ids = (rs: { id: string }[]) => rs.map((r) => r.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await startTestHost();
  A = await connect('Plant A');
  B = await connect('Plant B');
});

describe('paging', () => {
  it('limit=7 pages through all purchase orders exactly like one big page', async () => {
    const big = await api('GET', '/v1/purchase-orders?limit=500', { token: A.token });
    expect(big.status).toBe(200);
    expect(big.json.next_cursor).toBeNull();
    expect(big.json.data.length).toBe(A.source.size('purchase-orders'));
    const paged: Rec[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await api('GET', `/v1/purchase-orders?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: A.token });
      expect(r.status).toBe(200);
      expect(r.json.data.length).toBeLessThanOrEqual(7);
      paged.push(...r.json.data);
      cursor = r.json.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    expect(cursor).toBeNull();
    expect(pages).toBe(Math.ceil(big.json.data.length / 7));
    expect(new Set(ids(paged)).size).toBe(paged.length);
    expect(ids(paged)).toEqual(ids(big.json.data));
    expect(paged).toEqual(big.json.data);
  });

  it('defaults to 100 per page', async () => {
    const r = await api('GET', '/v1/work-orders', { token: A.token });
    expect(r.json.data.length).toBe(Math.min(100, A.source.size('work-orders')));
    expect(r.json.next_cursor === null).toBe(A.source.size('work-orders') <= 100);
  });

  it('loses no record while records change and syncs run between page requests', async () => {
    const P = await connect('Paging under change');
    const entity = 'purchase-orders';
    const seen: Rec[] = [];
    /** remote id → the expected_delivery_date of its latest change, and whether it had been seen before the change. */
    const touched = new Map<string, { at: string; seenBefore: boolean }>();
    let cursor: string | null = null;
    let round = 0;
    for (let pages = 0; pages < 200; pages++) {
      const r = await api('GET', `/v1/${entity}?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: P.token });
      expect(r.status).toBe(200);
      seen.push(...r.json.data);
      cursor = r.json.next_cursor;
      if (!cursor) break;
      if (pages % 2 === 0 && round < 4) {
        round++;
        const seenRemote = new Set(seen.map((s) => s.remote_id));
        const live = P.source.all(entity).map((po) => po.poNumber).filter((id) => !touched.has(id));
        // two records already paged past, two not reached yet
        const picks = [...live.filter((id) => seenRemote.has(id)).slice(0, 2), ...live.filter((id) => !seenRemote.has(id)).slice(-2)];
        for (const [i, id] of picks.entries()) {
          const at = `2027-0${round}-1${i}T08:00:00Z`;
          P.source.touch(entity, id, { deliverBy: at });
          touched.set(id, { at, seenBefore: seenRemote.has(id) });
        }
        await syncNow(P);
      }
    }
    expect(cursor).toBeNull();
    expect(touched.size).toBe(16);
    const final = await listAll(P, entity);
    const count = new Map<string, number>();
    for (const s of seen) count.set(s.id, (count.get(s.id) ?? 0) + 1);
    for (const rec of final) {
      expect(count.get(rec.id), `${rec.remote_id} was never listed`).toBeGreaterThan(0);
      const change = touched.get(rec.remote_id);
      const occurrences = seen.filter((s) => s.id === rec.id);
      if (!change) {
        expect(occurrences.length, `unchanged ${rec.remote_id}`).toBe(1);
        expect(occurrences[0]).toEqual(rec);
        continue;
      }
      const last = occurrences.at(-1)!;
      expect(Date.parse(last.expected_delivery_date as string), `${rec.remote_id}: the last listing has the new data`).toBe(Date.parse(change.at));
      expect(last).toEqual(rec);
      if (change.seenBefore) {
        expect(occurrences.length, `changed ${rec.remote_id} appears again`).toBe(2);
        expect(Date.parse(occurrences[0].expected_delivery_date as string)).not.toBe(Date.parse(change.at));
        expect(seen.lastIndexOf(last)).toBeGreaterThan(seen.indexOf(occurrences[0]));
      } else {
        expect(occurrences.length, `${rec.remote_id}, changed before it was reached, appears once`).toBe(1);
      }
    }
    expect(new Set(ids(seen))).toEqual(new Set(ids(final)));
  });
});

describe('filters', () => {
  it('status, vendor_id, location_id on purchase orders', async () => {
    const all = await listAll(A, 'purchase-orders');
    const cases: [string, (r: Rec) => boolean][] = [
      ['status=approved', (r) => r.status === 'approved'],
      ['status=cancelled', (r) => r.status === 'cancelled'],
      [`vendor_id=${all[0].vendor_id}`, (r) => r.vendor_id === all[0].vendor_id],
      [`location_id=${all[0].location_id}`, (r) => r.location_id === all[0].location_id],
      [`status=completed&vendor_id=${all[3].vendor_id}`, (r) => r.status === 'completed' && r.vendor_id === all[3].vendor_id],
    ];
    for (const [q, pred] of cases) {
      const want = all.filter(pred);
      expect(want.length, q).toBeGreaterThan(0);
      expect(ids(await listAll(A, 'purchase-orders', q, 3)), q).toEqual(ids(want)); // paged, filtered on every page
    }
    expect(await listAll(A, 'purchase-orders', 'vendor_id=ven_nosuchvendor')).toEqual([]);
  });

  it('asset_id and location_id on work orders, assets and inventory items; status on vendors and assets', async () => {
    const wos = await listAll(A, 'work-orders');
    const withAsset = wos.find((w) => w.asset_id)!;
    const check = async (entity: EntityName, all: Rec[], q: string, pred: (r: Rec) => boolean) => {
      const want = all.filter(pred);
      expect(want.length, `${entity}?${q}`).toBeGreaterThan(0);
      expect(ids(await listAll(A, entity, q)), `${entity}?${q}`).toEqual(ids(want));
    };
    await check('work-orders', wos, `asset_id=${withAsset.asset_id}`, (r) => r.asset_id === withAsset.asset_id);
    await check('work-orders', wos, `location_id=${wos[0].location_id}`, (r) => r.location_id === wos[0].location_id);
    await check('work-orders', wos, 'status=on_hold', (r) => r.status === 'on_hold');
    const assets = await listAll(A, 'assets');
    await check('assets', assets, `location_id=${assets[0].location_id}`, (r) => r.location_id === assets[0].location_id);
    await check('assets', assets, 'status=decommissioned', (r) => r.status === 'decommissioned');
    const items = await listAll(A, 'inventory-items');
    await check('inventory-items', items, `location_id=${items[0].location_id}`, (r) => r.location_id === items[0].location_id);
    await check('vendors', await listAll(A, 'vendors'), 'status=blocked', (r) => r.status === 'blocked');
  });

  it('locations filter by type (they have no status)', async () => {
    expect((await api('GET', '/v1/locations?status=site', { token: A.token })).status).toBe(400);
    const locations = await listAll(A, 'locations');
    for (const type of ['site', 'storeroom']) {
      const want = locations.filter((l) => l.type === type);
      expect(want.length).toBeGreaterThan(0);
      expect(ids(await listAll(A, 'locations', `type=${type}`)), `locations?type=${type}`).toEqual(ids(want));
    }
  });

  it('updated_after and modified_after return what changed after that instant', async () => {
    const U = await connect('Updated after');
    const before = await listAll(U, 'purchase-orders');
    const t0 = before.map((r) => r.updated_at).sort().at(-1)!;
    await sleep(30);
    const changed = U.source.all('purchase-orders').slice(5, 8).map((po) => po.poNumber);
    for (const id of changed) U.source.touch('purchase-orders', id, { deliverBy: '2027-12-01T00:00:00Z' });
    await syncNow(U);
    const after = await listAll(U, 'purchase-orders');
    const want = after.filter((r) => changed.includes(r.remote_id));
    expect(want).toHaveLength(3);
    for (const param of ['updated_after', 'modified_after']) {
      expect(ids(await listAll(U, 'purchase-orders', `${param}=${encodeURIComponent(t0)}`)), param).toEqual(ids(want));
    }
    // The API accepts any ISO-8601 date-time (offsets, no milliseconds): it must compare times, not strings.
    const ms = Date.parse(t0);
    const plus2 = new Date(ms + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect.soft(ids(await listAll(U, 'purchase-orders', `updated_after=${encodeURIComponent(plus2)}`)), `updated_after=${plus2} (= ${t0})`).toEqual(ids(want));
    const wholeSecond = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const wantSec = after.filter((r) => Date.parse(r.updated_at) > Date.parse(wholeSecond));
    expect.soft(ids(await listAll(U, 'purchase-orders', `updated_after=${wholeSecond}`)), `updated_after=${wholeSecond}`).toEqual(ids(wantSec));
  });
});

describe('include_raw and include_deleted', () => {
  it('include_raw=true adds remote_data in the sandbox shape; it is absent otherwise', async () => {
    const plain = await api('GET', '/v1/purchase-orders?limit=5', { token: A.token });
    for (const r of plain.json.data) expect(r).not.toHaveProperty('remote_data');
    const raw = await api('GET', '/v1/purchase-orders?limit=5&include_raw=true', { token: A.token });
    for (const [i, r] of (raw.json.data as Rec[]).entries()) {
      expect(r.remote_data).toEqual(A.source.get('purchase-orders', r.remote_id));
      expect((r.remote_data as { poNumber: string }).poNumber).toBe(r.remote_id);
      const { remote_data: _raw, ...rest } = r;
      expect(rest).toEqual(plain.json.data[i]);
    }
    const one = plain.json.data[0] as Rec;
    expect((await api('GET', `/v1/purchase-orders/${one.id}`, { token: A.token })).json).not.toHaveProperty('remote_data');
    const oneRaw = await api('GET', `/v1/purchase-orders/${one.id}?include_raw=true`, { token: A.token });
    expect(oneRaw.json.remote_data).toEqual(A.source.get('purchase-orders', one.remote_id));
    const wo = (await api('GET', '/v1/work-orders?limit=1&include_raw=true', { token: A.token })).json.data[0];
    expect(wo.remote_data).toMatchObject({ woNumber: wo.remote_id, state: expect.any(String) });
  });

  it('include_deleted=true shows soft-deleted records with deleted_at; they are hidden otherwise', async () => {
    const D = await connect('Deletions');
    const gone = D.source.all('purchase-orders')[4].poNumber;
    const goneWo = D.source.all('work-orders')[2].woNumber;
    const live = await listAll(D, 'purchase-orders');
    D.source.remove('purchase-orders', gone);
    D.source.remove('work-orders', goneWo);
    const run = await syncNow(D);
    expect(run.counts['purchase-orders']?.deleted).toBe(1);
    const hidden = await listAll(D, 'purchase-orders');
    expect(hidden.map((r) => r.remote_id)).not.toContain(gone);
    expect(hidden).toHaveLength(live.length - 1);
    const shown = await listAll(D, 'purchase-orders', 'include_deleted=true');
    expect(shown).toHaveLength(live.length);
    const del = shown.find((r) => r.remote_id === gone)!;
    expect(del.deleted_at).toEqual(expect.any(String));
    expect(Number.isFinite(Date.parse(del.deleted_at!))).toBe(true);
    for (const r of shown) if (r.remote_id !== gone) expect(r.deleted_at).toBeNull();
    expect((await listAll(D, 'work-orders')).map((r) => r.remote_id)).not.toContain(goneWo);
    expect((await listAll(D, 'work-orders', 'include_deleted=true')).find((r) => r.remote_id === goneWo)?.deleted_at).toEqual(expect.any(String));
    const status = await api('GET', '/v1/sync-status', { token: D.token });
    expect(status.json.counts['purchase-orders']).toBe(live.length - 1);
  });
});

describe('one record', () => {
  it('GET /v1/<entity>/{id} returns the record as listed', async () => {
    for (const entity of entityNames) {
      const [first] = (await api('GET', `/v1/${entity}?limit=1`, { token: A.token })).json.data as Rec[];
      const r = await api('GET', `/v1/${entity}/${first.id}`, { token: A.token });
      expect(r.status).toBe(200);
      expect(r.json).toEqual(first);
      expect(entities[entity].safeParse(r.json).success).toBe(true);
    }
  });

  it('404 not_found for unknown ids, ids of another entity, and ids of another connection (both ways)', async () => {
    expectError(await api('GET', '/v1/purchase-orders/po_doesnotexist', { token: A.token }), 404, 'not_found');
    const aPo = (await api('GET', '/v1/purchase-orders?limit=1', { token: A.token })).json.data[0] as Rec;
    const bPo = (await api('GET', '/v1/purchase-orders?limit=1', { token: B.token })).json.data[0] as Rec;
    expect(aPo.remote_id).toBe(bPo.remote_id); // same sandbox data…
    expect(aPo.id).not.toBe(bPo.id); // …different unified ids
    expectError(await api('GET', `/v1/work-orders/${aPo.id}`, { token: A.token }), 404, 'not_found');
    expectError(await api('GET', `/v1/purchase-orders/${bPo.id}`, { token: A.token }), 404, 'not_found');
    expectError(await api('GET', `/v1/purchase-orders/${aPo.id}`, { token: B.token }), 404, 'not_found');
    const bWo = (await api('GET', '/v1/work-orders?limit=1', { token: B.token })).json.data[0] as Rec;
    expectError(await api('PATCH', `/v1/work-orders/${bWo.id}`, { token: A.token, body: { assignee: 'x' } }), 404, 'not_found');
    // lists never mix connections
    const aIds = new Set(ids(await listAll(A, 'vendors')));
    for (const id of ids(await listAll(B, 'vendors'))) expect(aIds.has(id)).toBe(false);
  });
});

describe('authentication and connection state', () => {
  it('401 invalid_token for missing, malformed, wrong-checksum and unknown tokens', async () => {
    const checksumFlip = A.token.slice(0, -1) + (A.token.endsWith('A') ? 'B' : 'A');
    const cases: [string, Parameters<typeof api>[2]][] = [
      ['missing', {}],
      ['empty bearer', { auth: 'Bearer ' }],
      ['not bearer', { auth: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['malformed', { token: 'abc' }],
      ['admin token', { token: t.host.adminToken }],
      ['wrong checksum', { token: checksumFlip }],
      ['unknown', { token: generateToken() }],
      ['two tokens', { auth: `Bearer ${A.token} ${A.token}` }],
    ];
    for (const [name, opts] of cases) {
      const r = await api('GET', '/v1/purchase-orders', opts);
      expectError(r, 401, 'invalid_token');
      expect(r.text, name).not.toContain(A.token);
    }
  });

  it('a rotated token fails on the very next request; a disconnected one too', async () => {
    const R = await connect('Rotate');
    expect((await api('GET', '/v1/connection', { token: R.token })).status).toBe(200);
    const rot = await t.admin('POST', `/admin/v1/connections/${R.id}/token/rotate`);
    expect(rot.status).toBe(200);
    expectError(await api('GET', '/v1/connection', { token: R.token }), 401, 'invalid_token');
    expect((await api('GET', '/v1/connection', { token: rot.body.token })).status).toBe(200);
    expect((await t.admin('DELETE', `/admin/v1/connections/${R.id}`)).status).toBe(200);
    expectError(await api('GET', '/v1/connection', { token: rot.body.token }), 401, 'invalid_token');
  });

  it('403 connection_inactive after deactivate; 409 connection_auth_required after markAuthRequired', async () => {
    const X = await connect('State');
    expect((await t.admin('POST', `/admin/v1/connections/${X.id}/deactivate`)).status).toBe(200);
    for (const p of ['/v1/purchase-orders', '/v1/connection', '/v1/sync-status']) expectError(await api('GET', p, { token: X.token }), 403, 'connection_inactive');
    expectError(await api('POST', '/v1/sync', { token: X.token }), 403, 'connection_inactive');
    expect((await t.admin('POST', `/admin/v1/connections/${X.id}/activate`)).status).toBe(200);
    await t.host.agent.sync.whenDone(X.id);
    expect((await api('GET', '/v1/purchase-orders', { token: X.token })).status).toBe(200);
    t.host.agent.connections.markAuthRequired(X.id, 'The system said the password expired');
    for (const p of ['/v1/purchase-orders', '/v1/connection']) expectError(await api('GET', p, { token: X.token }), 409, 'connection_auth_required');
    expectError(await api('POST', '/v1/sync', { token: X.token }), 409, 'connection_auth_required');
    // other connections are unaffected
    expect((await api('GET', '/v1/connection', { token: A.token })).status).toBe(200);
  });
  // failed-authentication limits: api-auth-limits.test.ts
});

describe('400 invalid_request names the field', () => {
  it.each([
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], ['limit=1.5', 'limit'],
    ['cursor=not-a-cursor', 'cursor'], [`cursor=${Buffer.from('s1x').toString('base64url')}`, 'cursor'],
    ['updated_after=yesterday', 'updated_after'], ['modified_after=2026-13-45', 'modified_after'],
    ['status=shipped', 'status'], ['include_raw=yes', 'include_raw'], ['include_deleted=1', 'include_deleted'],
  ])('GET /v1/purchase-orders?%s → field %s', async (q, field) => {
    expectError(await api('GET', `/v1/purchase-orders?${q}`, { token: A.token }), 400, 'invalid_request', field);
  });

  it('unknown query parameters are named in error.field', async () => {
    const [po] = (await api('GET', '/v1/purchase-orders?limit=1', { token: A.token })).json.data;
    const cases: [string, string][] = [
      ['/v1/purchase-orders?color=red', 'color'],
      ['/v1/purchase-orders?asset_id=ast_x', 'asset_id'], // not a purchase-order filter
      ['/v1/vendors?vendor_id=ven_x', 'vendor_id'],
      [`/v1/purchase-orders/${po.id}?limit=3`, 'limit'],
      ['/v1/connection?verbose=1', 'verbose'],
    ];
    for (const [p, field] of cases) {
      const r = await api('GET', p, { token: A.token });
      expect(r.status, p).toBe(400);
      expect(r.json.error.code, p).toBe('invalid_request');
      expect.soft(r.json.error.field, `${p}: ${r.json.error.message}`).toBe(field);
    }
  });

  it('bad bodies: malformed JSON, wrong types, missing lines', async () => {
    const vendors = await listAll(A, 'vendors');
    const items = await listAll(A, 'inventory-items');
    const good = { vendor_id: vendors.find((v) => v.status === 'active')!.id, currency: 'USD', lines: [{ item_id: items[0].id, quantity: 1, unit_price: '1.00' }] };
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, raw: '{"vendor_id":' }), 400, 'invalid_request');
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, raw: '[1,2]' }), 400, 'invalid_request');
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, body: { ...good, vendor_id: 42 } }), 400, 'invalid_request', 'vendor_id');
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, body: { ...good, lines: [{ ...good.lines[0], quantity: 'ten' }] } }), 400, 'invalid_request', 'lines.0.quantity');
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, body: { ...good, lines: [{ ...good.lines[0], quantity: -1 }] } }), 400, 'invalid_request', 'lines.0.quantity');
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, body: { ...good, currency: 'dollars' } }), 400, 'invalid_request', 'currency');
    const { lines: _l, ...noLines } = good;
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, body: noLines }), 400, 'invalid_request', 'lines');
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, body: { ...good, lines: [] } }), 400, 'invalid_request', 'lines');
    const [wo] = (await api('GET', '/v1/work-orders?limit=1', { token: A.token })).json.data;
    expectError(await api('PATCH', `/v1/work-orders/${wo.id}`, { token: A.token, body: { status: 'exploded' } }), 400, 'invalid_request', 'status');
    expectError(await api('PATCH', `/v1/work-orders/${wo.id}`, { token: A.token, body: { due_date: 'tomorrow' } }), 400, 'invalid_request', 'due_date');
    expectError(await api('PATCH', `/v1/work-orders/${wo.id}`, { token: A.token, body: {} }), 400, 'invalid_request');
    expectError(await api('POST', '/v1/sync', { token: A.token, body: { full: 'yes' } }), 400, 'invalid_request', 'full');
  });

  it('extra body fields are refused and named in error.field', async () => {
    const vendor = (await listAll(A, 'vendors')).find((v) => v.status === 'active')!;
    const item = (await listAll(A, 'inventory-items'))[0];
    const good = { vendor_id: vendor.id, currency: 'USD', lines: [{ item_id: item.id, quantity: 1, unit_price: '1.00' }] };
    const [wo] = (await api('GET', '/v1/work-orders?limit=1', { token: A.token })).json.data;
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/purchase-orders', { ...good, priority: 'high' }, 'priority'],
      ['POST', '/v1/purchase-orders', { ...good, lines: [{ ...good.lines[0], discount: '5' }] }, 'lines.0.discount'],
      ['PATCH', `/v1/work-orders/${wo.id}`, { title: 'new' }, 'title'],
      ['POST', '/v1/sync', { full: true, entities: ['assets'] }, 'entities'],
    ];
    for (const [method, p, body, field] of cases) {
      const r = await api(method, p, { token: A.token, body });
      expect(r.status, `${method} ${p}`).toBe(400);
      expect(r.json.error.code).toBe('invalid_request');
      expect.soft(r.json.error.field, `${method} ${p} ${JSON.stringify(body)}: ${r.json.error.message}`).toBe(field);
    }
  });

  it('413 payload_too_large for a 2 MB body', async () => {
    const body = JSON.stringify({ vendor_id: 'x', currency: 'USD', lines: [{ item_id: 'x', quantity: 1, unit_price: '1', description: 'x'.repeat(2 * 1024 * 1024) }] });
    expectError(await api('POST', '/v1/purchase-orders', { token: A.token, raw: body }), 413, 'payload_too_large');
    const [wo] = (await api('GET', '/v1/work-orders?limit=1', { token: A.token })).json.data;
    expectError(await api('PATCH', `/v1/work-orders/${wo.id}`, { token: A.token, raw: JSON.stringify({ description: 'y'.repeat(2 * 1024 * 1024) }) }), 413, 'payload_too_large');
  });
});

describe('sandbox writes', () => {
  /** Everything the connection serves, raw data included, plus the sandbox's own data. */
  async function everything(c: Conn) {
    const out: Record<string, Rec[]> = {};
    for (const e of entityNames) out[e] = await listAll(c, e, 'include_raw=true&include_deleted=true');
    return { api: out, source: c.source.snapshot() };
  }

  it('POST /v1/purchase-orders: 422 invalid_vendor, 422 out_of_stock, 201 with Sandbox: true — and nothing changes', async () => {
    const W = await connect('Writes');
    const before = await everything(W);
    const vendors = before.api.vendors;
    const items = before.api['inventory-items'];
    const active = vendors.find((v) => v.status === 'active')!;
    const blocked = vendors.find((v) => v.status === 'blocked')!;
    const inStock = items.find((i) => (i.quantity_on_hand as number) >= 2 && i.unit_cost && i.location_id)!;
    const outOfStock = items.find((i) => i.quantity_on_hand === 0)!;
    expect(blocked && inStock && outOfStock).toBeTruthy();
    const line = (item: Rec, quantity = 1) => ({ item_id: item.id, quantity, unit_price: item.unit_cost ?? '1.00' });

    expectError(await api('POST', '/v1/purchase-orders', { token: W.token, body: { vendor_id: 'ven_doesnotexist', currency: 'USD', lines: [line(inStock)] } }), 422, 'invalid_vendor');
    const blockedRes = await api('POST', '/v1/purchase-orders', { token: W.token, body: { vendor_id: blocked.id, currency: 'USD', lines: [line(inStock)] } });
    expectError(blockedRes, 422, 'invalid_vendor', 'vendor_id');
    expectError(await api('POST', '/v1/purchase-orders', { token: W.token, body: { vendor_id: active.id, currency: 'USD', lines: [line(outOfStock)] } }), 422, 'out_of_stock');
    // B's vendor is not W's vendor
    const bVendor = (await listAll(B, 'vendors')).find((v) => v.status === 'active')!;
    expectError(await api('POST', '/v1/purchase-orders', { token: W.token, body: { vendor_id: bVendor.id, currency: 'USD', lines: [line(inStock)] } }), 422, 'invalid_vendor');

    const body = { vendor_id: active.id, currency: inStock.currency, location_id: inStock.location_id, lines: [line(inStock, 2)], custom_fields: { costCenter: 'CC-API' } };
    const ok = await api('POST', '/v1/purchase-orders', { token: W.token, body });
    expect(ok.status, ok.text.slice(0, 300)).toBe(201);
    expect(ok.headers.sandbox).toBe('true');
    const parsed = entities['purchase-orders'].safeParse(ok.json);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(ok.json).toMatchObject({ status: 'draft', vendor_id: active.id, vendor_name: active.name, location_id: inStock.location_id, deleted_at: null });
    expect(ok.json.lines).toEqual([expect.objectContaining({ item_id: inStock.id, quantity: 2 })]);
    expect(ok.json).not.toHaveProperty('remote_data');
    expectError(await api('GET', `/v1/purchase-orders/${ok.json.id}`, { token: W.token }), 404, 'not_found');

    await syncNow(W);
    expect(await everything(W)).toEqual(before);
  });

  it('PATCH /v1/work-orders/{id}: 200 with Sandbox: true and nothing changes; 404 for an unknown id', async () => {
    const W = await connect('Patches');
    const before = await everything(W);
    const wo = before.api['work-orders'].find((w) => w.status === 'requested')!;
    const r = await api('PATCH', `/v1/work-orders/${wo.id}`, { token: W.token, body: { status: 'approved', assignee: 'R. Tester', priority: 'urgent' } });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.headers.sandbox).toBe('true');
    expect(entities['work-orders'].safeParse(r.json).success).toBe(true);
    expect(r.json).toMatchObject({ id: wo.id, remote_id: wo.remote_id, status: 'approved', assignee: 'R. Tester', priority: 'urgent', asset_id: wo.asset_id, location_id: wo.location_id });
    const closed = before.api['work-orders'].find((w) => w.status === 'closed')!;
    expectError(await api('PATCH', `/v1/work-orders/${closed.id}`, { token: W.token, body: { status: 'in_progress' } }), 422, 'invalid_status_transition');
    expectError(await api('PATCH', '/v1/work-orders/wo_doesnotexist', { token: W.token, body: { assignee: 'x' } }), 404, 'not_found');
    await syncNow(W);
    expect(await everything(W)).toEqual(before);
  });
});

describe('connection and sync endpoints', () => {
  it('GET /v1/connection is this token\'s connection, without secrets', async () => {
    const r = await api('GET', '/v1/connection', { token: A.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: A.id, name: 'Plant A', system: 'sandbox', status: 'active' });
    expect(r.text).not.toContain(A.token);
    expect(r.text).not.toMatch(/token_hash|credentials/);
    expect((await api('GET', '/v1/connection', { token: B.token })).json.id).toBe(B.id);
  });

  it('GET /v1/sync-status: completed, with per-entity counts', async () => {
    const r = await api('GET', '/v1/sync-status', { token: A.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'completed', last_error: null, current: null, last_successful_sync_at: expect.any(String) });
    for (const e of entityNames) expect(r.json.counts[e], e).toBe(A.source.size(e));
    expect(Date.parse(r.json.next_sync_at)).toBeGreaterThan(Date.parse(r.json.last_successful_sync_at));
  });

  it('POST /v1/sync → 202 and then a completed run', async () => {
    const r = await api('POST', '/v1/sync', { token: A.token });
    expect(r.status).toBe(202);
    expect(SyncRun.safeParse(r.json).success).toBe(true);
    expect(r.json).toMatchObject({ connection_id: A.id, mode: 'incremental' });
    await t.host.agent.sync.whenDone(A.id);
    const s = await api('GET', '/v1/sync-status', { token: A.token });
    expect(s.json.status).toBe('completed');
    expect(t.host.agent.sync.repo.lastRun(A.id)?.id).toBe(r.json.id);
    const full = await api('POST', '/v1/sync', { token: A.token, body: { full: true } });
    expect(full.status).toBe(202);
    expect(full.json.mode).toBe('full');
    await t.host.agent.sync.whenDone(A.id);
    expect(t.host.agent.sync.repo.lastRun(A.id)).toMatchObject({ id: full.json.id, status: 'completed' });
  });

  it('unknown routes answer 404, known paths with another method 405, in the error shape', async () => {
    expectError(await api('GET', '/v1/nope', { token: A.token }), 404, 'not_found');
    expectError(await api('DELETE', '/v1/purchase-orders', { token: A.token }), 405, 'method_not_allowed');
  });
});

describe('error bodies', () => {
  it('every error so far had {error:{code,message,request_id}} and no stack trace', () => {
    expect(errorResponses.length).toBeGreaterThan(40);
    for (const { what, res } of errorResponses) {
      expect(res.headers['content-type'] ?? '', what).toMatch(/^application\/json/);
      expect(res.json?.error, `${what}: ${res.text.slice(0, 200)}`).toMatchObject({ code: expect.any(String), message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
      expect(res.headers['x-request-id'], what).toBe(res.json.error.request_id);
      expect(res.text, what).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src-main\/|"stack"|Error: /);
    }
  });
});

// ---------------------------------------------------------------- kill -9 mid-sync

const fixture = path.join(import.meta.dirname, 'fixtures', 'sync-child.ts');
const CRASH_SCALE = 50;

/** Runs the child until it has stored `killAfter` records, then kill -9. */
function runAndKill(dataDir: string, killAfter: number): Promise<{ connectionId: string; progress: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, '50'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MILLWRIGHT_TEST_KEYCHAIN_SERVICE: testKeychainService, MILLWRIGHT_SANDBOX_SCALE: String(CRASH_SCALE) },
    });
    let out = '';
    let err = '';
    let connectionId = '';
    let progress = 0;
    let killed = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the child made no progress: ${out.slice(-500)} ${err.slice(-500)}`)); }, 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      for (const line of out.split('\n')) {
        if (line.startsWith('connection ')) connectionId = line.slice('connection '.length).trim();
        if (line.startsWith('progress ')) progress = Math.max(progress, Number(line.slice('progress '.length)));
        if (line === 'completed' && !killed) { killed = true; child.kill('SIGKILL'); reject(new Error('the sync completed before it could be killed')); }
      }
      if (!killed && connectionId && progress >= killAfter) { killed = true; child.kill('SIGKILL'); }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ connectionId, progress });
      else reject(new Error(`child exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

interface StoredRow { id: string; entity: EntityName; remote_id: string; seq: number; deleted_at: string | null; remote_data: string }

describe('a sync killed half-way', () => {
  it('resumes at its checkpoint: no gap, no duplicate, stable ids, nothing re-created', async () => {
    const dataDir = tempDir('mw-crash-sync-');
    const { connectionId, progress } = await runAndKill(dataDir, 4000);
    const source = new SandboxSource({ scale: CRASH_SCALE }); // the same seed and scale as the child's
    const total = entityNames.reduce((n, e) => n + source.size(e), 0);

    const peek = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    const beforeRows = peek.prepare('SELECT id, entity, remote_id, seq, deleted_at, remote_data FROM records WHERE connection_id = ?').all(connectionId) as StoredRow[];
    const killedRun = peek.prepare('SELECT status, progress FROM sync_runs WHERE connection_id = ?').get(connectionId) as { status: string; progress: string };
    peek.close();
    expect(killedRun.status).toBe('in_progress'); // it really died mid-sync
    expect(beforeRows.length).toBeGreaterThanOrEqual(Math.min(progress, 4000) - 50);
    expect(beforeRows.length).toBeLessThan(total);

    sandboxSources.set(connectionId, source);
    const agent = await Agent.open({ dataDir, systems: allTestSystems, keychainService: testKeychainService, sync: { pageSize: 50 } });
    try {
      const run0 = agent.sync.start(connectionId);
      expect(run0.mode).toBe('incremental');
      const run = (await agent.sync.whenDone(connectionId))!;
      expect(run.status, JSON.stringify(run.error)).toBe('completed');
      const created = Object.values(run.counts).reduce((n, c) => n + (c?.created ?? 0), 0);
      const updated = Object.values(run.counts).reduce((n, c) => n + (c?.updated ?? 0), 0);
      const deleted = Object.values(run.counts).reduce((n, c) => n + (c?.deleted ?? 0), 0);
      expect({ created: created + beforeRows.length, updated, deleted }).toEqual({ created: total, updated: 0, deleted: 0 });

      const rows = agent.db.prepare('SELECT id, entity, remote_id, seq, deleted_at, remote_data FROM records WHERE connection_id = ?').all(connectionId) as StoredRow[];
      expect(rows).toHaveLength(total);
      for (const entity of entityNames) {
        const mine = rows.filter((r) => r.entity === entity);
        const remoteIds = mine.map((r) => r.remote_id);
        expect(new Set(remoteIds).size, `${entity}: duplicates`).toBe(mine.length);
        expect([...remoteIds].sort(), `${entity}: gaps`).toEqual(source.changeOrder(entity).map((k) => k.id).sort());
        for (const r of mine) {
          expect(r.deleted_at).toBeNull();
          expect(r.id).toBe(unifiedId(connectionId, entity, r.remote_id));
          expect(JSON.parse(r.remote_data), `${entity} ${r.remote_id}`).toEqual(sandboxRaw(source, entity, source.get(entity, r.remote_id)));
        }
      }
      // what was stored before the kill is untouched: same id, same place in the paging order
      const after = new Map(rows.map((r) => [r.id, r]));
      for (const b of beforeRows) expect(after.get(b.id)?.seq, b.remote_id).toBe(b.seq);
      await agent.connections.disconnect(connectionId); // leave the test keychain clean
    } finally {
      sandboxSources.delete(connectionId);
      await agent.close();
    }
  }, 120_000);
});

afterAll(() => {
  for (const c of [A, B]) if (c) sandboxSources.delete(c.id);
});
