// OData v2 value formats as SAP Gateway writes them: dates, literals, key
// predicates, ETags, error bodies. Pure functions: no I/O.

// ---------------------------------------------------------------- dates

const ODATA_DATE = /^\/Date\((-?\d+)(?:([+-])(\d{4}))?\)\/$/;

/**
 * "/Date(1709596800000)/" (Edm.DateTime) or "/Date(1709633564123+0000)/" (Edm.DateTimeOffset)
 * → ISO-8601 UTC. The ticks are milliseconds since the epoch in UTC; the offset
 * (minutes) only says in which zone the value was entered, so it does not move
 * the instant. Also accepts ISO strings (OData v4 / some v2 services). null/""
 * → null; anything else throws.
 */
export function parseODataDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new Error(`not an OData date: ${JSON.stringify(value)}`);
  const m = ODATA_DATE.exec(value);
  if (m) {
    const ms = Number(m[1]);
    if (!Number.isSafeInteger(ms)) throw new Error(`not an OData date: ${JSON.stringify(value)}`);
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) throw new Error(`not an OData date: ${JSON.stringify(value)}`);
    return d.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) {
    const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1') + (/(Z|[+-]\d{2}:\d{2})$/.test(value) ? '' : 'Z'));
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new Error(`not an OData date: ${JSON.stringify(value)}`);
}

/** ISO → the v2 JSON form of an Edm.DateTimeOffset, for write payloads. */
export function toODataDateTimeOffset(iso: string): string {
  return `/Date(${Date.parse(iso)}+0000)/`;
}

/** ISO (any precision) → a URL filter literal datetimeoffset'2024-03-01T00:00:00.000Z'. */
export function dateTimeOffsetLiteral(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/.test(iso)) throw new Error(`not a UTC timestamp: ${iso}`);
  return `datetimeoffset'${iso}'`;
}

/** The end of time SAP uses for the current equipment time segment. */
export const VALIDITY_OPEN_END = "datetime'9999-12-31T00:00:00'";

/**
 * The full-precision timestamp inside a weak ETag such as
 * W/"datetimeoffset'2024-03-05T10%3A12%3A44.1234560Z'" (LastChangeDateTime as a
 * 100-ns timestamp), or null. JSON dates carry milliseconds only; the ETag
 * keeps all 7 decimals, which keyset paging needs to be exact.
 */
export function etagTimestamp(etag: unknown): string | null {
  if (typeof etag !== 'string') return null;
  const m = /datetimeoffset'([^']+)'/.exec(etag);
  if (!m) return null;
  let text: string;
  try { text = decodeURIComponent(m[1]); } catch { return null; }
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/.test(text) ? text : null;
}

/** Milliseconds of an ISO timestamp with up to 7 decimals. */
export function isoMs(iso: string): number {
  return Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
}

// ---------------------------------------------------------------- literals

/** A string literal for $filter and keys: 'O''Brien'. */
export function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The key predicate of one entity: ('4500000001') or (A='1',B=datetime'…'). */
export function keyPredicate(key: string | Record<string, string>): string {
  if (typeof key === 'string') return `(${encodeURIComponent(quote(key))})`;
  return `(${Object.entries(key).map(([k, v]) => `${k}=${v.startsWith('datetime') ? v : encodeURIComponent(quote(v))}`).join(',')})`;
}

/** A query string with the OData system options left readable ($top, not %24top). */
export function queryString(params: Record<string, string | number | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/g, ',').replace(/%27/g, "'")}`)
    .join('&');
}

// ---------------------------------------------------------------- errors

export interface SapMessage {
  code: string;
  message: string;
  details: { code: string; message: string; target?: string }[];
}

/** Reads an OData v2 (or v4) error body, JSON or XML; null if the body is not one (an HTML page, say). */
export function parseODataError(body: string): SapMessage | null {
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return parseXmlError(body); }
  const e = (parsed as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== 'object') return null;
  const msg = e.message;
  const message = typeof msg === 'string' ? msg : typeof (msg as { value?: unknown })?.value === 'string' ? (msg as { value: string }).value : '';
  const inner = e.innererror as { errordetails?: { code?: string; message?: string; target?: string }[] } | undefined;
  // v2 puts the details in innererror.errordetails, v4 in details; v4 names the property in target
  const list = Array.isArray(inner?.errordetails) ? inner.errordetails : Array.isArray(e.details) ? e.details as { code?: string; message?: string; target?: string }[] : [];
  const details = list.filter((d) => d && typeof d.message === 'string').map((d) => ({ code: String(d.code ?? ''), message: d.message!, ...(d.target ? { target: d.target } : {}) }));
  if (!details.length && typeof e.target === 'string' && e.target) details.push({ code: String(e.code ?? ''), message, target: e.target });
  return { code: typeof e.code === 'string' ? e.code : '', message: message || 'SAP returned an error without a message', details };
}

/** The XML form Gateway uses when it cannot answer in JSON (a service it cannot find, say): <error><code/><message/></error>. */
function parseXmlError(body: string): SapMessage | null {
  if (!/^\s*(<\?xml[^>]*>\s*)?<error[\s>]/.test(body)) return null;
  const unescape = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const code = unescape(/<code>([^<]*)<\/code>/.exec(body)?.[1] ?? '');
  const message = unescape(/<message[^>]*>([^<]*)<\/message>/.exec(body)?.[1] ?? '');
  return code || message ? { code, message: message || 'SAP returned an error without a message', details: [] } : null;
}
