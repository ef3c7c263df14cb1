// Webhook figures. Delivery throughput: a backlog of 10,000 events to 4
// endpoints on a loopback receiver that runs in its OWN process (the
// dispatcher's process does only the sending), drained by the production
// dispatcher and transport. The outbox's write cost per event, inside the
// change's transaction (synchronous=FULL, as the store runs), beside a plain
// insert of the same outbox rows — one prepared INSERT into a store with the
// same schema and indexes — in a transaction of the same size.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { memoryVault, openWebhookStore } from '../integration/fixtures/webhooks-support.js';
import { WebhookService } from '../../src-main/webhooks/service.js';
import { WebhookDispatcher } from '../../src-main/webhooks/dispatcher.js';
import { median, progress, round } from './run.js';

const policy = () => ({ allowInsecure: true, allowedCidrs: ['127.0.0.0/8'] });
const EVENTS = 10_000;
const ENDPOINTS = 4;

/** The receiver: node:http answering 204 after reading the body, in a child process. */
const RECEIVER = `
const http = require('node:http');
let n = 0;
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.writeHead(204); res.end(); }); });
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
process.stdin.on('data', () => process.stdout.write(JSON.stringify({ received: n }) + '\\n'));
process.stdin.on('end', () => process.exit(0));
`;

async function startReceiverProcess() {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line); else lines.push(line);
    }
  });
  const next = () => new Promise<string>((resolve) => { const l = lines.shift(); if (l !== undefined) resolve(l); else waiters.push(resolve); });
  const { port } = JSON.parse(await next()) as { port: number };
  return {
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    received: async () => { child.stdin.write('?\n'); return (JSON.parse(await next()) as { received: number }).received; },
    close: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.stdin.end(); }),
  };
}

async function throughput(events: number, endpoints: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-webhooks-'));
  const db = openWebhookStore(dir);
  const rx = await startReceiverProcess();
  try {
    const service = new WebhookService({ db, vault: memoryVault(), policy, ownPorts: () => [] });
    const secrets: Record<string, string> = {};
    for (let i = 0; i < endpoints; i++) {
      const { endpoint, secret } = await service.createEndpoint({ url: rx.url(`/e${i}`), connection_ids: [`con_${i}`] });
      secrets[endpoint.id] = secret;
    }
    db.transaction(() => {
      for (let n = 0; n < events; n++) service.enqueue({ type: 'sync.completed', connection_id: `con_${n % endpoints}`, data: { n, counts: { assets: { created: 1, updated: 2 } } } });
    })();
    const dispatcher = new WebhookDispatcher({ db, secrets: async (id) => [secrets[id]], policy });
    const t0 = performance.now();
    await dispatcher.runDue();
    const seconds = (performance.now() - t0) / 1000;
    const delivered = db.prepare("SELECT COUNT(*) FROM webhook_outbox WHERE status = 'delivered'").pluck().get() as number;
    const received = await rx.received();
    if (delivered !== events || received < events) throw new Error(`delivered ${delivered}, received ${received} of ${events}`);
    return { events, endpoints, delivered, received, seconds: round(seconds, 2), per_second: Math.round(delivered / seconds) };
  } finally {
    await rx.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** µs per event: enqueue inside a transaction, beside a plain insert of the same rows into the same schema. */
async function writeCost() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-outbox-'));
  const db = openWebhookStore(path.join(dir, 'a'));
  const plain = openWebhookStore(path.join(dir, 'b'));
  try {
    const service = new WebhookService({ db, vault: memoryVault(), policy, ownPorts: () => [] });
    await service.createEndpoint({ url: 'http://127.0.0.1:9/hook', connection_ids: ['con_0'] });
    const columns = ['id', 'event_id', 'endpoint_id', 'type', 'connection_id', 'payload', 'status', 'attempts', 'next_attempt_at', 'expires_at', 'created_at'];
    const insert = plain.prepare(`INSERT INTO webhook_outbox (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const N = 5_000;
    const rounds: { enqueue_us: number; plain_us: number; ratio: number }[] = [];
    for (let r = 0; r < 5; r++) {
      let t0 = performance.now();
      db.transaction(() => { for (let n = 0; n < N; n++) service.enqueue({ type: 'sync.completed', connection_id: 'con_0', data: { n, counts: { assets: { created: 1, updated: 2 } } } }); })();
      const enqueueUs = ((performance.now() - t0) * 1000) / N;
      const rows = db.prepare(`SELECT ${columns.join(', ')} FROM webhook_outbox ORDER BY seq DESC LIMIT ?`).raw().all(N).reverse() as unknown[][];
      t0 = performance.now();
      plain.transaction(() => { for (const row of rows) insert.run(...row); })();
      const plainUs = ((performance.now() - t0) * 1000) / N;
      rounds.push({ enqueue_us: round(enqueueUs, 2), plain_us: round(plainUs, 2), ratio: round(enqueueUs / plainUs, 2) });
    }
    // As its own transaction (what an event costs when nothing else commits with it).
    const M = 500;
    const t0 = performance.now();
    for (let n = 0; n < M; n++) db.transaction(() => { service.enqueue({ type: 'sync.completed', connection_id: 'con_0', data: { n } }); })();
    const ownUs = ((performance.now() - t0) * 1000) / M;
    return {
      events_per_round: N, rounds, endpoints_subscribed: 1,
      outbox_write_vs_plain_insert: median(rounds.map((r) => r.ratio)),
      enqueue_in_transaction_us: median(rounds.map((r) => r.enqueue_us)),
      plain_insert_us: median(rounds.map((r) => r.plain_us)),
      enqueue_own_transaction_us: round(ownUs, 1),
      synchronous: db.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : String(db.pragma('synchronous', { simple: true })),
    };
  } finally {
    db.close();
    plain.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<Record<string, unknown>> {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await throughput(EVENTS, ENDPOINTS));
    progress(`webhooks: ${EVENTS} events to ${ENDPOINTS} endpoints in ${runs.at(-1)!.seconds} s = ${runs.at(-1)!.per_second}/s`);
  }
  const write = await writeCost();
  progress(`webhooks: outbox write ${write.enqueue_in_transaction_us} µs per event vs plain insert ${write.plain_insert_us} µs: ${write.outbox_write_vs_plain_insert}×`);
  return {
    delivery_4_endpoints: runs,
    webhooks_per_s: median(runs.map((r) => r.per_second)),
    delivery_1_endpoint: await throughput(2_000, 1),
    outbox_write: write,
    outbox_write_vs_plain_insert: write.outbox_write_vs_plain_insert,
    method: 'receiver: node:http in a child process answering 204; dispatcher: the production transport (node:http(s), keep-alive pools per checked address); outbox rows enqueued in one transaction before the timed drain',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(JSON.stringify(await bench(), null, 2));
