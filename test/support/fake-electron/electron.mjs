// A stand-in for the `electron` module, for running the built desktop main
// (out/main/index.js) under plain Node in tests, where no Electron binary exists.
// It implements the part of Electron's API the main process uses, with
// Electron's behaviour where the main process depends on it:
//  - the process stays alive until app.quit() / app.exit(), and SIGINT/SIGTERM
//    quit the app gracefully (Electron's browser process does the same);
//  - app.quit() emits before-quit, closes the windows (a prevented `close`
//    aborts), then will-quit (preventable), then quit, and exits 0;
//  - requestSingleInstanceLock() is per userData folder (Chromium keeps a
//    SingletonLock there; so does this);
//  - ipcMain.handle() refuses a second handler for a channel;
//  - loadFile() fails when the file is missing, and a loaded window emits
//    ready-to-show;
//  - dialog.showErrorBox() prints "[fake-electron] dialog.showErrorBox: …" on stderr.
// When the test spawns the process with an IPC channel, it can ask, over that
// channel only, for the registered IPC channels and invoke a handler the way the
// renderer would (from the window's main frame showing the loaded page).
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const say = (line) => process.stderr.write(`[fake-electron] ${line}\n`);

// Electron's event loop keeps the app running until it quits.
const keepAlive = setInterval(() => {}, 1 << 30);

const preventable = () => {
  let prevented = false;
  return { preventDefault: () => { prevented = true; }, get defaultPrevented() { return prevented; } };
};

let singletonLock = null;

class App extends EventEmitter {
  isPackaged = false;
  #paths = { userData: path.join(os.homedir(), '.config', 'millwright') };
  #loginItem = { openAtLogin: false };
  #ready = new Promise((resolve) => setImmediate(() => { this.emit('ready'); resolve(); }));
  #quitting = false;

  whenReady() { return this.#ready; }
  getPath(name) {
    if (!this.#paths[name]) throw new Error(`fake electron: no path "${name}"`);
    return this.#paths[name];
  }
  setPath(name, value) { this.#paths[name] = value; }
  getLoginItemSettings() { return { openAtLogin: this.#loginItem.openAtLogin, wasOpenedAtLogin: false }; }
  setLoginItemSettings(settings) { this.#loginItem = { ...settings }; }

  requestSingleInstanceLock() {
    const dir = this.getPath('userData');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, 'SingletonLock');
    const me = `${os.hostname()}-${process.pid}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.symlinkSync(me, file);
        singletonLock = file;
        return true;
      } catch (err) {
        if (err.code !== 'EEXIST') throw err;
        const pid = Number(fs.readlinkSync(file).split('-').pop());
        if (alive(pid)) return false;
        fs.rmSync(file, { force: true });
      }
    }
    return false;
  }

  quit() {
    if (this.#quitting) return;
    this.#quitting = true;
    setImmediate(() => {
      this.#quitting = false;
      if (emitPrevented(this, 'before-quit')) return;
      for (const win of BrowserWindow.getAllWindows()) {
        if (emitPrevented(win, 'close')) return;
        win.destroy();
      }
      if (emitPrevented(this, 'will-quit')) return;
      this.emit('quit', preventable(), 0);
      this.exit(0);
    });
  }

  exit(code = 0) {
    if (singletonLock) fs.rmSync(singletonLock, { force: true });
    clearInterval(keepAlive);
    process.exit(code);
  }
}

function emitPrevented(emitter, name) {
  const event = preventable();
  emitter.emit(name, event);
  return event.defaultPrevented;
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (err) { return err.code === 'EPERM'; }
}

export const app = new App();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.quit());

let nextId = 1;

class WebContents extends EventEmitter {
  id = nextId++;
  url = '';
  sent = 0;
  #destroyed = false;
  getURL() { return this.url; }
  send() { if (!this.#destroyed) this.sent++; }
  setWindowOpenHandler(handler) { this.windowOpenHandler = handler; }
  isDestroyed() { return this.#destroyed; }
  destroy() { this.#destroyed = true; }
}

const windows = new Set();

export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return [...windows]; }
  webContents = new WebContents();
  visible = false;
  #destroyed = false;
  constructor(options = {}) {
    super();
    this.options = options;
    if (options.webPreferences?.preload && !fs.existsSync(options.webPreferences.preload)) {
      say(`preload not found: ${options.webPreferences.preload}`);
    }
    windows.add(this);
  }
  async loadFile(file) {
    if (!fs.existsSync(file)) throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${pathToFileURL(file).href}'`);
    return this.loadURL(pathToFileURL(file).href);
  }
  async loadURL(url) {
    this.webContents.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() { this.visible = true; }
  hide() { this.visible = false; }
  focus() {}
  isMinimized() { return false; }
  restore() {}
  isDestroyed() { return this.#destroyed; }
  close() { if (!emitPrevented(this, 'close')) this.destroy(); }
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.webContents.destroy();
    windows.delete(this);
    this.emit('closed');
  }
}

const handlers = new Map();
export const ipcMain = {
  handle(channel, handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel) { handlers.delete(channel); },
};

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived(listener) { session.defaultSession.headersListener = listener; } },
    setPermissionRequestHandler(handler) { session.defaultSession.permissionRequestHandler = handler; },
    setPermissionCheckHandler(handler) { session.defaultSession.permissionCheckHandler = handler; },
  },
};

export const dialog = {
  showErrorBox(title, content) { say(`dialog.showErrorBox: ${title}: ${content}`); },
};

const image = (bytes) => ({ isEmpty: () => bytes === 0 });
export const nativeImage = {
  createFromBuffer: (buffer) => image(buffer.length),
  createEmpty: () => image(0),
};

export const Menu = { buildFromTemplate: (items) => ({ items }) };

let tray = null;
export class Tray extends EventEmitter {
  constructor(icon) { super(); this.icon = icon; this.tooltip = ''; tray = this; }
  setToolTip(text) { this.tooltip = text; }
  setContextMenu(menu) { this.menu = menu; }
  destroy() { if (tray === this) tray = null; }
}

const notifications = [];
export class Notification extends EventEmitter {
  static isSupported() { return true; }
  constructor(options) { super(); this.options = options; }
  show() { notifications.push(this.options); }
}

// ---- the test's channel (only when spawned with an IPC channel)

async function answer(message) {
  const win = BrowserWindow.getAllWindows()[0];
  switch (message.op) {
    case 'channels':
      return { channels: [...handlers.keys()] };
    case 'invoke': {
      const handler = handlers.get(message.channel);
      if (!handler) return { error: `no handler for ${message.channel}` };
      if (!win) return { error: 'no window' };
      // What Electron hands the handler for a call from our window's main frame.
      const event = { sender: win.webContents, senderFrame: { url: win.webContents.getURL(), parent: null } };
      return { result: await handler(event, message.payload) };
    }
    case 'state':
      return {
        windows: BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), visible: w.visible, sent: w.webContents.sent })),
        tray: tray ? { tooltip: tray.tooltip } : null,
        notifications,
      };
    default:
      return { error: `unknown op ${message.op}` };
  }
}

if (process.send) {
  process.on('message', (message) => {
    answer(message).then(
      (reply) => process.send({ id: message.id, ...reply }),
      (err) => process.send({ id: message.id, error: String(err?.message ?? err) }),
    );
  });
  process.channel?.unref();
}

export default { app, BrowserWindow, ipcMain, session, dialog, nativeImage, Menu, Tray, Notification };
