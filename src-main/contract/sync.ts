import { z } from 'zod';
import { EntityNameSchema } from './unified.js';

export const SyncMode = z.enum(['initial', 'incremental', 'full']);
export const EntityCounts = z.object({ created: z.number().int(), updated: z.number().int(), deleted: z.number().int(), failed: z.number().int() });
/** Something a sync could not do that did not stop it: an unavailable entity, one that failed. */
export const SyncWarning = z.object({ entity: EntityNameSchema.nullable(), code: z.string(), message: z.string() });
export type SyncWarning = z.infer<typeof SyncWarning>;

/** One entity's sync state: synced (its last listing completed), unavailable, or failed (its last listing failed). */
export const EntitySyncStatus = z.object({
  status: z.enum(['synced', 'unavailable', 'failed']),
  count: z.number().int(),
  last_error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type EntitySyncStatus = z.infer<typeof EntitySyncStatus>;

export const SyncRun = z.object({
  id: z.string(),
  connection_id: z.string(),
  mode: SyncMode,
  /** `queued`: a full sync asked for while another ran; it starts right after that one. */
  status: z.enum(['queued', 'in_progress', 'completed', 'failed']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  counts: z.partialRecord(EntityNameSchema, EntityCounts),
  progress: z.object({ entity: EntityNameSchema.nullable(), records: z.number().int() }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  warnings: z.array(SyncWarning),
});
export type SyncRun = z.infer<typeof SyncRun>;
export type EntityCounts = z.infer<typeof EntityCounts>;
export const SyncRequest = z.object({ full: z.boolean().optional() });
