// systems/sap-s4hana/ is SAP S/4HANA (cloud and on-prem, OData v2 under
// /sap/opu/odata/sap/): the Gateway client with its keyset paging and CSRF
// (client.ts), OData value formats (odata.ts), wire shapes and service names
// (raw.ts), a mapper per entity (mappers/), writes (writes.ts) and Gateway
// errors (errors.ts). Each entity reads one or two services; a service that is
// not activated or not authorized makes that entity unavailable, not the rest.
import { z } from 'zod';
import { classifyDefault } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import type { EntityDeclaration, SystemDefinition } from '../kit/definition.js';
import { SAP_CLIENT, USER_PASSWORD } from '../kit/options.js';
import { pages, readAll } from '../kit/paging.js';
import type { MapResult, Mapper } from '../kit/mapping.js';
import { position, SapClient, type EntitySet, type Position } from './client.js';
import { deletedOr, isObj, keyOf, parseInventoryKey } from './mappers/common.js';
import { isEquipmentDeleted, mapEquipment } from './mappers/assets.js';
import { inventoryItemKey, inventoryItems, mapInventoryItem } from './mappers/inventory-items.js';
import { mapPlant, mapStorageLocation } from './mappers/locations.js';
import { isPurchaseOrderDeleted, mapPurchaseOrder } from './mappers/purchase-orders.js';
import { isSupplierDeleted, mapSupplier } from './mappers/vendors.js';
import { isWorkOrderDeleted, mapWorkOrder } from './mappers/work-orders.js';
import { keyPredicate, quote, VALIDITY_OPEN_END } from './odata.js';
import { SERVICE_ROOT, SERVICES, V4_ROOT, V4_SERVICES, type ODataEntity, type ODataSingle, type ODataV4List, type RawProduct, type RawStock } from './raw.js';
import { createPurchaseOrder, createServiceRequest, recordMeterReading, updateWorkOrder } from './writes.js';
import { mapMeasuringPoint } from './mappers/meters.js';
import { isDocumentReversed, mapMeasurementDocument } from './mappers/meter-readings.js';
import { mapNotification } from './mappers/service-requests.js';
import { mapMaintenancePlan } from './mappers/maintenance-plans.js';
import { mapPurchaseRequisition } from './mappers/purchase-requisitions.js';

const SETS = {
  purchaseOrders: { service: SERVICES.purchaseOrder, set: 'A_PurchaseOrder', keys: ['PurchaseOrder'], timed: true, expand: 'to_PurchaseOrderItem' },
  workOrders: { service: SERVICES.maintenanceOrder, set: 'MaintenanceOrder', keys: ['MaintenanceOrder'], timed: true },
  equipment: { service: SERVICES.equipment, set: 'Equipment', keys: ['Equipment'], timed: true, where: `ValidityEndDate eq ${VALIDITY_OPEN_END}` },
  suppliers: { service: SERVICES.businessPartner, set: 'A_Supplier', keys: ['Supplier'] },
  products: { service: SERVICES.product, set: 'A_Product', keys: ['Product'], expand: 'to_Description,to_Valuation' },
  stock: { service: SERVICES.materialStock, set: 'A_MatlStkInAcctMod', keys: ['Material', 'Plant', 'StorageLocation'] },
  plants: { service: SERVICES.plant, set: 'A_Plant', keys: ['Plant'] },
  storageLocations: { service: SERVICES.storageLocation, set: 'A_StorageLocation', keys: ['Plant', 'StorageLocation'] },
  notifications: { service: SERVICES.maintenanceNotification, set: 'MaintenanceNotification', keys: ['MaintenanceNotification'], timed: true },
  plans: { service: SERVICES.maintenancePlan, set: 'MaintenancePlan', keys: ['MaintenancePlan'], timed: true, expand: 'to_StrategyCycle,to_Item,to_Item/to_MaintPlanCallObjects' },
  requisitions: { service: SERVICES.purchaseRequisition, set: 'A_PurchaseRequisitionHeader', keys: ['PurchaseRequisition'], expand: 'to_PurchaseReqnItem' },
  measuringPoints: { service: V4_SERVICES.measuringPoint.id, set: 'MeasuringPoint', keys: ['MeasuringPoint'] },
  documents: { service: V4_SERVICES.measurementDocument.id, set: 'MeasurementDocument', keys: ['MeasurementDocument'] },
} satisfies Record<string, EntitySet>;

/** Readings entered this many days late are still found by an incremental listing (documents have no entry time). */
export const READING_LOOKBACK_DAYS = 7;

/** Stock rows are read for this many products per request (keeps the $filter URL short), this many rows a page. */
const STOCK_CHUNK = 40;
const STOCK_PAGE = 5000;

const keyset = (s: EntitySet) => pages<SapClient, Position>({ more: 'signal_or_full_page', position, fetch: (c, req) => c.listPage(s, req) });

async function single(c: SapClient, service: string, resource: string, params: Record<string, string | undefined> = {}): Promise<ODataEntity | null> {
  const got = await c.getJson<ODataSingle<ODataEntity>>(service, resource, params, { allowNotFound: true });
  if (!got) return null;
  const d = got.data?.d;
  if (!isObj(d)) throw new ConnectorError('system', `${service}/${resource}: the answer has no d object`);
  return d;
}

/** A set read page by page: one record is read by its key. */
function setEntity(s: EntitySet, map: Mapper, keyOfId: (remoteId: string) => string | Record<string, string> = (id) => id): EntityDeclaration<SapClient> {
  return {
    source: `OData service ${s.service} (${s.set})`,
    listings: [{ paging: keyset(s), map, idOf: keyOf(s.keys[0]) }],
    async get(c, remoteId) {
      const raw = await single(c, s.service, `${s.set}${keyPredicate(keyOfId(remoteId))}`, { $expand: s.expand });
      return raw ? map(raw) : null;
    },
  };
}

/** Every stock row of these products (in chunks, each read to the end of its own paging). */
async function stockOf(c: SapClient, products: string[], extra?: string): Promise<RawStock[]> {
  const out: RawStock[] = [];
  for (let i = 0; i < products.length; i += STOCK_CHUNK) {
    const filter = `(${products.slice(i, i + STOCK_CHUNK).map((p) => `Material eq ${quote(p)}`).join(' or ')})${extra ? ` and ${extra}` : ''}`;
    const rows = await readAll(pages<SapClient, number>({ more: 'signal_or_full_page', position: z.number().int().min(0), fetch: (cl, req) => cl.skipPage(SETS.stock, filter, req) }), c, STOCK_PAGE);
    out.push(...(rows as RawStock[]));
  }
  return out;
}

const productKeys = (rows: unknown[]) => rows.flatMap((p) => (isObj(p) && typeof p.Product === 'string' ? [p.Product] : []));

const inventory: EntityDeclaration<SapClient> = {
  source: `OData services ${SERVICES.product} (A_Product) and ${SERVICES.materialStock} (A_MatlStkInAcctMod)`,
  listings: [{
    paging: keyset(SETS.products),
    map: mapInventoryItem,
    idOf: inventoryItemKey,
    async enrich(c, rows) {
      const keys = productKeys(rows);
      return inventoryItems(rows as RawProduct[], keys.length ? await stockOf(c, keys) : []);
    },
  }],
  async probe(c) {
    await c.listPage(SETS.products, { position: null, pageSize: 1, since: null, historyStart: null });
    await c.skipPage(SETS.stock, undefined, { position: null, pageSize: 1, since: null, historyStart: null });
  },
  async get(c, remoteId): Promise<MapResult | null> {
    const k = parseInventoryKey(remoteId);
    if (!k) return null;
    const product = await single(c, SERVICES.product, `A_Product${keyPredicate(k.material)}`, { $expand: SETS.products.expand }) as RawProduct | null;
    if (!product) return null;
    const stock = await stockOf(c, [k.material], `Plant eq ${quote(k.plant)} and StorageLocation eq ${quote(k.storageLocation)}`);
    return stock.length ? mapInventoryItem({ product, plant: k.plant, storageLocation: k.storageLocation, stock }) : null;
  },
};

const locations: EntityDeclaration<SapClient> = {
  source: `OData services ${SERVICES.plant} (A_Plant) and, where present, ${SERVICES.storageLocation} (A_StorageLocation)`,
  listings: [
    { paging: keyset(SETS.plants), map: mapPlant, idOf: keyOf('Plant') },
    // Not every system exposes API_STORAGELOCATION_SRV: without it, plants are the only locations.
    { paging: keyset(SETS.storageLocations), map: mapStorageLocation, idOf: (raw) => (isObj(raw) && typeof raw.Plant === 'string' && typeof raw.StorageLocation === 'string' ? `${raw.Plant}/${raw.StorageLocation}` : null), optional: true },
  ],
  async get(c, remoteId) {
    const i = remoteId.indexOf('/');
    if (i < 0) {
      const raw = await single(c, SERVICES.plant, `A_Plant${keyPredicate(remoteId)}`);
      return raw ? mapPlant(raw) : null;
    }
    const raw = await single(c, SERVICES.storageLocation, `A_StorageLocation${keyPredicate({ Plant: remoteId.slice(0, i), StorageLocation: remoteId.slice(i + 1) })}`);
    return raw ? mapStorageLocation(raw) : null;
  },
};

const purchaseOrders = setEntity(SETS.purchaseOrders, deletedOr(isPurchaseOrderDeleted, 'PurchaseOrder', mapPurchaseOrder));

// ---------------------------------------------------------------- measuring points and documents (OData v4)

const MP = V4_SERVICES.measuringPoint;
const MD = V4_SERVICES.measurementDocument;
const v4Key = (key: string) => `(${encodeURIComponent(quote(key))})`;

/** A point's newest document that is not reversed (null: none yet). */
export async function lastDocument(c: SapClient, point: string): Promise<ODataEntity | null> {
  const got = await c.getV4<ODataV4List<ODataEntity>>(MD, SETS.documents.set, {
    $filter: `MeasuringPoint eq ${quote(point)} and MsmtRdngIsReversed eq false`, $orderby: 'MsmtRdngDate desc,MsmtRdngTime desc', $top: 1,
  }, { collection: true });
  return got?.value?.[0] ?? null;
}

/** The measuring points with these keys (one request per 40). */
export async function pointsOf(c: SapClient, keys: string[]): Promise<Map<string, ODataEntity>> {
  const out = new Map<string, ODataEntity>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 40) {
    const part = unique.slice(i, i + 40);
    const got = await c.getV4<ODataV4List<ODataEntity>>(MP, SETS.measuringPoints.set, { $filter: part.map((k) => `MeasuringPoint eq ${quote(k)}`).join(' or '), $top: part.length }, { collection: true });
    for (const p of got?.value ?? []) if (typeof p.MeasuringPoint === 'string') out.set(p.MeasuringPoint, p);
  }
  return out;
}

const withLastDocument = async (c: SapClient, rows: unknown[]) => Promise.all(rows.map(async (p) => (isObj(p) && typeof p.MeasuringPoint === 'string' ? { ...p, _lastReading: await lastDocument(c, p.MeasuringPoint) } : p)));

/** Measuring points have no change time: listed whole, each with its newest document (one read per point). */
const meters: EntityDeclaration<SapClient> = {
  source: `OData v4 service ${MP.id} (MeasuringPoint), newest readings from ${MD.id}`,
  listings: [{
    paging: pages<SapClient, Position>({ more: 'signal_or_full_page', position, fetch: (c, req) => c.listV4Page(MP, SETS.measuringPoints, req) }),
    map: mapMeasuringPoint,
    idOf: keyOf('MeasuringPoint'),
    enrich: withLastDocument,
  }],
  async get(c, remoteId) {
    const p = await c.getV4<ODataEntity>(MP, `MeasuringPoint${v4Key(remoteId)}`, {}, { allowNotFound: true });
    return p ? mapMeasuringPoint((await withLastDocument(c, [p]))[0]) : null;
  },
};

const withPoints = async (c: SapClient, rows: unknown[]) => {
  const points = await pointsOf(c, rows.flatMap((d) => (isObj(d) && typeof d.MeasuringPoint === 'string' ? [d.MeasuringPoint] : [])));
  return rows.map((d) => (isObj(d) && typeof d.MeasuringPoint === 'string' && points.has(d.MeasuringPoint) ? { ...d, _point: points.get(d.MeasuringPoint) } : d));
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Measurement documents page by their number. They carry no entry time: an incremental listing
 * asks for readings taken since the last one seen, less READING_LOOKBACK_DAYS (readings entered
 * late). A reversed document is reported as deleted.
 */
const readings: EntityDeclaration<SapClient> = {
  source: `OData v4 service ${MD.id} (MeasurementDocument), units and equipment from ${MP.id}`,
  listings: [{
    paging: pages<SapClient, Position>({
      more: 'signal_or_full_page', position,
      fetch: (c, req) => {
        // the history window is not applied (as for the other S/4HANA entities: see the README)
        const from = req.since ? Date.parse(req.since) - READING_LOOKBACK_DAYS * 86_400_000 : null;
        return c.listV4Page(MD, SETS.documents, req, from === null ? undefined : `MsmtRdngDate ge ${isoDay(from)}`);
      },
    }),
    map: deletedOr(isDocumentReversed, 'MeasurementDocument', mapMeasurementDocument),
    idOf: keyOf('MeasurementDocument'),
    enrich: withPoints,
  }],
  async get(c, remoteId) {
    const d = await c.getV4<ODataEntity>(MD, `MeasurementDocument${v4Key(remoteId)}`, {}, { allowNotFound: true });
    return d ? deletedOr(isDocumentReversed, 'MeasurementDocument', mapMeasurementDocument)((await withPoints(c, [d]))[0]) : null;
  },
};

export const sapS4hana: SystemDefinition<SapClient> = {
  id: 'sap-s4hana',
  name: 'SAP S/4HANA',
  description: 'SAP S/4HANA through its OData APIs (purchase orders and requisitions, maintenance orders, notifications and plans, equipment, measuring points, suppliers, stock, plants).',
  tier: 3,
  deployments: ['cloud', 'on_prem'],
  url: { needed: true, default: null },
  credentialSets: [USER_PASSWORD],
  options: [SAP_CLIENT],
  connector: {
    client: (config) => new SapClient(config),
    classify: classifyDefault,
    auth: (c) => c.logon(SERVICES.maintenanceOrder),
    deletions: 'reported',
    entities: {
      locations,
      vendors: setEntity(SETS.suppliers, deletedOr(isSupplierDeleted, 'Supplier', mapSupplier)),
      assets: setEntity(SETS.equipment, deletedOr(isEquipmentDeleted, 'Equipment', mapEquipment), (id) => ({ Equipment: id, ValidityEndDate: VALIDITY_OPEN_END })),
      'inventory-items': inventory,
      'purchase-orders': purchaseOrders,
      'work-orders': setEntity(SETS.workOrders, deletedOr(isWorkOrderDeleted, 'MaintenanceOrder', mapWorkOrder)),
      meters,
      'meter-readings': readings,
      'service-requests': setEntity(SETS.notifications, mapNotification),
      'maintenance-plans': setEntity(SETS.plans, mapMaintenancePlan),
      'purchase-requisitions': setEntity(SETS.requisitions, mapPurchaseRequisition),
    },
    passthrough: { paths: [`/${SERVICE_ROOT}/`, `/${V4_ROOT}/`], send: (client, call) => client.passthrough(call) },
    writes: {
      recordMeterReading: (c, input) => recordMeterReading(c, input, async (doc) => {
        const r = await readings.get(c, doc);
        return r && 'record' in r ? r.record : null;
      }),
      createServiceRequest,
      createPurchaseOrder: (c, input) => createPurchaseOrder(c, input, async (id) => {
        const r = await purchaseOrders.get(c, id);
        return r && 'record' in r ? r.record : null;
      }),
      updateWorkOrder,
    },
  },
};
