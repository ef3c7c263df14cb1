// How SAP S/4HANA records become unified records. Code tables are data (one per
// field); the functions are pure. References stay SAP keys (the store resolves
// them). Customer extension fields (ZZ*, YY1_*) go to custom_fields; every raw
// field stays in remote_data. An unknown code maps to the safest value and is
// reported as a warning (the sync raises one system.error per code); a record
// that cannot be read at all throws (the connector rejects it, the sync goes on).
// Records SAP marks for deletion are not mapped: the connector reports them as
// deleted (PO deletion code L, EquipmentIsMarkedForDeletion, order status DLFL,
// supplier DeletionIndicator, product IsMarkedForDeletion).
import type { Asset, InventoryItem, Location, PurchaseOrder, PurchaseOrderLine, Vendor, WorkOrder, PurchaseOrderStatus, WorkOrderStatus, WorkOrderPriority, WorkOrderType, AssetStatus } from '../../contract/unified.js';
import { money, mulDiv, parseODataDate, quantity, sumMoney } from './odata.js';
import type {
  RawEquipment, RawInventoryItem, RawMaintenanceOrder, RawPlant, RawPurchaseOrder, RawPurchaseOrderItem, RawStorageLocation, RawSupplier,
} from './raw.js';


export type Mapped<T> = Omit<T, 'id' | 'deleted_at' | 'remote_data'> & { remote_data: Record<string, unknown> };
export interface MappingResult<T> { record: T; warnings: string[] }

/** When SAP has no change time for an entity (plants, storage locations): a fixed instant, so re-listings hash the same. */
export const NO_TIME = '1970-01-01T00:00:00.000Z';

// ================================================================ code tables

/**
 * Purchasing processing status (PROCSTAT, EKKO-PROCSTAT), field PurchasingProcessingStatus.
 * https://api.sap.com/api/API_PURCHASEORDER_PROCESS_SRV/resource ; SAP KBA 3416344.
 */
export const PO_PROCESSING_STATUS: Readonly<Record<string, PurchaseOrderStatus>> = {
  '01': 'draft', // version in process
  '02': 'approved', // active (no release strategy, or released)
  '03': 'pending_approval', // in release
  '05': 'approved', // release completed
  '08': 'draft', // rejected by the approver: back with the buyer, may be changed and resubmitted
};

/** PurchasingDocumentDeletionCode: "L" = deleted (→ soft delete, not mapped), "S" = blocked. */
export const PO_DELETION_CODES: Readonly<Record<string, 'live' | 'deleted' | 'blocked'>> = {
  '': 'live',
  L: 'deleted',
  S: 'blocked',
};

/** What a PO is, given the header facts and its items. Evaluated in order; the first rule that applies wins. */
export interface PoFacts {
  base: PurchaseOrderStatus; // from PO_PROCESSING_STATUS
  deletion: 'live' | 'blocked';
  releaseNotCompleted: boolean; // ReleaseIsNotCompleted
  incomplete: boolean; // PurchasingCompletenessStatus (held / incomplete document)
  items: number; // live items
  delivered: number; // live items with IsCompletelyDelivered
}
export const PO_STATUS_RULES: readonly { name: string; applies: (f: PoFacts) => boolean; status: PurchaseOrderStatus }[] = [
  { name: 'blocked (deletion code S): no follow-on documents', applies: (f) => f.deletion === 'blocked', status: 'draft' },
  { name: 'held or incomplete', applies: (f) => f.incomplete, status: 'draft' },
  { name: 'version in process or rejected', applies: (f) => f.base === 'draft', status: 'draft' },
  { name: 'subject to release', applies: (f) => f.base === 'pending_approval' || f.releaseNotCompleted, status: 'pending_approval' },
  { name: 'every item completely delivered', applies: (f) => f.items > 0 && f.delivered === f.items, status: 'completed' },
  { name: 'some items delivered', applies: (f) => f.delivered > 0, status: 'partially_received' },
  { name: 'released, nothing delivered', applies: () => true, status: 'approved' },
];

/**
 * Maintenance order system status codes (SystemStatusText, JEST/TJ02T), lifecycle
 * codes ranked: the highest present wins. https://api.sap.com/api/API_MAINTENANCEORDER/resource
 */
export const WO_LIFECYCLE_STATUS: Readonly<Record<string, { status: WorkOrderStatus; rank: number }>> = {
  CRTD: { status: 'requested', rank: 1 }, // created
  REL: { status: 'approved', rank: 2 }, // released for execution
  PCNF: { status: 'in_progress', rank: 3 }, // partially confirmed
  CNF: { status: 'completed', rank: 4 }, // finally confirmed
  TECO: { status: 'completed', rank: 5 }, // technically completed
  CLSD: { status: 'closed', rank: 6 }, // business completed
};
/** Status flags that override the lifecycle (DLFL = deletion flag → soft delete). */
export const WO_OVERRIDE_FLAGS: Readonly<Record<string, WorkOrderStatus | 'deleted'>> = {
  DLFL: 'deleted',
  LKD: 'on_hold', // locked
};
/** Informational system status flags that do not change the unified status. */
export const WO_INFO_FLAGS: readonly string[] = [
  'NMAT', 'PRC', 'SETC', 'MACM', 'GMPS', 'CSER', 'NTUP', 'ORAS', 'MANC', 'PRT', 'ESTC', 'BUDG', 'PCC', 'OCMP', 'RELR', 'MSPT', 'NOCO',
  'PREL', 'CNFD', 'ILAS', 'PDLV', 'DLV', 'OPGN', 'RESA', 'OCRT', 'MSCP', 'FMAT', 'NOPT', 'EXTS',
];

/** MaintPriority (T356, priority type PM): 1 very high … 4 low. */
export const WO_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = {
  '1': 'urgent',
  '2': 'high',
  '3': 'medium',
  '4': 'low',
};

/** MaintenanceOrderType (T003O, standard order types). */
export const WO_TYPES: Readonly<Record<string, WorkOrderType>> = {
  PM01: 'corrective', // maintenance / repair order
  PM02: 'preventive', // preventive maintenance order
  PM03: 'inspection', // inspection order
  PM04: 'other', // refurbishment order
  PM05: 'other', // calibration order
};

/** Equipment status from its flags (first match wins; the API has no status code field on Equipment). */
export const EQUIPMENT_STATUS_RULES: readonly { flag: keyof RawEquipment; status: AssetStatus }[] = [
  { flag: 'EquipmentIsInactive', status: 'decommissioned' }, // INAC: deactivated
  { flag: 'EquipmentIsInWarehouse', status: 'not_operating' }, // AVLB in stock
  { flag: 'EquipmentIsInstalled', status: 'operating' }, // INST
  { flag: 'EquipmentIsAvailable', status: 'operating' }, // AVLB
];

/** Supplier blocks → vendor status (any block means nobody may order). */
export const SUPPLIER_BLOCK_FLAGS: readonly (keyof RawSupplier)[] = ['PurchasingIsBlocked', 'PostingIsBlocked'];

/** unified → SAP, for writes. */
export const WO_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, string>> = { urgent: '1', high: '2', medium: '3', low: '4' };

/** The safest value for an unknown code: nothing downstream acts on it. */
export const FALLBACKS = {
  purchaseOrderStatus: 'draft' as PurchaseOrderStatus,
  workOrderStatus: 'requested' as WorkOrderStatus,
  workOrderPriority: 'medium' as WorkOrderPriority,
  workOrderType: 'other' as WorkOrderType,
  assetStatus: 'not_operating' as AssetStatus,
};

// ================================================================ helpers

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function need(raw: unknown, keyField: string, what: string): { r: Record<string, unknown>; key: string } {
  if (!isObj(raw)) throw new Error(`${what}: not an object`);
  const key = raw[keyField];
  if (typeof key !== 'string' || key.trim() === '') throw new Error(`${what}: missing its key ${keyField}`);
  return { r: raw, key };
}

function str(r: Record<string, unknown>, f: string): string | null {
  const v = r[f];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new Error(`field ${f} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function date(r: Record<string, unknown>, f: string): string | null {
  try { return parseODataDate(r[f]); } catch (err) { throw new Error(`field ${f}: ${(err as Error).message}`); }
}

function dateOr(r: Record<string, unknown>, fields: string[], fallback: string): string {
  for (const f of fields) { const d = date(r, f); if (d) return d; }
  return fallback;
}

function bool(r: Record<string, unknown>, f: string): boolean {
  return r[f] === true || r[f] === 'X';
}

/** Customer extension fields: ZZ* (classic) and YY1_* (key-user extensibility). */
export function extensionFields(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (/^(ZZ|YY1_)/i.test(k)) out[k] = v;
  return out;
}

/** The raw record without OData plumbing (deferred navigation links). */
function rawData(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (isObj(v) && '__deferred' in v) continue;
    // __metadata without id/uri: they name the host, which is not part of the record
    if (k === '__metadata' && isObj(v)) { const { id: _id, uri: _uri, ...meta } = v; out[k] = meta; continue; }
    out[k] = v;
  }
  return out;
}

/** "10", "00010" → 10 */
export function itemNumber(v: unknown): number {
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) throw new Error(`item number ${JSON.stringify(v)} is not numeric`);
  return Number(v.trim());
}

/** The inventory item key: plant/storage location/material (plant and storage location are CHAR 4 without "/"). */
export function inventoryKey(plant: string, storageLocation: string, material: string): string {
  return `${plant}/${storageLocation}/${material}`;
}
export function parseInventoryKey(key: string): { plant: string; storageLocation: string; material: string } | null {
  const m = /^([^/]{1,4})\/([^/]{0,4})\/(.+)$/.exec(key);
  return m ? { plant: m[1], storageLocation: m[2], material: m[3] } : null;
}
/** Storage location keys: plant/storage location. */
export function storageLocationKey(plant: string, storageLocation: string): string {
  return `${plant}/${storageLocation}`;
}

// ================================================================ purchase orders

export function isPurchaseOrderDeleted(raw: RawPurchaseOrder): boolean {
  return PO_DELETION_CODES[(raw.PurchasingDocumentDeletionCode ?? '').trim().toUpperCase()] === 'deleted';
}

function mapPoLine(item: RawPurchaseOrderItem, what: string): PurchaseOrderLine {
  const r = item as Record<string, unknown>;
  const qty = str(r, 'OrderQuantity') ?? '0';
  const price = str(r, 'NetPriceAmount') ?? '0';
  const per = str(r, 'NetPriceQuantity') ?? '1';
  try {
    const material = str(r, 'Material');
    const plant = str(r, 'Plant');
    const delivered = bool(r, 'IsCompletelyDelivered');
    return {
      line_number: itemNumber(item.PurchaseOrderItem),
      item_id: material && plant ? inventoryKey(plant, str(r, 'StorageLocation') ?? '', material) : null,
      part_number: material,
      description: str(r, 'PurchaseOrderItemText'),
      quantity: quantity(qty),
      unit: str(r, 'PurchaseOrderQuantityUnit'),
      // net price per NetPriceQuantity units: the unit price keeps up to 6 decimals, the amount is rounded to the cent
      unit_price: money(mulDiv(price, '1', Number(per) === 0 ? '1' : per, 6)),
      amount: mulDiv(qty, price, Number(per) === 0 ? '1' : per, 2),
      // A_PurchaseOrderItem has no goods-receipt quantity: completely delivered ⇒ all of it
      received_quantity: delivered ? quantity(qty) : 0,
    };
  } catch (err) {
    throw new Error(`${what} item ${String(item.PurchaseOrderItem)}: ${(err as Error).message}`);
  }
}

export function mapPurchaseOrder(raw: unknown): MappingResult<Mapped<PurchaseOrder>> {
  const { r, key } = need(raw, 'PurchaseOrder', 'purchase order');
  const what = `purchase order ${key}`;
  const po = r as RawPurchaseOrder;
  const warnings: string[] = [];
  const nav = r.to_PurchaseOrderItem;
  let items: RawPurchaseOrderItem[] = [];
  if (isObj(nav) && Array.isArray(nav.results)) items = nav.results as RawPurchaseOrderItem[];
  else if (nav !== undefined && !(isObj(nav) && '__deferred' in nav)) throw new Error(`${what}: to_PurchaseOrderItem is not a list`);
  const live = items.filter((i) => isObj(i) && (i.PurchasingDocumentDeletionCode ?? '') !== 'L');
  const lines = live.map((i) => mapPoLine(i, what)).sort((a, b) => a.line_number - b.line_number);

  const procCode = (po.PurchasingProcessingStatus ?? '').trim();
  let base = PO_PROCESSING_STATUS[procCode];
  if (!Object.hasOwn(PO_PROCESSING_STATUS, procCode)) {
    base = FALLBACKS.purchaseOrderStatus;
    warnings.push(`Unknown SAP purchase order code ${JSON.stringify(procCode)} in field "PurchasingProcessingStatus"; status mapped to "${base}"`);
  }
  const delCode = (po.PurchasingDocumentDeletionCode ?? '').trim().toUpperCase();
  let deletion = PO_DELETION_CODES[delCode] as 'live' | 'blocked' | 'deleted' | undefined;
  if (!Object.hasOwn(PO_DELETION_CODES, delCode)) {
    deletion = 'blocked';
    warnings.push(`Unknown SAP purchase order code ${JSON.stringify(delCode)} in field "PurchasingDocumentDeletionCode"; treated as blocked`);
  }
  const facts: PoFacts = {
    base, deletion: deletion === 'deleted' ? 'blocked' : deletion!, releaseNotCompleted: bool(r, 'ReleaseIsNotCompleted'),
    incomplete: bool(r, 'PurchasingCompletenessStatus'), items: live.length, delivered: live.filter((i) => bool(i as Record<string, unknown>, 'IsCompletelyDelivered')).length,
  };
  const status = PO_STATUS_RULES.find((rule) => rule.applies(facts))!.status;

  const currency = str(r, 'DocumentCurrency') ?? (live[0]?.DocumentCurrency as string | undefined) ?? null;
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new Error(`${what}: DocumentCurrency ${JSON.stringify(currency)} is not an ISO currency code`);
  const plant = live.map((i) => i.Plant).find((p): p is string => typeof p === 'string' && p !== '') ?? null;
  const updated = date(r, 'LastChangeDateTime');
  const created = dateOr(r, ['CreationDate'], updated ?? NO_TIME);
  return {
    record: {
      remote_id: key,
      created_at: created,
      updated_at: updated ?? created,
      number: key,
      status,
      vendor_id: str(r, 'Supplier'),
      vendor_name: null, // A_PurchaseOrder carries only the supplier number; the vendor record has the name
      currency,
      total_amount: sumMoney(lines.map((l) => l.amount)),
      order_date: date(r, 'PurchaseOrderDate'),
      expected_delivery_date: null, // schedule lines (to_ScheduleLine) are not read
      location_id: plant,
      lines,
      custom_fields: extensionFields(r),
      remote_data: rawData(r),
    },
    warnings,
  };
}

// ================================================================ maintenance orders

export interface WorkOrderStatusResult { status: WorkOrderStatus | 'deleted'; unknown: string[] }

/** SystemStatusText ("REL  NMAT PRC SETC") → unified status; unknown tokens are reported. */
export function workOrderStatus(text: string): WorkOrderStatusResult {
  const tokens = text.trim().toUpperCase().split(/\s+/).filter(Boolean);
  let best: { status: WorkOrderStatus; rank: number } | null = null;
  let override: WorkOrderStatus | 'deleted' | null = null;
  const unknown: string[] = [];
  for (const t of tokens) {
    if (Object.hasOwn(WO_LIFECYCLE_STATUS, t)) { const s = WO_LIFECYCLE_STATUS[t]; if (!best || s.rank > best.rank) best = s; }
    else if (Object.hasOwn(WO_OVERRIDE_FLAGS, t)) { const o = WO_OVERRIDE_FLAGS[t]; if (override !== 'deleted') override = o; }
    else if (!WO_INFO_FLAGS.includes(t)) unknown.push(t);
  }
  // closed and completed orders stay so even when locked
  if (override === 'deleted') return { status: 'deleted', unknown };
  if (override && !(best && best.rank >= WO_LIFECYCLE_STATUS.CNF.rank)) return { status: override, unknown };
  if (best) return { status: best.status, unknown };
  return { status: FALLBACKS.workOrderStatus, unknown: unknown.length ? unknown : [text.trim() || '(empty)'] };
}

export function isWorkOrderDeleted(raw: RawMaintenanceOrder): boolean {
  return typeof raw.SystemStatusText === 'string' && workOrderStatus(raw.SystemStatusText).status === 'deleted';
}

function lookup<T extends string>(table: Readonly<Record<string, T>>, code: string | null, field: string, unified: string, fallback: T, warnings: string[], noun: string): T {
  const c = (code ?? '').trim().toUpperCase();
  if (c === '') return fallback; // not set: the default, not an unknown code
  if (Object.hasOwn(table, c)) return table[c];
  warnings.push(`Unknown SAP ${noun} code ${JSON.stringify(c)} in field "${field}"; ${unified} mapped to "${fallback}"`);
  return fallback;
}

export function mapWorkOrder(raw: unknown): MappingResult<Mapped<WorkOrder>> {
  const { r, key } = need(raw, 'MaintenanceOrder', 'maintenance order');
  const warnings: string[] = [];
  const text = str(r, 'SystemStatusText') ?? '';
  const st = workOrderStatus(text);
  const status: WorkOrderStatus = st.status === 'deleted' ? FALLBACKS.workOrderStatus : st.status;
  const lifecycleKnown = text.trim().split(/\s+/).some((t) => Object.hasOwn(WO_LIFECYCLE_STATUS, t.toUpperCase()) || Object.hasOwn(WO_OVERRIDE_FLAGS, t.toUpperCase()));
  for (const u of st.unknown) {
    warnings.push(lifecycleKnown
      ? `Unknown SAP maintenance order code ${JSON.stringify(u)} in field "SystemStatusText"; ignored`
      : `Unknown SAP maintenance order code ${JSON.stringify(u)} in field "SystemStatusText"; status mapped to "${status}"`);
  }
  const desc = str(r, 'MaintenanceOrderDesc');
  const updated = date(r, 'LastChangeDateTime');
  const created = dateOr(r, ['MaintOrderCreationDateTime'], updated ?? NO_TIME);
  const done = status === 'completed' || status === 'closed';
  return {
    record: {
      remote_id: key,
      created_at: created,
      updated_at: updated ?? created,
      number: key,
      title: desc ?? `Maintenance order ${key}`,
      // S/4 has one 40-character short text on the header; long texts (to_MaintenanceOrderLongText) are not read
      description: desc,
      status,
      priority: lookup(WO_PRIORITIES, str(r, 'MaintPriority'), 'MaintPriority', 'priority', FALLBACKS.workOrderPriority, warnings, 'maintenance order'),
      type: lookup(WO_TYPES, str(r, 'MaintenanceOrderType'), 'MaintenanceOrderType', 'type', FALLBACKS.workOrderType, warnings, 'maintenance order'),
      asset_id: str(r, 'Equipment'),
      location_id: str(r, 'MaintenancePlanningPlant') ?? str(r, 'MaintenancePlant'),
      assignee: str(r, 'MaintOrdPersonResponsible'),
      due_date: date(r, 'MaintOrdBasicEndDateTime'),
      completed_at: done ? (date(r, 'MainWorkCompletedDateTime') ?? date(r, 'MaintOrderReferenceDateTime')) : null,
      custom_fields: { ...extensionFields(r), ...(str(r, 'UserStatusText') ? { UserStatusText: r.UserStatusText } : {}), ...(str(r, 'FunctionalLocation') ? { FunctionalLocation: r.FunctionalLocation } : {}) },
      remote_data: rawData(r),
    },
    warnings,
  };
}

// ================================================================ equipment

export function isEquipmentDeleted(raw: RawEquipment): boolean {
  return raw.EquipmentIsMarkedForDeletion === true;
}

export function mapEquipment(raw: unknown): MappingResult<Mapped<Asset>> {
  const { r, key } = need(raw, 'Equipment', 'equipment');
  const rule = EQUIPMENT_STATUS_RULES.find((x) => bool(r, x.flag as string));
  const updated = date(r, 'LastChangeDateTime');
  const created = dateOr(r, ['CreationDate'], updated ?? NO_TIME);
  return {
    record: {
      remote_id: key,
      created_at: created,
      updated_at: updated ?? created,
      tag: key,
      name: str(r, 'EquipmentName') ?? key,
      status: rule ? rule.status : FALLBACKS.assetStatus,
      location_id: str(r, 'MaintenancePlant'),
      parent_id: str(r, 'SuperordinateEquipment'),
      manufacturer: str(r, 'AssetManufacturerName'),
      model: str(r, 'ManufacturerPartTypeName'),
      serial_number: str(r, 'SerialNumber') ?? str(r, 'ManufacturerSerialNumber'),
      custom_fields: { ...extensionFields(r), ...(str(r, 'FunctionalLocation') ? { FunctionalLocation: r.FunctionalLocation } : {}), ...(str(r, 'EquipmentCategory') ? { EquipmentCategory: r.EquipmentCategory } : {}) },
      remote_data: rawData(r),
    },
    warnings: [],
  };
}

// ================================================================ suppliers

export function isSupplierDeleted(raw: RawSupplier): boolean {
  return raw.DeletionIndicator === true;
}

export function mapSupplier(raw: unknown): MappingResult<Mapped<Vendor>> {
  const { r, key } = need(raw, 'Supplier', 'supplier');
  const created = dateOr(r, ['CreationDate'], NO_TIME);
  return {
    record: {
      remote_id: key,
      created_at: created,
      // A_Supplier has no change time: the creation date stands in (the listing is full every time)
      updated_at: created,
      code: key,
      name: str(r, 'SupplierName') ?? key,
      status: SUPPLIER_BLOCK_FLAGS.some((f) => bool(r, f as string)) ? 'blocked' : 'active',
      email: null, // addresses and communication data live on the business partner (A_BusinessPartnerAddress), not read
      phone: null,
      address: null,
      custom_fields: extensionFields(r),
      remote_data: rawData(r),
    },
    warnings: [],
  };
}

// ================================================================ inventory (product × storage location)

/** Unrestricted-use stock counts as on hand; quality inspection and blocked stock are reported in custom_fields. */
export const STOCK_TYPES: Readonly<Record<string, 'on_hand' | 'quality_inspection' | 'blocked' | 'other'>> = {
  '01': 'on_hand',
  '02': 'quality_inspection',
  '07': 'blocked',
};

export function mapInventoryItem(raw: RawInventoryItem): MappingResult<Mapped<InventoryItem>> {
  const p = raw.product as Record<string, unknown>;
  const { key: product } = need(p, 'Product', 'product');
  const key = inventoryKey(raw.plant, raw.storageLocation, product);
  const warnings: string[] = [];
  const sums: Record<string, number> = { on_hand: 0, quality_inspection: 0, blocked: 0, other: 0 };
  let unit: string | null = null;
  for (const s of raw.stock) {
    const kind = STOCK_TYPES[(s.InventoryStockType ?? '01').trim()] ?? 'other';
    sums[kind] += quantity(s.MatlWrhsStkQtyInMatlBaseUnit ?? '0');
    unit ??= s.MaterialBaseUnit ?? null;
  }
  const descs = isObj(p.to_Description) && Array.isArray(p.to_Description.results) ? p.to_Description.results as { Language: string; ProductDescription: string }[] : [];
  const description = (descs.find((d) => d.Language === 'EN') ?? descs[0])?.ProductDescription ?? null;
  const vals = isObj(p.to_Valuation) && Array.isArray(p.to_Valuation.results) ? p.to_Valuation.results as { ValuationArea: string; StandardPrice?: string; MovingAveragePrice?: string; PriceUnitQty?: string; InventoryValuationProcedure?: string; Currency?: string }[] : [];
  const val = vals.find((v) => v.ValuationArea === raw.plant);
  let unitCost: string | null = null;
  if (val) {
    const price = val.InventoryValuationProcedure === 'V' ? val.MovingAveragePrice : val.StandardPrice;
    if (price) unitCost = money(mulDiv(price, '1', val.PriceUnitQty && Number(val.PriceUnitQty) !== 0 ? val.PriceUnitQty : '1', 6));
  }
  const updated = date(p, 'LastChangeDateTime');
  const created = dateOr(p, ['CreationDate'], updated ?? NO_TIME);
  return {
    record: {
      remote_id: key,
      created_at: created,
      updated_at: updated ?? created,
      part_number: product,
      description,
      location_id: raw.storageLocation ? storageLocationKey(raw.plant, raw.storageLocation) : raw.plant,
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
      remote_data: { ...rawData(p), Plant: raw.plant, StorageLocation: raw.storageLocation, stock: raw.stock },
    },
    warnings,
  };
}

// ================================================================ locations

export function mapPlant(raw: unknown): MappingResult<Mapped<Location>> {
  const { r, key } = need(raw, 'Plant', 'plant');
  return {
    record: {
      remote_id: key, created_at: NO_TIME, updated_at: NO_TIME,
      code: key, name: str(r, 'PlantName') ?? key, type: 'plant', parent_id: null,
      custom_fields: extensionFields(r), remote_data: rawData(r),
    },
    warnings: [],
  };
}

export function mapStorageLocation(raw: unknown): MappingResult<Mapped<Location>> {
  const { r, key: plant } = need(raw, 'Plant', 'storage location');
  const sloc = str(r, 'StorageLocation');
  if (!sloc) throw new Error(`storage location of plant ${plant}: missing its key StorageLocation`);
  const key = storageLocationKey(plant, sloc);
  return {
    record: {
      remote_id: key, created_at: NO_TIME, updated_at: NO_TIME,
      code: sloc, name: str(r, 'StorageLocationName') ?? key, type: 'storeroom', parent_id: plant,
      custom_fields: extensionFields(r), remote_data: rawData(r),
    },
    warnings: [],
  };
}

export type { RawPlant, RawStorageLocation };
