// What SAP ECC and SAP S/4HANA share below their APIs: the standard PM/MM
// customizing both connectors read codes of. [K] common knowledge of the SAP
// standard configuration; a landscape's own customizing may differ.
import type { IntervalUnit, PurchaseRequisitionStatus } from '../contract/unified.js';

/**
 * Maintenance-plan cycle units (T006 internal units): calendar units become the
 * unified interval; any other unit (H, KM, …) is a counter's and comes with its
 * measuring point.
 */
export const CYCLE_UNITS: Readonly<Record<string, IntervalUnit>> = { DAY: 'days', TAG: 'days', WK: 'weeks', WCH: 'weeks', MON: 'months', YR: 'years', JHR: 'years' };

/**
 * A purchase requisition's status from its items' (SAP keeps the status per item):
 * all cancelled → cancelled; all live items ordered → ordered; any live item
 * waiting for release → pending_approval; otherwise approved.
 */
export function requisitionStatus(items: readonly PurchaseRequisitionStatus[]): PurchaseRequisitionStatus {
  const live = items.filter((s) => s !== 'cancelled');
  if (!live.length) return 'cancelled';
  if (live.every((s) => s === 'ordered')) return 'ordered';
  if (live.includes('pending_approval')) return 'pending_approval';
  return 'approved';
}
