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

// ---- more of the plant (README: "More of the plant")

/**
 * A reading as the unified model carries it: a decimal string for measured and
 * counted values ("71.5"), the system's text for characteristic meters ("PASS").
 */
export const ReadingValue = z.string().min(1).max(200).meta({ description: 'A decimal string ("71.5") for continuous and cumulative meters, the value\'s text ("PASS") for characteristic ones.' });

export const MeterType = z.enum(['continuous', 'cumulative', 'characteristic']);
export const Meter = z.object({
  ...common,
  name: z.string(),
  asset_id: z.string().nullable(),
  location_id: z.string().nullable(),
  type: MeterType,
  unit: z.string().nullable(),
  last_reading: ReadingValue.nullable(),
  last_reading_at: IsoDateTime.nullable(),
});

export const MeterReading = z.object({
  ...common,
  meter_id: z.string(),
  asset_id: z.string().nullable(),
  value: ReadingValue,
  unit: z.string().nullable(),
  read_at: IsoDateTime,
  note: z.string().nullable(),
});

export const ServiceRequestStatus = z.enum(['open', 'in_progress', 'closed', 'cancelled']);
export const ServiceRequest = z.object({
  ...common,
  number: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: ServiceRequestStatus,
  priority: WorkOrderPriority,
  asset_id: z.string().nullable(),
  location_id: z.string().nullable(),
  reported_by: z.string().nullable(),
  reported_at: IsoDateTime.nullable(),
  /** The work order the request became, once it did. */
  work_order_id: z.string().nullable(),
});

export const IntervalUnit = z.enum(['days', 'weeks', 'months', 'years']);
/** Every n days/weeks/months/years, or every n units of a meter (a counter-based plan). */
export const PlanInterval = z.union([
  z.object({ every: z.number().positive(), unit: IntervalUnit }).strict(),
  z.object({ every: z.number().positive(), meter_id: z.string(), unit: z.string().nullable() }).strict(),
]);
export const MaintenancePlan = z.object({
  ...common,
  name: z.string(),
  asset_id: z.string().nullable(),
  location_id: z.string().nullable(),
  interval: PlanInterval.nullable(),
  next_due_at: IsoDateTime.nullable(),
  active: z.boolean(),
});

export const PurchaseRequisitionStatus = z.enum(['draft', 'pending_approval', 'approved', 'ordered', 'cancelled']);
export const PurchaseRequisitionLine = PurchaseOrderLine.extend({
  /** The purchase order the line was ordered on, once it was. */
  purchase_order_id: z.string().nullable(),
});
export const PurchaseRequisition = z.object({
  ...common,
  number: z.string(),
  status: PurchaseRequisitionStatus,
  requested_by: z.string().nullable(),
  currency: z.string().length(3).nullable(),
  total_amount: Money,
  lines: z.array(PurchaseRequisitionLine),
});

/** The entities of the unified API, by their URL name. */
export const entities = {
  'purchase-orders': PurchaseOrder,
  'work-orders': WorkOrder,
  assets: Asset,
  'inventory-items': InventoryItem,
  vendors: Vendor,
  locations: Location,
  meters: Meter,
  'meter-readings': MeterReading,
  'service-requests': ServiceRequest,
  'maintenance-plans': MaintenancePlan,
  'purchase-requisitions': PurchaseRequisition,
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
export type MeterType = z.infer<typeof MeterType>;
export type ServiceRequestStatus = z.infer<typeof ServiceRequestStatus>;
export type PurchaseRequisitionStatus = z.infer<typeof PurchaseRequisitionStatus>;
export type IntervalUnit = z.infer<typeof IntervalUnit>;
export type PlanInterval = z.infer<typeof PlanInterval>;
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLine>;
export type WorkOrder = z.infer<typeof WorkOrder>;
export type Asset = z.infer<typeof Asset>;
export type InventoryItem = z.infer<typeof InventoryItem>;
export type Vendor = z.infer<typeof Vendor>;
export type Location = z.infer<typeof Location>;
export type Meter = z.infer<typeof Meter>;
export type MeterReading = z.infer<typeof MeterReading>;
export type ServiceRequest = z.infer<typeof ServiceRequest>;
export type MaintenancePlan = z.infer<typeof MaintenancePlan>;
export type PurchaseRequisition = z.infer<typeof PurchaseRequisition>;
export type PurchaseRequisitionLine = z.infer<typeof PurchaseRequisitionLine>;
export type UnifiedRecord = PurchaseOrder | WorkOrder | Asset | InventoryItem | Vendor | Location | Meter | MeterReading | ServiceRequest | MaintenancePlan | PurchaseRequisition;

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

/**
 * Which fields of each entity point at another entity (remote keys until stored).
 * A path reaches into objects ("interval.meter_id") and lists ("lines[].item_id").
 */
export const references: Record<EntityName, Record<string, EntityName>> = {
  'purchase-orders': { vendor_id: 'vendors', location_id: 'locations', 'lines[].item_id': 'inventory-items' },
  'work-orders': { asset_id: 'assets', location_id: 'locations' },
  assets: { location_id: 'locations', parent_id: 'assets' },
  'inventory-items': { location_id: 'locations' },
  vendors: {},
  locations: { parent_id: 'locations' },
  meters: { asset_id: 'assets', location_id: 'locations' },
  'meter-readings': { meter_id: 'meters', asset_id: 'assets' },
  'service-requests': { asset_id: 'assets', location_id: 'locations', work_order_id: 'work-orders' },
  'maintenance-plans': { asset_id: 'assets', location_id: 'locations', 'interval.meter_id': 'meters' },
  'purchase-requisitions': { 'lines[].item_id': 'inventory-items', 'lines[].purchase_order_id': 'purchase-orders' },
};

/**
 * Every reference of a record: the path's value passed through `fn` (which
 * returns the new value), in place on a copy of the containers it walks.
 */
export function mapReferences(entity: EntityName, rec: Record<string, unknown>, fn: (value: string, target: EntityName) => string): Record<string, unknown> {
  return rewriteReferences(entity, { ...rec }, fn);
}

/**
 * mapReferences on a copy the caller made itself: the copy's own fields are
 * rewritten in place, the containers below it copied (the sync's hot path
 * builds the stored fields in one copy this way).
 */
export function rewriteReferences(entity: EntityName, out: Record<string, unknown>, fn: (value: string, target: EntityName) => string): Record<string, unknown> {
  for (const { steps, target } of referencePaths[entity]) rewrite(out, steps, 0, target, fn);
  return out;
}

/** The reference paths split once, not for every record. */
interface ReferencePath { steps: { key: string; list: boolean }[]; target: EntityName }
const referencePaths = Object.fromEntries(Object.entries(references).map(([entity, refs]) => [entity, Object.entries(refs).map(([path, target]) => ({
  steps: path.split('.').map((head) => (head.endsWith('[]') ? { key: head.slice(0, -2), list: true } : { key: head, list: false })),
  target,
}))])) as Record<EntityName, ReferencePath[]>;

function rewrite(obj: Record<string, unknown>, steps: ReferencePath['steps'], i: number, target: EntityName, fn: (value: string, target: EntityName) => string): void {
  const { key, list } = steps[i];
  const v = obj[key];
  if (i === steps.length - 1) {
    if (typeof v === 'string' && v) obj[key] = fn(v, target);
    return;
  }
  if (list && Array.isArray(v)) {
    obj[key] = v.map((item: unknown) => {
      if (item === null || typeof item !== 'object') return item;
      const copy = { ...(item as Record<string, unknown>) };
      rewrite(copy, steps, i + 1, target, fn);
      return copy;
    });
  } else if (!list && v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const copy = { ...(v as Record<string, unknown>) };
    rewrite(copy, steps, i + 1, target, fn);
    obj[key] = copy;
  }
}

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

/** How far in the future a reading may lie (clock skew between the reader and the system). */
export const READING_CLOCK_SKEW_MS = 5 * 60_000;

/** Body of POST /v1/meter-readings. */
export const RecordMeterReading = z.object({
  meter_id: z.string().min(1).max(200),
  /** A number or a decimal string for measured and counted values; the value's text for characteristic meters. */
  value: z.union([z.number().finite(), z.string().trim().min(1).max(200)]),
  /** When the reading was taken (default: now); at most 5 minutes in the future. */
  read_at: IsoDateTime.refine((v) => Date.parse(v) <= Date.now() + READING_CLOCK_SKEW_MS, 'lies in the future (more than 5 minutes from now)').optional(),
  note: z.string().max(1000).optional(),
}).strict();
export type RecordMeterReading = z.infer<typeof RecordMeterReading>;

/** Body of POST /v1/service-requests. */
export const CreateServiceRequest = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10000).optional(),
  priority: WorkOrderPriority.optional(),
  asset_id: z.string().min(1).max(200).optional(),
  location_id: z.string().min(1).max(200).optional(),
}).strict();
export type CreateServiceRequest = z.infer<typeof CreateServiceRequest>;
