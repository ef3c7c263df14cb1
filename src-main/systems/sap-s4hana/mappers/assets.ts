// API_EQUIPMENT/Equipment (the current time segment, ValidityEndDate 9999-12-31).
import type { Asset, AssetStatus, Mapped } from '../../../contract/unified.js';
import { FALLBACKS } from '../../kit/mapping.js';
import { bool, extensionFields, need, rawData, stamps, str } from './common.js';

/** Equipment status from its flags (first match wins; the API has no status code field on Equipment). */
export const EQUIPMENT_STATUS_RULES: readonly { flag: string; status: AssetStatus }[] = [
  { flag: 'EquipmentIsInactive', status: 'decommissioned' }, // INAC: deactivated
  { flag: 'EquipmentIsInWarehouse', status: 'not_operating' }, // AVLB in stock
  { flag: 'EquipmentIsInstalled', status: 'operating' }, // INST
  { flag: 'EquipmentIsAvailable', status: 'operating' }, // AVLB
];

export const isEquipmentDeleted = (raw: Record<string, unknown>): boolean => raw.EquipmentIsMarkedForDeletion === true;

export function mapEquipment(raw: unknown): { record: Mapped<Asset>; warnings: string[] } {
  const { r, key } = need(raw, 'Equipment', 'equipment');
  const rule = EQUIPMENT_STATUS_RULES.find((x) => bool(r, x.flag));
  return {
    record: {
      remote_id: key,
      ...stamps(r, ['CreationDate']),
      tag: key,
      name: str(r, 'EquipmentName') ?? key,
      status: rule ? rule.status : FALLBACKS.assetStatus,
      location_id: str(r, 'MaintenancePlant'),
      parent_id: str(r, 'SuperordinateEquipment'),
      manufacturer: str(r, 'AssetManufacturerName'),
      model: str(r, 'ManufacturerPartTypeName'),
      serial_number: str(r, 'SerialNumber') ?? str(r, 'ManufacturerSerialNumber'),
      custom_fields: { ...extensionFields(r), ...(str(r, 'FunctionalLocation') ? { FunctionalLocation: r.FunctionalLocation } : {}), ...(str(r, 'EquipmentCategory') ? { EquipmentCategory: r.EquipmentCategory } : {}) },
      remote_data: rawData(r),
    },
    warnings: [],
  };
}
