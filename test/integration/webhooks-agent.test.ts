// Webhooks wired into the agent: events from real syncs and lifecycle changes
// reach subscribed endpoints only, signed; flows fire from synced records.
import { beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { startTestHost } from '../support/agent-host.js';
import { getSandboxSource } from '../../src-main/systems/sandbox/client.js';
import { waitUntil } from '../support/wait.js';

interface Received { headers: http.IncomingHttpHeaders; body: string }
let t: Awaited<ReturnType<typeof startTestHost>>;
const received: Received[] = [];
let receiverUrl = '';

beforeAll(async () => {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  t = await startTestHost();
  await t.admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
});

const waitFor = (pred: () => boolean) => waitUntil(pred, 15_000);
const events = () => received.map((r) => ({ ...JSON.parse(r.body), headers: r.headers }));

describe('webhooks through the agent', () => {
  it('delivers sync.completed for the subscribed connection only, signed the Standard Webhooks way', async () => {
    const a = (await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'A' })).body;
    const b = (await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'B' })).body;
    await t.host.agent.sync.whenDone(a.connection.id);
    await t.host.agent.sync.whenDone(b.connection.id);
    const w = await t.admin('POST', '/admin/v1/webhooks', { url: receiverUrl, event_types: ['sync.completed'], connection_ids: [a.connection.id] });
    expect(w.status).toBe(201);
    expect(w.body.secret).toMatch(/^whsec_/);
    received.length = 0;
    t.host.agent.sync.start(a.connection.id);
    t.host.agent.sync.start(b.connection.id);
    await t.host.agent.sync.whenDone(a.connection.id);
    await t.host.agent.sync.whenDone(b.connection.id);
    await waitFor(() => received.length >= 1);
    await new Promise((r) => setTimeout(r, 500)); // anything for B would have arrived by now
    expect(events().map((e) => `${e.type} ${e.connection_id}`)).toEqual([`sync.completed ${a.connection.id}`]);
    const wh = new Webhook(w.body.secret);
    const verified = wh.verify(received[0].body, received[0].headers as Record<string, string>) as { data: { counts: object; mode: string } };
    expect(verified.data.mode).toBe('incremental');
    expect(verified.data.counts).toHaveProperty('purchase-orders');
    // the secret is in the keychain only, never in admin listings
    const list = await t.admin('GET', '/admin/v1/webhooks');
    expect(list.text).not.toContain(w.body.secret);
    const deliveries = await t.admin('GET', `/admin/v1/deliveries?webhook_id=${w.body.id}`);
    expect(deliveries.body.data[0]).toMatchObject({ status: 'delivered', type: 'sync.completed' });
    expect(deliveries.body.data[0].attempts[0]).toMatchObject({ status_code: 200 });
  });

  it('sends connection.auth_required and status changes when a connection needs reconnecting', async () => {
    const c = (await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'C' })).body;
    await t.host.agent.sync.whenDone(c.connection.id);
    await t.admin('POST', '/admin/v1/webhooks', { url: receiverUrl, event_types: ['connection.auth_required', 'connection.status_changed'], connection_ids: [c.connection.id] });
    received.length = 0;
    t.host.agent.connections.markAuthRequired(c.connection.id, 'The system rejected the stored credentials');
    await waitFor(() => received.length >= 2);
    const types = events().map((e) => e.type).sort();
    expect(types).toEqual(['connection.auth_required', 'connection.status_changed']);
    const changed = events().find((e) => e.type === 'connection.status_changed');
    expect(changed.data).toMatchObject({ from: { status: 'active' }, to: { status: 'auth_required' } });
  });

  it('fires a flow for a synced record that matches, with the record', async () => {
    const d = (await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'D' })).body;
    await t.host.agent.sync.whenDone(d.connection.id);
    const w = (await t.admin('POST', '/admin/v1/webhooks', { url: receiverUrl, event_types: ['flow.triggered'], connection_ids: [d.connection.id] })).body;
    const bad = await t.admin('POST', '/admin/v1/flows', { connection_id: d.connection.id, entity: 'work-orders', trigger: 'updated', conditions: [{ field: 'colour', op: 'eq', value: 'red' }], webhook_id: w.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('conditions.0.field');
    const flow = await t.admin('POST', '/admin/v1/flows', { connection_id: d.connection.id, entity: 'work-orders', trigger: 'updated', conditions: [{ field: 'status', op: 'changed_to', value: 'on_hold' }], webhook_id: w.id });
    expect(flow.status).toBe(201);
    const source = getSandboxSource(d.connection.id);
    const target = source.all('work-orders').find((wo) => (wo as { state: string }).state !== 'ON_HOLD')!;
    const other = source.all('work-orders').find((wo) => wo !== target)!;
    source.touch('work-orders', (target as { woNumber: string }).woNumber, { state: 'ON_HOLD' } as never);
    source.touch('work-orders', (other as { woNumber: string }).woNumber, { summary: 'renamed only' } as never);
    received.length = 0;
    t.host.agent.sync.start(d.connection.id);
    await t.host.agent.sync.whenDone(d.connection.id);
    await waitFor(() => received.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const fired = events().filter((e) => e.type === 'flow.triggered');
    expect(fired).toHaveLength(1);
    expect(fired[0].data).toMatchObject({ flow_id: flow.body.id, entity: 'work-orders', change: 'updated', record: { status: 'on_hold', remote_id: (target as { woNumber: string }).woNumber } });
  });

  it('refuses a webhook to the cloud metadata address and a bad allow-list', async () => {
    await t.admin('PATCH', '/admin/v1/settings', { 'webhooks.allowed_cidrs': [] });
    const r = await t.admin('POST', '/admin/v1/webhooks', { url: 'http://169.254.169.254/latest/meta-data', event_types: 'all', connection_ids: 'all' });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('url');
    const s = await t.admin('PATCH', '/admin/v1/settings', { 'webhooks.allowed_cidrs': ['10.0.0.0/33'] });
    expect(s.status).toBe(400);
    expect(s.body.error.field).toBe('webhooks.allowed_cidrs.0');
    await t.admin('PATCH', '/admin/v1/settings', { 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
  });
});
