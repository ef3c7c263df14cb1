// Webhook and flow words and rules as plain data (no zod in the renderer). The
// test test/e2e/entity-fields.test.ts checks these lists against the contract.
import { RECORD_EVENT_TYPES, WEBHOOK_EVENT_TYPES, type WebhookEventTypeName } from '../../../src-main/contract/webhook-events.js';
import type { FieldInfo, FieldKind } from './entity-fields.js';

export { RECORD_EVENT_TYPES, WEBHOOK_EVENT_TYPES };
export type WebhookEventType = WebhookEventTypeName;

export const EVENT_TYPE_HELP: Record<WebhookEventType, string> = {
  'sync.completed': 'A sync finished, with its counts',
  'sync.failed': 'A sync failed, with the error',
  'connection.auth_required': 'A system rejected the stored credentials',
  'connection.status_changed': 'A connection became active, inactive or needs reconnecting',
  'system.error': 'A system answered with an error',
  'flow.triggered': 'A flow’s conditions matched a record',
  'record.created': 'A record appeared in a system (after its first sync)',
  'record.updated': 'A record changed, with the fields that changed',
  'record.deleted': 'A record was deleted or flagged for deletion',
};

export const FLOW_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'changed_to'] as const;
export type FlowOperator = (typeof FLOW_OPERATORS)[number];
export const FLOW_TRIGGERS = ['created', 'updated', 'any'] as const;
export type FlowTrigger = (typeof FLOW_TRIGGERS)[number];

export const OPERATOR_LABELS: Record<FlowOperator, string> = {
  eq: 'is', ne: 'is not', gt: 'is greater than', gte: 'is at least', lt: 'is less than', lte: 'is at most',
  in: 'is one of', contains: 'contains', changed_to: 'changed to',
};
export const TRIGGER_LABELS: Record<FlowTrigger, string> = {
  created: 'A record is created', updated: 'A record is updated', any: 'A record is created or updated',
};

const ORDERED: FieldKind[] = ['number', 'decimal', 'measure', 'datetime'];
/** The operators that make sense for a field (the server checks again). */
export function operatorsFor(info: FieldInfo | undefined): FlowOperator[] {
  if (!info) return ['eq', 'ne', 'in', 'changed_to'];
  return FLOW_OPERATORS.filter((op) => {
    if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return ORDERED.includes(info.kind);
    if (op === 'contains') return info.kind === 'string';
    return true;
  });
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const deliveryStatusColor: Record<DeliveryStatus, string> = { pending: 'yellow', delivered: 'teal', failed: 'red' };
export const deliveryStatusLabel: Record<DeliveryStatus, string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };

/** The condition value the user typed, as the JSON value the contract wants for the field's kind. */
export function parseConditionValue(info: FieldInfo | undefined, op: FlowOperator, raw: string | string[]): unknown {
  const one = (s: string): unknown => {
    const t = s.trim();
    if (t === '' && info?.nullable) return null;
    if (!info) return t;
    switch (info.kind) {
      case 'number': return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
      case 'boolean': return t === 'true' ? true : t === 'false' ? false : t;
      default: return t; // decimals and readings stay strings ("1234.50", "7.1"); the server checks every value
    }
  };
  if (op === 'in') return (Array.isArray(raw) ? raw : raw.split(',')).map((s) => s.trim()).filter((s) => s !== '').map(one);
  return one(Array.isArray(raw) ? raw.join(',') : raw);
}

/** A condition's value as text, for lists. */
export function formatConditionValue(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => formatConditionValue(x)).join(', ');
  if (v === null) return 'empty';
  return typeof v === 'string' ? `“${v}”` : String(v);
}
