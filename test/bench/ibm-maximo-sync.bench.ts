// Benchmark: a full (initial) sync of 100,000 Maximo work orders from the
// emulator — running in its own process — through the real agent (SQLite file in
// a temp data dir, real sync engine, real connector over HTTP). Reports records/s,
// wall time, peak RSS of the agent process, and the raw insert rate of the same
// rows into a store with the same schema and indexes as the ceiling beside it.
// The vault is in memory here (benchmark only: no keychain needed); tests use the real keychain.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent } from '../../src-main/agent.js';
import { DB_FILE, openStore } from '../../src-main/store/db.js';
import { createAdminApi } from '../../src-main/admin/operations.js';
import type { Vault } from '../../src-main/vault/vault.js';

const WORK_ORDERS = Number(process.env.MAXIMO_BENCH_WORK_ORDERS ?? 100_000);
const PAGE_SIZE = 500;
const COLUMNS = ['id', 'connection_id', 'entity', 'remote_id', 'seq', 'updated_at', 'created_at', 'deleted_at', 'status', 'vendor_id', 'asset_id', 'location_id', 'content_hash', 'listing_id', 'data', 'remote_data'];

function memoryVault(): Vault {
  const mem = new Map<string, string>();
  return {
    ensureAvailable: async () => {},
    get: async (a) => mem.get(a) ?? null,
    set: async (a, s) => { mem.set(a, s); },
    delete: async (a) => { mem.delete(a); },
    accounts: async () => [...mem.keys()],
    describe: async () => ({ available: true, backend: 'memory (benchmark only)', problem: null }),
  };
}

async function startEmulatorProcess(size: Record<string, number>) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '../emulators/ibm-maximo/serve.ts'), JSON.stringify({ seed: 42, size })], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => { buf += d.toString(); const i = buf.indexOf('\n'); if (i >= 0) resolve(buf.slice(0, i)); });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; api_key: string };
  return { ...info, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

export default async function bench(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-maximo-bench-'));
  const emu = await startEmulatorProcess({ workOrders: WORK_ORDERS, purchaseOrders: 50, assets: 200, inventory: 100, vendors: 20, locations: 30 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 25);
  const baseRss = process.memoryUsage().rss;
  let agent: Agent | null = null;
  try {
    agent = await Agent.open({ dataDir, vault: memoryVault(), sync: { pageSize: PAGE_SIZE } });
    const api = createAdminApi(agent);
    const t0 = performance.now();
    const r = await api.connect({ system: 'ibm-maximo', deployment: 'on_prem', name: 'bench', base_url: emu.url, credentials: { api_key: emu.api_key }, options: { allow_insecure: true } });
    const run = await agent.sync.whenDone(r.connection.id);
    const wallMs = performance.now() - t0;
    clearInterval(sampler); // the peak of the sync, not of the baseline below
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (run?.status !== 'completed') throw new Error(`sync ${run?.status}: ${run?.error?.message}`);
    const woCount = agent.records.countsByEntity(r.connection.id)['work-orders'] ?? 0;

    // The ceiling: the same rows (every entity, every column, in the order the sync wrote them) into a
    // store opened the same way (openStore: same schema, indexes, WAL, synchronous=FULL), one page per transaction.
    const rows = agent.db.prepare(`SELECT ${COLUMNS.join(', ')} FROM records WHERE connection_id = ? ORDER BY seq`).raw().all(r.connection.id) as unknown[][];
    const raw = openStore(path.join(dataDir, 'raw'));
    const ins = raw.prepare(`INSERT INTO records (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    const page = raw.transaction((batch: unknown[][]) => { for (const row of batch) ins.run(...row); });
    const t1 = performance.now();
    for (let i = 0; i < rows.length; i += PAGE_SIZE) page(rows.slice(i, i + PAGE_SIZE));
    const rawMs = performance.now() - t1;
    raw.close();
    agent.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = fs.statSync(path.join(dataDir, DB_FILE)).size;

    return {
      name: 'ibm-maximo full sync',
      work_orders: woCount,
      records_total: rows.length,
      page_size: PAGE_SIZE,
      wall_seconds: Number((wallMs / 1000).toFixed(2)),
      records_per_second: Math.round(rows.length / (wallMs / 1000)),
      peak_rss_mb: Math.round(peakRss / 1048576),
      rss_growth_mb: Math.round((peakRss - baseRss) / 1048576),
      raw_insert_rows_per_second: Math.round(rows.length / (rawMs / 1000)),
      maximo_sync_vs_raw_insert: Number((rawMs / wallMs).toFixed(3)),
      db_bytes_per_record: Math.round(dbBytes / rows.length),
      note: 'emulator in a separate process; agent over HTTP on loopback; RSS sampled every 25 ms in the agent process during the sync; raw insert: the same rows into a store opened by openStore (same schema and indexes), one transaction per page',
    };
  } finally {
    clearInterval(sampler);
    await agent?.close();
    await emu.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  bench().then((r) => { console.log(JSON.stringify(r, null, 2)); }, (err) => { console.error(err); process.exit(1); });
}
