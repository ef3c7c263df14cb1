// The headless host: `millwright agent`. Runs the Agent with the admin HTTP API
// (and the renderer for a browser) on 127.0.0.1, for servers and for tests.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Agent, type AgentOptions } from '../agent.js';
import { createAdminApi } from '../admin/operations.js';
import { createAdminHttp } from '../admin/http.js';
import { claimDataDir, loadOrCreateAdminToken, publishAgentInfo } from './runtime.js';
import { ADMIN_TOKEN_FILE } from './paths.js';
import { registerRenderer } from './renderer-files.js';
import { createApiServer } from '../api/server.js';
import { registerEventStream } from '../admin/events-stream.js';

export interface HeadlessOptions {
  dataDir: string;
  apiPort?: number;
  adminPort?: number;
  /** Tests add systems to the catalog this way. */
  agent?: Omit<AgentOptions, 'dataDir'>;
}

export interface RunningHeadless {
  agent: Agent;
  adminUrl: string;
  apiUrl: string;
  adminToken: string;
  admin: FastifyInstance;
  api: FastifyInstance;
  close(): Promise<void>;
}

export async function startHeadless(opts: HeadlessOptions): Promise<RunningHeadless> {
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  claimDataDir(opts.dataDir);
  const agent = await Agent.open({ ...opts.agent, dataDir: opts.dataDir });
  const adminToken = loadOrCreateAdminToken(opts.dataDir);
  const api = createAdminApi(agent);
  const admin = createAdminHttp({
    api, adminToken, log: agent.log,
    extend: (app, guard) => {
      registerEventStream(app, agent, guard);
      registerRenderer(app);
    },
  });
  const unified = createApiServer(agent);
  const host = '127.0.0.1'; // loopback only, whatever else is configured
  const adminPort = opts.adminPort ?? 7871;
  await admin.listen({ host, port: adminPort });
  const adminAddr = admin.server.address();
  const adminUrl = `http://${host}:${typeof adminAddr === 'object' && adminAddr ? adminAddr.port : adminPort}`;
  const apiHost = agent.settings.get('api.host');
  await unified.listen({ host: apiHost, port: opts.apiPort ?? agent.settings.get('api.port') });
  const apiAddr = unified.server.address();
  const apiUrl = `http://${apiHost}:${typeof apiAddr === 'object' && apiAddr ? apiAddr.port : opts.apiPort}`;
  agent.apiUrl = apiUrl;
  agent.ownPorts = [Number(new URL(apiUrl).port), Number(new URL(adminUrl).port)];
  agent.startBackground();
  const unpublish = publishAgentInfo({ pid: process.pid, data_dir: opts.dataDir, admin_url: adminUrl, api_url: apiUrl, started_at: new Date().toISOString() });
  agent.log.info({ admin_url: adminUrl, api_url: apiUrl }, 'agent started');

  let closed = false;
  return {
    agent, adminUrl, apiUrl, adminToken, admin, api: unified,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([admin.close(), unified.close()]);
      unpublish();
      await agent.close();
    },
  };
}

/** What `millwright agent` prints: where the admin UI is and where its token lives. */
export function banner(h: RunningHeadless): string {
  return [
    'Millwright agent is running.',
    `  Admin UI:     ${h.adminUrl}/#token=${h.adminToken}`,
    `  Admin token:  ${path.join(h.agent.dataDir, ADMIN_TOKEN_FILE)} (mode 0600)`,
    `  Unified API:  ${h.apiUrl}  (Authorization: Bearer <connection token>)`,
    `  Data dir:     ${h.agent.dataDir}`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}
