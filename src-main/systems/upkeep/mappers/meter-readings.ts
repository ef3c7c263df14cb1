// GET /api/v2/meters/:id/readings [?]: {id, value, date, user, createdAt, updatedAt}. The connector
// adds `meter` ({id, asset, location, units}) from the meter it read them under; a reading's
// remote id is "<meter id>/<reading id>" (readings have no address of their own).
import type { Mapped, MeterReading } from '../../../contract/unified.js';
import { FieldReader } from '../../kit/fields.js';
import { common, open, refId } from './common.js';
import { readingValue } from './meters.js';
import { withShared } from '../../kit/mapping.js';

export const readingKey = (meterId: string, readingId: string) => `${meterId}/${readingId}`;

/** A reading with the meter it was read under (readings carry no asset or unit of their own). */
export const withMeter = (reading: Record<string, unknown>, meter: Record<string, unknown>) =>
  ({ ...reading, meter: { id: meter.id, asset: meter.asset ?? null, location: meter.location ?? null, units: meter.units ?? null } });

export function mapMeterReading(raw: unknown): { record: Mapped<MeterReading>; warnings: string[] } {
  const { r, key } = open('meter-readings', raw);
  const meter = r.optObj('meter');
  if (!meter || typeof meter.id !== 'string') throw new Error(`${r.what}: the reading came without its meter`);
  const m = new FieldReader(meter, `${r.what} meter`);
  const record: Mapped<MeterReading> = withShared(common(r, key), {
    remote_id: readingKey(meter.id, key),
    meter_id: meter.id,
    asset_id: refId(m, 'asset'),
    value: readingValue(r.value('value'), r.what),
    unit: m.optStr('units'),
    read_at: r.time('date'),
    note: r.optStr('note'),
  });
  return { record, warnings: [] };
}
