// Per connection and entity: whether the entity is offered to the user (the
// system's reason and what to ask its admin when not), when that was checked,
// and how its last listing went. Written by connect (the first check) and by
// every sync; read by the unified API (409 entity_unavailable), the
// connection's shape and the sync status.
import { statementCache, type Db } from '../store/db.js';
import type { EntityAvailability } from '../contract/connections.js';
import type { EntitySyncStatus } from '../contract/sync.js';
import type { EntityName } from '../contract/unified.js';

interface Row {
  connection_id: string;
  entity: EntityName;
  available: number;
  reason: string | null;
  action: string | null;
  checked_at: string;
  sync_status: EntitySyncStatus['status'] | null;
  last_error: string | null;
}

export interface Availability { available: boolean; reason: string | null; action: string | null }

const toAvailability = (r: Row): EntityAvailability => ({ available: r.available === 1, reason: r.reason, action: r.action, checked_at: r.checked_at });

export class EntityStatusRepository {
  /** Prepared once: get() runs on every unified API read, and preparing costs more than the lookup. */
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  /** An availability check's outcome. An entity found unavailable is so for the sync status too. */
  checked(connectionId: string, entity: EntityName, a: Availability, at: string): void {
    this.db.prepare(`INSERT INTO entity_status (connection_id, entity, available, reason, action, checked_at, sync_status)
      VALUES (@connection_id, @entity, @available, @reason, @action, @at, CASE WHEN @available = 1 THEN NULL ELSE 'unavailable' END)
      ON CONFLICT(connection_id, entity) DO UPDATE SET available = excluded.available, reason = excluded.reason, action = excluded.action,
        checked_at = excluded.checked_at, sync_status = CASE WHEN excluded.available = 1 THEN
          (CASE WHEN entity_status.sync_status = 'unavailable' THEN NULL ELSE entity_status.sync_status END) ELSE 'unavailable' END`)
      .run({ connection_id: connectionId, entity, available: a.available ? 1 : 0, reason: a.reason, action: a.action, at });
  }

  /** A listing of the entity completed: it is available and synced. */
  synced(connectionId: string, entity: EntityName, at: string): void {
    this.checked(connectionId, entity, { available: true, reason: null, action: null }, at);
    this.db.prepare("UPDATE entity_status SET sync_status = 'synced', last_error = NULL WHERE connection_id = ? AND entity = ?").run(connectionId, entity);
  }

  /** A listing of the entity failed (not for want of availability). */
  failed(connectionId: string, entity: EntityName, error: { code: string; message: string }, at: string): void {
    this.db.prepare(`INSERT INTO entity_status (connection_id, entity, available, checked_at, sync_status, last_error) VALUES (?, ?, 1, ?, 'failed', ?)
      ON CONFLICT(connection_id, entity) DO UPDATE SET sync_status = 'failed', last_error = excluded.last_error`).run(connectionId, entity, at, JSON.stringify(error));
  }

  get(connectionId: string, entity: EntityName): (Availability & { checked_at: string }) | undefined {
    const r = this.sql('SELECT * FROM entity_status WHERE connection_id = ? AND entity = ?').get(connectionId, entity) as Row | undefined;
    return r ? toAvailability(r) : undefined;
  }

  /** Every entity's availability, as the connection shows it. */
  availability(connectionId: string): Partial<Record<EntityName, EntityAvailability>> {
    return Object.fromEntries(this.rows(connectionId).map((r) => [r.entity, toAvailability(r)]));
  }

  /**
   * Every connection's availability by connection id, in one query: the
   * connections list would otherwise run a query per connection (5,000 of them
   * in the UI bench). A connection with no checked entity is absent.
   */
  availabilityByConnection(): Map<string, Partial<Record<EntityName, EntityAvailability>>> {
    const byConnection = new Map<string, Partial<Record<EntityName, EntityAvailability>>>();
    for (const r of this.sql('SELECT * FROM entity_status ORDER BY connection_id, entity').all() as Row[]) {
      let entities = byConnection.get(r.connection_id);
      if (!entities) byConnection.set(r.connection_id, entities = {});
      entities[r.entity] = toAvailability(r);
    }
    return byConnection;
  }

  /** Every listed entity's sync status, with its stored record count. */
  syncStatus(connectionId: string, counts: Record<string, number>): Partial<Record<EntityName, EntitySyncStatus>> {
    return Object.fromEntries(this.rows(connectionId).filter((r) => r.sync_status !== null).map((r) => [r.entity, {
      status: r.sync_status!, count: counts[r.entity] ?? 0, last_error: r.last_error ? JSON.parse(r.last_error) as { code: string; message: string } : null,
    }]));
  }

  deleteConnection(connectionId: string): void {
    this.db.prepare('DELETE FROM entity_status WHERE connection_id = ?').run(connectionId);
  }

  private rows(connectionId: string): Row[] {
    return this.db.prepare('SELECT * FROM entity_status WHERE connection_id = ? ORDER BY entity').all(connectionId) as Row[];
  }
}
