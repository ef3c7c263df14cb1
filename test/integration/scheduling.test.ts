// Pause/resume and sync blackouts against the emulator of every system and
// the sandbox, with the scheduler's clock injected: a paused connection gets no
// scheduled sync while reads and manual syncs go on; no scheduled sync starts
// inside a blackout window (22:00–02:00, across midnight) and a scheduled sync
// running when a window opens is stopped and resumes after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHost, type AgentHost } from '../../src-main/host/agent-host.js';
import { startLab, type Lab } from '../emulators/lab.js';
import { emulatorCommand, labConnectInput, LAB_SYSTEMS, unifiedApi } from '../support/lab-connections.js';
import { allTestSystems, testKeychainService } from '../support/fake-system.js';
import { tempDir } from '../support/tmp.js';

const INTERVAL_MS = 10 * 60_000;
let clock = new Date();
let host: AgentHost;
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ http: true, ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir() });
  host = await startAgentHost({
    dataDir: tempDir(), adminPort: 0, apiPort: 0,
    agent: { systems: allTestSystems, keychainService: testKeychainService, sync: { intervalMs: INTERVAL_MS, now: () => clock } },
  });
  await host.adminApi.patchSettings({ 'credits.pool': 32 });
});
afterAll(async () => { await host?.close(); await lab?.close(); });

/** Local time `hh:mm` on the day after tomorrow: later than any sync's due time. */
const localAt = (hh: number, mm = 0, dayOffset = 2) => { const d = new Date(); d.setDate(d.getDate() + dayOffset); d.setHours(hh, mm, 0, 0); return d; };
const runs = (id: string) => host.agent.sync.repo.runs(id, 500);

const systems = [...LAB_SYSTEMS, 'sandbox'] as const;

describe.each(systems)('scheduling %s', (system) => {
  let id: string;
  let token: string;

  beforeAll(async () => {
    clock = new Date();
    const r = await host.adminApi.connect(system === 'sandbox' ? { system, name: 'Sandbox' } : labConnectInput(lab, system));
    id = r.connection.id;
    token = r.token;
    await host.agent.sync.whenDone(id);
  });

  const tick = async () => {
    host.agent.sync.runDue();
    const done = host.agent.sync.whenDone(id);
    if (done) await done;
  };

  it('a scheduled sync runs once the interval has passed', async () => {
    const before = runs(id).length;
    await tick();
    expect(runs(id).length).toBe(before); // not due yet
    clock = new Date(Date.now() + INTERVAL_MS + 60_000);
    await tick();
    expect(runs(id).length).toBe(before + 1);
    expect(runs(id)[0]).toMatchObject({ status: 'completed', mode: expect.stringMatching(/incremental|full/) });
  });

  it('paused: no scheduled sync, next_sync_at null; reads and manual syncs go on; resume brings it back', async () => {
    const paused = await host.adminApi.pause({ id });
    expect(paused.paused).toBe(true);
    expect((await host.adminApi.listConnections({})).data.find((c) => c.id === id)!.paused).toBe(true);
    const api = unifiedApi(host.apiUrl, token);
    expect((await api('GET', '/v1/connection')).body.paused).toBe(true);
    expect((await api('GET', '/v1/sync-status')).body.next_sync_at).toBeNull();
    const before = runs(id).length;
    clock = new Date(Date.now() + 5 * INTERVAL_MS);
    await tick();
    expect(runs(id).length).toBe(before);
    const read = await api('GET', '/v1/work-orders?limit=5');
    expect(read.status).toBe(200);
    expect(read.body.data.length).toBeGreaterThan(0);
    expect((await api('POST', '/v1/sync')).status).toBe(202);
    await host.agent.sync.whenDone(id);
    expect(runs(id).length).toBe(before + 1);
    expect((await host.adminApi.resume({ id })).paused).toBe(false);
    clock = new Date(Date.now() + 10 * INTERVAL_MS);
    await tick();
    expect(runs(id).length).toBe(before + 2);
  });

  it('no scheduled sync inside a blackout window across midnight; it runs when the window ends', async () => {
    const updated = await host.adminApi.updateConnection({ id, sync_blackouts: [{ start: '22:00', end: '02:00' }] });
    expect(updated.options.sync_blackouts).toEqual([{ start: '22:00', end: '02:00' }]);
    const before = runs(id).length;
    for (const at of [localAt(22, 0), localAt(23, 30), localAt(0, 0, 3), localAt(1, 59, 3)]) {
      clock = at;
      await tick();
      expect(runs(id).length, at.toString()).toBe(before);
    }
    clock = localAt(23, 30);
    const next = (await unifiedApi(host.apiUrl, token)('GET', '/v1/sync-status')).body.next_sync_at as string;
    expect(new Date(next).getTime()).toBe(localAt(2, 0, 3).getTime());
    clock = localAt(2, 0, 3);
    await tick();
    expect(runs(id).length).toBe(before + 1);
    await host.adminApi.updateConnection({ id, sync_blackouts: [] });
  });
});

describe('blackouts and a running scheduled sync', () => {
  it('a scheduled sync still running when a window opens stops after its page, then resumes after the window', async () => {
    clock = new Date();
    const r = await host.adminApi.connect({ ...labConnectInput(lab, 'upkeep'), name: 'UpKeep slow' });
    const id = r.connection.id;
    await host.agent.sync.whenDone(id);
    await host.adminApi.updateConnection({ id, sync_blackouts: [{ start: '22:00', end: '02:00' }] });
    await emulatorCommand(lab.systems.upkeep, 'changeRecords', { entity: 'work-orders', count: 50 });
    await emulatorCommand(lab.systems.upkeep, 'faults', { slowMs: 400 });
    try {
      clock = localAt(21, 59);
      host.agent.sync.runDue();
      expect(host.agent.sync.isRunning(id)).toBe(true);
      clock = localAt(22, 0);
      host.agent.sync.runDue();
      const stopped = await host.agent.sync.whenDone(id);
      expect(stopped).toMatchObject({ status: 'failed', error: { code: 'sync_blackout', message: expect.stringContaining('22:00–02:00') } });
      // a manual sync is the admin's call: blackouts do not stop it
      host.agent.sync.start(id);
      host.agent.sync.runDue();
      expect(host.agent.sync.isRunning(id)).toBe(true);
      await emulatorCommand(lab.systems.upkeep, 'faults', { slowMs: 0 });
      expect(await host.agent.sync.whenDone(id)).toMatchObject({ status: 'completed' });
    } finally {
      await emulatorCommand(lab.systems.upkeep, 'faults', { slowMs: 0 });
    }
  });

  it('refuses a window that does not parse: 400 naming the field, nothing changed', async () => {
    const c = (await host.adminApi.listConnections({})).data[0];
    for (const [blackouts, field] of [[[{ start: '22:00', end: '26:00' }], 'sync_blackouts.0.end'], [[{ start: '22', end: '02:00' }], 'sync_blackouts.0.start'], ['22:00-02:00', 'sync_blackouts'], [[{ start: '08:00', end: '08:00' }], 'sync_blackouts.0']] as const) {
      await expect(host.adminApi.updateConnection({ id: c.id, sync_blackouts: blackouts as never })).rejects.toMatchObject({ code: 'invalid_request', details: { field } });
    }
    expect((await host.adminApi.getConnection({ id: c.id })).options).toEqual(c.options);
    await expect(host.adminApi.connect({ system: 'sandbox', name: 'x', options: { sync_blackouts: [{ start: 'late', end: '02:00' }] } })).rejects.toMatchObject({ details: { field: 'options.sync_blackouts.0.start' } });
  });
});
