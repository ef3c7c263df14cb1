// The tray: open the window, a status line, quit.
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import { TRAY_ICON_PNG_BASE64, TRAY_ICON_SCALE_FACTOR } from './icon.js';

export interface TrayHandle {
  setSummary(summary: string): void;
  destroy(): void;
}

export function trayIcon(): NativeImage {
  const image = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64'), { scaleFactor: TRAY_ICON_SCALE_FACTOR });
  return image.isEmpty() ? nativeImage.createEmpty() : image;
}

export function createTray(opts: { onOpen: () => void; onQuit: () => void; summary: string }): TrayHandle {
  const tray = new Tray(trayIcon());
  const render = (summary: string) => {
    tray.setToolTip(`Millwright — ${summary}`);
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: 'Open Millwright', click: opts.onOpen },
      { label: summary, enabled: false },
      { type: 'separator' },
      { label: 'Quit Millwright', click: opts.onQuit },
    ]));
  };
  // Windows and most Linux trays open the window on a click; macOS shows the menu.
  if (process.platform !== 'darwin') tray.on('click', opts.onOpen);
  render(opts.summary);
  return { setSummary: render, destroy: () => tray.destroy() };
}
