import type { InventoryItem, Mapped } from '../../../contract/unified.js';
import { common, DEFAULT_CURRENCY, open, optMoney, refId } from './common.js';
import { withShared } from '../../kit/mapping.js';

/** An UpKeep part (its inventory): one record per part, at its location. */
export function mapInventoryItem(raw: unknown): { record: Mapped<InventoryItem>; warnings: string[] } {
  const { r, key } = open('inventory-items', raw);
  const name = r.str('name');
  const description = r.optStr('description');
  return {
    record: withShared(common(r, key), {
      part_number: r.optStr('partNumber') ?? name,
      description: description ? `${name} — ${description}` : name,
      location_id: refId(r, 'location'),
      quantity_on_hand: r.num('quantity'),
      // UpKeep does not reserve stock for work orders before it is used.
      quantity_reserved: 0,
      unit: r.optStr('unit'),
      reorder_point: r.optNum('minimumQuantity'),
      unit_cost: optMoney(r.value('cost'), `${r.what}: field "cost"`),
      currency: r.optStr('currency') ?? DEFAULT_CURRENCY,
    }),
    warnings: [],
  };
}
