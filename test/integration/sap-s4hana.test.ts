// The SAP S/4HANA connector against its emulator, through the real agent (SQLite
// file, private keychain, HTTP over sockets): connect, full and incremental sync,
// code mappings, custom fields, paging edges, fault switches, credential rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapS4hanaEmulator, type SapEmulator } from '../emulators/sap-s4hana/index.js';
import { configFor, connectAndSync, connectInput, connectorFor, expectedCounts, openSapAgent, stored, syncNow, type SapAgent } from '../emulators/sap-s4hana/agent.js';
import { SapClient } from '../../src-main/systems/sap-s4hana/client.js';
import { FALLBACKS } from '../../src-main/systems/kit/mapping.js';
import { mapPurchaseOrder, PO_PROCESSING_STATUS } from '../../src-main/systems/sap-s4hana/mappers/purchase-orders.js';
import { mapWorkOrder, workOrderStatus, WO_LIFECYCLE_STATUS, WO_PRIORITIES, WO_TYPES } from '../../src-main/systems/sap-s4hana/mappers/work-orders.js';
import { parseODataDate } from '../../src-main/systems/sap-s4hana/odata.js';
import type { ConnectorError } from '../../src-main/systems/kit/errors.js';
import type { EntityName } from '../../src-main/contract/unified.js';

const WO_COUNT = 1200;
let emu: SapEmulator;
let s: SapAgent;
let con: { id: string; token: string };

beforeAll(async () => {
  emu = await startSapS4hanaEmulator({ seed: 7, size: { workOrders: WO_COUNT } });
  s = await openSapAgent({ pageSize: 250 });
});
afterAll(async () => {
  await s.agent.close();
  await emu.close();
});


describe('connect', () => {
  it('refuses a wrong password with invalid_credentials and stores nothing', async () => {
    await expect(s.api.connect(connectInput(emu, { credentials: { username: emu.credentials().username, password: 'wrong' } })))
      .rejects.toMatchObject({ code: 'invalid_credentials' });
    expect((await s.api.listConnections({})).data).toHaveLength(0);
  });

  it('refuses an unknown sap-client (logon fails) with invalid_credentials', async () => {
    await expect(s.api.connect(connectInput(emu, { options: { sap_client: '200' } }))).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('says unreachable when the system is down', async () => {
    const other = await startSapS4hanaEmulator({ size: { workOrders: 5 } });
    await other.down();
    await expect(s.api.connect(connectInput(other))).rejects.toMatchObject({ code: 'unreachable' });
    await other.close();
  });

  it('speaks TLS with a private CA: tls_error without ca_cert, connected with it', async () => {
    const secure = await startSapS4hanaEmulator({ tls: true, size: { workOrders: 5, purchaseOrders: 3, assets: 5, vendors: 5, products: 5 } });
    try {
      await expect(s.api.connect(connectInput(secure))).rejects.toMatchObject({ code: 'tls_error' });
      const r = await s.api.connect(connectInput(secure, { options: { ca_cert: secure.caCert }, name: 'tls' }));
      expect(r.connection.status).toBe('active');
      const run = await s.agent.sync.whenDone(r.connection.id);
      expect(run?.status).toBe('completed');
      expect(stored(s, r.connection.id, 'work-orders')).toHaveLength(5);
      await s.api.disconnect({ id: r.connection.id });
    } finally {
      await secure.close();
    }
  });

  it('locks a cloud communication user after 3 failed logons, until it is unlocked', async () => {
    const cloud = await startSapS4hanaEmulator({ deployment: 'cloud', size: { workOrders: 3, purchaseOrders: 2, assets: 3, vendors: 3, products: 3 } });
    try {
      const bad = { username: cloud.credentials().username, password: 'nope' };
      for (let i = 0; i < 3; i++) await expect(s.api.connect(connectInput(cloud, { deployment: 'cloud', credentials: bad }))).rejects.toMatchObject({ code: 'invalid_credentials' });
      // the right password is refused too while the user is locked
      await expect(s.api.connect(connectInput(cloud, { deployment: 'cloud' }))).rejects.toMatchObject({ code: 'invalid_credentials' });
      cloud.commands.unlock({});
      const r = await s.api.connect(connectInput(cloud, { deployment: 'cloud', name: 'cloud' }));
      expect(r.connection).toMatchObject({ status: 'active', credits: 4 });
      await s.agent.sync.whenDone(r.connection.id);
      await s.api.disconnect({ id: r.connection.id });
    } finally {
      await cloud.close();
    }
  });

  it('connects with the right credentials (8 credits on-prem) and runs the initial sync', async () => {
    const r = await connectAndSync(s, emu);
    con = { id: r.id, token: r.token };
    expect(r.run).toMatchObject({ status: 'completed', mode: 'initial' });
    expect(s.agent.connections.get(r.id)).toMatchObject({ status: 'active', credits: 8 });
  });
});

describe('full sync', () => {
  it('stores every entity with the counts the system holds', () => {
    const want = expectedCounts(emu);
    for (const [entity, n] of Object.entries(want) as [EntityName, number][]) {
      expect(stored(s, con.id, entity), entity).toHaveLength(n);
    }
    expect(want['work-orders']).toBe(WO_COUNT);
  });

  it('maps purchase orders: decimals stay strings, item keys "10" and "00010", totals exact', () => {
    const pos = stored(s, con.id, 'purchase-orders');
    for (const raw of emu.data.purchaseOrders.slice(0, 20)) {
      const po = pos.find((p) => p.remote_id === raw.PurchaseOrder)!;
      const lines = po.lines as { line_number: number; unit_price: string; amount: string; quantity: number }[];
      expect(lines.map((l) => l.line_number)).toEqual((raw._items as { PurchaseOrderItem: string }[]).map((i) => Number(i.PurchaseOrderItem)));
      for (const l of lines) { expect(typeof l.unit_price).toBe('string'); expect(l.amount).toMatch(/^\d+\.\d{2}$/); }
      const cents = lines.reduce((sum, l) => sum + BigInt(l.amount.replace('.', '')), 0n);
      expect(po.total_amount).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
      expect(po.vendor_id).toMatch(/^ven_/); // resolved to the unified vendor id
    }
    // NetPriceQuantity 100: the unit price is per piece
    const per100 = emu.data.purchaseOrders.find((p) => (p._items as { NetPriceQuantity: string }[]).some((i) => i.NetPriceQuantity === '100'))!;
    const item = (per100._items as { NetPriceQuantity: string; NetPriceAmount: string; OrderQuantity: string; PurchaseOrderItem: string }[]).find((i) => i.NetPriceQuantity === '100')!;
    const line = (pos.find((p) => p.remote_id === per100.PurchaseOrder)!.lines as { line_number: number; unit_price: string }[]).find((l) => l.line_number === Number(item.PurchaseOrderItem))!;
    expect(Number(line.unit_price)).toBeCloseTo(Number(item.NetPriceAmount) / 100, 6);
  });

  it('keeps customer ZZ*/YY1_* fields in custom_fields and the SAP record in remote_data', () => {
    const wo = s.agent.records.get(con.id, 'work-orders', '4000001', true)!;
    const raw = emu.data.workOrderAt(1);
    expect(wo.custom_fields).toMatchObject({ ZZ_SHIFT: raw.ZZ_SHIFT, YY1_SafetyPermit_ORD: raw.YY1_SafetyPermit_ORD });
    expect((wo.remote_data as Record<string, unknown>).SystemStatusText).toBe(raw.SystemStatusText);
    const asset = s.agent.records.get(con.id, 'assets', '10000000')!;
    expect(asset.custom_fields).toMatchObject({ YY1_Criticality_IEQ: emu.data.equipment[0].YY1_Criticality_IEQ });
    const vendor = s.agent.records.get(con.id, 'vendors', '10300001')!;
    expect(vendor.custom_fields).toHaveProperty('ZZ1_SupplierRating');
  });

  it('reads only the current equipment time segment (composite key with ValidityEndDate)', () => {
    const names = stored(s, con.id, 'assets').map((a) => String(a.name));
    expect(emu.data.equipment.some((e) => String(e.EquipmentName).endsWith('(old)'))).toBe(true);
    expect(names.filter((n) => n.endsWith('(old)'))).toEqual([]);
  });

  it('turns stock into inventory items per storage location, with the unrestricted stock on hand', () => {
    const first = emu.data.stock[0];
    const key = `${String(first.Plant)}/${String(first.StorageLocation)}/${String(first.Material)}`;
    const item = s.agent.records.get(con.id, 'inventory-items', key)!;
    const onHand = emu.data.stock.filter((x) => x.Material === first.Material && x.Plant === first.Plant && x.StorageLocation === first.StorageLocation && x.InventoryStockType === '01')
      .reduce((n, x) => n + Number(x.MatlWrhsStkQtyInMatlBaseUnit), 0);
    expect(item).toMatchObject({ part_number: first.Material, quantity_on_hand: onHand, unit: 'PC', currency: 'EUR' });
    expect(item.unit_cost).toMatch(/^\d+\.\d{2,}$/);
    expect(String(item.location_id)).toMatch(/^loc_/);
  });
});

describe('incremental sync', () => {
  it('picks up exactly the changed and the deleted records', async () => {
    const before = { ...emu.stats.lists };
    const changedWo = emu.commands.changeRecords({ entity: 'work-orders', count: 3 }) as { changed: string[] };
    const changedPo = emu.commands.changeRecords({ entity: 'purchase-orders', count: 2 }) as { changed: string[] };
    const changedAsset = emu.commands.changeRecords({ entity: 'assets', count: 1 }) as { changed: string[] };
    const deletedWo = emu.commands.deleteRecords({ entity: 'work-orders', count: 2 }) as { deleted: string[] };
    const deletedPo = emu.commands.deleteRecords({ entity: 'purchase-orders', count: 1 }) as { deleted: string[] };
    const deletedAsset = emu.commands.deleteRecords({ entity: 'assets', count: 1 }) as { deleted: string[] };
    const deletedVendor = emu.commands.deleteRecords({ entity: 'vendors', count: 1 }) as { deleted: string[] };

    const run = await syncNow(s, con.id);
    expect(run).toMatchObject({ status: 'completed', mode: 'incremental' });
    expect(run.counts['work-orders']).toMatchObject({ created: 0, updated: 3, deleted: 2, failed: 0 });
    expect(run.counts['purchase-orders']).toMatchObject({ created: 0, updated: 2, deleted: 1 });
    expect(run.counts.assets).toMatchObject({ created: 0, updated: 1, deleted: 1 });
    expect(run.counts.vendors).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(run.counts.locations).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(run.counts['inventory-items']).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    // one page of maintenance orders, not a re-listing of 1,200
    expect((emu.stats.lists.MaintenanceOrder ?? 0) - (before.MaintenanceOrder ?? 0)).toBe(1);

    for (const id of changedWo.changed) expect(String(s.agent.records.get(con.id, 'work-orders', id)!.title)).toMatch(/\(chg \d+\)$/);
    expect(changedPo.changed).toHaveLength(2);
    expect(String(s.agent.records.get(con.id, 'assets', changedAsset.changed[0])!.name)).toMatch(/rev\d+$/);
    for (const [entity, ids] of [['work-orders', deletedWo.deleted], ['purchase-orders', deletedPo.deleted], ['assets', deletedAsset.deleted], ['vendors', deletedVendor.deleted]] as const) {
      for (const id of ids) expect(s.agent.records.get(con.id, entity, id)!.deleted_at, `${entity} ${id}`).not.toBeNull();
    }
    const want = expectedCounts(emu);
    for (const [entity, n] of Object.entries(want) as [EntityName, number][]) expect(stored(s, con.id, entity), entity).toHaveLength(n);
  });

  it('an incremental sync with no changes changes nothing', async () => {
    const run = await syncNow(s, con.id);
    for (const c of Object.values(run.counts)) expect(c).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
  });
});

describe('code mappings', () => {
  const lifecycleCases: [string, string][] = [
    ['CRTD NMAT PRC', 'requested'], ['REL  NMAT PRC SETC', 'approved'], ['PCNF MACM PRC SETC', 'in_progress'], ['CNF  PRC SETC', 'completed'],
    ['TECO PRC SETC', 'completed'], ['CLSD PRC SETC', 'closed'], ['REL  LKD  PRC', 'on_hold'], ['TECO LKD', 'completed'],
  ];

  it.each(lifecycleCases)('SystemStatusText %j → %s', (text, status) => {
    expect(workOrderStatus(text).status).toBe(status);
  });

  it('covers every lifecycle code of the table', () => {
    for (const [code, { status }] of Object.entries(WO_LIFECYCLE_STATUS)) expect(workOrderStatus(`${code} PRC`).status).toBe(status);
    expect(workOrderStatus('REL DLFL').status).toBe('deleted');
  });

  it.each(Object.entries(WO_PRIORITIES))('MaintPriority %s → %s', (code, priority) => {
    expect(mapWorkOrder({ MaintenanceOrder: '1', MaintPriority: code, SystemStatusText: 'CRTD', LastChangeDateTime: '/Date(0+0000)/' }).record.priority).toBe(priority);
  });

  it.each(Object.entries(WO_TYPES))('MaintenanceOrderType %s → %s', (code, type) => {
    expect(mapWorkOrder({ MaintenanceOrder: '1', MaintenanceOrderType: code, SystemStatusText: 'CRTD', LastChangeDateTime: '/Date(0+0000)/' }).record.type).toBe(type);
  });

  const poCases: [Record<string, unknown>, string][] = [
    [{ PurchasingProcessingStatus: '01' }, 'draft'],
    [{ PurchasingProcessingStatus: '02' }, 'approved'],
    [{ PurchasingProcessingStatus: '03', ReleaseIsNotCompleted: true }, 'pending_approval'],
    [{ PurchasingProcessingStatus: '05' }, 'approved'],
    [{ PurchasingProcessingStatus: '08' }, 'draft'],
    [{ PurchasingProcessingStatus: '02', ReleaseIsNotCompleted: true }, 'pending_approval'],
    [{ PurchasingProcessingStatus: '05', PurchasingDocumentDeletionCode: 'S' }, 'draft'],
    [{ PurchasingProcessingStatus: '05', PurchasingCompletenessStatus: true }, 'draft'],
    [{ PurchasingProcessingStatus: '05', delivered: [true, false] }, 'partially_received'],
    [{ PurchasingProcessingStatus: '05', delivered: [true, true] }, 'completed'],
  ];
  it.each(poCases)('purchase order %j → %s', (fields, status) => {
    const { delivered = [false], ...header } = fields as { delivered?: boolean[] } & Record<string, unknown>;
    const raw = {
      PurchaseOrder: '1', DocumentCurrency: 'EUR', LastChangeDateTime: '/Date(0+0000)/', ...header,
      to_PurchaseOrderItem: { results: delivered.map((d, i) => ({ PurchaseOrder: '1', PurchaseOrderItem: String((i + 1) * 10), OrderQuantity: '2.000', NetPriceAmount: '1.50', NetPriceQuantity: '1', IsCompletelyDelivered: d })) },
    };
    expect(mapPurchaseOrder(raw).record.status).toBe(status);
    expect(Object.keys(PO_PROCESSING_STATUS)).toContain(String(header.PurchasingProcessingStatus));
  });

  it('maps unknown codes to the safe value with a warning', () => {
    const wo = mapWorkOrder({ MaintenanceOrder: '1', SystemStatusText: 'QQQQ', MaintPriority: '9', MaintenanceOrderType: 'ZM99', LastChangeDateTime: '/Date(0+0000)/' });
    expect(wo.record).toMatchObject({ status: FALLBACKS.workOrderStatus, priority: FALLBACKS.workOrderPriority, type: FALLBACKS.workOrderType });
    expect(wo.warnings).toHaveLength(3);
    const po = mapPurchaseOrder({ PurchaseOrder: '1', DocumentCurrency: 'EUR', PurchasingProcessingStatus: '77', LastChangeDateTime: '/Date(0+0000)/' });
    expect(po.record.status).toBe(FALLBACKS.purchaseOrderStatus);
    expect(po.warnings[0]).toContain('"77"');
  });

  it('accepts /Date(ms)/, /Date(ms+0000)/ and offsets', () => {
    expect(parseODataDate('/Date(1709596800000)/')).toBe('2024-03-05T00:00:00.000Z');
    expect(parseODataDate('/Date(1709633564123+0000)/')).toBe('2024-03-05T10:12:44.123Z');
    expect(parseODataDate('/Date(1709633564123+0060)/')).toBe('2024-03-05T10:12:44.123Z');
    expect(() => parseODataDate('/Date(garbage)/')).toThrow();
  });

  it('syncs each system status as its unified status, and an unknown code as requested + one system.error', async () => {
    const cases = [...lifecycleCases, ['XQZT', 'requested']] as [string, string][];
    cases.forEach(([text], i) => emu.patch('work-orders', String(4000100 + i), { SystemStatusText: text }));
    s.events.length = 0;
    const run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
    cases.forEach(([text, status], i) => expect(s.agent.records.get(con.id, 'work-orders', String(4000100 + i))!.status, text).toBe(status));
    const errors = s.events.filter((e) => e.type === 'system.error');
    expect(errors).toHaveLength(1);
    expect(errors[0].data).toMatchObject({ code: 'unknown_code', entity: 'work-orders', remote_id: String(4000100 + cases.length - 1) });
    expect(String((errors[0].data as { message: string }).message)).toContain('XQZT');
  });
});

describe('paging edges (connector against the emulator)', () => {
  let small: SapEmulator;
  beforeAll(async () => { small = await startSapS4hanaEmulator({ seed: 3, size: { workOrders: 10, purchaseOrders: 4, assets: 6, vendors: 5, products: 6 } }); });
  afterAll(async () => { await small.close(); });
  const connector = () => connectorFor(small);

  async function listAll(entity: EntityName, pageSize: number, since: string | null = null) {
    const c = connector();
    const pages: number[] = [];
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await c.listChanges({ entity, since, historyStart: null, cursor, pageSize });
      pages.push(p.records.length);
      ids.push(...p.records.map((r) => r.remote_id));
      cursor = p.nextCursor;
    } while (cursor && pages.length < 100);
    return { pages, ids };
  }

  it('an empty result is one empty last page', async () => {
    expect(await listAll('work-orders', 5, new Date(Date.now() + 86_400_000).toISOString())).toEqual({ pages: [0], ids: [] });
  });

  it('exactly one page: the next page is empty and ends the listing', async () => {
    const r = await listAll('work-orders', 10);
    expect(r.pages).toEqual([10, 0]);
    expect(new Set(r.ids).size).toBe(10);
  });

  it('a short last page ends the listing; ties on LastChangeDateTime split across pages lose nothing', async () => {
    // three orders share each second: page size 2 cuts through every tie
    const r = await listAll('work-orders', 2);
    expect(r.pages).toEqual([2, 2, 2, 2, 2, 0]);
    const r4 = await listAll('work-orders', 4);
    expect(r4.pages).toEqual([4, 4, 2]);
    const want = [...small.data.workOrders()].map((w) => String(w.MaintenanceOrder)).sort();
    expect([...r.ids].sort()).toEqual(want);
    expect([...r4.ids].sort()).toEqual(want);
  });

  it('pages locations through plants, then storage locations', async () => {
    const r = await listAll('locations', 2);
    expect(r.ids.slice(0, 3)).toEqual(['1010', '1020', '1030']);
    expect(r.ids).toHaveLength(12);
  });

  it('a record changed mid-listing is not lost (keyset, not $skip)', async () => {
    const c = connector();
    const seen = new Set<string>();
    let cursor: string | null = null;
    let first = true;
    do {
      const p = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize: 3 });
      for (const r of p.records) seen.add(r.remote_id);
      if (first) { small.commands.changeRecords({ entity: 'work-orders', count: 1 }); first = false; }
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(10);
  });

  it('rejects a cursor of another entity', async () => {
    const c = connector();
    const p = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: null, pageSize: 2 });
    await expect(c.listChanges({ entity: 'assets', since: null, historyStart: null, cursor: p.nextCursor, pageSize: 2 })).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('the emulator refuses $filter on SystemStatusText with 400, and the connector reports it', async () => {
    const err = await new SapClient(configFor(small)).getJson('API_MAINTENANCEORDER', 'MaintenanceOrder', { $filter: "SystemStatusText eq 'REL'" }).catch((e: ConnectorError) => e);
    expect(err).toMatchObject({ kind: 'system', extra: { status: 400 } });
    expect((err as Error).message).toContain('not filterable');
  });
});

describe('faults', () => {
  it('waits out 429 (Retry-After) and 503, and the sync completes', async () => {
    emu.commands.changeRecords({ entity: 'work-orders', count: 2 });
    s.sleeps.length = 0;
    emu.faults.rateLimit = { count: 2, retryAfterSeconds: 7 };
    let run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
    expect(s.sleeps).toEqual([7000, 7000]);
    emu.faults.fail = { count: 2, status: 503, retryAfterSeconds: 3 };
    run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
    expect(s.sleeps.slice(2)).toEqual([3000, 3000]);
  });

  it('fails the sync on 500 with a clear error; the next sync resumes and completes', async () => {
    emu.faults.fail = { count: 1, status: 500 };
    let run = await syncNow(s, con.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'system_error' });
    expect(run.error!.message).toContain('HTTP 500');
    run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
  });

  it('skips and reports a malformed record while the others sync', async () => {
    emu.commands.changeRecords({ entity: 'work-orders', count: 5 });
    emu.faults.malformedNext = 1;
    s.events.length = 0;
    const run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
    expect(run.counts.locations!.failed + run.counts['work-orders']!.failed).toBe(1);
    const rejected = s.events.filter((e) => e.type === 'system.error' && e.data.code === 'record_rejected');
    expect(rejected).toHaveLength(1);
    expect(String((rejected[0].data as { message?: unknown }).message)).toMatch(/could not be read/);
  });

  it('fails cleanly on a truncated answer, and the next sync completes', async () => {
    emu.faults.truncateNext = 1;
    let run = await syncNow(s, con.id);
    expect(run.status).toBe('failed');
    // the shell cuts the body and drops the socket: got sees a reset (or a cut-off body)
    expect(run.error!.message).toMatch(/cut off|unreadable|econnreset|hang up/i);
    expect(s.agent.connections.get(con.id).status).toBe('active');
    run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
  });

  it('still works when every answer is slow', async () => {
    emu.faults.slowMs = 30;
    try {
      emu.commands.changeRecords({ entity: 'purchase-orders', count: 1 });
      const run = await syncNow(s, con.id);
      expect(run.status).toBe('completed');
      expect(run.counts['purchase-orders']!.updated).toBe(1);
    } finally {
      emu.faults.slowMs = 0;
    }
  });
});

describe('credentials rotated in SAP', () => {
  it('fails the next sync with auth_required, raises connection.auth_required, and stops calling SAP', async () => {
    const fresh = emu.commands.rotateCredentials({}) as { username: string; password: string };
    s.events.length = 0;
    const unauthorizedBefore = emu.stats.unauthorized;
    const run = await syncNow(s, con.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'auth_failed' });
    expect(run.error!.message).not.toContain(fresh.password);
    expect(s.agent.connections.get(con.id).status).toBe('auth_required');
    expect(s.events.filter((e) => e.type === 'connection.auth_required')).toHaveLength(1);
    expect(emu.stats.unauthorized - unauthorizedBefore).toBe(1); // no retry: a retry could lock the user
    const requests = emu.stats.requests;
    expect(() => s.agent.sync.start(con.id)).toThrow(/reconnect/);
    expect(emu.stats.requests).toBe(requests);

    const r = await s.api.reconnect({ id: con.id, credentials: fresh });
    expect(r.connection.status).toBe('active');
    expect(r.token).not.toBe(con.token);
    const next = await s.agent.sync.whenDone(con.id) ?? await syncNow(s, con.id);
    expect(next).toMatchObject({ status: 'completed', mode: 'incremental' });
    con.token = r.token;
  });
});
