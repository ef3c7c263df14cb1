// `npm run bench`: runs every test/bench/*.bench.ts in order, each in its own
// child process (so peak RSS, env such as MILLWRIGHT_SANDBOX_SCALE and module
// state never leak from one bench into the next), and prints ONE JSON document
// on stdout: { machine: {node, cpus, platform}, results: { "<file>": {...} } }.
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
  const doc = {
    machine: { node: process.version, cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? null, platform: `${process.platform}-${process.arch}` },
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
