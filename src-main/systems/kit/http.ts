// The HTTP transport of every connector: one Transport per connection client,
// and every request of it passes through send() — the connection's single
// choke point (its CA, proxy and, through `gate`, any per-connection limit).
// got with TLS always verified, no redirects, no automatic retries (the sync
// engine decides), non-2xx answers returned rather than thrown, and transport
// failures classified the same way for all systems.
import got, { type Got, CancelError, RequestError } from 'got';
import { HttpsProxyAgent, HttpProxyAgent } from 'hpagent';
import { ConnectorError } from './errors.js';
import { openGate, type ConnectorConfig } from './config.js';
import type { RawAnswer } from './passthrough.js';

export type Headers = Record<string, string | string[] | undefined>;
export interface HttpAnswer { status: number; headers: Headers; body: string }
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD';
  /** Relative to the connection's base URL (no leading slash). */
  path: string;
  searchParams?: URLSearchParams | Record<string, string | number>;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
}

export interface TransportOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** A base URL other than the connection's (UpKeep's default host). */
  baseUrl?: string;
}

export class Transport {
  private readonly http: Got;
  /** Requests sent so far (tests and benchmarks count round trips). */
  requests = 0;

  constructor(private readonly config: ConnectorConfig, opts: TransportOptions = {}) {
    const baseUrl = opts.baseUrl ?? config.baseUrl;
    if (!baseUrl) throw new ConnectorError('invalid_request', 'this system needs a base URL', { field: 'base_url' });
    if (baseUrl.startsWith('http:') && !config.options.allow_insecure) {
      throw new ConnectorError('invalid_request', 'the URL uses http://; use https://, or set the option allow_insecure', { field: 'base_url' });
    }
    const proxy = config.options.proxy_url;
    const ca = config.options.ca_cert;
    this.http = got.extend({
      prefixUrl: baseUrl,
      throwHttpErrors: false,
      followRedirect: false,
      retry: { limit: 0 },
      timeout: { request: opts.timeoutMs ?? 30_000 },
      headers: { 'user-agent': 'Millwright-Agent/0.1', ...opts.headers },
      https: { rejectUnauthorized: true, ...(ca ? { certificateAuthority: ca } : {}) },
      ...(proxy ? {
        agent: {
          http: new HttpProxyAgent({ proxy, keepAlive: true }),
          https: new HttpsProxyAgent({ proxy, keepAlive: true, ...(ca ? { ca } : {}) }),
        },
      } : {}),
    });
  }

  /**
   * One request with a raw body and a raw answer (passthrough), through the
   * same gate as every other request. An answer longer than `maxBytes` is
   * cut off and refused; transport failures throw ConnectorError.
   */
  async sendRaw(req: { method: string; path: string; searchParams?: URLSearchParams; headers?: Record<string, string>; body?: Buffer | null }, maxBytes: number): Promise<RawAnswer> {
    return (this.config.gate ?? openGate)(async () => {
      this.requests++;
      const call = this.http(req.path, {
        method: req.method as 'GET',
        responseType: 'buffer',
        ...(req.searchParams && [...req.searchParams.keys()].length ? { searchParams: req.searchParams } : {}),
        ...(req.headers ? { headers: req.headers } : {}),
        ...(req.body ? { body: req.body } : {}),
      });
      call.on('downloadProgress', (p) => { if (p.transferred > maxBytes) call.cancel(); });
      try {
        const res = await call;
        return { status: res.statusCode, headers: res.headers, body: res.rawBody ?? Buffer.alloc(0) };
      } catch (err) {
        if (err instanceof CancelError) throw new ConnectorError('system', `the system's answer is larger than ${Math.round(maxBytes / 1048576)} MiB; ask for less`);
        throw transportError(err) ?? new ConnectorError('system', (err as Error).message);
      }
    });
  }

  /** One request. Transport failures throw ConnectorError; every HTTP status is returned. */
  async send(req: HttpRequest): Promise<HttpAnswer> {
    return (this.config.gate ?? openGate)(async () => {
      this.requests++;
      try {
        const res = await this.http(req.path, {
          method: req.method ?? 'GET',
          responseType: 'text',
          ...(req.searchParams ? { searchParams: req.searchParams } : {}),
          ...(req.headers ? { headers: req.headers } : {}),
          ...(req.json !== undefined ? { json: req.json } : {}),
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        return { status: res.statusCode, headers: res.headers, body: res.body ?? '' };
      } catch (err) {
        throw transportError(err) ?? new ConnectorError('system', (err as Error).message);
      }
    });
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ERR_GOT_REQUEST_ERROR']);
const TLS = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_NOT_YET_VALID']);

/** A transport failure (no complete HTTP answer) as a ConnectorError, or null if `err` is something else. */
export function transportError(err: unknown): ConnectorError | null {
  if (err instanceof ConnectorError) return err;
  if (!(err instanceof RequestError)) return null;
  const code = err.code ?? '';
  // An answer cut off or unreadable is the system's fault, not an outage.
  if (err.name === 'ReadError' || err.name === 'ParseError') return new ConnectorError('system', `the answer was cut off or unreadable (${code || err.name})`);
  if (err.name === 'TimeoutError' || code === 'ETIMEDOUT') return new ConnectorError('unreachable', `no answer within the time limit (${err.message})`);
  if (TLS.has(code)) return new ConnectorError('tls', tlsReason(code), { systemCode: code });
  if (UNREACHABLE.has(code)) {
    const what = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host name not found' : code.toLowerCase();
    return new ConnectorError('unreachable', `${what} (${err.options?.url?.toString().replace(/\?.*$/, '') ?? ''})`);
  }
  return new ConnectorError('unreachable', err.message);
}

function tlsReason(code: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'the certificate does not name this host';
  if (code === 'CERT_HAS_EXPIRED') return 'the certificate has expired';
  return 'the certificate is not signed by a trusted authority (add the private CA certificate to the connection)';
}

/** 429 / 5xx answers every system shares; null for statuses the system's own errors must judge. */
export function statusError(status: number, headers: Headers, detail: string): ConnectorError | null {
  const retryAfterSeconds = parseRetryAfter(headers['retry-after']);
  const d = detail ? `: ${detail}` : '';
  if (status === 429) return new ConnectorError('rate_limited', `rate limited${d}`, { status, retryAfterSeconds });
  if (status === 502 || status === 503 || status === 504) return new ConnectorError('unavailable', `HTTP ${status}${d}`, { status, retryAfterSeconds });
  if (status >= 500) return new ConnectorError('system', `HTTP ${status}${d}`, { status });
  return null;
}

export function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * What an HTML error page (a proxy, the SAP ICM, an application server) says,
 * in a few words — its title, else its first heading, else its text — so an
 * error message never carries markup.
 */
export function htmlSummary(body: string): string | null {
  if (!/^\s*(<!doctype html|<html|<head|<body)/i.test(body)) return null;
  const pick = (re: RegExp) => re.exec(body)?.[1]?.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return (pick(/<title[^>]*>([\s\S]*?)<\/title>/i) || pick(/<h1[^>]*>([\s\S]*?)<\/h1>/i) || pick(/<body[^>]*>([\s\S]*)/i) || 'an HTML page').slice(0, 200);
}

/** A short readable form of an answer body for a message: an HTML page's title, else the text, cut short. */
export function bodySummary(body: string): string {
  return htmlSummary(body) ?? body.replace(/\s+/g, ' ').trim().slice(0, 200);
}
