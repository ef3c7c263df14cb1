// The admin operations, defined once. This table drives the admin HTTP routes,
// the CLI's client, the desktop IPC handlers and the preload bridge, so the four
// cannot drift apart. Inputs are the merged path params, query and body.
import { z } from 'zod';
import { System } from './systems.js';
import { Connection, ConnectionSummary, ConnectInput, ConnectResult, ConnectionId, ConnectionPatch, Credentials, TestResult, TokenResult } from './connections.js';
import { AuditPage, AuditQuery } from './audit.js';
import { Credits } from './credits.js';
import { Settings, SettingsPatch } from './settings.js';
import { SyncRun, SyncRequest } from './sync.js';
import { EntityNameSchema, pageLimit } from './unified.js';
import {
  WebhookEndpoint, CreateWebhookInput, UpdateWebhookInput, CreateWebhookResult, Delivery, ListDeliveriesInput, SendTestInput,
  Flow, CreateFlowInput, WebhookId, FlowId, DeliveryId,
} from './webhooks.js';

import { adminRoutes, type AdminOperationName, type AdminRoute } from './admin-routes.js';
import { BackupInput, DiagnoseResult, FileResult, RestoreInput, RestoreResult } from './plantops.js';

export const AgentInfo = z.object({
  version: z.string(),
  pid: z.number().int(),
  data_dir: z.string(),
  api_url: z.string().nullable(),
  /** The admin API and admin UI for a browser (and the CLI), beside the desktop window too. */
  admin_url: z.string().nullable(),
  keychain: z.object({ available: z.boolean(), backend: z.string(), problem: z.string().nullable() }),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
const byId = z.object({ id: ConnectionId }).strict();
const none = z.object({}).strict();

export interface AdminOperation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> extends AdminRoute {
  input: I;
  output: O;
  summary: string;
}
/** The route comes from admin-routes.ts (one source for every transport); the schemas are added here. */
const op = <I extends z.ZodType, O extends z.ZodType>(name: AdminOperationName, o: { input: I; output: O; summary: string }): AdminOperation<I, O> =>
  ({ ...adminRoutes[name], ...o });

export const adminOperations = {
  listSystems: op('listSystems', { input: none, output: list(System), summary: 'The systems catalog with tiers and credit costs' }),
  agentInfo: op('agentInfo', { input: none, output: AgentInfo, summary: 'Version, data dir, listener addresses and keychain status of this agent' }),
  listConnections: op('listConnections', { input: none, output: list(Connection), summary: 'Every connection' }),
  listConnectionSummaries: op('listConnectionSummaries', {
    input: none, output: list(ConnectionSummary), summary: 'Every connection, only the fields a list shows (no options, metadata or entities)',
  }),
  getConnection: op('getConnection', { input: byId, output: Connection, summary: 'One connection' }),
  connect: op('connect', { input: ConnectInput, output: ConnectResult, summary: 'Verify credentials and connect a system' }),
  testConnection: op('testConnection', { input: ConnectInput, output: TestResult, summary: 'Verify credentials and check which entities the user may read, without saving anything' }),
  updateConnection: op('updateConnection', {
    input: ConnectionPatch.extend({ id: ConnectionId }),
    output: Connection, summary: 'Rename a connection; change its metadata, sync interval, sync blackouts, request cap or passthrough guard',
  }),
  reconnect: op('reconnect', { input: z.object({ id: ConnectionId, credentials: Credentials.optional() }).strict(), output: ConnectResult, summary: 'Verify new credentials, issue a new token, revoke the old one' }),
  credentialFields: op('credentialFields', {
    input: byId, output: z.object({ set_index: z.number().int(), values: z.record(z.string(), z.string()) }),
    summary: 'The stored non-secret credential fields (user, e-mail, …) and their credential set, to prefill the reconnect form; never a secret',
  }),
  activate: op('activate', { input: byId, output: Connection, summary: 'Activate an inactive connection (consumes its credits)' }),
  deactivate: op('deactivate', { input: byId, output: Connection, summary: 'Deactivate a connection (returns its credits)' }),
  disconnect: op('disconnect', { input: byId, output: z.object({ id: z.string(), credits_returned: z.number().int() }), summary: 'Disconnect: credits returned, token revoked, secrets and data deleted' }),
  revealToken: op('revealToken', { input: byId, output: TokenResult, summary: 'Reveal the connection API token' }),
  rotateToken: op('rotateToken', { input: byId, output: TokenResult, summary: 'Issue a new token; the old one stops working at once' }),
  pause: op('pause', { input: byId, output: Connection, summary: 'Pause scheduled syncs (reads and manual syncs go on)' }),
  resume: op('resume', { input: byId, output: Connection, summary: 'Resume scheduled syncs' }),
  syncNow: op('syncNow', { input: z.object({ id: ConnectionId }).merge(SyncRequest).strict(), output: SyncRun, summary: 'Start a sync now' }),
  listSyncs: op('listSyncs', { input: byId, output: list(SyncRun), summary: 'Sync history, newest first' }),
  listRecords: op('listRecords', {
    input: z.object({
      id: ConnectionId, entity: EntityNameSchema,
      limit: pageLimit(), cursor: z.string().max(100).optional(),
      search: z.string().max(200).optional(),
      // A boolean over IPC, a string in an admin HTTP query.
      include_deleted: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    }).strict(),
    output: z.object({ data: z.array(z.record(z.string(), z.unknown())), next_cursor: z.string().nullable() }),
    summary: 'Browse the synced records of a connection (what the unified API serves), with a text search',
  }),
  credits: op('credits', { input: none, output: Credits, summary: 'Credit pool, use and ledger' }),
  getSettings: op('getSettings', { input: none, output: Settings, summary: 'All settings' }),
  patchSettings: op('patchSettings', { input: SettingsPatch, output: Settings, summary: 'Change some settings' }),
  listWebhooks: op('listWebhooks', { input: none, output: list(WebhookEndpoint), summary: 'Webhook endpoints' }),
  createWebhook: op('createWebhook', { input: CreateWebhookInput, output: CreateWebhookResult, summary: 'Add a webhook endpoint; its signing secret is shown once' }),
  updateWebhook: op('updateWebhook', { input: UpdateWebhookInput.extend({ id: WebhookId }),
    output: WebhookEndpoint.extend({ secret: z.string().optional() }), summary: 'Change, enable/disable an endpoint, or rotate its secret (rotate_secret: true)',
  }),
  deleteWebhook: op('deleteWebhook', { input: z.object({ id: WebhookId }).strict(), output: z.object({ id: z.string() }), summary: 'Delete an endpoint, its flows and pending deliveries' }),
  testWebhook: op('testWebhook', { input: SendTestInput.extend({ id: WebhookId }), output: Delivery, summary: 'Send a test event of a type with a sample payload' }),
  listDeliveries: op('listDeliveries', { input: ListDeliveriesInput, output: list(Delivery), summary: 'Deliveries with their attempts, newest first' }),
  redeliver: op('redeliver', { input: z.object({ id: DeliveryId }).strict(), output: Delivery, summary: 'Deliver an event again (same webhook-id)' }),
  listFlows: op('listFlows', { input: none, output: list(Flow), summary: 'Flows (custom webhooks triggered by conditions)' }),
  createFlow: op('createFlow', { input: CreateFlowInput, output: Flow, summary: 'Add a flow; its conditions are checked on save' }),
  deleteFlow: op('deleteFlow', { input: z.object({ id: FlowId }).strict(), output: z.object({ id: z.string() }), summary: 'Delete a flow' }),
  listAudit: op('listAudit', { input: AuditQuery, output: AuditPage, summary: 'The audit log, newest first: writes, passthrough calls and admin actions' }),
  diagnose: op('diagnose', { input: byId, output: DiagnoseResult, summary: 'Check DNS, TCP, proxy, TLS, credentials and each entity of a connection, saying how to fix what fails' }),
  lastDiagnose: op('lastDiagnose', { input: byId, output: z.object({ result: DiagnoseResult.nullable() }), summary: 'The last diagnosis of a connection (manual, or run when it went offline)' }),
  supportBundle: op('supportBundle', { input: none, output: FileResult, summary: 'A zip for support: recent logs, settings, versions, connections, sync history, diagnoses; no secrets' }),
  backup: op('backup', { input: BackupInput, output: FileResult, summary: 'An encrypted backup (passphrase) of settings, connections with their secrets, webhooks and flows' }),
  restore: op('restore', { input: RestoreInput, output: RestoreResult, summary: 'Restore an encrypted backup; replacing existing connections needs force' }),
} as const;

export type AdminOperations = typeof adminOperations;
export type { AdminOperationName };
// Compile-time: the schemas cover exactly the routes.
const _sameOperations: [Exclude<AdminOperationName, keyof AdminOperations>, Exclude<keyof AdminOperations, AdminOperationName>] extends [never, never] ? true : never = true;
void _sameOperations;
export type AdminInput<K extends AdminOperationName> = z.input<AdminOperations[K]['input']>;
/** What an operation's handler receives: its input after the one parse at the admin edge. */
export type AdminParsedInput<K extends AdminOperationName> = z.output<AdminOperations[K]['input']>;
export type AdminOutput<K extends AdminOperationName> = z.infer<AdminOperations[K]['output']>;
/** The typed admin API every host exposes and every client (CLI, renderer) calls. */
export type AdminApi = { [K in AdminOperationName]: (input: AdminInput<K>) => Promise<AdminOutput<K>> };
