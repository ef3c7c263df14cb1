// Realistic sample `data` for test events (POST /admin/v1/webhooks/{id}/test),
// one per event type, shaped exactly like the real events.
import type { WebhookEventType } from '../contract/webhooks.js';
import { recordEventData } from './record-events.js';

export const SAMPLE_CONNECTION_ID = 'con_SampleSampleSample01';

export function sampleEventData(type: WebhookEventType, nowMs: number): Record<string, unknown> {
  const at = (minutesAgo: number) => new Date(nowMs - minutesAgo * 60_000).toISOString();
  switch (type) {
    case 'sync.completed':
      return {
        sync_id: 'syn_SampleSampleSample01', mode: 'incremental', started_at: at(2), finished_at: at(0),
        counts: { 'purchase-orders': { created: 3, updated: 12, deleted: 0 }, 'work-orders': { created: 1, updated: 7, deleted: 1 }, assets: { created: 0, updated: 2, deleted: 0 } },
        warnings: [{ entity: 'locations', code: 'entity_unavailable', message: "locations is not available: /IWFND/MED/170: No service found for namespace '/SAP/', name 'API_PLANT_SRV', version '0001' (HTTP 404)" }],
      };
    case 'sync.failed':
      return {
        sync_id: 'syn_SampleSampleSample02', mode: 'incremental', started_at: at(1), finished_at: at(0),
        error: { code: 'system_unavailable', message: 'The system did not answer within 30 s (https://s4.plant.local:44300).' },
        warnings: [],
      };
    case 'connection.auth_required':
      return { system: 'sap-s4hana', message: 'SAP rejected the stored credentials (HTTP 401); reconnect with a new password.', at: at(0) };
    case 'connection.status_changed':
      return { from: { status: 'active', health: 'online' }, to: { status: 'active', health: 'offline' }, reason: 'The system did not answer three health checks in a row.' };
    case 'system.error':
      return { code: 'unknown_status_code', message: 'Maximo work order status "WAPPR2" is not in the mapping table; mapped to "requested".', entity: 'work-orders', remote_id: 'WO-10442' };
    case 'record.created':
      return recordEventData('purchase-orders', samplePurchaseOrder(at), null);
    case 'record.updated':
      return recordEventData('purchase-orders', samplePurchaseOrder(at), { ...samplePurchaseOrder(at), status: 'pending_approval' });
    case 'record.deleted':
      return recordEventData('purchase-orders', { ...samplePurchaseOrder(at), deleted_at: at(0) }, samplePurchaseOrder(at));
    case 'flow.triggered':
      return { flow_id: 'flw_SampleSampleSample01', entity: 'purchase-orders', change: 'updated', record: samplePurchaseOrder(at) };
  }
}

function samplePurchaseOrder(at: (minutesAgo: number) => string): Record<string, unknown> {
  return {
    id: 'po_SampleSampleSample01SamplE', remote_id: '4500012345', number: '4500012345', status: 'approved',
    vendor_id: 'ven_SampleSampleSample01Samp', vendor_name: 'Acme Bearings GmbH', currency: 'EUR', total_amount: '12840.50',
    order_date: at(60 * 24 * 3), expected_delivery_date: at(-60 * 24 * 10), location_id: null,
    lines: [{ line_number: 10, item_id: null, part_number: 'BRG-6205-2RS', description: 'Deep groove ball bearing', quantity: 250, unit: 'EA', unit_price: '51.362', amount: '12840.50', received_quantity: 0 }],
    created_at: at(60 * 24 * 3), updated_at: at(0), remote_updated_at: at(1), deleted_at: null, custom_fields: {},
  };
}
