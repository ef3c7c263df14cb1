// host/ owns the agent as a running process. startAgentHost is the one
// composition of the agent: it opens the Agent and starts everything the agent
// is — the unified API, the admin HTTP API with its live event stream and the
// admin UI for a browser, background work (scheduled syncs, health checks,
// webhook delivery), agent.json and the admin token. The desktop app
// (desktop/main.ts) adds only its window, tray, notifications and IPC; `millwright
// agent` (cli/agent-command.ts) adds only its banner and signal handling. No other
// place starts a listener or background work.
import path from 'node:path';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Agent, type AgentOptions } from '../agent.js';
import type { AdminApi } from '../contract/admin.js';
import { createAdminApi } from '../admin/operations.js';
import { createAdminHttp } from '../admin/http.js';
import { registerEventStream } from '../admin/events-stream.js';
import { createApiServer } from '../api/server.js';
import { claimDataDir, loadOrCreateAdminToken } from './runtime.js';
import { ADMIN_TOKEN_FILE } from './paths.js';
import { registerRenderer } from './renderer-files.js';
import { explainListenError, resolvePort, type ListenerName } from './ports.js';

export interface AgentHostOptions {
  dataDir: string;
  /** `--api-port` / `--admin-port`: beat the environment and the settings. */
  apiPort?: number;
  adminPort?: number;
  /** Where MILLWRIGHT_API_PORT, MILLWRIGHT_ADMIN_PORT and the test-only variables are read. */
  env?: NodeJS.ProcessEnv;
  /** Tests add systems to the catalog, benches use an in-memory vault, … */
  agent?: Omit<AgentOptions, 'dataDir'>;
}

export interface AgentHost {
  agent: Agent;
  /** The admin operations (input parsed once, here at the edge): the desktop wires them to IPC. */
  adminApi: AdminApi;
  adminUrl: string;
  apiUrl: string;
  adminToken: string;
  adminTokenFile: string;
  /** Stops the listeners, then background work, closes the store, removes agent.json. */
  close(): Promise<void>;
}

/** Test-only: replaces every connection's sync interval (and the scheduler's tick) with this many ms. */
export const TEST_SYNC_INTERVAL_ENV = 'MILLWRIGHT_TEST_SYNC_INTERVAL_MS';

export async function startAgentHost(opts: AgentHostOptions): Promise<AgentHost> {
  const env = opts.env ?? process.env;
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const claim = claimDataDir(dataDir); // before the store opens: a second agent never touches it
  let agent: Agent;
  try {
    const raw = env[TEST_SYNC_INTERVAL_ENV];
    const testInterval = raw && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
    agent = await Agent.open({
      ...opts.agent, dataDir,
      ...(testInterval ? { sync: { ...opts.agent?.sync, intervalMs: testInterval } } : {}),
    });
  } catch (err) {
    claim.release();
    throw err;
  }

  const listeners: FastifyInstance[] = [];
  try {
    const adminToken = loadOrCreateAdminToken(dataDir);
    const adminApi = createAdminApi(agent);
    const admin = createAdminHttp({
      api: adminApi, adminToken, log: agent.log,
      extend: (app, guard) => {
        registerEventStream(app, agent, guard);
        registerRenderer(app);
      },
    });
    listeners.push(admin);
    const unified = createApiServer(agent);
    listeners.push(unified);

    const listen = async (name: ListenerName, app: FastifyInstance, host: string, flag: number | undefined, setting: number) => {
      const resolved = resolvePort(name, flag, setting, env);
      try {
        await app.listen({ host, port: resolved.port });
      } catch (err) {
        throw explainListenError(name, host, resolved, err);
      }
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : resolved.port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    };
    // The admin API is loopback only, whatever is configured; the unified API listens where api.host says.
    const adminUrl = await listen('admin', admin, '127.0.0.1', opts.adminPort, agent.settings.get('admin.port'));
    const apiUrl = await listen('api', unified, agent.settings.get('api.host'), opts.apiPort, agent.settings.get('api.port'));
    agent.apiUrl = apiUrl;
    agent.adminUrl = adminUrl;
    agent.ownPorts = [Number(new URL(apiUrl).port), Number(new URL(adminUrl).port)];

    agent.startBackground();
    claim.publish({ admin_url: adminUrl, api_url: apiUrl });
    agent.log.info({ admin_url: adminUrl, api_url: apiUrl, pid: process.pid }, 'agent started');

    let closing: Promise<void> | null = null;
    return {
      agent, adminApi, adminUrl, apiUrl, adminToken, adminTokenFile: path.join(dataDir, ADMIN_TOKEN_FILE),
      close() {
        closing ??= (async () => {
          await Promise.allSettled(listeners.map((l) => l.close()));
          await agent.close();
          claim.release();
        })();
        return closing;
      },
    };
  } catch (err) {
    // Nothing half-started: what listens stops, the store closes cleanly, agent.json goes.
    await Promise.allSettled(listeners.map((l) => l.close()));
    await agent.close().catch(() => { /* already failing */ });
    claim.release();
    throw err;
  }
}
