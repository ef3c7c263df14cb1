// What the S/4HANA mappers share. Code tables are data (one per field); the
// mappers are pure. References stay SAP keys (the store resolves them).
// Customer extension fields (ZZ*, YY1_*) go to custom_fields; every raw field
// stays in remote_data. An unknown code maps to the safest value with a
// warning; a record that cannot be read at all throws. Records SAP marks for
// deletion are reported as deleted by the definition (deletedOr), not mapped.
import type { LookupSpec, MapResult } from '../../kit/mapping.js';
import { upper } from '../../kit/mapping.js';
import { parseODataDate } from '../odata.js';

/** When SAP has no change time for an entity (plants, storage locations): a fixed instant, so re-listings hash the same. */
export const NO_TIME = '1970-01-01T00:00:00.000Z';

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function need(raw: unknown, keyField: string, what: string): { r: Record<string, unknown>; key: string } {
  if (!isObj(raw)) throw new Error(`${what}: not an object`);
  const key = raw[keyField];
  if (typeof key !== 'string' || key.trim() === '') throw new Error(`${what}: missing its key ${keyField}`);
  return { r: raw, key };
}

export function str(r: Record<string, unknown>, f: string): string | null {
  const v = r[f];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new Error(`field ${f} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

export function date(r: Record<string, unknown>, f: string): string | null {
  try { return parseODataDate(r[f]); } catch (err) { throw new Error(`field ${f}: ${(err as Error).message}`); }
}

export function dateOr(r: Record<string, unknown>, fields: string[], fallback: string): string {
  for (const f of fields) { const d = date(r, f); if (d) return d; }
  return fallback;
}

/** created_at and updated_at: LastChangeDateTime, the first creation field set, else each other (or NO_TIME). */
export function stamps(r: Record<string, unknown>, createdFields: string[]): { created_at: string; updated_at: string } {
  const updated = date(r, 'LastChangeDateTime');
  const created = dateOr(r, createdFields, updated ?? NO_TIME);
  return { created_at: created, updated_at: updated ?? created };
}

export const bool = (r: Record<string, unknown>, f: string): boolean => r[f] === true || r[f] === 'X';

/** Customer extension fields: ZZ* (classic) and YY1_* (key-user extensibility). */
export function extensionFields(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (/^(ZZ|YY1_)/i.test(k)) out[k] = v;
  return out;
}

/** The raw record without OData plumbing (deferred navigation links, the host in __metadata). */
export function rawData(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (isObj(v) && '__deferred' in v) continue;
    if (k === '__metadata' && isObj(v)) { const { id: _id, uri: _uri, ...meta } = v; out[k] = meta; continue; }
    out[k] = v;
  }
  return out;
}

/** The inventory item key: plant/storage location/material (plant and storage location are CHAR 4 without "/"). */
export const inventoryKey = (plant: string, storageLocation: string, material: string) => `${plant}/${storageLocation}/${material}`;
export function parseInventoryKey(key: string): { plant: string; storageLocation: string; material: string } | null {
  const m = /^([^/]{1,4})\/([^/]{0,4})\/(.+)$/.exec(key);
  return m ? { plant: m[1], storageLocation: m[2], material: m[3] } : null;
}
/** Storage location keys: plant/storage location. */
export const storageLocationKey = (plant: string, storageLocation: string) => `${plant}/${storageLocation}`;

/** How an unknown S/4HANA code is named; a code that is not set is the default, silently. */
export const code = <T extends string>(noun: string, field: string, unified: string, fallback: T): LookupSpec<T> =>
  ({ fallback, blank: fallback, what: `SAP ${noun} code in field "${field}":`, field: unified, normalize: upper });

/** Reports a record SAP marks for deletion as deleted instead of mapping it. */
export const deletedOr = (isDeleted: (raw: Record<string, unknown>) => boolean, keyField: string, map: (raw: unknown) => MapResult) => (raw: unknown): MapResult =>
  isObj(raw) && typeof raw[keyField] === 'string' && isDeleted(raw) ? { deleted: raw[keyField] as string } : map(raw);

/** The remote id of a raw row (for rejected rows). */
export const keyOf = (keyField: string) => (raw: unknown): string | null => (isObj(raw) && typeof raw[keyField] === 'string' ? raw[keyField] as string : null);
