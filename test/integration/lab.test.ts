// The lab as a new user meets it (issue 4, "Done when"): the four emulators from
// `npm run lab`, a real headless agent, and the real CLI running the very command
// lines the lab prints. Connect ECC, Maximo and UpKeep and watch the credits go
// 16 → 8 → 4 → 3; query each through the unified API and get the same shapes;
// then S/4HANA: rotate its password in the emulator, see auth_required and 409,
// reconnect with the new password, old token refused, next sync incremental.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type LabSystemId } from '../emulators/lab.js';
import { cli, millwrightBin } from '../support/cli.js';
import { startTestHost } from '../support/agent-host.js';
import { tempDir } from '../support/tmp.js';


let t: Awaited<ReturnType<typeof startTestHost>>;
let lab: Lab;
let D: string[];
const ids = {} as Record<LabSystemId, string>;
const tokens = {} as Record<LabSystemId, string>;
/** The S/4HANA password after the rotation. */
let newPassword = '';

/** Runs a line the lab printed, in a shell, with `npx millwright` being this checkout's bin and `extra` appended. */
function sh(line: string, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = line.replace('npx millwright', `'${process.execPath}' '${millwrightBin()}'`) + extra.map((a) => ` '${a}'`).join('');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const json = async (args: string[], stdin = '') => {
  const r = await cli([...args, '--json', ...D], stdin);
  return { ...r, body: r.stdout ? JSON.parse(r.stdout) : null };
};
const available = async () => (await json(['credits'])).body.available as number;
const connection = async (id: string) => ((await json(['connections'])).body.data as { id: string; status: string; last_sync_at: string | null }[]).find((c) => c.id === id)!;
const api = async (token: string, route = '/v1/work-orders?limit=5') => {
  const res = await fetch(`${t.host.apiUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() as { data?: Record<string, unknown>[]; error?: { code: string } } };
};

/** Polls `millwright connections --json` until the initial sync has finished. */
async function initialSync(id: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = await connection(id);
    if (c.last_sync_at) return c;
    if (Date.now() > until) throw new Error(`no initial sync of ${id} within ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  t = await startTestHost();
  D = ['--data-dir', t.dataDir];
  lab = await startLab({ ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir('mw-lab-') });
}, 120_000);
afterAll(async () => { await lab?.close(); });

describe('the lab, as a new user', () => {
  it('prints, for each system, a connect command with the CA file, its credits, and the fault switches', () => {
    for (const s of Object.values(lab.systems)) {
      expect(lab.instructions).toContain(s.connectCommand);
      expect(s.connectCommand).toMatch(new RegExp(`^printf %s '[^']+' \\| npx millwright connect --system ${s.id} --deployment ${s.deployment} .*--url ${s.url} .*--ca-file ${lab.caFile}$`));
      expect(lab.instructions).toContain(`${s.url} — ${s.credits} credit`);
    }
    expect(lab.instructions).toContain(`curl -sX POST ${lab.systems['sap-s4hana'].url}/__emulator/rotateCredentials --cacert ${lab.caFile}`);
    for (const f of ['rateLimit', 'fail', 'slowMs', 'malformedNext', 'truncateNext', 'goDown', 'changeRecords', 'deleteRecords']) expect(lab.instructions).toContain(f);
  });

  it('connecting ECC (8), Maximo on-prem (4) and UpKeep (1) takes the credits 16 → 8 → 4 → 3', async () => {
    expect(await json(['credits'])).toMatchObject({ code: 0, body: { pool: 16, used: 0, available: 16 } });
    for (const [id, left] of [['sap-ecc', 8], ['ibm-maximo', 4], ['upkeep', 3]] as const) {
      const r = await sh(lab.systems[id].connectCommand, ['--json', ...D]);
      expect(r, r.stderr).toMatchObject({ code: 0 });
      const res = JSON.parse(r.stdout);
      expect(res.connection).toMatchObject({ system: id, deployment: lab.systems[id].deployment, credits: lab.systems[id].credits, status: 'active', base_url: lab.systems[id].url });
      expect(res.token).toMatch(/^mwk_/);
      ids[id] = res.connection.id;
      tokens[id] = res.token;
      expect(await available()).toBe(left);
    }
  });

  it('each initial sync completes, and the unified API answers all three with the same shapes', async () => {
    const systems = ['sap-ecc', 'ibm-maximo', 'upkeep'] as const;
    for (const id of systems) {
      expect(await initialSync(ids[id])).toMatchObject({ status: 'active' });
      const runs = (await t.admin('GET', `/admin/v1/connections/${ids[id]}/syncs`)).body.data;
      expect(runs, id).toHaveLength(1);
      expect(runs[0], id).toMatchObject({ mode: 'initial', status: 'completed', error: null });
      expect(runs[0].counts['work-orders'].created, `${id} work orders`).toBeGreaterThanOrEqual(100);
    }
    const keys: Record<string, string[]> = {};
    for (const id of systems) {
      const r = await api(tokens[id]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.data).toHaveLength(5);
      const sets = r.body.data!.map((rec) => Object.keys(rec).sort().join(','));
      expect(new Set(sets).size, `${id}: records with different keys`).toBe(1);
      keys[id] = Object.keys(r.body.data![0]).sort();
      for (const rec of r.body.data!) {
        expect(rec).toMatchObject({ id: expect.any(String), remote_id: expect.any(String), number: expect.any(String), title: expect.any(String), custom_fields: expect.any(Object) });
        expect(['requested', 'approved', 'scheduled', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled']).toContain(rec.status);
        expect(['low', 'medium', 'high', 'urgent']).toContain(rec.priority);
      }
    }
    expect(keys['ibm-maximo']).toEqual(keys['sap-ecc']);
    expect(keys.upkeep).toEqual(keys['sap-ecc']);
  });

  it('S/4HANA on-prem fits once the pool is raised to 24 (8 more), leaving 3', async () => {
    expect(await json(['settings', 'set', 'credits.pool', '24'])).toMatchObject({ code: 0, body: { 'credits.pool': 24 } });
    expect(await available()).toBe(11);
    const r = await sh(lab.systems['sap-s4hana'].connectCommand, ['--json', ...D]);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const res = JSON.parse(r.stdout);
    expect(res.connection).toMatchObject({ system: 'sap-s4hana', deployment: 'on_prem', credits: 8, status: 'active' });
    ids['sap-s4hana'] = res.connection.id;
    tokens['sap-s4hana'] = res.token;
    expect(await available()).toBe(3);
    expect(await initialSync(ids['sap-s4hana'])).toMatchObject({ status: 'active' });
    const q = await api(tokens['sap-s4hana']);
    expect(q.status).toBe(200);
    expect(Object.keys(q.body.data![0]).sort()).toEqual(Object.keys((await api(tokens['sap-ecc'])).body.data![0]).sort());
  });

  it('a rotated SAP password: the next sync fails, the connection is auth_required, the API answers 409', async () => {
    const id = ids['sap-s4hana'];
    const rotated = await sh(lab.systems['sap-s4hana'].curl('rotateCredentials'));
    expect(rotated.code, rotated.stderr).toBe(0);
    const password = JSON.parse(rotated.stdout).password as string;
    expect(password).not.toBe(lab.systems['sap-s4hana'].secret);
    newPassword = password;

    const sync = await json(['sync', id, '--wait']);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(/sync failed/);
    expect(sync.body).toMatchObject({ connection_id: id, mode: 'incremental', status: 'failed', error: { code: expect.any(String) } });
    expect(await connection(id)).toMatchObject({ status: 'auth_required' });
    const r = await api(tokens['sap-s4hana']);
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('connection_auth_required');
    // the others are untouched
    expect((await api(tokens['sap-ecc'])).status).toBe(200);
  });

  // The CLI's `millwright reconnect ID --password-stdin` — the field engineer gives the new
  // secret only; the stored username is kept.
  it('reconnect ID --password-stdin keeps the stored username', async () => {
    const wrong = await json(['reconnect', ids['sap-s4hana'], '--password-stdin'], 'not-the-password');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/invalid_credentials/);
    const r = await json(['reconnect', ids['sap-s4hana'], '--password-stdin'], newPassword);
    expect(r.code, r.stderr).toBe(0);
    expect(r.body.connection).toMatchObject({ status: 'active' });
  });

  it('reconnect with the new password (the printed line): active again, a new token, the old one refused, the next sync incremental', async () => {
    const id = ids['sap-s4hana'];
    const password = newPassword;
    const old = tokens['sap-s4hana'];
    const line = lab.systems['sap-s4hana'].reconnectCommand(id, password);
    expect(lab.instructions).toContain(lab.systems['sap-s4hana'].reconnectCommand('<id>', '<new password>'));
    const raw = await sh(line, ['--json', ...D]);
    const r = { ...raw, body: JSON.parse(raw.stdout || 'null') };
    expect(r.code, r.stderr).toBe(0);
    expect(r.body.connection).toMatchObject({ id, status: 'active' });
    expect(r.body.token).toMatch(/^mwk_/);
    expect(r.body.token).not.toBe(old);
    expect(await connection(id)).toMatchObject({ status: 'active' });
    expect((await api(old)).status).toBe(401);
    expect((await api(r.body.token)).status).toBe(200);
    const sync = await json(['sync', id, '--wait']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.body).toMatchObject({ connection_id: id, mode: 'incremental', status: 'completed', error: null });
    // incremental: nothing changed in the emulator since the initial sync, so nothing is created
    for (const c of Object.values(sync.body.counts as Record<string, { created: number }>)) expect(c.created).toBe(0);
    expect(await available()).toBe(3);
  });
});

describe('the lab over plain http (--http)', () => {
  it('prints connect commands with --allow-insecure and no CA, and they work', async () => {
    const plain = await startLab({ http: true, ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 } });
    try {
      expect(plain.caFile).toBeNull();
      for (const s of Object.values(plain.systems)) {
        expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(s.connectCommand).toMatch(/ --allow-insecure$/);
        expect(s.connectCommand).not.toContain('--ca-file');
      }
      expect(plain.instructions).not.toContain('--cacert');
      const r = await sh(plain.systems.upkeep.connectCommand.replace("--name UpKeep", "--name 'UpKeep (http)'"), ['--json', ...D]);
      expect(r.code, r.stderr).toBe(0);
      const id = JSON.parse(r.stdout).connection.id as string;
      await initialSync(id);
      expect((await cli(['disconnect', id, ...D])).code).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
