// The sandbox system's OWN record shapes: a plausible cloud-CMMS JSON API in
// camelCase. These are deliberately not the unified shape — the mapping layer
// translates them, and include_raw=true shows them as they are here. Code fields
// are plain strings because a real system's JSON can carry any value; the
// mapping handles unknown codes.
import type { EntityName } from '../../contract/unified.js';

/** Free-form custom fields the system lets customers add (they map to custom_fields). */
export type Extra = Record<string, unknown>;

export interface RawLocation {
  locationId: string;
  locationCode: string;
  name: string;
  /** SITE · PLANT · AREA · LINE · STORES */
  kind: string;
  parentLocationId: string | null;
  timeZone: string;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawVendor {
  supplierCode: string;
  legalName: string;
  /** ACTIVE · ON_HOLD · BLOCKED */
  state: string;
  contact: { email: string | null; phone: string | null };
  address: { line1: string; city: string; region: string; postalCode: string; country: string } | null;
  paymentTerms: string;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawInventoryItem {
  itemId: string;
  partNumber: string;
  description: string;
  storeroomId: string;
  onHand: number;
  allocated: number;
  uom: string;
  minLevel: number | null;
  maxLevel: number | null;
  avgUnitCost: string | null;
  currencyCode: string;
  binLocation: string;
  category: string;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawAsset {
  assetId: string;
  tagNumber: string;
  description: string;
  /** IN_SERVICE · STANDBY · DOWN · UNDER_REPAIR · RETIRED */
  condition: string;
  locationId: string | null;
  parentAssetId: string | null;
  make: string | null;
  modelNo: string | null;
  serialNo: string | null;
  criticality: string;
  yearInstalled: number | null;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawPoLine {
  lineNo: number;
  /** null for a non-stock line (services, freight). */
  itemId: string | null;
  partNumber: string | null;
  description: string;
  qtyOrdered: number;
  uom: string;
  unitPrice: string;
  lineTotal: string;
  qtyReceived: number;
}

export interface RawPurchaseOrder {
  poNumber: string;
  /** DRAFT · SUBMITTED · APPROVED · ISSUED · PARTIALLY_RECEIVED · RECEIVED · CLOSED · CANCELLED */
  state: string;
  supplierCode: string;
  supplierName: string;
  currencyCode: string;
  orderedOn: string | null;
  deliverBy: string | null;
  shipToLocationId: string | null;
  buyer: string;
  paymentTerms: string;
  lineItems: RawPoLine[];
  orderTotal: string;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawWorkOrder {
  woNumber: string;
  summary: string;
  details: string | null;
  /** REQUESTED · APPROVED · SCHEDULED · IN_PROGRESS · ON_HOLD · WAITING_PARTS · COMPLETED · CLOSED · CANCELLED */
  state: string;
  /** P1 (emergency) … P4 (when convenient) */
  priority: string;
  /** CM · EM · PM · PDM · INSP · PROJ */
  workType: string;
  assetId: string | null;
  locationId: string | null;
  assignedTo: string | null;
  requestedBy: string;
  dueBy: string | null;
  completedOn: string | null;
  estimatedHours: number;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawMeter {
  meterId: string;
  name: string;
  assetId: string | null;
  locationId: string | null;
  /** GAUGE (a measured value) · COUNTER (counts up: run hours) · CHECK (one of allowedValues) */
  kind: string;
  uom: string | null;
  /** CHECK meters: the values a reading may take. */
  allowedValues: string[] | null;
  /** The level above which the reading means trouble (the system raises nothing itself). */
  alarmHigh: string | null;
  lastValue: string | null;
  lastReadAt: string | null;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawMeterReading {
  readingId: string;
  meterId: string;
  /** As entered: a decimal for GAUGE and COUNTER meters, one of the allowed values for CHECK meters. */
  value: string;
  readAt: string;
  note: string | null;
  recordedBy: string;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawServiceRequest {
  requestNo: string;
  subject: string;
  details: string | null;
  /** NEW · TRIAGED · IN_PROGRESS (a work order was raised) · DONE · REJECTED */
  state: string;
  /** P1 (emergency) … P4 (when convenient), as work orders */
  urgency: string;
  assetId: string | null;
  locationId: string | null;
  reportedBy: string;
  reportedAt: string;
  /** The work order raised from the request. */
  workOrderNo: string | null;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export type RawPlanSchedule =
  | { kind: 'CALENDAR'; every: number; /** DAY · WEEK · MONTH · YEAR */ unit: string }
  | { kind: 'METER'; every: number; meterId: string };

export interface RawMaintenancePlan {
  planId: string;
  title: string;
  assetId: string | null;
  locationId: string | null;
  schedule: RawPlanSchedule | null;
  nextDue: string | null;
  enabled: boolean;
  lastWorkOrderNo: string | null;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface RawRequisitionLine {
  lineNo: number;
  itemId: string | null;
  partNumber: string | null;
  description: string;
  qty: number;
  uom: string;
  unitPrice: string;
  lineTotal: string;
  /** The purchase order the line was ordered on. */
  poNumber: string | null;
}

export interface RawRequisition {
  reqNo: string;
  /** DRAFT · SUBMITTED · APPROVED · ORDERED · REJECTED · CANCELLED */
  state: string;
  requester: string;
  currencyCode: string;
  neededBy: string | null;
  lines: RawRequisitionLine[];
  total: string;
  createdAt: string;
  lastModified: string;
  extra?: Extra;
}

export interface SandboxRawByEntity {
  'purchase-orders': RawPurchaseOrder;
  'work-orders': RawWorkOrder;
  assets: RawAsset;
  'inventory-items': RawInventoryItem;
  vendors: RawVendor;
  locations: RawLocation;
  meters: RawMeter;
  'meter-readings': RawMeterReading;
  'service-requests': RawServiceRequest;
  'maintenance-plans': RawMaintenancePlan;
  'purchase-requisitions': RawRequisition;
}

export type SandboxData = { [E in EntityName]: SandboxRawByEntity[E][] };

/** The field holding each entity's stable remote id. */
export const remoteKeyField = {
  'purchase-orders': 'poNumber',
  'work-orders': 'woNumber',
  assets: 'assetId',
  'inventory-items': 'itemId',
  vendors: 'supplierCode',
  locations: 'locationId',
  meters: 'meterId',
  'meter-readings': 'readingId',
  'service-requests': 'requestNo',
  'maintenance-plans': 'planId',
  'purchase-requisitions': 'reqNo',
} as const satisfies { [E in EntityName]: keyof SandboxRawByEntity[E] };

/** The remote id of a raw record, or null if it has none (garbage). */
export function remoteKeyOf(entity: EntityName, raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object') return null;
  const value = (raw as Record<string, unknown>)[remoteKeyField[entity]];
  return typeof value === 'string' && value.length > 0 ? value : null;
}
