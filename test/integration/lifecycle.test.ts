import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestAgent } from '../support/agent.js';
import { creds, fakeSystem } from '../support/fake-system.js';
import type { Agent } from '../../src-main/agent.js';
import type { AdminApi } from '../../src-main/contract/admin.js';
import type { AgentEvent } from '../../src-main/events/bus.js';
import { accounts } from '../../src-main/vault/vault.js';

let agent: Agent;
let api: AdminApi;
const events: AgentEvent[] = [];
beforeAll(async () => {
  ({ agent, api } = await openTestAgent());
  agent.bus.subscribe((e) => events.push(e));
});
afterAll(() => agent.close());

describe('connection lifecycle', () => {
  it('keeps credentials and the token in the keychain, only the hash in SQLite', async () => {
    const r = await api.connect({ system: 'test-tier1', name: 'Line 1', credentials: creds(), user_metadata: { site: 'north' } });
    const id = r.connection.id;
    expect(id).toMatch(/^con_/);
    expect(JSON.parse((await agent.vault.get(accounts.connectionCredentials(id)))!)).toEqual(creds());
    expect(await agent.vault.get(accounts.connectionToken(id))).toBe(r.token);
    const row = agent.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as Record<string, string>;
    expect(Object.values(row).join('|')).not.toContain(r.token);
    expect(Object.values(row).join('|')).not.toContain('right');
    expect(r.connection.user_metadata).toEqual({ site: 'north' });
    expect(r.connection).toMatchObject({ status: 'active', health: 'online', deployment: 'cloud', last_sync_at: null });
  });

  it('goes auth_required when the system rejects the credentials, keeps its credits, and refuses its token', async () => {
    const r = await api.connect({ system: 'test-tier2', name: 'Maximo-ish', credentials: creds() });
    const used = (await api.credits({})).used;
    agent.connections.markAuthRequired(r.connection.id, 'The system rejected the stored credentials');
    const c = await api.getConnection({ id: r.connection.id });
    expect(c.status).toBe('auth_required');
    expect(c.status_reason).toMatch(/rejected/);
    expect((await api.credits({})).used).toBe(used);
    expect(events.some((e) => e.type === 'connection.auth_required' && (e.data as { connection_id: string }).connection_id === r.connection.id)).toBe(true);
    expect(events.some((e) => e.type === 'connection.status_changed' && (e.data as { connection_id: string }).connection_id === r.connection.id
      && (e.data as { to: { status: string } }).to.status === 'auth_required')).toBe(true);
  });

  it('reconnect verifies new credentials, issues a new token, revokes the old one, charges nothing', async () => {
    const r = await api.connect({ system: 'test-tier3', name: 'S4', deployment: 'on_prem', credentials: creds() });
    const id = r.connection.id;
    agent.connections.markAuthRequired(id, 'expired');
    fakeSystem.password = 'rotated';
    try {
      await expect(api.reconnect({ id, credentials: creds('right') })).rejects.toMatchObject({ code: 'invalid_credentials' });
      expect((await api.getConnection({ id })).status).toBe('auth_required');
      expect(agent.connections.authenticate(r.token)?.id).toBe(id); // unchanged until a reconnect succeeds
      const used = (await api.credits({})).used;
      const again = await api.reconnect({ id, credentials: creds('rotated') });
      expect(again.connection.status).toBe('active');
      expect(again.token).not.toBe(r.token);
      expect(agent.connections.authenticate(r.token)).toBeNull();
      expect(agent.connections.authenticate(again.token)?.id).toBe(id);
      expect((await api.credits({})).used).toBe(used);
      expect(JSON.parse((await agent.vault.get(accounts.connectionCredentials(id)))!).password).toBe('rotated');
    } finally {
      fakeSystem.password = 'right';
    }
  });

  it('disconnect deletes the row and every keychain entry, and revokes the token', async () => {
    const r = await api.connect({ system: 'test-tier1', name: 'tmp', credentials: creds() });
    const id = r.connection.id;
    await api.disconnect({ id });
    expect(agent.connections.authenticate(r.token)).toBeNull();
    expect((await agent.vault.accounts()).filter((a) => a.includes(id))).toEqual([]);
    await expect(api.getConnection({ id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.disconnect({ id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an unreachable system at connect time stores nothing and says so', async () => {
    fakeSystem.down = true;
    try {
      const before = (await agent.vault.accounts()).length;
      await expect(api.connect({ system: 'test-tier1', name: 'x', credentials: creds() })).rejects.toMatchObject({ code: 'unreachable' });
      expect((await agent.vault.accounts()).length).toBe(before);
    } finally { fakeSystem.down = false; }
  });

  it('refuses http:// URLs unless allowed, and URLs with credentials', async () => {
    await expect(api.connect({ system: 'test-tier1', name: 'x', base_url: 'http://s4.plant.local', credentials: creds() })).rejects.toMatchObject({ details: { field: 'base_url' } });
    await expect(api.connect({ system: 'test-tier1', name: 'x', base_url: 'https://u:p@s4.plant.local', credentials: creds() })).rejects.toMatchObject({ details: { field: 'base_url' } });
    await expect(api.connect({ system: 'test-tier1', name: 'x', base_url: 'not a url', credentials: creds() })).rejects.toMatchObject({ details: { field: 'base_url' } });
  });

  it('repairs an interrupted token rotation at start-up', async () => {
    const r = await api.connect({ system: 'test-tier1', name: 'rot', credentials: creds() });
    const id = r.connection.id;
    // Simulate a crash after the new token was parked and the hash switched, before the swap finished.
    const { generateToken, hashToken } = await import('../../src-main/connections/tokens.js');
    const next = generateToken();
    agent.db.prepare("INSERT INTO vault_journal (account, owner_id, at) VALUES (?, ?, 'now')").run(`${accounts.connectionToken(id)}-next`, id);
    await agent.vault.set(`${accounts.connectionToken(id)}-next`, next);
    agent.connections.repo.setTokenHash(id, hashToken(next));
    await agent.connections.reconcile();
    expect((await api.revealToken({ id })).token).toBe(next);
    expect((await agent.vault.accounts()).some((a) => a.endsWith('-next'))).toBe(false);
  });
});

describe('keychain journal', () => {
  it('removes the secrets of a connect cut short before its row was written', async () => {
    agent.db.prepare("INSERT INTO vault_journal (account, owner_id, at) VALUES (?, 'con_ghost', 'now')").run(accounts.connectionToken('con_ghost'));
    await agent.vault.set(accounts.connectionToken('con_ghost'), 'mwk_ghost');
    expect(await agent.connections.reconcile()).toMatchObject({ removed: 1 });
    expect(await agent.vault.get(accounts.connectionToken('con_ghost'))).toBeNull();
    expect(agent.db.prepare('SELECT count(*) FROM vault_journal').pluck().get()).toBe(0);
  });
});
