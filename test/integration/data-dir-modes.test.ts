// The data dir is 0700 and every file in it 0600 at every start of the shipped
// command (`millwright agent`, the built bin), whatever modes existed before and whatever the
// umask of the shell that started it.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/tmp.js';
import { waitUntil } from '../support/wait.js';
import { millwrightBin } from '../support/cli.js';
import { readAgentJson } from '../support/agent-process.js';

const running: ChildProcess[] = [];
afterAll(() => { for (const c of running) c.kill('SIGKILL'); });

/** Starts the agent under `umask 022`, waits until agent.json names its listeners (it is up). */
async function startAgent(dataDir: string): Promise<ChildProcess> {
  fs.rmSync(path.join(dataDir, 'agent.json'), { force: true });
  const child = spawn('sh', ['-c', `umask 022; exec "${process.execPath}" "${millwrightBin()}" agent --data-dir "${dataDir}" --api-port 0 --admin-port 0`], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  await waitUntil(() => {
    if (child.exitCode !== null) throw new Error(`agent exited: ${err}`);
    return Boolean(readAgentJson(dataDir)?.admin_url);
  }, 30_000);
  return child;
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Every entry under the data dir with its mode, for the failure message. */
function modes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (fs.statSync(dataDir).mode & 0o777).toString(8) };
  for (const e of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    const p = path.join(e.parentPath, e.name);
    out[path.relative(dataDir, p)] = (fs.lstatSync(p).mode & 0o777).toString(8);
  }
  return out;
}

function expectPrivate(dataDir: string) {
  const m = modes(dataDir);
  for (const [rel, mode] of Object.entries(m)) {
    const isDir = fs.statSync(path.join(dataDir, rel)).isDirectory();
    expect(mode, `${rel} in ${JSON.stringify(m)}`).toBe(isDir ? '700' : '600');
  }
  for (const f of ['millwright.db', 'millwright.db-wal', 'millwright.db-shm', 'admin-token', 'agent.json', 'logs/agent.log']) {
    expect(m[f], `${f} in ${JSON.stringify(m)}`).toBeDefined();
  }
}

describe('data dir modes', () => {
  it('a fresh data dir: 0700, and the database, WAL, SHM, token, agent.json and logs 0600', async () => {
    const dataDir = path.join(tempDir(), 'fresh');
    const child = await startAgent(dataDir);
    try { expectPrivate(dataDir); } finally { await stop(child); }
  });

  it('an existing data dir with loose modes is tightened at start', async () => {
    const dataDir = path.join(tempDir(), 'loose');
    await stop(await startAgent(dataDir));
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'logs'), 0o755);
    for (const f of ['millwright.db', 'admin-token', 'logs/agent.log']) fs.chmodSync(path.join(dataDir, f), 0o644);
    for (const f of ['agent.json', 'millwright.db-wal', 'millwright.db-shm', 'notes.txt']) fs.writeFileSync(path.join(dataDir, f), '', { mode: 0o666 });
    fs.chmodSync(path.join(dataDir, 'notes.txt'), 0o666);
    fs.rmSync(path.join(dataDir, 'millwright.db-wal'));
    fs.rmSync(path.join(dataDir, 'millwright.db-shm'));
    const child = await startAgent(dataDir);
    try { expectPrivate(dataDir); } finally { await stop(child); }
  });
});
