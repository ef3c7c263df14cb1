import type { Location, LocationType, Mapped } from '../../../contract/unified.js';
import { common, open, refId } from './common.js';
import { withShared } from '../../kit/mapping.js';

/** UpKeep locations carry no kind, only a parent: a top-level location is a site, a nested one an area. */
export const LOCATION_TYPES: Readonly<Record<'top' | 'nested', LocationType>> = { top: 'site', nested: 'area' };

export function mapLocation(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key } = open('locations', raw);
  const parent = refId(r, 'parentLocation');
  return { record: withShared(common(r, key), { code: key, name: r.str('name'), type: LOCATION_TYPES[parent ? 'nested' : 'top'], parent_id: parent }), warnings: [] };
}
