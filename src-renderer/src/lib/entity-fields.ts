// The unified entities' fields, as plain data for the flow condition builder
// and the records browser. Hand-kept (the renderer bundle carries no zod); the
// test test/e2e/entity-fields.test.ts compares it with the contract's schemas
// (src-main/contract/unified.ts) and the flow interpreter's field kinds, so the
// two cannot drift.

export type FieldKind = 'string' | 'enum' | 'number' | 'decimal' | 'datetime' | 'boolean' | 'array' | 'object';
export interface FieldInfo { kind: FieldKind; nullable: boolean; options?: readonly string[] }
export type EntityName = 'purchase-orders' | 'work-orders' | 'assets' | 'inventory-items' | 'vendors' | 'locations';

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
};

export const ENTITY_NAMES = Object.keys(ENTITY_FIELDS) as EntityName[];

export const ENTITY_LABELS: Record<EntityName, string> = {
  'purchase-orders': 'Purchase orders',
  'work-orders': 'Work orders',
  assets: 'Assets',
  'inventory-items': 'Inventory items',
  vendors: 'Vendors',
  locations: 'Locations',
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
};
