// BAPI_PO_GETDETAIL1 (header, items, schedules, history totals) + the vendor's name from LFA1.
import type { Mapped, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../../../contract/unified.js';
import { FALLBACKS, lookup, type MapResult } from '../../kit/mapping.js';
import { mulDiv, sumMoney } from '../../kit/money.js';
import type { RawPurchaseOrder } from '../raw.js';
import { alphaIn, alphaOut, code, customFields, dates, need, orNull, sapDate, sapDecimal, sapNumber } from './common.js';
import { inventoryKey } from './inventory-items.js';

/** EKKO-LOEKZ / POHEADER-DELETE_IND. 'deleted' = reported as deleted (not a status). */
export const PO_DELETION_INDICATOR: Readonly<Record<string, 'live' | 'deleted' | PurchaseOrderStatus>> = {
  '': 'live',
  L: 'deleted',
  S: 'draft', // blocked: nothing may be ordered or received until unblocked
};

/** EKKO-FRGKE / POHEADER-REL_IND (release procedure). 'released' continues to the receipt rule. */
export const PO_RELEASE_INDICATOR: Readonly<Record<string, 'released' | PurchaseOrderStatus>> = {
  '': 'released', // no release strategy applies
  R: 'released',
  G: 'released',
  '1': 'released',
  B: 'pending_approval', // blocked until released
  '2': 'pending_approval', // release in process
};

function receivedByItem(raw: RawPurchaseOrder): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of raw.POHISTORY_TOTALS) {
    const k = t.PO_ITEM.trim();
    m.set(k, (m.get(k) ?? 0) + sapNumber(t.DELIV_QTY, 'PO history'));
  }
  return m;
}

/**
 * The unified PO status, table-driven, the first rule that decides wins:
 * 1. DELETE_IND: L → deleted; S (blocked) → draft.
 * 2. REL_IND: not released → pending_approval; unknown → draft + warning.
 * 3. Receipts over the live items: every item delivery-completed (NO_MORE_GR) or fully
 *    received → completed; anything received → partially_received; else approved.
 */
export function purchaseOrderStatus(raw: RawPurchaseOrder, warnings: string[]): PurchaseOrderStatus | 'deleted' {
  const h = raw.POHEADER;
  const d = lookup(PO_DELETION_INDICATOR, (h.DELETE_IND ?? '').trim(), code('SAP purchase order deletion indicator in DELETE_IND', 'status', FALLBACKS.purchaseOrderStatus), warnings);
  if (d !== 'live') return d;
  const rel = lookup(PO_RELEASE_INDICATOR, (h.REL_IND ?? '').trim(), code('SAP purchase order release indicator in REL_IND', 'status', FALLBACKS.purchaseOrderStatus), warnings);
  if (rel !== 'released') return rel;
  const items = raw.POITEM.filter((i) => !(i.DELETE_IND ?? '').trim());
  if (!items.length) return 'approved';
  const received = receivedByItem(raw);
  let all = true;
  let any = false;
  for (const it of items) {
    const got = received.get(it.PO_ITEM.trim()) ?? 0;
    const done = (it.NO_MORE_GR ?? '').trim() === 'X' || got >= sapNumber(it.QUANTITY, 'PO item');
    if (got > 0 || done) any = true;
    if (!done) all = false;
  }
  return all ? 'completed' : any ? 'partially_received' : 'approved';
}

/** Where a purchasing item keeps its figures: BAPI_PO_GETDETAIL1's POITEM, or an EBAN row. */
export interface ItemFields { quantity: string; price: string; per: string; material: string; plant: string; sloc: string; text: string; unit: string }
export const PO_ITEM_FIELDS: ItemFields = { quantity: 'QUANTITY', price: 'NET_PRICE', per: 'PRICE_UNIT', material: 'MATERIAL', plant: 'PLANT', sloc: 'STGE_LOC', text: 'SHORT_TEXT', unit: 'PO_UNIT' };

/** A purchasing line (without what was received): the price is per `per` units; the item is the stock of its storage location. */
export function purchasingLine(it: Record<string, string>, f: ItemFields, item: string, what: string): Omit<PurchaseOrderLine, 'received_quantity'> {
  const qty = sapDecimal(it[f.quantity], `${what} item ${item} ${f.quantity}`);
  const price = sapDecimal(it[f.price], `${what} item ${item} ${f.price}`);
  const per = sapDecimal(it[f.per] || '1', `${what} item ${item} ${f.per}`);
  const perUnit = per === '0' ? '1' : per;
  const matnr = orNull(it[f.material]);
  const plant = orNull(it[f.plant]);
  const sloc = orNull(it[f.sloc]);
  return {
    line_number: Number(item),
    item_id: matnr && plant && sloc ? inventoryKey(alphaIn(matnr, 18), plant, sloc) : null,
    part_number: matnr ? alphaOut(matnr) : null,
    description: orNull(it[f.text]),
    quantity: Number(qty),
    unit: orNull(it[f.unit]),
    unit_price: mulDiv('1', price, perUnit, 2),
    amount: mulDiv(qty, price, perUnit, 2),
  };
}

export function mapPurchaseOrder(raw: unknown): MapResult {
  const po = raw as RawPurchaseOrder;
  const h = po.POHEADER;
  const ebeln = need(h, 'PO_NUMBER', 'purchase order');
  const what = `purchase order ${alphaOut(ebeln)}`;
  const warnings: string[] = [];
  const status = purchaseOrderStatus(po, warnings);
  if (status === 'deleted') return { deleted: ebeln };
  const currency = (h.CURRENCY ?? '').trim();
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${what}: CURRENCY must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const received = receivedByItem(po);
  const lines: PurchaseOrderLine[] = [];
  for (const it of po.POITEM) {
    if ((it.DELETE_IND ?? '').trim()) continue; // deleted (L) or blocked (S) items are not ordered
    const item = need(it, 'PO_ITEM', what);
    lines.push({ ...purchasingLine(it, PO_ITEM_FIELDS, item, what), received_quantity: received.get(item) ?? 0 });
  }
  const deliveries = po.POSCHEDULE.map((s) => sapDate(s.DELIVERY_DATE, `${what} schedule`)).filter((d): d is string => d !== null).sort();
  const first = po.POITEM.find((i) => orNull(i.PLANT));
  const created = sapDate(h.CREAT_DATE, what);
  const record: Mapped<PurchaseOrder> = {
    remote_id: ebeln,
    ...dates(created, null),
    number: alphaOut(ebeln),
    status,
    vendor_id: orNull(h.VENDOR) ? alphaIn(h.VENDOR, 10) : null,
    vendor_name: orNull(po.VENDOR_NAME),
    currency,
    total_amount: sumMoney(lines.map((l) => l.amount)),
    order_date: sapDate(h.DOC_DATE, what),
    expected_delivery_date: deliveries[0] ?? null,
    location_id: first ? (orNull(first.STGE_LOC) ? `${first.PLANT.trim()}/${first.STGE_LOC.trim()}` : first.PLANT.trim()) : null,
    lines,
    custom_fields: {
      ...customFields(h),
      ...(orNull(h.DOC_TYPE) ? { doc_type: h.DOC_TYPE.trim() } : {}),
      ...(orNull(h.PURCH_ORG) ? { purch_org: h.PURCH_ORG.trim() } : {}),
      ...(orNull(h.COMP_CODE) ? { comp_code: h.COMP_CODE.trim() } : {}),
    },
    remote_data: { ...po },
  };
  return { record, warnings };
}
