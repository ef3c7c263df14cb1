// The audit log through the shipped surfaces: admin actions over the admin HTTP
// API, writes over the unified API (refused ones too), the CLI's `audit`.
// Canaries — system passwords, tokens, a webhook secret, a passphrase, secrets
// in request bodies and in a webhook URL's query — are planted on the way, and
// none may appear in any entry. The table refuses UPDATE and DELETE.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { fakeSystem } from '../support/fake-system.js';
import { cli } from '../support/cli.js';
import type { AuditEntry } from '../../src-main/contract/audit.js';

const PASSWORD = 'canary-Audit-P4ss-91c2';
const PASSWORD2 = 'canary-Audit-P4ss-2-77aa';
const PASSPHRASE = 'canary-passphrase-0f9e8d7c';
const BODY_CANARY = 'canary-in-a-body-3b3b3b';
const URL_CANARY = 'canary-url-token-5c5c5c';

let t: Awaited<ReturnType<typeof startTestHost>>;
const secrets: string[] = [PASSWORD, PASSWORD2, PASSPHRASE, BODY_CANARY, URL_CANARY];
let conId: string;
let sandbox: { id: string; token: string };

async function api(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${t.host.apiUrl}${path}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const audit = async (query = '') => (await t.admin('GET', `/admin/v1/audit${query}`)).body as { data: AuditEntry[]; next_cursor: string | null };

beforeAll(async () => {
  fakeSystem.password = PASSWORD;
  t = await startTestHost();
  const c = await t.admin('POST', '/admin/v1/connections', { system: 'test-tier1', name: 'Audited', credentials: { username: 'svc', password: PASSWORD } });
  expect(c.status).toBe(201);
  conId = c.body.connection.id;
  secrets.push(c.body.token);
  secrets.push((await t.admin('GET', `/admin/v1/connections/${conId}/token`)).body.token);
  secrets.push((await t.admin('POST', `/admin/v1/connections/${conId}/token/rotate`)).body.token);
  fakeSystem.password = PASSWORD2;
  const re = await t.admin('POST', `/admin/v1/connections/${conId}/reconnect`, { credentials: { password: PASSWORD2 } });
  expect(re.status).toBe(200);
  secrets.push(re.body.token);
  // refused: a wrong password, and input that does not parse
  expect((await t.admin('POST', `/admin/v1/connections/${conId}/reconnect`, { credentials: { password: `${PASSWORD}-wrong` } })).status).toBe(422);
  expect((await t.admin('PATCH', `/admin/v1/connections/${conId}`, { sync_blackouts: [{ start: '25:00', end: '02:00' }] })).status).toBe(400);
  expect((await t.admin('PATCH', `/admin/v1/connections/${conId}`, { passthrough: 'read_write', max_concurrent_requests: 3, sync_blackouts: [{ start: '22:00', end: '02:00' }] })).status).toBe(200);
  expect((await t.admin('POST', `/admin/v1/connections/${conId}/pause`)).status).toBe(200);
  expect((await t.admin('POST', `/admin/v1/connections/${conId}/resume`)).status).toBe(200);
  expect((await t.admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] })).status).toBe(200);
  const hook = await t.admin('POST', '/admin/v1/webhooks', { url: `http://127.0.0.1:9/hook?token=${URL_CANARY}`, event_types: ['sync.completed'], entities: ['work-orders'] });
  expect(hook.status).toBe(201);
  secrets.push(hook.body.secret);
  const rotated = await t.admin('PATCH', `/admin/v1/webhooks/${hook.body.id}`, { rotate_secret: true, enabled: false });
  secrets.push(rotated.body.secret);
  expect((await t.admin('DELETE', `/admin/v1/webhooks/${hook.body.id}`)).status).toBe(200);
  const backup = await t.host.adminApi.backup({ passphrase: PASSPHRASE }); // the same operation, as the desktop window calls it over IPC
  expect(backup.data.length).toBeGreaterThan(0);
  expect((await t.admin('POST', `/admin/v1/connections/${conId}/deactivate`)).status).toBe(200);
  expect((await t.admin('POST', `/admin/v1/connections/${conId}/activate`)).status).toBe(200);

  const s = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Sandbox' });
  sandbox = { id: s.body.connection.id, token: s.body.token };
  secrets.push(sandbox.token);
  await t.host.agent.sync.whenDone(sandbox.id);
});

describe('the audit log', () => {
  it('has an entry per admin action, with actor admin, method, path, status, duration and a short detail', async () => {
    const { data } = await audit(`?connection_id=${conId}&limit=500`);
    const seen = data.map((e) => `${e.method} ${e.path} ${e.status}`);
    for (const want of [
      `POST /admin/v1/connections 201`, `GET /admin/v1/connections/${conId}/token 200`, `POST /admin/v1/connections/${conId}/token/rotate 200`,
      `POST /admin/v1/connections/${conId}/reconnect 200`, `POST /admin/v1/connections/${conId}/reconnect 422`,
      `PATCH /admin/v1/connections/${conId} 400`, `PATCH /admin/v1/connections/${conId} 200`,
      `POST /admin/v1/connections/${conId}/pause 200`, `POST /admin/v1/connections/${conId}/resume 200`,
      `POST /admin/v1/connections/${conId}/deactivate 200`, `POST /admin/v1/connections/${conId}/activate 200`,
    ]) expect(seen, want).toContain(want);
    for (const e of data) {
      expect(e).toMatchObject({ actor: 'admin', kind: 'admin', connection_id: conId });
      expect(e.duration_ms).toBeGreaterThanOrEqual(0);
    }
    const patch = data.find((e) => e.method === 'PATCH' && e.status === 200)!;
    expect(patch.detail).toContain('passthrough="read_write"');
    expect(patch.detail).toContain('sync_blackouts=[{"start":"22:00","end":"02:00"}]');
    expect(data.find((e) => e.method === 'PATCH' && e.status === 400)!.detail).toBe('refused: invalid_request (sync_blackouts.0.start)');
    expect(data.find((e) => e.path.endsWith('/reconnect') && e.status === 422)!.detail).toBe('refused: invalid_credentials');
    // newest first
    expect(data.map((e) => e.id)).toEqual([...data.map((e) => e.id)].sort((a, b) => b - a));
  });

  it('records settings, webhook and backup actions without their secrets (a file by size and SHA-256)', async () => {
    const { data } = await audit('?kind=admin&limit=500');
    const settings = data.find((e) => e.path === '/admin/v1/settings')!;
    expect(settings.detail).toBe('webhooks.allow_insecure_urls=true; webhooks.allowed_cidrs=["127.0.0.0/8"]');
    const created = data.find((e) => e.path === '/admin/v1/webhooks' && e.method === 'POST')!;
    expect(created.detail).toMatch(/^http:\/\/127\.0\.0\.1:9\/hook; events: sync\.completed; connections: all; entities: work-orders; → whk_/);
    expect(data.find((e) => e.method === 'PATCH' && e.path.startsWith('/admin/v1/webhooks/'))!.detail).toBe('enabled=false; secret rotated');
    expect(data.find((e) => e.method === 'DELETE' && e.path.startsWith('/admin/v1/webhooks/'))).toBeDefined();
    expect(data.find((e) => e.path === '/admin/v1/backup')!.detail).toMatch(/^passphrase given; file \d+ B sha256:[0-9a-f]{64}$/);
  });

  it('records every write through the unified API with the connection as actor, refused ones too; reads are not audited', async () => {
    const vendors = (await api('GET', '/v1/vendors?limit=500', sandbox.token)).body.data as { id: string; status: string }[];
    const items = (await api('GET', '/v1/inventory-items?limit=500', sandbox.token)).body.data as { id: string; quantity_on_hand: string }[];
    const item = items.find((i) => Number(i.quantity_on_hand) > 10)!;
    const good = { vendor_id: vendors.find((v) => v.status === 'active')!.id, currency: 'USD', lines: [{ item_id: item.id, quantity: 1, unit_price: '1.00', description: BODY_CANARY }] };
    const before = (await audit('?kind=write')).data.length;
    expect((await api('POST', '/v1/purchase-orders', sandbox.token, good)).status).toBe(201);
    expect((await api('POST', '/v1/purchase-orders', sandbox.token, { ...good, currency: BODY_CANARY })).status).toBe(400);
    expect((await api('POST', '/v1/purchase-orders', sandbox.token, `{"vendor_id":"${BODY_CANARY}`)).status).toBe(400);
    const wo = (await api('GET', '/v1/work-orders?limit=1', sandbox.token)).body.data[0] as { id: string };
    expect((await api('PATCH', `/v1/work-orders/${wo.id}`, sandbox.token, { description: BODY_CANARY })).status).toBe(200);
    expect((await api('POST', '/v1/purchase-orders', null, good)).status).toBe(401); // no connection: not attributable, not audited
    const writes = (await audit(`?kind=write&connection_id=${sandbox.id}`)).data;
    expect(writes.length - before).toBe(4);
    const [patch, malformed, invalid, created] = writes;
    expect(created).toMatchObject({ actor: sandbox.id, kind: 'write', connection_id: sandbox.id, method: 'POST', path: '/v1/purchase-orders', status: 201 });
    const size = Buffer.byteLength(JSON.stringify(good));
    expect(created.detail).toMatch(new RegExp(`^sandbox: validated purchase-orders \\S+, nothing changed; request ${size} B sha256:[0-9a-f]{64}; response \\d+ B sha256:[0-9a-f]{64}$`));
    expect(invalid).toMatchObject({ status: 400 });
    expect(invalid.detail).toMatch(/^refused: invalid_request; request \d+ B sha256:/);
    expect(malformed).toMatchObject({ status: 400 });
    expect(patch).toMatchObject({ method: 'PATCH', path: `/v1/work-orders/${wo.id}`, status: 200 });
  });

  it('holds no secret, no body: canaries planted on the way appear nowhere in it', () => {
    const rows = t.host.agent.db.prepare('SELECT * FROM audit_log').all();
    expect(rows.length).toBeGreaterThan(15);
    const dump = JSON.stringify(rows);
    for (const secret of secrets) expect(dump, `${secret.slice(0, 12)}…`).not.toContain(secret);
    expect(dump).not.toContain('mwk_');
    expect(dump).not.toContain('whsec_');
  });

  it('is append-only', () => {
    const db = t.host.agent.db;
    expect(() => db.prepare('UPDATE audit_log SET detail = ?').run('x')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('pages newest first with next_cursor; filters by connection and kind; bad filters are 400 naming the field', async () => {
    const all = (await audit('?limit=500')).data;
    const first = await audit('?limit=3');
    const second = await audit(`?limit=3&cursor=${first.next_cursor}`);
    expect([...first.data, ...second.data].map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
    expect((await audit('?kind=write')).data.every((e) => e.kind === 'write')).toBe(true);
    for (const [q, field] of [['kind=read', 'kind'], ['connection_id=nope', 'connection_id'], ['limit=0', 'limit'], ['cursor=abc', 'cursor']]) {
      const r = await t.admin('GET', `/admin/v1/audit?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
  });

  it('millwright audit prints it, filtered, as a table and as the admin API\'s JSON', async () => {
    const D = ['--data-dir', t.dataDir];
    const human = await cli(['audit', '--connection', conId, ...D]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/AT\s+ACTOR\s+KIND\s+CONNECTION\s+METHOD\s+PATH\s+STATUS\s+MS\s+DETAIL/);
    expect(human.stdout).toMatch(new RegExp(`admin\\s+admin\\s+${conId}\\s+POST\\s+/admin/v1/connections/${conId}/pause\\s+200`));
    const json = JSON.parse((await cli(['audit', '--kind', 'write', '--json', ...D])).stdout) as { data: AuditEntry[] };
    expect(json.data.length).toBeGreaterThanOrEqual(4);
    expect(json.data.every((e) => e.kind === 'write')).toBe(true);
    const bad = await cli(['audit', '--kind', 'nope', ...D]);
    expect(bad.code).toBe(2);
  });
});
