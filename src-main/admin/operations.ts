// admin/ owns the admin operations: the one place the desktop IPC, the admin
// HTTP API and the CLI call. This is the admin surface's edge: each input is
// parsed here with its operation's schema, once, whatever the transport; the
// handlers and the domain below take the parsed values and never parse again
// (a schema with a transform, such as include_deleted, cannot be parsed twice).
// It is also where every admin action, refused ones included, goes into the
// audit log, whichever transport it came by.
import { adminOperations, type AdminApi, type AdminOperationName, type AdminParsedInput } from '../contract/admin.js';
import { fail, parseOrFail } from '../contract/errors.js';
import { describeSystem } from '../systems/kit/definition.js';
import type { Agent } from '../agent.js';
import { allowList } from '../webhooks/url-safety.js';
import { VERSION } from '../version.js';
import { buildSupportBundle } from '../support/bundle.js';
import { createBackup, restoreBackup } from '../backup/backup.js';
import { adminAuditEntry, type AdminCallOutcome } from '../audit/admin-actions.js';

/** An operation's implementation: takes its parsed input. */
export type AdminHandlers = { [K in AdminOperationName]: (input: AdminParsedInput<K>) => Promise<unknown> };

/**
 * The admin API every transport calls: parse once with the operation's schema,
 * then run the handler; `observe` hears every call's outcome (the audit log).
 */
export function withInputParsing(handlers: AdminHandlers, observe?: (outcome: AdminCallOutcome) => void): AdminApi {
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(adminOperations) as AdminOperationName[]) {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    api[name] = async (raw: unknown) => {
      const started = performance.now();
      let parsed: unknown;
      try {
        // A missing input means "no input", on every transport.
        parsed = parseOrFail(adminOperations[name].input, raw ?? {});
        const result = await handler(parsed);
        observe?.({ name, raw, parsed, result, durationMs: performance.now() - started });
        return result;
      } catch (error) {
        observe?.({ name, raw, parsed, error, durationMs: performance.now() - started });
        throw error;
      }
    };
  }
  return api as unknown as AdminApi;
}

export function createAdminApi(agent: Agent): AdminApi {
  return withInputParsing(adminHandlers(agent), (outcome) => {
    const entry = adminAuditEntry(outcome);
    if (!entry) return;
    try {
      agent.audit.append(entry);
    } catch (err) {
      agent.log.error({ err: (err as Error).message, operation: outcome.name }, 'the audit log could not be written');
    }
  });
}

function adminHandlers(agent: Agent): AdminHandlers {
  const c = agent.connections;
  return {
    agentInfo: async () => ({
      version: VERSION, pid: process.pid, data_dir: agent.dataDir, api_url: agent.apiUrl, admin_url: agent.adminUrl, keychain: await agent.vault.describe(),
    }),
    listRecords: async ({ id, entity, limit, cursor, search, include_deleted }) => {
      c.get(id);
      return agent.records.list(id, entity, { limit, cursor, search, includeDeleted: include_deleted, includeRaw: false });
    },
    listSystems: async () => ({ data: c.systemList().map(describeSystem) }),
    listConnections: async () => ({ data: c.list() }),
    listConnectionSummaries: async () => ({ data: c.summaries() }),
    getConnection: async ({ id }) => c.get(id),
    connect: async (input) => c.connect(input),
    testConnection: async (input) => c.test(input),
    updateConnection: async ({ id, ...patch }) => c.update(id, patch),
    reconnect: async ({ id, credentials }) => c.reconnect(id, credentials),
    credentialFields: async ({ id }) => c.storedFields(id),
    activate: async ({ id }) => c.activate(id),
    deactivate: async ({ id }) => c.deactivate(id),
    disconnect: async ({ id }) => c.disconnect(id),
    revealToken: async ({ id }) => c.revealToken(id),
    rotateToken: async ({ id }) => c.rotateToken(id),
    pause: async ({ id }) => c.setPaused(id, true),
    resume: async ({ id }) => c.setPaused(id, false),
    listAudit: async (q) => agent.audit.list(q),
    syncNow: async ({ id, full }) => agent.sync.start(id, { full }),
    listSyncs: async ({ id }) => { c.get(id); return { data: agent.sync.repo.runs(id) }; },
    credits: async () => agent.ledger.summary(),
    listWebhooks: async () => ({ data: agent.webhooks.listEndpoints() }),
    createWebhook: async (input) => { const r = await agent.webhooks.createEndpoint(input); return { ...r.endpoint, secret: r.secret }; },
    updateWebhook: async ({ id, ...patch }) => { const r = await agent.webhooks.updateEndpoint(id, patch); return { ...r.endpoint, ...(r.secret ? { secret: r.secret } : {}) }; },
    deleteWebhook: async ({ id }) => agent.webhooks.deleteEndpoint(id),
    testWebhook: async ({ id, type }) => agent.webhooks.sendTest(id, type),
    listDeliveries: async (q) => ({ data: agent.webhooks.listDeliveries(q) }),
    redeliver: async ({ id }) => agent.webhooks.redeliver(id),
    listFlows: async () => ({ data: agent.webhooks.listFlows() }),
    createFlow: async (input) => agent.webhooks.createFlow(input),
    deleteFlow: async ({ id }) => agent.webhooks.deleteFlow(id),
    diagnose: async ({ id }) => agent.diagnostics.run(id, 'manual'),
    lastDiagnose: async ({ id }) => ({ result: agent.diagnostics.last(id) }),
    supportBundle: async () => buildSupportBundle(agent),
    backup: async ({ passphrase }) => createBackup(agent, passphrase),
    restore: async (input) => restoreBackup(agent, input),
    getSettings: async () => agent.settings.all(),
    patchSettings: async (patch) => {
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
  };
}
