// The sandbox's plant (README: "More of the plant") through a real headless host and the
// unified API over HTTP: meters with a reading history (one crossing its alarm level),
// service requests (one became a work order, one raised by the alarm), plans with their next
// due dates, requisitions in every state (an ordered one linked to its purchase order); the
// new filters; the two writes validated like a system and changing nothing (Sandbox: true);
// flows on the new entities (a reading above a value, an urgent request) firing from syncs;
// the writes in the audit log and the new records in the events feed, like every entity's.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities, references, type EntityName } from '../../src-main/contract/unified.js';
import { getSandboxSource, type SandboxSource } from '../../src-main/systems/sandbox/client.js';
import type { RawMeterReading, RawServiceRequest } from '../../src-main/systems/sandbox/raw.js';
import { startTestHost } from '../support/agent-host.js';
import { expectDuplicateReading, expectLinksResolve, expectMeterReadingWrites, expectServiceRequestWrites, listAll } from '../support/plant.js';
import { waitUntil } from '../support/wait.js';

type Rec = Record<string, any>;
const PLANT = ['meters', 'meter-readings', 'service-requests', 'maintenance-plans', 'purchase-requisitions'] as const;

let t: Awaited<ReturnType<typeof startTestHost>>;
let id: string;
let token: string;
let source: SandboxSource;
const received: { body: string }[] = [];
let receiver: http.Server;
let receiverUrl = '';

/** The API as test/support/plant.ts expects it (get/post with a token). */
const api = {
  async get(path: string, tok: string) { return call('GET', path, tok); },
  async post(path: string, tok: string, body: unknown) { return call('POST', path, tok, body); },
} as unknown as Parameters<typeof listAll>[0];

async function call(method: string, path: string, tok: string, body?: unknown) {
  const res = await fetch(`${t.host.apiUrl}${path}`, {
    method, headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function sync(): Promise<void> {
  t.host.agent.sync.start(id);
  expect((await t.host.agent.sync.whenDone(id))?.status).toBe('completed');
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { received.push({ body }); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  t = await startTestHost();
  await t.admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
  const r = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Plant' });
  expect(r.status).toBe(201);
  id = r.body.connection.id;
  token = r.body.token;
  await t.host.agent.sync.whenDone(id);
  source = getSandboxSource(id);
});
afterAll(async () => { await new Promise((r) => receiver.close(r)); });

describe('the sandbox plant through the API', () => {
  it('serves every plant entity whole, each record valid against the contract', async () => {
    for (const e of PLANT) {
      const all = await listAll(api, token, e);
      expect(all.length, e).toBe(source.size(e));
      for (const r of all) expect(entities[e].safeParse(r).success, `${e} ${r.remote_id}`).toBe(true);
    }
  });

  it('every reference is a unified id that resolves through the API', async () => {
    for (const e of PLANT) {
      const all = await listAll(api, token, e);
      // every record of the small entities, a spread of the readings
      const sample = e === 'meter-readings' ? all.filter((_, i) => i % 40 === 0) : all;
      const flat = Object.fromEntries(Object.entries(references[e as EntityName]).filter(([p]) => !p.includes('[]')));
      for (const r of sample) {
        await expectLinksResolve(api, token, e, r, flat);
        for (const l of r.lines ?? []) await expectLinksResolve(api, token, e, l, { item_id: 'inventory-items', purchase_order_id: 'purchase-orders' });
      }
    }
  });

  it('a pump\'s bearing vibration crosses its alarm level on the last round, and an urgent request was raised for it', async () => {
    const meters = await listAll(api, token, 'meters');
    const vib = meters.find((m) => m.remote_id === 'MTR-0001')!;
    expect(vib).toMatchObject({ type: 'continuous', unit: 'mm/s' });
    const alarm = Number(vib.custom_fields.alarmHigh); // the sandbox keeps its own names in custom_fields
    expect(Number(vib.last_reading)).toBeGreaterThan(alarm);
    const readings = await listAll(api, token, 'meter-readings', `&meter_id=${vib.id}`);
    expect(readings.length).toBeGreaterThan(5);
    expect(readings.filter((r) => Number(r.value) > alarm)).toHaveLength(1);
    const raised = (await listAll(api, token, 'service-requests', `&asset_id=${vib.asset_id}`)).find((s) => /High vibration/.test(s.title));
    expect(raised).toMatchObject({ priority: 'urgent', status: 'open', work_order_id: null });
    expect(new Set(meters.map((m) => m.type))).toEqual(new Set(['continuous', 'cumulative', 'characteristic']));
    expect((await listAll(api, token, 'meters', '&type=characteristic')).every((m) => m.type === 'characteristic' && m.unit === null)).toBe(true);
  });

  it('requests open and closed (one became a work order), plans with next due dates, requisitions in every state', async () => {
    const srs = await listAll(api, token, 'service-requests');
    expect(new Set(srs.map((s) => s.status))).toEqual(new Set(['open', 'in_progress', 'closed', 'cancelled']));
    expect((await listAll(api, token, 'service-requests', '&status=open')).every((s) => s.status === 'open')).toBe(true);
    const became = srs.find((s) => s.work_order_id)!;
    expect((await api.get(`/v1/work-orders/${became.work_order_id}`, token)).body.asset_id).toBe(became.asset_id);
    const plans = await listAll(api, token, 'maintenance-plans');
    expect(plans.filter((p) => p.active).every((p) => p.next_due_at !== null)).toBe(true);
    expect(plans.find((p) => !p.active)?.next_due_at).toBeNull();
    expect(plans.some((p) => p.interval?.meter_id) && plans.some((p) => p.interval?.unit === 'months')).toBe(true);
    const reqs = await listAll(api, token, 'purchase-requisitions');
    expect(new Set(reqs.map((r) => r.status))).toEqual(new Set(['draft', 'pending_approval', 'approved', 'ordered', 'cancelled']));
    const ordered = reqs.find((r) => r.status === 'ordered')!;
    expect(ordered.lines.every((l: Rec) => l.purchase_order_id !== null)).toBe(true);
  });
});

describe('sandbox writes change nothing', () => {
  it('a reading and a request are validated like a system and answered with Sandbox: true; the data stays as it was', async () => {
    const before = source.snapshot();
    const meters = await listAll(api, token, 'meters');
    const gauge = meters.find((m) => m.type === 'continuous')!;
    await expectMeterReadingWrites(api, token, { numericMeter: gauge, goodValue: '3.3', asset: {}, sandbox: true });
    const existing = (await listAll(api, token, 'meter-readings', `&meter_id=${gauge.id}`))[0];
    await expectDuplicateReading(api, token, gauge.id, existing.read_at, 1);
    const check = meters.find((m) => m.type === 'characteristic')!;
    expect((await api.post('/v1/meter-readings', token, { meter_id: check.id, value: 'MAYBE' })).body.error).toMatchObject({ code: 'invalid_request', field: 'value' });
    const counter = meters.find((m) => m.type === 'cumulative')!;
    expect((await api.post('/v1/meter-readings', token, { meter_id: counter.id, value: 0 })).body.error).toMatchObject({ code: 'invalid_request', field: 'value' });
    const asset = (await listAll(api, token, 'assets'))[0];
    const sr = await expectServiceRequestWrites(api, token, { numericMeter: {}, goodValue: 0, asset, sandbox: true });
    expect(sr.location_id).toBe(asset.location_id);
    expect((await api.post('/v1/service-requests', token, { title: 'x', location_id: 'loc_nope' })).body.error).toMatchObject({ code: 'invalid_location' });
    // bad bodies: the contract's error shape, the field named
    const bad: [unknown, string, string][] = [
      [{ meter_id: gauge.id, value: '1', colour: 'red' }, '/v1/meter-readings', 'colour'],
      [{ meter_id: gauge.id, value: { v: 1 } }, '/v1/meter-readings', 'value'],
      [{ meter_id: gauge.id, value: '1', read_at: 'yesterday' }, '/v1/meter-readings', 'read_at'],
      [{ meter_id: gauge.id, value: '1', note: 'n'.repeat(1001) }, '/v1/meter-readings', 'note'],
      [{ value: '1' }, '/v1/meter-readings', 'meter_id'],
      [{ meter_id: gauge.id, value: Number.MAX_VALUE * 10 }, '/v1/meter-readings', 'value'],
      [{ title: '   ' }, '/v1/service-requests', 'title'],
      [{ title: 'x', asset_id: 42 }, '/v1/service-requests', 'asset_id'],
      [[{ title: 'x' }], '/v1/service-requests', ''],
    ];
    for (const [body, path, field] of bad) {
      const r = await api.post(path, token, body);
      expect(r.status, `${path} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_request', request_id: expect.any(String) });
      if (field) expect(r.body.error.field).toBe(field);
    }
    await sync();
    expect(source.snapshot()).toEqual(before);
    // both writes are audited like every unified write, refused ones too, with the connection as actor
    const audited = (await t.admin('GET', `/admin/v1/audit?kind=write&connection_id=${id}&limit=500`)).body.data as Rec[];
    const seen = (path: string, status: number) => audited.filter((e) => e.path === path && e.status === status && e.actor === id).length;
    expect(seen('/v1/meter-readings', 201)).toBe(1);
    expect(seen('/v1/meter-readings', 409)).toBe(1);
    expect(seen('/v1/meter-readings', 422)).toBe(1);
    expect(seen('/v1/service-requests', 201)).toBe(1);
    expect(audited.find((e) => e.path === '/v1/meter-readings' && e.status === 201)!.detail).toMatch(/^sandbox: validated meter-readings RDG-\d+, nothing changed; request \d+ B sha256:/);
  });
});

describe('flows on the plant entities', () => {
  const events = () => received.map((r) => JSON.parse(r.body) as Rec).filter((e) => e.type === 'flow.triggered');

  it('fire for a reading above a value and for an urgent service request — and for nothing else', async () => {
    const w = (await t.admin('POST', '/admin/v1/webhooks', { url: receiverUrl, event_types: ['flow.triggered'], connection_ids: [id] })).body;
    const above = await t.admin('POST', '/admin/v1/flows', { connection_id: id, entity: 'meter-readings', trigger: 'created', conditions: [{ field: 'value', op: 'gt', value: '7.1' }], webhook_id: w.id });
    expect(above.status, JSON.stringify(above.body)).toBe(201);
    const urgent = await t.admin('POST', '/admin/v1/flows', { connection_id: id, entity: 'service-requests', trigger: 'created', conditions: [{ field: 'priority', op: 'eq', value: 'urgent' }], webhook_id: w.id });
    expect(urgent.status, JSON.stringify(urgent.body)).toBe(201);
    // a reading compares as a number: "7.1" is a reading, "high" is not
    const bad = await t.admin('POST', '/admin/v1/flows', { connection_id: id, entity: 'meter-readings', trigger: 'created', conditions: [{ field: 'value', op: 'gt', value: 'high' }], webhook_id: w.id });
    expect(bad.status).toBe(400);

    const at = source.now();
    const reading = (n: number, value: string): RawMeterReading => ({ readingId: `RDG-9${String(n).padStart(5, '0')}`, meterId: 'MTR-0001', value, readAt: at, note: null, recordedBy: 'sensor', createdAt: at, lastModified: at });
    source.add('meter-readings', reading(1, '9.4'));
    source.add('meter-readings', { ...reading(2, '6.8'), meterId: 'MTR-0004' });
    source.add('meter-readings', { ...reading(3, '12'), meterId: 'MTR-0002' });
    const request = (no: string, urgency: string): RawServiceRequest => ({ requestNo: no, subject: `Request ${no}`, details: null, state: 'NEW', urgency, assetId: null, locationId: null, reportedBy: 'operator', reportedAt: at, workOrderNo: null, createdAt: at, lastModified: at });
    source.add('service-requests', request('SR-9001', 'P1'));
    source.add('service-requests', request('SR-9002', 'P4'));
    received.length = 0;
    await sync();
    await waitUntil(() => events().length >= 3, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    const fired = events().map((e) => `${e.data.entity} ${e.data.record.remote_id} ${e.data.flow_id}`).sort();
    expect(fired).toEqual([
      `meter-readings RDG-900001 ${above.body.id}`,
      `meter-readings RDG-900003 ${above.body.id}`, // a counter reading of 12 is above 7.1 too: the flow names no meter
      `service-requests SR-9001 ${urgent.body.id}`,
    ].sort());
    // the same sync produced record events for the new records, as for every entity (events feed)
    const feed = (await api.get('/v1/events?type=record.created&limit=500', token)).body.data as Rec[];
    expect(feed.map((e) => `${e.data.entity} ${e.data.record.remote_id}`).sort()).toEqual(
      ['meter-readings RDG-900001', 'meter-readings RDG-900002', 'meter-readings RDG-900003', 'service-requests SR-9001', 'service-requests SR-9002']);
    expect(feed.find((e) => e.data.record.remote_id === 'RDG-900002')!.data.changed_fields).toEqual(expect.arrayContaining(['meter_id', 'value', 'read_at']));
    const reading1 = events().find((e) => e.data.record.remote_id === 'RDG-900001')!;
    expect(reading1.data.record).toMatchObject({ value: '9.4', meter_id: expect.stringMatching(/^mtr_/), asset_id: expect.stringMatching(/^ast_/) });
  });
});
