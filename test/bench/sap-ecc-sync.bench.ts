// SAP ECC: build 100,000 maintenance orders in the emulator and list them all
// through the connector (RFC_READ_TABLE AUFK key ranges + BAPI_ALM_ORDERHEAD_GET_LIST),
// as every ECC sync does (no change timestamp: each listing is complete).
import { startSapEccEmulator } from '../emulators/sap-ecc/index.js';
import { createConnector, type ChangePage } from '../../src-main/systems/kit/connector.js';
import { sapEcc } from '../../src-main/systems/sap-ecc/definition.js';

export default async function bench(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const emu = await startSapEccEmulator({ seed: 1, size: { workOrders: 100_000 } });
  const buildMs = performance.now() - t0;
  try {
    const k = createConnector(sapEcc, { connectionId: 'bench', deployment: 'on_prem', baseUrl: emu.url, credentials: { ...emu.credentials }, options: { allow_insecure: true }, system: { sap_client: emu.client } });
    const before = emu.stats.requests;
    const t1 = performance.now();
    let cursor: string | null = null;
    let records = 0;
    let pages = 0;
    do {
      const p: ChangePage = await k.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize: 500 });
      records += p.records.length;
      pages++;
      cursor = p.nextCursor;
    } while (cursor);
    const listMs = performance.now() - t1;
    return { system: 'sap-ecc', work_orders: records, pages, rfc_calls: emu.stats.requests - before, emulator_build_ms: Math.round(buildMs), list_ms: Math.round(listMs), records_per_s: Math.round(records / (listMs / 1000)) };
  } finally {
    await emu.close();
  }
}
