// SQL for connections. Rows never hold secrets: credentials and the token live in
// the vault; the row keeps the token's SHA-256 for lookups.
import { statementCache, type Db } from '../store/db.js';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_PASSTHROUGH, type Connection, type ConnectionSummary, type ConnectionHealth, type ConnectionStatus, type EntityAvailability, type PassthroughMode, type SyncBlackout } from '../contract/connections.js';
import type { EntityName } from '../contract/unified.js';
import type { Deployment } from '../contract/systems.js';

export interface StoredOptions {
  sync_interval_minutes: number;
  history_days: number;
  allow_insecure?: boolean;
  proxy_url?: string;
  /** The private CA PEM is public material (a certificate, not a key), so it may live here. */
  ca_cert?: string;
  passthrough?: PassthroughMode;
  max_concurrent_requests?: number;
  sync_blackouts?: SyncBlackout[];
  /** The system's own declared options (sap_client…), by key. */
  [systemOption: string]: unknown;
}

/** A connection's stored options with the defaults of those it may leave out. */
export function effectiveOptions(o: StoredOptions): StoredOptions & Required<Pick<StoredOptions, 'passthrough' | 'max_concurrent_requests' | 'sync_blackouts'>> {
  return {
    ...o,
    passthrough: o.passthrough ?? DEFAULT_PASSTHROUGH,
    max_concurrent_requests: o.max_concurrent_requests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    sync_blackouts: o.sync_blackouts ?? [],
  };
}

export interface ConnectionRow {
  id: string;
  name: string;
  system: string;
  deployment: Deployment;
  base_url: string | null;
  credits: number;
  status: ConnectionStatus;
  health: ConnectionHealth;
  status_reason: string | null;
  status_changed_at: string | null;
  created_at: string;
  last_sync_at: string | null;
  user_metadata: string;
  options: string;
  token_hash: string;
  paused: number;
}

export function toConnection(row: ConnectionRow, entities: Partial<Record<EntityName, EntityAvailability>>): Connection {
  const { ca_cert, ...rest } = effectiveOptions(JSON.parse(row.options) as StoredOptions);
  return {
    ...toConnectionSummary(row),
    base_url: row.base_url,
    user_metadata: JSON.parse(row.user_metadata),
    status_reason: row.status_reason,
    options: { ...rest, has_ca_cert: Boolean(ca_cert) },
    entities,
  };
}

/** The columns a connection summary is made of. */
export type ConnectionSummaryRow = Pick<ConnectionRow, 'id' | 'name' | 'system' | 'deployment' | 'credits' | 'status' | 'health' | 'paused'
  | 'created_at' | 'last_sync_at' | 'status_changed_at'>;

export function toConnectionSummary(row: ConnectionSummaryRow): ConnectionSummary {
  return {
    id: row.id,
    name: row.name,
    system: row.system,
    deployment: row.deployment,
    credits: row.credits,
    status: row.status,
    health: row.health,
    paused: row.paused === 1,
    created_at: row.created_at,
    last_sync_at: row.last_sync_at,
    status_changed_at: row.status_changed_at,
  };
}

export class ConnectionRepository {
  /** For the lookups every API request makes (its token, its connection). */
  private readonly sql: ReturnType<typeof statementCache>;
  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  get(id: string): ConnectionRow | undefined {
    return this.sql('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
  }

  byTokenHash(hash: string): ConnectionRow | undefined {
    return this.sql('SELECT * FROM connections WHERE token_hash = ?').get(hash) as ConnectionRow | undefined;
  }

  list(): ConnectionRow[] {
    return this.db.prepare('SELECT * FROM connections ORDER BY created_at, id').all() as ConnectionRow[];
  }

  /** Only the summary's columns, in list()'s order (options and metadata are the bulk of a row). */
  summaryRows(): ConnectionSummaryRow[] {
    return this.sql(`SELECT id, name, system, deployment, credits, status, health, paused, created_at, last_sync_at, status_changed_at
      FROM connections ORDER BY created_at, id`).all() as ConnectionSummaryRow[];
  }

  ids(): Set<string> {
    return new Set((this.db.prepare('SELECT id FROM connections').pluck().all() as string[]));
  }

  insert(row: ConnectionRow): void {
    this.db.prepare(`INSERT INTO connections (id, name, system, deployment, base_url, credits, status, health, status_reason,
      status_changed_at, created_at, last_sync_at, user_metadata, options, token_hash, paused)
      VALUES (@id, @name, @system, @deployment, @base_url, @credits, @status, @health, @status_reason,
      @status_changed_at, @created_at, @last_sync_at, @user_metadata, @options, @token_hash, @paused)`).run(row);
  }

  setStatus(id: string, status: ConnectionStatus, reason: string | null, at: string): void {
    this.db.prepare('UPDATE connections SET status = ?, status_reason = ?, status_changed_at = ? WHERE id = ?').run(status, reason, at, id);
  }

  setHealth(id: string, health: ConnectionHealth): void {
    this.db.prepare('UPDATE connections SET health = ? WHERE id = ?').run(health, id);
  }

  setTokenHash(id: string, hash: string): void {
    this.db.prepare('UPDATE connections SET token_hash = ? WHERE id = ?').run(hash, id);
  }

  update(id: string, fields: Partial<Pick<ConnectionRow, 'name' | 'user_metadata' | 'options' | 'last_sync_at' | 'paused'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    this.db.prepare(`UPDATE connections SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
  }

  /** Sum of the costs of connections that hold credits (for the invariant). */
  heldCredits(): number {
    return (this.db.prepare(`SELECT COALESCE(SUM(credits), 0) FROM connections WHERE status IN ('active','auth_required')`).pluck().get() as number);
  }
}
