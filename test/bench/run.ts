// `npm run bench`: runs every test/bench/*.bench.ts in order, each in its own
// child process (so peak RSS, env such as MILLWRIGHT_SANDBOX_SCALE and module
// state never leak from one bench into the next), and prints ONE JSON document
// on stdout: { summary: {the performance targets' figures, from this run},
// targets, figures: {outside the summary}, machine, results: { "<file>": {...} } }.
// Progress goes to stderr.
//
// Benches use the in-memory vault below instead of the OS keychain, so they need
// no keychain session. Benchmarks only: tests always use the real keychain.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vault } from '../../src-main/vault/vault.js';

/** A Vault kept in a Map: for benchmarks only. */
export class MemoryVault implements Vault {
  private readonly secrets = new Map<string, string>();
  async ensureAvailable(): Promise<void> {}
  async get(account: string): Promise<string | null> { return this.secrets.get(account) ?? null; }
  async set(account: string, secret: string): Promise<void> { this.secrets.set(account, secret); }
  async delete(account: string): Promise<void> { this.secrets.delete(account); }
  async accounts(): Promise<string[]> { return [...this.secrets.keys()]; }
  async describe() { return { available: true, backend: 'memory (benchmarks only)', problem: null }; }
}

/** Progress lines for humans, on stderr (stdout carries only the JSON document). */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

type Bench = () => Promise<Record<string, unknown>>;

/** The summary: each target's figure, where it comes from (bench file, key), its limit and direction. */
const SUMMARY: Record<string, { file: string; key: string; target: number; better: 'higher' | 'lower' }> = {
  sync_vs_raw_insert: { file: 'sync.bench.ts', key: 'sync_vs_raw_insert', target: 0.7, better: 'higher' },
  maximo_sync_vs_raw_insert: { file: 'ibm-maximo-sync.bench.ts', key: 'maximo_sync_vs_raw_insert', target: 0.4, better: 'higher' },
  api_vs_bare_http: { file: 'api.bench.ts', key: 'api_vs_bare_http', target: 0.5, better: 'higher' },
  api_p99_ms_at_1000_rps: { file: 'api.bench.ts', key: 'api_p99_ms_at_1000_rps', target: 10, better: 'lower' },
  webhooks_per_s: { file: 'webhooks.bench.ts', key: 'webhooks_per_s', target: 5000, better: 'higher' },
  outbox_write_vs_plain_insert: { file: 'webhooks.bench.ts', key: 'outbox_write_vs_plain_insert', target: 2, better: 'lower' },
  ui_interactive_ms_5000_connections: { file: 'ui.bench.ts', key: 'ui_interactive_ms_5000_connections', target: 500, better: 'lower' },
  agent_ready_ms_1m_records: { file: 'startup.bench.ts', key: 'agent_ready_ms_1m_records', target: 1000, better: 'lower' },
  list_p99_ms_1m_records: { file: 'startup.bench.ts', key: 'list_p99_ms_1m_records', target: 10, better: 'lower' },
};
/** Figures reported beside the summary, with their limits where the project has one. */
const FIGURES: Record<string, { file: string; key: string; target?: number }> = {
  peak_rss_mib_100k_full_sync: { file: 'ibm-maximo-sync.bench.ts', key: 'peak_rss_mb', target: 300 },
  db_bytes_per_record: { file: 'sync.bench.ts', key: 'db_bytes_per_record' },
  db_bytes_per_record_maximo_100k: { file: 'ibm-maximo-sync.bench.ts', key: 'db_bytes_per_record' },
  db_bytes_per_record_1m_store: { file: 'startup.bench.ts', key: 'db_bytes_per_record_1m' },
  renderer_js_gzip_bytes_first_screen: { file: 'ui.bench.ts', key: 'first_screen_js_gzip_bytes', target: 200 * 1024 },
  renderer_js_gzip_bytes_all_chunks: { file: 'ui.bench.ts', key: 'renderer_js_gzip_bytes' },
};

const figureOf = (results: Record<string, unknown>, file: string, key: string): number | null => {
  const v = (results[file] as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' ? v : null;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const RESULT_MARK = '@@bench-result@@ ';

/** Child mode: run one bench file and print its result behind a marker line. */
async function runOne(file: string): Promise<void> {
  const mod = (await import(path.join(here, file))) as { default?: Bench };
  if (typeof mod.default !== 'function') throw new Error(`${file} has no default export bench()`);
  const result = await mod.default();
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

function runChild(file: string, stateHome: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, self, '--one', file], {
      // Headless hosts register themselves under XDG_STATE_HOME: keep that out of the user's home.
      env: { ...process.env, XDG_STATE_HOME: stateHome },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { out += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) {
        reject(new Error(`${file} failed (exit ${code ?? signal})${out ? `; stdout: ${out.slice(-2000)}` : ''}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARK.length)) as Record<string, unknown>);
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one' && args[1]) {
    await runOne(args[1]);
    return;
  }
  const only = args.filter((a) => !a.startsWith('-'));
  const files = fs.readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const stateHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-state-'));
  const results: Record<string, unknown> = {};
  let failed = false;
  try {
    for (const file of files) {
      progress(`${file}: running`);
      const started = performance.now();
      try {
        results[file] = await runChild(file, stateHome);
        progress(`${file}: done in ${round((performance.now() - started) / 1000, 1)} s`);
      } catch (err) {
        failed = true;
        results[file] = { error: (err as Error).message };
        progress(`${file}: FAILED: ${(err as Error).message}`);
      }
    }
  } finally {
    fs.rmSync(stateHome, { recursive: true, force: true });
  }
  const summary = Object.fromEntries(Object.entries(SUMMARY).map(([name, s]) => [name, figureOf(results, s.file, s.key)]));
  const doc = {
    summary,
    targets: Object.fromEntries(Object.entries(SUMMARY).map(([name, s]) => {
      const v = summary[name];
      return [name, { limit: s.target, better: s.better, met: v === null ? null : s.better === 'higher' ? v >= s.target : v <= s.target }];
    })),
    figures: Object.fromEntries(Object.entries(FIGURES).map(([name, f]) => [name, { value: figureOf(results, f.file, f.key), ...(f.target !== undefined ? { limit: f.target } : {}) }])),
    machine: { node: process.version, cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? null, platform: `${process.platform}-${process.arch}`, load_average: os.loadavg().map((l) => round(l, 2)) },
    results,
  };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  if (failed) process.exitCode = 1;
}

// No top-level await: bench modules import this file while it runs (the vault, helpers).
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  main().catch((err: unknown) => {
    process.stderr.write(`[bench] ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
