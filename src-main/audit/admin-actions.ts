// What the audit log says about an admin action. Each audited operation's
// detail is built from its *parsed* input and its result, field by field, never
// by dumping them: a credential, passphrase, token, secret or file never
// reaches an entry (a file is described by its size and SHA-256). A refused
// call is described by its error code and field only: error messages may quote
// what a system echoed back.
import { adminRoutes, isAudited, type AdminOperationName } from '../contract/admin-routes.js';
import type { AdminOutput, AdminParsedInput } from '../contract/admin.js';
import { MillwrightError } from '../contract/errors.js';
import { bodyDigest } from './log.js';

type Describe<K extends AdminOperationName> = (input: AdminParsedInput<K>, result: AdminOutput<K> | undefined) => string;

/** A URL as the audit shows it: scheme, host and path; no user info, query or fragment (a token may hide there). */
export function safeUrl(raw: string | null | undefined): string {
  if (!raw) return '';
  try { const u = new URL(raw); return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`; } catch { return '(not a URL)'; }
}
const list = (v: readonly string[] | 'all' | undefined) => (v === undefined ? undefined : v === 'all' ? 'all' : v.join(','));
const parts = (...p: (string | false | undefined | null)[]) => p.filter(Boolean).join('; ');
const fileBytes = (f: { data: Uint8Array } | undefined) => (f ? bodyDigest(Buffer.from(f.data)) : '');

const describers: { [K in AdminOperationName]?: Describe<K> } = {
  connect: (i, r) => parts(`${i.system}${i.deployment ? ` ${i.deployment}` : ''} "${i.name}"`, i.base_url ? safeUrl(i.base_url) : undefined,
    i.credentials && `credential fields: ${Object.keys(i.credentials).sort().join(',') || 'none'}`,
    r && `→ ${r.connection.id} ${r.connection.status}${r.credits_missing ? ` (${r.credits_missing} credits missing)` : ''}`),
  testConnection: (i) => parts(`${i.system} "${i.name}"`, i.base_url ? safeUrl(i.base_url) : undefined),
  updateConnection: (i) => {
    const { id: _id, user_metadata, name, ...options } = i;
    return parts(name !== undefined && `name "${name}"`, user_metadata && `user_metadata keys: ${Object.keys(user_metadata).sort().join(',') || 'none'}`,
      ...Object.entries(options).map(([k, v]) => `${k}=${JSON.stringify(v)}`)) || 'no change';
  },
  reconnect: (i, r) => parts(i.credentials ? `credential fields: ${Object.keys(i.credentials).sort().join(',')}` : 'stored credentials', r && 'new token issued, the old one revoked'),
  activate: (_i, r) => (r ? `now ${r.status}` : ''),
  deactivate: (_i, r) => (r ? `now ${r.status}` : ''),
  disconnect: (_i, r) => (r ? `${r.credits_returned} credits returned` : ''),
  revealToken: () => 'token revealed',
  rotateToken: (_i, r) => (r ? 'new token issued, the old one revoked' : ''),
  pause: () => 'scheduled syncs paused',
  resume: () => 'scheduled syncs resumed',
  syncNow: (i, r) => parts(i.full ? 'full' : 'incremental', r && `${r.id} ${r.status}`),
  patchSettings: (i) => Object.entries(i).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('; '),
  createWebhook: (i, r) => parts(safeUrl(i.url), `events: ${list(i.event_types) ?? 'all'}`, `connections: ${list(i.connection_ids) ?? 'all'}`,
    `entities: ${list(i.entities) ?? 'all'}`, r && `→ ${r.id}`),
  updateWebhook: (i) => {
    const { id: _id, rotate_secret, url, description, ...rest } = i;
    return parts(url !== undefined && `url ${safeUrl(url)}`, description !== undefined && 'description',
      ...Object.entries(rest).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`), rotate_secret && 'secret rotated') || 'no change';
  },
  deleteWebhook: () => 'deleted with its flows and pending deliveries',
  testWebhook: (i, r) => parts(`test ${i.type}`, r && `→ ${r.id}`),
  redeliver: (_i, r) => (r ? `→ ${r.id} (event ${r.event_id})` : ''),
  createFlow: (i, r) => parts(`${i.connection_id} ${i.entity} ${i.trigger}, ${i.conditions.length} condition(s) → ${i.webhook_id}`, r && `→ ${r.id}`),
  deleteFlow: () => 'deleted',
  diagnose: (_i, r) => (r ? `${r.checks.filter((c) => !c.ok && !c.skipped).length} of ${r.checks.length} checks failed` : ''),
  supportBundle: (_i, r) => fileBytes(r),
  backup: (_i, r) => parts('passphrase given', r && `file ${fileBytes(r)}`),
  restore: (i, r) => parts(`file ${bodyDigest(Buffer.from(i.file))}`, i.force && 'force',
    r && `restored ${r.restored.connections} connections, ${r.restored.webhooks} webhooks, ${r.restored.flows} flows; replaced ${r.replaced.connections} connections`),
};

/** The path an admin call names, with its path parameters filled in (the same for IPC as for HTTP). */
export function adminPath(name: AdminOperationName, raw: unknown): string {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return adminRoutes[name].path.replace(/:(\w+)/g, (_m, key: string) => encodeURIComponent(String(input[key] ?? `:${key}`).slice(0, 100)));
}

export interface AdminCallOutcome { name: AdminOperationName; raw: unknown; parsed: unknown; result?: unknown; error?: unknown; durationMs: number }

/** The audit entry of an admin call, or null for an operation that is not audited. */
export function adminAuditEntry(o: AdminCallOutcome) {
  const route = adminRoutes[o.name];
  if (!isAudited(route)) return null;
  const input = (o.raw && typeof o.raw === 'object' ? o.raw : {}) as Record<string, unknown>;
  const error = o.error === undefined ? null : o.error instanceof MillwrightError ? o.error : new MillwrightError('internal_error', 'internal error');
  let detail: string;
  if (error) {
    const field = typeof error.details.field === 'string' ? ` (${error.details.field})` : '';
    detail = `refused: ${error.code}${field}`;
  } else {
    detail = (describers[o.name] as Describe<AdminOperationName> | undefined)?.(o.parsed as never, o.result as never) ?? '';
  }
  const connection = o.name === 'connect' && !error ? (o.result as AdminOutput<'connect'>).connection.id
    : typeof input.id === 'string' && input.id.startsWith('con_') ? input.id
    : typeof input.connection_id === 'string' ? input.connection_id : null;
  return {
    actor: 'admin', kind: 'admin' as const, connection_id: connection, method: route.method, path: adminPath(o.name, o.raw),
    status: error ? error.status : ('status' in route ? route.status : 200), duration_ms: o.durationMs, detail,
  };
}
