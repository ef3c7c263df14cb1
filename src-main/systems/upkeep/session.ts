// UpKeep session tokens, held in memory only (never logged, never in SQLite).
// Connectors are short-lived (one per sync or API write), so the cache lives at
// module level, keyed by a hash of (base URL, email, password): a new password
// never reuses an old session. A token is used until shortly before its
// `expiresAt`; logins for one key are single-flight, so a burst of calls that
// all meet an expired session logs in once.
import crypto from 'node:crypto';

export interface Session {
  token: string;
  expiresAtMs: number;
}

/** Log in again this long before `expiresAt`, so a token never expires mid-request. */
const REFRESH_MARGIN_MS = 60_000;
const MAX_CACHED = 256;

const cache = new Map<string, Session>();
const pending = new Map<string, Promise<Session>>();

export function sessionKey(baseUrl: string, email: string, password: string): string {
  return crypto.createHash('sha256').update(`${baseUrl}\0${email.toLowerCase()}\0${password}`).digest('base64url');
}

export class SessionCache {
  constructor(private readonly key: string, private readonly login: () => Promise<Session>) {}

  /** A usable session: the cached one, or a fresh login (shared with concurrent callers). */
  async get(now = Date.now()): Promise<Session> {
    const s = cache.get(this.key);
    if (s && s.expiresAtMs - REFRESH_MARGIN_MS > now) return s;
    if (s) cache.delete(this.key);
    let p = pending.get(this.key);
    if (!p) {
      p = this.login().then((fresh) => {
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
        cache.set(this.key, fresh);
        return fresh;
      }).finally(() => pending.delete(this.key));
      pending.set(this.key, p);
    }
    return p;
  }

  /** The system refused this token: forget it (unless a newer one already replaced it). */
  invalidate(token: string): void {
    if (cache.get(this.key)?.token === token) cache.delete(this.key);
  }
}

/** Forget every cached session (tests; a real agent never needs it). */
export function clearUpKeepSessions(): void {
  cache.clear();
}
