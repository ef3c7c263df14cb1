// Maintenance orders: BAPI_ALM_ORDERHEAD_GET_LIST rows or BAPI_ALM_ORDER_GET_DETAIL's ES_HEADER, in one shape.
import type { Mapped, WorkOrder, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '../../../contract/unified.js';
import { FALLBACKS, lookup } from '../../kit/mapping.js';
import type { RawWorkOrder } from '../raw.js';
import type { RfcStructure } from '../xml.js';
import { alphaIn, alphaOut, code, customFields, dates, need, orNull, sapDate, statusCodes } from './common.js';

/**
 * Maintenance-order lifecycle statuses (external and internal codes). An order
 * carries several at once ("REL  PCNF NMAT"); the one with the highest rank wins.
 */
export const WORK_ORDER_SYSTEM_STATUS: Readonly<Record<string, { status: WorkOrderStatus; rank: number }>> = {
  CRTD: { status: 'requested', rank: 1 }, I0001: { status: 'requested', rank: 1 }, // created, not released
  REL: { status: 'approved', rank: 2 }, I0002: { status: 'approved', rank: 2 }, // released for execution
  PCNF: { status: 'in_progress', rank: 3 }, I0010: { status: 'in_progress', rank: 3 }, // partially confirmed
  CNF: { status: 'completed', rank: 4 }, I0009: { status: 'completed', rank: 4 }, // finally confirmed
  TECO: { status: 'completed', rank: 5 }, I0045: { status: 'completed', rank: 5 }, // technically completed
  CLSD: { status: 'closed', rank: 6 }, I0046: { status: 'closed', rank: 6 }, // business completed
  DLFL: { status: 'cancelled', rank: 7 }, I0076: { status: 'cancelled', rank: 7 }, // deletion flag
};

/** System statuses that are flags, not lifecycle states: known, and ignored for the unified status. */
export const WORK_ORDER_FLAG_STATUSES: ReadonlySet<string> = new Set([
  'NMAT', 'PRC', 'SETC', 'MACM', 'MANC', 'CSER', 'GMPS', 'PRT', 'ESTC', 'RELR', 'NTUP', 'PCC', 'CRTD', 'OPGN', 'ORAS',
  'GMCO', 'PPRT', 'SSAP', 'BUDG', 'NOCO', 'MSPT', 'PDLV', 'DLV', 'CNFD', 'DSEX', 'LKD', 'CLSR',
]);

/** T356 priorities of priority type PM. */
export const WORK_ORDER_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = { 1: 'urgent', 2: 'high', 3: 'medium', 4: 'low' };

/** Order types (AUART) of the standard PM customizing. */
export const WORK_ORDER_TYPES: Readonly<Record<string, WorkOrderType>> = {
  PM01: 'corrective', // maintenance order (breakdown / corrective)
  PM02: 'preventive', // preventive maintenance (from maintenance plans)
  PM03: 'preventive', // planned / preventive maintenance
  PM04: 'other', // refurbishment
  PM05: 'inspection', // calibration / inspection
  PM06: 'other', // investment order
};

const WO_FIELDS = ['ORDERID', 'ORDER_TYPE', 'SHORT_TEXT', 'PRIORITY', 'PLANPLANT', 'MN_WK_CTR', 'EQUIPMENT', 'FUNCT_LOC',
  'START_DATE', 'FINISH_DATE', 'SYS_STATUS', 'USER_STATUS', 'ENTER_DATE', 'ENTERED_BY', 'CHANGE_DATE', 'CHANGED_BY'] as const;

/** ET_RESULT rows and ES_HEADER into one shape (ES_HEADER's names), so a record hashes the same either way. */
export function normaliseWorkOrder(row: RfcStructure): RawWorkOrder {
  const out: Record<string, string> = {};
  for (const f of WO_FIELDS) out[f] = (row[f] ?? '').trim();
  if (!out.SYS_STATUS && row.S_STATUS) out.SYS_STATUS = row.S_STATUS.trim();
  if (!out.USER_STATUS && row.U_STATUS) out.USER_STATUS = row.U_STATUS.trim();
  for (const [k, v] of Object.entries(row)) if (/^(ZZ|YY)/.test(k)) out[k] = v.trim();
  return out as RawWorkOrder;
}

/** The unified status of a system-status line; unknown codes are reported. */
export function workOrderStatus(line: string, warnings: string[]): WorkOrderStatus {
  let best: { status: WorkOrderStatus; rank: number } | null = null;
  const unknown: string[] = [];
  for (const c of statusCodes(line)) {
    const hit = Object.hasOwn(WORK_ORDER_SYSTEM_STATUS, c) ? WORK_ORDER_SYSTEM_STATUS[c] : null;
    if (hit) { if (!best || hit.rank > best.rank) best = hit; } else if (!WORK_ORDER_FLAG_STATUSES.has(c)) unknown.push(c);
  }
  const outcome = best ? 'ignored' : `status mapped to "${FALLBACKS.workOrderStatus}"`;
  for (const c of unknown) warnings.push(`Unknown SAP order system status ${JSON.stringify(c)} in SYS_STATUS; ${outcome}`);
  if (best) return best.status;
  if (!unknown.length) warnings.push(`SAP order without a lifecycle status (SYS_STATUS ${JSON.stringify(line.trim())}); status mapped to "${FALLBACKS.workOrderStatus}"`);
  return FALLBACKS.workOrderStatus;
}

export function mapWorkOrder(raw: unknown): { record: Mapped<WorkOrder>; warnings: string[] } {
  const o = raw as RawWorkOrder;
  const aufnr = need(o, 'ORDERID', 'maintenance order');
  const what = `order ${alphaOut(aufnr)}`;
  const warnings: string[] = [];
  const record: Mapped<WorkOrder> = {
    remote_id: aufnr,
    ...dates(sapDate(o.ENTER_DATE, what), sapDate(o.CHANGE_DATE, what)),
    number: alphaOut(aufnr),
    title: orNull(o.SHORT_TEXT) ?? alphaOut(aufnr),
    description: null,
    status: workOrderStatus(o.SYS_STATUS ?? '', warnings),
    priority: lookup(WORK_ORDER_PRIORITIES, (o.PRIORITY ?? '').trim(), { ...code('SAP order priority in PRIORITY', 'priority', FALLBACKS.workOrderPriority), blank: FALLBACKS.workOrderPriority }, warnings),
    type: lookup(WORK_ORDER_TYPES, (o.ORDER_TYPE ?? '').trim(), code('SAP order type in ORDER_TYPE', 'type', FALLBACKS.workOrderType), warnings),
    asset_id: orNull(o.EQUIPMENT) ? alphaIn(o.EQUIPMENT, 18) : null,
    location_id: orNull(o.PLANPLANT),
    assignee: orNull(o.MN_WK_CTR),
    due_date: sapDate(o.FINISH_DATE, what),
    completed_at: null,
    custom_fields: {
      ...customFields(o),
      ...(orNull(o.FUNCT_LOC) ? { functional_location: o.FUNCT_LOC.trim() } : {}),
      ...(orNull(o.START_DATE) ? { start_date: sapDate(o.START_DATE, what) } : {}),
      system_status: (o.SYS_STATUS ?? '').trim(),
    },
    remote_data: { ...o },
  };
  return { record, warnings };
}
