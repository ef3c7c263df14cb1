// systems/upkeep/ owns the UpKeep connector (cloud CMMS, REST API v2,
// https://developers.onupkeep.com/): its wire shapes (raw.ts), code tables and
// mapping (mapping.ts), session handling (session.ts), gap-free paging
// (paging.ts) and error classifier (errors.ts). This file is the Connector.
//
// Sessions: the connector logs in lazily (POST /api/v2/auth with email and
// password) and sends `Session-Token` on every call. When a call answers 401
// (the session expired or was revoked) it logs in again SILENTLY and retries that
// call once. Only a failed login is an authentication failure (kind `auth`), and
// it is never retried here: a retry loop could lock the UpKeep user.
//
// Incremental sync: `updatedAtGreaterThan` + ascending `updatedAt`, keyset-paged
// (see paging.ts). UpKeep has no deletion feed, so `reportsDeletions` is false:
// deleted records are found by absence on full listings.
import type { Got } from 'got';
import type { EntityName, MappedRecord, UpdateWorkOrder } from '../../contract/unified.js';
import { entityNames } from '../../contract/unified.js';
import {
  ConnectorError, type ChangePage, type Connector, type ConnectorConfig, type ConnectorFactory,
  type CreatePurchaseOrderRemote, type ListChangesRequest, type WriteResult,
} from '../connector.js';
import { createHttpClient, statusError } from '../http.js';
import { answerError, classifyUpKeepError, failureMessage, validationError, type Answer } from './errors.js';
import { mapRecord, UnsupportedValue, toUpKeepWorkOrderPatch } from './mapping.js';
import { decodeCursor, exclusiveBound, nextCursor, type UpKeepCursor } from './paging.js';
import {
  API_PREFIX, DEFAULT_BASE_URL, INCLUDES, LIST_PARAMS, MAX_PAGE_SIZE, RESOURCES,
  type UpKeepCreatePurchaseOrder,
} from './raw.js';
import { SessionCache, sessionKey, type Session } from './session.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface CallOptions { searchParams?: URLSearchParams; json?: unknown }

function checkEntity(entity: EntityName): void {
  if (!entityNames.includes(entity)) {
    throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(entity)}`, { code: 'invalid_request', httpStatus: 400, field: 'entity' });
  }
}

function isSuccess(json: unknown): json is Record<string, unknown> {
  return json !== null && typeof json === 'object' && (json as { success?: unknown }).success !== false;
}

export interface UpKeepConnector extends Connector {
  /** The path of every call made, in order (no secrets: paths and methods only). Tests use it. */
  readonly calls: string[];
}

export function createUpKeepConnector(config: ConnectorConfig): UpKeepConnector {
  const baseUrl = config.baseUrl ?? DEFAULT_BASE_URL;
  const email = config.credentials.email ?? '';
  const password = config.credentials.password ?? '';
  let client: Got | null = null;
  const calls: string[] = [];

  const http = (): Got => {
    if (client) return client;
    if (baseUrl.startsWith('http://') && !config.options.allow_insecure) {
      throw new ConnectorError('invalid_request', 'the UpKeep URL uses http://; use https:// or set allow_insecure', { field: 'base_url' });
    }
    client = createHttpClient({ ...config, baseUrl }, { headers: { accept: 'application/json' } });
    return client;
  };

  const send = async (method: Method, path: string, opts: CallOptions, token: string | null): Promise<Answer> => {
    calls.push(`${method} ${path}`);
    const res = await http()(`${API_PREFIX}/${path}`, {
      method,
      responseType: 'text',
      ...(opts.searchParams ? { searchParams: opts.searchParams } : {}),
      ...(opts.json !== undefined ? { json: opts.json } : {}),
      headers: token ? { 'session-token': token } : {},
    });
    let json: unknown;
    try { json = res.body ? JSON.parse(res.body) : undefined; } catch { json = undefined; }
    return { status: res.statusCode, headers: res.headers, json };
  };

  /** POST /api/v2/auth — https://developers.onupkeep.com/#authentication */
  const login = async (): Promise<Session> => {
    if (!email || !password) throw new ConnectorError('auth', 'UpKeep needs an email and a password');
    const a = await send('POST', 'auth', { json: { email, password } }, null);
    if (a.status >= 200 && a.status < 300 && isSuccess(a.json)) {
      const result = (a.json as { result?: { sessionToken?: unknown; expiresAt?: unknown } }).result;
      if (typeof result?.sessionToken !== 'string' || !result.sessionToken) {
        throw new ConnectorError('system', 'UpKeep accepted the login but sent no session token');
      }
      const expires = typeof result.expiresAt === 'string' ? Date.parse(result.expiresAt) : Number.NaN;
      // No readable expiry: use the token for an hour, then log in again.
      return { token: result.sessionToken, expiresAtMs: Number.isFinite(expires) ? expires : Date.now() + 3_600_000 };
    }
    const shared = statusError(a.status, a.headers, `UpKeep login: ${failureMessage(a)}`);
    if (shared) throw shared;
    // 400/401/403, and a 404 that is an UpKeep JSON failure (not a wrong URL): the email or password is wrong.
    if (a.status === 400 || a.status === 401 || a.status === 403 || (a.status === 404 && a.json !== undefined && !isSuccess(a.json))) {
      throw new ConnectorError('auth', `UpKeep rejected the email or password (${failureMessage(a)})`, { httpStatus: a.status });
    }
    if (a.status === 404) throw new ConnectorError('not_found', `no UpKeep API at ${baseUrl} (HTTP 404 from /${API_PREFIX}/auth)`, { httpStatus: 404 });
    throw new ConnectorError('system', `UpKeep login answered HTTP ${a.status}: ${failureMessage(a)}`, { httpStatus: a.status });
  };

  const sessions = new SessionCache(sessionKey(baseUrl, email, password), login);

  /** An authenticated call; a 401 means the session is gone: log in again once, silently, and retry. */
  const call = async (method: Method, path: string, opts: CallOptions = {}): Promise<Answer> => {
    const session = await sessions.get();
    let a = await send(method, path, opts, session.token);
    if (a.status !== 401) return a;
    sessions.invalidate(session.token);
    const fresh = await sessions.get(); // a failed login throws ConnectorError('auth')
    a = await send(method, path, opts, fresh.token);
    if (a.status === 401) {
      sessions.invalidate(fresh.token);
      throw new ConnectorError('auth', `UpKeep refused a session it had just issued (${failureMessage(a)}); the user may have lost API access`, { httpStatus: 401 });
    }
    return a;
  };

  /** A 2xx with `{success:true, result}`, or the classified error. */
  const one = async (method: Method, path: string, opts: CallOptions = {}): Promise<Record<string, unknown> | null> => {
    const a = await call(method, path, opts);
    if (a.status === 404 && method === 'GET') return null;
    if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, `${method} ${path.split('/')[0]}`);
    const result = (a.json as { result?: unknown }).result;
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw new ConnectorError('system', `UpKeep answered ${method} ${path.split('/')[0]} without a "result" record`);
    }
    return result as Record<string, unknown>;
  };

  const withIncludes = (entity: EntityName, params = new URLSearchParams()) => {
    const inc = INCLUDES[entity];
    if (inc) params.set(LIST_PARAMS.includes, inc);
    return params;
  };

  const mapOne = (entity: EntityName, raw: unknown): MappedRecord => {
    try {
      return mapRecord(entity, raw).record;
    } catch (err) {
      throw new ConnectorError('system', `UpKeep sent a record that cannot be read: ${(err as Error).message}`);
    }
  };

  const connector: UpKeepConnector = {
    calls,
    reportsDeletions: false,

    /** A cheap authenticated read: log in (if needed) and read one location. */
    async verify() {
      const params = new URLSearchParams({ [LIST_PARAMS.limit]: '1' });
      const a = await call('GET', RESOURCES.locations, { searchParams: params });
      if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, 'GET locations');
      if (!Array.isArray((a.json as { results?: unknown }).results)) {
        throw new ConnectorError('not_found', `${baseUrl} did not answer like the UpKeep API (no "results" list)`);
      }
    },

    async health() {
      await connector.verify();
    },

    async listChanges(req: ListChangesRequest): Promise<ChangePage> {
      checkEntity(req.entity);
      if (!Number.isInteger(req.pageSize) || req.pageSize < 1) {
        throw new ConnectorError('invalid_request', `pageSize must be a positive integer, got ${req.pageSize}`, { code: 'invalid_request', field: 'pageSize' });
      }
      // historyStart is not applied: UpKeep accounts are synced whole (a CMMS account's history is its asset record).
      const cur: UpKeepCursor = req.cursor ? decodeCursor(req.cursor) : { since: req.since, skip: 0 };
      const params = withIncludes(req.entity, new URLSearchParams({
        [LIST_PARAMS.limit]: String(Math.min(req.pageSize, MAX_PAGE_SIZE)),
        [LIST_PARAMS.offset]: String(cur.skip),
        [LIST_PARAMS.orderBy]: LIST_PARAMS.orderByUpdatedAsc,
      }));
      if (cur.since) params.set(LIST_PARAMS.updatedAfter, exclusiveBound(cur.since));
      const resource = RESOURCES[req.entity];
      const a = await call('GET', resource, { searchParams: params });
      if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, `GET ${resource}`);
      const results = (a.json as { results?: unknown }).results;
      if (!Array.isArray(results)) throw new ConnectorError('system', `UpKeep answered GET ${resource} without a "results" list`);

      const page: ChangePage = { records: [], deleted: [], nextCursor: nextCursor(cur, results) };
      const rejected: NonNullable<ChangePage['rejected']> = [];
      const warnings: NonNullable<ChangePage['warnings']> = [];
      for (const raw of results) {
        const id = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
        try {
          const m = mapRecord(req.entity, raw);
          page.records.push(m.record);
          for (const message of m.warnings) warnings.push({ remote_id: m.record.remote_id, message });
        } catch (err) {
          rejected.push({ remote_id: id, reason: err instanceof Error ? err.message : String(err) });
        }
      }
      if (rejected.length) page.rejected = rejected;
      if (warnings.length) page.warnings = warnings;
      return page;
    },

    async getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null> {
      checkEntity(entity);
      const raw = await one('GET', `${RESOURCES[entity]}/${encodeURIComponent(remoteId)}`, { searchParams: withIncludes(entity) });
      return raw ? mapOne(entity, raw) : null;
    },

    /** POST /api/v2/purchase-orders — https://developers.onupkeep.com/#purchase-orders */
    async createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult> {
      const body: UpKeepCreatePurchaseOrder = {
        vendor: input.vendor_id,
        ...(input.location_id ? { location: input.location_id } : {}),
        currency: input.currency,
        ...(input.expected_delivery_date ? { dueDate: input.expected_delivery_date } : {}),
        partsOrdered: input.lines.map((l) => ({
          part: l.item_id, quantity: l.quantity, price: Number(l.unit_price), ...(l.description ? { description: l.description } : {}),
        })),
        ...(input.custom_fields ? { customFields: Object.entries(input.custom_fields).map(([name, value]) => ({ name, value })) } : {}),
      };
      const created = await one('POST', RESOURCES['purchase-orders'], { json: body });
      const id = typeof created?.id === 'string' ? created.id : null;
      // Read it back with the vendor expanded, as a sync would see it.
      const raw = (id ? await one('GET', `${RESOURCES['purchase-orders']}/${encodeURIComponent(id)}`, { searchParams: withIncludes('purchase-orders') }) : null) ?? created;
      return { record: mapOne('purchase-orders', raw) };
    },

    /** PATCH /api/v2/work-orders/:id — https://developers.onupkeep.com/#work-orders */
    async updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
      let body;
      try {
        body = toUpKeepWorkOrderPatch(patch);
      } catch (err) {
        if (err instanceof UnsupportedValue) throw new ConnectorError('validation', err.message, { code: 'unsupported_value', httpStatus: 422, field: err.field });
        throw err;
      }
      const path = `${RESOURCES['work-orders']}/${encodeURIComponent(remoteId)}`;
      const a = await call('PATCH', path, { json: body });
      if (a.status === 404) throw new ConnectorError('not_found', `UpKeep has no work order ${remoteId}`, { httpStatus: 404 });
      if (a.status === 400) throw validationError(failureMessage(a));
      if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, 'PATCH work-orders');
      const result = (a.json as { result?: unknown }).result;
      return { record: mapOne('work-orders', result) };
    },

    classify: classifyUpKeepError,
  };
  return connector;
}

export const upkeepConnectorFactory: ConnectorFactory = (config) => createUpKeepConnector(config);
