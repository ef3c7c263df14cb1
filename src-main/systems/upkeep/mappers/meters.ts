// GET /api/v2/meters [?]: {id, name, units, frequency, asset, location, createdAt, updatedAt}. The
// connector adds `lastReading` ({value, date}: the meter's newest reading, from its readings).
import type { Mapped, Meter } from '../../../contract/unified.js';
import { isObject } from '../../kit/fields.js';
import { common, open, refId } from './common.js';
import { withShared } from '../../kit/mapping.js';

/** A reading value as UpKeep sends it (a JSON number) → the unified decimal string. */
export function readingValue(v: unknown, what: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new Error(`${what}: the reading value must be a number, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}

export function mapMeter(raw: unknown): { record: Mapped<Meter>; warnings: string[] } {
  const { r, key } = open('meters', raw);
  const last = r.optObj('lastReading');
  const record: Mapped<Meter> = withShared(common(r, key), {
    name: r.str('name'),
    asset_id: refId(r, 'asset'),
    location_id: refId(r, 'location'),
    // UpKeep meters record plain numbers and say nothing of counting up: continuous ([?] no meter type is documented)
    type: 'continuous',
    unit: r.optStr('units'),
    last_reading: last && isObject(last) && last.value !== undefined && last.value !== null ? readingValue(last.value, r.what) : null,
    last_reading_at: last && typeof last.date === 'string' ? new Date(Date.parse(last.date)).toISOString() : null,
  });
  return { record, warnings: [] };
}
