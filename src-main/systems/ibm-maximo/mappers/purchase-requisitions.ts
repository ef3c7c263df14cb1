// MXAPIPR (PR) with its PRLINE children. Statuses: domain PRSTATUS. A line turned into a purchase
// order carries its ponum (and polinenum) [K]; the order is named with revision 0 [?] (a PR line
// does not say which revision).
import type { Mapped, PurchaseRequisition, PurchaseRequisitionLine, PurchaseRequisitionStatus } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, money, open, ref, type ObjectStructure } from './common.js';
import { orderLine } from './purchase-orders.js';

export const PURCHASE_REQUISITIONS: ObjectStructure = {
  os: 'mxapipr', select: '*,prline{*}', noun: 'purchase requisition', keys: ['prnum', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'prnum', 'prid', 'requestedby', 'requireddate', 'issuedate', 'totalcost', 'currencycode', 'exchangerate', 'shipto', 'vendor', 'prline', 'historyflag', 'internal']),
};

/** PRSTATUS maxvalues: COMP is "every line is on a purchase order". */
export const PURCHASE_REQUISITION_STATUS: Readonly<Record<string, PurchaseRequisitionStatus>> = {
  WAPPR: 'pending_approval',
  APPR: 'approved',
  INPRG: 'approved', // approved, being changed
  COMP: 'ordered',
  CLOSE: 'ordered', // closed after ordering
  CAN: 'cancelled',
};

/** A PR line: a purchasing line, nothing received yet, and the order it was turned into. */
function mapLine(raw: unknown, index: number, what: string, siteid: string): PurchaseRequisitionLine {
  const { l, line } = orderLine(raw, index, what, 'prline', siteid);
  return { ...line, received_quantity: 0, purchase_order_id: ref(l.optStr('ponum'), '0', siteid) };
}

export function mapPurchaseRequisition(raw: unknown): { record: Mapped<PurchaseRequisition>; warnings: string[] } {
  const { r, key } = open(PURCHASE_REQUISITIONS.noun, PURCHASE_REQUISITIONS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const lines = Array.isArray(r.value('prline')) ? (r.value('prline') as unknown[]) : [];
  const noun = PURCHASE_REQUISITIONS.noun;
  return {
    record: withShared(common(PURCHASE_REQUISITIONS.standard, r, key, 'issuedate'), {
      number: r.str('prnum'),
      status: lookup(PURCHASE_REQUISITION_STATUS, internal(r, 'status'), code(noun, 'status_maxvalue', 'status', FALLBACKS.purchaseRequisitionStatus), warnings),
      requested_by: r.optStr('requestedby'),
      currency: r.optStr('currencycode'),
      total_amount: money(r, 'totalcost'),
      lines: lines.map((l, i) => mapLine(l, i, r.what, siteid)),
    }),
    warnings,
  };
}
