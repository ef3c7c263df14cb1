import type { Mapped, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../../../contract/unified.js';
import { FieldReader, isObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { formatCents, lineAmountCents, toCents } from '../../kit/money.js';
import { code, common, DEFAULT_CURRENCY, money, open, refId } from './common.js';

/** Purchase order `status` (https://developers.onupkeep.com/#purchase-orders). */
export const PURCHASE_ORDER_STATUSES: Readonly<Record<string, PurchaseOrderStatus>> = {
  draft: 'draft',
  awaitingApproval: 'pending_approval',
  pending: 'pending_approval',
  approved: 'approved',
  partiallyFulfilled: 'partially_received',
  fulfilled: 'completed',
  completed: 'completed',
  declined: 'cancelled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
};

function mapLine(raw: unknown, index: number, what: string): PurchaseOrderLine {
  if (!isObject(raw)) throw new Error(`${what}: partsOrdered[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} partsOrdered[${index}]`);
  const quantity = l.num('quantity');
  const unitPrice = money(l.value('price'), `${l.what}: field "price"`);
  return {
    line_number: index + 1,
    item_id: refId(l, 'part'),
    part_number: l.optStr('partNumber'),
    description: l.optStr('name') ?? l.optStr('description'),
    quantity,
    unit: l.optStr('unit'),
    unit_price: unitPrice,
    amount: formatCents(lineAmountCents(quantity, unitPrice)),
    received_quantity: l.optNum('quantityReceived') ?? 0,
  };
}

export function mapPurchaseOrder(raw: unknown): { record: Mapped<PurchaseOrder>; warnings: string[] } {
  const { r, key } = open('purchase-orders', raw);
  const warnings: string[] = [];
  const parts = r.value('partsOrdered') ?? [];
  if (!Array.isArray(parts)) throw new Error(`${r.what}: field "partsOrdered" must be an array`);
  const lines = parts.map((l, i) => mapLine(l, i, r.what));
  const vendor = r.value('vendor');
  const currency = r.optStr('currency') ?? DEFAULT_CURRENCY;
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currency" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const total = r.value('totalCost');
  return {
    record: withShared(common(r, key), {
      number: r.optStr('purchaseOrderNo') ?? key,
      status: lookup(PURCHASE_ORDER_STATUSES, r.value('status'), code('purchase-orders', 'status', 'status', FALLBACKS.purchaseOrderStatus), warnings),
      vendor_id: refId(r, 'vendor'),
      vendor_name: isObject(vendor) && typeof vendor.businessName === 'string' ? vendor.businessName : null,
      currency,
      total_amount: total === undefined || total === null
        ? formatCents(lines.reduce((s, l) => s + toCents(l.amount), 0n))
        : formatCents(toCents(money(total, `${r.what}: field "totalCost"`))),
      order_date: r.optTime('datePurchased'),
      expected_delivery_date: r.optTime('dueDate'),
      location_id: refId(r, 'location'),
      lines,
    }),
    warnings,
  };
}
