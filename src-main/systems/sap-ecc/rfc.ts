// The SOAP-RFC transport: one function-module call = one POST to
// /sap/bc/soap/rfc?sap-client=NNN with a SOAP 1.1 envelope (Basic auth), the
// answer parsed with the safe XML reader. HTTP and SOAP failures become
// ConnectorErrors here: 401/403 → auth (never retried), 429/5xx → statusError,
// SOAP faults → the RFC exception's name. A stateful session (sap-sessioncmd=
// open + the sap-contextid cookie) keeps a BAPI's LUW alive until
// BAPI_TRANSACTION_COMMIT/ROLLBACK in the same roll area.
// Docs: https://help.sap.com/doc/saphelp_nw70/7.0.31/en-US/48/d8d7d1a0b2370ae10000000a42189d/content.htm
// (SOAP processor), ICF session handling (sap-sessioncmd, sap-contextid) [K].
import type { Got } from 'got';
import { ConnectorError, type ConnectorConfig } from '../connector.js';
import { createHttpClient, statusError, transportError } from '../http.js';
import { RFC_NS, SOAP_ENV, child, parseXml, rfcElementName, writeRfcValue, XmlError, type RfcValue, type XmlElement } from './xml.js';

export const SOAP_RFC_PATH = 'sap/bc/soap/rfc';

export interface RfcSession {
  cookie: string | null;
  opened: boolean;
}

export class RfcClient {
  private http!: Got;
  private client = '100';
  private auth = '';
  /** A configuration problem, reported by the first call (so connect can say what is wrong). */
  private readonly problem: ConnectorError | null = null;
  /** Function modules called (tests and benchmarks count round trips). */
  calls = 0;

  constructor(config: ConnectorConfig) {
    try {
      this.setup(config);
    } catch (err) {
      this.problem = err instanceof ConnectorError ? err : new ConnectorError('invalid_request', (err as Error).message);
    }
  }

  private setup(config: ConnectorConfig) {
    const user = config.credentials.username ?? '';
    const password = config.credentials.password ?? '';
    if (!user || !password) throw new ConnectorError('invalid_request', 'SAP ECC needs a username and a password', { field: 'credentials' });
    const client = config.options.sap_client ?? '100';
    if (!/^\d{3}$/.test(client)) throw new ConnectorError('invalid_request', `sap_client must be three digits, e.g. 100 (got ${JSON.stringify(client.slice(0, 10))})`, { field: 'sap_client' });
    if (config.baseUrl?.startsWith('http:') && !config.options.allow_insecure) {
      throw new ConnectorError('invalid_request', 'http:// needs the option allow_insecure', { field: 'base_url' });
    }
    this.client = client;
    this.auth = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    this.http = createHttpClient(config, { timeoutMs: 120_000 });
  }

  /** Opens a stateful session for one LUW (a write and its commit). */
  session(): RfcSession {
    return { cookie: null, opened: false };
  }

  /**
   * Calls one function module; returns the <FM.Response> element. `session`
   * keeps the roll area (and so the uncommitted LUW) across calls; `close`
   * ends it with this call.
   */
  async call(fm: string, params: Record<string, RfcValue>, opts: { session?: RfcSession; close?: boolean } = {}): Promise<XmlElement> {
    if (this.problem) throw this.problem;
    const tag = rfcElementName(fm);
    const body = `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:urn="${RFC_NS}"><soapenv:Header/><soapenv:Body>`
      + `<urn:${tag}>${Object.entries(params).map(([k, v]) => writeRfcValue(k, v)).join('')}</urn:${tag}></soapenv:Body></soapenv:Envelope>`;
    const search = new URLSearchParams({ 'sap-client': this.client });
    const s = opts.session;
    if (s && !s.opened) search.set('sap-sessioncmd', 'open');
    else if (s && opts.close) search.set('sap-sessioncmd', 'close');
    const headers: Record<string, string> = {
      authorization: this.auth,
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `${RFC_NS}:${tag}`,
      accept: 'text/xml',
    };
    if (s?.cookie) headers.cookie = s.cookie;
    this.calls++;
    let res;
    try {
      res = await this.http.post(`${SOAP_RFC_PATH}?${search}`, { body, headers, responseType: 'text' });
    } catch (err) {
      throw transportError(err) ?? new ConnectorError('system', `${fm}: ${(err as Error).message}`);
    }
    if (s) {
      s.opened = true;
      const set = res.headers['set-cookie'] ?? [];
      const ctx = set.map((c) => c.split(';')[0]).filter((c) => /^(sap-contextid|SAP_SESSIONID_[\w]+|MYSAPSSO2)=/i.test(c));
      if (ctx.length) s.cookie = ctx.join('; ');
    }
    const text = res.body ?? '';
    if (res.statusCode === 401) throw new ConnectorError('auth', logonMessage(text), { httpStatus: 401, code: 'RFC_LOGON_FAILURE' });
    if (res.statusCode === 403) throw new ConnectorError('auth', `the SAP user may not call ${fm} over SOAP-RFC (HTTP 403: missing S_ICF/S_RFC authorization?)`, { httpStatus: 403 });
    if (res.statusCode === 404) throw new ConnectorError('not_found', `no SOAP-RFC service at /${SOAP_RFC_PATH} (is the ICF service /sap/bc/soap/rfc active?)`, { httpStatus: 404 });
    const fault = res.statusCode >= 400 || /<(\w+:)?Fault[\s>]/.test(text.slice(0, 2000)) ? soapFault(text) : null;
    if (fault) throw new ConnectorError(fault.exception === 'RFC_LOGON_FAILURE' ? 'auth' : 'system', `${fm} raised ${fault.exception ?? 'a SOAP fault'}${fault.message ? `: ${fault.message}` : ''}`, { httpStatus: res.statusCode, code: fault.exception ?? 'soap_fault' });
    const st = statusError(res.statusCode, res.headers, shortText(text));
    if (st) throw st;
    if (res.statusCode < 200 || res.statusCode >= 300) throw new ConnectorError('system', `${fm}: unexpected HTTP ${res.statusCode}`, { httpStatus: res.statusCode });
    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch (err) {
      throw new ConnectorError('system', `${fm}: the answer is not valid SOAP XML (${(err as XmlError).message})`);
    }
    const bodyEl = root.local === 'Envelope' ? child(root, 'Body') : undefined;
    const response = bodyEl?.children.find((c) => c.local === `${tag}.Response`);
    if (!response) throw new ConnectorError('system', `${fm}: the answer has no <${tag}.Response> element`);
    return response;
  }
}

/** The SAP logon message of a 401 page, without anything the client sent. */
function logonMessage(body: string): string {
  const known = [
    'Name or password is incorrect (repeat logon)',
    'Password logon no longer possible - too many failed attempts',
    'User is locked. Please notify the person responsible',
    'Initial password has expired (request a new one)',
    'Password is no longer valid',
    'is not available in this system',
  ];
  const plain = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  const hit = known.find((k) => plain.includes(k));
  if (hit === 'is not available in this system') return 'the SAP client (sap_client) does not exist in this system';
  return hit ? `SAP logon failed: ${hit}` : 'SAP logon failed (HTTP 401)';
}

function shortText(body: string): string {
  return body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** A SOAP fault's RFC exception name and message, if the body is one. */
function soapFault(text: string): { exception: string | null; message: string } | null {
  let root: XmlElement;
  try { root = parseXml(text); } catch { return null; }
  const fault = root.local === 'Envelope' ? child(child(root, 'Body') ?? root, 'Fault') : undefined;
  if (!fault) return null;
  const detail = child(fault, 'detail');
  const exc = detail?.children.find((c) => c.local.endsWith('.Exception'));
  const name = exc ? (child(exc, 'Name')?.text.trim() || null) : null;
  const message = (exc ? (child(exc, 'Text')?.text.trim() || child(exc, 'Message')?.text.trim()) : '') || child(fault, 'faultstring')?.text.trim() || '';
  return { exception: name, message: message.slice(0, 300) };
}
