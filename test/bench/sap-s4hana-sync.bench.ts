// Benchmark: the S/4HANA connector listing maintenance orders from the emulator
// (keyset paging over HTTP, mapping included), and the emulator's 100k build.
// The runner calls the default export and prints the JSON it returns.
import { startSapS4hanaEmulator } from '../emulators/sap-s4hana/index.js';
import { createConnector, type ChangePage } from '../../src-main/systems/kit/connector.js';
import { sapS4hana } from '../../src-main/systems/sap-s4hana/definition.js';

export default async function bench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { system: 'sap-s4hana' };
  let t = performance.now();
  const big = await startSapS4hanaEmulator({ seed: 1, size: { workOrders: 100_000 } });
  out.emulator_build_100k_ms = Math.round(performance.now() - t);
  await big.close();

  const emu = await startSapS4hanaEmulator({ seed: 1, size: { workOrders: 10_000 } });
  try {
    const c = createConnector(sapS4hana, { connectionId: 'con_bench', deployment: 'on_prem', baseUrl: emu.url, credentials: emu.credentials(), options: { allow_insecure: true }, system: { sap_client: '100' } });
    for (const pageSize of [100, 500]) {
      t = performance.now();
      let cursor: string | null = null;
      let records = 0;
      let pages = 0;
      do {
        const p: ChangePage = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor, pageSize });
        records += p.records.length;
        pages++;
        cursor = p.nextCursor;
      } while (cursor);
      const ms = performance.now() - t;
      out[`work_orders_10k_page${pageSize}`] = { records, pages, ms: Math.round(ms), records_per_s: Math.round(records / (ms / 1000)) };
    }
  } finally {
    await emu.close();
  }
  return out;
}
