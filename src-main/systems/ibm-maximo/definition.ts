// systems/ibm-maximo/ is IBM Maximo (7.6 on-prem and MAS Manage, REST/OSLC JSON
// with lean=1): the client (client.ts: auth, requests, segment paging that
// follows responseInfo.nextPage), wire shapes (raw.ts), a mapper per object
// structure (mappers/), writes (writes.ts) and the BMXAA error classifier
// (errors.ts). Maximo has no deletion feed: deletions are found by the daily
// full listing; the history window is not applied (open work orders that have
// not changed recently would otherwise be missed).
import { classifyDefault } from '../kit/connector.js';
import type { EntityDeclaration, Listing, SystemDefinition } from '../kit/definition.js';
import type { Mapper } from '../kit/mapping.js';
import { USER_PASSWORD } from '../kit/options.js';
import { pages } from '../kit/paging.js';
import { MaximoClient, position, type Position } from './client.js';
import { remoteIdOf, type ObjectStructure } from './mappers/common.js';
import { ASSETS, mapAsset } from './mappers/assets.js';
import { INVENTORY, mapInventoryItem } from './mappers/inventory-items.js';
import { LOCATIONS, mapLocation } from './mappers/locations.js';
import { mapPurchaseOrder, PURCHASE_ORDERS } from './mappers/purchase-orders.js';
import { mapVendor, VENDORS } from './mappers/vendors.js';
import { mapWorkOrder, WORK_ORDERS } from './mappers/work-orders.js';
import { mapMeter, meterRows, METERS } from './mappers/meters.js';
import { mapMeterReading, METER_READINGS } from './mappers/meter-readings.js';
import { mapServiceRequest, SERVICE_REQUESTS } from './mappers/service-requests.js';
import { MAINTENANCE_PLANS, mapMaintenancePlan } from './mappers/maintenance-plans.js';
import { mapPurchaseRequisition, PURCHASE_REQUISITIONS } from './mappers/purchase-requisitions.js';
import { withMeters } from './meters.js';
import { createPurchaseOrder, createServiceRequest, recordMeterReading, updateWorkOrder } from './writes.js';

/** An object structure as an entity: segment-paged, ended by Maximo's own nextPage. */
function entity(s: ObjectStructure, map: Mapper, enrich?: Listing<MaximoClient>['enrich']): EntityDeclaration<MaximoClient> {
  return {
    source: `object structure ${s.os.toUpperCase()}`,
    listings: [{
      paging: pages<MaximoClient, Position>({ more: 'signal', position, fetch: (c, req) => c.listPage(s.os, s.select, s.keys, req, s.timeAttr) }),
      map,
      idOf: (raw) => remoteIdOf(s.noun, s.keys, raw),
      ...(enrich ? { enrich } : {}),
    }],
    async get(c, remoteId) {
      const raw = await c.member(s.os, s.select, remoteId);
      return raw ? map(enrich ? (await enrich(c, [raw]))[0] : raw) : null;
    },
  };
}

/**
 * Asset meters: every asset with its `assetmeter` rows, one record per meter. Listed whole on
 * every sync: a new reading changes the meter's last reading, not (as far as we know [?]) the
 * asset's changedate.
 */
const meters: EntityDeclaration<MaximoClient> = {
  source: 'object structure MXAPIASSET (its assetmeter rows)',
  listings: [{
    paging: pages<MaximoClient, Position>({ more: 'signal', position, fetch: (c, req) => c.listPage(METERS.os, METERS.select, METERS.keys, { ...req, since: null }) }),
    map: mapMeter,
    idOf: (raw) => { const r = raw as Record<string, unknown> | null; return r && typeof r.metername === 'string' ? `${String(r.assetnum)}/${String(r.siteid)}/${r.metername}` : null; },
    enrich: async (_c, rows) => rows.flatMap(meterRows),
  }],
  async get(c, remoteId) {
    const i = remoteId.lastIndexOf('/');
    const asset = i > 0 ? await c.member(METERS.os, METERS.select, remoteId.slice(0, i)) : null;
    const row = meterRows(asset).find((m) => m.metername === remoteId.slice(i + 1));
    return row ? mapMeter(row) : null;
  },
};

export const ibmMaximo: SystemDefinition<MaximoClient> = {
  id: 'ibm-maximo',
  name: 'IBM Maximo',
  description: 'IBM Maximo 7.6 (on-prem) and Maximo Application Suite (cloud) through the OSLC REST JSON API.',
  tier: 2,
  deployments: ['cloud', 'on_prem'],
  url: { needed: true, default: null },
  credentialSets: [[{ key: 'api_key', label: 'API key', secret: true }], USER_PASSWORD],
  options: [],
  connector: {
    client: (config) => new MaximoClient(config),
    classify: classifyDefault,
    auth: (c) => c.whoami(),
    deletions: 'by_absence',
    entities: {
      locations: entity(LOCATIONS, mapLocation),
      vendors: entity(VENDORS, mapVendor),
      assets: entity(ASSETS, mapAsset),
      'inventory-items': entity(INVENTORY, mapInventoryItem),
      'purchase-orders': entity(PURCHASE_ORDERS, mapPurchaseOrder),
      'work-orders': entity(WORK_ORDERS, mapWorkOrder),
      meters,
      'meter-readings': entity(METER_READINGS, mapMeterReading, withMeters),
      'service-requests': entity(SERVICE_REQUESTS, mapServiceRequest),
      'maintenance-plans': entity(MAINTENANCE_PLANS, mapMaintenancePlan),
      'purchase-requisitions': entity(PURCHASE_REQUISITIONS, mapPurchaseRequisition),
    },
    writes: { createPurchaseOrder, updateWorkOrder, recordMeterReading, createServiceRequest },
    // an API key answers on /maximo/api/os/…, a user and password on /maximo/oslc/…
    passthrough: { paths: ['/maximo/api/os/', '/maximo/oslc/'], send: (client, call) => client.passthrough(call) },
  },
};
