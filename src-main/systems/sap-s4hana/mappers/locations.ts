// Locations: plants (API_PLANT_SRV/A_Plant) and storage locations
// (API_STORAGELOCATION_SRV/A_StorageLocation, where the system exposes it).
// SAP keeps no change time for either: both carry NO_TIME.
import type { Location, LocationType, Mapped } from '../../../contract/unified.js';
import { extensionFields, need, NO_TIME, rawData, storageLocationKey, str } from './common.js';

function location(r: Record<string, unknown>, key: string, code: string, type: LocationType, parent: string | null, nameField: string) {
  const record: Mapped<Location> = {
    remote_id: key, created_at: NO_TIME, updated_at: NO_TIME, code, name: str(r, nameField) ?? key, type, parent_id: parent,
    custom_fields: extensionFields(r), remote_data: rawData(r),
  };
  return { record, warnings: [] };
}

export function mapPlant(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key } = need(raw, 'Plant', 'plant');
  return location(r, key, key, 'plant', null, 'PlantName');
}

export function mapStorageLocation(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key: plant } = need(raw, 'Plant', 'storage location');
  const sloc = str(r, 'StorageLocation');
  if (!sloc) throw new Error(`storage location of plant ${plant}: missing its key StorageLocation`);
  return location(r, storageLocationKey(plant, sloc), sloc, 'storeroom', plant, 'StorageLocationName');
}
