// systems/sandbox/ is the Sandbox: bundled, deterministic sample data from a
// fictional plant (dataset.ts, catalog.ts), held per connection in a source
// that changes like a real system (client.ts: the connection's client), mapped per entity (mappers/),
// with writes validated as a real system would and never applied (writes.ts).
// No network and no credentials: free, read-only.
import { z } from 'zod';
import type { EntityName } from '../../contract/unified.js';
import { ConnectorError } from '../kit/errors.js';
import { classifyDefault } from '../kit/connector.js';
import { declareEach, type EntityDeclaration, type SystemDefinition } from '../kit/definition.js';
import type { Mapper } from '../kit/mapping.js';
import { pages } from '../kit/paging.js';
import { mapAsset } from './mappers/assets.js';
import { mapInventoryItem } from './mappers/inventory-items.js';
import { mapLocation } from './mappers/locations.js';
import { mapPurchaseOrder } from './mappers/purchase-orders.js';
import { mapVendor } from './mappers/vendors.js';
import { mapWorkOrder } from './mappers/work-orders.js';
import { remoteKeyOf } from './raw.js';
import { getSandboxSource, type SandboxSource } from './client.js';
import { mapMeter } from './mappers/meters.js';
import { mapMeterReading } from './mappers/meter-readings.js';
import { mapServiceRequest } from './mappers/service-requests.js';
import { mapMaintenancePlan } from './mappers/maintenance-plans.js';
import { mapPurchaseRequisition } from './mappers/purchase-requisitions.js';
import { simulateCreatePurchaseOrder, simulateCreateServiceRequest, simulateRecordMeterReading, simulateUpdateWorkOrder } from './writes.js';

/** What the sandbox's API expands on a record (as UpKeep's `includes`): a reading carries its meter's asset and unit. */
const EXPAND: Partial<Record<EntityName, (src: SandboxSource, raw: unknown) => unknown>> = {
  'meter-readings': (src, raw) => {
    const meterId = raw !== null && typeof raw === 'object' ? (raw as { meterId?: unknown }).meterId : undefined;
    const meter = typeof meterId === 'string' ? src.get('meters', meterId) : undefined;
    // Object.assign, not { ...raw, meter }: the same object, without V8's slow path for a spread followed by more properties
    return meter ? Object.assign({}, raw as object, { meter: { assetId: meter.assetId, uom: meter.uom } }) : raw;
  },
};

/** A raw record as the sandbox serves it (remote_data): with the related data it expands, like a system's includes. */
export function sandboxRaw(src: SandboxSource, entity: EntityName, raw: unknown): unknown {
  const expand = EXPAND[entity];
  return expand ? expand(src, raw) : raw;
}

/** Where a listing stands: the (lastModified ms, remote id) of the last record returned. */
const position = z.object({ t: z.number().finite(), id: z.string().max(200) }).strict();

/**
 * since = null lists every live record (historyStart is ignored: the sandbox is
 * small and its dates synthetic, a window would only hide data); since set lists
 * records changed at or after it and, on the last page, the deletions since.
 */
function entity(name: EntityName, map: Mapper): EntityDeclaration<SandboxSource> {
  const expand = (src: SandboxSource, raw: unknown) => sandboxRaw(src, name, raw);
  return {
    source: `the sandbox's ${name.replace('-', ' ')}`,
    listings: [{
      paging: pages<SandboxSource, z.infer<typeof position>>({
        more: 'signal',
        position,
        async fetch(src, req) {
          const sinceMs = req.since === null ? null : Date.parse(req.since);
          if (sinceMs !== null && !Number.isFinite(sinceMs)) throw new ConnectorError('invalid_request', `since is not a valid time: ${req.since}`, { field: 'since' });
          const at = req.position;
          const { keys, more } = src.changes(name, sinceMs, at ? { ms: at.t, id: at.id } : null, req.pageSize);
          const last = keys.at(-1);
          const deleted = !more && sinceMs !== null ? src.tombstones(name).filter((t) => Date.parse(t.deletedAt) >= sinceMs).map((t) => t.remoteId) : [];
          return { rows: keys.map((k) => expand(src, src.get(name, k.id))), signal: more, after: last ? { t: last.ms, id: last.id } : null, deleted };
        },
      }),
      map,
      idOf: (raw) => remoteKeyOf(name, raw),
    }],
    async get(src, remoteId) {
      const raw = src.get(name, remoteId);
      return raw === undefined ? null : map(expand(src, raw));
    },
  };
}

export const sandbox: SystemDefinition<SandboxSource> = {
  id: 'sandbox',
  name: 'Sandbox',
  description: 'Bundled sample data from a fictional plant: try the unified API without a real system. Read-only, free.',
  tier: null,
  deployments: ['cloud'],
  url: { needed: false, default: null },
  credentialSets: [[]],
  options: [],
  connector: {
    client: (config) => getSandboxSource(config.connectionId),
    classify: classifyDefault,
    async auth() {},
    deletions: 'reported',
    entities: declareEach({
      locations: mapLocation, vendors: mapVendor, assets: mapAsset, 'inventory-items': mapInventoryItem, 'purchase-orders': mapPurchaseOrder, 'work-orders': mapWorkOrder,
      meters: mapMeter, 'meter-readings': mapMeterReading, 'service-requests': mapServiceRequest, 'maintenance-plans': mapMaintenancePlan,
      'purchase-requisitions': mapPurchaseRequisition,
    }, entity),
    writes: {
      createPurchaseOrder: simulateCreatePurchaseOrder,
      updateWorkOrder: simulateUpdateWorkOrder,
      recordMeterReading: simulateRecordMeterReading,
      createServiceRequest: simulateCreateServiceRequest,
    },
  },
};
