// The desktop app's real entry — the built out/main/index.js — under plain Node,
// with a stand-in electron module (test/support/fake-electron/) because no
// Electron binary can run here. Everything is checked from outside, as a user,
// the CLI or an integrator sees it: the desktop app runs the whole agent (both
// listeners, scheduled syncs, webhook delivery), its IPC reaches every admin
// operation, and it refuses what it must.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOperationNames } from '../../src-main/contract/admin-routes.js';
import {
  adminHttp, agentJsonCreated, blockPort, exitWithin, expectStoreClosedCleanly, readAgentJson, startAgentProcess, startDesktopProcess, waitForAgentJson,
  type AgentJson, type AgentProcess,
} from '../support/agent-process.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { waitUntil } from '../support/wait.js';

describe('the desktop app runs the whole agent', () => {
  const dataDir = tempDir('mw-desktop-');
  // Its own agent registry, so the CLI below can only find this desktop app.
  const stateHome = tempDir('mw-desktop-state-');
  const env = { MILLWRIGHT_API_PORT: '0', MILLWRIGHT_ADMIN_PORT: '0', MILLWRIGHT_TEST_SYNC_INTERVAL_MS: '1500', XDG_STATE_HOME: stateHome };
  let desktop: AgentProcess;
  let info: AgentJson;
  let admin: ReturnType<typeof adminHttp>;
  let connectionId = '';
  let token = '';
  afterAll(() => { if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL'); });

  beforeAll(async () => {
    desktop = startDesktopProcess(dataDir, env);
    info = await waitForAgentJson(desktop, dataDir);
    admin = adminHttp(info);
  });

  it('writes agent.json with both listeners and serves the real admin UI to a browser', async () => {
    expect(info).toMatchObject({ pid: desktop.child.pid, data_dir: dataDir, admin_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), api_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const page = await fetch(`${info.admin_url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/has not been built/);
    const script = /<script type="module"[^>]* src="\.?(\/assets\/index-[\w-]+\.js)"/.exec(html);
    expect(script, html).not.toBeNull();
    const js = await fetch(`${info.admin_url}${script![1]}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(100_000); // the React admin UI, not a stub
    // The window shows the same renderer from its file.
    const state = await desktop.electron('state') as { windows: { url: string; visible: boolean }[]; tray: unknown };
    expect(state.windows).toEqual([expect.objectContaining({ url: expect.stringMatching(/\/out\/renderer\/index\.html$/), visible: true })]);
    expect(state.tray).not.toBeNull();
  });

  it('connects a sandbox over the admin HTTP API; the unified API serves its purchase orders', async () => {
    const connected = await admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Desktop sandbox' });
    expect(connected.status).toBe(201);
    connectionId = connected.body.connection.id;
    token = connected.body.token;
    let po: { status: number; body: { data: { number: string }[] } } = { status: 0, body: { data: [] } };
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      const res = await fetch(`${info.api_url}/v1/purchase-orders?limit=5`, { headers: { authorization: `Bearer ${token}` } });
      po = { status: res.status, body: await res.json() as typeof po.body };
      if (po.status === 200 && po.body.data.length === 5) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(po.status).toBe(200);
    expect(po.body.data).toHaveLength(5);
    expect(po.body.data[0].number).toEqual(expect.any(String));
  });

  it('runs scheduled syncs by itself', async () => {
    let runs: { mode: string; status: string }[] = [];
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      runs = (await admin('GET', `/admin/v1/connections/${connectionId}/syncs`)).body.data;
      if (runs.filter((r) => r.status === 'completed').length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Newest first: the initial sync at connect, then at least one the scheduler started.
    expect(runs.at(-1)).toMatchObject({ mode: 'initial', status: 'completed' });
    expect(runs.filter((r) => r.mode === 'incremental' && r.status === 'completed').length).toBeGreaterThanOrEqual(1);
  });

  it('delivers a signed webhook test event to a loopback receiver', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
      expect((await admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] })).status).toBe(200);
      const hook = await admin('POST', '/admin/v1/webhooks', { url, event_types: ['connection.auth_required'] });
      expect(hook.status).toBe(201);
      expect((await admin('POST', `/admin/v1/webhooks/${hook.body.id}/test`, { type: 'connection.auth_required' })).status).toBe(202);
      await waitUntil(() => received.length > 0, 20_000);
      const event = new Webhook(hook.body.secret).verify(received[0].body, received[0].headers as Record<string, string>) as { type: string };
      expect(event.type).toBe('connection.auth_required');
    } finally {
      receiver.close();
    }
  });

  it('has an IPC handler for every admin operation; listRecords with include_deleted works through it', async () => {
    const { channels } = await desktop.electron('channels') as { channels: string[] };
    for (const name of adminOperationNames) expect(channels).toContain(`admin:${name}`);
    const listed = await desktop.electron('invoke', { channel: 'admin:listConnections', payload: {} }) as { result: { ok: boolean; value: { data: { id: string }[] } } };
    expect(listed.result.value.data.map((c) => c.id)).toEqual([connectionId]);
    const records = await desktop.electron('invoke', {
      channel: 'admin:listRecords', payload: { id: connectionId, entity: 'purchase-orders', include_deleted: true, limit: 3 },
    }) as { result: { ok: boolean; value: { data: Record<string, unknown>[]; next_cursor: string | null } } };
    expect(records.result.ok).toBe(true);
    expect(records.result.value.data).toHaveLength(3);
    expect(records.result.value.data.every((r) => 'deleted_at' in r)).toBe(true);
    const refused = await desktop.electron('invoke', { channel: 'admin:listRecords', payload: { id: connectionId, entity: 'invoices' } }) as { result: unknown };
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'entity' } });
  });

  it('is found by the CLI like a headless agent (no --data-dir)', async () => {
    const { MILLWRIGHT_DATA_DIR: _d, ...rest } = process.env;
    const r = await cli(['connections', '--json'], '', { ...rest, XDG_STATE_HOME: stateHome, XDG_DATA_HOME: stateHome });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).data.map((c: { name: string }) => c.name)).toEqual(['Desktop sandbox']);
  });

  it('refuses a headless agent on its data dir, naming itself', async () => {
    const second = startAgentProcess(['--data-dir', dataDir, '--api-port', '0', '--admin-port', '0'], { XDG_STATE_HOME: stateHome });
    expect((await exitWithin(second, 10_000)).code).toBe(1);
    expect(second.stderr()).toContain(`pid ${desktop.child.pid}`);
    expect(second.stderr()).toContain(info.admin_url);
    expect(readAgentJson(dataDir)?.pid).toBe(desktop.child.pid);
  });

  it('refuses a second desktop instance on its data dir, naming itself', async () => {
    const second = startDesktopProcess(dataDir, env);
    expect((await exitWithin(second, 10_000)).code).toBe(0); // it hands over to the running window
    expect(second.stderr()).toContain(`already running (pid ${desktop.child.pid}, admin UI ${info.admin_url}/)`);
    expect(readAgentJson(dataDir)?.pid).toBe(desktop.child.pid);
    expect((await fetch(`${info.admin_url}/`)).status).toBe(200);
  });

  it('quits on SIGTERM within 10 s, even with a browser on the event stream; agent.json goes, the store is intact', async () => {
    const stream = await fetch(`${info.admin_url}/admin/v1/events`, { headers: { authorization: `Bearer ${fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim()}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // ": ready"
    desktop.child.kill('SIGTERM');
    expect(await exitWithin(desktop, 10_000)).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'agent.json'))).toBe(false);
    expect(fs.readdirSync(path.join(stateHome, 'millwright', 'agents'))).toEqual([]);
    expectStoreClosedCleanly(dataDir);
    await reader.cancel().catch(() => undefined);
  });
});

describe('the desktop app refuses to start half-way', () => {
  it('a port in use: an error dialog naming the port and how to change it, exit 1, agent.json gone, the store closed', async () => {
    const dataDir = tempDir('mw-desktop-port-');
    const blocker = await blockPort();
    const port = blocker.port;
    try {
      const desktop = startDesktopProcess(dataDir, { MILLWRIGHT_ADMIN_PORT: '0', MILLWRIGHT_API_PORT: String(port) });
      expect((await exitWithin(desktop, 20_000)).code).toBe(1);
      expect(desktop.stderr()).toMatch(new RegExp(`dialog\\.showErrorBox: Millwright could not start: Port ${port} is already in use`));
      for (const way of ['api.port', '--api-port', 'MILLWRIGHT_API_PORT']) expect(desktop.stderr()).toContain(way);
      expect(fs.existsSync(path.join(dataDir, 'agent.json'))).toBe(false);
      expectStoreClosedCleanly(dataDir);
    } finally {
      blocker.close();
    }
  });

  it('a quit while it starts: it finishes starting, then closes cleanly', async () => {
    const dataDir = tempDir('mw-desktop-early-');
    const claimed = agentJsonCreated(dataDir);
    const desktop = startDesktopProcess(dataDir, { MILLWRIGHT_ADMIN_PORT: '0', MILLWRIGHT_API_PORT: '0' });
    await claimed;
    desktop.child.kill('SIGTERM');
    expect(await exitWithin(desktop, 10_000)).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'agent.json'))).toBe(false);
    expectStoreClosedCleanly(dataDir);
  });

  it('a stale agent.json (its process is gone) or an unreadable one is ignored and rewritten', async () => {
    for (const stale of [JSON.stringify({ pid: 2 ** 22 + 1, data_dir: 'x', admin_url: 'http://127.0.0.1:1', api_url: 'http://127.0.0.1:2', started_at: 'then' }), '{"pid": 12']) {
      const dataDir = tempDir('mw-desktop-stale-');
      fs.writeFileSync(path.join(dataDir, 'agent.json'), stale);
      const desktop = startDesktopProcess(dataDir, { MILLWRIGHT_ADMIN_PORT: '0', MILLWRIGHT_API_PORT: '0' });
      const info = await waitForAgentJson(desktop, dataDir);
      expect((await fetch(`${info.admin_url}/`)).status).toBe(200);
      desktop.child.kill('SIGTERM');
      expect((await exitWithin(desktop, 10_000)).code).toBe(0);
    }
  });
});
