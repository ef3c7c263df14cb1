// Maximo's plant object structures against its emulator, through the real agent and the
// unified API over HTTP: asset meters (MXAPIASSET assetmeter rows) with their last reading,
// readings (MXAPIMETERREADING, by enterdate) with unit and asset, SRs (one followed up by a work
// order), PMs (calendar and meter-based), PRs (a completed one linked to its purchase order),
// and the two writes (a reading posted on the asset, POST MXAPISR).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMaximoEmulator, type MaximoEmulator } from '../emulators/ibm-maximo/index.js';
import { connectAndSync, openMaximoAgent, syncNow, type MaximoAgent } from '../emulators/ibm-maximo/agent-helper.js';
import { listenApi } from '../support/agent.js';
import { expectDuplicateReading, expectLinksResolve, expectMeterReadingWrites, expectServiceRequestWrites, listAll } from '../support/plant.js';

let m: MaximoAgent;
let emu: MaximoEmulator;
let api: Awaited<ReturnType<typeof listenApi>>;
let id: string;
let token: string;

beforeAll(async () => {
  m = await openMaximoAgent({ pageSize: 50 });
  emu = await startMaximoEmulator({ seed: 31, size: { workOrders: 120, purchaseOrders: 40, assets: 40, inventory: 40, vendors: 12, locations: 12, serviceRequests: 30, pms: 12, requisitions: 18 }, maxPageSize: 60 });
  const c = await connectAndSync(m, emu);
  expect(c.run.status, JSON.stringify(c.run.error)).toBe('completed');
  id = c.id;
  token = c.token;
  api = await listenApi(m.agent);
});
afterAll(async () => { await api.close(); await m.close(); await emu.close(); });

describe('reads', () => {
  it('every object structure is read whole; meters are asset meters named asset/site/meter', async () => {
    for (const e of ['meters', 'meter-readings', 'service-requests', 'maintenance-plans', 'purchase-requisitions'] as const) {
      expect((await listAll(api, token, e)).map((r) => r.remote_id).sort(), e).toEqual(emu.liveRemoteIds(e).sort());
    }
    const meters = await listAll(api, token, 'meters');
    expect(new Set(meters.map((x) => x.type))).toEqual(new Set(['cumulative', 'continuous', 'characteristic']));
    const runHours = meters.find((x) => x.remote_id === '11000/BEDFORD/RUNHOURS')!;
    expect(runHours).toMatchObject({ type: 'cumulative', unit: 'HOURS', last_reading: expect.stringMatching(/^\d+$/) });
    await expectLinksResolve(api, token, 'meters', runHours, { asset_id: 'assets', location_id: 'locations' });
  });

  it('readings carry their meter, its asset and unit; the last one of a meter is the meter\'s last reading', async () => {
    const readings = await listAll(api, token, 'meter-readings');
    const meters = await listAll(api, token, 'meters');
    const vib = meters.find((x) => x.remote_id === '11005/TEXAS/VIBRATION')!;
    const own = readings.filter((r) => r.meter_id === vib.id).sort((a, b) => Date.parse(a.read_at) - Date.parse(b.read_at));
    expect(own.length).toBe(emu.dataset.sizes.readingsPerMeter);
    expect(own.at(-1)!.value).toBe(vib.last_reading);
    expect(own.every((r) => r.unit === 'MM/S' && r.asset_id === vib.asset_id)).toBe(true);
    await expectLinksResolve(api, token, 'meter-readings', own[0], { meter_id: 'meters', asset_id: 'assets' });
  });

  it('an SR followed up by a work order links to it; PMs have calendar or meter intervals; a completed PR links its lines to the purchase order', async () => {
    const srs = await listAll(api, token, 'service-requests');
    const followed = srs.find((r) => r.work_order_id)!;
    await expectLinksResolve(api, token, 'service-requests', followed, { work_order_id: 'work-orders', asset_id: 'assets', location_id: 'locations' });
    expect(srs.some((r) => r.status === 'open' && r.work_order_id === null)).toBe(true);
    const pms = await listAll(api, token, 'maintenance-plans');
    const byMeter = pms.find((p) => p.interval?.meter_id)!;
    await expectLinksResolve(api, token, 'maintenance-plans', byMeter, { 'interval.meter_id': 'meters', asset_id: 'assets' });
    expect(pms.find((p) => p.interval?.unit === 'months')).toBeDefined();
    expect(pms.find((p) => !p.active)).toMatchObject({ next_due_at: null });
    const prs = await listAll(api, token, 'purchase-requisitions');
    expect(new Set(prs.map((p) => p.status))).toEqual(new Set(['pending_approval', 'approved', 'ordered', 'cancelled']));
    const ordered = prs.find((p) => p.status === 'ordered')!;
    for (const l of ordered.lines) {
      expect((await api.get(`/v1/purchase-orders/${l.purchase_order_id}`, token)).status).toBe(200);
      expect((await api.get(`/v1/inventory-items/${l.item_id}`, token)).status).toBe(200);
    }
  });
});

describe('writes', () => {
  it('posts a reading on the asset and refuses an unknown meter, a text, a future and a duplicate reading', async () => {
    const meters = await listAll(api, token, 'meters');
    const gauge = meters.find((x) => x.type === 'continuous')!;
    const created = await expectMeterReadingWrites(api, token, { numericMeter: gauge, goodValue: '3.7', asset: {} });
    expect(created).toMatchObject({ unit: 'MM/S', asset_id: gauge.asset_id, note: 'Round 7' });
    await expectDuplicateReading(api, token, gauge.id, created.read_at, '3.8');
    // a continuous meter counts up; a characteristic meter takes its domain's values only
    const counter = meters.find((x) => x.type === 'cumulative')!;
    const back = await api.post('/v1/meter-readings', token, { meter_id: counter.id, value: 1 });
    expect(back.status).toBe(400);
    expect(back.body.error.field).toBe('value');
    const check = meters.find((x) => x.type === 'characteristic')!;
    expect((await api.post('/v1/meter-readings', token, { meter_id: check.id, value: 'MAYBE' })).status).toBe(400);
    const ok = await api.post('/v1/meter-readings', token, { meter_id: check.id, value: 'WEEPING' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.value).toBe('WEEPING');
    await syncNow(m, id);
    expect((await api.get(`/v1/meters/${check.id}`, token)).body.last_reading).toBe('WEEPING');
  });

  it('creates an SR (POST MXAPISR) and refuses an unknown asset and a summary Maximo cannot hold', async () => {
    const asset = (await listAll(api, token, 'assets'))[0];
    const sr = await expectServiceRequestWrites(api, token, { numericMeter: {}, goodValue: 0, asset });
    expect(emu.record('service-requests', sr.remote_id)).toMatchObject({ status: 'NEW', reportedpriority: 1, assetnum: asset.tag });
    const long = await api.post('/v1/service-requests', token, { title: 'x'.repeat(150) });
    expect(long.status).toBe(422);
    expect(long.body.error).toMatchObject({ code: 'value_too_long', field: 'title' });
  });
});

describe('partial landscape', () => {
  it('an object structure the security group may not use (MXAPIPR) makes requisitions unavailable, naming the grant; the rest syncs', async () => {
    emu.commands.denyObjectStructure({ os: 'mxapipr' });
    try {
      const run = await syncNow(m, id);
      expect(run.status).toBe('completed');
      expect(run.warnings.map((w) => w.entity)).toEqual(['purchase-requisitions']);
      const c = await api.get('/v1/connection', token);
      expect(c.body.entities['purchase-requisitions']).toMatchObject({ available: false, reason: expect.stringContaining('BMXAA9301E'), action: expect.stringMatching(/MXAPIPR/) });
      expect(c.body.entities['service-requests']).toMatchObject({ available: true });
      expect((await api.get('/v1/purchase-requisitions', token)).body.error).toMatchObject({ code: 'entity_unavailable' });
    } finally {
      emu.commands.denyObjectStructure({ os: 'mxapipr', allow: true });
    }
    expect((await syncNow(m, id)).warnings).toEqual([]);
  });
});
