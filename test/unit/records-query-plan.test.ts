// Every list query the unified API can make is one range of one index, read in
// the page's order: EXPLAIN QUERY PLAN of the SQL the repository runs
// (listSql) for each filter, with and without a cursor, with and without
// updated_after. No table scan, no sort into a temporary B-tree — so a page
// costs the same at any depth of a 1M-record store (the figure is
// list_p99_ms_1m_records in `npm run bench`).
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/db.js';
import { encodeCursor, listSql, type ListQuery } from '../../src-main/records/repository.js';
import { tempDir } from '../support/tmp.js';

const db = openStore(tempDir());
afterAll(() => db.close());

function plan(q: ListQuery): string[] {
  const { sql, params } = listSql('con_1', 'purchase-orders', q);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

const filters: [string, Partial<ListQuery>, string][] = [
  ['no filter', {}, 'records_page'],
  ['status', { filters: { status: 'approved' } }, 'records_status'],
  ['vendor_id', { filters: { vendor_id: 'ven_1' } }, 'records_vendor'],
  ['asset_id', { filters: { asset_id: 'ast_1' } }, 'records_asset'],
  ['location_id', { filters: { location_id: 'loc_1' } }, 'records_location'],
  // a reading's meter has no column: the index is on the stored reference (migration 007)
  ['meter_id', { filters: { meter_id: 'mtr_1' } }, 'records_meter'],
  ['updated_after', { updatedAfter: '2026-06-01T00:00:00.000Z' }, 'records_updated'],
];
const cursors: [string, Partial<ListQuery>][] = [
  ['first page', {}],
  ['a cursor', { cursor: encodeCursor(123_456) }],
];

describe('list queries use an index, in order, at any depth', () => {
  for (const [name, filter, index] of filters) {
    for (const [form, cursor] of cursors) {
      for (const includeDeleted of [false, true]) {
        it(`${name}, ${form}${includeDeleted ? ', include_deleted' : ''}: ${index}`, () => {
          // an updated_after page's own cursors carry the change time too
          const c = name === 'updated_after' && cursor.cursor ? { cursor: encodeCursor(123_456, '2026-06-02T00:00:00.000Z') } : cursor;
          const detail = plan({ limit: 100, includeDeleted, ...filter, ...c });
          expect(detail, detail.join(' | ')).toHaveLength(1);
          expect(detail[0]).toMatch(new RegExp(`^SEARCH records USING INDEX ${index} \\(connection_id=\\? AND entity=\\?`));
          if (cursor.cursor) expect(detail[0]).toMatch(name === 'updated_after' ? /\(updated_at,seq\)>\(\?,\?\)/ : /seq>\?/);
          expect(detail.join(' ')).not.toMatch(/TEMP B-TREE|SCAN records/);
        });
      }
    }
  }

  it('a plain cursor still works on an updated_after page (it reads on from that seq)', () => {
    const detail = plan({ limit: 100, updatedAfter: '2026-06-01T00:00:00.000Z', cursor: encodeCursor(42) });
    expect(detail.join(' ')).toMatch(/USING INDEX records_updated/);
    expect(detail.join(' ')).not.toMatch(/TEMP B-TREE|SCAN records/);
  });
});
