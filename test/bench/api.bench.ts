// API throughput and latency for a 100-record page: the real headless host
// (in-memory vault, ports 0, loopback) serving GET /v1/purchase-orders?limit=100
// to N concurrent keep-alive clients, beside a bare node:http server sending the
// same bytes under the same load, and the ratio.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startAgentHost } from '../../src-main/host/agent-host.js';
import { createLog } from '../../src-main/log.js';
import { MemoryVault, peakRssMiB, progress, round } from './run.js';

const SCALE = 4; // 240 purchase orders: a full 100-record page
const CONNECTIONS = 8;
const REQUESTS = 3000;
const WARMUP = 300;
const PATH = '/v1/purchase-orders?limit=100';

interface Load { requests: number; ms: number; req_per_s: number; p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function get(agent: http.Agent, port: number, headers: Record<string, string>): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: PATH, method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `total` requests over `connections` keep-alive sockets; every response must be 200 with `expectedBytes` bytes. */
async function load(port: number, headers: Record<string, string>, total: number, expectedBytes: number): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      issued++;
      const t = process.hrtime.bigint();
      const res = await get(agent, port, headers);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (res.status !== 200 || res.body.length !== expectedBytes) throw new Error(`unexpected response: ${res.status}, ${res.body.length} bytes`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const ms = performance.now() - t0;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, ms: round(ms), req_per_s: round(latencies.length / (ms / 1000)),
    p50_ms: round(percentile(latencies, 50), 2), p95_ms: round(percentile(latencies, 95), 2), p99_ms: round(percentile(latencies, 99), 2), max_ms: round(latencies.at(-1)!, 2),
  };
}

export default async function bench(): Promise<Record<string, unknown>> {
  process.env.MILLWRIGHT_SANDBOX_SCALE = String(SCALE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-api-'));
  const host = await startAgentHost({ dataDir: dir, adminPort: 0, apiPort: 0, agent: { vault: new MemoryVault(), log: createLog(null, 'warn') } });
  let bare: http.Server | null = null;
  try {
    if (!host.apiUrl.startsWith('http://127.0.0.1:')) throw new Error(`the API listens on ${host.apiUrl}, not loopback`);
    const { connection, token } = await host.agent.connections.connect({ system: 'sandbox', name: 'bench' });
    const run = await host.agent.sync.whenDone(connection.id);
    if (run?.status !== 'completed') throw new Error(`the first sync did not complete: ${JSON.stringify(run)}`);
    const apiPort = Number(new URL(host.apiUrl).port);
    const auth = { authorization: `Bearer ${token}` };

    // One real response: its bytes are what the bare server sends.
    const probeAgent = new http.Agent({ keepAlive: false });
    const sample = await get(probeAgent, apiPort, auth);
    probeAgent.destroy();
    const page = JSON.parse(sample.body.toString('utf8')) as { data: unknown[] };
    if (sample.status !== 200 || page.data.length !== 100) throw new Error(`the sample page is not 100 records: ${sample.status}, ${page.data?.length}`);
    progress(`api: page of 100 purchase orders = ${sample.body.length} bytes; warming up`);

    await load(apiPort, auth, WARMUP, sample.body.length);
    progress(`api: ${REQUESTS} requests over ${CONNECTIONS} keep-alive connections to the unified API`);
    const api = await load(apiPort, auth, REQUESTS, sample.body.length);
    progress(`api: ${api.req_per_s} req/s, p50 ${api.p50_ms} ms, p99 ${api.p99_ms} ms`);

    const contentType = String(sample.headers['content-type'] ?? 'application/json; charset=utf-8');
    bare = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': sample.body.length });
      res.end(sample.body);
    });
    bare.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => bare!.listen(0, '127.0.0.1', resolve));
    const barePort = (bare.address() as AddressInfo).port;
    await load(barePort, auth, WARMUP, sample.body.length);
    progress(`api: the same load against a bare node:http server sending the same bytes`);
    const baseline = await load(barePort, auth, REQUESTS, sample.body.length);
    progress(`api: bare ${baseline.req_per_s} req/s, p50 ${baseline.p50_ms} ms, p99 ${baseline.p99_ms} ms`);

    return {
      scale: SCALE,
      path: PATH,
      response_bytes: sample.body.length,
      connections: CONNECTIONS,
      requests: REQUESTS,
      warmup_requests: WARMUP,
      unified_api: api,
      bare_node_http: baseline,
      api_vs_bare_ratio: round(api.req_per_s / baseline.req_per_s, 3),
      peak_rss_mib: peakRssMiB(),
    };
  } finally {
    if (bare) { bare.closeAllConnections(); await new Promise<void>((resolve) => bare!.close(() => resolve())); }
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
