// Webhook figures: delivery throughput from a backlog of 10,000 events to a
// local receiver, and the outbox's write cost per event (enqueue inside one
// transaction, and as its own transaction with synchronous=FULL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { memoryVault, openWebhookStore, startReceiver } from '../integration/fixtures/webhooks-support.js';
import { WebhookService } from '../../src-main/webhooks/service.js';
import { WebhookDispatcher } from '../../src-main/webhooks/dispatcher.js';

const policy = () => ({ allowInsecure: true, allowedCidrs: ['127.0.0.0/8'] });

async function world(endpoints: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-webhooks-'));
  const db = openWebhookStore(dir);
  const service = new WebhookService({ db, vault: memoryVault(), policy, ownPorts: () => [] });
  const rx = await startReceiver(() => ({ status: 204 }));
  const secrets: Record<string, string> = {};
  for (let i = 0; i < endpoints; i++) {
    const { endpoint, secret } = await service.createEndpoint({ url: rx.url(`/e${i}`), connection_ids: [`con_${i}`] });
    secrets[endpoint.id] = secret;
  }
  const done = async () => { await rx.close(); db.close(); fs.rmSync(dir, { recursive: true, force: true }); };
  return { db, service, rx, secrets, done };
}

async function throughput(events: number, endpoints: number) {
  const w = await world(endpoints);
  w.db.transaction(() => {
    for (let n = 0; n < events; n++) w.service.enqueue({ type: 'sync.completed', connection_id: `con_${n % endpoints}`, data: { n, counts: { assets: { created: 1, updated: 2 } } } });
  })();
  const dispatcher = new WebhookDispatcher({ db: w.db, secrets: async (id) => [w.secrets[id]], policy });
  const t0 = performance.now();
  await dispatcher.runDue();
  const seconds = (performance.now() - t0) / 1000;
  const delivered = w.db.prepare("SELECT COUNT(*) FROM webhook_outbox WHERE status = 'delivered'").pluck().get() as number;
  await w.done();
  return { events, endpoints, delivered, seconds: Number(seconds.toFixed(2)), per_second: Math.round(delivered / seconds) };
}

async function writeCost() {
  const w = await world(1);
  const N = 10_000;
  let t0 = performance.now();
  w.db.transaction(() => { for (let n = 0; n < N; n++) w.service.enqueue({ type: 'sync.completed', connection_id: 'con_0', data: { n } }); })();
  const inTx = ((performance.now() - t0) * 1000) / N;
  const M = 1_000;
  t0 = performance.now();
  for (let n = 0; n < M; n++) w.db.transaction(() => { w.service.enqueue({ type: 'sync.completed', connection_id: 'con_0', data: { n } }); })();
  const standalone = ((performance.now() - t0) * 1000) / M;
  await w.done();
  return { enqueue_in_transaction_us: Number(inTx.toFixed(1)), enqueue_own_transaction_us: Number(standalone.toFixed(1)), endpoints_subscribed: 1 };
}

export default async function bench(): Promise<Record<string, unknown>> {
  return {
    webhooks_delivery_4_endpoints: await throughput(10_000, 4),
    webhooks_delivery_1_endpoint: await throughput(2_000, 1),
    webhooks_outbox_write: await writeCost(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await bench(), null, 2));
