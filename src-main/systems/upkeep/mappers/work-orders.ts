import type { Mapped, WorkOrder, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, open, refId } from './common.js';

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
export const WORK_ORDER_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = { 0: 'low', 1: 'medium', 2: 'high', 3: 'urgent' };

/** Work order `category` → type. Categories are account-editable text; these are UpKeep's defaults. Matching ignores case. */
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

const lower = (c: string) => c.toLowerCase();

export function mapWorkOrder(raw: unknown): { record: Mapped<WorkOrder>; warnings: string[] } {
  const { r, key } = open('work-orders', raw);
  const warnings: string[] = [];
  const category = r.value('category');
  const noCategory = category === undefined || category === null || (typeof category === 'string' && category.trim() === '');
  return {
    record: withShared(common(r, key), {
      number: r.optStr('workOrderNo') ?? key,
      title: r.str('title'),
      description: r.optStr('description'),
      status: lookup(WORK_ORDER_STATUSES, r.value('status'), code('work-orders', 'status', 'status', FALLBACKS.workOrderStatus), warnings),
      priority: lookup(WORK_ORDER_PRIORITIES, r.value('priority'), code('work-orders', 'priority', 'priority', FALLBACKS.workOrderPriority), warnings),
      // a work order with no category at all is "other" silently; an unknown (custom) one warns
      type: noCategory ? 'other' : lookup(WORK_ORDER_CATEGORIES, category, code('work-orders', 'category', 'type', FALLBACKS.workOrderType, lower), warnings),
      asset_id: refId(r, 'asset'),
      location_id: refId(r, 'location'),
      assignee: refId(r, 'assignedToUser'),
      due_date: r.optTime('dueDate'),
      completed_at: r.optTime('dateCompleted'),
    }),
    warnings,
  };
}
