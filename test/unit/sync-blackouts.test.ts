// Blackout windows in local time: inside/outside, across midnight, touching
// windows, and the first moment a scheduled sync may start again.
import { describe, expect, it } from 'vitest';
import { blackoutAt, outsideBlackouts } from '../../src-main/sync/blackouts.js';
import { SyncBlackout, SyncBlackouts } from '../../src-main/contract/connections.js';

// Local times, whatever the machine's zone: the windows are local time too.
const at = (d: number, h: number, m = 0) => new Date(2026, 2, d, h, m);
const nightly = [{ start: '22:00', end: '02:00' }];

describe('sync blackouts', () => {
  it('a window crossing midnight covers the evening and the early morning, not the day', () => {
    expect(blackoutAt(at(10, 21, 59), nightly)).toBeNull();
    expect(blackoutAt(at(10, 22, 0), nightly)).toEqual(nightly[0]);
    expect(blackoutAt(at(10, 23, 30), nightly)).toEqual(nightly[0]);
    expect(blackoutAt(at(11, 0, 0), nightly)).toEqual(nightly[0]);
    expect(blackoutAt(at(11, 1, 59), nightly)).toEqual(nightly[0]);
    expect(blackoutAt(at(11, 2, 0), nightly)).toBeNull(); // the end is outside
    expect(blackoutAt(at(11, 12, 0), nightly)).toBeNull();
  });

  it('a window within a day', () => {
    const lunch = [{ start: '12:00', end: '13:30' }];
    expect(blackoutAt(at(10, 11, 59), lunch)).toBeNull();
    expect(blackoutAt(at(10, 13, 29), lunch)).toEqual(lunch[0]);
    expect(blackoutAt(at(10, 13, 30), lunch)).toBeNull();
  });

  it('a sync due inside a window moves to its end (tomorrow morning when it crosses midnight)', () => {
    expect(outsideBlackouts(at(10, 23, 15), nightly)).toEqual(at(11, 2, 0));
    expect(outsideBlackouts(at(11, 1, 0), nightly)).toEqual(at(11, 2, 0));
    expect(outsideBlackouts(at(10, 15, 0), nightly)).toEqual(at(10, 15, 0));
  });

  it('touching and overlapping windows are passed in one go', () => {
    const windows = [{ start: '22:00', end: '02:00' }, { start: '02:00', end: '03:00' }, { start: '02:30', end: '04:15' }];
    expect(outsideBlackouts(at(10, 22, 30), windows)).toEqual(at(11, 4, 15));
  });

  it('refuses windows that do not parse, naming the field', () => {
    expect(SyncBlackouts.safeParse([{ start: '22:00', end: '02:00' }]).success).toBe(true);
    for (const bad of [{ start: '24:00', end: '02:00' }, { start: '9:00', end: '10:00' }, { start: '22:00' }, { start: '22:00', end: '22:00' }, { start: '22:00', end: '02:00', tz: 'UTC' }, '22:00-02:00']) {
      const r = SyncBlackouts.safeParse([bad]);
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
    const r = SyncBlackout.safeParse({ start: '25:61', end: '02:00' });
    expect(r.error?.issues[0].path).toEqual(['start']);
  });
});
