// The HTTP transport every connector uses: got, with the connection's private CA
// and proxy, TLS always verified, no redirects, no automatic retries (the sync
// engine decides), and transport failures classified the same way for all systems.
import got, { type Got, RequestError } from 'got';
import tls from 'node:tls';
import { HttpsProxyAgent, HttpProxyAgent } from 'hpagent';
import { ConnectorError, type ConnectorConfig } from './connector.js';

export interface HttpClientOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** A got instance bound to the connection's base URL, CA and proxy. Non-2xx answers are returned, not thrown. */
export function createHttpClient(config: ConnectorConfig, opts: HttpClientOptions = {}): Got {
  if (!config.baseUrl) throw new ConnectorError('invalid_request', 'this system needs a base URL');
  const proxy = config.options.proxy_url;
  return got.extend({
    prefixUrl: config.baseUrl,
    throwHttpErrors: false,
    followRedirect: false,
    retry: { limit: 0 },
    timeout: { request: opts.timeoutMs ?? 30_000 },
    headers: { 'user-agent': 'Millwright-Agent/0.1', ...opts.headers },
    https: {
      rejectUnauthorized: true,
      ...(config.options.ca_cert ? { certificateAuthority: config.options.ca_cert } : {}),
    },
    ...(proxy ? {
      agent: {
        http: new HttpProxyAgent({ proxy, keepAlive: true }),
        https: new HttpsProxyAgent({ proxy, keepAlive: true, ...(config.options.ca_cert ? { ca: config.options.ca_cert } : {}) }),
      },
    } : {}),
  });
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ERR_GOT_REQUEST_ERROR']);
const TLS = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_NOT_YET_VALID']);

/** A transport failure (no HTTP answer) as a ConnectorError, or null if `err` is something else. */
export function transportError(err: unknown): ConnectorError | null {
  if (!(err instanceof RequestError)) return null;
  const code = err.code ?? '';
  if (err.name === 'TimeoutError' || code === 'ETIMEDOUT') return new ConnectorError('unreachable', `no answer within the time limit (${err.message})`);
  if (TLS.has(code)) return new ConnectorError('tls', `${tlsReason(code)}${(err as { certificateSubject?: string }).certificateSubject ?? ''}`, { code });
  if (UNREACHABLE.has(code)) return new ConnectorError('unreachable', `${code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host name not found' : code.toLowerCase()} (${err.options?.url?.toString().replace(/\?.*$/, '') ?? ''})`);
  return new ConnectorError('unreachable', err.message);
}

function tlsReason(code: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'the certificate does not name this host';
  if (code === 'CERT_HAS_EXPIRED') return 'the certificate has expired';
  return 'the certificate is not signed by a trusted authority (add the private CA certificate to the connection)';
}

/** Reads the server's certificate without trusting it, so a TLS error can name its subject and issuer. */
export function describePeerCertificate(baseUrl: string, timeoutMs = 5000): Promise<string | null> {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = tls.connect({ host: url.hostname, port: Number(url.port || 443), servername: url.hostname, rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const cert = socket.getPeerCertificate();
      socket.destroy();
      const name = (o: Record<string, unknown> | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${v}`).join(', ') : '?');
      resolve(cert && Object.keys(cert).length ? `subject ${name(cert.subject as never)}; issuer ${name(cert.issuer as never)}` : null);
    });
    socket.on('error', () => resolve(null));
    socket.on('timeout', () => { socket.destroy(); resolve(null); });
  });
}

/** 429 / 503 / 5xx answers that every system shares; null for statuses the connector must judge itself. */
export function statusError(status: number, headers: Record<string, string | string[] | undefined>, detail: string): ConnectorError | null {
  const retryAfter = parseRetryAfter(headers['retry-after']);
  if (status === 429) return new ConnectorError('rate_limited', `rate limited${detail ? `: ${detail}` : ''}`, { httpStatus: status, retryAfterSeconds: retryAfter });
  if (status === 503 || status === 502 || status === 504) return new ConnectorError('unavailable', `HTTP ${status}${detail ? `: ${detail}` : ''}`, { httpStatus: status, retryAfterSeconds: retryAfter });
  if (status >= 500) return new ConnectorError('system', `HTTP ${status}${detail ? `: ${detail}` : ''}`, { httpStatus: status });
  return null;
}

export function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
