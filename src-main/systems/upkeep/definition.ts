// systems/upkeep/ is UpKeep (cloud CMMS, REST API v2, https://developers.onupkeep.com/):
// the client with its sessions and keyset paging (client.ts), wire shapes
// (raw.ts), a mapper per entity (mappers/), writes (writes.ts) and the error
// classifier (errors.ts). UpKeep has no deletion feed: deleted records are
// found by absence on the daily full listing.
import { z } from 'zod';
import { classifyDefault } from '../kit/connector.js';
import { declareEach, type EntityDeclaration, type Listing, type SystemDefinition } from '../kit/definition.js';
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
import { mapMeter } from './mappers/meters.js';
import { mapMeterReading, readingKey, withMeter } from './mappers/meter-readings.js';
import { mapServiceRequest } from './mappers/service-requests.js';
import { mapMaintenancePlan } from './mappers/maintenance-plans.js';
import { DEFAULT_BASE_URL, INCLUDES, READINGS, RESOURCES } from './raw.js';
import { createPurchaseOrder, createServiceRequest, recordMeterReading, updateWorkOrder } from './writes.js';

/** What a page of records needs besides itself: a meter's newest reading. */
const ENRICH: Partial<Record<keyof typeof RESOURCES, Listing<UpKeepClient>['enrich']>> = {
  meters: (c, rows) => Promise.all(rows.map(async (m) => {
    const id = m !== null && typeof m === 'object' ? (m as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? { ...(m as object), lastReading: await c.lastReading(id) } : m;
  })),
};

/**
 * Listed whole on every sync: a meter's newest reading changes without the meter's own
 * updatedAt changing ([?] UpKeep is not known to touch the meter), so a change filter would miss it.
 */
const LISTED_WHOLE: ReadonlySet<keyof typeof RESOURCES> = new Set(['meters']);

/** An UpKeep resource as an entity: keyset-paged until an empty page (UpKeep gives no "more" signal). */
function entity(name: keyof typeof RESOURCES, map: Mapper): EntityDeclaration<UpKeepClient> {
  const resource = RESOURCES[name];
  const includes = INCLUDES[name];
  const enrich = ENRICH[name];
  const whole = LISTED_WHOLE.has(name);
  return {
    source: `/api/v2/${resource}`,
    listings: [{
      // historyStart is not applied: an UpKeep account is synced whole (a CMMS account's history is its asset record).
      paging: pages<UpKeepClient, Position>({ more: 'until_empty', position, fetch: (c, req) => c.listPage(resource, includes, whole ? { ...req, since: null } : req) }),
      map,
      idOf,
      ...(enrich ? { enrich } : {}),
    }],
    async get(c, remoteId) {
      const raw = await c.one(resource, remoteId, includes ? new URLSearchParams({ includes }) : undefined);
      if (!raw) return null;
      return map(enrich ? (await enrich(c, [raw]))[0] : raw);
    },
  };
}

/** Where a readings listing stands: the meter being read (in id order) and the position within its readings. */
const readingPosition = z.object({ m: z.string().max(200), p: position.nullable() }).strict();

/**
 * Readings live under their meter: the listing walks the meters in id order and pages
 * each meter's readings (keyset on updatedAt) until one comes back empty.
 */
const meterReadings: EntityDeclaration<UpKeepClient> = {
  source: '/api/v2/meters/:id/readings (the readings of each meter)',
  listings: [{
    paging: pages<UpKeepClient, z.infer<typeof readingPosition>>({
      more: 'signal',
      position: readingPosition,
      async fetch(c, req) {
        const meters = await c.meters();
        const at = req.position ?? (meters[0] ? { m: meters[0].id as string, p: null } : null);
        // the meter the position names, or (it was deleted meanwhile) the next one after it
        const i = at ? meters.findIndex((m) => (m.id as string) >= at.m) : -1;
        if (!at || i < 0) return { rows: [], signal: false, after: null };
        const meter = meters[i];
        const p = meter.id === at.m ? at.p : null;
        const page = await c.listPage(READINGS(meter.id as string), undefined, { ...req, position: p });
        if (page.rows.length) return { rows: page.rows.map((r) => withMeter(r as Record<string, unknown>, meter)), signal: true, after: { m: meter.id as string, p: page.after } };
        const next = meters[i + 1];
        return { rows: [], signal: next !== undefined, after: next ? { m: next.id as string, p: null } : null };
      },
    }),
    map: mapMeterReading,
    idOf: (raw) => {
      const r = raw as { id?: unknown; meter?: { id?: unknown } } | null;
      return typeof r?.id === 'string' && typeof r.meter?.id === 'string' ? readingKey(r.meter.id, r.id) : null;
    },
  }],
  async get(c, remoteId) {
    const i = remoteId.indexOf('/');
    if (i < 0) return null;
    const meter = await c.one(RESOURCES.meters, remoteId.slice(0, i));
    const reading = meter ? (await c.readingsOf(remoteId.slice(0, i))).find((r) => r.id === remoteId.slice(i + 1)) : undefined;
    return meter && reading ? mapMeterReading(withMeter(reading, meter)) : null;
  },
};

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
    entities: {
      ...declareEach({
        locations: mapLocation, vendors: mapVendor, assets: mapAsset, 'inventory-items': mapInventoryItem, 'purchase-orders': mapPurchaseOrder, 'work-orders': mapWorkOrder,
        meters: mapMeter, 'service-requests': mapServiceRequest, 'maintenance-plans': mapMaintenancePlan,
      }, (name, map) => entity(name as keyof typeof RESOURCES, map)),
      'meter-readings': meterReadings,
    },
    absent: {
      'purchase-requisitions': {
        reason: 'UpKeep has no purchase requisitions: its API knows purchase orders only, which start as drafts or await approval.',
        action: 'Use purchase-orders: an UpKeep order awaiting approval is listed there as pending_approval.',
      },
    },
    writes: { createPurchaseOrder, updateWorkOrder, recordMeterReading, createServiceRequest },
    passthrough: { paths: ['/api/v2/'], send: (client, call) => client.passthrough(call) },
  },
};
