// The webhook event types (README: Webhooks), as a plain list with no zod, so the
// renderer bundle can import it too.
export const WEBHOOK_EVENT_TYPES = [
  'sync.completed',
  'sync.failed',
  'connection.auth_required',
  'connection.status_changed',
  'system.error',
  'flow.triggered',
  'record.created',
  'record.updated',
  'record.deleted',
] as const;
export type WebhookEventTypeName = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The record events: one per record that changed in a sync (or a write), narrowed per endpoint by `entities`. */
export const RECORD_EVENT_TYPES = ['record.created', 'record.updated', 'record.deleted'] as const;
export type RecordEventType = (typeof RECORD_EVENT_TYPES)[number];
export const isRecordEventType = (t: string): t is RecordEventType => (RECORD_EVENT_TYPES as readonly string[]).includes(t);
