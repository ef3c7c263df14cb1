// The renderer's Content Security Policy, one definition for every way the
// renderer is served: a response header from the desktop session (see
// desktop/security.ts) and from the admin listener's browser twin (see
// renderer-files.ts), and the <meta> tag in src-renderer/index.html for pages
// loaded where no header applies (file:// in the desktop app). Browsers ignore
// some directives in a <meta> tag and log an error for each, so the meta
// policy leaves those out; the headers carry them.
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

/** Directives a <meta http-equiv> policy may not carry (CSP Level 3, "delivery via meta"). */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'];

/**
 * The policy for the renderer. With a dev server, React Refresh needs its
 * inline preamble and Vite its HMR websocket; the built app gets neither.
 */
export function contentSecurityPolicy(opts: { devServerUrl?: string; delivery?: 'header' | 'meta' } = {}): string {
  const directives = new Map(STRICT);
  if (opts.devServerUrl) {
    const dev = new URL(opts.devServerUrl);
    const ws = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`;
    directives.set('script-src', "'self' 'unsafe-inline'");
    directives.set('connect-src', `'self' ${ws}`);
  }
  if (opts.delivery === 'meta') for (const d of HEADER_ONLY_DIRECTIVES) directives.delete(d);
  return [...directives].map(([k, v]) => `${k} ${v}`).join('; ');
}
