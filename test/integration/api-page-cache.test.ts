// The unified API keeps encoded list pages until a connection's records change
// (src-main/records/page-cache.ts). Through HTTP on a real host: a repeated
// request is answered from memory, and every change a sync (or a disconnect)
// makes shows in the very next answer — never a stale page.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { getSandboxSource, type SandboxSource } from '../../src-main/systems/sandbox/client.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
interface Conn { id: string; token: string; source: SandboxSource }
let A: Conn;
let B: Conn;

async function connect(name: string): Promise<Conn> {
  const r = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name });
  expect(r.status).toBe(201);
  const id = r.body.connection.id as string;
  await t.host.agent.sync.whenDone(id);
  return { id, token: r.body.token as string, source: getSandboxSource(id) };
}

async function get(c: Conn, path: string) {
  const res = await fetch(`${t.host.apiUrl}${path}`, { headers: { authorization: `Bearer ${c.token}` } });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

async function sync(c: Conn, full = false) {
  t.host.agent.sync.start(c.id, { full });
  expect((await t.host.agent.sync.whenDone(c.id))?.status).toBe('completed');
}

beforeAll(async () => {
  t = await startTestHost();
  A = await connect('Cache A');
  B = await connect('Cache B');
});

describe('list pages kept in memory', () => {
  it('a repeated request gets the same bytes; a sync that changes a record shows at once, on every page form', async () => {
    const path = '/v1/work-orders?limit=5&include_raw=true';
    const first = await get(A, path);
    expect((await get(A, path)).text).toBe(first.text);
    const target = A.source.changeOrder('work-orders').at(-1)!.id;
    const byStatus = `/v1/work-orders?limit=500&status=${first.json.data[0].status}`;
    const since = `/v1/work-orders?limit=500&updated_after=${encodeURIComponent(first.json.data[0].updated_at)}`;
    const before = { byStatus: await get(A, byStatus), since: await get(A, since) };

    A.source.touch('work-orders', target, { summary: 'Changed behind the cache' });
    await sync(A);
    const after = await get(A, '/v1/work-orders?limit=500');
    expect(after.json.data.find((w: { remote_id: string }) => w.remote_id === target).title).toBe('Changed behind the cache');
    // the change moved the record to the end: the updated_after page has it now
    expect((await get(A, since)).json.data.map((w: { remote_id: string }) => w.remote_id)).toContain(target);
    expect((await get(A, byStatus)).text).not.toBe(before.byStatus.text);
  });

  it('a deletion shows at once; another connection\'s sync leaves this one\'s pages alone', async () => {
    const path = '/v1/vendors?limit=500';
    const full = await get(A, path);
    const bPage = await get(B, path);
    const gone = A.source.changeOrder('vendors')[0].id;
    A.source.remove('vendors', gone);
    await sync(A);
    const after = await get(A, path);
    expect(after.json.data).toHaveLength(full.json.data.length - 1);
    expect(after.json.data.map((v: { remote_id: string }) => v.remote_id)).not.toContain(gone);
    const withDeleted = await get(A, `${path}&include_deleted=true`);
    expect(withDeleted.json.data.find((v: { remote_id: string }) => v.remote_id === gone).deleted_at).not.toBeNull();
    expect((await get(B, path)).text).toBe(bPage.text);
  });

  it('a full resync that changes nothing keeps the page; a deactivated or disconnected connection is refused whatever is kept', async () => {
    const path = '/v1/assets?limit=3';
    const page = await get(A, path);
    await sync(A, true);
    expect((await get(A, path)).text).toBe(page.text);
    expect((await t.admin('POST', `/admin/v1/connections/${A.id}/deactivate`)).status).toBe(200);
    expect((await get(A, path)).status).toBe(403);
    expect((await t.admin('DELETE', `/admin/v1/connections/${A.id}`)).status).toBe(200);
    expect((await get(A, path)).status).toBe(401);
  });
});
