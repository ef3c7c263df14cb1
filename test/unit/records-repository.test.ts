// The record repository's write path on a real SQLite file: unified ids,
// change detection by content hash (including hashes written by the older
// rule), a record seen twice in one page, and reference columns.
import { afterEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { openStore, type Db } from '../../src-main/store/db.js';
import { encodeCursor, RecordRepository } from '../../src-main/records/repository.js';
import { idPrefix, unifiedId } from '../../src-main/records/ids.js';
import { entityNames, type EntityName, type MappedRecord } from '../../src-main/contract/unified.js';
import { tempDir } from '../support/tmp.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The definition of a unified id, written the slow and obvious way (BigInt). */
function referenceId(connectionId: string, entity: EntityName, remoteId: string): string {
  const digest = crypto.createHash('sha256').update(`${connectionId}\0${entity}\0${remoteId}`).digest();
  let n = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 22; i++) { out += BASE62[Number(n % 62n)]; n /= 62n; }
  return `${idPrefix[entity]}_${out}`;
}

const vendor = (remote_id: string, name: string): MappedRecord => ({
  remote_id, name, status: 'active', email: null, phone: null, currency: 'USD', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-02-01T00:00:00.000Z',
  custom_fields: {}, remote_data: { LIFNR: remote_id, NAME1: name },
} as unknown as MappedRecord);

let db: Db | null = null;
afterEach(() => { db?.close(); db = null; });
function repo(): RecordRepository {
  db = openStore(tempDir());
  return new RecordRepository(db);
}
const at = (n: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, n)).toISOString();

describe('unified ids', () => {
  it('are the same as the BigInt definition for any connection, entity and key', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom(...entityNames), fc.string({ unit: 'grapheme' }), (c, e, r) => {
      expect(unifiedId(c, e, r)).toBe(referenceId(c, e, r));
    }), { numRuns: 2000 });
  });
});

describe('RecordRepository.upsert', () => {
  it('creates, then counts an unchanged record as unchanged and a changed one as updated', () => {
    const r = repo();
    const tx = <T>(fn: () => T) => db!.transaction(fn)();
    expect(tx(() => r.upsert('con_a', 'vendors', [vendor('V1', 'Acme'), vendor('V2', 'Bolt')], null, at(1)))).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(tx(() => r.upsert('con_a', 'vendors', [vendor('V1', 'Acme'), vendor('V2', 'Bolt GmbH')], null, at(2)))).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(r.get('con_a', 'vendors', 'V2')).toMatchObject({ id: unifiedId('con_a', 'vendors', 'V2'), name: 'Bolt GmbH', updated_at: at(2), remote_updated_at: '2026-02-01T00:00:00.000Z' });
    expect(r.get('con_a', 'vendors', 'V1')).toMatchObject({ updated_at: at(1) });
  });

  it('compares a row hashed by the older rule (SHA-256 of the mapped record) by that rule', () => {
    const r = repo();
    const v = vendor('V1', 'Acme');
    db!.transaction(() => r.upsert('con_a', 'vendors', [v], null, at(1)))();
    const legacy = crypto.createHash('sha256').update(JSON.stringify(v)).digest('base64url');
    db!.prepare('UPDATE records SET content_hash = ?').run(legacy);
    expect(db!.transaction(() => r.upsert('con_a', 'vendors', [v], null, at(2)))()).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(db!.transaction(() => r.upsert('con_a', 'vendors', [vendor('V1', 'Acme AG')], null, at(3)))()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(db!.prepare('SELECT content_hash FROM records').pluck().get()).toHaveLength(22);
  });

  it('a record listed twice in one page is created once, then compared with what was just written', () => {
    const r = repo();
    const counts = db!.transaction(() => r.upsert('con_a', 'vendors', [vendor('V1', 'Acme'), vendor('V1', 'Acme'), vendor('V1', 'Acme 2')], null, at(1)))();
    expect(counts).toEqual({ created: 1, updated: 1, unchanged: 1 });
    expect(r.get('con_a', 'vendors', 'V1')).toMatchObject({ name: 'Acme 2' });
    expect(db!.prepare('SELECT count(*) FROM records').pluck().get()).toBe(1);
  });

  it('stores references as unified ids, in the data and in the filter columns, and tells listeners what changed', () => {
    const r = repo();
    const po = {
      remote_id: '4500000001', number: '4500000001', status: 'approved', vendor_id: 'V1', location_id: 'P1000', currency: 'EUR', total_amount: '10.00',
      lines: [{ line_number: 10, item_id: 'MAT-1', quantity: '1', unit_price: '10.00' }, { line_number: 20, item_id: null, quantity: '1', unit_price: '0.00' }],
      created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-02T00:00:00.000Z', custom_fields: {}, remote_data: { EBELN: '4500000001' },
    } as unknown as MappedRecord;
    const heard: [string, Record<string, unknown>, Record<string, unknown> | null][] = [];
    db!.transaction(() => r.upsert('con_a', 'purchase-orders', [po], 'lst_1', at(1), (c, rec, prev) => heard.push([c, rec, prev])))();
    const stored = r.get('con_a', 'purchase-orders', '4500000001')!;
    expect(stored).toMatchObject({ vendor_id: unifiedId('con_a', 'vendors', 'V1'), location_id: unifiedId('con_a', 'locations', 'P1000') });
    expect(stored.lines).toEqual([expect.objectContaining({ item_id: unifiedId('con_a', 'inventory-items', 'MAT-1') }), expect.objectContaining({ item_id: null })]);
    const row = db!.prepare('SELECT vendor_id, location_id, asset_id, status, listing_id FROM records').get();
    expect(row).toEqual({ vendor_id: stored.vendor_id, location_id: stored.location_id, asset_id: null, status: 'approved', listing_id: 'lst_1' });
    expect(heard).toEqual([['created', stored, null]]);
    db!.transaction(() => r.upsert('con_a', 'purchase-orders', [{ ...po, status: 'completed' } as MappedRecord], 'lst_2', at(2), (c, rec, prev) => heard.push([c, rec, prev])))();
    expect(heard[1]).toEqual(['updated', r.get('con_a', 'purchase-orders', '4500000001'), stored]);
  });

  it('an unchanged record seen by a full listing is marked seen; soft deletes take fresh sequence numbers', () => {
    const r = repo();
    db!.transaction(() => r.upsert('con_a', 'vendors', [vendor('V1', 'A'), vendor('V2', 'B'), vendor('V3', 'C')], 'lst_1', at(1)))();
    db!.transaction(() => r.upsert('con_a', 'vendors', [vendor('V1', 'A')], 'lst_2', at(2)))();
    expect(db!.prepare("SELECT remote_id FROM records WHERE listing_id = 'lst_2'").pluck().all()).toEqual(['V1']);
    const seqBefore = db!.prepare('SELECT max(seq) FROM records').pluck().get() as number;
    expect(db!.transaction(() => r.softDeleteAbsent('con_a', 'vendors', 'lst_2', at(3)))()).toBe(2);
    const deleted = db!.prepare('SELECT seq FROM records WHERE deleted_at IS NOT NULL ORDER BY seq').pluck().all() as number[];
    expect(deleted).toHaveLength(2);
    expect(new Set(deleted).size).toBe(2);
    expect(deleted[0]).toBeGreaterThan(seqBefore);
  });
});

describe('RecordRepository.list with updated_after', () => {
  it('pages in change order with cursors that carry the change time; a cursor from before updated_after never reaches behind it', () => {
    const r = repo();
    for (let n = 0; n < 5; n++) {
      db!.transaction(() => r.upsert('con_a', 'vendors', Array.from({ length: 7 }, (_, i) => vendor(`V${n}-${i}`, `Vendor ${n}-${i}`)), null, at(n)))();
    }
    const after = at(1);
    const all = r.list('con_a', 'vendors', { limit: 500, updatedAfter: after }).data;
    expect(all).toHaveLength(21);
    expect(all.every((v) => (v.updated_at as string) > after)).toBe(true);
    const paged: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page = r.list('con_a', 'vendors', { limit: 4, updatedAfter: after, cursor });
      paged.push(...page.data);
      cursor = page.next_cursor;
      if (cursor) expect(Buffer.from(cursor, 'base64url').toString()).toMatch(/^s\d+:\d{4}-/);
    } while (cursor);
    expect(paged).toEqual(all);
    const early = encodeCursor(1, at(0));
    expect(r.list('con_a', 'vendors', { limit: 500, updatedAfter: after, cursor: early }).data).toEqual(all);
    expect(Buffer.from(r.list('con_a', 'vendors', { limit: 4 }).next_cursor!, 'base64url').toString()).toMatch(/^s\d+$/);
  });
});
