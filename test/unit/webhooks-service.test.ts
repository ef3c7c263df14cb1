// The webhook service: endpoint validation, secrets in the real (test) keychain,
// rotation, deletion, the outbox's subscription rules and transactions,
// redelivery and test events, and start-up repair.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { tempDir } from '../support/tmp.js';
import { FakeClock, memoryVault, openWebhookStore } from '../integration/fixtures/webhooks-support.js';
import { ROTATION_OVERLAP_MS, WebhookService, secretAccounts } from '../../src-main/webhooks/service.js';
import { secretHash } from '../../src-main/webhooks/signer.js';
import { CreateFlowInput, CreateWebhookInput, UpdateWebhookInput, WEBHOOK_EVENT_TYPES, WebhookEvent, WebhookEventType } from '../../src-main/contract/webhooks.js';
import { createKeychainVault, type Vault } from '../../src-main/vault/vault.js';
import { VaultJournal } from '../../src-main/vault/journal.js';
import { EventBus } from '../../src-main/events/bus.js';
import { MillwrightError, parseOrFail } from '../../src-main/contract/errors.js';
import { DB_FILE } from '../../src-main/store/db.js';

const keychainService = `millwright-test-webhooks-${process.pid}`;
const dns: Record<string, string[]> = { 'hooks.example.com': ['93.184.216.34'], 'intranet.plant.local': ['10.20.30.40'] };

function setup(opts: { vault?: Vault; allowInsecure?: boolean; allowedCidrs?: string[] } = {}) {
  const dir = tempDir();
  const db = openWebhookStore(dir);
  const clock = new FakeClock(Date.now());
  const vault = opts.vault ?? createKeychainVault(`mwi_${crypto.randomBytes(6).toString('hex')}`, keychainService);
  const service = new WebhookService({
    db, vault, now: clock.now, ownPorts: () => [7870, 7871],
    policy: () => ({ allowInsecure: opts.allowInsecure ?? false, allowedCidrs: opts.allowedCidrs ?? [] }),
    resolve: async (h) => { if (!dns[h]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }); return dns[h]; },
    connectionExists: (id) => ['con_1', 'con_2'].includes(id),
  });
  const payload = (deliveryId: string) => JSON.parse(db.prepare('SELECT payload FROM webhook_outbox WHERE id = ?').pluck().get(deliveryId) as string);
  return { dir, db, clock, vault, service, payload };
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<MillwrightError> {
  try { await (typeof p === 'function' ? p() : p); } catch (e) { if (e instanceof MillwrightError) return e; throw e; }
  throw new Error('expected a refusal');
}

describe('webhook endpoints', () => {
  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['no url', {}, 'url', /./],
    ['a non-http scheme', { url: 'ftp://hooks.example.com/x' }, 'url', /only https/],
    ['credentials in the URL', { url: 'https://u:p@hooks.example.com/' }, 'url', /credentials/],
    ['an unparseable URL', { url: 'hooks dot example' }, 'url', /not a valid URL/],
    ['a URL over 2000 characters', { url: `https://hooks.example.com/${'x'.repeat(2000)}` }, 'url', /2000/],
    ['http while insecure URLs are not allowed', { url: 'http://hooks.example.com/' }, 'url', /http URLs are refused/],
    ['a loopback address', { url: 'https://127.0.0.1/' }, 'url', /Loopback/],
    ['a decimal loopback spelling', { url: 'https://2130706433/' }, 'url', /Loopback/],
    ['a name resolving to a private address', { url: 'https://intranet.plant.local/' }, 'url', /10\.20\.30\.40.*Private-Use/],
    ['cloud metadata', { url: 'https://169.254.169.254/' }, 'url', /Link Local/],
    ['a name that does not resolve', { url: 'https://nowhere.example.com/' }, 'url', /does not resolve/],
    ['an unknown event type', { url: 'https://hooks.example.com/', event_types: ['sync.done'] }, 'event_types', /./],
    ['no event types', { url: 'https://hooks.example.com/', event_types: [] }, 'event_types', /./],
    ['event_types "everything"', { url: 'https://hooks.example.com/', event_types: 'everything' }, 'event_types', /./],
    ['an unknown connection', { url: 'https://hooks.example.com/', connection_ids: ['con_1', 'con_9'] }, 'connection_ids.1', /con_9/],
    ['an unknown key', { url: 'https://hooks.example.com/', secret: 'whsec_mine' }, '', /secret/],
    ['enabled as a string', { url: 'https://hooks.example.com/', enabled: 'yes' }, 'enabled', /./],
  ];
  for (const [name, input, field, message] of bad) {
    it(`refuses ${name}`, async () => {
      const { service } = setup({ vault: memoryVault() });
      // What the admin edge does: parse with the operation's schema, then call the service.
      const e = await refusal(async () => service.createEndpoint(parseOrFail(CreateWebhookInput, input)));
      expect(e.code).toBe('invalid_request');
      if (field) expect(e.details.field).toBe(field);
      expect(e.message).toMatch(message);
      expect(service.listEndpoints()).toEqual([]);
    });
  }

  it('accepts an internal address on the allow-list, and http when insecure URLs are allowed', async () => {
    const { service } = setup({ vault: memoryVault(), allowInsecure: true, allowedCidrs: ['10.20.0.0/16'] });
    const { endpoint } = await service.createEndpoint({ url: 'http://intranet.plant.local:8080/hook' });
    expect(endpoint.url).toBe('http://intranet.plant.local:8080/hook');
    expect((await refusal(service.createEndpoint({ url: 'http://127.0.0.1:7871/' }))).message).toMatch(/agent's own port/);
    expect((await refusal(service.createEndpoint({ url: 'http://127.0.0.1:9000/' }))).message).toMatch(/Loopback/);
  });

  it('creates an endpoint whose secret is shown once and lives only in the keychain', async () => {
    const { service, vault, dir, db } = setup();
    const { endpoint, secret } = await service.createEndpoint({ url: 'https://hooks.example.com/mw', event_types: ['sync.completed'], description: 'ERP' });
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^whk_/), url: 'https://hooks.example.com/mw', event_types: ['sync.completed'], connection_ids: 'all', entities: 'all',
      enabled: true, created_at: expect.any(String), failing_since: null, disabled_reason: null, description: 'ERP',
    });
    expect(secret).toMatch(/^whsec_/);
    expect(await vault.get(secretAccounts.current(endpoint.id))).toBe(secret);
    expect(service.listEndpoints()).toEqual([endpoint]);
    expect(JSON.stringify(service.listEndpoints())).not.toContain(secret);
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f)).includes(secret.slice(6))).toBe(false);
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(new VaultJournal(db).pending()).toEqual([]);
    expect(await service.signingSecrets(endpoint.id)).toEqual([secret]);
    await service.deleteEndpoint(endpoint.id);
  });

  it('rotates: the new secret is returned, both sign for 24 h, then the previous one is dropped', async () => {
    const { service, vault, clock } = setup();
    const { endpoint, secret: old } = await service.createEndpoint({ url: 'https://hooks.example.com/mw' });
    const r = await service.updateEndpoint(endpoint.id, { rotate_secret: true });
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(old);
    expect(await service.signingSecrets(endpoint.id)).toEqual([r.secret, old]);
    clock.advance(ROTATION_OVERLAP_MS - 1000);
    expect(await service.signingSecrets(endpoint.id)).toEqual([r.secret, old]);
    clock.advance(2000);
    expect(await service.signingSecrets(endpoint.id)).toEqual([r.secret]);
    await expect.poll(() => vault.get(secretAccounts.previous(endpoint.id))).toBeNull();
    const plain = await service.updateEndpoint(endpoint.id, { description: 'x' });
    expect(plain.secret).toBeUndefined();
    await service.deleteEndpoint(endpoint.id);
  });

  it('updates filters; disabling fails pending deliveries, enabling clears the failure flags', async () => {
    const { service, db } = setup({ vault: memoryVault() });
    const { endpoint } = await service.createEndpoint({ url: 'https://hooks.example.com/mw' });
    service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} });
    db.prepare("UPDATE webhook_endpoints SET failing_since = '2026-01-01T00:00:00.000Z', failure_streak_since = 1 WHERE id = ?").run(endpoint.id);
    const off = await service.updateEndpoint(endpoint.id, { enabled: false, event_types: ['system.error'], connection_ids: ['con_2'] });
    expect(off.endpoint).toMatchObject({ enabled: false, event_types: ['system.error'], connection_ids: ['con_2'] });
    expect(service.listDeliveries({ webhook_id: endpoint.id }).map((d) => d.status)).toEqual(['failed']);
    const on = await service.updateEndpoint(endpoint.id, { enabled: true });
    expect(on.endpoint).toMatchObject({ enabled: true, failing_since: null, disabled_reason: null });
    expect((await refusal(service.updateEndpoint(endpoint.id, { url: 'https://10.0.0.1/' }))).details.field).toBe('url');
    expect((await refusal(async () => service.updateEndpoint(endpoint.id, parseOrFail(UpdateWebhookInput, { colour: 'red' })))).code).toBe('invalid_request');
    expect((await refusal(service.updateEndpoint('whk_nope', {}))).code).toBe('not_found');
  });

  it('deletes the endpoint, its secret, its flows and pending deliveries, keeping delivery history', async () => {
    const { service, vault, db } = setup();
    const { endpoint } = await service.createEndpoint({ url: 'https://hooks.example.com/mw' });
    await service.updateEndpoint(endpoint.id, { rotate_secret: true });
    service.createFlow(CreateFlowInput.parse({ connection_id: 'con_1', entity: 'assets', webhook_id: endpoint.id }));
    service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} });
    service.enqueue({ type: 'sync.failed', connection_id: 'con_1', data: {} });
    const [, first] = service.listDeliveries({ webhook_id: endpoint.id });
    db.prepare("UPDATE webhook_outbox SET status = 'delivered' WHERE id = ?").run(first.id);
    await service.deleteEndpoint(endpoint.id);
    expect(service.listEndpoints()).toEqual([]);
    expect(service.listFlows()).toEqual([]);
    expect(service.listDeliveries({ webhook_id: endpoint.id }).map((d) => d.status)).toEqual(['delivered']);
    expect(await vault.get(secretAccounts.current(endpoint.id))).toBeNull();
    expect(await vault.get(secretAccounts.previous(endpoint.id))).toBeNull();
    expect(new VaultJournal(db).pending()).toEqual([]);
    expect((await refusal(service.deleteEndpoint(endpoint.id))).code).toBe('not_found');
  });

  it('repairs at start-up what a crash left: orphaned secrets deleted, an interrupted rotation finished', async () => {
    const { service, vault, db } = setup();
    const journal = new VaultJournal(db);
    // a create that died after writing the secret, before the row
    journal.open('whk_Orphan1', [secretAccounts.current('whk_Orphan1')]);
    await vault.set(secretAccounts.current('whk_Orphan1'), 'whsec_orphan');
    // a rotation that died after SQLite switched to the new hash, before the keychain swap
    const { endpoint, secret: old } = await service.createEndpoint({ url: 'https://hooks.example.com/mw' });
    const next = `whsec_${crypto.randomBytes(32).toString('base64')}`;
    journal.open(endpoint.id, [secretAccounts.next(endpoint.id), secretAccounts.previous(endpoint.id)]);
    await vault.set(secretAccounts.next(endpoint.id), next);
    await vault.set(secretAccounts.previous(endpoint.id), old);
    db.prepare('UPDATE webhook_endpoints SET secret_hash = ?, previous_secret_until = ? WHERE id = ?').run(secretHash(next), Date.now() + ROTATION_OVERLAP_MS, endpoint.id);
    // a connection's journal row is not the webhook service's business
    journal.open('con_Other', ['connection/con_Other/token']);
    expect(await service.signingSecrets(endpoint.id)).toEqual([next, old]); // works even before repair
    expect(await service.reconcile()).toEqual({ removed: 1, promoted: 1 });
    expect(await vault.get(secretAccounts.current('whk_Orphan1'))).toBeNull();
    expect(await vault.get(secretAccounts.current(endpoint.id))).toBe(next);
    expect(await vault.get(secretAccounts.next(endpoint.id))).toBeNull();
    expect(await vault.get(secretAccounts.previous(endpoint.id))).toBe(old);
    expect(journal.pending().map((p) => p.owner_id)).toEqual(['con_Other']);
    await service.deleteEndpoint(endpoint.id);
  });
});

describe('the outbox', () => {
  it('queues one delivery per enabled endpoint subscribed to the type and connection', async () => {
    const { service, payload } = setup({ vault: memoryVault() });
    const all = (await service.createEndpoint({ url: 'https://hooks.example.com/all' })).endpoint;
    const syncs = (await service.createEndpoint({ url: 'https://hooks.example.com/syncs', event_types: ['sync.completed', 'sync.failed'] })).endpoint;
    const con2 = (await service.createEndpoint({ url: 'https://hooks.example.com/con2', connection_ids: ['con_2'] })).endpoint;
    await service.createEndpoint({ url: 'https://hooks.example.com/off', enabled: false });
    const r = service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { counts: { assets: { created: 1 } } } });
    expect(r).toEqual({ event_id: expect.stringMatching(/^evt_/), deliveries: 2 });
    expect(service.enqueue({ type: 'system.error', connection_id: 'con_2', data: {} }).deliveries).toBe(2); // all + con2
    expect(service.enqueue({ type: 'system.error', connection_id: null, data: {} }).deliveries).toBe(1); // only "all connections"
    expect(service.enqueue({ type: 'flow.triggered', connection_id: 'con_1', data: {} }).deliveries).toBe(0); // flows address their endpoint
    expect(() => service.enqueue({ type: 'nope' as never, connection_id: null, data: {} })).toThrow(MillwrightError);
    const deliveries = service.listDeliveries({});
    expect(deliveries).toHaveLength(5);
    expect(service.listDeliveries({ webhook_id: syncs.id }).map((d) => d.type)).toEqual(['sync.completed']);
    expect(service.listDeliveries({ webhook_id: con2.id }).map((d) => d.type)).toEqual(['system.error']);
    const [first] = service.listDeliveries({ webhook_id: all.id }).slice(-1);
    const body = payload(first.id);
    expect(WebhookEvent.parse(body)).toEqual(body);
    expect(body).toEqual({ id: r.event_id, type: 'sync.completed', timestamp: expect.any(String), connection_id: 'con_1', data: { counts: { assets: { created: 1 } } } });
    expect(first).toMatchObject({ status: 'pending', attempts: [], next_attempt_at: expect.any(String), event_id: r.event_id });
    expect(service.listDeliveries({ status: 'delivered' })).toEqual([]);
    expect(service.listDeliveries({ limit: 2 })).toHaveLength(2);
  });

  it('writes in the caller\'s transaction: rolled back with it, committed with it', async () => {
    const { service, db } = setup({ vault: memoryVault() });
    await service.createEndpoint({ url: 'https://hooks.example.com/all' });
    expect(() => db.transaction(() => {
      service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} });
      throw new Error('the state change failed');
    })()).toThrow('the state change failed');
    expect(service.listDeliveries({})).toEqual([]);
    db.transaction(() => { service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} }); })();
    expect(service.listDeliveries({})).toHaveLength(1);
  });

  it('attaches to the bus: webhook-type events are queued synchronously, inside the emitter\'s transaction', async () => {
    const { service, db } = setup({ vault: memoryVault() });
    await service.createEndpoint({ url: 'https://hooks.example.com/all' });
    const bus = new EventBus();
    let woken = 0;
    service.onEnqueued = () => woken++;
    const detach = service.attach(bus);
    expect(() => db.transaction(() => {
      bus.emit('connection.status_changed', { connection_id: 'con_1', from: { status: 'active', health: 'online' }, to: { status: 'active', health: 'offline' }, reason: null });
      throw new Error('rollback');
    })()).toThrow('rollback');
    expect(service.listDeliveries({})).toEqual([]);
    bus.emit('connection.status_changed', { connection_id: 'con_1', from: { status: 'active', health: 'online' }, to: { status: 'active', health: 'offline' }, reason: 'x' });
    bus.emit('sync.progress', { connection_id: 'con_1', sync_id: 's', entity: 'assets', records: 1 });
    bus.emit('credits.changed', { used: 1, pool: 2, available: 1 });
    const [d] = service.listDeliveries({});
    expect(service.listDeliveries({})).toHaveLength(1);
    expect(JSON.parse(db.prepare('SELECT payload FROM webhook_outbox WHERE id = ?').pluck().get(d.id) as string)).toMatchObject({
      type: 'connection.status_changed', connection_id: 'con_1', data: { from: { health: 'online' }, to: { health: 'offline' }, reason: 'x' },
    });
    expect(woken).toBeGreaterThan(0);
    detach();
  });

  it('redelivers an event as a new delivery with the same event id and body', async () => {
    const { service, payload } = setup({ vault: memoryVault() });
    const { endpoint } = await service.createEndpoint({ url: 'https://hooks.example.com/all' });
    service.enqueue({ type: 'sync.failed', connection_id: 'con_1', data: { error: { code: 'x', message: 'y' } } });
    const [d] = service.listDeliveries({});
    const again = service.redeliver(d.id);
    expect(again.id).not.toBe(d.id);
    expect(again).toMatchObject({ event_id: d.event_id, webhook_id: endpoint.id, type: 'sync.failed', status: 'pending', attempts: [] });
    expect(payload(again.id)).toEqual(payload(d.id));
    expect((await refusal(() => service.redeliver('dlv_nope'))).code).toBe('not_found');
    await service.updateEndpoint(endpoint.id, { enabled: false });
    expect((await refusal(() => service.redeliver(d.id))).code).toBe('conflict');
  });

  it('sends a realistic test event of every type to one endpoint', async () => {
    const { service, payload } = setup({ vault: memoryVault() });
    const { endpoint } = await service.createEndpoint({ url: 'https://hooks.example.com/all', event_types: ['system.error'] });
    const other = (await service.createEndpoint({ url: 'https://hooks.example.com/other' })).endpoint;
    for (const type of WEBHOOK_EVENT_TYPES) {
      const d = service.sendTest(endpoint.id, type);
      expect(d).toMatchObject({ webhook_id: endpoint.id, type, status: 'pending' });
      const body = WebhookEvent.parse(payload(d.id));
      expect(body.type).toBe(type);
      expect(Object.keys(body.data).length).toBeGreaterThan(1);
    }
    expect(service.listDeliveries({ webhook_id: other.id })).toEqual([]);
    expect((await refusal(() => service.sendTest(endpoint.id, parseOrFail(WebhookEventType, 'sync.done', 'type')))).details.field).toBe('type');
    expect((await refusal(() => service.sendTest('whk_nope', 'system.error'))).code).toBe('not_found');
  });
});
