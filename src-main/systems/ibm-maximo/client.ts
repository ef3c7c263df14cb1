// The Maximo client (7.6 on-prem and MAS Manage), one per connection, every
// request through its transport. An API key ({api_key}) goes to
// /maximo/api/os/<os> with the `apikey` header (7.6.0.9+ and MAS); a user and
// password ({username, password}) go to /maximo/oslc/os/<os> with `maxauth:
// base64(user:pass)` (native authentication, 7.6 only — MAS needs an API key).
//
// Listing: lean=1, oslc.select, oslc.orderBy=+changedate,+<key attributes>,
// oslc.pageSize, pageno, and oslc.where=changedate>="…-00:00" from where the
// listing stands. Maximo answers responseInfo.nextPage while more follow. The
// position is a segment: `t`, the changedate it starts at, and `p`, the page
// within it (at page size `n`). After a page whose last record is newer than
// `t`, a new segment starts at that record's changedate, so records changing
// during the listing cannot shift pages not read yet; only while a page holds
// nothing but records of changedate `t` does the page number advance.
// API: https://ibm-maximo-dev.github.io/maximo-restapi-documentation/
import { z } from 'zod';
import { ConnectorError } from '../kit/errors.js';
import { Transport } from '../kit/http.js';
import type { ConnectorConfig } from '../kit/config.js';
import { MIN_PAGE_SIZE, type FetchAnswer, type FetchRequest } from '../kit/paging.js';
import { maximoHttpError } from './errors.js';
import type { RawCollection, RawMember } from './raw.js';
import type { PassthroughCall, RawAnswer } from '../kit/passthrough.js';
import { PASSTHROUGH_ANSWER_LIMIT } from '../../contract/passthrough.js';

export const position = z.object({ t: z.string().datetime({ offset: true }).nullable(), p: z.number().int().min(1), n: z.number().int().min(1) }).strict();
export type Position = z.infer<typeof position>;

/** A remote id (key values joined by "/") as Maximo's href id: "_" + base64 with "=" → "-". */
export function encodeKeyId(remoteId: string): string {
  return `_${Buffer.from(remoteId, 'utf8').toString('base64').replace(/=/g, '-')}`;
}

export function decodeKeyId(id: string): string {
  return Buffer.from((id.startsWith('_') ? id.slice(1) : id).replace(/-/g, '='), 'base64').toString('utf8');
}

/** An ISO time as Maximo's where clause wants it: UTC with an explicit "-00:00" offset, whole seconds. */
export function whereDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new ConnectorError('invalid_request', `not a valid time: ${iso}`, { field: 'since' });
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}-00:00`;
}

interface Call { method?: 'GET' | 'POST'; searchParams?: Record<string, string | number>; json?: unknown; headers?: Record<string, string>; write?: boolean; list?: boolean }

export class MaximoClient {
  private readonly transport: Transport;
  private readonly prefix: string;
  private readonly flavour: 'api' | 'oslc';
  private readonly secrets: string[];

  constructor(config: ConnectorConfig) {
    const { api_key: apiKey, username, password } = config.credentials;
    const useKey = typeof apiKey === 'string' && apiKey !== '';
    const maxauth = !useKey && username ? Buffer.from(`${username}:${password ?? ''}`, 'utf8').toString('base64') : null;
    if (!useKey && !maxauth) throw new ConnectorError('auth', 'Maximo needs an API key (api_key) or a user and password');
    this.flavour = useKey ? 'api' : 'oslc';
    this.prefix = `maximo/${this.flavour}/os/`;
    this.secrets = [apiKey, password, maxauth].filter((s): s is string => typeof s === 'string' && s !== '');
    this.transport = new Transport(config, { headers: { accept: 'application/json', ...(useKey ? { apikey: apiKey } : { maxauth: maxauth! }) } });
  }

  /** One request; 2xx → parsed JSON (null for an empty body), anything else → ConnectorError. */
  async call(os: string, path: string, c: Call = {}): Promise<{ status: number; data: unknown; location?: string }> {
    const res = await this.transport.send({ method: c.method ?? 'GET', path: `${this.prefix}${path}`, searchParams: { lean: 1, ...c.searchParams }, headers: c.headers, json: c.json });
    if (res.status < 200 || res.status >= 300) {
      throw maximoHttpError(res.status, res.headers, res.body, { objectStructure: os, write: c.write ?? false, list: c.list ?? false, secrets: this.secrets });
    }
    const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
    if (res.body.trim() === '') return { status: res.status, data: null, location };
    try {
      return { status: res.status, data: JSON.parse(res.body), location };
    } catch {
      throw new ConnectorError('system', `Maximo sent an answer for ${os.toUpperCase()} that is not JSON (is base_url the Maximo server?)`, { status: res.status });
    }
  }

  /** Passthrough: one request with the connection's apikey or maxauth header (the transport's own). */
  passthrough(call: PassthroughCall): Promise<RawAnswer> {
    return this.transport.sendRaw({ method: call.method, path: call.path, searchParams: call.query, headers: call.headers, body: call.body }, PASSTHROUGH_ANSWER_LIMIT);
  }

  /** GET /oslc/whoami (or /api/whoami): the signed-in user's profile. Proves the credentials, needs no object structure. */
  async whoami(): Promise<void> {
    const res = await this.transport.send({ path: `maximo/${this.flavour}/whoami`, searchParams: { lean: 1 } });
    if (res.status < 200 || res.status >= 300) throw maximoHttpError(res.status, res.headers, res.body, { objectStructure: 'whoami', write: false, list: false, secrets: this.secrets });
  }

  /**
   * Members matching a where clause, every page (small reads: the meters of a page's assets,
   * the reading just posted). `extra` adds oslc.orderBy and the like.
   */
  async where(os: string, select: string, where: string, extra: Record<string, string | number> = {}): Promise<RawMember[]> {
    const out: RawMember[] = [];
    for (let pageno = 1; ; pageno++) {
      let data: unknown;
      for (;;) {
        try {
          ({ data } = await this.call(os, os, { searchParams: { 'oslc.select': select, 'oslc.where': where, 'oslc.pageSize': this.smallPage, pageno, ...extra }, list: true }));
          break;
        } catch (err) {
          // a server whose mxe.oslc.maxpagesize is below ours: ask for less (as the paging loop does)
          if (!(err instanceof ConnectorError && err.extra.code === 'page_size_refused' && this.smallPage > MIN_PAGE_SIZE && pageno === 1)) throw err;
          this.smallPage = Math.max(MIN_PAGE_SIZE, Math.floor(this.smallPage / 2));
        }
      }
      const page = data as Partial<RawCollection> | null;
      if (!Array.isArray(page?.member)) throw new ConnectorError('system', `Maximo's answer for ${os.toUpperCase()} has no member list`);
      out.push(...page.member);
      if (!page.responseInfo?.nextPage || extra['oslc.pageSize'] !== undefined) return out;
    }
  }

  /** The page size of small reads (where()), halved for the rest of this client's life when Maximo refuses it. */
  private smallPage = 100;

  /** One record by remote id, or null. */
  async member(os: string, select: string, remoteId: string): Promise<RawMember | null> {
    try {
      return (await this.call(os, `${os}/${encodeKeyId(remoteId)}`, { searchParams: { 'oslc.select': select } })).data as RawMember;
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  /**
   * One page of an object structure (see the header for the position). `timeAttr` is the
   * attribute that orders and filters it: changedate, or enterdate for readings (never changed).
   */
  async listPage(os: string, select: string, keys: readonly string[], req: FetchRequest<Position>, timeAttr = 'changedate'): Promise<FetchAnswer<Position>> {
    const size = req.pageSize;
    const at = req.position;
    // a page number counts pages of one size: if the size changed, the segment starts again at page 1
    const cur: Position = at && at.n === size ? at : { t: at?.t ?? (req.since ? new Date(Date.parse(whereDate(req.since))).toISOString() : null), p: 1, n: size };
    const searchParams: Record<string, string | number> = {
      'oslc.select': select,
      'oslc.orderBy': [`+${timeAttr}`, ...keys.map((k) => `+${k}`)].join(','),
      'oslc.pageSize': size,
      pageno: cur.p,
    };
    if (cur.t) searchParams['oslc.where'] = `${timeAttr}>="${whereDate(cur.t)}"`;
    const { data } = await this.call(os, os, { searchParams, list: true });
    const page = data as Partial<RawCollection> | null;
    const members = page?.member ?? (page as Record<string, unknown> | null)?.['rdfs:member'];
    if (!Array.isArray(members)) throw new ConnectorError('system', `Maximo's answer for ${os.toUpperCase()} has no member list`);
    const info = page?.responseInfo ?? (page as Record<string, { nextPage?: unknown }> | null)?.['oslc:responseInfo'];
    const lastT = lastChange(members, timeAttr);
    const advanced = lastT !== null && (cur.t === null || Date.parse(lastT) > Date.parse(cur.t));
    return { rows: members, signal: Boolean(info?.nextPage), after: advanced ? { t: lastT, p: 1, n: size } : { ...cur, p: cur.p + 1 } };
  }
}

/** The time attribute's value (UTC ISO) of the last member that has a readable one. */
function lastChange(members: unknown[], timeAttr: string): string | null {
  for (let i = members.length - 1; i >= 0; i--) {
    const v = (members[i] as RawMember | null)?.[timeAttr];
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return null;
}
