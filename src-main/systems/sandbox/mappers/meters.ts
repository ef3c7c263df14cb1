import type { Mapped, Meter, MeterType } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const METER_KINDS: Readonly<Record<string, MeterType>> = {
  GAUGE: 'continuous', // a measured value: temperature, vibration, pressure
  COUNTER: 'cumulative', // counts up: run hours, strokes
  CHECK: 'characteristic', // one of a list of values
};

const FIELDS = ['meterId', 'name', 'assetId', 'locationId', 'kind', 'uom', 'lastValue', 'lastReadAt', 'createdAt', 'lastModified'] as const;

export function mapMeter(raw: unknown): { record: Mapped<Meter>; warnings: string[] } {
  const { r, key } = open('meters', raw);
  const warnings: string[] = [];
  const record: Mapped<Meter> = withShared(common(r, key), {
    name: r.str('name'),
    asset_id: r.optStr('assetId'),
    location_id: r.optStr('locationId'),
    type: lookup(METER_KINDS, r.value('kind'), code('meters', 'kind', 'type', FALLBACKS.meterType), warnings),
    unit: r.optStr('uom'),
    last_reading: r.optStr('lastValue'),
    last_reading_at: r.optTime('lastReadAt'),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
