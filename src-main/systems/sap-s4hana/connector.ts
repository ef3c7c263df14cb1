// systems/sap-s4hana owns the SAP S/4HANA connector (cloud and on-prem, OData v2):
//   raw.ts     — the wire types and service names (links to the API docs)
//   odata.ts   — OData v2 formats (/Date()/, literals, ETags, errors) and exact decimals
//   client.ts  — the Gateway session: Basic auth, sap-client, CSRF, answer classification
//   mapping.ts — code tables (data) and pure raw → unified mapping
//   writes.ts  — purchase-order deep insert, maintenance-order PATCH/actions with ETags
//   connector.ts (this file) — listChanges paging per entity, getOne, verify/health, classify
//
// Paging. Purchase orders, maintenance orders and equipment have LastChangeDateTime:
// they page by keyset on (LastChangeDateTime, key) — `$filter=LastChangeDateTime gt T
// or (LastChangeDateTime eq T and Key gt 'k')`, `$orderby=LastChangeDateTime,Key` —
// so a record changed mid-listing moves behind the cursor instead of shifting a
// $skip window (no record is lost), and an incremental sync filters
// `LastChangeDateTime ge datetimeoffset'since'`. Suppliers, products/stock, plants
// and storage locations have no change time: they are listed in full on every
// sync, keyset on their key. Deletion marks are reported as deletions.
import type { EntityName, MappedRecord, UpdateWorkOrder } from '../../contract/unified.js';
import { entityNames } from '../../contract/unified.js';
import {
  ConnectorError, type ChangePage, type Connector, type ConnectorConfig, type ConnectorFactory,
  type CreatePurchaseOrderRemote, type ListChangesRequest, type WriteResult,
} from '../connector.js';
import { classifyTransport, SapClient } from './client.js';
import {
  inventoryKey, isEquipmentDeleted, isPurchaseOrderDeleted, isSupplierDeleted, isWorkOrderDeleted, mapEquipment, mapInventoryItem,
  mapPlant, mapPurchaseOrder, mapStorageLocation, mapSupplier, mapWorkOrder, parseInventoryKey, type MappingResult,
} from './mapping.js';
import { dateTimeOffsetLiteral, etagTimestamp, isoMs, keyPredicate, parseODataDate, quote, VALIDITY_OPEN_END } from './odata.js';
import {
  SERVICES, type ODataEntity, type ODataList, type ODataSingle, type RawInventoryItem, type RawProduct, type RawStock,
} from './raw.js';
import { createPurchaseOrder, updateWorkOrder } from './writes.js';

// ---------------------------------------------------------------- entity sets

interface TimedSet {
  service: string;
  set: string;
  key: string;
  /** A filter every listing carries (the current equipment time segment). */
  where?: string;
  expand?: string;
  isDeleted: (raw: never) => boolean;
  map: (raw: unknown) => MappingResult<MappedRecord>;
}

export const TIMED_SETS: Partial<Record<EntityName, TimedSet>> = {
  'purchase-orders': { service: SERVICES.purchaseOrder, set: 'A_PurchaseOrder', key: 'PurchaseOrder', expand: 'to_PurchaseOrderItem', isDeleted: isPurchaseOrderDeleted, map: mapPurchaseOrder as TimedSet['map'] },
  'work-orders': { service: SERVICES.maintenanceOrder, set: 'MaintenanceOrder', key: 'MaintenanceOrder', isDeleted: isWorkOrderDeleted, map: mapWorkOrder as TimedSet['map'] },
  assets: { service: SERVICES.equipment, set: 'Equipment', key: 'Equipment', where: `ValidityEndDate eq ${VALIDITY_OPEN_END}`, isDeleted: isEquipmentDeleted, map: mapEquipment as TimedSet['map'] },
};

/** Stock rows are read for this many products per request (keeps the $filter URL short). */
const STOCK_CHUNK = 40;
const STOCK_PAGE = 5000;

// ---------------------------------------------------------------- cursors

type Cursor =
  | { e: EntityName; m: 'time'; t: string; k: string }
  | { e: EntityName; m: 'key'; k: string }
  | { e: 'locations'; m: 'sloc'; p: string | null; s: string | null };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(entity: EntityName, cursor: string): Cursor {
  let c: Partial<Cursor> & Record<string, unknown> = {};
  try { c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof c; } catch { /* invalid below */ }
  const ok = c && c.e === entity && (
    (c.m === 'time' && typeof c.t === 'string' && typeof c.k === 'string')
    || (c.m === 'key' && typeof c.k === 'string')
    || (c.m === 'sloc' && (c.p === null || typeof c.p === 'string') && (c.s === null || typeof c.s === 'string')));
  if (!ok) throw new ConnectorError('invalid_request', `Invalid cursor for ${entity}`, { code: 'invalid_cursor', httpStatus: 400, field: 'cursor' });
  return c as Cursor;
}

// ---------------------------------------------------------------- the connector

export interface SapS4hanaConnector extends Connector {
  readonly client: SapClient;
}

export function createSapS4hanaConnector(config: ConnectorConfig): SapS4hanaConnector {
  const client = new SapClient(config);

  const classify = (err: unknown): ConnectorError => classifyTransport(err);

  /** Maps one page of raw rows: deletion marks → deleted, unreadable → rejected, unknown codes → warnings. */
  function collect(page: ChangePage, rows: unknown[], keyOf: (r: ODataEntity) => string | null, isDeleted: (r: never) => boolean, map: (r: unknown) => MappingResult<MappedRecord>) {
    for (const row of rows) {
      const key = typeof row === 'object' && row !== null ? keyOf(row as ODataEntity) : null;
      try {
        if (isDeleted(row as never)) { if (key) page.deleted.push(key); continue; }
        const { record, warnings } = map(row);
        page.records.push(record);
        for (const message of warnings) (page.warnings ??= []).push({ remote_id: record.remote_id, message });
      } catch (err) {
        (page.rejected ??= []).push({ remote_id: key, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  function results<T>(data: unknown, what: string): T[] {
    const r = (data as ODataList<T> | null)?.d?.results;
    if (!Array.isArray(r)) throw new ConnectorError('system', `${what}: the answer has no d.results list`);
    return r;
  }

  async function listTimed(entity: EntityName, spec: TimedSet, req: ListChangesRequest): Promise<ChangePage> {
    const cursor = req.cursor ? decodeCursor(entity, req.cursor) : null;
    if (cursor && cursor.m !== 'time') throw new ConnectorError('invalid_request', `Invalid cursor for ${entity}`, { code: 'invalid_cursor', httpStatus: 400, field: 'cursor' });
    const filters: string[] = [];
    if (spec.where) filters.push(spec.where);
    if (cursor) {
      const t = dateTimeOffsetLiteral(cursor.t);
      filters.push(`(LastChangeDateTime gt ${t} or (LastChangeDateTime eq ${t} and ${spec.key} gt ${quote(cursor.k)}))`);
    } else if (req.since) {
      filters.push(`LastChangeDateTime ge ${dateTimeOffsetLiteral(new Date(Date.parse(req.since)).toISOString())}`);
    }
    // historyStart is not applied: SystemStatusText is not filterable, so a date window would drop old open orders.
    const got = await client.getJson<ODataList<ODataEntity>>(spec.service, spec.set, {
      $filter: filters.length ? filters.join(' and ') : undefined,
      $orderby: `LastChangeDateTime asc,${spec.key} asc`,
      $top: req.pageSize,
      $expand: spec.expand,
    });
    const rows = results<ODataEntity>(got!.data, `${spec.service}/${spec.set}`);
    const page: ChangePage = { records: [], deleted: [], nextCursor: null };
    collect(page, rows, (r) => (typeof r[spec.key] === 'string' ? r[spec.key] as string : null), spec.isDeleted, spec.map);
    if (rows.length >= req.pageSize) page.nextCursor = encodeCursor(timeCursor(entity, spec, rows));
    return page;
  }

  /** The cursor after the last row: its LastChangeDateTime at full precision (from the ETag when it agrees) and key. */
  function timeCursor(entity: EntityName, spec: TimedSet, rows: ODataEntity[]): Cursor {
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i];
      let iso: string | null = null;
      try { iso = parseODataDate(r.LastChangeDateTime); } catch { iso = null; }
      const key = r[spec.key];
      if (!iso || typeof key !== 'string') continue;
      const precise = etagTimestamp(r.__metadata?.etag);
      const t = precise && isoMs(precise) === Date.parse(iso) ? precise : iso;
      return { e: entity, m: 'time', t, k: key };
    }
    throw new ConnectorError('system', `${spec.service}/${spec.set}: no row on the page has a readable LastChangeDateTime and key; cannot page on`);
  }

  async function listVendors(req: ListChangesRequest): Promise<ChangePage> {
    const cursor = req.cursor ? decodeCursor('vendors', req.cursor) : null;
    const after = cursor?.m === 'key' ? cursor.k : null;
    const got = await client.getJson<ODataList<ODataEntity>>(SERVICES.businessPartner, 'A_Supplier', {
      $filter: after !== null ? `Supplier gt ${quote(after)}` : undefined,
      $orderby: 'Supplier asc',
      $top: req.pageSize,
    });
    const rows = results<ODataEntity>(got!.data, 'A_Supplier');
    const page: ChangePage = { records: [], deleted: [], nextCursor: null };
    collect(page, rows, (r) => (typeof r.Supplier === 'string' ? r.Supplier : null), isSupplierDeleted as never, mapSupplier as never);
    const last = rows.at(-1)?.Supplier;
    if (rows.length >= req.pageSize && typeof last === 'string') page.nextCursor = encodeCursor({ e: 'vendors', m: 'key', k: last });
    return page;
  }

  /** Every stock row of these products, all pages. */
  async function stockOf(products: string[], extra?: string): Promise<RawStock[]> {
    const out: RawStock[] = [];
    for (let i = 0; i < products.length; i += STOCK_CHUNK) {
      const chunk = products.slice(i, i + STOCK_CHUNK);
      const filter = `(${chunk.map((p) => `Material eq ${quote(p)}`).join(' or ')})${extra ? ` and ${extra}` : ''}`;
      for (let skip = 0; ; skip += STOCK_PAGE) {
        const got = await client.getJson<ODataList<RawStock>>(SERVICES.materialStock, 'A_MatlStkInAcctMod', {
          $filter: filter, $orderby: 'Material asc,Plant asc,StorageLocation asc', $top: STOCK_PAGE, $skip: skip || undefined,
        });
        const rows = results<RawStock>(got!.data, 'A_MatlStkInAcctMod');
        out.push(...rows);
        if (rows.length < STOCK_PAGE) break;
      }
    }
    return out;
  }

  /** Inventory items of these products: one per product, plant and storage location that holds stock. */
  function inventoryItems(products: RawProduct[], stock: RawStock[], page: ChangePage) {
    const byProduct = new Map<string, Map<string, RawStock[]>>();
    for (const s of stock) {
      if (typeof s?.Material !== 'string' || typeof s.Plant !== 'string') continue;
      const loc = `${s.Plant}/${s.StorageLocation ?? ''}`;
      const m = byProduct.get(s.Material) ?? new Map<string, RawStock[]>();
      m.set(loc, [...(m.get(loc) ?? []), s]);
      byProduct.set(s.Material, m);
    }
    for (const p of products) {
      const key = typeof p?.Product === 'string' ? p.Product : null;
      if (!key) { (page.rejected ??= []).push({ remote_id: null, reason: 'product: missing its key Product' }); continue; }
      const locs = [...(byProduct.get(key) ?? new Map<string, RawStock[]>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [loc, rows] of locs) {
        const [plant, sloc] = loc.split('/');
        const item: RawInventoryItem = { product: p, plant, storageLocation: sloc, stock: rows };
        if (p.IsMarkedForDeletion === true) { page.deleted.push(inventoryKey(plant, sloc, key)); continue; }
        collect(page, [item], () => inventoryKey(plant, sloc, key), () => false, mapInventoryItem as never);
      }
    }
  }

  async function listInventory(req: ListChangesRequest): Promise<ChangePage> {
    const cursor = req.cursor ? decodeCursor('inventory-items', req.cursor) : null;
    const after = cursor?.m === 'key' ? cursor.k : null;
    const got = await client.getJson<ODataList<RawProduct>>(SERVICES.product, 'A_Product', {
      $filter: after !== null ? `Product gt ${quote(after)}` : undefined,
      $orderby: 'Product asc',
      $top: req.pageSize,
      $expand: 'to_Description,to_Valuation',
    });
    const products = results<RawProduct>(got!.data, 'A_Product');
    const page: ChangePage = { records: [], deleted: [], nextCursor: null };
    const keys = products.map((p) => p?.Product).filter((k): k is string => typeof k === 'string');
    inventoryItems(products, keys.length ? await stockOf(keys) : [], page);
    const last = products.at(-1)?.Product;
    if (products.length >= req.pageSize && typeof last === 'string') page.nextCursor = encodeCursor({ e: 'inventory-items', m: 'key', k: last });
    return page;
  }

  async function listLocations(req: ListChangesRequest): Promise<ChangePage> {
    const cursor = req.cursor ? decodeCursor('locations', req.cursor) : null;
    const page: ChangePage = { records: [], deleted: [], nextCursor: null };
    if (!cursor || cursor.m === 'key') {
      const after = cursor?.m === 'key' ? cursor.k : null;
      const got = await client.getJson<ODataList<ODataEntity>>(SERVICES.plant, 'A_Plant', {
        $filter: after !== null ? `Plant gt ${quote(after)}` : undefined, $orderby: 'Plant asc', $top: req.pageSize,
      });
      const rows = results<ODataEntity>(got!.data, 'A_Plant');
      collect(page, rows, (r) => (typeof r.Plant === 'string' ? r.Plant : null), () => false, mapPlant as never);
      const last = rows.at(-1)?.Plant;
      page.nextCursor = encodeCursor(rows.length >= req.pageSize && typeof last === 'string'
        ? { e: 'locations', m: 'key', k: last }
        : { e: 'locations', m: 'sloc', p: null, s: null });
      return page;
    }
    if (cursor.m !== 'sloc') throw new ConnectorError('invalid_request', 'Invalid cursor for locations', { code: 'invalid_cursor', httpStatus: 400, field: 'cursor' });
    const filter = cursor.p !== null ? `(Plant gt ${quote(cursor.p)} or (Plant eq ${quote(cursor.p)} and StorageLocation gt ${quote(cursor.s ?? '')}))` : undefined;
    // Not every system exposes API_STORAGELOCATION_SRV: without it, plants are the only locations.
    const got = await client.getJson<ODataList<ODataEntity>>(SERVICES.storageLocation, 'A_StorageLocation', {
      $filter: filter, $orderby: 'Plant asc,StorageLocation asc', $top: req.pageSize,
    }, { allow404: true });
    if (!got) return page;
    const rows = results<ODataEntity>(got.data, 'A_StorageLocation');
    collect(page, rows, (r) => (typeof r.Plant === 'string' && typeof r.StorageLocation === 'string' ? `${r.Plant}/${r.StorageLocation}` : null), () => false, mapStorageLocation as never);
    const last = rows.at(-1);
    if (rows.length >= req.pageSize && last && typeof last.Plant === 'string' && typeof last.StorageLocation === 'string') {
      page.nextCursor = encodeCursor({ e: 'locations', m: 'sloc', p: last.Plant, s: last.StorageLocation });
    }
    return page;
  }

  async function getSingle(service: string, resource: string, params: Record<string, string | undefined> = {}): Promise<ODataEntity | null> {
    const got = await client.getJson<ODataSingle<ODataEntity>>(service, resource, params, { allow404: true });
    if (!got) return null;
    const d = got.data?.d;
    if (!d || typeof d !== 'object') throw new ConnectorError('system', `${service}/${resource}: the answer has no d object`);
    return d;
  }

  async function getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null> {
    if (!entityNames.includes(entity)) throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(entity)}`, { code: 'invalid_request', httpStatus: 400, field: 'entity' });
    const timed = TIMED_SETS[entity];
    if (timed) {
      const key = entity === 'assets' ? { Equipment: remoteId, ValidityEndDate: VALIDITY_OPEN_END } : remoteId;
      const raw = await getSingle(timed.service, `${timed.set}${keyPredicate(key)}`, { $expand: timed.expand });
      if (!raw || timed.isDeleted(raw as never)) return null;
      return mapOrThrow(() => timed.map(raw));
    }
    if (entity === 'vendors') {
      const raw = await getSingle(SERVICES.businessPartner, `A_Supplier${keyPredicate(remoteId)}`);
      return !raw || isSupplierDeleted(raw as never) ? null : mapOrThrow(() => mapSupplier(raw));
    }
    if (entity === 'locations') {
      const i = remoteId.indexOf('/');
      if (i < 0) {
        const raw = await getSingle(SERVICES.plant, `A_Plant${keyPredicate(remoteId)}`);
        return raw ? mapOrThrow(() => mapPlant(raw)) : null;
      }
      const raw = await getSingle(SERVICES.storageLocation, `A_StorageLocation${keyPredicate({ Plant: remoteId.slice(0, i), StorageLocation: remoteId.slice(i + 1) })}`);
      return raw ? mapOrThrow(() => mapStorageLocation(raw)) : null;
    }
    // inventory-items
    const k = parseInventoryKey(remoteId);
    if (!k) return null;
    const product = await getSingle(SERVICES.product, `A_Product${keyPredicate(k.material)}`, { $expand: 'to_Description,to_Valuation' }) as RawProduct | null;
    if (!product || product.IsMarkedForDeletion === true) return null;
    const stock = await stockOf([k.material], `Plant eq ${quote(k.plant)} and StorageLocation eq ${quote(k.storageLocation)}`);
    if (stock.length === 0) return null;
    return mapOrThrow(() => mapInventoryItem({ product, plant: k.plant, storageLocation: k.storageLocation, stock }));
  }

  function mapOrThrow(fn: () => MappingResult<MappedRecord>): MappedRecord {
    try { return fn().record; } catch (err) { throw new ConnectorError('system', `SAP returned a record that cannot be read: ${(err as Error).message}`); }
  }

  const verify = async () => {
    // A cheap authenticated read of the service the connection needs most.
    await client.getJson(SERVICES.maintenanceOrder, 'MaintenanceOrder', { $top: 1, $select: 'MaintenanceOrder' });
  };

  return {
    client,
    reportsDeletions: true,
    verify,
    health: verify,

    async listChanges(req) {
      if (!entityNames.includes(req.entity)) throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(req.entity)}`, { code: 'invalid_request', httpStatus: 400, field: 'entity' });
      if (!Number.isInteger(req.pageSize) || req.pageSize < 1) throw new ConnectorError('invalid_request', `pageSize must be a positive integer, got ${req.pageSize}`, { code: 'invalid_request', httpStatus: 400, field: 'pageSize' });
      if (req.since !== null && Number.isNaN(Date.parse(req.since))) throw new ConnectorError('invalid_request', `since is not a valid time: ${req.since}`, { code: 'invalid_request', httpStatus: 400, field: 'since' });
      const timed = TIMED_SETS[req.entity];
      if (timed) return listTimed(req.entity, timed, req);
      if (req.entity === 'vendors') return listVendors(req);
      if (req.entity === 'inventory-items') return listInventory(req);
      return listLocations(req);
    },

    getOne,

    createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult> {
      return createPurchaseOrder(client, input, (id) => getOne('purchase-orders', id));
    },

    updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
      return updateWorkOrder(client, remoteId, patch);
    },

    classify,
  };
}

export const sapS4hanaConnectorFactory: ConnectorFactory = (config) => createSapS4hanaConnector(config);
