import { z } from 'zod';
import { EntityNameSchema } from './unified.js';

export const SyncMode = z.enum(['initial', 'incremental', 'full']);
export const EntityCounts = z.object({ created: z.number().int(), updated: z.number().int(), deleted: z.number().int(), failed: z.number().int() });
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
});
export type SyncRun = z.infer<typeof SyncRun>;
export type EntityCounts = z.infer<typeof EntityCounts>;
export const SyncRequest = z.object({ full: z.boolean().optional() });
