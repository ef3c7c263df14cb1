// Simulated writes: validated the way the sandbox system would validate them,
// answered the way it would answer, and never applied (the sandbox's data is
// read-only, see the README). Nothing here mutates the source.
import type { UpdateWorkOrder, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, invalidValue, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, CreateServiceRequestRemote, RecordMeterReadingRemote, WriteResult } from '../kit/connector.js';
import { FALLBACKS, lookup } from '../kit/mapping.js';
import { formatCents, lineAmountCents, normalizeMoney } from '../kit/money.js';
import { mapPurchaseOrder } from './mappers/purchase-orders.js';
import { VENDOR_STATES } from './mappers/vendors.js';
import { mapWorkOrder, WORK_ORDER_PRIORITY_CODES, WORK_ORDER_STATE_CODES } from './mappers/work-orders.js';
import type { RawMeterReading, RawPoLine, RawPurchaseOrder, RawServiceRequest, RawWorkOrder } from './raw.js';
import { mapMeterReading } from './mappers/meter-readings.js';
import { mapServiceRequest } from './mappers/service-requests.js';
import type { SandboxSource } from './client.js';

/** The sandbox's work-order workflow: which status may follow which. Closed and cancelled are final. */
export const WORK_ORDER_TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  requested: ['approved', 'scheduled', 'in_progress', 'on_hold', 'cancelled'],
  approved: ['scheduled', 'in_progress', 'on_hold', 'completed', 'cancelled'],
  scheduled: ['approved', 'in_progress', 'on_hold', 'completed', 'cancelled'],
  in_progress: ['scheduled', 'on_hold', 'completed', 'cancelled'],
  on_hold: ['approved', 'scheduled', 'in_progress', 'cancelled'],
  completed: ['closed', 'in_progress'], // closing, or reopening when the fix did not hold
  closed: [],
  cancelled: [],
};

/** The next purchase-order number the system would assign (deleted numbers are never reused). */
function nextPurchaseOrderNumber(source: SandboxSource): string {
  let max = 10000;
  for (const id of source.knownIds('purchase-orders')) {
    const m = /^PO-(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `PO-${max + 1}`;
}

export async function simulateCreatePurchaseOrder(source: SandboxSource, body: CreatePurchaseOrderRemote): Promise<WriteResult> {
  const vendor = source.get('vendors', body.vendor_id);
  if (!vendor) throw validationError('invalid_vendor', `Vendor ${body.vendor_id} does not exist`, 'vendor_id');
  const vendorStatus = lookup(VENDOR_STATES, vendor.state.toUpperCase(), { fallback: FALLBACKS.vendorStatus, what: 'vendor state', field: 'status' }, []);
  if (vendorStatus !== 'active') {
    throw validationError('invalid_vendor', `Vendor ${vendor.supplierCode} (${vendor.legalName}) is blocked and cannot receive new orders`, 'vendor_id');
  }
  if (body.location_id !== undefined && !source.get('locations', body.location_id)) {
    throw validationError('invalid_location', `Location ${body.location_id} does not exist`, 'location_id');
  }

  const requested = new Map<string, number>();
  const lines: RawPoLine[] = body.lines.map((line, i) => {
    const item = source.get('inventory-items', line.item_id);
    if (!item) throw validationError('invalid_item', `Item ${line.item_id} does not exist`, `lines[${i}].item_id`);
    // Stock is checked per item over all lines: two lines of 5 need 10 on hand.
    const total = (requested.get(item.itemId) ?? 0) + line.quantity;
    requested.set(item.itemId, total);
    if (item.onHand < total) {
      throw validationError('out_of_stock', `Item ${item.itemId} (${item.partNumber}) is out of stock: ${item.onHand} ${item.uom} on hand, ${total} requested`, `lines[${i}].quantity`);
    }
    let unitPrice: string;
    try {
      unitPrice = normalizeMoney(line.unit_price);
    } catch {
      throw new ConnectorError('invalid_request', `lines[${i}].unit_price: must be a decimal amount such as "12.50"`, { field: `lines[${i}].unit_price` });
    }
    return {
      lineNo: (i + 1) * 10,
      itemId: item.itemId,
      partNumber: item.partNumber,
      description: line.description ?? item.description,
      qtyOrdered: line.quantity,
      uom: item.uom,
      unitPrice,
      lineTotal: formatCents(lineAmountCents(line.quantity, unitPrice)),
      qtyReceived: 0,
    };
  });

  const at = source.now();
  const totalCents = lines.reduce((s, l) => s + lineAmountCents(l.qtyOrdered, l.unitPrice), 0n);
  const raw: RawPurchaseOrder = {
    poNumber: nextPurchaseOrderNumber(source),
    state: 'DRAFT',
    supplierCode: vendor.supplierCode,
    supplierName: vendor.legalName,
    currencyCode: body.currency,
    orderedOn: null,
    deliverBy: body.expected_delivery_date ?? null,
    shipToLocationId: body.location_id ?? null,
    buyer: 'millwright-api',
    paymentTerms: vendor.paymentTerms,
    lineItems: lines,
    orderTotal: formatCents(totalCents),
    createdAt: at,
    lastModified: at,
    ...(body.custom_fields && Object.keys(body.custom_fields).length > 0 ? { extra: { ...body.custom_fields } } : {}),
  };
  return { record: mapPurchaseOrder(raw).record, simulated: true };
}

export async function simulateUpdateWorkOrder(source: SandboxSource, remoteId: string, p: UpdateWorkOrder): Promise<WriteResult> {
  const raw = source.get('work-orders', remoteId);
  if (!raw) throw new ConnectorError('not_found', `Work order ${remoteId} does not exist`);
  const current = mapWorkOrder(raw).record;
  const from = current.status;
  const statusChanges = p.status !== undefined && p.status !== from;
  if (statusChanges && !WORK_ORDER_TRANSITIONS[from].includes(p.status!)) {
    throw validationError('invalid_status_transition', `Work order ${remoteId} cannot go from ${from} to ${p.status}`, 'status');
  }
  const final = WORK_ORDER_TRANSITIONS[from].length === 0;
  if (final && (p.priority !== undefined || p.assignee !== undefined || p.due_date !== undefined || p.description !== undefined)) {
    throw validationError('invalid_status_transition', `Work order ${remoteId} is ${from} and can no longer be edited`, 'status');
  }

  const at = source.now();
  const next: RawWorkOrder = structuredClone(raw);
  if (statusChanges) {
    const to = p.status!;
    next.state = WORK_ORDER_STATE_CODES[to];
    if ((to === 'completed' || to === 'closed') && next.completedOn === null) next.completedOn = at;
    if (to !== 'completed' && to !== 'closed') next.completedOn = null;
  }
  // Keep the system's own code when the unified value does not change (P5 stays P5).
  if (p.priority !== undefined && p.priority !== current.priority) next.priority = WORK_ORDER_PRIORITY_CODES[p.priority];
  if (p.assignee !== undefined) next.assignedTo = p.assignee;
  if (p.due_date !== undefined) next.dueBy = p.due_date;
  if (p.description !== undefined) next.details = p.description;
  next.lastModified = at;
  return { record: mapWorkOrder(next).record, simulated: true };
}

/** The next number of an entity's "<PREFIX>-<n>" keys (deleted numbers are never reused). */
function nextNumber(source: SandboxSource, entity: 'meter-readings' | 'service-requests', prefix: string, width: number, start: number): string {
  let max = start;
  for (const id of source.knownIds(entity)) {
    const m = new RegExp(`^${prefix}-(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${String(max + 1).padStart(width, '0')}`;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A reading as the sandbox system checks it: the meter must exist; GAUGE and
 * COUNTER meters take a number, CHECK meters one of their values; a counter
 * never goes backwards; one reading per meter and time.
 */
export async function simulateRecordMeterReading(source: SandboxSource, input: RecordMeterReadingRemote): Promise<WriteResult> {
  const meter = source.get('meters', input.meter_id);
  if (!meter) throw validationError('invalid_meter', `Meter ${input.meter_id} does not exist`, 'meter_id');
  const text = typeof input.value === 'number' ? String(input.value) : input.value.trim();
  if (meter.kind === 'CHECK') {
    const allowed = meter.allowedValues ?? [];
    if (typeof input.value !== 'string' || !allowed.includes(text.toUpperCase())) {
      throw invalidValue(`value: meter ${meter.meterId} (${meter.name}) is a check meter and takes one of ${allowed.join(', ')}; ${JSON.stringify(input.value)} is not one`, 'value');
    }
  } else if (!DECIMAL.test(text)) {
    throw invalidValue(`value: meter ${meter.meterId} (${meter.name}) takes a number${meter.uom ? ` in ${meter.uom}` : ''}; ${JSON.stringify(input.value)} is not one`, 'value');
  }
  const readAtMs = Date.parse(input.read_at);
  const earlier = source.all('meter-readings').filter((r) => r.meterId === meter.meterId);
  if (earlier.some((r) => Date.parse(r.readAt) === readAtMs)) {
    throw validationError('duplicate_reading', `Meter ${meter.meterId} already has a reading at ${input.read_at}`, 'read_at');
  }
  if (meter.kind === 'COUNTER') {
    const before = earlier.filter((r) => Date.parse(r.readAt) < readAtMs).sort((a, b) => Date.parse(a.readAt) - Date.parse(b.readAt)).at(-1);
    if (before && Number(text) < Number(before.value)) {
      throw invalidValue(`value: meter ${meter.meterId} counts up; ${text} is below its reading ${before.value} of ${before.readAt}`, 'value');
    }
  }
  const at = source.now();
  const raw: RawMeterReading = {
    readingId: nextNumber(source, 'meter-readings', 'RDG', 6, 0),
    meterId: meter.meterId,
    value: meter.kind === 'CHECK' ? text.toUpperCase() : text,
    readAt: new Date(readAtMs).toISOString().replace('.000Z', 'Z'),
    note: input.note ?? null,
    recordedBy: 'millwright-api',
    createdAt: at,
    lastModified: at,
  };
  return { record: mapMeterReading({ ...raw, meter: { assetId: meter.assetId, uom: meter.uom } }).record, simulated: true };
}

/** A service request as the sandbox system checks it: the asset and location must exist; it starts NEW. */
export async function simulateCreateServiceRequest(source: SandboxSource, input: CreateServiceRequestRemote): Promise<WriteResult> {
  const asset = input.asset_id === undefined ? undefined : source.get('assets', input.asset_id);
  if (input.asset_id !== undefined && !asset) throw validationError('invalid_asset', `Asset ${input.asset_id} does not exist`, 'asset_id');
  if (input.location_id !== undefined && !source.get('locations', input.location_id)) {
    throw validationError('invalid_location', `Location ${input.location_id} does not exist`, 'location_id');
  }
  const at = source.now();
  const raw: RawServiceRequest = {
    requestNo: nextNumber(source, 'service-requests', 'SR', 0, 3000),
    subject: input.title,
    details: input.description ?? null,
    state: 'NEW',
    urgency: WORK_ORDER_PRIORITY_CODES[input.priority ?? 'medium'],
    assetId: asset?.assetId ?? null,
    locationId: input.location_id ?? asset?.locationId ?? null,
    reportedBy: 'millwright-api',
    reportedAt: at,
    workOrderNo: null,
    createdAt: at,
    lastModified: at,
  };
  return { record: mapServiceRequest(raw).record, simulated: true };
}
