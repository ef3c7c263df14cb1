// The unified API's route table: every route with its zod schemas. The server
// validates with them and the OpenAPI document is generated from them, so the
// two cannot disagree.
import { z } from 'zod';
import {
  entities, entityNames, IsoDateTime, pageLimit, type EntityName, CreatePurchaseOrder, UpdateWorkOrder,
  PurchaseOrderStatus, WorkOrderStatus, AssetStatus, VendorStatus, LocationType, MeterType, ServiceRequestStatus,
  PurchaseRequisitionStatus, RecordMeterReading, CreateServiceRequest,
} from '../contract/unified.js';
import { Connection } from '../contract/connections.js';
import { SyncRun, EntityCounts, EntitySyncStatus, SyncWarning } from '../contract/sync.js';
import { WebhookEvent, WebhookEventType } from '../contract/webhooks.js';
import { PASSTHROUGH_BODY_LIMIT, PassthroughAnswer, PassthroughRequest } from '../contract/passthrough.js';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const id = z.string().min(1).max(200);
/**
 * A change-time filter: any ISO-8601 offset, turned into the UTC text the store
 * compares; an instant outside the years 0000-9999 UTC is refused (it has no
 * such text, and would otherwise compare as a string that sorts first).
 */
const instant = IsoDateTime.transform((v, ctx) => {
  const utc = new Date(v).toISOString();
  if (/^\d{4}-/.test(utc)) return utc;
  ctx.issues.push({ code: 'custom', input: v, message: 'out of range: the instant must fall within the years 0000-9999 UTC' });
  return z.NEVER;
});

/** The status-like filter each entity accepts (its own enum); locations and meters filter by `type`. */
export const statusFilter: Record<EntityName, { param: 'status' | 'type'; schema: z.ZodType } | null> = {
  'purchase-orders': { param: 'status', schema: PurchaseOrderStatus },
  'work-orders': { param: 'status', schema: WorkOrderStatus },
  assets: { param: 'status', schema: AssetStatus },
  'inventory-items': null,
  vendors: { param: 'status', schema: VendorStatus },
  locations: { param: 'type', schema: LocationType },
  meters: { param: 'type', schema: MeterType },
  'meter-readings': null,
  'service-requests': { param: 'status', schema: ServiceRequestStatus },
  'maintenance-plans': null,
  'purchase-requisitions': { param: 'status', schema: PurchaseRequisitionStatus },
};
/** The reference filters each entity accepts. */
const refFilters: Record<EntityName, ('vendor_id' | 'asset_id' | 'location_id' | 'meter_id')[]> = {
  'purchase-orders': ['vendor_id', 'location_id'],
  'work-orders': ['asset_id', 'location_id'],
  assets: ['location_id'],
  'inventory-items': ['location_id'],
  vendors: [],
  locations: [],
  meters: ['asset_id', 'location_id'],
  'meter-readings': ['meter_id', 'asset_id'],
  'service-requests': ['asset_id', 'location_id'],
  'maintenance-plans': ['asset_id', 'location_id'],
  'purchase-requisitions': [],
};

export function listQuery(entity: EntityName) {
  return z.object({
    limit: pageLimit(),
    cursor: z.string().max(100).optional(),
    updated_after: instant.optional(),
    modified_after: instant.optional(),
    include_deleted: bool.optional(),
    include_raw: bool.optional(),
    ...(statusFilter[entity] ? { [statusFilter[entity]!.param]: statusFilter[entity]!.schema.optional() } : {}),
    ...Object.fromEntries(refFilters[entity].map((f) => [f, id.optional()])),
  }).strict();
}
export const getQuery = z.object({ include_raw: bool.optional() }).strict();
export const idParams = z.object({ id });

export const SyncStatus = z.object({
  status: z.enum(['idle', 'in_progress', 'completed', 'failed']),
  last_successful_sync_at: z.string().nullable(),
  last_error: z.object({ code: z.string(), message: z.string() }).nullable(),
  next_sync_at: z.string().nullable(),
  current: SyncRun.nullable(),
  counts: z.record(z.string(), z.number().int()),
  last_sync_counts: z.partialRecord(z.enum(entityNames as [EntityName, ...EntityName[]]), EntityCounts),
  /** Each entity: synced, unavailable (the system does not offer it to this user) or failed, with its record count and last error. */
  entities: z.partialRecord(z.enum(entityNames as [EntityName, ...EntityName[]]), EntitySyncStatus),
  /** The last finished run's warnings (entities skipped as unavailable). */
  warnings: z.array(SyncWarning),
});

/** GET /v1/events: a cursor (or an event id), a page size, and event types as a comma-separated list. */
export const eventsQuery = z.object({
  after: z.string().min(1).max(200).optional().meta({ description: 'next_cursor of the previous page, or the id of the last event you processed (evt_…); leave out to start at the oldest event kept (30 days).' }),
  limit: pageLimit(),
  type: z.string().max(1000).transform((v, ctx) => {
    const types = v.split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types.find((t) => !WebhookEventType.safeParse(t).success);
    if (types.length && !unknown) return types;
    ctx.issues.push({ code: 'custom', input: v, message: unknown ? `"${unknown.slice(0, 50)}" is not an event type (${WebhookEventType.options.join(', ')})` : 'give at least one event type' });
    return z.NEVER;
  }).optional().meta({ description: 'Only these event types, comma-separated, e.g. record.created,record.updated' }),
}).strict();
export const EventsPage = z.object({ data: z.array(WebhookEvent), next_cursor: z.string(), has_more: z.boolean() });

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH';
  path: string; // OpenAPI style: /v1/assets/{id}
  operationId: string;
  summary: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status: number;
  errors: number[];
  auth: boolean;
  /** Calls of this route go into the audit log as this kind (writes through to the system, passthrough). */
  audit?: 'write' | 'passthrough';
  /** A larger body limit than the API's 1 MiB (a 1 MiB passthrough body in base64, with its envelope). */
  bodyLimit?: number;
}

const listOf = (s: z.ZodType) => z.object({ data: z.array(s), next_cursor: z.string().nullable() });
const camel = (e: string) => e.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
const authErrors = [401, 403, 409, 429];

export const apiRoutes: ApiRoute[] = [
  { method: 'GET', path: '/v1/connection', operationId: 'getConnection', summary: "This token's connection", response: Connection, status: 200, errors: authErrors, auth: true },
  { method: 'GET', path: '/v1/sync-status', operationId: 'getSyncStatus', summary: 'Sync status and per-entity counts', response: SyncStatus, status: 200, errors: authErrors, auth: true },
  { method: 'GET', path: '/v1/events', operationId: 'listEvents', summary: "This connection's events, oldest first, with the ids and bodies webhooks carry (kept 30 days); poll with next_cursor", query: eventsQuery, response: EventsPage, status: 200, errors: [400, ...authErrors], auth: true },
  {
    method: 'POST', path: '/v1/passthrough', operationId: 'passthrough',
    summary: "One request to the system's own API through this connection (its credentials, session, CA and proxy); the system's answer as data. Guarded per connection: read_only (GET and HEAD), read_write, or off",
    body: PassthroughRequest, response: PassthroughAnswer, status: 200, errors: [400, 403, 413, 502, 503, ...authErrors], auth: true, audit: 'passthrough',
    bodyLimit: Math.ceil(PASSTHROUGH_BODY_LIMIT * 4 / 3) + 64 * 1024,
  },
  { method: 'POST', path: '/v1/sync', operationId: 'startSync', summary: 'Start a sync now (incremental; `{"full":true}` for a full resync)', body: z.object({ full: z.boolean().optional() }).strict().optional(), response: SyncRun, status: 202, errors: [400, ...authErrors], auth: true },
  ...entityNames.flatMap((e): ApiRoute[] => [
    { method: 'GET', path: `/v1/${e}`, operationId: `list${camel(`-${e}`)}`, summary: `List ${e.replace('-', ' ')}`, query: listQuery(e), response: listOf(entities[e]), status: 200, errors: [400, ...authErrors], auth: true },
    { method: 'GET', path: `/v1/${e}/{id}`, operationId: `get${camel(`-${e}`)}`, summary: `One ${e.replace(/s$/, '').replace('-', ' ')} by unified id`, params: idParams, query: getQuery, response: entities[e], status: 200, errors: [400, 404, ...authErrors], auth: true },
  ]),
  { method: 'POST', path: '/v1/purchase-orders', operationId: 'createPurchaseOrder', summary: 'Create a purchase order in the system', body: CreatePurchaseOrder, response: entities['purchase-orders'], status: 201, errors: [400, 413, 422, 502, 503, ...authErrors], auth: true, audit: 'write' },
  { method: 'PATCH', path: '/v1/work-orders/{id}', operationId: 'updateWorkOrder', summary: 'Change a work order in the system', params: idParams, body: UpdateWorkOrder, response: entities['work-orders'], status: 200, errors: [400, 404, 413, 422, 502, 503, ...authErrors], auth: true, audit: 'write' },
  { method: 'POST', path: '/v1/meter-readings', operationId: 'recordMeterReading', summary: 'Record a meter reading in the system (SAP measurement document, Maximo meter reading, UpKeep meter reading)', body: RecordMeterReading, response: entities['meter-readings'], status: 201, errors: [400, 413, 422, 502, 503, ...authErrors], auth: true, audit: 'write' },
  { method: 'POST', path: '/v1/service-requests', operationId: 'createServiceRequest', summary: 'Create a service request in the system (SAP maintenance notification, Maximo SR, UpKeep request)', body: CreateServiceRequest, response: entities['service-requests'], status: 201, errors: [400, 413, 422, 502, 503, ...authErrors], auth: true, audit: 'write' },
];
