// sap-ecc/ owns the SAP ECC 6.0 connector: BAPIs and RFC_READ_TABLE over
// SOAP-RFC (/sap/bc/soap/rfc?sap-client=NNN, Basic auth), the safe XML reader
// and writer (xml.ts), the raw record shapes (raw.ts), the code tables and pure
// mappings (mapping.ts), table paging (tables.ts) and the transport (rfc.ts).
//
// ECC has no reliable change timestamp, so every listing lists EVERYTHING, paged
// by key ranges (the cursor is the last key), and reports every record; the
// store's content hash decides created/updated/unchanged and deletions are found
// by absence (reportsDeletions = false, listsEverything = true). Records SAP
// flags for deletion (PO DELETE_IND = L, vendor LOEVM, stock LVORM) are reported
// in `deleted`. `since` and `historyStart` are deliberately ignored: a window
// would make absence mean "outside the window" instead of "gone".
//
// Per page of each entity:
// - locations      RFC_READ_TABLE T001W, then T001L
// - vendors        RFC_READ_TABLE LFA1 (+ ADR6 e-mails of the page)
// - assets         RFC_READ_TABLE EQUI keys → BAPI_EQUI_GETDETAIL each (+ JEST statuses of the page)
// - inventory      RFC_READ_TABLE MARD (+ MARA, MAKT of the page's materials)
// - purchase orders RFC_READ_TABLE EKKO keys → BAPI_PO_GETDETAIL1 each (+ LFA1 names of the page)
// - work orders    RFC_READ_TABLE AUFK keys → one BAPI_ALM_ORDERHEAD_GET_LIST over the page's key range
import type { EntityName, MappedRecord, UpdateWorkOrder } from '../../contract/unified.js';
import { entityNames } from '../../contract/unified.js';
import {
  ConnectorError, type ChangePage, type Connector, type ConnectorConfig, type ConnectorFactory,
  type CreatePurchaseOrderRemote, type ListChangesRequest, type WriteResult,
} from '../connector.js';
import { transportError } from '../http.js';
import {
  alphaIn, inventoryKey, mapAsset, mapInventoryItem, mapLocation, mapPurchaseOrder, mapVendor, mapWorkOrder, returnCode,
  toSapDate, WORK_ORDER_PRIORITY_CODES, WORK_ORDER_STATUS_METHODS, workOrderStatus, type Mapping,
} from './mapping.js';
import type { BapiReturn, RawEquipment, RawEquipmentGeneral, RawEquipmentSpecific, RawPurchaseOrder, RawWorkOrder, TableRow } from './raw.js';
import { RfcClient, type RfcSession } from './rfc.js';
import { afterKey, and, inList, lit, TableReader, type ReadEntry } from './tables.js';
import { child, readStructure, readTable, XmlError, type RfcStructure, type XmlElement } from './xml.js';

export interface SapEccConnector extends Connector {
  /** Every listing is complete (ECC has no change timestamp): the engine should treat each as a full listing. */
  readonly listsEverything: true;
  /** Function-module calls made so far (benchmarks). */
  readonly calls: number;
}

/** How many detail BAPIs run at once (dialog work processes are a shared resource). */
const DETAIL_CONCURRENCY = 4;
/** Values per IN ( … ) list. */
const IN_CHUNK = 100;

interface Cursor { e: EntityName; p: number; k: string[] | null }

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(entity: EntityName, cursor: string | null): Cursor {
  if (cursor === null) return { e: entity, p: 0, k: null };
  let c: unknown = null;
  try { c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')); } catch { /* below */ }
  const ok = c && typeof c === 'object' && (c as Cursor).e === entity && Number.isInteger((c as Cursor).p)
    && ((c as Cursor).k === null || (Array.isArray((c as Cursor).k) && (c as Cursor).k!.every((v) => typeof v === 'string' && /^[\w/ .-]{0,40}$/.test(v))));
  if (!ok) throw new ConnectorError('invalid_request', `Invalid cursor for ${entity}`, { code: 'invalid_cursor', field: 'cursor' });
  return c as Cursor;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** RETURN as rows, whether the BAPI declares it a table (BAPIRET2 rows) or a structure. */
function returnRows(res: XmlElement): BapiReturn[] {
  const el = child(res, 'RETURN');
  if (!el) return [];
  const rows = el.children.some((c) => c.local === 'item') ? readTable(el) : [readStructure(el)];
  return rows.filter((r) => (r.TYPE ?? '').trim() !== '') as unknown as BapiReturn[];
}

const isError = (r: BapiReturn) => r.TYPE === 'E' || r.TYPE === 'A';

const WO_FIELDS = ['ORDERID', 'ORDER_TYPE', 'SHORT_TEXT', 'PRIORITY', 'PLANPLANT', 'MN_WK_CTR', 'EQUIPMENT', 'FUNCT_LOC',
  'START_DATE', 'FINISH_DATE', 'SYS_STATUS', 'USER_STATUS', 'ENTER_DATE', 'ENTERED_BY', 'CHANGE_DATE', 'CHANGED_BY'] as const;

/** ET_RESULT rows and ES_HEADER into one shape (ES_HEADER's names), so a record hashes the same either way. */
export function normaliseWorkOrder(row: RfcStructure): RawWorkOrder {
  const out: Record<string, string> = {};
  for (const f of WO_FIELDS) out[f] = (row[f] ?? '').trim();
  if (!out.SYS_STATUS && row.S_STATUS) out.SYS_STATUS = row.S_STATUS.trim();
  if (!out.USER_STATUS && row.U_STATUS) out.USER_STATUS = row.U_STATUS.trim();
  for (const [k, v] of Object.entries(row)) if (/^(ZZ|YY)/.test(k)) out[k] = v.trim();
  return out as RawWorkOrder;
}

export function createSapEccConnector(config: ConnectorConfig): SapEccConnector {
  const rfc = new RfcClient(config);
  const tables = new TableReader(rfc);

  const classify = (err: unknown): ConnectorError => {
    if (err instanceof ConnectorError) return err;
    const t = transportError(err);
    if (t) return t;
    if (err instanceof XmlError) return new ConnectorError('system', `SAP answered with unreadable XML: ${err.message}`);
    return new ConnectorError('system', err instanceof Error ? err.message : String(err));
  };

  /** A page of a table by key range: up to pageSize entries, whether more follow, and the last key. */
  async function keyPage(table: string, keyFields: string[], fields: string[], filter: string[] | null, after: string[] | null, pageSize: number) {
    const where = and(filter, after ? afterKey(keyFields, after) : null);
    // a malformed row's key is only trusted for single-field keys (later columns may be shifted)
    const entries = await tables.read(table, fields, where, pageSize + 1, keyFields.length === 1 ? keyFields[0] : undefined);
    const page = entries.slice(0, pageSize);
    const more = entries.length > pageSize;
    let last: string[] | null = null;
    for (let i = page.length - 1; i >= 0 && !last; i--) {
      const e = page[i];
      if ('row' in e) last = keyFields.map((f) => e.row[f]);
    }
    if (more && !last) {
      // a page made only of unreadable rows: step over them by the key SAP still shows in the first column
      const k = page.map((e) => ('bad' in e ? e.bad.key : null)).filter((x): x is string => !!x).pop();
      if (!k || keyFields.length > 1) throw new ConnectorError('system', `RFC_READ_TABLE ${table}: a whole page of unreadable rows; cannot move on`);
      last = [k];
    }
    return { page, more, last };
  }

  function collect(entity: EntityName, results: { key: string | null; build: () => Mapping }[], page: ChangePage) {
    for (const { key, build } of results) {
      try {
        const m = build();
        if ('deleted' in m) { page.deleted.push(m.deleted); continue; }
        page.records.push(m.record);
        for (const w of m.warnings) (page.warnings ??= []).push({ remote_id: m.record.remote_id, message: w });
      } catch (err) {
        (page.rejected ??= []).push({ remote_id: key, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    void entity;
  }

  const badEntries = (entries: ReadEntry[], page: ChangePage) => {
    for (const e of entries) if ('bad' in e) (page.rejected ??= []).push({ remote_id: e.bad.key, reason: e.bad.reason });
  };
  const rows = (entries: ReadEntry[]) => entries.flatMap((e) => ('row' in e ? [e.row] : []));

  // ---------------------------------------------------------------- readers shared by list and getOne

  async function vendorsFromRows(lfa1: TableRow[]): Promise<Map<string, string>> {
    const adrnrs = [...new Set(lfa1.map((r) => r.ADRNR).filter(Boolean))];
    const mails = new Map<string, string>();
    for (const part of chunks(adrnrs, IN_CHUNK)) {
      const es = await tables.read('ADR6', ['ADDRNUMBER', 'SMTP_ADDR'], inList('ADDRNUMBER', part), 0);
      for (const r of rows(es)) if (!mails.has(r.ADDRNUMBER)) mails.set(r.ADDRNUMBER, r.SMTP_ADDR);
    }
    return mails;
  }

  const LFA1_FIELDS = ['LIFNR', 'NAME1', 'STRAS', 'ORT01', 'PSTLZ', 'LAND1', 'TELF1', 'ADRNR', 'SPERR', 'SPERM', 'LOEVM', 'ERDAT'];
  const EQUI_FIELDS = ['EQUNR', 'ERDAT', 'AEDAT', 'EQTYP', 'OBJNR'];
  const MARD_FIELDS = ['MATNR', 'WERKS', 'LGORT', 'LABST', 'INSME', 'SPEME', 'LVORM', 'LGPBE'];
  const MARA_FIELDS = ['MATNR', 'MTART', 'MEINS', 'MATKL', 'ERSDA', 'LAEDA'];

  async function equipmentDetails(equi: TableRow[]): Promise<{ key: string; raw: RawEquipment | null }[]> {
    const statuses = new Map<string, string[]>();
    const objnrs = equi.map((r) => r.OBJNR || `IE${r.EQUNR}`);
    for (const part of chunks(objnrs, IN_CHUNK)) {
      const es = await tables.read('JEST', ['OBJNR', 'STAT', 'INACT'], and(inList('OBJNR', part), ['INACT', 'EQ', lit(' ')]), 0);
      for (const r of rows(es)) statuses.set(r.OBJNR, [...(statuses.get(r.OBJNR) ?? []), r.STAT]);
    }
    return mapLimit(equi, DETAIL_CONCURRENCY, async (row) => {
      const res = await rfc.call('BAPI_EQUI_GETDETAIL', { EQUIPMENT: row.EQUNR });
      if (returnRows(res).some(isError)) return { key: row.EQUNR, raw: null }; // gone meanwhile
      return {
        key: row.EQUNR,
        raw: {
          EQUI: row,
          DATA_GENERAL_EXP: readStructure(child(res, 'DATA_GENERAL_EXP')) as RawEquipmentGeneral,
          DATA_SPECIFIC_EXP: readStructure(child(res, 'DATA_SPECIFIC_EXP')) as RawEquipmentSpecific,
          SYSTEM_STATUS: (statuses.get(row.OBJNR || `IE${row.EQUNR}`) ?? []).slice().sort(),
        },
      };
    });
  }

  async function materialsOf(mard: TableRow[]) {
    const matnrs = [...new Set(mard.map((r) => r.MATNR))];
    const mara = new Map<string, TableRow>();
    const makt = new Map<string, string>();
    const maraFields = await tables.fieldsOf('MARA', MARA_FIELDS);
    for (const part of chunks(matnrs, IN_CHUNK)) {
      for (const r of rows(await tables.read('MARA', maraFields, inList('MATNR', part), 0))) mara.set(r.MATNR, r);
      for (const r of rows(await tables.read('MAKT', ['MATNR', 'MAKTX'], and(inList('MATNR', part), ['SPRAS', 'EQ', lit('E')]), 0))) makt.set(r.MATNR, r.MAKTX);
    }
    return { mara, makt };
  }

  async function purchaseOrderDetail(ebeln: string): Promise<Omit<RawPurchaseOrder, 'VENDOR_NAME'> | null> {
    const res = await rfc.call('BAPI_PO_GETDETAIL1', { PURCHASEORDER: ebeln, ITEMS: 'X', SCHEDULES: 'X', HISTORY: 'X' });
    if (returnRows(res).some(isError)) return null;
    return {
      POHEADER: readStructure(child(res, 'POHEADER')) as RawPurchaseOrder['POHEADER'],
      POITEM: readTable(child(res, 'POITEM')) as RawPurchaseOrder['POITEM'],
      POSCHEDULE: readTable(child(res, 'POSCHEDULE')) as RawPurchaseOrder['POSCHEDULE'],
      POHISTORY_TOTALS: readTable(child(res, 'POHISTORY_TOTALS')) as RawPurchaseOrder['POHISTORY_TOTALS'],
    };
  }

  async function vendorNames(lifnrs: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const part of chunks([...new Set(lifnrs.filter(Boolean))], IN_CHUNK)) {
      for (const r of rows(await tables.read('LFA1', ['LIFNR', 'NAME1'], inList('LIFNR', part), 0))) names.set(r.LIFNR, r.NAME1);
    }
    return names;
  }

  async function workOrderHeads(first: string, last: string): Promise<Map<string, RawWorkOrder>> {
    const range = (name: string, low = 'X', high = '', option = 'EQ') => ({ FIELD_NAME: name, SIGN: 'I', OPTION: option, LOW_VALUE: low, HIGH_VALUE: high });
    const res = await rfc.call('BAPI_ALM_ORDERHEAD_GET_LIST', {
      IT_RANGES: [
        range('OPTIONS_FOR_ORDERID', first, last, 'BT'),
        range('SHOW_OPEN_DOCUMENTS'), range('SHOW_DOCUMENTS_IN_PROCESS'), range('SHOW_COMPLETED_DOCUMENTS'), range('SHOW_HISTORICAL_DOCUMENTS'),
        range('SHOW_DOCS_WITH_FROM_DATE', '00010101'), range('SHOW_DOCS_WITH_TO_DATE', '99991231'),
      ],
      ET_RESULT: [], RETURN: [],
    });
    const errs = returnRows(res).filter(isError);
    if (errs.length) throw new ConnectorError('system', `BAPI_ALM_ORDERHEAD_GET_LIST: ${errs[0].MESSAGE}`);
    const out = new Map<string, RawWorkOrder>();
    for (const r of readTable(child(res, 'ET_RESULT'))) {
      const n = normaliseWorkOrder(r);
      out.set(n.ORDERID, n);
    }
    return out;
  }

  async function workOrderDetail(aufnr: string): Promise<RawWorkOrder | null> {
    const res = await rfc.call('BAPI_ALM_ORDER_GET_DETAIL', { NUMBER: aufnr, ET_OPERATIONS: [], RETURN: [] });
    if (returnRows(res).some(isError)) return null;
    return normaliseWorkOrder(readStructure(child(res, 'ES_HEADER')));
  }

  // ---------------------------------------------------------------- listings

  type Lister = (c: Cursor, pageSize: number, page: ChangePage) => Promise<Cursor | null>;

  const next = (c: Cursor, more: boolean, last: string[] | null, phases = 1): Cursor | null =>
    more ? { ...c, k: last } : c.p + 1 < phases ? { e: c.e, p: c.p + 1, k: null } : null;

  const listers: Record<EntityName, Lister> = {
    async locations(c, pageSize, page) {
      if (c.p === 0) {
        const fields = await tables.fieldsOf('T001W', ['WERKS', 'NAME1', 'ORT01', 'LAND1']);
        const { page: es, more, last } = await keyPage('T001W', ['WERKS'], fields, null, c.k, pageSize);
        badEntries(es, page);
        collect('locations', rows(es).map((r) => ({ key: r.WERKS, build: () => mapLocation({ TABLE: 'T001W', ROW: r as never }) })), page);
        return next(c, more, last, 2);
      }
      const fields = await tables.fieldsOf('T001L', ['WERKS', 'LGORT', 'LGOBE']);
      const { page: es, more, last } = await keyPage('T001L', ['WERKS', 'LGORT'], fields, null, c.k, pageSize);
      badEntries(es, page);
      collect('locations', rows(es).map((r) => ({ key: `${r.WERKS}/${r.LGORT}`, build: () => mapLocation({ TABLE: 'T001L', ROW: r as never }) })), page);
      return next(c, more, last, 2);
    },

    async vendors(c, pageSize, page) {
      const fields = await tables.fieldsOf('LFA1', LFA1_FIELDS);
      const { page: es, more, last } = await keyPage('LFA1', ['LIFNR'], fields, null, c.k, pageSize);
      badEntries(es, page);
      const lfa1 = rows(es);
      const mails = await vendorsFromRows(lfa1);
      collect('vendors', lfa1.map((r) => ({ key: r.LIFNR, build: () => mapVendor({ LFA1: r as never, SMTP_ADDR: mails.get(r.ADRNR) ?? '' }) })), page);
      return next(c, more, last);
    },

    async assets(c, pageSize, page) {
      const fields = await tables.fieldsOf('EQUI', EQUI_FIELDS);
      const { page: es, more, last } = await keyPage('EQUI', ['EQUNR'], fields, null, c.k, pageSize);
      badEntries(es, page);
      const details = await equipmentDetails(rows(es));
      collect('assets', details.filter((d) => d.raw).map((d) => ({ key: d.key, build: () => mapAsset(d.raw!) })), page);
      return next(c, more, last);
    },

    async 'inventory-items'(c, pageSize, page) {
      const fields = await tables.fieldsOf('MARD', MARD_FIELDS);
      const { page: es, more, last } = await keyPage('MARD', ['MATNR', 'WERKS', 'LGORT'], fields, null, c.k, pageSize);
      badEntries(es, page);
      const mard = rows(es);
      const { mara, makt } = await materialsOf(mard);
      collect('inventory-items', mard.map((r) => ({
        key: inventoryKey(r.MATNR, r.WERKS, r.LGORT),
        build: () => {
          const m = mara.get(r.MATNR);
          if (!m) throw new Error(`material ${r.MATNR}: no MARA row`);
          return mapInventoryItem({ MARD: r, MARA: m, MAKTX: makt.get(r.MATNR) ?? '' });
        },
      })), page);
      return next(c, more, last);
    },

    async 'purchase-orders'(c, pageSize, page) {
      const { page: es, more, last } = await keyPage('EKKO', ['EBELN'], ['EBELN'], ['BSTYP', 'EQ', lit('F')], c.k, pageSize);
      badEntries(es, page);
      const details = await mapLimit(rows(es).map((r) => r.EBELN), DETAIL_CONCURRENCY, async (ebeln) => ({ ebeln, d: await purchaseOrderDetail(ebeln) }));
      const names = await vendorNames(details.map((x) => x.d?.POHEADER.VENDOR ?? ''));
      collect('purchase-orders', details.filter((x) => x.d).map((x) => ({
        key: x.ebeln,
        build: () => mapPurchaseOrder({ ...x.d!, VENDOR_NAME: names.get(x.d!.POHEADER.VENDOR) ?? '' }),
      })), page);
      return next(c, more, last);
    },

    async 'work-orders'(c, pageSize, page) {
      const { page: es, more, last } = await keyPage('AUFK', ['AUFNR'], ['AUFNR'], ['AUTYP', 'EQ', lit('30')], c.k, pageSize);
      badEntries(es, page);
      const keys = rows(es).map((r) => r.AUFNR);
      if (keys.length) {
        const heads = await workOrderHeads(keys[0], keys[keys.length - 1]);
        collect('work-orders', keys.filter((k) => heads.has(k)).map((k) => ({ key: k, build: () => mapWorkOrder(heads.get(k)!) })), page);
      }
      return next(c, more, last);
    },
  };

  // ---------------------------------------------------------------- one record

  async function getOneMapping(entity: EntityName, remoteId: string): Promise<Mapping | null> {
    const id = remoteId.trim();
    if (!/^[\w/ .-]{1,60}$/.test(id)) return null;
    switch (entity) {
      case 'locations': {
        if (id.includes('/')) {
          const [werks, lgort] = id.split('/');
          const r = rows(await tables.read('T001L', await tables.fieldsOf('T001L', ['WERKS', 'LGORT', 'LGOBE']), and(['WERKS', 'EQ', lit(werks)], ['LGORT', 'EQ', lit(lgort)]), 1))[0];
          return r ? mapLocation({ TABLE: 'T001L', ROW: r as never }) : null;
        }
        const r = rows(await tables.read('T001W', await tables.fieldsOf('T001W', ['WERKS', 'NAME1', 'ORT01', 'LAND1']), ['WERKS', 'EQ', lit(id)], 1))[0];
        return r ? mapLocation({ TABLE: 'T001W', ROW: r as never }) : null;
      }
      case 'vendors': {
        const r = rows(await tables.read('LFA1', await tables.fieldsOf('LFA1', LFA1_FIELDS), ['LIFNR', 'EQ', lit(alphaIn(id, 10))], 1))[0];
        if (!r) return null;
        const mails = await vendorsFromRows([r]);
        return mapVendor({ LFA1: r as never, SMTP_ADDR: mails.get(r.ADRNR) ?? '' });
      }
      case 'assets': {
        const r = rows(await tables.read('EQUI', await tables.fieldsOf('EQUI', EQUI_FIELDS), ['EQUNR', 'EQ', lit(alphaIn(id, 18))], 1))[0];
        if (!r) return null;
        const [d] = await equipmentDetails([r]);
        return d.raw ? mapAsset(d.raw) : null;
      }
      case 'inventory-items': {
        const [matnr, werks, lgort] = id.split('/');
        if (!matnr || !werks || !lgort) return null;
        const r = rows(await tables.read('MARD', await tables.fieldsOf('MARD', MARD_FIELDS),
          and(['MATNR', 'EQ', lit(alphaIn(matnr, 18))], ['WERKS', 'EQ', lit(werks)], ['LGORT', 'EQ', lit(lgort)]), 1))[0];
        if (!r) return null;
        const { mara, makt } = await materialsOf([r]);
        const m = mara.get(r.MATNR);
        return m ? mapInventoryItem({ MARD: r, MARA: m, MAKTX: makt.get(r.MATNR) ?? '' }) : null;
      }
      case 'purchase-orders': {
        const d = await purchaseOrderDetail(alphaIn(id, 10));
        if (!d) return null;
        const names = await vendorNames([d.POHEADER.VENDOR]);
        return mapPurchaseOrder({ ...d, VENDOR_NAME: names.get(d.POHEADER.VENDOR) ?? '' });
      }
      case 'work-orders': {
        const d = await workOrderDetail(alphaIn(id, 12));
        return d ? mapWorkOrder(d) : null;
      }
    }
  }

  async function getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null> {
    if (!entityNames.includes(entity)) throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(entity)}`, { field: 'entity' });
    try {
      const m = await getOneMapping(entity, remoteId);
      return m && 'record' in m ? m.record : null;
    } catch (err) {
      throw classify(err);
    }
  }

  // ---------------------------------------------------------------- writes (one LUW each)

  /** Runs `fn` in a stateful session; commits if it returns, rolls back (best effort) if it throws. */
  async function inLuw<T>(fn: (s: RfcSession) => Promise<T>): Promise<T> {
    const session = rfc.session();
    let result: T;
    try {
      result = await fn(session);
    } catch (err) {
      if (session.opened) await rfc.call('BAPI_TRANSACTION_ROLLBACK', {}, { session, close: true }).catch(() => undefined);
      throw err;
    }
    const commit = await rfc.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' }, { session, close: true });
    const errs = returnRows(commit).filter(isError);
    if (errs.length) throw new ConnectorError('system', `BAPI_TRANSACTION_COMMIT: ${errs[0].MESSAGE}`);
    return result;
  }

  function validation(fm: string, rows: BapiReturn[]): ConnectorError {
    const e = rows.find(isError)!;
    const code = returnCode(e);
    const msg = (e.MESSAGE ?? '').trim() || `${fm} failed (${e.ID}/${e.NUMBER})`;
    if (code === 'not_found') return new ConnectorError('not_found', msg, { code, httpStatus: 404 });
    return new ConnectorError('validation', msg, { code, httpStatus: 422, ...(e.FIELD ? { field: e.FIELD.trim().toLowerCase() } : {}) });
  }

  async function createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult> {
    try {
      const cf = (input.custom_fields ?? {}) as Record<string, unknown>;
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
        if (!matnr || !werks) throw new ConnectorError('invalid_request', `lines[${i}].item_id must be an SAP stock key "MATNR/WERKS/LGORT"`, { field: `lines.${i}.item_id` });
        const po_item = String((i + 1) * 10).padStart(5, '0');
        items.push({
          PO_ITEM: po_item, MATERIAL: alphaIn(matnr, 18), PLANT: werks, ...(lgort ? { STGE_LOC: lgort } : {}),
          QUANTITY: String(l.quantity), NET_PRICE: String(l.unit_price), PRICE_UNIT: '1', ...(l.description ? { SHORT_TEXT: l.description.slice(0, 40) } : {}),
        });
        if (input.expected_delivery_date) schedules.push({ PO_ITEM: po_item, SCHED_LINE: '0001', DELIVERY_DATE: toSapDate(input.expected_delivery_date), QUANTITY: String(l.quantity) });
      });
      const x = (s: RfcStructure, keys: string[]) => Object.fromEntries(Object.keys(s).map((k) => [k, keys.includes(k) ? s[k] : 'X']));
      const ebeln = await inLuw(async (session) => {
        const res = await rfc.call('BAPI_PO_CREATE1', {
          POHEADER: header, POHEADERX: x(header, []),
          POITEM: items, POITEMX: items.map((it) => x(it, ['PO_ITEM'])),
          POSCHEDULE: schedules, POSCHEDULEX: schedules.map((sc) => x(sc, ['PO_ITEM', 'SCHED_LINE'])),
          RETURN: [],
        }, { session });
        const ret = returnRows(res);
        const number = (child(res, 'EXPPURCHASEORDER')?.text ?? '').trim();
        if (ret.some(isError) || !number) throw ret.some(isError) ? validation('BAPI_PO_CREATE1', ret) : new ConnectorError('system', 'BAPI_PO_CREATE1 returned no purchase order number');
        return number;
      });
      const record = await getOne('purchase-orders', ebeln);
      if (!record) throw new ConnectorError('system', `purchase order ${ebeln} was created but cannot be read back`);
      return { record };
    } catch (err) {
      throw classify(err);
    }
  }

  async function updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
    try {
      const aufnr = alphaIn(remoteId, 12);
      if (patch.description !== undefined) {
        throw new ConnectorError('invalid_request', 'SAP ECC: the order long text (description) is not written by this connector; change status, priority, assignee (main work center) or due date', { field: 'description' });
      }
      const current = await workOrderDetail(aufnr);
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
        if (!method) throw new ConnectorError('invalid_request', `SAP ECC: status "${patch.status}" cannot be set through BAPI_ALM_ORDER_MAINTAIN (supported: ${Object.keys(WORK_ORDER_STATUS_METHODS).join(', ')})`, { field: 'status' });
        methods.push({ REFNUMBER: ref, OBJECTTYPE: 'HEADER', METHOD: method, OBJECTKEY: aufnr });
      }
      if (methods.length) {
        methods.push({ REFNUMBER: '', OBJECTTYPE: '', METHOD: 'SAVE', OBJECTKEY: '' });
        await inLuw(async (session) => {
          const res = await rfc.call('BAPI_ALM_ORDER_MAINTAIN', { IT_METHODS: methods, IT_HEADER: [header], IT_HEADER_UP: [up], RETURN: [] }, { session });
          const ret = returnRows(res);
          if (ret.some(isError)) throw validation('BAPI_ALM_ORDER_MAINTAIN', ret);
        });
      }
      const record = await getOne('work-orders', aufnr);
      if (!record) throw new ConnectorError('not_found', `SAP has no maintenance order ${remoteId}`);
      return { record };
    } catch (err) {
      throw classify(err);
    }
  }

  return {
    reportsDeletions: false,
    listsEverything: true,
    get calls() { return rfc.calls; },

    async verify() {
      // A cheap authenticated read that also proves the table access the listings need (S_TABU_DIS).
      try {
        await tables.read('T001W', ['WERKS'], [], 1);
      } catch (err) {
        throw classify(err);
      }
    },

    async health() {
      try {
        await rfc.call('RFC_PING', {});
      } catch (err) {
        throw classify(err);
      }
    },

    async listChanges(req: ListChangesRequest): Promise<ChangePage> {
      if (!entityNames.includes(req.entity)) throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(req.entity)}`, { field: 'entity' });
      if (!Number.isInteger(req.pageSize) || req.pageSize < 1) throw new ConnectorError('invalid_request', `pageSize must be a positive integer, got ${req.pageSize}`, { field: 'pageSize' });
      const cursor = decodeCursor(req.entity, req.cursor);
      const page: ChangePage = { records: [], deleted: [], nextCursor: null };
      try {
        const after = await listers[req.entity](cursor, Math.min(req.pageSize, 5000), page);
        if (after && JSON.stringify(after) === JSON.stringify(cursor)) throw new ConnectorError('system', `${req.entity}: the listing did not advance`);
        page.nextCursor = after ? encodeCursor(after) : null;
      } catch (err) {
        throw classify(err);
      }
      return page;
    },

    getOne,
    createPurchaseOrder,
    updateWorkOrder,
    classify,
  };
}

export const sapEccConnectorFactory: ConnectorFactory = (config) => createSapEccConnector(config);
