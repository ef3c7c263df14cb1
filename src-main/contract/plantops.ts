// Contract types of the plant-operations admin operations: diagnose, the
// support bundle, backup and restore. Files cross every transport as
// `FileResult` (bytes plus a name and a media type); the admin HTTP API sends
// them as raw bytes, IPC as a Uint8Array (see src-main/admin/http.ts and client.ts).
import { z } from 'zod';
import { MIN_PASSPHRASE_LENGTH } from './passphrase.js';

export const DiagnoseCheck = z.object({
  /** `dns`, `tcp`, `proxy`, `tls`, `auth`, `entity:<entity>`. */
  name: z.string(),
  ok: z.boolean(),
  duration_ms: z.number().int().nonnegative(),
  /** Plain words: what was found and, when not ok, what to do about it. */
  detail: z.string(),
  /** Not run because an earlier check failed (ok is then false). */
  skipped: z.boolean().optional(),
});
export type DiagnoseCheck = z.infer<typeof DiagnoseCheck>;

export const DiagnoseResult = z.object({
  connection_id: z.string(),
  at: z.string(),
  /** `manual` (admin, CLI) or `offline` (run when the connection went offline). */
  trigger: z.enum(['manual', 'offline']),
  ok: z.boolean(),
  checks: z.array(DiagnoseCheck),
});
export type DiagnoseResult = z.infer<typeof DiagnoseResult>;

/** A file as an admin operation returns it. */
export const FileResult = z.object({
  filename: z.string(),
  content_type: z.string(),
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes'),
});
export type FileResult = z.infer<typeof FileResult>;

/** Booleans arrive as JSON (IPC, bodies) or as query strings (admin HTTP). */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const Passphrase = z.string().min(MIN_PASSPHRASE_LENGTH, `at least ${MIN_PASSPHRASE_LENGTH} characters`).max(1024);

export const BackupInput = z.object({ passphrase: Passphrase }).strict();

export const RestoreInput = z.object({
  file: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'the backup file\'s bytes'),
  passphrase: z.string().min(1, 'the passphrase the backup was made with').max(1024),
  force: flag.optional(),
}).strict();

export const RestoreResult = z.object({
  restored: z.object({ connections: z.number().int(), webhooks: z.number().int(), flows: z.number().int(), settings: z.number().int() }),
  /** What was replaced (restore with force). */
  replaced: z.object({ connections: z.number().int(), webhooks: z.number().int(), flows: z.number().int() }),
  backup: z.object({ created_at: z.string(), app_version: z.string() }),
  /** Things the admin should know: connections left inactive for lack of credits, tokens reissued. */
  warnings: z.array(z.string()),
});
export type RestoreResult = z.infer<typeof RestoreResult>;
