import { z } from 'zod';
import { Deployment } from './systems.js';
import { EntityNameSchema } from './unified.js';

export const ConnectionStatus = z.enum(['active', 'auth_required', 'inactive']);
export const ConnectionHealth = z.enum(['online', 'offline', 'unknown']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;
export type ConnectionHealth = z.infer<typeof ConnectionHealth>;

export const ConnectionId = z.string().regex(/^con_[A-Za-z0-9]{1,64}$/, 'a connection id such as con_…');

export const UserMetadata = z.record(z.string().max(200), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys');

/** Whether one entity is offered to this connection's user, as last checked (at connect, then on every sync). */
export const EntityAvailability = z.object({
  available: z.boolean(),
  /** The system's own reason when not available (the OData service is not activated, the table is not authorized…). */
  reason: z.string().nullable(),
  /** What to ask the system's admin for. */
  action: z.string().nullable(),
  checked_at: z.string(),
});
export type EntityAvailability = z.infer<typeof EntityAvailability>;
/** What passthrough calls a connection lets through: GET and HEAD only (default), any method, or none. */
export const PassthroughMode = z.enum(['read_only', 'read_write', 'off']);
export type PassthroughMode = z.infer<typeof PassthroughMode>;
export const DEFAULT_PASSTHROUGH: PassthroughMode = 'read_only';

/** The most requests Millwright has in flight to a connection's system at once: syncs, health checks, passthrough and writes together. */
export const MaxConcurrentRequests = z.number().int().min(1, 'at least 1').max(16, 'at most 16');
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 2;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time such as 22:00 (24-hour HH:MM)');
/**
 * A local-time window with no scheduled sync, e.g. SAP's nightly batch
 * window. `end` before `start` crosses midnight (22:00–02:00).
 */
export const SyncBlackout = z.object({ start: LocalTime, end: LocalTime }).strict()
  .refine((w) => w.start !== w.end, 'start and end must differ (a window from 22:00 to 02:00 crosses midnight)');
export type SyncBlackout = z.infer<typeof SyncBlackout>;
export const SyncBlackouts = z.array(SyncBlackout).max(24, 'at most 24 windows');

export const Connection = z.object({
  id: z.string(),
  name: z.string(),
  system: z.string(),
  deployment: Deployment,
  base_url: z.string().nullable(),
  credits: z.number().int(),
  status: ConnectionStatus,
  health: ConnectionHealth,
  /** Scheduled syncs are paused by the admin; reads and manual syncs go on. */
  paused: z.boolean(),
  created_at: z.string(),
  last_sync_at: z.string().nullable(),
  user_metadata: z.record(z.string(), z.unknown()),
  // additions: why the connection is in its status, and when that happened
  status_reason: z.string().nullable(),
  status_changed_at: z.string().nullable(),
  // the system's own options (sap_client…) beside the common ones
  options: z.object({
    sync_interval_minutes: z.number().int(),
    history_days: z.number().int(),
    allow_insecure: z.boolean().optional(),
    proxy_url: z.string().optional(),
    has_ca_cert: z.boolean().optional(),
    passthrough: PassthroughMode,
    max_concurrent_requests: z.number().int(),
    sync_blackouts: z.array(z.object({ start: z.string(), end: z.string() })),
  }).catchall(z.unknown()),
  entities: z.partialRecord(EntityNameSchema, EntityAvailability),
});
export type Connection = z.infer<typeof Connection>;

/**
 * What a list of connections shows (the admin UI's connections list, the
 * credits breakdown, the pickers): a connection without its options, metadata
 * and entities. For 5,000 connections it is less than half the full list's JSON.
 */
export const ConnectionSummary = Connection.pick({
  id: true, name: true, system: true, deployment: true, credits: true, status: true, health: true, paused: true,
  created_at: true, last_sync_at: true, status_changed_at: true,
});
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

/** Options every connection takes; a system's own declared options (sap_client…) come beside them and are checked against its declaration. */
export const ConnectionOptions = z.object({
  ca_cert: z.string().max(200_000).regex(/-----BEGIN CERTIFICATE-----/, 'a PEM certificate').optional(),
  proxy_url: z.string().url().max(2000).optional(),
  sync_interval_minutes: z.number().int().min(15).max(1440).optional(),
  history_days: z.number().int().min(1).max(3650).optional(),
  allow_insecure: z.boolean().optional(),
  passthrough: PassthroughMode.optional(),
  max_concurrent_requests: MaxConcurrentRequests.optional(),
  sync_blackouts: SyncBlackouts.optional(),
}).catchall(z.unknown());
export type ConnectionOptions = z.infer<typeof ConnectionOptions>;

/** Credentials are free-form per system; the catalog says which keys each system needs. */
export const Credentials = z.record(z.string().max(100), z.string().max(10_000));

export const ConnectInput = z.object({
  system: z.string().min(1).max(100),
  deployment: Deployment.optional(),
  name: z.string().trim().min(1).max(200),
  base_url: z.string().max(2000).optional().nullable(),
  credentials: Credentials.optional(),
  options: ConnectionOptions.optional(),
  user_metadata: UserMetadata.optional(),
}).strict();
export type ConnectInput = z.infer<typeof ConnectInput>;

export const ConnectResult = z.object({
  connection: Connection,
  token: z.string(),
  credits_missing: z.number().int(),
});
export type ConnectResult = z.infer<typeof ConnectResult>;

export const TokenResult = z.object({ token: z.string() });

/** Test connection: the credentials were accepted; which entities this user may read (ok: at least one). */
export const TestResult = z.object({
  ok: z.boolean(),
  entities: z.partialRecord(EntityNameSchema, EntityAvailability),
});
export type TestResult = z.infer<typeof TestResult>;
/** What the admin may change on an existing connection (PATCH /admin/v1/connections/{id}). */
export const ConnectionPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  user_metadata: UserMetadata.optional(),
  sync_interval_minutes: z.number().int().min(15).max(1440).optional(),
  passthrough: PassthroughMode.optional(),
  max_concurrent_requests: MaxConcurrentRequests.optional(),
  sync_blackouts: SyncBlackouts.optional(),
}).strict();
export type ConnectionPatch = z.infer<typeof ConnectionPatch>;
