// Test helpers for the Maximo suites: the shared agent harness and shortcuts to
// connect an emulator and read back what was synced.
import { openSystemAgent, storedRecords, syncAndWait, type SystemAgent } from '../../support/agent.js';
import type { EntityName } from '../../../src-main/contract/unified.js';
import type { SyncRun } from '../../../src-main/contract/sync.js';
import type { MaximoEmulator } from './index.js';

export type MaximoAgent = SystemAgent;
export const openMaximoAgent = (sync: { pageSize?: number; sleep?: (ms: number) => Promise<void>; maxRetries?: number } = {}) => openSystemAgent({ pageSize: 100, ...sync });

export function connectInput(emu: MaximoEmulator, opts: { credentials?: Record<string, string>; name?: string; ca?: boolean; deployment?: 'cloud' | 'on_prem' } = {}) {
  return {
    system: 'ibm-maximo', deployment: opts.deployment ?? 'on_prem', name: opts.name ?? 'Maximo', base_url: emu.url,
    credentials: opts.credentials ?? { api_key: emu.credentials.api_key },
    options: emu.url.startsWith('https') ? (opts.ca === false ? {} : { ca_cert: emu.caCert! }) : { allow_insecure: true },
  };
}

/** Connects and waits for the initial sync. */
export async function connectAndSync(m: MaximoAgent, emu: MaximoEmulator, opts: Parameters<typeof connectInput>[1] = {}) {
  const r = await m.api.connect(connectInput(emu, opts));
  const run = await m.agent.sync.whenDone(r.connection.id);
  return { ...r, id: r.connection.id, run: run! };
}

export async function syncNow(m: MaximoAgent, id: string, full = false): Promise<SyncRun> {
  return syncAndWait(m.agent, id, full);
}

/** Every stored record of an entity (live only unless includeDeleted). */
export function stored(m: MaximoAgent, id: string, entity: EntityName, includeDeleted = false): Record<string, unknown>[] {
  return storedRecords(m.agent, id, entity, includeDeleted);
}

export function byRemote(m: MaximoAgent, id: string, entity: EntityName, remoteId: string): Record<string, unknown> {
  const r = m.agent.records.get(id, entity, remoteId, true);
  if (!r) throw new Error(`no stored ${entity} ${remoteId}`);
  return r;
}
