// Sync throughput: a scaled sandbox connection (its source in memory) synced
// through agent.sync into a fresh SQLite store (records/s), beside the raw
// insert of the same rows — the same column values, the same JSON payloads —
// into a store opened the same way (openStore: the same schema, indexes and
// pragmas, WAL and synchronous=FULL), one prepared INSERT, in transactions of
// the same page size. Rounds alternate sync and raw insert (each round is one
// more connection, so both stores grow alike) and the ratio is the median of
// the rounds' ratios: machine noise hits both sides alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from '../../src-main/agent.js';
import { createLog } from '../../src-main/log.js';
import { openStore, DB_FILE } from '../../src-main/store/db.js';
import { getSandboxSource } from '../../src-main/systems/sandbox/client.js';
import { entityNames } from '../../src-main/contract/unified.js';
import { MemoryVault, median, peakRssMiB, progress, round } from './run.js';

const SCALE = 50;
const ROUNDS = 3;
const PAGE_SIZE = 500; // the engine's default page size; the raw baseline batches the same way
const COLUMNS = ['id', 'connection_id', 'entity', 'remote_id', 'seq', 'updated_at', 'created_at', 'deleted_at', 'status', 'vendor_id', 'asset_id', 'location_id', 'content_hash', 'listing_id', 'data', 'remote_data'];

export default async function bench(): Promise<Record<string, unknown>> {
  // Before any sandbox source exists: getSandboxSource reads it on first use.
  process.env.MILLWRIGHT_SANDBOX_SCALE = String(SCALE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-sync-'));
  try {
    const agent = await Agent.open({ dataDir: path.join(dir, 'agent'), vault: new MemoryVault(), log: createLog(null, 'warn'), sync: { pageSize: PAGE_SIZE } });
    const raw = openStore(path.join(dir, 'raw'));
    const insert = raw.prepare(`INSERT INTO records (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    const batch = raw.transaction((slice: unknown[][]) => { for (const r of slice) insert.run(...r); });
    const rounds: { records: number; sync_ms: number; raw_ms: number; ratio: number }[] = [];
    let generateMs = 0;
    let payloadBytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // Connect without the automatic first sync, so the timed run starts on a warm source and an empty store for this connection.
      const hooks = agent.connections.hooks;
      agent.connections.hooks = { ...hooks, onActive: () => {} };
      const { connection } = await agent.connections.connect({ system: 'sandbox', name: `bench ${r}` });
      agent.connections.hooks = hooks;
      const genStart = performance.now();
      const source = getSandboxSource(connection.id);
      generateMs = performance.now() - genStart;
      const total = entityNames.reduce((n, e) => n + source.size(e), 0);

      const t0 = performance.now();
      agent.sync.start(connection.id);
      const run = await agent.sync.whenDone(connection.id)!;
      const syncMs = performance.now() - t0;
      if (run.status !== 'completed') throw new Error(`the sync ${run.status}: ${JSON.stringify(run.error)}`);
      const stored = agent.db.prepare('SELECT count(*) FROM records WHERE connection_id = ?').pluck().get(connection.id) as number;
      if (stored !== total) throw new Error(`stored ${stored} records, the source has ${total}`);

      // The same rows, in the order the sync wrote them.
      const rows = agent.db.prepare(`SELECT ${COLUMNS.join(', ')} FROM records WHERE connection_id = ? ORDER BY seq`).raw().all(connection.id) as unknown[][];
      payloadBytes = rows.reduce((n, r) => n + String(r[14]).length + String(r[15]).length, 0);
      const t1 = performance.now();
      for (let i = 0; i < rows.length; i += PAGE_SIZE) batch(rows.slice(i, i + PAGE_SIZE));
      const rawMs = performance.now() - t1;
      rounds.push({ records: total, sync_ms: round1(syncMs), raw_ms: round1(rawMs), ratio: round(rawMs / syncMs, 3) });
      progress(`sync: round ${r + 1}: ${total} records synced in ${round(syncMs)} ms, raw insert ${round(rawMs)} ms: ${round(rawMs / syncMs, 3)}`);
    }
    raw.close();
    agent.db.pragma('wal_checkpoint(TRUNCATE)');
    const records = agent.db.prepare('SELECT count(*) FROM records').pluck().get() as number;
    const dbBytes = fs.statSync(path.join(dir, 'agent', DB_FILE)).size;
    await agent.close();
    const syncRate = rounds.reduce((n, r) => n + r.records, 0) / (rounds.reduce((n, r) => n + r.sync_ms, 0) / 1000);
    const rawRate = rounds.reduce((n, r) => n + r.records, 0) / (rounds.reduce((n, r) => n + r.raw_ms, 0) / 1000);
    return {
      scale: SCALE,
      records_per_round: rounds[0].records,
      page_size: PAGE_SIZE,
      source_generate_ms: round(generateMs),
      rounds,
      sync_records_per_s: round(syncRate),
      raw_insert_rows_per_s: round(rawRate),
      sync_vs_raw_insert: median(rounds.map((r) => r.ratio)),
      payload_mib_per_round: round(payloadBytes / 1024 / 1024, 1),
      db_bytes_per_record: round(dbBytes / records),
      peak_rss_mib: peakRssMiB(),
      baseline: 'raw insert: the same rows into a store opened by openStore (same schema, indexes, WAL, synchronous=FULL), one prepared INSERT, transactions of the page size; ratio = median over rounds of raw time / sync time',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const round1 = (n: number) => round(n, 1);
