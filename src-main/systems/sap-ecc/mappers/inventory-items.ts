// MARD (stock per storage location) + MARA + MAKT: inventory items. LVORM = deletion flag → reported as deleted.
import type { InventoryItem, Mapped } from '../../../contract/unified.js';
import type { MapResult } from '../../kit/mapping.js';
import type { RawInventoryItem } from '../raw.js';
import { alphaOut, customFields, dates, need, orNull, sapDate, sapNumber } from './common.js';

export const inventoryKey = (matnr: string, werks: string, lgort: string): string => `${matnr}/${werks}/${lgort}`;

export function mapInventoryItem(raw: unknown): MapResult {
  const i = raw as RawInventoryItem;
  const matnr = need(i.MARD, 'MATNR', 'stock row');
  const werks = need(i.MARD, 'WERKS', `stock row of ${matnr}`);
  const lgort = need(i.MARD, 'LGORT', `stock row of ${matnr}`);
  const key = inventoryKey(matnr, werks, lgort);
  if ((i.MARD.LVORM ?? '').trim() === 'X') return { deleted: key };
  if (!i.MARA) throw new Error(`material ${matnr}: no MARA row`);
  const what = `material ${alphaOut(matnr)} in ${werks}/${lgort}`;
  const record: Mapped<InventoryItem> = {
    remote_id: key,
    ...dates(sapDate(i.MARA.ERSDA, what), sapDate(i.MARA.LAEDA, what)),
    part_number: alphaOut(matnr),
    description: orNull(i.MAKTX),
    location_id: `${werks}/${lgort}`,
    quantity_on_hand: sapNumber(i.MARD.LABST, what),
    quantity_reserved: 0,
    unit: orNull(i.MARA.MEINS),
    reorder_point: null,
    unit_cost: null,
    currency: null,
    custom_fields: {
      ...customFields(i.MARA, i.MARD),
      ...(orNull(i.MARA.MTART) ? { material_type: i.MARA.MTART.trim() } : {}),
      ...(orNull(i.MARD.LGPBE) ? { bin: i.MARD.LGPBE.trim() } : {}),
      quality_inspection_stock: sapNumber(i.MARD.INSME, what),
      blocked_stock: sapNumber(i.MARD.SPEME, what),
    },
    remote_data: { ...i },
  };
  return { record, warnings: [] };
}
