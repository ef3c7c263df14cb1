// SQL for sync runs and per-entity sync state.
import type { Db } from '../store/db.js';
import type { SyncRun } from '../contract/sync.js';

export interface SyncStateRow {
  connection_id: string;
  entity: string;
  since: string | null;
  listing_id: string | null;
  listing_since: string | null;
  cursor: string | null;
  high_water: string | null;
  /** When a listing of this entity last completed; null until its first (the initial load) has. */
  completed_at: string | null;
}

interface RunRow { id: string; connection_id: string; mode: string; status: string; started_at: string; finished_at: string | null; counts: string; progress: string; error: string | null; warnings: string }

const toRun = (r: RunRow): SyncRun => ({
  id: r.id, connection_id: r.connection_id, mode: r.mode as SyncRun['mode'], status: r.status as SyncRun['status'],
  started_at: r.started_at, finished_at: r.finished_at, counts: JSON.parse(r.counts), progress: JSON.parse(r.progress),
  error: r.error ? JSON.parse(r.error) : null, warnings: JSON.parse(r.warnings),
});

export class SyncRepository {
  constructor(private readonly db: Db) {}

  state(connectionId: string, entity: string): SyncStateRow | undefined {
    return this.db.prepare('SELECT * FROM sync_state WHERE connection_id = ? AND entity = ?').get(connectionId, entity) as SyncStateRow | undefined;
  }

  /** Forgets where an entity's sync stands: its next listing starts from scratch. */
  deleteState(connectionId: string, entity: string): void {
    this.db.prepare('DELETE FROM sync_state WHERE connection_id = ? AND entity = ?').run(connectionId, entity);
  }

  hasAnyState(connectionId: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM sync_state WHERE connection_id = ? LIMIT 1').get(connectionId));
  }

  putState(s: SyncStateRow): void {
    this.db.prepare(`INSERT INTO sync_state (connection_id, entity, since, listing_id, listing_since, cursor, high_water, completed_at)
      VALUES (@connection_id, @entity, @since, @listing_id, @listing_since, @cursor, @high_water, @completed_at)
      ON CONFLICT(connection_id, entity) DO UPDATE SET since = excluded.since, listing_id = excluded.listing_id,
      listing_since = excluded.listing_since, cursor = excluded.cursor, high_water = excluded.high_water, completed_at = excluded.completed_at`).run(s);
  }

  /** Whether an entity's first listing (its initial load) has completed: record events are sent from then on. */
  firstListingDone(connectionId: string, entity: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM sync_state WHERE connection_id = ? AND entity = ? AND completed_at IS NOT NULL').get(connectionId, entity));
  }

  insertRun(run: SyncRun): void {
    this.db.prepare(`INSERT INTO sync_runs (id, connection_id, mode, status, started_at, finished_at, counts, progress, error, warnings)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(run.id, run.connection_id, run.mode, run.status, run.started_at, run.finished_at,
      JSON.stringify(run.counts), JSON.stringify(run.progress), run.error ? JSON.stringify(run.error) : null, JSON.stringify(run.warnings));
  }

  updateRun(run: SyncRun): void {
    this.db.prepare('UPDATE sync_runs SET mode = ?, status = ?, finished_at = ?, counts = ?, progress = ?, error = ?, warnings = ? WHERE id = ?')
      .run(run.mode, run.status, run.finished_at, JSON.stringify(run.counts), JSON.stringify(run.progress), run.error ? JSON.stringify(run.error) : null, JSON.stringify(run.warnings), run.id);
  }

  runs(connectionId: string, limit = 50): SyncRun[] {
    return (this.db.prepare('SELECT * FROM sync_runs WHERE connection_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(connectionId, limit) as RunRow[]).map(toRun);
  }

  lastRun(connectionId: string, status?: string): SyncRun | null {
    const row = (status
      ? this.db.prepare('SELECT * FROM sync_runs WHERE connection_id = ? AND status = ? ORDER BY started_at DESC, rowid DESC LIMIT 1').get(connectionId, status)
      : this.db.prepare('SELECT * FROM sync_runs WHERE connection_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1').get(connectionId)) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  /** When the last completed initial or full run finished. */
  lastFullListing(connectionId: string): string | null {
    return (this.db.prepare("SELECT max(finished_at) FROM sync_runs WHERE connection_id = ? AND status = 'completed' AND mode IN ('initial','full')").pluck().get(connectionId) as string | null) ?? null;
  }

  /** Runs left in_progress by a crash: mark them failed (the next run resumes their checkpoints). */
  failInterrupted(at: string): string[] {
    const ids = this.db.prepare("SELECT connection_id FROM sync_runs WHERE status = 'in_progress'").pluck().all() as string[];
    this.db.prepare(`UPDATE sync_runs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'in_progress'`)
      .run(at, JSON.stringify({ code: 'interrupted', message: 'The agent stopped during this sync; the next sync resumes from its last checkpoint.' }));
    return [...new Set(ids)];
  }

  deleteConnection(connectionId: string): void {
    this.db.prepare('DELETE FROM sync_state WHERE connection_id = ?').run(connectionId);
    this.db.prepare('DELETE FROM sync_runs WHERE connection_id = ?').run(connectionId);
  }
}
