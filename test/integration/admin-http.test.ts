import { beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { startTestHost } from '../support/agent-host.js';
import { creds } from '../support/fake-system.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
beforeAll(async () => { t = await startTestHost(); });

/** A raw request, so we can send any Host header. */
function raw(opts: { method?: string; path: string; host?: string; auth?: string | null; body?: string | Buffer; contentType?: string }) {
  const url = new URL(t.host.adminUrl);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: url.port, method: opts.method ?? 'GET', path: opts.path,
      headers: {
        host: opts.host ?? url.host,
        ...(opts.auth === null ? {} : { authorization: `Bearer ${opts.auth ?? t.host.adminToken}` }),
        ...(opts.body ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
      },
    }, (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => resolve({ status: res.statusCode!, body: b })); });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('admin HTTP API', () => {
  it('keeps the admin token in <data dir>/admin-token with mode 0600', () => {
    const file = path.join(t.dataDir, 'admin-token');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(t.host.adminToken);
  });

  it('lists the systems with tiers and costs', async () => {
    const r = await t.admin('GET', '/admin/v1/systems');
    expect(r.status).toBe(200);
    const ecc = r.body.data.find((s: { id: string }) => s.id === 'sap-ecc');
    expect(ecc).toMatchObject({ tier: 3, deployments: ['on_prem'], credits: { cloud: null, on_prem: 8 } });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'mwa_wrong'],
    ['an empty bearer', ''],
  ])('refuses %s with 401 and a code', async (_name, auth) => {
    const r = await raw({ path: '/admin/v1/connections', auth });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'unauthorized', request_id: expect.stringMatching(/^req_/) });
  });

  it.each(['evil.example', 'evil.example:80', '127.0.0.1.nip.io', 'localhost.evil.example', '127.0.0.2:80'])('refuses the foreign Host %j (DNS rebinding)', async (host) => {
    const r = await raw({ path: '/admin/v1/connections', host });
    expect(r.status).toBe(421);
    expect(JSON.parse(r.body).error.code).toBe('forbidden_host');
  });

  it('accepts localhost and [::1] host names', async () => {
    const port = new URL(t.host.adminUrl).port;
    expect((await raw({ path: '/admin/v1/connections', host: `localhost:${port}` })).status).toBe(200);
    expect((await raw({ path: '/admin/v1/connections', host: `[::1]:${port}` })).status).toBe(200);
  });

  it('refuses malformed JSON with 400 invalid_request', async () => {
    const r = await raw({ method: 'POST', path: '/admin/v1/connections', body: '{"system":' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('invalid_request');
  });

  it('refuses a JSON array or string body', async () => {
    for (const body of ['[1,2]', '"x"']) {
      const r = await raw({ method: 'POST', path: '/admin/v1/connections', body });
      expect(r.status).toBe(400);
    }
  });

  it('refuses an oversized body with 413 payload_too_large', async () => {
    const big = JSON.stringify({ system: 'sandbox', name: 'x'.repeat(2 * 1024 * 1024) });
    const r = await raw({ method: 'POST', path: '/admin/v1/connections', body: big });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('payload_too_large');
  });

  it('names the offending field on a schema error', async () => {
    const r = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 42 });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_request', field: 'name' });
    const r2 = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'x', options: { sync_interval_minutes: 5 } });
    expect(r2.body.error.field).toBe('options.sync_interval_minutes');
  });

  it('answers unknown routes and ids with 404 not_found', async () => {
    expect((await t.admin('GET', '/admin/v1/nope')).body.error.code).toBe('not_found');
    const r = await t.admin('GET', '/admin/v1/connections/con_doesnotexist');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('refuses unknown systems, unimplemented systems and bad deployments clearly', async () => {
    expect((await t.admin('POST', '/admin/v1/connections', { system: 'oracle', name: 'x' })).body.error).toMatchObject({ code: 'invalid_request', field: 'system' });
    const ni = await t.admin('POST', '/admin/v1/connections', { system: 'test-unimplemented', name: 'x', base_url: 'https://ecc.plant.local', credentials: { username: 'u', password: 'p' } });
    expect(ni.status).toBe(501);
    expect(ni.body.error.code).toBe('not_implemented');
    const dep = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', deployment: 'on_prem', name: 'x' });
    expect(dep.body.error).toMatchObject({ code: 'invalid_request', field: 'deployment' });
  });

  it('refuses wrong credentials and stores nothing', async () => {
    const before = (await t.admin('GET', '/admin/v1/connections')).body.data.length;
    const r = await t.admin('POST', '/admin/v1/connections', { system: 'test-tier1', name: 'x', credentials: creds('wrong') });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_credentials');
    expect((await t.admin('GET', '/admin/v1/connections')).body.data.length).toBe(before);
  });

  it('refuses missing credentials fields', async () => {
    const r = await t.admin('POST', '/admin/v1/connections', { system: 'test-tier1', name: 'x', credentials: { username: 'svc' } });
    expect(r.body.error).toMatchObject({ code: 'invalid_request', field: 'credentials' });
  });

  it('refuses unknown settings keys and wrong types', async () => {
    expect((await t.admin('PATCH', '/admin/v1/settings', { 'credits.poool': 3 })).status).toBe(400);
    expect((await t.admin('PATCH', '/admin/v1/settings', { 'credits.pool': 'many' })).body.error.field).toBe('credits.pool');
    expect((await t.admin('GET', '/admin/v1/settings')).body['credits.pool']).toBe(16);
  });

  it('connects, reveals, rotates and disconnects over HTTP', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Demo' });
    expect(c.status).toBe(201);
    expect(c.body.token).toMatch(/^mwk_[0-9A-Za-z]{36}$/);
    const id = c.body.connection.id;
    expect((await t.admin('GET', `/admin/v1/connections/${id}/token`)).body.token).toBe(c.body.token);
    const rot = await t.admin('POST', `/admin/v1/connections/${id}/token/rotate`);
    expect(rot.body.token).not.toBe(c.body.token);
    expect(t.host.agent.connections.authenticate(c.body.token)).toBeNull();
    expect(t.host.agent.connections.authenticate(rot.body.token)?.id).toBe(id);
    expect((await t.admin('DELETE', `/admin/v1/connections/${id}`)).body).toEqual({ id, credits_returned: 0 });
    expect(t.host.agent.connections.authenticate(rot.body.token)).toBeNull();
  });

  it('lists connection summaries: the full list\'s connections, in its order, with only the fields a list shows', async () => {
    const a = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Summary A', user_metadata: { plant: 'Lyon' } });
    const b = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Summary B' });
    await t.admin('POST', `/admin/v1/connections/${b.body.connection.id}/pause`);
    // each connection's first sync ends before the lists are read, so both answers see the same last_sync_at
    for (const c of [a, b]) await t.host.agent.sync.whenDone(c.body.connection.id);
    const full = (await t.admin('GET', '/admin/v1/connections')).body.data as Record<string, unknown>[];
    const summaries = await t.admin('GET', '/admin/v1/connections/summaries');
    expect(summaries.status).toBe(200);
    const fields = ['id', 'name', 'system', 'deployment', 'credits', 'status', 'health', 'paused', 'created_at', 'last_sync_at', 'status_changed_at'];
    expect(summaries.body.data).toEqual(full.map((c) => Object.fromEntries(fields.map((f) => [f, c[f]]))));
    expect(summaries.body.data.find((c: { id: string }) => c.id === b.body.connection.id)).toMatchObject({ name: 'Summary B', paused: true });
    // the full list keeps its contract: options, metadata and entities stay there
    expect(full.find((c) => c.id === a.body.connection.id)).toMatchObject({ user_metadata: { plant: 'Lyon' }, options: { passthrough: 'read_only' } });
    expect(Object.keys(full.find((c) => c.id === a.body.connection.id)!.entities as object).length).toBeGreaterThan(0);
    // the in-process API (the desktop's IPC calls it) answers the same
    expect(await t.host.adminApi.listConnectionSummaries({})).toEqual(summaries.body);
    for (const c of [a, b]) await t.admin('DELETE', `/admin/v1/connections/${c.body.connection.id}`);
  });
});

describe('admin event stream', () => {
  it('streams status changes and syncs as server-sent events, and refuses without the admin token', async () => {
    expect((await fetch(`${t.host.adminUrl}/admin/v1/events`)).status).toBe(401);
    const ac = new AbortController();
    const res = await fetch(`${t.host.adminUrl}/admin/v1/events`, { headers: { authorization: `Bearer ${t.host.adminToken}` }, signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const seen = (type: string) => text.includes(`event: ${type}\n`);
    const events = (type: string) => text.split('\n\n').slice(0, -1).filter((b) => b.startsWith(`event: ${type}\n`)).map((b) => JSON.parse(b.split('data: ')[1]).data.connection_id as string);
    // the created connection's own sync.completed: another test's sync may still end while this one runs
    const ownCompleted = () => events('sync.completed').some((id) => events('connection.created').includes(id));
    const read = (async () => {
      while (!ownCompleted()) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    })();
    const c = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'stream' });
    await read;
    ac.abort();
    expect(seen('sync.started')).toBe(true);
    expect(events('connection.created')).toEqual([c.body.connection.id]);
    expect(events('sync.completed')).toContain(c.body.connection.id);
    expect(text).not.toContain(c.body.token);
  });
});

describe('the browser twin of the admin UI', () => {
  it('sends the CSP as a response header (frame-ancestors included); the page meta tag has no header-only directive', async () => {
    const res = await fetch(`${t.host.adminUrl}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(await res.text());
    if (meta) expect(meta[1]).not.toMatch(/frame-ancestors|report-uri|sandbox/); // absent on the placeholder page (renderer not built)
  });
});
