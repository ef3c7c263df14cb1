// UpKeep's plant entities against its emulator, through the real agent and the unified
// API over HTTP: meters with their newest reading, readings walked meter by meter,
// requests (an approved one linked to its work order), preventive maintenance, no
// purchase requisitions (unavailable with UpKeep's reason), and the two writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpKeepEmulator, type UpKeepEmulator } from '../emulators/upkeep/index.js';
import { connectAndSync, openUpKeepAgent, syncNow, type Harness } from '../emulators/upkeep/harness.js';
import { listenApi } from '../support/agent.js';
import { expectDuplicateReading, expectLinksResolve, expectMeterReadingWrites, expectServiceRequestWrites, listAll } from '../support/plant.js';

let h: Harness;
let emu: UpKeepEmulator;
let api: Awaited<ReturnType<typeof listenApi>>;
let id: string;
let token: string;

beforeAll(async () => {
  h = await openUpKeepAgent({ pageSize: 40 });
  emu = await startUpKeepEmulator({ seed: 11, maxLimit: 30 });
  const c = await connectAndSync(h, emu);
  id = c.id;
  token = c.token;
  expect(c.run.status).toBe('completed');
  api = await listenApi(h.agent);
});
afterAll(async () => { await api.close(); await h.agent.close(); await emu.close(); });

describe('reads', () => {
  it('meters carry their newest reading; every reading is read, meter by meter, under a page cap below the page size', async () => {
    const meters = await listAll(api, token, 'meters');
    expect(meters).toHaveLength(emu.stores.meters.liveCount);
    const readings = await listAll(api, token, 'meter-readings');
    expect(readings).toHaveLength([...emu.stores.readings.all()].length);
    for (const m of meters) {
      const own = readings.filter((r) => r.meter_id === m.id);
      const newest = [...emu.stores.readings.all()].filter((r) => r.meter === m.remote_id).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
      expect(m.last_reading).toBe(newest ? String(newest.value) : null);
      expect(own.every((r) => r.unit === m.unit && r.asset_id === m.asset_id)).toBe(true);
    }
    await expectLinksResolve(api, token, 'meter-readings', readings[0], { meter_id: 'meters', asset_id: 'assets' });
    const filtered = await listAll(api, token, 'meter-readings', `&meter_id=${meters[0].id}`);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((r) => r.meter_id === meters[0].id)).toBe(true);
  });

  it('an approved request links to the work order it became; preventive maintenance has its interval and next due date', async () => {
    const requests = await listAll(api, token, 'service-requests');
    const approved = requests.find((r) => r.status === 'in_progress' && r.work_order_id);
    expect(approved).toBeDefined();
    await expectLinksResolve(api, token, 'service-requests', approved!, { work_order_id: 'work-orders', asset_id: 'assets', location_id: 'locations' });
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(['open', 'in_progress', 'cancelled']));
    const plans = await listAll(api, token, 'maintenance-plans');
    expect(plans).toHaveLength(emu.stores.pm.liveCount);
    expect(plans.some((p) => p.active === false)).toBe(true);
    const p = plans.find((x) => x.interval)!;
    expect(p.interval).toMatchObject({ every: expect.any(Number), unit: expect.stringMatching(/^(days|weeks|months|years)$/) });
    expect(p.next_due_at).toMatch(/Z$/);
  });

  it('purchase requisitions are unavailable, with the reason UpKeep has none', async () => {
    const c = await api.get('/v1/connection', token);
    expect(c.body.entities['purchase-requisitions']).toMatchObject({ available: false, reason: expect.stringContaining('UpKeep has no purchase requisitions') });
    const list = await api.get('/v1/purchase-requisitions', token);
    expect(list.status).toBe(409);
    expect(list.body.error).toMatchObject({ code: 'entity_unavailable' });
    const status = await api.get('/v1/sync-status', token);
    expect(status.body.entities['purchase-requisitions']).toMatchObject({ status: 'unavailable' });
  });
});

describe('writes', () => {
  it('records a reading (POST /meters/:id/readings) and refuses an unknown meter, a text, a future and a duplicate reading', async () => {
    const meter = (await listAll(api, token, 'meters'))[0];
    const created = await expectMeterReadingWrites(api, token, { numericMeter: meter, goodValue: 4321, asset: {} });
    const inEmulator = [...emu.stores.readings.all()].find((r) => `${String(r.meter)}/${r.id}` === created.remote_id);
    expect(inEmulator).toMatchObject({ value: 4321 });
    await expectDuplicateReading(api, token, meter.id, created.read_at, 4322);
    // the meter's last reading follows at the next sync
    await syncNow(h, id);
    expect((await api.get(`/v1/meters/${meter.id}`, token)).body.last_reading).toBe('4321');
  });

  it('creates a request (POST /requests) and refuses an unknown asset', async () => {
    const asset = (await listAll(api, token, 'assets'))[0];
    const sr = await expectServiceRequestWrites(api, token, { numericMeter: {}, goodValue: 0, asset });
    expect(emu.stores.requests.get(sr.remote_id)).toMatchObject({ status: 'open', priority: 3, asset: asset.remote_id });
  });

  it('a role without meters makes meters and readings unavailable; the rest syncs', async () => {
    emu.commands.denyResource({ resource: 'meters' });
    try {
      const run = await syncNow(h, id);
      expect(run.status).toBe('completed');
      expect(run.warnings.map((w) => w.entity).sort()).toEqual(['meter-readings', 'meters']);
      expect(run.counts['work-orders']).toBeDefined();
    } finally {
      emu.commands.denyResource({ resource: 'meters', allow: true });
    }
  });
});
