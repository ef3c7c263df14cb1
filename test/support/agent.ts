// Opens a real Agent (SQLite file in a temp data dir, the real OS keychain of the
// private test session) with the test-only systems added to the catalog.
import { Agent } from '../../src-main/agent.js';
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
