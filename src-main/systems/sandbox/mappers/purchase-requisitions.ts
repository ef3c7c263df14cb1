import type { Mapped, PurchaseRequisition, PurchaseRequisitionLine, PurchaseRequisitionStatus } from '../../../contract/unified.js';
import { FieldReader, isObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const REQUISITION_STATES: Readonly<Record<string, PurchaseRequisitionStatus>> = {
  DRAFT: 'draft',
  SUBMITTED: 'pending_approval',
  APPROVED: 'approved',
  ORDERED: 'ordered',
  REJECTED: 'cancelled', // refused by the approver: nothing will be bought
  CANCELLED: 'cancelled',
};

const FIELDS = ['reqNo', 'state', 'requester', 'currencyCode', 'lines', 'total', 'createdAt', 'lastModified'] as const;

function mapLine(raw: unknown, index: number, what: string): PurchaseRequisitionLine {
  if (!isObject(raw)) throw new Error(`${what}: lines[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} lines[${index}]`);
  return {
    line_number: l.optNum('lineNo') ?? index + 1,
    item_id: l.optStr('itemId'),
    part_number: l.optStr('partNumber'),
    description: l.optStr('description'),
    quantity: l.num('qty'),
    unit: l.optStr('uom'),
    unit_price: l.money('unitPrice'),
    amount: l.money('lineTotal'),
    received_quantity: 0,
    purchase_order_id: l.optStr('poNumber'),
  };
}

export function mapPurchaseRequisition(raw: unknown): { record: Mapped<PurchaseRequisition>; warnings: string[] } {
  const { r, key } = open('purchase-requisitions', raw);
  const warnings: string[] = [];
  const rawLines = r.value('lines') ?? [];
  if (!Array.isArray(rawLines)) throw new Error(`${r.what}: field "lines" must be an array`);
  const currency = r.str('currencyCode');
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currencyCode" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const record: Mapped<PurchaseRequisition> = withShared(common(r, key), {
    number: key,
    status: lookup(REQUISITION_STATES, r.value('state'), code('purchase-requisitions', 'state', 'status', FALLBACKS.purchaseRequisitionStatus), warnings),
    requested_by: r.optStr('requester'),
    currency,
    total_amount: r.money('total'),
    lines: rawLines.map((l, i) => mapLine(l, i, r.what)),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
