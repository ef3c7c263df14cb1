// The sandbox system: deterministic bundled data, its mapping to the unified
// model, and a connector that pages, reports deletions and validates writes
// like a real system without ever changing its data.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entities, entityNames, mapReferences, type EntityName, type MappedRecord } from '../../src-main/contract/unified.js';
import type { Mapped, PurchaseOrder, WorkOrder } from '../../src-main/contract/unified.js';
import type { ConnectorConfig } from '../../src-main/systems/kit/config.js';
import { classifyDefault, createConnector, type ChangePage, type Connector, type CreatePurchaseOrderRemote } from '../../src-main/systems/kit/connector.js';
import { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { formatCents, lineAmountCents, normalizeMoney, toCents } from '../../src-main/systems/kit/money.js';
import { generateSandboxData, SANDBOX_WINDOW } from '../../src-main/systems/sandbox/dataset.js';
import { sandbox } from '../../src-main/systems/sandbox/definition.js';
import { mapAsset } from '../../src-main/systems/sandbox/mappers/assets.js';
import { mapInventoryItem } from '../../src-main/systems/sandbox/mappers/inventory-items.js';
import { mapLocation } from '../../src-main/systems/sandbox/mappers/locations.js';
import { mapMaintenancePlan } from '../../src-main/systems/sandbox/mappers/maintenance-plans.js';
import { mapMeterReading } from '../../src-main/systems/sandbox/mappers/meter-readings.js';
import { mapMeter } from '../../src-main/systems/sandbox/mappers/meters.js';
import { mapPurchaseRequisition } from '../../src-main/systems/sandbox/mappers/purchase-requisitions.js';
import { mapServiceRequest } from '../../src-main/systems/sandbox/mappers/service-requests.js';
import { mapPurchaseOrder } from '../../src-main/systems/sandbox/mappers/purchase-orders.js';
import { mapVendor } from '../../src-main/systems/sandbox/mappers/vendors.js';
import { mapWorkOrder } from '../../src-main/systems/sandbox/mappers/work-orders.js';
import { remoteKeyField, type SandboxData } from '../../src-main/systems/sandbox/raw.js';
import {
  dropSandboxSource, getSandboxSource, SandboxSource, sandboxSources, scaleFromEnv,
} from '../../src-main/systems/sandbox/client.js';

type MappedPurchaseOrder = Mapped<PurchaseOrder>;
type MappedWorkOrder = Mapped<WorkOrder>;
type SandboxChangePage = ChangePage;
type SandboxConnector = Connector;

const config: ConnectorConfig = { connectionId: 'con_sandbox_test', deployment: 'cloud', baseUrl: null, credentials: {}, options: {} };
const base: SandboxData = generateSandboxData();
const MAPPERS = {
  locations: mapLocation, vendors: mapVendor, assets: mapAsset, 'inventory-items': mapInventoryItem, 'purchase-orders': mapPurchaseOrder, 'work-orders': mapWorkOrder,
  meters: mapMeter, 'meter-readings': mapMeterReading, 'service-requests': mapServiceRequest, 'maintenance-plans': mapMaintenancePlan,
  'purchase-requisitions': mapPurchaseRequisition,
} as const;
const mapRecord = (entity: EntityName, raw: unknown): { record: MappedRecord; warnings: string[] } => MAPPERS[entity](raw);
let connections = 0;
/** A connector of the sandbox over this source (the kit reaches it by the connection id). */
function connectorOver(source: SandboxSource): SandboxConnector {
  const connectionId = `con_sandbox_${++connections}`;
  sandboxSources.set(connectionId, source);
  return createConnector(sandbox, { ...config, connectionId });
}

function mappedAll(data: SandboxData = base): Record<EntityName, MappedRecord[]> {
  const out = {} as Record<EntityName, MappedRecord[]>;
  for (const e of entityNames) out[e] = data[e].map((raw) => mapRecord(e, raw).record);
  return out;
}
const mapped = mappedAll();
const pos = mapped['purchase-orders'] as MappedPurchaseOrder[];
const wos = mapped['work-orders'] as MappedWorkOrder[];

function fresh(): { source: SandboxSource; connector: SandboxConnector } {
  const source = new SandboxSource({ data: base });
  return { source, connector: connectorOver(source) };
}

interface Listing {
  records: MappedRecord[];
  deleted: string[];
  rejected: NonNullable<SandboxChangePage['rejected']>;
  warnings: NonNullable<SandboxChangePage['warnings']>;
  pages: number;
}

async function listAll(
  connector: SandboxConnector, entity: EntityName, since: string | null, pageSize: number,
  between?: (page: number) => void,
): Promise<Listing> {
  const out: Listing = { records: [], deleted: [], rejected: [], warnings: [], pages: 0 };
  let cursor: string | null = null;
  do {
    const page: SandboxChangePage = await connector.listChanges({ entity, since, historyStart: null, cursor, pageSize });
    out.records.push(...page.records);
    out.deleted.push(...page.deleted);
    out.rejected.push(...(page.rejected ?? []));
    out.warnings.push(...(page.warnings ?? []));
    out.pages++;
    cursor = page.nextCursor;
    // a cursor that does not advance would loop forever; fail instead
    if (out.pages > 20_000) throw new Error(`listing ${entity} did not end`);
    if (cursor !== null) between?.(out.pages);
  } while (cursor !== null);
  return out;
}

async function rejects(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error('expected the call to fail');
}

function count<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return out;
}

// ------------------------------------------------------------------ dataset

describe('sandbox dataset', () => {
  it('is deterministic: same seed, same data; another seed, other data', () => {
    expect(JSON.stringify(generateSandboxData())).toBe(JSON.stringify(base));
    expect(generateSandboxData({ seed: 7 })).toEqual(generateSandboxData({ seed: 7 }));
    expect(JSON.stringify(generateSandboxData({ seed: 7 }))).not.toBe(JSON.stringify(base));
  });

  it('has a few hundred records of every entity at the default scale', () => {
    const sizes = Object.fromEntries(entityNames.map((e) => [e, base[e].length]));
    expect(sizes).toMatchObject({
      vendors: 30, 'inventory-items': 60, assets: 40, 'purchase-orders': 60, 'work-orders': 80,
      meters: 33, 'service-requests': 25, 'maintenance-plans': 16, 'purchase-requisitions': 20,
    });
    // every meter read about every two weeks since January
    expect(base['meter-readings'].length).toBeGreaterThan(15 * base.meters.length);
    const total = entityNames.reduce((s, e) => s + base[e].length, 0);
    expect(total).toBeGreaterThan(200);
    expect(total).toBeLessThan(1200);
  });

  it('scales for benchmarks (10,000 work orders) and stays consistent', () => {
    const big = generateSandboxData({ scale: 125 });
    expect(big['work-orders']).toHaveLength(10000);
    const assetIds = new Set(big.assets.map((a) => a.assetId));
    expect(big['work-orders'].every((w) => w.assetId === null || assetIds.has(w.assetId))).toBe(true);
    expect(new Set(big['work-orders'].map((w) => w.woNumber)).size).toBe(10000);
    expect(new Set(big.vendors.map((v) => v.legalName)).size).toBe(big.vendors.length);
    const small = generateSandboxData({ scale: 0.1 });
    expect(new Set(small['purchase-orders'].map((p) => mapPurchaseOrder(p).record.status)).size).toBe(6);
    expect(() => generateSandboxData({ scale: 0 })).toThrow(/scale/);
  });

  it('uses stable remote ids of the documented shapes, unique per entity', () => {
    const shapes: Record<EntityName, RegExp> = {
      'purchase-orders': /^PO-\d{5}$/, 'work-orders': /^WO-\d{4,}$/, assets: /^AST-\d{4}$/,
      'inventory-items': /^INV-\d{5}$/, vendors: /^V-\d{4}$/, locations: /^LOC-\d{4}$/,
      meters: /^MTR-\d{4}$/, 'meter-readings': /^RDG-\d{6}$/, 'service-requests': /^SR-\d{4}$/, 'maintenance-plans': /^PLN-\d{4}$/,
      'purchase-requisitions': /^REQ-\d{4}$/,
    };
    for (const e of entityNames) {
      const ids = mapped[e].map((r) => r.remote_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(shapes[e]);
    }
  });

  it('keeps every timestamp inside 2026-01-01..2026-11-01 (a plan\'s next due date after it) and created ≤ updated', () => {
    const lo = Date.parse(SANDBOX_WINDOW.start);
    const hi = Date.parse(SANDBOX_WINDOW.end);
    const isTime = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);
    const walk = (v: unknown, key = ''): void => {
      if (isTime(v)) {
        expect(v).toMatch(/Z$/);
        const ms = Date.parse(v as string);
        if (key === 'nextDue') { expect(ms).toBeGreaterThan(lo); return; }
        expect(ms).toBeGreaterThanOrEqual(lo);
        expect(ms).toBeLessThanOrEqual(hi);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x));
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, k));
    };
    walk(base);
    for (const e of entityNames) {
      for (const r of mapped[e]) expect(Date.parse(r.created_at!)).toBeLessThanOrEqual(Date.parse(r.updated_at!));
    }
  });

  it('has a real plant hierarchy: sites → plants → areas and storerooms', () => {
    const locs = mapped.locations as ReturnType<typeof mapLocation>['record'][];
    const byId = new Map(locs.map((l) => [l.remote_id, l]));
    const types = count(locs, (l) => l.type);
    expect(types.site).toBeGreaterThanOrEqual(1);
    expect(types.site).toBeLessThanOrEqual(2);
    expect(types.plant).toBeGreaterThanOrEqual(2);
    expect(types.storeroom).toBeGreaterThanOrEqual(2);
    const parentType = { site: null, plant: 'site', area: 'plant', storeroom: 'plant' } as const;
    for (const l of locs) {
      const parent = l.parent_id === null ? null : byId.get(l.parent_id)!.type;
      expect(parent).toBe(parentType[l.type]);
    }
    expect(locs.map((l) => l.name)).toEqual(expect.arrayContaining(['Riverside Works', 'Riverside Plant 1', 'Packaging Line A']));
  });

  it('has assets with parents (pump → motor) and no parent cycles', () => {
    const assets = mapped.assets as ReturnType<typeof mapAsset>['record'][];
    const byId = new Map(assets.map((a) => [a.remote_id, a]));
    const pump = assets.find((a) => a.tag.startsWith('P-'))!;
    expect(assets.some((a) => a.parent_id === pump.remote_id && a.tag.startsWith('M-'))).toBe(true);
    for (const a of assets) {
      const seen = new Set<string>();
      for (let cur: typeof a | undefined = a; cur?.parent_id; cur = byId.get(cur.parent_id)) {
        expect(seen.has(cur.remote_id)).toBe(false);
        seen.add(cur.remote_id);
      }
    }
    expect(new Set(assets.map((a) => a.status))).toEqual(new Set(['operating', 'not_operating', 'decommissioned']));
  });

  it('covers every purchase-order status, several of each, at least 5 approved', () => {
    const statuses = count(pos, (p) => p.status);
    for (const s of ['draft', 'pending_approval', 'approved', 'partially_received', 'completed', 'cancelled']) {
      expect(statuses[s], s).toBeGreaterThanOrEqual(3);
    }
    expect(statuses.approved).toBeGreaterThanOrEqual(5);
  });

  it('covers every work-order status, priority and type', () => {
    expect(Object.keys(count(wos, (w) => w.status)).sort()).toEqual(['approved', 'cancelled', 'closed', 'completed', 'in_progress', 'on_hold', 'requested', 'scheduled']);
    expect(Object.keys(count(wos, (w) => w.priority)).sort()).toEqual(['high', 'low', 'medium', 'urgent']);
    expect(Object.keys(count(wos, (w) => w.type)).sort()).toEqual(['corrective', 'inspection', 'other', 'preventive']);
    for (const w of wos) {
      expect(w.completed_at !== null, w.remote_id).toBe(w.status === 'completed' || w.status === 'closed');
    }
  });

  it('has the error cases the API documents: a blocked vendor with an order, an out-of-stock item on an order', () => {
    const blocked = new Set(mapped.vendors.filter((v) => (v as ReturnType<typeof mapVendor>['record']).status === 'blocked').map((v) => v.remote_id));
    expect(blocked.size).toBeGreaterThanOrEqual(1);
    expect(pos.some((p) => p.vendor_id !== null && blocked.has(p.vendor_id))).toBe(true);
    const outOfStock = new Set(base['inventory-items'].filter((i) => i.onHand === 0).map((i) => i.itemId));
    expect(outOfStock.size).toBeGreaterThanOrEqual(1);
    expect(pos.some((p) => p.lines.some((l) => l.item_id !== null && outOfStock.has(l.item_id)))).toBe(true);
  });
});

// ------------------------------------------------------------------ mapping

describe('sandbox mapping', () => {
  it('maps every record to a valid unified record, with no warnings on the bundled data', () => {
    for (const e of entityNames) {
      for (const raw of base[e]) {
        const { record, warnings } = mapRecord(e, raw);
        expect(warnings).toEqual([]);
        const parsed = entities[e].safeParse({ ...record, id: 'x', deleted_at: null });
        expect(parsed.success, `${e} ${record.remote_id}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
        expect(record.remote_data).toEqual(raw);
      }
    }
  });

  it('keeps references consistent: every reference resolves to a record of the right entity', () => {
    const ids = Object.fromEntries(entityNames.map((e) => [e, new Set(mapped[e].map((r) => r.remote_id))])) as Record<EntityName, Set<string>>;
    let checked = 0;
    const byTarget = Object.fromEntries(entityNames.map((e) => [e, 0])) as Record<EntityName, number>;
    for (const e of entityNames) {
      for (const r of mapped[e]) {
        mapReferences(e, r as Record<string, unknown>, (ref, target) => {
          expect(ids[target].has(ref), `${e} ${r.remote_id} → ${target} ${ref}`).toBe(true);
          checked++;
          byTarget[target]++;
          return ref;
        });
      }
    }
    expect(checked).toBeGreaterThan(200);
    // the nested references are walked too (requisition lines → orders, plan intervals → meters)
    expect(byTarget.meters).toBeGreaterThan(base['meter-readings'].length);
    expect(byTarget['purchase-orders']).toBeGreaterThan(0);
    for (const p of pos) for (const l of p.lines) if (l.item_id !== null) expect(ids['inventory-items'].has(l.item_id)).toBe(true);
    const assetLocation = new Map(base.assets.map((a) => [a.assetId, a.locationId]));
    for (const w of wos) if (w.asset_id !== null) expect(w.location_id).toBe(assetLocation.get(w.asset_id));
    const vendorName = new Map(base.vendors.map((v) => [v.supplierCode, v.legalName]));
    for (const p of pos) expect(p.vendor_name).toBe(vendorName.get(p.vendor_id!));
  });

  it('keeps money exact: line amount = quantity × unit price, total = sum of lines, 2 decimals', () => {
    for (const p of pos) {
      expect(p.total_amount).toMatch(/^\d+\.\d{2}$/);
      let sum = 0n;
      for (const l of p.lines) {
        expect(l.amount).toMatch(/^\d+\.\d{2}$/);
        expect(l.unit_price).toMatch(/^\d+\.\d{2}$/);
        expect(toCents(l.amount)).toBe(lineAmountCents(l.quantity, l.unit_price));
        sum += toCents(l.amount);
      }
      expect(toCents(p.total_amount)).toBe(sum);
      for (const l of p.lines) {
        if (p.status === 'completed') expect(l.received_quantity).toBe(l.quantity);
        if (['draft', 'pending_approval', 'approved', 'cancelled'].includes(p.status)) expect(l.received_quantity).toBe(0);
      }
      if (p.status === 'partially_received') {
        expect(p.lines.some((l) => l.received_quantity > 0)).toBe(true);
        expect(p.lines.some((l) => l.received_quantity < l.quantity)).toBe(true);
      }
    }
  });

  it('moves fields with no unified home, extra.* included, into custom_fields', () => {
    const withCostCenter = pos.filter((p) => typeof p.custom_fields.costCenter === 'string');
    const withProject = pos.filter((p) => typeof p.custom_fields.projectCode === 'string');
    expect(withCostCenter.length).toBeGreaterThanOrEqual(5);
    expect(withProject.length).toBeGreaterThanOrEqual(2);
    expect(withCostCenter[0].custom_fields.costCenter).toMatch(/^CC-\d{4}$/);
    expect(pos[0].custom_fields).toHaveProperty('buyer');
    expect(pos[0].custom_fields).not.toHaveProperty('poNumber');
    expect(pos[0].custom_fields).not.toHaveProperty('extra');
  });

  it('maps an unknown code to the safe value and warns, naming code and field', () => {
    const po = mapPurchaseOrder({ ...base['purchase-orders'][0], state: 'ON_ICE' });
    expect(po.record.status).toBe('draft');
    expect(po.warnings).toHaveLength(1);
    expect(po.warnings[0]).toContain('"ON_ICE"');
    expect(po.warnings[0]).toContain('"state"');
    // no record id in the text: the sync raises one system.error per distinct message
    expect(po.warnings[0]).not.toContain(base['purchase-orders'][0].poNumber);
    expect(mapPurchaseOrder({ ...base['purchase-orders'][1], state: 'ON_ICE' }).warnings).toEqual(po.warnings);

    const wo = mapWorkOrder({ ...base['work-orders'][0], state: 'PARKED', priority: 'P9', workType: 'ZZ' });
    expect([wo.record.status, wo.record.priority, wo.record.type]).toEqual(['requested', 'medium', 'other']);
    expect(wo.warnings).toHaveLength(3);
    expect(mapAsset({ ...base.assets[0], condition: 'MYSTERY' }).record.status).toBe('not_operating');
    expect(mapVendor({ ...base.vendors[0], state: 'PROBATION' }).record.status).toBe('blocked');
    expect(mapLocation({ ...base.locations[0], kind: 'ROOF' }).record.type).toBe('area');
    // a prototype key is an unknown code too, not Object.prototype.constructor
    expect(mapPurchaseOrder({ ...base['purchase-orders'][0], state: 'constructor' }).record.status).toBe('draft');
    // codes are matched case-insensitively
    expect(mapPurchaseOrder({ ...base['purchase-orders'][0], state: ' approved ' }).warnings).toEqual([]);
  });

  it('throws a clear error on a record it cannot map at all', () => {
    expect(() => mapPurchaseOrder(null)).toThrow(/not an object/);
    expect(() => mapPurchaseOrder({ ...base['purchase-orders'][0], poNumber: undefined })).toThrow(/missing its key "poNumber"/);
    expect(() => mapWorkOrder({ ...base['work-orders'][0], lastModified: 'yesterday' })).toThrow(/WO-\d+: field "lastModified" must be an ISO-8601/);
    expect(() => mapPurchaseOrder({ ...base['purchase-orders'][0], orderTotal: 'lots' })).toThrow(/"orderTotal"/);
    expect(() => mapPurchaseOrder({ ...base['purchase-orders'][0], lineItems: 'none' })).toThrow(/lineItems/);
  });

});

describe('sandbox money', () => {
  it('computes on integer cents', () => {
    expect(formatCents(lineAmountCents(3, '0.10'))).toBe('0.30');
    expect(formatCents(lineAmountCents(2.5, '10.10'))).toBe('25.25');
    expect(formatCents(lineAmountCents(0.333, '1.00'))).toBe('0.33');
    expect(formatCents(lineAmountCents(1, '0.005'))).toBe('0.01'); // half away from zero
    expect(formatCents(lineAmountCents(1e-7, '100'))).toBe('0.00');
    expect(normalizeMoney('12.5')).toBe('12.50');
    expect(normalizeMoney(3)).toBe('3.00');
    expect(normalizeMoney('1.23450')).toBe('1.2345');
    expect(toCents('-4.2')).toBe(-420n);
    expect(() => toCents('1,00')).toThrow();
  });
});

// ------------------------------------------------------------------ connector: reads

describe('sandbox connector: listChanges', () => {
  it('needs no credentials and reports deletions', async () => {
    const { connector } = fresh();
    await expect(connector.auth()).resolves.toBeUndefined();
    await expect(connector.health()).resolves.toBeUndefined();
    expect(connector.reportsDeletions).toBe(true);
  });

  for (const pageSize of [1, 7, 500]) {
    it(`returns every record exactly once, in (updated_at, remote_id) order, with page size ${pageSize}`, async () => {
      const { connector } = fresh();
      for (const entity of entityNames) {
        const all = await listAll(connector, entity, null, pageSize);
        const ids = all.records.map((r) => r.remote_id);
        expect(ids.length).toBe(base[entity].length);
        expect(new Set(ids).size).toBe(ids.length);
        expect(all.deleted).toEqual([]);
        expect(all.pages).toBe(Math.max(1, Math.ceil(ids.length / pageSize)));
        for (let i = 1; i < all.records.length; i++) {
          const a = all.records[i - 1];
          const b = all.records[i];
          const ta = Date.parse(a.updated_at!);
          const tb = Date.parse(b.updated_at!);
          expect(ta < tb || (ta === tb && a.remote_id < b.remote_id)).toBe(true);
        }
      }
    });
  }

  it('ignores historyStart (the sandbox is small) and returns all orders on an initial sync', async () => {
    const { connector } = fresh();
    const page = await connector.listChanges({ entity: 'work-orders', since: null, historyStart: '2026-10-01T00:00:00Z', cursor: null, pageSize: 500 });
    expect(page.records).toHaveLength(base['work-orders'].length);
  });

  it('after touch, an incremental listing returns exactly the changed record', async () => {
    const { source, connector } = fresh();
    const at = '2026-11-15T10:00:00Z';
    source.touch('work-orders', 'WO-5010', { assignedTo: 'k.novak' }, at);
    const page = await connector.listChanges({ entity: 'work-orders', since: at, historyStart: null, cursor: null, pageSize: 100 });
    expect(page.records.map((r) => r.remote_id)).toEqual(['WO-5010']);
    expect((page.records[0] as MappedWorkOrder).assignee).toBe('k.novak');
    expect(page.records[0].updated_at).toBe(at);
    expect(page.deleted).toEqual([]);
    const other = await connector.listChanges({ entity: 'assets', since: at, historyStart: null, cursor: null, pageSize: 100 });
    expect(other.records).toEqual([]);
  });

  it('after remove, an incremental listing returns exactly the tombstone', async () => {
    const { source, connector } = fresh();
    const at = '2026-11-20T00:00:00Z';
    source.remove('purchase-orders', 'PO-10005', at);
    const page = await connector.listChanges({ entity: 'purchase-orders', since: at, historyStart: null, cursor: null, pageSize: 100 });
    expect(page.records).toEqual([]);
    expect(page.deleted).toEqual(['PO-10005']);
    // an earlier checkpoint still sees it; a later one does not; a full listing reports no deletions
    expect((await connector.listChanges({ entity: 'purchase-orders', since: '2026-11-19T00:00:00Z', historyStart: null, cursor: null, pageSize: 500 })).deleted).toEqual(['PO-10005']);
    expect((await connector.listChanges({ entity: 'purchase-orders', since: '2026-11-21T00:00:00Z', historyStart: null, cursor: null, pageSize: 500 })).deleted).toEqual([]);
    const full = await listAll(connector, 'purchase-orders', null, 500);
    expect(full.deleted).toEqual([]);
    expect(full.records.map((r) => r.remote_id)).not.toContain('PO-10005');
    expect(await connector.getOne('purchase-orders', 'PO-10005')).toBeNull();
  });

  it('default change times move forward from the data, so touches are always newer', async () => {
    const { source, connector } = fresh();
    const before = source.now();
    source.touch('vendors', 'V-1001', { legalName: 'Apex Bearing Supply Company' });
    const page = await connector.listChanges({ entity: 'vendors', since: before, historyStart: null, cursor: null, pageSize: 10 });
    expect(page.records.map((r) => r.remote_id)).toEqual(['V-1001']);
    expect(source.now() > before).toBe(true);
  });

  it('puts unmappable records into rejected and goes on; surfaces mapping warnings', async () => {
    const { source, connector } = fresh();
    const at = '2026-12-01T00:00:00Z';
    source.add('work-orders', { ...base['work-orders'][0], woNumber: 'WO-99999', summary: '', lastModified: at });
    source.touch('work-orders', 'WO-5002', { state: 'ON_ICE' }, at);
    const page = await connector.listChanges({ entity: 'work-orders', since: at, historyStart: null, cursor: null, pageSize: 100 });
    expect(page.records.map((r) => r.remote_id)).toEqual(['WO-5002']);
    expect((page.records[0] as MappedWorkOrder).status).toBe('requested');
    expect(page.rejected).toEqual([{ remote_id: 'WO-99999', reason: expect.stringContaining('"summary"') }]);
    expect(page.warnings).toEqual([{ remote_id: 'WO-5002', message: expect.stringContaining('"ON_ICE"') }]);
    await expect(connector.getOne('work-orders', 'WO-99999')).rejects.toMatchObject({ kind: 'system' });
  });

  it('rejects a malformed cursor, a cursor of another entity, and a bad page size', async () => {
    const { connector } = fresh();
    const first = await connector.listChanges({ entity: 'assets', since: null, historyStart: null, cursor: null, pageSize: 5 });
    expect(first.nextCursor).not.toBeNull();
    expect((await rejects(connector.listChanges({ entity: 'assets', since: null, historyStart: null, cursor: 'garbage!', pageSize: 5 }))).kind).toBe('invalid_request');
    expect((await rejects(connector.listChanges({ entity: 'vendors', since: null, historyStart: null, cursor: first.nextCursor, pageSize: 5 }))).extra.code).toBe('invalid_cursor');
    expect((await rejects(connector.listChanges({ entity: 'assets', since: null, historyStart: null, cursor: null, pageSize: 0 }))).kind).toBe('invalid_request');
  });

  it('getOne returns the mapped record or null', async () => {
    const { connector } = fresh();
    const po = (await connector.getOne('purchase-orders', 'PO-10001')) as MappedPurchaseOrder;
    expect(po.number).toBe('PO-10001');
    expect(po.remote_data.poNumber).toBe('PO-10001');
    expect(await connector.getOne('purchase-orders', 'PO-1')).toBeNull();
  });
});

// ------------------------------------------------------------------ connector: writes

describe('sandbox connector: writes are validated and simulated', () => {
  const blockedVendor = base.vendors.find((v) => v.state === 'BLOCKED')!;
  const activeVendor = base.vendors.find((v) => v.state === 'ACTIVE')!;
  const inStock = base['inventory-items'].find((i) => i.onHand >= 10)!;
  const outOfStock = base['inventory-items'].find((i) => i.onHand === 0)!;
  const order = (over: Partial<CreatePurchaseOrderRemote> = {}): CreatePurchaseOrderRemote => ({
    vendor_id: activeVendor.supplierCode,
    currency: 'USD',
    lines: [{ item_id: inStock.itemId, quantity: 2, unit_price: '12.34' }],
    ...over,
  });

  it('refuses an unknown vendor, a blocked vendor, unknown items and locations, and short stock', async () => {
    const { source, connector } = fresh();
    const before = source.snapshot();
    const cases: [CreatePurchaseOrderRemote, string, string, RegExp][] = [
      [order({ vendor_id: 'V-9' }), 'invalid_vendor', 'vendor_id', /Vendor V-9 does not exist/],
      [order({ vendor_id: blockedVendor.supplierCode }), 'invalid_vendor', 'vendor_id', /blocked/],
      [order({ lines: [{ item_id: 'INV-404', quantity: 1, unit_price: '1.00' }] }), 'invalid_item', 'lines[0].item_id', /INV-404/],
      [order({ lines: [{ item_id: outOfStock.itemId, quantity: 1, unit_price: '1.00' }] }), 'out_of_stock', 'lines[0].quantity', /out of stock/],
      [order({ lines: [{ item_id: inStock.itemId, quantity: inStock.onHand, unit_price: '1.00' }, { item_id: inStock.itemId, quantity: 1, unit_price: '1.00' }] }), 'out_of_stock', 'lines[1].quantity', /requested/],
      [order({ location_id: 'LOC-9999' }), 'invalid_location', 'location_id', /LOC-9999/],
    ];
    for (const [input, code, field, message] of cases) {
      const err = await rejects(connector.createPurchaseOrder(input));
      expect(err.kind).toBe('validation');
      expect(err.extra).toMatchObject({ code, field });
      expect(err.message).toMatch(message);
      expect(classifyDefault(err)).toBe(err);
    }
    const bad = await rejects(connector.createPurchaseOrder({ ...order(), lines: [] }));
    expect(bad.kind).toBe('invalid_request');
    expect(source.snapshot()).toEqual(before);
  });

  it('answers a valid order like the system would, without storing it', async () => {
    const { source, connector } = fresh();
    const before = JSON.stringify(source.snapshot());
    const input = order({
      location_id: inStock.storeroomId,
      lines: [
        { item_id: inStock.itemId, quantity: 2.5, unit_price: '10.10' },
        { item_id: inStock.itemId, quantity: 3, unit_price: '0.10', description: 'spare' },
      ],
      custom_fields: { costCenter: 'CC-4100' },
    });
    const result = await connector.createPurchaseOrder(input);
    const po = result.record as MappedPurchaseOrder;
    expect(result.simulated).toBe(true);
    expect(po.status).toBe('draft');
    expect(po.number).toBe('PO-10061');
    expect(po.vendor_id).toBe(activeVendor.supplierCode);
    expect(po.vendor_name).toBe(activeVendor.legalName);
    expect(po.location_id).toBe(inStock.storeroomId);
    expect(po.lines.map((l) => [l.line_number, l.amount, l.part_number])).toEqual([[10, '25.25', inStock.partNumber], [20, '0.30', inStock.partNumber]]);
    expect(po.lines[1].description).toBe('spare');
    expect(po.total_amount).toBe('25.55');
    expect(po.custom_fields.costCenter).toBe('CC-4100');
    expect(entities['purchase-orders'].safeParse({ ...po, id: 'x', deleted_at: null }).success).toBe(true);
    expect(JSON.stringify(source.snapshot())).toBe(before);
    expect(await connector.getOne('purchase-orders', 'PO-10061')).toBeNull();
    // the same request gets the same answer: nothing was consumed
    expect((await connector.createPurchaseOrder(input)).record).toEqual(po);
  });

  it('updates a work order in simulation and enforces the status workflow', async () => {
    const { source, connector } = fresh();
    const before = JSON.stringify(source.snapshot());
    const inProgress = wos.find((w) => w.status === 'in_progress')!;
    const result = await connector.updateWorkOrder(inProgress.remote_id, { status: 'completed', assignee: 'm.chen', priority: 'urgent' });
    const wo = result.record as MappedWorkOrder;
    expect(result.simulated).toBe(true);
    expect(wo).toMatchObject({ remote_id: inProgress.remote_id, status: 'completed', assignee: 'm.chen', priority: 'urgent', title: inProgress.title });
    expect(wo.completed_at).not.toBeNull();
    expect(wo.remote_data).toMatchObject({ state: 'COMPLETED', priority: 'P1' });

    for (const status of ['closed', 'cancelled'] as const) {
      const done = wos.find((w) => w.status === status)!;
      const err = await rejects(connector.updateWorkOrder(done.remote_id, { status: 'in_progress' }));
      expect(err.kind).toBe('validation');
      expect(err.extra).toMatchObject({ code: 'invalid_status_transition', field: 'status' });
      expect((await rejects(connector.updateWorkOrder(done.remote_id, { priority: 'low' }))).extra.code).toBe('invalid_status_transition');
    }
    const requested = wos.find((w) => w.status === 'requested')!;
    expect((await rejects(connector.updateWorkOrder(requested.remote_id, { status: 'closed' }))).extra.code).toBe('invalid_status_transition');
    expect((await rejects(connector.updateWorkOrder('WO-1', { status: 'approved' }))).kind).toBe('not_found');
    expect((await rejects(connector.updateWorkOrder(requested.remote_id, {} as never))).kind).toBe('invalid_request');
    expect(JSON.stringify(source.snapshot())).toBe(before);
    expect(((await connector.getOne('work-orders', inProgress.remote_id)) as MappedWorkOrder).status).toBe('in_progress');
  });

  it('classifies foreign errors as system errors', () => {
    const err = classifyDefault(new TypeError('boom'));
    expect(err).toBeInstanceOf(ConnectorError);
    expect([err.kind, err.message]).toEqual(['system', 'boom']);
    expect(classifyDefault('odd').kind).toBe('system');
  });
});

// ------------------------------------------------------------------ source registry

describe('sandbox sources', () => {
  it('shares one source per connection until dropped', () => {
    const a = getSandboxSource('con_shared');
    expect(getSandboxSource('con_shared')).toBe(a);
    expect(sandboxSources.has('con_shared')).toBe(true);
    expect(dropSandboxSource('con_shared')).toBe(true);
    expect(getSandboxSource('con_shared')).not.toBe(a);
    dropSandboxSource('con_shared');
  });

  it('generates its data on first use (a health check reads none): the same source as one given that data', () => {
    const given = new SandboxSource({ data: base });
    // the clock follows the latest change in the data: asked first, it must see the generated data
    expect(new SandboxSource().now()).toBe(given.now());
    const lazy = new SandboxSource();
    expect(lazy.changes('purchase-orders', null, null, 5)).toEqual(given.changes('purchase-orders', null, null, 5));
    expect(lazy.snapshot()).toEqual(given.snapshot());
  });

  it('reads MILLWRIGHT_SANDBOX_SCALE', () => {
    expect(scaleFromEnv({})).toBeUndefined();
    expect(scaleFromEnv({ MILLWRIGHT_SANDBOX_SCALE: '2.5' })).toBe(2.5);
    expect(() => scaleFromEnv({ MILLWRIGHT_SANDBOX_SCALE: 'lots' })).toThrow(/MILLWRIGHT_SANDBOX_SCALE/);
  });

  it('refuses to touch or remove what does not exist, or to change a key', () => {
    const { source } = fresh();
    expect(() => source.touch('assets', 'AST-9999', {})).toThrow(/no assets record/);
    expect(() => source.remove('assets', 'AST-9999')).toThrow(/no assets record/);
    expect(() => source.touch('assets', 'AST-0001', { assetId: 'AST-0002' })).toThrow(/key/);
    expect(() => source.add('assets', base.assets[0])).toThrow(/already exists/);
  });
});

// ------------------------------------------------------------------ properties

describe('sandbox paging properties', () => {
  const key = (r: MappedRecord) => r.remote_id;

  it('never loses or duplicates a record, for any page size after any touches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...entityNames),
        fc.integer({ min: 1, max: 60 }),
        // (record index, time index): times are drawn from the data itself, so ties are common
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 25 }),
        async (entity, pageSize, touches) => {
          const { source, connector } = fresh();
          const ids = base[entity].map((r) => String((r as unknown as Record<string, unknown>)[remoteKeyField[entity]]));
          const times = base[entity].map((r) => r.lastModified);
          for (const [i, t] of touches) source.touch(entity, ids[i % ids.length], {}, times[t % times.length]);
          const all = await listAll(connector, entity, null, pageSize);
          const got = all.records.map(key);
          expect(got.length).toBe(ids.length);
          expect(new Set(got)).toEqual(new Set(ids));
          // the same with a checkpoint: exactly the records changed at or after it
          const since = times[touches.length % times.length];
          const expected = ids.filter((id) => Date.parse(source.get(entity, id)!.lastModified) >= Date.parse(since));
          const inc = (await listAll(connector, entity, since, pageSize)).records.map(key);
          expect(inc.length).toBe(expected.length);
          expect(new Set(inc)).toEqual(new Set(expected));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('loses no record when the data changes between pages; only changed records may repeat', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...entityNames),
        fc.integer({ min: 1, max: 30 }),
        // (after which page, record index, remove instead of touch)
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.nat(), fc.boolean()), { maxLength: 15 }),
        async (entity, pageSize, ops) => {
          const { source, connector } = fresh();
          const changed = new Set<string>();
          const removed = new Set<string>();
          const all = await listAll(connector, entity, SANDBOX_WINDOW.start, pageSize, (page) => {
            for (const [after, i, remove] of ops) {
              if (after !== page) continue;
              const live = source.all(entity).map((r) => String((r as unknown as Record<string, unknown>)[remoteKeyField[entity]]));
              if (live.length === 0) continue;
              const id = live[i % live.length];
              // the system clock (now()) only moves forward, as a real system's does
              if (remove) {
                source.remove(entity, id);
                removed.add(id);
              } else {
                source.touch(entity, id, { extra: { touchedAfterPage: page } });
              }
              changed.add(id);
            }
          });
          const seen = count(all.records, key);
          for (const raw of source.all(entity)) {
            const id = String((raw as unknown as Record<string, unknown>)[remoteKeyField[entity]]);
            expect(seen[id], `${entity} ${id} lost`).toBeGreaterThanOrEqual(1);
            // the last version delivered is the current one
            const last = all.records.filter((r) => r.remote_id === id).at(-1)!;
            expect(last.updated_at).toBe(raw.lastModified);
          }
          for (const [id, n] of Object.entries(seen)) if (n > 1) expect(changed.has(id), `${id} repeated but unchanged`).toBe(true);
          expect(new Set(all.deleted)).toEqual(removed);
        },
      ),
      { numRuns: 150 },
    );
  });
});
