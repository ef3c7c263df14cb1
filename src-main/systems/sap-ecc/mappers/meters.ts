// IMPTT measuring points (with their newest IMRG document) and IMRG measurement documents;
// see raw.ts. Only points on equipment (MPOBJ IE…) name an asset; points on functional
// locations keep the location in custom_fields. A reversed document (CANCL = X) is reported as deleted.
import type { Mapped, Meter, MeterReading, MeterType } from '../../../contract/unified.js';
import type { MapResult } from '../../kit/mapping.js';
import type { RawMeasurementDocument, RawMeasuringPoint, TableRow } from '../raw.js';
import { alphaOut, customFields, dates, need, orNull, sapDate, sapDateTime, sapFloat } from './common.js';

const flag = (r: TableRow, f: string) => (r[f] ?? '').trim() === 'X';

/** A counter counts up (INDCT); a point whose valuation code is enough (CDSUF) takes codes only. */
export function pointType(p: TableRow): MeterType {
  if (flag(p, 'INDCT')) return 'cumulative';
  if (flag(p, 'CDSUF')) return 'characteristic';
  return 'continuous';
}

/** The equipment of a point's object number (IE + EQUNR), or null. */
export const pointEquipment = (p: TableRow): string | null => (/^IE/.test(p.MPOBJ ?? '') ? orNull(p.MPOBJ.slice(2)) : null);

/** A document's reading: the valuation code of a characteristic point, else the value as entered (RECDV). */
export function documentValue(d: TableRow, type: MeterType, what: string): string {
  if (type === 'characteristic') {
    const code = orNull(d.VLCOD);
    if (!code) throw new Error(`${what}: a characteristic point's document has no valuation code (VLCOD)`);
    return code;
  }
  // [?] a counter reading entered as a difference (IDIFF) keeps the reading itself only in SI units (CNTRR)
  if (flag(d, 'IDIFF') || !flag(d, 'RECDVI')) {
    if (type === 'cumulative' && flag(d, 'CNTRRI')) return sapFloat(d.CNTRR, `${what} CNTRR`);
    if (flag(d, 'READGI')) return sapFloat(d.READG, `${what} READG`);
    throw new Error(`${what}: the document holds no value (RECDVI, CNTRRI and READGI are blank)`);
  }
  return sapFloat(d.RECDV, `${what} RECDV`);
}

/** The unit of a document's value: the unit of entry (RECDU), else the point's. */
function documentUnit(d: TableRow, p: TableRow, type: MeterType): string | null {
  if (type === 'characteristic') return null;
  if (flag(d, 'IDIFF') || !flag(d, 'RECDVI')) return null; // SI units: not the point's unit [?]
  return orNull(d.RECDU) ?? orNull(p.MRNGU);
}

const time = (d: TableRow, what: string) => {
  const t = sapDateTime(d.IDATE, d.ITIME, what);
  if (!t) throw new Error(`${what}: no measurement date (IDATE)`);
  return t;
};

export function mapMeasuringPoint(raw: unknown): MapResult {
  const { IMPTT: p, LAST: last } = raw as RawMeasuringPoint;
  const point = need(p, 'POINT', 'measuring point');
  if ((p.LVORM ?? '').trim() === 'X') return { deleted: point };
  const what = `measuring point ${alphaOut(point)}`;
  const type = pointType(p);
  const limit = (f: string) => (flag(p, `${f}I`) ? { [f === 'DESIR' ? 'target_value' : 'upper_limit']: Number(sapFloat(p[f], `${what} ${f}`)) } : {});
  const record: Mapped<Meter> = {
    remote_id: point,
    ...dates(sapDate(p.ERDAT, what), sapDate(p.AEDAT, what)),
    name: orNull(p.PTTXT) ?? `Measuring point ${alphaOut(point)}`,
    asset_id: pointEquipment(p),
    location_id: null, // a point names its equipment or functional location, not a plant
    type,
    unit: type === 'characteristic' ? null : orNull(p.MRNGU),
    last_reading: last ? documentValue(last, type, `${what} document ${alphaOut(last.MDOCM ?? '')}`) : null,
    last_reading_at: last ? time(last, `${what} document ${alphaOut(last.MDOCM ?? '')}`) : null,
    custom_fields: {
      ...customFields(p),
      ...limit('DESIR'), ...limit('MRMAX'),
      ...(orNull(p.PSORT) ? { position: p.PSORT.trim() } : {}),
      ...(orNull(p.CODGR) ? { code_group: p.CODGR.trim() } : {}),
      ...(/^IF/.test(p.MPOBJ ?? '') ? { functional_location_object: p.MPOBJ.trim() } : {}),
      ...(flag(p, 'INACT') ? { inactive: true } : {}),
    },
    remote_data: { ...p, ...(last ? { LAST_DOCUMENT: last } : {}) },
  };
  return { record, warnings: [] };
}

export function mapMeasurementDocument(raw: unknown): MapResult {
  const { IMRG: d, IMPTT: p } = raw as RawMeasurementDocument;
  const mdocm = need(d, 'MDOCM', 'measurement document');
  if (flag(d, 'CANCL') || (d.LVORM ?? '').trim() !== '') return { deleted: mdocm };
  const what = `measurement document ${alphaOut(mdocm)}`;
  if (!p) throw new Error(`${what}: its measuring point ${alphaOut(d.POINT ?? '')} could not be read`);
  const type = pointType(p);
  const readAt = time(d, what);
  const record: Mapped<MeterReading> = {
    remote_id: mdocm,
    // documents are entered, not changed (a reversal is a new state): the reading's time
    ...dates(readAt, sapDate(d.AEDAT, what)),
    meter_id: need(d, 'POINT', what),
    asset_id: pointEquipment(p),
    value: documentValue(d, type, what),
    unit: documentUnit(d, p, type),
    read_at: readAt,
    note: orNull(d.MDTXT),
    custom_fields: { ...customFields(d), ...(orNull(d.READR) ? { reader: d.READR.trim() } : {}) },
    remote_data: { ...d },
  };
  return { record, warnings: [] };
}
