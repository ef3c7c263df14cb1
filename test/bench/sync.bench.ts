// Sync throughput: a scaled sandbox connection synced through agent.sync into a
// fresh SQLite file (records/s), beside the raw insert rate of the same rows —
// the same JSON payloads — into a plain better-sqlite3 table with one prepared
// statement in batched transactions (rows/s), and the ratio.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from '../../src-main/agent.js';
import { createLog } from '../../src-main/log.js';
import { getSandboxSource } from '../../src-main/systems/sandbox/client.js';
import { entityNames } from '../../src-main/contract/unified.js';
import { MemoryVault, peakRssMiB, progress, round } from './run.js';

const SCALE = 50;
const PAGE_SIZE = 500; // the engine's default page size; the raw baseline batches the same way

export default async function bench(): Promise<Record<string, unknown>> {
  // Before any sandbox source exists: getSandboxSource reads it on first use.
  process.env.MILLWRIGHT_SANDBOX_SCALE = String(SCALE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-sync-'));
  try {
    const agent = await Agent.open({ dataDir: path.join(dir, 'agent'), vault: new MemoryVault(), log: createLog(null, 'warn'), sync: { pageSize: PAGE_SIZE } });
    // Connect without the automatic first sync, so the timed run starts on a warm source and an empty store.
    const hooks = agent.connections.hooks;
    agent.connections.hooks = { ...hooks, onActive: () => {} };
    const { connection } = await agent.connections.connect({ system: 'sandbox', name: 'bench' });
    agent.connections.hooks = hooks;
    const genStart = performance.now();
    const source = getSandboxSource(connection.id);
    const generateMs = performance.now() - genStart;
    const total = entityNames.reduce((n, e) => n + source.size(e), 0);
    progress(`sync: ${total} sandbox records (scale ${SCALE}), generated in ${round(generateMs)} ms; syncing`);

    const t0 = performance.now();
    agent.sync.start(connection.id);
    const run = await agent.sync.whenDone(connection.id)!;
    const syncMs = performance.now() - t0;
    if (run.status !== 'completed') throw new Error(`the sync ${run.status}: ${JSON.stringify(run.error)}`);
    const stored = agent.db.prepare('SELECT count(*) FROM records WHERE connection_id = ?').pluck().get(connection.id) as number;
    if (stored !== total) throw new Error(`stored ${stored} records, the source has ${total}`);
    const created = Object.values(run.counts).reduce((n, c) => n + (c?.created ?? 0), 0);
    const syncRate = total / (syncMs / 1000);
    progress(`sync: ${total} records in ${round(syncMs)} ms = ${round(syncRate)} records/s`);

    // The same rows, the same JSON payloads, as the sync stored them.
    const rows = agent.db.prepare('SELECT id, connection_id, entity, remote_id, seq, updated_at, created_at, status, vendor_id, asset_id, location_id, content_hash, data, remote_data FROM records WHERE connection_id = ? ORDER BY seq')
      .raw().all(connection.id) as unknown[][];
    await agent.close();

    const raw = new Database(path.join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL'); // what the agent's store uses
    raw.exec(`CREATE TABLE records (id TEXT PRIMARY KEY, connection_id TEXT, entity TEXT, remote_id TEXT, seq INTEGER, updated_at TEXT, created_at TEXT,
      status TEXT, vendor_id TEXT, asset_id TEXT, location_id TEXT, content_hash TEXT, data TEXT, remote_data TEXT)`);
    const insert = raw.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const batch = raw.transaction((slice: unknown[][]) => { for (const r of slice) insert.run(...r); });
    const t1 = performance.now();
    for (let i = 0; i < rows.length; i += PAGE_SIZE) batch(rows.slice(i, i + PAGE_SIZE));
    const rawMs = performance.now() - t1;
    raw.close();
    const rawRate = rows.length / (rawMs / 1000);
    progress(`sync: raw insert ${rows.length} rows in ${round(rawMs)} ms = ${round(rawRate)} rows/s`);

    const payloadBytes = rows.reduce((n, r) => n + String(r[12]).length + String(r[13]).length, 0);
    return {
      scale: SCALE,
      records: total,
      page_size: PAGE_SIZE,
      source_generate_ms: round(generateMs),
      sync: { mode: run.mode, created, ms: round(syncMs), records_per_s: round(syncRate) },
      raw_insert: { rows: rows.length, batch: PAGE_SIZE, ms: round(rawMs), rows_per_s: round(rawRate) },
      sync_vs_raw_ratio: round(syncRate / rawRate, 3),
      payload_mib: round(payloadBytes / 1024 / 1024, 1),
      peak_rss_mib: peakRssMiB(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
