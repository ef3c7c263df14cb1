// Start-up of what ships, measured from a separate process: the built
// `millwright` bin (out/main/cli.js). `millwright --help` beside `node -e 0`;
// the time from spawning `millwright agent` until the admin UI and the unified
// API answer, on an empty data dir and on a store of 1M records (10 connections
// × 100,000 purchase and work orders, written straight into SQLite through the
// store module); resident memory right after start. On the 1M store, while
// the agent runs: list pages through the unified API at random cursor depths,
// for each filter (list_p99_ms_1m_records: the worst p99 of them).
// Targets: --help ≤ 1.5 × `node -e 0`; each listener answering < 1 s; a list page ≤ 10 ms at p99.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/store/db.js';
import { generateToken, hashToken } from '../../src-main/connections/tokens.js';
import { unifiedId } from '../../src-main/records/ids.js';
import { encodeCursor } from '../../src-main/records/repository.js';
import { progress, round } from './run.js';

const root = path.join(import.meta.dirname, '..', '..');
const bin = path.join(root, (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: { millwright: string } }).bin.millwright);
const HELP_RUNS = 15;
const START_RUNS = 3;
const CONNECTIONS = 10;
const RECORDS_PER_CONNECTION = 100_000;
const LIST_REQUESTS_PER_FORM = 100;
const PO_STATUSES = ['draft', 'pending_approval', 'approved', 'partially_received', 'completed', 'cancelled'];
const WO_STATUSES = ['requested', 'approved', 'scheduled', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'];
/** Change times: one record every 10 ms from here, in seq order (as a store fills). */
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const changedAt = (seq: number) => new Date(T0 + seq * 10).toISOString();

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function wallMs(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** `millwright --help` and `node -e 0`, alternated so machine noise hits both alike. */
function helpFigures() {
  const node: number[] = [];
  const help: number[] = [];
  wallMs(['-e', '0']); wallMs([bin, '--help']); // warm the file cache
  for (let i = 0; i < HELP_RUNS; i++) { node.push(wallMs(['-e', '0'])); help.push(wallMs([bin, '--help'])); }
  return { node_e0_ms: round(median(node), 1), cli_help_ms: round(median(help), 1), cli_help_ratio: round(median(help) / median(node), 2) };
}

interface BigStore { token: string; seconds: number; db_mib: number; bytes_per_record: number; seqs: [number, number]; vendors: string[]; locations: string[]; assets: string[] }

/** A store as a busy plant leaves it: 10 active connections with 100,000 records each (1 % deleted) and a recent sync. */
function writeStore(dataDir: string): BigStore {
  const t0 = performance.now();
  const db = openStore(dataDir);
  // Generation only (the agent reopens the file with its own settings): no journal, a large page cache.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const now = new Date().toISOString();
  const tokens: string[] = [];
  const insertConnection = db.prepare(`INSERT INTO connections (id, name, system, deployment, base_url, credits, status, health, status_changed_at, created_at, last_sync_at, options, token_hash)
    VALUES (?, ?, 'sandbox', 'cloud', NULL, 0, 'active', 'online', ?, ?, ?, '{"sync_interval_minutes":60,"history_days":90}', ?)`);
  const insertRun = db.prepare(`INSERT INTO sync_runs (id, connection_id, mode, status, started_at, finished_at, counts) VALUES (?, ?, 'initial', 'completed', ?, ?, '{}')`);
  const insertRecord = db.prepare(`INSERT INTO records (id, connection_id, entity, remote_id, seq, updated_at, created_at, deleted_at, status, vendor_id, asset_id, location_id, content_hash, data, remote_data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let seq = 0;
  let first: Omit<BigStore, 'token' | 'seconds' | 'db_mib' | 'bytes_per_record'> | null = null;
  for (let c = 0; c < CONNECTIONS; c++) {
    const id = `con_bench${c}`;
    const token = generateToken();
    tokens.push(token);
    // References repeat: their unified ids are computed once per connection.
    const ref = (entity: Parameters<typeof unifiedId>[1], count: number, key: (n: number) => string) => Array.from({ length: count }, (_, n) => unifiedId(id, entity, key(n)));
    const vendors = ref('vendors', 300, (n) => String(100_000 + n));
    const locations = ref('locations', 12, (n) => `P${1000 + n}`);
    const items = ref('inventory-items', 500, (n) => `MAT-${n}`);
    const assets = ref('assets', 400, (n) => `EQ-${n}`);
    db.transaction(() => {
      insertConnection.run(id, `Plant ${c + 1}`, now, now, now, hashToken(token));
      insertRun.run(`syn_bench${c}`, id, now, now);
      for (let i = 0; i < RECORDS_PER_CONNECTION; i++) {
        const po = i % 2 === 0;
        const entity = po ? 'purchase-orders' : 'work-orders';
        const remoteId = String(4_500_000_000 + i);
        const vendor = vendors[i % 300];
        const location = locations[i % 12];
        const status = po ? PO_STATUSES[(i >> 1) % PO_STATUSES.length] : WO_STATUSES[(i >> 1) % WO_STATUSES.length];
        const data = po
          ? { number: remoteId, status, vendor_id: vendor, vendor_name: `Vendor ${i % 300}`, currency: 'EUR', total_amount: `${(i % 9000) + 100}.50`,
              order_date: '2026-10-01', expected_delivery_date: '2026-11-01', location_id: location, remote_updated_at: now, custom_fields: { cost_center: `CC${i % 40}` },
              lines: [1, 2].map((n) => ({ line_number: n * 10, item_id: items[i % 500], part_number: `MAT-${i % 500}`, description: 'Bearing 6204-2RS', quantity: '4', unit: 'EA', unit_price: '12.50', amount: '50.00', received_quantity: '0' })) }
          : { number: remoteId, title: 'Inspect pump seal', description: 'Leak at the mechanical seal, check and replace', status, priority: 'high', type: 'corrective',
              asset_id: assets[i % 400], location_id: location, assignee: 'j.ortiz', due_date: '2026-12-10', completed_at: null, remote_updated_at: now, custom_fields: {} };
        const json = JSON.stringify(data);
        const at = changedAt(++seq);
        insertRecord.run(unifiedId(id, entity, remoteId), id, entity, remoteId, seq, at, now, i % 100 === 99 ? at : null, status, po ? vendor : null, po ? null : assets[i % 400], location,
          crypto.createHash('sha256').update(json).digest('base64url'), json, JSON.stringify({ key: remoteId, source: 'bench' }));
      }
    })();
    first ??= { seqs: [seq - RECORDS_PER_CONNECTION + 1, seq], vendors, locations, assets };
  }
  db.prepare('UPDATE record_seq SET value = ? WHERE id = 1').run(seq);
  db.close();
  const bytes = fs.statSync(path.join(dataDir, 'millwright.db')).size;
  return { token: tokens[0], seconds: round((performance.now() - t0) / 1000, 1), db_mib: round(bytes / 2 ** 20), bytes_per_record: round(bytes / seq), ...first! };
}

/** A keychain for the spawned agents (a server has one): ours if we run in one, else a private session. */
async function keychainSession(): Promise<{ env: NodeJS.ProcessEnv; close(): void }> {
  if (process.env.MILLWRIGHT_TEST_KEYRING === '1') return { env: {}, close: () => {} };
  const child = spawn(path.join(root, 'test', 'keyring-session.sh'), ['sh', '-c', 'echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { env: { DBUS_SESSION_BUS_ADDRESS: address }, close: () => child.stdin.end() };
}

async function poll<T>(what: string, fn: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`${what} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const rssMiB = (pid: number) => round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024, 1);

/** Spawns `millwright agent` on dataDir; times until the admin UI page and a unified API list answer. */
async function startOnce<T>(dataDir: string, token: string | null, env: NodeJS.ProcessEnv, whileRunning?: (apiUrl: string) => Promise<T>) {
  fs.rmSync(path.join(dataDir, 'agent.json'), { force: true });
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'agent', '--data-dir', dataDir, '--api-port', '0', '--admin-port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const info = await poll('agent.json', async () => {
      const j = JSON.parse(fs.readFileSync(path.join(dataDir, 'agent.json'), 'utf8')) as { admin_url: string | null; api_url: string | null };
      return j.admin_url && j.api_url ? j as { admin_url: string; api_url: string } : null;
    });
    const [adminMs, apiMs] = await Promise.all([
      poll('admin UI', async () => { const r = await fetch(`${info.admin_url}/`); return r.status === 200 && (await r.text()).includes('<div id="root">') ? performance.now() - t0 : null; }),
      poll('unified API', async () => {
        const r = token
          ? await fetch(`${info.api_url}/v1/purchase-orders?limit=100`, { headers: { authorization: `Bearer ${token}` } })
          : await fetch(`${info.api_url}/v1/openapi.json`);
        if (r.status !== 200) return null;
        const body = await r.json() as { data?: unknown[] };
        if (token && body.data?.length !== 100) throw new Error(`expected 100 purchase orders, got ${JSON.stringify(body).slice(0, 200)}`);
        return performance.now() - t0;
      }),
    ]);
    const rss = rssMiB(child.pid!);
    const during = whileRunning ? await whileRunning(info.api_url) : undefined;
    return { adminMs, apiMs, rss, during };
  } catch (err) {
    throw new Error(`${(err as Error).message}; agent stderr: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function startFigures<T>(label: string, dirFor: () => string, token: string | null, env: NodeJS.ProcessEnv, whileRunning?: (apiUrl: string) => Promise<T>) {
  const runs = [];
  for (let i = 0; i < START_RUNS; i++) runs.push(await startOnce(dirFor(), token, env, i === START_RUNS - 1 ? whileRunning : undefined));
  const admin = median(runs.map((r) => r.adminMs));
  const api = median(runs.map((r) => r.apiMs));
  progress(`${label}: admin UI ${round(admin)} ms, unified API ${round(api)} ms`);
  return { admin_ui_ms: round(admin), unified_api_ms: round(api), ready_ms: round(Math.max(admin, api)), rss_mib: median(runs.map((r) => r.rss)), during: runs.at(-1)!.during };
}

const percentile = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

/**
 * List pages of the first connection through the unified API of the running
 * agent, one request at a time: for each filter, the first page and pages at
 * random cursor depths (every request a different page, so none is answered
 * from the agent's page cache). p99 per form, and the worst of them.
 */
async function listFigures(apiUrl: string, store: BigStore) {
  const [lo, hi] = store.seqs;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const depth = () => lo + Math.floor(Math.random() * (hi - lo));
  const forms: Record<string, () => string> = {
    'purchase-orders': () => `/v1/purchase-orders?limit=100&cursor=${encodeCursor(depth())}`,
    'work-orders include_deleted': () => `/v1/work-orders?limit=100&include_deleted=true&cursor=${encodeCursor(depth())}`,
    status: () => `/v1/purchase-orders?limit=100&status=${pick(PO_STATUSES)}&cursor=${encodeCursor(depth())}`,
    vendor_id: () => `/v1/purchase-orders?limit=100&vendor_id=${pick(store.vendors)}&cursor=${encodeCursor(depth())}`,
    location_id: () => `/v1/work-orders?limit=100&location_id=${pick(store.locations)}&cursor=${encodeCursor(depth())}`,
    asset_id: () => `/v1/work-orders?limit=100&asset_id=${pick(store.assets)}&cursor=${encodeCursor(depth())}`,
    updated_after: () => { const s = depth(); return `/v1/purchase-orders?limit=100&updated_after=${encodeURIComponent(changedAt(s))}`; },
    'updated_after with cursor': () => { const a = depth(); const c = a + Math.floor(Math.random() * (hi - a)); return `/v1/purchase-orders?limit=100&updated_after=${encodeURIComponent(changedAt(a))}&cursor=${encodeCursor(c, changedAt(c))}`; },
  };
  const headers = { authorization: `Bearer ${store.token}` };
  const out: Record<string, { p50_ms: number; p99_ms: number; max_ms: number }> = {};
  for (const [name, next] of Object.entries(forms)) {
    const times: number[] = [];
    for (let i = 0; i < LIST_REQUESTS_PER_FORM; i++) {
      const t = performance.now();
      const r = await fetch(`${apiUrl}${next()}`, { headers });
      const body = await r.json() as { data?: unknown[] };
      times.push(performance.now() - t);
      if (r.status !== 200 || !Array.isArray(body.data)) throw new Error(`${name}: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    out[name] = { p50_ms: round(percentile(times, 50), 2), p99_ms: round(percentile(times, 99), 2), max_ms: round(Math.max(...times), 2) };
  }
  return { forms: out, worst_p99_ms: Math.max(...Object.values(out).map((f) => f.p99_ms)) };
}

export default async function bench(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-startup-'));
  const keychain = await keychainSession();
  const env = keychain.env;
  try {
    const help = helpFigures();
    progress(`millwright --help ${help.cli_help_ms} ms, node -e 0 ${help.node_e0_ms} ms: ${help.cli_help_ratio}×`);

    let n = 0;
    const empty = await startFigures('empty data dir', () => path.join(work, `empty-${n++}`), null, env);

    progress(`writing ${CONNECTIONS * RECORDS_PER_CONNECTION} records…`);
    const bigDir = path.join(work, 'big');
    const store = writeStore(bigDir);
    progress(`store written in ${store.seconds} s (${store.db_mib} MiB)`);
    const big = await startFigures('1M records', () => bigDir, store.token, env, (apiUrl) => listFigures(apiUrl, store));
    const list = big.during!;
    progress(`1M records: list p99 ${list.worst_p99_ms} ms (worst form)`);

    return {
      ...help,
      // Flat figures, ready for a summary.
      agent_ready_ms_empty: empty.ready_ms,
      agent_ready_ms_1m_records: big.ready_ms,
      admin_ui_ready_ms_empty: empty.admin_ui_ms,
      unified_api_ready_ms_empty: empty.unified_api_ms,
      admin_ui_ready_ms_1m_records: big.admin_ui_ms,
      unified_api_ready_ms_1m_records: big.unified_api_ms,
      rss_after_start_mib_empty: empty.rss_mib,
      rss_after_start_mib_1m_records: big.rss_mib,
      list_p99_ms_1m_records: list.worst_p99_ms,
      list_1m_records: { requests_per_form: LIST_REQUESTS_PER_FORM, forms: list.forms, method: 'one request at a time over HTTP to the running built agent; random cursor depths (each a different page: no page-cache hits)' },
      db_bytes_per_record_1m: store.bytes_per_record,
      targets: { cli_help_ratio: 1.5, agent_ready_ms: 1000, list_p99_ms: 10 },
      method: {
        help_runs: HELP_RUNS, start_runs: START_RUNS, figures: 'medians; start times from spawning `millwright agent` (built bin) to the first 200',
        unified_api_probe: 'empty: GET /v1/openapi.json; 1M records: GET /v1/purchase-orders?limit=100 with a connection token',
        store: { connections: CONNECTIONS, records: CONNECTIONS * RECORDS_PER_CONNECTION, db_mib: store.db_mib, bytes_per_record: store.bytes_per_record, written_in_s: store.seconds },
      },
    };
  } finally {
    keychain.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
