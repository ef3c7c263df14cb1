// The SAP Gateway client, one per connection, every request through its
// transport: Basic auth on every call, sap-client on-prem, $format=json, CSRF
// token + session cookies for writes (fetched once, fetched again once on
// "403 x-csrf-token: Required"), and the reads the listings page with.
//
// Paging (OData v2). The connector asks $top = page size and pages by keyset:
// purchase orders, maintenance orders and equipment on (LastChangeDateTime,
// key) — `$filter=LastChangeDateTime gt T or (LastChangeDateTime eq T and Key
// gt 'k')`, `$orderby=LastChangeDateTime,Key` — the others on their key. A
// record changed mid-listing moves behind the position instead of shifting a
// $skip window. Gateway services cap their pages (RAP: 5,000; others less) and
// then answer `__next` with a $skiptoken: that is the system's "more", so a
// short page with __next is not the end; the next page continues by keyset
// after its last row (the next link itself is not followed: the keyset cannot
// shift while records change).
import { z } from 'zod';
import { ConnectorError } from '../kit/errors.js';
import { Transport, type HttpAnswer } from '../kit/http.js';
import type { ConnectorConfig } from '../kit/config.js';
import type { FetchAnswer, FetchRequest } from '../kit/paging.js';
import { authError, readError, v4ReadError } from './errors.js';
import { dateTimeOffsetLiteral, etagTimestamp, isoMs, parseODataDate, queryString, quote } from './odata.js';
import { SERVICE_ROOT, V4_ROOT, type ODataEntity, type ODataList, type ODataV4List, type V4Service } from './raw.js';
import type { PassthroughCall, RawAnswer } from '../kit/passthrough.js';
import { PASSTHROUGH_ANSWER_LIMIT } from '../../contract/passthrough.js';

type Params = Record<string, string | number | undefined>;

/** An entity set the listings read. */
export interface EntitySet {
  service: string;
  set: string;
  /** The key field(s) the keyset runs on, in $orderby order. */
  keys: string[];
  /** Paged on (LastChangeDateTime, key) and filtered by `since`. */
  timed?: boolean;
  /** A filter every listing carries (the current equipment time segment). */
  where?: string;
  expand?: string;
}

/** Where a keyset listing stands: the last row's change time (timed sets) and key values. */
export const position = z.object({ t: z.string().max(40).optional(), k: z.array(z.string().max(200)).min(1).max(3) }).strict();
export type Position = z.infer<typeof position>;

export function parseJson<T>(body: string, what: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new ConnectorError('system', `${what} answered with something that is not JSON (${body.length} bytes)`);
  }
}

export class SapClient {
  private readonly transport: Transport;
  private readonly auth: string;
  private csrf: { token: string; cookies: Map<string, string> } | null = null;

  constructor(private readonly config: ConnectorConfig) {
    this.transport = new Transport(config, { headers: { accept: 'application/json' } });
    const { username = '', password = '' } = config.credentials;
    this.auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** service + resource + query → a path relative to the system root, with $format and sap-client. */
  path(service: string, resource: string, params: Params = {}): string {
    const q = queryString({ ...params, $format: 'json', 'sap-client': this.config.system?.sap_client });
    return `${SERVICE_ROOT}/${service}/${resource}${q ? `?${q}` : ''}`;
  }

  private send(method: 'GET' | 'POST' | 'PATCH', path: string, opts: { headers?: Record<string, string>; json?: unknown } = {}): Promise<HttpAnswer> {
    return this.transport.send({ method, path, headers: { authorization: this.auth, ...opts.headers }, json: opts.json });
  }

  /** GET → parsed JSON; a record that does not exist → null when `allowNotFound`; other failures throw. */
  async getJson<T>(service: string, resource: string, params: Params = {}, opts: { allowNotFound?: boolean } = {}): Promise<{ data: T; headers: HttpAnswer['headers'] } | null> {
    const res = await this.send('GET', this.path(service, resource, params));
    if (res.status < 200 || res.status >= 300) {
      const err = readError(res, service, `${service}/${resource.replace(/\?.*$/, '')}`);
      if (opts.allowNotFound && err.kind === 'not_found') return null;
      throw err;
    }
    return { data: parseJson<T>(res.body, service), headers: res.headers };
  }

  /** The credentials: any answer but 401 from a Gateway service document means SAP accepted the user. */
  async logon(service: string): Promise<void> {
    const res = await this.send('GET', this.path(service, ''));
    if (res.status === 401) throw authError(res);
    if (res.status >= 200 && res.status < 300) return;
    const err = readError(res, service, `${service} (service document)`);
    if (err.kind !== 'entity_unavailable' && err.kind !== 'not_found') throw err;
  }

  /** A v4 service path: <root>/<group>/srvd_a2x/sap/<service>/0001/<resource>, with sap-client. */
  v4Path(s: V4Service, resource: string, params: Params = {}): string {
    const q = queryString({ ...params, 'sap-client': this.config.system?.sap_client });
    return `${V4_ROOT}/${s.group}/srvd_a2x/sap/${s.name}/0001/${resource}${q ? `?${q}` : ''}`;
  }

  /** GET on a v4 service → parsed JSON; a single entity that does not exist → null when `allowNotFound`. */
  async getV4<T>(s: V4Service, resource: string, params: Params = {}, opts: { allowNotFound?: boolean; collection?: boolean } = {}): Promise<T | null> {
    const res = await this.send('GET', this.v4Path(s, resource, params));
    if (res.status >= 200 && res.status < 300) return parseJson<T>(res.body, s.id);
    if (res.status === 404 && opts.allowNotFound && !opts.collection) return null;
    throw v4ReadError(res, s.id, `${s.id}/${resource}`, opts.collection ?? false);
  }

  /** A modifying call with the CSRF token; a rejected token is fetched again once and the call repeated. */
  async modify(method: 'POST' | 'PATCH', service: string, resource: string, params: Params, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.modifyAt(method, this.path(service, resource, params), this.path(service, ''), service, body, headers);
  }

  /** POST to a v4 service, with the CSRF token fetched on its service root. */
  async postV4(s: V4Service, resource: string, body: unknown): Promise<HttpAnswer> {
    return this.modifyAt('POST', this.v4Path(s, resource), this.v4Path(s, ''), s.id, body, {});
  }

  private async modifyAt(method: 'POST' | 'PATCH', path: string, root: string, service: string, body: unknown, headers: Record<string, string>): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      const csrf = this.csrf ?? (await this.fetchCsrf(root, service));
      const res = await this.send(method, path, {
        headers: { 'x-csrf-token': csrf.token, cookie: [...csrf.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/json', ...headers },
        ...(body !== undefined ? { json: body } : {}),
      });
      if (res.status === 403 && String(res.headers['x-csrf-token'] ?? '').toLowerCase() === 'required' && attempt === 0) {
        this.csrf = null;
        continue;
      }
      if (res.status === 401) throw authError(res);
      return res;
    }
  }

  /**
   * Passthrough: one request as the connector sends its own — Basic auth,
   * sap-client (unless the caller names one), and for a modifying method the
   * CSRF token and session cookies of the service it names (fetched again once
   * on "403 x-csrf-token: Required").
   */
  async passthrough(call: PassthroughCall): Promise<RawAnswer> {
    const query = new URLSearchParams(call.query);
    const client = this.config.system?.sap_client;
    if (client && !query.has('sap-client')) query.set('sap-client', client);
    const send = (headers: Record<string, string>) =>
      this.transport.sendRaw({ method: call.method, path: call.path, searchParams: query, headers: { ...call.headers, ...headers, authorization: this.auth }, body: call.body }, PASSTHROUGH_ANSWER_LIMIT);
    if (call.method === 'GET' || call.method === 'HEAD') return send({});
    const { root, service } = serviceOf(call.path);
    const clientQuery = queryString({ 'sap-client': client });
    for (let attempt = 0; ; attempt++) {
      const csrf = this.csrf ?? (await this.fetchCsrf(`${root}${clientQuery ? `?${clientQuery}` : ''}`, service));
      const res = await send({ 'x-csrf-token': csrf.token, cookie: [...csrf.cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
      if (res.status === 403 && String(res.headers['x-csrf-token'] ?? '').toLowerCase() === 'required' && attempt === 0) {
        this.csrf = null;
        continue;
      }
      return res;
    }
  }

  private async fetchCsrf(root: string, service: string): Promise<{ token: string; cookies: Map<string, string> }> {
    const res = await this.send('GET', root, { headers: { 'x-csrf-token': 'Fetch' } });
    if (res.status < 200 || res.status >= 300) throw readError(res, service, `${service} (CSRF token)`);
    const token = res.headers['x-csrf-token'];
    if (typeof token !== 'string' || !token || token.toLowerCase() === 'required') throw new ConnectorError('system', `${service} did not issue a CSRF token`);
    const cookies = new Map<string, string>();
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const pair = c.split(';')[0];
      const i = pair.indexOf('=');
      if (i > 0) cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    this.csrf = { token, cookies };
    return this.csrf;
  }

  /** One page of an entity set, keyset-paged (see the header). `extra` narrows the set (stock of some products). */
  async listPage(s: EntitySet, req: FetchRequest<Position>, extra?: string): Promise<FetchAnswer<Position>> {
    const filters: string[] = [];
    if (s.where) filters.push(s.where);
    if (extra) filters.push(extra);
    const at = req.position;
    if (at) filters.push(after(s, at));
    else if (s.timed && req.since) filters.push(`LastChangeDateTime ge ${dateTimeOffsetLiteral(new Date(Date.parse(req.since)).toISOString())}`);
    // historyStart is not applied: SystemStatusText is not filterable, so a date window would drop old open orders.
    const got = await this.getJson<ODataList<ODataEntity>>(s.service, s.set, {
      $filter: filters.length ? filters.map((f) => (filters.length > 1 ? `(${f})` : f)).join(' and ') : undefined,
      $orderby: [...(s.timed ? ['LastChangeDateTime'] : []), ...s.keys].map((k) => `${k} asc`).join(','),
      $top: req.pageSize,
      $expand: s.expand,
    });
    const d = (got!.data as ODataList<ODataEntity> | null)?.d;
    if (!Array.isArray(d?.results)) throw new ConnectorError('system', `${s.service}/${s.set}: the answer has no d.results list`);
    return { rows: d.results, signal: typeof d.__next === 'string' && d.__next !== '', after: positionAfter(s, d.results) };
  }

  /**
   * One page of a v4 entity set, keyset-paged on its key (`extra` narrows it: a date window).
   * The system's "more" is @odata.nextLink; a full page means $top was reached.
   */
  async listV4Page(s: V4Service, set: EntitySet, req: FetchRequest<Position>, extra?: string): Promise<FetchAnswer<Position>> {
    const filters: string[] = [];
    if (extra) filters.push(extra);
    if (req.position) filters.push(after(set, req.position));
    const got = await this.getV4<ODataV4List<ODataEntity>>(s, set.set, {
      $filter: filters.length ? filters.map((f) => (filters.length > 1 ? `(${f})` : f)).join(' and ') : undefined,
      $orderby: set.keys.map((k) => `${k} asc`).join(','),
      $top: req.pageSize,
    }, { collection: true });
    if (!Array.isArray(got?.value)) throw new ConnectorError('system', `${s.id}/${set.set}: the answer has no value list`);
    return { rows: got.value, signal: typeof got['@odata.nextLink'] === 'string' && got['@odata.nextLink'] !== '', after: positionAfter(set, got.value) };
  }

  /**
   * One page of a set whose key is too wide for a keyset (stock rows have eleven
   * key fields), by $skip within a narrow filter; used for sub-reads whose
   * rows do not change between the pages of one read.
   */
  async skipPage(s: EntitySet, filter: string | undefined, req: FetchRequest<number>): Promise<FetchAnswer<number>> {
    const skip = req.position ?? 0;
    const got = await this.getJson<ODataList<ODataEntity>>(s.service, s.set, {
      $filter: filter, $orderby: s.keys.map((k) => `${k} asc`).join(','), $top: req.pageSize, $skip: skip || undefined,
    });
    const d = (got!.data as ODataList<ODataEntity> | null)?.d;
    if (!Array.isArray(d?.results)) throw new ConnectorError('system', `${s.service}/${s.set}: the answer has no d.results list`);
    return { rows: d.results, signal: typeof d.__next === 'string' && d.__next !== '', after: skip + d.results.length };
  }
}

/** The keyset filter "after this position": (time, key…) > position. */
function after(s: EntitySet, at: Position): string {
  const keys = s.keys.map((k, i) => ({ k, v: at.k[i] ?? '' }));
  // (k1 > v1) or (k1 = v1 and k2 > v2) …
  const byKey = keys.map((_, i) => [...keys.slice(0, i).map(({ k, v }) => `${k} eq ${quote(v)}`), `${keys[i].k} gt ${quote(keys[i].v)}`].join(' and '));
  if (!s.timed || !at.t) return byKey.map((c) => `(${c})`).join(' or ');
  const t = dateTimeOffsetLiteral(at.t);
  return `LastChangeDateTime gt ${t} or (LastChangeDateTime eq ${t} and (${byKey.map((c) => `(${c})`).join(' or ')}))`;
}

/** The position after the last row that can be read: its key, and for timed sets its LastChangeDateTime at full precision (from the ETag when it agrees). */
function positionAfter(s: EntitySet, rows: ODataEntity[]): Position | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    const k = s.keys.map((f) => r?.[f]);
    if (!k.every((v): v is string => typeof v === 'string')) continue;
    if (!s.timed) return { k };
    let iso: string | null = null;
    try { iso = parseODataDate(r.LastChangeDateTime); } catch { iso = null; }
    if (!iso) continue;
    const precise = etagTimestamp(r.__metadata?.etag);
    return { t: precise && isoMs(precise) === Date.parse(iso) ? precise : iso, k };
  }
  return null;
}

/**
 * The service a passthrough path names, and its root (where the CSRF token is
 * fetched): v2 `<root>/<SERVICE>/…`, v4 `<root>/<group>/srvd_a2x/sap/<service>/<version>/…`.
 */
function serviceOf(path: string): { root: string; service: string } {
  if (path.startsWith(`${V4_ROOT}/`)) {
    const [group, kind, ns, name, version] = path.slice(`${V4_ROOT}/`.length).split('/');
    return { root: `${V4_ROOT}/${group}/${kind}/${ns}/${name}/${version}/`, service: name };
  }
  const service = path.slice(`${SERVICE_ROOT}/`.length).split('/')[0].split(';')[0];
  return { root: `${SERVICE_ROOT}/${service}/`, service };
}
