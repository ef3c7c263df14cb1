// GET /api/v2/requests [?]: {id, requestNo, title, description, status, priority, asset, location,
// requestedByUser, publicRequesterEmail, workOrder, createdAt, updatedAt}.
import type { Mapped, ServiceRequest, ServiceRequestStatus } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, open, refId } from './common.js';
import { WORK_ORDER_PRIORITIES } from './work-orders.js';

/** Request states: an approved request became a work order (its `workOrder`), a rejected one is done with. */
export const REQUEST_STATUSES: Readonly<Record<string, ServiceRequestStatus>> = {
  open: 'open',
  approved: 'in_progress',
  rejected: 'cancelled',
  declined: 'cancelled',
};

export function mapServiceRequest(raw: unknown): { record: Mapped<ServiceRequest>; warnings: string[] } {
  const { r, key } = open('service-requests', raw);
  const warnings: string[] = [];
  const record: Mapped<ServiceRequest> = withShared(common(r, key), {
    number: r.optStr('requestNo') ?? key,
    title: r.str('title'),
    description: r.optStr('description'),
    status: lookup(REQUEST_STATUSES, r.value('status'), code('service-requests', 'status', 'status', FALLBACKS.serviceRequestStatus), warnings),
    priority: lookup(WORK_ORDER_PRIORITIES, r.value('priority'), { ...code('service-requests', 'priority', 'priority', FALLBACKS.workOrderPriority), blank: FALLBACKS.workOrderPriority }, warnings),
    asset_id: refId(r, 'asset'),
    location_id: refId(r, 'location'),
    reported_by: refId(r, 'requestedByUser') ?? r.optStr('publicRequesterEmail'),
    reported_at: r.time('createdAt'),
    work_order_id: refId(r, 'workOrder'),
  });
  return { record, warnings };
}
