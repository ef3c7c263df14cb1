// Diagnose a connection over the admin HTTP API, against the Maximo emulator
// behind a real TLS front signed by a plant CA: every check passes on a healthy
// connection, and each way a plant network breaks (unknown CA, expired or
// mismatched certificate, closed port, a name that does not resolve, a proxy
// that wants credentials or refuses, rejected credentials, an object structure
// the user may not read) is named by the right check with its fix, the later
// checks marked not run. Names resolve through an injected resolver, never DNS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHost, type AgentHost } from '../../src-main/host/agent-host.js';
import type { DiagnoseResult } from '../../src-main/contract/plantops.js';
import type { AgentEvent } from '../../src-main/events/bus.js';
import { startMaximoEmulator, type MaximoEmulator } from '../emulators/ibm-maximo/index.js';
import { allTestSystems, testKeychainService } from '../support/fake-system.js';
import { plantPki, startConnectProxy, startTlsFront, type ConnectProxy, type TlsFront } from '../support/plant-network.js';
import { tempDir } from '../support/tmp.js';

const names = new Map<string, string[]>([['localhost', ['127.0.0.1']]]);
const resolve = async (host: string) => {
  const a = names.get(host);
  if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return a;
};

let host: AgentHost;
let emu: MaximoEmulator;
let front: TlsFront;
let proxy: ConnectProxy;
const events: AgentEvent[] = [];
const pki = plantPki();

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${host.adminUrl}${path}`, {
    method, headers: { authorization: `Bearer ${host.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() as never };
}
const diagnose = async (id: string) => {
  const r = await admin('POST', `/admin/v1/connections/${id}/diagnose`);
  expect(r.status).toBe(200);
  return r.body as DiagnoseResult;
};
const check = (r: DiagnoseResult, name: string) => {
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} check in ${r.checks.map((x) => x.name).join(', ')}`);
  return c;
};
async function connect(name: string, url: string, options: Record<string, unknown> = {}) {
  const r = await admin('POST', '/admin/v1/connections', {
    system: 'ibm-maximo', deployment: 'on_prem', name, base_url: url, credentials: { api_key: emu.credentials.api_key }, options: { ca_cert: pki.caCert, ...options },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = (r.body as { connection: { id: string } }).connection.id;
  await host.agent.sync.whenDone(id);
  return id;
}

beforeAll(async () => {
  emu = await startMaximoEmulator({ seed: 3, size: { workOrders: 12, purchaseOrders: 6, assets: 8, inventory: 6, vendors: 4, locations: 4 } });
  front = await startTlsFront(emu.port, pki.good);
  proxy = await startConnectProxy();
  host = await startAgentHost({
    dataDir: tempDir(), adminPort: 0, apiPort: 0,
    agent: { systems: allTestSystems, keychainService: testKeychainService, diagnose: { resolve, timeoutMs: 2000 } },
  });
  host.agent.bus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await host?.close();
  await Promise.all([front?.close(), emu?.close(), proxy?.close()]);
});

describe('diagnose', () => {
  let id: string;

  it('passes every check of a healthy HTTPS connection and says which CA it trusts', async () => {
    id = await connect('Maximo Plant 1', `https://127.0.0.1:${front.port}`);
    const r = await diagnose(id);
    expect(r.ok, JSON.stringify(r.checks, null, 2)).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(['dns', 'tcp', 'tls', 'auth', 'entity:locations', 'entity:vendors', 'entity:assets', 'entity:inventory-items', 'entity:purchase-orders', 'entity:work-orders',
      'entity:meters', 'entity:meter-readings', 'entity:service-requests', 'entity:maintenance-plans', 'entity:purchase-requisitions']);
    expect(check(r, 'dns').detail).toMatch(/IP address/);
    expect(check(r, 'tls').detail).toMatch(/private CA set under Advanced \(CN=Riverside Plant Root CA/);
    expect(check(r, 'tls').detail).toMatch(/Chain: CN=maximo\.plant\.local.*← CN=Riverside Plant Root CA/);
    expect(check(r, 'entity:work-orders').detail).toMatch(/^Available/);
    for (const c of r.checks) expect(c.duration_ms).toBeGreaterThanOrEqual(0);
    // The last diagnosis is kept and served.
    const last = await admin('GET', `/admin/v1/connections/${id}/diagnose`);
    expect((last.body as { result: DiagnoseResult }).result).toMatchObject({ connection_id: id, trigger: 'manual', ok: true });
  });

  it('names a certificate from an unknown CA and the fix; later checks are not run', async () => {
    front.useCertificate(pki.byOtherCa);
    try {
      const r = await diagnose(id);
      expect(r.ok).toBe(false);
      expect(check(r, 'tls')).toMatchObject({ ok: false });
      expect(check(r, 'tls').detail).toMatch(/signed by an unknown CA \(CN=Someone Else CA.*replace the private CA under Advanced/);
      expect(check(r, 'auth')).toMatchObject({ ok: false, skipped: true, duration_ms: 0, detail: 'Not run: the tls check failed.' });
      expect(check(r, 'entity:assets')).toMatchObject({ ok: false, skipped: true });

      // Without a private CA configured, the fix is to add one.
      const row = host.agent.connections.repo.get(id)!;
      const { ca_cert: _ca, ...rest } = JSON.parse(row.options);
      host.agent.connections.repo.update(id, { options: JSON.stringify(rest) });
      front.useCertificate(pki.good);
      const r2 = await diagnose(id);
      expect(check(r2, 'tls').detail).toMatch(/^The certificate is signed by an unknown CA \(CN=Riverside Plant Root CA.*\): add the plant CA under Advanced/);
      host.agent.connections.repo.update(id, { options: row.options });
    } finally {
      front.useCertificate(pki.good);
    }
  });

  it.each([
    ['an expired certificate, with its date', 'expired', /expired on 2020-02-01: ask the system's admin to renew it/],
    ['a certificate for another host name', 'wrongHost', /names mes\.plant\.local, not 127\.0\.0\.1: use a host name the certificate lists/],
  ] as const)('names %s', async (_what, cert, detail) => {
    front.useCertificate(pki[cert]);
    try {
      const r = await diagnose(id);
      expect(check(r, 'tls')).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
      expect(check(r, 'auth').skipped).toBe(true);
    } finally {
      front.useCertificate(pki.good);
    }
  });

  it('names a host name that does not resolve (through the injected resolver)', async () => {
    const byName = await connect('Maximo by name', `https://localhost:${front.port}`);
    expect((await diagnose(byName)).ok).toBe(true);
    names.delete('localhost');
    try {
      const r = await diagnose(byName);
      expect(check(r, 'dns')).toMatchObject({ ok: false });
      expect(check(r, 'dns').detail).toMatch(/localhost does not resolve \(ENOTFOUND\): check the host name/);
      for (const name of ['tcp', 'tls', 'auth', 'entity:work-orders']) expect(check(r, name)).toMatchObject({ ok: false, skipped: true, detail: 'Not run: the dns check failed.' });
    } finally {
      names.set('localhost', ['127.0.0.1']);
    }
  });

  it('goes through the proxy, and says when it wants credentials or refuses the target', async () => {
    const viaProxy = await connect('Maximo via proxy', `https://127.0.0.1:${front.port}`, { proxy_url: proxy.url });
    const ok = await diagnose(viaProxy);
    expect(ok.checks.map((c) => c.name).slice(0, 4)).toEqual(['dns', 'tcp', 'proxy', 'tls']);
    expect(ok.ok, JSON.stringify(ok.checks, null, 2)).toBe(true);
    expect(check(ok, 'tcp').detail).toMatch(/the proxy at 127\.0\.0\.1/);
    expect(check(ok, 'proxy').detail).toMatch(/opened a tunnel to 127\.0\.0\.1:\d+/);
    expect(proxy.tunnels).toContain(`127.0.0.1:${front.port}`);

    proxy.requireAuth = { user: 'mw', password: 'proxy-pass' };
    const r407 = await diagnose(viaProxy);
    expect(check(r407, 'proxy').detail).toMatch(/wants credentials \(407 .*put them in proxy_url/);
    expect(check(r407, 'tls').skipped).toBe(true);
    proxy.requireAuth = null;

    proxy.deny.add(`127.0.0.1:${front.port}`);
    const r403 = await diagnose(viaProxy);
    expect(check(r403, 'proxy').detail).toMatch(/refuses to connect to 127\.0\.0\.1:\d+ \(403\)/);
    proxy.deny.clear();
  });

  it('names credentials the system rejects, and an entity the user may not read', async () => {
    emu.commands.denyObjectStructure({ os: 'mxapiasset' });
    const partial = await diagnose(id);
    expect(check(partial, 'auth').ok).toBe(true);
    expect(check(partial, 'entity:assets')).toMatchObject({ ok: false });
    expect(check(partial, 'entity:assets').skipped).toBeUndefined();
    expect(check(partial, 'entity:assets').detail).toMatch(/Not available: .*MXAPIASSET.*BMXAA9301E.*Security Groups/);
    expect(check(partial, 'entity:work-orders').ok).toBe(true); // one entity does not stop the others
    emu.commands.denyObjectStructure({ os: 'mxapiasset', allow: true });

    emu.commands.revokeApiKey({});
    const r = await diagnose(id);
    expect(check(r, 'tls').ok).toBe(true);
    expect(check(r, 'auth')).toMatchObject({ ok: false });
    expect(check(r, 'auth').detail).toMatch(/IBM Maximo rejected the stored credentials .*reconnect with the current password or API key/);
    expect(check(r, 'entity:work-orders')).toMatchObject({ skipped: true, detail: 'Not run: the auth check failed.' });
    expect(JSON.stringify(r)).not.toContain(emu.credentials.api_key);
  });

  it('names a closed port, and runs by itself when the connection goes offline', async () => {
    const before = events.length;
    await front.close();
    expect(await host.agent.health.check(id)).toBe('offline');
    const changed = events.slice(before).find((e): e is AgentEvent<'connection.status_changed'> => e.type === 'connection.status_changed' && (e.data as { connection_id: string }).connection_id === id);
    expect(changed?.data.to.health).toBe('offline');
    const attached = changed!.data.diagnose!;
    expect(attached).toMatchObject({ connection_id: id, trigger: 'offline', ok: false });
    expect(check(attached, 'tcp').detail).toMatch(/Nothing accepts connections at 127\.0\.0\.1:\d+ \(connection refused\): check the port/);
    expect(check(attached, 'tls')).toMatchObject({ skipped: true, detail: 'Not run: the tcp check failed.' });
    // It is stored with the event (the webhook payload is built from it) and is the last diagnosis.
    const stored = host.agent.events.latest('connection.status_changed', id)!;
    expect((stored.data as { diagnose: DiagnoseResult }).diagnose.checks).toEqual(attached.checks);
    expect((await admin('GET', `/admin/v1/connections/${id}/diagnose`)).body).toMatchObject({ result: { trigger: 'offline' } });
  });

  it('answers 404 for an unknown connection and 400 for a malformed id', async () => {
    expect(await admin('POST', '/admin/v1/connections/con_nothere/diagnose')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await admin('POST', '/admin/v1/connections/not-an-id/diagnose')).status).toBe(400);
  });
});
