// Writes to SAP ECC, each one LUW in one stateful RFC session:
// BAPI_PO_CREATE1 or BAPI_ALM_ORDER_MAINTAIN (CHANGE / RELEASE /
// TECHNICALCOMPLETE + SAVE), then BAPI_TRANSACTION_COMMIT WAIT=X; RETURN rows of
// type E/A roll back (BAPI_TRANSACTION_ROLLBACK) and come back as validation
// errors with SAP's message. The record is read back as SAP now has it.
import type { MappedRecord, UpdateWorkOrder, WorkOrderPriority, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, WriteResult } from '../kit/connector.js';
import { isError, returnError } from './errors.js';
import { alphaIn, toSapDate } from './mappers/common.js';
import { workOrderStatus } from './mappers/work-orders.js';
import { returnRows, workOrderDetail, type RfcClient, type RfcSession } from './client.js';
import { child, type RfcStructure } from './xml.js';

/** unified → BAPI_ALM_ORDER_MAINTAIN method; the others cannot be set through it. */
export const WORK_ORDER_STATUS_METHODS: Readonly<Partial<Record<WorkOrderStatus, 'RELEASE' | 'TECHNICALCOMPLETE'>>> = {
  approved: 'RELEASE',
  scheduled: 'RELEASE',
  in_progress: 'RELEASE',
  completed: 'TECHNICALCOMPLETE',
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, string>> = { urgent: '1', high: '2', medium: '3', low: '4' };

/** Runs `fn` in a stateful session; commits if it returns, rolls back (best effort) if it throws. */
async function inLuw<T>(rfc: RfcClient, fn: (s: RfcSession) => Promise<T>): Promise<T> {
  const session = rfc.session();
  let result: T;
  try {
    result = await fn(session);
  } catch (err) {
    if (session.opened) await rfc.call('BAPI_TRANSACTION_ROLLBACK', {}, { session, close: true }).catch(() => undefined);
    throw err;
  }
  const errs = returnRows(await rfc.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' }, { session, close: true })).filter(isError);
  if (errs.length) throw new ConnectorError('system', `BAPI_TRANSACTION_COMMIT: ${errs[0].MESSAGE}`);
  return result;
}

export async function createPurchaseOrder(rfc: RfcClient, input: CreatePurchaseOrderRemote, readBack: (ebeln: string) => Promise<MappedRecord | null>): Promise<WriteResult> {
  const cf = input.custom_fields ?? {};
  const str = (k: string) => (typeof cf[k] === 'string' ? (cf[k] as string) : undefined);
  const header: RfcStructure = {
    DOC_TYPE: str('doc_type') ?? 'NB',
    VENDOR: alphaIn(input.vendor_id, 10),
    CURRENCY: input.currency,
    ...(str('comp_code') ? { COMP_CODE: str('comp_code')! } : {}),
    ...(str('purch_org') ? { PURCH_ORG: str('purch_org')! } : {}),
    ...(str('pur_group') ? { PUR_GROUP: str('pur_group')! } : {}),
  };
  for (const [k, v] of Object.entries(cf)) if (/^(ZZ|YY)\w{1,28}$/.test(k) && (typeof v === 'string' || typeof v === 'number')) header[k] = String(v);
  const items: RfcStructure[] = [];
  const schedules: RfcStructure[] = [];
  input.lines.forEach((l, i) => {
    const [matnr, werks, lgort] = l.item_id.split('/');
    if (!matnr || !werks) throw validationError('invalid_item', `lines[${i}].item_id must be an SAP stock key "MATNR/WERKS/LGORT"`, `lines[${i}].item_id`);
    const item = String((i + 1) * 10).padStart(5, '0');
    items.push({
      PO_ITEM: item, MATERIAL: alphaIn(matnr, 18), PLANT: werks, ...(lgort ? { STGE_LOC: lgort } : {}),
      QUANTITY: String(l.quantity), NET_PRICE: String(l.unit_price), PRICE_UNIT: '1', ...(l.description ? { SHORT_TEXT: l.description.slice(0, 40) } : {}),
    });
    if (input.expected_delivery_date) schedules.push({ PO_ITEM: item, SCHED_LINE: '0001', DELIVERY_DATE: toSapDate(input.expected_delivery_date), QUANTITY: String(l.quantity) });
  });
  const x = (s: RfcStructure, keys: string[]) => Object.fromEntries(Object.keys(s).map((k) => [k, keys.includes(k) ? s[k] : 'X']));
  const ebeln = await inLuw(rfc, async (session) => {
    const res = await rfc.call('BAPI_PO_CREATE1', {
      POHEADER: header, POHEADERX: x(header, []),
      POITEM: items, POITEMX: items.map((it) => x(it, ['PO_ITEM'])),
      POSCHEDULE: schedules, POSCHEDULEX: schedules.map((sc) => x(sc, ['PO_ITEM', 'SCHED_LINE'])),
      RETURN: [],
    }, { session });
    const ret = returnRows(res);
    if (ret.some(isError)) throw returnError('BAPI_PO_CREATE1', ret);
    const number = (child(res, 'EXPPURCHASEORDER')?.text ?? '').trim();
    if (!number) throw new ConnectorError('system', 'BAPI_PO_CREATE1 returned no purchase order number');
    return number;
  });
  const record = await readBack(ebeln);
  if (!record) throw new ConnectorError('system', `purchase order ${ebeln} was created but cannot be read back`);
  return { record };
}

export async function updateWorkOrder(rfc: RfcClient, remoteId: string, patch: UpdateWorkOrder, readBack: (aufnr: string) => Promise<MappedRecord | null>): Promise<WriteResult> {
  const aufnr = alphaIn(remoteId, 12);
  if (patch.description !== undefined) {
    throw validationError('unsupported_field', 'SAP ECC: the order long text (description) is not written by this connector; change status, priority, assignee (main work center) or due date', 'description');
  }
  const current = await workOrderDetail(rfc, aufnr);
  if (!current) throw new ConnectorError('not_found', `SAP has no maintenance order ${remoteId}`);
  const header: RfcStructure = { ORDERID: aufnr };
  const up: RfcStructure = { ORDERID: aufnr };
  if (patch.priority !== undefined) { header.PRIORITY = WORK_ORDER_PRIORITY_CODES[patch.priority]; up.PRIORITY = 'X'; }
  if (patch.due_date !== undefined) { header.FINISH_DATE = patch.due_date ? toSapDate(patch.due_date) : '0000-00-00'; up.FINISH_DATE = 'X'; }
  if (patch.assignee !== undefined) { header.MN_WK_CTR = (patch.assignee ?? '').slice(0, 8).toUpperCase(); up.MN_WK_CTR = 'X'; }
  const methods: RfcStructure[] = [];
  const ref = '000001';
  if (Object.keys(header).length > 1) methods.push({ REFNUMBER: ref, OBJECTTYPE: 'HEADER', METHOD: 'CHANGE', OBJECTKEY: aufnr });
  if (patch.status !== undefined && patch.status !== workOrderStatus(current.SYS_STATUS, [])) {
    const method = WORK_ORDER_STATUS_METHODS[patch.status];
    if (!method) throw validationError('unsupported_status', `SAP ECC: status "${patch.status}" cannot be set through BAPI_ALM_ORDER_MAINTAIN (supported: ${Object.keys(WORK_ORDER_STATUS_METHODS).join(', ')})`, 'status');
    methods.push({ REFNUMBER: ref, OBJECTTYPE: 'HEADER', METHOD: method, OBJECTKEY: aufnr });
  }
  if (methods.length) {
    methods.push({ REFNUMBER: '', OBJECTTYPE: '', METHOD: 'SAVE', OBJECTKEY: '' });
    await inLuw(rfc, async (session) => {
      const ret = returnRows(await rfc.call('BAPI_ALM_ORDER_MAINTAIN', { IT_METHODS: methods, IT_HEADER: [header], IT_HEADER_UP: [up], RETURN: [] }, { session }));
      if (ret.some(isError)) throw returnError('BAPI_ALM_ORDER_MAINTAIN', ret);
    });
  }
  const record = await readBack(aufnr);
  if (!record) throw new ConnectorError('not_found', `SAP has no maintenance order ${remoteId}`);
  return { record };
}
