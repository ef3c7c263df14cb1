// systems/ibm-maximo/ is IBM Maximo (7.6 on-prem and MAS Manage, REST/OSLC JSON
// with lean=1): the client (client.ts: auth, requests, segment paging that
// follows responseInfo.nextPage), wire shapes (raw.ts), a mapper per object
// structure (mappers/), writes (writes.ts) and the BMXAA error classifier
// (errors.ts). Maximo has no deletion feed: deletions are found by the daily
// full listing; the history window is not applied (open work orders that have
// not changed recently would otherwise be missed).
import { classifyDefault } from '../kit/connector.js';
import type { EntityDeclaration, SystemDefinition } from '../kit/definition.js';
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
import { createPurchaseOrder, updateWorkOrder } from './writes.js';

/** An object structure as an entity: segment-paged, ended by Maximo's own nextPage. */
function entity(s: ObjectStructure, map: Mapper): EntityDeclaration<MaximoClient> {
  return {
    source: `object structure ${s.os.toUpperCase()}`,
    listings: [{
      paging: pages<MaximoClient, Position>({ more: 'signal', position, fetch: (c, req) => c.listPage(s.os, s.select, s.keys, req) }),
      map,
      idOf: (raw) => remoteIdOf(s.noun, s.keys, raw),
    }],
    async get(c, remoteId) {
      const raw = await c.member(s.os, s.select, remoteId);
      return raw ? map(raw) : null;
    },
  };
}

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
    },
    writes: { createPurchaseOrder, updateWorkOrder },
    // an API key answers on /maximo/api/os/…, a user and password on /maximo/oslc/…
    passthrough: { paths: ['/maximo/api/os/', '/maximo/oslc/'], send: (client, call) => client.passthrough(call) },
  },
};
