// `millwright service`: the systemd units pass `systemd-analyze verify` (which
// needs no running systemd), the launchd property list parses with a plist
// parser and has the keys launchd reads, the Windows (WinSW) definition and its
// commands are asserted as data, and install / uninstall / status write into a
// redirected XDG_CONFIG_HOME and record the systemctl commands instead of
// running them.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import plist from 'plist';
import { describe, expect, it } from 'vitest';
import { launchdPlist, systemdUnit, systemdWord, windowsService, type ServiceOptions } from '../../src-main/service/definitions.js';
import { installService, servicePlan, serviceStatus, uninstallService, type RunResult } from '../../src-main/service/manager.js';
import { cli, millwrightBin } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const bin = millwrightBin();
const base = (dataDir: string): ServiceOptions => ({ program: [process.execPath, bin], dataDir, system: false });

/** systemd-analyze verify on a unit file; returns its exit code and everything it printed. */
function verify(unit: string, user: boolean): { code: number; output: string } {
  const dir = tempDir('mw-unit-');
  const file = path.join(dir, 'millwright.service');
  fs.writeFileSync(file, unit);
  const runtime = fs.mkdtempSync(path.join(dir, 'rt-'));
  const r = spawnSync('systemd-analyze', [...(user ? ['--user'] : []), 'verify', file], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}`.trim() };
}

describe('systemd unit', () => {
  const dataDir = '/srv/plant data/millwright';

  it('user unit: verifies cleanly, restarts on failure, hardened, writes only the data dir', () => {
    const unit = systemdUnit(base(dataDir));
    expect(verify(unit, true)).toEqual({ code: 0, output: '' });
    const lines = unit.split('\n');
    for (const l of ['Restart=on-failure', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths="/srv/plant data/millwright"', 'WantedBy=default.target', 'StandardOutput=null']) {
      expect(lines).toContain(l);
    }
    expect(lines.find((l) => l.startsWith('ExecStart='))).toBe(`ExecStart=${process.execPath} ${bin} agent --data-dir "/srv/plant data/millwright"`);
    expect(unit).not.toMatch(/^User=/m);
    expect(unit).toContain('# Keychain: Millwright keeps every secret in the Secret Service of your login session');
  });

  it('system unit: its own D-Bus session and GNOME Keyring for a headless server, explained in comments', () => {
    const unit = systemdUnit({ ...base('/var/lib/millwright'), system: true, runAs: 'mwagent' });
    expect(verify(unit, false)).toEqual({ code: 0, output: '' });
    const lines = unit.split('\n');
    for (const l of ['User=mwagent', 'StateDirectory=millwright', 'ReadWritePaths=/var/lib/millwright', 'ProtectSystem=strict', 'NoNewPrivileges=yes',
      'Restart=on-failure', 'WantedBy=multi-user.target', 'LoadCredential=keyring-password:/etc/millwright/keyring-password', 'Environment=XDG_DATA_HOME=/var/lib/millwright/keyring']) {
      expect(lines).toContain(l);
    }
    expect(lines.find((l) => l.startsWith('ExecStart='))).toMatch(/^ExecStart=\/usr\/bin\/dbus-run-session -- \/bin\/sh -c "gnome-keyring-daemon --unlock --components=secrets < \\"\$\$CREDENTIALS_DIRECTORY\/keyring-password\\" > \/dev\/null && exec \\"\$\$0\\" \\"\$\$@\\"" \S+ \S+cli\.js agent --data-dir \/var\/lib\/millwright$/);
    expect(unit).toMatch(/# This machine has no desktop session, so the service starts its own: dbus-run-session/);
    expect(unit).toMatch(/# dbus, gnome-keyring\) unlocks the keyring kept in the data dir/);
  });

  it('user unit with a private keyring verifies too, its password file under the user\'s config', () => {
    const unit = systemdUnit({ ...base('/home/op/.local/share/millwright'), privateKeyring: true });
    expect(verify(unit, true)).toEqual({ code: 0, output: '' });
    expect(unit).toContain('LoadCredential=keyring-password:%h/.config/millwright/keyring-password');
  });

  it('escapes what systemd would expand', () => {
    expect(systemdWord('/opt/a b')).toBe('"/opt/a b"');
    expect(systemdWord('100%')).toBe('100%%');
    expect(systemdWord('$HOME')).toBe('"$$HOME"');
    expect(systemdWord('a"b')).toBe('"a\\"b"');
  });

  it('a unit that is wrong does not verify (the check can fail)', () => {
    expect(verify(systemdUnit(base('/srv/x')).replace('Restart=on-failure', 'Restart=sometimes'), true).output).toMatch(/Failed to parse service restart specifier/);
  });
});

describe('launchd property list', () => {
  it('parses, with the keys launchd reads', () => {
    const text = launchdPlist({ ...base('/Users/op/Library/Application Support/Millwright'), program: ['/usr/local/bin/node', '/opt/mw & co/cli.js'] });
    const parsed = plist.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual({
      Label: 'com.millwright.agent',
      ProgramArguments: ['/usr/local/bin/node', '/opt/mw & co/cli.js', 'agent', '--data-dir', '/Users/op/Library/Application Support/Millwright'],
      EnvironmentVariables: { MILLWRIGHT_DATA_DIR: '/Users/op/Library/Application Support/Millwright' },
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 10,
      Umask: 63,
      StandardErrorPath: '/Users/op/Library/Application Support/Millwright/logs/service-stderr.log',
    });
    // Well-formed for libxml2 too, when it is installed.
    const xmllint = spawnSync('xmllint', ['--noout', '-'], { input: text });
    if (!xmllint.error) expect(xmllint.status).toBe(0);
  });

  it('a daemon names the user it runs as', () => {
    const parsed = plist.parse(launchdPlist({ ...base('/var/mw'), system: true, runAs: 'mwagent' })) as Record<string, unknown>;
    expect(parsed.UserName).toBe('mwagent');
  });
});

describe('Windows service', () => {
  it('is a WinSW definition and its command lines, as data', () => {
    const w = windowsService({ program: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\mw\\out\\main\\cli.js'], dataDir: 'C:\\Users\\op\\AppData\\Roaming\\Millwright', system: false, installDir: 'C:\\ProgramData\\Millwright' });
    expect(w.install).toEqual([
      ['C:\\ProgramData\\Millwright\\millwright-service.exe', 'install', '/p'],
      ['sc.exe', 'failureflag', 'Millwright', '1'],
      ['C:\\ProgramData\\Millwright\\millwright-service.exe', 'start'],
    ]);
    expect(w.uninstall).toEqual([['C:\\ProgramData\\Millwright\\millwright-service.exe', 'stop'], ['C:\\ProgramData\\Millwright\\millwright-service.exe', 'uninstall']]);
    expect(w.status).toEqual(['sc.exe', 'query', 'Millwright']);
    expect(w.config).toContain('<executable>C:\\Program Files\\nodejs\\node.exe</executable>');
    expect(w.config).toContain('<arguments>C:\\mw\\out\\main\\cli.js agent --data-dir C:\\Users\\op\\AppData\\Roaming\\Millwright</arguments>');
    expect(w.config).toContain('<onfailure action="restart" delay="10 sec"/>');
    expect(w.config).toContain('<env name="MILLWRIGHT_DATA_DIR" value="C:\\Users\\op\\AppData\\Roaming\\Millwright"/>');
  });
});

describe('install, status, uninstall (systemd user unit, systemctl recorded)', () => {
  it('writes the unit under XDG_CONFIG_HOME, enables it, reports it, removes it', async () => {
    const config = tempDir('mw-xdg-');
    const dataDir = path.join(tempDir('mw-data-'), 'millwright');
    const calls: string[] = [];
    const answers: Record<string, RunResult> = { 'systemctl --user is-active millwright.service': { code: 0, stdout: 'active\n', stderr: '' } };
    const deps = { platform: 'linux' as const, env: { HOME: '/nonexistent', XDG_CONFIG_HOME: config }, runner: async (cmd: string, args: string[]) => {
      const line = [cmd, ...args].join(' ');
      calls.push(line);
      return answers[line] ?? { code: 0, stdout: '', stderr: '' };
    } };
    const plan = servicePlan(base(dataDir), deps);
    expect(plan.file).toBe(path.join(config, 'systemd', 'user', 'millwright.service'));
    expect(await serviceStatus(plan, deps)).toMatchObject({ installed: false, state: null });
    expect(calls).toEqual([]);

    await installService(plan, deps);
    expect(fs.readFileSync(plan.file, 'utf8')).toBe(systemdUnit(base(dataDir)));
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(calls).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now millwright.service']);
    expect(await serviceStatus(plan, deps)).toEqual({ kind: 'systemd-user', file: plan.file, installed: true, state: 'active' });

    calls.length = 0;
    expect(await uninstallService(plan, deps)).toMatchObject({ removed: true });
    expect(fs.existsSync(plan.file)).toBe(false);
    expect(calls).toEqual(['systemctl --user disable --now millwright.service', 'systemctl --user daemon-reload']);
  });

  it('reports a failing systemctl instead of hiding it', async () => {
    const deps = { platform: 'linux' as const, env: { XDG_CONFIG_HOME: tempDir('mw-xdg-') }, runner: async () => ({ code: 1, stdout: '', stderr: 'Failed to connect to bus: No medium found' }) };
    await expect(installService(servicePlan(base(tempDir()), deps), deps)).rejects.toThrow(/systemctl --user daemon-reload failed \(exit 1\): Failed to connect to bus/);
  });
});

describe('the CLI', () => {
  it('service install --print shows the unit and writes nothing', async () => {
    const config = tempDir('mw-xdg-');
    const r = await cliWith({ XDG_CONFIG_HOME: config }, ['service', 'install', '--print', '--data-dir', '/srv/mw']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`# ${path.join(config, 'systemd', 'user', 'millwright.service')}`);
    expect(r.stdout).toContain(`ExecStart=${process.execPath} ${fs.realpathSync(bin)} agent --data-dir /srv/mw`);
    expect(r.stdout).toContain('#   systemctl --user enable --now millwright.service');
    expect(fs.readdirSync(config)).toEqual([]);
    const status = await cliWith({ XDG_CONFIG_HOME: config }, ['service', 'status']);
    expect(status).toMatchObject({ code: 0, stdout: expect.stringContaining('Not installed') });
    expect((await cliWith({}, ['service', 'start'])).code).toBe(2);
  });
});

function cliWith(env: Record<string, string>, args: string[]) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try { return cli(args); } finally { process.env = saved; }
}

// The verify tool must be there (Debian package `systemd`; .ci/run installs it).
execFileSync('systemd-analyze', ['--version']);
