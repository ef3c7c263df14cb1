// SAP S/4HANA as plants run it: Gateway services that cap their pages below
// $top (answering "__next" with a $skiptoken), services that are not activated
// (/IWFND/MED/170, as 404 or 403) or not authorized (403), and HTML error pages
// from the ICM. Nothing may be lost to a short page, and one missing service
// must not stop the entities that are there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapS4hanaEmulator, type SapEmulator } from '../emulators/sap-s4hana/index.js';
import { connectAndSync, expectedCounts, openSapAgent, stored, syncNow, type SapAgent } from '../emulators/sap-s4hana/agent.js';
import { listenApi } from '../support/agent.js';
import type { EntityName } from '../../src-main/contract/unified.js';

const size = { workOrders: 37, purchaseOrders: 23, assets: 30, vendors: 20, products: 15 };
let s: SapAgent;
let api: Awaited<ReturnType<typeof listenApi>>;
beforeAll(async () => {
  s = await openSapAgent({ pageSize: 250 });
  api = await listenApi(s.agent);
});
afterAll(async () => {
  await api.close();
  await s.agent.close();
});

function expectAll(emu: SapEmulator, id: string, except: EntityName[] = []) {
  for (const [entity, n] of Object.entries(expectedCounts(emu)) as [EntityName, number][]) {
    if (!except.includes(entity)) expect(stored(s, id, entity), entity).toHaveLength(n);
  }
}

describe('server-side paging', () => {
  it('follows __next: every record syncs although each page is capped at 9 rows, far below $top', async () => {
    const emu = await startSapS4hanaEmulator({ seed: 3, size, pageCap: 9 });
    try {
      const { id, run } = await connectAndSync(s, emu);
      expect(run.status).toBe('completed');
      expectAll(emu, id);
      // later incremental syncs keep everything too
      emu.commands.changeRecords({ entity: 'purchase-orders', count: 3 });
      expect((await syncNow(s, id)).status).toBe('completed');
      expectAll(emu, id);
      await s.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });
});

describe('a partial landscape', () => {
  let emu: SapEmulator;
  let con: { id: string; token: string };
  beforeAll(async () => {
    emu = await startSapS4hanaEmulator({ seed: 4, size, inactiveServices: ['API_PLANT_SRV'], unauthorizedServices: ['API_EQUIPMENT'] });
    const r = await connectAndSync(s, emu);
    con = { id: r.id, token: r.token };
  });
  afterAll(async () => {
    await s.api.disconnect({ id: con.id });
    await emu.close();
  });

  it('syncs what is there and completes with warnings naming what is not', async () => {
    const run = s.agent.sync.repo.lastRun(con.id)!;
    expect(run.status).toBe('completed');
    expectAll(emu, con.id, ['locations', 'assets']);
    expect(run.warnings.map((w) => [w.entity, w.code])).toEqual(expect.arrayContaining([['locations', 'entity_unavailable'], ['assets', 'entity_unavailable']]));
    const completed = s.events.filter((e) => e.type === 'sync.completed' && e.data.connection_id === con.id).at(-1)!;
    expect(completed.type === 'sync.completed' && completed.data.warnings).toEqual(run.warnings);
    // the connection stays active: a missing service is not a credential problem
    expect(s.agent.connections.get(con.id)).toMatchObject({ status: 'active', health: 'online' });
  });

  it('says per entity what is missing and what to ask the SAP admin', () => {
    const c = s.agent.connections.get(con.id);
    expect(c.entities.locations).toMatchObject({ available: false, reason: expect.stringContaining("No service found for namespace '/SAP/', name 'API_PLANT_SRV'") });
    expect(c.entities.locations!.action).toMatch(/activate.*API_PLANT_SRV.*\/IWFND\/MAINT_SERVICE/i);
    expect(c.entities.assets).toMatchObject({ available: false, reason: expect.stringMatching(/not authorized.*API_EQUIPMENT/i) });
    expect(c.entities.assets!.action).toMatch(/role.*API_EQUIPMENT/i);
    expect(c.entities['work-orders']).toMatchObject({ available: true, reason: null });
    const status = s.agent.sync.status(con.id);
    expect(status.entities.locations).toMatchObject({ status: 'unavailable', count: 0 });
    expect(status.entities['purchase-orders']).toEqual({ status: 'synced', count: expectedCounts(emu)['purchase-orders'], last_error: null });
  });

  it('the unified API answers 409 entity_unavailable with the reason for those entities only', async () => {
    const res = await api.get('/v1/locations', con.token);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'entity_unavailable', message: expect.stringContaining('API_PLANT_SRV') });
    expect((await api.get('/v1/purchase-orders?limit=5', con.token)).status).toBe(200);
    const conn = await api.get('/v1/connection', con.token);
    expect(conn.body.entities.assets).toMatchObject({ available: false });
  });

  it('an entity that becomes available later syncs from scratch', async () => {
    emu.commands.activateService({ service: 'API_PLANT_SRV' });
    emu.commands.denyService({ service: 'API_EQUIPMENT', allow: true });
    const run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
    expect(run.warnings).toEqual([]);
    expectAll(emu, con.id);
    expect(s.agent.connections.get(con.id).entities.locations).toMatchObject({ available: true, reason: null });
    expect((await api.get('/v1/locations', con.token)).status).toBe(200);
  });

  it('a service the Gateway reports as 403 /IWFND/MED/170 is unavailable too, not a credential problem', async () => {
    emu.commands.deactivateService({ service: 'API_MAINTENANCEORDER', status: 403 });
    const run = await syncNow(s, con.id);
    expect(run.status).toBe('completed');
    expect(s.agent.connections.get(con.id)).toMatchObject({ status: 'active' });
    expect(s.agent.connections.get(con.id).entities['work-orders']).toMatchObject({ available: false, reason: expect.stringContaining('API_MAINTENANCEORDER') });
    emu.commands.activateService({ service: 'API_MAINTENANCEORDER' });
  });
});

describe('HTML error pages', () => {
  it('an HTML page from the ICM is reported by its title, never as raw HTML; the next sync completes', async () => {
    const emu = await startSapS4hanaEmulator({ seed: 5, size });
    try {
      const { id } = await connectAndSync(s, emu);
      emu.faults.html = { count: 1, status: 500 };
      const failed = await syncNow(s, id);
      expect(failed.status).toBe('failed');
      expect(failed.error!.message).toMatch(/HTTP 500.*Internal Server Error/);
      expect(failed.error!.message).not.toMatch(/<html|<body/i);
      emu.faults.html = { count: 2, status: 503 }; // the Web Dispatcher's "not available": waited out
      expect((await syncNow(s, id)).status).toBe('completed');
      expectAll(emu, id);
      await s.api.disconnect({ id });
    } finally {
      await emu.close();
    }
  });

  it('connecting to an address where no service answers says so, per entity', async () => {
    const emu = await startSapS4hanaEmulator({ seed: 6, size, inactiveServices: ['API_PURCHASEORDER_PROCESS_SRV', 'API_MAINTENANCEORDER', 'API_EQUIPMENT', 'API_BUSINESS_PARTNER', 'API_PRODUCT_SRV', 'API_MATERIAL_STOCK_SRV', 'API_PLANT_SRV', 'API_MAINTNOTIFICATION', 'API_MAINTENANCEPLAN', 'API_PURCHASEREQ_PROCESS_SRV', 'API_MEASURINGPOINT', 'API_MEASUREMENTDOCUMENT'] });
    try {
      const test = await s.api.testConnection(connectInputOf(emu));
      expect(test.ok).toBe(false);
      expect(Object.values(test.entities).every((e) => !e.available)).toBe(true);
      await expect(s.api.connect(connectInputOf(emu))).rejects.toMatchObject({ code: 'no_entity_available' });
    } finally {
      await emu.close();
    }
  });
});

function connectInputOf(emu: SapEmulator) {
  return { system: 'sap-s4hana', deployment: 'on_prem' as const, name: 'S/4', base_url: emu.url, credentials: emu.credentials(), options: { allow_insecure: true, sap_client: '100' } };
}
