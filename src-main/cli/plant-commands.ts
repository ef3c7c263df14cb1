// The CLI commands for running Millwright at a plant: diagnose, support-bundle,
// backup, restore (clients of the running agent's admin API) and service (OS
// service files, no agent needed). main.ts registers them and lends its
// argument parser, agent finder and error kinds through `CliKit`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { AdminApi } from '../contract/admin.js';
import type { DiagnoseResult } from '../contract/plantops.js';
import { defaultDataDir, packageRoot } from '../host/paths.js';
import { installService, servicePlan, serviceStatus, uninstallService, type ServiceDeps } from '../service/manager.js';
import { readSecret } from './secrets.js';

export interface CliKit {
  parse(args: string[], options: NonNullable<ParseArgsConfig['options']>, positionals?: number): { values: Record<string, string | boolean | undefined>; positionals: string[] };
  findAgent(dataDir: string | undefined): { api: AdminApi; dataDir: string };
  print(json: boolean | undefined, value: unknown, human: () => string): void;
  usage(message: string): Error;
  refused(message: string): Error;
}

export const PLANT_USAGE = `  diagnose ID [--json]                                   check DNS, TCP, proxy, TLS, credentials, entities
  support-bundle [-o FILE]                               a zip for support (no secrets); -o - writes to stdout
  backup -o FILE [--passphrase-stdin]                    an encrypted backup of settings, connections, webhooks
  restore FILE [--passphrase-stdin] [--force]            restore one (--force replaces existing connections)
  service install [--print] [--system] [--private-keyring] [--run-as USER] | uninstall [--system] | status [--system]`;

type Cmd = (args: string[]) => Promise<void>;

export function plantCommands(kit: CliKit, serviceDeps: ServiceDeps = {}): Record<string, Cmd> {
  const dataDirOf = (v: Record<string, string | boolean | undefined>) => v['data-dir'] as string | undefined;
  return {
    async diagnose(args) {
      const { values, positionals } = kit.parse(args, {}, 1);
      const res = await kit.findAgent(dataDirOf(values)).api.diagnose({ id: positionals[0] });
      kit.print(values.json as boolean, res, () => diagnosisText(res));
      const failed = res.checks.filter((c) => !c.ok && !c.skipped).length;
      if (failed) throw kit.refused(`${failed} check${failed === 1 ? '' : 's'} failed; the details above say how to fix ${failed === 1 ? 'it' : 'them'}.`);
    },

    async 'support-bundle'(args) {
      const { values } = kit.parse(args, { output: { type: 'string', short: 'o' } });
      const file = await kit.findAgent(dataDirOf(values)).api.supportBundle({});
      const out = values.output as string | undefined;
      if (out === '-') { process.stdout.write(file.data); return; }
      const target = path.resolve(out ?? file.filename);
      writeNew(kit, target, file.data);
      process.stdout.write(`Support bundle written to ${target} (${kb(file.data.length)}). It holds no secrets; send it to support.\n`);
    },

    async backup(args) {
      const { values } = kit.parse(args, { output: { type: 'string', short: 'o' }, 'passphrase-stdin': { type: 'boolean' } });
      if (!values.output) throw kit.usage('-o FILE is required: where to write the backup');
      const { api } = kit.findAgent(dataDirOf(values));
      const passphrase = await readPassphrase(kit, Boolean(values['passphrase-stdin']), true);
      const file = await api.backup({ passphrase });
      const target = path.resolve(values.output as string);
      writeNew(kit, target, file.data);
      process.stdout.write(`Backup written to ${target} (${kb(file.data.length)}), encrypted with your passphrase.\n` +
        'It holds every connection\'s credentials and token and every webhook secret: keep it and the passphrase apart, and safe.\n');
    },

    async restore(args) {
      const { values, positionals } = kit.parse(args, { 'passphrase-stdin': { type: 'boolean' }, force: { type: 'boolean' } }, 1);
      let file: Buffer;
      try { file = fs.readFileSync(positionals[0]); } catch (err) { throw kit.usage(`cannot read ${positionals[0]}: ${(err as Error).message}`); }
      const { api } = kit.findAgent(dataDirOf(values));
      const passphrase = await readPassphrase(kit, Boolean(values['passphrase-stdin']), false);
      const res = await api.restore({ file: new Uint8Array(file), passphrase, ...(values.force ? { force: true } : {}) });
      kit.print(values.json as boolean, res, () => [
        `Restored the backup of ${res.backup.created_at} (Millwright ${res.backup.app_version}): ${res.restored.connections} connection(s), ${res.restored.webhooks} webhook(s), ${res.restored.flows} flow(s) and the settings.`,
        ...(res.replaced.connections || res.replaced.webhooks || res.replaced.flows ? [`Replaced ${res.replaced.connections} connection(s), ${res.replaced.webhooks} webhook(s), ${res.replaced.flows} flow(s) that were here.`] : []),
        'The connection tokens and webhook secrets are the ones from the backup; each active connection syncs again now.',
        ...res.warnings.map((w) => `Warning: ${w}`),
      ].join('\n'));
    },

    async service(args) {
      const [sub, ...rest] = args;
      if (!sub || !['install', 'uninstall', 'status'].includes(sub)) throw kit.usage('service install [--print] [--system] | uninstall [--system] | status [--system]');
      const { values } = kit.parse(rest, {
        print: { type: 'boolean' }, system: { type: 'boolean' }, 'private-keyring': { type: 'boolean' }, 'run-as': { type: 'string' },
      });
      const env = serviceDeps.env ?? process.env;
      const system = Boolean(values.system);
      const plan = servicePlan({
        program: agentProgram(),
        dataDir: path.resolve(dataDirOf(values) ?? (system && (serviceDeps.platform ?? process.platform) === 'linux' ? '/var/lib/millwright' : defaultDataDir(env))),
        system,
        runAs: (values['run-as'] as string | undefined) ?? env.SUDO_USER ?? os.userInfo().username,
        ...(values['private-keyring'] ? { privateKeyring: true } : {}),
      }, serviceDeps);
      if (sub === 'install' && values.print) {
        process.stdout.write(`# ${plan.file}\n${plan.content}\n# then:\n${plan.install.map((c) => `#   ${c.join(' ')}`).join('\n')}\n`);
        return;
      }
      if (sub === 'install') {
        await installService(plan, serviceDeps);
        kit.print(values.json as boolean, { installed: true, kind: plan.kind, file: plan.file, notes: plan.notes }, () =>
          [`Installed ${plan.kind} service: ${plan.file}`, 'It starts now and at every boot.', ...plan.notes].join('\n'));
      } else if (sub === 'uninstall') {
        const r = await uninstallService(plan, serviceDeps);
        kit.print(values.json as boolean, { removed: r.removed, file: plan.file }, () => (r.removed ? `Removed ${plan.file}; the service is stopped.` : `No service installed at ${plan.file}.`));
      } else {
        const s = await serviceStatus(plan, serviceDeps);
        kit.print(values.json as boolean, s, () => (s.installed ? `${s.kind} service ${s.file}: ${s.state ?? 'state unknown'}` : `Not installed (no ${s.file}).`));
      }
    },
  };
}

/** How a service starts this same CLI: this Node, the package's built bin (absolute). */
function agentProgram(): string[] {
  const root = packageRoot();
  const bin = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: { millwright: string } }).bin.millwright;
  return [process.execPath, fs.realpathSync(path.join(root, bin))];
}

async function readPassphrase(kit: CliKit, fromStdin: boolean, confirm: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readSecret('Passphrase', false).catch((err: Error) => { throw kit.usage(err.message); });
  const first = await readSecret('Passphrase');
  if (confirm && (await readSecret('Passphrase again')) !== first) throw kit.usage('the two passphrases differ');
  return first;
}

function writeNew(kit: CliKit, target: string, data: Uint8Array): void {
  try {
    fs.writeFileSync(target, data, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw kit.refused(code === 'EEXIST' ? `${target} exists already; choose another name or remove it first.` : `cannot write ${target}: ${(err as Error).message}`);
  }
}

const kb = (n: number) => (n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`);

export function diagnosisText(r: DiagnoseResult): string {
  const failed = r.checks.filter((c) => !c.ok && !c.skipped).length;
  const width = Math.max(...r.checks.map((c) => c.name.length));
  return [
    `Diagnosis of ${r.connection_id} at ${r.at}: ${r.ok ? 'all checks passed' : `${failed} failed`}`,
    ...r.checks.map((c) => `  ${c.ok ? 'ok  ' : c.skipped ? '--  ' : 'FAIL'}  ${c.name.padEnd(width)}  ${(c.skipped ? '' : `${c.duration_ms} ms`).padStart(7)}  ${c.detail}`),
  ].join('\n');
}
