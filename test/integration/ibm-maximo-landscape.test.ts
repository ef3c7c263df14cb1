// IBM Maximo as plants run it: mxe.oslc.maxpagesize below the page size asked
// for (Maximo refuses such a request), object structures the user's security
// group may not use (BMXAA9301E), HTML error pages from the proxy in front.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMaximoEmulator, type MaximoEmulator } from '../emulators/ibm-maximo/index.js';
import { connectAndSync, openMaximoAgent, stored, syncNow, type MaximoAgent } from '../emulators/ibm-maximo/agent-helper.js';
import { listenApi } from '../support/agent.js';
import { entityNames, type EntityName } from '../../src-main/contract/unified.js';

const size = { workOrders: 260, purchaseOrders: 45, assets: 70, inventory: 50, vendors: 30, locations: 25 };
let m: MaximoAgent;
let api: Awaited<ReturnType<typeof listenApi>>;
beforeAll(async () => {
  m = await openMaximoAgent({ pageSize: 100 });
  api = await listenApi(m.agent);
});
afterAll(async () => { await api.close(); await m.close(); });

function expectComplete(emu: MaximoEmulator, id: string, except: EntityName[] = []) {
  for (const entity of entityNames) {
    if (!except.includes(entity)) expect(stored(m, id, entity).map((r) => r.remote_id).sort(), entity).toEqual(emu.liveRemoteIds(entity).sort());
  }
}

describe('page size limits', () => {
  it('mxe.oslc.maxpagesize below the page size asked for: the sync pages smaller and loses nothing', async () => {
    const emu = await startMaximoEmulator({ seed: 21, size, maxPageSize: 40 });
    try {
      const { id, run } = await connectAndSync(m, emu);
      expect(run.status, JSON.stringify(run.error)).toBe('completed');
      expectComplete(emu, id);
      emu.commands.changeRecords({ entity: 'work-orders', count: 70 });
      expect((await syncNow(m, id)).status).toBe('completed');
      expectComplete(emu, id);
      await m.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});

describe('a partial landscape', () => {
  let emu: MaximoEmulator;
  let con: { id: string; token: string };
  beforeAll(async () => {
    emu = await startMaximoEmulator({ seed: 22, size });
    emu.commands.denyObjectStructure({ os: 'mxapipo' });
    const r = await connectAndSync(m, emu);
    con = { id: r.id, token: r.token };
  });
  afterAll(async () => { await m.api.disconnect({ id: con.id }); await emu.close(); });

  it('syncs the object structures the security group may use and completes with a warning', () => {
    const run = m.agent.sync.repo.lastRun(con.id)!;
    expect(run.status, JSON.stringify(run.error)).toBe('completed');
    expectComplete(emu, con.id, ['purchase-orders']);
    expect(run.warnings).toEqual([expect.objectContaining({ entity: 'purchase-orders', code: 'entity_unavailable', message: expect.stringContaining('BMXAA9301E') })]);
    expect(m.agent.connections.get(con.id)).toMatchObject({ status: 'active', health: 'online' });
  });

  it('says which object structure to grant to the security group', async () => {
    const e = m.agent.connections.get(con.id).entities['purchase-orders'];
    expect(e).toMatchObject({ available: false, reason: expect.stringContaining('BMXAA9301E') });
    expect(e!.action).toMatch(/security group.*MXAPIPO/i);
    const res = await api.get('/v1/purchase-orders', con.token);
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'entity_unavailable' } } });
    expect(m.agent.sync.status(con.id).entities['purchase-orders']).toMatchObject({ status: 'unavailable' });
  });

  it('once granted, the object structure syncs from scratch', async () => {
    emu.commands.denyObjectStructure({ os: 'mxapipo', allow: true });
    const run = await syncNow(m, con.id);
    expect(run.status).toBe('completed');
    expect(run.counts['purchase-orders']?.created).toBe(emu.liveRemoteIds('purchase-orders').length);
    expectComplete(emu, con.id);
  });
});

describe('HTML error pages', () => {
  it('a 502 page from the proxy is waited out; a 500 page is reported by its title', async () => {
    const emu = await startMaximoEmulator({ seed: 23, size });
    try {
      const { id } = await connectAndSync(m, emu);
      emu.faults.html = { count: 2, status: 502 };
      expect((await syncNow(m, id)).status).toBe('completed');
      emu.faults.html = { count: 1, status: 500 };
      const failed = await syncNow(m, id);
      expect(failed.status).toBe('failed');
      expect(failed.error!.message).toMatch(/HTTP 500.*Internal Server Error/);
      expect(failed.error!.message).not.toMatch(/<html/i);
      await m.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});
