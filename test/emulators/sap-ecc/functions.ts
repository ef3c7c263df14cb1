// The function modules the SAP ECC emulator answers, over its EccDatabase.
// Each takes the parsed import/table parameters and returns export/table
// parameters, or throws RfcException (a SOAP fault, as SAP raises ABAP
// exceptions over SOAP-RFC). Writes only queue work in the caller's LUW; the
// LUW is applied by BAPI_TRANSACTION_COMMIT in the same (stateful) session.
import type { RfcStructure, RfcValue } from '../../../src-main/systems/sap-ecc/xml.js';
import { Rng } from '../../../src-main/systems/sandbox/prng.js';
import { addOrder, dats, decimal, documentRow, pad, type EccDatabase, type PoItem, type Row, type Table } from './dataset.js';
import { evaluate, lowerBound, OptionError, parseWhere, upperBound } from './where.js';

export class RfcException extends Error {
  constructor(readonly exception: string, message: string) {
    super(message);
  }
}

export interface Luw {
  pending: (() => void)[];
  /** Notifications created in this LUW and not saved yet, by their temporary number (%00000000001). */
  notifications?: Map<string, { header: RfcStructure; longText: string[] }>;
}

export interface CallContext {
  db: EccDatabase;
  luw: Luw;
  /** Corrupt one record of this answer (the malformedNext fault). */
  malformed: boolean;
  /** Tables the user may not read (S_TABU_DIS). */
  blockedTables: Set<string>;
  /**
   * In which order RFC_READ_TABLE hands out rows. It selects without ORDER BY, so
   * the database decides: on HANA (and often elsewhere) that is not key order.
   * 'database' (the default) scrambles rows by a hash of their key, the same way
   * on every call; 'key' is primary-key order (what some row-store databases happen to return).
   */
  rowOrder: 'database' | 'key';
}

export type Params = Record<string, RfcValue>;
type Fm = (p: Params, ctx: CallContext) => Params;

const str = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
const table = (p: Params, k: string) => (Array.isArray(p[k]) ? (p[k] as RfcStructure[]) : []);
const struct = (p: Params, k: string) => (p[k] && typeof p[k] === 'object' && !Array.isArray(p[k]) ? (p[k] as RfcStructure) : {});
const ext = (v: string | undefined) => (!v || v === '00000000' ? '0000-00-00' : `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`);
const int = (v: string | undefined) => (v ?? '').replace(/-/g, '');
const ret = (type: string, id: string, number: string, message: string, extra: RfcStructure = {}): RfcStructure => ({ TYPE: type, ID: id, NUMBER: number, MESSAGE: message, LOG_NO: '', LOG_MSG_NO: '000000', MESSAGE_V1: '', MESSAGE_V2: '', MESSAGE_V3: '', MESSAGE_V4: '', PARAMETER: '', ROW: '0', FIELD: '', SYSTEM: '', ...extra });
const today = () => dats(Date.now());

/** FNV-1a: where a row sits in the "database order" (stable, unrelated to key order). */
function scramble(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

/** The rows a WHERE can match (narrowed by bounds on the first key field), in the order the database returns them. */
function rowsFrom(t: Table, where: ReturnType<typeof parseWhere>, order: CallContext['rowOrder']): Row[] {
  const keys = t.keys();
  const width = t.fieldMap.get(t.key[0])!.length;
  const search = (bound: string, inclusive: boolean) => {
    const probe = bound.padEnd(width, ' ');
    let lo = 0; let hi = keys.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; const k = keys[mid].slice(0, width); if (k < probe || (!inclusive && k === probe)) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const lb = lowerBound(where, t.key[0]);
  const ub = upperBound(where, t.key[0]);
  const slice = keys.slice(lb === null ? 0 : search(lb, true), ub === null ? keys.length : search(ub, false));
  if (order === 'database') slice.sort((a, b) => scramble(a) - scramble(b) || (a < b ? -1 : 1));
  return slice.map((k) => t.rowAt(k));
}

const RFC_READ_TABLE: Fm = (p, ctx) => {
  const name = str(p, 'QUERY_TABLE').trim().toUpperCase();
  const t = ctx.db.tables.get(name);
  if (!t) throw new RfcException('TABLE_NOT_AVAILABLE', `Table ${name} is not available`);
  if (ctx.blockedTables.has(name)) throw new RfcException('NOT_AUTHORIZED', `No authorization for table ${name} (S_TABU_DIS)`);
  const delimiter = str(p, 'DELIMITER').slice(0, 1);
  const wanted = table(p, 'FIELDS').map((f) => (f.FIELDNAME ?? '').trim().toUpperCase()).filter(Boolean);
  const defs = wanted.length ? wanted.map((f) => { const d = t.fieldMap.get(f); if (!d) throw new RfcException('FIELD_NOT_VALID', `Field ${f} is not in table ${name}`); return d; }) : t.fields;
  let offset = 0;
  const layout = defs.map((d) => { const o = offset; offset += d.length + delimiter.length; return { FIELDNAME: d.name, OFFSET: pad(o, 6), LENGTH: pad(d.length, 6), TYPE: d.type, FIELDTEXT: d.name }; });
  if (offset - delimiter.length > 512) throw new RfcException('DATA_BUFFER_EXCEEDED', `Selected fields of ${name} do not fit into 512 characters`);
  if (str(p, 'NO_DATA').trim() === 'X') return { FIELDS: layout, DATA: [], OPTIONS: table(p, 'OPTIONS') };
  let where;
  try { where = parseWhere(table(p, 'OPTIONS').map((o) => o.TEXT ?? '').join(' '), t); } catch (err) { throw new RfcException('OPTION_NOT_VALID', (err as OptionError).message); }
  const skips = Number(str(p, 'ROWSKIPS') || '0');
  const count = Number(str(p, 'ROWCOUNT') || '0');
  const data: RfcStructure[] = [];
  let skipped = 0;
  for (const row of rowsFrom(t, where, ctx.rowOrder)) {
    if (!evaluate(where, row)) continue;
    if (skipped < skips) { skipped++; continue; }
    const wa = defs.map((d) => {
      const v = (row[d.name] ?? '').slice(0, d.length);
      return d.type === 'P' || d.type === 'F' ? v.padStart(d.length, ' ') : v.padEnd(d.length, ' ');
    }).join(delimiter).trimEnd();
    data.push({ WA: wa });
    if (count > 0 && data.length >= count) break;
  }
  if (ctx.malformed && data.length && defs.length > 1) {
    // one row whose columns are shifted (a broken extract): the key still readable, the layout not
    const i = Math.floor(data.length / 2);
    const cut = defs[0].length + delimiter.length;
    data[i] = { WA: `${data[i].WA.slice(0, cut - delimiter.length)}#${data[i].WA.slice(cut - delimiter.length, 511)}` };
  }
  return { FIELDS: layout, DATA: data, OPTIONS: table(p, 'OPTIONS') };
};

// ---------------------------------------------------------------- purchase orders

function poHeader(db: EccDatabase, h: Row): RfcStructure {
  return {
    PO_NUMBER: h.EBELN, COMP_CODE: h.BUKRS, DOC_TYPE: h.BSART, DOC_CAT: h.BSTYP, DELETE_IND: h.LOEKZ, STATUS: '', CREAT_DATE: ext(h.AEDAT),
    CREATED_BY: h.ERNAM, VENDOR: h.LIFNR, PURCH_ORG: h.EKORG, PUR_GROUP: h.EKGRP, CURRENCY: h.WAERS, DOC_DATE: ext(h.BEDAT),
    REL_IND: h.FRGKE, REL_STATUS: h.FRGZU, HOLD: h.MEMORY, ZZ_PROJECT: h.ZZ_PROJECT ?? '',
  };
}

const BAPI_PO_GETDETAIL1: Fm = (p, ctx) => {
  const ebeln = str(p, 'PURCHASEORDER').trim().padStart(10, '0');
  const h = ctx.db.EKKO.get(ebeln);
  if (!h || h.BSTYP !== 'F') return { POHEADER: {}, POITEM: [], POSCHEDULE: [], POHISTORY_TOTALS: [], RETURN: [ret('E', '06', '019', `Purchase order ${ebeln} does not exist`)] };
  const items = ctx.db.poItems.get(ebeln) ?? [];
  let item: (it: PoItem) => RfcStructure = (it) => ({
    PO_ITEM: it.EBELP, DELETE_IND: it.LOEKZ, SHORT_TEXT: it.TXZ01, MATERIAL: it.MATNR, PLANT: it.WERKS, STGE_LOC: it.LGORT,
    QUANTITY: it.MENGE, PO_UNIT: it.MEINS, NET_PRICE: it.NETPR, PRICE_UNIT: it.PEINH, NO_MORE_GR: it.ELIKZ, FINAL_INV: '',
  });
  if (ctx.malformed) { const base = item; item = (it) => ({ ...base(it), QUANTITY: 'NaN,5' }); }
  return {
    POHEADER: poHeader(ctx.db, h),
    POITEM: items.map(item),
    POSCHEDULE: items.map((it) => ({ PO_ITEM: it.EBELP, SCHED_LINE: '0001', DELIVERY_DATE: ext(it.EINDT), QUANTITY: it.MENGE })),
    POHISTORY_TOTALS: items.filter((it) => Number(it.WEMNG) > 0).map((it) => ({ PO_ITEM: it.EBELP, SERIAL_NO: '00', DELIV_QTY: it.WEMNG, VAL_GR_LOC: '0.00' })),
    RETURN: [],
  };
};

const BAPI_PO_GETITEMS: Fm = (p, ctx) => {
  const only = str(p, 'PURCHASEORDER').trim();
  const vendor = str(p, 'VENDOR').trim();
  const heads = ctx.db.EKKO.all().filter((h) => h.BSTYP === 'F' && (!only || h.EBELN === only.padStart(10, '0')) && (!vendor || h.LIFNR === vendor.padStart(10, '0'))
    && (str(p, 'DELETED_ITEMS') === 'X' || h.LOEKZ !== 'L'));
  const names = (lifnr: string) => ctx.db.LFA1.get(lifnr)?.NAME1 ?? '';
  return {
    PO_HEADERS: str(p, 'WITH_PO_HEADERS') === 'X' ? heads.map((h) => ({ PO_NUMBER: h.EBELN, CO_CODE: h.BUKRS, DOC_CAT: h.BSTYP, DOC_TYPE: h.BSART, DELETE_IND: h.LOEKZ, CREATED_ON: ext(h.AEDAT), CREATED_BY: h.ERNAM, VENDOR: h.LIFNR, VEND_NAME: names(h.LIFNR), PURCH_ORG: h.EKORG, PUR_GROUP: h.EKGRP, CURRENCY: h.WAERS, DOC_DATE: ext(h.BEDAT), REL_IND: h.FRGKE, HOLD: h.MEMORY })) : [],
    PO_ITEMS: heads.flatMap((h) => (ctx.db.poItems.get(h.EBELN) ?? []).map((it) => ({ PO_NUMBER: h.EBELN, PO_ITEM: it.EBELP, DELETE_IND: it.LOEKZ, SHORT_TEXT: it.TXZ01, MATERIAL: it.MATNR, PLANT: it.WERKS, STORE_LOC: it.LGORT, DISP_QUAN: it.MENGE, UNIT: it.MEINS, NET_PRICE: it.NETPR, PRICE_UNIT: it.PEINH, NO_MORE_GR: it.ELIKZ }))),
    RETURN: heads.length ? [] : [{ TYPE: 'I', CODE: 'ME 600', MESSAGE: 'No data found', LOG_NO: '', LOG_MSG_NO: '000000', MESSAGE_V1: '', MESSAGE_V2: '', MESSAGE_V3: '', MESSAGE_V4: '' }],
  };
};

const CURRENCIES = new Set(['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY']);

const BAPI_PO_CREATE1: Fm = (p, ctx): Params => {
  const h = struct(p, 'POHEADER');
  const items = table(p, 'POITEM');
  const sched = table(p, 'POSCHEDULE');
  const errors: RfcStructure[] = [];
  const lifnr = (h.VENDOR ?? '').trim();
  const vendor = ctx.db.LFA1.get(/^\d+$/.test(lifnr) ? lifnr.padStart(10, '0') : lifnr);
  if (!lifnr || !vendor || vendor.LOEVM === 'X') errors.push(ret('E', '06', '046', `Vendor ${lifnr.replace(/^0+/, '')} does not exist`, { PARAMETER: 'POHEADER', FIELD: 'VENDOR', MESSAGE_V1: lifnr }));
  else if (vendor.SPERM === 'X') errors.push(ret('E', '06', '042', `Vendor ${lifnr.replace(/^0+/, '')} is blocked for purchasing`, { PARAMETER: 'POHEADER', FIELD: 'VENDOR' }));
  if (!CURRENCIES.has((h.CURRENCY ?? '').trim())) errors.push(ret('E', 'SG', '105', `Enter a valid currency (${h.CURRENCY ?? ''})`, { PARAMETER: 'POHEADER', FIELD: 'CURRENCY' }));
  if (!items.length) errors.push(ret('E', 'ME', '083', 'Enter at least one item', { PARAMETER: 'POITEM' }));
  items.forEach((it, i) => {
    const mat = (it.MATERIAL ?? '').trim();
    const mard = ctx.db.MARD.get(mat, (it.PLANT ?? '').trim(), (it.STGE_LOC ?? '').trim());
    const mara = ctx.db.MARA.get(mat);
    const qty = Number(it.QUANTITY);
    if (!mara || !ctx.db.T001W.get((it.PLANT ?? '').trim())) errors.push(ret('E', 'M3', '305', `Material ${mat.replace(/^0+/, '')} not maintained in plant ${it.PLANT ?? ''}`, { PARAMETER: 'POITEM', ROW: String(i + 1), FIELD: 'MATERIAL' }));
    else if (mard?._OOS === 'X') errors.push(ret('E', 'M7', '021', `Deficit of SL Unrestricted-use ${it.QUANTITY} ${mara.MEINS} : ${mat.replace(/^0+/, '')} ${it.PLANT} ${it.STGE_LOC ?? ''}`, { PARAMETER: 'POITEM', ROW: String(i + 1), FIELD: 'QUANTITY' }));
    if (!(qty > 0)) errors.push(ret('E', 'ME', '082', 'Enter a quantity greater than zero', { PARAMETER: 'POITEM', ROW: String(i + 1), FIELD: 'QUANTITY' }));
    if (!/^\d+(\.\d+)?$/.test((it.NET_PRICE ?? '').trim())) errors.push(ret('E', 'ME', '084', `Net price ${it.NET_PRICE ?? ''} is not valid`, { PARAMETER: 'POITEM', ROW: String(i + 1), FIELD: 'NET_PRICE' }));
  });
  if (errors.length) return { EXPPURCHASEORDER: '', RETURN: [...errors, ret('E', 'ME', '702', 'Purchase order still contains faulty items')] };
  const ebeln = String(ctx.db.nextPo++); // number ranges are drawn at once, even if the LUW is rolled back
  const now = today();
  ctx.luw.pending.push(() => {
    ctx.db.EKKO.put({
      EBELN: ebeln, BUKRS: h.COMP_CODE || '1000', BSTYP: 'F', BSART: h.DOC_TYPE || 'NB', LOEKZ: '', AEDAT: now, ERNAM: 'MW_RFC', LIFNR: vendor!.LIFNR,
      EKORG: h.PURCH_ORG || '1000', EKGRP: h.PUR_GROUP || '001', WAERS: h.CURRENCY, BEDAT: now, FRGKE: '', FRGZU: '', MEMORY: '',
      ZZ_PROJECT: h.ZZ_PROJECT ?? '',
    });
    ctx.db.poItems.set(ebeln, items.map((it) => {
      const s = sched.find((x) => x.PO_ITEM === it.PO_ITEM);
      const mara = ctx.db.MARA.get(it.MATERIAL.trim())!;
      const text = ctx.db.MAKT.get(it.MATERIAL.trim(), 'E')?.MAKTX ?? '';
      return {
        EBELP: it.PO_ITEM, LOEKZ: '', TXZ01: it.SHORT_TEXT || text, MATNR: it.MATERIAL.trim(), WERKS: it.PLANT, LGORT: it.STGE_LOC ?? '',
        MENGE: decimal(Number(it.QUANTITY)), MEINS: mara.MEINS, NETPR: Number(it.NET_PRICE).toFixed(2), PEINH: it.PRICE_UNIT || '1', ELIKZ: '',
        EINDT: s ? int(s.DELIVERY_DATE) : now, WEMNG: decimal(0),
      };
    }));
  });
  return { EXPPURCHASEORDER: ebeln, EXPHEADER: { PO_NUMBER: ebeln }, RETURN: [ret('S', '06', '017', `Standard PO created under the number ${ebeln}`)] };
};

// ---------------------------------------------------------------- maintenance orders

/** Which IW38 selection class an order's status line falls into. */
function orderClass(line: string): 'open' | 'process' | 'completed' | 'historical' {
  const s = line.split(/\s+/);
  if (s.includes('CLSD') || s.includes('DLFL')) return 'historical';
  if (s.includes('TECO')) return 'completed';
  if (s.includes('REL')) return 'process';
  return 'open';
}

function orderHead(db: EccDatabase, r: Row, statusField: 'S_STATUS' | 'SYS_STATUS'): RfcStructure {
  const eq = r._EQUNR ? db.EQUI.get(r._EQUNR) : undefined;
  return {
    ORDERID: r.AUFNR, ORDER_TYPE: r.AUART, PLANPLANT: r.WERKS, MN_WK_CTR: r._ARBPL ?? '', PLANT: r.WERKS, SHORT_TEXT: r.KTEXT, PRIORITY: r._PRIORITY ?? '',
    EQUIPMENT: r._EQUNR ?? '', FUNCT_LOC: eq?._TPLNR ?? '', [statusField]: r._STATUS ?? '', ENTER_DATE: ext(r.ERDAT), ENTERED_BY: r.ERNAM,
    CHANGE_DATE: ext(r.AEDAT), CHANGED_BY: r.AEDAT && r.AEDAT !== '00000000' ? r.AENAM : '', START_DATE: ext(r._GSTRP), FINISH_DATE: ext(r._GLTRP),
    ZZ_SAFETY: r.ZZ_SAFETY ?? '',
  };
}

const BAPI_ALM_ORDERHEAD_GET_LIST: Fm = (p, ctx) => {
  const ranges = table(p, 'IT_RANGES');
  const show = new Set(ranges.filter((r) => r.FIELD_NAME?.startsWith('SHOW_') && (r.LOW_VALUE ?? '').trim() === 'X').map((r) => r.FIELD_NAME));
  const classes = new Set<string>();
  if (show.has('SHOW_OPEN_DOCUMENTS')) classes.add('open');
  if (show.has('SHOW_DOCUMENTS_IN_PROCESS')) classes.add('process');
  if (show.has('SHOW_COMPLETED_DOCUMENTS')) classes.add('completed');
  if (show.has('SHOW_HISTORICAL_DOCUMENTS')) classes.add('historical');
  if (!classes.size) { classes.add('open'); classes.add('process'); } // IW38's default selection
  const ids = ranges.filter((r) => r.FIELD_NAME === 'OPTIONS_FOR_ORDERID');
  const inRange = (aufnr: string) => !ids.length || ids.some((r) => {
    const lo = (r.LOW_VALUE ?? '').trim().padStart(12, '0');
    const hi = (r.HIGH_VALUE ?? '').trim().padStart(12, '0');
    const hit = r.OPTION === 'BT' ? aufnr >= lo && aufnr <= hi : aufnr === lo;
    return r.SIGN === 'E' ? !hit : hit;
  });
  const equip = ranges.filter((r) => r.FIELD_NAME === 'OPTIONS_FOR_EQUIPMENT').map((r) => (r.LOW_VALUE ?? '').trim().padStart(18, '0'));
  const t = ctx.db.AUFK;
  const lows = ids.filter((r) => r.SIGN !== 'E').map((r) => (r.LOW_VALUE ?? '').trim().padStart(12, '0'));
  const highs = ids.filter((r) => r.SIGN !== 'E').map((r) => (r.OPTION === 'BT' ? r.HIGH_VALUE ?? '' : r.LOW_VALUE ?? '').trim().padStart(12, '0'));
  const keys = t.keys();
  let i = 0;
  if (lows.length && lows.length === ids.length) {
    const from = lows.sort()[0];
    let lo = 0; let hi = keys.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (keys[mid] < from) lo = mid + 1; else hi = mid; }
    i = lo;
  }
  const until = highs.length && highs.length === ids.length ? highs.sort()[highs.length - 1] : null;
  const out: RfcStructure[] = [];
  for (; i < keys.length; i++) {
    const r = t.rowAt(keys[i]);
    if (until && r.AUFNR > until) break;
    if (r.AUTYP !== '30' || !inRange(r.AUFNR) || !classes.has(orderClass(r._STATUS ?? ''))) continue;
    if (equip.length && !equip.includes(r._EQUNR ?? '')) continue;
    out.push(orderHead(ctx.db, r, 'S_STATUS'));
  }
  if (ctx.malformed && out.length) out[Math.floor(out.length / 2)] = { ...out[Math.floor(out.length / 2)], ENTER_DATE: '2024-02-31' };
  return { ET_RESULT: out, RETURN: out.length ? [] : [ret('I', 'IWO_BAPI2', '000', 'No orders selected')] };
};

const BAPI_ALM_ORDER_GET_DETAIL: Fm = (p, ctx) => {
  const aufnr = str(p, 'NUMBER').trim().padStart(12, '0');
  const r = ctx.db.AUFK.get(aufnr);
  if (!r || r.AUTYP !== '30') return { ES_HEADER: {}, ET_OPERATIONS: [], RETURN: [ret('E', 'IWO_BAPI2', '113', `Order ${aufnr.replace(/^0+/, '')} does not exist`)] };
  return {
    ES_HEADER: orderHead(ctx.db, r, 'SYS_STATUS'),
    ET_OPERATIONS: [{ ACTIVITY: '0010', CONTROL_KEY: 'PM01', WORK_CNTR: r._ARBPL ?? '', DESCRIPTION: r.KTEXT, WORK_ACTIVITY: '2.0', UN_WORK: 'H' }],
    RETURN: [],
  };
};

const WORK_CENTERS = new Set(['MECH-01', 'ELEC-01', 'INST-02', 'MECH-02']);

const BAPI_ALM_ORDER_MAINTAIN: Fm = (p, ctx) => {
  const methods = table(p, 'IT_METHODS');
  const headers = table(p, 'IT_HEADER');
  const ups = table(p, 'IT_HEADER_UP');
  const errors: RfcStructure[] = [];
  const ops: (() => void)[] = [];
  if (!methods.some((m) => (m.METHOD ?? '').trim() === 'SAVE')) errors.push(ret('E', 'IWO_BAPI2', '024', 'Method SAVE is missing: nothing is saved'));
  for (const m of methods) {
    const method = (m.METHOD ?? '').trim();
    if (method === 'SAVE') continue;
    const aufnr = (m.OBJECTKEY ?? '').trim().slice(0, 12).padStart(12, '0');
    const r = ctx.db.AUFK.get(aufnr);
    if (!r || r.AUTYP !== '30') { errors.push(ret('E', 'IWO_BAPI2', '113', `Order ${aufnr.replace(/^0+/, '')} does not exist`)); continue; }
    const codes = (r._STATUS ?? '').split(/\s+/).filter(Boolean);
    const blocking = ['DLFL', 'CLSD', 'TECO'].find((s) => codes.includes(s));
    if (method === 'CHANGE') {
      const h = headers.find((x) => (x.ORDERID ?? '').trim().padStart(12, '0') === aufnr) ?? {};
      const up = ups.find((x) => (x.ORDERID ?? '').trim().padStart(12, '0') === aufnr) ?? {};
      if (blocking && blocking !== 'TECO') { errors.push(ret('E', 'BS', '013', `System status ${blocking} is active (ORD ${aufnr.replace(/^0+/, '')})`)); continue; }
      const patch: Row = {};
      if (up.PRIORITY === 'X') {
        if (!/^[1-4]?$/.test((h.PRIORITY ?? '').trim())) errors.push(ret('E', 'IW', '131', `Priority ${h.PRIORITY} is not defined for priority type PM`, { PARAMETER: 'IT_HEADER', FIELD: 'PRIORITY' }));
        else patch._PRIORITY = (h.PRIORITY ?? '').trim();
      }
      if (up.FINISH_DATE === 'X') {
        const dt = (h.FINISH_DATE ?? '').trim();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dt)) errors.push(ret('E', 'IW', '072', `Date ${dt} is not valid`, { PARAMETER: 'IT_HEADER', FIELD: 'FINISH_DATE' }));
        else patch._GLTRP = int(dt);
      }
      if (up.MN_WK_CTR === 'X') {
        const wc = (h.MN_WK_CTR ?? '').trim();
        if (wc && !WORK_CENTERS.has(wc)) errors.push(ret('E', 'IW', '150', `Work center ${wc} does not exist in plant ${r.WERKS}`, { PARAMETER: 'IT_HEADER', FIELD: 'MN_WK_CTR' }));
        else patch._ARBPL = wc;
      }
      ops.push(() => Object.assign(r, patch));
    } else if (method === 'RELEASE') {
      if (blocking) { errors.push(ret('E', 'BS', '013', `System status ${blocking} is active (ORD ${aufnr.replace(/^0+/, '')})`)); continue; }
      ops.push(() => { if (!codes.includes('REL')) r._STATUS = ['REL ', ...codes.filter((c) => c !== 'CRTD')].join(' '); });
    } else if (method === 'TECHNICALCOMPLETE') {
      if (blocking) { errors.push(ret('E', 'BS', '013', `System status ${blocking} is active (ORD ${aufnr.replace(/^0+/, '')})`)); continue; }
      ops.push(() => { r._STATUS = ['TECO', ...codes.filter((c) => c !== 'CRTD' && c !== 'REL' && c !== 'PCNF')].join(' '); });
    } else {
      errors.push(ret('E', 'IWO_BAPI2', '012', `Method ${method} is not supported for object type ${m.OBJECTTYPE ?? ''}`));
    }
    ops.push(() => { r.AEDAT = today(); r.AENAM = 'MW_RFC'; });
  }
  if (errors.length) return { RETURN: errors, ET_NUMBERS: [] };
  ctx.luw.pending.push(...ops);
  return { RETURN: [ret('S', 'IWO_BAPI2', '126', 'Order saved')], ET_NUMBERS: [] };
};

// ---------------------------------------------------------------- master data

const BAPI_EQUI_GETDETAIL: Fm = (p, ctx): Params => {
  const equnr = str(p, 'EQUIPMENT').trim().padStart(18, '0');
  const r = ctx.db.EQUI.get(equnr);
  if (!r) return { DATA_GENERAL_EXP: {}, DATA_SPECIFIC_EXP: {}, RETURN: ret('E', 'IE', '001', `Equipment ${equnr.replace(/^0+/, '')} does not exist`) };
  const text = ctx.db.EQKT.get(equnr, 'E')?.EQKTX ?? '';
  return {
    DATA_GENERAL_EXP: {
      DESCRIPT: text, MANFACTURE: r.HERST, MANMODEL: r.TYPBZ, MANSERNO: r.SERGE, CONSTYEAR: r.BAUJJ, OBJECTTYPE: r.EQART,
      MAINTPLANT: r._SWERK ?? '', PLANPLANT: r._SWERK ?? '', READ_CRDAT: ext(r.ERDAT), READ_CHDAT: ext(r.AEDAT),
    },
    DATA_SPECIFIC_EXP: { EQUICATGRY: r.EQTYP, SERIALNO: '', READ_FLOC: r._TPLNR ?? '', SUPEQUI: r._SUPEQUI ?? '' },
    RETURN: ret('', '', '000', ''),
  };
};

const BAPI_VENDOR_GETDETAIL: Fm = (p, ctx): Params => {
  const lifnr = str(p, 'VENDORNO').trim().padStart(10, '0');
  const r = ctx.db.LFA1.get(lifnr);
  if (!r) return { GENERALDETAIL: {}, RETURN: ret('E', 'F2', '163', `Vendor ${lifnr.replace(/^0+/, '')} has not been created`) };
  return { GENERALDETAIL: { VENDOR: r.LIFNR, NAME: r.NAME1, STREET: r.STRAS, CITY: r.ORT01, POSTL_CODE: r.PSTLZ, COUNTRY: r.LAND1, TELEPHONE: r.TELF1 }, RETURN: ret('', '', '000', '') };
};

const BAPI_MATERIAL_AVAILABILITY: Fm = (p, ctx): Params => {
  const matnr = str(p, 'MATERIAL').trim();
  const werks = str(p, 'PLANT').trim();
  const lgort = str(p, 'STGE_LOC').trim();
  const rows = ctx.db.MARD.all().filter((r) => r.MATNR === matnr && r.WERKS === werks && (!lgort || r.LGORT === lgort) && r.LVORM !== 'X');
  if (!ctx.db.MARA.get(matnr)) return { AV_QTY_PLT: '0', RETURN: { TYPE: 'E', CODE: 'M3305', MESSAGE: `Material ${matnr} not maintained in plant ${werks}` } };
  const qty = rows.reduce((s, r) => s + Number(r.LABST), 0);
  return { AV_QTY_PLT: decimal(qty), ENDLEADTME: '0000-00-00', WMDVEX: [{ REQ_DATE: ext(today()), COM_QTY: decimal(qty) }], RETURN: { TYPE: '', CODE: '', MESSAGE: '' } };
};

const DDIF_FIELDINFO_GET: Fm = (p, ctx): Params => {
  const name = str(p, 'TABNAME').trim().toUpperCase();
  const t = ctx.db.tables.get(name);
  if (!t) throw new RfcException('NOT_FOUND', `Table ${name} is not active in the Dictionary`);
  let offset = 0;
  return {
    DFIES_TAB: t.fields.map((f, i) => {
      const row = { TABNAME: name, FIELDNAME: f.name, POSITION: pad(i + 1, 4), OFFSET: pad(offset, 6), LENG: pad(f.length, 6), INTTYPE: f.type, KEYFLAG: t.key.includes(f.name) ? 'X' : '', FIELDTEXT: f.name };
      offset += f.length;
      return row;
    }),
    X030L_WA: { TABNAME: name },
  };
};


// ---------------------------------------------------------------- measurement documents and notifications

/**
 * MEASUREM_DOCUM_RFC_SINGLE_001: one measurement document; ABAP exceptions as SAP names them
 * (POINT_NOT_FOUND, POINT_INACTIVE, TIMESTAMP_IN_FUTURE, TIMESTAMP_DUPREC, VALUE_NOT_FLTP,
 * CODE_NOT_FOUND, VALUE_MISSING, INVALID_DATE, INVALID_TIME); [?] a counter going down is
 * VALUE_UNFIT here. COMMIT_WORK = X commits at once; otherwise the LUW's commit does.
 */
const MEASUREM_DOCUM_RFC_SINGLE_001: Fm = (p, ctx): Params => {
  const point = ctx.db.IMPTT.get(str(p, 'MEASUREMENT_POINT').trim().padStart(12, '0'));
  if (!point) throw new RfcException('POINT_NOT_FOUND', `Measuring point ${str(p, 'MEASUREMENT_POINT').trim()} does not exist`);
  if (point.INACT === 'X') throw new RfcException('POINT_INACTIVE', `Measuring point ${point.POINT} is inactive`);
  const date = str(p, 'READING_DATE').trim();
  const time = str(p, 'READING_TIME').trim();
  if (!/^\d{4}-?\d{2}-?\d{2}$/.test(date)) throw new RfcException('INVALID_DATE', `Date ${date} is not valid`);
  if (!/^\d{2}:?\d{2}:?\d{2}$/.test(time)) throw new RfcException('INVALID_TIME', `Time ${time} is not valid`);
  const idate = int(date);
  const itime = time.replace(/:/g, '');
  const ms = Date.parse(`${idate.slice(0, 4)}-${idate.slice(4, 6)}-${idate.slice(6)}T${itime.slice(0, 2)}:${itime.slice(2, 4)}:${itime.slice(4)}Z`);
  if (!Number.isFinite(ms)) throw new RfcException('INVALID_DATE', `Date ${date} ${time} is not valid`);
  if (ms > Date.now()) throw new RfcException('TIMESTAMP_IN_FUTURE', `The measurement time ${date} ${time} lies in the future`);
  const own = ctx.db.IMRG.all().filter((d) => d.POINT === point.POINT && d.CANCL !== 'X');
  if (own.some((d) => d.IDATE === idate && d.ITIME === itime)) throw new RfcException('TIMESTAMP_DUPREC', `A measurement document for point ${point.POINT} at ${date} ${time} already exists`);
  const code = str(p, 'VALUATION_CODE').trim();
  const value = str(p, 'RECORDED_VALUE').trim();
  if (point.CODGR) {
    if (!code) throw new RfcException('VALUE_MISSING', 'Enter a valuation code');
    if (!(ctx.db.codes.get(point.CODGR) ?? []).includes(code)) throw new RfcException('CODE_NOT_FOUND', `Code ${code} is not in code group ${point.CODGR}`);
  } else {
    if (!value) throw new RfcException('VALUE_MISSING', 'Enter a measured value');
    if (!/^-?\d+(\.\d+)?$/.test(value)) throw new RfcException('VALUE_NOT_FLTP', `${value} is not a floating-point number`);
    if (point.INDCT === 'X') {
      const before = own.filter((d) => `${d.IDATE}${d.ITIME}` < `${idate}${itime}`).sort((a, b) => `${a.IDATE}${a.ITIME}`.localeCompare(`${b.IDATE}${b.ITIME}`)).at(-1);
      if (before && Number(value) < Number(before.RECDV)) throw new RfcException('VALUE_UNFIT', `Counter reading ${value} is below the previous reading ${Number(before.RECDV)}`);
    }
  }
  const row = documentRow(ctx.db, point, ms, value, code, str(p, 'SHORT_TEXT').slice(0, 40), str(p, 'READER').trim() || 'MW_RFC');
  const apply = () => ctx.db.IMRG.put(row);
  if (str(p, 'COMMIT_WORK').trim() === 'X') apply(); else ctx.luw.pending.push(apply);
  return { MEASUREMENT_DOCUMENT: row.MDOCM, COMPLETE_DOCUMENT: { ...row, IDATE: ext(row.IDATE) }, NOTIFICATION: '' };
};

/** BAPI_ALM_NOTIF_CREATE: checks the header, keeps the notification in the LUW under a temporary number. */
const BAPI_ALM_NOTIF_CREATE: Fm = (p, ctx): Params => {
  const h = struct(p, 'NOTIFHEADER');
  const errors: RfcStructure[] = [];
  const text = (h.SHORT_TEXT ?? '').trim();
  if (!text) errors.push(ret('E', 'IM', '123', 'Enter a short text', { PARAMETER: 'NOTIFHEADER', FIELD: 'SHORT_TEXT' }));
  if (text.length > 40) errors.push(ret('E', 'IM', '124', 'The short text holds at most 40 characters', { PARAMETER: 'NOTIFHEADER', FIELD: 'SHORT_TEXT' }));
  if (!['M1', 'M2'].includes(str(p, 'NOTIF_TYPE').trim())) errors.push(ret('E', 'IM', '001', `Notification type ${str(p, 'NOTIF_TYPE')} is not defined`, { PARAMETER: 'NOTIF_TYPE' }));
  const equnr = (h.EQUIPMENT ?? '').trim();
  if (equnr && !ctx.db.EQUI.get(equnr.padStart(18, '0'))) errors.push(ret('E', 'IM', '137', `Equipment ${equnr.replace(/^0+/, '')} does not exist`, { PARAMETER: 'NOTIFHEADER', FIELD: 'EQUIPMENT' }));
  const plant = (h.PLANPLANT ?? '').trim();
  if (plant && !ctx.db.T001W.get(plant)) errors.push(ret('E', 'IW', '082', `Plant ${plant} is not a maintenance planning plant`, { PARAMETER: 'NOTIFHEADER', FIELD: 'PLANPLANT' }));
  if (!/^[1-4]?$/.test((h.PRIORITY ?? '').trim())) errors.push(ret('E', 'IW', '045', `Priority ${h.PRIORITY} is not defined for priority type PM`, { PARAMETER: 'NOTIFHEADER', FIELD: 'PRIORITY' }));
  if (errors.length) return { NOTIFHEADER_EXPORT: {}, RETURN: errors };
  ctx.luw.notifications ??= new Map();
  const temp = `%${pad(ctx.luw.notifications.size + 1, 11)}`;
  ctx.luw.notifications.set(temp, { header: { ...h, NOTIF_TYPE: str(p, 'NOTIF_TYPE').trim(), EQUIPMENT: equnr ? equnr.padStart(18, '0') : '' }, longText: table(p, 'LONGTEXTS').map((l) => l.TEXT_LINE ?? '') });
  return { NOTIFHEADER_EXPORT: { NOTIF_NO: temp, SHORT_TEXT: text, PRIORITY: h.PRIORITY ?? '' }, RETURN: [] };
};

/** BAPI_ALM_NOTIF_SAVE: draws the number and queues the notification (outstanding, OSNO) for the commit. */
const BAPI_ALM_NOTIF_SAVE: Fm = (p, ctx): Params => {
  const temp = str(p, 'NUMBER').trim();
  const pending = ctx.luw.notifications?.get(temp);
  if (!pending) return { NOTIFHEADER: {}, RETURN: [ret('E', 'IM', '502', `Notification ${temp} does not exist`)] };
  ctx.luw.notifications!.delete(temp);
  const qmnum = pad(ctx.db.nextNotification++, 12);
  const now = Date.now();
  const h = pending.header;
  const eq = h.EQUIPMENT ? ctx.db.EQUI.get(h.EQUIPMENT) : undefined;
  ctx.luw.pending.push(() => {
    ctx.db.VIQMEL.put({
      QMNUM: qmnum, QMTYP: '01', QMART: h.NOTIF_TYPE, INDTX: pending.longText.length ? 'X' : '', QMTXT: (h.SHORT_TEXT ?? '').trim(), PRIOK: (h.PRIORITY ?? '').trim(), QMNAM: (h.REPORTEDBY ?? '').trim() || 'MW_RFC',
      QMDAT: dats(now), MZEIT: new Date(now).toISOString().slice(11, 19).replace(/:/g, ''), ERDAT: dats(now), AEDAT: '00000000', AUFNR: '',
      EQUNR: h.EQUIPMENT ?? '', TPLNR: '', IWERK: (h.PLANPLANT ?? '').trim() || eq?._SWERK || '', OBJNR: `QM${qmnum}`, _LTXT: pending.longText.join('\n'),
    });
    ctx.db.JEST.put({ OBJNR: `QM${qmnum}`, STAT: 'I0068', INACT: '', CHGNR: '001' });
  });
  return { NOTIFHEADER: { NOTIF_NO: qmnum, SHORT_TEXT: h.SHORT_TEXT ?? '' }, RETURN: [] };
};

/** BAPI_ALM_NOTIF_GET_DETAIL: the header and the long text (NOTLONGTXT) of one notification. */
const BAPI_ALM_NOTIF_GET_DETAIL: Fm = (p, ctx): Params => {
  const qmnum = str(p, 'NUMBER').trim().padStart(12, '0');
  const n = ctx.db.VIQMEL.get(qmnum);
  if (!n) return { NOTIFHEADER_EXPORT: {}, NOTLONGTXT: [], RETURN: [ret('E', 'IM', '502', `Notification ${qmnum.replace(/^0+/, '')} does not exist`)] };
  return {
    NOTIFHEADER_EXPORT: { NOTIF_NO: n.QMNUM, NOTIF_TYPE: n.QMART, SHORT_TEXT: n.QMTXT, PRIORITY: n.PRIOK, EQUIPMENT: n.EQUNR, PLANPLANT: n.IWERK, REPORTEDBY: n.QMNAM, NOTIF_DATE: ext(n.QMDAT) },
    NOTLONGTXT: (n._LTXT ? n._LTXT.split('\n') : []).map((line, i) => ({ OBJTYPE: 'QMEL', OBJKEY: pad(i + 1, 4), FORMAT_COL: i ? '/' : '*', TEXT_LINE: line })),
    RETURN: [],
  };
};

export const functions: Record<string, Fm> = {
  RFC_PING: () => ({}),
  DDIF_FIELDINFO_GET,
  RFC_READ_TABLE,
  BAPI_PO_GETDETAIL1,
  BAPI_PO_GETITEMS,
  BAPI_PO_CREATE1,
  BAPI_ALM_ORDERHEAD_GET_LIST,
  BAPI_ALM_ORDER_GET_DETAIL,
  BAPI_ALM_ORDER_MAINTAIN,
  BAPI_EQUI_GETDETAIL,
  BAPI_VENDOR_GETDETAIL,
  BAPI_MATERIAL_AVAILABILITY,
  MEASUREM_DOCUM_RFC_SINGLE_001,
  BAPI_ALM_NOTIF_CREATE,
  BAPI_ALM_NOTIF_SAVE,
  BAPI_ALM_NOTIF_GET_DETAIL,
  BAPI_TRANSACTION_COMMIT: (_p, ctx) => { for (const op of ctx.luw.pending.splice(0)) op(); return { RETURN: {} }; },
  BAPI_TRANSACTION_ROLLBACK: (_p, ctx) => { ctx.luw.pending.length = 0; ctx.luw.notifications?.clear(); return { RETURN: {} }; },
};

/** Function modules whose answer is a "list answer" for the malformed/truncate faults. */
export const LIST_FUNCTIONS = new Set(['RFC_READ_TABLE', 'BAPI_ALM_ORDERHEAD_GET_LIST']);

export { addOrder, Rng };
