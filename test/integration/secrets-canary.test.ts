// A canary password and every issued token must never appear in the SQLite
// file (and its WAL), the logs, or any admin response other than connect,
// reconnect and token reveal/rotate.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { readTree } from '../support/tmp.js';
import { fakeSystem } from '../support/fake-system.js';

const CANARY = 'canary-P4ssw0rd-7f3a9c';
let t: Awaited<ReturnType<typeof startTestHost>>;
const responses: string[] = [];
const tokens: string[] = [];

beforeAll(async () => {
  fakeSystem.password = CANARY;
  t = await startTestHost();
  const call = async (m: string, p: string, b?: unknown) => { const r = await t.admin(m, p, b); responses.push(r.text); return r; };
  const c = await t.admin('POST', '/admin/v1/connections', { system: 'test-tier2', deployment: 'on_prem', name: 'Canary', credentials: { username: 'svc', password: CANARY } });
  tokens.push(c.body.token);
  const id = c.body.connection.id;
  // A failed connect with the canary as password must not leak it in the error either.
  await call('POST', '/admin/v1/connections', { system: 'test-tier1', name: 'bad', credentials: { username: 'svc', password: `${CANARY}-wrong` } });
  const rot = await t.admin('POST', `/admin/v1/connections/${id}/token/rotate`);
  tokens.push(rot.body.token);
  t.host.agent.connections.markAuthRequired(id, 'expired');
  await call('GET', '/admin/v1/connections');
  await call('GET', `/admin/v1/connections/${id}`);
  await call('GET', '/admin/v1/credits');
  await call('GET', '/admin/v1/settings');
  await call('GET', '/admin/v1/systems');
  await call('POST', `/admin/v1/connections/${id}/deactivate`);
  t.host.agent.db.pragma('wal_checkpoint(PASSIVE)');
});

describe('no secret outside the keychain', () => {
  it('the canary password and the tokens are in the keychain', async () => {
    const all = await Promise.all((await t.host.agent.vault.accounts()).map((a) => t.host.agent.vault.get(a)));
    expect(all.join('\n')).toContain(CANARY);
    expect(all).toContain(tokens[1]);
  });

  it('nothing in the data dir (SQLite, WAL, logs, agent.json) holds them', () => {
    const files = readTree(t.dataDir);
    expect(files.some((f) => f.file.endsWith('.db'))).toBe(true);
    expect(files.some((f) => f.file.endsWith('agent.log'))).toBe(true);
    for (const { file, data } of files) {
      for (const secret of [CANARY, ...tokens, ...tokens.map((x) => x.slice(4))]) {
        expect(data.includes(Buffer.from(secret)), `${secret.slice(0, 8)}… found in ${file}`).toBe(false);
      }
    }
  });

  it('no admin response other than connect/reveal/rotate holds them', () => {
    for (const body of responses) for (const secret of [CANARY, ...tokens]) expect(body).not.toContain(secret);
  });
});
