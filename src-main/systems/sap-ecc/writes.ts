// Writes to SAP ECC, each one LUW in one stateful RFC session:
// BAPI_PO_CREATE1, BAPI_ALM_ORDER_MAINTAIN (CHANGE / RELEASE / TECHNICALCOMPLETE +
// SAVE) or BAPI_ALM_NOTIF_CREATE + BAPI_ALM_NOTIF_SAVE, then BAPI_TRANSACTION_COMMIT
// WAIT=X (a measurement document commits itself: MEASUREM_DOCUM_RFC_SINGLE_001
// with COMMIT_WORK, its refusals ABAP exceptions); RETURN rows of
// type E/A roll back (BAPI_TRANSACTION_ROLLBACK) and come back as validation
// errors with SAP's message. The record is read back as SAP now has it.
import type { MappedRecord, UpdateWorkOrder, WorkOrderPriority, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, invalidValue, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, CreateServiceRequestRemote, RecordMeterReadingRemote, WriteResult } from '../kit/connector.js';
import { isError, MEASUREMENT_EXCEPTIONS, returnError } from './errors.js';
import { alphaIn, alphaOut, toSapDate } from './mappers/common.js';
import { pointType } from './mappers/meters.js';
import { workOrderStatus } from './mappers/work-orders.js';
import { measuringPoints, returnRows, workOrderDetail, type RfcClient, type RfcSession } from './client.js';
import { child, readStructure, type RfcStructure } from './xml.js';

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

// ---------------------------------------------------------------- measurement documents and notifications

/** SAP's short texts: a measurement document's (MDTXT) and a notification's (QMTXT) hold 40 characters. */
const SHORT_TEXT = 40;
/** A long-text line (TLINE-TDLINE) holds 132 characters. */
const TEXT_LINE = 132;

/**
 * MEASUREM_DOCUM_RFC_SINGLE_001 with COMMIT_WORK: the point is read first for its kind (a
 * characteristic point takes a valuation code, the others a number); SAP checks the rest
 * itself and answers with an ABAP exception (MEASUREMENT_EXCEPTIONS). The document is read back.
 */
export async function recordMeterReading(rfc: RfcClient, input: RecordMeterReadingRemote, readBack: (mdocm: string) => Promise<MappedRecord | null>): Promise<WriteResult> {
  if (input.note && input.note.length > SHORT_TEXT) throw validationError('value_too_long', `The measurement document text (MDTXT) holds at most ${SHORT_TEXT} characters`, 'note');
  const point = alphaIn(input.meter_id, 12);
  if (point.length > 12) throw validationError('invalid_meter', `SAP has no measuring point ${input.meter_id}`, 'meter_id');
  const row = (await measuringPoints(rfc, [point])).get(point);
  if (!row) throw validationError('invalid_meter', `SAP has no measuring point ${input.meter_id}`, 'meter_id');
  const iso = new Date(Date.parse(input.read_at)).toISOString();
  const value = String(input.value).trim();
  let res;
  try {
    res = await rfc.call('MEASUREM_DOCUM_RFC_SINGLE_001', {
      MEASUREMENT_POINT: point, READING_DATE: iso.slice(0, 10), READING_TIME: iso.slice(11, 19),
      ...(pointType(row) === 'characteristic' ? { VALUATION_CODE: value.toUpperCase() } : { RECORDED_VALUE: value }),
      ...(input.note ? { SHORT_TEXT: input.note } : {}),
      COMMIT_WORK: 'X', WAIT_AFTER_COMMIT: 'X',
    });
  } catch (err) {
    const hit = err instanceof ConnectorError && err.extra.systemCode && Object.hasOwn(MEASUREMENT_EXCEPTIONS, err.extra.systemCode) ? MEASUREMENT_EXCEPTIONS[err.extra.systemCode] : null;
    if (!hit) throw err;
    const message = (err as ConnectorError).message;
    if ('invalid' in hit) throw invalidValue(`${hit.invalid}: ${message}`, hit.invalid);
    throw new ConnectorError('validation', message, { code: hit.code, field: hit.field, systemCode: (err as ConnectorError).extra.systemCode });
  }
  const mdocm = (child(res, 'MEASUREMENT_DOCUMENT')?.text ?? '').trim();
  if (!mdocm) throw new ConnectorError('system', 'MEASUREM_DOCUM_RFC_SINGLE_001 returned no measurement document number');
  const record = await readBack(mdocm);
  if (!record) throw new ConnectorError('system', `SAP created measurement document ${alphaOut(mdocm)} but does not return it`);
  return { record };
}

/** BAPI_ALM_NOTIF_CREATE's header fields → the request field to blame. */
const NOTIFICATION_FIELDS: Readonly<Record<string, string>> = { EQUIPMENT: 'asset_id', PLANPLANT: 'location_id', PRIORITY: 'priority', SHORT_TEXT: 'title' };

/** The description as long-text lines of at most 132 characters (OBJTYPE QMEL). */
function longText(text: string): RfcStructure[] {
  const lines = text.split(/\r?\n/).flatMap((l) => (l.length ? l.match(new RegExp(`.{1,${TEXT_LINE}}`, 'g'))! : ['']));
  return lines.map((l, i) => ({ OBJTYPE: 'QMEL', OBJKEY: String(i + 1).padStart(4, '0'), FORMAT_COL: i ? '/' : '*', TEXT_LINE: l }));
}

/**
 * A maintenance request (notification type M1): BAPI_ALM_NOTIF_CREATE, BAPI_ALM_NOTIF_SAVE
 * and BAPI_TRANSACTION_COMMIT in one LUW; RETURN errors roll back and are read by the
 * header field SAP names. The notification is read back.
 */
export async function createServiceRequest(rfc: RfcClient, input: CreateServiceRequestRemote, readBack: (qmnum: string) => Promise<MappedRecord | null>): Promise<WriteResult> {
  if (input.title.length > SHORT_TEXT) throw validationError('value_too_long', `The notification short text (QMTXT) holds at most ${SHORT_TEXT} characters`, 'title');
  const plant = input.location_id?.split('/')[0];
  const header: RfcStructure = {
    SHORT_TEXT: input.title,
    ...(input.priority ? { PRIORITY: WORK_ORDER_PRIORITY_CODES[input.priority] } : {}),
    ...(input.asset_id ? { EQUIPMENT: alphaIn(input.asset_id, 18) } : {}),
    ...(plant ? { PLANPLANT: plant } : {}),
  };
  const qmnum = await inLuw(rfc, async (session) => {
    const created = await rfc.call('BAPI_ALM_NOTIF_CREATE', {
      NOTIF_TYPE: 'M1', NOTIFHEADER: header, LONGTEXTS: input.description ? longText(input.description) : [], RETURN: [],
    }, { session });
    const ret = returnRows(created);
    if (ret.some(isError)) throw returnError('BAPI_ALM_NOTIF_CREATE', ret, NOTIFICATION_FIELDS);
    const temp = readStructure(child(created, 'NOTIFHEADER_EXPORT')).NOTIF_NO ?? '';
    const saved = await rfc.call('BAPI_ALM_NOTIF_SAVE', { NUMBER: temp, RETURN: [] }, { session });
    const sret = returnRows(saved);
    if (sret.some(isError)) throw returnError('BAPI_ALM_NOTIF_SAVE', sret, NOTIFICATION_FIELDS);
    const number = (readStructure(child(saved, 'NOTIFHEADER')).NOTIF_NO ?? '').trim();
    if (!number || number.startsWith('%')) throw new ConnectorError('system', 'BAPI_ALM_NOTIF_SAVE returned no notification number');
    return number;
  });
  const record = await readBack(qmnum);
  if (!record) throw new ConnectorError('system', `SAP created notification ${alphaOut(qmnum)} but does not return it`);
  return { record };
}
