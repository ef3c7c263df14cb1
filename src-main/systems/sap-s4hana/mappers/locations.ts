// Locations: plants (API_PLANT_SRV/A_Plant) and storage locations
// (API_STORAGELOCATION_SRV/A_StorageLocation, where the system exposes it).
import type { Location, Mapped } from '../../../contract/unified.js';
import { extensionFields, need, NO_TIME, rawData, storageLocationKey, str } from './common.js';

export function mapPlant(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key } = need(raw, 'Plant', 'plant');
  return {
    record: {
      remote_id: key, created_at: NO_TIME, updated_at: NO_TIME,
      code: key, name: str(r, 'PlantName') ?? key, type: 'plant', parent_id: null,
      custom_fields: extensionFields(r), remote_data: rawData(r),
    },
    warnings: [],
  };
}

export function mapStorageLocation(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key: plant } = need(raw, 'Plant', 'storage location');
  const sloc = str(r, 'StorageLocation');
  if (!sloc) throw new Error(`storage location of plant ${plant}: missing its key StorageLocation`);
  const key = storageLocationKey(plant, sloc);
  return {
    record: {
      remote_id: key, created_at: NO_TIME, updated_at: NO_TIME,
      code: sloc, name: str(r, 'StorageLocationName') ?? key, type: 'storeroom', parent_id: plant,
      custom_fields: extensionFields(r), remote_data: rawData(r),
    },
    warnings: [],
  };
}
