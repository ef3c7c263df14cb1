// The SAP ECC client, one per connection, every call through its transport:
// one function-module call = one POST to /sap/bc/soap/rfc?sap-client=NNN with a
// SOAP 1.1 envelope (Basic auth), answered through the safe XML reader. A
// stateful session (sap-sessioncmd=open + the sap-contextid cookie) keeps a
// BAPI's LUW alive until BAPI_TRANSACTION_COMMIT/ROLLBACK in the same roll area.
//
// RFC_READ_TABLE, used the careful way: explicit FIELDS (rows hold at most 512
// characters), a delimiter, WHERE split into 72-character OPTIONS lines, rows
// cut out of DATA-WA by the OFFSET/LENGTH of FIELDS (a delimiter inside a value
// cannot shift the columns), and listings by bounded key ranges: RFC_READ_TABLE
// selects without ORDER BY (on HANA rows come in the database's order), so a
// range is only taken once fewer rows than ROWCOUNT came back (the kit's
// paging loop, kit/paging.ts).
// Docs: SOAP processor https://help.sap.com/doc/saphelp_nw70/7.0.31/en-US/48/d8d7d1a0b2370ae10000000a42189d/content.htm ;
// RFC_READ_TABLE signature https://github.com/SAP/fundamental-tools ; SAP note 382318 (its limits).
import { ConnectorError } from '../kit/errors.js';
import { bodySummary, statusError, Transport } from '../kit/http.js';
import type { ConnectorConfig } from '../kit/config.js';
import type { KeyRangePaging, RangeRead } from '../kit/paging.js';
import type { KeyField } from '../kit/key-ranges.js';
import { exceptionError, isError } from './errors.js';
import { normaliseWorkOrder } from './mappers/work-orders.js';
import type {
  BapiReturn, RawEquipment, RawInventoryItem, RawEquipmentGeneral, RawEquipmentSpecific, RawMaintenancePlan, RawNotification, RawPurchaseOrder,
  RawPurchaseRequisition, RawWorkOrder, ReadTableField, TableRow,
} from './raw.js';
import type { PassthroughCall, RawAnswer } from '../kit/passthrough.js';
import { PASSTHROUGH_ANSWER_LIMIT } from '../../contract/passthrough.js';
import { child, parseXml, readStructure, readTable, RFC_NS, rfcElementName, SOAP_ENV, writeRfcValue, type RfcValue, type XmlElement } from './xml.js';

export const SOAP_RFC_PATH = 'sap/bc/soap/rfc';
export const DELIMITER = '|';

export interface RfcSession { cookie: string | null; opened: boolean }

/** A quoted Open SQL literal. */
export function lit(value: string): string {
  if (/[\r\n\t]/.test(value)) throw new ConnectorError('invalid_request', 'a key contains a control character');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Splits WHERE tokens into OPTIONS lines of at most 72 characters (a token never spans lines). */
export function optionLines(tokens: string[]): { TEXT: string }[] {
  const lines: { TEXT: string }[] = [];
  let cur = '';
  for (const t of tokens) {
    if (t.length > 72) throw new ConnectorError('invalid_request', `a WHERE token is longer than 72 characters: ${t.slice(0, 20)}…`);
    if (cur && cur.length + 1 + t.length > 72) { lines.push({ TEXT: cur }); cur = t; } else cur = cur ? `${cur} ${t}` : t;
  }
  if (cur) lines.push({ TEXT: cur });
  return lines;
}

/** WHERE tokens comparing a key tuple with a bound: `GE` (tuple ≥ bound) or `LT` (tuple < bound). */
export function tupleBound(fields: readonly string[], bound: readonly string[], op: 'GE' | 'LT'): string[] {
  const strict = op === 'GE' ? 'GT' : 'LT';
  return fields.flatMap((f, i) => {
    const eq = fields.slice(0, i).flatMap((g, j) => [g, 'EQ', lit(bound[j] ?? ''), 'AND']);
    const last = i === fields.length - 1 ? op : strict;
    return [...(i ? ['OR'] : []), '(', ...eq, f, last, lit(bound[i] ?? ''), ')'];
  });
}

/** WHERE tokens for FIELD IN ( 'a' , 'b' ). */
export function inList(field: string, values: string[]): string[] {
  return [field, 'IN', '(', ...values.flatMap((v, i) => (i ? [',', lit(v)] : [lit(v)])), ')'];
}

/** Joins WHERE parts with AND, each in parentheses. */
export function and(...parts: (string[] | null)[]): string[] {
  const ps = parts.filter((p): p is string[] => !!p && p.length > 0);
  return ps.flatMap((p, i) => (i ? ['AND', '(', ...p, ')'] : ['(', ...p, ')']));
}

/** One DATA row in the order SAP returned it: readable, or malformed (with the key where it could be read). */
export type ReadEntry = { row: TableRow } | { bad: { key: string | null; reason: string } };

export class RfcClient {
  private readonly transport: Transport;
  private readonly client: string;
  private readonly auth: string;
  private readonly layouts = new Map<string, string[]>();
  /** Function modules called (tests and benchmarks count round trips). */
  calls = 0;

  constructor(config: ConnectorConfig) {
    const { username = '', password = '' } = config.credentials;
    if (!username || !password) throw new ConnectorError('invalid_request', 'SAP ECC needs a username and a password', { field: 'credentials' });
    this.client = config.system?.sap_client ?? '100';
    this.auth = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    this.transport = new Transport(config, { timeoutMs: 120_000 });
  }

  /** Passthrough: one request with Basic auth and sap-client (unless the caller names one); SOAP as text/xml unless said otherwise. */
  passthrough(call: PassthroughCall): Promise<RawAnswer> {
    const query = new URLSearchParams(call.query);
    if (!query.has('sap-client')) query.set('sap-client', this.client);
    const headers = { ...(call.body ? { 'content-type': 'text/xml; charset=utf-8' } : {}), ...call.headers, authorization: this.auth };
    return this.transport.sendRaw({ method: call.method, path: call.path, searchParams: query, headers, body: call.body }, PASSTHROUGH_ANSWER_LIMIT);
  }

  /** Opens a stateful session for one LUW (a write and its commit). */
  session(): RfcSession {
    return { cookie: null, opened: false };
  }

  /**
   * Calls one function module; returns the <FM.Response> element. `session`
   * keeps the roll area (and so the uncommitted LUW) across calls; `close` ends it.
   * `table` names the table a read is for (to name it when SAP refuses it).
   */
  async call(fm: string, params: Record<string, RfcValue>, opts: { session?: RfcSession; close?: boolean; table?: string } = {}): Promise<XmlElement> {
    const tag = rfcElementName(fm);
    const body = `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:urn="${RFC_NS}"><soapenv:Header/><soapenv:Body>`
      + `<urn:${tag}>${Object.entries(params).map(([k, v]) => writeRfcValue(k, v)).join('')}</urn:${tag}></soapenv:Body></soapenv:Envelope>`;
    const search = new URLSearchParams({ 'sap-client': this.client });
    const s = opts.session;
    if (s && !s.opened) search.set('sap-sessioncmd', 'open');
    else if (s && opts.close) search.set('sap-sessioncmd', 'close');
    const headers: Record<string, string> = { authorization: this.auth, 'content-type': 'text/xml; charset=utf-8', soapaction: `${RFC_NS}:${tag}`, accept: 'text/xml' };
    if (s?.cookie) headers.cookie = s.cookie;
    this.calls++;
    const res = await this.transport.send({ method: 'POST', path: `${SOAP_RFC_PATH}?${search}`, body, headers });
    if (s) {
      s.opened = true;
      const set = res.headers['set-cookie'];
      const ctx = (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).filter((c) => /^(sap-contextid|SAP_SESSIONID_[\w]+|MYSAPSSO2)=/i.test(c));
      if (ctx.length) s.cookie = ctx.join('; ');
    }
    const text = res.body;
    if (res.status === 401) throw new ConnectorError('auth', logonMessage(text), { status: 401, systemCode: 'RFC_LOGON_FAILURE' });
    if (res.status === 403) throw new ConnectorError('auth', `the SAP user may not call ${fm} over SOAP-RFC (HTTP 403: missing S_ICF/S_RFC authorization?)`, { status: 403 });
    if (res.status === 404) throw new ConnectorError('not_found', `no SOAP-RFC service at /${SOAP_RFC_PATH} (is the ICF service /sap/bc/soap/rfc active?)`, { status: 404 });
    const fault = res.status >= 400 || /<(\w+:)?Fault[\s>]/.test(text.slice(0, 2000)) ? soapFault(text) : null;
    if (fault) throw exceptionError(fm, fault.exception, fault.message, res.status, opts.table);
    const st = statusError(res.status, res.headers, bodySummary(text));
    if (st) throw st;
    if (res.status < 200 || res.status >= 300) throw new ConnectorError('system', `${fm}: unexpected HTTP ${res.status}`, { status: res.status });
    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch (err) {
      throw new ConnectorError('system', `${fm}: the answer is not valid SOAP XML (${(err as Error).message})`);
    }
    const response = (root.local === 'Envelope' ? child(root, 'Body') : undefined)?.children.find((c) => c.local === `${tag}.Response`);
    if (!response) throw new ConnectorError('system', `${fm}: the answer has no <${tag}.Response> element`);
    return response;
  }

  /**
   * The fields to request from `table`: the wanted standard fields that exist,
   * plus every customer field (ZZ*, YY*), from the DDIC (DDIF_FIELDINFO_GET),
   * within the 512-character row. Without DDIC access, the wanted fields as they are.
   */
  async fieldsOf(table: string, wanted: string[]): Promise<string[]> {
    const cached = this.layouts.get(table);
    if (cached) return cached;
    let dfies: { FIELDNAME: string; LENG: string }[];
    try {
      dfies = readTable(child(await this.call('DDIF_FIELDINFO_GET', { TABNAME: table, LANGU: 'E', DFIES_TAB: [] }), 'DFIES_TAB')) as { FIELDNAME: string; LENG: string }[];
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'system' && err.extra.systemCode && err.extra.systemCode !== 'soap_fault') dfies = [];
      else throw err;
    }
    if (!dfies.length) { this.layouts.set(table, wanted); return wanted; }
    const lengths = new Map(dfies.map((f) => [f.FIELDNAME.trim(), Number(f.LENG) || 0]));
    const pick = [...wanted.filter((f) => lengths.has(f)), ...[...lengths.keys()].filter((f) => /^(ZZ|YY)/.test(f) && !wanted.includes(f))];
    const out: string[] = [];
    let width = 0;
    for (const f of pick) {
      const w = (lengths.get(f) ?? 0) + DELIMITER.length;
      if (width + w > 512 + DELIMITER.length) break;
      out.push(f);
      width += w;
    }
    this.layouts.set(table, out);
    return out;
  }

  /** RFC_READ_TABLE: at most `rowcount` rows (0: all) matching `where`, in whatever order SAP returns them. */
  async read(table: string, fields: string[], where: string[], rowcount: number, keyField?: string): Promise<ReadEntry[]> {
    const res = await this.call('RFC_READ_TABLE', {
      QUERY_TABLE: table, DELIMITER, ROWSKIPS: '0', ROWCOUNT: String(rowcount),
      OPTIONS: optionLines(where), FIELDS: fields.map((f) => ({ FIELDNAME: f })), DATA: [],
    }, { table });
    const layout = readTable(child(res, 'FIELDS')) as unknown as ReadTableField[];
    const cols = layout.map((f) => ({ name: f.FIELDNAME.trim(), offset: Number(f.OFFSET), length: Number(f.LENGTH) }));
    if (cols.some((c) => !Number.isInteger(c.offset) || !Number.isInteger(c.length) || c.offset < 0 || c.length < 0)) {
      throw new ConnectorError('system', `RFC_READ_TABLE ${table}: the FIELDS layout is not readable`);
    }
    return readTable(child(res, 'DATA')).map((d): ReadEntry => {
      const wa = d.WA ?? '';
      const row: TableRow = {};
      let bad: string | null = null;
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i];
        if (i > 0 && c.offset - 1 < wa.length && wa[c.offset - 1] !== DELIMITER) bad = `the row does not match the field layout at ${c.name}`;
        row[c.name] = wa.slice(c.offset, c.offset + c.length).trim();
      }
      const end = cols.at(-1);
      if (wa.length > 0 && end && wa.length > end.offset + end.length) bad ??= 'the row is longer than the field layout';
      if (!bad) return { row };
      const key = keyField && row[keyField] && /^[\w/ .-]+$/.test(row[keyField]) ? row[keyField] : null;
      return { bad: { key, reason: `${table}: ${bad}` } };
    });
  }

}

/**
 * A table listed by key ranges: its key fields with their DDIC lengths, the
 * fields to read (with `customFields`, also the customer fields ZZ… and YY… the
 * DDIC lists), and a fixed filter.
 */
export function keyRanges(table: string, key: readonly KeyField[], fields: string[], opts: { filter?: string[]; customFields?: boolean } = {}): KeyRangePaging<RfcClient> {
  const names = key.map((k) => k.name);
  return {
    kind: 'key_ranges',
    key,
    async read(client, range, rowcount): Promise<RangeRead> {
      const wanted = opts.customFields ? await client.fieldsOf(table, fields) : fields;
      const where = and(opts.filter ?? null, range.from ? tupleBound(names, range.from, 'GE') : null, range.to ? tupleBound(names, range.to, 'LT') : null);
      // a malformed row's key is only trusted for single-field keys (later columns may be shifted)
      const entries = await client.read(table, wanted, where, rowcount, names.length === 1 ? names[0] : undefined);
      const out: RangeRead = { rows: [], bad: [] };
      for (const e of entries) {
        if ('row' in e) out.rows.push({ key: names.map((n) => e.row[n] ?? ''), raw: e.row });
        else out.bad.push({ key: e.bad.key === null ? null : [e.bad.key], reason: e.bad.reason });
      }
      return out;
    },
  };
}

/** The SAP logon message of a 401 page, without anything the client sent. */
function logonMessage(body: string): string {
  const known = [
    'Name or password is incorrect (repeat logon)',
    'Password logon no longer possible - too many failed attempts',
    'User is locked. Please notify the person responsible',
    'Initial password has expired (request a new one)',
    'Password is no longer valid',
    'is not available in this system',
  ];
  const plain = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  const hit = known.find((k) => plain.includes(k));
  if (hit === 'is not available in this system') return 'the SAP client (sap_client) does not exist in this system';
  return hit ? `SAP logon failed: ${hit}` : 'SAP logon failed (HTTP 401)';
}

/** A SOAP fault's RFC exception name and message, if the body is one. */
function soapFault(text: string): { exception: string | null; message: string } | null {
  let root: XmlElement;
  try { root = parseXml(text); } catch { return null; }
  const fault = root.local === 'Envelope' ? child(child(root, 'Body') ?? root, 'Fault') : undefined;
  if (!fault) return null;
  const exc = child(fault, 'detail')?.children.find((c) => c.local.endsWith('.Exception'));
  const name = exc ? (child(exc, 'Name')?.text.trim() || null) : null;
  const message = (exc ? (child(exc, 'Text')?.text.trim() || child(exc, 'Message')?.text.trim()) : '') || child(fault, 'faultstring')?.text.trim() || '';
  return { exception: name, message: message.slice(0, 300) };
}

// ---------------------------------------------------------------- reads the listings, one-record reads and writes share

/** How many detail BAPIs run at once (dialog work processes are a shared resource). */
const DETAIL_CONCURRENCY = 4;
/** Values per IN ( … ) list. */
const IN_CHUNK = 100;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; out[i] = await fn(items[i]); } };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const rowsOf = (entries: ReadEntry[]) => entries.flatMap((e) => ('row' in e ? [e.row] : []));

/** RETURN as rows, whether the BAPI declares it a table (BAPIRET2 rows) or a structure. */
export function returnRows(res: XmlElement): BapiReturn[] {
  const el = child(res, 'RETURN');
  if (!el) return [];
  const rows = el.children.some((c) => c.local === 'item') ? readTable(el) : [readStructure(el)];
  return rows.filter((r) => (r.TYPE ?? '').trim() !== '') as unknown as BapiReturn[];
}

/** The first e-mail address (ADR6) of each address number. */
export async function vendorMails(rfc: RfcClient, lfa1: TableRow[]): Promise<Map<string, string>> {
  const mails = new Map<string, string>();
  for (const part of chunks([...new Set(lfa1.map((r) => r.ADRNR).filter(Boolean))], IN_CHUNK)) {
    for (const r of rowsOf(await rfc.read('ADR6', ['ADDRNUMBER', 'SMTP_ADDR'], inList('ADDRNUMBER', part), 0))) if (!mails.has(r.ADDRNUMBER)) mails.set(r.ADDRNUMBER, r.SMTP_ADDR);
  }
  return mails;
}

/** Vendor names (LFA1-NAME1) by LIFNR. */
export async function vendorNames(rfc: RfcClient, lifnrs: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const part of chunks([...new Set(lifnrs.filter(Boolean))], IN_CHUNK)) {
    for (const r of rowsOf(await rfc.read('LFA1', ['LIFNR', 'NAME1'], inList('LIFNR', part), 0))) names.set(r.LIFNR, r.NAME1);
  }
  return names;
}

/** The active JEST system statuses (sorted) of each object number. */
export async function activeStatuses(rfc: RfcClient, objnrs: string[]): Promise<Map<string, string[]>> {
  const statuses = new Map<string, string[]>();
  for (const part of chunks([...new Set(objnrs.filter(Boolean))], IN_CHUNK)) {
    for (const r of rowsOf(await rfc.read('JEST', ['OBJNR', 'STAT', 'INACT'], and(inList('OBJNR', part), ['INACT', 'EQ', lit(' ')]), 0))) statuses.set(r.OBJNR, [...(statuses.get(r.OBJNR) ?? []), r.STAT]);
  }
  for (const list of statuses.values()) list.sort();
  return statuses;
}

/** The rows of `table` whose `field` is one of `values` (IN lists of at most IN_CHUNK values). */
export async function readIn(rfc: RfcClient, table: string, fields: string[], field: string, values: string[], extra: string[] | null = null): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for (const part of chunks([...new Set(values.filter(Boolean))], IN_CHUNK)) out.push(...rowsOf(await rfc.read(table, fields, and(inList(field, part), extra), 0)));
  return out;
}

/** EQUI rows → equipment with BAPI_EQUI_GETDETAIL and the active JEST statuses (null: gone meanwhile). */
export async function equipmentDetails(rfc: RfcClient, equi: TableRow[]): Promise<(RawEquipment | null)[]> {
  const objnr = (r: TableRow) => r.OBJNR || `IE${r.EQUNR}`;
  const statuses = await activeStatuses(rfc, equi.map(objnr));
  return mapLimit(equi, DETAIL_CONCURRENCY, async (row) => {
    const res = await rfc.call('BAPI_EQUI_GETDETAIL', { EQUIPMENT: row.EQUNR });
    if (returnRows(res).some(isError)) return null;
    return {
      EQUI: row,
      DATA_GENERAL_EXP: readStructure(child(res, 'DATA_GENERAL_EXP')) as RawEquipmentGeneral,
      DATA_SPECIFIC_EXP: readStructure(child(res, 'DATA_SPECIFIC_EXP')) as RawEquipmentSpecific,
      SYSTEM_STATUS: (statuses.get(objnr(row)) ?? []).slice().sort(),
    };
  });
}

export const MARA_FIELDS = ['MATNR', 'MTART', 'MEINS', 'MATKL', 'ERSDA', 'LAEDA'];

/** MARD rows → inventory items with their MARA row and English text (MAKT). */
export async function stockItems(rfc: RfcClient, mard: TableRow[]): Promise<RawInventoryItem[]> {
  const mara = new Map<string, TableRow>();
  const makt = new Map<string, string>();
  const fields = await rfc.fieldsOf('MARA', MARA_FIELDS);
  for (const part of chunks([...new Set(mard.map((r) => r.MATNR))], IN_CHUNK)) {
    for (const r of rowsOf(await rfc.read('MARA', fields, inList('MATNR', part), 0))) mara.set(r.MATNR, r);
    for (const r of rowsOf(await rfc.read('MAKT', ['MATNR', 'MAKTX'], and(inList('MATNR', part), ['SPRAS', 'EQ', lit('E')]), 0))) makt.set(r.MATNR, r.MAKTX);
  }
  // a stock row whose material has no MARA row is passed on as it is, for the mapper to reject
  return mard.map((r) => ({ MARD: r, MARA: mara.get(r.MATNR), MAKTX: makt.get(r.MATNR) ?? '' }));
}

/** BAPI_PO_GETDETAIL1 of one order (null: it does not exist). */
export async function purchaseOrderDetail(rfc: RfcClient, ebeln: string): Promise<Omit<RawPurchaseOrder, 'VENDOR_NAME'> | null> {
  const res = await rfc.call('BAPI_PO_GETDETAIL1', { PURCHASEORDER: ebeln, ITEMS: 'X', SCHEDULES: 'X', HISTORY: 'X' });
  if (returnRows(res).some(isError)) return null;
  return {
    POHEADER: readStructure(child(res, 'POHEADER')) as RawPurchaseOrder['POHEADER'],
    POITEM: readTable(child(res, 'POITEM')) as RawPurchaseOrder['POITEM'],
    POSCHEDULE: readTable(child(res, 'POSCHEDULE')) as RawPurchaseOrder['POSCHEDULE'],
    POHISTORY_TOTALS: readTable(child(res, 'POHISTORY_TOTALS')) as RawPurchaseOrder['POHISTORY_TOTALS'],
  };
}

/** Purchase orders with their details and their vendors' names. */
export async function purchaseOrders(rfc: RfcClient, ebelns: string[]): Promise<RawPurchaseOrder[]> {
  const details = (await mapLimit(ebelns, DETAIL_CONCURRENCY, (ebeln) => purchaseOrderDetail(rfc, ebeln))).filter((d): d is Omit<RawPurchaseOrder, 'VENDOR_NAME'> => d !== null);
  const names = await vendorNames(rfc, details.map((d) => d.POHEADER.VENDOR ?? ''));
  return details.map((d) => ({ ...d, VENDOR_NAME: names.get(d.POHEADER.VENDOR) ?? '' }));
}

/** One BAPI_ALM_ORDERHEAD_GET_LIST over an order-number range: every order in it, by number. */
export async function workOrderHeads(rfc: RfcClient, first: string, last: string): Promise<Map<string, RawWorkOrder>> {
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
  return new Map(readTable(child(res, 'ET_RESULT')).map((r) => { const n = normaliseWorkOrder(r); return [n.ORDERID, n]; }));
}

/** BAPI_ALM_ORDER_GET_DETAIL of one order (null: it does not exist). */
export async function workOrderDetail(rfc: RfcClient, aufnr: string): Promise<RawWorkOrder | null> {
  const res = await rfc.call('BAPI_ALM_ORDER_GET_DETAIL', { NUMBER: aufnr, ET_OPERATIONS: [], RETURN: [] });
  if (returnRows(res).some(isError)) return null;
  return normaliseWorkOrder(readStructure(child(res, 'ES_HEADER')));
}

// ---------------------------------------------------------------- the plant

export const IMPTT_FIELDS = ['POINT', 'MPOBJ', 'PSORT', 'PTTXT', 'MPTYP', 'INDCT', 'CDSUF', 'MRNGU', 'CODGR', 'CODCT', 'INACT', 'LVORM', 'ERDAT', 'AEDAT', 'DESIR', 'DESIRI', 'MRMAX', 'MRMAXI'];
export const IMRG_FIELDS = ['MDOCM', 'POINT', 'IDATE', 'ITIME', 'CNTRG', 'MDTXT', 'READR', 'ERDAT', 'AEDAT', 'LVORM', 'READG', 'READGI', 'CNTRR', 'CNTRRI', 'RECDV', 'RECDVI', 'RECDU', 'IDIFF', 'VLCOD', 'CANCL'];

const stamp = (d: TableRow) => `${d.IDATE ?? ''}${d.ITIME ?? ''}${d.MDOCM ?? ''}`;

/**
 * The newest document of each point that is neither reversed nor flagged for deletion:
 * the keys and times of the points' documents first (RFC_READ_TABLE cannot sort), then
 * the full rows of the newest.
 */
export async function lastDocuments(rfc: RfcClient, points: string[]): Promise<Map<string, TableRow>> {
  const newest = new Map<string, TableRow>();
  for (const d of await readIn(rfc, 'IMRG', ['MDOCM', 'POINT', 'IDATE', 'ITIME'], 'POINT', points, ['CANCL', 'EQ', lit(' '), 'AND', 'LVORM', 'EQ', lit(' ')])) {
    const cur = newest.get(d.POINT);
    if (!cur || stamp(d) > stamp(cur)) newest.set(d.POINT, d);
  }
  const full = await readIn(rfc, 'IMRG', await rfc.fieldsOf('IMRG', IMRG_FIELDS), 'MDOCM', [...newest.values()].map((d) => d.MDOCM));
  return new Map(full.map((d) => [d.POINT, d]));
}

/** IMPTT rows by point. */
export async function measuringPoints(rfc: RfcClient, points: string[]): Promise<Map<string, TableRow>> {
  return new Map((await readIn(rfc, 'IMPTT', await rfc.fieldsOf('IMPTT', IMPTT_FIELDS), 'POINT', points)).map((p) => [p.POINT, p]));
}

/** Notifications with their active statuses and, where SAP says one exists (INDTX), their long text. */
export async function notifications(rfc: RfcClient, viqmel: TableRow[]): Promise<RawNotification[]> {
  const statuses = await activeStatuses(rfc, viqmel.map((q) => q.OBJNR || `QM${q.QMNUM}`));
  return mapLimit(viqmel, DETAIL_CONCURRENCY, async (q) => ({
    VIQMEL: q,
    SYSTEM_STATUS: statuses.get(q.OBJNR || `QM${q.QMNUM}`) ?? [],
    LONG_TEXT: (q.INDTX ?? '').trim() === 'X' ? await notificationLongText(rfc, q.QMNUM) : null,
  }));
}

/** BAPI_ALM_NOTIF_GET_DETAIL's NOTLONGTXT lines, joined (null: none, or the notification is gone). */
async function notificationLongText(rfc: RfcClient, qmnum: string): Promise<string | null> {
  const res = await rfc.call('BAPI_ALM_NOTIF_GET_DETAIL', { NUMBER: qmnum, NOTLONGTXT: [], RETURN: [] });
  if (returnRows(res).some(isError)) return null;
  const text = readTable(child(res, 'NOTLONGTXT')).map((l) => (l.TEXT_LINE ?? '').trimEnd()).join('\n').trim();
  return text || null;
}

/** Maintenance plans with their items, cycles, scheduled calls and active statuses. */
export async function maintenancePlans(rfc: RfcClient, mpla: TableRow[]): Promise<RawMaintenancePlan[]> {
  const keys = mpla.map((p) => p.WARPL);
  const by = (rows: TableRow[]) => {
    const m = new Map<string, TableRow[]>();
    for (const r of rows) m.set(r.WARPL, [...(m.get(r.WARPL) ?? []), r]);
    return m;
  };
  const mpos = by(await readIn(rfc, 'MPOS', ['WAPOS', 'WARPL', 'EQUNR', 'TPLNR', 'IWERK', 'PSTXT'], 'WARPL', keys));
  const mmpt = by(await readIn(rfc, 'MMPT', ['WARPL', 'NUMMER', 'ZYKL1', 'ZEIEH', 'POINT'], 'WARPL', keys));
  const mhis = by(await readIn(rfc, 'MHIS', ['WARPL', 'ABNUM', 'NPLDA', 'HORDA', 'AUFNR'], 'WARPL', keys));
  const statuses = await activeStatuses(rfc, mpla.map((p) => p.OBJNR || `WO${p.WARPL}`));
  return mpla.map((p) => ({
    MPLA: p, MPOS: mpos.get(p.WARPL) ?? [], MMPT: mmpt.get(p.WARPL) ?? [], MHIS: mhis.get(p.WARPL) ?? [],
    SYSTEM_STATUS: statuses.get(p.OBJNR || `WO${p.WARPL}`) ?? [],
  }));
}

/** EBAN item rows grouped into requisitions, in the order their first item came. */
export function requisitions(eban: TableRow[]): RawPurchaseRequisition[] {
  const m = new Map<string, TableRow[]>();
  for (const r of eban) m.set(r.BANFN, [...(m.get(r.BANFN) ?? []), r]);
  return [...m].map(([BANFN, EBAN]) => ({ BANFN, EBAN }));
}
