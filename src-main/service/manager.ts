// service/ owns running the agent as an OS service: `millwright service install
// | uninstall | status`. definitions.ts says what is written; this module says
// where, and runs the OS's service tool (systemctl, launchctl, WinSW/sc.exe)
// through an injected runner, so tests redirect the folders (XDG_CONFIG_HOME,
// HOME) and record the commands instead of running them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LAUNCHD_LABEL, SERVICE_NAME, launchdPlist, systemdUnit, windowsService, type ServiceOptions,
} from './definitions.js';

export interface RunResult { code: number; stdout: string; stderr: string }
export type Runner = (command: string, args: string[]) => Promise<RunResult>;

export const spawnRunner: Runner = (command, args) => new Promise((resolve) => {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.on('error', (err) => resolve({ code: 127, stdout, stderr: err.message }));
  child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
});

export interface ServiceDeps {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  runner?: Runner;
  /** Where a system unit / daemon goes (tests point it at a temp folder). */
  systemDir?: string;
}

/** One file to write and the commands that make the OS pick it up. */
export interface ServicePlan {
  kind: 'systemd-user' | 'systemd-system' | 'launchd-agent' | 'launchd-daemon' | 'windows-winsw';
  file: string;
  content: string;
  /** Folders the service needs before it starts (the data dir). */
  folders: string[];
  install: string[][];
  uninstall: string[][];
  status: string[][];
  /** What the admin still has to do by hand, if anything. */
  notes: string[];
}

export interface ServiceStatus {
  kind: ServicePlan['kind'];
  file: string;
  installed: boolean;
  /** What the OS says (systemctl is-active / launchctl / sc query), or null if it could not be asked. */
  state: string | null;
}

export function servicePlan(o: ServiceOptions, deps: ServiceDeps = {}): ServicePlan {
  const platform = deps.platform ?? process.platform;
  const env = deps.env ?? process.env;
  const home = env.HOME ?? os.homedir();
  if (platform === 'linux') {
    const user = !o.system;
    const dir = user ? path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'systemd', 'user') : deps.systemDir ?? '/etc/systemd/system';
    const ctl = (...args: string[]) => ['systemctl', ...(user ? ['--user'] : []), ...args];
    const unit = `${SERVICE_NAME}.service`;
    const privateKeyring = o.privateKeyring ?? o.system;
    return {
      kind: user ? 'systemd-user' : 'systemd-system',
      file: path.join(dir, unit),
      content: systemdUnit(o),
      folders: [o.dataDir],
      install: [ctl('daemon-reload'), ctl('enable', '--now', unit)],
      uninstall: [ctl('disable', '--now', unit), ctl('daemon-reload')],
      status: [ctl('is-active', unit)],
      notes: [
        ...(privateKeyring ? [`Create the keyring password file named in the unit (LoadCredential=) before the first start; see the comments in ${path.join(dir, unit)}.`] : []),
        ...(user ? ['A user service runs while you are logged in; to keep it running after logout: loginctl enable-linger $USER'] : []),
      ],
    };
  }
  if (platform === 'darwin') {
    const dir = o.system ? deps.systemDir ?? '/Library/LaunchDaemons' : path.join(home, 'Library', 'LaunchAgents');
    const file = path.join(dir, `${LAUNCHD_LABEL}.plist`);
    const domain = o.system ? 'system' : `gui/${process.getuid?.() ?? 501}`;
    return {
      kind: o.system ? 'launchd-daemon' : 'launchd-agent',
      file,
      content: launchdPlist(o),
      folders: [o.dataDir, path.join(o.dataDir, 'logs')],
      install: [['launchctl', 'bootstrap', domain, file]],
      uninstall: [['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`]],
      status: [['launchctl', 'print', `${domain}/${LAUNCHD_LABEL}`]],
      notes: [],
    };
  }
  if (platform === 'win32') {
    const installDir = path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Millwright');
    const w = windowsService({ ...o, installDir });
    return {
      kind: 'windows-winsw',
      file: path.win32.join(installDir, 'millwright-service.xml'),
      content: w.config,
      folders: [o.dataDir, installDir],
      install: w.install,
      uninstall: w.uninstall,
      status: [w.status],
      notes: [`Save WinSW (WinSW-x64.exe from its releases page) as ${w.wrapper} before installing; see README, "Run it as a service".`],
    };
  }
  throw new Error(`Running Millwright as a service is not supported on ${platform}.`);
}

/** Writes the service file and enables it; the commands' failures are reported, not hidden. */
export async function installService(plan: ServicePlan, deps: ServiceDeps = {}): Promise<{ ran: RunResult[] }> {
  const run = deps.runner ?? spawnRunner;
  for (const folder of plan.folders) fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.dirname(plan.file), { recursive: true });
  fs.writeFileSync(plan.file, plan.content, { mode: 0o644 });
  return { ran: await runAll(run, plan.install) };
}

export async function uninstallService(plan: ServicePlan, deps: ServiceDeps = {}): Promise<{ removed: boolean; ran: RunResult[] }> {
  const run = deps.runner ?? spawnRunner;
  const installed = fs.existsSync(plan.file);
  // Stop and disable first (it reads the file), then remove the file and reload.
  const [first, ...rest] = plan.uninstall;
  const ran = installed && first ? [await run(first[0], first.slice(1))] : [];
  if (installed) fs.rmSync(plan.file);
  if (installed) ran.push(...await runAll(run, rest));
  return { removed: installed, ran };
}

export async function serviceStatus(plan: ServicePlan, deps: ServiceDeps = {}): Promise<ServiceStatus> {
  const run = deps.runner ?? spawnRunner;
  const installed = fs.existsSync(plan.file);
  let state: string | null = null;
  if (installed) {
    const [cmd] = plan.status;
    const r = await run(cmd[0], cmd.slice(1));
    state = r.code === 127 ? null : stateOf(plan.kind, r);
  }
  return { kind: plan.kind, file: plan.file, installed, state };
}

function stateOf(kind: ServicePlan['kind'], r: RunResult): string {
  if (kind.startsWith('systemd')) return r.stdout.trim() || (r.code === 0 ? 'active' : 'inactive');
  if (kind.startsWith('launchd')) return r.code === 0 ? (/state = (\w+)/.exec(r.stdout)?.[1] ?? 'loaded') : 'not loaded';
  return /STATE\s+:\s+\d+\s+(\w+)/.exec(r.stdout)?.[1]?.toLowerCase() ?? (r.code === 0 ? 'unknown' : 'not installed');
}

async function runAll(run: Runner, commands: string[][]): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const [cmd, ...args] of commands) {
    const r = await run(cmd, args);
    out.push(r);
    if (r.code !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  }
  return out;
}
