// A real agent host (the one composition both hosts run) on port 0 (loopback),
// with the test systems in its catalog.
import { afterAll } from 'vitest';
import { startAgentHost } from '../../src-main/host/agent-host.js';
import { allTestSystems, testKeychainService } from './fake-system.js';
import { tempDir } from './tmp.js';

export async function startTestHost(dataDir = tempDir()) {
  const host = await startAgentHost({ dataDir, adminPort: 0, apiPort: 0, agent: { systems: allTestSystems, keychainService: testKeychainService } });
  afterAll(() => host.close());
  const admin = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${host.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${host.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, text, headers: res.headers };
  };
  return { host, admin, dataDir };
}
