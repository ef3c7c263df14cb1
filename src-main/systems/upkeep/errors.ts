// UpKeep's error classifier: an HTTP answer (status + `{"success":false,
// "message":"…"}`) or a thrown transport error → ConnectorError. Validation
// messages map to unified error codes through a table (data, not branches).
import { RequestError } from 'got';
import { ConnectorError } from '../connector.js';
import { statusError, transportError } from '../http.js';

/** UpKeep validation message (a 400 on a write) → the unified API's 422 code. First match wins. */
export const VALIDATION_CODES: readonly (readonly [RegExp, string, string | undefined])[] = [
  [/vendor/i, 'invalid_vendor', 'vendor_id'],
  [/\bpart/i, 'invalid_item', 'lines'],
  [/location/i, 'invalid_location', 'location_id'],
  [/quantity/i, 'invalid_quantity', 'lines'],
  [/price|cost/i, 'invalid_price', 'lines'],
  [/status/i, 'invalid_status', 'status'],
  [/priority/i, 'invalid_priority', 'priority'],
  [/user|assign/i, 'invalid_assignee', 'assignee'],
  [/date/i, 'invalid_date', undefined],
];

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined if it was not JSON. */
  json: unknown;
}

/** The `message` of an UpKeep failure body, trimmed for display (it never carries credentials). */
export function failureMessage(a: Answer): string {
  const m = a.json !== null && typeof a.json === 'object' ? (a.json as { message?: unknown }).message : undefined;
  const text = typeof m === 'string' && m.trim() ? m.trim() : `HTTP ${a.status}`;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function validationError(message: string): ConnectorError {
  const hit = VALIDATION_CODES.find(([re]) => re.test(message));
  return new ConnectorError('validation', message, { code: hit?.[1] ?? 'validation_failed', httpStatus: 422, ...(hit?.[2] ? { field: hit[2] } : {}) });
}

/**
 * A non-2xx answer to a data call (never the login: see the connector) as a
 * ConnectorError. `what` names the call for messages ("GET work-orders").
 */
export function answerError(a: Answer, what: string): ConnectorError {
  const msg = failureMessage(a);
  const shared = statusError(a.status, a.headers, `${what}: ${msg}`);
  if (shared) return shared;
  if (a.status === 400 || a.status === 422) return validationError(msg);
  if (a.status === 404) return new ConnectorError('not_found', `${what}: ${msg}`, { httpStatus: 404 });
  if (a.status === 401 || a.status === 403) {
    return new ConnectorError('auth', `UpKeep refused ${what} (${msg}); the user needs API access (Business Plus plan) and permission for this data`, { httpStatus: a.status });
  }
  return new ConnectorError('system', `UpKeep answered ${what} with HTTP ${a.status}: ${msg}`, { httpStatus: a.status });
}

/** Any error this connector can meet → ConnectorError. */
export function classifyUpKeepError(err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const t = transportError(err);
  if (t) return t;
  if (err instanceof RequestError) return new ConnectorError('unreachable', err.message);
  return new ConnectorError('system', err instanceof Error ? err.message : String(err));
}
