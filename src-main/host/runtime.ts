// The running agent's footprint in its data dir: the admin token (mode 0600) and
// agent.json (pid and listener addresses), plus a pointer in the per-user registry
// so `millwright …` finds the agent (desktop or headless) without --data-dir.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ADMIN_TOKEN_FILE, AGENT_FILE, agentRegistryDir } from './paths.js';

export interface AgentInfo { pid: number; data_dir: string; admin_url: string; api_url: string; started_at: string }
/** agent.json while the agent starts: the data dir is claimed, the listeners are not up yet. */
type ClaimInfo = Omit<AgentInfo, 'admin_url' | 'api_url'> & { admin_url: string | null; api_url: string | null };

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

/** agent.json as written, or null when it is missing or unreadable (a crash mid-write, a hand edit). */
function readClaim(file: string): ClaimInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as ClaimInfo;
    return Number.isInteger(info?.pid) && info.pid > 0 ? info : null;
  } catch { return null; }
}

/** The running agent on this data dir, once its listeners are up; null if none (or only a stale agent.json). */
export function readAgentInfo(dataDir: string): AgentInfo | null {
  const info = readClaim(path.join(dataDir, AGENT_FILE));
  return info && info.admin_url && info.api_url && isAlive(info.pid) ? (info as AgentInfo) : null;
}

/** A second agent on a data dir that one already runs on. */
export class AlreadyRunningError extends Error {
  constructor(readonly running: ClaimInfo, dataDir: string) {
    super(`Another Millwright agent (pid ${running.pid}) is already ${running.admin_url ? 'running' : 'starting'} on ${dataDir}`
      + (running.admin_url ? `; its admin UI is ${running.admin_url}/ (the CLI talks to that one).` : '.')
      + ` Stop it first, or use another data dir. (If no such agent runs, delete ${path.join(dataDir, AGENT_FILE)}.)`);
    this.name = 'AlreadyRunningError';
  }
}

export interface DataDirClaim {
  /** Fills agent.json with the listener addresses and registers the agent for the CLI. */
  publish(urls: { admin_url: string; api_url: string }): void;
  /** Removes agent.json (if still ours) and the registry pointer. */
  release(): void;
}

/**
 * Claims the data dir for this process before anything opens the store: agent.json
 * is created exclusively (O_EXCL), so of two agents started at once only one gets
 * it. A stale agent.json (its pid is gone) or an unreadable one is ignored and
 * rewritten; a live one refuses the start, naming the running agent.
 */
export function claimDataDir(dataDir: string): DataDirClaim {
  const file = path.join(dataDir, AGENT_FILE);
  const started_at = new Date().toISOString();
  let info: ClaimInfo = { pid: process.pid, data_dir: dataDir, admin_url: null, api_url: null, started_at };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600, flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      const existing = readClaim(file);
      if (existing && existing.pid !== process.pid && isAlive(existing.pid)) throw new AlreadyRunningError(existing, dataDir);
      fs.rmSync(file, { force: true }); // stale or unreadable
    }
  }
  let pointer: string | null = null;
  return {
    publish(urls) {
      info = { ...info, ...urls };
      // Write then rename: a reader never sees half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(info, null, 2), { mode: 0o600 });
      fs.renameSync(tmp, file);
      try {
        const reg = agentRegistryDir();
        fs.mkdirSync(reg, { recursive: true, mode: 0o700 });
        pointer = path.join(reg, `${process.pid}.json`);
        fs.writeFileSync(pointer, JSON.stringify({ data_dir: dataDir, started_at }), { mode: 0o600 });
      } catch { /* the registry is a convenience; --data-dir still works */ }
    },
    release() {
      if (readClaim(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      if (pointer) fs.rmSync(pointer, { force: true });
      pointer = null;
    },
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
