// Inventory items: API_PRODUCT_SRV/A_Product (with descriptions and valuation)
// × API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod, one item per product, plant and
// storage location that holds stock.
import type { InventoryItem, Mapped } from '../../../contract/unified.js';
import type { MapResult } from '../../kit/mapping.js';
import { decimalNumber, mulDiv, normalizeMoney } from '../../kit/money.js';
import type { RawInventoryItem, RawProduct, RawStock } from '../raw.js';
import { extensionFields, inventoryKey, isObj, need, rawData, stamps, storageLocationKey, str } from './common.js';

/** Unrestricted-use stock counts as on hand; quality inspection and blocked stock are reported in custom_fields. */
export const STOCK_TYPES: Readonly<Record<string, 'on_hand' | 'quality_inspection' | 'blocked' | 'other'>> = {
  '01': 'on_hand',
  '02': 'quality_inspection',
  '07': 'blocked',
};

/** The inventory items of a page of products: each product × every plant/storage location its stock rows name. */
export function inventoryItems(products: RawProduct[], stock: RawStock[]): RawInventoryItem[] {
  const byProduct = new Map<string, Map<string, RawStock[]>>();
  for (const s of stock) {
    if (typeof s?.Material !== 'string' || typeof s.Plant !== 'string') continue;
    const loc = `${s.Plant}/${s.StorageLocation ?? ''}`;
    const m = byProduct.get(s.Material) ?? new Map<string, RawStock[]>();
    m.set(loc, [...(m.get(loc) ?? []), s]);
    byProduct.set(s.Material, m);
  }
  return products.flatMap((product) => {
    const key = typeof product?.Product === 'string' ? product.Product : null;
    // a product without its key is passed on as it is, for the mapper to reject
    if (!key) return [{ product, plant: '', storageLocation: '', stock: [] }];
    return [...(byProduct.get(key) ?? new Map<string, RawStock[]>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([loc, rows]) => { const [plant, storageLocation] = loc.split('/'); return { product, plant, storageLocation, stock: rows }; });
  });
}

export const inventoryItemKey = (raw: unknown): string | null => {
  const i = raw as RawInventoryItem | null;
  return isObj(i) && isObj(i.product) && typeof i.product.Product === 'string' ? inventoryKey(i.plant, i.storageLocation, i.product.Product) : null;
};

export function mapInventoryItem(raw: unknown): MapResult {
  const item = raw as RawInventoryItem;
  const p = item.product as Record<string, unknown>;
  const { key: product } = need(p, 'Product', 'product');
  const key = inventoryKey(item.plant, item.storageLocation, product);
  if (p.IsMarkedForDeletion === true) return { deleted: key };
  const sums: Record<string, number> = { on_hand: 0, quality_inspection: 0, blocked: 0, other: 0 };
  let unit: string | null = null;
  for (const s of item.stock) {
    const kind = STOCK_TYPES[(s.InventoryStockType ?? '01').trim()] ?? 'other';
    sums[kind] += decimalNumber(s.MatlWrhsStkQtyInMatlBaseUnit ?? '0');
    unit ??= s.MaterialBaseUnit ?? null;
  }
  const descs = isObj(p.to_Description) && Array.isArray(p.to_Description.results) ? p.to_Description.results as { Language: string; ProductDescription: string }[] : [];
  const description = (descs.find((d) => d.Language === 'EN') ?? descs[0])?.ProductDescription ?? null;
  const vals = isObj(p.to_Valuation) && Array.isArray(p.to_Valuation.results) ? p.to_Valuation.results as { ValuationArea: string; StandardPrice?: string; MovingAveragePrice?: string; PriceUnitQty?: string; InventoryValuationProcedure?: string; Currency?: string }[] : [];
  const val = vals.find((v) => v.ValuationArea === item.plant);
  let unitCost: string | null = null;
  if (val) {
    const price = val.InventoryValuationProcedure === 'V' ? val.MovingAveragePrice : val.StandardPrice;
    if (price) unitCost = normalizeMoney(mulDiv(price, '1', val.PriceUnitQty && Number(val.PriceUnitQty) !== 0 ? val.PriceUnitQty : '1', 6));
  }
  const record: Mapped<InventoryItem> = {
    remote_id: key,
    ...stamps(p, ['CreationDate']),
    part_number: product,
    description,
    location_id: item.storageLocation ? storageLocationKey(item.plant, item.storageLocation) : item.plant,
    quantity_on_hand: sums.on_hand,
    quantity_reserved: 0, // reservations (RESB) are not part of the stock API
    unit: unit ?? str(p, 'BaseUnit'),
    reorder_point: null, // MRP data (A_ProductPlant / supply planning) is not read
    unit_cost: unitCost,
    currency: unitCost && val?.Currency && /^[A-Z]{3}$/.test(val.Currency) ? val.Currency : null,
    custom_fields: {
      ...extensionFields(p),
      ...(sums.quality_inspection ? { quality_inspection_quantity: sums.quality_inspection } : {}),
      ...(sums.blocked ? { blocked_quantity: sums.blocked } : {}),
      ...(str(p, 'ProductType') ? { ProductType: p.ProductType } : {}),
    },
    remote_data: { ...rawData(p), Plant: item.plant, StorageLocation: item.storageLocation, stock: item.stock },
  };
  return { record, warnings: [] };
}
