// UpKeep as accounts run it: the server lowers `limit` below what is asked,
// resources the user's role or plan does not include (403), HTML error pages
// from the CDN in front.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpKeepEmulator, type UpKeepEmulator } from '../emulators/upkeep/index.js';
import { allRecords, connectAndSync, liveRemoteIds, openUpKeepAgent, syncNow, UPKEEP_ENTITIES, type Harness } from '../emulators/upkeep/harness.js';
import { listenApi } from '../support/agent.js';
import type { EntityName } from '../../src-main/contract/unified.js';

let h: Harness;
let api: Awaited<ReturnType<typeof listenApi>>;
beforeAll(async () => {
  h = await openUpKeepAgent({ pageSize: 100 });
  api = await listenApi(h.agent);
});
afterAll(async () => { await api.close(); await h.agent.close(); });

function expectComplete(emu: UpKeepEmulator, id: string, except: EntityName[] = []) {
  for (const entity of UPKEEP_ENTITIES) {
    if (except.includes(entity)) continue;
    expect(allRecords(h, id, entity).map((r) => r.remote_id).sort(), entity).toEqual(liveRemoteIds(emu, entity).sort());
  }
}

describe('page caps', () => {
  it('a server cap of 7 rows per page loses nothing', async () => {
    const emu = await startUpKeepEmulator({ seed: 31, maxLimit: 7 });
    try {
      const { id, run } = await connectAndSync(h, emu);
      expect(run.status).toBe('completed');
      expectComplete(emu, id);
      await h.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});

describe('a partial landscape', () => {
  let emu: UpKeepEmulator;
  let con: { id: string; token: string };
  beforeAll(async () => {
    emu = await startUpKeepEmulator({ seed: 32 });
    emu.commands.denyResource({ resource: 'purchase-orders' });
    const r = await connectAndSync(h, emu);
    con = { id: r.id, token: r.token };
  });
  afterAll(async () => { await h.api.disconnect({ id: con.id }); await emu.close(); });

  it('syncs the rest and completes; purchase orders are unavailable with UpKeep’s reason', async () => {
    const run = h.agent.sync.repo.lastRun(con.id)!;
    expect(run.status).toBe('completed');
    expectComplete(emu, con.id, ['purchase-orders']);
    const e = h.agent.connections.get(con.id).entities['purchase-orders'];
    expect(e).toMatchObject({ available: false, reason: expect.stringContaining('does not allow access to purchase orders') });
    expect((await api.get('/v1/purchase-orders', con.token)).status).toBe(409);
    emu.commands.denyResource({ resource: 'purchase-orders', allow: true });
    expect((await syncNow(h, con.id)).status).toBe('completed');
    expectComplete(emu, con.id);
  });
});

describe('HTML error pages', () => {
  it('a 502 page is waited out and the sync completes', async () => {
    const emu = await startUpKeepEmulator({ seed: 33 });
    try {
      const { id } = await connectAndSync(h, emu);
      emu.faults.html = { count: 2, status: 502 };
      expect((await syncNow(h, id)).status).toBe('completed');
      await h.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});
