// API_PURCHASEREQ_PROCESS_SRV: A_PurchaseRequisitionHeader with its items (OData v2); see raw.ts. SAP
// keeps the status on the items; the requisition's status is theirs taken together.
import type { Mapped, PurchaseRequisition, PurchaseRequisitionLine, PurchaseRequisitionStatus } from '../../../contract/unified.js';
import { decimalNumber, normalizeMoney, sumMoney } from '../../kit/money.js';
import { requisitionStatus } from '../../sap-customizing.js';
import { parseODataDate } from '../odata.js';
import { extensionFields, inventoryKey, isObj, need, rawData, str } from './common.js';

/** [?] PurReqnReleaseStatus: 05 released, 08 rejected; anything else set is still in release. */
export const RELEASE_STATUS: Readonly<Record<string, PurchaseRequisitionStatus>> = { '05': 'approved', '08': 'cancelled' };

function itemStatus(it: Record<string, unknown>): PurchaseRequisitionStatus {
  if (it.IsDeleted === true) return 'cancelled';
  if (str(it, 'PurchaseOrder')) return 'ordered';
  const release = str(it, 'PurReqnReleaseStatus');
  if (!release) return 'approved'; // not subject to release
  return Object.hasOwn(RELEASE_STATUS, release) ? RELEASE_STATUS[release] : 'pending_approval';
}

/** The requisition from its items' statuses. */
const itemsStatus = (items: Record<string, unknown>[]): PurchaseRequisitionStatus => requisitionStatus(items.map(itemStatus));

const money = (v: unknown, what: string): string => {
  try { return normalizeMoney(typeof v === 'number' ? v : String(v ?? '0').trim()); } catch { throw new Error(`${what} must be an amount, got ${JSON.stringify(v)}`); }
};

export function mapPurchaseRequisition(raw: unknown): { record: Mapped<PurchaseRequisition>; warnings: string[] } {
  const { r, key } = need(raw, 'PurchaseRequisition', 'purchase requisition');
  const nav = r.to_PurchaseReqnItem;
  const items = isObj(nav) && Array.isArray(nav.results) ? nav.results.filter(isObj) : [];
  const what = `purchase requisition ${key}`;
  const lines: PurchaseRequisitionLine[] = items.map((it, i) => {
    const material = str(it, 'Material');
    const plant = str(it, 'Plant');
    return {
      line_number: Number(it.PurchaseRequisitionItem ?? (i + 1) * 10),
      item_id: material && plant ? inventoryKey(plant, str(it, 'StorageLocation') ?? '', material) : null,
      part_number: material,
      description: str(it, 'PurchaseRequisitionItemText'),
      quantity: decimalNumber(it.RequestedQuantity),
      unit: str(it, 'BaseUnit'),
      unit_price: money(it.PurchaseRequisitionPrice, `${what} item ${String(it.PurchaseRequisitionItem)} PurchaseRequisitionPrice`),
      amount: money(it.ItemNetAmount, `${what} item ${String(it.PurchaseRequisitionItem)} ItemNetAmount`),
      received_quantity: 0,
      purchase_order_id: str(it, 'PurchaseOrder'),
    };
  });
  const total = sumMoney(lines.filter((_, i) => items[i].IsDeleted !== true).map((l) => l.amount));
  const created = items.map((it) => parseODataDate(it.CreationDate)).filter((d): d is string => d !== null).sort()[0];
  return {
    record: {
      remote_id: key,
      ...(created ? { created_at: created } : {}),
      number: key,
      status: itemsStatus(items),
      requested_by: items.map((it) => str(it, 'CreatedByUser')).find(Boolean) ?? null,
      currency: items.map((it) => str(it, 'PurReqnItemCurrency')).find(Boolean) ?? null,
      total_amount: total,
      lines,
      custom_fields: { ...extensionFields(r), ...(str(r, 'PurReqnDescription') ? { PurReqnDescription: r.PurReqnDescription } : {}) },
      remote_data: rawData(r),
    },
    warnings: [],
  };
}
