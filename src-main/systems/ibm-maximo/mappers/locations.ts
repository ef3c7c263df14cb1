// MXAPIOPERLOC (LOCATIONS) with its hierarchy rows. Types: domain LOCTYPE.
import type { Location, LocationType, Mapped } from '../../../contract/unified.js';
import { isObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, open, ref, type ObjectStructure } from './common.js';

export const LOCATIONS: ObjectStructure = {
  os: 'mxapioperloc', select: '*', noun: 'location', keys: ['location', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'location', 'locationsid', 'type', 'disabled', 'failurecode', 'locpriority', 'isrepairfacility', 'useinpopr', 'serviceaddress', 'calnum', 'assetlocpriority']),
};

/** LOCTYPE maxvalues. Maximo sites are not locations; storerooms are locations of type STOREROOM. */
export const LOCATION_TYPE: Readonly<Record<string, LocationType>> = {
  OPERATING: 'area',
  STOREROOM: 'storeroom',
  SALVAGE: 'storeroom',
  REPAIR: 'area',
  HOLDING: 'area',
  COURIER: 'area',
  LABOR: 'area',
  VENDOR: 'area',
};

export function mapLocation(raw: unknown): { record: Mapped<Location>; warnings: string[] } {
  const { r, key } = open(LOCATIONS.noun, LOCATIONS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const hier = Array.isArray(r.value('lochierarchy')) ? (r.value('lochierarchy') as unknown[]).filter(isObject) : [];
  const parent = r.optStr('parent') ?? (hier.map((h) => h.parent).find((p): p is string => typeof p === 'string' && p !== '') ?? null);
  const record: Mapped<Location> = withShared(common(LOCATIONS.standard, r, key, null), {
    code: r.str('location'),
    name: r.optStr('description') ?? r.str('location'),
    type: lookup(LOCATION_TYPE, internal(r, 'type'), code(LOCATIONS.noun, 'type_maxvalue', 'type', FALLBACKS.locationType), warnings),
    parent_id: ref(parent, siteid),
  });
  return { record, warnings };
}
