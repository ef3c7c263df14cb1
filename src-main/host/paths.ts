// Where Millwright keeps its data, per OS (the desktop app uses Electron's userData instead).
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env = process.env, platform = process.platform): string {
  if (env.MILLWRIGHT_DATA_DIR) return env.MILLWRIGHT_DATA_DIR;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Millwright');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Millwright');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'millwright');
}

/** Running headless agents register here so the CLI finds one without --data-dir. */
export function agentRegistryDir(env = process.env): string {
  return path.join(env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'millwright', 'agents');
}

export const ADMIN_TOKEN_FILE = 'admin-token';
export const AGENT_FILE = 'agent.json';
