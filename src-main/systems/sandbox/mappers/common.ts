// What the sandbox mappers share: opening a raw record (an object with its key,
// named for messages), the common fields, custom fields, and the lookup spec.
import type { EntityName } from '../../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../../kit/fields.js';
import { upper, type LookupSpec } from '../../kit/mapping.js';
import { remoteKeyField } from '../raw.js';

export const NOUN: Record<EntityName, string> = {
  'purchase-orders': 'purchase order', 'work-orders': 'work order', assets: 'asset',
  'inventory-items': 'inventory item', vendors: 'vendor', locations: 'location',
  meters: 'meter', 'meter-readings': 'meter reading', 'service-requests': 'service request',
  'maintenance-plans': 'maintenance plan', 'purchase-requisitions': 'purchase requisition',
};

/** Opens a raw record: checks it is an object with a key, and names it for messages. */
export function open(entity: EntityName, raw: unknown): { r: FieldReader; key: string } {
  if (!isObject(raw)) throw new Error(`${NOUN[entity]}: not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`);
  const keyField = remoteKeyField[entity];
  const key = raw[keyField];
  if (typeof key !== 'string' || key.trim() === '') throw new Error(`${NOUN[entity]}: missing its key "${keyField}"`);
  return { r: new FieldReader(raw, `${NOUN[entity]} ${key}`), key };
}

/** How an unknown sandbox code is named: the code's field, never the record (one system.error per code). */
export const code = <T extends string>(entity: EntityName, field: string, unified: string, fallback: T): LookupSpec<T> =>
  ({ fallback, what: `sandbox ${NOUN[entity]} code in field "${field}":`, field: unified, normalize: upper });

/** Raw fields no unified field consumes, plus the system's own custom-field bag `extra`, flattened. */
export function customFields(raw: RawObject, consumed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'extra' || consumed.includes(k)) continue;
    out[k] = v;
  }
  const extra = raw.extra;
  if (isObject(extra)) Object.assign(out, extra);
  else if (extra !== undefined && extra !== null) out.extra = extra;
  return out;
}

/**
 * The fields every sandbox record maps alike. remote_data is the source's own
 * record, not a copy: the source never changes a record in place (touch makes a
 * new one, add stores a copy), and what takes a mapped record only reads it.
 */
export function common(r: FieldReader, key: string) {
  return { remote_id: key, created_at: r.time('createdAt'), updated_at: r.time('lastModified'), remote_data: r.obj };
}
