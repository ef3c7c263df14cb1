// MXAPIASSET (ASSET). Statuses: domain LOCASSETSTATUS.
import type { Asset, AssetStatus, Mapped } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, open, ref, type ObjectStructure } from './common.js';

export const ASSETS: ObjectStructure = {
  os: 'mxapiasset', select: '*', noun: 'asset', keys: ['assetnum', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'assetnum', 'assetid', 'assettag', 'assettype', 'location', 'parent', 'manufacturer', 'modelnum', 'serialnum', 'vendor', 'installdate', 'purchaseprice',
    'replacecost', 'totalcost', 'ytdcost', 'budgetcost', 'invcost', 'totdowntime', 'isrunning', 'priority', 'disabled', 'moved', 'rolltoallchildren', 'children', 'itemnum', 'binnum',
    'failurecode', 'calnum', 'groupname', 'assetuid', 'usage', 'warrantyexpdate']),
};

/** LOCASSETSTATUS maxvalues for assets. */
export const ASSET_STATUS: Readonly<Record<string, AssetStatus>> = {
  OPERATING: 'operating',
  ACTIVE: 'operating',
  LIMITEDUSE: 'operating',
  'NOT READY': 'not_operating',
  BROKEN: 'not_operating',
  INACTIVE: 'not_operating',
  DECOMMISSIONED: 'decommissioned',
};

export function mapAsset(raw: unknown): { record: Mapped<Asset>; warnings: string[] } {
  const { r, key } = open(ASSETS.noun, ASSETS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const record: Mapped<Asset> = withShared(common(ASSETS.standard, r, key, 'installdate'), {
    tag: r.str('assetnum'),
    name: r.optStr('description') ?? r.str('assetnum'),
    status: lookup(ASSET_STATUS, internal(r, 'status'), code(ASSETS.noun, 'status_maxvalue', 'status', FALLBACKS.assetStatus), warnings),
    location_id: ref(r.optStr('location'), siteid),
    parent_id: ref(r.optStr('parent'), siteid),
    manufacturer: r.optStr('manufacturer'),
    model: r.optStr('modelnum'),
    serial_number: r.optStr('serialnum'),
  });
  return { record, warnings };
}
