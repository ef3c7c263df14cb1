// Paging a changing UpKeep list without gaps. UpKeep pages with limit/offset;
// a plain offset over a list that changes while we page skips records (a record
// that changes or is deleted before the offset shifts the rest left). So the
// listing is keyset-paged on `updatedAt` instead: every request asks for
// "updatedAt ≥ since, ascending", and the cursor carries
//   since — the updatedAt of the last record returned (the listing's lower bound at first), and
//   skip  — how many records AT exactly `since` were already returned (the offset).
// A record that changes mid-listing moves to the end and is seen again (the
// store's content hash makes that harmless); a deletion shifts nothing before the
// cursor. The only residual window is a tie group (several records with the same
// millisecond) changing while we page through it.
import { ConnectorError } from '../connector.js';

export interface UpKeepCursor {
  /** ISO time, inclusive lower bound of updatedAt; null = from the beginning. */
  since: string | null;
  /** Records at exactly `since` already returned. */
  skip: number;
}

export function encodeCursor(c: UpKeepCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: c.since, k: c.skip })).toString('base64url');
}

export function decodeCursor(cursor: string): UpKeepCursor {
  try {
    const o = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { v?: unknown; s?: unknown; k?: unknown };
    if (o.v === 1 && (o.s === null || (typeof o.s === 'string' && Number.isFinite(Date.parse(o.s)))) && Number.isSafeInteger(o.k) && (o.k as number) >= 0) {
      return { since: o.s as string | null, skip: o.k as number };
    }
  } catch { /* fall through */ }
  throw new ConnectorError('invalid_request', 'not an UpKeep listing cursor', { code: 'invalid_request', field: 'cursor' });
}

/** The exclusive lower bound to send as `updatedAtGreaterThan` (UpKeep compares strictly; times have millisecond precision). */
export function exclusiveBound(since: string): string {
  return new Date(Date.parse(since) - 1).toISOString();
}

/**
 * The cursor after a page. An empty page ends the listing (a short page does
 * not: the server may cap `limit` below what we asked). Throws if the page is
 * not ascending by updatedAt (the server ignored the sort: paging would skip).
 */
export function nextCursor(cur: UpKeepCursor, raws: unknown[]): string | null {
  if (raws.length === 0) return null;
  let lastMs: number | null = null;
  let atLast = 0;
  for (const raw of raws) {
    const v = raw !== null && typeof raw === 'object' ? (raw as { updatedAt?: unknown }).updatedAt : undefined;
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (!Number.isFinite(ms)) continue; // an unreadable record is rejected by the mapping; it does not move the cursor
    if (lastMs !== null && ms < lastMs) {
      throw new ConnectorError('system', 'UpKeep returned a page not sorted by updatedAt; incremental paging would miss records');
    }
    if (ms === lastMs) atLast++;
    else { lastMs = ms; atLast = 1; }
  }
  if (lastMs === null) return encodeCursor({ since: cur.since, skip: cur.skip + raws.length });
  const since = new Date(lastMs).toISOString();
  const sameBound = cur.since !== null && Date.parse(cur.since) === lastMs;
  return encodeCursor({ since, skip: sameBound ? cur.skip + atLast : atLast });
}
