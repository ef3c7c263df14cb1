// What the SAP ECC mappers share. References stay SAP keys (the store resolves
// them): vendors by padded LIFNR, assets by padded EQUNR, plants by WERKS,
// storage locations by "WERKS/LGORT", inventory items by "MATNR/WERKS/LGORT".
// Display codes strip the ALPHA zeros. Customer fields (ZZ*, YY*) go to
// custom_fields. Codes: PM statuses (JEST/TJ02T), order types PM01–PM05 and
// priorities 1–4 (T356), EKKO-LOEKZ and FRGKE (SAP Help, PM and MM customizing).
import type { LookupSpec } from '../../kit/mapping.js';
import type { TableRow } from '../raw.js';

/** Strips ALPHA zero-padding for display ("0000100023" → "100023"); non-numeric keys stay. */
export function alphaOut(key: string): string {
  const t = key.trim();
  return /^\d+$/.test(t) ? t.replace(/^0+(?=\d)/, '') : t;
}

/** Pads a numeric key to its ALPHA length ("4000123", 12 → "000004000123"); non-numeric keys stay as typed. */
export function alphaIn(key: string, length: number): string {
  const t = key.trim();
  return /^\d+$/.test(t) ? t.padStart(length, '0') : t.toUpperCase();
}

/** DATS (YYYY-MM-DD over SOAP, YYYYMMDD in RFC_READ_TABLE rows) → ISO midnight UTC; empty/0000-00-00 → null. */
export function sapDate(value: string | undefined, what: string): string | null {
  const v = (value ?? '').trim();
  if (v === '' || /^0{4}-?0{2}-?0{2}$/.test(v)) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (!m) throw new Error(`${what}: not a date: ${JSON.stringify(v)}`);
  const iso = `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== iso) throw new Error(`${what}: not a date: ${JSON.stringify(v)}`);
  return iso;
}

/** ISO date-time → DATS YYYY-MM-DD (UTC). */
export const toSapDate = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** A SAP decimal ("12.500", "  12.5-" with ABAP's trailing minus) as a canonical decimal string. */
export function sapDecimal(value: string | undefined, what: string): string {
  let v = (value ?? '').trim();
  if (v === '') return '0';
  let neg = false;
  if (v.endsWith('-')) { neg = true; v = v.slice(0, -1).trim(); }
  if (v.startsWith('-')) { neg = !neg; v = v.slice(1); }
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) throw new Error(`${what}: not a number: ${JSON.stringify(value)}`);
  return `${neg ? '-' : ''}${v}`;
}

export const sapNumber = (value: string | undefined, what: string): number => Number(sapDecimal(value, what));

/** Customer fields: ZZ…/YY… (appends and CI includes). */
export function customFields(...rows: (TableRow | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) for (const [k, v] of Object.entries(row ?? {})) if (/^(ZZ|YY)/.test(k)) out[k] = v.trim();
  return out;
}

export const orNull = (v: string | undefined): string | null => (v && v.trim() !== '' ? v.trim() : null);

export function need(row: TableRow, field: string, what: string): string {
  const v = row[field];
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${what}: field ${field} is empty`);
  return v.trim();
}

/** Splits a status line "REL  NMAT PRC" (or "I0002 I0016") into codes. */
export const statusCodes = (line: string): string[] => line.split(/\s+/).map((c) => c.trim().toUpperCase()).filter(Boolean);

export const code = <T extends string>(what: string, field: string, fallback: T): LookupSpec<T> => ({ fallback, what, field });

/** The creation and change dates, left unset where SAP has none (the store keeps when it first saw the record). */
export function dates(created: string | null, changed: string | null): { created_at?: string; updated_at?: string } {
  return { ...(created ? { created_at: created } : {}), ...(changed ?? created ? { updated_at: (changed ?? created)! } : {}) };
}

/**
 * A FLTP value as RFC_READ_TABLE writes it ("7.1000000000000000E+00", "-1.5E-03", or a
 * plain decimal) → a canonical decimal string ("7.1"); 15 significant digits, as a FLTP holds.
 */
export function sapFloat(value: string | undefined, what: string): string {
  const v = (value ?? '').trim().replace(/,/g, '.');
  if (v === '') return '0';
  if (!/^[-+]?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(v)) throw new Error(`${what}: not a floating-point number: ${JSON.stringify(value)}`);
  return String(Number(Number(v).toPrecision(15)));
}

/** SAP DATS + TIMS ("20261203", "081502") → ISO UTC. [?] SAP keeps them in the system's local time; read as UTC. */
export function sapDateTime(date: string | undefined, time: string | undefined, what: string): string | null {
  const day = sapDate(date, what);
  if (!day) return null;
  const t = (time ?? '').trim().replace(/:/g, '');
  if (t !== '' && !/^\d{6}$/.test(t)) throw new Error(`${what}: not a time: ${JSON.stringify(time)}`);
  return t ? `${day.slice(0, 11)}${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.000Z` : day;
}

/**
 * The unified status of an object's active JEST system statuses: the known code with the
 * highest rank wins; unknown codes (not in `flags`, not user statuses E…) are reported.
 */
export function rankedStatus<T extends string>(codes: readonly string[], table: Readonly<Record<string, { status: T; rank: number }>>,
  flags: ReadonlySet<string>, what: string, fallback: T, warnings: string[]): T {
  let best: { status: T; rank: number } | null = null;
  const unknown: string[] = [];
  for (const c of codes) {
    const hit = Object.hasOwn(table, c) ? table[c] : null;
    if (hit) { if (!best || hit.rank > best.rank) best = hit; } else if (!flags.has(c) && !c.startsWith('E')) unknown.push(c);
  }
  const outcome = best ? 'ignored' : `status mapped to "${fallback}"`;
  for (const c of unknown) warnings.push(`Unknown SAP ${what} system status ${JSON.stringify(c)}; ${outcome}`);
  if (!best && !unknown.length) warnings.push(`SAP ${what} without a known system status (${JSON.stringify(codes.join(' '))}); status mapped to "${fallback}"`);
  return best?.status ?? fallback;
}
