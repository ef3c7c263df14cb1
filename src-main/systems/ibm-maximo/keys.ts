// Maximo record keys, href ids, dates in oslc.where, and the listing cursor.
// A remote id is the object structure's key values joined by "/" (WO "1000/BEDFORD",
// PO "1001/0/BEDFORD"); Maximo's href id is "_" + base64 of that same string with
// "=" turned into "-" (`_QTYwMDIvRkxFRVQ-` = "A6002/FLEET"), so one converts to the other.
import type { EntityName } from '../../contract/unified.js';
import { ConnectorError } from '../connector.js';

export function encodeKeyId(remoteId: string): string {
  return `_${Buffer.from(remoteId, 'utf8').toString('base64').replace(/=/g, '-')}`;
}

export function decodeKeyId(id: string): string {
  const body = id.startsWith('_') ? id.slice(1) : id;
  return Buffer.from(body.replace(/-/g, '='), 'base64').toString('utf8');
}

export const joinKey = (values: (string | number)[]): string => values.map(String).join('/');

/** An ISO time as Maximo's where clause wants it: UTC with an explicit "-00:00" offset, whole seconds. */
export function whereDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new ConnectorError('invalid_request', `not a valid time: ${iso}`, { field: 'since' });
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}-00:00`;
}

/** A string literal in oslc.where: double-quoted, inner quotes escaped. */
export const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Where a listing stands. `t`: the changedate (UTC ISO) the current segment starts at
 * (null = from the beginning); `p`: the page number within that segment.
 * The listing asks `changedate>=t` ordered by changedate then key; after a page whose
 * last record is newer than `t`, a new segment starts at that record's changedate
 * (page 1), so records that change during the listing cannot shift pages we have not
 * read yet. Only while a page holds nothing but records of changedate `t` does the page
 * number advance. Re-seen records at the boundary are harmless (content-hash dedup).
 */
export interface ListingCursor { e: EntityName; t: string | null; p: number }

export function encodeCursor(c: ListingCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(entity: EntityName, cursor: string): ListingCursor {
  let c: Partial<ListingCursor> | null = null;
  try { c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<ListingCursor>; } catch { c = null; }
  if (!c || c.e !== entity || !(c.t === null || (typeof c.t === 'string' && Number.isFinite(Date.parse(c.t)))) || !Number.isInteger(c.p) || (c.p as number) < 1) {
    throw new ConnectorError('invalid_request', `Invalid Maximo listing cursor for ${entity}`, { code: 'invalid_cursor', field: 'cursor' });
  }
  return { e: entity, t: c.t ?? null, p: c.p as number };
}
