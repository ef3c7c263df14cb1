// EQUI + BAPI_EQUI_GETDETAIL + active JEST statuses: equipment.
import type { Asset, AssetStatus, Mapped } from '../../../contract/unified.js';
import { FALLBACKS } from '../../kit/mapping.js';
import type { RawEquipment } from '../raw.js';
import { alphaIn, alphaOut, customFields, dates, need, orNull, sapDate } from './common.js';

/** Equipment system statuses (JEST I-codes); the highest rank wins. */
export const EQUIPMENT_STATUS: Readonly<Record<string, { status: AssetStatus; rank: number }>> = {
  I0099: { status: 'operating', rank: 1 }, // AVLB available
  I0100: { status: 'operating', rank: 2 }, // INST installed
  I0320: { status: 'not_operating', rank: 3 }, // INAC inactive
  I0076: { status: 'decommissioned', rank: 4 }, // DLFL deletion flag
};
export const EQUIPMENT_FLAG_STATUSES: ReadonlySet<string> = new Set(['I0184', 'I0187', 'I0116', 'I0098']);

export function mapAsset(raw: unknown): { record: Mapped<Asset>; warnings: string[] } {
  const e = raw as RawEquipment;
  const equnr = need(e.EQUI, 'EQUNR', 'equipment');
  const what = `equipment ${alphaOut(equnr)}`;
  const warnings: string[] = [];
  const g = e.DATA_GENERAL_EXP;
  const sp = e.DATA_SPECIFIC_EXP;
  let best: { status: AssetStatus; rank: number } | null = null;
  const unknown: string[] = [];
  for (const c of e.SYSTEM_STATUS) {
    const hit = Object.hasOwn(EQUIPMENT_STATUS, c) ? EQUIPMENT_STATUS[c] : null;
    if (hit) { if (!best || hit.rank > best.rank) best = hit; } else if (!EQUIPMENT_FLAG_STATUSES.has(c) && !c.startsWith('E')) unknown.push(c);
  }
  const outcome = best ? 'ignored' : `status mapped to "${FALLBACKS.assetStatus}"`;
  for (const c of unknown) warnings.push(`Unknown SAP equipment system status ${JSON.stringify(c)}; ${outcome}`);
  if (!best && !unknown.length) warnings.push(`SAP equipment without a known system status (${JSON.stringify(e.SYSTEM_STATUS.join(' '))}); status mapped to "${FALLBACKS.assetStatus}"`);
  const record: Mapped<Asset> = {
    remote_id: equnr,
    ...dates(sapDate(e.EQUI.ERDAT, what), sapDate(e.EQUI.AEDAT, what)),
    tag: alphaOut(equnr),
    name: orNull(g.DESCRIPT) ?? alphaOut(equnr),
    status: best?.status ?? FALLBACKS.assetStatus,
    location_id: orNull(g.MAINTPLANT) ?? orNull(g.PLANPLANT),
    parent_id: orNull(sp.SUPEQUI) ? alphaIn(sp.SUPEQUI, 18) : null,
    manufacturer: orNull(g.MANFACTURE),
    model: orNull(g.MANMODEL),
    serial_number: orNull(g.MANSERNO) ?? orNull(sp.SERIALNO),
    custom_fields: { ...customFields(e.EQUI, g, sp), ...(orNull(sp.READ_FLOC) ? { functional_location: sp.READ_FLOC.trim() } : {}) },
    remote_data: { ...e },
  };
  return { record, warnings };
}
