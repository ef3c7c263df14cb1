// EBAN purchase requisitions, one row per item, grouped by BANFN; see raw.ts. SAP keeps the
// status per item: deleted (LOEKZ), ordered (a purchase order EBELN, or STATU B), waiting
// for release (FRGKZ X), else released or not subject to release.
import type { Mapped, PurchaseRequisition, PurchaseRequisitionLine, PurchaseRequisitionStatus } from '../../../contract/unified.js';
import { sumMoney } from '../../kit/money.js';
import { requisitionStatus } from '../../sap-customizing.js';
import type { RawPurchaseRequisition, TableRow } from '../raw.js';
import { alphaIn, alphaOut, customFields, dates, orNull, sapDate } from './common.js';
import { purchasingLine, type ItemFields } from './purchase-orders.js';

/** EBAN-STATU values that mean the item was turned into a purchase order [K]. */
export const ORDERED_PROCESSING_STATUS: ReadonlySet<string> = new Set(['B']);
/** EBAN-FRGKZ values that mean the release is still outstanding [? release customizing, T161S]. */
export const RELEASE_OUTSTANDING: ReadonlySet<string> = new Set(['X']);

const EBAN_FIELDS: ItemFields = { quantity: 'MENGE', price: 'PREIS', per: 'PEINH', material: 'MATNR', plant: 'WERKS', sloc: 'LGORT', text: 'TXZ01', unit: 'MEINS' };

export function itemStatus(it: TableRow): PurchaseRequisitionStatus {
  if ((it.LOEKZ ?? '').trim()) return 'cancelled';
  if (orNull(it.EBELN) || ORDERED_PROCESSING_STATUS.has((it.STATU ?? '').trim())) return 'ordered';
  if (RELEASE_OUTSTANDING.has((it.FRGKZ ?? '').trim())) return 'pending_approval';
  return 'approved';
}

export function mapPurchaseRequisition(raw: unknown): { record: Mapped<PurchaseRequisition>; warnings: string[] } {
  const r = raw as RawPurchaseRequisition;
  const banfn = r.BANFN;
  if (!banfn || !r.EBAN.length) throw new Error('purchase requisition: no BANFN or no items');
  const what = `purchase requisition ${alphaOut(banfn)}`;
  const items = [...r.EBAN].sort((a, b) => (a.BNFPO ?? '').localeCompare(b.BNFPO ?? ''));
  const lines: PurchaseRequisitionLine[] = items.map((it) => ({
    ...purchasingLine(it, EBAN_FIELDS, (it.BNFPO ?? '').trim(), what),
    received_quantity: 0,
    purchase_order_id: orNull(it.EBELN) ? alphaIn(it.EBELN, 10) : null,
  }));
  const statuses = items.map(itemStatus);
  const currency = items.map((it) => orNull(it.WAERS)).find((c): c is string => c !== null && /^[A-Z]{3}$/.test(c)) ?? null;
  const created = items.map((it) => sapDate(it.BADAT, what)).filter((d): d is string => d !== null).sort()[0] ?? null;
  const record: Mapped<PurchaseRequisition> = {
    remote_id: banfn,
    ...dates(created, null),
    number: alphaOut(banfn),
    status: requisitionStatus(statuses),
    requested_by: items.map((it) => orNull(it.AFNAM) ?? orNull(it.ERNAM)).find(Boolean) ?? null,
    currency,
    total_amount: sumMoney(lines.filter((_, i) => statuses[i] !== 'cancelled').map((l) => l.amount)),
    lines,
    custom_fields: {
      ...customFields(items[0]),
      ...(orNull(items[0].BSART) ? { doc_type: items[0].BSART.trim() } : {}),
      ...(orNull(items[0].ERNAM) ? { created_by: items[0].ERNAM.trim() } : {}),
    },
    remote_data: { ...r },
  };
  return { record, warnings: [] };
}
