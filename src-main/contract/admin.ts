// The admin operations, defined once. This table drives the admin HTTP routes,
// the CLI's client, the desktop IPC handlers and the preload bridge, so the four
// cannot drift apart. Inputs are the merged path params, query and body.
import { z } from 'zod';
import { System } from './systems.js';
import { Connection, ConnectInput, ConnectResult, ConnectionId, Credentials, TokenResult, UserMetadata } from './connections.js';
import { Credits } from './credits.js';
import { Settings, SettingsPatch } from './settings.js';
import { SyncRun, SyncRequest } from './sync.js';

const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
const byId = z.object({ id: ConnectionId }).strict();
const none = z.object({}).strict();

export interface AdminOperation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  input: I;
  output: O;
  /** HTTP status of a success (200 unless said). */
  status?: number;
  summary: string;
}
const op = <I extends z.ZodType, O extends z.ZodType>(o: AdminOperation<I, O>) => o;

export const adminOperations = {
  listSystems: op({ method: 'GET', path: '/admin/v1/systems', input: none, output: list(System), summary: 'The systems catalog with tiers and credit costs' }),
  listConnections: op({ method: 'GET', path: '/admin/v1/connections', input: none, output: list(Connection), summary: 'Every connection' }),
  getConnection: op({ method: 'GET', path: '/admin/v1/connections/:id', input: byId, output: Connection, summary: 'One connection' }),
  connect: op({ method: 'POST', path: '/admin/v1/connections', input: ConnectInput, output: ConnectResult, status: 201, summary: 'Verify credentials and connect a system' }),
  testConnection: op({ method: 'POST', path: '/admin/v1/connections/test', input: ConnectInput, output: z.object({ ok: z.literal(true) }), summary: 'Verify credentials without saving anything' }),
  updateConnection: op({
    method: 'PATCH', path: '/admin/v1/connections/:id',
    input: z.object({ id: ConnectionId, name: z.string().trim().min(1).max(200).optional(), user_metadata: UserMetadata.optional(),
      sync_interval_minutes: z.number().int().min(15).max(1440).optional() }).strict(),
    output: Connection, summary: 'Rename a connection, change its metadata or sync interval',
  }),
  reconnect: op({ method: 'POST', path: '/admin/v1/connections/:id/reconnect', input: z.object({ id: ConnectionId, credentials: Credentials.optional() }).strict(), output: ConnectResult, summary: 'Verify new credentials, issue a new token, revoke the old one' }),
  activate: op({ method: 'POST', path: '/admin/v1/connections/:id/activate', input: byId, output: Connection, summary: 'Activate an inactive connection (consumes its credits)' }),
  deactivate: op({ method: 'POST', path: '/admin/v1/connections/:id/deactivate', input: byId, output: Connection, summary: 'Deactivate a connection (returns its credits)' }),
  disconnect: op({ method: 'DELETE', path: '/admin/v1/connections/:id', input: byId, output: z.object({ id: z.string(), credits_returned: z.number().int() }), summary: 'Disconnect: credits returned, token revoked, secrets and data deleted' }),
  revealToken: op({ method: 'GET', path: '/admin/v1/connections/:id/token', input: byId, output: TokenResult, summary: 'Reveal the connection API token' }),
  rotateToken: op({ method: 'POST', path: '/admin/v1/connections/:id/token/rotate', input: byId, output: TokenResult, summary: 'Issue a new token; the old one stops working at once' }),
  syncNow: op({ method: 'POST', path: '/admin/v1/connections/:id/sync', input: z.object({ id: ConnectionId }).merge(SyncRequest).strict(), output: SyncRun, status: 202, summary: 'Start a sync now' }),
  listSyncs: op({ method: 'GET', path: '/admin/v1/connections/:id/syncs', input: byId, output: list(SyncRun), summary: 'Sync history, newest first' }),
  credits: op({ method: 'GET', path: '/admin/v1/credits', input: none, output: Credits, summary: 'Credit pool, use and ledger' }),
  getSettings: op({ method: 'GET', path: '/admin/v1/settings', input: none, output: Settings, summary: 'All settings' }),
  patchSettings: op({ method: 'PATCH', path: '/admin/v1/settings', input: SettingsPatch, output: Settings, summary: 'Change some settings' }),
} as const;

export type AdminOperations = typeof adminOperations;
export type AdminOperationName = keyof AdminOperations;
export type AdminInput<K extends AdminOperationName> = z.input<AdminOperations[K]['input']>;
export type AdminOutput<K extends AdminOperationName> = z.infer<AdminOperations[K]['output']>;
/** The typed admin API every host exposes and every client (CLI, renderer) calls. */
export type AdminApi = { [K in AdminOperationName]: (input: AdminInput<K>) => Promise<AdminOutput<K>> };
