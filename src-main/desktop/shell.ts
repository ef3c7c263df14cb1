// Small Electron-touching helpers the entry wires together: OS notifications
// and the login item.
import { app, Notification } from 'electron';
import type { NotificationSpec } from './notifications.js';

/** Passed to the app when the OS starts it at login: start in the tray. */
export const HIDDEN_ARG = '--hidden';

// Electron drops the click handler of a Notification that was garbage-collected.
const shown = new Set<Notification>();

export function showOsNotification(spec: NotificationSpec, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: spec.title, body: spec.body });
  shown.add(notification);
  const release = () => { shown.delete(notification); };
  notification.on('click', () => { release(); onClick(); });
  notification.on('close', release);
  notification.show();
}

/**
 * Registers (or removes) the login item and reports the setting now in force;
 * Linux has no login items in Electron, so there it stays `false`.
 */
export function setStartAtLogin(enabled: boolean): { enabled: boolean } {
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
  return { enabled: app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin };
}

export function launchedAtLogin(argv: readonly string[] = process.argv): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
