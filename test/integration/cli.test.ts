import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let D: string[];
beforeAll(async () => { t = await startTestHost(); D = ['--data-dir', t.dataDir]; });

describe('millwright CLI', () => {
  it('systems: every system with tier and costs (human and --json)', async () => {
    const human = await cli(['systems', ...D]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/sap-ecc\s+SAP ECC 6\.0\s+III\s+—\s+8 cr/);
    const json = JSON.parse((await cli(['systems', '--json', ...D])).stdout);
    expect(json.data.find((s: { id: string }) => s.id === 'ibm-maximo').credits).toEqual({ cloud: 2, on_prem: 4 });
  });

  it('connect --system sandbox prints a token; credits stay unchanged', async () => {
    const r = await cli(['connect', '--system', 'sandbox', '--name', 'Demo', ...D]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mwk_[0-9A-Za-z]{36}/);
    const credits = JSON.parse((await cli(['credits', '--json', ...D])).stdout);
    expect(credits).toMatchObject({ pool: 16, used: 0, available: 16 });
  });

  it('connect with --password-stdin consumes credits; the password never comes from argv', async () => {
    const r = await cli(['connect', '--system', 'test-tier3', '--deployment', 'on_prem', '--name', 'ECC-like', '--username', 'svc', '--password-stdin', '--json', ...D], 'right\n');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.connection).toMatchObject({ credits: 8, status: 'active' });
    const credits = await cli(['credits', ...D]);
    expect(credits.stdout).toMatch(/Pool 16 · used 8 · available 8/);
    expect(credits.stdout).toMatch(/consume/);
    const token = await cli(['token', res.connection.id, ...D]);
    expect(token.stderr).toBe('');
    expect(token.stdout.trim()).toBe(res.token);
    const rotated = await cli(['token', res.connection.id, '--rotate', '--json', ...D]);
    expect(JSON.parse(rotated.stdout).token).not.toBe(res.token);
    const gone = await cli(['disconnect', res.connection.id, ...D]);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toMatch(/8 credit\(s\) returned/);
  });

  it('shows inactive with the missing credits when short', async () => {
    await cli(['settings', 'set', 'credits.pool', '1', ...D]);
    try {
      const r = await cli(['connect', '--system', 'test-tier2', '--name', 'short', '--username', 'svc', '--password-stdin', ...D], 'right');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/inactive — 1 credit\(s\) missing/);
      const list = await cli(['connections', ...D]);
      expect(list.stdout).toMatch(/short\s+test-tier2\s+cloud\s+2\s+inactive/);
    } finally {
      await cli(['settings', 'set', 'credits.pool', '16', ...D]);
    }
  });

  it('exit 1 when the operation is refused, with the reason', async () => {
    const wrong = await cli(['connect', '--system', 'test-tier1', '--name', 'x', '--username', 'svc', '--password-stdin', ...D], 'wrong');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/rejected the credentials.*invalid_credentials/);
    const unknown = await cli(['disconnect', 'con_nope', ...D]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not_found/);
    const notImpl = await cli(['connect', '--system', 'test-unimplemented', '--name', 'x', '--url', 'https://ecc.plant.local', '--username', 'u', '--password-stdin', ...D], 'p');
    expect(notImpl.code).toBe(1);
    expect(notImpl.stderr).toMatch(/not_implemented/);
  });

  it('sync --wait runs a sync to its end and prints its counts', async () => {
    const c = JSON.parse((await cli(['connect', '--system', 'sandbox', '--name', 'SyncMe', '--json', ...D])).stdout);
    const r = await cli(['sync', c.connection.id, '--full', '--wait', '--json', ...D]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'full', status: 'completed', counts: { 'purchase-orders': { created: expect.any(Number) } } });
    const human = await cli(['sync', c.connection.id, '--wait', ...D]);
    expect(human.stdout).toMatch(/\(incremental\): completed/);
  });

  it('webhooks, deliveries and flows from the command line', async () => {
    const http = await import('node:http');
    const got: string[] = [];
    const rx = http.createServer((req, res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { got.push(b); res.end('ok'); }); });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(rx.address() as { port: number }).port}/hook`;
      const refused = await cli(['webhooks', 'add', '--url', url, ...D]);
      expect(refused.code).toBe(2); // http to loopback is refused until the admin allows it (invalid_request)
      expect(refused.stderr).toMatch(/url/i);
      expect((await cli(['settings', 'set', 'webhooks.allow_insecure_urls', 'true', ...D])).code).toBe(0);
      expect((await cli(['settings', 'set', 'webhooks.allowed_cidrs', '["127.0.0.0/8"]', ...D])).code).toBe(0);
      const added = await cli(['webhooks', 'add', '--url', url, '--events', 'sync.completed,system.error', '--json', ...D]);
      expect(added.code).toBe(0);
      const w = JSON.parse(added.stdout);
      expect(w).toMatchObject({ url, event_types: ['sync.completed', 'system.error'], connection_ids: 'all', secret: expect.stringMatching(/^whsec_/) });
      expect((await cli(['webhooks', 'list', ...D])).stdout).toContain(w.id);
      expect((await cli(['webhooks', 'list', ...D])).stdout).not.toContain(w.secret);
      expect((await cli(['webhooks', 'test', w.id, '--type', 'connection.auth_required', ...D])).code).toBe(0);
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(JSON.parse(got[0]).type).toBe('connection.auth_required');
      const deliveries = JSON.parse((await cli(['deliveries', '--webhook', w.id, '--json', ...D])).stdout).data;
      expect(deliveries[0]).toMatchObject({ webhook_id: w.id, type: 'connection.auth_required' });
      expect((await cli(['deliveries', 'redeliver', deliveries[0].id, ...D])).code).toBe(0);
      const c = JSON.parse((await cli(['connect', '--system', 'sandbox', '--name', 'FlowSrc', '--json', ...D])).stdout);
      const fs = await import('node:fs');
      const file = `${tempDir()}/flow.json`;
      fs.writeFileSync(file, JSON.stringify({ connection_id: c.connection.id, entity: 'purchase-orders', trigger: 'any', conditions: [{ field: 'total_amount', op: 'gte', value: '10000' }], webhook_id: w.id }));
      const flow = await cli(['flows', 'add', '--file', file, '--json', ...D]);
      expect(flow.code).toBe(0);
      const f = JSON.parse(flow.stdout);
      expect((await cli(['flows', 'list', ...D])).stdout).toContain(f.id);
      fs.writeFileSync(file, '{not json');
      expect((await cli(['flows', 'add', '--file', file, ...D])).code).toBe(2);
      expect((await cli(['flows', 'remove', f.id, ...D])).code).toBe(0);
      expect((await cli(['webhooks', 'remove', w.id, ...D])).code).toBe(0);
      expect((await cli(['webhooks', 'remove', w.id, ...D])).code).toBe(1);
      expect((await cli(['webhooks', 'frobnicate', ...D])).code).toBe(2);
    } finally {
      rx.close();
    }
  });

  it('exit 1 when no agent runs on the data dir', async () => {
    const r = await cli(['connections', '--data-dir', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No running Millwright agent/);
  });

  it('exit 2 on usage errors', async () => {
    for (const args of [['frobnicate'], ['connect', '--name', 'x'], ['connect', '--system', 'sandbox'], ['token'], ['systems', '--bogus'], []]) {
      const r = await cli([...args, ...D]);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('--password-stdin with empty stdin is refused, not sent', async () => {
    const r = await cli(['connect', '--system', 'test-tier1', '--name', 'x', '--username', 'svc', '--password-stdin', ...D], '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stdin was empty/);
  });
});
