// LFA1 vendor master (+ the e-mail from ADR6 by ADRNR). LOEVM = deletion flag → reported as deleted.
import type { Mapped, Vendor } from '../../../contract/unified.js';
import { lookup, type MapResult } from '../../kit/mapping.js';
import type { RawVendor } from '../raw.js';
import { alphaOut, code, customFields, dates, need, orNull, sapDate } from './common.js';

/** LFA1 blocks: SPERM (purchasing block) / SPERR (posting block). */
export const VENDOR_BLOCK: Readonly<Record<string, Vendor['status']>> = { '': 'active', X: 'blocked' };

export function mapVendor(raw: unknown): MapResult {
  const { LFA1: r, SMTP_ADDR } = raw as RawVendor;
  const lifnr = need(r, 'LIFNR', 'vendor');
  if ((r.LOEVM ?? '').trim() === 'X') return { deleted: lifnr };
  const what = `vendor ${alphaOut(lifnr)}`;
  const warnings: string[] = [];
  const blocked = (r.SPERM ?? '').trim() || (r.SPERR ?? '').trim();
  const cityLine = [orNull(r.PSTLZ), orNull(r.ORT01)].filter(Boolean).join(' ');
  const created = sapDate(r.ERDAT, what);
  const record: Mapped<Vendor> = {
    remote_id: lifnr,
    ...dates(created, null),
    code: alphaOut(lifnr),
    name: orNull(r.NAME1) ?? alphaOut(lifnr),
    status: lookup(VENDOR_BLOCK, blocked, code('SAP vendor block indicator in LFA1-SPERM/SPERR', 'status', 'blocked'), warnings),
    email: orNull(SMTP_ADDR),
    phone: orNull(r.TELF1),
    address: [orNull(r.STRAS), cityLine || null, orNull(r.LAND1)].filter(Boolean).join(', ') || null,
    custom_fields: customFields(r),
    remote_data: { LFA1: r, SMTP_ADDR },
  };
  return { record, warnings };
}
