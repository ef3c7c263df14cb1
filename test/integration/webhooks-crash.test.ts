// kill -9 at random moments while a child process delivers a backlog from the
// outbox: after all the kills and a final clean run, every event reached every
// endpoint at least once, every copy verifies, duplicates carry the same
// webhook-id, and each endpoint first saw its events in outbox order.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { tempDir } from '../support/tmp.js';
import { memoryVault, openWebhookStore, startReceiver } from './fixtures/webhooks-support.js';
import { WebhookService } from '../../src-main/webhooks/service.js';

const child = path.join(import.meta.dirname, 'fixtures', 'webhooks-dispatch-child.ts');
const KILLS = 55;

function run(dataDir: string, mode: 'kill' | 'drain', secrets: Record<string, string>, killAfterMs = 0): Promise<'killed' | 'exited'> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dataDir, mode], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MW_TEST_WEBHOOK_SECRETS: JSON.stringify(secrets) },
    });
    let out = '';
    let err = '';
    let armed = false;
    p.stdout.on('data', (d) => {
      out += d;
      if (mode === 'kill' && !armed && out.includes('ready')) { armed = true; setTimeout(() => p.kill('SIGKILL'), killAfterMs); }
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('exited');
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

describe('webhook outbox survives kill -9', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of closers) await c(); });

  it(`delivers every event at least once across ${KILLS} random kills`, async () => {
    const rx = await startReceiver(() => ({ status: 200, delayMs: Math.random() < 0.5 ? Math.floor(Math.random() * 15) : 0 }));
    closers.push(rx.close);
    const dataDir = tempDir();
    const db = openWebhookStore(dataDir);
    const service = new WebhookService({ db, vault: memoryVault(), policy: () => ({ allowInsecure: true, allowedCidrs: ['127.0.0.0/8'] }), ownPorts: () => [] });
    const secrets: Record<string, string> = {};
    const paths: Record<string, string> = {};
    for (const p of ['/a', '/b']) {
      const { endpoint, secret } = await service.createEndpoint({ url: rx.url(p) });
      secrets[endpoint.id] = secret;
      paths[endpoint.id] = p;
    }
    const events: string[] = [];
    const enqueue = (n: number) => {
      db.transaction(() => {
        for (let i = 0; i < n; i++) events.push(service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { n: events.length } }).event_id);
      })();
    };
    enqueue(400);

    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      if (await run(dataDir, 'kill', secrets, Math.floor(Math.random() * 60)) === 'killed') killed++;
      if (i % 5 === 0) enqueue(10); // producers keep writing while the dispatcher is down
    }
    expect(killed).toBeGreaterThanOrEqual(50);
    const mid = rx.received.length;
    expect(mid).toBeGreaterThan(0); // the children really delivered between kills
    expect(await run(dataDir, 'drain', secrets)).toBe('exited');

    // every copy verifies; the webhook-id is the event id on every copy
    const firstSeen: Record<string, string[]> = { '/a': [], '/b': [] };
    const copies = new Map<string, Set<string>>();
    const byEndpointSecret = Object.fromEntries(Object.entries(paths).map(([id, p]) => [p, new Webhook(secrets[id])]));
    for (const r of rx.received) {
      const body = byEndpointSecret[r.path].verify(r.body, r.headers as Record<string, string>) as { id: string };
      expect(r.headers['webhook-id']).toBe(body.id);
      const key = `${r.path} ${body.id}`;
      if (!copies.has(key)) { copies.set(key, new Set()); firstSeen[r.path].push(body.id); }
      copies.get(key)!.add(String(r.headers['webhook-id']));
    }
    for (const p of ['/a', '/b']) {
      expect(firstSeen[p]).toEqual(events); // all of them, first seen in outbox order
    }
    expect([...copies.values()].every((ids) => ids.size === 1)).toBe(true);
    const duplicates = rx.received.length - copies.size;
    console.log(`webhooks crash test: ${killed} kills, ${events.length} events × 2 endpoints, ${rx.received.length} requests (${duplicates} duplicates), ${mid} before the final run`);
    expect(db.prepare("SELECT COUNT(*) FROM webhook_outbox WHERE status != 'delivered'").pluck().get()).toBe(0);
    db.close();
  }, 300_000);
});
