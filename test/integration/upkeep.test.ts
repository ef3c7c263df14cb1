// UpKeep connector against its emulator through the real agent: connect checks,
// full and incremental sync, every code mapping, custom fields, paging edges, writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityName } from '../../src-main/contract/unified.js';
import { createConnector } from '../../src-main/systems/kit/connector.js';
import { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { upkeep } from '../../src-main/systems/upkeep/definition.js';
import { ASSET_STATUSES } from '../../src-main/systems/upkeep/mappers/assets.js';
import { PURCHASE_ORDER_STATUSES } from '../../src-main/systems/upkeep/mappers/purchase-orders.js';
import { WORK_ORDER_CATEGORIES, WORK_ORDER_PRIORITIES, WORK_ORDER_STATUSES } from '../../src-main/systems/upkeep/mappers/work-orders.js';
import type { ChangePage } from '../../src-main/systems/kit/connector.js';
import { privatePki } from '../emulators/common/tls.js';
import { startUpKeepEmulator, type UpKeepEmulator } from '../emulators/upkeep/index.js';
import {
  allRecords, byRemote, connectAndSync, connectInput, openUpKeepAgent, RESOURCE_OF, syncNow, UPKEEP_ENTITIES, type Harness,
} from '../emulators/upkeep/harness.js';

let h: Harness;
let emu: UpKeepEmulator;
let id: string;
const emulators: UpKeepEmulator[] = [];

beforeAll(async () => {
  h = await openUpKeepAgent({ pageSize: 50 });
  emu = await startUpKeepEmulator({ seed: 7 });
  emulators.push(emu);
  id = (await connectAndSync(h, emu)).id;
});
afterAll(async () => {
  await h.agent.close();
  for (const e of emulators) await e.close();
});

const start = async (o: Parameters<typeof startUpKeepEmulator>[0]) => { const e = await startUpKeepEmulator(o); emulators.push(e); return e; };

describe('connect', () => {
  it('refuses a wrong password and stores nothing', async () => {
    const before = (await h.api.listConnections({})).data.length;
    await expect(h.api.connect(connectInput(emu, { credentials: { email: emu.credentials.email, password: 'wrong' } })))
      .rejects.toMatchObject({ code: 'invalid_credentials' });
    expect((await h.api.listConnections({})).data).toHaveLength(before);
  });

  it('says unreachable when the system is down', async () => {
    const e = await start({ seed: 1 });
    const input = connectInput(e);
    await e.down();
    await expect(h.api.connect(input)).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('refuses a certificate from a private CA unless the connection carries that CA', async () => {
    const e = await start({ seed: 2, tls: true, size: { workOrders: 5 } });
    expect(e.url).toMatch(/^https:/);
    await expect(h.api.connect(connectInput(e))).rejects.toMatchObject({ code: 'tls_error' });
    const ok = await h.api.connect(connectInput(e, { options: { ca_cert: privatePki().caCert }, name: 'UpKeep TLS' }));
    expect(ok.connection).toMatchObject({ status: 'active', credits: 1 });
    const run = await h.agent.sync.whenDone(ok.connection.id);
    expect(run?.status).toBe('completed');
    expect(h.agent.records.countsByEntity(ok.connection.id)['work-orders']).toBe(5);
    await h.api.disconnect({ id: ok.connection.id });
  });
});

describe('sync', () => {
  it('a full initial sync stores every record of every entity', async () => {
    const counts = h.agent.records.countsByEntity(id);
    for (const e of UPKEEP_ENTITIES) expect(counts[e], e).toBe(emu.stores[RESOURCE_OF[e]].liveCount);
    expect(counts['purchase-requisitions']).toBeUndefined();
    const runs = h.agent.sync.repo.runs(id);
    expect(runs[runs.length - 1]).toMatchObject({ mode: 'initial', status: 'completed' });
  });

  it('maps records faithfully (references, money, dates, custom fields)', () => {
    const wos = allRecords(h, id, 'work-orders');
    const raw = emu.stores['work-orders'].get(wos[0].remote_id as string)!;
    const wo = wos[0];
    expect(wo).toMatchObject({ number: raw.workOrderNo, title: raw.title, remote_updated_at: raw.updatedAt, created_at: raw.createdAt, due_date: raw.dueDate, remote_data: raw });
    const pos = allRecords(h, id, 'purchase-orders');
    for (const po of pos) {
      const lines = po.lines as { amount: string }[];
      const sum = lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
      expect(Math.round(Number(po.total_amount) * 100)).toBe(sum);
      expect(po.vendor_name).toEqual(expect.any(String));
      expect(po.total_amount).toMatch(/^\d+\.\d{2}$/);
    }
    const withCustom = wos.find((w) => Object.keys(w.custom_fields as object).length > 0)!;
    expect(withCustom.custom_fields).toEqual({ Shift: expect.any(String), 'Downtime (h)': expect.any(Number) });
  });

  it('an incremental sync picks up exactly the changed records', async () => {
    const changed = emu.commands.changeRecords({ entity: 'work-orders', count: 7 }) as { ids: string[] };
    const vendors = emu.commands.changeRecords({ entity: 'vendors', count: 2 }) as { ids: string[] };
    const run = await syncNow(h, id);
    expect(run).toMatchObject({ mode: 'incremental', status: 'completed' });
    expect(run.counts['work-orders']).toMatchObject({ created: 0, updated: 7, deleted: 0, failed: 0 });
    expect(run.counts.vendors).toMatchObject({ created: 0, updated: 2 });
    for (const e of ['locations', 'assets', 'inventory-items', 'purchase-orders'] as EntityName[]) expect(run.counts[e]).toMatchObject({ created: 0, updated: 0 });
    const stored = byRemote(allRecords(h, id, 'work-orders'));
    for (const rid of changed.ids) expect(stored.get(rid)!.title).toBe(emu.stores['work-orders'].get(rid)!.title);
    expect(byRemote(allRecords(h, id, 'vendors')).get(vendors.ids[0])!.name).toMatch(/\(rev \d+\)$/);
  });

  it('deletions (UpKeep has no deletion feed) are found by a full listing', async () => {
    const gone = emu.commands.deleteRecords({ entity: 'work-orders', count: 3 }) as { ids: string[] };
    const inc = await syncNow(h, id);
    expect(inc.counts['work-orders']?.deleted).toBe(0);
    const full = await syncNow(h, id, true);
    expect(full).toMatchObject({ mode: 'full', status: 'completed' });
    expect(full.counts['work-orders']).toMatchObject({ deleted: 3, created: 0, updated: 0 });
    const all = byRemote(allRecords(h, id, 'work-orders', true));
    for (const rid of gone.ids) expect(all.get(rid)!.deleted_at).not.toBeNull();
    expect(h.agent.records.countsByEntity(id)['work-orders']).toBe(emu.stores['work-orders'].liveCount);
  });
});

describe('code mapping (table-driven)', () => {
  const base = { title: 'Mapping probe', description: null, asset: null, location: null, assignedToUser: null, assignedByUser: null, team: null, dueDate: null, dateCompleted: null, time: null, cost: null };
  const put = (entity: string, record: Record<string, unknown>) => emu.commands.putRecord({ entity, record });

  it('maps every work order status, priority and category, and an unknown code to a safe value with one system.error', async () => {
    const cases: { rid: string; expect: Record<string, unknown> }[] = [];
    Object.entries(WORK_ORDER_STATUSES).forEach(([code, unified], i) => {
      put('work-orders', { ...base, id: `woStatus${i}`, workOrderNo: `S${i}`, status: code, priority: 1, category: 'Damage' });
      cases.push({ rid: `woStatus${i}`, expect: { status: unified } });
    });
    Object.entries(WORK_ORDER_PRIORITIES).forEach(([code, unified], i) => {
      put('work-orders', { ...base, id: `woPrio${i}`, workOrderNo: `P${i}`, status: 'open', priority: Number(code), category: null });
      cases.push({ rid: `woPrio${i}`, expect: { priority: unified, type: 'other' } });
    });
    Object.entries(WORK_ORDER_CATEGORIES).forEach(([code, unified], i) => {
      put('work-orders', { ...base, id: `woCat${i}`, workOrderNo: `C${i}`, status: 'open', priority: 0, category: i % 2 ? code.toUpperCase() : ` ${code} ` });
      cases.push({ rid: `woCat${i}`, expect: { type: unified } });
    });
    put('work-orders', { ...base, id: 'woUnknown1', workOrderNo: 'U1', status: 'waitingOnVendor', priority: 9, category: 'Landscaping' });
    put('work-orders', { ...base, id: 'woUnknown2', workOrderNo: 'U2', status: 'waitingOnVendor', priority: 2, category: 'Damage' });
    Object.entries(ASSET_STATUSES).forEach(([code, unified], i) => {
      put('assets', { id: `asStatus${i}`, name: `Probe ${i}`, status: code, barcode: null, location: null, parentAsset: null });
    });
    put('assets', { id: 'asUnknown', name: 'Probe unknown', status: 'stolen' });
    Object.entries(PURCHASE_ORDER_STATUSES).forEach(([code], i) => {
      put('purchase-orders', { id: `poStatus${i}`, purchaseOrderNo: `X${i}`, status: code, vendor: null, partsOrdered: [], totalCost: 0 });
    });
    put('purchase-orders', { id: 'poUnknown', purchaseOrderNo: 'XU', status: 'onTheTruck', vendor: null, partsOrdered: [], totalCost: 0 });
    const eventsBefore = h.events.length;

    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    const wos = byRemote(allRecords(h, id, 'work-orders'));
    for (const c of cases) expect(wos.get(c.rid), c.rid).toMatchObject(c.expect);
    expect(wos.get('woUnknown1')).toMatchObject({ status: 'requested', priority: 'medium', type: 'other' });
    expect(wos.get('woUnknown2')).toMatchObject({ status: 'requested', priority: 'high', type: 'corrective' });
    const assets = byRemote(allRecords(h, id, 'assets'));
    Object.values(ASSET_STATUSES).forEach((unified, i) => expect(assets.get(`asStatus${i}`)!.status).toBe(unified));
    expect(assets.get('asUnknown')!.status).toBe('not_operating');
    const pos = byRemote(allRecords(h, id, 'purchase-orders'));
    Object.values(PURCHASE_ORDER_STATUSES).forEach((unified, i) => expect(pos.get(`poStatus${i}`)!.status).toBe(unified));
    expect(pos.get('poUnknown')!.status).toBe('draft');

    const errors = h.events.slice(eventsBefore).filter((e) => e.type === 'system.error').map((e) => e.data as { code: string; message: string });
    const unknown = errors.filter((e) => e.code === 'unknown_code').map((e) => e.message);
    // one system.error per unknown code, not per record (waitingOnVendor appears on two work orders)
    expect(unknown.filter((m) => m.includes('"waitingOnVendor"'))).toHaveLength(1);
    for (const code of ['9', '"Landscaping"', '"stolen"', '"onTheTruck"']) expect(unknown.some((m) => m.includes(code)), code).toBe(true);
  });

  it('reads UpKeep custom fields from `customFields` and `fields` arrays', async () => {
    put('work-orders', { ...base, id: 'woCustom', workOrderNo: 'CF', status: 'open', priority: 0, category: null, customFields: [{ name: 'Cost Center', value: 'CC-4100' }, { name: 'Shift', value: 'B', unit: null }] });
    put('assets', { id: 'asCustom', name: 'Custom', status: 'active', fields: [{ name: 'Criticality', value: 'A' }] });
    await syncNow(h, id);
    expect(byRemote(allRecords(h, id, 'work-orders')).get('woCustom')!.custom_fields).toEqual({ 'Cost Center': 'CC-4100', Shift: 'B' });
    expect(byRemote(allRecords(h, id, 'assets')).get('asCustom')!.custom_fields).toEqual({ Criticality: 'A' });
  });
});

describe('paging edges', () => {
  const connectorFor = (e: UpKeepEmulator) => createConnector(upkeep, {
    connectionId: 'con_test', deployment: 'cloud', baseUrl: e.url, credentials: e.credentials, options: { allow_insecure: true },
  });
  async function pages(e: UpKeepEmulator, pageSize: number) {
    const c = connectorFor(e);
    const sizes: number[] = [];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: ChangePage = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize });
      sizes.push(p.records.length);
      seen.push(...p.records.map((r) => r.remote_id));
      cursor = p.nextCursor;
    } while (cursor);
    return { sizes, seen, logins: e.stats.logins };
  }

  it('an empty list is one empty page', async () => {
    const e = await start({ seed: 3, size: { workOrders: 0 } });
    expect((await pages(e, 50)).sizes).toEqual([0]);
  });

  it('exactly one page, then an empty page ends the listing', async () => {
    const e = await start({ seed: 4, size: { workOrders: 50 } });
    const r = await pages(e, 50);
    expect(r.sizes).toEqual([50, 0]);
    expect(new Set(r.seen).size).toBe(50);
    expect(r.logins).toBe(1);
  });

  it('a short last page, and a server cap below the page size, lose nothing', async () => {
    const e = await start({ seed: 5, size: { workOrders: 120 }, maxLimit: 40 });
    const r = await pages(e, 50);
    expect(r.sizes).toEqual([40, 40, 40, 0]);
    expect(new Set(r.seen)).toEqual(new Set(e.stores['work-orders'].liveIds()));
  });

  it('records changing and disappearing while we page are neither skipped nor lost', async () => {
    const e = await start({ seed: 6, size: { workOrders: 200 } });
    const c = connectorFor(e);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let n = 0;
    do {
      const p: ChangePage = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize: 30 });
      p.records.forEach((r) => seen.add(r.remote_id));
      cursor = p.nextCursor;
      if (++n === 2) { e.commands.changeRecords({ entity: 'work-orders', count: 10 }); e.commands.deleteRecords({ entity: 'work-orders', count: 10 }); }
    } while (cursor);
    for (const rid of e.stores['work-orders'].liveIds()) expect(seen.has(rid), rid).toBe(true);
  });

  it('records sharing one updatedAt across page boundaries are each returned once', async () => {
    const e = await start({ seed: 9, size: { workOrders: 4 } });
    const same = '2026-01-01T00:00:00.000Z';
    for (let i = 0; i < 7; i++) {
      e.commands.putRecord({ entity: 'work-orders', record: { id: `tie${i}`, workOrderNo: `T${i}`, title: 'tie', status: 'open', priority: 0, updatedAt: same } });
    }
    const r = await pages(e, 3);
    expect(r.seen).toHaveLength(11);
    expect(new Set(r.seen)).toEqual(new Set(e.stores['work-orders'].liveIds()));
  });

  it('a cursor resumes exactly where it stopped (in a fresh connector)', async () => {
    const e = await start({ seed: 8, size: { workOrders: 90 } });
    const first = await connectorFor(e).listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: null, pageSize: 40 });
    const second = await connectorFor(e).listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: first.nextCursor, pageSize: 40 });
    expect(new Set([...first.records, ...second.records].map((r) => r.remote_id)).size).toBe(80);
    await expect(connectorFor(e).listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: 'garbage', pageSize: 40 }))
      .rejects.toMatchObject({ kind: 'invalid_request' });
  });
});

describe('writes', () => {
  it('createPurchaseOrder creates the order in UpKeep and returns it as UpKeep has it', async () => {
    const connector = await h.agent.connections.connector(id);
    const vendor = emu.stores.vendors.liveIds()[0];
    const [p1, p2] = emu.stores.parts.liveIds();
    const { record } = await connector.createPurchaseOrder({
      vendor_id: vendor, currency: 'USD', expected_delivery_date: '2026-12-24T00:00:00.000Z',
      lines: [{ item_id: p1, quantity: 3, unit_price: '12.50' }, { item_id: p2, quantity: 1, unit_price: '0.99', description: 'spare' }],
    });
    const stored = emu.stores['purchase-orders'].get(record.remote_id)!;
    expect(stored).toMatchObject({ vendor, status: 'awaitingApproval', totalCost: 38.49 });
    expect(record).toMatchObject({
      status: 'pending_approval', vendor_id: vendor, vendor_name: emu.stores.vendors.get(vendor)!.businessName, currency: 'USD', total_amount: '38.49',
      expected_delivery_date: '2026-12-24T00:00:00.000Z',
      lines: [
        { line_number: 1, item_id: p1, quantity: 3, unit_price: '12.50', amount: '37.50', received_quantity: 0 },
        { line_number: 2, item_id: p2, quantity: 1, unit_price: '0.99', amount: '0.99', description: 'spare' },
      ],
    });
  });

  it('UpKeep validation errors come back as validation errors with a code and 422', async () => {
    const connector = await h.agent.connections.connector(id);
    const part = emu.stores.parts.liveIds()[0];
    const err = await connector.createPurchaseOrder({ vendor_id: 'noSuchVendor', currency: 'USD', lines: [{ item_id: part, quantity: 1, unit_price: '1.00' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'validation', message: 'Vendor not found', extra: { code: 'invalid_vendor' } });
    const err2 = await connector.createPurchaseOrder({ vendor_id: emu.stores.vendors.liveIds()[0], currency: 'USD', lines: [{ item_id: 'noSuchPart', quantity: 1, unit_price: '1.00' }] }).catch((e) => e);
    expect(err2).toMatchObject({ kind: 'validation', message: 'Part not found: noSuchPart', extra: { code: 'invalid_item' } });
  });

  it('updateWorkOrder changes the work order in UpKeep and returns it as UpKeep has it', async () => {
    const connector = await h.agent.connections.connector(id);
    const rid = emu.stores['work-orders'].liveIds()[5];
    const { record } = await connector.updateWorkOrder(rid, {
      status: 'in_progress', priority: 'urgent', assignee: 'usrTech001', due_date: '2026-12-31T08:00:00.000Z', description: 'Bearing noise; check alignment',
    });
    expect(emu.stores['work-orders'].get(rid)).toMatchObject({ status: 'inProgress', priority: 3, assignedToUser: 'usrTech001', dueDate: '2026-12-31T08:00:00.000Z', description: 'Bearing noise; check alignment' });
    expect(record).toMatchObject({ remote_id: rid, status: 'in_progress', priority: 'urgent', assignee: 'usrTech001', due_date: '2026-12-31T08:00:00.000Z', description: 'Bearing noise; check alignment' });
    const done = await connector.updateWorkOrder(rid, { status: 'completed', assignee: null });
    expect(done.record).toMatchObject({ status: 'completed', assignee: null, completed_at: expect.any(String) });
  });

  it('refuses what UpKeep cannot hold, and an unknown work order', async () => {
    const connector = await h.agent.connections.connector(id);
    const rid = emu.stores['work-orders'].liveIds()[6];
    await expect(connector.updateWorkOrder(rid, { status: 'cancelled' })).rejects.toMatchObject({ kind: 'validation', extra: { code: 'unsupported_status', field: 'status' } });
    await expect(connector.updateWorkOrder('noSuchWorkOrder', { priority: 'low' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('getOne reads one record, and null for a missing one', async () => {
    const connector = await h.agent.connections.connector(id);
    const rid = emu.stores.assets.liveIds()[0];
    expect(await connector.getOne('assets', rid)).toMatchObject({ remote_id: rid });
    expect(await connector.getOne('assets', 'nope')).toBeNull();
  });
});
