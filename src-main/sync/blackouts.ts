// Sync blackouts: local-time windows in which no scheduled sync runs (e.g. an
// SAP system's nightly batch window). A window whose end is before its start
// crosses midnight: 22:00–02:00 is 22:00 to 02:00 the next morning. Local time
// is the agent machine's, read through Date's local fields, so daylight-saving
// changes follow the machine's zone.
import type { SyncBlackout } from '../contract/connections.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const minuteOfDay = (d: Date) => d.getHours() * 60 + d.getMinutes();

function contains(w: SyncBlackout, minute: number): boolean {
  const start = minutes(w.start);
  const end = minutes(w.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The window `at` falls in, or null. */
export function blackoutAt(at: Date, windows: readonly SyncBlackout[]): SyncBlackout | null {
  const m = minuteOfDay(at);
  return windows.find((w) => contains(w, m)) ?? null;
}

/** The first moment at or after `at` outside every window (windows may touch or overlap). */
export function outsideBlackouts(at: Date, windows: readonly SyncBlackout[]): Date {
  let t = at;
  for (let i = 0; i <= windows.length; i++) {
    const w = blackoutAt(t, windows);
    if (!w) return t;
    const end = minutes(w.end);
    const next = new Date(t.getFullYear(), t.getMonth(), t.getDate(), Math.floor(end / 60), end % 60, 0, 0);
    if (next <= t) next.setDate(next.getDate() + 1); // the window ends tomorrow morning
    t = next;
  }
  return t;
}

export const describeBlackout = (w: SyncBlackout) => `${w.start}–${w.end}`;
