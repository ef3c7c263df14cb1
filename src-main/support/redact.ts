// Redaction for the support bundle. The bundle is built from allow-listed
// fields only (bundle.ts picks each one by name); this is the second belt: every
// string that goes in passes through a scrubber that removes the agent's own
// secrets by value (read from the keychain and the admin token file) and
// anything shaped like a secret (tokens, webhook secrets, Authorization headers,
// password=… pairs, user:password@ in URLs), in case a system echoed one into
// an error message that reached a log line or a sync error.

const REDACTED = '[redacted]';

const PATTERNS: RegExp[] = [
  /mwk_[A-Za-z0-9]{20,}/g, // connection API tokens
  /mwa_[A-Za-z0-9_-]{20,}/g, // the admin token
  /whsec_[A-Za-z0-9+/=]{20,}/g, // webhook signing secrets
  /(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:password|passwd|pwd|passphrase|api[_-]?key|apikey|maxauth|secret|token|session[_-]?token|authorization|cookie)["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&}]+/gi,
  /(\/\/)[^/\s:@]+:[^/\s@]+@/g, // user:password@ in URLs
];

/** Known secret values shorter than this are not scrubbed by value (they would match ordinary words). */
const MIN_KNOWN_SECRET = 6;

export type Scrub = (text: string) => string;

export function createScrubber(knownSecrets: Iterable<string>): Scrub {
  const known = [...new Set([...knownSecrets].filter((s) => typeof s === 'string' && s.length >= MIN_KNOWN_SECRET))]
    .sort((a, b) => b.length - a.length); // longest first, so a secret containing another is removed whole
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join(REDACTED);
    // A pattern's first group, if it has one, is the label to keep ("password=", "Bearer ", "//").
    for (const re of PATTERNS) out = out.replace(re, (_m, label: unknown) => `${typeof label === 'string' ? label : ''}${REDACTED}`);
    return out;
  };
}

/** Every string in a JSON-able value, scrubbed; keys are kept (they are ours). */
export function scrubDeep<T>(value: T, scrub: Scrub): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubDeep(v, scrub)])) as T;
  }
  return value;
}

/** A URL without its user info, query and fragment (they may carry credentials). */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw) return raw ?? null;
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}
