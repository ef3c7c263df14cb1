// Simulated writes: validated the way the sandbox system would validate them,
// answered the way it would answer, and never applied (the sandbox's data is
// read-only, see the README). Nothing here mutates the source.
import type { UpdateWorkOrder, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, WriteResult } from '../kit/connector.js';
import { FALLBACKS, lookup } from '../kit/mapping.js';
import { formatCents, lineAmountCents, normalizeMoney } from '../kit/money.js';
import { mapPurchaseOrder } from './mappers/purchase-orders.js';
import { VENDOR_STATES } from './mappers/vendors.js';
import { mapWorkOrder, WORK_ORDER_PRIORITY_CODES, WORK_ORDER_STATE_CODES } from './mappers/work-orders.js';
import type { RawPoLine, RawPurchaseOrder, RawWorkOrder } from './raw.js';
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
