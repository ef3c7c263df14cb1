// MXAPIWODETAIL (WORKORDER). Statuses: domain WOSTATUS,
// https://www.ibm.com/docs/en/maximo-manage/continuous-delivery?topic=overview-work-order-statuses
import type { Mapped, WorkOrder, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, open, ref, type ObjectStructure } from './common.js';

export const WORK_ORDERS: ObjectStructure = {
  os: 'mxapiwodetail', select: '*', noun: 'work order', keys: ['wonum', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'wonum', 'workorderid', 'woclass', 'worktype', 'wopriority', 'assetnum', 'location', 'lead', 'owner', 'ownergroup', 'supervisor', 'crewid', 'persongroup',
    'reportdate', 'reportedby', 'targstartdate', 'targcompdate', 'schedstart', 'schedfinish', 'actstart', 'actfinish', 'estdur', 'estlabhrs', 'estlabcost', 'estmatcost', 'esttoolcost', 'estservcost',
    'actlabhrs', 'actlabcost', 'actmatcost', 'acttoolcost', 'actservcost', 'acttotalcost', 'historyflag', 'istask', 'parent', 'wogroup', 'taskid', 'jpnum', 'pmnum', 'failurecode', 'problemcode',
    'phone', 'haschildren', 'hasfollowupwork', 'downtime', 'interruptible', 'calendar', 'worklocation', 'origrecordid', 'origrecordclass', 'wojp1', 'wojp2', 'wojp3', 'wojp4', 'wojp5']),
};

/** WOSTATUS maxvalues. */
export const WORK_ORDER_STATUS: Readonly<Record<string, WorkOrderStatus>> = {
  WAPPR: 'requested', // waiting on approval
  APPR: 'approved',
  WSCH: 'scheduled', // waiting to be scheduled: Maximo's scheduling state
  WMATL: 'on_hold', // waiting on material
  WPCOND: 'on_hold', // waiting on plant condition
  INPRG: 'in_progress',
  COMP: 'completed',
  CLOSE: 'closed',
  HISTEDIT: 'closed', // edited in history: closed work
  CAN: 'cancelled',
};

/** WORKORDER.wopriority (an integer; 1 is the most urgent). */
export const WORK_ORDER_PRIORITY: Readonly<Record<string, WorkOrderPriority>> = { 1: 'urgent', 2: 'high', 3: 'medium', 4: 'low' };

/** WORKORDER.worktype (WOTYPE values shipped with Maximo plus common additions). */
export const WORK_ORDER_TYPE: Readonly<Record<string, WorkOrderType>> = {
  CM: 'corrective',
  EM: 'corrective', // emergency maintenance
  PM: 'preventive',
  PDM: 'preventive', // predictive
  CAL: 'preventive', // calibration
  INSP: 'inspection',
  CP: 'other', // capital project
  EV: 'other', // event report
};

export function mapWorkOrder(raw: unknown): { record: Mapped<WorkOrder>; warnings: string[] } {
  const { r, key } = open(WORK_ORDERS.noun, WORK_ORDERS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const prio = r.value('wopriority');
  const worktype = r.optStr('worktype');
  const n = WORK_ORDERS.noun;
  const record: Mapped<WorkOrder> = withShared(common(WORK_ORDERS.standard, r, key, 'reportdate'), {
    number: r.str('wonum'),
    title: r.optStr('description') ?? r.str('wonum'),
    description: r.optStr('description_longdescription'),
    status: lookup(WORK_ORDER_STATUS, internal(r, 'status'), code(n, 'status_maxvalue', 'status', FALLBACKS.workOrderStatus), warnings),
    priority: prio === null || prio === undefined ? FALLBACKS.workOrderPriority : lookup(WORK_ORDER_PRIORITY, prio, code(n, 'wopriority', 'priority', FALLBACKS.workOrderPriority), warnings),
    type: worktype === null ? FALLBACKS.workOrderType : lookup(WORK_ORDER_TYPE, worktype, code(n, 'worktype', 'type', FALLBACKS.workOrderType), warnings),
    asset_id: ref(r.optStr('assetnum'), siteid),
    location_id: ref(r.optStr('location'), siteid),
    assignee: r.optStr('lead') ?? r.optStr('owner'),
    due_date: r.optTime('targcompdate') ?? r.optTime('schedfinish'),
    completed_at: r.optTime('actfinish'),
  });
  return { record, warnings };
}
