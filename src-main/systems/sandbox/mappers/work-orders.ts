import type { Mapped, WorkOrder, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

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

/** unified → sandbox code, for writes (the first, canonical code of each value). */
export const WORK_ORDER_STATE_CODES: Readonly<Record<WorkOrderStatus, string>> = {
  requested: 'REQUESTED', approved: 'APPROVED', scheduled: 'SCHEDULED', in_progress: 'IN_PROGRESS',
  on_hold: 'ON_HOLD', completed: 'COMPLETED', closed: 'CLOSED', cancelled: 'CANCELLED',
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, string>> = { urgent: 'P1', high: 'P2', medium: 'P3', low: 'P4' };

const FIELDS = ['woNumber', 'summary', 'details', 'state', 'priority', 'workType', 'assetId', 'locationId', 'assignedTo', 'dueBy', 'completedOn', 'createdAt', 'lastModified'] as const;

export function mapWorkOrder(raw: unknown): { record: Mapped<WorkOrder>; warnings: string[] } {
  const { r, key } = open('work-orders', raw);
  const warnings: string[] = [];
  const record: Mapped<WorkOrder> = withShared(common(r, key), {
    number: key,
    title: r.str('summary'),
    description: r.optStr('details'),
    status: lookup(WORK_ORDER_STATES, r.value('state'), code('work-orders', 'state', 'status', FALLBACKS.workOrderStatus), warnings),
    priority: lookup(WORK_ORDER_PRIORITIES, r.value('priority'), code('work-orders', 'priority', 'priority', FALLBACKS.workOrderPriority), warnings),
    type: lookup(WORK_ORDER_TYPES, r.value('workType'), code('work-orders', 'workType', 'type', FALLBACKS.workOrderType), warnings),
    asset_id: r.optStr('assetId'),
    location_id: r.optStr('locationId'),
    assignee: r.optStr('assignedTo'),
    due_date: r.optTime('dueBy'),
    completed_at: r.optTime('completedOn'),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
