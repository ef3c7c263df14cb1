// API_MEASURINGPOINT (OData v4) MeasuringPoint; see raw.ts for the fields and their sources. The
// connector adds `_lastReading`: the point's newest measurement document that is not reversed.
import type { Mapped, Meter, MeterType } from '../../../contract/unified.js';
import type { ODataEntity } from '../raw.js';
import { bool, extensionFields, isObj, need, str } from './common.js';

/** The point's kind: a counter counts up; a point whose valuation code is enough takes codes only. */
export function meterType(r: Record<string, unknown>): MeterType {
  if (bool(r, 'MeasuringPointIsCounter')) return 'cumulative';
  if (bool(r, 'ValuationCodeIsSufficient')) return 'characteristic';
  return 'continuous';
}

/** A measurement document's value as the unified reading: the valuation code, the counter reading, or the reading in its entry unit. */
export function documentValue(doc: Record<string, unknown>, type: MeterType): string {
  const code = str(doc, 'MsmtValuationCode');
  if (type === 'characteristic') {
    if (!code) throw new Error(`measurement document ${String(doc.MeasurementDocument)}: a characteristic point's document has no valuation code`);
    return code;
  }
  const v = type === 'cumulative' && doc.MeasurementCounterReading !== undefined ? doc.MeasurementCounterReading : doc.MeasurementReadingInEntryUoM ?? doc.MeasurementReading;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return String(Number(v));
  throw new Error(`measurement document ${String(doc.MeasurementDocument)}: the reading is not a number (${JSON.stringify(v)})`);
}

/** Edm.Date + Edm.TimeOfDay → ISO UTC. [?] SAP keeps the reading's local time without a zone; it is read as UTC. */
export function documentTime(doc: Record<string, unknown>): string {
  const d = str(doc, 'MsmtRdngDate');
  const t = str(doc, 'MsmtRdngTime') ?? '00:00:00';
  const ms = d && /^\d{4}-\d{2}-\d{2}$/.test(d) && /^\d{2}:\d{2}:\d{2}$/.test(t) ? Date.parse(`${d}T${t}Z`) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`measurement document ${String(doc.MeasurementDocument)}: no readable date and time (${JSON.stringify(d)} ${JSON.stringify(t)})`);
  return new Date(ms).toISOString();
}

export function mapMeasuringPoint(raw: unknown): { record: Mapped<Meter>; warnings: string[] } {
  const { r, key } = need(raw, 'MeasuringPoint', 'measuring point');
  const type = meterType(r);
  const last = isObj(r._lastReading) ? r._lastReading : null;
  const { _lastReading: _l, ...data } = r as ODataEntity;
  const num = (f: string) => (typeof r[f] === 'number' && r[f] !== 0 ? r[f] : undefined);
  return {
    record: {
      remote_id: key,
      name: str(r, 'MeasuringPointDescription') ?? `Measuring point ${key}`,
      asset_id: str(r, 'Equipment'),
      // a measuring point names its equipment or functional location, not a plant
      location_id: null,
      type,
      unit: str(r, 'CharcValueUnit'),
      last_reading: last ? documentValue(last, type) : null,
      last_reading_at: last ? documentTime(last) : null,
      custom_fields: {
        ...extensionFields(r),
        ...(num('MeasuringPointTargetValue') !== undefined ? { target_value: num('MeasuringPointTargetValue') } : {}),
        ...(num('MeasuringPointMaximumThreshold') !== undefined ? { upper_limit: num('MeasuringPointMaximumThreshold') } : {}),
        ...(num('MeasuringPointMinimumThreshold') !== undefined ? { lower_limit: num('MeasuringPointMinimumThreshold') } : {}),
        ...(str(r, 'FunctionalLocation') ? { FunctionalLocation: r.FunctionalLocation } : {}),
        ...(str(r, 'MeasuringPointPositionNumber') ? { MeasuringPointPositionNumber: r.MeasuringPointPositionNumber } : {}),
      },
      remote_data: { ...data, ...(last ? { last_document: last } : {}) },
    },
    warnings: [],
  };
}
