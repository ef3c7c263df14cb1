// A passthrough request made ready to send: the connection's guard applied,
// the path checked against the system's API paths, the caller's headers
// filtered, the body decoded and measured. Refusals are the contract's errors:
// 403 passthrough_forbidden, 400 invalid_request naming the field, 413.
import { fail, MillwrightError } from '../contract/errors.js';
import type { PassthroughMode } from '../contract/connections.js';
import { PASSTHROUGH_BODY_LIMIT, type PassthroughRequest } from '../contract/passthrough.js';
import type { PassthroughCall, PassthroughPolicy } from '../systems/kit/passthrough.js';
import { checkMode, checkPath, forwardableHeaders } from './guard.js';

/** The request body as bytes: base64 decoded, a string as UTF-8, other JSON serialised (then sent as application/json). */
function bodyBytes(r: PassthroughRequest): { bytes: Buffer | null; json: boolean } {
  if (r.body_base64 !== undefined) return { bytes: Buffer.from(r.body_base64, 'base64'), json: false };
  if (r.body === undefined || r.body === null) return { bytes: null, json: false };
  if (typeof r.body === 'string') return { bytes: Buffer.from(r.body, 'utf8'), json: false };
  return { bytes: Buffer.from(JSON.stringify(r.body), 'utf8'), json: true };
}

export function preparePassthrough(r: PassthroughRequest, mode: PassthroughMode, policy: PassthroughPolicy | null, systemName: string): PassthroughCall {
  if (!policy) throw fail('passthrough_forbidden', `${systemName} has no system API behind it to pass requests through to.`);
  if (mode === 'off') checkMode(mode, r.method, r.path, null, policy);
  const path = checkPath(r.path, policy);
  const { bytes, json } = bodyBytes(r);
  if (bytes && bytes.length > PASSTHROUGH_BODY_LIMIT) {
    throw new MillwrightError('payload_too_large', `The body to pass through is ${bytes.length} bytes; at most ${PASSTHROUGH_BODY_LIMIT} (1 MiB).`, { details: { field: r.body_base64 !== undefined ? 'body_base64' : 'body' } });
  }
  if ((r.method === 'GET' || r.method === 'HEAD') && bytes) throw fail('invalid_request', `A ${r.method} carries no body.`, { field: 'body' });
  checkMode(mode, r.method, r.path, bytes, policy);
  const headers = forwardableHeaders(r.headers, { methodOverride: mode === 'read_write' });
  if (json && !Object.keys(headers).includes('content-type')) headers['content-type'] = 'application/json';
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
  return { method: r.method, path, query, headers, body: bytes };
}
