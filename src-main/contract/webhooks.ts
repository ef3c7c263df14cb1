// The webhook shapes (README: Webhooks): endpoints, deliveries, flows and the
// event envelope. One zod schema per shape, shared by the service, the admin
// operations, the HTTP and CLI adapters and the renderer.
import { z } from 'zod';
import { EntityNameSchema, pageLimit } from './unified.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';

export { WEBHOOK_EVENT_TYPES };
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const MAX_URL_LENGTH = 2000;

/**
 * Syntax-level rules for an endpoint URL. The network-level rules (https only
 * unless allowed, no private/loopback/link-local targets) need the admin's
 * settings and DNS, so they live in url-safety.ts.
 */
export const WebhookUrl = z.string().trim().min(1, 'give the receiver\'s URL').max(MAX_URL_LENGTH, `at most ${MAX_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try { url = new URL(value); } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid URL (expected e.g. https://hooks.example.com/millwright)' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `only https (or http where the admin allows insecure URLs) is supported, not ${url.protocol.replace(/:$/, '')}` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'credentials in the URL are not allowed; receivers verify the webhook-signature header instead' });
    } else if (!url.hostname) {
      ctx.addIssue({ code: 'custom', message: 'the URL has no host' });
    }
  });

const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z]{1,64}$`), `an id such as ${prefix}_…`);
export const WebhookId = Id('whk');
export const FlowId = Id('flw');
export const DeliveryId = Id('dlv');
export const EventId = Id('evt');

const ConnectionIdList = z.array(z.string().min(1).max(100)).min(1, 'give at least one connection id, or "all"').max(1000);
export const EventTypesSelection = z.union([z.literal('all'), z.array(WebhookEventType).min(1, 'give at least one event type, or "all"').max(WEBHOOK_EVENT_TYPES.length)]);
export const ConnectionIdsSelection = z.union([z.literal('all'), ConnectionIdList]);
/** Which entities' record events an endpoint receives (other event types are not narrowed by it). */
export const EntitiesSelection = z.union([z.literal('all'), z.array(EntityNameSchema).min(1, 'give at least one entity, or "all"').max(50)]);

export const WebhookEndpoint = z.object({
  id: WebhookId,
  url: z.string(),
  event_types: EventTypesSelection,
  connection_ids: ConnectionIdsSelection,
  entities: EntitiesSelection,
  enabled: z.boolean(),
  created_at: z.string(),
  /** Set once the endpoint's deliveries have failed continuously for more than an hour; cleared by a success. */
  failing_since: z.string().nullable(),
  /** Why the agent disabled the endpoint itself (e.g. the receiver answered 410 Gone). */
  disabled_reason: z.string().nullable().optional(),
  description: z.string().optional(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const CreateWebhookInput = z.object({
  url: WebhookUrl,
  event_types: EventTypesSelection.optional(),
  connection_ids: ConnectionIdsSelection.optional(),
  entities: EntitiesSelection.optional(),
  enabled: z.boolean().optional(),
  description: z.string().max(500).optional(),
}).strict();
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.object({
  url: WebhookUrl.optional(),
  event_types: EventTypesSelection.optional(),
  connection_ids: ConnectionIdsSelection.optional(),
  entities: EntitiesSelection.optional(),
  enabled: z.boolean().optional(),
  description: z.string().max(500).optional(),
  /** Issue a new secret; the previous one keeps signing beside it for 24 h. */
  rotate_secret: z.boolean().optional(),
}).strict();
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInput>;

/** The result of create (and of an update that rotated the secret): the secret is shown this once. */
export const WebhookWithSecret = z.object({ endpoint: WebhookEndpoint, secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;
/** The admin HTTP shape of a creation result: the endpoint plus `secret` (README: Webhooks). */
export const CreateWebhookResult = WebhookEndpoint.extend({ secret: z.string() });
export type CreateWebhookResult = z.infer<typeof CreateWebhookResult>;

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryAttempt = z.object({
  at: z.string(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_snippet: z.string().nullable(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  id: DeliveryId,
  event_id: EventId,
  webhook_id: WebhookId,
  type: WebhookEventType,
  status: DeliveryStatus,
  attempts: z.array(DeliveryAttempt),
  next_attempt_at: z.string().nullable(),
  created_at: z.string().optional(),
});
export type Delivery = z.infer<typeof Delivery>;

export const DEFAULT_DELIVERIES_LIMIT = 50;
export const ListDeliveriesInput = z.object({
  webhook_id: WebhookId.optional(),
  status: DeliveryStatus.optional(),
  limit: pageLimit(DEFAULT_DELIVERIES_LIMIT),
}).strict();
export type ListDeliveriesInput = z.input<typeof ListDeliveriesInput>;
/** A parsed query; the limit may be left out by callers inside the agent. */
export type ListDeliveriesQuery = Omit<z.output<typeof ListDeliveriesInput>, 'limit'> & { limit?: number };

export const SendTestInput = z.object({ type: WebhookEventType }).strict();

// ---- flows

export const FLOW_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'changed_to'] as const;
export const FlowOperator = z.enum(FLOW_OPERATORS);
export type FlowOperator = z.infer<typeof FlowOperator>;
export const FlowTrigger = z.enum(['created', 'updated', 'any']);
export type FlowTrigger = z.infer<typeof FlowTrigger>;

/** A value a condition compares with: JSON scalars, or (for `in`) a list of them. */
const Scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);
export const FlowCondition = z.object({
  field: z.string().min(1).max(100),
  op: FlowOperator,
  value: z.union([Scalar, z.array(Scalar).max(200)]),
}).strict();
export type FlowCondition = z.infer<typeof FlowCondition>;

export const Flow = z.object({
  id: FlowId,
  connection_id: z.string(),
  entity: EntityNameSchema,
  trigger: FlowTrigger,
  conditions: z.array(FlowCondition),
  webhook_id: WebhookId,
  enabled: z.boolean(),
  created_at: z.string(),
  description: z.string().optional(),
});
export type Flow = z.infer<typeof Flow>;

export const CreateFlowInput = z.object({
  connection_id: z.string().min(1).max(100),
  entity: EntityNameSchema,
  trigger: FlowTrigger.default('any'),
  conditions: z.array(FlowCondition).max(20).default([]),
  webhook_id: WebhookId,
  enabled: z.boolean().default(true),
  description: z.string().max(500).optional(),
}).strict();
export type CreateFlowInput = z.input<typeof CreateFlowInput>;
/** A parsed flow (defaults applied), as the service takes it. */
export type CreateFlow = z.output<typeof CreateFlowInput>;

// ---- the event envelope (the body of every delivery)

export const WebhookEvent = z.object({
  id: EventId,
  type: WebhookEventType,
  timestamp: z.string(),
  connection_id: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** What producers hand to `enqueue`: the id and timestamp are assigned if missing. */
export interface WebhookEventInput {
  id?: string;
  type: WebhookEventType;
  timestamp?: string;
  connection_id: string | null;
  data: Record<string, unknown>;
}
