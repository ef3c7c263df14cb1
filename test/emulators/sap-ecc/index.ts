// An SAP ECC 6.0 emulator speaking SOAP-RFC: POST /sap/bc/soap/rfc?sap-client=NNN
// with Basic auth and a SOAP 1.1 envelope whose body element names the function
// module (namespace urn:sap-com:document:sap:rfc:functions); answers
// <rfc:FM.Response>, SOAP faults for ABAP exceptions, 401 pages for logon
// failures (and user locking after repeated bad passwords), stateful sessions
// (sap-sessioncmd=open / sap-contextid cookie) so a BAPI's LUW lives until
// BAPI_TRANSACTION_COMMIT — without it nothing changes. Quirks kept on purpose:
// ALPHA-padded keys, DATS as YYYY-MM-DD in BAPIs and YYYYMMDD in table rows,
// trailing blanks cut from RFC_READ_TABLE rows, 512-character row limit, contracts
// in EKKO and production orders in AUFK that listings must skip, prices per 100
// units, materials with alphanumeric numbers, German texts beside English ones.
//
// Real landscapes, each a switch:
// - RFC_READ_TABLE selects WHERE (OPTIONS) without ORDER BY and stops after
//   ROWSKIPS + ROWCOUNT rows; on HANA the rows come in the database's order, not
//   key order. That is this emulator's default (`rowOrder: 'database'`);
//   `setRowOrder {order: "key"}` restores key order.
// - A table the user may not read (S_TABU_DIS / S_TABU_NAM missing) raises
//   NOT_AUTHORIZED; a table this release does not have raises TABLE_NOT_AVAILABLE.
//   `blockedTables` / `blockTable {table, allow?}`, `dropTable {table}`.
// - HTML error pages from the ICM (the shared `html` fault).
import crypto from 'node:crypto';
import type http from 'node:http';
import { basicAuth, startEmulator, type EmulatorServer } from '../common/server.js';
import { privatePki } from '../common/tls.js';
import { sapIcmPage } from '../common/sap.js';
import { RFC_NS, SOAP_ENV, child, escapeXml, parseXml, writeRfcValue, type RfcValue, type XmlElement } from '../../../src-main/systems/sap-ecc/xml.js';
import { Rng } from '../../../src-main/systems/sandbox/prng.js';
import { addOrder, dats, decimal, generate, type EccDatabase, type EccSize, type Row } from './dataset.js';
import { functions, LIST_FUNCTIONS, RfcException, type Luw, type Params } from './functions.js';

export interface SapEccCredentials { username: string; password: string }

export interface SapEccEmulatorOptions {
  seed?: number;
  size?: EccSize;
  /** HTTPS with a certificate of the private test CA (test/emulators/common/tls.ts). */
  tls?: boolean;
  port?: number;
  credentials?: SapEccCredentials;
  /** The SAP client (MANDT) of the system; other clients are refused at logon. */
  client?: string;
  /** Bad passwords in a row before the user locks (SAP's login/fails_to_user_lock; default 5). */
  lockAfter?: number;
  /** Tables RFC_READ_TABLE refuses (S_TABU_DIS missing). */
  blockedTables?: string[];
  /** The order RFC_READ_TABLE returns rows in (default: the database's, not key order). */
  rowOrder?: 'database' | 'key';
}

export interface SapEccStats { requests: number; unauthorized: number; byFunction: Record<string, number> }

export interface SapEccEmulator {
  server: EmulatorServer;
  url: string;
  db: EccDatabase;
  credentials: SapEccCredentials;
  client: string;
  stats: SapEccStats;
  /** Runs before each function module (tests use it to take the system down mid-sync). */
  onCall: ((fm: string, stats: SapEccStats) => void | Promise<void>) | null;
  /** Every remote id the connector should see for an entity (live records only). */
  remoteIds(entity: string): string[];
  close(): Promise<void>;
}

type Entity = 'purchase-orders' | 'work-orders' | 'assets' | 'inventory-items' | 'vendors' | 'locations'
  | 'meters' | 'meter-readings' | 'service-requests' | 'maintenance-plans' | 'purchase-requisitions';

export async function startSapEccEmulator(opts: SapEccEmulatorOptions = {}): Promise<SapEccEmulator> {
  const db = generate(opts.seed ?? 1, opts.size);
  const credentials: SapEccCredentials = { ...(opts.credentials ?? { username: 'MW_RFC', password: 'Init-Pass-2024' }) };
  const client = opts.client ?? '100';
  const lockAfter = opts.lockAfter ?? 5;
  const user = { locked: false, fails: 0 };
  const blockedTables = new Set((opts.blockedTables ?? []).map((t) => t.toUpperCase()));
  let rowOrder = opts.rowOrder ?? 'database';
  const sessions = new Map<string, Luw>();
  const stats: SapEccStats = { requests: 0, unauthorized: 0, byFunction: {} };
  let server: EmulatorServer;
  const emu: SapEccEmulator = {
    server: null as unknown as EmulatorServer, url: '', db, credentials, client, stats, onCall: null,
    remoteIds: (e) => remoteIds(db, e as Entity),
    close: () => server.close(),
  };

  const logonPage = (res: http.ServerResponse, message: string) => {
    stats.unauthorized++;
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'www-authenticate': `Basic realm="SAP NetWeaver Application Server [ECC/${client}]"` });
    res.end(`<html><head><title>Logon Error Message</title></head><body><h1>Anmeldung fehlgeschlagen / Logon failed</h1><p class="errorText">${escapeXml(message)}</p></body></html>`);
  };

  const fault = (res: http.ServerResponse, fm: string, name: string, message: string) => {
    const el = fm.replace(/\//g, '_-');
    res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(`<soap-env:Envelope xmlns:soap-env="${SOAP_ENV}"><soap-env:Body><soap-env:Fault><faultcode>soap-env:Client</faultcode><faultstring xml:lang="en">${escapeXml(name)}</faultstring>`
      + `<detail><rfc:${el}.Exception xmlns:rfc="${RFC_NS}"><Name>${escapeXml(name)}</Name><Text>${escapeXml(message)}</Text></rfc:${el}.Exception></detail></soap-env:Fault></soap-env:Body></soap-env:Envelope>`);
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL): Promise<void> => {
    if (url.pathname !== '/sap/bc/soap/rfc') {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>404 Not Found</h1><p>Service cannot be reached (ICF)</p></body></html>');
      return;
    }
    if (req.method !== 'POST') { res.writeHead(405, { allow: 'POST' }); res.end(); return; }
    stats.requests++;
    // logon
    const auth = basicAuth(req);
    const reqClient = url.searchParams.get('sap-client') ?? client;
    if (!auth) return logonPage(res, 'Logon failed: no logon data provided');
    if (reqClient !== client) return logonPage(res, `Logon failed: client ${reqClient} is not available in this system`);
    if (auth.user.toUpperCase() !== credentials.username.toUpperCase()) return logonPage(res, 'Name or password is incorrect (repeat logon)');
    if (user.locked) return logonPage(res, user.fails >= lockAfter ? 'Password logon no longer possible - too many failed attempts' : 'User is locked. Please notify the person responsible');
    if (auth.password !== credentials.password) {
      user.fails++;
      if (user.fails >= lockAfter) user.locked = true;
      return logonPage(res, 'Name or password is incorrect (repeat logon)');
    }
    user.fails = 0;
    // the envelope
    if (!/xml/i.test(req.headers['content-type'] ?? '')) return fault(res, 'UNKNOWN', 'SOAP_CONTENT_TYPE', 'Content-Type must be text/xml');
    let fmEl: XmlElement | undefined;
    try {
      const root = parseXml(body.toString('utf8'));
      const bodyEl = root.local === 'Envelope' && nsOf(root, [root]) === SOAP_ENV ? child(root, 'Body') : undefined;
      fmEl = bodyEl?.children[0];
      if (!fmEl || nsOf(fmEl, [fmEl, bodyEl!, root]) !== RFC_NS) throw new Error('the body element is not in the RFC namespace');
    } catch (err) {
      return fault(res, 'UNKNOWN', 'SOAP_PARSE_ERROR', (err as Error).message);
    }
    const fm = fmEl.local.replace(/_-/g, '/');
    stats.byFunction[fm] = (stats.byFunction[fm] ?? 0) + 1;
    if (emu.onCall) await emu.onCall(fm, stats);
    const fn = functions[fm];
    if (!fn) return fault(res, fm, 'FU_NOT_FOUND', `Function module ${fm} not found`);
    // session (roll area) for the LUW
    const cmd = url.searchParams.get('sap-sessioncmd');
    const cookieCtx = /(?:^|;\s*)sap-contextid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    let luw: Luw = { pending: [] };
    const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
    if (cmd === 'open') {
      const id = `SAP_ECC_${crypto.randomBytes(12).toString('hex')}`;
      sessions.set(id, luw);
      headers['set-cookie'] = `sap-contextid=${id}; path=/sap/bc/soap/rfc; HttpOnly`;
    } else if (cookieCtx && sessions.has(cookieCtx)) {
      luw = sessions.get(cookieCtx)!;
      if (cmd === 'close') sessions.delete(cookieCtx);
    }
    const list = LIST_FUNCTIONS.has(fm) && !(fm === 'RFC_READ_TABLE' && /<NO_DATA>X<\/NO_DATA>/.test(body.toString('utf8')));
    const malformed = list && server.faults.malformedNext > 0;
    if (malformed) server.faults.malformedNext--;
    let out: Params;
    try {
      out = fn(readParams(fmEl), { db, luw, malformed, blockedTables, rowOrder });
    } catch (err) {
      if (err instanceof RfcException) return fault(res, fm, err.exception, err.message);
      throw err;
    }
    const el = fmEl.local;
    const xml = `<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope xmlns:soap-env="${SOAP_ENV}"><soap-env:Header/><soap-env:Body><rfc:${el}.Response xmlns:rfc="${RFC_NS}">`
      + `${Object.entries(out).map(([k, v]) => writeRfcValue(k, v)).join('')}</rfc:${el}.Response></soap-env:Body></soap-env:Envelope>`;
    if (list && server.faults.truncateNext > 0) {
      server.faults.truncateNext--;
      const buf = Buffer.from(xml, 'utf8');
      res.writeHead(200, { ...headers, 'content-length': String(buf.length) });
      res.write(buf.subarray(0, Math.floor(buf.length / 2)));
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, headers);
    res.end(xml);
  };

  server = await startEmulator({ handler, htmlPage: (status) => sapIcmPage('ECC', status), tls: opts.tls ? { key: privatePki().key, cert: privatePki().cert } : undefined, port: opts.port });
  emu.server = server;
  emu.url = server.url;

  // ---------------------------------------------------------------- side-channel commands

  const rng = new Rng(opts.seed ?? 1, 'commands');
  server.commands.rotateCredentials = () => {
    credentials.password = `Rot-${crypto.randomBytes(6).toString('base64url')}`;
    user.locked = false;
    user.fails = 0;
    return { ...credentials };
  };
  server.commands.lockUser = (args) => {
    user.locked = args.locked !== false;
    if (!user.locked) user.fails = 0;
    return { username: credentials.username, locked: user.locked };
  };
  server.commands.setRowOrder = (args) => {
    if (args.order !== 'key' && args.order !== 'database') throw new Error('order is "key" or "database"');
    rowOrder = args.order;
    return { rowOrder };
  };
  server.commands.blockTable = (args) => {
    const table = String(args.table).toUpperCase();
    if (args.allow) blockedTables.delete(table); else blockedTables.add(table);
    return { blocked: [...blockedTables] };
  };
  server.commands.dropTable = (args) => {
    const table = String(args.table).toUpperCase();
    if (!db.tables.delete(table)) throw new Error(`no table ${table}`);
    return { dropped: table };
  };
  server.commands.changeRecords = (args) => ({ changed: changeRecords(db, args.entity as Entity, Number(args.count ?? 1)) });
  server.commands.deleteRecords = (args) => ({ deleted: deleteRecords(db, args.entity as Entity, Number(args.count ?? 1), args.archive === true) });
  server.commands.createRecords = (args) => {
    if (args.entity !== 'work-orders') throw new Error('createRecords supports work-orders');
    const plants = db.T001W.all().map((r) => r.WERKS);
    const assets = db.EQUI.all().map((r) => r.EQUNR);
    return { created: Array.from({ length: Number(args.count ?? 1) }, () => addOrder(db, rng, plants, assets, Date.now())) };
  };
  /** Sets raw fields of one record (status codes, indicators…) for mapping tests. */
  server.commands.patchRecord = (args) => patchRecord(db, args.entity as Entity, String(args.remote_id), (args.fields ?? {}) as Row, args.items as Row[] | undefined, args.status as string[] | undefined);
  return emu;
}

/** The namespace URI of an element's prefix, looked up on it and its ancestors. */
function nsOf(el: XmlElement, scope: XmlElement[]): string | null {
  const c = el.name.indexOf(':');
  const attr = c < 0 ? 'xmlns' : `xmlns:${el.name.slice(0, c)}`;
  for (const s of scope) if (Object.hasOwn(s.attrs, attr)) return s.attrs[attr];
  return null;
}

function readParams(fmEl: XmlElement): Params {
  const out: Params = {};
  for (const c of fmEl.children) {
    if (!c.children.length) out[c.local] = c.text;
    else if (c.children.every((x) => x.local === 'item')) out[c.local] = c.children.map((it) => Object.fromEntries(it.children.map((f) => [f.local, f.text])));
    else out[c.local] = Object.fromEntries(c.children.map((f) => [f.local, f.text]));
  }
  return out as Record<string, RfcValue>;
}

// ---------------------------------------------------------------- records by entity

function remoteIds(db: EccDatabase, entity: Entity): string[] {
  switch (entity) {
    case 'locations': return [...db.T001W.all().map((r) => r.WERKS), ...db.T001L.all().map((r) => `${r.WERKS}/${r.LGORT}`)];
    case 'vendors': return db.LFA1.all().filter((r) => r.LOEVM !== 'X').map((r) => r.LIFNR);
    case 'assets': return db.EQUI.all().map((r) => r.EQUNR);
    case 'inventory-items': return db.MARD.all().filter((r) => r.LVORM !== 'X').map((r) => `${r.MATNR}/${r.WERKS}/${r.LGORT}`);
    case 'purchase-orders': return db.EKKO.all().filter((r) => r.BSTYP === 'F' && r.LOEKZ !== 'L').map((r) => r.EBELN);
    case 'work-orders': return db.AUFK.all().filter((r) => r.AUTYP === '30').map((r) => r.AUFNR);
    case 'meters': return db.IMPTT.all().filter((r) => r.LVORM !== 'X').map((r) => r.POINT);
    case 'meter-readings': return db.IMRG.all().filter((r) => r.CANCL !== 'X' && !r.LVORM).map((r) => r.MDOCM);
    case 'service-requests': return db.VIQMEL.all().filter((r) => r.QMTYP === '01').map((r) => r.QMNUM);
    case 'maintenance-plans': return db.MPLA.all().filter((r) => !db.statusOf(r.OBJNR).includes('I0076')).map((r) => r.WARPL);
    case 'purchase-requisitions': return [...new Set(db.EBAN.all().map((r) => r.BANFN))];
  }
}

/** Live rows of an entity, spread evenly, `count` of them. */
function pickRows(db: EccDatabase, entity: Entity, count: number): Row[] {
  const rows = (() => {
    switch (entity) {
      case 'locations': return db.T001L.all();
      case 'vendors': return db.LFA1.all().filter((r) => r.LOEVM !== 'X');
      case 'assets': return db.EQUI.all();
      case 'inventory-items': return db.MARD.all().filter((r) => r.LVORM !== 'X');
      case 'purchase-orders': return db.EKKO.all().filter((r) => r.BSTYP === 'F' && r.LOEKZ !== 'L');
      case 'work-orders': return db.AUFK.all().filter((r) => r.AUTYP === '30' && !(r._STATUS ?? '').includes('DLFL'));
      case 'meter-readings': return db.IMRG.all().filter((r) => r.CANCL !== 'X');
      case 'service-requests': return db.VIQMEL.all().filter((r) => r.QMTYP === '01' && !db.statusOf(r.OBJNR).includes('I0076'));
      default: throw new Error(`change/delete is not emulated for ${String(entity)}`);
    }
  })();
  const n = Math.min(count, rows.length);
  const step = rows.length / Math.max(n, 1);
  return Array.from({ length: n }, (_, i) => rows[Math.floor(i * step)]);
}

function idOf(entity: Entity, r: Row): string {
  switch (entity) {
    case 'locations': return r.LGORT ? `${r.WERKS}/${r.LGORT}` : r.WERKS;
    case 'vendors': return r.LIFNR;
    case 'assets': return r.EQUNR;
    case 'inventory-items': return `${r.MATNR}/${r.WERKS}/${r.LGORT}`;
    case 'purchase-orders': return r.EBELN;
    case 'work-orders': return r.AUFNR;
    case 'meters': return r.POINT;
    case 'meter-readings': return r.MDOCM;
    case 'service-requests': return r.QMNUM;
    case 'maintenance-plans': return r.WARPL;
    case 'purchase-requisitions': return r.BANFN;
  }
}

let revision = 0;

function changeRecords(db: EccDatabase, entity: Entity, count: number): string[] {
  const now = dats(Date.now());
  revision++;
  return pickRows(db, entity, count).map((r) => {
    switch (entity) {
      case 'locations': r.LGOBE = `Store rev ${revision}`.slice(0, 16); break;
      case 'vendors': r.TELF1 = `+49 40 ${String(100000 + revision)}`; break;
      case 'assets': { const t = db.EQKT.get(r.EQUNR, 'E'); if (t) t.EQKTX = `${t.EQKTX.replace(/ \(rev \d+\)$/, '')} (rev ${revision})`.slice(0, 40); r.AEDAT = now; break; }
      case 'inventory-items': { r.LABST = decimal(Number(r.LABST) + 1); const m = db.MARA.get(r.MATNR); if (m) m.LAEDA = now; break; }
      case 'purchase-orders': { const items = db.poItems.get(r.EBELN) ?? []; if (items[0]) items[0].TXZ01 = `${items[0].TXZ01.replace(/ \(rev \d+\)$/, '')} (rev ${revision})`.slice(0, 40); break; }
      case 'work-orders': r.KTEXT = `${r.KTEXT.replace(/ \(rev \d+\)$/, '')} (rev ${revision})`.slice(0, 40); r.AEDAT = now; break;
      case 'service-requests': r.QMTXT = `${r.QMTXT.replace(/ \(rev \d+\)$/, '')} (rev ${revision})`.slice(0, 40); r.AEDAT = now; break;
      case 'meter-readings': r.MDTXT = `Corrected (rev ${revision})`; r.AEDAT = now; break;
    }
    return idOf(entity, r);
  });
}

/**
 * Deletion as SAP does it: a deletion flag (PO LOEKZ L, vendor LOEVM, stock LVORM,
 * order/equipment DLFL), or with `archive` the record disappears (archiving).
 */
function deleteRecords(db: EccDatabase, entity: Entity, count: number, archive: boolean): string[] {
  return pickRows(db, entity, count).map((r) => {
    const id = idOf(entity, r);
    if (archive) {
      const t = { locations: db.T001L, vendors: db.LFA1, assets: db.EQUI, 'inventory-items': db.MARD, 'purchase-orders': db.EKKO, 'work-orders': db.AUFK, 'meter-readings': db.IMRG, 'service-requests': db.VIQMEL }[entity as string];
      if (!t) throw new Error(`archiving is not emulated for ${entity}`);
      t.delete(r);
      if (entity === 'purchase-orders') db.poItems.delete(r.EBELN);
      return id;
    }
    switch (entity) {
      case 'purchase-orders': r.LOEKZ = 'L'; break;
      case 'vendors': r.LOEVM = 'X'; break;
      case 'inventory-items': r.LVORM = 'X'; break;
      case 'work-orders': r._STATUS = `DLFL ${(r._STATUS ?? '')}`.trim(); r.AEDAT = dats(Date.now()); break;
      case 'assets': db.JEST.put({ OBJNR: r.OBJNR, STAT: 'I0076', INACT: '', CHGNR: '009' }); r.AEDAT = dats(Date.now()); break;
      case 'locations': db.T001L.delete(r); break;
      // a reading is reversed (IK11 "cancel"), a notification flagged for deletion
      case 'meter-readings': r.CANCL = 'X'; r.AEDAT = dats(Date.now()); break;
      case 'service-requests': db.JEST.put({ OBJNR: r.OBJNR, STAT: 'I0076', INACT: '', CHGNR: '009' }); r.AEDAT = dats(Date.now()); break;
    }
    return id;
  });
}

function patchRecord(db: EccDatabase, entity: Entity, id: string, fields: Row, items?: Row[], status?: string[]) {
  let row: Row | undefined;
  switch (entity) {
    case 'locations': row = id.includes('/') ? db.T001L.get(...id.split('/')) : db.T001W.get(id); break;
    case 'vendors': row = db.LFA1.get(id); break;
    case 'assets': row = db.EQUI.get(id); break;
    case 'inventory-items': row = db.MARD.get(...id.split('/')); break;
    case 'purchase-orders': row = db.EKKO.get(id); break;
    case 'work-orders': row = db.AUFK.get(id); break;
  }
  if (!row) throw new Error(`no ${entity} ${id}`);
  Object.assign(row, fields);
  if (entity === 'purchase-orders' && items) {
    const list = db.poItems.get(id) ?? [];
    items.forEach((patch, i) => { if (list[i]) Object.assign(list[i], patch); });
  }
  if (entity === 'assets' && status) {
    for (const r of db.JEST.all().filter((x) => x.OBJNR === row!.OBJNR)) db.JEST.delete(r);
    status.forEach((s, i) => db.JEST.put({ OBJNR: row!.OBJNR, STAT: s, INACT: '', CHGNR: String(i + 1).padStart(3, '0') }));
  }
  return { ok: true, id };
}
