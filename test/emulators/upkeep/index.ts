// The UpKeep emulator: UpKeep's REST API v2 as the connector meets it on the
// wire (https://developers.onupkeep.com/), on the shared emulator shell.
//
// Quirks it reproduces:
// - POST /api/v2/auth {email, password} (JSON or form-encoded) → {"success":true,"result":{"sessionToken":"r:…","expiresAt":"…Z"}};
//   wrong credentials → 401 {"success":false,"message":"Invalid email or password"}; missing ones → 400.
// - `Session-Token` on every call; an expired/revoked/unknown token → 401 {"success":false,"message":"Session token expired"}.
//   A password change (rotateCredentials) revokes every session, like a password reset does.
// - Envelopes {"success":true,"results":[…]} / {"success":true,"result":{…}}, errors {"success":false,"message":"…"}.
// - Lists page with limit (capped at `maxLimit`, default 100) and offset; the default order is createdAt DESC
//   (newest first); `orderBy=updatedAt ASC|createdAt ASC|createdAt DESC`; `updatedAtGreaterThan` filters strictly.
// - Relations are bare ids unless expanded with `includes=` (repeated, `includes[]=`, or comma-separated);
//   purchase orders expand `vendor`.
// - Priorities are integers 0–3; statuses camelCase; money is JSON numbers; timestamps ISO with ms and Z;
//   ids are 10-character strings; custom fields are arrays of {name, value}.
// - No deletion feed: a deleted record just disappears from lists (404 on read).
// - Meters (/meters) with their readings under them (/meters/:id/readings: GET newest first, POST {value, date}),
//   requests (/requests, POST creates one `open`), preventive maintenance (/pm). These names and the
//   readings' sub-resource come from third-party material, not the vendor's pages [?]; so do the fields:
//   a meter {name, units, frequency, asset, location}, a reading {meter, value, date, user}, a request
//   {requestNo, title, description, status open|approved|rejected, priority, asset, location, workOrder},
//   a PM {title, asset, location, priority, isPaused, schedules[{repeatFrequency, repeatInterval, nextDueDate}]}.
//   A reading for an unknown meter → 404 "Meter not found"; a value that is not a number → 400. UpKeep
//   is not known to refuse two readings of one meter at the same time, and the emulator does not.
// Side channel (server.commands, also POST /__emulator/<name>): expireSessions, rotateCredentials,
// changeRecords {entity, count}, deleteRecords {entity, count}, putRecord {entity, record}, setSessionTtl {seconds},
// setMaxLimit {limit} (the server's page cap: a larger `limit` is silently lowered),
// denyResource {resource, allow?} (the user's role or the account's plan does not include a
// resource: 403 {"success":false,…}; [?] UpKeep's exact message is not documented).
// HTML error pages (the CDN or load balancer answering): the shared `html` fault.
import crypto from 'node:crypto';
import type http from 'node:http';
import { startEmulator, sendJson, sendTruncated, type EmulatorServer } from '../common/server.js';
import { privatePki } from '../common/tls.js';
import { createStores, defaultSizes, resourceOf, resources, WORK_ORDER_STATUSES, type Rec, type Resource, type Sizes, type Store } from './data.js';

const newId = (prefix: string) => `${prefix}${crypto.randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10 - prefix.length)}`;

export interface UpKeepEmulatorOptions {
  seed?: number;
  size?: Partial<Sizes>;
  tls?: boolean;
  port?: number;
  credentials?: { email: string; password: string };
  /** How long a session token lives (UpKeep: long; tests shorten it). */
  sessionTtlSeconds?: number;
  /** The largest `limit` a list honours. */
  maxLimit?: number;
}

export interface UpKeepStats {
  logins: number;
  failedLogins: number;
  /** Every request to the API (not the side channel), by "METHOD /path". */
  requests: number;
  byRoute: Record<string, number>;
}

export interface UpKeepEmulator extends EmulatorServer {
  /** The credentials that work now. */
  readonly credentials: { email: string; password: string };
  readonly stores: Record<Resource, Store>;
  readonly stats: UpKeepStats;
  /** The private CA that signed the HTTPS certificate (tls: true). */
  readonly caCert: string | null;
}

interface SessionRec { expiresAtMs: number }

export async function startUpKeepEmulator(opts: UpKeepEmulatorOptions = {}): Promise<UpKeepEmulator> {
  const seed = opts.seed ?? 4242;
  const stores = createStores(seed, { ...defaultSizes, ...opts.size });
  let creds = { ...(opts.credentials ?? { email: 'maintenance@riverside.example', password: 'Up-Keep-2026!' }) };
  let ttlMs = (opts.sessionTtlSeconds ?? 86_400) * 1000;
  let maxLimit = opts.maxLimit ?? 100;
  const deniedResources = new Set<string>();
  const sessions = new Map<string, SessionRec>();
  const stats: UpKeepStats = { logins: 0, failedLogins: 0, requests: 0, byRoute: {} };
  let lastClock = 0;
  let changeRound = 0;
  let rotations = 0;
  let poCounter = 9000;
  let server!: EmulatorServer;

  /** Strictly increasing change times, so every change sorts after the one before. */
  const clock = () => { lastClock = Math.max(Date.now(), lastClock + 1); return new Date(lastClock).toISOString(); };
  const fail = (res: http.ServerResponse, status: number, message: string) => sendJson(res, status, { success: false, message });

  const parseBody = (req: http.IncomingMessage, body: Buffer): Record<string, unknown> => {
    if (!body.length) return {};
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body.toString()));
    const v = JSON.parse(body.toString()) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  };

  const includesOf = (url: URL): string[] => [...url.searchParams.getAll('includes'), ...url.searchParams.getAll('includes[]')]
    .flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

  const present = (resource: Resource, rec: Rec, includes: string[]): Rec => {
    if (resource === 'purchase-orders' && includes.includes('vendor') && typeof rec.vendor === 'string') {
      const v = stores.vendors.get(rec.vendor);
      return { ...rec, vendor: v ? { id: v.id, businessName: v.businessName, email: v.email, phoneNumber: v.phoneNumber } : rec.vendor };
    }
    return rec;
  };

  const list = (res: http.ServerResponse, resource: Resource, url: URL, only?: (r: Rec) => boolean) => {
    const q = url.searchParams;
    const limit = Math.min(Math.max(Number(q.get('limit') ?? 100) || 100, 1), maxLimit);
    const offset = Math.max(Number(q.get('offset') ?? 0) || 0, 0);
    const after = q.get('updatedAtGreaterThan');
    const afterMs = after === null ? null : Date.parse(after);
    if (afterMs !== null && !Number.isFinite(afterMs)) return fail(res, 400, 'Invalid date for updatedAtGreaterThan');
    const order = (q.get('orderBy') ?? 'createdAt DESC').replace(/\s+/g, ' ').trim();
    const store = stores[resource];
    let it: Iterable<Rec>;
    if (order === 'updatedAt ASC') it = store.updatedAsc(afterMs);
    else if (order === 'createdAt DESC' || order === 'createdAt ASC') {
      const all = order === 'createdAt DESC' ? store.createdDesc() : store.createdAsc();
      it = afterMs === null ? all : (function* () { for (const r of all) if (Date.parse(r.updatedAt) > afterMs) yield r; })();
    } else return fail(res, 400, `Invalid orderBy "${order}"`);
    const page: Rec[] = [];
    let skipped = 0;
    for (const r of it) {
      if (only && !only(r)) continue;
      if (skipped < offset) { skipped++; continue; }
      page.push(r);
      if (page.length >= limit) break;
    }
    const includes = includesOf(url);
    const results: unknown[] = page.map((r) => present(resource, r, includes));
    if (server.faults.malformedNext > 0 && results.length > 0) {
      server.faults.malformedNext--;
      const k = Math.floor(results.length / 2);
      results[k] = { ...(results[k] as Rec), createdAt: '31/02/2025 25:61', title: 404, name: 404, businessName: 404 };
    }
    const body = { success: true, results };
    if (server.faults.truncateNext > 0) {
      server.faults.truncateNext--;
      return sendTruncated(res, body);
    }
    sendJson(res, 200, body);
  };

  const createPurchaseOrder = (res: http.ServerResponse, b: Record<string, unknown>) => {
    const vendor = typeof b.vendor === 'string' ? stores.vendors.get(b.vendor) : undefined;
    if (!vendor) return fail(res, 400, 'Vendor not found');
    if (b.location !== undefined && (typeof b.location !== 'string' || !stores.locations.get(b.location))) return fail(res, 400, 'Location not found');
    const parts = b.partsOrdered;
    if (!Array.isArray(parts) || parts.length === 0) return fail(res, 400, 'partsOrdered must list at least one part');
    const lines = [];
    for (const p of parts as Record<string, unknown>[]) {
      const part = typeof p?.part === 'string' ? stores.parts.get(p.part) : undefined;
      if (!part) return fail(res, 400, `Part not found: ${String(p?.part)}`);
      if (typeof p.quantity !== 'number' || !(p.quantity > 0)) return fail(res, 400, 'quantity must be a positive number');
      if (typeof p.price !== 'number' || !(p.price >= 0)) return fail(res, 400, 'price must be zero or more');
      lines.push({ part: part.id, partNumber: part.partNumber ?? null, name: (p.description as string | undefined) ?? part.name, quantity: p.quantity, price: p.price, quantityReceived: 0 });
    }
    if (b.dueDate !== undefined && (typeof b.dueDate !== 'string' || !Number.isFinite(Date.parse(b.dueDate)))) return fail(res, 400, 'Invalid dueDate');
    const now = clock();
    const rec: Rec = {
      id: `po${crypto.randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8)}`,
      purchaseOrderNo: String(++poCounter),
      title: typeof b.title === 'string' ? b.title : `Order for ${vendor.businessName as string}`,
      status: 'awaitingApproval',
      vendor: vendor.id,
      location: (b.location as string | undefined) ?? null,
      ...(typeof b.currency === 'string' ? { currency: b.currency } : {}),
      datePurchased: now,
      dueDate: (b.dueDate as string | undefined) ?? null,
      partsOrdered: lines,
      totalCost: lines.reduce((s, l) => s + Math.round(l.quantity * l.price * 100), 0) / 100,
      ...(Array.isArray(b.customFields) ? { customFields: b.customFields } : {}),
      createdAt: now,
      updatedAt: now,
    };
    stores['purchase-orders'].put(rec);
    sendJson(res, 200, { success: true, result: rec });
  };

  const addReading = (res: http.ServerResponse, meterId: string, b: Record<string, unknown>) => {
    const meter = stores.meters.get(meterId);
    if (!meter) return fail(res, 404, 'Meter not found');
    if (typeof b.value !== 'number' || !Number.isFinite(b.value)) return fail(res, 400, 'value must be a number');
    if (b.date !== undefined && (typeof b.date !== 'string' || !Number.isFinite(Date.parse(b.date)))) return fail(res, 400, 'Invalid date');
    const now = clock();
    const rec: Rec = { id: newId('rd'), meter: meter.id, value: b.value, date: b.date ? new Date(Date.parse(b.date)).toISOString() : now, user: 'usrApiUser1', createdAt: now, updatedAt: now };
    stores.readings.put(rec);
    sendJson(res, 200, { success: true, result: rec });
  };

  const createRequest = (res: http.ServerResponse, b: Record<string, unknown>) => {
    if (typeof b.title !== 'string' || b.title.trim() === '') return fail(res, 400, 'title is required');
    if (b.asset !== undefined && b.asset !== null && (typeof b.asset !== 'string' || !stores.assets.get(b.asset))) return fail(res, 400, 'Asset not found');
    if (b.location !== undefined && b.location !== null && (typeof b.location !== 'string' || !stores.locations.get(b.location))) return fail(res, 400, 'Location not found');
    if (b.priority !== undefined && ![0, 1, 2, 3].includes(b.priority as number)) return fail(res, 400, 'priority must be 0, 1, 2 or 3');
    const now = clock();
    const rec: Rec = {
      id: newId('rq'), requestNo: String(stores.requests.liveCount + 1).padStart(3, '0'), title: b.title, description: typeof b.description === 'string' ? b.description : null,
      status: 'open', priority: (b.priority as number | undefined) ?? 0, asset: (b.asset as string | undefined) ?? null, location: (b.location as string | undefined) ?? null,
      requestedByUser: 'usrApiUser1', publicRequesterEmail: null, workOrder: null, createdAt: now, updatedAt: now,
    };
    stores.requests.put(rec);
    sendJson(res, 200, { success: true, result: rec });
  };

  const updateWorkOrder = (res: http.ServerResponse, id: string, b: Record<string, unknown>) => {
    const wo = stores['work-orders'].get(id);
    if (!wo) return fail(res, 404, 'Work order not found');
    const next: Rec = { ...wo };
    if (b.status !== undefined) {
      if (!(WORK_ORDER_STATUSES as readonly unknown[]).includes(b.status)) return fail(res, 400, `Invalid status "${String(b.status)}"; use open, onHold, inProgress or complete`);
      next.status = b.status;
      next.dateCompleted = b.status === 'complete' ? (wo.status === 'complete' ? wo.dateCompleted : null) : null;
    }
    if (b.priority !== undefined) {
      if (![0, 1, 2, 3].includes(b.priority as number)) return fail(res, 400, 'priority must be 0, 1, 2 or 3');
      next.priority = b.priority;
    }
    if (b.assignedToUser !== undefined) {
      if (b.assignedToUser !== null && typeof b.assignedToUser !== 'string') return fail(res, 400, 'assignedToUser must be a user id');
      next.assignedToUser = b.assignedToUser;
    }
    if (b.dueDate !== undefined) {
      if (b.dueDate !== null && (typeof b.dueDate !== 'string' || !Number.isFinite(Date.parse(b.dueDate)))) return fail(res, 400, 'Invalid dueDate');
      next.dueDate = b.dueDate === null ? null : new Date(Date.parse(b.dueDate as string)).toISOString();
    }
    if (b.description !== undefined) {
      if (b.description !== null && typeof b.description !== 'string') return fail(res, 400, 'description must be text');
      next.description = b.description;
    }
    next.updatedAt = clock();
    if (next.status === 'complete' && !next.dateCompleted) next.dateCompleted = next.updatedAt;
    stores['work-orders'].put(next);
    sendJson(res, 200, { success: true, result: next });
  };

  server = await startEmulator({
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.tls ? { tls: { key: privatePki().key, cert: privatePki().cert } } : {}),
    handler: (req, res, body, url) => {
      const method = req.method ?? 'GET';
      const readings = /^\/api\/v2\/meters\/([^/]+)\/readings\/?$/.exec(url.pathname);
      const m = readings ? null : /^\/api\/v2\/([a-z-]+)\/?([^/]*)\/?$/.exec(url.pathname);
      stats.requests++;
      const route = readings ? `${method} /meters/:id/readings` : `${method} /${m ? `${m[1]}${m[2] ? '/:id' : ''}` : url.pathname}`;
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      if (!m && !readings) return fail(res, 404, 'Not found');
      const [, name, id] = m ?? ['', 'meters', ''];

      if (name === 'auth') {
        if (method === 'DELETE') {
          sessions.delete(String(req.headers['session-token'] ?? ''));
          return sendJson(res, 200, { success: true, message: 'session deleted' });
        }
        if (method !== 'POST') return fail(res, 405, 'Method not allowed');
        let b: Record<string, unknown>;
        try { b = parseBody(req, body); } catch { return fail(res, 400, 'Invalid JSON'); }
        if (typeof b.email !== 'string' || typeof b.password !== 'string' || !b.email || !b.password) return fail(res, 400, 'email and password are required');
        if (b.email.toLowerCase() !== creds.email.toLowerCase() || b.password !== creds.password) {
          stats.failedLogins++;
          return fail(res, 401, 'Invalid email or password');
        }
        stats.logins++;
        const token = `r:${crypto.randomBytes(16).toString('hex')}`;
        const expiresAtMs = Date.now() + ttlMs;
        sessions.set(token, { expiresAtMs });
        return sendJson(res, 200, { success: true, result: { sessionToken: token, expiresAt: new Date(expiresAtMs).toISOString() } });
      }

      const token = req.headers['session-token'];
      const s = typeof token === 'string' ? sessions.get(token) : undefined;
      if (!s || s.expiresAtMs <= Date.now()) {
        if (s) sessions.delete(token as string);
        return fail(res, 401, 'Session token expired');
      }
      if (!(resources as string[]).includes(name)) return fail(res, 404, `Unknown resource ${name}`);
      const resource = name as Resource;
      if (deniedResources.has(resource) || (readings && deniedResources.has('readings'))) return fail(res, 403, `Your role does not allow access to ${readings ? 'meter readings' : resource.replace('-', ' ')}`);

      let b: Record<string, unknown> = {};
      if (method === 'POST' || method === 'PATCH') {
        try { b = parseBody(req, body); } catch { return fail(res, 400, 'Invalid JSON'); }
      }
      if (readings) {
        const meterId = decodeURIComponent(readings[1]);
        if (method === 'POST') return addReading(res, meterId, b);
        if (method !== 'GET') return fail(res, 405, 'Method not allowed');
        if (!stores.meters.get(meterId)) return fail(res, 404, 'Meter not found');
        return list(res, 'readings', url, (r) => r.meter === meterId);
      }
      if (method === 'GET' && !id) return list(res, resource, url);
      if (method === 'GET') {
        const rec = stores[resource].get(decodeURIComponent(id));
        const noun = resource.replace(/s$/, '').replace('-', ' ');
        return rec ? sendJson(res, 200, { success: true, result: present(resource, rec, includesOf(url)) }) : fail(res, 404, `${noun[0].toUpperCase()}${noun.slice(1)} not found`);
      }
      if (method === 'POST' && !id && resource === 'purchase-orders') return createPurchaseOrder(res, b);
      if (method === 'POST' && !id && resource === 'requests') return createRequest(res, b);
      if (method === 'PATCH' && id && resource === 'work-orders') return updateWorkOrder(res, decodeURIComponent(id), b);
      return fail(res, 405, 'Method not allowed');
    },
  });

  const touch = (resource: Resource, rec: Rec, round: number): Rec => {
    const next: Rec = { ...rec, updatedAt: clock() };
    if (resource === 'work-orders') {
      next.title = `${String(rec.title).replace(/ \(rev \d+\)$/, '')} (rev ${round})`;
      next.priority = ((rec.priority as number) + 1) % 4;
    } else if (resource === 'vendors') next.businessName = `${String(rec.businessName).replace(/ \(rev \d+\)$/, '')} (rev ${round})`;
    else if (resource === 'parts') next.quantity = (rec.quantity as number) + 1;
    else if (resource === 'purchase-orders' || resource === 'requests' || resource === 'pm') next.title = `${String(rec.title).replace(/ \(rev \d+\)$/, '')} (rev ${round})`;
    else if (resource === 'readings') next.value = Number(rec.value) + 1;
    else next.name = `${String(rec.name).replace(/ \(rev \d+\)$/, '')} (rev ${round})`;
    return next;
  };

  server.commands.expireSessions = () => {
    const n = sessions.size;
    sessions.clear();
    return { expired: n };
  };
  server.commands.rotateCredentials = (args) => {
    rotations++;
    creds = { email: creds.email, password: typeof args.password === 'string' ? args.password : `Rotated-${rotations}-${crypto.randomBytes(6).toString('hex')}` };
    sessions.clear(); // a password change revokes every session
    return { ...creds };
  };
  server.commands.setMaxLimit = (args) => { maxLimit = Math.max(1, Number(args.limit)); return { maxLimit }; };
  server.commands.denyResource = (args) => {
    const resource = resourceOf(String(args.resource));
    if (args.allow) deniedResources.delete(resource); else deniedResources.add(resource);
    return { denied: [...deniedResources] };
  };
  server.commands.setSessionTtl = (args) => {
    ttlMs = Number(args.seconds) * 1000;
    return { ttl_seconds: ttlMs / 1000 };
  };
  server.commands.changeRecords = (args) => {
    const resource = resourceOf(String(args.entity));
    const round = ++changeRound;
    const ids = stores[resource].pick(Number(args.count ?? 1), `change:${round}`);
    for (const id of ids) stores[resource].put(touch(resource, stores[resource].get(id)!, round));
    return { ids };
  };
  server.commands.deleteRecords = (args) => {
    const resource = resourceOf(String(args.entity));
    const ids = stores[resource].pick(Number(args.count ?? 1), `delete:${++changeRound}`);
    for (const id of ids) stores[resource].delete(id);
    return { ids };
  };
  /** Put a raw record as is (tests: unknown codes, custom fields). Its updatedAt becomes now unless given. */
  server.commands.putRecord = (args) => {
    const resource = resourceOf(String(args.entity));
    const given = args.record as Rec;
    const now = clock();
    const rec: Rec = { ...given, createdAt: given.createdAt ?? now, updatedAt: given.updatedAt ?? now };
    stores[resource].put(rec);
    return rec;
  };

  Object.defineProperty(server, 'credentials', { get: () => ({ ...creds }), enumerable: true });
  return Object.assign(server, { stores, stats, caCert: opts.tls ? privatePki().caCert : null }) as UpKeepEmulator;
}
