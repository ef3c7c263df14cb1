// The UpKeep client: one per connection, every call through its transport.
// It logs in lazily (POST /api/v2/auth with email and password) and sends
// `Session-Token` on every call; when a call answers 401 (the session expired
// or was revoked) it logs in again SILENTLY and retries that call once. Only a
// failed login is an authentication failure, and it is never retried: a retry
// loop could lock the UpKeep user.
//
// Session tokens live in memory only (never logged, never in SQLite). Connectors
// are short-lived (one per sync or write), so sessions are cached at module
// level, keyed by a hash of (base URL, email, password): a new password never
// reuses an old session; logins for one key are single-flight.
//
// Paging: UpKeep pages with limit/offset and gives no "more" signal; a plain
// offset over a changing list skips records, so lists are keyset-paged on
// updatedAt ("updatedAt ≥ since", ascending). The position carries `since`
// (the updatedAt of the last record returned) and `skip` (how many records AT
// exactly `since` were already returned). A record changed mid-listing moves to
// the end and is seen again (the content hash makes that harmless).
import crypto from 'node:crypto';
import { z } from 'zod';
import { ConnectorError } from '../kit/errors.js';
import { statusError, Transport } from '../kit/http.js';
import type { ConnectorConfig } from '../kit/config.js';
import type { FetchAnswer, FetchRequest } from '../kit/paging.js';
import { answerError, failureMessage, type Answer } from './errors.js';
import { API_PREFIX, DEFAULT_BASE_URL, LIST_PARAMS, MAX_PAGE_SIZE, READINGS, RESOURCES } from './raw.js';
import type { PassthroughCall, RawAnswer } from '../kit/passthrough.js';
import { PASSTHROUGH_ANSWER_LIMIT } from '../../contract/passthrough.js';

type Method = 'GET' | 'POST' | 'PATCH';

interface Session { token: string; expiresAtMs: number }

/** Log in again this long before `expiresAt`, so a token never expires mid-request. */
const REFRESH_MARGIN_MS = 60_000;
const MAX_CACHED = 256;
const sessions = new Map<string, Session>();
const logins = new Map<string, Promise<Session>>();

export const position = z.object({ since: z.string().datetime({ offset: true }).nullable(), skip: z.number().int().min(0) }).strict();
export type Position = z.infer<typeof position>;

const isSuccess = (json: unknown): json is Record<string, unknown> =>
  json !== null && typeof json === 'object' && (json as { success?: unknown }).success !== false;

export class UpKeepClient {
  readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly key: string;
  /** Every call made, "METHOD path" (no secrets). Tests read it. */
  readonly calls: string[] = [];

  constructor(private readonly config: ConnectorConfig) {
    this.baseUrl = config.baseUrl ?? DEFAULT_BASE_URL;
    this.transport = new Transport(config, { baseUrl: this.baseUrl, headers: { accept: 'application/json' } });
    const { email = '', password = '' } = config.credentials;
    this.key = crypto.createHash('sha256').update(`${this.baseUrl}\0${email.toLowerCase()}\0${password}`).digest('base64url');
  }

  private async send(method: Method, path: string, opts: { searchParams?: URLSearchParams; json?: unknown }, token: string | null): Promise<Answer> {
    this.calls.push(`${method} ${path}`);
    const a = await this.transport.send({
      method, path: `${API_PREFIX}/${path}`, searchParams: opts.searchParams, json: opts.json, headers: token ? { 'session-token': token } : {},
    });
    let json: unknown;
    try { json = a.body ? JSON.parse(a.body) : undefined; } catch { json = undefined; }
    return { ...a, json };
  }

  /** POST /api/v2/auth — https://developers.onupkeep.com/#authentication */
  async login(): Promise<Session> {
    const { email, password } = this.config.credentials;
    if (!email || !password) throw new ConnectorError('auth', 'UpKeep needs an email and a password');
    const a = await this.send('POST', 'auth', { json: { email, password } }, null);
    if (a.status >= 200 && a.status < 300 && isSuccess(a.json)) {
      const result = (a.json as { result?: { sessionToken?: unknown; expiresAt?: unknown } }).result;
      if (typeof result?.sessionToken !== 'string' || !result.sessionToken) throw new ConnectorError('system', 'UpKeep accepted the login but sent no session token');
      const expires = typeof result.expiresAt === 'string' ? Date.parse(result.expiresAt) : Number.NaN;
      // No readable expiry: use the token for an hour, then log in again.
      return { token: result.sessionToken, expiresAtMs: Number.isFinite(expires) ? expires : Date.now() + 3_600_000 };
    }
    const shared = statusError(a.status, a.headers, `UpKeep login: ${failureMessage(a)}`);
    if (shared) throw shared;
    // 400/401/403, and a 404 that is an UpKeep JSON failure (not a wrong URL): the email or password is wrong.
    if (a.status === 400 || a.status === 401 || a.status === 403 || (a.status === 404 && a.json !== undefined && !isSuccess(a.json))) {
      throw new ConnectorError('auth', `UpKeep rejected the email or password (${failureMessage(a)})`, { status: a.status });
    }
    if (a.status === 404) throw new ConnectorError('not_found', `no UpKeep API at ${this.baseUrl} (HTTP 404 from /${API_PREFIX}/auth)`, { status: 404 });
    throw new ConnectorError('system', `UpKeep login answered HTTP ${a.status}: ${failureMessage(a)}`, { status: a.status });
  }

  /** A usable session: the cached one, or a fresh login shared with concurrent callers. */
  private async session(): Promise<Session> {
    const s = sessions.get(this.key);
    if (s && s.expiresAtMs - REFRESH_MARGIN_MS > Date.now()) return s;
    if (s) sessions.delete(this.key);
    let p = logins.get(this.key);
    if (!p) {
      p = this.login().then((fresh) => {
        if (sessions.size >= MAX_CACHED) sessions.delete(sessions.keys().next().value as string);
        sessions.set(this.key, fresh);
        return fresh;
      }).finally(() => logins.delete(this.key));
      logins.set(this.key, p);
    }
    return p;
  }

  /** The system refused this token: forget it (unless a newer one already replaced it). */
  private forget(token: string): void {
    if (sessions.get(this.key)?.token === token) sessions.delete(this.key);
  }

  /** An authenticated call; a 401 means the session is gone: log in again once, silently, and retry. */
  async call(method: Method, path: string, opts: { searchParams?: URLSearchParams; json?: unknown } = {}): Promise<Answer> {
    const session = await this.session();
    const a = await this.send(method, path, opts, session.token);
    if (a.status !== 401) return a;
    this.forget(session.token);
    const fresh = await this.session(); // a failed login throws ConnectorError('auth')
    const again = await this.send(method, path, opts, fresh.token);
    if (again.status === 401) {
      this.forget(fresh.token);
      throw new ConnectorError('auth', `UpKeep refused a session it had just issued (${failureMessage(again)}); the user may have lost API access`, { status: 401 });
    }
    return again;
  }

  /**
   * Passthrough: one request with the session token; a 401 means the session is
   * gone: log in again once and retry (a second 401 is the system's answer).
   */
  async passthrough(call: PassthroughCall): Promise<RawAnswer> {
    const send = (token: string) => this.transport.sendRaw({
      method: call.method, path: call.path, searchParams: call.query, headers: { ...call.headers, 'session-token': token }, body: call.body,
    }, PASSTHROUGH_ANSWER_LIMIT);
    const session = await this.session();
    const a = await send(session.token);
    if (a.status !== 401) return a;
    this.forget(session.token);
    return send((await this.session()).token);
  }

  /** GET one record: `{success:true, result}`, null for 404, else the classified error. */
  async one(resource: string, id: string, searchParams?: URLSearchParams): Promise<Record<string, unknown> | null> {
    const a = await this.call('GET', `${resource}/${encodeURIComponent(id)}`, { searchParams });
    if (a.status === 404) return null;
    return this.result(a, `GET ${resource}`, resource);
  }

  /** The `result` record of a 2xx answer, or the classified error. */
  result(a: Answer, what: string, resource: string): Record<string, unknown> {
    if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, what, resource);
    const result = (a.json as { result?: unknown }).result;
    if (result === null || typeof result !== 'object' || Array.isArray(result)) throw new ConnectorError('system', `UpKeep answered ${what} without a "result" record`);
    return result as Record<string, unknown>;
  }

  private meterList: Promise<Record<string, unknown>[]> | null = null;

  /**
   * Every meter (id, asset, location, units), read once per client: readings are listed meter by
   * meter under /meters/:id/readings, and each reading is mapped with its meter.
   */
  meters(): Promise<Record<string, unknown>[]> {
    this.meterList ??= (async () => {
      const out: Record<string, unknown>[] = [];
      let position: Position | null = null;
      for (;;) {
        const page = await this.listPage(RESOURCES.meters, undefined, { position, pageSize: MAX_PAGE_SIZE, since: null, historyStart: null });
        if (!page.rows.length) break;
        for (const m of page.rows) if (m !== null && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'string') out.push(m as Record<string, unknown>);
        position = page.after;
      }
      return out.sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
    })().catch((err: unknown) => { this.meterList = null; throw err; });
    return this.meterList;
  }

  /** A meter's newest reading ({value, date}), or null: UpKeep lists readings newest first. */
  async lastReading(meterId: string): Promise<{ value: unknown; date: unknown } | null> {
    const a = await this.call('GET', READINGS(meterId), { searchParams: new URLSearchParams({ [LIST_PARAMS.limit]: '1' }) });
    if (a.status === 404) return null;
    if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, 'GET meter readings', RESOURCES.meters);
    const first = ((a.json as { results?: unknown }).results as unknown[] | undefined)?.[0] as Record<string, unknown> | undefined;
    return first ? { value: first.value, date: first.date } : null;
  }

  /** Every reading of one meter, newest first (the order UpKeep lists them in), until an empty page. */
  async readingsOf(meterId: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let offset = 0; ; ) {
      const a = await this.call('GET', READINGS(meterId), { searchParams: new URLSearchParams({ [LIST_PARAMS.limit]: String(MAX_PAGE_SIZE), [LIST_PARAMS.offset]: String(offset) }) });
      if (a.status === 404) return [];
      if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, 'GET meter readings', RESOURCES.meters);
      const rows = (a.json as { results?: unknown }).results;
      if (!Array.isArray(rows)) throw new ConnectorError('system', 'UpKeep answered GET meter readings without a "results" list');
      if (!rows.length) return out;
      out.push(...rows.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object'));
      offset += rows.length;
    }
  }

  /** One page of a resource, keyset-paged on updatedAt (see the header). */
  async listPage(resource: string, includes: string | undefined, req: FetchRequest<Position>): Promise<FetchAnswer<Position>> {
    const cur: Position = req.position ?? { since: req.since, skip: 0 };
    const params = new URLSearchParams({
      [LIST_PARAMS.limit]: String(Math.min(req.pageSize, MAX_PAGE_SIZE)),
      [LIST_PARAMS.offset]: String(cur.skip),
      [LIST_PARAMS.orderBy]: LIST_PARAMS.orderByUpdatedAsc,
    });
    // UpKeep compares strictly and keeps milliseconds: one millisecond earlier is "at or after".
    if (cur.since) params.set(LIST_PARAMS.updatedAfter, new Date(Date.parse(cur.since) - 1).toISOString());
    if (includes) params.set(LIST_PARAMS.includes, includes);
    const a = await this.call('GET', resource, { searchParams: params });
    if (a.status < 200 || a.status >= 300 || !isSuccess(a.json)) throw answerError(a, `GET ${resource}`, resource);
    const rows = (a.json as { results?: unknown }).results;
    if (!Array.isArray(rows)) throw new ConnectorError('system', `UpKeep answered GET ${resource} without a "results" list`);
    return { rows, signal: false, after: positionAfter(cur, rows) };
  }
}

/** The position after a page; throws when the page is not ascending by updatedAt (the server ignored the sort: paging would skip). */
export function positionAfter(cur: Position, rows: unknown[]): Position | null {
  if (rows.length === 0) return null;
  let lastMs: number | null = null;
  let atLast = 0;
  for (const raw of rows) {
    const v = raw !== null && typeof raw === 'object' ? (raw as { updatedAt?: unknown }).updatedAt : undefined;
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (!Number.isFinite(ms)) continue; // an unreadable record is rejected by the mapping; it does not move the position
    if (lastMs !== null && ms < lastMs) throw new ConnectorError('system', 'UpKeep returned a page not sorted by updatedAt; incremental paging would miss records');
    if (ms === lastMs) atLast++;
    else { lastMs = ms; atLast = 1; }
  }
  if (lastMs === null) return { since: cur.since, skip: cur.skip + rows.length };
  const sameBound = cur.since !== null && Date.parse(cur.since) === lastMs;
  return { since: new Date(lastMs).toISOString(), skip: sameBound ? cur.skip + atLast : atLast };
}
