// IBM Maximo under trouble, through the real agent: rate limits, 5xx, malformed
// and truncated answers, slow answers, rotated and revoked credentials (and the
// reconnect), and a 10,000-work-order sync cut off by an outage that resumes
// without gaps or duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMaximoEmulator, type MaximoEmulator } from '../emulators/ibm-maximo/index.js';
import { connectAndSync, openMaximoAgent, stored, syncNow, type MaximoAgent } from '../emulators/ibm-maximo/agent-helper.js';

const small = { workOrders: 400, purchaseOrders: 20, assets: 30, inventory: 20, vendors: 10, locations: 12 };

describe('fault switches', () => {
  let m: MaximoAgent;
  let emu: MaximoEmulator;
  let id: string;
  const waits: number[] = [];
  beforeAll(async () => {
    m = await openMaximoAgent({ pageSize: 100, sleep: async (ms) => { waits.push(ms); } });
    emu = await startMaximoEmulator({ seed: 3, size: small });
    id = (await connectAndSync(m, emu)).id;
  });
  afterAll(async () => { await m.close(); await emu.close(); });

  it('429 with Retry-After is waited out and the sync completes', async () => {
    emu.commands.changeRecords({ entity: 'work-orders', count: 10 });
    waits.length = 0;
    emu.faults.rateLimit = { count: 2, retryAfterSeconds: 7 };
    const run = await syncNow(m, id);
    expect(run.status).toBe('completed');
    expect(waits).toEqual([7000, 7000]);
    expect(run.counts['work-orders']?.updated).toBe(10);
  });

  it('503 is retried and the sync completes', async () => {
    emu.commands.changeRecords({ entity: 'assets', count: 3 });
    emu.faults.fail = { count: 2, status: 503 };
    const run = await syncNow(m, id);
    expect(run.status).toBe('completed');
    expect(run.counts.assets?.updated).toBe(3);
  });

  it('500 fails the sync with a clear error; the next sync resumes where it stopped', async () => {
    const { changed } = emu.commands.changeRecords({ entity: 'work-orders', count: 250 }) as { changed: string[] };
    let woLists = 0;
    emu.onRequest = (i) => { if (i.os === 'mxapiwodetail' && i.pageno !== null && ++woLists === 2) emu.faults.fail = { count: 1, status: 500 }; };
    const failed = await syncNow(m, id);
    emu.onRequest = null;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'system_error', message: expect.stringContaining('HTTP 500') });
    const firstPart = failed.counts['work-orders']?.updated ?? 0;
    expect(firstPart).toBeGreaterThan(0);
    const next = await syncNow(m, id);
    expect(next.status).toBe('completed');
    expect(firstPart + (next.counts['work-orders']?.updated ?? 0)).toBe(250);
    for (const r of changed) expect((m.agent.records.get(id, 'work-orders', r)!.title as string)).toMatch(/\(rev \d+\)$/);
  });

  it('a malformed member is skipped and reported while the others sync', async () => {
    const { changed } = emu.commands.changeRecords({ entity: 'work-orders', count: 10 }) as { changed: string[] };
    emu.onRequest = (i) => { if (i.os === 'mxapiwodetail' && i.pageno !== null) { emu.faults.malformedNext = 1; emu.onRequest = null; } };
    const before = m.events.length;
    const run = await syncNow(m, id);
    expect(run.status).toBe('completed');
    const errs = m.events.slice(before).filter((e) => e.type === 'system.error');
    expect(errs).toHaveLength(1);
    // the bad member is one of the page's records: a changed one (then 9 updates) or one re-read at the boundary
    const rejected = (errs[0].data as { remote_id: string }).remote_id;
    expect(run.counts['work-orders']).toMatchObject({ updated: changed.includes(rejected) ? 9 : 10, failed: 1 });
    expect(errs[0].data).toMatchObject({ code: 'record_rejected', entity: 'work-orders', message: expect.stringContaining('changedate') });
  });

  it('a truncated answer fails the sync cleanly; the next one completes', async () => {
    emu.commands.changeRecords({ entity: 'work-orders', count: 5 });
    emu.faults.truncateNext = 1;
    const run = await syncNow(m, id);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toBeTruthy();
    const next = await syncNow(m, id);
    expect(next.status).toBe('completed');
  });

  it('slow answers still work', async () => {
    emu.commands.changeRecords({ entity: 'vendors', count: 2 });
    emu.faults.slowMs = 150;
    const run = await syncNow(m, id);
    emu.faults.slowMs = 0;
    expect(run.status).toBe('completed');
    expect(run.counts.vendors?.updated).toBe(2);
  });
});

describe('credentials', () => {
  let m: MaximoAgent;
  let emu: MaximoEmulator;
  beforeAll(async () => {
    m = await openMaximoAgent();
    emu = await startMaximoEmulator({ seed: 5, size: small });
  });
  afterAll(async () => { await m.close(); await emu.close(); });

  it('rotated password: auth_required once, no hammering, reconnect brings it back with a new token and an incremental sync', async () => {
    const c = await connectAndSync(m, emu, { credentials: { username: emu.credentials.username, password: emu.credentials.password } });
    const fresh = emu.commands.rotateCredentials({}) as { username: string; password: string; api_key: string };
    const before = { requests: emu.stats.requests, authFailures: emu.stats.authFailures };
    const failed = await syncNow(m, c.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('auth_failed');
    expect(m.agent.connections.get(c.id).status).toBe('auth_required');
    expect(m.events.filter((e) => e.type === 'connection.auth_required' && (e.data as { connection_id: string }).connection_id === c.id)).toHaveLength(1);
    expect(emu.stats.authFailures - before.authFailures).toBe(1);
    expect(() => m.agent.sync.start(c.id)).toThrow(/reconnect/);
    await new Promise((r) => setTimeout(r, 200));
    expect(emu.stats.requests - before.requests).toBe(1);

    await expect(m.api.reconnect({ id: c.id, credentials: { username: fresh.username, password: 'still-wrong' } })).rejects.toMatchObject({ code: 'invalid_credentials' });
    emu.commands.changeRecords({ entity: 'work-orders', count: 4 });
    const r = await m.api.reconnect({ id: c.id, credentials: { username: fresh.username, password: fresh.password } });
    expect(r.connection.status).toBe('active');
    expect(r.token).not.toBe(c.token);
    expect(m.agent.connections.authenticate(c.token)).toBeNull();
    const next = (await m.agent.sync.whenDone(c.id)) ?? (await syncNow(m, c.id));
    expect(next).toMatchObject({ mode: 'incremental', status: 'completed' });
    expect(next.counts['work-orders']).toMatchObject({ created: 0, updated: 4 });
    await m.api.disconnect({ id: c.id });
  });

  it('a revoked API key (BMXAA9549E, HTTP 400) is an auth failure too', async () => {
    const c = await connectAndSync(m, emu, { credentials: { api_key: emu.credentials.api_key }, name: 'key' });
    emu.commands.revokeApiKey({});
    const failed = await syncNow(m, c.id);
    expect(failed.error).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('BMXAA9549E') });
    expect(m.agent.connections.get(c.id).status).toBe('auth_required');
    const fresh = emu.commands.rotateCredentials({}) as { api_key: string };
    const r = await m.api.reconnect({ id: c.id, credentials: { api_key: fresh.api_key } });
    expect(r.connection.status).toBe('active');
    await m.agent.sync.whenDone(c.id);
    await m.api.disconnect({ id: c.id });
  });

  it('no credential ever shows up in SQLite, events or error messages', async () => {
    const dump = JSON.stringify(m.agent.db.prepare('SELECT * FROM connections').all()) + JSON.stringify(m.events)
      + JSON.stringify(m.agent.db.prepare('SELECT * FROM sync_runs').all());
    for (const s of [emu.credentials.password, emu.credentials.api_key, 'maxadmin-Secret1']) expect(dump).not.toContain(s);
  });
});

describe('outage mid-sync', () => {
  it('10,000 work orders: down() after a few pages, up(), the sync resumes without gaps or duplicates', async () => {
    const m = await openMaximoAgent({ pageSize: 500 });
    const emu = await startMaximoEmulator({ seed: 9, size: { ...small, workOrders: 10_000 } });
    try {
      let woPages = 0;
      emu.onRequest = async (i) => { if (i.os === 'mxapiwodetail' && i.pageno !== null && ++woPages === 6) await emu.down(); };
      const c = await connectAndSync(m, emu);
      expect(c.run.status).toBe('failed');
      expect(c.run.error?.code).toBe('system_unreachable');
      expect(m.agent.connections.get(c.id).health).toBe('offline');
      const partial = stored(m, c.id, 'work-orders').length;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(10_000);
      emu.onRequest = null;
      await emu.up();
      const resumed = await syncNow(m, c.id);
      expect(resumed.status).toBe('completed');
      const ids = stored(m, c.id, 'work-orders').map((w) => w.remote_id as string);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(emu.liveRemoteIds('work-orders').sort());
      expect((c.run.counts['work-orders']?.created ?? 0) + (resumed.counts['work-orders']?.created ?? 0)).toBe(10_000);
      expect(m.agent.connections.get(c.id).health).toBe('online');
    } finally { await m.close(); await emu.close(); }
  });
});
