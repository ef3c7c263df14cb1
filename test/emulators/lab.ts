// `npm run lab`: the four system emulators with demo data on fixed local ports,
// over HTTPS signed by one private CA (written to .lab/ca.pem), printing how to
// connect each with the CLI and how to flip its fault switches. Ctrl+C stops it.
//
//   npm run lab [-- --port-base N] [-- --http]
//
// Tests reuse startLab() with ephemeral ports (ports: 0).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { EmulatorServer } from './common/server.js';
import { privatePki } from './common/tls.js';
import { startSapS4hanaEmulator } from './sap-s4hana/index.js';
import { startSapEccEmulator } from './sap-ecc/index.js';
import { startMaximoEmulator } from './ibm-maximo/index.js';
import { startUpKeepEmulator } from './upkeep/index.js';

export type LabSystemId = 'sap-s4hana' | 'sap-ecc' | 'ibm-maximo' | 'upkeep';

/** S/4HANA on the base port (SAP's 443<instance>), then ECC, Maximo, UpKeep. */
export const DEFAULT_PORT_BASE = 44300;
const ORDER: LabSystemId[] = ['sap-s4hana', 'sap-ecc', 'ibm-maximo', 'upkeep'];
export const labPorts = (base = DEFAULT_PORT_BASE) => Object.fromEntries(ORDER.map((id, i) => [id, base + i])) as Record<LabSystemId, number>;

export interface LabSystem {
  id: LabSystemId;
  name: string;
  imitates: string;
  deployment: 'cloud' | 'on_prem';
  credits: number;
  url: string;
  server: EmulatorServer;
  /** The secret the connect command reads from stdin. */
  secret: string;
  /** `millwright` arguments of the connect command (without the data dir). */
  connectArgs: string[];
  /** The copy-pasteable connect command line. */
  connectCommand: string;
  /** The copy-pasteable reconnect command line (after a credential rotation). */
  reconnectCommand: (connectionId: string, secret: string) => string;
  /** Copy-pasteable `curl` lines, by side-channel command. */
  curl: (command: string, body?: Record<string, unknown>) => string;
  /** The system-specific side-channel commands (besides `faults` and `goDown`). */
  commands: string[];
}

export interface Lab {
  systems: Record<LabSystemId, LabSystem>;
  /** Where the private CA was written (null with http). */
  caFile: string | null;
  /** What `npm run lab` prints. */
  instructions: string;
  close(): Promise<void>;
}

export interface LabOptions {
  /** Ports by system; 0 for ephemeral. Default: labPorts(). */
  ports?: Partial<Record<LabSystemId, number>>;
  /** Plain http instead of HTTPS (connect then needs --allow-insecure). */
  http?: boolean;
  /** Where ca.pem goes; default .lab in the current directory. */
  dir?: string;
}

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const ports = { ...labPorts(), ...opts.ports };
  const tls = !opts.http;
  let caFile: string | null = null;
  if (tls) {
    const dir = path.resolve(opts.dir ?? '.lab');
    fs.mkdirSync(dir, { recursive: true });
    caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, privatePki().caCert);
  }
  const caArg = caFile ? (path.relative(process.cwd(), caFile).startsWith('..') ? caFile : path.relative(process.cwd(), caFile)) : null;

  const started: EmulatorServer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  try {
    const s4 = await startSapS4hanaEmulator({ seed: 11, tls, port: ports['sap-s4hana'], deployment: 'on_prem', client: '100', credentials: { username: 'MW_ODATA', password: 'S4-Welcome1' }, size: { workOrders: 400, purchaseOrders: 120, assets: 150, vendors: 40, products: 100 } });
    started.push(s4);
    const ecc = await startSapEccEmulator({ seed: 12, tls, port: ports['sap-ecc'], client: '100', credentials: { username: 'MW_SYNC', password: 'Welcome1' }, size: { workOrders: 400, purchaseOrders: 120, assets: 150, vendors: 40, materials: 100 } });
    started.push(ecc.server);
    const mx = await startMaximoEmulator({ seed: 13, tls, port: ports['ibm-maximo'], credentials: { api_key: 'mxkey-lab-0c8e4f1a9b2d4e6f', username: 'MXINTADM', password: 'maxadmin-Lab1' }, size: { workOrders: 400, purchaseOrders: 120, assets: 150, inventory: 100, vendors: 40, locations: 30 } });
    started.push(mx);
    const uk = await startUpKeepEmulator({ seed: 14, tls, port: ports.upkeep, credentials: { email: 'maintenance@riverside.example', password: 'Up-Keep-Lab1' }, size: { workOrders: 400, purchaseOrders: 80, assets: 150, parts: 100, vendors: 30, locations: 12 } });
    started.push(uk);

    // The lab's own fault switch: go down (connection refused) for N seconds, then come back.
    for (const server of started) {
      server.commands.goDown = (args) => {
        const seconds = Number(args.seconds ?? 30);
        const t1 = setTimeout(() => {
          timers.delete(t1);
          void server.down().then(() => { const t2 = setTimeout(() => { timers.delete(t2); void server.up(); }, seconds * 1000); timers.add(t2); });
        }, 100);
        timers.add(t1);
        return { down_for_seconds: seconds };
      };
    }

    const system = (id: LabSystemId, server: EmulatorServer, s: Omit<LabSystem, 'id' | 'server' | 'url' | 'connectCommand' | 'reconnectCommand' | 'curl' | 'connectArgs'> & { name: string; flags: string[] }): LabSystem => {
      const connectArgs = ['connect', '--system', id, '--deployment', s.deployment, '--name', s.name, '--url', server.url, ...s.flags, ...(caArg ? ['--ca-file', caArg] : ['--allow-insecure'])];
      const curl = (command: string, body?: Record<string, unknown>) =>
        `curl -sX POST ${server.url}/__emulator/${command}${caArg ? ` --cacert ${q(caArg)}` : ''}${body ? ` -d ${q(JSON.stringify(body))}` : ''}`;
      const credentialFlags = s.flags.filter((f, i) => f !== '--sap-client' && s.flags[i - 1] !== '--sap-client');
      const reconnectCommand = (connectionId: string, secret: string) => `printf %s '${secret}' | npx millwright reconnect ${q(connectionId)} ${credentialFlags.map(q).join(' ')}`;
      const { flags: _flags, ...rest } = s;
      return { ...rest, id, server, url: server.url, connectArgs, connectCommand: `printf %s '${s.secret}' | npx millwright ${connectArgs.map(q).join(' ')}`, reconnectCommand, curl };
    };
    const systems: Record<LabSystemId, LabSystem> = {
      'sap-s4hana': system('sap-s4hana', s4, {
        name: 'S4 Plant 1', imitates: 'SAP S/4HANA on-premise, OData v2 (API_MAINTENANCEORDER, API_PURCHASEORDER_PROCESS_SRV, API_EQUIPMENT, …), Basic auth, sap-client 100, CSRF tokens and ETags',
        deployment: 'on_prem', credits: 8, secret: 'S4-Welcome1', flags: ['--username', 'MW_ODATA', '--password-stdin', '--sap-client', '100'],
        commands: ['rotateCredentials', 'unlock', 'expireCsrf', 'changeRecords {entity,count}', 'deleteRecords {entity,count}', 'setPageCap {rows,set?}', 'deactivateService {service,status?}', 'activateService {service}', 'denyService {service,allow?}'],
      }),
      'sap-ecc': system('sap-ecc', ecc.server, {
        name: 'ECC Plant 1', imitates: 'SAP ECC 6.0, BAPIs over SOAP-RFC (/sap/bc/soap/rfc), Basic auth, sap-client 100, ALPHA-padded keys',
        deployment: 'on_prem', credits: 8, secret: 'Welcome1', flags: ['--username', 'MW_SYNC', '--password-stdin', '--sap-client', '100'],
        commands: ['rotateCredentials', 'lockUser {locked}', 'changeRecords {entity,count}', 'deleteRecords {entity,count,archive}', 'createRecords {entity:"work-orders",count}', 'setRowOrder {order}', 'blockTable {table,allow?}', 'dropTable {table}'],
      }),
      'ibm-maximo': system('ibm-maximo', mx, {
        name: 'Maximo Plant 1', imitates: 'IBM Maximo 7.6, OSLC REST JSON (/maximo/api/os/MXAPIWODETAIL, …) with an apikey header, synonym statuses',
        deployment: 'on_prem', credits: 4, secret: 'mxkey-lab-0c8e4f1a9b2d4e6f', flags: ['--api-key-stdin'],
        commands: ['rotateCredentials', 'revokeApiKey', 'changeRecords {entity,count}', 'deleteRecords {entity,count}', 'addSynonymStatus {entity,value,maxvalue,apply}', 'denyObjectStructure {os,allow}', 'setMaxPageSize {size,os?}'],
      }),
      upkeep: system('upkeep', uk, {
        name: 'UpKeep', imitates: 'UpKeep REST API v2 (POST /api/v2/auth, Session-Token, {success, results} envelopes)',
        deployment: 'cloud', credits: 1, secret: 'Up-Keep-Lab1', flags: ['--email', 'maintenance@riverside.example', '--password-stdin'],
        commands: ['rotateCredentials {password?}', 'expireSessions', 'setSessionTtl {seconds}', 'changeRecords {entity,count}', 'deleteRecords {entity,count}', 'setMaxLimit {limit}', 'denyResource {resource,allow?}'],
      }),
    };
    return {
      systems,
      caFile,
      instructions: instructions(systems, caArg),
      async close() {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
}

function instructions(systems: Record<LabSystemId, LabSystem>, caArg: string | null): string {
  const s4 = systems['sap-s4hana'];
  const lines = [
    `Millwright lab: four emulated systems on 127.0.0.1${caArg ? `, HTTPS signed by the private CA in ${caArg}` : ' over plain http'}.`,
    '',
    'Start the agent in another terminal:  npx millwright agent',
    'The default credit pool is 16. ECC (8) + Maximo on-prem (4) + UpKeep (1) leave 3; to add S/4HANA on-prem (8) too, first:',
    '  npx millwright settings set credits.pool 24',
    '',
  ];
  for (const s of ORDER.map((id) => systems[id])) {
    lines.push(
      `== ${s.id} — ${s.url} — ${s.credits} credit${s.credits === 1 ? '' : 's'} (${s.deployment.replace('_', '-')})`,
      `   ${s.imitates}`,
      `   ${s.connectCommand}`,
      `   fault switches: ${s.commands.join(', ')}`,
      '',
    );
  }
  lines.push(
    'Fault switches (POST <system>/__emulator/<command>, JSON body; each answers with JSON):',
    `  rotate the SAP password (prints the new one):  ${s4.curl('rotateCredentials')}`,
    `  then at the next sync the connection is auth_required:  npx millwright sync <id> --wait`,
    `  and reconnect with the new password:  ${s4.reconnectCommand('<id>', '<new password>')}`,
    `  go down (connection refused) for 30 s:          ${s4.curl('goDown', { seconds: 30 })}`,
    `  answer slowly:                                  ${s4.curl('faults', { slowMs: 3000 })}`,
    `  429 with Retry-After for the next 3 requests:   ${s4.curl('faults', { rateLimit: { count: 3, retryAfterSeconds: 2 } })}`,
    `  503 for the next 2 requests:                    ${s4.curl('faults', { fail: { count: 2, status: 503, retryAfterSeconds: 1 } })}`,
    `  500 for the next request:                       ${s4.curl('faults', { fail: { count: 1, status: 500 } })}`,
    `  a malformed record in the next list:            ${s4.curl('faults', { malformedNext: 1 })}`,
    `  a truncated next list answer:                   ${s4.curl('faults', { truncateNext: 1 })}`,
    `  change / delete records between syncs:          ${s4.curl('changeRecords', { entity: 'work-orders', count: 5 })}`,
    `                                                  ${s4.curl('deleteRecords', { entity: 'work-orders', count: 2 })}`,
    `  clear the shared faults:                        ${s4.curl('faults', { slowMs: 0, rateLimit: { count: 0, retryAfterSeconds: 1 }, fail: { count: 0, status: 500 }, malformedNext: 0, truncateNext: 0 })}`,
    'The same works on every system\'s URL. Ctrl+C stops the lab.',
  );
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { 'port-base': { type: 'string' }, http: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('Usage: npm run lab [-- --port-base N] [-- --http]\n');
    return;
  }
  const base = values['port-base'] === undefined ? DEFAULT_PORT_BASE : Number(values['port-base']);
  if (!Number.isInteger(base) || base < 1 || base > 65532) throw new Error('--port-base must be a port number (1-65532)');
  const lab = await startLab({ ports: labPorts(base), http: values.http });
  process.stdout.write(`${lab.instructions}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the lab…\n');
    void lab.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`lab: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
