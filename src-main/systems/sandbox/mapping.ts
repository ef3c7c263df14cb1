// How sandbox records become unified records. The code tables are data (one per
// field, CONTRACT §3: "one table per system"); the functions are pure. References
// stay sandbox remote keys (the store resolves them); fields with no unified home
// go to custom_fields; an unknown code maps to the safest value and is reported
// as a warning so the sync can raise system.error; a record that cannot be read
// at all throws.
import type {
  Asset, EntityName, InventoryItem, Location, MappedRecord, PurchaseOrder, PurchaseOrderLine, Vendor, WorkOrder, PurchaseOrderStatus, WorkOrderStatus, WorkOrderPriority, WorkOrderType, AssetStatus, LocationType, VendorStatus } from '../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../common/fields.js';
import { remoteKeyField } from './raw.js';

// ---------------------------------------------------------------- code tables (sandbox code → unified value)


export const PURCHASE_ORDER_STATES: Readonly<Record<string, PurchaseOrderStatus>> = {
  DRAFT: 'draft',
  SUBMITTED: 'pending_approval',
  APPROVED: 'approved',
  ISSUED: 'approved', // approved and sent to the vendor: still "approved" to the unified model
  PARTIALLY_RECEIVED: 'partially_received',
  RECEIVED: 'completed',
  CLOSED: 'completed',
  CANCELLED: 'cancelled',
};

export const WORK_ORDER_STATES: Readonly<Record<string, WorkOrderStatus>> = {
  REQUESTED: 'requested',
  APPROVED: 'approved',
  SCHEDULED: 'scheduled',
  IN_PROGRESS: 'in_progress',
  ON_HOLD: 'on_hold',
  WAITING_PARTS: 'on_hold',
  COMPLETED: 'completed',
  CLOSED: 'closed',
  CANCELLED: 'cancelled',
};

export const WORK_ORDER_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = {
  P1: 'urgent',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
  P5: 'low',
};

export const WORK_ORDER_TYPES: Readonly<Record<string, WorkOrderType>> = {
  CM: 'corrective',
  EM: 'corrective', // emergency repair
  PM: 'preventive',
  PDM: 'preventive', // predictive (condition-based) maintenance
  INSP: 'inspection',
  PROJ: 'other',
};

export const ASSET_CONDITIONS: Readonly<Record<string, AssetStatus>> = {
  IN_SERVICE: 'operating',
  STANDBY: 'operating', // available and in service, just not running right now
  DOWN: 'not_operating',
  UNDER_REPAIR: 'not_operating',
  RETIRED: 'decommissioned',
};

export const LOCATION_KINDS: Readonly<Record<string, LocationType>> = {
  SITE: 'site',
  PLANT: 'plant',
  AREA: 'area',
  LINE: 'area',
  STORES: 'storeroom',
};

export const VENDOR_STATES: Readonly<Record<string, VendorStatus>> = {
  ACTIVE: 'active',
  ON_HOLD: 'blocked', // no new orders while on hold
  BLOCKED: 'blocked',
};

/**
 * What an unknown code becomes. "Safe" means the value that triggers no action
 * downstream: an order nobody approved, a request nobody accepted, an asset not
 * assumed to run, a vendor nobody may order from.
 */
export const FALLBACKS = {
  purchaseOrderState: 'draft' as PurchaseOrderStatus,
  workOrderState: 'requested' as WorkOrderStatus,
  workOrderPriority: 'medium' as WorkOrderPriority,
  workOrderType: 'other' as WorkOrderType,
  assetCondition: 'not_operating' as AssetStatus,
  locationKind: 'area' as LocationType,
  vendorState: 'blocked' as VendorStatus,
};

/** unified → sandbox code, for writes (the first, canonical code of each value). */
export const WORK_ORDER_STATE_CODES: Readonly<Record<WorkOrderStatus, string>> = {
  requested: 'REQUESTED', approved: 'APPROVED', scheduled: 'SCHEDULED', in_progress: 'IN_PROGRESS',
  on_hold: 'ON_HOLD', completed: 'COMPLETED', closed: 'CLOSED', cancelled: 'CANCELLED',
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, string>> = {
  urgent: 'P1', high: 'P2', medium: 'P3', low: 'P4',
};

// ---------------------------------------------------------------- mapped record types

/** A MappedRecord of one entity, with that entity's fields visible to the type checker. */
export type Mapped<T> = Omit<T, 'id' | 'deleted_at' | 'remote_data'> & { remote_data: Record<string, unknown> };
export type MappedPurchaseOrder = Mapped<PurchaseOrder>;
export type MappedWorkOrder = Mapped<WorkOrder>;
export type MappedAsset = Mapped<Asset>;
export type MappedInventoryItem = Mapped<InventoryItem>;
export type MappedVendor = Mapped<Vendor>;
export type MappedLocation = Mapped<Location>;

export interface MappingResult<T extends MappedRecord = MappedRecord> {
  record: T;
  /** One note per value mapped by fallback (an unknown code), naming the code and the field. */
  warnings: string[];
}

// ---------------------------------------------------------------- helpers

const NOUN: Record<EntityName, string> = {
  'purchase-orders': 'purchase order',
  'work-orders': 'work order',
  assets: 'asset',
  'inventory-items': 'inventory item',
  vendors: 'vendor',
  locations: 'location',
};

/** Opens a raw record: checks it is an object with a key, and names it for messages. */
function open(entity: EntityName, raw: unknown): { r: FieldReader; key: string } {
  if (!isObject(raw)) throw new Error(`${NOUN[entity]}: not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`);
  const keyField = remoteKeyField[entity];
  const key = raw[keyField];
  if (typeof key !== 'string' || key.trim() === '') {
    throw new Error(`${NOUN[entity]}: missing its key "${keyField}"`);
  }
  return { r: new FieldReader(raw, `${NOUN[entity]} ${key}`), key };
}

/**
 * Looks a code up in a table; an unknown one becomes the fallback plus a warning
 * naming the code and the field. The warning does not name the record (the
 * connector pairs it with remote_id), so the sync can raise one system.error per
 * unknown code rather than one per record.
 */
function lookup<T extends string>(
  entity: EntityName, r: FieldReader, field: string, unifiedField: string, table: Readonly<Record<string, T>>, fallback: T, warnings: string[],
): T {
  const value = r.value(field);
  const code = typeof value === 'string' ? value.trim().toUpperCase() : typeof value === 'number' ? String(value) : null;
  // Object.hasOwn: a code such as "constructor" must not hit Object.prototype.
  if (code !== null && Object.hasOwn(table, code)) return table[code];
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  warnings.push(`Unknown sandbox ${NOUN[entity]} code ${shown} in field "${field}"; ${unifiedField} mapped to "${fallback}"`);
  return fallback;
}

/** Raw fields no unified field consumes, plus the system's own custom-field bag `extra`, flattened. */
function customFields(raw: RawObject, consumed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'extra' || consumed.includes(k)) continue;
    out[k] = v;
  }
  const extra = raw.extra;
  if (isObject(extra)) Object.assign(out, extra);
  else if (extra !== undefined && extra !== null) out.extra = extra;
  return out;
}

function common(r: FieldReader, key: string) {
  return {
    remote_id: key,
    created_at: r.time('createdAt'),
    updated_at: r.time('lastModified'),
    remote_data: structuredClone(r.obj),
  };
}

// ---------------------------------------------------------------- one function per entity

const LOCATION_FIELDS = ['locationId', 'locationCode', 'name', 'kind', 'parentLocationId', 'createdAt', 'lastModified'] as const;

export function mapLocation(raw: unknown): MappingResult<MappedLocation> {
  const { r, key } = open('locations', raw);
  const warnings: string[] = [];
  const record: MappedLocation = {
    ...common(r, key),
    code: r.str('locationCode'),
    name: r.str('name'),
    type: lookup('locations', r, 'kind', 'type', LOCATION_KINDS, FALLBACKS.locationKind, warnings),
    parent_id: r.optStr('parentLocationId'),
    custom_fields: customFields(r.obj, LOCATION_FIELDS),
  };
  return { record, warnings };
}

const VENDOR_FIELDS = ['supplierCode', 'legalName', 'state', 'contact', 'address', 'createdAt', 'lastModified'] as const;

export function mapVendor(raw: unknown): MappingResult<MappedVendor> {
  const { r, key } = open('vendors', raw);
  const warnings: string[] = [];
  const contact = new FieldReader(r.optObj('contact') ?? {}, `${r.what} contact`);
  const addr = r.optObj('address');
  let address: string | null = null;
  if (addr) {
    const a = new FieldReader(addr, `${r.what} address`);
    const cityLine = [a.optStr('region'), a.optStr('postalCode')].filter(Boolean).join(' ');
    address = [a.optStr('line1'), a.optStr('city'), cityLine, a.optStr('country')].filter(Boolean).join(', ') || null;
  }
  const record: MappedVendor = {
    ...common(r, key),
    code: key,
    name: r.str('legalName'),
    status: lookup('vendors', r, 'state', 'status', VENDOR_STATES, FALLBACKS.vendorState, warnings),
    email: contact.optStr('email'),
    phone: contact.optStr('phone'),
    address,
    custom_fields: customFields(r.obj, VENDOR_FIELDS),
  };
  return { record, warnings };
}

const ITEM_FIELDS = ['itemId', 'partNumber', 'description', 'storeroomId', 'onHand', 'allocated', 'uom', 'minLevel', 'avgUnitCost', 'currencyCode', 'createdAt', 'lastModified'] as const;

export function mapInventoryItem(raw: unknown): MappingResult<MappedInventoryItem> {
  const { r, key } = open('inventory-items', raw);
  const record: MappedInventoryItem = {
    ...common(r, key),
    part_number: r.str('partNumber'),
    description: r.optStr('description'),
    location_id: r.optStr('storeroomId'),
    quantity_on_hand: r.num('onHand'),
    quantity_reserved: r.optNum('allocated') ?? 0,
    unit: r.optStr('uom'),
    reorder_point: r.optNum('minLevel'),
    unit_cost: r.optMoney('avgUnitCost'),
    currency: r.optStr('currencyCode'),
    custom_fields: customFields(r.obj, ITEM_FIELDS),
  };
  return { record, warnings: [] };
}

const ASSET_FIELDS = ['assetId', 'tagNumber', 'description', 'condition', 'locationId', 'parentAssetId', 'make', 'modelNo', 'serialNo', 'createdAt', 'lastModified'] as const;

export function mapAsset(raw: unknown): MappingResult<MappedAsset> {
  const { r, key } = open('assets', raw);
  const warnings: string[] = [];
  const record: MappedAsset = {
    ...common(r, key),
    tag: r.str('tagNumber'),
    name: r.str('description'),
    status: lookup('assets', r, 'condition', 'status', ASSET_CONDITIONS, FALLBACKS.assetCondition, warnings),
    location_id: r.optStr('locationId'),
    parent_id: r.optStr('parentAssetId'),
    manufacturer: r.optStr('make'),
    model: r.optStr('modelNo'),
    serial_number: r.optStr('serialNo'),
    custom_fields: customFields(r.obj, ASSET_FIELDS),
  };
  return { record, warnings };
}

const PO_FIELDS = ['poNumber', 'state', 'supplierCode', 'supplierName', 'currencyCode', 'orderedOn', 'deliverBy', 'shipToLocationId', 'lineItems', 'orderTotal', 'createdAt', 'lastModified'] as const;

// The system's own line and order totals are reported as they are: the mapping
// translates, it does not recompute (the dataset's generator guarantees them).
function mapLine(raw: unknown, index: number, what: string): PurchaseOrderLine {
  if (!isObject(raw)) throw new Error(`${what}: lineItems[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} lineItems[${index}]`);
  const quantity = l.num('qtyOrdered');
  const unitPrice = l.money('unitPrice');
  const amount = l.money('lineTotal');
  return {
    line_number: l.optNum('lineNo') ?? index + 1,
    item_id: l.optStr('itemId'),
    part_number: l.optStr('partNumber'),
    description: l.optStr('description'),
    quantity,
    unit: l.optStr('uom'),
    unit_price: unitPrice,
    amount,
    received_quantity: l.optNum('qtyReceived') ?? 0,
  };
}

export function mapPurchaseOrder(raw: unknown): MappingResult<MappedPurchaseOrder> {
  const { r, key } = open('purchase-orders', raw);
  const warnings: string[] = [];
  const rawLines = r.value('lineItems') ?? [];
  if (!Array.isArray(rawLines)) throw new Error(`${r.what}: field "lineItems" must be an array`);
  const lines = rawLines.map((l, i) => mapLine(l, i, r.what));
  const total = r.money('orderTotal');
  const currency = r.str('currencyCode');
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currencyCode" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const record: MappedPurchaseOrder = {
    ...common(r, key),
    number: key,
    status: lookup('purchase-orders', r, 'state', 'status', PURCHASE_ORDER_STATES, FALLBACKS.purchaseOrderState, warnings),
    vendor_id: r.optStr('supplierCode'),
    vendor_name: r.optStr('supplierName'),
    currency,
    total_amount: total,
    order_date: r.optTime('orderedOn'),
    expected_delivery_date: r.optTime('deliverBy'),
    location_id: r.optStr('shipToLocationId'),
    lines,
    custom_fields: customFields(r.obj, PO_FIELDS),
  };
  return { record, warnings };
}

const WO_FIELDS = ['woNumber', 'summary', 'details', 'state', 'priority', 'workType', 'assetId', 'locationId', 'assignedTo', 'dueBy', 'completedOn', 'createdAt', 'lastModified'] as const;

export function mapWorkOrder(raw: unknown): MappingResult<MappedWorkOrder> {
  const { r, key } = open('work-orders', raw);
  const warnings: string[] = [];
  const record: MappedWorkOrder = {
    ...common(r, key),
    number: key,
    title: r.str('summary'),
    description: r.optStr('details'),
    status: lookup('work-orders', r, 'state', 'status', WORK_ORDER_STATES, FALLBACKS.workOrderState, warnings),
    priority: lookup('work-orders', r, 'priority', 'priority', WORK_ORDER_PRIORITIES, FALLBACKS.workOrderPriority, warnings),
    type: lookup('work-orders', r, 'workType', 'type', WORK_ORDER_TYPES, FALLBACKS.workOrderType, warnings),
    asset_id: r.optStr('assetId'),
    location_id: r.optStr('locationId'),
    assignee: r.optStr('assignedTo'),
    due_date: r.optTime('dueBy'),
    completed_at: r.optTime('completedOn'),
    custom_fields: customFields(r.obj, WO_FIELDS),
  };
  return { record, warnings };
}

export const mappers: { readonly [E in EntityName]: (raw: unknown) => MappingResult } = {
  'purchase-orders': mapPurchaseOrder,
  'work-orders': mapWorkOrder,
  assets: mapAsset,
  'inventory-items': mapInventoryItem,
  vendors: mapVendor,
  locations: mapLocation,
};

/** Maps one raw record of any entity; throws an Error if it cannot be mapped at all. */
export function mapRecord(entity: EntityName, raw: unknown): MappingResult {
  return mappers[entity](raw);
}
