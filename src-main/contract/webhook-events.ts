// The webhook event types (README: Webhooks), as a plain list with no zod, so the
// renderer bundle can import it too.
export const WEBHOOK_EVENT_TYPES = [
  'sync.completed',
  'sync.failed',
  'connection.auth_required',
  'connection.status_changed',
  'system.error',
  'flow.triggered',
] as const;
export type WebhookEventTypeName = (typeof WEBHOOK_EVENT_TYPES)[number];
