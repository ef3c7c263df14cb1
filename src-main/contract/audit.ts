// The audit log's shapes: one entry per write through the unified API,
// passthrough call or admin action, and the admin query over them.
import { z } from 'zod';
import { ConnectionId } from './connections.js';
import { pageLimit } from './unified.js';

export const AUDIT_KINDS = ['write', 'passthrough', 'admin'] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  /** `admin`, or the id of the connection whose token made the call (never the token). */
  actor: z.string(),
  kind: AuditKind,
  connection_id: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  /** The HTTP status of the answer (the same for IPC calls: what the admin API would have answered). */
  status: z.number().int(),
  duration_ms: z.number().int(),
  /** A short description; never a secret nor a body (sizes and SHA-256 digests at most). */
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  connection_id: ConnectionId.optional(),
  kind: AuditKind.optional(),
  limit: pageLimit(),
  /** next_cursor of the previous page: older entries. */
  cursor: z.string().regex(/^\d{1,15}$/, 'pass next_cursor as given').optional(),
}).strict();
export type AuditQuery = z.output<typeof AuditQuery>;

export const AuditPage = z.object({ data: z.array(AuditEntry), next_cursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
