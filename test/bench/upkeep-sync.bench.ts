// UpKeep sync throughput: a full initial sync of 100,000 work orders (plus the
// emulator's default reference data) from the UpKeep emulator over HTTP into a
// fresh SQLite file, through the real agent. Reports records/s, pages, logins and
// peak memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from '../../src-main/agent.js';
import { createLog } from '../../src-main/log.js';
import { startUpKeepEmulator } from '../emulators/upkeep/index.js';
import { MemoryVault, peakRssMiB, progress, round } from './run.js';

const WORK_ORDERS = 100_000;

export default async function bench(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-upkeep-'));
  const emu = await startUpKeepEmulator({ seed: 1, size: { workOrders: WORK_ORDERS } });
  try {
    const agent = await Agent.open({
      dataDir: path.join(dir, 'agent'), vault: new MemoryVault(), log: createLog(null, 'warn'),
      sync: { pageSize: 500 },
    });
    const hooks = agent.connections.hooks;
    agent.connections.hooks = { ...hooks, onActive: () => {} };
    const { connection } = await agent.connections.connect({ system: 'upkeep', name: 'bench', base_url: emu.url, credentials: emu.credentials, options: { allow_insecure: true } });
    agent.connections.hooks = hooks;
    const total = Object.values(emu.stores).reduce((n, s) => n + s.liveCount, 0);
    progress(`upkeep: ${total} records (${WORK_ORDERS} work orders); syncing`);
    const t0 = performance.now();
    agent.sync.start(connection.id);
    const run = (await agent.sync.whenDone(connection.id))!;
    const ms = performance.now() - t0;
    if (run.status !== 'completed') throw new Error(`the sync ${run.status}: ${JSON.stringify(run.error)}`);
    const stored = agent.db.prepare('SELECT count(*) FROM records WHERE connection_id = ?').pluck().get(connection.id) as number;
    if (stored !== total) throw new Error(`stored ${stored} records, the emulator has ${total}`);
    await agent.close();
    const rate = total / (ms / 1000);
    progress(`upkeep: ${total} records in ${round(ms)} ms = ${round(rate)} records/s`);
    return {
      records: total,
      work_orders: WORK_ORDERS,
      sync_ms: round(ms),
      records_per_s: round(rate),
      list_requests: emu.stats.byRoute['GET /work-orders'] ?? 0,
      logins: emu.stats.logins,
      peak_rss_mib: peakRssMiB(),
    };
  } finally {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
