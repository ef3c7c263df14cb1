// Test harness for the UpKeep connector: a real Agent (SQLite file in a temp dir,
// the private test keychain) with the UpKeep factory added, plus small helpers.
import { Agent } from '../../../src-main/agent.js';
import { storedRecords, syncAndWait } from '../../support/agent.js';
import { createAdminApi } from '../../../src-main/admin/operations.js';
import { connectorFactories } from '../../../src-main/systems/registry.js';
import { upkeepConnectorFactory } from '../../../src-main/systems/upkeep/connector.js';
import type { EntityName } from '../../../src-main/contract/unified.js';
import type { AnyAgentEvent } from '../../../src-main/events/bus.js';
import type { SyncRun } from '../../../src-main/contract/sync.js';
import { testKeychainService } from '../../support/fake-system.js';
import { tempDir } from '../../support/tmp.js';
import type { UpKeepEmulator } from './index.js';

export async function openUpKeepAgent(opts: { pageSize?: number; maxRetries?: number } = {}) {
  const sleeps: number[] = [];
  const agent = await Agent.open({
    dataDir: tempDir('mw-upkeep-'),
    factories: { ...connectorFactories, upkeep: upkeepConnectorFactory },
    keychainService: testKeychainService,
    sync: { pageSize: opts.pageSize ?? 50, maxRetries: opts.maxRetries ?? 4, sleep: async (ms) => { sleeps.push(ms); } },
  });
  const api = createAdminApi(agent);
  const events: AnyAgentEvent[] = [];
  agent.bus.subscribe((e) => events.push(e));
  return { agent, api, events, sleeps };
}

export type Harness = Awaited<ReturnType<typeof openUpKeepAgent>>;

export function connectInput(emu: UpKeepEmulator, extra: { credentials?: { email: string; password: string }; options?: Record<string, unknown>; name?: string } = {}) {
  return {
    system: 'upkeep',
    name: extra.name ?? 'UpKeep',
    base_url: emu.url,
    credentials: extra.credentials ?? emu.credentials,
    options: extra.options ?? (emu.url.startsWith('http:') ? { allow_insecure: true } : {}),
  };
}

/** Connects and waits for the initial sync. */
export async function connectAndSync(h: Harness, emu: UpKeepEmulator) {
  const r = await h.api.connect(connectInput(emu));
  const run = await h.agent.sync.whenDone(r.connection.id);
  return { ...r, id: r.connection.id, run: run! };
}

export async function syncNow(h: Harness, id: string, full = false): Promise<SyncRun> {
  return syncAndWait(h.agent, id, full);
}

/** Every stored record of an entity (all pages). */
export function allRecords(h: Harness, id: string, entity: EntityName, includeDeleted = false): Record<string, unknown>[] {
  return storedRecords(h.agent, id, entity, includeDeleted);
}

export const byRemote = (recs: Record<string, unknown>[]) => new Map(recs.map((r) => [r.remote_id as string, r]));

/** Unified entity → emulator resource. */
export const RESOURCE_OF: Record<EntityName, 'locations' | 'vendors' | 'assets' | 'parts' | 'purchase-orders' | 'work-orders'> = {
  locations: 'locations', vendors: 'vendors', assets: 'assets', 'inventory-items': 'parts', 'purchase-orders': 'purchase-orders', 'work-orders': 'work-orders',
};
