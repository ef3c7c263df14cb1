// systems/sap-ecc/ is SAP ECC 6.0 (on-prem): BAPIs and RFC_READ_TABLE over
// SOAP-RFC (/sap/bc/soap/rfc?sap-client=NNN, Basic auth). The client
// (client.ts) speaks SOAP-RFC and RFC_READ_TABLE and holds the reads the
// entities share; xml.ts is the safe XML reader and writer; raw.ts the record
// shapes; mappers/ a mapper per entity; writes.ts the LUWs; errors.ts the
// exceptions and BAPI messages.
//
// ECC has no reliable change timestamp, so every listing lists EVERYTHING and
// reports every record; the store's content hash decides created/updated and
// deletions are found by absence (deletions: every_listing); records SAP flags
// for deletion (PO DELETE_IND L, vendor LOEVM, stock LVORM) are reported as
// deleted. `since` and the history window are ignored: a window would make
// absence mean "outside the window" instead of "gone". Each table is read by
// bounded key ranges (RFC_READ_TABLE has no ORDER BY):
// - locations       T001W, then T001L
// - vendors         LFA1 (+ ADR6 e-mails of the page)
// - assets          EQUI → BAPI_EQUI_GETDETAIL each (+ JEST statuses of the page)
// - inventory       MARD (+ MARA, MAKT of the page's materials)
// - purchase orders EKKO keys → BAPI_PO_GETDETAIL1 each (+ LFA1 names of the page)
// - work orders     AUFK keys → one BAPI_ALM_ORDERHEAD_GET_LIST over the page's key range
// - meters          IMPTT (+ the newest live IMRG document of the page's points)
// - meter readings  IMRG (+ IMPTT of the page's points); reversed documents reported as deleted
// - service req.    VIQMEL, category 01 (+ JEST statuses, BAPI_ALM_NOTIF_GET_DETAIL long texts)
// - plans           MPLA (+ MPOS items, MMPT cycles, MHIS calls, JEST statuses of the page)
// - requisitions    EBAN by BANFN (the items of one requisition always share a range)
import type { EntityName } from '../../contract/unified.js';
import type { EntityDeclaration, Listing, SystemDefinition } from '../kit/definition.js';
import type { KeyField } from '../kit/key-ranges.js';
import type { Mapper } from '../kit/mapping.js';
import { SAP_CLIENT, USER_PASSWORD } from '../kit/options.js';
import {
  and, equipmentDetails, IMPTT_FIELDS, IMRG_FIELDS, keyRanges, lastDocuments, lit, maintenancePlans, measuringPoints, notifications, purchaseOrders,
  requisitions, RfcClient, SOAP_RFC_PATH, stockItems, vendorMails, workOrderDetail, workOrderHeads,
} from './client.js';
import { classify } from './errors.js';
import { alphaIn } from './mappers/common.js';
import { mapAsset } from './mappers/assets.js';
import { mapInventoryItem } from './mappers/inventory-items.js';
import { mapPlant, mapStorageLocation } from './mappers/locations.js';
import { mapPurchaseOrder } from './mappers/purchase-orders.js';
import { mapMaintenancePlan } from './mappers/maintenance-plans.js';
import { mapMeasurementDocument, mapMeasuringPoint } from './mappers/meters.js';
import { mapPurchaseRequisition } from './mappers/purchase-requisitions.js';
import { mapNotification } from './mappers/service-requests.js';
import { mapVendor } from './mappers/vendors.js';
import { mapWorkOrder } from './mappers/work-orders.js';
import type { RawEquipment, RawMaintenancePlan, RawMeasurementDocument, RawMeasuringPoint, RawNotification, RawPurchaseOrder, RawPurchaseRequisition, RawVendor, TableRow } from './raw.js';
import { createPurchaseOrder, createServiceRequest, recordMeterReading, updateWorkOrder } from './writes.js';
import { child, parseXml, type XmlElement } from './xml.js';

const key = (...fields: [string, number][]): KeyField[] => fields.map(([name, length]) => ({ name, length }));
const T001W = { table: 'T001W', key: key(['WERKS', 4]), fields: ['WERKS', 'NAME1', 'ORT01', 'LAND1'] };
const T001L = { table: 'T001L', key: key(['WERKS', 4], ['LGORT', 4]), fields: ['WERKS', 'LGORT', 'LGOBE'] };
const LFA1 = { table: 'LFA1', key: key(['LIFNR', 10]), fields: ['LIFNR', 'NAME1', 'STRAS', 'ORT01', 'PSTLZ', 'LAND1', 'TELF1', 'ADRNR', 'SPERR', 'SPERM', 'LOEVM', 'ERDAT'] };
const EQUI = { table: 'EQUI', key: key(['EQUNR', 18]), fields: ['EQUNR', 'ERDAT', 'AEDAT', 'EQTYP', 'OBJNR'] };
const MARD = { table: 'MARD', key: key(['MATNR', 18], ['WERKS', 4], ['LGORT', 4]), fields: ['MATNR', 'WERKS', 'LGORT', 'LABST', 'INSME', 'SPEME', 'LVORM', 'LGPBE'] };
/** Purchase orders (BSTYP F): contracts and scheduling agreements share EKKO. */
const EKKO = { table: 'EKKO', key: key(['EBELN', 10]), fields: ['EBELN'], filter: ['BSTYP', 'EQ', lit('F')] };
/** Maintenance orders (AUTYP 30): production and internal orders share AUFK. */
const AUFK = { table: 'AUFK', key: key(['AUFNR', 12]), fields: ['AUFNR'], filter: ['AUTYP', 'EQ', lit('30')] };
const IMPTT = { table: 'IMPTT', key: key(['POINT', 12]), fields: IMPTT_FIELDS };
const IMRG = { table: 'IMRG', key: key(['MDOCM', 20]), fields: IMRG_FIELDS };
/** Maintenance notifications (category QMTYP 01): quality and service notifications share the view. */
const VIQMEL = {
  table: 'VIQMEL', key: key(['QMNUM', 12]), filter: ['QMTYP', 'EQ', lit('01')],
  fields: ['QMNUM', 'QMTYP', 'QMART', 'QMTXT', 'PRIOK', 'QMNAM', 'QMDAT', 'MZEIT', 'ERDAT', 'AEDAT', 'AUFNR', 'EQUNR', 'TPLNR', 'IWERK', 'OBJNR', 'INDTX'],
};
const MPLA = { table: 'MPLA', key: key(['WARPL', 12]), fields: ['WARPL', 'WPTXT', 'MPTYP', 'STRAT', 'ERSDT', 'AEDAT', 'OBJNR'] };
/** Requisition items, ranged by the requisition number alone so that a requisition's items are read together. */
const EBAN = {
  table: 'EBAN', key: key(['BANFN', 10]),
  fields: ['BANFN', 'BNFPO', 'BSART', 'LOEKZ', 'STATU', 'FRGKZ', 'ERNAM', 'AFNAM', 'BADAT', 'TXZ01', 'MATNR', 'WERKS', 'LGORT', 'MENGE', 'MEINS', 'PREIS', 'PEINH', 'WAERS', 'LFDAT', 'EBELN', 'EBELP'],
};

type Table = { table: string; key: KeyField[]; fields: string[]; filter?: string[] };

const rowKey = (t: Table) => (raw: unknown): string | null => {
  const r = raw as TableRow | null;
  const values = t.key.map((k) => r?.[k.name]);
  return values.every((v): v is string => typeof v === 'string' && v !== '') ? values.join('/') : null;
};

function listing(t: Table, map: Mapper, idOf: (raw: unknown) => string | null, enrich?: Listing<RfcClient>['enrich']): Listing<RfcClient> {
  // customer fields are read where the record is the table row itself (not only its key)
  return { paging: keyRanges(t.table, t.key, t.fields, { filter: t.filter, customFields: t.fields.length > 1 }), map, idOf, ...(enrich ? { enrich } : {}) };
}

/**
 * Every table an entity reads must be readable (RFC_READ_TABLE raises NOT_AUTHORIZED
 * or TABLE_NOT_AVAILABLE otherwise): one row of one key field of each — all fields of a
 * wide table such as LFA1 would not fit RFC_READ_TABLE's 512-character row.
 */
const probeTables = (...tables: [table: string, field: string][]) => async (rfc: RfcClient): Promise<void> => {
  for (const [t, field] of tables) await rfc.read(t, [field], [], 1);
};

const one = <T>(rows: T[]): T | null => rows[0] ?? null;

const locations: EntityDeclaration<RfcClient> = {
  source: 'tables T001W (plants) and T001L (storage locations)',
  listings: [listing(T001W, mapPlant, rowKey(T001W)), listing(T001L, mapStorageLocation, rowKey(T001L))],
  probe: probeTables(['T001W', 'WERKS'], ['T001L', 'LGORT']),
  async get(rfc, id) {
    const [werks, lgort] = id.split('/');
    const t = lgort === undefined ? T001W : T001L;
    const row = one(await readExact(rfc, t, [werks, ...(lgort === undefined ? [] : [lgort])]));
    return row ? (lgort === undefined ? mapPlant(row) : mapStorageLocation(row)) : null;
  },
};

/** The rows of a table with exactly this key (single-record reads). */
async function readExact(rfc: RfcClient, t: Table, values: string[]): Promise<TableRow[]> {
  const where = and(t.filter ?? null, t.key.flatMap((k, i) => [...(i ? ['AND'] : []), k.name, 'EQ', lit(values[i] ?? '')]));
  const fields = t.fields.length > 1 ? await rfc.fieldsOf(t.table, t.fields) : t.fields;
  return (await rfc.read(t.table, fields, where, 1)).flatMap((e) => ('row' in e ? [e.row] : []));
}

const vendors: EntityDeclaration<RfcClient> = {
  source: 'tables LFA1 (vendor master) and ADR6 (e-mail addresses)',
  listings: [listing(LFA1, mapVendor, rowKey(LFA1), async (rfc, rows) => {
    const lfa1 = rows as TableRow[];
    const mails = await vendorMails(rfc, lfa1);
    return lfa1.map((r): RawVendor => ({ LFA1: r as RawVendor['LFA1'], SMTP_ADDR: mails.get(r.ADRNR) ?? '' }));
  })],
  probe: probeTables(['LFA1', 'LIFNR'], ['ADR6', 'ADDRNUMBER']),
  async get(rfc, id) {
    const row = one(await readExact(rfc, LFA1, [alphaIn(id, 10)]));
    if (!row) return null;
    const mails = await vendorMails(rfc, [row]);
    return mapVendor({ LFA1: row, SMTP_ADDR: mails.get(row.ADRNR) ?? '' });
  },
};

const equipment = async (rfc: RfcClient, rows: unknown[]) => (await equipmentDetails(rfc, rows as TableRow[])).filter((d): d is RawEquipment => d !== null);
const assets: EntityDeclaration<RfcClient> = {
  source: 'table EQUI with BAPI_EQUI_GETDETAIL, statuses from JEST',
  listings: [listing(EQUI, mapAsset, (raw) => (raw as RawEquipment | null)?.EQUI?.EQUNR ?? null, equipment)],
  probe: probeTables(['EQUI', 'EQUNR'], ['JEST', 'OBJNR']),
  async get(rfc, id) {
    const [e] = await equipment(rfc, await readExact(rfc, EQUI, [alphaIn(id, 18)]));
    return e ? mapAsset(e) : null;
  },
};

const inventory: EntityDeclaration<RfcClient> = {
  source: 'tables MARD (stock), MARA and MAKT (materials)',
  listings: [listing(MARD, mapInventoryItem, (raw) => rowKey(MARD)((raw as { MARD?: unknown } | null)?.MARD), (rfc, rows) => stockItems(rfc, rows as TableRow[]))],
  probe: probeTables(['MARD', 'MATNR'], ['MARA', 'MATNR'], ['MAKT', 'MATNR']),
  async get(rfc, id) {
    const [matnr, werks, lgort] = id.split('/');
    if (!matnr || !werks || !lgort) return null;
    const [item] = await stockItems(rfc, await readExact(rfc, MARD, [alphaIn(matnr, 18), werks, lgort]));
    return item ? mapInventoryItem(item) : null;
  },
};

const orders: EntityDeclaration<RfcClient> = {
  source: 'table EKKO with BAPI_PO_GETDETAIL1, vendor names from LFA1',
  listings: [listing(EKKO, mapPurchaseOrder, (raw) => (raw as RawPurchaseOrder | null)?.POHEADER?.PO_NUMBER ?? null,
    (rfc, rows) => purchaseOrders(rfc, (rows as TableRow[]).map((r) => r.EBELN)))],
  probe: probeTables(['EKKO', 'EBELN'], ['LFA1', 'LIFNR']),
  async get(rfc, id) {
    const po = one(await purchaseOrders(rfc, [alphaIn(id, 10)]));
    return po ? mapPurchaseOrder(po) : null;
  },
};

const workOrders: EntityDeclaration<RfcClient> = {
  source: 'table AUFK with BAPI_ALM_ORDERHEAD_GET_LIST',
  listings: [listing(AUFK, mapWorkOrder, (raw) => (raw as { ORDERID?: string } | null)?.ORDERID ?? null, async (rfc, rows) => {
    const keys = (rows as TableRow[]).map((r) => r.AUFNR);
    const heads = await workOrderHeads(rfc, keys[0], keys[keys.length - 1]);
    return keys.flatMap((k) => (heads.has(k) ? [heads.get(k)!] : []));
  })],
  probe: probeTables(['AUFK', 'AUFNR']),
  async get(rfc, id) {
    const d = await workOrderDetail(rfc, alphaIn(id, 12));
    return d ? mapWorkOrder(d) : null;
  },
};

const withLast = async (rfc: RfcClient, rows: unknown[]): Promise<RawMeasuringPoint[]> => {
  const points = rows as TableRow[];
  const last = await lastDocuments(rfc, points.map((p) => p.POINT));
  return points.map((p) => ({ IMPTT: p, LAST: last.get(p.POINT) ?? null }));
};
const meters: EntityDeclaration<RfcClient> = {
  source: 'tables IMPTT (measuring points) and IMRG (the newest measurement document)',
  listings: [listing(IMPTT, mapMeasuringPoint, (raw) => (raw as RawMeasuringPoint | null)?.IMPTT?.POINT ?? null, withLast)],
  probe: probeTables(['IMPTT', 'POINT'], ['IMRG', 'MDOCM']),
  async get(rfc, id) {
    const [p] = await withLast(rfc, await readExact(rfc, IMPTT, [alphaIn(id, 12)]));
    return p ? mapMeasuringPoint(p) : null;
  },
};

const withPoint = async (rfc: RfcClient, rows: unknown[]): Promise<RawMeasurementDocument[]> => {
  const docs = rows as TableRow[];
  const points = await measuringPoints(rfc, docs.map((d) => d.POINT));
  return docs.map((d) => ({ IMRG: d, IMPTT: points.get(d.POINT) ?? null }));
};
const readings: EntityDeclaration<RfcClient> = {
  source: 'table IMRG (measurement documents) with IMPTT (their points)',
  listings: [listing(IMRG, mapMeasurementDocument, (raw) => (raw as RawMeasurementDocument | null)?.IMRG?.MDOCM ?? null, withPoint)],
  probe: probeTables(['IMRG', 'MDOCM'], ['IMPTT', 'POINT']),
  async get(rfc, id) {
    const [d] = await withPoint(rfc, await readExact(rfc, IMRG, [alphaIn(id, 20)]));
    return d ? mapMeasurementDocument(d) : null;
  },
};

const serviceRequests: EntityDeclaration<RfcClient> = {
  source: 'view VIQMEL (maintenance notifications) with JEST statuses and BAPI_ALM_NOTIF_GET_DETAIL long texts',
  listings: [listing(VIQMEL, mapNotification, (raw) => (raw as RawNotification | null)?.VIQMEL?.QMNUM ?? null, (rfc, rows) => notifications(rfc, rows as TableRow[]))],
  probe: probeTables(['VIQMEL', 'QMNUM'], ['JEST', 'OBJNR']),
  async get(rfc, id) {
    const [n] = await notifications(rfc, await readExact(rfc, VIQMEL, [alphaIn(id, 12)]));
    return n ? mapNotification(n) : null;
  },
};

const plans: EntityDeclaration<RfcClient> = {
  source: 'tables MPLA (plans), MPOS (items), MMPT (cycles), MHIS (scheduled calls) and JEST',
  listings: [listing(MPLA, mapMaintenancePlan, (raw) => (raw as RawMaintenancePlan | null)?.MPLA?.WARPL ?? null, (rfc, rows) => maintenancePlans(rfc, rows as TableRow[]))],
  probe: probeTables(['MPLA', 'WARPL'], ['MPOS', 'WAPOS'], ['MMPT', 'WARPL'], ['MHIS', 'WARPL'], ['JEST', 'OBJNR']),
  async get(rfc, id) {
    const [p] = await maintenancePlans(rfc, await readExact(rfc, MPLA, [alphaIn(id, 12)]));
    return p ? mapMaintenancePlan(p) : null;
  },
};

const purchaseRequisitions: EntityDeclaration<RfcClient> = {
  source: 'table EBAN (requisition items, grouped by requisition)',
  listings: [listing(EBAN, mapPurchaseRequisition, (raw) => (raw as RawPurchaseRequisition | null)?.BANFN ?? null, async (_rfc, rows) => requisitions(rows as TableRow[]))],
  probe: probeTables(['EBAN', 'BANFN']),
  async get(rfc, id) {
    const banfn = alphaIn(id, 10);
    const rows = (await rfc.read('EBAN', await rfc.fieldsOf('EBAN', EBAN.fields), ['BANFN', 'EQ', lit(banfn)], 0)).flatMap((e) => ('row' in e ? [e.row] : []));
    const [r] = requisitions(rows);
    return r ? mapPurchaseRequisition(r) : null;
  },
};

const entities: Record<EntityName, EntityDeclaration<RfcClient>> = {
  locations, vendors, assets, 'inventory-items': inventory, 'purchase-orders': orders, 'work-orders': workOrders,
  meters, 'meter-readings': readings, 'service-requests': serviceRequests, 'maintenance-plans': plans, 'purchase-requisitions': purchaseRequisitions,
};

const recordOf = async (e: EntityDeclaration<RfcClient>, rfc: RfcClient, id: string) => {
  const r = await e.get(rfc, id);
  return r && 'record' in r ? r.record : null;
};

/**
 * Function modules that only read, which a read-only passthrough lets through
 * (every SOAP-RFC call is a POST): RFC_READ_TABLE and friends, and BAPI read
 * methods by SAP's naming (GetDetail, GetList, GetStatus). Anything else — a
 * BAPI that creates or changes, BAPI_TRANSACTION_COMMIT — needs read_write.
 */
const READ_ONLY_FUNCTIONS = new Set(['RFC_READ_TABLE', 'RFC_PING', 'RFC_SYSTEM_INFO', 'RFC_GET_FUNCTION_INTERFACE', 'DDIF_FIELDINFO_GET', 'BAPI_ALM_ORDERHEAD_GET_LIST', 'BAPI_ALM_ORDER_GET_DETAIL']);
const READ_ONLY_BAPI = /^BAPI_[A-Z0-9_]+_GET(DETAIL|LIST|STATUS|_DETAIL|_LIST)\d*$/;

/** The one function a SOAP-RFC envelope calls, if it only reads: null (allowed), else why not. */
function readOnlyRfc(_path: string, body: Buffer | null): string | null {
  if (!body) return 'a SOAP-RFC call needs an envelope';
  let root: XmlElement;
  try { root = parseXml(body.toString('utf8'), { maxLength: 1024 * 1024 }); } catch (err) { return `the body is not a SOAP envelope (${(err as Error).message})`; }
  const calls = root.local === 'Envelope' ? child(root, 'Body')?.children ?? [] : [];
  if (calls.length !== 1) return 'the envelope must call exactly one function module';
  const fm = calls[0].local.replace(/_-/g, '/');
  return READ_ONLY_FUNCTIONS.has(fm) || READ_ONLY_BAPI.test(fm) ? null : `${fm} is not a function module that only reads`;
}

export const sapEcc: SystemDefinition<RfcClient> = {
  id: 'sap-ecc',
  name: 'SAP ECC 6.0',
  description: 'SAP ECC 6.0 through BAPIs over SOAP-RFC (/sap/bc/soap/rfc).',
  tier: 3,
  deployments: ['on_prem'],
  url: { needed: true, default: null },
  credentialSets: [USER_PASSWORD],
  options: [SAP_CLIENT],
  connector: {
    client: (config) => new RfcClient(config),
    classify,
    async auth(rfc) { await rfc.call('RFC_PING', {}); },
    deletions: 'every_listing',
    entities,
    passthrough: { paths: [`/${SOAP_RFC_PATH}`], readOnlyPost: readOnlyRfc, send: (rfc, call) => rfc.passthrough(call) },
    writes: {
      createPurchaseOrder: (rfc, input) => createPurchaseOrder(rfc, input, (ebeln) => recordOf(orders, rfc, ebeln)),
      updateWorkOrder: (rfc, id, patch) => updateWorkOrder(rfc, id, patch, (aufnr) => recordOf(workOrders, rfc, aufnr)),
      recordMeterReading: (rfc, input) => recordMeterReading(rfc, input, (mdocm) => recordOf(readings, rfc, mdocm)),
      createServiceRequest: (rfc, input) => createServiceRequest(rfc, input, (qmnum) => recordOf(serviceRequests, rfc, qmnum)),
    },
  },
};
