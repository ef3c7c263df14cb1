// A small HTTP/1.1 keep-alive load generator that runs in its OWN process, so
// the server under test never shares an event loop with its load:
//   node --import tsx test/bench/load.ts '<json LoadSpec>'   → one JSON LoadResult on stdout.
// Each connection is a raw socket sending one request at a time (no
// pipelining) and reading the answer by its Content-Length; every answer must
// be the expected status and size. Two modes:
// - "closed": every connection sends its next request as soon as the answer
//   is in: the most the server can do (requests per second);
// - "rate": requests are due at a fixed rate over all connections; each goes
//   out on the next idle connection, and its latency is counted from when it
//   was DUE, not when it was sent, so a server that stalls cannot hide its
//   stall by slowing the generator down (no coordinated omission).
import net from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadSpec {
  port: number;
  path: string;
  headers?: Record<string, string>;
  connections: number;
  mode: 'closed' | 'rate';
  /** Requests per second (mode "rate"). */
  rate?: number;
  warmupMs: number;
  durationMs: number;
  expectStatus: number;
  expectBytes: number;
}

export interface LoadResult {
  mode: LoadSpec['mode'];
  connections: number;
  requests: number;
  seconds: number;
  req_per_s: number;
  p50_ms: number; p90_ms: number; p99_ms: number; max_ms: number;
  /** Mode "rate": the rate asked for. */
  target_rate?: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

class Client {
  private buf: Buffer = Buffer.alloc(0);
  private bodyLeft = -1;
  private status = 0;
  busy = false;
  private onDone: ((err: Error | null) => void) | null = null;

  constructor(private readonly socket: net.Socket, private readonly request: Buffer, private readonly spec: LoadSpec) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.read(d));
    socket.on('error', (err) => this.finish(err));
    socket.on('close', () => this.finish(new Error('the server closed the connection')));
  }

  send(done: (err: Error | null) => void): void {
    this.busy = true;
    this.onDone = done;
    this.socket.write(this.request);
  }

  private read(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    if (this.bodyLeft < 0) {
      const end = this.buf.indexOf(HEADER_END);
      if (end < 0) return;
      const head = this.buf.subarray(0, end).toString('latin1');
      this.status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m) return this.finish(new Error(`an answer without Content-Length: ${head.slice(0, 200)}`));
      this.bodyLeft = Number(m[1]);
      this.buf = this.buf.subarray(end + 4);
    }
    if (this.buf.length < this.bodyLeft) return;
    const bytes = this.bodyLeft;
    this.buf = this.buf.subarray(bytes);
    this.bodyLeft = -1;
    if (this.status !== this.spec.expectStatus || bytes !== this.spec.expectBytes) {
      return this.finish(new Error(`unexpected answer: ${this.status}, ${bytes} bytes (expected ${this.spec.expectStatus}, ${this.spec.expectBytes})`));
    }
    this.finish(null);
  }

  private finish(err: Error | null): void {
    const done = this.onDone;
    this.onDone = null;
    this.busy = false;
    if (done) done(err);
    else if (err) fatal(err);
  }

  close(): void { this.socket.removeAllListeners('close'); this.socket.destroy(); }
}

function fatal(err: Error): never {
  process.stderr.write(`[load] ${err.message}\n`);
  process.exit(1);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const r2 = (n: number) => Math.round(n * 100) / 100;

async function run(spec: LoadSpec): Promise<LoadResult> {
  const head = [`GET ${spec.path} HTTP/1.1`, `Host: 127.0.0.1:${spec.port}`, ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  const request = Buffer.from(head, 'latin1');
  const clients = await Promise.all(Array.from({ length: spec.connections }, () => new Promise<Client>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: spec.port }, () => resolve(new Client(s, request, spec)));
    s.once('error', reject);
  })));
  const latencies: number[] = [];
  let measuring = false;
  let stopped = false;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  let counted = 0;
  let measuredStart = 0;

  await new Promise<void>((resolve) => {
    const record = (dueAt: number) => {
      const now = performance.now();
      if (!measuring && now >= measureFrom) { measuring = true; measuredStart = now; }
      if (measuring && dueAt >= measuredStart) { latencies.push(now - dueAt); counted++; }
      if (now >= end && !stopped) { stopped = true; resolve(); }
    };
    if (spec.mode === 'closed') {
      const loop = (c: Client) => {
        if (stopped) return;
        const t = performance.now();
        c.send((err) => { if (err) fatal(err); record(t); loop(c); });
      };
      clients.forEach(loop);
      return;
    }
    // Fixed rate: request i is due at start + i / rate.
    const interval = 1000 / spec.rate!;
    const queue: number[] = [];
    let issued = 0;
    const dispatch = () => {
      for (const c of clients) {
        if (queue.length === 0) return;
        if (c.busy) continue;
        const due = queue.shift()!;
        c.send((err) => { if (err) fatal(err); record(due); dispatch(); });
      }
    };
    const tick = () => {
      if (stopped) return;
      const now = performance.now();
      while (start + issued * interval <= now) queue.push(start + issued++ * interval);
      dispatch();
      setTimeout(tick, Math.max(0, start + issued * interval - performance.now()));
    };
    tick();
  });
  const seconds = (performance.now() - measuredStart) / 1000;
  clients.forEach((c) => c.close());
  latencies.sort((a, b) => a - b);
  return {
    mode: spec.mode, connections: spec.connections, requests: counted, seconds: r2(seconds), req_per_s: Math.round(counted / seconds),
    p50_ms: r2(percentile(latencies, 50)), p90_ms: r2(percentile(latencies, 90)), p99_ms: r2(percentile(latencies, 99)), max_ms: r2(latencies.at(-1) ?? NaN),
    ...(spec.mode === 'rate' ? { target_rate: spec.rate } : {}),
  };
}

/** Runs the generator in a child process and returns its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`the load generator failed (exit ${code}): ${err.trim()}`))));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run(JSON.parse(process.argv[2]) as LoadSpec).then((r) => { process.stdout.write(`${JSON.stringify(r)}\n`); process.exit(0); }, (e: Error) => fatal(e));
}
