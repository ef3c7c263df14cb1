// Real deliveries over HTTP to loopback receivers (allowed through the
// allow-list and insecure URLs), verified with the standardwebhooks library;
// secrets in the real test keychain.
import { afterAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { tempDir } from '../support/tmp.js';
import { openWebhookStore, startReceiver } from './fixtures/webhooks-support.js';
import { WebhookService } from '../../src-main/webhooks/service.js';
import { WebhookDispatcher } from '../../src-main/webhooks/dispatcher.js';
import { createKeychainVault } from '../../src-main/vault/vault.js';

const keychainService = `millwright-test-webhooks-int-${process.pid}`;
const receivers: { close(): Promise<void> }[] = [];
afterAll(async () => { for (const r of receivers) await r.close(); });

function setup(dns: Record<string, string[]> = {}) {
  const db = openWebhookStore(tempDir());
  const policy = () => ({ allowInsecure: true, allowedCidrs: ['127.0.0.0/8'] });
  const resolve = async (h: string) => { if (!dns[h]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }); return dns[h]; };
  const service = new WebhookService({ db, vault: createKeychainVault(`mwi_${crypto.randomBytes(6).toString('hex')}`, keychainService), policy, resolve, ownPorts: () => [] });
  const systemErrors: unknown[] = [];
  const dispatcher = new WebhookDispatcher({ db, secrets: (id) => service.signingSecrets(id), policy, resolve, timeoutMs: 2000, onSystemError: (e) => systemErrors.push(e) });
  service.onEnqueued = () => dispatcher.wake();
  return { db, service, dispatcher, systemErrors };
}

describe('webhook delivery over real HTTP', () => {
  it('delivers signed events that standardwebhooks verifies, in order, with the webhook-id = event id', async () => {
    const rx = await startReceiver();
    receivers.push(rx);
    const { service, dispatcher } = setup();
    const { endpoint, secret } = await service.createEndpoint({ url: rx.url('/in') });
    dispatcher.start();
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push(service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { n, counts: {} } }).event_id);
    service.sendTest(endpoint.id, 'flow.triggered');
    await expect.poll(() => rx.received.length, { timeout: 10_000 }).toBe(21);
    await dispatcher.stop();
    const wh = new Webhook(secret);
    const bodies = rx.received.map((r) => wh.verify(r.body, r.headers as Record<string, string>) as { id: string; data: { n?: number } });
    expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual(bodies.map((b) => b.id));
    expect(bodies.slice(0, 20).map((b) => b.id)).toEqual(ids);
    expect(rx.received.every((r) => r.path === '/in' && r.headers['content-type'] === 'application/json')).toBe(true);
    expect(service.listDeliveries({ status: 'delivered', limit: 100 })).toHaveLength(21);
    const [last] = service.listDeliveries({ limit: 1 });
    expect(last.attempts[0]).toMatchObject({ status_code: 204, error: null });
    await service.deleteEndpoint(endpoint.id);
  });

  it('signs with both secrets after a rotation; a receiver with either verifies', async () => {
    const rx = await startReceiver();
    receivers.push(rx);
    const { service, dispatcher } = setup();
    const { endpoint, secret: old } = await service.createEndpoint({ url: rx.url('/rot') });
    const { secret: fresh } = await service.updateEndpoint(endpoint.id, { rotate_secret: true });
    service.enqueue({ type: 'system.error', connection_id: 'con_1', data: { code: 'x', message: 'y' } });
    await dispatcher.runDue();
    const [r] = rx.received;
    expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(fresh!).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    await service.deleteEndpoint(endpoint.id);
  });

  it('connects to the checked address: a name is pinned to what the injected resolver answered', async () => {
    const rx = await startReceiver();
    receivers.push(rx);
    const { service, dispatcher } = setup({ 'receiver.plant.test': ['127.0.0.1'] });
    const { endpoint, secret } = await service.createEndpoint({ url: `http://receiver.plant.test:${rx.port}/pinned` });
    service.enqueue({ type: 'sync.failed', connection_id: 'con_1', data: {} });
    await dispatcher.runDue();
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0].headers.host).toBe(`receiver.plant.test:${rx.port}`);
    new Webhook(secret).verify(rx.received[0].body, rx.received[0].headers as Record<string, string>);
    await service.deleteEndpoint(endpoint.id);
  });

  it('never reuses a kept-alive socket past a failed check: a name that now resolves to a refused address gets no request, though a socket to its old address is still open', async () => {
    const rx = await startReceiver();
    receivers.push(rx);
    const dns = { 'rebind.plant.test': ['127.0.0.1'] };
    const { service, dispatcher, db } = setup(dns);
    const { endpoint } = await service.createEndpoint({ url: `http://rebind.plant.test:${rx.port}/kept-alive` });
    for (let i = 0; i < 3; i++) service.enqueue({ type: 'sync.failed', connection_id: 'con_1', data: { i } });
    await dispatcher.runDue();
    expect(rx.received).toHaveLength(3);
    dns['rebind.plant.test'] = ['10.0.0.5']; // rebinding: the receiver's socket is still in the pool
    service.enqueue({ type: 'sync.failed', connection_id: 'con_1', data: { i: 3 } });
    await dispatcher.runDue();
    expect(rx.received).toHaveLength(3);
    const [latest] = service.listDeliveries({ webhook_id: endpoint.id });
    expect(latest.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/refused before connecting \(forbidden_address\).*10\.0\.0\.5/) });
    dns['rebind.plant.test'] = ['127.0.0.1'];
    db.prepare('UPDATE webhook_outbox SET next_attempt_at = 0').run();
    await dispatcher.runDue();
    expect(rx.received).toHaveLength(4);
    await service.deleteEndpoint(endpoint.id);
  });

  it('does not follow a 302 to a private address: the attempt fails and the target never hears from us', async () => {
    const inner = await startReceiver(() => ({ status: 200 }));
    receivers.push(inner);
    const rx = await startReceiver(() => ({ status: 302, headers: { location: inner.url('/admin') } }));
    receivers.push(rx);
    const { service, dispatcher } = setup();
    const { endpoint } = await service.createEndpoint({ url: rx.url('/redirects') });
    service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} });
    await dispatcher.runDue();
    expect(rx.received).toHaveLength(1);
    expect(inner.received).toHaveLength(0);
    const [d] = service.listDeliveries({ webhook_id: endpoint.id });
    expect(d.status).toBe('pending');
    expect(d.attempts[0]).toMatchObject({ status_code: 302, error: expect.stringMatching(/redirect.*not followed/) });
    await service.deleteEndpoint(endpoint.id);
  });

  it('records timeouts, reads at most 4 KiB of an answer, and disables on a real 410', async () => {
    let mode: 'slow' | 'big' | 'gone' = 'slow';
    const rx = await startReceiver(() => mode === 'slow' ? { status: 200, delayMs: 3000 } : mode === 'big' ? { status: 500, body: 'x'.repeat(100_000) } : { status: 410 });
    receivers.push(rx);
    const { service, dispatcher, systemErrors, db } = setup();
    const { endpoint } = await service.createEndpoint({ url: rx.url('/slow') });
    service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} });
    await dispatcher.runDue();
    let [d] = service.listDeliveries({ webhook_id: endpoint.id });
    expect(d.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/time limit/) });
    expect(d.attempts[0].duration_ms).toBeGreaterThanOrEqual(1900);
    mode = 'big';
    db.prepare('UPDATE webhook_outbox SET next_attempt_at = 0').run();
    await dispatcher.runDue();
    [d] = service.listDeliveries({ webhook_id: endpoint.id });
    expect(d.attempts[1]).toMatchObject({ status_code: 500 });
    expect(d.attempts[1].response_snippet!.length).toBe(4096);
    mode = 'gone';
    db.prepare('UPDATE webhook_outbox SET next_attempt_at = 0').run();
    await dispatcher.runDue();
    expect(service.getEndpoint(endpoint.id).enabled).toBe(false);
    expect(systemErrors).toHaveLength(1);
    await service.deleteEndpoint(endpoint.id);
  });
});
