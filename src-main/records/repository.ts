// records/ owns the synced unified records of every connection: upserts from
// the sync engine (detecting real changes by content hash), soft deletes, and
// the cursor-paged reads the unified API serves. Every write to the records
// table goes through here: the API's page cache (page-cache.ts) relies on it.
import crypto from 'node:crypto';
import { statementCache, type Db } from '../store/db.js';
import { mapReferences, rewriteReferences, type EntityName, type MappedRecord } from '../contract/unified.js';
import { fail } from '../contract/errors.js';
import { unifiedId } from './ids.js';
import { PageCache } from './page-cache.js';

export interface ListQuery {
  limit: number;
  cursor?: string | null;
  updatedAfter?: string | null;
  filters?: Partial<Record<'status' | 'vendor_id' | 'asset_id' | 'location_id' | 'meter_id', string>>;
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
/**
 * Filters on a reference that has no column of its own: the stored field, as the
 * expression its index is on (migration 007: a reading's meter).
 */
const FILTER_EXPRESSIONS = { meter_id: "json_extract(data, '$.meter_id')" } as const;
const FILTERS = [...FILTER_COLUMNS, ...(Object.keys(FILTER_EXPRESSIONS) as (keyof typeof FILTER_EXPRESSIONS)[])];
/** Entities whose status-like column holds their type (the API filters them by `type`). */
const STATUS_FIELD: Partial<Record<EntityName, 'type'>> = { locations: 'type', meters: 'type' };
/** What a list page reads (remote_data only with include_raw). */
const LIST_COLUMNS = 'id, remote_id, created_at, updated_at, deleted_at, data, seq';

/**
 * Cursor = the seq of the last record of the page (`s<seq>`), plus its
 * updated_at on pages ordered by change time (`s<seq>:<updated_at>`); opaque
 * to clients.
 */
export const encodeCursor = (seq: number, updatedAt?: string) => Buffer.from(updatedAt === undefined ? `s${seq}` : `s${seq}:${updatedAt}`).toString('base64url');
export function decodeCursor(cursor: string): { seq: number; updatedAt?: string } {
  const m = /^s(\d{1,15})(?::(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z))?$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw fail('invalid_request', 'cursor is not one this API issued; pass next_cursor as given.', { field: 'cursor' });
  return m[2] === undefined ? { seq: Number(m[1]) } : { seq: Number(m[1]), updatedAt: m[2] };
}

/**
 * The SQL of a list page. Pages are in seq order; with updated_after they are
 * in (updated_at, seq) order — the same order, since a change's updated_at
 * never goes below an older change's — so that each form is one range of one
 * index (records_page, records_updated, or a filter's index), read in order and
 * stopped at the limit, at any cursor depth (test/unit/records-query-plan.test.ts).
 */
export function listSql(connectionId: string, entity: EntityName, q: ListQuery): { sql: string; params: unknown[]; byChangeTime: boolean } {
  const where = ['connection_id = ?', 'entity = ?'];
  const params: unknown[] = [connectionId, entity];
  const byChangeTime = Boolean(q.updatedAfter);
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.updatedAfter && cursor?.updatedAt !== undefined) {
    // one bound for the index range: after the cursor, and never at or before updated_after
    const [at, seq] = cursor.updatedAt > q.updatedAfter ? [cursor.updatedAt, cursor.seq] : [q.updatedAfter, Number.MAX_SAFE_INTEGER];
    where.push('(updated_at, seq) > (?, ?)');
    params.push(at, seq);
  } else {
    if (q.updatedAfter) { where.push('updated_at > ?'); params.push(q.updatedAfter); }
    if (cursor) { where.push('seq > ?'); params.push(cursor.seq); }
  }
  if (!q.includeDeleted) where.push('deleted_at IS NULL');
  if (q.search) {
    where.push("(data LIKE ? ESCAPE '\\' OR remote_id LIKE ? ESCAPE '\\')");
    const like = `%${q.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    params.push(like, like);
  }
  for (const col of FILTER_COLUMNS) {
    const v = q.filters?.[col];
    if (v !== undefined) { where.push(`${col} = ?`); params.push(v); }
  }
  for (const [f, expr] of Object.entries(FILTER_EXPRESSIONS)) {
    const v = q.filters?.[f as keyof typeof FILTER_EXPRESSIONS];
    if (v !== undefined) { where.push(`${expr} = ?`); params.push(v); }
  }
  params.push(q.limit + 1);
  const sql = `SELECT ${LIST_COLUMNS}${q.includeRaw ? ', remote_data' : ''} FROM records WHERE ${where.join(' AND ')} ORDER BY ${byChangeTime ? 'updated_at, seq' : 'seq'} LIMIT ?`;
  return { sql, params, byChangeTime };
}

/**
 * The content hash of a stored record: SHA-256 of the text that is stored (its
 * creation time, unified JSON and raw JSON), 128 bits in base64url (22
 * characters). Rows written before this rule carry a 43-character hash of the
 * mapped record's JSON; `sameContent` still compares those by that older rule,
 * so an upgrade does not make every record look changed.
 */
const contentHash = (createdAt: string | undefined, data: string, remoteData: string) =>
  crypto.hash('sha256', `${createdAt ?? ''}\0${data}\0${remoteData}`, 'base64url').slice(0, 22);
const LEGACY_HASH_LENGTH = 43;

function sameContent(stored: string, hash: string, rec: MappedRecord): boolean {
  if (stored.length !== LEGACY_HASH_LENGTH) return stored === hash;
  return stored === crypto.hash('sha256', JSON.stringify(rec), 'base64url');
}

/**
 * How many references' unified ids a repository keeps. References repeat across
 * pages (a reading's meter and asset, an order's vendor), so each is computed
 * once while it stays here; an id is a pure function of its key, so a kept one
 * is never stale. Dropped whole when full: a few MB at most.
 */
const REFERENCE_IDS_KEPT = 20_000;

/** What an upsert needs to know of a record already stored (plus, for change listeners, the row itself). */
interface Existing { id: string; remote_id: string; content_hash: string; deleted_at: string | null; created_at: string; updated_at: string; data?: string }

export class RecordRepository {
  private readonly sql: ReturnType<typeof statementCache>;
  /** The unified API's encoded pages; dropped per connection by every write that changes its records. */
  private readonly pages = new PageCache();
  private readonly referenceIdsKept = new Map<string, string>();

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** The unified shape of a mapped record: unified id, references (nested ones too: lines, a plan's meter) as unified ids. */
  toUnified(connectionId: string, entity: EntityName, rec: MappedRecord): Record<string, unknown> {
    const out = mapReferences(entity, rec as unknown as Record<string, unknown>, this.referenceIds(connectionId));
    out.id = unifiedId(connectionId, entity, rec.remote_id);
    return out;
  }

  /** A reference's unified id, by way of the ids kept (REFERENCE_IDS_KEPT). */
  private referenceIds(connectionId: string): (remoteId: string, target: EntityName) => string {
    const kept = this.referenceIdsKept;
    return (remoteId, target) => {
      const key = `${connectionId}\0${target}\0${remoteId}`;
      let id = kept.get(key);
      if (id === undefined) {
        if (kept.size >= REFERENCE_IDS_KEPT) kept.clear();
        id = unifiedId(connectionId, target, remoteId);
        kept.set(key, id);
      }
      return id;
    };
  }

  /**
   * What the `data` column holds of a mapped record: its unified fields without
   * the ones stored as columns (id, remote_id, created_at) or apart
   * (remote_data), and the system's change time as remote_updated_at.
   */
  private dataOf(ref: (value: string, target: EntityName) => string, entity: EntityName, rec: MappedRecord): Record<string, unknown> {
    // one copy: the record's fields in its order, then its references rewritten in place (the same JSON as copying toUnified's fields)
    const data: Record<string, unknown> = {};
    for (const field in rec) {
      if (field === 'id' || field === 'remote_id' || field === 'remote_data' || field === 'updated_at' || field === 'created_at') continue;
      data[field] = (rec as unknown as Record<string, unknown>)[field];
    }
    rewriteReferences(entity, data, ref);
    data.remote_updated_at = rec.updated_at ?? null;
    return data;
  }

  /** The stored rows of a page's records, in one query by the (connection, entity, remote_id) key. */
  private existing(connectionId: string, entity: EntityName, remoteIds: string[], withData: boolean): Map<string, Existing> {
    const rows = this.sql(`SELECT id, remote_id, content_hash, deleted_at, created_at, updated_at${withData ? ', data' : ''} FROM records
      WHERE connection_id = ? AND entity = ? AND remote_id IN (SELECT value FROM json_each(?))`).all(connectionId, entity, JSON.stringify(remoteIds)) as Existing[];
    return new Map(rows.map((r) => [r.remote_id, r]));
  }

  /** Upserts a page; call inside the sync's page transaction. */
  upsert(connectionId: string, entity: EntityName, records: MappedRecord[], listingId: string | null, at: string, onChange?: RecordChangeListener): UpsertCounts {
    const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    if (records.length === 0) return counts;
    const existing = this.existing(connectionId, entity, records.map((r) => r.remote_id), Boolean(onChange));
    const write = this.sql(`INSERT INTO records (id, connection_id, entity, remote_id, seq, updated_at, created_at, deleted_at, status, vendor_id, asset_id, location_id, content_hash, listing_id, data, remote_data)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at, deleted_at = NULL, status = excluded.status,
        vendor_id = excluded.vendor_id, asset_id = excluded.asset_id, location_id = excluded.location_id, content_hash = excluded.content_hash,
        listing_id = excluded.listing_id, data = excluded.data, remote_data = excluded.remote_data`);
    const unchanged: string[] = [];
    // One sequence block per page (gaps are harmless; order is what matters).
    let seq = this.reserveSeq(records.length);
    const ref = this.referenceIds(connectionId);
    for (const rec of records) {
      // built once, serialised once, hashed once
      const fields = this.dataOf(ref, entity, rec);
      const data = JSON.stringify(fields);
      const remoteData = JSON.stringify(rec.remote_data ?? {});
      const hash = contentHash(rec.created_at, data, remoteData);
      const prev = existing.get(rec.remote_id);
      if (prev && prev.deleted_at === null && sameContent(prev.content_hash, hash, rec)) {
        counts.unchanged++;
        unchanged.push(prev.id);
        continue;
      }
      if (prev) counts.updated++; else counts.created++;
      const id = prev?.id ?? unifiedId(connectionId, entity, rec.remote_id);
      const createdAt = rec.created_at ?? prev?.created_at ?? at;
      write.run(id, connectionId, entity, rec.remote_id, seq++, at, createdAt,
        // the status-like column: locations and meters are filtered by their type
        ((STATUS_FIELD[entity] === 'type' ? fields.type : fields.status) as string | undefined) ?? null,
        (fields.vendor_id ?? null) as string | null, (fields.asset_id ?? null) as string | null, (fields.location_id ?? null) as string | null,
        hash, listingId, data, remoteData);
      // a record seen twice in one page compares with what was just written
      existing.set(rec.remote_id, { id, remote_id: rec.remote_id, content_hash: hash, deleted_at: null, created_at: createdAt, updated_at: at, data });
      if (onChange) {
        const record = { id, remote_id: rec.remote_id, created_at: createdAt, updated_at: at, deleted_at: null, ...(JSON.parse(data) as Record<string, unknown>) };
        onChange(prev ? 'updated' : 'created', record, prev ? this.present(prev as unknown as Row, false) : null);
      }
    }
    if (listingId && unchanged.length) this.sql('UPDATE records SET listing_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(listingId, JSON.stringify(unchanged));
    if (counts.created || counts.updated) this.pages.invalidate(connectionId);
    return counts;
  }

  /** A full listing saw these records even though it could not read them: they are not deleted. */
  markSeen(connectionId: string, entity: EntityName, remoteIds: string[], listingId: string): void {
    if (remoteIds.length === 0) return;
    this.sql('UPDATE records SET listing_id = ? WHERE connection_id = ? AND entity = ? AND remote_id IN (SELECT value FROM json_each(?))')
      .run(listingId, connectionId, entity, JSON.stringify(remoteIds));
  }

  /** Soft-deletes by remote id; returns how many were live. `onChange` hears each one, with its last known data. */
  softDelete(connectionId: string, entity: EntityName, remoteIds: string[], at: string, onChange?: RecordChangeListener): number {
    if (remoteIds.length === 0) return 0;
    const del = this.sql('UPDATE records SET deleted_at = ?, updated_at = ?, seq = ? WHERE connection_id = ? AND entity = ? AND remote_id = ? AND deleted_at IS NULL RETURNING *');
    let seq = this.reserveSeq(remoteIds.length);
    let n = 0;
    for (const r of remoteIds) {
      const row = del.get(at, at, seq++, connectionId, entity, r) as Row | undefined;
      if (!row) continue;
      n++;
      if (onChange) {
        const record = this.present(row, false);
        onChange('deleted', record, { ...record, deleted_at: null });
      }
    }
    if (n) this.pages.invalidate(connectionId);
    return n;
  }

  /** After a complete full listing: what it did not see is gone from the system. */
  softDeleteAbsent(connectionId: string, entity: EntityName, listingId: string, at: string, onChange?: RecordChangeListener): number {
    const gone = this.sql('SELECT remote_id FROM records WHERE connection_id = ? AND entity = ? AND deleted_at IS NULL AND (listing_id IS NULL OR listing_id != ?)')
      .pluck().all(connectionId, entity, listingId) as string[];
    return this.softDelete(connectionId, entity, gone, at, onChange);
  }

  list(connectionId: string, entity: EntityName, q: ListQuery): { data: Record<string, unknown>[]; next_cursor: string | null } {
    const { page, next } = this.page(connectionId, entity, q);
    return { data: page.map((r) => this.present(r, q.includeRaw ?? false)), next_cursor: next };
  }

  /**
   * The same page as list(), as the encoded JSON of the response: the stored
   * JSON is spliced in rather than parsed and serialised again, and the bytes
   * are kept until the connection's records change (the API's hot path).
   */
  listJson(connectionId: string, entity: EntityName, q: ListQuery): Buffer {
    const key = JSON.stringify([entity, q.limit, q.cursor ?? null, q.updatedAfter ?? null, FILTERS.map((c) => q.filters?.[c] ?? null), q.includeDeleted ?? false, q.includeRaw ?? false, q.search ?? null]);
    const cached = this.pages.get(connectionId, key);
    if (cached) return cached;
    const { page, next } = this.page(connectionId, entity, q);
    const raw = q.includeRaw ?? false;
    let out = '{"data":[';
    for (let i = 0; i < page.length; i++) {
      const r = page[i];
      out += `${i ? ',' : ''}{"id":${JSON.stringify(r.id)},"remote_id":${JSON.stringify(r.remote_id)},"created_at":${JSON.stringify(r.created_at)},`
        + `"updated_at":${JSON.stringify(r.updated_at)},"deleted_at":${r.deleted_at === null ? 'null' : JSON.stringify(r.deleted_at)}`
        + (r.data.length > 2 ? `,${r.data.slice(1, -1)}` : '') + (raw ? `,"remote_data":${r.remote_data}` : '') + '}';
    }
    const encoded = Buffer.from(`${out}],"next_cursor":${next === null ? 'null' : JSON.stringify(next)}}`);
    this.pages.set(connectionId, key, encoded);
    return encoded;
  }

  private page(connectionId: string, entity: EntityName, q: ListQuery): { page: Row[]; next: string | null } {
    const { sql, params, byChangeTime } = listSql(connectionId, entity, q);
    // one statement per query shape (a handful of filter combinations), prepared once
    const rows = this.sql(sql).all(...params) as Row[];
    if (rows.length <= q.limit) return { page: rows, next: null };
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { page, next: encodeCursor(last.seq, byChangeTime ? last.updated_at : undefined) };
  }

  get(connectionId: string, entity: EntityName, idOrRemote: string, includeRaw = false): Record<string, unknown> | null {
    const row = this.sql('SELECT * FROM records WHERE connection_id = ? AND entity = ? AND (id = ? OR remote_id = ?) ORDER BY id = ? DESC LIMIT 1')
      .get(connectionId, entity, idOrRemote, idOrRemote, idOrRemote) as Row | undefined;
    return row ? this.present(row, includeRaw) : null;
  }

  remoteIdOf(connectionId: string, entity: EntityName, id: string): string | null {
    return (this.sql('SELECT remote_id FROM records WHERE connection_id = ? AND entity = ? AND id = ?').pluck().get(connectionId, entity, id) as string | undefined) ?? null;
  }

  countsByEntity(connectionId: string): Record<string, number> {
    const rows = this.sql('SELECT entity, count(*) AS n FROM records WHERE connection_id = ? AND deleted_at IS NULL GROUP BY entity').all(connectionId) as { entity: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.entity, r.n]));
  }

  deleteConnection(connectionId: string): void {
    this.sql('DELETE FROM records WHERE connection_id = ?').run(connectionId);
    this.pages.invalidate(connectionId);
  }

  /** Reserves n consecutive sequence numbers; returns the first. */
  private reserveSeq(n: number): number {
    return (this.sql('UPDATE record_seq SET value = value + ? WHERE id = 1 RETURNING value').pluck().get(n) as number) - n + 1;
  }

  private present(row: Row, includeRaw: boolean): Record<string, unknown> {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const out: Record<string, unknown> = { id: row.id, remote_id: row.remote_id, created_at: row.created_at, updated_at: row.updated_at, deleted_at: row.deleted_at, ...data };
    if (includeRaw) out.remote_data = JSON.parse(row.remote_data);
    return out;
  }
}
