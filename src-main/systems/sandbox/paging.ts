// Keyset paging over the sandbox change order. Records are ordered by
// (lastModified, remote id) and a cursor is the last pair a page returned, so a
// record changed mid-listing moves behind the cursor and is listed again rather
// than skipped: paging never loses a record.
import type { EntityName } from '../../contract/unified.js';
import { ConnectorError } from '../connector.js';
import type { ChangeKey } from './source.js';

interface CursorBody {
  /** entity, so a cursor cannot be replayed against another listing */
  e: EntityName;
  /** lastModified of the last record returned, epoch ms */
  t: number;
  /** remote id of the last record returned */
  id: string;
}

export function encodeCursor(entity: EntityName, last: ChangeKey): string {
  const body: CursorBody = { e: entity, t: last.ms, id: last.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeCursor(entity: EntityName, cursor: string): ChangeKey {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    body = null;
  }
  const b = body as Partial<CursorBody> | null;
  if (!b || typeof b !== 'object' || b.e !== entity || typeof b.t !== 'number' || !Number.isFinite(b.t) || typeof b.id !== 'string') {
    throw new ConnectorError('invalid_request', `Invalid cursor for ${entity}`, { code: 'invalid_cursor', httpStatus: 400, field: 'cursor' });
  }
  return { ms: b.t, id: b.id };
}

/** Binary search: the first index where `before` turns false (`order` is partitioned by it). */
function lowerBound(order: readonly ChangeKey[], before: (k: ChangeKey) => boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(order[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PageSlice {
  keys: readonly ChangeKey[];
  nextCursor: string | null;
}

/** The page of `order` after `cursor`, restricted to lastModified ≥ sinceMs. */
export function slicePage(
  entity: EntityName, order: readonly ChangeKey[], sinceMs: number | null, cursor: string | null, pageSize: number,
): PageSlice {
  let start = sinceMs === null ? 0 : lowerBound(order, (k) => k.ms < sinceMs);
  if (cursor !== null) {
    const after = decodeCursor(entity, cursor);
    start = Math.max(start, lowerBound(order, (k) => k.ms < after.ms || (k.ms === after.ms && k.id <= after.id)));
  }
  const end = Math.min(order.length, start + pageSize);
  const keys = order.slice(start, end);
  return { keys, nextCursor: end < order.length && keys.length > 0 ? encodeCursor(entity, keys[keys.length - 1]) : null };
}
