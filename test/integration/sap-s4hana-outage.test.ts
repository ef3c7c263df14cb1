// Scale and outage: 10,000 maintenance orders synced through the agent, the
// system taken down after a few pages and brought back; the next sync resumes
// at its checkpoint, with no gap and no duplicate. And 100,000 orders on demand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapS4hanaEmulator, type SapEmulator } from '../emulators/sap-s4hana/index.js';
import { connectAndSync, connectorFor, openSapAgent, stored, syncNow, type SapAgent } from '../emulators/sap-s4hana/agent.js';

describe('a 10,000-order sync interrupted by an outage', () => {
  let emu: SapEmulator;
  let s: SapAgent;
  beforeAll(async () => {
    emu = await startSapS4hanaEmulator({ seed: 5, size: { workOrders: 10_000, purchaseOrders: 50, assets: 200, vendors: 30, products: 50 } });
    s = await openSapAgent({ pageSize: 500 });
  });
  afterAll(async () => {
    await s.agent.close();
    await emu.close();
  });

  it('resumes after the system is back, without gaps or duplicates', async () => {
    let pages = 0;
    emu.hooks.beforeList = (set, url) => {
      if (set !== 'MaintenanceOrder' || url.searchParams.get('$top') !== '500') return; // not connect's verify read
      if (++pages === 4) void emu.down(); // the 4th page never answers
    };
    const first = await connectAndSync(s, emu);
    expect(first.run.status).toBe('failed');
    expect(first.run.error).toMatchObject({ code: 'system_unreachable' });
    expect(s.agent.connections.get(first.id)).toMatchObject({ status: 'active', health: 'offline' });
    const partial = stored(s, first.id, 'work-orders');
    expect(partial).toHaveLength(1500); // three pages committed

    await emu.up();
    const pagesBefore = pages;
    const second = await syncNow(s, first.id);
    expect(second.status).toBe('completed');
    expect(s.agent.connections.get(first.id).health).toBe('online');
    // resumed at the 4th page: 17 more full pages of 500 and the empty last one — not a new listing from the start
    expect(pages - pagesBefore).toBe(18);

    const ids = stored(s, first.id, 'work-orders').map((r) => String(r.remote_id));
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    const want = [...emu.data.workOrders()].map((w) => String(w.MaintenanceOrder)).sort();
    expect([...ids].sort()).toEqual(want);
    expect((first.run.counts['work-orders']?.created ?? 0) + (second.counts['work-orders']?.created ?? 0)).toBe(10_000);
    expect(second.counts['work-orders']).toMatchObject({ updated: 0, deleted: 0, failed: 0 });
  });
});

describe('100,000 orders on demand', () => {
  it('builds the emulator in seconds and pages it', async () => {
    const t0 = Date.now();
    const emu = await startSapS4hanaEmulator({ seed: 9, size: { workOrders: 100_000 } });
    try {
      expect(Date.now() - t0).toBeLessThan(5_000);
      const c = connectorFor(emu);
      const page = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: null, pageSize: 500 });
      expect(page.records).toHaveLength(500);
      const next = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: page.nextCursor, pageSize: 500 });
      expect(next.records[0].remote_id).not.toBe(page.records[499].remote_id);
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      await emu.close();
    }
  });
});
