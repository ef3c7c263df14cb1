// ibm-maximo/ owns the IBM Maximo connector (7.6 on-prem and MAS Manage): the
// REST/OSLC JSON wire format (raw.ts), record keys, hrefs and the listing cursor
// (keys.ts), amounts (money.ts), the code tables and the member → unified mapping
// (mapping.ts), and the BMXAA error classifier (errors.ts). This file speaks HTTP:
// it lists object structures page by page, reads one record, creates purchase
// orders and updates work orders.
//
// Auth: an API key ({api_key}) goes to /maximo/api/os/<os> with the `apikey` header
// (7.6.0.9+ and MAS); a user and password ({username, password}) go to
// /maximo/oslc/os/<os> with `maxauth: base64(user:pass)` (Maximo native
// authentication, 7.6 only — MAS needs an API key).
//
// Listing: lean=1, oslc.select=*, oslc.orderBy=+changedate,+<key attributes>,
// oslc.pageSize, pageno; incremental by oslc.where=changedate>="…-00:00". Maximo has no
// deletion feed: reportsDeletions is false, so incremental syncs do not see deleted
// records and the engine finds them on full listings (a periodic full sync).
// API: https://ibm-maximo-dev.github.io/maximo-restapi-documentation/
import type { Got } from 'got';
import type { EntityName, MappedRecord, UpdateWorkOrder } from '../../contract/unified.js';
import { entityNames } from '../../contract/unified.js';
import {
  ConnectorError, type ChangePage, type Connector, type ConnectorConfig, type ConnectorFactory,
  type CreatePurchaseOrderRemote, type ListChangesRequest, type WriteResult,
} from '../connector.js';
import { createHttpClient, transportError } from '../http.js';
import { maximoHttpError } from './errors.js';
import { decodeCursor, decodeKeyId, encodeCursor, encodeKeyId, whereDate, type ListingCursor } from './keys.js';
import { KEY_ATTRIBUTES, mapRecord, remoteIdOf, WORK_ORDER_PRIORITY_CODES, WORK_ORDER_STATUS_CODES } from './mapping.js';
import { moneyToNumber } from './money.js';
import type { RawCollection, RawCreatePo, RawMember } from './raw.js';

/** The object structure behind each unified entity. */
export const OBJECT_STRUCTURES: Readonly<Record<EntityName, { os: string; select: string }>> = {
  'work-orders': { os: 'mxapiwodetail', select: '*' },
  'purchase-orders': { os: 'mxapipo', select: '*,poline{*}' },
  assets: { os: 'mxapiasset', select: '*' },
  'inventory-items': { os: 'mxapiinventory', select: '*' },
  vendors: { os: 'mxapivendor', select: '*' },
  locations: { os: 'mxapioperloc', select: '*' },
};

/** Where a unified write's Maximo dates go: ISO with an explicit offset. */
const maximoTime = (iso: string) => new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, '+00:00').replace(/Z$/, '+00:00');

interface Call { method?: 'GET' | 'POST'; searchParams?: Record<string, string | number>; json?: unknown; headers?: Record<string, string>; write?: boolean }

export function createMaximoConnector(config: ConnectorConfig): Connector {
  const { api_key: apiKey, username, password } = config.credentials;
  const useKey = typeof apiKey === 'string' && apiKey !== '';
  const maxauth = !useKey && username ? Buffer.from(`${username}:${password ?? ''}`, 'utf8').toString('base64') : null;
  const prefix = useKey ? 'maximo/api/os/' : 'maximo/oslc/os/';
  const secrets = [apiKey, password, maxauth].filter((s): s is string => typeof s === 'string' && s !== '');
  let http: Got | null = null;

  const classify = (err: unknown): ConnectorError => {
    if (err instanceof ConnectorError) return err;
    const t = transportError(err);
    if (t) return t;
    return new ConnectorError('system', err instanceof Error ? err.message : String(err));
  };

  const client = (): Got => {
    if (!useKey && !maxauth) throw new ConnectorError('auth', 'Maximo needs an API key (api_key) or a user and password');
    http ??= createHttpClient(config, { headers: { accept: 'application/json', ...(useKey ? { apikey: apiKey } : { maxauth: maxauth! }) } });
    return http;
  };

  /** One request; 2xx → parsed JSON (or null for an empty body), anything else → ConnectorError. */
  async function call(os: string, path: string, c: Call = {}): Promise<{ status: number; data: unknown; location?: string }> {
    let res;
    try {
      res = await client()(`${prefix}${path}`, {
        method: c.method ?? 'GET',
        searchParams: { lean: 1, ...c.searchParams },
        headers: c.headers,
        ...(c.json !== undefined ? { json: c.json } : {}),
        responseType: 'text',
      });
    } catch (err) {
      throw classify(err);
    }
    const body = res.body as string;
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw maximoHttpError(res.statusCode, res.headers, body, { objectStructure: os, write: c.write ?? false, secrets });
    }
    if (body.trim() === '') return { status: res.statusCode, data: null, location: res.headers.location };
    try {
      return { status: res.statusCode, data: JSON.parse(body), location: res.headers.location };
    } catch {
      throw new ConnectorError('system', `Maximo sent an answer for ${os.toUpperCase()} that is not JSON (is base_url the Maximo server?)`, { httpStatus: res.statusCode });
    }
  }

  const checkEntity = (entity: EntityName) => {
    if (!entityNames.includes(entity)) throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(entity)}`, { field: 'entity' });
  };

  const orderBy = (entity: EntityName) => ['+changedate', ...KEY_ATTRIBUTES[entity].map((k) => `+${k}`)].join(',');

  const unmappable = (what: string, err: unknown) =>
    new ConnectorError('system', `Maximo returned a ${what} that cannot be read: ${err instanceof Error ? err.message : String(err)}`);

  async function getMember(entity: EntityName, remoteId: string): Promise<RawMember | null> {
    const { os, select } = OBJECT_STRUCTURES[entity];
    try {
      const { data } = await call(os, `${os}/${encodeKeyId(remoteId)}`, { searchParams: { 'oslc.select': select } });
      return data as RawMember;
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  const connector: Connector = {
    reportsDeletions: false,

    async verify() {
      await call('mxapiwodetail', 'mxapiwodetail', { searchParams: { 'oslc.select': 'wonum', 'oslc.pageSize': 1 } });
    },

    async health() {
      await connector.verify();
    },

    async listChanges(req: ListChangesRequest): Promise<ChangePage> {
      checkEntity(req.entity);
      if (!Number.isInteger(req.pageSize) || req.pageSize < 1) throw new ConnectorError('invalid_request', `pageSize must be a positive integer, got ${req.pageSize}`, { field: 'pageSize' });
      const { os, select } = OBJECT_STRUCTURES[req.entity];
      const cur: ListingCursor = req.cursor
        ? decodeCursor(req.entity, req.cursor)
        : { e: req.entity, t: req.since ? new Date(Date.parse(whereDate(req.since))).toISOString() : null, p: 1 };
      const searchParams: Record<string, string | number> = {
        'oslc.select': select,
        'oslc.orderBy': orderBy(req.entity),
        'oslc.pageSize': req.pageSize,
        pageno: cur.p,
      };
      if (cur.t) searchParams['oslc.where'] = `changedate>="${whereDate(cur.t)}"`;
      if (!req.cursor) searchParams.collectioncount = 1;
      const { data } = await call(os, os, { searchParams });
      const page = data as Partial<RawCollection> | null;
      const members = page?.member ?? (page as Record<string, unknown> | null)?.['rdfs:member'];
      if (!Array.isArray(members)) throw new ConnectorError('system', `Maximo's answer for ${os.toUpperCase()} has no member list`);

      const out: ChangePage = { records: [], deleted: [], nextCursor: null };
      const rejected: NonNullable<ChangePage['rejected']> = [];
      const warnings: NonNullable<ChangePage['warnings']> = [];
      let lastT: string | null = null;
      for (const m of members as unknown[]) {
        try {
          const result = mapRecord(req.entity, m);
          out.records.push(result.record);
          for (const message of result.warnings) warnings.push({ remote_id: result.record.remote_id, message });
          lastT = result.record.updated_at;
        } catch (err) {
          rejected.push({ remote_id: rejectedId(req.entity, m), reason: err instanceof Error ? err.message : String(err) });
        }
      }
      if (members.length > 0 && page?.responseInfo?.nextPage) {
        const advanced = lastT !== null && (cur.t === null || Date.parse(lastT) > Date.parse(cur.t));
        out.nextCursor = encodeCursor(advanced ? { e: req.entity, t: lastT, p: 1 } : { ...cur, p: cur.p + 1 });
      }
      if (rejected.length) out.rejected = rejected;
      if (warnings.length) out.warnings = warnings;
      return out;
    },

    async getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null> {
      checkEntity(entity);
      const m = await getMember(entity, remoteId);
      if (!m) return null;
      try { return mapRecord(entity, m).record; } catch (err) { throw unmappable(entity, err); }
    },

    async createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult> {
      const [vendor, orgid] = input.vendor_id.split('/');
      const lines = input.lines.map((l, i) => {
        const parts = l.item_id.split('/');
        if (parts.length !== 4 || parts.some((p) => p === '')) {
          throw new ConnectorError('validation', `lines[${i}].item_id "${l.item_id}" is not a Maximo inventory key (itemnum/itemsetid/storeroom/siteid)`, { code: 'invalid_item', httpStatus: 422, field: `lines[${i}].item_id` });
        }
        return { parts, line: l };
      });
      const siteid = input.location_id?.split('/')[1] ?? lines[0].parts[3];
      const body: RawCreatePo = {
        ...(input.custom_fields ?? {}),
        siteid,
        ...(orgid ? { orgid } : {}),
        vendor,
        currencycode: input.currency,
        ...(input.expected_delivery_date ? { requireddate: maximoTime(input.expected_delivery_date) } : {}),
        poline: lines.map(({ parts, line }) => ({
          linetype: 'ITEM' as const,
          itemnum: parts[0], itemsetid: parts[1], storeloc: parts[2],
          orderqty: line.quantity,
          unitcost: moneyToNumber(line.unit_price),
          ...(line.description ? { description: line.description } : {}),
        })),
      };
      const res = await call('mxapipo', 'mxapipo', { method: 'POST', json: body, headers: { properties: '*' }, write: true });
      let member = res.data as RawMember | null;
      if (!member && res.location) {
        const id = /\/(_[^/?]+)/.exec(res.location)?.[1];
        if (id) member = await getMember('purchase-orders', decodeKeyId(id));
      }
      if (!member) throw new ConnectorError('system', 'Maximo created the purchase order but did not return it');
      try { return { record: mapRecord('purchase-orders', member).record }; } catch (err) { throw unmappable('purchase order', err); }
    },

    async updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
      const body: Record<string, unknown> = {};
      if (patch.status !== undefined) body.status = WORK_ORDER_STATUS_CODES[patch.status];
      if (patch.priority !== undefined) body.wopriority = WORK_ORDER_PRIORITY_CODES[patch.priority];
      if (patch.assignee !== undefined) body.lead = patch.assignee;
      if (patch.due_date !== undefined) body.targcompdate = patch.due_date === null ? null : maximoTime(patch.due_date);
      if (patch.description !== undefined) body.description_longdescription = patch.description;
      const os = OBJECT_STRUCTURES['work-orders'].os;
      const res = await call(os, `${os}/${encodeKeyId(remoteId)}`, {
        method: 'POST', json: body, write: true,
        headers: { 'x-method-override': 'PATCH', patchtype: 'MERGE', properties: '*' },
      });
      const member = (res.data as RawMember | null) ?? (await getMember('work-orders', remoteId));
      if (!member) throw new ConnectorError('not_found', `Maximo has no work order ${remoteId}`, { httpStatus: 404 });
      try { return { record: mapRecord('work-orders', member).record }; } catch (err) { throw unmappable('work order', err); }
    },

    classify,
  };
  return connector;
}

/** A rejected member's remote id: from its key attributes, else from its href, else null. */
function rejectedId(entity: EntityName, m: unknown): string | null {
  try { return remoteIdOf(entity, m); } catch { /* fall through */ }
  const href = (m as RawMember | null)?.href;
  const id = typeof href === 'string' ? /\/(_[^/?]+)$/.exec(href)?.[1] : undefined;
  return id ? decodeKeyId(id) : null;
}

export const maximoConnectorFactory: ConnectorFactory = (config) => createMaximoConnector(config);
