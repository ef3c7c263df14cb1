import type { Asset, AssetStatus, Mapped } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, open, refId } from './common.js';

/** Asset `status`. */
export const ASSET_STATUSES: Readonly<Record<string, AssetStatus>> = {
  active: 'operating',
  online: 'operating',
  inactive: 'not_operating',
  offline: 'not_operating',
  archived: 'decommissioned',
};

export function mapAsset(raw: unknown): { record: Mapped<Asset>; warnings: string[] } {
  const { r, key } = open('assets', raw);
  const warnings: string[] = [];
  return {
    record: withShared(common(r, key), {
      tag: r.optStr('barcode') ?? key,
      name: r.str('name'),
      status: lookup(ASSET_STATUSES, r.value('status'), code('assets', 'status', 'status', FALLBACKS.assetStatus), warnings),
      location_id: refId(r, 'location'),
      parent_id: refId(r, 'parentAsset'),
      manufacturer: r.optStr('make'),
      model: r.optStr('model'),
      serial_number: r.optStr('serial'),
    }),
    warnings,
  };
}
