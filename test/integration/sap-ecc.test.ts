// SAP ECC 6.0 connector against its SOAP-RFC emulator, through the real agent:
// connect, full and incremental sync (content-hash change detection, deletion
// flags, absence), every code table, custom fields, paging edges, credentials
// rotated and reconnected, and the BAPI writes with their LUW and RETURN errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startSapEccEmulator, type SapEccEmulator } from '../emulators/sap-ecc/index.js';
import { byRemote, command, connectAndSync, connectInput, openEccAgent, stored, syncNow, type EccAgent } from '../emulators/sap-ecc/agent-helper.js';
import { sapEcc } from '../../src-main/systems/sap-ecc/definition.js';
import { RfcClient } from '../../src-main/systems/sap-ecc/client.js';
import { createConnector, type ChangePage } from '../../src-main/systems/kit/connector.js';
import { child, readTable } from '../../src-main/systems/sap-ecc/xml.js';
import { createApiServer } from '../../src-main/api/server.js';
import { entityNames, type EntityName } from '../../src-main/contract/unified.js';
import type { ConnectorConfig } from '../../src-main/systems/kit/config.js';

let h: EccAgent;
let emu: SapEccEmulator;
let id: string;
beforeAll(async () => {
  h = await openEccAgent();
  emu = await startSapEccEmulator({ seed: 7 });
  const c = await connectAndSync(h, emu);
  id = c.id;
  expect(c.run.status, JSON.stringify(c.run.error)).toBe('completed');
});
afterAll(async () => { await h.close(); await emu.close(); });

const config = (e: SapEccEmulator, extra: Partial<ConnectorConfig['options']> = {}): ConnectorConfig => ({
  connectionId: 'con_test', deployment: 'on_prem', baseUrl: e.url, credentials: { ...e.credentials }, options: { allow_insecure: true, ...extra }, system: { sap_client: e.client },
});
const createSapEccConnector = (c: ConnectorConfig) => createConnector(sapEcc, c);
const lastRun = (connectionId: string) => h.agent.sync.repo.lastRun(connectionId)!;

describe('connect', () => {
  it('stores an on-prem connection for 8 credits after a verified logon', () => {
    expect(h.agent.connections.get(id)).toMatchObject({ status: 'active', credits: 8, system: 'sap-ecc', deployment: 'on_prem' });
  });

  it('refuses a wrong password (HTTP 401) as invalid_credentials and stores nothing', async () => {
    const before = (await h.api.listConnections({})).data.length;
    await expect(h.api.connect(connectInput(emu, { credentials: { username: emu.credentials.username, password: 'wrong' } })))
      .rejects.toMatchObject({ code: 'invalid_credentials', message: expect.stringContaining('Name or password is incorrect') });
    await expect(h.api.connect(connectInput(emu, { client: '200' }))).rejects.toMatchObject({ code: 'invalid_credentials', message: expect.stringContaining('sap_client') });
    expect((await h.api.listConnections({})).data.length).toBe(before);
  });

  it('says unreachable when the system is down', async () => {
    const gone = await startSapEccEmulator({ size: { workOrders: 1 } });
    await gone.server.down();
    await expect(h.api.connect(connectInput(gone))).rejects.toMatchObject({ code: 'unreachable' });
    await gone.close();
  });

  it('speaks HTTPS with a private CA: tls_error without ca_cert, connected with it', async () => {
    const tls = await startSapEccEmulator({ tls: true, size: { workOrders: 5, purchaseOrders: 3, assets: 4, vendors: 3, materials: 4, plants: 1 } });
    try {
      await expect(h.api.connect(connectInput(tls, { ca: false }))).rejects.toMatchObject({ code: 'tls_error' });
      const r = await connectAndSync(h, tls, { name: 'tls' });
      expect(r.run.status).toBe('completed');
      expect(stored(h, r.id, 'work-orders')).toHaveLength(5);
      await h.api.disconnect({ id: r.id });
    } finally { await tls.close(); }
  });

  it('a locked user is refused with SAP’s message, and the password is never in it', async () => {
    const e = await startSapEccEmulator({ size: { workOrders: 1 } });
    try {
      command(e, 'lockUser');
      const err = await h.api.connect(connectInput(e)).catch((x: Error) => x);
      expect(err).toMatchObject({ code: 'invalid_credentials', message: expect.stringContaining('User is locked') });
      expect(JSON.stringify(err)).not.toContain(e.credentials.password);
    } finally { await e.close(); }
  });

  it('locks the user after five bad passwords, like login/fails_to_user_lock', async () => {
    const e = await startSapEccEmulator({ size: { workOrders: 1 } });
    try {
      const bad = createSapEccConnector({ ...config(e), credentials: { username: e.credentials.username, password: 'nope' } });
      for (let i = 0; i < 5; i++) await expect(bad.auth()).rejects.toMatchObject({ kind: 'auth' });
      await expect(createSapEccConnector(config(e)).auth()).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('too many failed attempts') });
    } finally { await e.close(); }
  });
});

describe('full sync', () => {
  it('stores every live record of every entity, keyed by the padded SAP key', () => {
    const run = h.agent.sync.repo.lastRun(id, 'completed')!;
    for (const e of entityNames) {
      const ids = stored(h, id, e).map((r) => r.remote_id).sort();
      expect(ids, e).toEqual(emu.remoteIds(e).sort());
      expect(run.counts[e]?.created, e).toBe(ids.length);
    }
  });

  it('skips contracts in EKKO and production orders in AUFK', () => {
    expect(stored(h, id, 'purchase-orders').some((p) => p.remote_id === '4600000001')).toBe(false);
    expect(stored(h, id, 'work-orders').every((w) => (w.remote_data as { ORDER_TYPE: string }).ORDER_TYPE.startsWith('PM'))).toBe(true);
  });

  it('maps keys, dates, money and references the SAP way', () => {
    const wo = stored(h, id, 'work-orders').find((w) => (w.remote_data as { EQUIPMENT: string }).EQUIPMENT)!;
    const raw = wo.remote_data as Record<string, string>;
    expect(wo.remote_id).toMatch(/^\d{12}$/);
    expect(wo.number).toBe(String(Number(wo.remote_id)));
    expect(wo.asset_id).toBe(byRemote(h, id, 'assets', raw.EQUIPMENT).id);
    expect(wo.location_id).toBe(byRemote(h, id, 'locations', raw.PLANPLANT).id);
    expect(wo.remote_updated_at).toBe(`${(raw.CHANGE_DATE !== '0000-00-00' ? raw.CHANGE_DATE : raw.ENTER_DATE)}T00:00:00.000Z`);
    // a price per 100 units: amount = quantity × price / 100
    const po = stored(h, id, 'purchase-orders').find((p) => (p.remote_data as { POITEM: { PRICE_UNIT: string }[] }).POITEM.some((i) => i.PRICE_UNIT === '100'))!;
    const it = (po.remote_data as { POITEM: { PRICE_UNIT: string; QUANTITY: string; NET_PRICE: string; PO_ITEM: string; DELETE_IND: string }[] }).POITEM.find((i) => i.PRICE_UNIT === '100' && !i.DELETE_IND)!;
    const line = (po.lines as { line_number: number; amount: string; unit_price: string }[]).find((l) => l.line_number === Number(it.PO_ITEM))!;
    expect(line.amount).toBe((Math.round(Number(it.QUANTITY) * Number(it.NET_PRICE)) / 100).toFixed(2));
    expect(po.vendor_id).toBe(byRemote(h, id, 'vendors', (po.remote_data as { POHEADER: { VENDOR: string } }).POHEADER.VENDOR).id);
    expect(po.vendor_name).toBeTruthy();
    // alphanumeric material numbers are not padded
    expect(stored(h, id, 'inventory-items').some((i) => String(i.remote_id).startsWith('SP-'))).toBe(true);
    const loc = byRemote(h, id, 'locations', '1000/0001');
    expect(loc).toMatchObject({ type: 'storeroom', parent_id: byRemote(h, id, 'locations', '1000').id, code: '1000/0001' });
  });

  it('puts customer ZZ fields into custom_fields', () => {
    const wo = stored(h, id, 'work-orders').find((w) => (w.remote_data as { ZZ_SAFETY: string }).ZZ_SAFETY)!;
    expect((wo.custom_fields as Record<string, string>).ZZ_SAFETY).toBe((wo.remote_data as { ZZ_SAFETY: string }).ZZ_SAFETY);
    const po = stored(h, id, 'purchase-orders').find((p) => (p.remote_data as { POHEADER: { ZZ_PROJECT: string } }).POHEADER.ZZ_PROJECT)!;
    expect(po.custom_fields).toMatchObject({ ZZ_PROJECT: expect.stringMatching(/^PRJ-/) });
    expect(stored(h, id, 'assets')[0].custom_fields).toHaveProperty('ZZ_CRITICALITY');
    expect(stored(h, id, 'vendors')[0].custom_fields).toHaveProperty('ZZ_RATING');
    expect(stored(h, id, 'inventory-items')[0].custom_fields).toHaveProperty('ZZ_HAZMAT');
  });

  it('reports nothing as changed when nothing changed (content hash)', async () => {
    const run = await syncNow(h, id);
    expect(run).toMatchObject({ status: 'completed', mode: 'incremental' });
    for (const e of entityNames) expect(run.counts[e], e).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
  });
});

describe('incremental sync', () => {
  it('picks up exactly the changed and flagged-deleted records', async () => {
    const changedWo = command(emu, 'changeRecords', { entity: 'work-orders', count: 7 }).changed;
    const changedPo = command(emu, 'changeRecords', { entity: 'purchase-orders', count: 3 }).changed;
    const changedAssets = command(emu, 'changeRecords', { entity: 'assets', count: 2 }).changed;
    const deletedPo = command(emu, 'deleteRecords', { entity: 'purchase-orders', count: 2 }).deleted; // DELETE_IND = L
    const deletedVendors = command(emu, 'deleteRecords', { entity: 'vendors', count: 1 }).deleted; // LOEVM = X
    const cancelledWo = command(emu, 'deleteRecords', { entity: 'work-orders', count: 2 }).deleted; // DLFL
    const created = command(emu, 'createRecords', { entity: 'work-orders', count: 4 }).created;
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    const updatedPo = changedPo.filter((x) => !deletedPo.includes(x));
    expect(run.counts['work-orders']).toMatchObject({ created: 4, updated: new Set([...changedWo, ...cancelledWo]).size, deleted: 0 });
    expect(run.counts['purchase-orders']).toMatchObject({ created: 0, updated: updatedPo.length, deleted: 2 });
    expect(run.counts.assets).toMatchObject({ created: 0, updated: 2, deleted: 0 });
    expect(run.counts.vendors).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(run.counts.locations).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    for (const r of changedWo.filter((x) => !cancelledWo.includes(x))) expect(byRemote(h, id, 'work-orders', r).title).toMatch(/\(rev \d+\)$/);
    for (const r of cancelledWo) expect(byRemote(h, id, 'work-orders', r).status).toBe('cancelled');
    for (const r of created) expect(byRemote(h, id, 'work-orders', r).status).toBe('requested');
    for (const r of deletedPo) expect(byRemote(h, id, 'purchase-orders', r).deleted_at).toBeTruthy();
    expect(byRemote(h, id, 'vendors', deletedVendors[0]).deleted_at).toBeTruthy();
    for (const r of changedAssets) expect(byRemote(h, id, 'assets', r).name).toMatch(/\(rev \d+\)$/);
  });

  // Relies on the engine treating a connector with `listsEverything: true` as a full
  // listing on every sync (absence = deleted), since ECC has no change timestamp.
  it('finds archived records (gone from SAP) by absence on an incremental sync (listsEverything)', async () => {
    const archivedWo = command(emu, 'deleteRecords', { entity: 'work-orders', count: 3, archive: true }).deleted;
    const archivedAsset = command(emu, 'deleteRecords', { entity: 'assets', count: 1, archive: true }).deleted;
    const run = await syncNow(h, id);
    expect(run).toMatchObject({ status: 'completed', mode: 'incremental' });
    expect(run.counts['work-orders']).toMatchObject({ deleted: 3 });
    expect(run.counts.assets).toMatchObject({ deleted: 1 });
    for (const r of archivedWo) expect(byRemote(h, id, 'work-orders', r).deleted_at).toBeTruthy();
    expect(byRemote(h, id, 'assets', archivedAsset[0]).deleted_at).toBeTruthy();
  });

  it('a full sync finds archived records by absence (works with today’s engine)', async () => {
    const archived = command(emu, 'deleteRecords', { entity: 'inventory-items', count: 2, archive: true }).deleted;
    const run = await syncNow(h, id, true);
    expect(run).toMatchObject({ status: 'completed', mode: 'full' });
    for (const r of archived) expect(byRemote(h, id, 'inventory-items', r).deleted_at).toBeTruthy();
    expect(stored(h, id, 'inventory-items').map((r) => r.remote_id).sort()).toEqual(emu.remoteIds('inventory-items').sort());
  });
});

describe('code tables', () => {
  const woIds = () => emu.remoteIds('work-orders');
  const unknownEvents = () => h.events.filter((e) => e.type === 'system.error' && (e.data as { code: string }).code === 'unknown_code').map((e) => (e.data as { message: string }).message);

  it('maps every order system status, priority and type, and unknown codes to safe values with one system.error each', async () => {
    const statuses: [string, string][] = [
      ['CRTD', 'requested'], ['CRTD NMAT', 'requested'], ['REL  NMAT PRC', 'approved'], ['I0002', 'approved'], ['REL  PCNF NMAT', 'in_progress'],
      ['REL  CNF  PRC', 'completed'], ['TECO PRC SETC', 'completed'], ['I0045', 'completed'], ['CLSD PRC', 'closed'], ['I0046', 'closed'],
      ['DLFL CRTD', 'cancelled'], ['I0076', 'cancelled'], ['XYZW', 'requested'], ['REL  QQQQ', 'approved'],
    ];
    const prios: [string, string][] = [['1', 'urgent'], ['2', 'high'], ['3', 'medium'], ['4', 'low'], ['', 'medium'], ['9', 'medium']];
    const types: [string, string][] = [['PM01', 'corrective'], ['PM02', 'preventive'], ['PM03', 'preventive'], ['PM04', 'other'], ['PM05', 'inspection'], ['ZM99', 'other']];
    const ids = woIds();
    const cases: { rid: string; field: string; expected: string }[] = [];
    statuses.forEach(([line, unified], i) => { command(emu, 'patchRecord', { entity: 'work-orders', remote_id: ids[i], fields: { _STATUS: line } }); cases.push({ rid: ids[i], field: 'status', expected: unified }); });
    prios.forEach(([p, unified], i) => { const rid = ids[20 + i]; command(emu, 'patchRecord', { entity: 'work-orders', remote_id: rid, fields: { _PRIORITY: p, _STATUS: 'CRTD' } }); cases.push({ rid, field: 'priority', expected: unified }); });
    types.forEach(([t, unified], i) => { const rid = ids[30 + i]; command(emu, 'patchRecord', { entity: 'work-orders', remote_id: rid, fields: { AUART: t, _STATUS: 'CRTD' } }); cases.push({ rid, field: 'type', expected: unified }); });
    const before = h.events.length;
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    for (const c of cases) expect(byRemote(h, id, 'work-orders', c.rid)[c.field], `${c.rid} ${c.field}`).toBe(c.expected);
    const msgs = h.events.slice(before).filter((e) => e.type === 'system.error').map((e) => (e.data as { message: string }).message);
    for (const code of ['XYZW', 'QQQQ', '"9"', 'ZM99']) expect(msgs.filter((m) => m.includes(code)), code).toHaveLength(1);
    expect(unknownEvents().length).toBeGreaterThanOrEqual(4);
  });

  it('maps the purchase order rule: deletion indicator, release indicator, receipts', async () => {
    const ids = emu.remoteIds('purchase-orders');
    const items = (rid: string, patch: Record<string, string>) => (emu.db.poItems.get(rid) ?? []).map(() => patch);
    const cases: [string, Record<string, string>, Record<string, string>, string][] = [
      [ids[0], { LOEKZ: 'S', FRGKE: '' }, { WEMNG: '0.000', ELIKZ: '', LOEKZ: '' }, 'draft'],
      [ids[1], { LOEKZ: '', FRGKE: 'B' }, { WEMNG: '0.000', ELIKZ: '', LOEKZ: '' }, 'pending_approval'],
      [ids[2], { LOEKZ: '', FRGKE: 'R' }, { WEMNG: '0.000', ELIKZ: '', LOEKZ: '' }, 'approved'],
      [ids[3], { LOEKZ: '', FRGKE: '' }, { WEMNG: '0.000', ELIKZ: '', LOEKZ: '' }, 'approved'],
      [ids[4], { LOEKZ: '', FRGKE: '' }, { WEMNG: '1.000', ELIKZ: '', LOEKZ: '' }, 'partially_received'],
      [ids[5], { LOEKZ: '', FRGKE: '' }, { WEMNG: '99999.000', ELIKZ: '', LOEKZ: '' }, 'completed'],
      [ids[6], { LOEKZ: '', FRGKE: '' }, { WEMNG: '0.000', ELIKZ: 'X', LOEKZ: '' }, 'completed'],
      [ids[7], { LOEKZ: '', FRGKE: 'Q' }, { WEMNG: '0.000', ELIKZ: '', LOEKZ: '' }, 'draft'],
    ];
    for (const [rid, fields, item] of cases) command(emu, 'patchRecord', { entity: 'purchase-orders', remote_id: rid, fields, items: items(rid, item) });
    const before = h.events.length;
    await syncNow(h, id);
    for (const [rid, , , expected] of cases) expect(byRemote(h, id, 'purchase-orders', rid).status, rid).toBe(expected);
    expect(h.events.slice(before).some((e) => e.type === 'system.error' && (e.data as { message: string }).message.includes('"Q"'))).toBe(true);
  });

  it('maps equipment statuses (JEST) and vendor blocks', async () => {
    const ids = emu.remoteIds('assets');
    const cases: [string[], string][] = [[['I0100'], 'operating'], [['I0099'], 'operating'], [['I0320'], 'not_operating'], [['I0100', 'I0076'], 'decommissioned'], [[], 'not_operating'], [['I9999', 'I0100'], 'operating']];
    cases.forEach(([status], i) => command(emu, 'patchRecord', { entity: 'assets', remote_id: ids[i], status }));
    const vendor = emu.remoteIds('vendors')[3];
    command(emu, 'patchRecord', { entity: 'vendors', remote_id: vendor, fields: { SPERM: 'X' } });
    const before = h.events.length;
    await syncNow(h, id);
    cases.forEach(([, expected], i) => expect(byRemote(h, id, 'assets', ids[i]).status, ids[i]).toBe(expected));
    expect(byRemote(h, id, 'vendors', vendor).status).toBe('blocked');
    expect(h.events.slice(before).some((e) => e.type === 'system.error' && (e.data as { message: string }).message.includes('I9999'))).toBe(true);
  });
});

describe('paging', () => {
  const listAll = async (e: SapEccEmulator, entity: EntityName, pageSize: number) => {
    const k = createSapEccConnector(config(e));
    const pages: number[] = [];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: ChangePage = await k.listChanges({ entity, since: null, historyStart: null, cursor, pageSize });
      pages.push(p.records.length);
      seen.push(...p.records.map((r) => r.remote_id));
      cursor = p.nextCursor;
    } while (cursor);
    return { pages, seen };
  };
  const complete = async (e: SapEccEmulator, entity: EntityName, pageSize: number) => {
    const { pages, seen } = await listAll(e, entity, pageSize);
    expect(Math.max(...pages), entity).toBeLessThanOrEqual(pageSize);
    expect(new Set(seen).size, entity).toBe(seen.length); // each record once
    expect([...seen].sort(), entity).toEqual(e.remoteIds(entity).sort());
    return pages;
  };

  it('empty result, exactly one page, many key ranges — every row once, whatever order the table answers in', async () => {
    const empty = await startSapEccEmulator({ size: { workOrders: 0 } });
    const ten = await startSapEccEmulator({ size: { workOrders: 10 } });
    const many = await startSapEccEmulator({ size: { workOrders: 25 } });
    try {
      expect((await listAll(empty, 'work-orders', 10)).pages).toEqual([0]);
      expect((await listAll(ten, 'work-orders', 10)).pages).toEqual([10]);
      expect((await complete(many, 'work-orders', 10)).length).toBeGreaterThanOrEqual(3);
      await complete(many, 'locations', 4);
      await complete(many, 'inventory-items', 7);
      await complete(many, 'vendors', 5);
      await complete(many, 'assets', 6);
      await complete(many, 'purchase-orders', 3);
    } finally { await empty.close(); await ten.close(); await many.close(); }
  });

  it('a cursor resumes exactly after its key even when orders are inserted and archived meanwhile', async () => {
    const e = await startSapEccEmulator({ size: { workOrders: 30 } });
    try {
      const k = createSapEccConnector(config(e));
      const first = await k.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: null, pageSize: 10 });
      command(e, 'deleteRecords', { entity: 'work-orders', count: 1, archive: true }); // removes the first order
      command(e, 'createRecords', { entity: 'work-orders', count: 2 });
      const seen = first.records.map((r) => r.remote_id);
      let cursor = first.nextCursor;
      while (cursor) {
        const p = await k.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize: 10 });
        seen.push(...p.records.map((r) => r.remote_id));
        cursor = p.nextCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      const last = first.records[first.records.length - 1].remote_id;
      expect(seen.slice(first.records.length)).toEqual(e.remoteIds('work-orders').filter((r) => r > last).sort());
      await expect(k.listChanges({ entity: 'assets', since: null, historyStart: null, cursor: first.nextCursor, pageSize: 10 })).rejects.toMatchObject({ kind: 'invalid_request' });
    } finally { await e.close(); }
  });
});

describe('credentials rotated in SAP', () => {
  it('fails the next sync as auth_required, stops calling SAP, and reconnect resumes incrementally', async () => {
    const e = await startSapEccEmulator({ seed: 3, size: { workOrders: 40 } });
    try {
      const c = await connectAndSync(h, e, { name: 'rotate' });
      const fresh = command(e, 'rotateCredentials') as unknown as { username: string; password: string };
      const before = { unauthorized: e.stats.unauthorized, requests: e.stats.requests };
      const run = await syncNow(h, c.id);
      expect(run).toMatchObject({ status: 'failed', error: { code: 'auth_failed' } });
      expect(e.stats.unauthorized - before.unauthorized).toBe(1); // one refused call, no retries that could lock the user
      expect(h.agent.connections.get(c.id).status).toBe('auth_required');
      expect(h.events.some((ev) => ev.type === 'connection.auth_required' && (ev.data as { connection_id: string }).connection_id === c.id)).toBe(true);
      expect(() => h.agent.sync.start(c.id)).toThrow(/reconnect/);
      expect(e.stats.requests - before.requests).toBe(1);
      const again = await h.api.reconnect({ id: c.id, credentials: fresh });
      expect(again.connection.status).toBe('active');
      expect(again.token).not.toBe(c.token);
      expect(h.agent.connections.authenticate(c.token)).toBeNull();
      const resumed = (await h.agent.sync.whenDone(c.id)) ?? await syncNow(h, c.id);
      expect(resumed).toMatchObject({ status: 'completed', mode: 'incremental' });
      await h.api.disconnect({ id: c.id });
    } finally { await e.close(); }
  });
});

describe('writes', () => {
  let base: string;
  let token: string;
  let app: ReturnType<typeof createApiServer>;
  beforeAll(async () => {
    app = createApiServer(h.agent);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    token = (await h.api.revealToken({ id })).token;
  });
  afterAll(() => app.close());
  const call = (method: string, path: string, body: unknown) => fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const stock = () => emu.db.MARD.all().find((r) => r.LVORM !== 'X' && r._OOS !== 'X' && /^\d+$/.test(r.MATNR))!;
  const goodVendor = () => emu.db.LFA1.all().find((r) => r.LOEVM !== 'X' && r.SPERM !== 'X')!.LIFNR;

  it('creates a purchase order with BAPI_PO_CREATE1 + commit and answers with it as SAP has it', async () => {
    const s = stock();
    const vendor = byRemote(h, id, 'vendors', goodVendor()).id;
    const item = byRemote(h, id, 'inventory-items', `${s.MATNR}/${s.WERKS}/${s.LGORT}`).id;
    const res = await call('POST', '/v1/purchase-orders', {
      vendor_id: vendor, currency: 'EUR', expected_delivery_date: '2026-03-01T00:00:00Z',
      lines: [{ item_id: item, quantity: 4, unit_price: '12.50' }, { item_id: item, quantity: 1, unit_price: 3 }], custom_fields: { ZZ_PROJECT: 'PRJ-777' },
    });
    const po = await res.json() as Record<string, unknown>;
    expect(res.status, JSON.stringify(po)).toBe(201);
    expect(po).toMatchObject({ status: 'approved', currency: 'EUR', vendor_id: vendor, total_amount: '53.00', expected_delivery_date: '2026-03-01T00:00:00.000Z', custom_fields: { ZZ_PROJECT: 'PRJ-777' } });
    expect((po.lines as { item_id: string; amount: string }[]).map((l) => [l.item_id, l.amount])).toEqual([[item, '50.00'], [item, '3.00']]);
    const inSap = emu.db.EKKO.get(po.remote_id as string)!;
    expect(inSap).toMatchObject({ LIFNR: goodVendor(), WAERS: 'EUR', ZZ_PROJECT: 'PRJ-777' });
    expect(emu.db.poItems.get(po.remote_id as string)).toHaveLength(2);
  });

  it('SAP RETURN errors come back as 422 with SAP’s message, and nothing is created (rollback)', async () => {
    const s = stock();
    const item = `${s.MATNR}/${s.WERKS}/${s.LGORT}`;
    const count = emu.db.EKKO.size;
    const res = await call('POST', '/v1/purchase-orders', { vendor_id: '0000999999', currency: 'EUR', lines: [{ item_id: byRemote(h, id, 'inventory-items', item).id, quantity: 1, unit_price: '1.00' }] });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_vendor', message: 'Vendor 999999 does not exist' } });
    const connector = await h.agent.connections.connector(id);
    const oos = emu.db.MARD.all().find((r) => r._OOS === 'X')!;
    await expect(connector.createPurchaseOrder({ vendor_id: goodVendor(), currency: 'EUR', lines: [{ item_id: `${oos.MATNR}/${oos.WERKS}/${oos.LGORT}`, quantity: 2, unit_price: '5' }] }))
      .rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('Deficit of SL Unrestricted-use'), extra: { code: 'out_of_stock' } });
    const blocked = emu.db.LFA1.all().find((r) => r.SPERM === 'X' && r.LOEVM !== 'X')!;
    await expect(connector.createPurchaseOrder({ vendor_id: blocked.LIFNR, currency: 'EUR', lines: [{ item_id: item, quantity: 1, unit_price: '1' }] }))
      .rejects.toMatchObject({ kind: 'validation', extra: { code: 'invalid_vendor' } });
    expect(emu.db.EKKO.size).toBe(count);
    expect(emu.stats.byFunction.BAPI_TRANSACTION_ROLLBACK).toBeGreaterThanOrEqual(3);
  });

  it('models the LUW: BAPI_PO_CREATE1 without a commit in the same session changes nothing', async () => {
    const s = stock();
    const rfc = new RfcClient(config(emu));
    const count = emu.db.EKKO.size;
    const res = await rfc.call('BAPI_PO_CREATE1', {
      POHEADER: { VENDOR: goodVendor(), CURRENCY: 'EUR', DOC_TYPE: 'NB' }, POITEM: [{ PO_ITEM: '00010', MATERIAL: s.MATNR, PLANT: s.WERKS, STGE_LOC: s.LGORT, QUANTITY: '1', NET_PRICE: '1.00' }],
    });
    const ebeln = child(res, 'EXPPURCHASEORDER')!.text;
    expect(ebeln).toMatch(/^45\d{8}$/);
    await rfc.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' }); // a new roll area: the create is gone
    expect(emu.db.EKKO.size).toBe(count);
    const detail = await rfc.call('BAPI_PO_GETDETAIL1', { PURCHASEORDER: ebeln });
    expect(readTable(child(detail, 'RETURN'))[0]).toMatchObject({ TYPE: 'E' });
  });

  it('changes a work order with BAPI_ALM_ORDER_MAINTAIN (CHANGE + RELEASE + SAVE) and answers with its new state', async () => {
    const crtd = emu.db.AUFK.all().find((r) => r.AUTYP === '30' && r._STATUS === 'CRTD')!;
    const wo = byRemote(h, id, 'work-orders', crtd.AUFNR);
    const res = await call('PATCH', `/v1/work-orders/${wo.id as string}`, { status: 'approved', priority: 'urgent', due_date: '2026-04-30T00:00:00Z', assignee: 'MECH-02' });
    const body = await res.json() as Record<string, unknown>;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ id: wo.id, status: 'approved', priority: 'urgent', due_date: '2026-04-30T00:00:00.000Z', assignee: 'MECH-02' });
    expect(emu.db.AUFK.get(crtd.AUFNR)).toMatchObject({ _PRIORITY: '1', _GLTRP: '20260430', _ARBPL: 'MECH-02' });
    expect(emu.db.AUFK.get(crtd.AUFNR)!._STATUS).toMatch(/^REL/);
    const done = await call('PATCH', `/v1/work-orders/${wo.id as string}`, { status: 'completed' });
    expect(await done.json()).toMatchObject({ status: 'completed' });
  });

  it('an order status SAP refuses comes back as 422 with SAP’s message', async () => {
    const teco = emu.db.AUFK.all().find((r) => r.AUTYP === '30' && r._STATUS?.startsWith('TECO'))!;
    const wo = byRemote(h, id, 'work-orders', teco.AUFNR);
    const res = await call('PATCH', `/v1/work-orders/${wo.id as string}`, { status: 'in_progress' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_status_transition', message: expect.stringContaining('System status TECO is active') } });
    const bad = await call('PATCH', `/v1/work-orders/${wo.id as string}`, { assignee: 'NOBODY' });
    expect(bad.status).toBe(422);
    expect(emu.db.AUFK.get(teco.AUFNR)!._STATUS).toMatch(/^TECO/);
  });
});
