// S/4HANA's plant services against its emulator, through the real agent and the unified API
// over HTTP: measuring points and measurement documents (OData v4, a server page cap below the
// page size), maintenance notifications (one with its order), maintenance plans (calendar and
// counter cycles, the next call), purchase requisitions (an ordered one linked to its purchase
// order), the two writes (POST MeasurementDocument, POST MaintenanceNotification), and a v4
// service group that is not published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapS4hanaEmulator, type SapEmulator } from '../emulators/sap-s4hana/index.js';
import { connectAndSync, expectedCounts, openSapAgent, syncNow, type SapAgent } from '../emulators/sap-s4hana/agent.js';
import { listenApi } from '../support/agent.js';
import { expectDuplicateReading, expectLinksResolve, expectMeterReadingWrites, expectServiceRequestWrites, listAll } from '../support/plant.js';

let s: SapAgent;
let emu: SapEmulator;
let api: Awaited<ReturnType<typeof listenApi>>;
let id: string;
let token: string;
const PLANT = ['meters', 'meter-readings', 'service-requests', 'maintenance-plans', 'purchase-requisitions'] as const;

beforeAll(async () => {
  s = await openSapAgent({ pageSize: 40 });
  emu = await startSapS4hanaEmulator({ seed: 41, size: { workOrders: 120, purchaseOrders: 30, assets: 60, vendors: 10, products: 40, notifications: 45, plans: 14, requisitions: 24 }, pageCap: 17 });
  const c = await connectAndSync(s, emu);
  expect(c.run.status, JSON.stringify(c.run.error)).toBe('completed');
  id = c.id;
  token = c.token;
  api = await listenApi(s.agent);
});
afterAll(async () => { await api.close(); await s.agent.close(); await emu.close(); });

describe('reads', () => {
  it('every plant entity is read whole under a page cap of 17 rows', async () => {
    const want = expectedCounts(emu);
    for (const e of PLANT) expect((await listAll(api, token, e)).length, e).toBe(want[e]);
  });

  it('measuring points have their kind, unit and newest reading; documents their point, equipment and unit', async () => {
    const meters = await listAll(api, token, 'meters');
    expect(new Set(meters.map((m) => m.type))).toEqual(new Set(['continuous', 'cumulative', 'characteristic']));
    const vib = meters.find((m) => m.type === 'continuous')!;
    expect(vib).toMatchObject({ unit: 'MMS', custom_fields: { upper_limit: 7.1 } });
    const docs = (await listAll(api, token, 'meter-readings', `&meter_id=${vib.id}`)).sort((a, b) => Date.parse(a.read_at) - Date.parse(b.read_at));
    expect(docs.at(-1)!.value).toBe(vib.last_reading);
    expect(Date.parse(docs.at(-1)!.read_at)).toBe(Date.parse(vib.last_reading_at));
    expect(docs.every((d) => d.asset_id === vib.asset_id && d.unit === 'MMS')).toBe(true);
    await expectLinksResolve(api, token, 'meter-readings', docs[0], { meter_id: 'meters', asset_id: 'assets' });
  });

  it('a notification in process links to its maintenance order; plans carry cycle and next call; an ordered requisition links to its order', async () => {
    const notes = await listAll(api, token, 'service-requests');
    const inProcess = notes.find((n) => n.status === 'in_progress' && n.work_order_id)!;
    await expectLinksResolve(api, token, 'service-requests', inProcess, { work_order_id: 'work-orders', asset_id: 'assets', location_id: 'locations' });
    const plans = await listAll(api, token, 'maintenance-plans');
    const counter = plans.find((p) => p.interval?.meter_id)!;
    expect(counter.interval).toMatchObject({ unit: 'H' });
    await expectLinksResolve(api, token, 'maintenance-plans', counter, { 'interval.meter_id': 'meters', asset_id: 'assets' });
    expect(plans.find((p) => p.interval?.unit === 'months')?.next_due_at).toMatch(/Z$/);
    expect(plans.find((p) => !p.active)).toMatchObject({ next_due_at: null });
    const reqs = await listAll(api, token, 'purchase-requisitions');
    expect(new Set(reqs.map((r) => r.status))).toEqual(new Set(['pending_approval', 'approved', 'ordered', 'cancelled']));
    const ordered = reqs.find((r) => r.status === 'ordered')!;
    for (const l of ordered.lines) expect((await api.get(`/v1/purchase-orders/${l.purchase_order_id}`, token)).status).toBe(200);
  });
});

describe('writes', () => {
  it('creates a measurement document and refuses an unknown point, a text, a future and a duplicate reading', async () => {
    const meters = await listAll(api, token, 'meters');
    const vib = meters.find((m) => m.type === 'continuous')!;
    const created = await expectMeterReadingWrites(api, token, { numericMeter: vib, goodValue: 4.4, asset: {} });
    expect(created).toMatchObject({ unit: 'MMS', note: 'Round 7', asset_id: vib.asset_id });
    expect(emu.data.measurementDocuments.find((d) => d.MeasurementDocument === created.remote_id)).toMatchObject({ MeasuringPoint: vib.remote_id, MeasurementReadingInEntryUoM: 4.4 });
    await expectDuplicateReading(api, token, vib.id, created.read_at, 4.5);
    const check = meters.find((m) => m.type === 'characteristic')!;
    expect((await api.post('/v1/meter-readings', token, { meter_id: check.id, value: 'MAYBE' })).body.error).toMatchObject({ code: 'invalid_request', field: 'value' });
    const leak = await api.post('/v1/meter-readings', token, { meter_id: check.id, value: 'LEAK' });
    expect(leak.status, JSON.stringify(leak.body)).toBe(201);
    const counter = meters.find((m) => m.type === 'cumulative')!;
    expect((await api.post('/v1/meter-readings', token, { meter_id: counter.id, value: 1 })).body.error).toMatchObject({ code: 'invalid_request', field: 'value' });
    await syncNow(s, id);
    expect((await api.get(`/v1/meters/${check.id}`, token)).body.last_reading).toBe('LEAK');
  });

  it('creates a maintenance notification and refuses an unknown equipment and a title over 40 characters', async () => {
    const asset = (await listAll(api, token, 'assets'))[0];
    const sr = await expectServiceRequestWrites(api, token, { numericMeter: {}, goodValue: 0, asset });
    expect(emu.data.notifications.find((n) => n.MaintenanceNotification === sr.remote_id)).toMatchObject({ NotifProcessingPhase: '1', MaintPriority: '1', TechnicalObject: asset.remote_id, NotificationType: 'M1' });
    const long = await api.post('/v1/service-requests', token, { title: 'x'.repeat(41) });
    expect(long.body.error).toMatchObject({ code: 'value_too_long', field: 'title' });
    const plant = await api.post('/v1/service-requests', token, { title: 'Leak', location_id: 'NOPE' });
    expect(plant.body.error).toMatchObject({ code: 'invalid_location', field: 'location_id' });
  });
});

describe('partial landscape', () => {
  it('a v4 service group not published makes that entity unavailable (publish in /IWFND/V4_ADMIN); the rest syncs', async () => {
    emu.commands.deactivateService({ service: 'API_MEASUREMENTDOCUMENT' });
    try {
      const run = await syncNow(s, id);
      expect(run.status).toBe('completed');
      // the newest readings of the points come from the documents too: both are unavailable
      expect(run.warnings.map((w) => w.entity).sort()).toEqual(['meter-readings', 'meters']);
      const c = await api.get('/v1/connection', token);
      expect(c.body.entities['meter-readings']).toMatchObject({ available: false, action: expect.stringContaining('/IWFND/V4_ADMIN') });
    } finally {
      emu.commands.activateService({ service: 'API_MEASUREMENTDOCUMENT' });
    }
    expect((await syncNow(s, id)).warnings).toEqual([]);
  });
});
