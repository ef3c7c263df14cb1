// UpKeep's answers as ConnectorErrors: the status plus `{"success":false,
// "message":"…"}`. Validation messages map to unified codes through a table
// (data). A 403 on a resource means the user's role or the account's plan does
// not include it: that resource (entity) is unavailable, not the connection.
import { ConnectorError, entityUnavailable, type ValidationCode } from '../kit/errors.js';
import { bodySummary, statusError, type HttpAnswer } from '../kit/http.js';

/** UpKeep validation message (a 400 on a write) → the unified code and the field. First match wins. */
export const VALIDATION_CODES: readonly (readonly [RegExp, ValidationCode, string | undefined])[] = [
  [/vendor/i, 'invalid_vendor', 'vendor_id'],
  [/\basset/i, 'invalid_asset', 'asset_id'],
  [/\bmeter/i, 'invalid_meter', 'meter_id'],
  [/\bpart/i, 'invalid_item', 'lines'],
  [/location/i, 'invalid_location', 'location_id'],
  [/quantity/i, 'invalid_quantity', 'lines'],
  [/price|cost/i, 'invalid_price', 'lines'],
  [/status/i, 'invalid_status', 'status'],
  [/priority/i, 'invalid_priority', 'priority'],
  [/user|assign/i, 'invalid_assignee', 'assignee'],
  [/date/i, 'invalid_date', undefined],
];

/** An answer with its JSON body read (undefined when it was not JSON). */
export interface Answer extends HttpAnswer { json: unknown }

/** The `message` of an UpKeep failure body (or an HTML page's title), trimmed for display. It never carries credentials. */
export function failureMessage(a: Answer): string {
  const m = a.json !== null && typeof a.json === 'object' ? (a.json as { message?: unknown }).message : undefined;
  const text = typeof m === 'string' && m.trim() ? m.trim() : a.json === undefined && a.body ? `HTTP ${a.status}: ${bodySummary(a.body)}` : `HTTP ${a.status}`;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function validationFailure(message: string): ConnectorError {
  const hit = VALIDATION_CODES.find(([re]) => re.test(message));
  return new ConnectorError('validation', message, { code: hit?.[1] ?? 'validation_failed', ...(hit?.[2] ? { field: hit[2] } : {}) });
}

/** A non-2xx answer to a data call (the login is judged by the client). `what` names the call ("GET work-orders"). */
export function answerError(a: Answer, what: string, resource: string): ConnectorError {
  const msg = failureMessage(a);
  const shared = statusError(a.status, a.headers, `${what}: ${msg}`);
  if (shared) return shared;
  if (a.status === 400 || a.status === 422) return validationFailure(msg);
  if (a.status === 403) {
    return entityUnavailable(`UpKeep refused ${what}: ${msg}`,
      `Ask the UpKeep account admin to give this user's role access to ${resource.replace('-', ' ')} (and check that the plan includes API access to them).`, { status: 403 });
  }
  if (a.status === 404) return new ConnectorError('not_found', `${what}: ${msg}`, { status: 404 });
  return new ConnectorError('system', `UpKeep answered ${what} with HTTP ${a.status}: ${msg}`, { status: a.status });
}
