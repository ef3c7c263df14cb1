// MXAPIINVENTORY (INVENTORY): one item in one storeroom.
import type { InventoryItem, Mapped } from '../../../contract/unified.js';
import { common, COMMON_STANDARD, open, optMoney, optNumLoose, ref, type ObjectStructure } from './common.js';
import { withShared } from '../../kit/mapping.js';

export const INVENTORY: ObjectStructure = {
  os: 'mxapiinventory', select: '*', noun: 'inventory item', keys: ['itemnum', 'itemsetid', 'location', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'itemnum', 'location', 'inventoryid', 'curbaltotal', 'curbal', 'avblbalance', 'reservedqty', 'hardreservedqty', 'softreservedqty', 'issueunit', 'orderunit',
    'minlevel', 'maxlevel', 'orderqty', 'reorder', 'deliverytime', 'avgcost', 'lastcost', 'stdcost', 'issueytd', 'issue1yrago', 'lastissuedate', 'abctype', 'ccf', 'binnum', 'costtype',
    'category', 'vendor', 'manufacturer', 'modelnum', 'catalogcode', 'conversion', 'consignment', 'internal', 'statusiface']),
};

export function mapInventoryItem(raw: unknown): { record: Mapped<InventoryItem>; warnings: string[] } {
  const { r, key } = open(INVENTORY.noun, INVENTORY.keys, raw);
  const siteid = r.str('siteid');
  const currency = r.optStr('currencycode');
  const record: Mapped<InventoryItem> = withShared(common(INVENTORY.standard, r, key, null), {
    part_number: r.str('itemnum'),
    description: r.optStr('description'),
    location_id: ref(r.str('location'), siteid),
    quantity_on_hand: optNumLoose(r, 'curbaltotal') ?? 0,
    quantity_reserved: optNumLoose(r, 'reservedqty') ?? 0,
    unit: r.optStr('issueunit'),
    reorder_point: optNumLoose(r, 'minlevel'),
    unit_cost: optMoney(r, 'avgcost'),
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : null,
  });
  return { record, warnings: [] };
}
