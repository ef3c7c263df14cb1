// The running agent's footprint in its data dir: the admin token (mode 0600) and
// agent.json (pid and listener addresses), plus a pointer in the per-user registry
// so `millwright …` finds the agent without --data-dir.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ADMIN_TOKEN_FILE, AGENT_FILE, agentRegistryDir } from './paths.js';

export interface AgentInfo { pid: number; data_dir: string; admin_url: string; api_url: string; started_at: string }

export function loadOrCreateAdminToken(dataDir: string): string {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    fs.chmodSync(file, 0o600);
    if (token.length >= 32) return token;
  } catch { /* first start */ }
  const token = `mwa_${crypto.randomBytes(32).toString('base64url')}`;
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return token;
}

export const isAlive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
};

export function readAgentInfo(dataDir: string): AgentInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, AGENT_FILE), 'utf8')) as AgentInfo;
    return isAlive(info.pid) ? info : null;
  } catch { return null; }
}

/** Refuses a second agent on the same data dir. */
export function claimDataDir(dataDir: string): void {
  const running = readAgentInfo(dataDir);
  if (running && running.pid !== process.pid) {
    throw new Error(`Another Millwright agent (pid ${running.pid}) is already running on ${dataDir}; its admin UI is ${running.admin_url}/`);
  }
}

export function publishAgentInfo(info: AgentInfo): () => void {
  const file = path.join(info.data_dir, AGENT_FILE);
  fs.writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });
  const reg = agentRegistryDir();
  let pointer: string | null = null;
  try {
    fs.mkdirSync(reg, { recursive: true, mode: 0o700 });
    pointer = path.join(reg, `${info.pid}.json`);
    fs.writeFileSync(pointer, JSON.stringify({ data_dir: info.data_dir, started_at: info.started_at }), { mode: 0o600 });
  } catch { /* the registry is a convenience; --data-dir still works */ }
  return () => {
    for (const f of [file, pointer]) { if (f) try { fs.unlinkSync(f); } catch { /* gone already */ } }
  };
}

/** The data dirs of running agents, newest first. */
export function runningAgentDataDirs(): string[] {
  const reg = agentRegistryDir();
  let entries: { pid: number; data_dir: string; started_at: string }[] = [];
  try {
    entries = fs.readdirSync(reg).filter((f) => f.endsWith('.json')).flatMap((f) => {
      const pid = Number(f.replace('.json', ''));
      try {
        const e = JSON.parse(fs.readFileSync(path.join(reg, f), 'utf8'));
        if (isAlive(pid)) return [{ pid, ...e }];
        fs.unlinkSync(path.join(reg, f));
      } catch { /* unreadable: skip */ }
      return [];
    });
  } catch { /* no registry yet */ }
  return entries.sort((a, b) => b.started_at.localeCompare(a.started_at)).map((e) => e.data_dir);
}
