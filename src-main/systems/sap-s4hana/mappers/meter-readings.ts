// API_MEASUREMENTDOCUMENT (OData v4) MeasurementDocument; see raw.ts. The connector adds `_point`
// (the measuring point's Equipment, CharcValueUnit and kind) to each document. A reversed
// document (MsmtRdngIsReversed) is reported as deleted.
import type { Mapped, MeterReading, MeterType } from '../../../contract/unified.js';
import { extensionFields, isObj, need, str } from './common.js';
import { documentTime, documentValue, meterType } from './meters.js';

export const isDocumentReversed = (raw: Record<string, unknown>): boolean => raw.MsmtRdngIsReversed === true;

export function mapMeasurementDocument(raw: unknown): { record: Mapped<MeterReading>; warnings: string[] } {
  const { r, key } = need(raw, 'MeasurementDocument', 'measurement document');
  const point = isObj(r._point) ? r._point : null;
  if (!point) throw new Error(`measurement document ${key}: its measuring point ${String(r.MeasuringPoint)} could not be read`);
  const type: MeterType = meterType(point);
  const readAt = documentTime(r);
  const { _point: _p, ...data } = r;
  return {
    record: {
      remote_id: key,
      // documents are entered, never changed: their time is the reading's
      created_at: readAt,
      updated_at: readAt,
      meter_id: need(r, 'MeasuringPoint', `measurement document ${key}`).r.MeasuringPoint as string,
      asset_id: str(point, 'Equipment'),
      value: documentValue(r, type),
      unit: type === 'characteristic' ? null : str(r, 'MeasurementReadingEntryUoM') ?? str(point, 'CharcValueUnit'),
      read_at: readAt,
      note: str(r, 'MeasurementDocumentText'),
      custom_fields: { ...extensionFields(r), ...(str(r, 'MsmtRdngByUser') ? { MsmtRdngByUser: r.MsmtRdngByUser } : {}) },
      remote_data: data,
    },
    warnings: [],
  };
}
