// The unified data model (README: The unified REST API): one zod schema per entity, shared by the
// store, the sync engine, the REST API (and its OpenAPI document) and the renderer.
import { z } from 'zod';

/** Money is a decimal string, never a float: "1234.50". */
export const Money = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "1234.50"');
/** Quantities are numbers (they are not money). */
export const Quantity = z.number().finite();
export const IsoDateTime = z.string().datetime({ offset: true });
/** Money as the API takes it: a non-negative decimal string with at most 15 integer digits and 6 decimals (a JSON number is read the same way). */
const MONEY_INPUT = /^\d{1,15}(\.\d{1,6})?$/;
export const MoneyInput = z.union([
  z.string().regex(MONEY_INPUT),
  z.number().nonnegative().refine((n) => MONEY_INPUT.test(String(n))),
], { error: 'a non-negative decimal string with at most 15 integer digits and 6 decimals, such as "1234.50"' }).transform((v) => String(v));
/** A page size, 1 to 500: a number, or in a query string decimal digits only (no 0x10, 1e2 or +5). */
const pageLimitText = 'a whole number from 1 to 500';
export const pageLimit = (defaultSize = 100) => z.union([z.number(), z.string().regex(/^\d{1,3}$/).transform(Number)], { error: pageLimitText })
  .pipe(z.number().int(pageLimitText).min(1, pageLimitText).max(500, pageLimitText)).default(defaultSize)
  .meta({ description: `Page size: a whole number from 1 to 500 (default ${defaultSize}), decimal digits only.` });
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-01');

const common = {
  id: z.string(),
  remote_id: z.string(),
  created_at: IsoDateTime,
  /** When Millwright stored the last change: the paging order, never goes backwards. */
  updated_at: IsoDateTime,
  /** The system's own last-change time, where it has one. */
  remote_updated_at: IsoDateTime.nullable().optional(),
  deleted_at: IsoDateTime.nullable(),
  custom_fields: z.record(z.string(), z.unknown()),
  remote_data: z.record(z.string(), z.unknown()).optional(),
};

export const PurchaseOrderStatus = z.enum(['draft', 'pending_approval', 'approved', 'partially_received', 'completed', 'cancelled']);
export const PurchaseOrderLine = z.object({
  line_number: z.number().int(),
  item_id: z.string().nullable(),
  part_number: z.string().nullable(),
  description: z.string().nullable(),
  quantity: Quantity,
  unit: z.string().nullable(),
  unit_price: Money,
  amount: Money,
  received_quantity: Quantity,
});
export const PurchaseOrder = z.object({
  ...common,
  number: z.string(),
  status: PurchaseOrderStatus,
  vendor_id: z.string().nullable(),
  vendor_name: z.string().nullable(),
  currency: z.string().length(3),
  total_amount: Money,
  order_date: IsoDateTime.nullable(),
  expected_delivery_date: IsoDateTime.nullable(),
  location_id: z.string().nullable(),
  lines: z.array(PurchaseOrderLine),
});

export const WorkOrderStatus = z.enum(['requested', 'approved', 'scheduled', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled']);
export const WorkOrderPriority = z.enum(['low', 'medium', 'high', 'urgent']);
export const WorkOrderType = z.enum(['corrective', 'preventive', 'inspection', 'other']);
export const WorkOrder = z.object({
  ...common,
  number: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: WorkOrderStatus,
  priority: WorkOrderPriority,
  type: WorkOrderType,
  asset_id: z.string().nullable(),
  location_id: z.string().nullable(),
  assignee: z.string().nullable(),
  due_date: IsoDateTime.nullable(),
  completed_at: IsoDateTime.nullable(),
});

export const AssetStatus = z.enum(['operating', 'not_operating', 'decommissioned']);
export const Asset = z.object({
  ...common,
  tag: z.string(),
  name: z.string(),
  status: AssetStatus,
  location_id: z.string().nullable(),
  parent_id: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  serial_number: z.string().nullable(),
});

export const InventoryItem = z.object({
  ...common,
  part_number: z.string(),
  description: z.string().nullable(),
  location_id: z.string().nullable(),
  quantity_on_hand: Quantity,
  quantity_reserved: Quantity,
  unit: z.string().nullable(),
  reorder_point: Quantity.nullable(),
  unit_cost: Money.nullable(),
  currency: z.string().length(3).nullable(),
});

export const VendorStatus = z.enum(['active', 'blocked']);
export const Vendor = z.object({
  ...common,
  code: z.string(),
  name: z.string(),
  status: VendorStatus,
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});

export const LocationType = z.enum(['site', 'plant', 'storeroom', 'area']);
export const Location = z.object({
  ...common,
  code: z.string(),
  name: z.string(),
  type: LocationType,
  parent_id: z.string().nullable(),
});

/** The entities of the unified API, by their URL name. */
export const entities = {
  'purchase-orders': PurchaseOrder,
  'work-orders': WorkOrder,
  assets: Asset,
  'inventory-items': InventoryItem,
  vendors: Vendor,
  locations: Location,
} as const;
export type EntityName = keyof typeof entities;
export const entityNames = Object.keys(entities) as EntityName[];
export const EntityNameSchema = z.enum(entityNames as [EntityName, ...EntityName[]]);

export type PurchaseOrderStatus = z.infer<typeof PurchaseOrderStatus>;
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;
export type WorkOrderPriority = z.infer<typeof WorkOrderPriority>;
export type WorkOrderType = z.infer<typeof WorkOrderType>;
export type AssetStatus = z.infer<typeof AssetStatus>;
export type VendorStatus = z.infer<typeof VendorStatus>;
export type LocationType = z.infer<typeof LocationType>;
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLine>;
export type WorkOrder = z.infer<typeof WorkOrder>;
export type Asset = z.infer<typeof Asset>;
export type InventoryItem = z.infer<typeof InventoryItem>;
export type Vendor = z.infer<typeof Vendor>;
export type Location = z.infer<typeof Location>;
export type UnifiedRecord = PurchaseOrder | WorkOrder | Asset | InventoryItem | Vendor | Location;

/**
 * What a connector hands to the sync engine: the unified fields without the
 * unified `id` (the store assigns stable ids) and with references still as the
 * system's own keys (`vendor_id: "V-1001"`); the store turns references into
 * unified ids. `remote_data` is the system's own record, kept for include_raw.
 */
export type Mapped<T extends UnifiedRecord> = Omit<T, 'id' | 'deleted_at' | 'remote_data' | 'remote_updated_at' | 'created_at' | 'updated_at'> & {
  remote_data: Record<string, unknown>;
  /** The system's creation time; a system without one leaves it unset (the store keeps when it first saw the record). */
  created_at?: string;
  /** The system's change time (stored as remote_updated_at); unset where the system has none. */
  updated_at?: string;
};
export type MappedRecord = UnifiedRecord extends infer T ? (T extends UnifiedRecord ? Mapped<T> : never) : never;

/** Which fields of each entity point at another entity (remote keys until stored). */
export const references: Record<EntityName, Record<string, EntityName>> = {
  'purchase-orders': { vendor_id: 'vendors', location_id: 'locations' },
  'work-orders': { asset_id: 'assets', location_id: 'locations' },
  assets: { location_id: 'locations', parent_id: 'assets' },
  'inventory-items': { location_id: 'locations' },
  vendors: {},
  locations: { parent_id: 'locations' },
};

/** Body of POST /v1/purchase-orders. */
export const CreatePurchaseOrder = z.object({
  vendor_id: z.string().min(1).max(200),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  location_id: z.string().min(1).max(200).optional(),
  expected_delivery_date: IsoDateTime.optional(),
  lines: z.array(z.object({
    item_id: z.string().min(1).max(200),
    quantity: z.number().positive().finite(),
    unit_price: MoneyInput,
    description: z.string().max(2000).optional(),
  }).strict()).min(1).max(500),
  custom_fields: z.record(z.string(), z.unknown()).optional(),
}).strict();
export type CreatePurchaseOrder = z.infer<typeof CreatePurchaseOrder>;

/** Body of PATCH /v1/work-orders/{id}. */
export const UpdateWorkOrder = z.object({
  status: WorkOrderStatus.optional(),
  priority: WorkOrderPriority.optional(),
  assignee: z.string().max(200).nullable().optional(),
  due_date: IsoDateTime.nullable().optional(),
  description: z.string().max(10000).nullable().optional(),
}).strict().refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type UpdateWorkOrder = z.infer<typeof UpdateWorkOrder>;
