// Where Millwright keeps its data, per OS (the desktop app uses Electron's userData instead).
import fs from 'node:fs';
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

/**
 * The folder of Millwright's package.json: the checkout, or the app inside the
 * desktop package. Found by walking up, because this code runs from src-main/
 * (tests), from a chunk under out/main/ (the built CLI and desktop main) or from
 * an asar archive.
 */
export function packageRoot(from = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'millwright') return dir;
    } catch { /* not here */ }
    if (path.dirname(dir) === dir) throw new Error(`Millwright's package.json not found above ${from}`);
  }
}
