// The unified entities' fields, as plain data for the flow condition builder
// and the records browser. Hand-kept (the renderer bundle carries no zod); the
// test test/e2e/entity-fields.test.ts compares it with the contract's schemas
// (src-main/contract/unified.ts) and the flow interpreter's field kinds, so the
// two cannot drift.

/** `measure`: a meter reading — a decimal string, or text for characteristic meters. */
export type FieldKind = 'string' | 'enum' | 'number' | 'decimal' | 'measure' | 'datetime' | 'boolean' | 'array' | 'object';
export interface FieldInfo { kind: FieldKind; nullable: boolean; options?: readonly string[] }
export type EntityName = 'purchase-orders' | 'work-orders' | 'assets' | 'inventory-items' | 'vendors' | 'locations'
  | 'meters' | 'meter-readings' | 'service-requests' | 'maintenance-plans' | 'purchase-requisitions';

// The fields every unified record carries (README: The unified REST API).
const COMMON_FIELDS: Record<string, FieldInfo> = {
  id: { kind: 'string', nullable: false },
  remote_id: { kind: 'string', nullable: false },
  created_at: { kind: 'datetime', nullable: false },
  updated_at: { kind: 'datetime', nullable: false },
  remote_updated_at: { kind: 'datetime', nullable: true },
  deleted_at: { kind: 'datetime', nullable: true },
  custom_fields: { kind: 'object', nullable: false },
  remote_data: { kind: 'object', nullable: true },
};

export const ENTITY_FIELDS: Record<EntityName, Record<string, FieldInfo>> = {
  'purchase-orders': {
    ...COMMON_FIELDS,
    number: { kind: 'string', nullable: false },
    status: { kind: 'enum', nullable: false, options: ['draft', 'pending_approval', 'approved', 'partially_received', 'completed', 'cancelled'] },
    vendor_id: { kind: 'string', nullable: true },
    vendor_name: { kind: 'string', nullable: true },
    currency: { kind: 'string', nullable: false },
    total_amount: { kind: 'decimal', nullable: false },
    order_date: { kind: 'datetime', nullable: true },
    expected_delivery_date: { kind: 'datetime', nullable: true },
    location_id: { kind: 'string', nullable: true },
    lines: { kind: 'array', nullable: false },
  },
  'work-orders': {
    ...COMMON_FIELDS,
    number: { kind: 'string', nullable: false },
    title: { kind: 'string', nullable: false },
    description: { kind: 'string', nullable: true },
    status: { kind: 'enum', nullable: false, options: ['requested', 'approved', 'scheduled', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'] },
    priority: { kind: 'enum', nullable: false, options: ['low', 'medium', 'high', 'urgent'] },
    type: { kind: 'enum', nullable: false, options: ['corrective', 'preventive', 'inspection', 'other'] },
    asset_id: { kind: 'string', nullable: true },
    location_id: { kind: 'string', nullable: true },
    assignee: { kind: 'string', nullable: true },
    due_date: { kind: 'datetime', nullable: true },
    completed_at: { kind: 'datetime', nullable: true },
  },
  assets: {
    ...COMMON_FIELDS,
    tag: { kind: 'string', nullable: false },
    name: { kind: 'string', nullable: false },
    status: { kind: 'enum', nullable: false, options: ['operating', 'not_operating', 'decommissioned'] },
    location_id: { kind: 'string', nullable: true },
    parent_id: { kind: 'string', nullable: true },
    manufacturer: { kind: 'string', nullable: true },
    model: { kind: 'string', nullable: true },
    serial_number: { kind: 'string', nullable: true },
  },
  'inventory-items': {
    ...COMMON_FIELDS,
    part_number: { kind: 'string', nullable: false },
    description: { kind: 'string', nullable: true },
    location_id: { kind: 'string', nullable: true },
    quantity_on_hand: { kind: 'number', nullable: false },
    quantity_reserved: { kind: 'number', nullable: false },
    unit: { kind: 'string', nullable: true },
    reorder_point: { kind: 'number', nullable: true },
    unit_cost: { kind: 'decimal', nullable: true },
    currency: { kind: 'string', nullable: true },
  },
  vendors: {
    ...COMMON_FIELDS,
    code: { kind: 'string', nullable: false },
    name: { kind: 'string', nullable: false },
    status: { kind: 'enum', nullable: false, options: ['active', 'blocked'] },
    email: { kind: 'string', nullable: true },
    phone: { kind: 'string', nullable: true },
    address: { kind: 'string', nullable: true },
  },
  locations: {
    ...COMMON_FIELDS,
    code: { kind: 'string', nullable: false },
    name: { kind: 'string', nullable: false },
    type: { kind: 'enum', nullable: false, options: ['site', 'plant', 'storeroom', 'area'] },
    parent_id: { kind: 'string', nullable: true },
  },
  meters: {
    ...COMMON_FIELDS,
    name: { kind: 'string', nullable: false },
    asset_id: { kind: 'string', nullable: true },
    location_id: { kind: 'string', nullable: true },
    type: { kind: 'enum', nullable: false, options: ['continuous', 'cumulative', 'characteristic'] },
    unit: { kind: 'string', nullable: true },
    last_reading: { kind: 'measure', nullable: true },
    last_reading_at: { kind: 'datetime', nullable: true },
  },
  'meter-readings': {
    ...COMMON_FIELDS,
    meter_id: { kind: 'string', nullable: false },
    asset_id: { kind: 'string', nullable: true },
    value: { kind: 'measure', nullable: false },
    unit: { kind: 'string', nullable: true },
    read_at: { kind: 'datetime', nullable: false },
    note: { kind: 'string', nullable: true },
  },
  'service-requests': {
    ...COMMON_FIELDS,
    number: { kind: 'string', nullable: false },
    title: { kind: 'string', nullable: false },
    description: { kind: 'string', nullable: true },
    status: { kind: 'enum', nullable: false, options: ['open', 'in_progress', 'closed', 'cancelled'] },
    priority: { kind: 'enum', nullable: false, options: ['low', 'medium', 'high', 'urgent'] },
    asset_id: { kind: 'string', nullable: true },
    location_id: { kind: 'string', nullable: true },
    reported_by: { kind: 'string', nullable: true },
    reported_at: { kind: 'datetime', nullable: true },
    work_order_id: { kind: 'string', nullable: true },
  },
  'maintenance-plans': {
    ...COMMON_FIELDS,
    name: { kind: 'string', nullable: false },
    asset_id: { kind: 'string', nullable: true },
    location_id: { kind: 'string', nullable: true },
    interval: { kind: 'object', nullable: true },
    next_due_at: { kind: 'datetime', nullable: true },
    active: { kind: 'boolean', nullable: false },
  },
  'purchase-requisitions': {
    ...COMMON_FIELDS,
    number: { kind: 'string', nullable: false },
    status: { kind: 'enum', nullable: false, options: ['draft', 'pending_approval', 'approved', 'ordered', 'cancelled'] },
    requested_by: { kind: 'string', nullable: true },
    currency: { kind: 'string', nullable: true },
    total_amount: { kind: 'decimal', nullable: false },
    lines: { kind: 'array', nullable: false },
  },
};

export const ENTITY_NAMES = Object.keys(ENTITY_FIELDS) as EntityName[];

export const ENTITY_LABELS: Record<EntityName, string> = {
  'purchase-orders': 'Purchase orders',
  'work-orders': 'Work orders',
  assets: 'Assets',
  'inventory-items': 'Inventory items',
  vendors: 'Vendors',
  locations: 'Locations',
  meters: 'Meters',
  'meter-readings': 'Meter readings',
  'service-requests': 'Service requests',
  'maintenance-plans': 'Maintenance plans',
  'purchase-requisitions': 'Purchase requisitions',
};

/** Fields a condition can compare: plain values, not lists or objects. */
export function comparableFields(entity: EntityName): [string, FieldInfo][] {
  return Object.entries(ENTITY_FIELDS[entity]).filter(([, f]) => f.kind !== 'array' && f.kind !== 'object');
}

/** The fields that name a record in a list, per entity (first present wins). */
export const TITLE_FIELDS: Record<EntityName, { title: string[]; subtitle: string[] }> = {
  'purchase-orders': { title: ['number'], subtitle: ['vendor_name', 'total_amount'] },
  'work-orders': { title: ['number', 'title'], subtitle: ['title', 'assignee'] },
  assets: { title: ['tag', 'name'], subtitle: ['name', 'manufacturer'] },
  'inventory-items': { title: ['part_number'], subtitle: ['description'] },
  vendors: { title: ['code', 'name'], subtitle: ['name', 'email'] },
  locations: { title: ['code', 'name'], subtitle: ['name', 'type'] },
  meters: { title: ['name'], subtitle: ['last_reading', 'unit'] },
  'meter-readings': { title: ['value'], subtitle: ['read_at', 'note'] },
  'service-requests': { title: ['number', 'title'], subtitle: ['title', 'status'] },
  'maintenance-plans': { title: ['name'], subtitle: ['next_due_at'] },
  'purchase-requisitions': { title: ['number'], subtitle: ['status', 'total_amount'] },
};
