import type { Asset, AssetStatus, Mapped } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const ASSET_CONDITIONS: Readonly<Record<string, AssetStatus>> = {
  IN_SERVICE: 'operating',
  STANDBY: 'operating', // available and in service, just not running right now
  DOWN: 'not_operating',
  UNDER_REPAIR: 'not_operating',
  RETIRED: 'decommissioned',
};

const FIELDS = ['assetId', 'tagNumber', 'description', 'condition', 'locationId', 'parentAssetId', 'make', 'modelNo', 'serialNo', 'createdAt', 'lastModified'] as const;

export function mapAsset(raw: unknown): { record: Mapped<Asset>; warnings: string[] } {
  const { r, key } = open('assets', raw);
  const warnings: string[] = [];
  const record: Mapped<Asset> = withShared(common(r, key), {
    tag: r.str('tagNumber'),
    name: r.str('description'),
    status: lookup(ASSET_CONDITIONS, r.value('condition'), code('assets', 'condition', 'status', FALLBACKS.assetStatus), warnings),
    location_id: r.optStr('locationId'),
    parent_id: r.optStr('parentAssetId'),
    manufacturer: r.optStr('make'),
    model: r.optStr('modelNo'),
    serial_number: r.optStr('serialNo'),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
