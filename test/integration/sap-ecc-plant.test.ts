// SAP ECC's plant tables against its emulator, through the real agent and the unified API over
// HTTP: measuring points (IMPTT, FLTP limits as RFC_READ_TABLE writes them) with their newest
// document, measurement documents (IMRG; a reversal reported as deleted), maintenance
// notifications (VIQMEL category 01 only; JEST statuses, long texts, the order one became),
// maintenance plans (MPLA/MPOS/MMPT/MHIS) and purchase requisitions (EBAN items grouped, an
// ordered one linked to its purchase order) — all read by key ranges in the database's row
// order; the two writes (MEASUREM_DOCUM_RFC_SINGLE_001, BAPI_ALM_NOTIF_CREATE + SAVE + COMMIT)
// with SAP's own refusals; a table the user may not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapEccEmulator, type SapEccEmulator } from '../emulators/sap-ecc/index.js';
import { command, connectAndSync, openEccAgent, syncNow, type EccAgent } from '../emulators/sap-ecc/agent-helper.js';
import { listenApi } from '../support/agent.js';
import { expectDuplicateReading, expectLinksResolve, expectMeterReadingWrites, expectServiceRequestWrites, listAll } from '../support/plant.js';

let h: EccAgent;
let emu: SapEccEmulator;
let api: Awaited<ReturnType<typeof listenApi>>;
let id: string;
let token: string;
const PLANT = ['meters', 'meter-readings', 'service-requests', 'maintenance-plans', 'purchase-requisitions'] as const;

beforeAll(async () => {
  h = await openEccAgent({ pageSize: 25 });
  emu = await startSapEccEmulator({ seed: 23, size: { workOrders: 80, purchaseOrders: 30, assets: 90, vendors: 12, materials: 40, plants: 2, meteredEvery: 6, readingsPerPoint: 5, notifications: 45, plans: 14, requisitions: 26 } });
  const c = await connectAndSync(h, emu);
  expect(c.run.status, JSON.stringify(c.run.error)).toBe('completed');
  expect(c.run.warnings).toEqual([]);
  id = c.id;
  token = c.token;
  api = await listenApi(h.agent);
});
afterAll(async () => { await api.close(); await h.close(); await emu.close(); });

describe('reads', () => {
  it('every plant entity is read whole by key ranges, in the database order, 25 rows at a time', async () => {
    for (const e of PLANT) {
      const got = (await listAll(api, token, e)).map((r) => r.remote_id).sort();
      expect(got, e).toEqual([...emu.remoteIds(e)].sort());
    }
    // the quality notification in the same view is not a maintenance request
    expect((await listAll(api, token, 'service-requests')).some((n) => n.title === 'Customer complaint')).toBe(false);
  });

  it('measuring points have their kind, unit, limits (FLTP) and newest reading; documents their point, equipment and unit', async () => {
    const meters = await listAll(api, token, 'meters');
    expect(new Set(meters.map((m) => m.type))).toEqual(new Set(['continuous', 'cumulative', 'characteristic']));
    const vib = meters.find((m) => m.type === 'continuous')!;
    expect(vib).toMatchObject({ unit: 'MMS', custom_fields: { upper_limit: 7.1, target_value: 2.8 } });
    expect(vib.remote_id).toMatch(/^\d{12}$/);
    const docs = (await listAll(api, token, 'meter-readings', `&meter_id=${vib.id}`)).sort((a, b) => Date.parse(a.read_at) - Date.parse(b.read_at));
    expect(docs).toHaveLength(5);
    expect(docs.at(-1)!.value).toBe(vib.last_reading);
    expect(vib.last_reading).toMatch(/^\d+\.\d$/); // "3.4", not "3.4000000000000000E+00"
    expect(Date.parse(docs.at(-1)!.read_at)).toBe(Date.parse(vib.last_reading_at));
    expect(docs.every((d) => d.asset_id === vib.asset_id && d.unit === 'MMS' && d.note?.startsWith('Round'))).toBe(true);
    await expectLinksResolve(api, token, 'meter-readings', docs[0], { meter_id: 'meters', asset_id: 'assets' });
    const seal = meters.find((m) => m.type === 'characteristic')!;
    expect(seal).toMatchObject({ unit: null, last_reading: 'LEAK', custom_fields: { code_group: 'SEAL' } });
    const hours = meters.find((m) => m.type === 'cumulative')!;
    expect(hours.unit).toBe('H');
    expect(Number(hours.last_reading)).toBeGreaterThan(1000);
  });

  it('notifications carry JEST statuses, long texts and the order they became; plans their cycle and next call; an ordered requisition links to its order', async () => {
    const notes = await listAll(api, token, 'service-requests');
    expect(new Set(notes.map((n) => n.status))).toEqual(new Set(['open', 'in_progress', 'closed', 'cancelled']));
    const withOrder = notes.find((n) => n.status === 'in_progress' && n.work_order_id)!;
    await expectLinksResolve(api, token, 'service-requests', withOrder, { work_order_id: 'work-orders', asset_id: 'assets', location_id: 'locations' });
    expect(notes.find((n) => n.description)?.description).toMatch(/round\.\nPlease check/);
    expect(notes.every((n) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(n.reported_at))).toBe(true);

    const plans = await listAll(api, token, 'maintenance-plans');
    const counter = plans.find((p) => p.interval?.meter_id)!;
    expect(counter.interval).toMatchObject({ unit: 'H' });
    expect([500, 1000]).toContain(counter.interval.every);
    await expectLinksResolve(api, token, 'maintenance-plans', counter, { 'interval.meter_id': 'meters', asset_id: 'assets', location_id: 'locations' });
    expect(plans.find((p) => p.interval?.unit === 'months' && p.active)?.next_due_at).toMatch(/Z$/);
    expect(plans.filter((p) => !p.active)).toEqual([expect.objectContaining({ next_due_at: null })]);

    const reqs = await listAll(api, token, 'purchase-requisitions');
    expect(new Set(reqs.map((r) => r.status))).toEqual(new Set(['pending_approval', 'approved', 'ordered', 'cancelled']));
    const ordered = reqs.find((r) => r.status === 'ordered')!;
    expect(ordered.lines.length).toBeGreaterThan(0);
    for (const l of ordered.lines) {
      expect((await api.get(`/v1/purchase-orders/${l.purchase_order_id}`, token)).status).toBe(200);
      await expectLinksResolve(api, token, 'purchase-requisitions', l, { item_id: 'inventory-items' });
    }
    expect(reqs.find((r) => r.status === 'cancelled')!.total_amount).toBe('0.00');
  });

  it('a reversed measurement document (CANCL) is reported deleted on the next sync', async () => {
    const [mdocm] = command(emu, 'deleteRecords', { entity: 'meter-readings', count: 1 }).deleted;
    const run = await syncNow(h, id);
    expect(run.counts['meter-readings']).toMatchObject({ deleted: 1 });
    const r = h.agent.records.get(id, 'meter-readings', mdocm, true)!;
    expect(r.deleted_at).not.toBeNull();
  });
});

describe('writes', () => {
  it('records a measurement document and refuses an unknown point, a text, a future time, a duplicate, a counter going back and a wrong code', async () => {
    const meters = await listAll(api, token, 'meters');
    const vib = meters.find((m) => m.type === 'continuous')!;
    const created = await expectMeterReadingWrites(api, token, { numericMeter: vib, goodValue: 4.4, asset: {} });
    expect(created).toMatchObject({ unit: 'MMS', note: 'Round 7', asset_id: vib.asset_id, value: '4.4' });
    const row = emu.db.IMRG.get(created.remote_id)!;
    expect(row).toMatchObject({ POINT: vib.remote_id, RECDU: 'MMS', MDTXT: 'Round 7', RECDVI: 'X' });
    expect(Number(row.READG)).toBeCloseTo(0.0044); // SAP keeps it in SI units too (m/s)
    await expectDuplicateReading(api, token, vib.id, created.read_at, 4.5);

    const seal = meters.find((m) => m.type === 'characteristic')!;
    const maybe = await api.post('/v1/meter-readings', token, { meter_id: seal.id, value: 'MAYBE' });
    expect(maybe.status).toBe(400);
    expect(maybe.body.error).toMatchObject({ code: 'invalid_request', field: 'value', message: expect.stringContaining('CODE_NOT_FOUND') });
    const ok = await api.post('/v1/meter-readings', token, { meter_id: seal.id, value: 'ok' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ value: 'OK', unit: null });

    const hours = meters.find((m) => m.type === 'cumulative')!;
    const back = await api.post('/v1/meter-readings', token, { meter_id: hours.id, value: 1 });
    expect(back.body.error).toMatchObject({ code: 'invalid_request', field: 'value', message: expect.stringContaining('VALUE_UNFIT') });
    const long = await api.post('/v1/meter-readings', token, { meter_id: vib.id, value: 3, note: 'n'.repeat(41) });
    expect(long.body.error).toMatchObject({ code: 'value_too_long', field: 'note' });

    await syncNow(h, id);
    expect((await api.get(`/v1/meters/${seal.id}`, token)).body.last_reading).toBe('OK');
  });

  it('creates a maintenance notification in one LUW and refuses an unknown equipment, plant and a title over 40 characters', async () => {
    const asset = (await listAll(api, token, 'assets'))[3];
    const sr = await expectServiceRequestWrites(api, token, { numericMeter: {}, goodValue: 0, asset });
    expect(sr).toMatchObject({ description: 'Raised by a threshold flow.', reported_by: 'MW_RFC' });
    const row = emu.db.VIQMEL.get(sr.remote_id)!;
    expect(row).toMatchObject({ QMART: 'M1', QMTYP: '01', PRIOK: '1', EQUNR: asset.remote_id, INDTX: 'X' });
    expect(emu.db.statusOf(row.OBJNR)).toEqual(['I0068']);
    const before = emu.db.VIQMEL.size;
    const long = await api.post('/v1/service-requests', token, { title: 'x'.repeat(41) });
    expect(long.body.error).toMatchObject({ code: 'value_too_long', field: 'title' });
    const plant = await api.post('/v1/service-requests', token, { title: 'Leak', location_id: 'NOPE' });
    expect(plant.status).toBe(422);
    expect(plant.body.error).toMatchObject({ code: 'invalid_location', field: 'location_id' });
    // refused notifications were rolled back: nothing half-created
    expect(emu.db.VIQMEL.size).toBe(before);
  });
});

describe('partial landscape', () => {
  it('no authorization for IMRG makes meters and readings unavailable (naming S_TABU_DIS); the rest syncs', async () => {
    command(emu, 'blockTable', { table: 'IMRG' });
    try {
      const run = await syncNow(h, id);
      expect(run.status).toBe('completed');
      expect(run.warnings.map((w) => w.entity).sort()).toEqual(['meter-readings', 'meters']);
      const c = await api.get('/v1/connection', token);
      expect(c.body.entities['meter-readings']).toMatchObject({ available: false, action: expect.stringContaining('S_TABU_DIS') });
      expect(c.body.entities['service-requests']).toMatchObject({ available: true });
    } finally {
      command(emu, 'blockTable', { table: 'IMRG', allow: true });
    }
    expect((await syncNow(h, id)).warnings).toEqual([]);
  });
});
