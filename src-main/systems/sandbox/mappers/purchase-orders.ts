import type { Mapped, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../../../contract/unified.js';
import { FieldReader, isObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const PURCHASE_ORDER_STATES: Readonly<Record<string, PurchaseOrderStatus>> = {
  DRAFT: 'draft',
  SUBMITTED: 'pending_approval',
  APPROVED: 'approved',
  ISSUED: 'approved', // approved and sent to the vendor: still "approved" to the unified model
  PARTIALLY_RECEIVED: 'partially_received',
  RECEIVED: 'completed',
  CLOSED: 'completed',
  CANCELLED: 'cancelled',
};

const FIELDS = ['poNumber', 'state', 'supplierCode', 'supplierName', 'currencyCode', 'orderedOn', 'deliverBy', 'shipToLocationId', 'lineItems', 'orderTotal', 'createdAt', 'lastModified'] as const;

// The system's own line and order totals are reported as they are: the mapping
// translates, it does not recompute (the dataset's generator guarantees them).
function mapLine(raw: unknown, index: number, what: string): PurchaseOrderLine {
  if (!isObject(raw)) throw new Error(`${what}: lineItems[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} lineItems[${index}]`);
  return {
    line_number: l.optNum('lineNo') ?? index + 1,
    item_id: l.optStr('itemId'),
    part_number: l.optStr('partNumber'),
    description: l.optStr('description'),
    quantity: l.num('qtyOrdered'),
    unit: l.optStr('uom'),
    unit_price: l.money('unitPrice'),
    amount: l.money('lineTotal'),
    received_quantity: l.optNum('qtyReceived') ?? 0,
  };
}

export function mapPurchaseOrder(raw: unknown): { record: Mapped<PurchaseOrder>; warnings: string[] } {
  const { r, key } = open('purchase-orders', raw);
  const warnings: string[] = [];
  const rawLines = r.value('lineItems') ?? [];
  if (!Array.isArray(rawLines)) throw new Error(`${r.what}: field "lineItems" must be an array`);
  const lines = rawLines.map((l, i) => mapLine(l, i, r.what));
  const total = r.money('orderTotal');
  const currency = r.str('currencyCode');
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currencyCode" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const record: Mapped<PurchaseOrder> = withShared(common(r, key), {
    number: key,
    status: lookup(PURCHASE_ORDER_STATES, r.value('state'), code('purchase-orders', 'state', 'status', FALLBACKS.purchaseOrderStatus), warnings),
    vendor_id: r.optStr('supplierCode'),
    vendor_name: r.optStr('supplierName'),
    currency,
    total_amount: total,
    order_date: r.optTime('orderedOn'),
    expected_delivery_date: r.optTime('deliverBy'),
    location_id: r.optStr('shipToLocationId'),
    lines,
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
