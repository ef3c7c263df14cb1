// The desktop shell, launched with Playwright's _electron on the built app
// (out/main/index.js): one window, the renderer, and the preload bridge.
// Skipped, with the reason, where no Electron binary is installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { _electron as electron, type ElectronApplication } from 'playwright';
import { watchPage } from './support.js';

const root = path.join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

/**
 * The Electron binary's path (what `require('electron')` returns), or why there
 * is none. Checked the way electron's index.js does it but without requiring
 * it first: when the binary is missing, `require('electron')` starts a download.
 */
function electronBinary(): { path: string } | { reason: string } {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'no Electron binary installed: the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, relative ?? 'electron') : relative ? path.join(pkgDir, 'dist', relative) : null;
  if (!binary) return { reason: `no Electron binary installed: ${pathFile} is missing (run \`npx install-electron\` where downloads are allowed)` };
  if (!fs.existsSync(binary)) return { reason: `no Electron binary installed: ${binary} does not exist` };
  return { path: require('electron') as unknown as string };
}

const found = electronBinary();
const skipReason = 'reason' in found ? found.reason : null;
if (skipReason) console.warn(`[electron.test] skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(`desktop shell${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let app: ElectronApplication | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-electron-'));
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens one window with the renderer and exposes the preload API', async () => {
    const main = path.join(root, 'out', 'main', 'index.js');
    expect(fs.existsSync(main), 'run `npx electron-vite build` first').toBe(true);
    app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [main, '--no-sandbox', '--disable-gpu'],
      // The desktop app runs the whole agent: its listeners on any free ports, not 7870/7871.
      env: { ...process.env, MILLWRIGHT_DATA_DIR: dataDir, MILLWRIGHT_API_PORT: '0', MILLWRIGHT_ADMIN_PORT: '0' },
    });
    const window = await app.firstWindow();
    const errors = watchPage(window);
    await window.getByRole('heading', { name: 'Millwright' }).waitFor();
    expect(app.windows()).toHaveLength(1);
    expect(await window.title()).toBe('Millwright');

    const bridge = await window.evaluate(() => {
      const m = (window as unknown as { millwright?: { admin: Record<string, unknown>; onEvent: unknown; onOpenReconnect: unknown } }).millwright;
      return m ? { ops: Object.keys(m.admin).sort(), onEvent: typeof m.onEvent, onOpenReconnect: typeof m.onOpenReconnect } : null;
    });
    expect(bridge).not.toBeNull();
    expect(bridge!.ops).toContain('listConnections');
    expect(bridge!.onEvent).toBe('function');
    expect(bridge!.onOpenReconnect).toBe('function');
    // No Node in the page.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    const result = await window.evaluate(async () => {
      const m = (window as unknown as { millwright: { admin: { listConnections(i: object): Promise<{ ok: boolean; value?: { data: unknown[] } }> } } }).millwright;
      return m.admin.listConnections({});
    });
    expect(result).toEqual({ ok: true, value: { data: [] } });
    await window.getByRole('heading', { level: 2, name: 'Connections' }).waitFor();
    expect(errors, 'the window logged errors').toEqual([]);
  });
});
