// Record events against the emulator of every system (and the sandbox), through
// the real agent host: no record events for an entity's initial load (summarised
// by sync.completed); record.updated with changed_fields for records changed in
// the system; record.deleted with the last known record for deletions, seen
// through deletion flags (SAP) or the full listing (Maximo, UpKeep). The events
// feed and a webhook endpoint narrowed to purchase orders carry the same ids and bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { startLab, type Lab, type LabSystemId } from '../emulators/lab.js';
import { emulatorCommand, labConnectInput, LAB_SYSTEMS, readFeed, unifiedApi, type FeedEvent } from '../support/lab-connections.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { tempDir } from '../support/tmp.js';
import { waitUntil } from '../support/wait.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let lab: Lab;
let receiver: Receiver;

beforeAll(async () => {
  lab = await startLab({ http: true, ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir() });
  receiver = await startReceiver();
  t = await startTestHost();
  await t.admin('PATCH', '/admin/v1/settings', { 'credits.pool': 32, 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
});
afterAll(async () => { await lab?.close(); });

const records = (events: FeedEvent[], type: string, entity: string) => events.filter((e) => e.type === type && e.data.entity === entity);

/** How each system tells Millwright about deletions: a deletion flag seen by the next sync, or only the full listing. */
const deletionSync: Record<LabSystemId, 'incremental' | 'full'> = { 'sap-s4hana': 'incremental', 'sap-ecc': 'incremental', 'ibm-maximo': 'full', upkeep: 'full' };

describe.each(LAB_SYSTEMS)('record events from %s', (system) => {
  let id: string;
  let token: string;
  let cursor: string;
  let endpoint: string;
  let sinceEndpoint: string;

  const sync = async (full = false) => {
    const run = t.host.agent.sync.start(id, { full });
    const done = await t.host.agent.sync.whenDone(id);
    expect(done?.status, JSON.stringify(done?.error)).toBe('completed');
    return run;
  };

  it('the initial load sends no record events; sync.completed summarises it', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', labConnectInput(lab, system));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    ({ id } = c.body.connection);
    token = c.body.token;
    await t.host.agent.sync.whenDone(id);
    const { events, cursor: next } = await readFeed(t.host.apiUrl, token);
    cursor = next;
    expect(events.map((e) => e.type)).toContain('sync.completed');
    expect(events.filter((e) => e.type.startsWith('record.'))).toEqual([]);
    const completed = events.find((e) => e.type === 'sync.completed')!;
    expect(completed).toMatchObject({ connection_id: id, data: { mode: 'initial' } });
    const w = await t.admin('POST', '/admin/v1/webhooks', { url: receiver.url, connection_ids: [id], entities: ['purchase-orders'] });
    expect(w.status).toBe(201);
    expect(w.body.entities).toEqual(['purchase-orders']);
    endpoint = w.body.id;
    sinceEndpoint = cursor;
  });

  it('records changed in the system become record.updated with the fields that changed', async () => {
    const wo = await emulatorCommand(lab.systems[system], 'changeRecords', { entity: 'work-orders', count: 3 });
    const po = await emulatorCommand(lab.systems[system], 'changeRecords', { entity: 'purchase-orders', count: 2 });
    const changed = (r: Record<string, unknown>) => ((r.changed ?? r.ids) as string[]).length;
    await sync();
    const { events, cursor: next } = await readFeed(t.host.apiUrl, token, { after: cursor });
    cursor = next;
    expect(records(events, 'record.updated', 'work-orders')).toHaveLength(changed(wo));
    expect(records(events, 'record.updated', 'purchase-orders')).toHaveLength(changed(po));
    expect(events.filter((e) => e.type === 'record.created' || e.type === 'record.deleted')).toEqual([]);
    for (const e of events.filter((x) => x.type === 'record.updated')) {
      const data = e.data as { entity: string; record: Record<string, unknown>; changed_fields: string[] };
      expect(e.connection_id).toBe(id);
      expect(data.changed_fields.length, JSON.stringify(data)).toBeGreaterThan(0);
      expect(data.changed_fields).not.toContain('updated_at');
      expect(data.record).not.toHaveProperty('remote_data');
      // the record as the unified API now serves it
      const served = await unifiedApi(t.host.apiUrl, token)('GET', `/v1/${data.entity}/${data.record.id as string}`);
      expect(served.body).toEqual(data.record);
    }
  });

  it(`deletions become record.deleted with the last known record (${deletionSync[system] === 'full' ? 'found by the full listing' : 'a deletion flag'})`, async () => {
    const r = await emulatorCommand(lab.systems[system], 'deleteRecords', { entity: 'purchase-orders', count: 1 });
    expect(((r.deleted ?? r.ids) as string[]).length).toBe(1);
    if (deletionSync[system] === 'full') {
      await sync(); // an incremental sync cannot see it: no deletion feed in this system
      const quiet = await readFeed(t.host.apiUrl, token, { after: cursor, type: 'record.deleted' });
      expect(quiet.events).toEqual([]);
    }
    await sync(deletionSync[system] === 'full');
    const { events, cursor: next } = await readFeed(t.host.apiUrl, token, { after: cursor });
    cursor = next;
    const deleted = records(events, 'record.deleted', 'purchase-orders');
    expect(deleted).toHaveLength(1);
    const data = deleted[0].data as { record: Record<string, unknown>; changed_fields: string[] };
    expect(data.changed_fields).toEqual(['deleted_at']);
    expect(data.record.deleted_at).toEqual(expect.any(String));
    expect(data.record.number).toEqual(expect.any(String));
    const served = await unifiedApi(t.host.apiUrl, token)('GET', `/v1/purchase-orders/${data.record.id as string}`);
    expect(served.body.deleted_at).toBe(data.record.deleted_at);
    expect(events.filter((e) => e.type === 'record.created' || e.type === 'record.updated')).toEqual([]);
  });

  it('the endpoint narrowed to purchase orders got exactly their record events, with the feed\'s ids and bodies', async () => {
    const feed = (await readFeed(t.host.apiUrl, token, { after: sinceEndpoint })).events;
    const expected = feed.filter((e) => !e.type.startsWith('record.') || e.data.entity === 'purchase-orders');
    await waitUntil(() => receiver.bodies.filter((b) => b.connection_id === id).length >= expected.length, 20_000);
    const got = receiver.raw.filter((b) => JSON.parse(b).connection_id === id);
    expect(new Set(got)).toEqual(new Set(expected.map((e) => JSON.stringify(e))));
    expect(got.some((b) => b.includes('"record.deleted"'))).toBe(true);
    expect(got.some((b) => /"entity":"work-orders"/.test(b) && b.includes('"record.'))).toBe(false);
    const deliveries = (await t.admin('GET', `/admin/v1/deliveries?webhook_id=${endpoint}&limit=500`)).body.data as { event_id: string }[];
    expect(new Set(deliveries.map((d) => d.event_id))).toEqual(new Set(expected.map((e) => e.id)));
  });
});

describe('the sandbox', () => {
  it('sends no record events: its data does not change, and its writes change nothing', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Sandbox' });
    await t.host.agent.sync.whenDone(c.body.connection.id);
    await t.host.agent.sync.start(c.body.connection.id);
    await t.host.agent.sync.whenDone(c.body.connection.id);
    const api = unifiedApi(t.host.apiUrl, c.body.token);
    const wo = (await api('GET', '/v1/work-orders?limit=1')).body.data[0] as { id: string };
    const write = await api('PATCH', `/v1/work-orders/${wo.id}`, { assignee: 'j.ortiz' });
    expect(write.headers.get('sandbox'), JSON.stringify(write.body)).toBe('true');
    const { events } = await readFeed(t.host.apiUrl, c.body.token);
    expect(events.map((e) => e.type)).toEqual(['sync.completed', 'sync.completed']);
  });
});
