// What the Maximo mappers share. Code tables are keyed by Maximo's INTERNAL
// value (`status_maxvalue`, `type_maxvalue`): customers add synonym statuses
// (WAITAPPR → WAPPR, FIELDDONE → COMP) and only the internal value is stable.
// References are Maximo remote ids (key values joined by "/"); attributes that
// are neither mapped nor standard Maximo attributes (customer attributes such as
// cx_* / ex_*) go to custom_fields; an unknown code maps to the safest value
// with a warning; a member that cannot be read throws.
import { FieldReader, isObject, type RawObject } from '../../kit/fields.js';
import { upper, type LookupSpec } from '../../kit/mapping.js';
import { normalizeMoney } from '../../kit/money.js';

/** Attributes every object structure carries: kept in remote_data, never custom fields. */
export const COMMON_STANDARD = ['orgid', 'siteid', 'description', 'description_longdescription', 'hasld', 'langcode', 'changedate', 'changeby', 'status', 'statusdate', 'rowstamp', 'classstructureid', 'glaccount', 'itemsetid'];

export const joinKey = (values: (string | number)[]): string => values.map(String).join('/');

/** The remote id of a member: its key attribute values joined by "/". Throws if one is missing. */
export function remoteIdOf(noun: string, keys: readonly string[], raw: unknown): string {
  if (!isObject(raw)) throw new Error(`${noun}: not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`);
  return joinKey(keys.map((k) => {
    const v = raw[k];
    if ((typeof v !== 'string' || v.trim() === '') && !(typeof v === 'number' && Number.isInteger(v))) throw new Error(`${noun}: missing its key attribute "${k}"`);
    return v as string | number;
  }));
}

export function open(noun: string, keys: readonly string[], raw: unknown): { r: FieldReader; key: string } {
  const key = remoteIdOf(noun, keys, raw);
  return { r: new FieldReader(raw as RawObject, `${noun} ${key}`), key };
}

/** The internal value of a synonym-domain attribute: `<attr>_maxvalue` when Maximo sends it, else the value. */
export function internal(r: FieldReader, attr: string): unknown {
  const mv = r.value(`${attr}_maxvalue`);
  return typeof mv === 'string' && mv.trim() !== '' ? mv : r.value(attr);
}

/** How an unknown Maximo code is named: the field, never the record (one system.error per code). */
export const code = <T extends string>(noun: string, field: string, unified: string, fallback: T): LookupSpec<T> =>
  ({ fallback, what: `Maximo ${noun} code in field "${field}":`, field: unified, normalize: upper });

/**
 * Maximo sends amounts as JSON numbers: the shortest decimal that round-trips
 * the double, rounded to at most 4 decimals (Maximo's largest currency scale),
 * shown with at least 2 — so 0.1 + 0.2 arrives as "0.30".
 */
export function money(r: FieldReader, key: string): string {
  const v = r.value(key);
  if (typeof v === 'number' && Number.isFinite(v)) return normalizeMoney(v, 4);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return normalizeMoney(Number(v.trim()), 4);
  throw new Error(`${r.what}: field "${key}" must be an amount, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}
export const optMoney = (r: FieldReader, key: string): string | null => (r.value(key) === undefined || r.value(key) === null ? null : money(r, key));

export function optNumLoose(r: FieldReader, key: string): number | null {
  const v = r.value(key);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return r.optNum(key);
}

/** A reference: the value and the rest of its key (the site), or null when any part is missing. */
export const ref = (value: string | null, ...rest: (string | null)[]): string | null =>
  value && rest.every((x) => x) ? joinKey([value, ...(rest as string[])]) : null;

/** Attributes that are neither mapped nor standard Maximo attributes: the customer's own (cx_*, ex_*, …). */
export function customFields(standard: ReadonlySet<string>, raw: RawObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (standard.has(k) || k === 'href' || k === 'localref' || k.startsWith('_') || k.endsWith('_collectionref')) continue;
    const meta = /^(.+)_(description|maxvalue|longdescription|localized)$/.exec(k);
    if (meta && (meta[1] in raw || standard.has(meta[1]))) continue;
    if (v !== null && typeof v === 'object') continue; // child objects are relationships, not attributes
    out[k] = v;
  }
  return out;
}

export function common(standard: ReadonlySet<string>, r: FieldReader, key: string, createdField: string | null, timeAttr = 'changedate') {
  const updated = r.time(timeAttr);
  return {
    remote_id: key,
    created_at: (createdField ? r.optTime(createdField) : null) ?? updated,
    updated_at: updated,
    remote_data: r.obj, // parsed from this response alone, and only read after: no copy needed
    custom_fields: customFields(standard, r.obj),
  };
}

/** What a Maximo entity's mapper file declares: the object structure, its key attributes (href order) and standard attributes. */
export interface ObjectStructure {
  os: string; select: string; noun: string; keys: readonly string[]; standard: ReadonlySet<string>;
  /** The attribute listings order and filter by (default changedate). */
  timeAttr?: string;
}

/** A reading as Maximo keeps it (a number for gauges, text otherwise) → the unified decimal string or text. */
export function readingText(v: unknown, what: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new Error(`${what}: a reading must be a number or a text, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}
