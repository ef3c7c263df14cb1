// A full sync asked for while another sync runs is not dropped: it is queued
// and runs right after, through the engine, the admin API and the unified API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { rawRequest } from '../support/http.js';
import type { Agent } from '../../src-main/agent.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let agent: Agent;
let id: string;
let token: string;
beforeAll(async () => {
  t = await startTestHost();
  agent = t.host.agent;
  const r = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Queue' });
  ({ token } = r.body);
  id = r.body.connection.id;
  await agent.sync.whenDone(id);
});
afterAll(async () => { await agent.sync.whenDone(id); });

describe('a full sync asked for during a sync', () => {
  it('is queued (once) and runs right after the running one', async () => {
    const running = agent.sync.start(id);
    expect(running).toMatchObject({ mode: 'incremental', status: 'in_progress' });
    const queued = agent.sync.start(id, { full: true });
    expect(queued).toMatchObject({ mode: 'full', status: 'queued' });
    expect(queued.id).not.toBe(running.id);
    expect(agent.sync.start(id, { full: true }).id).toBe(queued.id); // asked twice, queued once
    expect(agent.sync.start(id).id).toBe(queued.id); // an incremental request is covered by it

    const last = await agent.sync.whenDone(id);
    expect(last).toMatchObject({ id: queued.id, mode: 'full', status: 'completed' });
    const runs = agent.sync.repo.runs(id);
    const first = runs.find((r) => r.id === running.id)!;
    expect(first.status).toBe('completed');
    expect(runs.find((r) => r.id === queued.id)!.started_at >= first.finished_at!).toBe(true);
    expect(runs.filter((r) => r.started_at >= running.started_at)).toHaveLength(2);
  });

  it('through POST /v1/sync {"full":true} and the admin syncNow: 202 with the queued full run', async () => {
    // hold the running sync at its start, so the requests below surely arrive while it runs
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const connector = agent.connections.connector.bind(agent.connections);
    agent.connections.connector = async (cid) => { await gate; return connector(cid); };
    const a = await rawRequest(t.host.apiUrl, { method: 'POST', path: '/v1/sync', headers: { authorization: `Bearer ${token}` } });
    expect(a.status).toBe(202);
    const b = await rawRequest(t.host.apiUrl, { method: 'POST', path: '/v1/sync', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"full":true}' });
    expect(b.status).toBe(202);
    expect(b.json).toMatchObject({ mode: 'full', status: 'queued' });
    const c = await t.admin('POST', `/admin/v1/connections/${id}/sync`, { full: true });
    expect(c.body.id).toBe(b.json.id);
    agent.connections.connector = connector;
    release();
    expect(await agent.sync.whenDone(id)).toMatchObject({ id: b.json.id, mode: 'full', status: 'completed' });
  });
});
