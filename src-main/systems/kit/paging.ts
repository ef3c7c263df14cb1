// The one paging loop. Systems declare how they page; the kit pages and decides
// where a listing ends — only where the system itself says so: a page shorter
// than asked for is not the end while the system signals more (SAP Gateway's
// __next with its $skiptoken, Maximo's responseInfo.nextPage), and a system
// without a signal (UpKeep) ends with an empty page. A system that gives no
// order guarantee (RFC_READ_TABLE) is listed by bounded key ranges: a range is
// taken only once its row count is proven below the row limit asked for, and a
// range that comes back full is split at the middle key of what came back.
import { z } from 'zod';
import { ConnectorError } from './errors.js';
import { keyAfter, keyDistance, padKey, splitKey, type KeyField } from './key-ranges.js';

export interface FetchRequest<P> {
  /** Where to continue (null: the start). */
  position: P | null;
  pageSize: number;
  /** Only records changed at or after this ISO time (null: all). */
  since: string | null;
  /** The initial sync's history window start, for systems that apply one. */
  historyStart: string | null;
}

export interface FetchAnswer<P> {
  rows: unknown[];
  /** The system's own "there is more" on this answer (OData __next, Maximo nextPage); false where it has none. */
  signal: boolean;
  /** Where the listing continues after these rows (a key, a change time, a page number); null when none can be taken from them. */
  after: P | null;
  /** Remote ids the system reports as deleted (systems with a deletion feed). */
  deleted?: string[];
}

/** A system that pages itself. */
export interface PagesPaging<C, P> {
  kind: 'pages';
  /**
   * What means "there is more":
   * - signal: only the system's signal (Maximo answers nextPage whenever more follows);
   * - signal_or_full_page: the signal, or a page as full as asked (OData with $top: the
   *   system's signal covers only its own cap; a full page means the $top was reached);
   * - until_empty: no signal exists (UpKeep); more until a page comes back empty.
   */
  more: 'signal' | 'signal_or_full_page' | 'until_empty';
  position: z.ZodType<P>;
  fetch(client: C, req: FetchRequest<P>): Promise<FetchAnswer<P>>;
}

export interface RangeRow { key: string[]; raw: unknown }
export interface RangeRead { rows: RangeRow[]; bad: { key: string[] | null; reason: string }[] }

/** A table listed by bounded key ranges (no order guarantee). */
export interface KeyRangePaging<C> {
  kind: 'key_ranges';
  /** The table's primary key, with its DDIC lengths. */
  key: readonly KeyField[];
  /** The rows with from ≤ key < to (either bound may be open), at most `rowcount` of them, in any order. */
  read(client: C, range: { from: string[] | null; to: string[] | null }, rowcount: number): Promise<RangeRead>;
}

export type Paging<C> = PagesPaging<C, unknown> | KeyRangePaging<C>;

export interface Step {
  rows: unknown[];
  bad: { remote_id: string | null; reason: string }[];
  deleted: string[];
  /** The position after this step, or null: this listing is done. */
  next: unknown;
}

/** The smallest page size the loop asks for when a system refuses a larger one. */
export const MIN_PAGE_SIZE = 10;

export const rangePosition = z.object({ f: z.string().max(400).nullable(), w: z.string().regex(/^\d{1,200}$/).nullable() }).strict();
type RangePosition = z.infer<typeof rangePosition>;

export function positionSchema(paging: Paging<unknown>): z.ZodType {
  return paging.kind === 'pages' ? paging.position : rangePosition;
}

/** One page of a listing. `sizeCap` carries the page size a system accepted for the rest of this connector's life. */
export async function step<C>(paging: Paging<C>, client: C, position: unknown, req: Omit<FetchRequest<unknown>, 'position'>, sizeCap: { value: number }): Promise<Step> {
  if (paging.kind === 'key_ranges') return rangeStep(paging, client, position as RangePosition | null, req.pageSize);
  for (;;) {
    const pageSize = Math.min(req.pageSize, sizeCap.value);
    let answer: FetchAnswer<unknown>;
    try {
      answer = await paging.fetch(client, { ...req, position, pageSize });
    } catch (err) {
      if (err instanceof ConnectorError && err.extra.code === 'page_size_refused' && pageSize > MIN_PAGE_SIZE) {
        sizeCap.value = Math.max(MIN_PAGE_SIZE, Math.floor(pageSize / 2));
        continue;
      }
      throw err;
    }
    const more = paging.more === 'signal' ? answer.signal
      : paging.more === 'signal_or_full_page' ? answer.signal || answer.rows.length >= pageSize
        : answer.rows.length > 0;
    const base = { rows: answer.rows, bad: [], deleted: answer.deleted ?? [] };
    if (!more) return { ...base, next: null };
    if (answer.after === null) throw new ConnectorError('system', 'the system says more records follow, but no row on this page says where to continue');
    if (JSON.stringify(answer.after) === JSON.stringify(position)) throw new ConnectorError('system', 'the system says more records follow, but the listing does not advance');
    return { ...base, next: answer.after };
  }
}

/** Range growth: a range that came back small is widened for the next page. */
function grow(width: bigint, rows: number, pageSize: number): bigint {
  return rows * 4 < pageSize ? width * 4n : rows * 2 < pageSize ? width * 2n : width;
}

const MAX_RANGE_READS = 64;

async function rangeStep<C>(paging: KeyRangePaging<C>, client: C, position: RangePosition | null, pageSize: number): Promise<Step> {
  const { key } = paging;
  let from = position?.f ?? null;
  let width = position?.w ? BigInt(position.w) : null;
  let to = width === null ? null : keyAfter(key, from, width);
  const pad = (values: string[]) => padKey(key, values);
  for (let reads = 0; reads < MAX_RANGE_READS; reads++) {
    const got = await paging.read(client, { from: from === null ? null : splitKey(key, from), to: to === null ? null : splitKey(key, to) }, pageSize + 1);
    const count = got.rows.length + got.bad.length;
    if (count <= pageSize) {
      // Fewer rows than the limit: the range is complete, whatever order they came in.
      if (count === 0 && to !== null && width !== null) { from = to; width *= 4n; to = keyAfter(key, from, width); continue; }
      const rows = got.rows.map((r) => ({ k: pad(r.key), raw: r.raw })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      return {
        rows: rows.map((r) => r.raw),
        bad: got.bad.map((b) => ({ remote_id: b.key ? b.key.join('/') : null, reason: b.reason })),
        deleted: [],
        next: to === null ? null : { f: to, w: String(grow(width ?? keyDistance(from, to), count, pageSize)) },
      };
    }
    // As many rows as the limit: more may be there. Split at the middle of the keys that came back.
    const keys = [...new Set([...got.rows.map((r) => pad(r.key)), ...got.bad.flatMap((b) => (b.key ? [pad(b.key)] : []))])].sort();
    const mid = keys[Math.floor(keys.length / 2)];
    if (mid === undefined || (from !== null && mid <= from) || keys.length < 2) {
      throw new ConnectorError('system', `more than ${pageSize} rows share the key ${JSON.stringify(keys[0]?.trimEnd() ?? '')}; the table cannot be paged by its key`);
    }
    to = mid;
    width = keyDistance(from, mid);
  }
  throw new ConnectorError('system', `the table could not be split into ranges of at most ${pageSize} rows after ${MAX_RANGE_READS} reads`);
}

/** Declares a system's own paging, its position typed by the schema. */
export const pages = <C, P>(paging: Omit<PagesPaging<C, P>, 'kind'>): PagesPaging<C, P> => ({ kind: 'pages', ...paging });

/** Every row of a listing, following the system's own paging to its end (sub-reads such as S/4HANA stock). */
export async function readAll<C>(paging: Paging<C>, client: C, pageSize: number): Promise<unknown[]> {
  const rows: unknown[] = [];
  const sizeCap = { value: Number.POSITIVE_INFINITY };
  let position: unknown = null;
  for (;;) {
    const s = await step(paging, client, position, { pageSize, since: null, historyStart: null }, sizeCap);
    rows.push(...s.rows);
    if (s.next === null) return rows;
    position = s.next;
  }
}
