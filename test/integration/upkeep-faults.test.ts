// UpKeep through the real agent when things go wrong: expired sessions (renewed
// silently), rotated passwords (auth_required, no hammering, reconnect), the
// shared fault switches, and an outage in the middle of a 10,000 work-order sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpKeepEmulator, type UpKeepEmulator } from '../emulators/upkeep/index.js';
import { allRecords, connectAndSync, openUpKeepAgent, syncNow, type Harness } from '../emulators/upkeep/harness.js';
import { waitUntil } from '../support/wait.js';

let h: Harness;
let emu: UpKeepEmulator;
let id: string;

beforeAll(async () => {
  h = await openUpKeepAgent({ pageSize: 50 });
  emu = await startUpKeepEmulator({ seed: 11 });
  id = (await connectAndSync(h, emu)).id;
});
afterAll(async () => {
  await h.agent.close();
  await emu.close();
});

// Polls every 2 ms: the fault tests count requests made in quick succession.
const waitFor = (cond: () => boolean) => waitUntil(cond, 10_000, 2);

describe('sessions', () => {
  it('a session that expired before the sync is renewed silently: one extra login, the sync completes', async () => {
    emu.commands.changeRecords({ entity: 'work-orders', count: 3 });
    const logins = emu.stats.logins;
    emu.commands.expireSessions({});
    const run = await syncNow(h, id);
    expect(run).toMatchObject({ status: 'completed', mode: 'incremental' });
    expect(run.counts['work-orders']?.updated).toBe(3);
    expect(emu.stats.logins).toBe(logins + 1);
    expect(emu.stats.failedLogins).toBe(0);
    expect(h.agent.connections.get(id)).toMatchObject({ status: 'active', health: 'online' });
  });

  it('a session that expires in the middle of a sync is renewed silently too', async () => {
    emu.faults.slowMs = 15;
    const logins = emu.stats.logins;
    const requests = emu.stats.requests;
    h.agent.sync.start(id, { full: true });
    await waitFor(() => emu.stats.requests >= requests + 4);
    emu.commands.expireSessions({});
    const run = (await h.agent.sync.whenDone(id))!;
    emu.faults.slowMs = 0;
    expect(run).toMatchObject({ status: 'completed', mode: 'full' });
    expect(emu.stats.logins).toBe(logins + 1);
    expect(h.agent.connections.get(id).status).toBe('active');
  });

  it('the session is reused between syncs (no login per sync) and never stored', async () => {
    const logins = emu.stats.logins;
    await syncNow(h, id);
    await syncNow(h, id);
    expect(emu.stats.logins).toBe(logins);
    const dump = h.agent.db.prepare("SELECT group_concat(data || remote_data, '') FROM records").pluck().get() as string;
    const settings = JSON.stringify(h.agent.db.prepare('SELECT * FROM connections').all());
    expect(dump + settings).not.toMatch(/r:[0-9a-f]{32}/);
    expect(dump + settings).not.toContain(emu.credentials.password);
  });
});

describe('faults', () => {
  it('429 with Retry-After is waited out and the sync completes', async () => {
    h.sleeps.length = 0;
    emu.faults.rateLimit = { count: 2, retryAfterSeconds: 7 };
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    expect(h.sleeps).toEqual([7000, 7000]);
  });

  it('503 is retried and the sync completes', async () => {
    h.sleeps.length = 0;
    emu.faults.fail = { count: 2, status: 503 };
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    expect(h.sleeps).toHaveLength(2);
  });

  it('500 fails the sync with a clear error (the other entities still sync), and the next sync resumes', async () => {
    emu.commands.changeRecords({ entity: 'work-orders', count: 4 });
    emu.faults.fail = { count: 1, status: 500 };
    const failed = await syncNow(h, id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'system_error' });
    expect(failed.error!.message).toMatch(/HTTP 500/);
    expect(h.agent.connections.get(id).status).toBe('active');
    const next = await syncNow(h, id);
    expect(next).toMatchObject({ status: 'completed', mode: 'incremental' });
    expect((failed.counts['work-orders']?.updated ?? 0) + (next.counts['work-orders']?.updated ?? 0)).toBe(4);
  });

  it('a malformed record is skipped and reported while the others sync', async () => {
    const changed = emu.commands.changeRecords({ entity: 'work-orders', count: 5 }) as { ids: string[] };
    const before = h.events.length;
    emu.faults.malformedNext = 1;
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    const failed = Object.values(run.counts).reduce((s, c) => s + (c?.failed ?? 0), 0);
    expect(failed).toBe(1);
    const rejected = h.events.slice(before).filter((e) => e.type === 'system.error' && (e.data as { code: string }).code === 'record_rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0].data as { message: string }).message).toMatch(/createdAt|title|name/);
    expect(run.counts['work-orders']?.updated).toBe(changed.ids.length);
  });

  it('a truncated answer fails the sync cleanly, and the next sync completes', async () => {
    emu.commands.changeRecords({ entity: 'locations', count: 2 });
    emu.faults.truncateNext = 1;
    const failed = await syncNow(h, id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toMatch(/system_unreachable|system_error/);
    const next = await syncNow(h, id);
    expect(next.status).toBe('completed');
    expect(next.counts.locations?.updated).toBe(2);
  });

  it('slow answers still work', async () => {
    emu.faults.slowMs = 40;
    emu.commands.changeRecords({ entity: 'assets', count: 2 });
    const run = await syncNow(h, id);
    emu.faults.slowMs = 0;
    expect(run.status).toBe('completed');
    expect(run.counts.assets?.updated).toBe(2);
  });
});

describe('credentials rotated in UpKeep', () => {
  it('the next sync fails with auth_required after ONE failed login, and nothing hammers the system', async () => {
    const oldPassword = emu.credentials.password;
    const rotated = emu.commands.rotateCredentials({}) as { email: string; password: string };
    expect(rotated.password).not.toBe(oldPassword);
    const failedLogins = emu.stats.failedLogins;
    const before = h.events.length;
    const run = await syncNow(h, id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('auth_failed');
    expect(emu.stats.failedLogins).toBe(failedLogins + 1);
    const conn = h.agent.connections.get(id);
    expect(conn.status).toBe('auth_required');
    expect(h.events.slice(before).some((e) => e.type === 'connection.auth_required' && (e.data as { connection_id: string }).connection_id === id)).toBe(true);
    expect(JSON.stringify(h.events.slice(before))).not.toContain(oldPassword);

    const requests = emu.stats.requests;
    expect(() => h.agent.sync.start(id)).toThrow(/reconnect/);
    expect(emu.stats.requests).toBe(requests);
  });

  it('reconnect with the new credentials: active, a new token, and the next sync is incremental', async () => {
    const oldToken = (await h.api.revealToken({ id })).token;
    await expect(h.api.reconnect({ id, credentials: { email: emu.credentials.email, password: 'still-wrong' } })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(h.agent.connections.get(id).status).toBe('auth_required');
    emu.commands.changeRecords({ entity: 'work-orders', count: 2 });
    const r = await h.api.reconnect({ id, credentials: emu.credentials });
    expect(r.connection.status).toBe('active');
    expect(r.token).not.toBe(oldToken);
    expect(h.agent.connections.authenticate(oldToken)).toBeNull();
    const run = (await h.agent.sync.whenDone(id))!;
    expect(run).toMatchObject({ status: 'completed', mode: 'incremental' });
    expect(run.counts['work-orders']?.updated).toBe(2);
  });
});

describe('outage in the middle of a large sync', () => {
  it('10,000 work orders: down after a few pages, resume after up, no gaps and no duplicates', async () => {
    const big = await startUpKeepEmulator({ seed: 99, size: { workOrders: 10_000 } });
    const h2 = await openUpKeepAgent({ pageSize: 100 });
    try {
      const r = await h2.api.connect({ system: 'upkeep', name: 'Big', base_url: big.url, credentials: big.credentials, options: { allow_insecure: true } });
      const cid = r.connection.id;
      await waitFor(() => (big.stats.byRoute['GET /work-orders'] ?? 0) >= 5);
      await big.down();
      const failed = (await h2.agent.sync.whenDone(cid))!;
      expect(failed.status).toBe('failed');
      expect(failed.error?.code).toBe('system_unreachable');
      expect(h2.agent.connections.get(cid).health).toBe('offline');
      const partial = h2.agent.records.countsByEntity(cid)['work-orders'] ?? 0;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(10_000);

      await big.up();
      const resumed = await syncNow(h2, cid);
      expect(resumed.status).toBe('completed');
      expect(resumed.counts['work-orders']?.created).toBe(10_000 - partial);
      const stored = allRecords(h2, cid, 'work-orders', true).map((x) => x.remote_id as string);
      expect(stored).toHaveLength(10_000);
      expect(new Set(stored)).toEqual(new Set(big.stores['work-orders'].liveIds()));
      expect(h2.agent.connections.get(cid).health).toBe('online');
    } finally {
      await h2.agent.close();
      await big.close();
    }
  });
});
