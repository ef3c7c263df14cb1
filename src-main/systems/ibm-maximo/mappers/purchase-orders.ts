// MXAPIPO (PO) with its POLINE children. Statuses: domain POSTATUS,
// https://www.ibm.com/docs/en/maximo-manage/continuous-delivery?topic=orders-purchase-order-statuses
import type { Mapped, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, money, open, optMoney, ref, type ObjectStructure } from './common.js';

export const PURCHASE_ORDERS: ObjectStructure = {
  os: 'mxapipo', select: '*,poline{*}', noun: 'purchase order', keys: ['ponum', 'revisionnum', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'ponum', 'poid', 'revisionnum', 'potype', 'vendor', 'orderdate', 'requireddate', 'vendeliverydate', 'followupdate', 'totalcost', 'pretaxtotal', 'totaltax1',
    'currencycode', 'exchangerate', 'purchaseagent', 'shipto', 'shiptoattn', 'billto', 'billtoattn', 'paymentterms', 'freightterms', 'fob', 'shipvia', 'contact', 'receipts', 'historyflag',
    'internal', 'inclusive1', 'buyercompany', 'storeloc', 'ecomstatusdate']),
};

/** POSTATUS maxvalues (received quantities refine APPR/INPRG, see mapPurchaseOrder). */
export const PURCHASE_ORDER_STATUS: Readonly<Record<string, PurchaseOrderStatus>> = {
  WAPPR: 'pending_approval',
  APPR: 'approved',
  INPRG: 'approved', // approved, being changed without a revision
  HOLD: 'draft', // on hold: not to be acted on
  REVISE: 'draft', // a revision being prepared
  PNDREV: 'approved', // pending revision: the approved revision stays in force
  CLOSE: 'completed',
  CAN: 'cancelled',
};

/**
 * A purchasing line as PO lines (`poline`) and PR lines (`prline`) share it: numbered by
 * polinenum/prlinenum, the item in its storeroom at the receiving site, the order unit and costs.
 */
export function orderLine(raw: unknown, index: number, what: string, child: 'poline' | 'prline', siteid: string): { l: FieldReader; line: PurchaseOrderLine } {
  if (!isObject(raw)) throw new Error(`${what}: ${child}[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} ${child}[${index}]`);
  const itemnum = l.optStr('itemnum');
  return {
    l,
    line: {
      line_number: l.optNum(`${child.slice(0, 2)}linenum`) ?? index + 1,
      item_id: ref(itemnum, l.optStr('itemsetid'), l.optStr('storeloc'), l.optStr('tositeid') ?? siteid),
      part_number: itemnum,
      description: l.optStr('description'),
      quantity: l.num('orderqty'),
      unit: l.optStr('orderunit'),
      unit_price: money(l, 'unitcost'),
      amount: money(l, 'linecost'),
      received_quantity: l.optNum('receivedqty') ?? 0,
    },
  };
}

export function mapPurchaseOrder(raw: unknown): { record: Mapped<PurchaseOrder>; warnings: string[] } {
  const { r, key } = open(PURCHASE_ORDERS.noun, PURCHASE_ORDERS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const rawLines = r.value('poline') ?? [];
  if (!Array.isArray(rawLines)) throw new Error(`${r.what}: field "poline" must be an array`);
  const lines = rawLines.map((l, i) => orderLine(l, i, r.what, 'poline', siteid).line);
  const currency = r.str('currencycode');
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currencycode" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  let status = lookup(PURCHASE_ORDER_STATUS, internal(r, 'status'), code(PURCHASE_ORDERS.noun, 'status_maxvalue', 'status', FALLBACKS.purchaseOrderStatus), warnings);
  // Maximo keeps a PO APPR while goods arrive: the received quantities tell how far it is.
  if (status === 'approved' && lines.length > 0 && lines.some((l) => l.received_quantity > 0)) {
    status = lines.every((l) => l.received_quantity >= l.quantity) ? 'completed' : 'partially_received';
  }
  const storeloc = (rawLines as RawObject[]).find((l) => typeof l?.storeloc === 'string' && l.storeloc)?.storeloc as string | undefined;
  const record: Mapped<PurchaseOrder> = withShared(common(PURCHASE_ORDERS.standard, r, key, 'orderdate'), {
    number: r.str('ponum'),
    status,
    vendor_id: ref(r.optStr('vendor'), r.optStr('orgid')),
    vendor_name: r.optStr('vendor_description') ?? r.optStr('vendorname'),
    currency,
    total_amount: optMoney(r, 'totalcost') ?? '0.00',
    order_date: r.optTime('orderdate'),
    expected_delivery_date: r.optTime('requireddate'),
    location_id: ref(storeloc ?? null, siteid),
    lines,
  });
  return { record, warnings };
}
