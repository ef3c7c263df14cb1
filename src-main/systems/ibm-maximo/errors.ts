// Maximo's error answers → ConnectorError. Maximo wraps every failure in
// {"Error":{"reasonCode":"BMXAA…","message":"…","statusCode":"400"}} (statusCode a
// string), and the reason code, not the HTTP status, says what went wrong:
//   BMXAA7901E  login failed (401, deliberately vague)            → auth
//   BMXAA9549E  API key invalid, expired or revoked (400 or 401)  → auth
//   BMXAA9301E  the user may not use this object structure (400)  → that entity is unavailable
//   a list refused for its page size (mxe.oslc.maxpagesize)       → page_size_refused: the paging loop asks for less
//   anything with errorattrname on a write                        → validation (422 to API clients)
// Auth failures are never retried here: a retry can lock the Maximo user.
import { ConnectorError, entityUnavailable, type ValidationCode } from '../kit/errors.js';
import { bodySummary, statusError, type Headers } from '../kit/http.js';
import type { RawError } from './raw.js';

export const AUTH_REASON_CODES = new Set(['BMXAA7901E', 'BMXAA9549E', 'BMXAA0021E', 'BMXAA2283E']);
export const NO_ACCESS_REASON_CODES = new Set(['BMXAA9301E']);

/** Validation codes by reason code, before the attribute: the refusal is about the record's state, not the value. */
export const VALIDATION_CODE_BY_REASON: Readonly<Record<string, ValidationCode>> = {
  BMXAA4590E: 'invalid_status_transition', // the work order's status does not allow the change
};

/** Validation codes by the attribute Maximo names in `errorattrname`. */
export const VALIDATION_CODE_BY_ATTRIBUTE: Readonly<Record<string, ValidationCode>> = {
  vendor: 'invalid_vendor',
  company: 'invalid_vendor',
  itemnum: 'invalid_item',
  storeloc: 'invalid_location',
  location: 'invalid_location',
  siteid: 'invalid_site',
  currencycode: 'invalid_currency',
  orderqty: 'invalid_quantity',
  status: 'invalid_status',
  wopriority: 'invalid_priority',
  assetnum: 'invalid_asset',
  metername: 'invalid_meter', // a reading for a meter the asset does not have
  newreadingdate: 'duplicate_reading', // the meter has a reading at that date (a date in the future never reaches Maximo)
};

/** Attributes whose refusal means the value is not of the right kind (400, not 422): a text on a numeric meter. */
export const INVALID_VALUE_ATTRIBUTES: ReadonlySet<string> = new Set(['newreading']);

/** Maximo attributes → the unified API's field names, for the fields a refusal names. */
export const UNIFIED_FIELD: Readonly<Record<string, string>> = {
  metername: 'meter_id', newreading: 'value', newreadingdate: 'read_at', assetnum: 'asset_id', location: 'location_id', description: 'title', reportedpriority: 'priority',
};

export function parseMaximoError(body: string): RawError['Error'] | null {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const e = (j.Error ?? j['oslc:Error']) as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object') return null;
    const pick = (k: string) => { const v = e[k] ?? e[`spi:${k}`] ?? e[`oslc:${k}`]; return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined; };
    return { reasonCode: pick('reasonCode'), message: pick('message'), statusCode: pick('statusCode'), errorattrname: pick('errorattrname'), errorobjpath: pick('errorobjpath') };
  } catch {
    return null;
  }
}

/** Strips anything that could echo a credential: Maximo messages do not, but be sure. */
function clean(message: string, secrets: string[]): string {
  let m = message.replace(/\s+/g, ' ').trim().slice(0, 500);
  for (const s of secrets) if (s && s.length >= 4) m = m.split(s).join('***');
  return m;
}

export interface ErrorContext {
  /** The object structure asked, for "needs permission" messages. */
  objectStructure: string;
  /** A list request (a refused page size is recognised there). */
  list: boolean;
  /** A write (validation errors become 422). */
  write: boolean;
  secrets: string[];
}

/** A non-2xx Maximo answer as a ConnectorError. */
export function maximoHttpError(status: number, headers: Headers, body: string, ctx: ErrorContext): ConnectorError {
  const err = parseMaximoError(body);
  const reason = err?.reasonCode ?? (/\b(BMXAA\d{4}[EWI])\b/.exec(body)?.[1]);
  const message = clean(err?.message ?? (bodySummary(body) || `HTTP ${status}`), ctx.secrets);
  const os = ctx.objectStructure.toUpperCase();
  const extra = { status, ...(reason ? { systemCode: reason } : {}) };
  if (reason && AUTH_REASON_CODES.has(reason)) return new ConnectorError('auth', message, extra);
  if (reason && NO_ACCESS_REASON_CODES.has(reason)) {
    return entityUnavailable(`The Maximo user may not use the object structure ${os}. Maximo said: ${reason} ${message}`,
      `Ask the Maximo admin to grant the user's security group access to the object structure ${os} (Security Groups → Object Structures).`, extra);
  }
  if (status === 401) return new ConnectorError('auth', message, extra);
  // [?] Maximo documents only that a page size over mxe.oslc.maxpagesize fails the request, not its reason code: recognised by its words.
  if (ctx.list && status === 400 && /page ?size/i.test(message)) return new ConnectorError('invalid_request', message, { ...extra, code: 'page_size_refused' });
  const shared = statusError(status, headers, message);
  if (shared) return shared;
  if (status === 403) {
    return entityUnavailable(`The Maximo user may not read ${os} (HTTP 403: ${message})`, `Ask the Maximo admin to grant the user's security group access to the object structure ${os}.`, extra);
  }
  if (status === 404) return new ConnectorError('not_found', message, extra);
  if (ctx.write && (status === 400 || status === 409 || status === 412 || status === 422)) {
    const attr = err?.errorattrname?.toLowerCase();
    if (attr && INVALID_VALUE_ATTRIBUTES.has(attr)) return new ConnectorError('invalid_request', `${UNIFIED_FIELD[attr] ?? attr}: ${message}`, { ...extra, field: UNIFIED_FIELD[attr] ?? attr });
    const code: ValidationCode = (reason ? VALIDATION_CODE_BY_REASON[reason] : undefined) ?? (attr ? VALIDATION_CODE_BY_ATTRIBUTE[attr] : undefined) ?? 'validation_failed';
    return new ConnectorError('validation', message, { ...extra, code, ...(attr ? { field: UNIFIED_FIELD[attr] ?? attr } : {}) });
  }
  return new ConnectorError('system', `Maximo answered HTTP ${status} for ${os}: ${message}`, extra);
}
