// The desktop session's lockdown: the renderer's Content Security Policy (from
// host/csp.ts) as a header on every response, and no permission for anything.
// No runtime electron import: the session is passed in.
import type { Session } from 'electron';

export { contentSecurityPolicy } from '../host/csp.js';

/** Adds the CSP to every response and refuses every permission request. */
export function lockDownSession(session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
  // Camera, geolocation, notifications from the page, …: the admin UI needs none.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
