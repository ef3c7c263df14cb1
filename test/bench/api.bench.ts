// The unified API under load from a SEPARATE process (test/bench/load.ts): the
// real headless host (in-memory vault, ports 0, loopback) serving
// GET /v1/purchase-orders?limit=100 over 50 keep-alive connections, beside a
// bare node:http server sending the same bytes under the same load from the
// same generator. Rounds alternate the two servers and the ratio is the median
// of the rounds' ratios. Then the latency at a fixed 1,000 req/s over 50
// connections, counted from when each request was due.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startAgentHost } from '../../src-main/host/agent-host.js';
import { createLog } from '../../src-main/log.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { MemoryVault, median, peakRssMiB, progress, round } from './run.js';

const SCALE = 4; // 240 purchase orders: a full 100-record page
const CONNECTIONS = 50;
const ROUNDS = 3;
const SECONDS = 4;
const RATE = 1000;
const PATH = '/v1/purchase-orders?limit=100';

function get(port: number, headers: Record<string, string>): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: PATH, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    }).on('error', reject);
  });
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
    const sample = await get(apiPort, auth);
    const page = JSON.parse(sample.body.toString('utf8')) as { data: unknown[] };
    if (sample.status !== 200 || page.data.length !== 100) throw new Error(`the sample page is not 100 records: ${sample.status}, ${page.data?.length}`);
    progress(`api: page of 100 purchase orders = ${sample.body.length} bytes`);

    const contentType = String(sample.headers['content-type'] ?? 'application/json; charset=utf-8');
    bare = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': sample.body.length });
      res.end(sample.body);
    });
    bare.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => bare!.listen(0, '127.0.0.1', resolve));
    const barePort = (bare.address() as AddressInfo).port;

    const spec = (port: number, mode: LoadSpec['mode']): LoadSpec => ({
      port, path: PATH, headers: auth, connections: CONNECTIONS, mode, rate: RATE,
      warmupMs: 1000, durationMs: SECONDS * 1000, expectStatus: 200, expectBytes: sample.body.length,
    });
    const rounds: { api: LoadResult; bare: LoadResult; ratio: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const api = await runLoad(spec(apiPort, 'closed'));
      const baseline = await runLoad(spec(barePort, 'closed'));
      rounds.push({ api, bare: baseline, ratio: round(api.req_per_s / baseline.req_per_s, 3) });
      progress(`api: round ${r + 1}: unified API ${api.req_per_s} req/s (p99 ${api.p99_ms} ms), bare node:http ${baseline.req_per_s} req/s: ${round(api.req_per_s / baseline.req_per_s, 3)}`);
    }
    const fixedApi = await runLoad(spec(apiPort, 'rate'));
    const fixedBare = await runLoad(spec(barePort, 'rate'));
    progress(`api: at ${RATE} req/s: unified API p50 ${fixedApi.p50_ms} ms, p99 ${fixedApi.p99_ms} ms; bare p99 ${fixedBare.p99_ms} ms`);

    return {
      scale: SCALE,
      path: PATH,
      response_bytes: sample.body.length,
      connections: CONNECTIONS,
      seconds_per_run: SECONDS,
      rounds: rounds.map((r) => ({ api_req_per_s: r.api.req_per_s, bare_req_per_s: r.bare.req_per_s, ratio: r.ratio, api_p99_ms: r.api.p99_ms, bare_p99_ms: r.bare.p99_ms })),
      api_req_per_s: median(rounds.map((r) => r.api.req_per_s)),
      bare_req_per_s: median(rounds.map((r) => r.bare.req_per_s)),
      api_vs_bare_http: median(rounds.map((r) => r.ratio)),
      fixed_rate: { rate: RATE, api: fixedApi, bare: fixedBare },
      api_p99_ms_at_1000_rps: fixedApi.p99_ms,
      peak_rss_mib: peakRssMiB(),
      method: 'load from a separate process (test/bench/load.ts) for both servers; closed loop over 50 keep-alive connections, rounds alternating; fixed rate: latency from when each request was due',
    };
  } finally {
    if (bare) { bare.closeAllConnections(); await new Promise<void>((resolve) => bare!.close(() => resolve())); }
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
