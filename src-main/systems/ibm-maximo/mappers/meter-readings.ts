// MXAPIMETERREADING [?]: METERREADING rows (meterreadingid, assetnum, siteid, metername, reading,
// readingdate, inspector, remarks, enterby, enterdate). Readings are entered, never changed:
// listings order and filter by enterdate. The connector adds `assetmeter` (the meter's
// measureunitid and metertype, from the asset) to each row.
import type { Mapped, MeterReading } from '../../../contract/unified.js';
import { COMMON_STANDARD, common, open, readingText, ref, type ObjectStructure } from './common.js';
import { meterKey } from './meters.js';
import { withShared } from '../../kit/mapping.js';

export const METER_READINGS: ObjectStructure = {
  os: 'mxapimeterreading', select: '*', noun: 'meter reading', keys: ['meterreadingid'], timeAttr: 'enterdate',
  standard: new Set([...COMMON_STANDARD, 'meterreadingid', 'assetnum', 'metername', 'reading', 'readingdate', 'inspector', 'remarks', 'enterby', 'enterdate', 'delta', 'location', 'assetmeter']),
};

export function mapMeterReading(raw: unknown): { record: Mapped<MeterReading>; warnings: string[] } {
  const { r, key } = open(METER_READINGS.noun, METER_READINGS.keys, raw);
  const siteid = r.str('siteid');
  const assetnum = r.str('assetnum');
  const meter = r.optObj('assetmeter');
  return {
    record: withShared(common(METER_READINGS.standard, r, key, 'enterdate', 'enterdate'), {
      meter_id: meterKey(assetnum, siteid, r.str('metername')),
      asset_id: ref(assetnum, siteid),
      value: readingText(r.value('reading'), r.what),
      unit: meter && typeof meter.measureunitid === 'string' ? meter.measureunitid : null,
      read_at: r.time('readingdate'),
      note: r.optStr('remarks'),
    }),
    warnings: [],
  };
}
