// systems/upkeep/ is UpKeep (cloud CMMS, REST API v2, https://developers.onupkeep.com/):
// the client with its sessions and keyset paging (client.ts), wire shapes
// (raw.ts), a mapper per entity (mappers/), writes (writes.ts) and the error
// classifier (errors.ts). UpKeep has no deletion feed: deleted records are
// found by absence on the daily full listing.
import type { EntityName } from '../../contract/unified.js';
import { classifyDefault } from '../kit/connector.js';
import { declareEach, type EntityDeclaration, type SystemDefinition } from '../kit/definition.js';
import type { Mapper } from '../kit/mapping.js';
import { pages } from '../kit/paging.js';
import { position, UpKeepClient, type Position } from './client.js';
import { idOf } from './mappers/common.js';
import { mapAsset } from './mappers/assets.js';
import { mapInventoryItem } from './mappers/inventory-items.js';
import { mapLocation } from './mappers/locations.js';
import { mapPurchaseOrder } from './mappers/purchase-orders.js';
import { mapVendor } from './mappers/vendors.js';
import { mapWorkOrder } from './mappers/work-orders.js';
import { DEFAULT_BASE_URL, INCLUDES, RESOURCES } from './raw.js';
import { createPurchaseOrder, updateWorkOrder } from './writes.js';

/** An UpKeep resource as an entity: keyset-paged until an empty page (UpKeep gives no "more" signal). */
function entity(name: EntityName, map: Mapper): EntityDeclaration<UpKeepClient> {
  const resource = RESOURCES[name];
  const includes = INCLUDES[name];
  return {
    source: `/api/v2/${resource}`,
    listings: [{
      // historyStart is not applied: an UpKeep account is synced whole (a CMMS account's history is its asset record).
      paging: pages<UpKeepClient, Position>({ more: 'until_empty', position, fetch: (c, req) => c.listPage(resource, includes, req) }),
      map,
      idOf,
    }],
    async get(c, remoteId) {
      const raw = await c.one(resource, remoteId, includes ? new URLSearchParams({ includes }) : undefined);
      return raw ? map(raw) : null;
    },
  };
}

export const upkeep: SystemDefinition<UpKeepClient> = {
  id: 'upkeep',
  name: 'UpKeep',
  description: 'UpKeep cloud CMMS through its REST API.',
  tier: 1,
  deployments: ['cloud'],
  url: { needed: false, default: DEFAULT_BASE_URL },
  credentialSets: [[{ key: 'email', label: 'Email', secret: false }, { key: 'password', label: 'Password', secret: true }]],
  options: [],
  connector: {
    client: (config) => new UpKeepClient(config),
    classify: classifyDefault,
    /** The login proves the email and password. */
    async auth(c) { await c.login(); },
    /** A cheap authenticated read (the session's login included). */
    async health(c) { await c.listPage(RESOURCES.locations, undefined, { position: null, pageSize: 1, since: null, historyStart: null }); },
    deletions: 'by_absence',
    entities: declareEach({
      locations: mapLocation, vendors: mapVendor, assets: mapAsset, 'inventory-items': mapInventoryItem, 'purchase-orders': mapPurchaseOrder, 'work-orders': mapWorkOrder,
    }, entity),
    writes: { createPurchaseOrder, updateWorkOrder },
    passthrough: { paths: ['/api/v2/'], send: (client, call) => client.passthrough(call) },
  },
};
