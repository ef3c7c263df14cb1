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
import { SERVICE_ROOT, SERVICES, type ODataEntity, type ODataSingle, type RawProduct, type RawStock } from './raw.js';
import { createPurchaseOrder, updateWorkOrder } from './writes.js';

const SETS = {
  purchaseOrders: { service: SERVICES.purchaseOrder, set: 'A_PurchaseOrder', keys: ['PurchaseOrder'], timed: true, expand: 'to_PurchaseOrderItem' },
  workOrders: { service: SERVICES.maintenanceOrder, set: 'MaintenanceOrder', keys: ['MaintenanceOrder'], timed: true },
  equipment: { service: SERVICES.equipment, set: 'Equipment', keys: ['Equipment'], timed: true, where: `ValidityEndDate eq ${VALIDITY_OPEN_END}` },
  suppliers: { service: SERVICES.businessPartner, set: 'A_Supplier', keys: ['Supplier'] },
  products: { service: SERVICES.product, set: 'A_Product', keys: ['Product'], expand: 'to_Description,to_Valuation' },
  stock: { service: SERVICES.materialStock, set: 'A_MatlStkInAcctMod', keys: ['Material', 'Plant', 'StorageLocation'] },
  plants: { service: SERVICES.plant, set: 'A_Plant', keys: ['Plant'] },
  storageLocations: { service: SERVICES.storageLocation, set: 'A_StorageLocation', keys: ['Plant', 'StorageLocation'] },
} satisfies Record<string, EntitySet>;

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

export const sapS4hana: SystemDefinition<SapClient> = {
  id: 'sap-s4hana',
  name: 'SAP S/4HANA',
  description: 'SAP S/4HANA through its OData v2 APIs (purchase orders, maintenance orders, equipment, suppliers, stock, plants).',
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
    },
    passthrough: { paths: [`/${SERVICE_ROOT}/`], send: (client, call) => client.passthrough(call) },
    writes: {
      createPurchaseOrder: (c, input) => createPurchaseOrder(c, input, async (id) => {
        const r = await purchaseOrders.get(c, id);
        return r && 'record' in r ? r.record : null;
      }),
      updateWorkOrder,
    },
  },
};
