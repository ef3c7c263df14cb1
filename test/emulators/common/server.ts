// The shared shell of every system emulator: an HTTP(S) server on 127.0.0.1
// with fault switches, driven in-process (tests) or over the side channel
// `POST /__emulator/faults` (the lab). Each emulator supplies only its handler.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Faults {
  /** Extra latency on every answer. */
  slowMs: number;
  /** The next N requests get 429 with Retry-After. */
  rateLimit: { count: number; retryAfterSeconds: number };
  /** The next N requests get this status (500, 503, …). */
  fail: { count: number; status: number; retryAfterSeconds?: number };
  /** The next list answer carries one malformed record (emulators decide how). */
  malformedNext: number;
  /** Cut the next list answer off mid-body. */
  truncateNext: number;
  /**
   * The next N requests are answered with an HTML error page of this status, as
   * a reverse proxy, web dispatcher or application server sends it when the API
   * behind it cannot answer (each emulator draws its own system's page).
   */
  html: { count: number; status: number };
}

export const noFaults = (): Faults => ({
  slowMs: 0, rateLimit: { count: 0, retryAfterSeconds: 1 }, fail: { count: 0, status: 500 }, malformedNext: 0, truncateNext: 0, html: { count: 0, status: 503 },
});

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL) => void | Promise<void>;

export interface EmulatorServer {
  url: string;
  port: number;
  faults: Faults;
  /** Stop listening (clients get connection refused) — the system is down. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
  /** Side-channel commands an emulator adds (rotate credentials, change records…). */
  commands: Record<string, (args: Record<string, unknown>) => unknown>;
}

export interface EmulatorOptions {
  handler: Handler;
  /** The HTML page this system's front end sends for an error status (the `html` fault). */
  htmlPage?: (status: number) => string;
  tls?: { key: string; cert: string };
  port?: number;
}

export async function startEmulator(opts: EmulatorOptions): Promise<EmulatorServer> {
  const faults = noFaults();
  const commands: EmulatorServer['commands'] = {};
  const sockets = new Set<import('node:net').Socket>();
  // Requests of the system's API between arrival and the end of their answer: what a load cap is measured against.
  const load = { inFlight: 0, max: 0 };
  commands.inFlight = () => ({ current: load.inFlight, max: load.max });
  commands.resetInFlight = () => { load.max = load.inFlight; return { current: load.inFlight, max: load.max }; };
  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith('/__emulator/')) {
      load.inFlight++;
      load.max = Math.max(load.max, load.inFlight);
      let counted = true;
      const done = () => { if (counted) { counted = false; load.inFlight--; } };
      res.on('finish', done);
      res.on('close', done);
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://emulator');
    try {
      if (url.pathname.startsWith('/__emulator/')) return sideChannel(url, body, res);
      if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
      if (faults.rateLimit.count > 0) {
        faults.rateLimit.count--;
        res.writeHead(429, { 'retry-after': String(faults.rateLimit.retryAfterSeconds), 'content-type': 'text/plain' });
        return res.end('Too Many Requests');
      }
      if (faults.fail.count > 0) {
        faults.fail.count--;
        res.writeHead(faults.fail.status, { 'content-type': 'text/plain', ...(faults.fail.retryAfterSeconds !== undefined ? { 'retry-after': String(faults.fail.retryAfterSeconds) } : {}) });
        return res.end(faults.fail.status === 503 ? 'Service Unavailable' : 'Internal Server Error');
      }
      if (faults.html.count > 0) {
        faults.html.count--;
        res.writeHead(faults.html.status, { 'content-type': 'text/html; charset=utf-8' });
        return res.end((opts.htmlPage ?? genericHtmlPage)(faults.html.status));
      }
      await opts.handler(req, res, body, url);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`emulator error: ${(err as Error).message}`);
    }
  };
  const sideChannel = (url: URL, body: Buffer, res: http.ServerResponse) => {
    const args = body.length ? JSON.parse(body.toString()) : {};
    const name = url.pathname.slice('/__emulator/'.length);
    let result: unknown;
    if (name === 'faults') { Object.assign(faults, args); result = faults; }
    else if (commands[name]) result = commands[name](args);
    else { res.writeHead(404); return res.end('unknown emulator command'); }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result ?? { ok: true }));
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve((server.address() as AddressInfo).port); });
  });
  const stop = () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); });
  const port = await listen(opts.port ?? 0);
  let isUp = true;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    faults,
    commands,
    async down() { if (isUp) { isUp = false; await stop(); } },
    async up() { if (!isUp) { await listen(port); isUp = true; } },
    async close() { if (isUp) { isUp = false; await stop(); } },
  };
}

const REASONS: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
export const reasonPhrase = (status: number) => REASONS[status] ?? 'Error';

/** The plain page a reverse proxy (nginx and the like) sends. */
export function genericHtmlPage(status: number): string {
  return `<html>\r\n<head><title>${status} ${reasonPhrase(status)}</title></head>\r\n<body>\r\n<center><h1>${status} ${reasonPhrase(status)}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Sends half of a JSON body and drops the connection (a truncated answer). */
export function sendTruncated(res: http.ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(text.length) });
  res.write(text.slice(0, Math.floor(text.length / 2)));
  res.socket?.destroy();
}

export function basicAuth(req: http.IncomingMessage): { user: string; password: string } | null {
  const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const raw = Buffer.from(m[1], 'base64').toString();
  const i = raw.indexOf(':');
  return i < 0 ? null : { user: raw.slice(0, i), password: raw.slice(i + 1) };
}
