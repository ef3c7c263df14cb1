// Test helpers for the SAP ECC suites: the shared agent harness and shortcuts
// to connect it to an emulator and sync.
import { openSystemAgent, storedRecords, syncAndWait, type SystemAgent } from '../../support/agent.js';
import type { EntityName } from '../../../src-main/contract/unified.js';
import type { SyncRun } from '../../../src-main/contract/sync.js';
import { privatePki } from '../common/tls.js';
import type { SapEccEmulator } from './index.js';

export type EccAgent = SystemAgent;
export const openEccAgent = (opts: { pageSize?: number; maxRetries?: number } = {}) => openSystemAgent({ pageSize: 500, ...opts });

export function connectInput(emu: SapEccEmulator, o: { name?: string; ca?: boolean; credentials?: Record<string, string>; client?: string } = {}) {
  const https = emu.url.startsWith('https:');
  return {
    system: 'sap-ecc', deployment: 'on_prem' as const, name: o.name ?? 'ECC', base_url: emu.url,
    credentials: o.credentials ?? { ...emu.credentials },
    options: { sap_client: o.client ?? emu.client, ...(https ? (o.ca === false ? {} : { ca_cert: privatePki().caCert }) : { allow_insecure: true }) },
  };
}

/** Connects (which starts the initial sync) and waits for that sync. */
export async function connectAndSync(h: EccAgent, emu: SapEccEmulator, o: Parameters<typeof connectInput>[1] = {}): Promise<{ id: string; token: string; run: SyncRun }> {
  const r = await h.api.connect(connectInput(emu, o));
  const run = await h.agent.sync.whenDone(r.connection.id);
  if (!run) throw new Error('no initial sync started');
  return { id: r.connection.id, token: r.token, run };
}

export async function syncNow(h: EccAgent, id: string, full = false): Promise<SyncRun> {
  return syncAndWait(h.agent, id, full);
}

/** Every stored record of an entity (live ones, or all with includeDeleted). */
export function stored(h: EccAgent, id: string, entity: EntityName, includeDeleted = false): Record<string, unknown>[] {
  return storedRecords(h.agent, id, entity, includeDeleted);
}

export function byRemote(h: EccAgent, id: string, entity: EntityName, remoteId: string): Record<string, unknown> {
  const r = h.agent.records.get(id, entity, remoteId, true);
  if (!r) throw new Error(`no ${entity} ${remoteId}`);
  return r;
}

export const command = (emu: SapEccEmulator, name: string, args: Record<string, unknown> = {}) => emu.server.commands[name](args) as Record<string, string[]>;
