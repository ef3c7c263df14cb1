import type { Mapped, MeterReading } from '../../../contract/unified.js';
import { common, customFields, open } from './common.js';
import { withShared } from '../../kit/mapping.js';

const FIELDS = ['readingId', 'meterId', 'value', 'readAt', 'note', 'createdAt', 'lastModified'] as const;
/** What customFields leaves out: the fields above and the expanded meter. */
const CONSUMED = [...FIELDS, 'meter'];

/**
 * A reading of the sandbox system. It carries only its meter; the meter's asset
 * and unit come with the raw row as `asset` and `unit` (the sandbox's client
 * adds them, as its API expands a reading's meter).
 */
export function mapMeterReading(raw: unknown): { record: Mapped<MeterReading>; warnings: string[] } {
  const { r, key } = open('meter-readings', raw);
  const meter = r.optObj('meter');
  const record: Mapped<MeterReading> = withShared(common(r, key), {
    meter_id: r.str('meterId'),
    asset_id: meter && typeof meter.assetId === 'string' ? meter.assetId : null,
    value: r.str('value'),
    unit: meter && typeof meter.uom === 'string' ? meter.uom : null,
    read_at: r.time('readAt'),
    note: r.optStr('note'),
    custom_fields: customFields(r.obj, CONSUMED),
  });
  return { record, warnings: [] };
}
