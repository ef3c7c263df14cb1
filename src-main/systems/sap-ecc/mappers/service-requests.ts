// VIQMEL maintenance notifications with their active JEST statuses and long text; see raw.ts.
// A notification with an order (AUFNR) became that work order.
import type { Mapped, ServiceRequest, ServiceRequestStatus } from '../../../contract/unified.js';
import { FALLBACKS, lookup } from '../../kit/mapping.js';
import type { RawNotification } from '../raw.js';
import { alphaIn, alphaOut, code, customFields, dates, need, orNull, rankedStatus, sapDate, sapDateTime } from './common.js';
import { WORK_ORDER_PRIORITIES } from './work-orders.js';

/** Notification system statuses (JEST I-codes); the highest rank wins. */
export const NOTIFICATION_STATUS: Readonly<Record<string, { status: ServiceRequestStatus; rank: number }>> = {
  I0068: { status: 'open', rank: 1 }, // OSNO outstanding
  I0069: { status: 'open', rank: 2 }, // NOPT postponed
  I0070: { status: 'in_progress', rank: 3 }, // NOPR in process
  I0071: { status: 'in_progress', rank: 4 }, // ORAS order assigned
  I0072: { status: 'closed', rank: 5 }, // NOCO completed
  I0076: { status: 'cancelled', rank: 6 }, // DLFL deletion flag
};
/** Flags a notification carries besides its lifecycle (ATCO tasks completed, OSTS outstanding tasks, …). */
export const NOTIFICATION_FLAG_STATUSES: ReadonlySet<string> = new Set(['I0073', 'I0074', 'I0075', 'I0158', 'I0182', 'I0201']);

export function mapNotification(raw: unknown): { record: Mapped<ServiceRequest>; warnings: string[] } {
  const n = raw as RawNotification;
  const q = n.VIQMEL;
  const qmnum = need(q, 'QMNUM', 'notification');
  const what = `notification ${alphaOut(qmnum)}`;
  const warnings: string[] = [];
  const record: Mapped<ServiceRequest> = {
    remote_id: qmnum,
    ...dates(sapDate(q.ERDAT, what), sapDate(q.AEDAT, what)),
    number: alphaOut(qmnum),
    title: orNull(q.QMTXT) ?? `Notification ${alphaOut(qmnum)}`,
    description: n.LONG_TEXT,
    status: rankedStatus(n.SYSTEM_STATUS, NOTIFICATION_STATUS, NOTIFICATION_FLAG_STATUSES, 'notification', FALLBACKS.serviceRequestStatus, warnings),
    priority: lookup(WORK_ORDER_PRIORITIES, (q.PRIOK ?? '').trim(), { ...code('SAP notification priority in PRIOK', 'priority', FALLBACKS.workOrderPriority), blank: FALLBACKS.workOrderPriority }, warnings),
    asset_id: orNull(q.EQUNR) ? alphaIn(q.EQUNR, 18) : null,
    location_id: orNull(q.IWERK),
    reported_by: orNull(q.QMNAM),
    reported_at: sapDateTime(q.QMDAT, q.MZEIT, what),
    work_order_id: orNull(q.AUFNR) ? alphaIn(q.AUFNR, 12) : null,
    custom_fields: {
      ...customFields(q),
      ...(orNull(q.QMART) ? { notification_type: q.QMART.trim() } : {}),
      ...(orNull(q.TPLNR) ? { functional_location: q.TPLNR.trim() } : {}),
      system_status: n.SYSTEM_STATUS.join(' '),
    },
    remote_data: { ...n },
  };
  return { record, warnings };
}
