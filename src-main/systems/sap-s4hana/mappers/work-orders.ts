// API_MAINTENANCEORDER/MaintenanceOrder. System status codes (SystemStatusText,
// JEST/TJ02T), the highest lifecycle code present wins.
// https://api.sap.com/api/API_MAINTENANCEORDER/resource
import type { Mapped, WorkOrder, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '../../../contract/unified.js';
import { FALLBACKS, lookup } from '../../kit/mapping.js';
import { code, date, extensionFields, need, rawData, stamps, str } from './common.js';

export const WO_LIFECYCLE_STATUS: Readonly<Record<string, { status: WorkOrderStatus; rank: number }>> = {
  CRTD: { status: 'requested', rank: 1 }, // created
  REL: { status: 'approved', rank: 2 }, // released for execution
  PCNF: { status: 'in_progress', rank: 3 }, // partially confirmed
  CNF: { status: 'completed', rank: 4 }, // finally confirmed
  TECO: { status: 'completed', rank: 5 }, // technically completed
  CLSD: { status: 'closed', rank: 6 }, // business completed
};
/** Status flags that override the lifecycle (DLFL = deletion flag → reported as deleted). */
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
export const WO_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = { 1: 'urgent', 2: 'high', 3: 'medium', 4: 'low' };

/** MaintenanceOrderType (T003O, standard order types). */
export const WO_TYPES: Readonly<Record<string, WorkOrderType>> = {
  PM01: 'corrective', // maintenance / repair order
  PM02: 'preventive', // preventive maintenance order
  PM03: 'inspection', // inspection order
  PM04: 'other', // refurbishment order
  PM05: 'other', // calibration order
};

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

export const isWorkOrderDeleted = (raw: Record<string, unknown>): boolean =>
  typeof raw.SystemStatusText === 'string' && workOrderStatus(raw.SystemStatusText).status === 'deleted';

export function mapWorkOrder(raw: unknown): { record: Mapped<WorkOrder>; warnings: string[] } {
  const { r, key } = need(raw, 'MaintenanceOrder', 'maintenance order');
  const warnings: string[] = [];
  const text = str(r, 'SystemStatusText') ?? '';
  const st = workOrderStatus(text);
  const status: WorkOrderStatus = st.status === 'deleted' ? FALLBACKS.workOrderStatus : st.status;
  const lifecycleKnown = text.trim().split(/\s+/).some((t) => Object.hasOwn(WO_LIFECYCLE_STATUS, t.toUpperCase()) || Object.hasOwn(WO_OVERRIDE_FLAGS, t.toUpperCase()));
  for (const u of st.unknown) {
    warnings.push(`Unknown SAP maintenance order code ${JSON.stringify(u)} in field "SystemStatusText"; ${lifecycleKnown ? 'ignored' : `status mapped to "${status}"`}`);
  }
  const desc = str(r, 'MaintenanceOrderDesc');
  const done = status === 'completed' || status === 'closed';
  const n = 'maintenance order';
  return {
    record: {
      remote_id: key,
      ...stamps(r, ['MaintOrderCreationDateTime']),
      number: key,
      title: desc ?? `Maintenance order ${key}`,
      // S/4 has one 40-character short text on the header; long texts (to_MaintenanceOrderLongText) are not read
      description: desc,
      status,
      priority: lookup(WO_PRIORITIES, str(r, 'MaintPriority'), code(n, 'MaintPriority', 'priority', FALLBACKS.workOrderPriority), warnings),
      type: lookup(WO_TYPES, str(r, 'MaintenanceOrderType'), code(n, 'MaintenanceOrderType', 'type', FALLBACKS.workOrderType), warnings),
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
