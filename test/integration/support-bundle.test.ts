// The support bundle over the admin HTTP API, unzipped with Info-ZIP's unzip
// (not the library that wrote it). A canary test: known secrets are planted
// everywhere an agent keeps or meets them — system passwords (one echoed back by
// the system into a sync error and the log), connection tokens (current and
// revoked), a webhook secret and a token in a webhook URL's query, a proxy
// password, the admin token, free-text metadata, error messages in log lines —
// and none of them is anywhere in the unzipped bundle, while what support needs
// (versions, connections, sync history, diagnoses, logs) is there. A symbolic
// link in logs/ pointing outside the data dir is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHost, type AgentHost } from '../../src-main/host/agent-host.js';
import { z } from 'zod';
import type { SystemDefinition } from '../../src-main/systems/kit/definition.js';
import { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { pages } from '../../src-main/systems/kit/paging.js';
import { allTestSystems, fakeSystem, testKeychainService, testSystems } from '../support/fake-system.js';
import { readTree, tempDir } from '../support/tmp.js';

const SYSTEM_PASSWORD = 'canary-SysPass-41c9e2d7';
const ECHOED_PASSWORD = 'canary-Echoed-88a1f0b3';
const PROXY_PASSWORD = 'canary-ProxyPw-5d2e7a19';
const URL_TOKEN = 'canary-UrlTok-0b7c4e21';
const METADATA_SECRET = 'canary-Metadata-9e3f1c05';
const LOG_SECRET = 'canary-LogLine-6a0d2b88';
const OUTSIDE_MARKER = 'OUTSIDE-THE-DATA-DIR-3f8e';

/** A system that echoes the password back in its error, as some do (its availability check passes; its listing fails). */
const tier3 = testSystems[2];
const echoing: typeof tier3 = {
  ...tier3,
  connector: {
    ...tier3.connector!,
    async auth() {},
    entities: {
      locations: {
        source: 'nothing',
        probe: async () => {},
        listings: [{
          paging: pages<Record<string, string | undefined>, null>({
            more: 'until_empty', position: z.null(),
            fetch: async (c) => { throw new ConnectorError('system', `backend refused login ${c.username}/${c.password} (pwd=${c.password})`); },
          }),
          map: () => { throw new Error('no rows'); },
          idOf: () => null,
        }],
        get: async () => null,
      },
    },
  },
};
const systems: readonly SystemDefinition[] = allTestSystems.map((s) => (s.id === echoing.id ? echoing : s));

let host: AgentHost;
let dataDir: string;
const secrets: string[] = [SYSTEM_PASSWORD, ECHOED_PASSWORD, PROXY_PASSWORD, URL_TOKEN, METADATA_SECRET, LOG_SECRET];
const ids: string[] = [];
let unzipped: { file: string; data: Buffer }[] = [];
let headers: Headers;

async function admin(method: string, p: string, body?: unknown) {
  const res = await fetch(`${host.adminUrl}${p}`, { method, headers: { authorization: `Bearer ${host.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
const json = async (method: string, p: string, body?: unknown) => {
  const r = await admin(method, p, body);
  expect(r.status, r.bytes.toString()).toBeLessThan(300);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads answers loosely
  return JSON.parse(r.bytes.toString()) as Record<string, any>;
};

beforeAll(async () => {
  dataDir = tempDir();
  fakeSystem.password = SYSTEM_PASSWORD;
  host = await startAgentHost({ dataDir, adminPort: 0, apiPort: 0, agent: { systems, keychainService: testKeychainService } });
  secrets.push(host.adminToken);

  const a = await json('POST', '/admin/v1/connections', {
    system: 'test-tier1', deployment: 'on_prem', name: 'Plant 1 CMMS', credentials: { username: 'svc_mw', password: SYSTEM_PASSWORD },
    options: { proxy_url: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:3128` }, user_metadata: { note: METADATA_SECRET },
  });
  ids.push(a.connection.id);
  secrets.push(a.token);
  secrets.push((await json('POST', `/admin/v1/connections/${ids[0]}/token/rotate`)).token); // the first token is revoked, still a secret
  const b = await json('POST', '/admin/v1/connections', { system: 'test-tier3', deployment: 'cloud', name: 'Echoing ERP', credentials: { username: 'echo', password: ECHOED_PASSWORD } });
  ids.push(b.connection.id);
  secrets.push(b.token);
  await host.agent.sync.whenDone(ids[1]); // fails with the password in the error

  await json('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
  const hook = await json('POST', '/admin/v1/webhooks', { url: `http://127.0.0.1:9/hooks/millwright?token=${URL_TOKEN}` });
  secrets.push(hook.secret);
  secrets.push((await json('PATCH', `/admin/v1/webhooks/${hook.id}`, { rotate_secret: true })).secret);
  await json('POST', `/admin/v1/connections/${ids[0]}/diagnose`);

  // Error messages that carry secrets into log lines.
  host.agent.log.error({ err: new Error(`keychain answered ${SYSTEM_PASSWORD} unexpectedly`), connection_id: ids[0] }, 'planted error line');
  host.agent.log.warn({ connection_id: ids[1] }, `system said password=${LOG_SECRET} for ${b.token}`);
  host.agent.log.info({ headers: { authorization: `Bearer ${host.adminToken}` }, detail: ECHOED_PASSWORD }, 'a line with unknown fields');

  // A link in logs/ to a file outside the data dir.
  const outside = path.join(tempDir('mw-outside-'), 'secret.log');
  fs.writeFileSync(outside, `${OUTSIDE_MARKER}\n`);
  fs.symlinkSync(outside, path.join(dataDir, 'logs', 'outside.log'));

  const res = await admin('GET', '/admin/v1/support-bundle');
  expect(res.status).toBe(200);
  headers = res.headers;
  const zip = path.join(tempDir('mw-bundle-'), 'bundle.zip');
  fs.writeFileSync(zip, res.bytes);
  const out = path.join(path.dirname(zip), 'out');
  execFileSync('unzip', ['-q', zip, '-d', out]);
  unzipped = readTree(out);
});
afterAll(() => host?.close());

const file = (suffix: string) => {
  const f = unzipped.find((x) => x.file.endsWith(suffix));
  if (!f) throw new Error(`${suffix} not in the bundle: ${unzipped.map((x) => path.basename(x.file)).join(', ')}`);
  return f.data.toString('utf8');
};

describe('support bundle', () => {
  it('is a zip download named for the moment it was made', () => {
    expect(headers.get('content-type')).toBe('application/zip');
    expect(headers.get('content-disposition')).toMatch(/^attachment; filename="millwright-support-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.zip"$/);
    expect(unzipped.map((f) => path.basename(f.file)).sort()).toEqual(
      ['README.txt', 'agent.log', 'connections.json', 'credits.json', 'diagnoses.json', 'events.json', 'settings.json', 'sync-history.json', 'versions.json', 'webhooks.json'],
    );
  });

  it('holds no planted secret anywhere', () => {
    expect(secrets).toHaveLength(6 + 1 + 3 + 2);
    for (const { file: f, data } of unzipped) {
      for (const secret of secrets) {
        expect(data.includes(Buffer.from(secret)), `${secret.slice(0, 12)}… found in ${path.basename(f)}`).toBe(false);
        expect(data.includes(Buffer.from(secret.slice(6))), `a part of ${secret.slice(0, 12)}… found in ${path.basename(f)}`).toBe(false);
      }
    }
  });

  it('holds what support needs', () => {
    const versions = JSON.parse(file('versions.json'));
    expect(versions).toMatchObject({ app: expect.any(String), node: process.versions.node, sqlite: expect.stringMatching(/^3\.\d+/), os: { platform: process.platform } });
    expect(versions.systems).toHaveLength(2);
    const connections = JSON.parse(file('connections.json'));
    expect(connections.map((c: { id: string }) => c.id)).toEqual(ids);
    expect(connections[0]).toMatchObject({ name: 'Plant 1 CMMS', system: 'test-tier1', user_metadata_keys: ['note'], options: { proxy_url: 'http://127.0.0.1:3128' } });
    const history = JSON.parse(file('sync-history.json'));
    expect(history[ids[1]][0]).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('backend refused login echo/[redacted] (pwd=[redacted])') } });
    const diagnoses = JSON.parse(file('diagnoses.json'));
    expect(diagnoses[ids[0]]).toMatchObject({ trigger: 'manual', checks: expect.arrayContaining([expect.objectContaining({ name: 'auth', ok: true })]) });
    expect(JSON.parse(file('webhooks.json'))[0].url).toBe('http://127.0.0.1:9/hooks/millwright?…');
    const log = file('agent.log');
    expect(log).toContain('"msg":"planted error line"');
    expect(log).toContain('keychain answered [redacted] unexpectedly');
    expect(log).toContain('system said password=[redacted] for [redacted]');
    expect(log).toContain('"msg":"a line with unknown fields"');
    expect(log).not.toContain('"detail"');
    expect(JSON.parse(file('settings.json'))['webhooks.allow_insecure_urls']).toBe(true);
  });

  it('refuses a log file that is a link out of the data dir, and says so', () => {
    for (const { data } of unzipped) expect(data.includes(Buffer.from(OUTSIDE_MARKER))).toBe(false);
    expect(file('README.txt')).toContain('logs/outside.log refused: a symbolic link');
  });

  it('needs the admin token', async () => {
    const res = await fetch(`${host.adminUrl}/admin/v1/support-bundle`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
