// Backup on agent A, restore on a fresh agent B (another data dir, so another
// keychain namespace), over the admin HTTP API: B's keychain gets the secrets,
// A's connection token works on B's unified API, and a webhook B delivers
// verifies with A's signing secret (the standardwebhooks library). A wrong
// passphrase, a damaged or foreign file, and a file from a newer Millwright are
// refused with clear errors and change nothing; restoring over existing
// connections needs force. The credit invariant holds throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startAgentHost, type AgentHost } from '../../src-main/host/agent-host.js';
import { accounts } from '../../src-main/vault/vault.js';
import { VERSION } from '../../src-main/version.js';
import { creditInvariant } from '../support/agent.js';
import { allTestSystems, fakeSystem, testKeychainService } from '../support/fake-system.js';
import { startReceiver } from './fixtures/webhooks-support.js';
import { tempDir } from '../support/tmp.js';
import { waitUntil } from '../support/wait.js';

const PASSPHRASE = 'correct horse battery staple';
const SYSTEM_PASSWORD = 'canary-Backup-Pw-2f81c7';

let a: AgentHost;
let b: AgentHost;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const from = { tokens: {} as Record<string, string>, webhookId: '', webhookSecret: '', flowId: '' };
let backup: Buffer;

async function call(h: AgentHost, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const binary = body instanceof Uint8Array;
  const res = await fetch(`${h.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${h.adminToken}`, ...(body === undefined ? {} : { 'content-type': binary ? 'application/octet-stream' : 'application/json' }), ...headers },
    body: body === undefined ? undefined : binary ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads answers loosely
  let json: Record<string, any> = {};
  try { json = JSON.parse(bytes.toString()); } catch { /* a file */ }
  return { status: res.status, headers: res.headers, bytes, json };
}
const restore = (h: AgentHost, file: Uint8Array, passphrase: string, query = '') =>
  call(h, 'POST', `/admin/v1/restore${query}`, file, { 'x-passphrase': passphrase });
const unified = (h: AgentHost, token: string) => fetch(`${h.apiUrl}/v1/connection`, { headers: { authorization: `Bearer ${token}` } });
const start = (dataDir = tempDir()) => startAgentHost({ dataDir, adminPort: 0, apiPort: 0, agent: { systems: allTestSystems, keychainService: testKeychainService } });

beforeAll(async () => {
  fakeSystem.password = SYSTEM_PASSWORD;
  receiver = await startReceiver();
  a = await start();
  await call(a, 'PATCH', '/admin/v1/settings', { 'credits.pool': 24, 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
  const sandbox = await call(a, 'POST', '/admin/v1/connections', { system: 'sandbox', name: 'Demo plant' });
  const erp = await call(a, 'POST', '/admin/v1/connections', { system: 'test-tier3', deployment: 'on_prem', name: 'ERP', credentials: { username: 'svc', password: SYSTEM_PASSWORD }, user_metadata: { site: 'Riverside' } });
  const cmms = await call(a, 'POST', '/admin/v1/connections', { system: 'test-tier1', deployment: 'cloud', name: 'CMMS', credentials: { username: 'svc', password: SYSTEM_PASSWORD } });
  await call(a, 'POST', `/admin/v1/connections/${cmms.json.connection.id}/deactivate`);
  for (const r of [sandbox, erp, cmms]) from.tokens[r.json.connection.id] = r.json.token;
  const hook = await call(a, 'POST', '/admin/v1/webhooks', { url: receiver.url('/plant'), event_types: ['sync.completed', 'connection.status_changed'] });
  from.webhookId = hook.json.id;
  from.webhookSecret = hook.json.secret;
  const flow = await call(a, 'POST', '/admin/v1/flows', { connection_id: sandbox.json.connection.id, entity: 'purchase-orders', trigger: 'any', webhook_id: from.webhookId, conditions: [{ field: 'status', op: 'eq', value: 'approved' }] });
  from.flowId = flow.json.id;
  b = await start();
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await receiver?.close();
});

describe('backup', () => {
  it('is one encrypted file with no secret readable in it', async () => {
    expect((await call(a, 'POST', '/admin/v1/backup', { passphrase: 'short' })).json).toMatchObject({ error: { code: 'invalid_request', field: 'passphrase' } });
    const r = await call(a, 'POST', '/admin/v1/backup', { passphrase: PASSPHRASE });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="millwright-backup-\d{4}-\d\d-\d\d\.mwbackup"$/);
    backup = r.bytes;
    expect(backup.subarray(0, 8).toString()).toBe('MWBACKUP');
    for (const secret of [SYSTEM_PASSWORD, from.webhookSecret, ...Object.values(from.tokens), 'Demo plant', 'Riverside']) {
      expect(backup.includes(Buffer.from(secret)), secret).toBe(false);
    }
    const header = JSON.parse(backup.subarray(12, 12 + backup.readUInt32BE(8)).toString());
    expect(header).toMatchObject({ format: 1, app_version: VERSION, kdf: { name: 'scrypt', N: 131072, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } });
  });
});

describe('restore into a fresh agent', () => {
  const unchanged = async () => {
    expect((await call(b, 'GET', '/admin/v1/connections')).json.data).toEqual([]);
    expect((await call(b, 'GET', '/admin/v1/webhooks')).json.data).toEqual([]);
    expect((await call(b, 'GET', '/admin/v1/settings')).json['credits.pool']).toBe(16);
    expect(await b.agent.vault.accounts()).toEqual([]);
  };

  it('refuses a wrong passphrase, changing nothing', async () => {
    const r = await restore(b, backup, 'not the passphrase at all');
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ error: { code: 'wrong_passphrase', message: expect.stringContaining('nothing was restored') } });
    await unchanged();
  });

  it('refuses a damaged, cut-off or foreign file, changing nothing', async () => {
    const flipped = Buffer.from(backup);
    flipped[flipped.length - 40] ^= 0x01;
    expect((await restore(b, flipped, PASSPHRASE)).json).toMatchObject({ error: { code: 'invalid_backup', message: expect.stringMatching(/damaged .*changed or cut off/) } });
    expect((await restore(b, backup.subarray(0, backup.length - 100), PASSPHRASE)).json).toMatchObject({ error: { code: 'invalid_backup' } });
    expect((await restore(b, Buffer.from('PK\x03\x04 a zip, not a backup'), PASSPHRASE)).json).toMatchObject({ error: { code: 'invalid_backup', message: expect.stringContaining('not a Millwright backup file') } });
    expect((await restore(b, Buffer.alloc(0), PASSPHRASE)).json).toMatchObject({ error: { code: 'invalid_backup' } });
    // The body must be the file, not JSON.
    expect((await call(b, 'POST', '/admin/v1/restore', { file: 'x' }, { 'x-passphrase': PASSPHRASE })).json).toMatchObject({ error: { code: 'unsupported_media_type' } });
    // …and a JSON operation takes no file.
    expect((await call(b, 'PATCH', '/admin/v1/settings', backup)).json).toMatchObject({ error: { code: 'unsupported_media_type', message: 'Send the body as application/json.' } });
    await unchanged();
  });

  it('refuses a file from a newer Millwright, naming both versions', async () => {
    const len = backup.readUInt32BE(8);
    const header = JSON.parse(backup.subarray(12, 12 + len).toString());
    const newer = Buffer.from(JSON.stringify({ ...header, format: 2, app_version: '3.1.0' }));
    const size = Buffer.alloc(4);
    size.writeUInt32BE(newer.length);
    const file = Buffer.concat([backup.subarray(0, 8), size, newer, backup.subarray(12 + len)]);
    const r = await restore(b, file, PASSPHRASE);
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'backup_too_new' });
    expect((r.json.error as { message: string }).message).toBe(
      `This backup was made by Millwright 3.1.0 (backup format 2); this is Millwright ${VERSION}, which reads backup format 1. Install Millwright 3.1.0 or newer to restore it.`);
    await unchanged();
  });

  it('restores settings, connections with their secrets, webhooks and flows into this machine\'s keychain', async () => {
    const r = await restore(b, backup, PASSPHRASE);
    expect(r.status, r.bytes.toString()).toBe(200);
    expect(r.json).toMatchObject({ restored: { connections: 3, webhooks: 1, flows: 1 }, replaced: { connections: 0 }, warnings: [] });
    const ids = Object.keys(from.tokens);
    expect((await call(b, 'GET', '/admin/v1/connections')).json.data.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual(
      [[ids[0], 'active'], [ids[1], 'active'], [ids[2], 'inactive']]);
    expect((await call(b, 'GET', '/admin/v1/settings')).json).toMatchObject({ 'credits.pool': 24, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
    expect((await call(b, 'GET', '/admin/v1/flows')).json.data[0]).toMatchObject({ id: from.flowId, webhook_id: from.webhookId });
    // B's own keychain namespace holds them now.
    expect(b.agent.vault).not.toBe(a.agent.vault);
    expect(JSON.parse((await b.agent.vault.get(accounts.connectionCredentials(ids[1])))!)).toEqual({ username: 'svc', password: SYSTEM_PASSWORD });
    expect(await b.agent.vault.get(accounts.connectionToken(ids[0]))).toBe(from.tokens[ids[0]]);
    expect(creditInvariant(b.agent)).toMatchObject({ used: 8, held: 8, available: 16 });
    const ledger = (await call(b, 'GET', '/admin/v1/credits')).json.ledger as { kind: string; reason: string }[];
    expect(ledger[0]).toMatchObject({ kind: 'consume', reason: expect.stringContaining('restored from a backup') });
  });

  it('keeps the old token working on B\'s unified API, and B\'s reconnect uses the restored credentials', async () => {
    const [sandbox, erp] = Object.keys(from.tokens);
    const res = await unified(b, from.tokens[sandbox]);
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe(sandbox);
    expect((await unified(b, from.tokens[erp])).status).toBe(200);
    const rec = await call(b, 'POST', `/admin/v1/connections/${erp}/reconnect`, {}); // verified with the stored (restored) password
    expect(rec.status, rec.bytes.toString()).toBe(200);
  });

  it('signs B\'s webhook deliveries with A\'s secret', async () => {
    const sent = await call(b, 'POST', `/admin/v1/webhooks/${from.webhookId}/test`, { type: 'sync.completed' });
    expect(sent.status).toBe(202);
    await waitUntil(() => receiver.received.some((r) => r.headers['webhook-id'] === sent.json.event_id));
    const got = receiver.received.find((r) => r.headers['webhook-id'] === sent.json.event_id)!;
    const verified = new Webhook(from.webhookSecret).verify(got.body, got.headers as Record<string, string>) as { type: string };
    expect(verified.type).toBe('sync.completed');
  });

  it('refuses to restore over existing connections unless forced, then replaces them', async () => {
    const before = (await call(b, 'GET', '/admin/v1/connections')).json.data;
    const refused = await restore(b, backup, PASSPHRASE);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already has 3 connections, 1 webhook, 1 flow; .*force/) });
    expect((await call(b, 'GET', '/admin/v1/connections')).json.data).toEqual(before);

    const extra = await call(b, 'POST', '/admin/v1/connections', { system: 'test-tier2', deployment: 'cloud', name: 'Only on B', credentials: { username: 'svc', password: SYSTEM_PASSWORD } });
    const forced = await restore(b, backup, PASSPHRASE, '?force=true');
    expect(forced.status, forced.bytes.toString()).toBe(200);
    expect(forced.json).toMatchObject({ replaced: { connections: 4, webhooks: 1, flows: 1 }, restored: { connections: 3 } });
    const after = (await call(b, 'GET', '/admin/v1/connections')).json.data.map((c: { id: string }) => c.id);
    expect(after).toEqual(Object.keys(from.tokens));
    expect((await unified(b, extra.json.token)).status).toBe(401); // replaced: its token is gone
    expect(await b.agent.vault.get(accounts.connectionToken(extra.json.connection.id))).toBeNull();
    expect((await unified(b, from.tokens[after[0]])).status).toBe(200);
    expect(creditInvariant(b.agent)).toMatchObject({ used: 8, held: 8 });
    expect(b.agent.db.prepare('SELECT COUNT(*) FROM vault_journal').pluck().get()).toBe(0);
  });
});
