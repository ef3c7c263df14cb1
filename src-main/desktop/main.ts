// desktop/ owns the Electron shell: this entry, the preload, the window, the tray
// and OS notifications. It stays thin: startAgentHost (host/agent-host.ts) runs
// the whole agent — the unified API, the admin HTTP API, background work — exactly
// as `millwright agent` does; the shell only adds what is Electron's: the window,
// the tray, notifications, IPC, the login item and the single-instance lock.
// Built to out/main/index.js by electron-vite.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import { startAgentHost, type AgentHost } from '../host/agent-host.js';
import { readAgentInfo } from '../host/runtime.js';
import { OPEN_RECONNECT_CHANNEL } from './channels.js';
import { createSenderCheck, forwardAgentEvents, registerAdminIpc, registerAppIpc, rendererUrlMatcher } from './ipc.js';
import { createEventNotifier } from './notifications.js';
import { contentSecurityPolicy, lockDownSession } from './security.js';
import { launchedAtLogin, setStartAtLogin, showOsNotification } from './shell.js';
import { statusSummary } from './status.js';
import { createTray } from './tray.js';
import { createMainWindow, hideOnClose, loadRenderer, showWindow } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
const RENDERER_INDEX = path.join(here, '../renderer/index.html');
// electron-vite sets this for `npm run dev`; a packaged app never trusts it.
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

// better-sqlite3 built for Electron's ABI by prepare-native.mjs (npm start), beside the Node build.
if (!process.env.MILLWRIGHT_SQLITE_BINDING) {
  const binding = path.join(here, '..', 'native', `electron-${process.versions.electron}`, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) process.env.MILLWRIGHT_SQLITE_BINDING = binding;
}

// A data dir per test run (Playwright's _electron) without touching the user's;
// set before the single-instance lock, which is keyed to userData.
if (process.env.MILLWRIGHT_DATA_DIR) app.setPath('userData', path.resolve(process.env.MILLWRIGHT_DATA_DIR));

let mainWindow: BrowserWindow | null = null;
let quitting = false;
/** Stops everything start() started (waiting for a start under way); null before the start and once used. */
let shutdown: (() => Promise<void>) | null = null;

function focusMainWindow(): void {
  if (mainWindow) showWindow(mainWindow);
}

async function start(): Promise<() => Promise<void>> {
  // Refuses a data dir a headless agent runs on, and a port in use, with nothing left running.
  const host = await startAgentHost({ dataDir: app.getPath('userData') });
  try {
    return await startShell(host);
  } catch (err) {
    await host.close();
    throw err;
  }
}

/** Everything Electron's: window, tray, notifications, IPC. Returns its teardown, which closes the agent last. */
async function startShell(host: AgentHost): Promise<() => Promise<void>> {
  const { agent, adminApi: api } = host;
  lockDownSession(session.defaultSession, contentSecurityPolicy({ devServerUrl: DEV_SERVER_URL }));

  const win = createMainWindow({ preloadPath: PRELOAD_PATH });
  mainWindow = win;
  hideOnClose(win, () => quitting);
  const send = (channel: string, payload: unknown) => {
    if (!win.isDestroyed()) win.webContents.send(channel, payload);
  };

  const isTrustedSender = createSenderCheck({
    webContentsId: () => (win.isDestroyed() ? undefined : win.webContents.id),
    isTrustedUrl: rendererUrlMatcher({ fileUrl: pathToFileURL(RENDERER_INDEX).href, devServerUrl: DEV_SERVER_URL }),
  });
  const ipc = { ipcMain, isTrustedSender, log: agent.log };
  const unregister = [registerAdminIpc({ ...ipc, api }), registerAppIpc({ ...ipc, setStartAtLogin })];

  const connectionName = (id: string) => {
    try { return agent.connections.get(id).name; } catch { return null; }
  };
  const summary = () => {
    try { return statusSummary(agent.connections.list()); } catch (err) {
      agent.log.warn({ err }, 'tray status unavailable');
      return 'Status unavailable';
    }
  };
  const tray = createTray({ summary: summary(), onOpen: () => showWindow(win), onQuit: () => app.quit() });
  let refresh: NodeJS.Timeout | undefined;

  const unsubscribe = [
    forwardAgentEvents(agent.bus, send),
    agent.bus.subscribe(createEventNotifier({
      enabled: () => agent.settings.get('notifications.enabled'),
      connectionName,
      show: showOsNotification,
      onClick: (id) => { showWindow(win); send(OPEN_RECONNECT_CHANNEL, id); },
    })),
    // One refresh per burst of events; sync progress never changes the summary.
    agent.bus.subscribe((event) => {
      if (event.type === 'sync.progress') return;
      clearTimeout(refresh);
      refresh = setTimeout(() => tray.setSummary(summary()), 250);
    }),
  ];

  const startHidden = launchedAtLogin();
  win.once('ready-to-show', () => { if (!startHidden) showWindow(win); });
  await loadRenderer(win, DEV_SERVER_URL ? { kind: 'url', url: DEV_SERVER_URL } : { kind: 'file', path: RENDERER_INDEX });

  return async () => {
    clearTimeout(refresh);
    for (const f of [...unsubscribe, ...unregister]) f();
    tray.destroy();
    await host.close();
  };
}

function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  dialog.showErrorBox('Millwright could not start', message);
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the agent; it shows its window on `second-instance`.
  const running = readAgentInfo(app.getPath('userData'));
  process.stderr.write(`Millwright is already running${running ? ` (pid ${running.pid}, admin UI ${running.admin_url}/)` : ''} on ${app.getPath('userData')}; showing its window instead.\n`);
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('activate', focusMainWindow); // macOS dock click
  // The window only hides, so this fires only on the way out; the tray keeps the app alive.
  app.on('window-all-closed', () => { if (quitting) app.quit(); });
  app.on('before-quit', () => { quitting = true; });
  // Close the agent (listeners, background work, store, agent.json) before the process goes,
  // also when the quit comes while it is still starting: wait for the start, then close.
  app.on('will-quit', (event) => {
    if (!shutdown) return;
    event.preventDefault();
    const close = shutdown;
    shutdown = null;
    close().catch(() => { /* exiting anyway */ }).finally(() => app.quit());
  });
  void app.whenReady().then(() => {
    const started = start();
    shutdown = async () => { await (await started)(); };
    started.catch(fatal);
  });
}
