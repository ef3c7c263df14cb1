import type { Mapped, ServiceRequest, ServiceRequestStatus } from '../../../contract/unified.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';
import { WORK_ORDER_PRIORITIES } from './work-orders.js';

export const SERVICE_REQUEST_STATES: Readonly<Record<string, ServiceRequestStatus>> = {
  NEW: 'open',
  TRIAGED: 'open', // looked at, no work raised yet
  IN_PROGRESS: 'in_progress', // a work order was raised
  DONE: 'closed',
  REJECTED: 'cancelled',
};

const FIELDS = ['requestNo', 'subject', 'details', 'state', 'urgency', 'assetId', 'locationId', 'reportedBy', 'reportedAt', 'workOrderNo', 'createdAt', 'lastModified'] as const;

export function mapServiceRequest(raw: unknown): { record: Mapped<ServiceRequest>; warnings: string[] } {
  const { r, key } = open('service-requests', raw);
  const warnings: string[] = [];
  const record: Mapped<ServiceRequest> = withShared(common(r, key), {
    number: key,
    title: r.str('subject'),
    description: r.optStr('details'),
    status: lookup(SERVICE_REQUEST_STATES, r.value('state'), code('service-requests', 'state', 'status', FALLBACKS.serviceRequestStatus), warnings),
    priority: lookup(WORK_ORDER_PRIORITIES, r.value('urgency'), code('service-requests', 'urgency', 'priority', FALLBACKS.workOrderPriority), warnings),
    asset_id: r.optStr('assetId'),
    location_id: r.optStr('locationId'),
    reported_by: r.optStr('reportedBy'),
    reported_at: r.optTime('reportedAt'),
    work_order_id: r.optStr('workOrderNo'),
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
