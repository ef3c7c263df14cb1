// Writes to UpKeep: new purchase orders (POST /purchase-orders, then read back
// with the vendor expanded, as a sync would see it) and work-order changes
// (PATCH /work-orders/:id with only the fields given).
// https://developers.onupkeep.com/#purchase-orders, #work-orders
import type { UpdateWorkOrder, WorkOrderPriority, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, invalidValue, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, CreateServiceRequestRemote, RecordMeterReadingRemote, WriteResult } from '../kit/connector.js';
import { moneyToNumber } from '../kit/money.js';
import type { UpKeepClient } from './client.js';
import { answerError, failureMessage, validationFailure } from './errors.js';
import { mapPurchaseOrder } from './mappers/purchase-orders.js';
import { mapWorkOrder } from './mappers/work-orders.js';
import { INCLUDES, READINGS, RESOURCES, type UpKeepCreatePurchaseOrder, type UpKeepCreateReading, type UpKeepCreateRequest, type UpKeepUpdateWorkOrder } from './raw.js';
import { mapMeterReading, withMeter } from './mappers/meter-readings.js';
import { mapServiceRequest } from './mappers/service-requests.js';

/** unified status → UpKeep status for PATCH; null = UpKeep has no such state. */
export const WORK_ORDER_STATUS_CODES: Readonly<Record<WorkOrderStatus, string | null>> = {
  requested: null,
  approved: 'open',
  scheduled: 'open',
  in_progress: 'inProgress',
  on_hold: 'onHold',
  completed: 'complete',
  closed: 'complete',
  cancelled: null,
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, number>> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** The UpKeep PATCH body for a unified work order patch. */
export function toUpKeepWorkOrderPatch(patch: UpdateWorkOrder): UpKeepUpdateWorkOrder {
  const body: UpKeepUpdateWorkOrder = {};
  if (patch.status !== undefined) {
    const code = WORK_ORDER_STATUS_CODES[patch.status];
    if (code === null) throw validationError('unsupported_status', `UpKeep work orders have no status "${patch.status}"; use approved, in_progress, on_hold or completed.`, 'status');
    body.status = code;
  }
  if (patch.priority !== undefined) body.priority = WORK_ORDER_PRIORITY_CODES[patch.priority];
  if (patch.assignee !== undefined) body.assignedToUser = patch.assignee;
  if (patch.due_date !== undefined) body.dueDate = patch.due_date;
  if (patch.description !== undefined) body.description = patch.description;
  return body;
}

/** A record UpKeep returned that cannot be read is the system's fault. */
function readBack<T>(map: (raw: unknown) => { record: T }, raw: unknown): T {
  try {
    return map(raw).record;
  } catch (err) {
    throw new ConnectorError('system', `UpKeep sent a record that cannot be read: ${(err as Error).message}`);
  }
}

export async function createPurchaseOrder(client: UpKeepClient, input: CreatePurchaseOrderRemote): Promise<WriteResult> {
  const body: UpKeepCreatePurchaseOrder = {
    vendor: input.vendor_id,
    ...(input.location_id ? { location: input.location_id } : {}),
    currency: input.currency,
    ...(input.expected_delivery_date ? { dueDate: input.expected_delivery_date } : {}),
    partsOrdered: input.lines.map((l) => ({ part: l.item_id, quantity: l.quantity, price: moneyToNumber(l.unit_price), ...(l.description ? { description: l.description } : {}) })),
    ...(input.custom_fields ? { customFields: Object.entries(input.custom_fields).map(([name, value]) => ({ name, value })) } : {}),
  };
  const resource = RESOURCES['purchase-orders'];
  const created = client.result(await client.call('POST', resource, { json: body }), `POST ${resource}`, resource);
  const id = typeof created.id === 'string' ? created.id : null;
  const raw = (id ? await client.one(resource, id, new URLSearchParams({ includes: INCLUDES['purchase-orders']! })) : null) ?? created;
  return { record: readBack(mapPurchaseOrder, raw) };
}

export async function updateWorkOrder(client: UpKeepClient, remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
  const resource = RESOURCES['work-orders'];
  const a = await client.call('PATCH', `${resource}/${encodeURIComponent(remoteId)}`, { json: toUpKeepWorkOrderPatch(patch) });
  if (a.status === 404) throw new ConnectorError('not_found', `UpKeep has no work order ${remoteId}`, { status: 404 });
  if (a.status === 400) throw validationFailure(failureMessage(a));
  if (a.status < 200 || a.status >= 300) throw answerError(a, `PATCH ${resource}`, resource);
  return { record: readBack(mapWorkOrder, client.result(a, `PATCH ${resource}`, resource)) };
}

/**
 * POST /meters/:id/readings. UpKeep takes numbers only; it is not known to refuse a second
 * reading at the same time, so the connector looks for one first (two writers at once can
 * still both get through). An unknown meter is UpKeep's 404.
 */
export async function recordMeterReading(client: UpKeepClient, input: RecordMeterReadingRemote): Promise<WriteResult> {
  const meter = await client.one(RESOURCES.meters, input.meter_id);
  if (!meter) throw validationError('invalid_meter', `UpKeep has no meter ${input.meter_id}`, 'meter_id');
  const at = Date.parse(input.read_at);
  if ((await client.readingsOf(input.meter_id)).some((r) => typeof r.date === 'string' && Date.parse(r.date) === at)) {
    throw validationError('duplicate_reading', `UpKeep meter ${input.meter_id} already has a reading at ${input.read_at}`, 'read_at');
  }
  const numeric = typeof input.value === 'number' ? input.value : /^-?\d+(\.\d+)?$/.test(input.value) ? Number(input.value) : input.value;
  const body = { value: numeric, date: input.read_at } as UpKeepCreateReading;
  const a = await client.call('POST', READINGS(input.meter_id), { json: body });
  if (a.status === 404) throw validationError('invalid_meter', `UpKeep has no meter ${input.meter_id} (${failureMessage(a)})`, 'meter_id');
  if (a.status === 400 && /value/i.test(failureMessage(a))) throw invalidValue(`value: UpKeep refused it (${failureMessage(a)})`, 'value');
  const created = client.result(a, 'POST meter reading', RESOURCES.meters);
  return { record: readBack(mapMeterReading, withMeter(created, meter)) };
}

/** POST /requests: a request in UpKeep's Requests list, waiting for approval. */
export async function createServiceRequest(client: UpKeepClient, input: CreateServiceRequestRemote): Promise<WriteResult> {
  const body: UpKeepCreateRequest = {
    title: input.title,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.priority !== undefined ? { priority: WORK_ORDER_PRIORITY_CODES[input.priority] } : {}),
    ...(input.asset_id ? { asset: input.asset_id } : {}),
    ...(input.location_id ? { location: input.location_id } : {}),
  };
  const resource = RESOURCES['service-requests'];
  const a = await client.call('POST', resource, { json: body });
  if (a.status === 400) throw validationFailure(failureMessage(a));
  return { record: readBack(mapServiceRequest, client.result(a, `POST ${resource}`, resource)) };
}
