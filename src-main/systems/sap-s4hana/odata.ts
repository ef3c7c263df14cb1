// OData v2 value formats as SAP Gateway writes them, and exact decimals.
// Pure functions: no I/O.

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

/** Reads an OData v2 (or v4) error body; null if the body is not one (an HTML page, say). */
export function parseODataError(body: string): SapMessage | null {
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return null; }
  const e = (parsed as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== 'object') return null;
  const msg = e.message;
  const message = typeof msg === 'string' ? msg : typeof (msg as { value?: unknown })?.value === 'string' ? (msg as { value: string }).value : '';
  const inner = e.innererror as { errordetails?: { code?: string; message?: string; target?: string }[] } | undefined;
  const details = Array.isArray(inner?.errordetails)
    ? inner.errordetails.filter((d) => d && typeof d.message === 'string').map((d) => ({ code: String(d.code ?? ''), message: d.message!, ...(d.target ? { target: d.target } : {}) }))
    : [];
  return { code: typeof e.code === 'string' ? e.code : '', message: message || 'SAP returned an error without a message', details };
}

// ---------------------------------------------------------------- exact decimals

/** value = coef × 10^-scale */
interface Dec { coef: bigint; scale: number }

export function parseDec(text: string): Dec {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  const coef = BigInt((m[2] || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  return { coef, scale: frac.length };
}

function round(coef: bigint, fromScale: number, toScale: number): bigint {
  if (toScale >= fromScale) return coef * 10n ** BigInt(toScale - fromScale);
  const div = 10n ** BigInt(fromScale - toScale);
  const neg = coef < 0n;
  const abs = neg ? -coef : coef;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return neg ? -q : q;
}

function format(coef: bigint, scale: number): string {
  const neg = coef < 0n;
  const digits = (neg ? -coef : coef).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale ? `.${digits.slice(digits.length - scale)}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

/** A decimal string as money: at least 2 decimals, extra non-zero precision kept. "10.000" → "10.00", "0.125" stays. */
export function money(text: string): string {
  const d = parseDec(text);
  let { coef, scale } = d;
  while (scale > 2 && coef % 10n === 0n) { coef /= 10n; scale--; }
  return format(round(coef, scale, Math.max(scale, 2)), Math.max(scale, 2));
}

/** a × b ÷ c, rounded half away from zero to `scale` decimals, exactly (no floats). */
export function mulDiv(a: string, b: string, c: string, scale: number): string {
  const x = parseDec(a);
  const y = parseDec(b);
  const z = parseDec(c);
  if (z.coef === 0n) throw new Error('division by zero');
  // (xc·10^-xs)(yc·10^-ys)/(zc·10^-zs) in units of 10^-scale = xc·yc·10^(zs-xs-ys+scale) / zc
  const exp = z.scale - x.scale - y.scale + scale;
  let n = x.coef * y.coef * (exp > 0 ? 10n ** BigInt(exp) : 1n);
  let d = z.coef * (exp < 0 ? 10n ** BigInt(-exp) : 1n);
  if (d < 0n) { n = -n; d = -d; }
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return format(neg ? -q : q, scale);
}

/** Sum of money strings, exact. */
export function sumMoney(values: string[]): string {
  let scale = 2;
  for (const v of values) scale = Math.max(scale, parseDec(v).scale);
  let total = 0n;
  for (const v of values) { const d = parseDec(v); total += round(d.coef, d.scale, scale); }
  return money(format(total, scale));
}

/** A decimal string as a number (quantities only; never money). */
export function quantity(text: unknown): number {
  if (typeof text === 'number' && Number.isFinite(text)) return text;
  if (typeof text !== 'string') throw new Error(`not a quantity: ${JSON.stringify(text)}`);
  parseDec(text);
  return Number(text);
}
