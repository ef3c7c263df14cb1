// passthrough/ owns POST /v1/passthrough. This file decides what may pass:
// the connection's guard (read_only: GET and HEAD only, and no OData $batch;
// read_write; off), a path that stays inside the system's API paths whatever
// its spelling, and the caller's headers minus those that would speak for the
// connection (credentials, cookies, CSRF tokens) or for the hop.
import { fail, MillwrightError } from '../contract/errors.js';
import type { PassthroughMode } from '../contract/connections.js';
import type { PassthroughMethod } from '../contract/passthrough.js';
import type { PassthroughPolicy } from '../systems/kit/passthrough.js';

export type { PassthroughPolicy };

const READ_METHODS: readonly PassthroughMethod[] = ['GET', 'HEAD'];

/** The connection's guard: 403 passthrough_forbidden when its mode does not let this call through. */
export function checkMode(mode: PassthroughMode, method: PassthroughMethod, path: string, body: Buffer | null, policy: PassthroughPolicy): void {
  if (mode === 'off') throw fail('passthrough_forbidden', 'Passthrough is off for this connection; an admin can allow it in the connection\'s settings.');
  if (mode === 'read_write') return;
  if (/(^|\/)\$batch(\/|$)/i.test(decodeFully(path))) {
    throw fail('passthrough_forbidden', 'An OData $batch may carry writes: it is refused while passthrough is read only.');
  }
  if (READ_METHODS.includes(method)) return;
  const why = method === 'POST' && policy.readOnlyPost ? policy.readOnlyPost(path, body) : 'only GET and HEAD pass while passthrough is read only';
  if (why !== null) throw fail('passthrough_forbidden', `${method} refused: ${why}. An admin can set the connection's passthrough to read_write.`);
}

/** Percent-decoding until nothing changes (at most a few rounds): what a server may end up seeing. */
function decodeFully(path: string): string {
  let p = path;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try { next = decodeURIComponent(p); } catch { return p; }
    if (next === p) return p;
    p = next;
  }
  return p;
}

const bad = (message: string) => new MillwrightError('invalid_request', message, { details: { field: 'path' } });

/**
 * The path as it is sent, checked: relative to the base URL (no scheme, no
 * host, no "//"), no query or fragment (those go in `query`), no backslash,
 * control character or dot segment in any decoding, and inside the policy's
 * API paths. Returns it without its leading slash (the transport's form).
 */
export function checkPath(path: string, policy: PassthroughPolicy): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) throw bad('path must be relative to the connection\'s base URL (e.g. /api/v2/work-orders), not a URL of its own.');
  if (!path.startsWith('/')) throw bad('path must start with "/" (relative to the connection\'s base URL).');
  if (/[?#]/.test(path)) throw bad('path must not carry a query or fragment: give the query parameters in `query`.');
  const decoded = decodeFully(path);
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(decoded) || /\s/.test(path)) throw bad('path must not contain backslashes, spaces or control characters (also when percent-decoded).');
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..')) throw bad('path must not contain "." or ".." segments (also when percent-decoded).');
  if (/^\/\/|^[a-z][a-z0-9+.-]*:/i.test(decoded)) throw bad('path must stay on the connection\'s host.');
  const inside = (p: string) => policy.paths.some((prefix) => (prefix.endsWith('/') ? p.startsWith(prefix) : p === prefix || p.startsWith(`${prefix}/`)));
  if (!inside(path) || !inside(decoded)) throw bad(`path must be inside this system's API: ${policy.paths.join(', ')}`);
  return path.slice(1);
}

/** Headers that speak for the connection (any system's credentials and session) or only for one hop. */
const DROPPED = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'cookie2', 'host', 'content-length',
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'x-csrf-token', 'apikey', 'maxauth', 'session-token',
]);
/** Headers that turn a request into another method on some systems (Maximo's x-method-override: PATCH on a POST). */
const METHOD_OVERRIDES = new Set(['x-http-method-override', 'x-method-override', 'x-http-method']);

/**
 * The caller's headers that may go to the system: credentials, cookies, CSRF
 * tokens, hop-by-hop headers (and those Connection names) are dropped; method
 * overrides too unless the guard lets writes through anyway.
 */
export function forwardableHeaders(headers: Record<string, string> | undefined, opts: { methodOverride: boolean }): Record<string, string> {
  const h = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const named = new Set((h.connection ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
  return Object.fromEntries(Object.entries(h).filter(([k]) => !DROPPED.has(k) && !named.has(k) && (opts.methodOverride || !METHOD_OVERRIDES.has(k))));
}

/** Answer headers the caller must not get (the connection's session, the CSRF token) or that no longer hold (length, encoding, hop). */
const HIDDEN_ANSWER = new Set(['set-cookie', 'set-cookie2', 'x-csrf-token', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade']);

export function answerHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string | string[]] => e[1] !== undefined && !HIDDEN_ANSWER.has(e[0].toLowerCase())));
}
