// SAP ECC as plants run it: RFC_READ_TABLE selects without ORDER BY, so rows
// come in the database's order (the emulator's default, as on HANA); tables
// the user may not read (S_TABU_DIS) or that the release does not have; HTML
// error pages from the ICM. Every table the connector lists must be complete
// whatever the row order, and one missing table must not stop the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapEccEmulator, type SapEccEmulator } from '../emulators/sap-ecc/index.js';
import { command, connectAndSync, openEccAgent, stored, syncNow, type EccAgent } from '../emulators/sap-ecc/agent-helper.js';
import { listenApi } from '../support/agent.js';
import { entityNames, type EntityName } from '../../src-main/contract/unified.js';

let h: EccAgent;
let api: Awaited<ReturnType<typeof listenApi>>;
beforeAll(async () => {
  h = await openEccAgent({ pageSize: 100 });
  api = await listenApi(h.agent);
});
afterAll(async () => { await api.close(); await h.close(); });

const remoteIds = (id: string, entity: EntityName) => stored(h, id, entity).map((r) => r.remote_id as string).sort();

function expectComplete(emu: SapEccEmulator, id: string, except: EntityName[] = []) {
  for (const entity of entityNames) if (!except.includes(entity)) expect(remoteIds(id, entity), entity).toEqual([...emu.remoteIds(entity)].sort());
}

describe('rows in the database order', () => {
  it('lists every row of LFA1, T001W, T001L, EQUI, MARD, EKKO and AUFK although RFC_READ_TABLE returns them in no key order', async () => {
    const emu = await startSapEccEmulator({ seed: 11, size: { vendors: 1200, assets: 450, workOrders: 700, purchaseOrders: 260, materials: 180, plants: 3 } });
    try {
      const { id, run } = await connectAndSync(h, emu);
      expect(run.status, JSON.stringify(run.error)).toBe('completed');
      expectComplete(emu, id);
      expect(run.counts.vendors?.created).toBe(1200);
      // a full resync keeps every row and deletes nothing
      const full = await syncNow(h, id, true);
      expect(full.status).toBe('completed');
      expect(Object.values(full.counts).reduce((n, c) => n + (c?.deleted ?? 0), 0)).toBe(0);
      expectComplete(emu, id);
      await h.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});

describe('a partial landscape', () => {
  let emu: SapEccEmulator;
  let con: { id: string; token: string };
  beforeAll(async () => {
    emu = await startSapEccEmulator({ seed: 12, size: { workOrders: 40, purchaseOrders: 30, vendors: 25 }, blockedTables: ['EKKO'] });
    command(emu, 'dropTable', { table: 'T001L' });
    const r = await connectAndSync(h, emu);
    con = { id: r.id, token: r.token };
  });
  afterAll(async () => { await h.api.disconnect({ id: con.id }); await emu.close(); });

  it('syncs the entities whose tables it may read and completes with warnings', () => {
    const run = h.agent.sync.repo.lastRun(con.id)!;
    expect(run.status, JSON.stringify(run.error)).toBe('completed');
    expectComplete(emu, con.id, ['purchase-orders', 'locations']);
    expect(run.warnings.map((w) => w.entity).sort()).toEqual(['locations', 'purchase-orders']);
    expect(h.agent.connections.get(con.id).status).toBe('active');
  });

  it('names the table and the authorization to ask the SAP admin for', async () => {
    const c = h.agent.connections.get(con.id);
    expect(c.entities['purchase-orders']).toMatchObject({ available: false, reason: expect.stringMatching(/NOT_AUTHORIZED.*EKKO/) });
    expect(c.entities['purchase-orders']!.action).toMatch(/S_TABU_DIS.*EKKO/);
    expect(c.entities.locations).toMatchObject({ available: false, reason: expect.stringMatching(/TABLE_NOT_AVAILABLE.*T001L/) });
    const res = await api.get('/v1/purchase-orders', con.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('entity_unavailable');
  });

  it('an entity whose table becomes readable later syncs from scratch', async () => {
    command(emu, 'blockTable', { table: 'EKKO', allow: true });
    const run = await syncNow(h, con.id);
    expect(run.status).toBe('completed');
    expect(remoteIds(con.id, 'purchase-orders')).toEqual([...emu.remoteIds('purchase-orders')].sort());
    expect(h.agent.connections.get(con.id).entities['purchase-orders']!.available).toBe(true);
  });
});

describe('HTML error pages', () => {
  it('an ICM error page is reported by its title; a 503 page is waited out', async () => {
    const emu = await startSapEccEmulator({ seed: 13, size: { workOrders: 20 } });
    try {
      const { id } = await connectAndSync(h, emu);
      emu.server.faults.html = { count: 1, status: 500 };
      const failed = await syncNow(h, id);
      expect(failed.status).toBe('failed');
      expect(failed.error!.message).toMatch(/HTTP 500.*Internal Server Error/);
      expect(failed.error!.message).not.toMatch(/<html|<body/i);
      emu.server.faults.html = { count: 2, status: 503 };
      expect((await syncNow(h, id)).status).toBe('completed');
      await h.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});
