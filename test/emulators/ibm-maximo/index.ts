// An IBM Maximo 7.6 / MAS Manage emulator speaking the REST/OSLC JSON API:
// /maximo/api/os/<os> (apikey) and /maximo/oslc/os/<os> (maxauth) — both paths
// accept both auths, as 7.6 does — lean and namespaced answers, oslc.select /
// oslc.where / oslc.orderBy / oslc.pageSize / pageno / collectioncount, hrefs with
// base64 key ids, null attributes dropped (unless _dropnulls=0), synonym statuses
// with status_maxvalue, ISO dates in the site's offset, amounts as JSON numbers,
// BMXAA error objects with a string statusCode, creates with `properties: *`, and
// updates / deletes by POST + x-method-override. Data is generated lazily from a
// seed (data.ts). Side channel: rotateCredentials, revokeApiKey, changeRecords,
// deleteRecords, addSynonymStatus, denyObjectStructure, setMaxPageSize.
//
// Real landscapes, each a switch:
// - mxe.oslc.maxpagesize (global, or mxe.oslc.<os>.maxpagesize): "if the request
//   page size exceeds this value, an error occurs and the request fails" (IBM
//   Maximo REST API guide, "Sorting and paging" → "Limit Paging"). [?] the reason
//   code of that error is not documented; the emulator sends a 400 Error object
//   naming the limit. `maxPageSize` / `setMaxPageSize {size, os?}`.
// - An object structure the user's security group may not use: 400 BMXAA9301E
//   ("The user of the transaction is not authorized for Object Structure …",
//   IBM support page for BMXAA9301E). `denyObjectStructure {os, allow?}`.
// - /oslc/whoami (and /api/whoami): the signed-in user's profile (API home).
// - HTML error pages (a proxy or the application server answering): the shared `html` fault.
//
// The plant object structures: meters are the `assetmeter` child of MXAPIASSET (metername, metertype
// CONTINUOUS · GAUGE · CHARACTERISTIC, measureunitid, active, lastreading, lastreadingdate); a reading
// is posted on the asset — POST <asset href> with x-method-override: PATCH and
// {"assetmeter":[{"metername","newreading","newreadingdate"}]} (the a3J Group's "Maximo JSON API: an
// IoT example"; IBM's support note "Adding meter readings using the REST API" names MXMETERDATA with
// x-method-override: SYNC as the other way). Readings list as MXAPIMETERREADING (METERREADING rows;
// [?] the name: not an object structure IBM documents; gauge and characteristic readings live in
// MEASUREMENT in a real Maximo), ordered by ENTERDATE. MXAPISR (keys class/ticketid, related work
// orders as relatedrecord FOLLOWUP rows), MXAPIPM (frequency/frequnit, or a pmmeter row), MXAPIPR
// (prline with ponum once ordered). A continuous meter takes no reading below its last one; a
// characteristic meter only its domain's values; one reading per meter and date. [?] IBM does not
// document the reason codes of these refusals: the emulator sends codes of its own (BMXAA-EMU-…),
// and the connector reads `errorattrname`, never them.
import type http from 'node:http';
import crypto from 'node:crypto';
import { startEmulator, sendJson, sendTruncated, type EmulatorServer } from '../common/server.js';
import { privatePki } from '../common/tls.js';
import {
  ANCHOR_MS, DEFAULT_SIZES, ITEMSET, ORG, OS_OF, SEAL_CHECK, SITES, STATUS_DESCRIPTIONS, createDataset, maximoDate, siteOffset,
  type Dataset, type MaximoEntity, type Rec, type Sizes, type Table,
} from './data.js';
import { matches, parseWhere, WhereError, type Clause } from './where.js';

export { ANCHOR_MS, OS_OF, SITES, type MaximoEntity, type Sizes } from './data.js';

export interface MaximoEmulatorOptions {
  seed?: number;
  size?: Partial<Sizes>;
  tls?: boolean;
  port?: number;
  credentials?: { api_key?: string; username?: string; password?: string };
  /** mxe.oslc.maxpagesize: a larger oslc.pageSize is refused. */
  maxPageSize?: number;
}

export interface MaximoCredentials { api_key: string; username: string; password: string }

export interface MaximoEmulator extends EmulatorServer {
  /** The credentials Maximo accepts right now. */
  credentials: MaximoCredentials;
  dataset: Dataset;
  /** The private CA that signed the HTTPS certificate (tls: true). */
  caCert: string | null;
  stats: { requests: number; lists: number; writes: number; authFailures: number };
  /** Called before each object-structure request is answered (tests use it to cut the system off mid-sync). */
  onRequest: ((info: { method: string; os: string; pageno: number | null }) => void | Promise<void>) | null;
  /** The remote ids (key values joined by "/") of the live records of an entity (a meter: "<assetnum>/<siteid>/<metername>"). */
  liveRemoteIds(entity: MaximoEntity | 'meters'): string[];
  /** One record as Maximo holds it now. */
  record(entity: MaximoEntity, remoteId: string): Rec | undefined;
}

const ENTITY_OF_OS: Record<string, MaximoEntity> = Object.fromEntries(Object.entries(OS_OF).map(([e, os]) => [os, e as MaximoEntity]));
const keyId = (key: string) => `_${Buffer.from(key, 'utf8').toString('base64').replace(/=/g, '-')}`;
const fromKeyId = (id: string) => Buffer.from(id.replace(/^_/, '').replace(/-/g, '='), 'base64').toString('utf8');

function maxError(res: http.ServerResponse, status: number, reasonCode: string, message: string, extra: Record<string, unknown> = {}) {
  sendJson(res, status, { Error: { extendedError: { moreInfo: { href: `http://emulator/maximo/api/error/messages/${reasonCode}` } }, reasonCode, message: `${reasonCode} - ${message}`, statusCode: String(status), ...extra } });
}

/** Splits "a,b,poline{x,y}" at top-level commas. */
function selectNames(select: string | null): Set<string> | null {
  if (!select) return null;
  const names = new Set<string>();
  let depth = 0; let cur = '';
  for (const c of select) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) { names.add(cur.trim().replace(/\{.*$/s, '').toLowerCase()); cur = ''; } else cur += c;
  }
  if (cur.trim()) names.add(cur.trim().replace(/\{.*$/s, '').toLowerCase());
  return names.has('*') ? null : names;
}

export async function startMaximoEmulator(opts: MaximoEmulatorOptions = {}): Promise<MaximoEmulator> {
  const sizes: Sizes = { ...DEFAULT_SIZES, ...opts.size };
  const dataset = createDataset(opts.seed ?? 7, sizes);
  const { tables, domains } = dataset;
  const credentials: MaximoCredentials = {
    api_key: opts.credentials?.api_key ?? 'mxkey-3f9c2a71d4e84b0c9a1e6f2d',
    username: opts.credentials?.username ?? 'MXINTADM',
    password: opts.credentials?.password ?? 'maxadmin-Secret1',
  };
  let keyRevoked = false;
  const denied = new Set<string>();
  /** mxe.oslc.maxpagesize ('*') and mxe.oslc.<os>.maxpagesize. */
  const maxPageSizes = new Map<string, number>(opts.maxPageSize ? [['*', opts.maxPageSize]] : []);
  const stats = { requests: 0, lists: 0, writes: 0, authFailures: 0 };
  let lastMs = ANCHOR_MS;
  let rowstamp = 9_000_000;
  let createdPos = 0;
  const clock = () => { lastMs = Math.max(lastMs, Math.floor(Date.now() / 1000) * 1000); return lastMs; };
  const pki = opts.tls ? privatePki() : null;

  const stamp = (entity: MaximoEntity, rec: Rec) => {
    const ms = clock();
    rec[tables[entity].timeAttr] = maximoDate(ms, siteOffset(rec.siteid));
    rec._rowstamp = String(++rowstamp);
    tables[entity].put(rec, ms);
  };
  const setStatus = (entity: MaximoEntity, rec: Rec, value: string) => {
    const max = domains[entity].get(value) ?? value;
    rec.status = value;
    rec.status_maxvalue = max;
    rec.status_description = STATUS_DESCRIPTIONS[max] ?? value;
  };

  const serialize = (entity: MaximoEntity, rec: Rec, base: string, select: Set<string> | null, dropNulls: boolean, lean: boolean): Rec => {
    const out: Rec = { href: `${base}/os/${OS_OF[entity]}/${keyId(tables[entity].keyOf(rec))}` };
    for (const [k, v] of Object.entries(rec)) {
      if (select && !select.has(k) && k !== '_rowstamp' && !select.has(k.replace(/_(description|maxvalue)$/, ''))) continue;
      if (dropNulls && (v === null || v === undefined)) continue;
      out[k] = Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([, y]) => !(dropNulls && y === null))) : x)) : v;
    }
    if (lean) return out;
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k === 'href' ? 'rdf:about' : `spi:${k}`, v]));
  };

  /** Picks `count` live records spread over the listing, or the given remote ids. */
  const pick = (entity: MaximoEntity, count: number, ids?: string[]): Rec[] => {
    const t = tables[entity];
    if (ids) return ids.map((id) => { const r = t.get(id); if (!r) throw new Error(`no ${entity} ${id}`); return r; });
    const total = t.countFrom(null);
    const stride = Math.max(1, Math.floor(total / Math.max(1, count)));
    const out: Rec[] = [];
    let n = 0;
    for (const e of t.stream(null)) {
      if (n++ % stride === 0) out.push(e.rec);
      if (out.length >= count) break;
    }
    return out;
  };
  const clone = (r: Rec): Rec => structuredClone(r);

  let server: MaximoEmulator;

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL) => {
    stats.requests++;
    const who = /^\/maximo\/(api|oslc)\/whoami$/i.exec(url.pathname);
    const m = who ? null : /^\/maximo\/(api|oslc)\/os\/([^/]+)(?:\/(.+))?$/i.exec(url.pathname);
    if (!m && !who) return maxError(res, 404, 'BMXAA8727E', `The resource ${url.pathname} was not found.`);
    const [, flavour, osName, idPart] = m ?? [who![0], who![1], '', undefined];
    // ---- authentication (both paths accept both, as 7.6 does)
    const apikey = (req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey') ?? undefined;
    const maxauth = req.headers.maxauth as string | undefined;
    let user = credentials.username;
    if (apikey !== undefined) {
      if (keyRevoked || apikey !== credentials.api_key) { stats.authFailures++; return maxError(res, 400, 'BMXAA9549E', 'The API key is not valid. It might have expired or been revoked.'); }
    } else if (maxauth !== undefined) {
      const raw = Buffer.from(maxauth, 'base64').toString('utf8');
      const i = raw.indexOf(':');
      user = raw.slice(0, i);
      if (i < 0 || user.toUpperCase() !== credentials.username.toUpperCase() || raw.slice(i + 1) !== credentials.password) {
        stats.authFailures++;
        return maxError(res, 401, 'BMXAA7901E', 'You cannot log in at this time. Contact the system administrator.');
      }
    } else {
      stats.authFailures++;
      return maxError(res, 401, 'BMXAA7901E', 'You cannot log in at this time. Contact the system administrator.');
    }
    if (who) return sendJson(res, 200, { userid: user.toUpperCase(), personid: user.toUpperCase(), displayname: 'Integration Administrator', defsite: SITES[0].siteid, defaultOrg: ORG, langcode: 'EN' });
    const os = osName.toLowerCase();
    const entity = ENTITY_OF_OS[os];
    if (!entity) return maxError(res, 404, 'BMXAA8727E', `The object structure ${os.toUpperCase()} was not found.`);
    if (denied.has(os)) return maxError(res, 400, 'BMXAA9301E', `User ${user.toUpperCase()} is not authorized to use the object structure ${os.toUpperCase()}. Ask your administrator for access.`);
    const override = String(req.headers['x-method-override'] ?? '').toUpperCase();
    const pageno = Math.max(1, Number(url.searchParams.get('pageno') ?? 1) || 1);
    if (server.onRequest) await server.onRequest({ method: override || req.method || 'GET', os, pageno: idPart ? null : pageno });
    const lean = url.searchParams.get('lean') === '1';
    const base = `${pki ? 'https' : 'http'}://${req.headers.host}/maximo/${flavour}`;
    const select = selectNames(url.searchParams.get('oslc.select'));
    const dropNulls = url.searchParams.get('_dropnulls') !== '0';
    const t = tables[entity];
    const wantsBody = req.headers.properties !== undefined;

    // ---- one record
    if (idPart) {
      const key = fromKeyId(idPart.split('?')[0]);
      const rec = t.get(key);
      if (!rec) return maxError(res, 404, 'BMXAA8727E', `The ${os.toUpperCase()} resource ${idPart} was not found.`);
      if (req.method === 'GET' && !override) return sendJson(res, 200, serialize(entity, rec, base, select, dropNulls, lean));
      if (req.method === 'DELETE' || override === 'DELETE') { stats.writes++; t.remove(key); res.writeHead(204); return res.end(); }
      if (req.method === 'POST' && override === 'PATCH') {
        stats.writes++;
        let patch: Rec;
        try { patch = JSON.parse(body.toString('utf8') || '{}') as Rec; } catch { return maxError(res, 400, 'BMXAA9362E', 'The JSON in the request body is not valid.'); }
        const next = clone(rec);
        for (const [k, v] of Object.entries(patch)) {
          const attr = k.toLowerCase();
          if (attr === 'assetmeter' && entity === 'assets') {
            const refused = postReadings(next, v, user);
            if (refused) return maxError(res, 400, refused.code, refused.message, { errorattrname: refused.attr, errorobjpath: 'assetmeter' });
            continue;
          }
          if (attr === 'status') {
            const value = String(v);
            if (!domains[entity].has(value)) return maxError(res, 400, 'BMXAA4190E', `Status ${value} is not a valid status for ${os.toUpperCase()}.`, { errorattrname: 'status', errorobjpath: entity === 'work-orders' ? 'workorder' : os });
            const cur = String(rec.status_maxvalue ?? rec.status);
            if (entity === 'work-orders' && (cur === 'CLOSE' || cur === 'CAN') && domains[entity].get(value) !== cur) {
              return maxError(res, 400, 'BMXAA4590E', `Work order ${String(rec.wonum)} has the status ${String(rec.status)}; its status cannot be changed.`, { errorattrname: 'status', errorobjpath: 'workorder' });
            }
            setStatus(entity, next, value);
            const max = String(next.status_maxvalue);
            if ((max === 'COMP' || max === 'CLOSE') && !next.actfinish) next.actfinish = maximoDate(clock(), siteOffset(rec.siteid));
            continue;
          }
          if (attr === 'wopriority' && v !== null && !(Number.isInteger(v) && (v as number) >= 0)) {
            return maxError(res, 400, 'BMXAA4136E', `The value ${JSON.stringify(v)} for wopriority is not a number.`, { errorattrname: 'wopriority', errorobjpath: 'workorder' });
          }
          if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v))) next[attr] = maximoDate(Date.parse(v), siteOffset(rec.siteid));
          else next[attr] = v;
        }
        stamp(entity, next);
        if (!wantsBody) { res.writeHead(204); return res.end(); }
        return sendJson(res, 200, serialize(entity, next, base, null, dropNulls, lean));
      }
      return maxError(res, 400, 'BMXAA9360E', `The method ${override || req.method} is not supported for a ${os.toUpperCase()} resource.`);
    }

    // ---- create
    if (req.method === 'POST') {
      stats.writes++;
      if (override === 'BULK') return maxError(res, 400, 'BMXAA9360E', 'BULK is not supported by this emulator.');
      if (entity !== 'purchase-orders' && entity !== 'service-requests') return maxError(res, 400, 'BMXAA9360E', `Creating ${os.toUpperCase()} records is not supported by this emulator.`);
      let input: Rec;
      try { input = JSON.parse(body.toString('utf8') || '{}') as Rec; } catch { return maxError(res, 400, 'BMXAA9362E', 'The JSON in the request body is not valid.'); }
      const created = entity === 'service-requests' ? createSr(input, user) : createPo(input);
      if ('error' in created) return maxError(res, 400, created.error.code, created.error.message, { errorattrname: created.error.attr, errorobjpath: created.error.obj });
      const href = `${base}/os/${os}/${keyId(t.keyOf(created.rec))}`;
      if (!wantsBody) { res.writeHead(201, { location: href }); return res.end(); }
      return sendJson(res, 201, serialize(entity, created.rec, base, null, dropNulls, lean), { location: href });
    }
    if (req.method !== 'GET') return maxError(res, 400, 'BMXAA9360E', `The method ${req.method} is not supported.`);

    // ---- list
    stats.lists++;
    let clauses: Clause[] = [];
    const where = url.searchParams.get('oslc.where');
    try { if (where) clauses = parseWhere(where); } catch (err) {
      const msg = (err as Error).message;
      const [code, ...rest] = msg.split(' - ');
      return maxError(res, 400, err instanceof WhereError ? code : 'BMXAA7873E', rest.join(' - ') || msg);
    }
    let fromMs: number | null = null;
    const rest: Clause[] = [];
    for (const c of clauses) {
      if (c.attr === t.timeAttr && (c.op === '>=' || c.op === '>') && typeof c.value === 'string' && Number.isFinite(Date.parse(c.value))) {
        const ms = Date.parse(c.value) + (c.op === '>' ? 1 : 0);
        fromMs = fromMs === null ? ms : Math.max(fromMs, ms);
      } else rest.push(c);
    }
    const size = Math.min(Math.max(1, Number(url.searchParams.get('oslc.pageSize') ?? 1000) || 1000), 10_000);
    const maxSize = maxPageSizes.get(os) ?? maxPageSizes.get('*');
    if (maxSize !== undefined && url.searchParams.has('oslc.pageSize') && size > maxSize) {
      return sendJson(res, 400, { Error: { message: `The requested page size ${size} exceeds the maximum page size ${maxSize} (mxe.oslc.maxpagesize).`, statusCode: '400' } });
    }
    const skip = (pageno - 1) * size;
    const members: Rec[] = [];
    let seen = 0;
    let more = false;
    // newest first when asked (-<time attribute>); the stream is oldest first
    const newestFirst = (url.searchParams.get('oslc.orderBy') ?? '').startsWith(`-${t.timeAttr}`);
    const stream = newestFirst ? [...t.stream(fromMs)].filter((e) => !rest.length || matches(e.rec, rest)).reverse() : t.stream(fromMs);
    for (const e of stream) {
      if (rest.length && !matches(e.rec, rest)) continue;
      if (seen++ < skip) continue;
      if (members.length === size) { more = true; break; }
      members.push(serialize(entity, e.rec, base, select, dropNulls, lean));
    }
    const self = new URL(url.toString());
    const selfHref = (p: number) => { self.searchParams.set('pageno', String(p)); return `${base}/os/${os}?${self.searchParams.toString()}`; };
    const info: Rec = { href: selfHref(pageno), pagenum: pageno };
    if (url.searchParams.get('collectioncount') === '1') {
      const total = rest.length ? [...t.stream(fromMs)].filter((e) => matches(e.rec, rest)).length : t.countFrom(fromMs);
      info.totalCount = total;
      info.totalPages = Math.ceil(total / size);
    }
    if (more) info.nextPage = { href: selfHref(pageno + 1) };
    if (pageno > 1) info.previousPage = { href: selfHref(pageno - 1) };
    if (server.faults.malformedNext > 0 && members.length > 0) {
      server.faults.malformedNext--;
      const bad = members[Math.floor(members.length / 2)];
      bad[lean ? t.timeAttr : `spi:${t.timeAttr}`] = 'yesterday afternoon';
    }
    const payload = lean ? { member: members, responseInfo: info } : { 'rdfs:member': members, 'oslc:responseInfo': info };
    if (server.faults.truncateNext > 0) { server.faults.truncateNext--; return sendTruncated(res, payload); }
    return sendJson(res, 200, payload);
  };

  let createdReadings = 0;
  let createdSrs = 0;
  /** New readings posted on an asset's meters (`newreading`, `newreadingdate`, `remarks`); the first refusal, or null. */
  function postReadings(asset: Rec, entries: unknown, user: string): { code: string; message: string; attr: string } | null {
    if (!Array.isArray(entries)) return { code: 'BMXAA-EMU-JSON', message: 'assetmeter must be a list.', attr: 'assetmeter' };
    const meters = ((asset.assetmeter as Rec[] | undefined) ?? []).map((m) => ({ ...m }));
    const offset = siteOffset(asset.siteid);
    for (const e of entries as Rec[]) {
      if (e?.newreading === undefined || e.newreading === null) continue;
      const meter = meters.find((m) => m.metername === e.metername);
      if (!meter) return { code: 'BMXAA-EMU-METER', message: `Meter ${String(e.metername)} is not a meter of asset ${String(asset.assetnum)}.`, attr: 'metername' };
      const text = String(e.newreading).trim();
      const numeric = /^-?\d+(\.\d+)?$/.test(text);
      if (meter.metertype === 'CHARACTERISTIC' ? !(SEAL_CHECK.values as readonly string[]).includes(text) : !numeric) {
        return { code: 'BMXAA-EMU-VALUE', message: meter.metertype === 'CHARACTERISTIC' ? `${text} is not a value of the domain ${String(meter.domainid)}.` : `The reading ${text} is not a number.`, attr: 'newreading' };
      }
      if (meter.metertype === 'CONTINUOUS' && meter.lastreading !== null && Number(text) < Number(meter.lastreading)) {
        return { code: 'BMXAA-EMU-ROLLBACK', message: `The reading ${text} is less than the last reading ${String(meter.lastreading)} of the continuous meter ${String(meter.metername)}.`, attr: 'newreading' };
      }
      const whenMs = e.newreadingdate === undefined ? clock() : Date.parse(String(e.newreadingdate));
      if (!Number.isFinite(whenMs)) return { code: 'BMXAA-EMU-DATE', message: `The date ${String(e.newreadingdate)} is not valid.`, attr: 'newreadingdate' };
      const key = `${String(asset.assetnum)}/${String(asset.siteid)}`;
      for (const r of tables['meter-readings'].stream(null)) {
        if (`${String(r.rec.assetnum)}/${String(r.rec.siteid)}` === key && r.rec.metername === meter.metername && Date.parse(String(r.rec.readingdate)) === whenMs) {
          return { code: 'BMXAA-EMU-DUPLICATE', message: `Meter ${String(meter.metername)} of asset ${String(asset.assetnum)} already has a reading at ${String(r.rec.readingdate)}.`, attr: 'newreadingdate' };
        }
      }
      const reading: Rec = {
        meterreadingid: 600_000 + ++createdReadings, assetnum: asset.assetnum, siteid: asset.siteid, orgid: ORG, metername: meter.metername,
        reading: meter.metertype === 'GAUGE' ? Number(text) : text, readingdate: maximoDate(whenMs, offset), inspector: e.inspector ?? user.toUpperCase(),
        remarks: e.remarks ?? null, enterby: user.toUpperCase(),
      };
      stamp('meter-readings', reading);
      if (meter.lastreadingdate === null || meter.lastreadingdate === undefined || Date.parse(String(meter.lastreadingdate)) <= whenMs) {
        meter.lastreading = text;
        meter.lastreadingdate = maximoDate(whenMs, offset);
      }
    }
    asset.assetmeter = meters;
    return null;
  }

  function createSr(input: Rec, user: string): { rec: Rec } | { error: { code: string; message: string; attr: string; obj: string } } {
    const err = (code: string, message: string, attr: string) => ({ error: { code, message, attr, obj: 'sr' } });
    const lower = Object.fromEntries(Object.entries(input).map(([k, v]) => [k.toLowerCase(), v]));
    const siteid = String(lower.siteid ?? SITES[0].siteid);
    const site = SITES.find((x) => x.siteid === siteid);
    if (!site) return err('BMXAA2661E', `Site ${siteid} is not a valid site.`, 'siteid');
    if (typeof lower.description !== 'string' || lower.description.trim() === '') return err('BMXAA-EMU-REQUIRED', 'Summary is a required field.', 'description');
    if (lower.assetnum !== undefined && !tables.assets.get(`${String(lower.assetnum)}/${siteid}`)) return err('BMXAA-EMU-ASSET', `Asset ${String(lower.assetnum)} is not a valid asset in site ${siteid}.`, 'assetnum');
    if (lower.location !== undefined && !tables.locations.get(`${String(lower.location)}/${siteid}`)) return err('BMXAA2661E', `Location ${String(lower.location)} is not a valid location.`, 'location');
    if (lower.reportedpriority !== undefined && !(Number.isInteger(lower.reportedpriority) && (lower.reportedpriority as number) >= 1 && (lower.reportedpriority as number) <= 4)) {
      return err('BMXAA4136E', `The value ${JSON.stringify(lower.reportedpriority)} for reportedpriority is not valid.`, 'reportedpriority');
    }
    const asset = lower.assetnum !== undefined ? tables.assets.get(`${String(lower.assetnum)}/${siteid}`) : undefined;
    const rec: Rec = {
      ticketid: String(1000 + dataset.sizes.serviceRequests + createdSrs++), class: 'SR', siteid, orgid: ORG,
      description: lower.description, description_longdescription: lower.description_longdescription ?? null,
      status: 'NEW', status_maxvalue: 'NEW', status_description: STATUS_DESCRIPTIONS.NEW,
      reportedpriority: lower.reportedpriority ?? null, assetnum: lower.assetnum ?? null, location: lower.location ?? asset?.location ?? null,
      reportedby: user.toUpperCase(), reportdate: maximoDate(clock(), site.offset), relatedrecord: [],
    };
    stamp('service-requests', rec);
    return { rec };
  }

  function createPo(input: Rec): { rec: Rec } | { error: { code: string; message: string; attr: string; obj: string } } {
    const err = (code: string, message: string, attr: string, obj = 'po') => ({ error: { code, message, attr, obj } });
    const lower = Object.fromEntries(Object.entries(input).map(([k, v]) => [k.toLowerCase(), v]));
    const siteid = String(lower.siteid ?? '');
    const site = SITES.find((s) => s.siteid === siteid);
    if (!site) return err('BMXAA2661E', `Site ${siteid || '(none)'} is not a valid site.`, 'siteid');
    const orgid = String(lower.orgid ?? ORG);
    const vendorCode = String(lower.vendor ?? '');
    const vendor = tables.vendors.get(`${vendorCode}/${orgid}`);
    if (!vendor) return err('BMXAA4191E', `Vendor ${vendorCode || '(none)'} is not a valid company in organization ${orgid}.`, 'vendor');
    if (vendor.disabled === true) return err('BMXAA4209E', `Company ${vendorCode} is disabled and cannot be used on a purchase order.`, 'vendor');
    const currency = String(lower.currencycode ?? '');
    if (!['USD', 'EUR', 'CAD', 'GBP'].includes(currency)) return err('BMXAA4191E', `Currency code ${currency || '(none)'} is not a valid currency.`, 'currencycode');
    const lines = Array.isArray(lower.poline) ? (lower.poline as Rec[]) : [];
    if (lines.length === 0) return err('BMXAA4201E', 'A purchase order needs at least one line.', 'poline');
    let total = 0;
    const poline: Rec[] = [];
    for (const [k, l] of lines.entries()) {
      const storeloc = String(l.storeloc ?? '');
      if (storeloc !== site.store) return err('BMXAA2661E', `Location ${storeloc || '(none)'} is not a valid location.`, 'storeloc', 'poline');
      const itemnum = String(l.itemnum ?? '');
      const item = tables['inventory-items'].get(`${itemnum}/${String(l.itemsetid ?? ITEMSET)}/${storeloc}/${siteid}`);
      if (!item) return err('BMXAA4191E', `Item ${itemnum || '(none)'} is not a valid item for storeroom ${storeloc}.`, 'itemnum', 'poline');
      const orderqty = l.orderqty;
      if (typeof orderqty !== 'number' || !(orderqty > 0)) return err('BMXAA4193E', 'The order quantity must be greater than zero.', 'orderqty', 'poline');
      const unitcost = typeof l.unitcost === 'number' ? l.unitcost : Number(item.avgcost ?? 0);
      const linecost = orderqty * unitcost;
      total += linecost;
      poline.push({ polinenum: k + 1, itemnum, itemsetid: ITEMSET, storeloc, description: l.description ?? item.description, orderqty, orderunit: item.issueunit, unitcost, linecost, receivedqty: 0, linetype: 'ITEM' });
    }
    const ms = clock();
    const known = new Set(['siteid', 'orgid', 'vendor', 'currencycode', 'poline', 'requireddate', 'description', 'status']);
    const custom = Object.fromEntries(Object.entries(lower).filter(([k]) => !known.has(k)));
    const rec: Rec = {
      ponum: String(1000 + dataset.sizes.purchaseOrders + createdPos++), revisionnum: 0, siteid, orgid, description: lower.description ?? `Order for ${String(poline[0].description)}`,
      status: 'WAPPR', status_maxvalue: 'WAPPR', status_description: STATUS_DESCRIPTIONS.WAPPR,
      vendor: vendorCode, vendor_description: vendor.name, currencycode: currency,
      orderdate: maximoDate(ms, site.offset),
      requireddate: typeof lower.requireddate === 'string' && Number.isFinite(Date.parse(lower.requireddate)) ? maximoDate(Date.parse(lower.requireddate), site.offset) : null,
      totalcost: total, ...custom, poline,
    };
    stamp('purchase-orders', rec);
    return { rec };
  }

  server = await startEmulator({ handler: async (req, res, body, url) => { await handler(req, res, body, url); }, tls: pki ? { key: pki.key, cert: pki.cert } : undefined, port: opts.port }) as MaximoEmulator;
  const emu = server;
  emu.credentials = credentials;
  emu.dataset = dataset;
  emu.caCert = pki?.caCert ?? null;
  emu.stats = stats;
  emu.onRequest = null;
  emu.liveRemoteIds = (entity) => entity === 'meters'
    ? [...tables.assets.stream(null)].flatMap((e) => ((e.rec.assetmeter as Rec[] | undefined) ?? []).map((m) => `${e.key}/${String(m.metername)}`))
    : tables[entity].liveKeys();
  emu.record = (entity, id) => tables[entity].get(id);

  const entityArg = (a: Record<string, unknown>): MaximoEntity => {
    const e = (a.entity ?? 'work-orders') as MaximoEntity;
    if (!tables[e]) throw new Error(`unknown entity ${String(a.entity)}`);
    return e;
  };
  const mutate = (entity: MaximoEntity, rec: Rec, n: number) => {
    if (entity === 'vendors') rec.name = `${String(rec.name)} (rev ${n})`;
    else if (entity === 'inventory-items') rec.curbaltotal = Number(rec.curbaltotal ?? 0) + 1;
    else rec.description = `${String(rec.description ?? '')} (rev ${n})`;
  };
  let revision = 0;
  Object.assign(emu.commands, {
    rotateCredentials: () => {
      credentials.api_key = `mxkey-${crypto.randomBytes(12).toString('hex')}`;
      credentials.password = `pw-${crypto.randomBytes(6).toString('hex')}`;
      keyRevoked = false;
      return { ...credentials };
    },
    revokeApiKey: () => { keyRevoked = true; return { revoked: true }; },
    changeRecords: (a: Record<string, unknown>) => {
      const entity = entityArg(a);
      const changed: string[] = [];
      revision++;
      for (const r of pick(entity, Number(a.count ?? 1), a.ids as string[] | undefined)) {
        const rec = clone(r);
        mutate(entity, rec, revision);
        const set = (a.set ?? {}) as Rec;
        for (const [k, v] of Object.entries(set)) rec[k] = v;
        if (typeof set.status === 'string' && set.status_maxvalue === undefined) {
          rec.status_maxvalue = domains[entity].get(set.status) ?? set.status;
          rec.status_description = STATUS_DESCRIPTIONS[String(rec.status_maxvalue)] ?? set.status;
        }
        stamp(entity, rec);
        changed.push(tables[entity].keyOf(rec));
      }
      return { changed };
    },
    deleteRecords: (a: Record<string, unknown>) => {
      const entity = entityArg(a);
      const victims = pick(entity, Number(a.count ?? 1), a.ids as string[] | undefined).map((r) => tables[entity].keyOf(r));
      for (const k of victims) tables[entity].remove(k);
      return { deleted: victims };
    },
    addSynonymStatus: (a: Record<string, unknown>) => {
      const entity = entityArg(a);
      const value = String(a.value);
      const maxvalue = String(a.maxvalue);
      domains[entity].set(value, maxvalue);
      const changed: string[] = [];
      const n = Number(a.apply ?? 0);
      if (n > 0 || a.ids) {
        for (const r of pick(entity, n, a.ids as string[] | undefined)) {
          const rec = clone(r);
          setStatus(entity, rec, value);
          stamp(entity, rec);
          changed.push(tables[entity].keyOf(rec));
        }
      }
      return { value, maxvalue, changed };
    },
    setMaxPageSize: (a: Record<string, unknown>) => {
      const key = typeof a.os === 'string' ? a.os.toLowerCase() : '*';
      if (a.size === null || a.size === undefined) maxPageSizes.delete(key); else maxPageSizes.set(key, Math.max(1, Number(a.size)));
      return { maxPageSizes: Object.fromEntries(maxPageSizes) };
    },
    denyObjectStructure: (a: Record<string, unknown>) => {
      const os = String(a.os).toLowerCase();
      if (a.allow) denied.delete(os); else denied.add(os);
      return { denied: [...denied] };
    },
  });
  return emu;
}

export type { Table };
