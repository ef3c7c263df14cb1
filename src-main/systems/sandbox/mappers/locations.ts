import type { Location, LocationType, Mapped } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const LOCATION_KINDS: Readonly<Record<string, LocationType>> = {
  SITE: 'site',
  PLANT: 'plant',
  AREA: 'area',
  LINE: 'area',
  STORES: 'storeroom',
};

const FIELDS = ['locationId', 'locationCode', 'name', 'kind', 'parentLocationId', 'createdAt', 'lastModified'] as const;

export function mapLocation(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key } = open('locations', raw);
  const warnings: string[] = [];
  const record: Mapped<Location> = withShared(common(r, key), {
    code: r.str('locationCode'),
    name: r.str('name'),
    type: lookup(LOCATION_KINDS, r.value('kind'), code('locations', 'kind', 'type', FALLBACKS.locationType), warnings),
    parent_id: r.optStr('parentLocationId'),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
