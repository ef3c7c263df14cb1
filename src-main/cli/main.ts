// The CLI (README: Try it). Every command but `agent` is a thin client of the
// running agent's admin HTTP API, found through its data dir. Secrets come from
// stdin or a hidden prompt, never from arguments. Exit codes: 0 ok, 1 refused, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createHttpAdminClient, AdminHttpError } from '../admin/client.js';
import type { AdminApi } from '../contract/admin.js';
import { defaultDataDir, ADMIN_TOKEN_FILE } from '../host/paths.js';
import { readAgentInfo, runningAgentDataDirs } from '../host/runtime.js';
import { parsePort } from '../host/ports.js';
import { readSecret } from './secrets.js';
import * as out from './format.js';
import { plantCommands, PLANT_USAGE } from './plant-commands.js';

class UsageError extends Error {}
class Refused extends Error {}

const USAGE = `Usage: millwright <command> [options]

  agent [--data-dir D] [--api-port P] [--admin-port P]   run the headless agent and admin UI
  systems | connections | credits [--json]
  connect --system S [--deployment cloud|on_prem] --name N [--url U] [--username U]
          [--email E] [--password-stdin | --api-key-stdin] [--option KEY=VALUE]… [--sap-client NNN] [--ca-file F]
          [--proxy URL] [--sync-interval MIN] [--history-days D] [--allow-insecure] [--json]
  reconnect ID [--password-stdin | --api-key-stdin] [--json]
  disconnect ID [--json]
  token ID [--rotate] [--json]
  activate ID | deactivate ID [--json]
  pause ID | resume ID [--json]                          stop or restart scheduled syncs (reads and manual syncs go on)
  configure ID [--sync-interval MIN] [--passthrough read_only|read_write|off]
          [--max-concurrent-requests N] [--blackouts 22:00-02:00,… | --blackouts none] [--json]
  sync ID [--full] [--wait] [--json]
  audit [--connection ID] [--kind write|passthrough|admin] [--limit N] [--json]
  settings [--json] | settings set KEY VALUE
  webhooks list | add --url U [--events a,b] [--connections id,…] [--entities a,b] | remove ID | test ID --type T
           | enable ID | disable ID | rotate-secret ID
  deliveries [--webhook ID] [--status pending|delivered|failed] | redeliver DELIVERY_ID
  flows list | add --file FLOW.json | remove ID
  info                                                   version, data dir, API address, keychain
${PLANT_USAGE}

Global: --data-dir D finds the agent running on D (else $MILLWRIGHT_DATA_DIR, the default
data dir, or the newest running agent). Exit codes: 0 ok, 1 refused, 2 usage error.`;

const common = { json: { type: 'boolean' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (positionals >= 0 && parsed.positionals.length !== positionals) {
    throw new UsageError(positionals ? `expected ${positionals} argument(s), got ${parsed.positionals.length}` : `unexpected argument "${parsed.positionals[0]}"`);
  }
  return parsed;
}

function findAgent(dataDirFlag: string | undefined): { api: AdminApi; dataDir: string } {
  const candidates = dataDirFlag ? [dataDirFlag] : [...new Set([process.env.MILLWRIGHT_DATA_DIR, defaultDataDir(), ...runningAgentDataDirs()].filter(Boolean) as string[])];
  for (const dir of candidates) {
    const info = readAgentInfo(dir);
    if (!info) continue;
    const token = fs.readFileSync(path.join(dir, ADMIN_TOKEN_FILE), 'utf8').trim();
    return { api: createHttpAdminClient(info.admin_url, token), dataDir: dir };
  }
  throw new Refused(`No running Millwright agent found${dataDirFlag ? ` on ${dataDirFlag}` : ''}. Start one with \`millwright agent${dataDirFlag ? ` --data-dir ${dataDirFlag}` : ''}\` (or open the desktop app).`);
}

/** A system's own options, `--option key=value` (the catalog lists them per system; the agent checks them). */
function systemOptions(pairs: string[]): Record<string, string> {
  return Object.fromEntries(pairs.map((p) => {
    const i = p.indexOf('=');
    if (i < 1) throw new UsageError(`--option takes key=value, got ${JSON.stringify(p)}`);
    return [p.slice(0, i), p.slice(i + 1)];
  }));
}

const print = (json: boolean | undefined, value: unknown, human: () => string) => {
  process.stdout.write((json ? JSON.stringify(value, null, 2) : human()) + '\n');
};

type Cmd = (args: string[]) => Promise<void>;

const commands: Record<string, Cmd> = {
  async agent(args) {
    const { values } = parse(args, { 'api-port': { type: 'string' }, 'admin-port': { type: 'string' } });
    const port = (v: string | undefined, flag: string) => {
      if (v === undefined) return undefined;
      const n = parsePort(v);
      if (n === null) throw new UsageError(`${flag} must be a port number (0-65535; 0 = any free port)`);
      return n;
    };
    const { runAgent } = await import('./agent-command.js');
    await runAgent({ dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()), apiPort: port(values['api-port'], '--api-port'), adminPort: port(values['admin-port'], '--admin-port') });
  },

  async systems(args) {
    const { values } = parse(args, {});
    const res = await findAgent(values['data-dir']).api.listSystems({});
    print(values.json, res, () => out.systemsTable(res.data));
  },

  async connections(args) {
    const { values } = parse(args, {});
    const res = await findAgent(values['data-dir']).api.listConnections({});
    print(values.json, res, () => out.connectionsTable(res.data));
  },

  async credits(args) {
    const { values } = parse(args, {});
    const res = await findAgent(values['data-dir']).api.credits({});
    print(values.json, res, () => out.creditsText(res));
  },

  async connect(args) {
    const { values } = parse(args, {
      system: { type: 'string' }, deployment: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' },
      username: { type: 'string' }, email: { type: 'string' }, 'password-stdin': { type: 'boolean' }, 'api-key-stdin': { type: 'boolean' },
      'sap-client': { type: 'string' }, option: { type: 'string', multiple: true }, 'ca-file': { type: 'string' }, proxy: { type: 'string' }, 'sync-interval': { type: 'string' },
      'history-days': { type: 'string' }, 'allow-insecure': { type: 'boolean' },
    });
    if (!values.system) throw new UsageError('--system is required (see `millwright systems`)');
    if (!values.name) throw new UsageError('--name is required');
    if (values.deployment && !['cloud', 'on_prem'].includes(values.deployment)) throw new UsageError('--deployment must be cloud or on_prem');
    const { api } = findAgent(values['data-dir']);
    const credentials = await credentialsFromFlags(values);
    const options = {
      ...systemOptions(values.option ?? []),
      ...(values['sap-client'] ? { sap_client: values['sap-client'] } : {}),
      ...(values['ca-file'] ? { ca_cert: readFile(values['ca-file']) } : {}),
      ...(values.proxy ? { proxy_url: values.proxy } : {}),
      ...(values['sync-interval'] ? { sync_interval_minutes: int(values['sync-interval'], '--sync-interval') } : {}),
      ...(values['history-days'] ? { history_days: int(values['history-days'], '--history-days') } : {}),
      ...(values['allow-insecure'] ? { allow_insecure: true } : {}),
    };
    const res = await api.connect({
      system: values.system, name: values.name,
      ...(values.deployment ? { deployment: values.deployment as 'cloud' | 'on_prem' } : {}),
      ...(values.url ? { base_url: values.url } : {}),
      ...(Object.keys(credentials).length ? { credentials } : {}),
      ...(Object.keys(options).length ? { options } : {}),
    });
    print(values.json, res, () => out.connectResult(res));
  },

  async reconnect(args) {
    const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' }, 'api-key-stdin': { type: 'boolean' }, username: { type: 'string' }, email: { type: 'string' } }, 1);
    const { api } = findAgent(values['data-dir']);
    const id = positionals[0];
    const current = await api.getConnection({ id });
    const stored = { ...(values.username ? { username: values.username } : {}), ...(values.email ? { email: values.email } : {}) };
    const secret = await credentialsFromFlags({ ...values, ...stored }, current.system);
    const res = await api.reconnect({ id, ...(Object.keys(secret).length ? { credentials: secret } : {}) });
    print(values.json, res, () => out.connectResult(res, true));
  },

  async disconnect(args) {
    const { values, positionals } = parse(args, {}, 1);
    const res = await findAgent(values['data-dir']).api.disconnect({ id: positionals[0] });
    print(values.json, res, () => `Disconnected ${res.id}. ${res.credits_returned} credit(s) returned; its token no longer works.`);
  },

  async token(args) {
    const { values, positionals } = parse(args, { rotate: { type: 'boolean' } }, 1);
    const { api } = findAgent(values['data-dir']);
    const res = values.rotate ? await api.rotateToken({ id: positionals[0] }) : await api.revealToken({ id: positionals[0] });
    print(values.json, res, () => (values.rotate ? `${res.token}\nThe old token no longer works.` : res.token));
  },

  async activate(args) {
    const { values, positionals } = parse(args, {}, 1);
    const res = await findAgent(values['data-dir']).api.activate({ id: positionals[0] });
    print(values.json, res, () => out.connectionLine(res));
  },

  async deactivate(args) {
    const { values, positionals } = parse(args, {}, 1);
    const res = await findAgent(values['data-dir']).api.deactivate({ id: positionals[0] });
    print(values.json, res, () => out.connectionLine(res));
  },

  async pause(args) {
    const { values, positionals } = parse(args, {}, 1);
    const res = await findAgent(values['data-dir']).api.pause({ id: positionals[0] });
    print(values.json, res, () => `${res.id}  ${res.name}: scheduled syncs paused. Reads and \`millwright sync ${res.id}\` still work; \`millwright resume ${res.id}\` restarts them.`);
  },

  async resume(args) {
    const { values, positionals } = parse(args, {}, 1);
    const res = await findAgent(values['data-dir']).api.resume({ id: positionals[0] });
    print(values.json, res, () => `${res.id}  ${res.name}: scheduled syncs resumed.`);
  },

  async configure(args) {
    const { values, positionals } = parse(args, {
      'sync-interval': { type: 'string' }, passthrough: { type: 'string' }, 'max-concurrent-requests': { type: 'string' }, blackouts: { type: 'string' },
    }, 1);
    const patch = {
      ...(values['sync-interval'] !== undefined ? { sync_interval_minutes: int(values['sync-interval'], '--sync-interval') } : {}),
      ...(values.passthrough !== undefined ? { passthrough: values.passthrough as 'read_only' } : {}),
      ...(values['max-concurrent-requests'] !== undefined ? { max_concurrent_requests: int(values['max-concurrent-requests'], '--max-concurrent-requests') } : {}),
      ...(values.blackouts !== undefined ? { sync_blackouts: blackouts(values.blackouts) } : {}),
    };
    if (Object.keys(patch).length === 0) throw new UsageError('give at least one of --sync-interval, --passthrough, --max-concurrent-requests, --blackouts');
    const res = await findAgent(values['data-dir']).api.updateConnection({ id: positionals[0], ...patch });
    print(values.json, res, () => out.connectionSettings(res));
  },

  async audit(args) {
    const { values } = parse(args, { connection: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' } });
    const res = await findAgent(values['data-dir']).api.listAudit({
      ...(values.connection ? { connection_id: values.connection } : {}), ...(values.kind ? { kind: values.kind as 'admin' } : {}),
      ...(values.limit ? { limit: int(values.limit, '--limit') } : {}),
    });
    print(values.json, res, () => out.auditTable(res.data));
  },

  async sync(args) {
    const { values, positionals } = parse(args, { full: { type: 'boolean' }, wait: { type: 'boolean' } }, 1);
    const { api } = findAgent(values['data-dir']);
    let run = await api.syncNow({ id: positionals[0], full: values.full ?? false });
    if (values.wait) {
      while (run.status === 'queued' || run.status === 'in_progress') {
        await new Promise((r) => setTimeout(r, 500));
        run = (await api.listSyncs({ id: positionals[0] })).data.find((s) => s.id === run.id) ?? run;
      }
    }
    print(values.json, run, () => out.syncRun(run));
    if (run.status === 'failed') throw new Refused(`sync failed: ${run.error?.message ?? 'unknown error'}`);
  },

  async info(args) {
    const { values } = parse(args, {});
    const res = await findAgent(values['data-dir']).api.agentInfo({});
    print(values.json, res, () => [
      `Millwright ${res.version} (pid ${res.pid})`, `  Data dir:     ${res.data_dir}`, `  Unified API:  ${res.api_url ?? 'not listening'}`, `  Admin API:    ${res.admin_url ?? 'not listening'}`,
      `  Keychain:     ${res.keychain.backend} — ${res.keychain.available ? 'available' : `NOT available: ${res.keychain.problem}`}`,
    ].join('\n'));
  },

  async webhooks(args) {
    const [sub, ...rest] = args;
    const subs: Record<string, () => Promise<void>> = {
      list: async () => {
        const { values } = parse(rest, {});
        const res = await findAgent(values['data-dir']).api.listWebhooks({});
        print(values.json, res, () => out.webhooksTable(res.data));
      },
      add: async () => {
        const { values } = parse(rest, { url: { type: 'string' }, events: { type: 'string' }, connections: { type: 'string' }, entities: { type: 'string' }, description: { type: 'string' } });
        if (!values.url) throw new UsageError('--url is required');
        const csv = (v: string | undefined) => (v === undefined || v === 'all' ? 'all' as const : v.split(',').map((x) => x.trim()).filter(Boolean));
        const res = await findAgent(values['data-dir']).api.createWebhook({
          url: values.url, event_types: csv(values.events) as never, connection_ids: csv(values.connections), entities: csv(values.entities) as never,
          ...(values.description ? { description: values.description } : {}),
        });
        print(values.json, res, () => `Added webhook ${res.id} → ${res.url}\nSigning secret (shown once; keep it to verify deliveries):\n${res.secret}`);
      },
      remove: async () => {
        const { values, positionals } = parse(rest, {}, 1);
        const res = await findAgent(values['data-dir']).api.deleteWebhook({ id: positionals[0] });
        print(values.json, res, () => `Removed webhook ${res.id}.`);
      },
      test: async () => {
        const { values, positionals } = parse(rest, { type: { type: 'string' } }, 1);
        if (!values.type) throw new UsageError('--type is required, e.g. --type sync.completed');
        const res = await findAgent(values['data-dir']).api.testWebhook({ id: positionals[0], type: values.type as never });
        print(values.json, res, () => `Queued test ${res.type} delivery ${res.id} (event ${res.event_id}); see \`millwright deliveries --webhook ${positionals[0]}\`.`);
      },
      enable: async () => toggle(true),
      disable: async () => toggle(false),
      'rotate-secret': async () => {
        const { values, positionals } = parse(rest, {}, 1);
        const res = await findAgent(values['data-dir']).api.updateWebhook({ id: positionals[0], rotate_secret: true });
        print(values.json, res, () => `New signing secret for ${res.id} (the old one keeps signing for 24 h):\n${res.secret}`);
      },
    };
    const toggle = async (enabled: boolean) => {
      const { values, positionals } = parse(rest, {}, 1);
      const res = await findAgent(values['data-dir']).api.updateWebhook({ id: positionals[0], enabled });
      print(values.json, res, () => `${res.id} ${res.enabled ? 'enabled' : 'disabled'}.`);
    };
    if (!sub || !subs[sub]) throw new UsageError(`webhooks ${Object.keys(subs).join('|')}`);
    await subs[sub]();
  },

  async deliveries(args) {
    if (args[0] === 'redeliver') {
      const { values, positionals } = parse(args.slice(1), {}, 1);
      const res = await findAgent(values['data-dir']).api.redeliver({ id: positionals[0] });
      print(values.json, res, () => `Queued ${res.id}: ${res.type} again to ${res.webhook_id} (same webhook-id ${res.event_id}).`);
      return;
    }
    const { values } = parse(args, { webhook: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' } });
    const res = await findAgent(values['data-dir']).api.listDeliveries({
      ...(values.webhook ? { webhook_id: values.webhook } : {}), ...(values.status ? { status: values.status as never } : {}),
      ...(values.limit ? { limit: int(values.limit, '--limit') } : {}),
    });
    print(values.json, res, () => out.deliveriesTable(res.data));
  },

  async flows(args) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      const { values } = parse(rest, {});
      const res = await findAgent(values['data-dir']).api.listFlows({});
      print(values.json, res, () => out.flowsTable(res.data));
    } else if (sub === 'add') {
      const { values } = parse(rest, { file: { type: 'string' } });
      if (!values.file) throw new UsageError('--file FLOW.json is required');
      let flow: unknown;
      try { flow = JSON.parse(readFile(values.file)); } catch (err) { throw new UsageError(`${values.file} is not valid JSON: ${(err as Error).message}`); }
      const res = await findAgent(values['data-dir']).api.createFlow(flow as never);
      print(values.json, res, () => `Added flow ${res.id}: ${res.entity} ${res.trigger} with ${res.conditions.length} condition(s) → ${res.webhook_id}`);
    } else if (sub === 'remove') {
      const { values, positionals } = parse(rest, {}, 1);
      const res = await findAgent(values['data-dir']).api.deleteFlow({ id: positionals[0] });
      print(values.json, res, () => `Removed flow ${res.id}.`);
    } else {
      throw new UsageError('flows list|add --file FLOW.json|remove ID');
    }
  },

  async settings(args) {
    const { values, positionals } = parse(args, {}, -1);
    const { api } = findAgent(values['data-dir']);
    if (positionals.length === 0) {
      const res = await api.getSettings({});
      print(values.json, res, () => Object.entries(res).map(([k, v]) => `${k.padEnd(32)} ${JSON.stringify(v)}`).join('\n'));
      return;
    }
    if (positionals[0] !== 'set' || positionals.length !== 3) throw new UsageError('usage: millwright settings set KEY VALUE');
    const [, key, raw] = positionals;
    let value: unknown = raw;
    try { value = JSON.parse(raw); } catch { /* a bare string */ }
    const res = await api.patchSettings({ [key]: value } as never);
    print(values.json, res, () => `${key} = ${JSON.stringify((res as Record<string, unknown>)[key])}`);
  },
};

Object.assign(commands, plantCommands({
  parse: parse as never, findAgent, print, usage: (m) => new UsageError(m), refused: (m) => new Refused(m),
}));

function int(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number`);
  return n;
}

/** `22:00-02:00,12:00-12:30` (or `none`) as sync blackout windows; the agent checks the times. */
function blackouts(v: string): { start: string; end: string }[] {
  if (v.trim() === 'none' || v.trim() === '') return [];
  return v.split(',').map((w) => {
    const m = /^\s*([^-\s]+)\s*-\s*([^-\s]+)\s*$/.exec(w);
    if (!m) throw new UsageError(`--blackouts: "${w}" is not a window such as 22:00-02:00`);
    return { start: m[1], end: m[2] };
  });
}

function readFile(file: string): string {
  try { return fs.readFileSync(file, 'utf8'); } catch (err) { throw new UsageError(`cannot read ${file}: ${(err as Error).message}`); }
}

async function credentialsFromFlags(values: { username?: string; email?: string; 'password-stdin'?: boolean; 'api-key-stdin'?: boolean }, _system?: string): Promise<Record<string, string>> {
  if (values['password-stdin'] && values['api-key-stdin']) throw new UsageError('give either --password-stdin or --api-key-stdin');
  const creds: Record<string, string> = {};
  if (values.username) creds.username = values.username;
  if (values.email) creds.email = values.email;
  if (values['api-key-stdin']) creds.api_key = await readSecret('API key');
  else if (values['password-stdin'] || values.username || values.email) creds.password = await readSecret('Password', !values['password-stdin']);
  return creds;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`millwright: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(USAGE + '\n'); return 0; }
  try {
    await cmd(rest);
    return 0;
  } catch (err) {
    const json = rest.includes('--json');
    if (err instanceof UsageError) {
      process.stderr.write(`millwright ${name}: ${err.message}\n(see millwright --help)\n`);
      return 2;
    }
    if (err instanceof AdminHttpError) {
      if (json) process.stdout.write(JSON.stringify(err.body, null, 2) + '\n');
      process.stderr.write(`millwright ${name}: ${err.message} [${err.code}]\n`);
      return err.code === 'invalid_request' && err.status === 400 ? 2 : 1;
    }
    if (err instanceof Refused) {
      process.stderr.write(`millwright ${name}: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`millwright ${name}: ${(err as Error).message ?? err}\n`);
    return 1;
  }
}
