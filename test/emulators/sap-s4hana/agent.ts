// Test helpers for the S/4HANA suites: the shared agent harness and small
// wrappers to connect and sync.
import { openSystemAgent, storedRecords, syncAndWait } from '../../support/agent.js';
import type { EntityName } from '../../../src-main/contract/unified.js';
import type { SyncRun } from '../../../src-main/contract/sync.js';
import type { SapEmulator } from './index.js';
import { createConnector } from '../../../src-main/systems/kit/connector.js';
import { sapS4hana } from '../../../src-main/systems/sap-s4hana/definition.js';

export const openSapAgent = (opts: { pageSize?: number; maxRetries?: number } = {}) => openSystemAgent(opts);

export type SapAgent = Awaited<ReturnType<typeof openSapAgent>>;

export function connectInput(emu: SapEmulator, extra: { credentials?: Record<string, string>; options?: Record<string, unknown>; deployment?: 'cloud' | 'on_prem'; name?: string } = {}) {
  const tls = emu.url.startsWith('https');
  return {
    system: 'sap-s4hana', deployment: extra.deployment ?? 'on_prem', name: extra.name ?? 'S/4HANA', base_url: emu.url,
    credentials: extra.credentials ?? emu.credentials(),
    options: { ...(tls ? {} : { allow_insecure: true }), ...((extra.deployment ?? 'on_prem') === 'on_prem' ? { sap_client: '100' } : {}), ...extra.options },
  };
}

/** Connects (which starts the initial sync) and waits for that sync. */
export async function connectAndSync(s: SapAgent, emu: SapEmulator, extra: Parameters<typeof connectInput>[1] = {}) {
  const r = await s.api.connect(connectInput(emu, extra));
  const run = await s.agent.sync.whenDone(r.connection.id);
  return { id: r.connection.id, token: r.token, run: run! };
}

export async function syncNow(s: SapAgent, id: string, opts: { full?: boolean } = {}): Promise<SyncRun> {
  return syncAndWait(s.agent, id, opts.full ?? false);
}

/** Every stored record of one entity (live only unless includeDeleted). */
export function stored(s: SapAgent, id: string, entity: EntityName, includeDeleted = false): Record<string, unknown>[] {
  return storedRecords(s.agent, id, entity, includeDeleted);
}

/** What the emulator holds, counted the way the unified model sees it. */
export function expectedCounts(e: SapEmulator) {
  const d = e.data;
  const items = new Set(d.stock.filter((x) => !d.products.find((p) => p.Product === x.Material)?.IsMarkedForDeletion).map((x) => `${String(x.Plant)}/${String(x.StorageLocation)}/${String(x.Material)}`));
  return {
    locations: d.plants.length + d.storageLocations.length,
    vendors: d.suppliers.filter((x) => !x.DeletionIndicator).length,
    assets: d.equipment.filter((x) => x.ValidityEndDate === Date.UTC(9999, 11, 31) && !x.EquipmentIsMarkedForDeletion).length,
    'inventory-items': items.size,
    'purchase-orders': d.purchaseOrders.filter((x) => x.PurchasingDocumentDeletionCode !== 'L').length,
    'work-orders': [...d.workOrders()].filter((x) => !String(x.SystemStatusText).includes('DLFL')).length,
    meters: d.measuringPoints.length,
    'meter-readings': d.measurementDocuments.filter((x) => !x.MsmtRdngIsReversed).length,
    'service-requests': d.notifications.length,
    'maintenance-plans': d.maintenancePlans.length,
    'purchase-requisitions': d.requisitions.length,
  } as Record<EntityName, number>;
}

/** The connector configuration for an emulator (on-prem, client 100). */
export const configFor = (emu: SapEmulator) => ({ connectionId: 'con_test', deployment: 'on_prem' as const, baseUrl: emu.url, credentials: emu.credentials(), options: { allow_insecure: true }, system: { sap_client: '100' } });
/** A connector of the real definition, straight against an emulator. */
export const connectorFor = (emu: SapEmulator) => createConnector(sapS4hana, configFor(emu));
