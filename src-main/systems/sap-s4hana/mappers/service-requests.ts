// API_MAINTNOTIFICATION/MaintenanceNotification (OData v2); see raw.ts. A notification with a
// maintenance order (MaintenanceOrder) became that work order.
import type { Mapped, ServiceRequest, ServiceRequestStatus } from '../../../contract/unified.js';
import { FALLBACKS, lookup } from '../../kit/mapping.js';
import { code, date, extensionFields, need, rawData, stamps, str } from './common.js';
import { WO_PRIORITIES } from './work-orders.js';

/** [?] NotifProcessingPhase: the values as SAP documents the notification phase (QMEL-PHASE). */
export const NOTIFICATION_PHASES: Readonly<Record<string, ServiceRequestStatus>> = {
  1: 'open', // outstanding
  2: 'open', // postponed
  3: 'in_progress', // in process (an order is assigned, or work was started)
  4: 'closed', // completed
  5: 'cancelled', // marked for deletion
};

/** Edm.Time "PT08H41M03S" → milliseconds since midnight. */
function timeOfDay(v: unknown): number {
  const m = typeof v === 'string' ? /^PT(\d{1,2})H(\d{1,2})M(\d{1,2})S$/.exec(v) : null;
  return m ? ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 1000 : 0;
}

export function mapNotification(raw: unknown): { record: Mapped<ServiceRequest>; warnings: string[] } {
  const { r, key } = need(raw, 'MaintenanceNotification', 'maintenance notification');
  const warnings: string[] = [];
  const n = 'maintenance notification';
  const day = date(r, 'NotificationCreationDate');
  const equipment = str(r, 'TechObjIsEquipOrFuncnlLoc') === 'EAMS_EQUI' || !str(r, 'TechObjIsEquipOrFuncnlLoc') ? str(r, 'TechnicalObject') : null;
  const text = str(r, 'NotificationText');
  return {
    record: {
      remote_id: key,
      ...stamps(r, ['CreationDate']),
      number: key.replace(/^0+(?=\d)/, ''),
      title: text ?? `Notification ${key}`,
      description: str(r, 'MaintNotificationLongText'),
      status: lookup(NOTIFICATION_PHASES, str(r, 'NotifProcessingPhase'), code(n, 'NotifProcessingPhase', 'status', FALLBACKS.serviceRequestStatus), warnings),
      priority: lookup(WO_PRIORITIES, str(r, 'MaintPriority'), code(n, 'MaintPriority', 'priority', FALLBACKS.workOrderPriority), warnings),
      asset_id: equipment,
      location_id: str(r, 'MaintenancePlanningPlant') ?? str(r, 'MaintenancePlant'),
      reported_by: str(r, 'ReportedByUser'),
      reported_at: day ? new Date(Date.parse(day) + timeOfDay(r.NotificationCreationTime)).toISOString() : null,
      work_order_id: str(r, 'MaintenanceOrder'),
      custom_fields: { ...extensionFields(r), ...(str(r, 'NotificationType') ? { NotificationType: r.NotificationType } : {}), ...(equipment === null && str(r, 'TechnicalObject') ? { FunctionalLocation: r.TechnicalObject } : {}) },
      remote_data: rawData(r),
    },
    warnings,
  };
}
