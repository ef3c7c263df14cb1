// The two hosts as users start them, each in its own process, from the built
// files: `millwright agent` (the package's bin) and the desktop app's main
// (out/main/index.js) under plain Node with the stand-in electron module
// (test/support/fake-electron/). Tests talk to them from outside, over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { millwrightBin } from './cli.js';

const root = path.join(import.meta.dirname, '..', '..');
export const desktopMain = path.join(root, 'out', 'main', 'index.js');
const fakeElectron = pathToFileURL(path.join(import.meta.dirname, 'fake-electron', 'register.mjs')).href;

export interface AgentProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Desktop only: asks the stand-in electron module (registered IPC channels, invoke a handler, window state). */
  electron(op: 'channels' | 'invoke' | 'state', extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

function track(child: ChildProcess): AgentProcess {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let nextId = 1;
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  child.on('message', (m: { id: number }) => { waiting.get(m.id)?.(m); waiting.delete(m.id); });
  return {
    child, exited, stdout: () => out, stderr: () => err,
    electron(op, extra = {}) {
      const id = nextId++;
      return new Promise((resolve) => { waiting.set(id, resolve); child.send({ id, op, ...extra }); });
    },
  };
}

/** `millwright agent ARGS` from the package's bin. */
export function startAgentProcess(args: string[], env: NodeJS.ProcessEnv = {}): AgentProcess {
  return track(spawn(process.execPath, [millwrightBin(), 'agent', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The desktop app's built main on `dataDir` (MILLWRIGHT_DATA_DIR), under plain Node with the stand-in electron. */
export function startDesktopProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): AgentProcess {
  if (!fs.existsSync(desktopMain)) throw new Error(`${desktopMain} is missing: build it with \`npx electron-vite build\` (npm test does)`);
  const { ELECTRON_RENDERER_URL: _dev, ...inherited } = process.env;
  return track(spawn(process.execPath, ['--import', fakeElectron, desktopMain], {
    env: { ...inherited, MILLWRIGHT_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  }));
}

export interface AgentJson { pid: number; data_dir: string; admin_url: string; api_url: string; started_at: string }

export function readAgentJson(dataDir: string): AgentJson | null {
  try { return JSON.parse(fs.readFileSync(path.join(dataDir, 'agent.json'), 'utf8')) as AgentJson; } catch { return null; }
}

/** Resolves the moment agent.json is created in dataDir (the data dir is claimed, the agent is starting). */
export function agentJsonCreated(dataDir: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(dataDir, (_event, name) => {
      if (name === 'agent.json') { watcher.close(); resolve(); }
    });
  });
}

/** Waits until the process has written agent.json with its listeners (or fails with its output if it exits). */
export async function waitForAgentJson(p: AgentProcess, dataDir: string, ms = 30_000): Promise<AgentJson> {
  const end = Date.now() + ms;
  let exited = false;
  void p.exited.then(() => { exited = true; });
  for (;;) {
    const info = readAgentJson(dataDir);
    if (info && info.pid === p.child.pid && info.admin_url) return info;
    if (exited || Date.now() > end) throw new Error(`no agent.json from pid ${p.child.pid}${exited ? ' (it exited)' : ''}:\n${p.stdout()}\n${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A client of the admin HTTP API with the data dir's admin token, as the CLI and a browser use it. */
export function adminHttp(info: AgentJson) {
  const token = fs.readFileSync(path.join(info.data_dir, 'admin-token'), 'utf8').trim();
  return async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${info.admin_url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Resolves when the process exits; rejects (with its stderr) if it is still running after `ms`. */
export function exitWithin(p: AgentProcess, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${p.stderr()}`)), ms); });
  return Promise.race([p.exited, timeout]).finally(() => clearTimeout(timer));
}

/** The store is intact and was closed cleanly (a clean close checkpoints and removes the WAL). */
export function expectStoreClosedCleanly(dataDir: string): void {
  expect(fs.existsSync(path.join(dataDir, 'millwright.db-wal')), 'the WAL is left: the store was not closed').toBe(false);
  const db = new Database(path.join(dataDir, 'millwright.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

/** Holds a loopback port, so an agent asked to listen on it finds it in use. */
export async function blockPort(): Promise<{ port: number; close(): void }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}
