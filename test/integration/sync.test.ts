import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestAgent } from '../support/agent.js';
import { creds, fakeSystem } from '../support/fake-system.js';
import { getSandboxSource } from '../../src-main/systems/sandbox/client.js';
import type { Agent } from '../../src-main/agent.js';
import type { AdminApi } from '../../src-main/contract/admin.js';
import type { AnyAgentEvent } from '../../src-main/events/bus.js';

let agent: Agent;
let api: AdminApi;
const events: AnyAgentEvent[] = [];
beforeAll(async () => {
  ({ agent, api } = await openTestAgent());
  agent.bus.subscribe((e) => events.push(e));
});
afterAll(() => agent.close());

async function connectSandbox(name = 'S') {
  const r = await api.connect({ system: 'sandbox', name });
  const first = await agent.sync.whenDone(r.connection.id);
  return { id: r.connection.id, token: r.token, first: first! };
}

describe('sync engine with the sandbox', () => {
  it('runs an initial sync on connect that stores every record once', async () => {
    const { id, first } = await connectSandbox();
    expect(first).toMatchObject({ mode: 'initial', status: 'completed' });
    const source = getSandboxSource(id);
    for (const entity of ['purchase-orders', 'work-orders', 'assets', 'inventory-items', 'vendors', 'locations'] as const) {
      expect(first.counts[entity]?.created, entity).toBe(source.size(entity));
      expect(agent.records.countsByEntity(id)[entity]).toBe(source.size(entity));
    }
    expect((await api.getConnection({ id })).last_sync_at).toBe(first.finished_at);
    expect(events.filter((e) => e.type === 'sync.completed' && e.data.connection_id === id)).toHaveLength(1);
  });

  it('an incremental sync picks up exactly the changed and deleted records', async () => {
    const { id } = await connectSandbox('inc');
    const source = getSandboxSource(id);
    const [a, b] = source.changeOrder('work-orders').slice(0, 2).map((k) => k.id);
    const po = source.changeOrder('purchase-orders')[3].id;
    source.touch('work-orders', a, { summary: 'Replace bearing (changed)' });
    source.touch('work-orders', b, {});
    source.remove('purchase-orders', po);
    const before = agent.records.get(id, 'work-orders', a)!;
    agent.sync.start(id);
    const run = (await agent.sync.whenDone(id))!;
    expect(run.mode).toBe('incremental');
    expect(run.counts['work-orders']).toMatchObject({ created: 0, deleted: 0 });
    expect(run.counts['work-orders']!.updated).toBeGreaterThanOrEqual(1); // b's touch may not change content
    expect(run.counts['work-orders']!.updated).toBeLessThanOrEqual(2);
    expect(run.counts['purchase-orders']).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    for (const e of ['assets', 'vendors', 'locations', 'inventory-items'] as const) expect(run.counts[e]).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    const after = agent.records.get(id, 'work-orders', a)!;
    expect(after.id).toBe(before.id); // stable unified id
    expect(after.title).toBe('Replace bearing (changed)');
    expect((after.updated_at as string) > (before.updated_at as string)).toBe(true);
    expect(agent.records.get(id, 'purchase-orders', po)!.deleted_at).not.toBeNull();
  });

  it('a full resync changes nothing when nothing changed, and keeps ids', async () => {
    const { id } = await connectSandbox('full');
    const ids = agent.records.list(id, 'assets', { limit: 500 }).data.map((r) => r.id);
    agent.sync.start(id, { full: true });
    const run = (await agent.sync.whenDone(id))!;
    expect(run.mode).toBe('full');
    for (const c of Object.values(run.counts)) expect(c).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(agent.records.list(id, 'assets', { limit: 500 }).data.map((r) => r.id)).toEqual(ids);
  });

  it('runs one sync per connection at a time', async () => {
    const { id } = await connectSandbox('one');
    const r1 = agent.sync.start(id);
    const r2 = agent.sync.start(id);
    expect(r2.id).toBe(r1.id);
    await agent.sync.whenDone(id);
    expect((await api.listSyncs({ id })).data.filter((s) => s.status === 'in_progress')).toHaveLength(0);
  });

  it('reports an unknown status code once as system.error and maps it to a safe value', async () => {
    const { id } = await connectSandbox('unknown');
    const source = getSandboxSource(id);
    const [w1, w2] = source.changeOrder('work-orders').slice(0, 2).map((k) => k.id);
    const field = Object.keys(source.get('work-orders', w1)!).find((k) => /state|status/i.test(k))!;
    source.touch('work-orders', w1, { [field]: 'ZZ_PARKED' } as never);
    source.touch('work-orders', w2, { [field]: 'ZZ_PARKED' } as never);
    const before = events.length;
    agent.sync.start(id);
    await agent.sync.whenDone(id);
    const errors = events.slice(before).filter((e) => e.type === 'system.error' && e.data.connection_id === id);
    expect(errors).toHaveLength(1);
    expect(errors[0].data).toMatchObject({ code: 'unknown_code' });
    expect(JSON.stringify(errors[0].data)).toContain('ZZ_PARKED');
    expect(agent.records.get(id, 'work-orders', w1)!.status).toBe('requested');
    expect(agent.events.recent(50, id).some((e) => e.type === 'system.error')).toBe(true);
  });

  it('refuses to sync inactive and auth_required connections', async () => {
    const r = await api.connect({ system: 'test-tier1', name: 't', credentials: creds() });
    await agent.sync.whenDone(r.connection.id);
    await api.deactivate({ id: r.connection.id });
    await expect(api.syncNow({ id: r.connection.id })).rejects.toMatchObject({ code: 'connection_inactive' });
    await api.activate({ id: r.connection.id });
    await agent.sync.whenDone(r.connection.id);
    agent.connections.markAuthRequired(r.connection.id, 'expired');
    await expect(api.syncNow({ id: r.connection.id })).rejects.toMatchObject({ code: 'connection_auth_required' });
  });

  it('disconnect deletes the synced data and sync history', async () => {
    const { id } = await connectSandbox('gone');
    expect(agent.records.countsByEntity(id)['purchase-orders']).toBeGreaterThan(0);
    await api.disconnect({ id });
    expect(agent.records.countsByEntity(id)).toEqual({});
    expect(agent.sync.repo.runs(id)).toEqual([]);
  });
});

describe('health checks', () => {
  it('flip health offline and back, and go auth_required when the credentials are rejected', async () => {
    const r = await api.connect({ system: 'test-tier2', name: 'health', credentials: creds() });
    const id = r.connection.id;
    await agent.sync.whenDone(id);
    fakeSystem.down = true;
    try {
      expect(await agent.health.check(id)).toBe('offline');
      expect((await api.getConnection({ id })).health).toBe('offline');
      expect(events.some((e) => e.type === 'connection.status_changed' && e.data.connection_id === id && e.data.to.health === 'offline')).toBe(true);
    } finally { fakeSystem.down = false; }
    expect(await agent.health.check(id)).toBe('online');
    fakeSystem.password = 'changed';
    try {
      expect(await agent.health.check(id)).toBe('auth_required');
      expect((await api.getConnection({ id })).status).toBe('auth_required');
      expect(events.some((e) => e.type === 'connection.auth_required' && e.data.connection_id === id)).toBe(true);
    } finally { fakeSystem.password = 'right'; }
  });
});

describe('record pages as JSON text', () => {
  it('listJson is exactly the JSON of list, with raw data, deleted records and paging', async () => {
    const r = await api.connect({ system: 'sandbox', name: 'json' });
    const id = r.connection.id;
    await agent.sync.whenDone(id);
    const source = getSandboxSource(id);
    source.remove('vendors', source.changeOrder('vendors')[0].id);
    agent.sync.start(id);
    await agent.sync.whenDone(id);
    for (const q of [{ limit: 7 }, { limit: 500, includeRaw: true }, { limit: 3, includeDeleted: true }, { limit: 5, filters: { status: 'blocked' } }]) {
      for (const entity of ['purchase-orders', 'vendors'] as const) {
        let cursor: string | null = null;
        do {
          const text = agent.records.listJson(id, entity, { ...q, cursor }).toString('utf8');
          const objects = agent.records.list(id, entity, { ...q, cursor });
          expect(JSON.parse(text)).toEqual(objects);
          expect(text).toBe(JSON.stringify(objects));
          cursor = objects.next_cursor;
        } while (cursor);
      }
    }
  });
});
