// T001W (plants) and T001L (storage locations). They carry no dates.
import type { Location, Mapped } from '../../../contract/unified.js';
import type { RawPlant, RawStorageLocation } from '../raw.js';
import { customFields, need, orNull } from './common.js';

export function mapPlant(row: unknown): { record: Mapped<Location>; warnings: string[] } {
  const r = row as RawPlant;
  const werks = need(r, 'WERKS', 'plant');
  return {
    record: { remote_id: werks, code: werks, name: orNull(r.NAME1) ?? werks, type: 'plant', parent_id: null, custom_fields: customFields(r), remote_data: { TABLE: 'T001W', ROW: r } },
    warnings: [],
  };
}

export function mapStorageLocation(row: unknown): { record: Mapped<Location>; warnings: string[] } {
  const r = row as RawStorageLocation;
  const werks = need(r, 'WERKS', 'storage location');
  const lgort = need(r, 'LGORT', `storage location of plant ${werks}`);
  return {
    record: {
      remote_id: `${werks}/${lgort}`, code: `${werks}/${lgort}`, name: orNull(r.LGOBE) ?? lgort, type: 'storeroom', parent_id: werks,
      custom_fields: customFields(r), remote_data: { TABLE: 'T001L', ROW: r },
    },
    warnings: [],
  };
}
