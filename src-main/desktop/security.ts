// The renderer's Content Security Policy and the session's lockdown. The same
// policy is in src-renderer/index.html as a meta tag (a unit test keeps the two
// equal), because responses for file:// pages do not always pass through
// webRequest. No runtime electron import: the session is passed in.
import type { Session } from 'electron';

const STRICT: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
];

/**
 * The policy for the renderer. With a dev server, React Refresh needs its
 * inline preamble and Vite its HMR websocket; the built app gets neither.
 */
export function contentSecurityPolicy(opts: { devServerUrl?: string } = {}): string {
  const directives = new Map(STRICT);
  if (opts.devServerUrl) {
    const dev = new URL(opts.devServerUrl);
    const ws = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`;
    directives.set('script-src', "'self' 'unsafe-inline'");
    directives.set('connect-src', `'self' ${ws}`);
  }
  return [...directives].map(([k, v]) => `${k} ${v}`).join('; ');
}

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
