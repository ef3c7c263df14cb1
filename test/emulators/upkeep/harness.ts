// Test helpers for the UpKeep suites: the shared agent harness plus small helpers.
import { openSystemAgent, storedRecords, syncAndWait, type SystemAgent } from '../../support/agent.js';
import type { EntityName } from '../../../src-main/contract/unified.js';
import type { SyncRun } from '../../../src-main/contract/sync.js';
import type { UpKeepEmulator } from './index.js';
import type { Resource } from './data.js';

export type Harness = SystemAgent;
export const openUpKeepAgent = (opts: { pageSize?: number; maxRetries?: number } = {}) => openSystemAgent({ pageSize: 50, ...opts });

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

/** Unified entity → emulator resource (UpKeep has no purchase requisitions). */
export const RESOURCE_OF: Record<Exclude<EntityName, 'purchase-requisitions'>, Resource> = {
  locations: 'locations', vendors: 'vendors', assets: 'assets', 'inventory-items': 'parts', 'purchase-orders': 'purchase-orders', 'work-orders': 'work-orders',
  meters: 'meters', 'meter-readings': 'readings', 'service-requests': 'requests', 'maintenance-plans': 'pm',
};

/** The entities UpKeep has (every one but purchase requisitions). */
export const UPKEEP_ENTITIES = Object.keys(RESOURCE_OF) as (keyof typeof RESOURCE_OF)[];

/** The remote ids the emulator holds for an entity, as the connector names them (a reading: "<meter>/<reading>"). */
export function liveRemoteIds(emu: UpKeepEmulator, entity: keyof typeof RESOURCE_OF): string[] {
  if (entity === 'meter-readings') return [...emu.stores.readings.all()].map((r) => `${String(r.meter)}/${r.id}`);
  return emu.stores[RESOURCE_OF[entity]].liveIds();
}
