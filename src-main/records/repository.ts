// records/ owns the synced unified records of every connection: upserts from
// the sync engine (detecting real changes by content hash), soft deletes, and
// the cursor-paged reads the unified API serves.
import crypto from 'node:crypto';
import type { Db } from '../store/db.js';
import { references, type EntityName, type MappedRecord } from '../contract/unified.js';
import { fail } from '../contract/errors.js';
import { unifiedId } from './ids.js';

export interface ListQuery {
  limit: number;
  cursor?: string | null;
  updatedAfter?: string | null;
  filters?: Partial<Record<'status' | 'vendor_id' | 'asset_id' | 'location_id', string>>;
  includeDeleted?: boolean;
  includeRaw?: boolean;
  /** Case-insensitive text search over the unified record (admin browsing). */
  search?: string;
}

/**
 * Called inside the write's transaction for every record that really changed:
 * created or updated by an upsert, or soft-deleted (flows and record events listen here).
 */
export type RecordChangeListener = (change: 'created' | 'updated' | 'deleted', record: Record<string, unknown>, previous: Record<string, unknown> | null) => void;

export interface UpsertCounts { created: number; updated: number; unchanged: number }

interface Row { id: string; remote_id: string; updated_at: string; created_at: string; deleted_at: string | null; data: string; remote_data: string; seq: number }

const FILTER_COLUMNS = ['status', 'vendor_id', 'asset_id', 'location_id'] as const;

/** Cursor = the seq of the last record of the page, opaque to clients. */
export const encodeCursor = (seq: number) => Buffer.from(`s${seq}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const m = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw fail('invalid_request', 'cursor is not one this API issued; pass next_cursor as given.', { field: 'cursor' });
  return Number(m[1]);
}

export class RecordRepository {
  constructor(private readonly db: Db) {}

  /** The unified shape of a mapped record: unified id, references as unified ids. */
  toUnified(connectionId: string, entity: EntityName, rec: MappedRecord): Record<string, unknown> {
    const out: Record<string, unknown> = { ...rec, id: unifiedId(connectionId, entity, rec.remote_id) };
    for (const [field, target] of Object.entries(references[entity])) {
      const v = out[field];
      if (typeof v === 'string' && v) out[field] = unifiedId(connectionId, target, v);
    }
    if (entity === 'purchase-orders' && Array.isArray(out.lines)) {
      out.lines = (out.lines as { item_id: string | null }[]).map((l) => ({ ...l, item_id: l.item_id ? unifiedId(connectionId, 'inventory-items', l.item_id) : null }));
    }
    return out;
  }

  /** Upserts a page; call inside the sync's page transaction. */
  upsert(connectionId: string, entity: EntityName, records: MappedRecord[], listingId: string | null, at: string, onChange?: RecordChangeListener): UpsertCounts {
    const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    const existing = this.db.prepare('SELECT * FROM records WHERE connection_id = ? AND entity = ? AND remote_id = ?');
    const touchListing = this.db.prepare('UPDATE records SET listing_id = ? WHERE id = ?');
    const write = this.db.prepare(`INSERT INTO records (id, connection_id, entity, remote_id, seq, updated_at, created_at, deleted_at, status, vendor_id, asset_id, location_id, content_hash, listing_id, data, remote_data)
      VALUES (@id, @connection_id, @entity, @remote_id, @seq, @updated_at, @created_at, NULL, @status, @vendor_id, @asset_id, @location_id, @content_hash, @listing_id, @data, @remote_data)
      ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at, deleted_at = NULL, status = excluded.status,
        vendor_id = excluded.vendor_id, asset_id = excluded.asset_id, location_id = excluded.location_id, content_hash = excluded.content_hash,
        listing_id = excluded.listing_id, data = excluded.data, remote_data = excluded.remote_data`);
    // One sequence block per page (gaps are harmless; order is what matters).
    let seq = records.length ? this.reserveSeq(records.length) : 0;
    for (const rec of records) {
      const hash = crypto.createHash('sha256').update(JSON.stringify(rec)).digest('base64url');
      const unified = this.toUnified(connectionId, entity, rec);
      const prev = existing.get(connectionId, entity, rec.remote_id) as (Row & { content_hash: string }) | undefined;
      if (prev && prev.content_hash === hash && prev.deleted_at === null) {
        counts.unchanged++;
        if (listingId) touchListing.run(listingId, unified.id);
        continue;
      }
      if (prev) counts.updated++; else counts.created++;
      const { id, remote_id: _r, remote_data: raw, updated_at: remoteUpdatedAt, created_at: createdAt, ...rest } = unified as Record<string, unknown>;
      write.run({
        id, connection_id: connectionId, entity, remote_id: rec.remote_id, seq: seq++, updated_at: at,
        created_at: (createdAt as string | undefined) ?? prev?.created_at ?? at,
        // the status-like column: locations are filtered by their type
        status: ((entity === 'locations' ? rest.type : rest.status) as string | undefined) ?? null,
        vendor_id: (rest.vendor_id as string | null | undefined) ?? null,
        asset_id: (rest.asset_id as string | null | undefined) ?? null,
        location_id: (rest.location_id as string | null | undefined) ?? null,
        content_hash: hash, listing_id: listingId,
        data: JSON.stringify({ ...rest, remote_updated_at: remoteUpdatedAt ?? null }),
        remote_data: JSON.stringify(raw ?? {}),
      });
      if (onChange) onChange(prev ? 'updated' : 'created', this.get(connectionId, entity, id as string)!, prev ? this.present(prev, false) : null);
    }
    return counts;
  }

  /** A full listing saw these records even though it could not read them: they are not deleted. */
  markSeen(connectionId: string, entity: EntityName, remoteIds: string[], listingId: string): void {
    const mark = this.db.prepare('UPDATE records SET listing_id = ? WHERE connection_id = ? AND entity = ? AND remote_id = ?');
    for (const r of remoteIds) mark.run(listingId, connectionId, entity, r);
  }

  /** Soft-deletes by remote id; returns how many were live. `onChange` hears each one, with its last known data. */
  softDelete(connectionId: string, entity: EntityName, remoteIds: string[], at: string, onChange?: RecordChangeListener): number {
    const del = this.db.prepare('UPDATE records SET deleted_at = ?, updated_at = ?, seq = ? WHERE connection_id = ? AND entity = ? AND remote_id = ? AND deleted_at IS NULL RETURNING *');
    let n = 0;
    for (const r of remoteIds) {
      const row = del.get(at, at, this.nextSeq(), connectionId, entity, r) as Row | undefined;
      if (!row) continue;
      n++;
      if (onChange) {
        const record = this.present(row, false);
        onChange('deleted', record, { ...record, deleted_at: null });
      }
    }
    return n;
  }

  /** After a complete full listing: what it did not see is gone from the system. */
  softDeleteAbsent(connectionId: string, entity: EntityName, listingId: string, at: string, onChange?: RecordChangeListener): number {
    const gone = this.db.prepare('SELECT remote_id FROM records WHERE connection_id = ? AND entity = ? AND deleted_at IS NULL AND (listing_id IS NULL OR listing_id != ?)')
      .pluck().all(connectionId, entity, listingId) as string[];
    return this.softDelete(connectionId, entity, gone, at, onChange);
  }

  list(connectionId: string, entity: EntityName, q: ListQuery): { data: Record<string, unknown>[]; next_cursor: string | null } {
    const { page, next } = this.page(connectionId, entity, q);
    return { data: page.map((r) => this.present(r, q.includeRaw ?? false)), next_cursor: next };
  }

  /**
   * The same page as list(), as the JSON text of the response: the stored JSON is
   * spliced in rather than parsed and serialised again (the API's hot path).
   */
  listJson(connectionId: string, entity: EntityName, q: ListQuery): string {
    const { page, next } = this.page(connectionId, entity, q);
    const raw = q.includeRaw ?? false;
    const items = page.map((r) => `{"id":${JSON.stringify(r.id)},"remote_id":${JSON.stringify(r.remote_id)},"created_at":${JSON.stringify(r.created_at)},`
      + `"updated_at":${JSON.stringify(r.updated_at)},"deleted_at":${JSON.stringify(r.deleted_at)}`
      + (r.data.length > 2 ? `,${r.data.slice(1, -1)}` : '') + (raw ? `,"remote_data":${r.remote_data}` : '') + '}');
    return `{"data":[${items.join(',')}],"next_cursor":${JSON.stringify(next)}}`;
  }

  private page(connectionId: string, entity: EntityName, q: ListQuery): { page: Row[]; next: string | null } {
    const where = ['connection_id = @connectionId', 'entity = @entity'];
    const params: Record<string, unknown> = { connectionId, entity, limit: q.limit + 1 };
    if (q.cursor) { where.push('seq > @after'); params.after = decodeCursor(q.cursor); }
    if (q.updatedAfter) { where.push('updated_at > @updatedAfter'); params.updatedAfter = q.updatedAfter; }
    if (!q.includeDeleted) where.push('deleted_at IS NULL');
    if (q.search) {
      where.push("(data LIKE @search ESCAPE '\\' OR remote_id LIKE @search ESCAPE '\\')");
      params.search = `%${q.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    }
    for (const col of FILTER_COLUMNS) {
      const v = q.filters?.[col];
      if (v !== undefined) { where.push(`${col} = @${col}`); params[col] = v; }
    }
    const rows = this.db.prepare(`SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`).all(params) as Row[];
    const page = rows.slice(0, q.limit);
    return { page, next: rows.length > q.limit ? encodeCursor(page[page.length - 1].seq) : null };
  }

  get(connectionId: string, entity: EntityName, idOrRemote: string, includeRaw = false): Record<string, unknown> | null {
    const row = this.db.prepare('SELECT * FROM records WHERE connection_id = ? AND entity = ? AND (id = ? OR remote_id = ?) ORDER BY id = ? DESC LIMIT 1')
      .get(connectionId, entity, idOrRemote, idOrRemote, idOrRemote) as Row | undefined;
    return row ? this.present(row, includeRaw) : null;
  }

  remoteIdOf(connectionId: string, entity: EntityName, id: string): string | null {
    return (this.db.prepare('SELECT remote_id FROM records WHERE connection_id = ? AND entity = ? AND id = ?').pluck().get(connectionId, entity, id) as string | undefined) ?? null;
  }

  countsByEntity(connectionId: string): Record<string, number> {
    const rows = this.db.prepare('SELECT entity, count(*) AS n FROM records WHERE connection_id = ? AND deleted_at IS NULL GROUP BY entity').all(connectionId) as { entity: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.entity, r.n]));
  }

  deleteConnection(connectionId: string): void {
    this.db.prepare('DELETE FROM records WHERE connection_id = ?').run(connectionId);
  }

  private nextSeq(): number {
    return this.reserveSeq(1);
  }

  /** Reserves n consecutive sequence numbers; returns the first. */
  private reserveSeq(n: number): number {
    return (this.db.prepare('UPDATE record_seq SET value = value + ? WHERE id = 1 RETURNING value').pluck().get(n) as number) - n + 1;
  }

  private present(row: Row, includeRaw: boolean): Record<string, unknown> {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const out: Record<string, unknown> = { id: row.id, remote_id: row.remote_id, created_at: row.created_at, updated_at: row.updated_at, deleted_at: row.deleted_at, ...data };
    if (includeRaw) out.remote_data = JSON.parse(row.remote_data);
    return out;
  }
}
