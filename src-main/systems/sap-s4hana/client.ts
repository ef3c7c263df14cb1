// The SAP Gateway HTTP session: Basic auth on every call, sap-client on-prem,
// $format=json, CSRF token + session cookies for writes (fetched once, fetched
// again once on "403 x-csrf-token: Required"), and the classification of every
// answer into data or a ConnectorError. Credentials never reach a message.
import { RequestError, type Got, type Response } from 'got';
import { ConnectorError, type ConnectorConfig } from '../connector.js';
import { createHttpClient, statusError, transportError } from '../http.js';
import { parseODataError, queryString, type SapMessage } from './odata.js';
import { SERVICE_ROOT } from './raw.js';

export interface SapResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** SAP message ids of the write validations the connector knows → the contract's 422 codes. */
export const SAP_MESSAGE_CODES: Readonly<Record<string, string>> = {
  'ME/083': 'invalid_vendor', // supplier does not exist
  'ME/046': 'invalid_vendor', // supplier blocked for purchasing
  'M3/305': 'invalid_item', // material not maintained in the plant
  'M3/351': 'invalid_item', // material does not exist
  'M7/021': 'out_of_stock', // deficit of unrestricted-use stock
  'BS/013': 'invalid_status_transition', // system status (e.g. CLSD) does not allow the business transaction
  'IW/045': 'invalid_priority', // priority not defined for the priority type
};
export const DEFAULT_VALIDATION_CODE = 'validation_failed';

/** The SAP message id in an OData error code: "ME/083" from "ME/083" or "ME/083/…", "BS/013" from "BS/013". */
function messageId(code: string): string {
  const m = /^([A-Z0-9_/]+?)\/(\d{3})/.exec(code);
  return m ? `${m[1]}/${m[2]}` : code;
}

export function validationError(msg: SapMessage, httpStatus = 422): ConnectorError {
  const codes = [msg.code, ...msg.details.map((d) => d.code)].map(messageId);
  const known = codes.find((c) => Object.hasOwn(SAP_MESSAGE_CODES, c));
  return new ConnectorError('validation', msg.message, { code: known ? SAP_MESSAGE_CODES[known] : DEFAULT_VALIDATION_CODE, httpStatus });
}

export class SapClient {
  private readonly http: Got;
  private readonly auth: string;
  private csrf: { token: string; cookies: Map<string, string> } | null = null;

  constructor(private readonly config: ConnectorConfig) {
    this.http = createHttpClient(config, { headers: { accept: 'application/json' } });
    const { username = '', password = '' } = config.credentials;
    this.auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** service + resource + query → a path relative to the system root, with $format and sap-client. */
  path(service: string, resource: string, params: Record<string, string | number | undefined> = {}): string {
    const q = queryString({ ...params, $format: 'json', 'sap-client': this.config.options.sap_client });
    return `${SERVICE_ROOT}/${service}/${resource}${q ? `?${q}` : ''}`;
  }

  private async send(method: 'GET' | 'POST' | 'PATCH', path: string, opts: { headers?: Record<string, string>; json?: unknown } = {}): Promise<SapResponse> {
    let res: Response<string>;
    try {
      res = await this.http(path, {
        method,
        headers: { authorization: this.auth, ...opts.headers },
        ...(opts.json !== undefined ? { json: opts.json } : {}),
        responseType: 'text',
      });
    } catch (err) {
      throw classifyTransport(err);
    }
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  /** GET; 404 → null when allowed; other failures throw. Returns the parsed JSON. */
  async getJson<T>(service: string, resource: string, params: Record<string, string | number | undefined> = {}, opts: { allow404?: boolean } = {}): Promise<{ data: T; headers: SapResponse['headers'] } | null> {
    const res = await this.send('GET', this.path(service, resource, params));
    if (res.status === 404 && opts.allow404) return null;
    if (res.status < 200 || res.status >= 300) throw readError(res, `${service}/${resource.replace(/\?.*$/, '')}`);
    return { data: parseJson<T>(res.body, service), headers: res.headers };
  }

  /** A modifying call with the CSRF token; a rejected token is fetched again once and the call repeated. */
  async modify(method: 'POST' | 'PATCH', service: string, resource: string, params: Record<string, string | number | undefined>, body: unknown, headers: Record<string, string> = {}): Promise<SapResponse> {
    for (let attempt = 0; ; attempt++) {
      const csrf = this.csrf ?? (await this.fetchCsrf(service));
      const res = await this.send(method, this.path(service, resource, params), {
        headers: { 'x-csrf-token': csrf.token, cookie: cookieHeader(csrf.cookies), 'content-type': 'application/json', ...headers },
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

  private async fetchCsrf(service: string): Promise<{ token: string; cookies: Map<string, string> }> {
    const res = await this.send('GET', this.path(service, ''), { headers: { 'x-csrf-token': 'Fetch' } });
    if (res.status < 200 || res.status >= 300) throw readError(res, `${service} (CSRF token)`);
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
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

export function parseJson<T>(body: string, what: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new ConnectorError('system', `${what} answered with something that is not JSON (${body.length} bytes)`);
  }
}

function authError(res: SapResponse): ConnectorError {
  const realm = /realm="([^"]*)"/.exec(String(res.headers['www-authenticate'] ?? ''))?.[1];
  return new ConnectorError('auth', `SAP rejected the user name or password (HTTP 401${realm ? `, ${realm}` : ''}); the user may also be locked or the client wrong`, { httpStatus: 401 });
}

/** A non-2xx answer to a read. */
export function readError(res: SapResponse, what: string): ConnectorError {
  if (res.status === 401) return authError(res);
  const sap = parseODataError(res.body);
  const detail = sap ? `${sap.code ? `${sap.code}: ` : ''}${sap.message}` : '';
  const shared = statusError(res.status, res.headers, detail);
  if (shared) return shared;
  if (res.status === 403) return new ConnectorError('auth', `the SAP user is not authorized for ${what} (HTTP 403${detail ? `: ${detail}` : ''}); check its roles / communication arrangement`, { httpStatus: 403 });
  if (res.status === 404) return new ConnectorError('not_found', `${what} not found (HTTP 404${detail ? `: ${detail}` : ''})`, { httpStatus: 404 });
  return new ConnectorError('system', `${what} failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`, { httpStatus: res.status });
}

/** Transport failures: a cut-off answer is the system's fault (system), not an outage. */
export function classifyTransport(err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof RequestError && (err.name === 'ReadError' || err.name === 'ParseError')) {
    return new ConnectorError('system', `the answer from SAP was cut off or unreadable (${err.code ?? err.name})`);
  }
  return transportError(err) ?? new ConnectorError('system', err instanceof Error ? err.message : String(err));
}
