// The events feed (GET /v1/events) for integrators that cannot receive
// webhooks: every webhook event of a connection, with the same id and body its
// deliveries carry, kept 30 days. Rows are appended by the webhook service in
// the transaction of the change they report, so the feed and the outbox agree.
//
// Paging has no gap and no duplicate while events are being written: `seq` is
// an AUTOINCREMENT key, SQLite lets one writer in at a time, and a reader sees
// whole committed transactions, so the rows it sees are always every row up to
// some seq. A cursor is the last seq a client has seen.
import type { Db } from '../store/db.js';
import { fail } from '../contract/errors.js';

export const FEED_RETENTION_MS = 30 * 24 * 3600_000;

export interface FeedQuery { after?: string; limit: number; types?: readonly string[] }
export interface FeedPage { json: string }

const encodeCursor = (seq: number) => Buffer.from(`f${seq}`).toString('base64url');

export class EventFeed {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare('INSERT INTO event_feed (id, connection_id, type, created_at, body) VALUES (?, ?, ?, ?, ?)'),
      seqOf: db.prepare('SELECT seq FROM event_feed WHERE id = ? AND connection_id = ?').pluck(),
      last: db.prepare('SELECT max(seq) FROM event_feed WHERE connection_id = ?').pluck(),
    };
  }

  /** Inside the transaction of the change the event reports. */
  append(id: string, connectionId: string, type: string, createdAtMs: number, body: string): void {
    this.q.insert.run(id, connectionId, type, createdAtMs, body);
  }

  /**
   * One page of a connection's events after a cursor (or an event id), oldest
   * first, as the JSON text of the answer (the stored bodies are spliced in as
   * they are). `next_cursor` is always given: pass it back to continue, now or
   * later; `has_more` says whether more events are already waiting.
   */
  pageJson(connectionId: string, q: FeedQuery): string {
    // One read transaction: the page and the newest seq come from the same snapshot. Two
    // statements outside it could each see a different one, and a writer committing between
    // them would let next_cursor jump past events this page never saw.
    return this.db.transaction(() => this.readPage(connectionId, q))();
  }

  private readPage(connectionId: string, q: FeedQuery): string {
    const after = q.after === undefined ? 0 : this.position(connectionId, q.after);
    const types = q.types?.length ? q.types : null;
    const rows = this.db.prepare(`SELECT seq, body FROM event_feed WHERE connection_id = ? AND seq > ?
      ${types ? `AND type IN (${types.map(() => '?').join(',')})` : ''} ORDER BY seq LIMIT ?`)
      .all(connectionId, after, ...(types ?? []), q.limit + 1) as { seq: number; body: string }[];
    const hasMore = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    // A page that is not full has seen everything up to now: continue after the newest event,
    // so a filtered feed does not scan the same unmatched events again.
    const next = hasMore ? page[page.length - 1].seq : Math.max(page.at(-1)?.seq ?? 0, after, (this.q.last.get(connectionId) as number | null) ?? 0);
    return `{"data":[${page.map((r) => r.body).join(',')}],"next_cursor":${JSON.stringify(encodeCursor(next))},"has_more":${hasMore}}`;
  }

  /** Removes what is older than the retention; returns how many. */
  prune(nowMs: number): number {
    return this.db.prepare('DELETE FROM event_feed WHERE created_at < ?').run(nowMs - FEED_RETENTION_MS).changes;
  }

  deleteConnection(connectionId: string): void {
    this.db.prepare('DELETE FROM event_feed WHERE connection_id = ?').run(connectionId);
  }

  private position(connectionId: string, after: string): number {
    if (/^evt_[0-9A-Za-z]{1,64}$/.test(after)) {
      const seq = this.q.seqOf.get(after, connectionId) as number | undefined;
      if (seq === undefined) throw fail('invalid_request', `after: no event ${after} in this connection's feed (events are kept 30 days); pass next_cursor as given.`, { field: 'after' });
      return seq;
    }
    const m = /^f(\d{1,15})$/.exec(Buffer.from(after, 'base64url').toString());
    if (!m) throw fail('invalid_request', 'after is not a cursor this API issued nor an event id; pass next_cursor as given.', { field: 'after' });
    return Number(m[1]);
  }
}
