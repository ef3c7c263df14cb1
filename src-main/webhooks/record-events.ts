// Record events (record.created / record.updated / record.deleted): what a
// changed record's event carries. `changed_fields` are the unified fields whose
// value differs from the previous version — for a new record, the fields that
// have a value; for a deletion, `deleted_at`. Millwright's own bookkeeping
// (`updated_at`, when it stored the change) is never a changed field.
import type { EntityName } from '../contract/unified.js';

const BOOKKEEPING = new Set(['id', 'remote_id', 'created_at', 'updated_at', 'remote_data']);

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const hasValue = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)
  && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

export function changedFields(record: Record<string, unknown>, previous: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(record), ...Object.keys(previous ?? {})]);
  return [...keys].filter((k) => !BOOKKEEPING.has(k) && (previous ? !same(record[k], previous[k]) : hasValue(record[k]))).sort();
}

export type RecordChange = 'created' | 'updated' | 'deleted';

/** The `data` of a record event: the unified record as the API serves it (no remote_data), and what changed. */
export function recordEventData(entity: EntityName, record: Record<string, unknown>, previous: Record<string, unknown> | null): Record<string, unknown> {
  const { remote_data: _raw, ...plain } = record;
  return { entity, record: plain, changed_fields: changedFields(plain, previous) };
}
