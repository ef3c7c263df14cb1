// Reconnect asks only for what changed: the admin API hands the form the stored
// non-secret credential fields (user, e-mail, …) and which credential set they
// belong to — never a secret — and a reconnect with only the new secret keeps them.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { fakeSystem } from '../support/fake-system.js';
import { accounts } from '../../src-main/vault/vault.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
beforeAll(async () => { t = await startTestHost(); });

describe('stored credential fields for the reconnect form', () => {
  it('gives the non-secret fields of the stored set, never the secret', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { system: 'test-tier2', name: 'Fields', credentials: { username: 'svc-plant7', password: 'right' } });
    const id = c.body.connection.id;
    const r = await t.admin('GET', `/admin/v1/connections/${id}/credential-fields`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ set_index: 0, values: { username: 'svc-plant7' } });
    expect(r.text).not.toContain('right');

    fakeSystem.password = 'rotated';
    try {
      t.host.agent.connections.markAuthRequired(id, 'rejected');
      const again = await t.admin('POST', `/admin/v1/connections/${id}/reconnect`, { credentials: { password: 'rotated' } });
      expect(again.status, again.text).toBe(200);
      expect(JSON.parse((await t.host.agent.vault.get(accounts.connectionCredentials(id)))!)).toEqual({ username: 'svc-plant7', password: 'rotated' });
    } finally {
      fakeSystem.password = 'right';
    }
  });

  it('a system without credentials has none; an unknown connection is 404', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'No fields' });
    expect((await t.admin('GET', `/admin/v1/connections/${c.body.connection.id}/credential-fields`)).body).toEqual({ set_index: 0, values: {} });
    expect((await t.admin('GET', '/admin/v1/connections/con_nope/credential-fields')).status).toBe(404);
  });
});
