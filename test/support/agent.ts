// Opens a real Agent (SQLite file in a temp data dir, the real OS keychain of the
// private test session) with the test-only systems added to the catalog.
import { Agent } from '../../src-main/agent.js';
import type { EntityName } from '../../src-main/contract/unified.js';
import { createAdminApi } from '../../src-main/admin/operations.js';
import type { AnyAgentEvent } from '../../src-main/events/bus.js';
import { allTestSystems, testKeychainService } from './fake-system.js';
import { tempDir } from './tmp.js';

export async function openTestAgent(dataDir = tempDir()) {
  const agent = await Agent.open({ dataDir, systems: allTestSystems, keychainService: testKeychainService });
  return { agent, api: createAdminApi(agent), dataDir };
}

/**
 * A real Agent for a system's emulator suite: SQLite in a temp dir, the private
 * test keychain, every event recorded, retries without waiting (the waits asked
 * for are kept).
 */
export async function openSystemAgent(opts: { pageSize?: number; maxRetries?: number; sleep?: (ms: number) => Promise<void> } = {}) {
  const sleeps: number[] = [];
  const agent = await Agent.open({
    dataDir: tempDir('mw-system-'),
    keychainService: testKeychainService,
    sync: { pageSize: opts.pageSize ?? 200, maxRetries: opts.maxRetries ?? 4, sleep: opts.sleep ?? (async (ms) => { sleeps.push(ms); }) },
  });
  const events: AnyAgentEvent[] = [];
  agent.bus.subscribe((e) => events.push(e));
  return { agent, api: createAdminApi(agent), events, sleeps, close: () => agent.close() };
}
export type SystemAgent = Awaited<ReturnType<typeof openSystemAgent>>;

/** The credit invariant (see the README, "Credits"). */
export function creditInvariant(agent: Agent) {
  const used = agent.ledger.used();
  const pool = agent.settings.get('credits.pool');
  return { used, held: agent.connections.repo.heldCredits(), available: pool - used, pool };
}

/** Starts a sync and waits for it to end. */
export async function syncAndWait(agent: Agent, id: string, full = false) {
  agent.sync.start(id, { full });
  return (await agent.sync.whenDone(id))!;
}

/** Every stored record of an entity, all pages (raw data included). */
export function storedRecords(agent: Agent, id: string, entity: EntityName, includeDeleted = false): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page = agent.records.list(id, entity, { limit: 500, cursor, includeDeleted, includeRaw: true });
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

/** The unified API of an agent on a loopback port, for tests that need real HTTP. */
export async function listenApi(agent: Agent) {
  const { createApiServer } = await import('../../src-main/api/server.js');
  const app = createApiServer(agent);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as import('node:net').AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async get(path: string, token: string) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() as Record<string, any> };
    },
    async post(path: string, token: string, body: unknown) {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, headers: res.headers, body: await res.json() as Record<string, any> };
    },
    close: () => app.close(),
  };
}
