// SAP ECC: build 100,000 maintenance orders in the emulator and list them all
// through the connector (RFC_READ_TABLE AUFK key pages + BAPI_ALM_ORDERHEAD_GET_LIST),
// as every ECC sync does (no change timestamp: each listing is complete).
import { startSapEccEmulator } from '../emulators/sap-ecc/index.js';
import { createSapEccConnector } from '../../src-main/systems/sap-ecc/connector.js';

export default async function bench(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const emu = await startSapEccEmulator({ seed: 1, size: { workOrders: 100_000 } });
  const buildMs = performance.now() - t0;
  try {
    const k = createSapEccConnector({ connectionId: 'bench', deployment: 'on_prem', baseUrl: emu.url, credentials: { ...emu.credentials }, options: { allow_insecure: true } });
    const t1 = performance.now();
    let cursor: string | null = null;
    let records = 0;
    let pages = 0;
    do {
      const p = await k.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize: 500 });
      records += p.records.length;
      pages++;
      cursor = p.nextCursor;
    } while (cursor);
    const listMs = performance.now() - t1;
    return { system: 'sap-ecc', work_orders: records, pages, rfc_calls: k.calls, emulator_build_ms: Math.round(buildMs), list_ms: Math.round(listMs), records_per_s: Math.round(records / (listMs / 1000)) };
  } finally {
    await emu.close();
  }
}
