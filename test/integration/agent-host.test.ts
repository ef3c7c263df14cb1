// `millwright agent` as shipped (the package's bin), and startAgentHost, the one
// composition both hosts run: where ports come from, what happens when one is
// taken or the data dir is in use, what the banner shows, and that a failed
// start leaves nothing running.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startAgentHost } from '../../src-main/host/agent-host.js';
import { HostStartError, resolvePort } from '../../src-main/host/ports.js';
import {
  adminHttp, agentJsonCreated, blockPort, expectStoreClosedCleanly, readAgentJson, startAgentProcess, waitForAgentJson, type AgentProcess,
} from '../support/agent-process.js';
import { millwrightBin } from '../support/cli.js';
import { testKeychainService } from '../support/fake-system.js';
import { tempDir } from '../support/tmp.js';

const anyPorts = ['--api-port', '0', '--admin-port', '0'];

async function isFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function stop(p: AgentProcess) {
  p.child.kill('SIGTERM');
  return p.exited;
}

describe('millwright agent (the built bin)', () => {
  it('prints where the admin token is, never the token, when stdout is not a terminal', async () => {
    const dataDir = tempDir();
    const agent = startAgentProcess(['--data-dir', dataDir, ...anyPorts]);
    const info = await waitForAgentJson(agent, dataDir);
    await new Promise((r) => setTimeout(r, 100)); // the banner follows agent.json
    const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    expect(agent.stdout()).toContain(`Admin UI:     ${info.admin_url}/  (open it with #token=<the admin token> appended)`);
    expect(agent.stdout()).toContain(`Admin token:  ${path.join(dataDir, 'admin-token')} (mode 0600)`);
    expect(agent.stdout() + agent.stderr()).not.toContain(token);
    expect(await stop(agent)).toEqual({ code: 0, signal: null });
    expect(readAgentJson(dataDir)).toBeNull();
    expectStoreClosedCleanly(dataDir);
  });

  it('prints the admin UI address with the token to a terminal', () => {
    const dataDir = tempDir();
    // script(1) gives the agent a pseudo-terminal; the agent stops itself once agent.json appears.
    const cmd = `'${process.execPath}' '${millwrightBin()}' agent --data-dir '${dataDir}' --api-port 0 --admin-port 0 & p=$!; `
      + `for i in $(seq 100); do grep -q admin_url.*http '${dataDir}/agent.json' 2>/dev/null && break; sleep 0.1; done; sleep 0.3; kill -TERM $p; wait $p`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 30_000 });
    const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    expect(r.stdout).toMatch(new RegExp(`Admin UI: +http://127\\.0\\.0\\.1:\\d+/#token=${token}`));
  });

  it('a port in use: exit 1 with the port and every way to change it; nothing left behind', async () => {
    const dataDir = tempDir();
    const blocked = await blockPort();
    try {
      for (const [args, env, names] of [
        [['--api-port', '0', '--admin-port', String(blocked.port)], {}, 'the flag --admin-port'],
        [['--admin-port', '0'], { MILLWRIGHT_API_PORT: String(blocked.port) }, 'the environment variable MILLWRIGHT_API_PORT'],
      ] as const) {
        const agent = startAgentProcess(['--data-dir', dataDir, ...args], env);
        expect((await agent.exited).code).toBe(1);
        const err = agent.stderr();
        expect(err).toContain(`Port ${blocked.port} is already in use`);
        expect(err).toContain(`from ${names}`);
        const which = names.includes('admin') ? ['admin.port', '--admin-port', 'MILLWRIGHT_ADMIN_PORT'] : ['api.port', '--api-port', 'MILLWRIGHT_API_PORT'];
        for (const way of which) expect(err).toContain(way);
        expect(err).not.toMatch(/\n\s+at /); // no stack trace
        expect(readAgentJson(dataDir)).toBeNull();
        expectStoreClosedCleanly(dataDir);
      }
    } finally {
      blocked.close();
    }
  });

  it('a bad port in the environment is refused naming the variable', async () => {
    const agent = startAgentProcess(['--data-dir', tempDir()], { MILLWRIGHT_ADMIN_PORT: '78712', MILLWRIGHT_API_PORT: '0' });
    expect((await agent.exited).code).toBe(1);
    expect(agent.stderr()).toContain('MILLWRIGHT_ADMIN_PORT must be a port number (0-65535; 0 = any free port), not "78712"');
  });

  it('a second agent on the same data dir is refused, naming the running one; the first keeps serving', async () => {
    const dataDir = tempDir();
    const first = startAgentProcess(['--data-dir', dataDir, ...anyPorts]);
    const info = await waitForAgentJson(first, dataDir);
    const second = startAgentProcess(['--data-dir', dataDir, ...anyPorts]);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toContain(`Another Millwright agent (pid ${first.child.pid}) is already running on ${dataDir}; its admin UI is ${info.admin_url}/`);
    expect(readAgentJson(dataDir)).toEqual(info);
    expect((await adminHttp(info)('GET', '/admin/v1/connections')).status).toBe(200);
    expect((await stop(first)).code).toBe(0);
  });

  it('a stop asked for while it starts: it finishes starting, then stops cleanly', async () => {
    const dataDir = tempDir();
    // agent.json appears when the data dir is claimed, before the store opens and the listeners start.
    const claimed = agentJsonCreated(dataDir);
    const agent = startAgentProcess(['--data-dir', dataDir, ...anyPorts]);
    await claimed;
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(readAgentJson(dataDir)).toBeNull();
    expectStoreClosedCleanly(dataDir);
  });

  it('a stale or unreadable agent.json is ignored and rewritten', async () => {
    for (const stale of ['{"pid": 4194305, "data_dir": "/elsewhere", "admin_url": "http://127.0.0.1:1", "api_url": "http://127.0.0.1:2", "started_at": "x"}', 'not json at all']) {
      const dataDir = tempDir();
      fs.writeFileSync(path.join(dataDir, 'agent.json'), stale);
      const agent = startAgentProcess(['--data-dir', dataDir, ...anyPorts]);
      const info = await waitForAgentJson(agent, dataDir);
      expect(info).toMatchObject({ pid: agent.child.pid, data_dir: dataDir });
      expect((await stop(agent)).code).toBe(0);
    }
  });
});

describe('startAgentHost', () => {
  const agentOptions = { keychainService: testKeychainService };

  it('takes ports from the flag, else the environment, else the settings (0 = any free port)', async () => {
    expect(resolvePort('api', 5, 7870, { MILLWRIGHT_API_PORT: '6' })).toEqual({ port: 5, source: 'the flag --api-port' });
    expect(resolvePort('api', undefined, 7870, { MILLWRIGHT_API_PORT: '6' })).toEqual({ port: 6, source: 'the environment variable MILLWRIGHT_API_PORT' });
    expect(resolvePort('admin', undefined, 7871, {})).toEqual({ port: 7871, source: 'the setting admin.port' });
    expect(() => resolvePort('admin', undefined, 7871, { MILLWRIGHT_ADMIN_PORT: '12ab' })).toThrow(HostStartError);

    // The settings api.port and admin.port, as an admin changes them, apply at the next start.
    const dataDir = tempDir();
    const env = {};
    const first = await startAgentHost({ dataDir, apiPort: 0, adminPort: 0, env, agent: agentOptions });
    const wanted = await blockPort();
    wanted.close();
    await first.adminApi.patchSettings({ 'admin.port': wanted.port, 'api.port': 0 });
    await first.close();
    const second = await startAgentHost({ dataDir, env, agent: agentOptions });
    try {
      expect(second.adminUrl).toBe(`http://127.0.0.1:${wanted.port}`);
      expect(readAgentJson(dataDir)).toMatchObject({ admin_url: second.adminUrl, api_url: second.apiUrl });
      expect(second.apiUrl).not.toBe('http://127.0.0.1:0');
    } finally {
      await second.close();
    }
  });

  it('when the second listener cannot start, the first stops, the store closes and agent.json goes', async () => {
    const dataDir = tempDir();
    const blocked = await blockPort();
    const adminPort = await blockPort();
    adminPort.close(); // a port that was free a moment ago, so we can check it is free again after the failure
    try {
      const err = await startAgentHost({ dataDir, adminPort: adminPort.port, apiPort: blocked.port, env: {}, agent: agentOptions }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostStartError);
      expect((err as HostStartError).code).toBe('port_in_use');
      expect(await isFree(adminPort.port)).toBe(true);
      expect(readAgentJson(dataDir)).toBeNull();
      expectStoreClosedCleanly(dataDir);
      const again = await startAgentHost({ dataDir, adminPort: 0, apiPort: 0, env: {}, agent: agentOptions });
      await again.close();
    } finally {
      blocked.close();
    }
  });
});
