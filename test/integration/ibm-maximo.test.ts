// IBM Maximo connector against its emulator, through the real agent: connect,
// full and incremental sync, every code table, custom fields, paging edges,
// writes and Maximo's validation errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startMaximoEmulator, type MaximoEmulator, type MaximoEntity } from '../emulators/ibm-maximo/index.js';
import { byRemote, connectAndSync, connectInput, openMaximoAgent, stored, syncNow, type MaximoAgent } from '../emulators/ibm-maximo/agent-helper.js';
import { ASSET_STATUS } from '../../src-main/systems/ibm-maximo/mappers/assets.js';
import { LOCATION_TYPE } from '../../src-main/systems/ibm-maximo/mappers/locations.js';
import { PURCHASE_ORDER_STATUS } from '../../src-main/systems/ibm-maximo/mappers/purchase-orders.js';
import { WORK_ORDER_PRIORITY, WORK_ORDER_STATUS, WORK_ORDER_TYPE } from '../../src-main/systems/ibm-maximo/mappers/work-orders.js';
import { ibmMaximo } from '../../src-main/systems/ibm-maximo/definition.js';
import { classifyDefault, createConnector } from '../../src-main/systems/kit/connector.js';
import { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { createApiServer } from '../../src-main/api/server.js';
import type { EntityName } from '../../src-main/contract/unified.js';

let m: MaximoAgent;
let emu: MaximoEmulator;
let id: string;
beforeAll(async () => {
  m = await openMaximoAgent();
  emu = await startMaximoEmulator({ seed: 11 });
  const c = await connectAndSync(m, emu);
  id = c.id;
  expect(c.run.status).toBe('completed');
});
afterAll(async () => { await m.close(); await emu.close(); });

const ENTITY_SIZE: [EntityName, keyof MaximoEmulator['dataset']['sizes']][] = [
  ['work-orders', 'workOrders'], ['purchase-orders', 'purchaseOrders'], ['assets', 'assets'],
  ['inventory-items', 'inventory'], ['vendors', 'vendors'], ['locations', 'locations'],
];

describe('connect', () => {
  it('verifies an API key (/maximo/api) and a user/password (/maximo/oslc, maxauth); on-prem costs 4 credits', async () => {
    const c = m.agent.connections.get(id);
    expect(c).toMatchObject({ status: 'active', credits: 4, system: 'ibm-maximo' });
    const pw = await m.api.connect(connectInput(emu, { name: 'pw', credentials: { username: emu.credentials.username, password: emu.credentials.password } }));
    expect(pw.connection.status).toBe('active');
    await m.agent.sync.whenDone(pw.connection.id);
    await m.api.disconnect({ id: pw.connection.id });
  });

  it('refuses a wrong password (BMXAA7901E) and a wrong API key (BMXAA9549E) as invalid_credentials, storing nothing', async () => {
    const before = (await m.api.listConnections({})).data.length;
    await expect(m.api.connect(connectInput(emu, { credentials: { username: emu.credentials.username, password: 'nope' } }))).rejects.toMatchObject({ code: 'invalid_credentials', message: expect.stringContaining('BMXAA7901E') });
    await expect(m.api.connect(connectInput(emu, { credentials: { api_key: 'not-a-key' } }))).rejects.toMatchObject({ code: 'invalid_credentials', message: expect.stringContaining('BMXAA9549E') });
    expect((await m.api.listConnections({})).data.length).toBe(before);
  });

  it('says unreachable when Maximo is down', async () => {
    const gone = await startMaximoEmulator({ size: { workOrders: 1 } });
    await gone.down();
    await expect(m.api.connect(connectInput(gone))).rejects.toMatchObject({ code: 'unreachable' });
    await gone.close();
  });

  it('speaks HTTPS with a private CA: tls_error without ca_cert, connected with it', async () => {
    const tls = await startMaximoEmulator({ tls: true, size: { workOrders: 5, purchaseOrders: 3, assets: 5, inventory: 4, vendors: 3, locations: 6 } });
    try {
      await expect(m.api.connect(connectInput(tls, { ca: false }))).rejects.toMatchObject({ code: 'tls_error' });
      const r = await connectAndSync(m, tls, { name: 'tls' });
      expect(r.run.status).toBe('completed');
      expect(stored(m, r.id, 'work-orders')).toHaveLength(5);
      await m.api.disconnect({ id: r.id });
    } finally { await tls.close(); }
  });
});

describe('sync', () => {
  it('full sync stores every record of every object structure', () => {
    for (const [entity, size] of ENTITY_SIZE) expect(stored(m, id, entity).length, entity).toBe(emu.dataset.sizes[size]);
  });

  it('maps members: UTC dates, exact money, keys, references and raw data', () => {
    const po = stored(m, id, 'purchase-orders').find((p) => (p.remote_data as { poline: unknown[] }).poline.length > 1)!;
    const raw = po.remote_data as { ponum: string; siteid: string; changedate: string; totalcost: number; href: string; poline: { unitcost: number; linecost: number }[] };
    expect(po.remote_id).toBe(`${raw.ponum}/0/${raw.siteid}`);
    expect(raw.href).toContain(`/maximo/api/os/mxapipo/_${Buffer.from(po.remote_id as string).toString('base64').replace(/=/g, '-')}`);
    expect(po.remote_updated_at).toBe(new Date(Date.parse(raw.changedate)).toISOString().replace('.000Z', 'Z'));
    expect(raw.changedate).toMatch(/-0[56]:00$/);
    expect(po.total_amount).toMatch(/^\d+\.\d{2,4}$/);
    expect(Math.abs(Number(po.total_amount) - raw.totalcost)).toBeLessThan(0.005);
    expect(po.vendor_id).toMatch(/^[a-z]{3}_|^[A-Za-z0-9_-]+$/);
    expect(po.vendor_id).not.toContain('/');
    const item = byRemote(m, id, 'inventory-items', '10000/SET1/CENTRAL/BEDFORD');
    expect(item.unit_cost).toBe('0.30'); // 0.1 + 0.2 from Maximo, no float artefact
    const wo = stored(m, id, 'work-orders')[0];
    expect(wo.asset_id).toBeTruthy();
    expect(String(wo.asset_id)).not.toContain('/');
  });

  it('incremental sync picks up exactly the changed records; deletions come with a full sync (no deletion feed)', async () => {
    const changed = emu.commands.changeRecords({ entity: 'work-orders', count: 5 }) as { changed: string[] };
    const changedPo = emu.commands.changeRecords({ entity: 'purchase-orders', count: 2 }) as { changed: string[] };
    const deleted = emu.commands.deleteRecords({ entity: 'work-orders', count: 3 }) as { deleted: string[] };
    const inc = await syncNow(m, id);
    expect(inc).toMatchObject({ mode: 'incremental', status: 'completed' });
    expect(inc.counts['work-orders']).toMatchObject({ created: 0, updated: 5, deleted: 0, failed: 0 });
    expect(inc.counts['purchase-orders']).toMatchObject({ created: 0, updated: 2, deleted: 0 });
    for (const e of ['assets', 'vendors', 'locations', 'inventory-items'] as const) expect(inc.counts[e]).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    for (const r of changed.changed) expect(byRemote(m, id, 'work-orders', r).title).toMatch(/\(rev \d+\)$/);
    expect(changedPo.changed).toHaveLength(2);
    const full = await syncNow(m, id, true);
    expect(full).toMatchObject({ mode: 'full', status: 'completed' });
    expect(full.counts['work-orders']).toMatchObject({ created: 0, updated: 0, deleted: 3 });
    for (const r of deleted.deleted) expect(byRemote(m, id, 'work-orders', r).deleted_at).toBeTruthy();
    expect(stored(m, id, 'work-orders').length).toBe(emu.dataset.sizes.workOrders - 3);
    const again = await syncNow(m, id);
    expect(again.counts['work-orders']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });
});

describe('code tables (table-driven, by status_maxvalue)', () => {
  /** Sets each case on its own record, runs one incremental sync, returns the stored records. */
  async function apply(entity: MaximoEntity, cases: Record<string, unknown>[]) {
    const ids = emu.liveRemoteIds(entity).slice(0, cases.length);
    for (const [i, set] of cases.entries()) emu.commands.changeRecords({ entity, ids: [ids[i]], set });
    const run = await syncNow(m, id);
    expect(run.status).toBe('completed');
    return ids.map((r) => byRemote(m, id, entity, r));
  }

  it('work-order statuses, synonyms included', async () => {
    emu.commands.addSynonymStatus({ entity: 'work-orders', value: 'PARTSDUE', maxvalue: 'WMATL' });
    const cases = [...Object.keys(WORK_ORDER_STATUS).map((s) => ({ status: s })), { status: 'WAITAPPR' }, { status: 'FIELDDONE' }, { status: 'PARTSDUE' }];
    const recs = await apply('work-orders', cases);
    const want = [...Object.values(WORK_ORDER_STATUS), 'requested', 'completed', 'on_hold'];
    expect(recs.map((r) => r.status)).toEqual(want);
    expect(recs.at(-1)!.status).toBe('on_hold');
  });

  it('work-order priorities and work types; empty ones take the neutral value', async () => {
    const prios = [...Object.keys(WORK_ORDER_PRIORITY).map((p) => ({ wopriority: Number(p) })), { wopriority: null }];
    expect((await apply('work-orders', prios)).map((r) => r.priority)).toEqual([...Object.values(WORK_ORDER_PRIORITY), 'medium']);
    const types = [...Object.keys(WORK_ORDER_TYPE).map((t) => ({ worktype: t })), { worktype: null }];
    expect((await apply('work-orders', types)).map((r) => r.type)).toEqual([...Object.values(WORK_ORDER_TYPE), 'other']);
  });

  it('purchase-order statuses, and received quantities → partially_received / completed', async () => {
    const ids = emu.liveRemoteIds('purchase-orders');
    const lines = (r: string, received: (q: number, k: number) => number) =>
      (emu.record('purchase-orders', r)!.poline as { orderqty: number }[]).map((l, k) => ({ ...l, orderqty: Math.max(2, l.orderqty), receivedqty: received(Math.max(2, l.orderqty), k) }));
    const statusCases = Object.keys(PURCHASE_ORDER_STATUS).map((s, i) => ({ status: s, poline: lines(ids[i], () => 0) }));
    const n = statusCases.length;
    const cases = [...statusCases, { status: 'WAITAPPR', poline: lines(ids[n], () => 0) },
      { status: 'APPR', poline: lines(ids[n + 1], (q, k) => (k === 0 ? 1 : 0)) },
      { status: 'APPR', poline: lines(ids[n + 2], (q) => q) }];
    const recs = await apply('purchase-orders', cases);
    expect(recs.map((r) => r.status)).toEqual([...Object.values(PURCHASE_ORDER_STATUS), 'pending_approval', 'partially_received', 'completed']);
  });

  it('asset statuses, location types and the vendor disabled flag', async () => {
    expect((await apply('assets', [...Object.keys(ASSET_STATUS).map((s) => ({ status: s })), { status: 'RUNNING' }])).map((r) => r.status))
      .toEqual([...Object.values(ASSET_STATUS), 'operating']);
    expect((await apply('locations', Object.keys(LOCATION_TYPE).map((t) => ({ type: t, type_maxvalue: t })))).map((r) => r.type)).toEqual(Object.values(LOCATION_TYPE));
    expect((await apply('vendors', [{ disabled: false }, { disabled: true }, { disabled: 'Y' }, { disabled: 'N' }])).map((r) => r.status)).toEqual(['active', 'blocked', 'blocked', 'active']);
  });

  it('an unknown code maps to the safe value and raises one system.error naming it', async () => {
    const before = m.events.length;
    const recs = await apply('work-orders', [{ status: 'ZZHOLD', status_maxvalue: 'ZZHOLD' }, { status: 'ZZHOLD', status_maxvalue: 'ZZHOLD' }]);
    expect(recs.map((r) => r.status)).toEqual(['requested', 'requested']);
    const errs = m.events.slice(before).filter((e) => e.type === 'system.error');
    expect(errs).toHaveLength(1);
    expect(errs[0].data).toMatchObject({ code: 'unknown_code', entity: 'work-orders', message: expect.stringContaining('ZZHOLD') });
    const [asset] = await apply('assets', [{ status: 'MOTHBALLED', status_maxvalue: 'MOTHBALLED' }]);
    expect(asset.status).toBe('not_operating');
  });
});

describe('custom fields', () => {
  it('customer attributes (cx_*, ex_*, any non-standard name) land in custom_fields; standard ones do not', async () => {
    const wo = stored(m, id, 'work-orders')[0];
    expect(Object.keys(wo.custom_fields as object).sort()).toEqual(['cx_costcenter', 'cx_shutdownreq']);
    const asset = stored(m, id, 'assets')[0];
    expect(asset.custom_fields).toHaveProperty('ex_criticality');
    const [r] = emu.liveRemoteIds('work-orders');
    emu.commands.changeRecords({ entity: 'work-orders', ids: [r], set: { plantzone: 'North', cx_costcenter: 'CC-999' } });
    await syncNow(m, id);
    expect(byRemote(m, id, 'work-orders', r).custom_fields).toMatchObject({ plantzone: 'North', cx_costcenter: 'CC-999' });
  });
});

describe('paging edges', () => {
  it.each([[0, 'empty'], [50, 'exactly one page'], [107, 'last page short']])('%i work orders (%s)', async (n) => {
    const a = await openMaximoAgent({ pageSize: 50 });
    const e = await startMaximoEmulator({ seed: n + 1, size: { workOrders: n, purchaseOrders: 3, assets: 10, inventory: 6, vendors: 4, locations: 6 } });
    try {
      const woPages: number[] = [];
      e.onRequest = (info) => { if (info.os === 'mxapiwodetail' && info.pageno !== null) woPages.push(info.pageno); };
      const r = await connectAndSync(a, e);
      expect(r.run.status).toBe('completed');
      const ids = stored(a, r.id, 'work-orders').map((w) => w.remote_id).sort();
      expect(ids).toEqual(e.liveRemoteIds('work-orders').sort());
      expect(woPages.length).toBeLessThanOrEqual(Math.ceil(n / 50) + 3); // verify + pages (+ boundary re-reads)
    } finally { await a.close(); await e.close(); }
  });
});

describe('writes', () => {
  let base: string;
  let token: string;
  let app: ReturnType<typeof createApiServer>;
  beforeAll(async () => {
    app = createApiServer(m.agent);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    token = (await m.api.revealToken({ id })).token;
  });
  afterAll(() => app.close());
  const call = (method: string, path: string, body: unknown) => fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const unified = (entity: EntityName, remote: string) => byRemote(m, id, entity, remote).id as string;

  it('creates a purchase order in Maximo and answers with it as Maximo has it', async () => {
    const vendor = unified('vendors', 'V1000/EAGLENA');
    const item = unified('inventory-items', '10001/SET1/CENTRAL/BEDFORD');
    const res = await call('POST', '/v1/purchase-orders', { vendor_id: vendor, currency: 'USD', lines: [{ item_id: item, quantity: 3, unit_price: '0.10' }, { item_id: item, quantity: 1, unit_price: 12.345 }], custom_fields: { cx_projectcode: 'PRJ-1' } });
    expect(res.status).toBe(201);
    const po = await res.json() as Record<string, unknown>;
    expect(po).toMatchObject({ status: 'pending_approval', currency: 'USD', vendor_id: vendor, total_amount: '12.645', custom_fields: { cx_projectcode: 'PRJ-1' } });
    expect((po.lines as { amount: string }[]).map((l) => l.amount)).toEqual(['0.30', '12.345']);
    const inMaximo = emu.record('purchase-orders', po.remote_id as string)!;
    expect(inMaximo).toMatchObject({ status: 'WAPPR', vendor: 'V1000', cx_projectcode: 'PRJ-1' });
  });

  it('Maximo validation errors come back as 422 with the Maximo message', async () => {
    const item = unified('inventory-items', '10001/SET1/CENTRAL/BEDFORD');
    const disabled = await call('POST', '/v1/purchase-orders', { vendor_id: unified('vendors', 'V1005/EAGLENA'), currency: 'USD', lines: [{ item_id: item, quantity: 1, unit_price: '1.00' }] });
    expect(disabled.status).toBe(422);
    expect(await disabled.json()).toMatchObject({ error: { code: 'invalid_vendor', message: expect.stringContaining('BMXAA4209E') } });
    const connector = await m.agent.connections.connector(id);
    await expect(connector.createPurchaseOrder({ vendor_id: 'NOPE/EAGLENA', currency: 'USD', lines: [{ item_id: '10001/SET1/CENTRAL/BEDFORD', quantity: 1, unit_price: '1' }] }))
      .rejects.toMatchObject({ kind: 'validation', extra: { code: 'invalid_vendor' } });
    await expect(connector.createPurchaseOrder({ vendor_id: 'V1000/EAGLENA', currency: 'USD', lines: [{ item_id: '99999/SET1/CENTRAL/BEDFORD', quantity: 1, unit_price: '1' }] }))
      .rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('BMXAA4191E'), extra: { code: 'invalid_item' } });
    await expect(connector.createPurchaseOrder({ vendor_id: 'V1000/EAGLENA', currency: 'USD', lines: [{ item_id: '10001/SET1/NOWHERE/BEDFORD', quantity: 1, unit_price: '1' }] }))
      .rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('BMXAA2661E'), extra: { code: 'invalid_location' } });
  });

  it('updates a work order by POST + x-method-override PATCH and answers with the new state', async () => {
    const target = stored(m, id, 'work-orders').find((w) => ['requested', 'approved'].includes(w.status as string))!;
    const res = await call('PATCH', `/v1/work-orders/${target.id as string}`, { status: 'in_progress', priority: 'urgent', assignee: 'NGUYEN', due_date: '2026-03-01T12:00:00Z', description: 'Bring the spare seal.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'in_progress', priority: 'urgent', assignee: 'NGUYEN', due_date: '2026-03-01T12:00:00Z', description: 'Bring the spare seal.' });
    expect(emu.record('work-orders', target.remote_id as string)).toMatchObject({ status: 'INPRG', wopriority: 1, lead: 'NGUYEN', description_longdescription: 'Bring the spare seal.' });
  });

  it('a status change Maximo refuses (BMXAA4590E) is a 422 invalid_status_transition, as on every system', async () => {
    const closed = stored(m, id, 'work-orders').find((w) => w.status === 'closed')!;
    const res = await call('PATCH', `/v1/work-orders/${closed.id as string}`, { status: 'in_progress' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_status_transition', message: expect.stringContaining('BMXAA4590E') } });
  });

  it('writes through /maximo/oslc with maxauth too', async () => {
    const c = createConnector(ibmMaximo, { connectionId: 'x', deployment: 'on_prem', baseUrl: emu.url, credentials: { username: emu.credentials.username, password: emu.credentials.password }, options: { allow_insecure: true } });
    const [r] = emu.liveRemoteIds('work-orders').filter((w) => ['WAPPR', 'APPR'].includes(String(emu.record('work-orders', w)!.status_maxvalue)));
    const out = await c.updateWorkOrder(r, { status: 'approved' });
    expect(out.record).toMatchObject({ remote_id: r, status: 'approved' });
    expect((out.record.remote_data as { href: string }).href).toContain('/maximo/oslc/os/mxapiwodetail/');
  });
});

describe('object-structure permissions', () => {
  it('BMXAA9301E makes that one entity unavailable (naming the object structure), not the connection', async () => {
    emu.commands.denyObjectStructure({ os: 'mxapipo' });
    const run = await syncNow(m, id);
    expect(run.status).toBe('completed');
    expect(run.warnings).toEqual([expect.objectContaining({ entity: 'purchase-orders', code: 'entity_unavailable', message: expect.stringMatching(/MXAPIPO/) })]);
    expect(m.agent.connections.get(id)).toMatchObject({ status: 'active', entities: { 'purchase-orders': { available: false, action: expect.stringMatching(/Object Structures/) } } });
    emu.commands.denyObjectStructure({ os: 'mxapipo', allow: true });
    const back = await syncNow(m, id);
    expect(back.status).toBe('completed');
    expect(back.warnings).toEqual([]);
  });

  it('the default classifier keeps ConnectorErrors and names transport failures', () => {
    const e = new ConnectorError('auth', 'x');
    expect(classifyDefault(e)).toBe(e);
    expect(classifyDefault(new Error('boom')).kind).toBe('system');
  });
});
