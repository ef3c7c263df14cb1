// How UpKeep records become unified records. The code tables are data (one per
// field, CONTRACT §3); the functions are pure. References stay UpKeep ids (the
// store resolves them); UpKeep custom fields (`customFields` / `fields` arrays
// of {name, value}) go to custom_fields; an unknown code maps to the safest value
// and is reported as a warning so the sync raises system.error; a record that
// cannot be read at all throws (the connector turns that into `rejected`).
//
// Vendor docs: https://developers.onupkeep.com/#work-orders (statuses, priority,
// category), #purchase-orders, #assets, #parts, #vendors, #locations.
import type {
  Asset, EntityName, InventoryItem, Location, MappedRecord, PurchaseOrder, PurchaseOrderLine, Vendor, WorkOrder, UpdateWorkOrder, PurchaseOrderStatus, WorkOrderStatus, WorkOrderPriority, WorkOrderType, AssetStatus, LocationType } from '../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../common/fields.js';
import { formatCents, lineAmountCents, normalizeMoney, toCents } from '../common/money.js';
import type { UpKeepUpdateWorkOrder } from './raw.js';


// ---------------------------------------------------------------- code tables (UpKeep code → unified value)

/**
 * Work order `status` (https://developers.onupkeep.com/#work-orders). UpKeep has
 * no "requested" work order (requests are a separate resource) and no
 * cancellation: an open work order is accepted work waiting to start.
 */
export const WORK_ORDER_STATUSES: Readonly<Record<string, WorkOrderStatus>> = {
  open: 'approved',
  onHold: 'on_hold',
  inProgress: 'in_progress',
  complete: 'completed',
};

/** Work order `priority`: 0 (lowest) … 3 (highest), mapped by rank. */
export const WORK_ORDER_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = {
  0: 'low',
  1: 'medium',
  2: 'high',
  3: 'urgent',
};

/**
 * Work order `category` → type. Categories are account-editable text; these are
 * UpKeep's defaults. Matching ignores case and surrounding blanks.
 */
export const WORK_ORDER_CATEGORIES: Readonly<Record<string, WorkOrderType>> = {
  damage: 'corrective',
  electrical: 'corrective',
  mechanical: 'corrective',
  refrigeration: 'corrective',
  repair: 'corrective',
  corrective: 'corrective',
  preventive: 'preventive',
  preventative: 'preventive',
  inspection: 'inspection',
  'meter reading': 'inspection',
  safety: 'inspection',
  project: 'other',
  'standard operating procedure': 'other',
};

/** Asset `status`. */
export const ASSET_STATUSES: Readonly<Record<string, AssetStatus>> = {
  active: 'operating',
  online: 'operating',
  inactive: 'not_operating',
  offline: 'not_operating',
  archived: 'decommissioned',
};

/** Purchase order `status` (https://developers.onupkeep.com/#purchase-orders). */
export const PURCHASE_ORDER_STATUSES: Readonly<Record<string, PurchaseOrderStatus>> = {
  draft: 'draft',
  awaitingApproval: 'pending_approval',
  pending: 'pending_approval',
  approved: 'approved',
  partiallyFulfilled: 'partially_received',
  fulfilled: 'completed',
  completed: 'completed',
  declined: 'cancelled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
};

/**
 * Location type by nesting: UpKeep locations carry no kind, only a parent. A
 * top-level location is a site, a nested one an area.
 */
export const LOCATION_TYPES: Readonly<Record<'top' | 'nested', LocationType>> = {
  top: 'site',
  nested: 'area',
};

/** What an unknown code becomes: the value that triggers no action downstream. */
export const FALLBACKS = {
  workOrderStatus: 'requested' as WorkOrderStatus,
  workOrderPriority: 'medium' as WorkOrderPriority,
  /** An unknown (custom) category; a work order with no category at all is "other" silently. */
  workOrderType: 'other' as WorkOrderType,
  assetStatus: 'not_operating' as AssetStatus,
  purchaseOrderStatus: 'draft' as PurchaseOrderStatus,
};

/** UpKeep has no per-record currency; its API reports amounts in the account currency. */
export const DEFAULT_CURRENCY = 'USD';

// ---------------------------------------------------------------- unified → UpKeep (writes)

/** unified status → UpKeep status for PATCH; null = UpKeep has no such state. */
export const WORK_ORDER_STATUS_CODES: Readonly<Record<WorkOrderStatus, string | null>> = {
  requested: null,
  approved: 'open',
  scheduled: 'open',
  in_progress: 'inProgress',
  on_hold: 'onHold',
  completed: 'complete',
  closed: 'complete',
  cancelled: null,
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, number>> = {
  low: 0, medium: 1, high: 2, urgent: 3,
};

/** The UpKeep PATCH body for a unified work order patch; throws {field, message} for a value UpKeep cannot hold. */
export function toUpKeepWorkOrderPatch(patch: UpdateWorkOrder): UpKeepUpdateWorkOrder {
  const body: UpKeepUpdateWorkOrder = {};
  if (patch.status !== undefined) {
    const code = WORK_ORDER_STATUS_CODES[patch.status];
    if (code === null) throw new UnsupportedValue('status', `UpKeep work orders have no status "${patch.status}"; use approved, in_progress, on_hold or completed.`);
    body.status = code;
  }
  if (patch.priority !== undefined) body.priority = WORK_ORDER_PRIORITY_CODES[patch.priority];
  if (patch.assignee !== undefined) body.assignedToUser = patch.assignee;
  if (patch.due_date !== undefined) body.dueDate = patch.due_date;
  if (patch.description !== undefined) body.description = patch.description;
  return body;
}

export class UnsupportedValue extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------- mapped record types

export type Mapped<T> = Omit<T, 'id' | 'deleted_at' | 'remote_data'> & { remote_data: Record<string, unknown> };
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
  'inventory-items': 'part',
  vendors: 'vendor',
  locations: 'location',
};

function open(entity: EntityName, raw: unknown): { r: FieldReader; key: string } {
  if (!isObject(raw)) throw new Error(`UpKeep ${NOUN[entity]}: not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`);
  const key = raw.id;
  if (typeof key !== 'string' || key.trim() === '') throw new Error(`UpKeep ${NOUN[entity]}: missing its key "id"`);
  return { r: new FieldReader(raw, `UpKeep ${NOUN[entity]} ${key}`), key };
}

/** A table lookup; an unknown code becomes the fallback plus a warning naming the code and the field (not the record). */
function lookup<T extends string>(
  entity: EntityName, field: string, unifiedField: string, value: unknown, table: Readonly<Record<string, T>>, fallback: T, warnings: string[], normalise: (v: string) => string = (v) => v,
): T {
  const code = typeof value === 'string' ? normalise(value.trim()) : typeof value === 'number' && Number.isInteger(value) ? String(value) : null;
  if (code !== null && Object.hasOwn(table, code)) return table[code];
  warnings.push(`Unknown UpKeep ${NOUN[entity]} ${field} ${value === undefined ? 'nothing' : JSON.stringify(value)}; ${unifiedField} mapped to "${fallback}"`);
  return fallback;
}

/** UpKeep's custom fields (`customFields` or `fields`: arrays of {name, value}, or a plain object) as one object. */
export function customFields(raw: RawObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['customFields', 'fields']) {
    const v = raw[key];
    if (Array.isArray(v)) {
      for (const f of v) {
        if (isObject(f) && typeof f.name === 'string' && f.name !== '') out[f.name] = f.value ?? null;
      }
    } else if (isObject(v)) {
      Object.assign(out, v);
    }
  }
  return out;
}

/** A money amount from an UpKeep JSON number (or decimal string): float noise beyond 4 decimals is dropped. */
export function money(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return normalizeMoney(value.toFixed(4));
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return normalizeMoney(value);
  throw new Error(`${what} must be an amount, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}
function optMoney(value: unknown, what: string): string | null {
  return value === undefined || value === null ? null : money(value, what);
}

/** A reference that is an id, or an expanded object (`includes=`) carrying one. */
function refId(r: FieldReader, field: string): string | null {
  const v = r.value(field);
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.id === 'string') return v.id;
  throw new Error(`${r.what}: field "${field}" must be an id or an object with one, got ${JSON.stringify(v)}`);
}

function common(r: FieldReader, key: string) {
  return {
    remote_id: key,
    created_at: r.time('createdAt'),
    updated_at: r.time('updatedAt'),
    remote_data: structuredClone(r.obj),
    custom_fields: customFields(r.obj),
  };
}

// ---------------------------------------------------------------- one function per entity

export function mapLocation(raw: unknown): MappingResult<Mapped<Location>> {
  const { r, key } = open('locations', raw);
  const parent = refId(r, 'parentLocation');
  return {
    record: {
      ...common(r, key),
      code: key,
      name: r.str('name'),
      type: LOCATION_TYPES[parent ? 'nested' : 'top'],
      parent_id: parent,
    },
    warnings: [],
  };
}

export function mapVendor(raw: unknown): MappingResult<Mapped<Vendor>> {
  const { r, key } = open('vendors', raw);
  return {
    record: {
      ...common(r, key),
      code: key,
      name: r.str('businessName'),
      // UpKeep vendors have no blocked state: every vendor can be ordered from.
      status: 'active',
      email: r.optStr('email'),
      phone: r.optStr('phoneNumber'),
      address: r.optStr('address'),
    },
    warnings: [],
  };
}

export function mapInventoryItem(raw: unknown): MappingResult<Mapped<InventoryItem>> {
  const { r, key } = open('inventory-items', raw);
  const name = r.str('name');
  const description = r.optStr('description');
  return {
    record: {
      ...common(r, key),
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
    },
    warnings: [],
  };
}

export function mapAsset(raw: unknown): MappingResult<Mapped<Asset>> {
  const { r, key } = open('assets', raw);
  const warnings: string[] = [];
  return {
    record: {
      ...common(r, key),
      tag: r.optStr('barcode') ?? key,
      name: r.str('name'),
      status: lookup('assets', 'status', 'status', r.value('status'), ASSET_STATUSES, FALLBACKS.assetStatus, warnings),
      location_id: refId(r, 'location'),
      parent_id: refId(r, 'parentAsset'),
      manufacturer: r.optStr('make'),
      model: r.optStr('model'),
      serial_number: r.optStr('serial'),
    },
    warnings,
  };
}

function mapLine(raw: unknown, index: number, what: string): PurchaseOrderLine {
  if (!isObject(raw)) throw new Error(`${what}: partsOrdered[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} partsOrdered[${index}]`);
  const quantity = l.num('quantity');
  const unitPrice = money(l.value('price'), `${l.what}: field "price"`);
  return {
    line_number: index + 1,
    item_id: refId(l, 'part'),
    part_number: l.optStr('partNumber'),
    description: l.optStr('name') ?? l.optStr('description'),
    quantity,
    unit: l.optStr('unit'),
    unit_price: unitPrice,
    amount: formatCents(lineAmountCents(quantity, unitPrice)),
    received_quantity: l.optNum('quantityReceived') ?? 0,
  };
}

export function mapPurchaseOrder(raw: unknown): MappingResult<Mapped<PurchaseOrder>> {
  const { r, key } = open('purchase-orders', raw);
  const warnings: string[] = [];
  const parts = r.value('partsOrdered') ?? [];
  if (!Array.isArray(parts)) throw new Error(`${r.what}: field "partsOrdered" must be an array`);
  const lines = parts.map((l, i) => mapLine(l, i, r.what));
  const vendor = r.value('vendor');
  const currency = r.optStr('currency') ?? DEFAULT_CURRENCY;
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currency" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const total = r.value('totalCost');
  return {
    record: {
      ...common(r, key),
      number: r.optStr('purchaseOrderNo') ?? key,
      status: lookup('purchase-orders', 'status', 'status', r.value('status'), PURCHASE_ORDER_STATUSES, FALLBACKS.purchaseOrderStatus, warnings),
      vendor_id: refId(r, 'vendor'),
      vendor_name: isObject(vendor) && typeof vendor.businessName === 'string' ? vendor.businessName : null,
      currency,
      total_amount: total === undefined || total === null
        ? formatCents(lines.reduce((s, l) => s + toCents(l.amount), 0n))
        : formatCents(toCents(money(total, `${r.what}: field "totalCost"`))),
      order_date: r.optTime('datePurchased'),
      expected_delivery_date: r.optTime('dueDate'),
      location_id: refId(r, 'location'),
      lines,
    },
    warnings,
  };
}

export function mapWorkOrder(raw: unknown): MappingResult<Mapped<WorkOrder>> {
  const { r, key } = open('work-orders', raw);
  const warnings: string[] = [];
  const category = r.value('category');
  const noCategory = category === undefined || category === null || (typeof category === 'string' && category.trim() === '');
  return {
    record: {
      ...common(r, key),
      number: r.optStr('workOrderNo') ?? key,
      title: r.str('title'),
      description: r.optStr('description'),
      status: lookup('work-orders', 'status', 'status', r.value('status'), WORK_ORDER_STATUSES, FALLBACKS.workOrderStatus, warnings),
      priority: lookup('work-orders', 'priority', 'priority', r.value('priority'), WORK_ORDER_PRIORITIES, FALLBACKS.workOrderPriority, warnings),
      type: noCategory ? 'other' : lookup('work-orders', 'category', 'type', category, WORK_ORDER_CATEGORIES, FALLBACKS.workOrderType, warnings, (v) => v.toLowerCase()),
      asset_id: refId(r, 'asset'),
      location_id: refId(r, 'location'),
      assignee: refId(r, 'assignedToUser'),
      due_date: r.optTime('dueDate'),
      completed_at: r.optTime('dateCompleted'),
    },
    warnings,
  };
}

export const mappers: { readonly [E in EntityName]: (raw: unknown) => MappingResult } = {
  'purchase-orders': mapPurchaseOrder,
  'work-orders': mapWorkOrder,
  assets: mapAsset,
  'inventory-items': mapInventoryItem,
  vendors: mapVendor,
  locations: mapLocation,
};

export function mapRecord(entity: EntityName, raw: unknown): MappingResult {
  return mappers[entity](raw);
}
