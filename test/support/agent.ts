// Opens a real Agent (SQLite file in a temp data dir, the real OS keychain of the
// private test session) with the test-only systems added to the catalog.
import { Agent } from '../../src-main/agent.js';
import type { EntityName } from '../../src-main/contract/unified.js';
import { createAdminApi } from '../../src-main/admin/operations.js';
import { testCatalog, testFactories, testKeychainService } from './fake-system.js';
import { tempDir } from './tmp.js';

export async function openTestAgent(dataDir = tempDir()) {
  const agent = await Agent.open({ dataDir, catalog: testCatalog, factories: testFactories, keychainService: testKeychainService });
  return { agent, api: createAdminApi(agent), dataDir };
}

/** The credit invariant of CONTRACT §1. */
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
