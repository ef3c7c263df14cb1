// The one page-mapping loop and what every system's mappers share: the result
// shape, code lookup with a safe fallback and one warning, and the fallback
// values themselves. A mapper is a pure function raw → unified; it throws when
// a record cannot be read at all, and the loop turns that into a `rejected`
// entry so the sync goes on.
import type {
  AssetStatus, LocationType, MappedRecord, MeterType, PurchaseOrderStatus, PurchaseRequisitionStatus, ServiceRequestStatus, VendorStatus,
  WorkOrderPriority, WorkOrderStatus, WorkOrderType,
} from '../../contract/unified.js';
import type { ChangePage } from './connector.js';

/** A mapped record (with the codes it had to guess), or a record the system marks as deleted. */
export type MapResult = { record: MappedRecord; warnings: string[] } | { deleted: string };
export type Mapper = (raw: unknown) => MapResult;

/**
 * The value an unknown code becomes: the safe one, on which nothing downstream
 * acts — an order nobody approved, a request nobody accepted, an asset not
 * assumed to run, a vendor nobody may order from, a requisition nobody
 * approved, a service request nobody has taken up, a meter whose readings are
 * plain measured values.
 */
export const FALLBACKS = {
  purchaseOrderStatus: 'draft' as PurchaseOrderStatus,
  workOrderStatus: 'requested' as WorkOrderStatus,
  workOrderPriority: 'medium' as WorkOrderPriority,
  workOrderType: 'other' as WorkOrderType,
  assetStatus: 'not_operating' as AssetStatus,
  vendorStatus: 'blocked' as VendorStatus,
  locationType: 'area' as LocationType,
  meterType: 'continuous' as MeterType,
  serviceRequestStatus: 'open' as ServiceRequestStatus,
  purchaseRequisitionStatus: 'draft' as PurchaseRequisitionStatus,
} as const;

export interface LookupSpec<T extends string> {
  fallback: T;
  /** How the warning names the code and where it was: 'Maximo work order status in "status_maxvalue"'. */
  what: string;
  /** The unified field it maps to: 'status'. */
  field: string;
  /** Brings a code to the table's spelling (upper case, a number as text…). */
  normalize?: (code: string) => string;
  /** The value of a code that is not set at all, without a warning (without it, a missing code is an unknown one). */
  blank?: T;
}

/** A system code through its table (data); an unknown code → the fallback and one warning naming it. */
export function lookup<T extends string>(table: Readonly<Record<string, T>>, value: unknown, spec: LookupSpec<T>, warnings: string[]): T {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
  if (spec.blank !== undefined && (value === undefined || value === null || text === '')) return spec.blank;
  const code = text === null ? null : spec.normalize ? spec.normalize(text) : text;
  // Object.hasOwn: a code such as "constructor" must not hit Object.prototype.
  if (code !== null && Object.hasOwn(table, code)) return table[code];
  warnings.push(`Unknown ${spec.what} ${value === undefined ? 'nothing' : JSON.stringify(value)}; ${spec.field} mapped to "${spec.fallback}"`);
  return spec.fallback;
}

export const upper = (s: string) => s.toUpperCase();

/**
 * A mapped record: the fields a system's records share (its mappers' `common`),
 * then the entity's own, in that order — the same object, keys and order as
 * `{ ...shared, ...own }` (a shared field that own sets again keeps its place and
 * takes own's value). Object.assign rather than that spread: V8 builds a spread
 * followed by more properties through a slow path (several µs a record, on every
 * record a sync maps).
 */
export function withShared<M extends object, S extends Partial<M>>(shared: S, own: NoInfer<Omit<M, keyof S> & Partial<M>>): M {
  return Object.assign(shared, own) as unknown as M;
}

/**
 * Maps one page of raw rows into `page`: records, deletion marks, rejected rows
 * (with the remote id where it can be read) and warnings — each warning once
 * per page.
 */
export function mapRows(rows: readonly unknown[], map: Mapper, idOf: (raw: unknown) => string | null, page: ChangePage): void {
  const warned = new Set((page.warnings ?? []).map((w) => w.message));
  for (const raw of rows) {
    let result: MapResult;
    try {
      result = map(raw);
    } catch (err) {
      let id: string | null = null;
      try { id = idOf(raw); } catch { id = null; }
      (page.rejected ??= []).push({ remote_id: id, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if ('deleted' in result) { page.deleted.push(result.deleted); continue; }
    page.records.push(result.record);
    for (const message of result.warnings) {
      if (warned.has(message)) continue;
      warned.add(message);
      (page.warnings ??= []).push({ remote_id: result.record.remote_id, message });
    }
  }
}

/** The record of a MapResult (null when the system marks it deleted). */
export const recordOf = (r: MapResult | null): MappedRecord | null => (r && 'record' in r ? r.record : null);
