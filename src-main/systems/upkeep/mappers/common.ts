// What the UpKeep mappers share: opening a record (an object with its `id`),
// references (an id, or an object expanded with `includes=`), custom fields,
// amounts from JSON numbers, the common fields and the lookup spec.
//
// Vendor docs: https://developers.onupkeep.com/ (#work-orders, #purchase-orders,
// #assets, #parts, #vendors, #locations).
import type { EntityName } from '../../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../../kit/fields.js';
import type { LookupSpec } from '../../kit/mapping.js';
import { normalizeMoney } from '../../kit/money.js';

export const NOUN: Record<EntityName, string> = {
  'purchase-orders': 'purchase order', 'work-orders': 'work order', assets: 'asset',
  'inventory-items': 'part', vendors: 'vendor', locations: 'location',
  meters: 'meter', 'meter-readings': 'meter reading', 'service-requests': 'request', 'maintenance-plans': 'preventive maintenance',
  'purchase-requisitions': 'purchase requisition',
};

/** UpKeep has no per-record currency; its API reports amounts in the account currency. */
export const DEFAULT_CURRENCY = 'USD';

export function open(entity: EntityName, raw: unknown): { r: FieldReader; key: string } {
  if (!isObject(raw)) throw new Error(`UpKeep ${NOUN[entity]}: not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`);
  const key = raw.id;
  if (typeof key !== 'string' || key.trim() === '') throw new Error(`UpKeep ${NOUN[entity]}: missing its key "id"`);
  return { r: new FieldReader(raw, `UpKeep ${NOUN[entity]} ${key}`), key };
}

/** The id of a raw record, for naming one that cannot be mapped. */
export const idOf = (raw: unknown): string | null => (isObject(raw) && typeof raw.id === 'string' ? raw.id : null);

/** How an unknown UpKeep code is named: the field, never the record (one system.error per code). */
export const code = <T extends string>(entity: EntityName, field: string, unified: string, fallback: T, normalize?: (c: string) => string): LookupSpec<T> =>
  ({ fallback, what: `UpKeep ${NOUN[entity]} ${field}`, field: unified, ...(normalize ? { normalize } : {}) });

/** UpKeep's custom fields (`customFields` or `fields`: arrays of {name, value}, or a plain object) as one object. */
export function customFields(raw: RawObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['customFields', 'fields']) {
    const v = raw[key];
    if (Array.isArray(v)) {
      for (const f of v) if (isObject(f) && typeof f.name === 'string' && f.name !== '') out[f.name] = f.value ?? null;
    } else if (isObject(v)) {
      Object.assign(out, v);
    }
  }
  return out;
}

/** A money amount from an UpKeep JSON number (or decimal string): float noise beyond 4 decimals is dropped. */
export function money(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return normalizeMoney(value, 4);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return normalizeMoney(value);
  throw new Error(`${what} must be an amount, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}
export const optMoney = (value: unknown, what: string): string | null => (value === undefined || value === null ? null : money(value, what));

/** A reference that is an id, or an expanded object (`includes=`) carrying one. */
export function refId(r: FieldReader, field: string): string | null {
  const v = r.value(field);
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.id === 'string') return v.id;
  throw new Error(`${r.what}: field "${field}" must be an id or an object with one, got ${JSON.stringify(v)}`);
}

/** The fields every UpKeep record maps alike; remote_data is the row parsed from this response alone, only read after: no copy needed. */
export function common(r: FieldReader, key: string) {
  return { remote_id: key, created_at: r.time('createdAt'), updated_at: r.time('updatedAt'), remote_data: r.obj, custom_fields: customFields(r.obj) };
}
