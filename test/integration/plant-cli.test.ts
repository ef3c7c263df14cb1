// The plant-operations CLI commands, run as a user would (a child process,
// secrets on stdin) against real agents: diagnose (human, --json, exit code on
// a failed check), support-bundle -o, backup -o / restore (wrong passphrase,
// refusal without --force), and usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { fakeSystem } from '../support/fake-system.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const PASSPHRASE = 'plant backup passphrase 2026';
let a: Awaited<ReturnType<typeof startTestHost>>;
let b: Awaited<ReturnType<typeof startTestHost>>;
let A: string[];
let B: string[];
let sandbox: string;
let erp: string;
const out = tempDir('mw-cli-out-');

beforeAll(async () => {
  fakeSystem.password = 'right';
  [a, b] = [await startTestHost(), await startTestHost()];
  A = ['--data-dir', a.dataDir];
  B = ['--data-dir', b.dataDir];
  sandbox = JSON.parse((await cli(['connect', '--system', 'sandbox', '--name', 'Demo', '--json', ...A])).stdout).connection.id;
  erp = JSON.parse((await cli(['connect', '--system', 'test-tier2', '--deployment', 'cloud', '--name', 'ERP', '--username', 'svc', '--password-stdin', '--json', ...A], 'right\n')).stdout).connection.id;
});

describe('millwright diagnose', () => {
  it('prints each check; --json prints the admin API\'s JSON', async () => {
    const human = await cli(['diagnose', sandbox, ...A]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^Diagnosis of ${sandbox} at \\S+: all checks passed`));
    expect(human.stdout).toMatch(/\n {2}ok {4}auth +\d+ ms {2}Sandbox accepted the stored credentials\./);
    expect(human.stdout).toMatch(/ok {4}entity:work-orders/);
    const json = JSON.parse((await cli(['diagnose', sandbox, '--json', ...A])).stdout);
    expect(json).toMatchObject({ connection_id: sandbox, trigger: 'manual', ok: true });
    expect(json.checks.map((c: { name: string }) => c.name)).toEqual(['auth', 'entity:locations', 'entity:vendors', 'entity:assets', 'entity:inventory-items', 'entity:purchase-orders', 'entity:work-orders',
      'entity:meters', 'entity:meter-readings', 'entity:service-requests', 'entity:maintenance-plans', 'entity:purchase-requisitions']);
  });

  it('exits 1 when a check fails, naming it', async () => {
    fakeSystem.password = 'rotated-by-the-sap-team';
    try {
      const r = await cli(['diagnose', erp, ...A]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAIL {2}auth .*rejected the stored credentials/);
      expect(r.stdout).toMatch(/-- +entity:assets +Not run: the auth check failed\./);
      expect(r.stderr).toContain('1 check failed');
    } finally {
      fakeSystem.password = 'right';
    }
    expect((await cli(['diagnose', 'con_unknown1', ...A])).code).toBe(1);
    expect((await cli(['diagnose', ...A])).code).toBe(2);
  });
});

describe('millwright support-bundle', () => {
  it('writes the zip (mode 0600) and never overwrites a file', async () => {
    const file = path.join(out, 'bundle.zip');
    const r = await cli(['support-bundle', '-o', file, ...A]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Support bundle written to ${file}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const names = Object.keys(unzipSync(fs.readFileSync(file)));
    expect(names.some((n) => n.endsWith('/connections.json'))).toBe(true);
    const again = await cli(['support-bundle', '-o', file, ...A]);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') });
  });
});

describe('millwright backup and restore', () => {
  const file = path.join(out, 'plant.mwbackup');

  it('backs up with the passphrase from stdin', async () => {
    expect((await cli(['backup', ...A], PASSPHRASE)).code).toBe(2); // -o is required
    expect((await cli(['backup', '-o', path.join(out, 'x'), '--passphrase-stdin', ...A], 'short')).stderr).toMatch(/passphrase: at least 12 characters/);
    const r = await cli(['backup', '-o', file, '--passphrase-stdin', ...A], `${PASSPHRASE}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Backup written to ${file}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file).subarray(0, 8).toString()).toBe('MWBACKUP');
  });

  it('restores into another agent; a wrong passphrase or existing connections without --force are refused', async () => {
    const wrong = await cli(['restore', file, '--passphrase-stdin', ...B], 'not the right passphrase');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/The passphrase does not open this backup; nothing was restored.*\[wrong_passphrase\]/);

    const r = await cli(['restore', file, '--passphrase-stdin', ...B], PASSPHRASE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Restored the backup of \S+ \(Millwright [\d.]+\): 2 connection\(s\), 0 webhook\(s\), 0 flow\(s\) and the settings\./);
    const conns = JSON.parse((await cli(['connections', '--json', ...B])).stdout).data.map((c: { id: string }) => c.id);
    expect(conns).toEqual([sandbox, erp]);
    const token = (await cli(['token', erp, ...A])).stdout.trim();
    expect((await cli(['token', erp, ...B])).stdout.trim()).toBe(token);

    const refused = await cli(['restore', file, '--passphrase-stdin', ...B], PASSPHRASE);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/already has 2 connections.*--force.*\[conflict\]/) });
    const forced = await cli(['restore', file, '--passphrase-stdin', '--force', '--json', ...B], PASSPHRASE);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ replaced: { connections: 2 }, restored: { connections: 2 } });
    expect((await cli(['restore', path.join(out, 'missing.mwbackup'), '--passphrase-stdin', ...B], PASSPHRASE)).code).toBe(2);
  });
});
