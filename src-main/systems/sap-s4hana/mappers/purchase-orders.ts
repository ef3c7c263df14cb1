// API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder with to_PurchaseOrderItem.
// https://api.sap.com/api/API_PURCHASEORDER_PROCESS_SRV/resource ; SAP KBA 3416344.
import type { Mapped, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../../../contract/unified.js';
import { FALLBACKS } from '../../kit/mapping.js';
import { decimalNumber, mulDiv, normalizeMoney, sumMoney } from '../../kit/money.js';
import type { RawPurchaseOrder, RawPurchaseOrderItem } from '../raw.js';
import { bool, date, extensionFields, inventoryKey, isObj, need, rawData, stamps, str } from './common.js';

/** Purchasing processing status (PROCSTAT, EKKO-PROCSTAT), field PurchasingProcessingStatus. */
export const PO_PROCESSING_STATUS: Readonly<Record<string, PurchaseOrderStatus>> = {
  '01': 'draft', // version in process
  '02': 'approved', // active (no release strategy, or released)
  '03': 'pending_approval', // in release
  '05': 'approved', // release completed
  '08': 'draft', // rejected by the approver: back with the buyer, may be changed and resubmitted
};

/** PurchasingDocumentDeletionCode: "L" = deleted (→ reported as deleted, not mapped), "S" = blocked. */
export const PO_DELETION_CODES: Readonly<Record<string, 'live' | 'deleted' | 'blocked'>> = { '': 'live', L: 'deleted', S: 'blocked' };

/** What a PO is, given the header facts and its items. Evaluated in order; the first rule that applies wins. */
export interface PoFacts {
  base: PurchaseOrderStatus; // from PO_PROCESSING_STATUS
  deletion: 'live' | 'blocked';
  releaseNotCompleted: boolean; // ReleaseIsNotCompleted
  incomplete: boolean; // PurchasingCompletenessStatus (held / incomplete document)
  items: number; // live items
  delivered: number; // live items with IsCompletelyDelivered
}
export const PO_STATUS_RULES: readonly { name: string; applies: (f: PoFacts) => boolean; status: PurchaseOrderStatus }[] = [
  { name: 'blocked (deletion code S): no follow-on documents', applies: (f) => f.deletion === 'blocked', status: 'draft' },
  { name: 'held or incomplete', applies: (f) => f.incomplete, status: 'draft' },
  { name: 'version in process or rejected', applies: (f) => f.base === 'draft', status: 'draft' },
  { name: 'subject to release', applies: (f) => f.base === 'pending_approval' || f.releaseNotCompleted, status: 'pending_approval' },
  { name: 'every item completely delivered', applies: (f) => f.items > 0 && f.delivered === f.items, status: 'completed' },
  { name: 'some items delivered', applies: (f) => f.delivered > 0, status: 'partially_received' },
  { name: 'released, nothing delivered', applies: () => true, status: 'approved' },
];

export function isPurchaseOrderDeleted(raw: Record<string, unknown>): boolean {
  return PO_DELETION_CODES[String(raw.PurchasingDocumentDeletionCode ?? '').trim().toUpperCase()] === 'deleted';
}

/** "10", "00010" → 10 */
export function itemNumber(v: unknown): number {
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) throw new Error(`item number ${JSON.stringify(v)} is not numeric`);
  return Number(v.trim());
}

function mapPoLine(item: RawPurchaseOrderItem, what: string): PurchaseOrderLine {
  const r = item as Record<string, unknown>;
  const qty = str(r, 'OrderQuantity') ?? '0';
  const price = str(r, 'NetPriceAmount') ?? '0';
  const per = str(r, 'NetPriceQuantity') ?? '1';
  const perUnit = Number(per) === 0 ? '1' : per;
  try {
    const material = str(r, 'Material');
    const plant = str(r, 'Plant');
    return {
      line_number: itemNumber(item.PurchaseOrderItem),
      item_id: material && plant ? inventoryKey(plant, str(r, 'StorageLocation') ?? '', material) : null,
      part_number: material,
      description: str(r, 'PurchaseOrderItemText'),
      quantity: decimalNumber(qty),
      unit: str(r, 'PurchaseOrderQuantityUnit'),
      // net price per NetPriceQuantity units: the unit price keeps up to 6 decimals, the amount is rounded to the cent
      unit_price: normalizeMoney(mulDiv(price, '1', perUnit, 6)),
      amount: mulDiv(qty, price, perUnit, 2),
      // A_PurchaseOrderItem has no goods-receipt quantity: completely delivered ⇒ all of it
      received_quantity: bool(r, 'IsCompletelyDelivered') ? decimalNumber(qty) : 0,
    };
  } catch (err) {
    throw new Error(`${what} item ${String(item.PurchaseOrderItem)}: ${(err as Error).message}`);
  }
}

export function mapPurchaseOrder(raw: unknown): { record: Mapped<PurchaseOrder>; warnings: string[] } {
  const { r, key } = need(raw, 'PurchaseOrder', 'purchase order');
  const what = `purchase order ${key}`;
  const po = r as RawPurchaseOrder;
  const warnings: string[] = [];
  const nav = r.to_PurchaseOrderItem;
  let items: RawPurchaseOrderItem[] = [];
  if (isObj(nav) && Array.isArray(nav.results)) items = nav.results as RawPurchaseOrderItem[];
  else if (nav !== undefined && !(isObj(nav) && '__deferred' in nav)) throw new Error(`${what}: to_PurchaseOrderItem is not a list`);
  const live = items.filter((i) => isObj(i) && (i.PurchasingDocumentDeletionCode ?? '') !== 'L');
  const lines = live.map((i) => mapPoLine(i, what)).sort((a, b) => a.line_number - b.line_number);

  const procCode = (po.PurchasingProcessingStatus ?? '').trim();
  let base = PO_PROCESSING_STATUS[procCode];
  if (!Object.hasOwn(PO_PROCESSING_STATUS, procCode)) {
    base = FALLBACKS.purchaseOrderStatus;
    warnings.push(`Unknown SAP purchase order code ${JSON.stringify(procCode)} in field "PurchasingProcessingStatus"; status mapped to "${base}"`);
  }
  const delCode = (po.PurchasingDocumentDeletionCode ?? '').trim().toUpperCase();
  let deletion = PO_DELETION_CODES[delCode] as 'live' | 'blocked' | 'deleted' | undefined;
  if (!Object.hasOwn(PO_DELETION_CODES, delCode)) {
    deletion = 'blocked';
    warnings.push(`Unknown SAP purchase order code ${JSON.stringify(delCode)} in field "PurchasingDocumentDeletionCode"; treated as blocked`);
  }
  const facts: PoFacts = {
    base, deletion: deletion === 'deleted' ? 'blocked' : deletion!, releaseNotCompleted: bool(r, 'ReleaseIsNotCompleted'),
    incomplete: bool(r, 'PurchasingCompletenessStatus'), items: live.length, delivered: live.filter((i) => bool(i as Record<string, unknown>, 'IsCompletelyDelivered')).length,
  };
  const status = PO_STATUS_RULES.find((rule) => rule.applies(facts))!.status;

  const currency = str(r, 'DocumentCurrency') ?? (live[0]?.DocumentCurrency as string | undefined) ?? null;
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new Error(`${what}: DocumentCurrency ${JSON.stringify(currency)} is not an ISO currency code`);
  const plant = live.map((i) => i.Plant).find((p): p is string => typeof p === 'string' && p !== '') ?? null;
  return {
    record: {
      remote_id: key,
      ...stamps(r, ['CreationDate']),
      number: key,
      status,
      vendor_id: str(r, 'Supplier'),
      vendor_name: null, // A_PurchaseOrder carries only the supplier number; the vendor record has the name
      currency,
      total_amount: sumMoney(lines.map((l) => l.amount)),
      order_date: date(r, 'PurchaseOrderDate'),
      expected_delivery_date: null, // schedule lines (to_ScheduleLine) are not read
      location_id: plant,
      lines,
      custom_fields: extensionFields(r),
      remote_data: rawData(r),
    },
    warnings,
  };
}
