// Keeps the agent's events in SQLite (bounded), so the admin event stream can
// replay recent history and nothing that happened is only in memory.
import type { Db } from '../store/db.js';
import type { AnyAgentEvent, EventBus } from './bus.js';

const KEEP = 10_000;
/** Too chatty to keep: progress is live-only. */
const LIVE_ONLY = new Set(['sync.progress', 'credits.changed', 'delivery.attempted']);

export interface StoredEvent { id: string; at: string; type: string; connection_id: string | null; data: unknown }

export class EventLog {
  private writes = 0;
  constructor(private readonly db: Db) {}

  attach(bus: EventBus): () => void {
    return bus.subscribe((e) => { if (!LIVE_ONLY.has(e.type)) this.append(e); }, { durable: true });
  }

  append(e: AnyAgentEvent): StoredEvent {
    const row: StoredEvent = { id: e.id, at: e.at, type: e.type, connection_id: (e.data as { connection_id?: string }).connection_id ?? null, data: e.data };
    this.db.prepare('INSERT INTO events (id, at, type, connection_id, data) VALUES (?, ?, ?, ?, ?)').run(row.id, row.at, row.type, row.connection_id, JSON.stringify(row.data));
    if (++this.writes % 500 === 0) {
      this.db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at DESC LIMIT -1 OFFSET ?)').run(KEEP);
    }
    return row;
  }

  /** The newest stored event of a type for a connection, or null. */
  latest(type: string, connectionId: string): StoredEvent | null {
    const row = this.db.prepare('SELECT * FROM events WHERE connection_id = ? AND type = ? ORDER BY at DESC, rowid DESC LIMIT 1').get(connectionId, type) as (Omit<StoredEvent, 'data'> & { data: string }) | undefined;
    return row ? { ...row, data: JSON.parse(row.data) } : null;
  }

  recent(limit = 100, connectionId?: string): StoredEvent[] {
    const rows = (connectionId
      ? this.db.prepare('SELECT * FROM events WHERE connection_id = ? ORDER BY at DESC, rowid DESC LIMIT ?').all(connectionId, limit)
      : this.db.prepare('SELECT * FROM events ORDER BY at DESC, rowid DESC LIMIT ?').all(limit)) as (Omit<StoredEvent, 'data'> & { data: string })[];
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) }));
  }
}
