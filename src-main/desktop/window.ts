// The one BrowserWindow: sandboxed, context-isolated, no Node in the page, no
// navigation away from the renderer, no new windows.
import { BrowserWindow, type WebContents } from 'electron';

export type RendererSource = { kind: 'url'; url: string } | { kind: 'file'; path: string };

export function createMainWindow(opts: { preloadPath: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Millwright',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      // No middle-click "auxclick" events (Electronegativity AUXCLICK_JS_CHECK): they could open links outside the app's handlers.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(win.webContents);
  return win;
}

/** Navigation is denied except a reload of the current page; window.open is denied. */
export function hardenWebContents(webContents: WebContents): void {
  webContents.on('will-navigate', (event, url) => {
    if (url !== webContents.getURL()) event.preventDefault();
  });
  webContents.on('will-redirect', (event, url) => {
    if (url !== webContents.getURL()) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function loadRenderer(win: BrowserWindow, source: RendererSource): Promise<void> {
  return source.kind === 'url' ? win.loadURL(source.url) : win.loadFile(source.path);
}

export function showWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Closing hides the window (the agent keeps running in the tray) unless the app is quitting. */
export function hideOnClose(win: BrowserWindow, isQuitting: () => boolean): void {
  win.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
}
