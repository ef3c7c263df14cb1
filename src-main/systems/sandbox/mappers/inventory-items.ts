import type { InventoryItem, Mapped } from '../../../contract/unified.js';
import { common, customFields, open } from './common.js';
import { withShared } from '../../kit/mapping.js';

const FIELDS = ['itemId', 'partNumber', 'description', 'storeroomId', 'onHand', 'allocated', 'uom', 'minLevel', 'avgUnitCost', 'currencyCode', 'createdAt', 'lastModified'] as const;

export function mapInventoryItem(raw: unknown): { record: Mapped<InventoryItem>; warnings: string[] } {
  const { r, key } = open('inventory-items', raw);
  const record: Mapped<InventoryItem> = withShared(common(r, key), {
    part_number: r.str('partNumber'),
    description: r.optStr('description'),
    location_id: r.optStr('storeroomId'),
    quantity_on_hand: r.num('onHand'),
    quantity_reserved: r.optNum('allocated') ?? 0,
    unit: r.optStr('uom'),
    reorder_point: r.optNum('minLevel'),
    unit_cost: r.optMoney('avgUnitCost'),
    currency: r.optStr('currencyCode'),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings: [] };
}
