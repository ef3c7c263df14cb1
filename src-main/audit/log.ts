// audit/ owns the audit log: an append-only SQLite table (triggers refuse
// UPDATE and DELETE) with one entry per write through the unified API,
// passthrough call and admin action, refused ones included. Entries never hold
// a secret nor a body: callers describe bodies with `bodyDigest` (size and
// SHA-256), and every text is cut to a bounded length here.
import crypto from 'node:crypto';
import type { Db } from '../store/db.js';
import type { AuditEntry, AuditKind, AuditPage, AuditQuery } from '../contract/audit.js';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

const MAX_PATH = 300;
const MAX_DETAIL = 500;

/** Control characters out, length bounded: an entry is one line in a table whatever the caller sent. */
export function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** How an audit entry describes a body: its size and SHA-256, never its content. */
export function bodyDigest(body: Buffer | string | null | undefined): string {
  if (body === null || body === undefined) return 'no body';
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return `${bytes.length} B sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
}

interface Row extends Omit<AuditEntry, 'kind'> { kind: AuditKind }

export class AuditLog {
  private readonly insert;
  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, actor, kind, connection_id, method, path, status, duration_ms, detail)
      VALUES (@at, @actor, @kind, @connection_id, @method, @path, @status, @duration_ms, @detail)`);
  }

  append(e: NewAuditEntry): void {
    this.insert.run({
      at: e.at ?? this.now().toISOString(), actor: clip(e.actor, 100), kind: e.kind, connection_id: e.connection_id ? clip(e.connection_id, 100) : null,
      method: clip(e.method, 10), path: clip(e.path, MAX_PATH), status: e.status, duration_ms: Math.max(0, Math.round(e.duration_ms)), detail: clip(e.detail, MAX_DETAIL),
    });
  }

  /** Newest first; `cursor` (a previous page's next_cursor) continues with older entries. */
  list(q: AuditQuery): AuditPage {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit + 1 };
    if (q.connection_id) { where.push('connection_id = @connection_id'); args.connection_id = q.connection_id; }
    if (q.kind) { where.push('kind = @kind'); args.kind = q.kind; }
    if (q.cursor) { where.push('id < @before'); args.before = Number(q.cursor); }
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`).all(args) as Row[];
    const data = rows.slice(0, q.limit);
    return { data, next_cursor: rows.length > q.limit ? String(data[data.length - 1].id) : null };
  }
}
