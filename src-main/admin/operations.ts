// admin/ owns the admin operations: the one place the desktop IPC, the admin
// HTTP API and the CLI call. Inputs are parsed with the contract's schemas here,
// whatever the transport.
import { adminOperations, type AdminApi, type AdminOperationName } from '../contract/admin.js';
import { fail, parseOrFail } from '../contract/errors.js';
import { SettingsPatch } from '../contract/settings.js';
import { toSystem } from '../systems/catalog.js';
import type { Agent } from '../agent.js';
import { allowList } from '../webhooks/url-safety.js';
import type { EntityName } from '../contract/unified.js';
import { VERSION } from '../version.js';
import { buildSupportBundle } from '../support/bundle.js';
import { createBackup, restoreBackup } from '../backup/backup.js';

type Handlers = { [K in AdminOperationName]: (input: never) => Promise<unknown> };

export function createAdminApi(agent: Agent): AdminApi {
  const c = agent.connections;
  const handlers = {
    agentInfo: async () => ({
      version: VERSION, pid: process.pid, data_dir: agent.dataDir, api_url: agent.apiUrl, keychain: await agent.vault.describe(),
    }),
    listRecords: async ({ id, entity, limit, cursor, search, include_deleted }: { id: string; entity: EntityName; limit: number; cursor?: string; search?: string; include_deleted?: boolean }) => {
      c.get(id);
      return agent.records.list(id, entity, { limit, cursor, search, includeDeleted: include_deleted, includeRaw: false });
    },
    listSystems: async () => ({ data: c.systemRows().map((r) => toSystem(r, c.isImplemented(r.id))) }),
    listConnections: async () => ({ data: c.list() }),
    getConnection: async ({ id }: { id: string }) => c.get(id),
    connect: async (input: unknown) => c.connect(input),
    testConnection: async (input: unknown) => { await c.test(input); return { ok: true as const }; },
    updateConnection: async ({ id, ...patch }: { id: string; name?: string; user_metadata?: Record<string, unknown>; sync_interval_minutes?: number }) => c.update(id, patch),
    reconnect: async ({ id, credentials }: { id: string; credentials?: Record<string, string> }) => c.reconnect(id, credentials),
    activate: async ({ id }: { id: string }) => c.activate(id),
    deactivate: async ({ id }: { id: string }) => c.deactivate(id),
    disconnect: async ({ id }: { id: string }) => c.disconnect(id),
    revealToken: async ({ id }: { id: string }) => c.revealToken(id),
    rotateToken: async ({ id }: { id: string }) => c.rotateToken(id),
    syncNow: async ({ id, full }: { id: string; full?: boolean }) => agent.sync.start(id, { full }),
    listSyncs: async ({ id }: { id: string }) => { c.get(id); return { data: agent.sync.repo.runs(id) }; },
    credits: async () => agent.ledger.summary(),
    listWebhooks: async () => ({ data: agent.webhooks.listEndpoints() }),
    createWebhook: async (input: unknown) => { const r = await agent.webhooks.createEndpoint(input); return { ...r.endpoint, secret: r.secret }; },
    updateWebhook: async ({ id, ...patch }: { id: string }) => { const r = await agent.webhooks.updateEndpoint(id, patch); return { ...r.endpoint, ...(r.secret ? { secret: r.secret } : {}) }; },
    deleteWebhook: async ({ id }: { id: string }) => agent.webhooks.deleteEndpoint(id),
    testWebhook: async ({ id, type }: { id: string; type: string }) => agent.webhooks.sendTest(id, type),
    listDeliveries: async (q: unknown) => ({ data: agent.webhooks.listDeliveries(q) }),
    redeliver: async ({ id }: { id: string }) => agent.webhooks.redeliver(id),
    listFlows: async () => ({ data: agent.webhooks.listFlows() }),
    createFlow: async (input: unknown) => agent.webhooks.createFlow(input),
    deleteFlow: async ({ id }: { id: string }) => agent.webhooks.deleteFlow(id),
    diagnose: async ({ id }: { id: string }) => agent.diagnostics.run(id, 'manual'),
    lastDiagnose: async ({ id }: { id: string }) => ({ result: agent.diagnostics.last(id) }),
    supportBundle: async () => buildSupportBundle(agent),
    backup: async ({ passphrase }: { passphrase: string }) => createBackup(agent, passphrase),
    restore: async (input: { file: Uint8Array; passphrase: string; force?: boolean }) => restoreBackup(agent, input),
    getSettings: async () => agent.settings.all(),
    patchSettings: async (input: unknown) => {
      const patch = parseOrFail(SettingsPatch, input);
      return agent.db.transaction(() => {
        const pool = patch['credits.pool'];
        const used = agent.ledger.used();
        if (patch['webhooks.allowed_cidrs']) allowList(patch['webhooks.allowed_cidrs']); // refuses a bad CIDR, naming it
        if (pool !== undefined && pool < used) {
          throw fail('conflict', `The pool cannot be smaller than the credits in use (${used}); deactivate or disconnect connections first.`, { field: 'credits.pool' });
        }
        return agent.settings.patch(patch);
      })();
    },
  } satisfies Handlers;

  // Every input is parsed with its operation's schema before the handler runs.
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(adminOperations) as AdminOperationName[]) {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    api[name] = async (input: unknown) => handler(parseOrFail(adminOperations[name].input, input ?? {}));
  }
  return api as unknown as AdminApi;
}
