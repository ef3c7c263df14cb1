// The events feed (GET /v1/events) pages with no gap and no duplicate while
// events are being written: by a second process on the same SQLite file (many
// transactions of random size) and by the agent itself (record events of
// syncs against the UpKeep emulator). Readers page over HTTP with random page
// sizes, with and without a type filter, and must end up with exactly the
// stored sequence. Also: a token sees only its connection, bad parameters are
// 400 naming the field, an event id works as a cursor, and old events are pruned.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { startLab, type Lab } from '../emulators/lab.js';
import { emulatorCommand, labConnectInput, readFeed, unifiedApi } from '../support/lab-connections.js';
import { testKeychainService } from '../support/fake-system.js';
import { tempDir } from '../support/tmp.js';
import { FEED_RETENTION_MS } from '../../src-main/webhooks/feed.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let lab: Lab;
let sandbox: { id: string; token: string };

beforeAll(async () => {
  lab = await startLab({ http: true, ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir() });
  t = await startTestHost();
  const s = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Feed' });
  sandbox = { id: s.body.connection.id, token: s.body.token };
  await t.host.agent.sync.whenDone(sandbox.id);
});
afterAll(async () => { await lab?.close(); });

const stored = (connectionId: string, type?: string) => (type
  ? t.host.agent.db.prepare('SELECT id FROM event_feed WHERE connection_id = ? AND type = ? ORDER BY seq').pluck().all(connectionId, type)
  : t.host.agent.db.prepare('SELECT id FROM event_feed WHERE connection_id = ? ORDER BY seq').pluck().all(connectionId)) as string[];

/** Pages the feed over HTTP with random page sizes until `writing()` is over and a page says nothing more is waiting. */
async function follow(token: string, writing: () => boolean, type?: string): Promise<string[]> {
  const api = unifiedApi(t.host.apiUrl, token);
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const stillWriting = writing();
    const q = new URLSearchParams({ limit: String(1 + Math.floor(Math.random() * 50)), ...(after ? { after } : {}), ...(type ? { type } : {}) });
    const r = await api('GET', `/v1/events?${q}`);
    expect(r.status).toBe(200);
    ids.push(...(r.body.data as { id: string }[]).map((e) => e.id));
    after = r.body.next_cursor;
    if (!stillWriting && !r.body.has_more) return ids;
  }
}

describe('the events feed under concurrent writes', () => {
  it('a second process writing in transactions of random size: every event exactly once, in order', async () => {
    const before = stored(sandbox.id).length;
    let running = true;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'feed-writer.ts'), t.dataDir, sandbox.id, '3000'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MILLWRIGHT_TEST_KEYCHAIN_SERVICE: testKeychainService },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => { running = false; r(code); }));
    const [all, filtered, code] = await Promise.all([follow(sandbox.token, () => running), follow(sandbox.token, () => running, 'system.error'), exited]);
    expect(code, err.slice(-2000)).toBe(0);
    expect(out).toContain('done 3000');
    expect(all.length).toBe(before + 3000);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(stored(sandbox.id));
    expect(filtered).toEqual(stored(sandbox.id, 'system.error'));
    expect(filtered.length).toBe(1000);
  }, 120_000);

  it('the agent writing record events from syncs against the UpKeep emulator while a reader pages', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', labConnectInput(lab, 'upkeep'));
    const { id } = c.body.connection;
    await t.host.agent.sync.whenDone(id);
    let running = true;
    const writer = (async () => {
      try {
        for (let round = 0; round < 12; round++) {
          await emulatorCommand(lab.systems.upkeep, 'changeRecords', { entity: 'work-orders', count: 25 });
          await emulatorCommand(lab.systems.upkeep, 'changeRecords', { entity: 'assets', count: 10 });
          t.host.agent.sync.start(id);
          await t.host.agent.sync.whenDone(id);
        }
      } finally { running = false; }
    })();
    const [all, updates] = await Promise.all([follow(c.body.token, () => running), follow(c.body.token, () => running, 'record.updated'), writer]);
    expect(updates.length).toBeGreaterThanOrEqual(12 * 25);
    expect(all).toEqual(stored(id));
    expect(updates).toEqual(stored(id, 'record.updated'));
  }, 120_000);
});

describe('the events feed', () => {
  it('serves the same ids and bodies as webhooks: the envelope with data', async () => {
    const { events } = await readFeed(t.host.apiUrl, sandbox.token, { limit: 3 });
    expect(events[0]).toMatchObject({ id: expect.stringMatching(/^evt_/), type: 'sync.completed', timestamp: expect.any(String), connection_id: sandbox.id, data: { mode: 'initial' } });
    const body = t.host.agent.db.prepare('SELECT body FROM event_feed WHERE id = ?').pluck().get(events[0].id);
    expect(JSON.parse(body as string)).toEqual(events[0]);
  });

  it('takes an event id as the cursor: what came after it', async () => {
    const ids = stored(sandbox.id);
    const r = await unifiedApi(t.host.apiUrl, sandbox.token)('GET', `/v1/events?after=${ids[9]}&limit=5`);
    expect((r.body.data as { id: string }[]).map((e) => e.id)).toEqual(ids.slice(10, 15));
    expect(r.body.has_more).toBe(true);
  });

  it('a token sees only its own connection\'s events', async () => {
    const other = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Other' });
    await t.host.agent.sync.whenDone(other.body.connection.id);
    const { events } = await readFeed(t.host.apiUrl, other.body.token);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.connection_id === other.body.connection.id)).toBe(true);
    const sandboxEvent = stored(sandbox.id)[0];
    const r = await unifiedApi(t.host.apiUrl, other.body.token)('GET', `/v1/events?after=${sandboxEvent}`);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('after');
  });

  it('refuses bad parameters with 400 naming the field; without a token, 401', async () => {
    const api = unifiedApi(t.host.apiUrl, sandbox.token);
    for (const [q, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['type=record.exploded', 'type'], ['type=', 'type'], ['after=not-a-cursor', 'after'], ['since=1', 'since']]) {
      const r = await api('GET', `/v1/events?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.field, q).toBe(field);
    }
    const anonymous = await fetch(`${t.host.apiUrl}/v1/events`);
    expect(anonymous.status).toBe(401);
  });

  it('an empty page keeps the cursor: polling again later continues there', async () => {
    const { cursor } = await readFeed(t.host.apiUrl, sandbox.token);
    const api = unifiedApi(t.host.apiUrl, sandbox.token);
    const empty = await api('GET', `/v1/events?after=${cursor}`);
    expect(empty.body).toEqual({ data: [], next_cursor: cursor, has_more: false });
    t.host.agent.sync.start(sandbox.id);
    await t.host.agent.sync.whenDone(sandbox.id);
    const next = await api('GET', `/v1/events?after=${cursor}`);
    expect((next.body.data as { type: string }[]).map((e) => e.type)).toEqual(['sync.completed']);
  });

  it('keeps 30 days: the pruning job removes older events', () => {
    const db = t.host.agent.db;
    const oldest = stored(sandbox.id)[0];
    db.prepare('UPDATE event_feed SET created_at = ? WHERE id = ?').run(Date.now() - FEED_RETENTION_MS - 60_000, oldest);
    expect(t.host.agent.webhooks.pruneFeed()).toBe(1);
    expect(stored(sandbox.id)).not.toContain(oldest);
  });
});
